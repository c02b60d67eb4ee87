"""Sentence splitting for Indonesian news text.

:func:`split_sentences` returns ``(start, end)`` character offsets, so callers
can copy sentences verbatim (``text[start:end]``). A sentence never crosses a
``"\\n"`` paragraph break. The splitter is one linear regex scan per paragraph
plus a constant amount of work per candidate boundary, so it cannot hang on
hostile input (megabytes without a full stop, runs of dots, emoji).

A candidate boundary is a run of ``. ! ? …`` (plus any closing quotes or
brackets, so ``."`` and ``.”`` end after the quote) followed by white space or
the end of the paragraph. It is rejected when

* the next character is a comma, a dash, a closing bracket ...;
* the next word starts with a lower-case letter after ``!``, ``?``, an
  ellipsis or a closing quote (``"Merdeka!" teriak mereka``, ``tunggu... dan``);
  after a bare ``.`` a lower-case start is accepted as sloppy copy
  (``... KPR ini. namun, ...``) unless the word before is a single letter, a
  number or an abbreviation;
* a single ``.`` ends a title or abbreviation that precedes something (``dr.``,
  ``Prof.``, ``H.``, ``Jl.``, ``No.``, ``Rp.``, ``a.n.``, ``Kab.``, months);
* a single ``.`` ends an initial (``B. J. Habibie``, ``J.J. Abrams``);
* a single ``.`` ends an abbreviation that may also end a sentence (``dll.``,
  ``dsb.``, ``Tbk.``, ``Inc.``, degrees such as ``S.H.`` / ``M.Si.``) and the
  next word does not start with a capital letter;
* the segment so far is only a list number (``1. Pertama``).

Numbers, dates and domains (``1.500``, ``3,5``, ``27/7/2023``, ``KOMPAS.com``)
have no white space after their dots and are never candidates. A segment with
no letter or digit (a stray ``.``) is joined to the sentence before it.
"""

from __future__ import annotations

import re
from functools import cache

from .wordlists import read_sections

__all__ = ["abbreviations", "sentences", "split_sentences"]

# Degrees and other dotted abbreviations: "S.H", "M.Si", "Ph.D", "S.Kom" (final dot removed).
_DOTTED = re.compile(r"(?:[A-Za-z][a-z]{0,2}\.)+[A-Za-z][a-z]{0,3}")

_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")
_BOUNDARY = re.compile(r"""[.!?…]+["'”’»)\]]*""")
_NEXT = re.compile(r"\s*(\S)")
_OPENERS = "\"'“‘«([{"
_NOT_A_START = ",;:-–—)]}%"
_LOOKBACK = 40  # characters searched for the word before a full stop


@cache
def abbreviations() -> dict[str, frozenset[str]]:
    """The sections of ``abbreviations.txt``: ``never-end`` and ``may-end`` (lower case, no final dot)."""
    return read_sections("abbreviations.txt")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence of ``text``, in order, stripped of white space."""
    spans: list[tuple[int, int]] = []
    lists = abbreviations()
    never, may = lists["never-end"], lists["may-end"]
    start = 0
    n = len(text)
    while start <= n:
        newline = text.find("\n", start)
        end = n if newline < 0 else newline
        _split_paragraph(text, start, end, spans, never, may)
        if newline < 0:
            break
        start = newline + 1
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (``text[start:end]`` for each span)."""
    return [text[s:e] for s, e in split_sentences(text)]


def _split_paragraph(
    text: str, start: int, end: int, spans: list[tuple[int, int]], never: frozenset[str], may: frozenset[str]
) -> None:
    first = len(spans)
    seg = start
    for m in _BOUNDARY.finditer(text, start, end):
        stop = m.end()
        if stop < end and not text[stop].isspace():
            continue  # "KOMPAS.com", "1.500", "rahasia…Tuan"
        nxt = _NEXT.match(text, stop, end)
        following = nxt.group(1) if nxt is not None else ""
        if following in _NOT_A_START:
            continue
        punct = m.group()
        if punct == ".":
            ends = _may_break(text, seg, m.start(), following, never, may)
        elif following.islower():
            ends = False  # "Merdeka!" teriak ..., "Kami siap." kata ..., tunggu... dan
        elif punct[0] == "." and punct[1:2] != ".":
            ends = _may_break(text, seg, m.start(), following, never, may)  # '."', ".)": the word before still counts
        else:
            ends = True
        if not ends:
            continue
        _add(text, seg, stop, spans, first)
        seg = stop
    _add(text, seg, end, spans, first)


def _may_break(text: str, seg: int, dot: int, following: str, never: frozenset[str], may: frozenset[str]) -> bool:
    """Whether the single full stop at ``dot`` may end the sentence that began at ``seg``."""
    window = text[max(seg, dot - _LOOKBACK) : dot]
    parts = window.split()
    if not parts:
        return True
    word = parts[-1].lstrip(_OPENERS)
    if not word:
        return True
    lower = word.lower()
    if lower in never:
        return False
    if word.isupper() and (len(word) == 1 or _INITIALS.fullmatch(word)):
        return False  # initials: "B. J. Habibie", "J.J. Abrams"
    if lower in may or _DOTTED.fullmatch(word):
        return following.isupper()
    if following.islower():
        # A sentence rarely starts in lower case, but sloppy copy does ("... KPR ini. namun, ...").
        # Break only after an ordinary word: no single letters or digits ("5 m. tingginya").
        return len(word) > 1 and word.isalpha()
    # "1. Pertama": a list number alone at the start of the segment.
    return not (word.isdigit() and len(word) <= 2 and len(parts) == 1 and dot - seg < _LOOKBACK)


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]], first: int) -> None:
    """Append the stripped segment ``text[start:end]``; join punctuation-only segments to the previous one."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    if len(spans) > first and not any(c.isalnum() for c in text[start:end]):
        spans[-1] = (spans[-1][0], end)
        return
    spans.append((start, end))
