"""Quantities in Indonesian news text: counts, amounts, percentages, ages, scores.

:func:`find_quantities` reads "162 orang", "Rp 1,5 triliun", "1.500 miliar",
"sekitar 300 warga", "lebih dari 290", "45 persen", "berusia 45 tahun", "dua
pekan", "skor 2-1" and returns each with the interval of values it allows:

- Indonesian separators: "." groups thousands ("1.500", "2.500.000"), ","
  marks decimals ("1,5", "33,556"); "3.5" (one or two digits after a dot) is
  read as a decimal, the way translated copy writes it.
- Scale words (ribu, juta, miliar/milyar, triliun) multiply; number words
  (satu … sembilan, sepuluh, sebelas, seratus, seribu, "dua puluh", "tiga
  belas") are numbers.
- Hedges widen the interval: "sekitar"/"kira-kira" ±10 % ("sekitar 300"), or less for a figure
  written to more digits ("sekitar 16.800": ±2 %, or one unit of its last digit), "hampir" [90 %, 100 %],
  "lebih dari"/"setidaknya"/"sedikitnya"/"300 orang lebih" from x up to the next
  round figure at the precision it is written in, and at least 10 % more
  ("lebih dari 290" [290, 319], "lebih dari 100" [100, 200], "Rp 57 juta lebih"
  [57, 62,7] juta: a reporter who knew of 75 juta would say so), "kurang
  dari"/"maksimal" [0, x];
  a decimal or a scaled figure allows one unit of its last digit either way
  (rounding and truncation: "33,5 detik" for 33,556). A bare integer is exact:
  "160 orang tewas" and "162 orang tewas" differ.
- A rate is its own unit: "37,5 jam per pekan" is 37,5 "jam/minggu", "Rp 5 juta per bulan" "IDR/bulan".
- Units are normalised so renderings meet: jiwa → orang, pekan → minggu, and
  durations in days (dua pekan = 14 hari), lengths in metres, weights in kg.

Ordinals after the noun they number ("mobil keempat", "babak kedua", "yang ketiga kalinya") are
their own kind, that noun their unit; "kedua negara" (both countries) and "hari jadi ke-70" (after a
function word) are none. Years, dates, clock times, a number that names ("lantai 2", "pasal 28") and
numbers inside names ("COVID-19", "G20") are not quantities. The scan is one regex pass with bounded
look-around, linear in the text.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from .stopwords import stopwords
from .wordlists import read_words

__all__ = ["WORD_NUMBERS", "Quantity", "QuantityKind", "find_quantities", "is_number_word"]

QuantityKind = Literal["amount", "count", "percent", "age", "score", "duration", "measure", "ordinal"]

_SCALES = {"ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}
WORD_NUMBERS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
    "seribu": 1000,
}
# Unit word -> (normalised unit, factor to the unit's base, kind).
_UNITS: dict[str, tuple[str, float, QuantityKind]] = {
    "persen": ("persen", 1.0, "percent"),
    "%": ("persen", 1.0, "percent"),
    "hari": ("hari", 1.0, "duration"),
    "pekan": ("hari", 7.0, "duration"),
    "minggu": ("hari", 7.0, "duration"),
    "bulan": ("hari", 30.0, "duration"),
    "jam": ("jam", 1.0, "duration"),
    "menit": ("menit", 1.0, "duration"),
    "detik": ("detik", 1.0, "duration"),
    "km": ("meter", 1000.0, "measure"),
    "kilometer": ("meter", 1000.0, "measure"),
    "meter": ("meter", 1.0, "measure"),
    "kg": ("kg", 1.0, "measure"),
    "kilogram": ("kg", 1.0, "measure"),
    "ton": ("kg", 1000.0, "measure"),
    "hektare": ("hektare", 1.0, "measure"),
    "hektar": ("hektare", 1.0, "measure"),
    "ha": ("hektare", 1.0, "measure"),
    "magnitudo": ("magnitudo", 1.0, "measure"),
    "sr": ("magnitudo", 1.0, "measure"),
    "derajat": ("derajat", 1.0, "measure"),
    "jiwa": ("orang", 1.0, "count"),
    "orang": ("orang", 1.0, "count"),
}
_CURRENCY_BEFORE = {"rp": "IDR", "rp.": "IDR", "us$": "USD", "usd": "USD", "$": "USD", "€": "EUR", "eur": "EUR"}
_CURRENCY_AFTER = {"rupiah": "IDR", "dolar": "USD", "dollar": "USD", "euro": "EUR", "ringgit": "MYR", "yuan": "CNY"}
# Hedge before a figure -> (low factor, high factor) of the figure.
_HEDGES: dict[str, tuple[float, float]] = {
    "sekitar": (0.9, 1.1),
    "kira-kira": (0.9, 1.1),
    "kurang lebih": (0.9, 1.1),
    "lebih kurang": (0.9, 1.1),
    "hampir": (0.9, 1.0),
    "nyaris": (0.9, 1.0),
    "mendekati": (0.9, 1.0),
    "lebih dari": (1.0, math.inf),
    "di atas": (1.0, math.inf),
    "setidaknya": (1.0, math.inf),
    "sedikitnya": (1.0, math.inf),
    "paling sedikit": (1.0, math.inf),
    "minimal": (1.0, math.inf),
    "sekurang-kurangnya": (1.0, math.inf),
    "kurang dari": (0.0, 1.0),
    "di bawah": (0.0, 1.0),
    "maksimal": (0.0, 1.0),
    "paling banyak": (0.0, 1.0),
    "tak sampai": (0.0, 1.0),
    "tidak sampai": (0.0, 1.0),
}
_AGE_CUES = frozenset({"berusia", "usia", "umur", "berumur"})
# A person noun right before "N tahun" makes it an age ("pebalap 24 tahun itu", "pria 45 tahun").
_PERSON_NOUNS = frozenset(
    {"pebalap", "pria", "wanita", "perempuan", "lelaki", "laki-laki", "bocah", "remaja", "pemuda", "pemudi",
     "gadis", "nenek", "kakek", "ibu", "ayah", "bapak", "pelajar", "mahasiswa", "siswa", "pemain", "petenis",
     "pebulutangkis", "atlet", "warga", "korban", "pelaku", "tersangka", "balita", "bayi", "anak", "janda"}
)  # fmt: skip
_SCORE_CUES = frozenset(
    {"skor", "menang", "kalah", "unggul", "takluk", "imbang", "bermain", "membungkam", "menekuk", "mengalahkan",
     "hasil", "gol", "laga", "pertandingan", "tumbang", "ditahan", "menundukkan", "agregat", "set", "penalti",
     "menyingkirkan", "gim", "semifinal", "final", "babak", "kalahkan", "taklukkan", "dikalahkan"}
)  # fmt: skip

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_WORD_NUMBER = (
    r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)\s+(?:puluh|belas)(?:\s+(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?|"
    + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
)
_QUANTITY = re.compile(
    rf"(?<![\w/.,:-])(?P<cur>Rp\.?|US\$|USD|\$|€|EUR)?\s?"
    rf"(?P<num>{_NUMBER}|(?i:{_WORD_NUMBER}))"
    r"(?![\w/:-]|[.,]\d)"
    r"(?:\s?(?P<scale>(?i:ribu|rb|juta|jt|miliar|milyar|triliun))\b)?"
    r"(?:\s?(?P<unit>%|[^\W\d_]+))?",
)
# A cheap first look: a digit, or a word a number word starts like (most sentences have neither).
_MAY_HOLD = re.compile(r"\d|(?i:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu)")
_SCORE = re.compile(r"(?<![\w/.,:-])(\d{1,2})\s?[-–:]\s?(\d{1,2})(?![\w/:-]|[.,]\d)")
_PAREN_AGE = re.compile(r"(?<=[^\W\d_])\s\((\d{1,3})\)")
_COMMA_AGE = re.compile(r"(?<=[^\W\d_]),\s(\d{1,2}),\s")  # "Akbar, 22, sebagai ...": after a name
_ORDINAL_WORDS = {
    "kedua": 2,
    "ketiga": 3,
    "keempat": 4,
    "kelima": 5,
    "keenam": 6,
    "ketujuh": 7,
    "kedelapan": 8,
    "kesembilan": 9,
    "kesepuluh": 10,
}  # fmt: skip  ("pertama" is also "firstly": left out)
_ORDINAL = re.compile(r"(?<![\w-])(?:(" + "|".join(_ORDINAL_WORDS) + r")|ke-(\d{1,3}))(?![\w-])", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MATCH_MINUTE = re.compile(r"\bmenit\s+ke-?\s?(\d{1,3})\b", re.IGNORECASE)  # the minute of a match
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity: ``text == source[start:end]``; the figure lies in ``low``..``high`` (in ``unit``)."""

    text: str
    start: int
    end: int
    kind: QuantityKind
    unit: str  # normalised unit ("orang", "IDR", "persen", "hari", "skor", or the counted noun)
    value: float  # the figure as written, in the unit's base
    low: float
    high: float
    hedge: str = ""  # "~" (about), ">=" (at least), "<=" (at most), or "" (as written)

    @property
    def normalized(self) -> str:
        """A canonical rendering: "1500000000000 IDR", "14 hari", ">=290 orang", "2-1"."""
        if self.kind == "score":
            return self.text.replace(" ", "").replace("–", "-").replace(":", "-")
        return f"{self.hedge}{_plain(self.value)} {self.unit}".strip()

    def agrees_with(self, other: Quantity) -> bool:
        """Both can be true: their intervals meet (the same unit is assumed)."""
        return self.low <= other.high and other.low <= self.high


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) and abs(value) < 1e18 else f"{value:g}"


def is_number_word(word: str) -> bool:
    """ "dua", "sepuluh", "seratus": a number written as a word (lower case)."""
    return word in WORD_NUMBERS or word in {"puluh", "belas", "ratus", "ribu", "juta"}


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity of ``text``, in order; scores first where a figure could be either."""
    if not _MAY_HOLD.search(text):
        return []
    has_digit = _DIGIT.search(text) is not None
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _SCORE.finditer(text) if has_digit else ():
        if _score_context(text, m.start()):
            # One number for the pair, the larger first: "menang 2-1" and "kalah 1-2" are one score.
            a, b = int(m.group(1)), int(m.group(2))
            value = float(max(a, b) * 1000 + min(a, b))
            q = Quantity(m.group(0), m.start(), m.end(), "score", "skor", value, value, value)
            found.append(q)
            taken.append((m.start(), m.end()))
    special = (
        (_PAREN_AGE, "age", "tahun", "("),
        (_COMMA_AGE, "age", "tahun", ","),
        (_MATCH_MINUTE, "count", "menit-ke", "enit"),
    )
    for pattern, kind, unit, marker in special if has_digit else ():
        if marker not in text:
            continue  # a cheap look saves a scan of the text
        for m in pattern.finditer(text):
            value = float(m.group(1))
            if pattern is _COMMA_AGE and not _name_before(text, m.start()):
                continue
            if 0 < value < 130 or kind != "age":
                s, e = (m.start(1), m.end(1)) if kind == "age" else (m.start(), m.end())
                found.append(Quantity(text[s:e], s, e, kind, unit, value, value, value))  # type: ignore[arg-type]
                taken.append((s, e))
    for m in _ORDINAL.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue  # "menit ke-46": a match minute
        noun = _noun_before(text, m.start())
        if not noun and _words_before(text, m.start(), 1) != ["yang"]:
            continue  # "kedua negara" is both countries: an ordinal follows what it numbers
        value = float(_ORDINAL_WORDS[m.group(1).lower()] if m.group(1) else m.group(2))
        found.append(Quantity(m.group(0), m.start(), m.end(), "ordinal", noun, value, value, value))
    taken.sort()
    starts = [s for s, _ in taken]
    for m in _QUANTITY.finditer(text):
        i = bisect_right(starts, m.end()) - 1  # the last taken span starting before this match ends
        if i >= 0 and taken[i][1] > m.start():
            continue
        quantity = _quantity(text, m)
        if quantity is not None:
            found.append(quantity)
    found.sort(key=lambda q: q.start)
    return _compound_durations(found, text)


# A duration in a unit and the next smaller one: "1 menit 33,556 detik" is 93,556 detik.
_NEXT_SMALLER = {"jam": ("menit", 60.0), "menit": ("detik", 60.0)}


def _compound_durations(found: list[Quantity], text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for q in found:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == q.kind == "duration"
            and _NEXT_SMALLER.get(last.unit, ("", 0.0))[0] == q.unit
            and not text[last.end : q.start].strip()
        ):
            factor = _NEXT_SMALLER[last.unit][1]
            out[-1] = Quantity(text[last.start : q.end], last.start, q.end, "duration", q.unit,
                               last.value * factor + q.value, last.low * factor + q.low,
                               last.high * factor + q.high, last.hedge or q.hedge)  # fmt: skip
            continue
        out.append(q)
    return out


def _noun_before(text: str, at: int) -> str:
    """The lower-case word an ordinal numbers ("mobil keempat" -> "mobil"), or "" ("yang ketiga")."""
    words = _WORD.findall(text[max(0, at - 30) : at])
    word = words[-1] if words else ""
    return "" if not word or word[0].isupper() or word.lower() in stopwords() else word.lower()


def _name_before(text: str, at: int) -> bool:
    words = _WORD.findall(text[max(0, at - 30) : at])
    return bool(words) and words[-1][0].isupper()


def _score_context(text: str, start: int) -> bool:
    before = {w.lower() for w in _WORD.findall(text[max(0, start - 150) : start])}  # "..., 21-15, 21-9"
    return bool(before & _SCORE_CUES)


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    num = m.group("num")
    value, step = _number(num)
    if value is None:
        return None
    rounding = _last_digit_unit(value, step)
    start = m.start("cur") if m.group("cur") else m.start("num")
    end = m.end("num")
    scale_word = (m.group("scale") or "").lower()
    if scale_word:
        value *= _SCALES[scale_word]
        step *= _SCALES[scale_word]
        rounding *= _SCALES[scale_word]
        end = m.end("scale")
    unit_word = (m.group("unit") or "").lower()
    before = _words_before(text, start, 3)
    currency = _CURRENCY_BEFORE.get((m.group("cur") or "").lower())
    if currency is None and unit_word in _CURRENCY_AFTER:
        currency = _CURRENCY_AFTER[unit_word]
    if not scale_word and not currency and not unit_word and num.isdigit() and _is_year_like(num, before):
        return None
    if before and before[-1] in _NUMBERED and not currency and not scale_word:
        return None  # "lantai 2 gedung", "tikungan 6", "pasal 28": a number that names, not a count
    kind: QuantityKind
    if currency:
        kind, unit, factor = "amount", currency, 1.0
        if unit_word in _CURRENCY_AFTER:
            end = m.end("unit")
    elif unit_word in _UNITS:
        unit, factor, kind = _UNITS[unit_word]
        end = m.end("unit")
    elif unit_word == "skala" and re.match(r"\s+richter\b", text[m.end("unit") : m.end("unit") + 9], re.I):
        unit, factor, kind = "magnitudo", 1.0, "measure"
        end = m.end("unit") + len(re.match(r"\s+richter", text[m.end("unit") :], re.I).group(0))  # type: ignore[union-attr]
    elif unit_word == "tahun":
        end = m.end("unit")
        if before and (before[-1] in _AGE_CUES or before[-1] in _PERSON_NOUNS):
            kind, unit, factor = "age", "tahun", 1.0
        else:
            kind, unit, factor = "duration", "hari", 365.0
    elif before and before[-1] in _UNIT_BEFORE:
        unit, factor, kind = _UNIT_BEFORE[before[-1]]  # "magnitudo 5,6", "M 5,6"
    elif (
        unit_word
        and unit_word.isalpha()
        and len(unit_word) > 1
        and unit_word not in _NOT_UNITS
        and not unit_word.startswith(_VERB_PREFIXES)
    ):
        kind, unit, factor = "count", unit_word, 1.0
        end = m.end("unit")
    elif scale_word:
        kind, unit, factor = "count", _counted_before(text, start), 1.0
    elif (counted := _counted_before(text, start)) and not _is_year_like(num.replace(".", ""), before):
        kind, unit, factor = "count", counted, 1.0  # "jumlah video yang tersisa kini sekitar 16.800"
    else:
        return None  # a bare figure: a year, a page, a clock reading, a name's number
    if kind == "count" and unit in _CLASSIFIERS and (counted := _counted_before(text, start)):
        unit = counted  # "jumlah rumah terendam bertambah menjadi 312 unit" counts rumah
    kind_of = _PERSON_AFTER.match(text, end) if kind == "count" and unit == "orang" else None
    if kind_of is not None and kind_of.group(1).lower() in read_words("person_nouns.txt"):
        unit, end = kind_of.group(1).lower(), kind_of.end()  # "dua orang pelaku" counts pelaku
    if before and before[-1] in _AGE_CUES and kind == "count":
        kind = "age"
    value *= factor
    step *= factor
    rounding *= factor
    hedge = _hedge(before)
    if hedge is None and re.match(r"\s+lebih\b", text[end : end + 8]):
        hedge = (1.0, math.inf)  # "300 orang lebih"
    low, high = _interval(value, step, hedge, rounding)
    rate = _PER.match(text, end) if kind != "age" else None
    if rate is not None:  # "37,5 jam per pekan", "Rp 5 juta per bulan": a rate, its own unit
        period = rate.group(1).lower()
        unit, end = f"{unit}/{_PERIODS.get(period, period)}", rate.end()
    return Quantity(text[start:end], start, end, kind, unit, value, low, high, _hedge_mark(hedge))


# Words that count things without naming them ("312 unit", "80 orang"): a "jumlah X" before says what.
_CLASSIFIERS = frozenset({"unit", "buah", "ekor", "biji", "lembar", "batang", "orang", "jiwa"})
_PERSON_AFTER = re.compile(r"\s+([^\W\d_]+)\b")
_PER = re.compile(r"\s+(?:per|setiap|tiap)\s+([^\W\d_]{2,})\b", re.IGNORECASE)
_PERIODS = {"pekan": "minggu", "thn": "tahun", "bln": "bulan", "kapita": "orang", "jiwa": "orang"}

# A unit written before its figure.
_UNIT_BEFORE: dict[str, tuple[str, float, QuantityKind]] = {
    "magnitudo": ("magnitudo", 1.0, "measure"),
    "bermagnitudo": ("magnitudo", 1.0, "measure"),
    "m": ("magnitudo", 1.0, "measure"),
    "berkekuatan": ("magnitudo", 1.0, "measure"),
}
# Nouns whose number names one of them: the figure after them is no quantity.
_NUMBERED = frozenset(
    {"lantai", "tikungan", "nomor", "no", "pasal", "ayat", "halaman", "kamar", "blok", "pintu", "gerbang", "peron",
     "jalur", "gate", "tol", "km", "kilometer", "ruang", "gedung", "tahap", "babak", "gelombang", "putaran", "seri"}
)  # fmt: skip
# A word after a figure that starts like a verb ("5,6 mengguncang", "3 ditangkap") does not say what it counts.
_VERB_PREFIXES = ("me", "di", "ber", "ter")
# Words after a figure that do not make it a count of something.
_NOT_UNITS = frozenset(
    {"dan", "atau", "di", "ke", "dari", "pada", "yang", "itu", "ini", "dengan", "untuk", "sampai", "hingga",
     "lalu", "silam", "kemudian", "wib", "wita", "wit", "gmt", "utc", "malam", "pagi", "siang", "sore",
     "an", "ribuan", "kali", "per", "dalam", "sebagai", "oleh", "bagi", "tersebut", "setelah", "sesudah",
     "sebelum", "usai", "saat", "ketika", "sejak", "kemarin", "mendatang", "nanti", "sekitar", "atas", "bahwa"}
)  # fmt: skip


def _number(num: str) -> tuple[float | None, float]:
    """The value of a written number and one unit of its last digit (0 for an exact integer)."""
    low = num.lower()
    if low in WORD_NUMBERS:
        return float(WORD_NUMBERS[low]), 0.0
    parts = low.split()
    if len(parts) >= 2 and parts[0] in WORD_NUMBERS:
        tens = WORD_NUMBERS[parts[0]]
        base = tens * 10 if parts[1] == "puluh" else 10 + tens
        return float(base + (WORD_NUMBERS.get(parts[2], 0) if len(parts) > 2 else 0)), 0.0
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", num):
        whole, _, decimals = num.partition(",")
        digits = whole.replace(".", "")
        return float(f"{digits}.{decimals}" if decimals else digits), (10.0 ** -len(decimals) if decimals else 0.0)
    if "," in num or "." in num:
        whole, decimals = re.split(r"[.,]", num, maxsplit=1)
        return float(f"{whole}.{decimals}"), 10.0 ** -len(decimals)
    return float(num), 0.0


_JUMLAH = re.compile(r"\b(?:jumlah|total)\s+([^\W\d_]{3,})\b[^.,;:!?]{0,40}$", re.IGNORECASE)


def _counted_before(text: str, start: int) -> str:
    """What a bare figure counts when a phrase before it says: "jumlah video ... 16.800" -> "video"."""
    m = _JUMLAH.search(text[max(0, start - 60) : start])
    word = m.group(1).lower() if m else ""
    return "" if word in _NOT_UNITS or word.startswith(_VERB_PREFIXES) else word


def _is_year_like(num: str, before: list[str]) -> bool:
    # ``num`` may be a number word ("tiga"): only four digits can be a year.
    if len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100:
        return True
    return bool(before) and before[-1] in {"tahun", "pukul", "jam"}


def _words_before(text: str, start: int, n: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[max(0, start - 40) : start])][-n:]


def _hedge(before: list[str]) -> tuple[float, float] | None:
    for size in (2, 1):
        if len(before) >= size:
            hedge = _HEDGES.get(" ".join(before[-size:]))
            if hedge is not None:
                return hedge
    return None


def _hedge_mark(hedge: tuple[float, float] | None) -> str:
    if hedge is None:
        return ""
    if hedge[1] == math.inf:
        return ">="
    return "<=" if hedge[0] == 0.0 else "~"


_MORE_THAN_SPAN = 0.1
_ABOUT = (0.9, 1.1)
_ABOUT_PRECISE = 0.02  # the least spread of "about" a figure written to more digits than it needs


def _last_digit_unit(value: float, step: float) -> float:
    """One unit of the last significant digit of a figure as written: 290 -> 10, 300 -> 100, 1,5 -> 0,1."""
    if step > 0:
        return step
    n, unit = int(value), 1.0
    while n and n % 10 == 0:
        n //= 10
        unit *= 10
    return unit


def _interval(value: float, step: float, hedge: tuple[float, float] | None, rounding: float) -> tuple[float, float]:
    """The values a figure allows: its hedge (an open "more than" up to the next round figure, see the
    module's docstring), else one unit of its last digit (for decimals and scaled figures)."""
    if hedge is not None and hedge[1] == math.inf:
        return value, value + max(rounding, value * _MORE_THAN_SPAN)
    if hedge == _ABOUT:  # "sekitar 300" is 270-330, but "sekitar 16.800" is not 18.480
        spread = min(value * (_ABOUT[1] - 1.0), max(rounding, value * _ABOUT_PRECISE))
        return value - spread, value + spread
    if hedge is not None:
        return value * hedge[0], value * hedge[1]
    return value - step, value + step
