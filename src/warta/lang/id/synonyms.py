"""Words Indonesian news reports use for one another (``synonyms.txt``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .tokens import stem


@cache
def synonym_stems() -> dict[str, str]:
    """A word, or the stem of a word, -> the stem of the first word of its group.

    Listed words map as written ("meninggal" -> "tewas"); a stem maps only when it is itself a
    listed word ("ditewaskan" -> "tewas"), so that "tinggal" (to live), the stem of "meninggal",
    is not read as "tewas".
    """
    text = resources.files(__package__).joinpath("synonyms.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].lower().split()
        if words:
            head = stem(words[0])
            for w in words:
                out.setdefault(w, head)
    return out


def synonym_of(word: str, word_stem: str) -> str:
    """What ``word`` (lower case) with stem ``word_stem`` counts as: its group's head, or its stem."""
    table = synonym_stems()
    return table.get(word) or table.get(word_stem) or word_stem
