"""Reading the word lists in this folder: one word (or phrase) a line, ``#`` comments,
optional ``[section]`` headers."""

from __future__ import annotations

from functools import cache
from importlib import resources


def read_sections(filename: str) -> dict[str, frozenset[str]]:
    """``{section: words}`` of a sectioned list, lower-cased."""
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    current: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif line:
            current.update(line.split())
    return {name: frozenset(words) for name, words in sections.items()}


@cache
def read_words(filename: str) -> frozenset[str]:
    """The words of an unsectioned list, lower-cased."""
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].lower().split())
