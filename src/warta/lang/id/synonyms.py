"""Words Indonesian news reports use for one another (``synonyms.txt``), by stem."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .tokens import stem


@cache
def synonym_stems() -> dict[str, str]:
    """Stem of each listed word -> the stem of the first word of its group."""
    text = resources.files(__package__).joinpath("synonyms.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].lower().split()
        if words:
            head = stem(words[0])
            for w in words:
                out.setdefault(stem(w), head)
    return out
