"""Build ``src/warta/data/idf.tsv``: background document frequencies for clustering.

Documents: the IndoSum sample articles (CC BY-SA 4.0) plus pseudo-documents of
10 consecutive sentences from the training splits of Indonesian news NER
corpora in ``../shared/data/ner/`` (NERP, idner-news-2k, Syaifudin's Kompas
data; test splits are never read). Only terms seen in at least ``MIN_DF``
documents are kept, so the table holds word statistics, not text.

    .venv/bin/python scripts/build_idf.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from benchmarks.indosum import load_records  # noqa: E402

from warta.lang.id.tokens import content_words  # noqa: E402

NER = REPO.parent / "shared" / "data" / "ner"
OUT = REPO / "src" / "warta" / "data" / "idf.tsv"
MIN_DF = 2
SENTENCES_PER_DOC = 10
_TAG = re.compile(r"</?[A-Z]+>")


def conll_sentences(path: Path) -> Iterator[str]:
    tokens: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                yield " ".join(tokens)
            tokens = []
        else:
            tokens.append(line.split()[0])
    if tokens:
        yield " ".join(tokens)


def chunks(sentences: Iterator[str]) -> Iterator[str]:
    buf: list[str] = []
    for sentence in sentences:
        buf.append(sentence)
        if len(buf) == SENTENCES_PER_DOC:
            yield " ".join(buf)
            buf = []
    if buf:
        yield " ".join(buf)


def documents() -> Iterator[str]:
    for record in load_records():
        yield record["text"]
    yield from chunks(conll_sentences(NER / "nerp" / "train_preprocess.txt"))
    yield from chunks(conll_sentences(NER / "idner-news-2k" / "train.txt"))
    kompas = (NER / "syaifudin-kompas-ner" / "data_train.txt").read_text(encoding="utf-8").splitlines()
    yield from chunks(_TAG.sub("", line) for line in kompas if line.strip())


def main() -> None:
    df: Counter[str] = Counter()
    n_docs = 0
    for doc in documents():
        n_docs += 1
        df.update(set(content_words(doc)))
    kept = sorted((t, c) for t, c in df.items() if c >= MIN_DF)
    lines = [f"#docs\t{n_docs}", *(f"{t}\t{c}" for t, c in kept)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {n_docs} documents, {len(kept)} terms")


if __name__ == "__main__":
    main()
