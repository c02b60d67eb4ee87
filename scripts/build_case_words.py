"""Build ``src/warta/lang/id/case_words.tsv``: how often a word is written in lower case and how often
capitalised inside a sentence, in cased Indonesian news text.

A word that news writes in lower case almost everywhere ("pria", "cadangan", "sepupu", "maritim")
is a common word where a line or a sentence starts with it, not a name; a word that is capitalised
wherever it occurs ("Siswono") is a name. The tagger sees one sentence at a time; these counts
let the entity repairs (``warta.entities``) tell the two apart at the edge of a mention.

Text: the IndoSum sample articles (CC BY-SA 4.0) without the held-out check sets' articles, and the
training splits of the cased NER corpora in ``../shared/data/ner/`` (idner-news-2k, NER-UI fold 1,
Syaifudin's Kompas data, NERGrit); their tags are not read, test splits never. Only words seen at
least ``MIN_SEEN`` times and at least once in lower case are kept, so the table holds word
statistics, not text.

    .venv/bin/python scripts/build_case_words.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.indosum import load_records  # noqa: E402

NER = REPO.parent / "shared" / "data" / "ner"
OUT = REPO / "src" / "warta" / "lang" / "id" / "case_words.tsv"
HELD_OUT = [REPO / "benchmarks" / "entity_data" / "check", REPO / "benchmarks" / "event_data" / "check"]
MIN_SEEN = 3
_TAG = re.compile(r"</?[A-Z]+>")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A word opens a sentence after these (or at the start of a line): its capital says nothing.
_OPENERS = frozenset(".!?:;\"“”'‘’([-–—•*")


def held_out_ids() -> set[str]:
    ids: set[str] = set()
    for folder in HELD_OUT:
        for path in folder.glob("*.jsonl"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    ids.add(json.loads(line)["id"])
    return ids


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


def texts() -> Iterator[str]:
    skip = held_out_ids()
    for record in load_records():
        if record["id"] not in skip:
            yield record["text"]
    yield from conll_sentences(NER / "idner-news-2k" / "train.txt")
    yield from conll_sentences(NER / "indolem-nerui" / "train.01.tsv")
    yield from conll_sentences(NER / "nergrit" / "train_preprocess.txt")
    for line in (NER / "syaifudin-kompas-ner" / "data_train.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield _TAG.sub("", line)


def count(text: str, lower: Counter[str], capitalised: Counter[str]) -> None:
    """Add the lower-case and mid-sentence capitalised occurrences of each word of ``text``."""
    for line in text.splitlines():
        for word in _WORD.finditer(line):
            w = word.group()
            before = line[: word.start()].rstrip()
            if w.islower():
                lower[w] += 1
            elif w[0].isupper() and not w.isupper() and before and before[-1] not in _OPENERS:
                capitalised[w.lower()] += 1


def main() -> None:
    lower: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for text in texts():
        count(text, lower, capitalised)
    kept = sorted(w for w in lower if lower[w] + capitalised[w] >= MIN_SEEN)
    lines = ["#word\tlower\tcapitalised", *(f"{w}\t{lower[w]}\t{capitalised[w]}" for w in kept)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(kept)} words, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
