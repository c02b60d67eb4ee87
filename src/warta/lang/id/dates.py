"""Publication dates written in Indonesian news text, found with regexes.

Indonesian reports date themselves near the top, as a day name and a date:
``Kamis (27/7/2023)``, ``Jumat, 28 Juli 2023``, or in a dateline
(``Jakarta, 27 Juli 2023 (ANTARA) -``). :func:`find_own_date` takes only those:
in the first two paragraphs, a dateline's date, or a date whose day name is
the calendar's day of that date. Any other date in the text may be historical
or the day of an event ("5 tahun kematian Steve Jobs" gave 2011-10-05, "hingga
9 Juli 2018" a date a year ahead), so it is never taken for the report's own:
on the IndoSum sample that rule took 28 of 95 guesses more than 3 days off
(``benchmarks/eval_dates.py``). :func:`find_dates` reads every full date.
Dates without a year (``Selasa (19/12)``) are not full dates and are skipped;
impossible dates (``31/2/2023``) are rejected.

Plain regexes, compiled once: this runs on every article (``dateparser`` is
two orders of magnitude too slow for the pipeline's throughput target).
"""

from __future__ import annotations

import re
from datetime import date
from importlib import resources

__all__ = ["MONTHS", "WEEKDAYS", "WEEKDAY_NUMBER", "find_dates", "find_own_date", "find_published_date", "parse_date"]

_PARAGRAPHS = 2  # paragraphs searched
_WINDOW = 2000  # characters searched at most
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def _read_list(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def _read_months() -> dict[str, int]:
    months: dict[str, int] = {}
    for line in _read_list("months.txt"):
        name, number = line.split()
        months[name.lower()] = int(number)
    return months


def _read_weekdays() -> dict[str, int]:
    days: dict[str, int] = {}
    for line in _read_list("weekdays.txt"):
        name, number = line.split()
        days[name.lower()] = int(number)
    return days


MONTHS: dict[str, int] = _read_months()
WEEKDAY_NUMBER: dict[str, int] = _read_weekdays()  # "kamis" -> 3, as date.weekday()
WEEKDAYS: tuple[str, ...] = tuple(WEEKDAY_NUMBER)


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first so ``Juni`` wins over ``Jun``."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?:{_alternation(list(MONTHS))})\b\.?"
_WEEKDAY = rf"\b(?:{_alternation(WEEKDAYS)})\b"

# Every full date shape that starts with a digit. The pattern opens with one plain digit class (not a
# repeat, not an alternation) so the regex engine can skip ahead to digits quickly; the character before
# a match, which must not be part of a number or word, is checked in Python.
_DATE = re.compile(
    rf"""
    (?P<a>\d\d?)
    (?:
        (?:\s*/\s*(?P<nm>\d\d?)\s*/\s*|-(?P<hm>\d\d?)-)(?P<ny>\d{{4}}|\d{{2}})(?![\w/])   # 27/7/2023, 27-7-2023
      | \s+(?P<tm>{_MONTH}),?\s+(?P<ty>\d{{4}})(?!\d)                                   # 27 Juli 2023
      | (?P<a2>\d\d)-(?P<im>\d\d)-(?P<id>\d\d)(?![\w/])                                # 2023-07-27
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# English order, "July 27, 2023": searched only when no other full date is found. The regex finds
# "27, 2023" (fast: it opens with a digit) and the month name is then looked for just before it.
_DATE_EN = re.compile(r"(?P<ed>\d\d?),?\s+(?P<ey>\d{4})(?!\d)")
_MONTH_BEFORE = re.compile(rf"\b(?P<em>{_MONTH})\s+$", re.IGNORECASE)
# What makes a date the report's own: a day name before it ("Kamis (", "Jumat, ") or brackets around it.
_WEEKDAY_BEFORE = re.compile(rf"(?P<day>{_WEEKDAY})\s*,?\s*\(?\s*$", re.IGNORECASE)
# A dateline's date: the text opens with it, after a place at most, and a dash or the outlet follows.
_DATELINE_BEFORE = re.compile(r"\s*(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*,\s*)?")
_DATELINE_AFTER = re.compile(r"\s*(?:\([^()\n]{2,30}\)\s*)?(?:-|–|—)")
_OPEN_BEFORE = re.compile(r"\(\s*$")
_CLOSE_AFTER = re.compile(r"\s*\)")
_LOOKBACK = 16


def parse_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date in a plausible range, else ``None`` (no 31/2)."""
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[str, bool]]:
    """Every valid full date in ``text`` in order, as ``(iso_date, anchored)``.

    ``anchored`` is true when a day name or a bracket introduces the date, the
    way Indonesian reports give their own date.
    """
    found: list[tuple[str, bool]] = []
    for m in _DATE.finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_/.-"):
            continue  # "127/7/2023", "1.27/7/2023", "A27 Juli 2023"
        bracketed = _bracketed(text, m)
        iso = _iso(m, bracketed)
        if iso is not None:
            weekday = _WEEKDAY_BEFORE.search(text, max(0, m.start() - _LOOKBACK), m.start()) is not None
            found.append((iso, weekday or bracketed))
    if not found:
        for m in _DATE_EN.finditer(text):
            month = _MONTH_BEFORE.search(text, max(0, m.start() - _LOOKBACK), m.start())
            if month is not None:
                iso = parse_date(int(m.group("ey")), _month(month.group("em")), int(m.group("ed")))
                if iso is not None:
                    found.append((iso, False))
    return found


def _bracketed(text: str, m: re.Match[str]) -> bool:
    """Whether the date matched by ``m`` stands alone in brackets: ``(27/7/2023)``."""
    start = m.start()
    return (
        _OPEN_BEFORE.search(text, max(0, start - 3), start) is not None
        and _CLOSE_AFTER.match(text, m.end()) is not None
    )


def find_published_date(text: str) -> str | None:
    """The ISO date an article gives for its own day (see :func:`find_own_date`), or ``None``."""
    found = find_own_date(text)
    return found[0] if found is not None else None


def find_own_date(text: str) -> tuple[str, str] | None:
    """``(iso_date, the date as written)`` of the day a report gives for itself, or ``None``.

    Searches the first two paragraphs (at most 2,000 characters): a date that opens the text as a
    dateline does ("Jakarta, 27 Juli 2023 -"), else the first date introduced by a day name that is
    that date's day of the week ("Kamis (27/7/2023)"; "Rabu (27/7/2023)" is a typo or another day).
    """
    window = "\n".join(text[:_WINDOW].split("\n", _PARAGRAPHS)[:_PARAGRAPHS])
    for m in _DATE.finditer(window):
        if m.start() > 0 and (window[m.start() - 1].isalnum() or window[m.start() - 1] in "_/.-"):
            continue
        bracketed = _bracketed(window, m)
        iso = _iso(m, bracketed)
        if iso is None:
            continue
        if _DATELINE_BEFORE.fullmatch(window, 0, m.start()) and _DATELINE_AFTER.match(window, m.end()):
            return iso, m.group(0)
        day = _WEEKDAY_BEFORE.search(window, max(0, m.start() - _LOOKBACK), m.start())
        if day is not None and WEEKDAY_NUMBER.get(day.group("day").lower()) == date.fromisoformat(iso).weekday():
            close = _CLOSE_AFTER.match(window, m.end()) if bracketed else None
            return iso, window[day.start("day") : close.end() if close else m.end()]
    return None


def _iso(m: re.Match[str], bracketed: bool) -> str | None:
    """The ISO date of one ``_DATE`` match, or ``None`` when it is not a valid full date."""
    day = int(m.group("a"))
    if m.group("ny"):
        year_text = m.group("ny")
        if len(year_text) == 2:
            # "(27/7/23)": a two-digit year only in brackets, where it cannot be a score or a fraction.
            if not (bracketed and m.group("nm")):
                return None
            year = 2000 + int(year_text)
        else:
            year = int(year_text)
        return parse_date(year, int(m.group("nm") or m.group("hm")), day)
    if m.group("tm"):
        return parse_date(int(m.group("ty")), _month(m.group("tm")), day)
    return parse_date(int(m.group("a") + m.group("a2")), int(m.group("im")), int(m.group("id")))


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]
