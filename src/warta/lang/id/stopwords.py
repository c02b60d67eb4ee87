"""Indonesian stop words, read once from ``stopwords.txt`` beside this module."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def stopwords() -> frozenset[str]:
    """The Indonesian stop-word list (lower case), loaded once per process."""
    text = resources.files(__package__).joinpath("stopwords.txt").read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.update(line.split())
    return frozenset(words)
