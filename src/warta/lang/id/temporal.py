"""Temporal expressions in Indonesian news text, normalised to ISO dates and intervals.

:func:`find_times` finds the expressions a report uses to say *when* —
absolute ("27/7/2023", "27 Juli 2023", "Juli 2023", "tahun 1991", "1950-1953",
"akhir 1940-an"), relative to the publication date ("Kamis", "hari Rabu",
"minggu ini", "kemarin", "dua hari lalu", "tahun lalu", "Senin lalu") and clock
times with or without a zone ("pukul 20.00 WIB", "Pukul 8 malam (0700EST/1100
GMT)") — and returns each with its character offsets, an inclusive interval
``value_start``..``value_end`` and a granularity.

Values
    Every value is a full ISO date (``YYYY-MM-DD``) or, for ``time``, a
    datetime (``YYYY-MM-DDTHH:MM:SS`` plus ``+HH:MM`` when the zone is known).
    Coarse expressions are intervals of full dates, first day to last day
    inclusive: "1991" is ``1991-01-01``..``1991-12-31`` (granularity ``year``),
    "Juli 2023" is ``2023-07-01``..``2023-07-31`` (``month``), "minggu ini" is
    Monday..Sunday of the publication week (``week``), "1950-an" is
    ``1950-01-01``..``1959-12-31`` (``decade``). Full dates sort and compare as
    strings, so intervals of any granularity order correctly.

Vague parts
    "awal", "pertengahan" and "akhir" narrow a decade to overlapping thirds —
    years 0-3, 3-6 and 6-9 ("akhir 1940-an" is 1946-1949, granularity still
    ``decade``); a year to four-month spans (Jan-Apr, May-Aug, Sep-Dec,
    granularity ``month``); a month to days 1-10, 11-20 and 21-end (``day``).

Relative expressions
    Resolved against the publication date and flagged ``relative``; when no
    publication date is known they are skipped, never guessed. A bare day name
    is the most recent such day on or before the publication date (published
    on a Thursday, "Kamis" is that day); "Senin lalu"/"Senin kemarin" is the
    most recent Monday strictly before it, "Senin depan" the next one after it,
    "Senin ini" the Monday of the publication week. Weeks run Monday to Sunday.
    A date without a year ("Selasa (19/12)", "27 Juli") takes the publication
    year.

Times
    "malam" adds 12 hours to 6-11 ("Pukul 8 malam" is 20:00; "pukul 12
    malam" is 00:00 of the next day), "sore" to 1-11, "siang" to 1-5. An
    interval that ends before it starts ("pukul 22.00-02.00") ends the next day.
    Zones: WIB +07:00, WITA +08:00, WIT +09:00 and common
    foreign ones (GMT/UTC, EST, KST ...). A local time followed by zoned
    equivalents in brackets ("Pukul 8 malam (0700EST/1100 GMT)") keeps its local
    clock time and takes the offset implied by the GMT/UTC equivalent (else the
    first one): ``20:00+09:00``; zoned times alone ("0700EST/1100 GMT") give
    the GMT/UTC one. A later unzoned time in the same paragraph
    (within 300 characters) inherits that offset. A time's date is the nearest
    day expression in the same paragraph, else the publication date (then it
    is ``relative``); with neither it is skipped.

Years
    A bare four-digit number is a year only in a year context: 1900-2100 and
    after "tahun", "sejak", "pada", "hingga", "sampai", "era" (and a few
    others), or in a range ("1950-1953") or decade ("1950-an"), or after a
    capitalised name that is not the first word of the sentence ("Perang Korea
    1950", "Piala Dunia 2022"). Never after "Rp"/"US$"/"No.", before a counter
    ("2000 orang") or inside a number ("1.500", "2.023,5").

Speed and safety: the text is split into word tokens once; rules run only at
tokens that can start an expression, as anchored regexes with bounded
repetition, so the work is linear in the text and hostile input cannot hang it.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .dates import MONTHS, WEEKDAY_NUMBER
from .quantities import WORD_NUMBERS

__all__ = ["Granularity", "TimeExpr", "find_times", "parse_published"]

Granularity = Literal["year", "month", "day", "time", "decade", "week"]

_MIN_YEAR, _MAX_YEAR = 1900, 2100


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """One temporal expression: ``text == source[start:end]`` and its inclusive ISO interval."""

    text: str
    start: int
    end: int
    value_start: str
    value_end: str
    granularity: Granularity
    relative: bool


# --- word lists -------------------------------------------------------------------------------------------

_WEEKDAY_INDEX: dict[str, int] = WEEKDAY_NUMBER

# Full month names, used where a month stands without a year ("bulan Juli", "pada Juli", "27 Juli").
_FULL_MONTHS = frozenset(
    [
        "januari",
        "februari",
        "pebruari",
        "maret",
        "april",
        "mei",
        "juni",
        "juli",
        "agustus",
        "september",
        "oktober",
        "november",
        "nopember",
        "desember",
        "january",
        "february",
        "march",
        "june",
        "july",
        "august",
        "october",
        "december",
    ]
)

_NUMBER_WORDS = {word: n for word, n in WORD_NUMBERS.items() if n <= 11}  # "dua pekan lalu", "sebelas hari"

_ZONES = {
    "wib": "+07:00",
    "wita": "+08:00",
    "wit": "+09:00",
    "gmt": "+00:00",
    "utc": "+00:00",
    "est": "-05:00",
    "edt": "-04:00",
    "cst": "-06:00",
    "cdt": "-05:00",
    "pst": "-08:00",
    "pdt": "-07:00",
    "kst": "+09:00",
    "jst": "+09:00",
    "sgt": "+08:00",
    "cet": "+01:00",
    "cest": "+02:00",
    "bst": "+01:00",
    "aest": "+10:00",
}

# Words before a bare four-digit number that make it a year.
_YEAR_CONTEXT = frozenset(
    [
        "tahun",
        "sejak",
        "pada",
        "hingga",
        "sampai",
        "era",
        "awal",
        "akhir",
        "pertengahan",
        "medio",
        "periode",
        "musim",
        "jelang",
        "menjelang",
        "since",
        "in",
        "until",
        "by",
    ]
)
# Words before a number that make it money or a label, not a year.
_NOT_YEAR_BEFORE = frozenset(
    ["rp", "usd", "us", "idr", "eur", "sgd", "no", "nomor", "nomer", "pasal", "km", "kode", "nrp", "nip"]
)
# Counters after a number: "2000 orang" is not a year.
_COUNTERS = frozenset(
    [
        "orang",
        "jiwa",
        "warga",
        "unit",
        "buah",
        "ekor",
        "kali",
        "km",
        "meter",
        "m",
        "ton",
        "kg",
        "gram",
        "liter",
        "hektare",
        "ha",
        "rumah",
        "personel",
        "pasukan",
        "peserta",
        "siswa",
        "mahasiswa",
        "kasus",
        "dosis",
        "lembar",
        "halaman",
        "kursi",
        "suara",
        "persen",
        "rupiah",
        "dolar",
        "tentara",
        "prajurit",
        "keluarga",
        "pasien",
        "korban",
        "pekerja",
        "karyawan",
        "desa",
        "sekolah",
        "kendaraan",
        "mobil",
        "motor",
    ]
)
_MODIFIERS = {"awal": 0, "pertengahan": 1, "medio": 1, "akhir": 2}

# --- regexes (anchored at a token start; bounded repetition only) ----------------------------------------


def _alternation(words: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<mon>{_alternation(list(MONTHS))})\b\.?"
_ZONE = rf"(?:{_alternation(list(_ZONES))})\b"
_PERIOD = r"(?:pagi|siang|sore|petang|malam|dini\s{1,3}hari)\b"

_NUM_DATE = re.compile(r"(?P<d>\d{1,2})(?: ?/ ?(?P<m>\d{1,2}) ?/ ?|-(?P<m2>\d{1,2})-)(?P<y>\d{4}|\d{2})(?![\w/])")
_DAY_MONTH_NUM = re.compile(r"(?P<d>\d{1,2}) ?/ ?(?P<m>\d{1,2})(?![\w/])")
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w-])")
_TEXT_DATE = re.compile(
    rf"(?P<d>\d{{1,2}})(?: ?[-–] ?(?P<d2>\d{{1,2}}))?\s{{1,3}}{_MONTH}(?:,?\s{{1,3}}(?P<y>\d{{4}})(?![\w]))?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"{_MONTH}(?:\s{{1,3}}(?P<ed>\d{{1,2}}),)?\s{{1,3}}(?P<y>\d{{4}})(?![\w])", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(?P<a>\d{4}) ?[-–—] ?(?P<b>\d{4})(?![\w])")
_YEAR_RANGE_WORDS = re.compile(
    r"(?P<a>\d{4})(?: ?/ ?|\s{1,3}(?:hingga|sampai(?:\s{1,3}dengan)?|s\.\s?d\.?|sd|ke|dan)\s{1,3})(?P<b>\d{4})(?![\w])",
    re.IGNORECASE,
)
_DECADE = re.compile(r"(?P<y>\d{4}|\d{2}) ?-? ?an\b", re.IGNORECASE)
_YEAR = re.compile(r"(?P<y>\d{4})(?![\w])")
_CLOCK_ZONED = re.compile(rf"(?P<h>\d{{1,2}})[.:]?(?P<mi>\d{{2}}) ?(?P<z>{_ZONE})", re.IGNORECASE)
_CLOCK = re.compile(
    rf"(?:(?P<kw>pukul|pkl\.?|jam)\s{{1,3}})?(?P<h>\d{{1,2}})(?:[.:](?P<mi>\d{{2}}))?"
    rf"(?: ?[-–] ?(?:pukul\s{{1,3}})?(?P<h2>\d{{1,2}})(?:[.:](?P<mi2>\d{{2}}))?)?"
    rf"(?:\s{{1,3}}(?P<per>{_PERIOD}))?(?: ?(?P<z>{_ZONE}))?"
    rf"(?:\s{{0,3}}\(\s{{0,3}}(?P<alts>[^()\n]{{1,60}}?)\s{{0,3}}\))?",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(rf"(?P<wd>{_alternation(list(_WEEKDAY_INDEX))})\b", re.IGNORECASE)
_PERIOD_AFTER = re.compile(rf"\s{{1,3}}{_PERIOD}", re.IGNORECASE)
_DATE_SEP = re.compile(r"\s{0,3},?\s{0,3}(?P<open>\()?\s{0,2}")
_CLOSE = re.compile(r"\s{0,2}\)")
_WEEKDAY_AFTER = re.compile(
    rf"(?:\s{{1,3}}(?P<per>{_PERIOD}))?"
    r"(?:\s{1,3}(?:(?P<wk>pekan|minggu)\s{1,3})?(?P<mod>lalu|kemarin|depan|mendatang|ini)\b)?",
    re.IGNORECASE,
)
_WEEK = re.compile(
    r"(?:akhir\s{1,3})?(?:pekan|minggu)\s{1,3}(?P<mod>lalu|kemarin|depan|mendatang|ini)\b", re.IGNORECASE
)
_UNIT_REL = re.compile(
    rf"(?P<n>\d{{1,3}}|{_alternation(list(_NUMBER_WORDS))}|se(?=hari|minggu|pekan|bulan|tahun))\s{{0,3}}"
    r"(?P<u>hari|minggu|pekan|bulan|tahun)\s{1,3}(?:yang\s{1,3})?(?P<dir>lalu|silam|lagi|mendatang)\b",
    re.IGNORECASE,
)
_THIS_UNIT = re.compile(r"(?P<u>tahun|bulan)\s{1,3}(?P<mod>lalu|kemarin|ini|depan|mendatang)\b", re.IGNORECASE)
_BARE_MONTH = re.compile(rf"{_MONTH}(?:\s{{1,3}}(?P<mod>lalu|kemarin|ini|depan|mendatang)\b)?", re.IGNORECASE)
_DAY_WORDS = re.compile(
    r"(?P<w>kemarin\s{1,3}lusa|kemarin|hari\s{1,3}ini|besok\s{1,3}lusa|besok|esok\s{1,3}hari|esok|lusa"
    r"|tadi\s{1,3}(?:malam|pagi|siang|sore)|(?:pagi|siang|sore|malam)\s{1,3}ini)\b",
    re.IGNORECASE,
)
_DAY_WORD_OFFSET = {
    "kemarin lusa": -2,
    "kemarin": -1,
    "hari ini": 0,
    "besok lusa": 2,
    "besok": 1,
    "esok hari": 1,
    "esok": 1,
    "lusa": 2,
    "tadi malam": -1,
    "tadi pagi": 0,
    "tadi siang": 0,
    "tadi sore": 0,
    "pagi ini": 0,
    "siang ini": 0,
    "sore ini": 0,
    "malam ini": 0,
}

_TOKEN = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s{1,3}")
_SLASH = re.compile(r" ?/ ?")
_NEWLINE = re.compile(r"\n")

# Which rule families a (lower-cased) word token can start.
_T_WEEKDAY, _T_WEEK, _T_UNIT, _T_THIS, _T_MONTH, _T_DAYWORD, _T_CLOCK = range(7)
_TRIGGERS: dict[str, tuple[int, ...]] = {}


def _add_trigger(word: str, kind: int) -> None:
    _TRIGGERS[word] = (*_TRIGGERS.get(word, ()), kind)


for _name in _WEEKDAY_INDEX:
    _add_trigger(re.split("['’]", _name)[0], _T_WEEKDAY)
for _name in ("pekan", "minggu", "akhir"):
    _add_trigger(_name, _T_WEEK)
for _name in (*_NUMBER_WORDS, "sehari", "seminggu", "sepekan", "sebulan", "setahun"):
    _add_trigger(_name, _T_UNIT)
for _name in ("tahun", "bulan"):
    _add_trigger(_name, _T_THIS)
for _name in MONTHS:
    _add_trigger(_name, _T_MONTH)
for _name in ("kemarin", "hari", "besok", "esok", "lusa", "tadi", "pagi", "siang", "sore", "malam"):
    _add_trigger(_name, _T_DAYWORD)
for _name in ("pukul", "pkl", "jam"):
    _add_trigger(_name, _T_CLOCK)


# --- candidates -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Clock:
    hour: int
    minute: int
    hour2: int | None
    minute2: int | None
    offset: str | None
    next_day: bool = False  # "pukul 12 malam": midnight, at the end of the day


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    value_start: str
    value_end: str
    granularity: Granularity
    relative: bool
    clock: _Clock | None = None


def parse_published(published: str | None) -> date | None:
    """The date part of an ISO 8601 date or datetime, or ``None`` when missing or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def find_times(text: str, published: str | None) -> list[TimeExpr]:
    """Temporal expressions in ``text``, in order, with offsets into ``text`` and ISO values.

    ``published`` (ISO date or datetime) anchors relative expressions; without
    it they are skipped.
    """
    pub = parse_published(published)
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    cands: list[_Cand] = []
    for i, (s, e) in enumerate(toks):
        if text[s].isdigit():
            _digit_rules(text, toks, i, pub, cands)
            continue
        kinds = _TRIGGERS.get(text[s:e].lower())
        if kinds is None:
            continue
        for kind in kinds:
            if kind == _T_WEEKDAY:
                _weekday_rule(text, toks, i, pub, cands)
            elif kind == _T_WEEK:
                _week_rule(text, s, pub, cands)
            elif kind == _T_UNIT:
                _unit_rule(text, s, pub, cands)
            elif kind == _T_THIS:
                _this_unit_rule(text, s, pub, cands)
            elif kind == _T_MONTH:
                _month_rule(text, toks, i, pub, cands)
            elif kind == _T_DAYWORD:
                _day_word_rule(text, s, pub, cands)
            else:
                _clock_rule(text, s, cands)
    chosen = _select(cands)
    chosen = [_apply_modifier(text, toks, c) for c in chosen]
    return _resolve_clocks(text, chosen, pub)


def _first(tok: tuple[int, int]) -> int:
    return tok[0]


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates, earliest first; at one start the longest wins."""
    cands.sort(key=lambda c: (c.start, -c.end))
    out: list[_Cand] = []
    last = -1
    for c in cands:
        if c.start >= last:
            out.append(c)
            last = c.end
    return out


# --- helpers ----------------------------------------------------------------------------------------------


def _gap_is_space(text: str, a: int, b: int) -> bool:
    return 0 < b - a <= 3 and text[a:b].isspace()


def _prev_word(text: str, toks: list[tuple[int, int]], i: int) -> str:
    """The lower-cased token before token ``i`` when only white space separates them, else ``""``."""
    if i == 0:
        return ""
    ps, pe = toks[i - 1]
    return text[ps:pe].lower() if _gap_is_space(text, pe, toks[i][0]) else ""


def _iso(y: int, m: int, d: int) -> str | None:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_span(y: int, m: int) -> tuple[str, str]:
    return date(y, m, 1).isoformat(), date(y, m, calendar.monthrange(y, m)[1]).isoformat()


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _year_ok(y: int) -> bool:
    return _MIN_YEAR <= y <= _MAX_YEAR


def _day(c: list[_Cand], s: int, e: int, d: date | None, relative: bool) -> None:
    if d is not None and _year_ok(d.year):
        iso = d.isoformat()
        c.append(_Cand(s, e, iso, iso, "day", relative))


def _shift(pub: date, days: int) -> date | None:
    try:
        return pub + timedelta(days=days)
    except OverflowError:
        return None


def _week(c: list[_Cand], s: int, e: int, pub: date, weeks: int) -> None:
    monday = _shift(pub, 7 * weeks - pub.weekday())
    sunday = _shift(pub, 7 * weeks - pub.weekday() + 6)
    if monday is not None and sunday is not None and _year_ok(monday.year) and _year_ok(sunday.year):
        c.append(_Cand(s, e, monday.isoformat(), sunday.isoformat(), "week", True))


def _year_cand(c: list[_Cand], s: int, e: int, y1: int, y2: int, gran: Granularity, relative: bool) -> None:
    if _year_ok(y1) and _year_ok(y2) and y1 <= y2:
        c.append(_Cand(s, e, f"{y1:04d}-01-01", f"{y2:04d}-12-31", gran, relative))


def _month_name(name: str) -> int:
    """The month number of a matched month name (0 when case-insensitive matching let in a look-alike)."""
    return MONTHS.get(name.rstrip(".").casefold(), 0)


def _zone(name: str) -> str | None:
    return _ZONES.get(name.casefold())


def _direction(mod: str) -> int:
    mod = mod.lower()
    if mod in ("lalu", "kemarin", "silam"):
        return -1
    if mod in ("depan", "mendatang", "lagi"):
        return 1
    return 0


# --- rules ------------------------------------------------------------------------------------------------


def _digit_rules(text: str, toks: list[tuple[int, int]], i: int, pub: date | None, c: list[_Cand]) -> None:
    s, e = toks[i]
    if s >= 2 and text[s - 1] in "./,:-" and text[s - 2].isdigit():
        return  # inside a number or a date already seen: "1.500", "27/7/2023"
    if s >= 1 and (text[s - 1] in "$€£#" or text[s - 1].isalpha()):
        return
    prev = _prev_word(text, toks, i)
    if prev in _NOT_YEAR_BEFORE or text[max(0, s - 4) : s].rstrip().endswith(("$", "Rp", "Rp.")):
        return
    _date_rules(text, s, pub, c, bracket_needed=True)
    _clock_rule(text, s, c, need_zone=True)
    _unit_rule(text, s, pub, c)
    if not (e - s == 4 or e - s == 2):
        return
    start = toks[i - 1][0] if prev in ("tahun", "era") else s
    m = _DECADE.match(text, s)
    if m is not None:
        y = int(m.group("y"))
        if len(m.group("y")) == 2:
            if prev not in ("tahun", "era") or y % 10:
                return
            y += 1900 if y >= 30 else 2000
        if y % 10 == 0:
            _year_cand(c, start, m.end(), y, y + 9, "decade", False)
        return
    if e - s != 4 or not text[s:e].isdecimal() or _counter_after(text, e):
        return  # not a four-digit number ("30th", "2²02"), or a count ("2000 orang")
    m = _YEAR_RANGE.match(text, s) or (
        _YEAR_RANGE_WORDS.match(text, s) if prev in _YEAR_CONTEXT or prev in ("dari", "antara") else None
    )
    if m is not None:
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b <= a + 200:
            _year_cand(c, start, m.end(), a, b, "year", False)
            return
    if _number_follows(text, e):
        return
    if prev in _YEAR_CONTEXT or _after_name(text, toks, i):
        y = int(text[s:e])
        _year_cand(c, start, e, y, y, "year", False)


def _number_follows(text: str, e: int) -> bool:
    """``2023`` is part of a number: ``2.023,5``, ``2023%``, ``2023/24``."""
    if e < len(text) and text[e] in "%/":
        return True
    return e + 1 < len(text) and text[e] in ".,:" and text[e + 1].isdigit()


def _counter_after(text: str, e: int) -> bool:
    m = _SPACE.match(text, e)
    if m is None:
        return False
    w = _TOKEN.match(text, m.end())
    return w is not None and w.group().lower() in _COUNTERS


def _after_name(text: str, toks: list[tuple[int, int]], i: int) -> bool:
    """Token ``i`` follows a capitalised word that is not the sentence's first ("Perang Korea 1950")."""
    if i == 0 or not _gap_is_space(text, toks[i - 1][1], toks[i][0]):
        return False
    ps = toks[i - 1][0]
    # A capitalised word with a word before it in the same clause (so not the sentence's first word).
    return text[ps].isupper() and i >= 2 and _gap_is_space(text, toks[i - 2][1], ps)


def _date_rules(text: str, s: int, pub: date | None, c: list[_Cand], *, bracket_needed: bool) -> int:
    """Full dates starting at ``s``; returns the end of the one added (0 when none)."""
    before = len(c)
    m = _NUM_DATE.match(text, s)
    if m is not None:
        yt = m.group("y")
        bracketed = s > 0 and text[s - 1] == "(" and _CLOSE.match(text, m.end()) is not None
        if len(yt) == 4 or bracketed or not bracket_needed:
            y = int(yt) if len(yt) == 4 else 2000 + int(yt)
            iso = _iso(y, int(m.group("m") or m.group("m2")), int(m.group("d")))
            if iso is not None:
                c.append(_Cand(s, m.end(), iso, iso, "day", False))
        return m.end() if len(c) > before else 0
    m = _ISO_DATE.match(text, s)
    if m is not None:
        iso = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if iso is not None:
            c.append(_Cand(s, m.end(), iso, iso, "day", False))
        return m.end() if len(c) > before else 0
    m = _TEXT_DATE.match(text, s)
    if m is not None:
        month = _month_name(m.group("mon"))
        d1 = int(m.group("d"))
        d2 = int(m.group("d2")) if m.group("d2") else d1
        if m.group("y"):
            y, relative = int(m.group("y")), False
        elif pub is not None and m.group("mon").lower() in _FULL_MONTHS:
            y, relative = pub.year, True
        else:
            return 0
        a, b = _iso(y, month, d1), _iso(y, month, d2)
        if a is not None and b is not None and a <= b:
            c.append(_Cand(s, m.end(), a, b, "day", relative))
            return m.end()
        return 0
    m = _DAY_MONTH_NUM.match(text, s)
    if m is not None and pub is not None:
        bracketed = s > 0 and text[s - 1] == "(" and _CLOSE.match(text, m.end()) is not None
        if bracketed or not bracket_needed:
            iso = _iso(pub.year, int(m.group("m")), int(m.group("d")))
            if iso is not None:
                c.append(_Cand(s, m.end(), iso, iso, "day", True))
                return m.end()
    return 0


def _weekday_rule(text: str, toks: list[tuple[int, int]], i: int, pub: date | None, c: list[_Cand]) -> None:
    s, _ = toks[i]
    m = _WEEKDAY.match(text, s)
    if m is None:
        return
    name = m.group("wd").casefold()
    prev = _prev_word(text, toks, i)
    start = toks[i - 1][0] if prev == "hari" else s
    if name == "minggu" and prev != "hari" and not text[s].isupper():
        return  # "minggu" is a week unless capitalised or after "hari"
    # A day name introducing a full date: "Kamis (27/7/2023)", "Jumat, 28 Juli 2023".
    sep = _DATE_SEP.match(text, m.end())
    if sep is not None and sep.end() < len(text) and text[sep.end()].isdigit():
        sub: list[_Cand] = []
        end = _date_rules(text, sep.end(), pub, sub, bracket_needed=False)
        if end:
            if sep.group("open"):
                close = _CLOSE.match(text, end)
                if close is not None:
                    end = close.end()
                    period = _PERIOD_AFTER.match(text, end)  # "Kamis (12/1/2017) malam"
                    if period is not None:
                        end = period.end()
            d = sub[0]
            c.append(_Cand(start, end, d.value_start, d.value_end, "day", d.relative))
            return
    if pub is None:
        return
    after = _WEEKDAY_AFTER.match(text, m.end())
    end = m.end()
    wk = mod = None
    if after is not None:
        end = after.end()
        wk, mod = after.group("wk"), after.group("mod")
        if name == "minggu" and prev != "hari" and after.group("per") is None and mod is not None and wk is None:
            return  # "Minggu lalu", "Minggu ini": a week (the week rule finds it)
    target = _WEEKDAY_INDEX.get(name)
    if target is None:
        return
    weekday = pub.weekday()
    if wk is not None and mod is not None:
        days = 7 * _direction(mod) - weekday + target
    elif mod is None:
        days = -((weekday - target) % 7)
    else:
        direction = _direction(mod)
        if direction < 0:
            days = -((weekday - target) % 7 or 7)
        elif direction > 0:
            days = (target - weekday) % 7 or 7
        else:
            days = target - weekday
    _day(c, start, end, _shift(pub, days), True)


def _week_rule(text: str, s: int, pub: date | None, c: list[_Cand]) -> None:
    if pub is None:
        return
    m = _WEEK.match(text, s)
    if m is None:
        return
    weeks = _direction(m.group("mod"))
    if m.group().lower().startswith("akhir"):
        saturday = _shift(pub, 7 * weeks - pub.weekday() + 5)
        sunday = _shift(pub, 7 * weeks - pub.weekday() + 6)
        if saturday is not None and sunday is not None and _year_ok(saturday.year) and _year_ok(sunday.year):
            c.append(_Cand(s, m.end(), saturday.isoformat(), sunday.isoformat(), "week", True))
        return
    _week(c, s, m.end(), pub, weeks)


def _unit_rule(text: str, s: int, pub: date | None, c: list[_Cand]) -> None:
    if pub is None:
        return
    m = _UNIT_REL.match(text, s)
    if m is None:
        return
    n_text = m.group("n").casefold()
    if n_text == "se":
        n = 1
    elif n_text.isdecimal():
        n = int(n_text)
    else:
        n = _NUMBER_WORDS.get(n_text, 0)
    if n == 0:
        return
    sign = -1 if _direction(m.group("dir")) < 0 else 1
    unit = m.group("u").casefold()
    e = m.end()
    if unit == "hari":
        _day(c, s, e, _shift(pub, sign * n), True)
    elif unit in ("minggu", "pekan"):
        d = _shift(pub, sign * 7 * n)
        if d is not None:
            _week(c, s, e, d, 0)
    elif unit == "bulan":
        y, mo = _add_months(pub.year, pub.month, sign * n)
        if _year_ok(y):
            a, b = _month_span(y, mo)
            c.append(_Cand(s, e, a, b, "month", True))
    else:
        y = pub.year + sign * n
        _year_cand(c, s, e, y, y, "year", True)


def _this_unit_rule(text: str, s: int, pub: date | None, c: list[_Cand]) -> None:
    if pub is None:
        return
    m = _THIS_UNIT.match(text, s)
    if m is None:
        return
    step = _direction(m.group("mod"))
    if m.group("u").lower() == "tahun":
        y = pub.year + step
        _year_cand(c, s, m.end(), y, y, "year", True)
    else:
        y, mo = _add_months(pub.year, pub.month, step)
        if _year_ok(y):
            a, b = _month_span(y, mo)
            c.append(_Cand(s, m.end(), a, b, "month", True))


def _month_rule(text: str, toks: list[tuple[int, int]], i: int, pub: date | None, c: list[_Cand]) -> None:
    s, _ = toks[i]
    m = _MONTH_YEAR.match(text, s)
    if m is not None:
        y = int(m.group("y"))
        month = _month_name(m.group("mon"))
        if month == 0:
            return
        if m.group("ed"):  # "July 27, 2023"
            iso = _iso(y, month, int(m.group("ed")))
            if iso is not None:
                c.append(_Cand(s, m.end(), iso, iso, "day", False))
        elif _year_ok(y):
            a, b = _month_span(y, month)
            c.append(_Cand(s, m.end(), a, b, "month", False))
        return
    if pub is None:
        return
    m = _BARE_MONTH.match(text, s)
    if m is None or m.group("mon").lower() not in _FULL_MONTHS or not text[s].isupper():
        return
    prev = _prev_word(text, toks, i)
    mod = m.group("mod")
    if mod is None and prev not in ("bulan", "pada", "sejak", "hingga", "sampai", "awal", "akhir", "pertengahan"):
        return
    month = _month_name(m.group("mon"))
    if month == 0:
        return
    direction = _direction(mod) if mod else 0
    y = pub.year
    if direction < 0 and month > pub.month:
        y -= 1
    elif direction > 0 and month < pub.month:
        y += 1
    if _year_ok(y):
        a, b = _month_span(y, month)
        start = toks[i - 1][0] if prev == "bulan" else s
        c.append(_Cand(start, m.end() if mod else toks[i][1], a, b, "month", True))


def _day_word_rule(text: str, s: int, pub: date | None, c: list[_Cand]) -> None:
    if pub is None:
        return
    m = _DAY_WORDS.match(text, s)
    if m is None:
        return
    offset = _DAY_WORD_OFFSET.get(" ".join(m.group("w").casefold().split()))
    if offset is not None:
        _day(c, s, m.end(), _shift(pub, offset), True)


def _clock_rule(text: str, s: int, c: list[_Cand], *, need_zone: bool = False) -> None:
    m = _CLOCK.match(text, s)
    if m is None:
        return
    if need_zone and m.group("kw") is None:
        if m.group("z") is None or m.group("mi") is None:
            z = _CLOCK_ZONED.match(text, s)  # "1100 GMT", "0700EST", "0700EST/1100 GMT" (GMT preferred)
            if z is None:
                return
            end = z.end()
            slash = _SLASH.match(text, end)
            other = _CLOCK_ZONED.match(text, slash.end()) if slash is not None else None
            if other is not None:
                end = other.end()
                if _zone(other.group("z")) == "+00:00" and _zone(z.group("z")) != "+00:00":
                    z = other
            clock = _clock(int(z.group("h")), int(z.group("mi")), None, None, None, z.group("z"))
            if clock is not None:
                c.append(_Cand(s, end, "", "", "time", False, clock))
            return
    elif m.group("kw") is None:
        return
    per = m.group("per")
    clock = _clock(
        int(m.group("h")),
        int(m.group("mi") or 0),
        int(m.group("h2")) if m.group("h2") else None,
        int(m.group("mi2") or 0) if m.group("h2") else None,
        per,
        m.group("z"),
    )
    if clock is None:
        return
    end = m.end("z") if m.group("z") else m.end("per") if per else m.end("h2") if m.group("h2") else m.end("h")
    if m.group("mi") and not m.group("h2") and not per and not m.group("z"):
        end = m.end("mi")
    if m.group("mi2"):
        end = max(end, m.end("mi2"))
    alts = m.group("alts")
    if alts is not None:
        zoned = [z for z in _CLOCK_ZONED.finditer(alts)]
        if zoned:
            end = m.end()
            if clock.offset is None:
                pick = next((z for z in zoned if _zone(z.group("z")) == "+00:00"), zoned[0])
                clock.offset = _implied_offset(clock, int(pick.group("h")), int(pick.group("mi")), pick.group("z"))
    c.append(_Cand(s, end, "", "", "time", False, clock))


def _clock(h: int, mi: int, h2: int | None, mi2: int | None, per: str | None, zone: str | None) -> _Clock | None:
    midnight = per is not None and per.casefold() == "malam" and h == 12 and h2 is None
    h = _with_period(h, per)
    if h2 is not None:
        h2 = _with_period(h2, per)
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return None
    if h2 is not None and not (0 <= h2 <= 23 and mi2 is not None and 0 <= mi2 <= 59):
        return None
    return _Clock(h, mi, h2, mi2, _zone(zone) if zone else None, midnight)


def _with_period(h: int, per: str | None) -> int:
    if per is None:
        return h
    p = per.lower()
    if p == "malam" and 6 <= h <= 11:
        return h + 12
    if p in ("sore", "petang") and 1 <= h <= 11:
        return h + 12
    if p == "siang" and 1 <= h <= 5:
        return h + 12
    if p == "malam" and h == 12:
        return 0
    return h


def _implied_offset(clock: _Clock, h: int, mi: int, zone: str) -> str | None:
    """The zone of a local clock time given its equivalent ``h:mi`` in ``zone`` ("8 malam (1100 GMT)": +09:00)."""
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return None
    off = _zone(zone)
    if off is None:
        return None
    zone_minutes = (-1 if off[0] == "-" else 1) * (int(off[1:3]) * 60 + int(off[4:6]))
    utc = h * 60 + mi - zone_minutes
    diff = (clock.hour * 60 + clock.minute - utc) % (24 * 60)
    if diff > 14 * 60:
        diff -= 24 * 60
    if diff % 15:
        return None
    sign_char = "-" if diff < 0 else "+"
    return f"{sign_char}{abs(diff) // 60:02d}:{abs(diff) % 60:02d}"


def _apply_modifier(text: str, toks: list[tuple[int, int]], c: _Cand) -> _Cand:
    """Narrow a decade, year or month by "awal"/"pertengahan"/"akhir" just before it."""
    if c.clock is not None:
        return c
    same_year = c.value_start[:4] == c.value_end[:4]
    same_month = c.value_start[:7] == c.value_end[:7]
    narrowable = (
        (c.granularity == "decade" and c.value_start[:3] == c.value_end[:3])
        or (c.granularity == "year" and same_year)
        or (c.granularity == "month" and same_month)
    )
    if not narrowable:
        return c
    i = bisect_left(toks, c.start, key=_first)
    if i >= len(toks) or toks[i][0] != c.start:
        return c
    part = _MODIFIERS.get(_prev_word(text, toks, i))
    if part is None:
        return c
    start = toks[i - 1][0]
    y, m = int(c.value_start[:4]), int(c.value_start[5:7])
    if c.granularity == "decade":
        a, b = (y, y + 3) if part == 0 else (y + 3, y + 6) if part == 1 else (y + 6, y + 9)
        return _Cand(start, c.end, f"{a:04d}-01-01", f"{b:04d}-12-31", "decade", c.relative)
    if c.granularity == "year":
        first = 1 + 4 * part
        return _Cand(start, c.end, f"{y:04d}-{first:02d}-01", _month_span(y, first + 3)[1], "month", c.relative)
    last = calendar.monthrange(y, m)[1]
    a, b = (1, 10) if part == 0 else (11, 20) if part == 1 else (21, last)
    return _Cand(start, c.end, f"{y:04d}-{m:02d}-{a:02d}", f"{y:04d}-{m:02d}-{b:02d}", "day", c.relative)


def _next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def _resolve_clocks(text: str, chosen: list[_Cand], pub: date | None) -> list[TimeExpr]:
    """Give each clock time its date (nearest day in the paragraph, else publication) and build the results."""
    days = [c for c in chosen if c.granularity == "day" and c.value_start == c.value_end]
    day_starts = [c.start for c in days]
    out: list[TimeExpr] = []
    carried: tuple[str, int, int] | None = None  # offset, position, paragraph start
    newlines = [m.start() for m in _NEWLINE.finditer(text)] if any(c.clock for c in chosen) else []
    for c in chosen:
        clock = c.clock
        if clock is None:
            out.append(
                TimeExpr(text[c.start : c.end], c.start, c.end, c.value_start, c.value_end, c.granularity, c.relative)
            )
            continue
        p = bisect_left(newlines, c.start)
        para = newlines[p - 1] + 1 if p > 0 else 0
        para_end = newlines[p] if p < len(newlines) else len(text)
        k = bisect_left(day_starts, c.start)
        best: _Cand | None = None
        for j in (k - 1, k):
            if 0 <= j < len(days) and para <= days[j].start < para_end:
                d = days[j]
                dist = c.start - d.end if d.start < c.start else d.start - c.end
                if best is None or dist < (c.start - best.end if best.start < c.start else best.start - c.end):
                    best = d
        if best is not None:
            day, relative = best.value_start, best.relative
        elif pub is not None:
            day, relative = pub.isoformat(), True
        else:
            continue
        offset = clock.offset
        if offset is None and carried is not None and carried[2] == para and c.start - carried[1] <= 300:
            offset = carried[0]
        if clock.offset is not None:
            carried = (clock.offset, c.end, para)
        suffix = offset or ""
        if clock.next_day:
            day = _next_day(day)
        v1 = f"{day}T{clock.hour:02d}:{clock.minute:02d}:00{suffix}"
        v2 = v1
        if clock.hour2 is not None and clock.minute2 is not None:
            # "pukul 22.00-02.00": the interval ends on the next day.
            end_day = _next_day(day) if (clock.hour2, clock.minute2) < (clock.hour, clock.minute) else day
            v2 = f"{end_day}T{clock.hour2:02d}:{clock.minute2:02d}:00{suffix}"
        out.append(TimeExpr(text[c.start : c.end], c.start, c.end, v1, v2, "time", relative))
    return out
