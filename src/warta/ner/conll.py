"""CoNLL-style NER files: read, write, and map corpus tag sets onto warta's.

A file holds one token per line, the tag in the last column (``token<TAB>tag``
or ``token POS tag``), and a blank line between sentences. Tags are BIO
(``B-PER``, ``I-PER``, ``O``); IOB1-style orphan ``I-`` tags are kept as given.

Tag sets
--------
``as-is`` keeps a corpus's own entity types. ``warta`` maps them onto
:data:`WARTA_TYPES` (PER, ORG, LOC); types with no counterpart become ``O``:

========================  =======
corpus type               warta
========================  =======
PER PERSON PPL            PER
ORG ORGANIZATION          ORG
ORGANISATION IND          ORG
LOC LOCATION PLACE PLC    LOC
EVT FNB TIME QUANTITY     O (dropped)
========================  =======

NERP's ``IND`` ("product/brand/company") is the nearest NERP has to an
organisation type, so it maps to ORG; NERP tags governmental bodies and parties
(DPR, KPK, Golkar) as ``O``, which is why ``scripts/train_ner.py`` does not mix
NERP into the shipped model. The table has room for more types: add a row to
:data:`WARTA_MAP` and the type to :data:`WARTA_TYPES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import InputError

WARTA_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC")

WARTA_MAP: Mapping[str, str | None] = {
    "PER": "PER",
    "PERSON": "PER",
    "PPL": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "IND": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "PLACE": "LOC",
    "PLC": "LOC",
    "GPE": "LOC",
    "EVT": None,
    "FNB": None,
    "TIME": None,
    "QUANTITY": None,
}

TAGSETS: tuple[str, ...] = ("as-is", "warta")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its tokens and their tags (``tags`` is empty when untagged)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...] = ()


def parse_conll(lines: Iterable[str], *, origin: str = "<input>", tagged: bool = True) -> Iterator[Sentence]:
    """Sentences from CoNLL-style lines.

    With ``tagged`` the last column is the tag and a line needs at least two
    columns; without it only the first column (the token) is read. Lines
    starting with ``-DOCSTART-`` are skipped.
    """
    tokens: list[str] = []
    tags: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if tokens:
                yield Sentence(tuple(tokens), tuple(tags))
                tokens, tags = [], []
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        cols = [c for c in cols if c != ""] or [line.strip()]
        if cols[0] == "-DOCSTART-":
            continue
        if tagged:
            if len(cols) < 2:
                raise InputError("expected 'token<TAB>tag' (the tag in the last column)", path=origin, line=number)
            tag = cols[-1].strip()
            if tag != "O" and not (len(tag) > 2 and tag[:2] in ("B-", "I-")):
                raise InputError(f"not a BIO tag: {tag!r}", path=origin, line=number)
            tags.append(tag)
        tokens.append(cols[0].strip())
    if tokens:
        yield Sentence(tuple(tokens), tuple(tags))


def read_conll(path: str | Path, *, tagged: bool = True) -> list[Sentence]:
    """Every sentence of a CoNLL-style file (UTF-8)."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8-sig") as fh:
            return list(parse_conll(fh, origin=str(path), tagged=tagged))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", path=str(path)) from exc


def format_conll(sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> Iterator[str]:
    """``token<TAB>tag`` lines, with a blank line after each sentence."""
    for tokens, tags in sentences:
        for token, tag in zip(tokens, tags, strict=True):
            yield f"{token}\t{tag}\n"
        yield "\n"


def write_conll(sentences: Iterable[Sentence], out: TextIO | str | Path) -> None:
    """Write tagged sentences as ``token<TAB>tag`` blocks."""
    pairs = ((s.tokens, s.tags) for s in sentences)
    if isinstance(out, str | Path):
        with Path(out).open("w", encoding="utf-8") as fh:
            fh.writelines(format_conll(pairs))
    else:
        out.writelines(format_conll(pairs))


def entity_type(tag: str) -> str | None:
    """``PER`` for ``B-PER``/``I-PER``, ``None`` for ``O``."""
    return None if tag == "O" else tag[2:]


def map_tag(tag: str, mapping: Mapping[str, str | None]) -> str:
    """Map one BIO tag's type through ``mapping``; unknown or dropped types become ``O``."""
    if tag == "O":
        return "O"
    new = mapping.get(tag[2:])
    return "O" if new is None else f"{tag[:2]}{new}"


def map_tags(tags: Sequence[str], mapping: Mapping[str, str | None] = WARTA_MAP) -> tuple[str, ...]:
    """Map a sentence's tags; an ``I-`` left after a dropped span stays an orphan only if it was one."""
    return tuple(map_tag(t, mapping) for t in tags)


def apply_tagset(sentences: Iterable[Sentence], tagset: str) -> list[Sentence]:
    """Sentences with tags in ``tagset`` (``as-is`` or ``warta``)."""
    if tagset == "as-is":
        return list(sentences)
    if tagset == "warta":
        return [Sentence(s.tokens, map_tags(s.tags)) for s in sentences]
    raise ValueError(f"unknown tag set {tagset!r}; expected one of {', '.join(TAGSETS)}")


def lowercased(sentence: Sentence) -> Sentence:
    """The same sentence with lower-cased tokens (tags unchanged)."""
    return Sentence(tuple(t.lower() for t in sentence.tokens), sentence.tags)
