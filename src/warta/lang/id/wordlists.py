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


COMMON_WORD_MIN_LOWER = 3  # seen in lower case at least this often ...
COMMON_WORD_MAX_CAPITALISED = 0.1  # ... and capitalised inside a sentence at most this share of the time


@cache
def case_counts() -> dict[str, tuple[int, int]]:
    """Word → (times written in lower case, times capitalised inside a sentence) in cased news text,
    from ``case_words.tsv`` (``scripts/build_case_words.py``)."""
    text = resources.files(__package__).joinpath("case_words.tsv").read_text(encoding="utf-8")
    counts: dict[str, tuple[int, int]] = {}
    for line in text.splitlines()[1:]:
        word, lower, capitalised = line.split("\t")
        counts[word] = (int(lower), int(capitalised))
    return counts


@cache
def common_words() -> frozenset[str]:
    """Words news writes in lower case almost everywhere ("pria", "cadangan", "bayi"): capitalised,
    they open a line or a sentence, and name nothing."""
    return frozenset(
        word
        for word, (lower, capitalised) in case_counts().items()
        if lower >= COMMON_WORD_MIN_LOWER and capitalised <= COMMON_WORD_MAX_CAPITALISED * (lower + capitalised)
    )
