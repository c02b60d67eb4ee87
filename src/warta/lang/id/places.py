"""Where a thing happened, as Indonesian news names it, for comparing outlets' places.

:func:`find_places` reads three shapes and keys each by what makes two of them rivals:

- a place noun and its name or number: "Stadion Hoa Xuan", "tikungan 6", "lantai 2", "pangkalan
  udara (di) Payerne" (key: the noun, ``place_nouns.txt``);
- a place and the region it lies in: "di Serang, Banten", "di Kediri, Jawa Timur" (key: the
  region: two towns of one province);
- a direction: "ke arah Kota Bogor", "menuju Jakarta" (key: toward).

Two places of one key agree when one name holds the other ("Hoa Xuan" / "Hoa Xuan Stadium").
Nothing here knows geography: "di Cibinong" and "di Bogor" have no shared key, so they are never
compared. One regex pass per shape, linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .dates import MONTHS, WEEKDAYS

__all__ = ["Place", "find_places", "places_agree"]


@dataclass(frozen=True, slots=True)
class Place:
    """A place: ``text == source[start:end]``; ``name`` is its folded name, ``key`` what it rivals."""

    text: str
    start: int
    end: int
    key: str
    name: str


_NAME_WORD = r"[A-Z][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
_REGION_AFTER = re.compile(rf"\b(?:di|dari|ke)\s+({_NAME}),\s+({_NAME})")
_TOWARD = re.compile(rf"\b(?:ke\s+arah|menuju)\s+(?:(?:Kota|Kabupaten)\s+)?({_NAME})")


@cache
def _place_nouns() -> tuple[frozenset[str], re.Pattern[str]]:
    text = resources.files(__package__).joinpath("place_nouns.txt").read_text(encoding="utf-8")
    nouns = frozenset(
        " ".join(line.split("#", 1)[0].lower().split()) for line in text.splitlines() if line.split("#", 1)[0].strip()
    )
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(nouns, key=len, reverse=True))
    pattern = re.compile(rf"\b(?i:({alternatives}))\s+(?:di\s+)?(\d{{1,4}}[A-Za-z]?\b|{_NAME})")
    return nouns, pattern


@cache
def _not_places() -> frozenset[str]:
    """Day and month names: "di Jakarta, Kamis (27/7)" names no region."""
    return frozenset(WEEKDAYS) | frozenset(MONTHS)


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).split())


def find_places(text: str) -> list[Place]:
    """The places of ``text`` in the three shapes above, in order."""
    out: list[Place] = []
    _, nouns = _place_nouns()
    for m in nouns.finditer(text):
        noun = " ".join(m.group(1).lower().split())
        out.append(Place(m.group(0), m.start(), m.end(), f"noun:{noun}", _fold(m.group(2))))
    for m in _REGION_AFTER.finditer(text):
        region = m.group(2).split()[0].lower()
        if region in _not_places() or m.group(1).split()[0].lower() in _not_places():
            continue
        out.append(Place(m.group(1), m.start(1), m.end(1), f"in:{_fold(m.group(2))}", _fold(m.group(1))))
    for m in _TOWARD.finditer(text):
        out.append(Place(m.group(0), m.start(), m.end(), "toward", _fold(m.group(1))))
    out.sort(key=lambda p: p.start)
    return out


def places_agree(a: str, b: str) -> bool:
    """Whether two folded names can name one place: equal, or one holds the other's words."""
    x, y = f" {a} ", f" {b} "
    return x in y or y in x
