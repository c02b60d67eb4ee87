"""Tag unlabelled Indonesian news with a teacher NER model: silver training data for a fast student.

The teacher is a model that reads the e5 encoder (``scripts/train_ner.py --encoder-dims 128 --no-lower
--out DIR``): accurate, but about 700 words/s. Its tags on unlabelled text let the lexical CRF that warta
ships (about 150,000 words/s) learn from many more sentences than the gold corpora hold
(``scripts/train_ner.py --silver FILE``).

Unlabelled text: the sentences of the IndoSum sample (``../shared/data/corpus/``, CC BY-SA 4.0, Kurniawan &
Louvan, IALP 2018), tokens as the corpus gives them, **without** the 15 articles of the entity dev set
(``benchmarks/entity_data/``), so that set stays unseen by the shipped model.

    .venv/bin/python scripts/make_silver.py --teacher /tmp/ner-teacher --out /tmp/silver.conll
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from warta.ner.conll import format_conll  # noqa: E402
from warta.ner.model import NerModel  # noqa: E402

INDOSUM = REPO.parent / "shared" / "data" / "corpus" / "indosum-dev02-sample" / "dev.02.sample.jsonl"
HELD_OUT = REPO / "benchmarks" / "entity_data" / "articles.jsonl"
BATCH = 1024


def held_out_ids() -> set[str]:
    with HELD_OUT.open(encoding="utf-8") as fh:
        return {json.loads(line)["id"] for line in fh if line.strip()}


def unlabelled_sentences(skip: set[str]) -> Iterator[tuple[str, ...]]:
    with INDOSUM.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if row["id"] in skip:
                continue
            for para in row["paragraphs"]:
                for sent in para:
                    tokens = tuple(t.strip() for t in sent if t.strip())
                    if tokens:
                        yield tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teacher", type=Path, required=True, help="model directory of the teacher")
    parser.add_argument("--out", type=Path, required=True, help="CoNLL file to write")
    args = parser.parse_args()
    teacher = NerModel.load(args.teacher)
    sentences = list(dict.fromkeys(unlabelled_sentences(held_out_ids())))
    started = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as out:
        for start in range(0, len(sentences), BATCH):
            batch = sentences[start : start + BATCH]
            out.writelines(format_conll(zip(batch, teacher.tag_sentences(batch), strict=True)))
            done = start + len(batch)
            print(f"tagged {done}/{len(sentences)} sentences ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    tokens = sum(len(s) for s in sentences)
    print(f"{args.out}: {len(sentences)} sentences, {tokens} tokens, teacher {args.teacher}")


if __name__ == "__main__":
    main()
