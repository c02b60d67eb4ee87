"""Datelines at the start of Indonesian news text: ``SEOUL, KOMPAS.TV - ...``.

A dateline names where the report was filed and/or the outlet, and ends with a
dash. The shapes recognised (place and outlet are returned as written):

* ``PLACE, OUTLET -``        ``SEOUL, KOMPAS.TV -``, ``Jakarta, CNN Indonesia --``,
  ``JAKARTA, Kabar Kota -`` (an unlisted outlet only after a place in capitals)
* ``PLACE (OUTLET) -``       ``Jakarta (ANTARA) -``, ``JAKARTA (Pos Kota) -``
* ``OUTLET, PLACE -``        ``TEMPO.CO, Jakarta -``, ``JUARA.NET, MISANO ADRIATICO -``
* ``OUTLET, Place``          ``Liputan6.com, Jakarta Presiden ...`` (no dash; one-word place)
* ``OUTLET -``               ``Suara.com -``, ``KOMPAS.com -``, ``Rimanews -``
* ``PLACE -``                ``JAKARTA -`` (place in capitals only)

To stay conservative an outlet must look like a domain (``Liputan6.com``) or
be a known outlet (``outlets.txt``), and a place without an outlet must be in
capitals: ``Jakarta adalah ...`` and ``Jakarta - Bandung ...`` have no dateline.
The dash may be ``-``, ``--``, ``- -`` (detokenised), ``–`` or ``—``.
"""

from __future__ import annotations

import re
from importlib import resources

from warta.lang.id.dates import WEEKDAYS
from warta.records import Dateline

__all__ = ["KNOWN_OUTLETS", "is_outlet_name", "parse_dateline"]


def _read_outlets() -> tuple[str, ...]:
    text = resources.files(__package__).joinpath("outlets.txt").read_text(encoding="utf-8")
    names = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(sorted({n for n in names if n}, key=len, reverse=True))


KNOWN_OUTLETS: tuple[str, ...] = _read_outlets()

_KNOWN = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in KNOWN_OUTLETS)
_DOMAIN = r"[A-Za-z][A-Za-z0-9]*(?:\.(?i:com|net|org|co|id|tv|news|info|web|asia|my|sg))+(?![\w.])"
# An outlet is a domain-like name or a known outlet, and starts with a capital letter.
_OUTLET = rf"(?=[A-Z])(?:{_DOMAIN}|(?i:{_KNOWN})(?![\w.]))"
_WORD = r"[A-Z][\w'.’-]*"
_PLACE = rf"{_WORD}(?:\s+(?:{_WORD}|de|di|del|da|am|an|upon))*?"
_CAPS_WORD = r"[A-Z][A-Z'.’-]+"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"
# "-" needs white space before it; "--", "- -", "–" and "—" may touch the place or outlet.
_DASH = r"(?:\s*(?:--|–|—)|\s+-(?:\s-)?)"
# After the dash: white space, or text that starts a sentence ("-Ketua", "—Presiden"), or nothing.
_AFTER = r"(?:\s+|(?=[A-Z0-9\"'(])|$)"

_DOMAIN_RE = re.compile(_DOMAIN)
# An outlet name reduced to its letters and digits: "KOMPAS com", "Kompas.com" and "kompas.com" are one.
_NOT_ALNUM = re.compile(r"[\W_]+")
_TLD_SUFFIX = re.compile(r"(?:com|co|id|tv|net|news|org)+$")
_OUTLET_KEYS = frozenset(_NOT_ALNUM.sub("", name).casefold() for name in KNOWN_OUTLETS)

_SHAPES: tuple[re.Pattern[str], ...] = (
    # PLACE, OUTLET -
    re.compile(rf"(?P<place>{_PLACE}),\s+(?P<outlet>{_OUTLET}){_DASH}{_AFTER}"),
    # PLACE (OUTLET) -   (several places are allowed: "Cilegon, Banten (ANTARA News) -")
    re.compile(rf"(?P<place>{_PLACE}(?:,\s+{_PLACE}){{0,2}}),?\s*\((?P<outlet>{_OUTLET})\){_DASH}{_AFTER}"),
    # Place (ACRONYM) -   (an unlisted wire agency: "Cianjur (KBN) -"; a bracketed acronym then a dash
    # is a dateline, not prose)
    re.compile(rf"(?P<place>{_WORD}(?:\s+{_WORD}){{0,2}})\s*\((?P<outlet>[A-Z]{{2,8}})\){_DASH}{_AFTER}"),
    # OUTLET, PLACE -
    re.compile(rf"(?P<outlet>{_OUTLET}),\s+(?P<place>{_PLACE}){_DASH}{_AFTER}"),
    # OUTLET, Place  (Liputan6 style, no dash: the place is one word)
    re.compile(rf"(?P<outlet>{_DOMAIN}),\s+(?P<place>[A-Z][a-z]+|[A-Z]{{3,}})\s+(?=[A-Z\"'])"),
    # OUTLET -
    re.compile(rf"(?P<outlet>{_OUTLET}){_DASH}{_AFTER}"),
    # PLACE, Outlet -   (an unlisted outlet: the place must be in capitals, the outlet one to three
    # capitalised words, "JAKARTA, Kabar Kota -")
    re.compile(
        rf"(?P<place>{_CAPS_PLACE}),\s+(?P<any_outlet>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){{0,2}}){_DASH}{_AFTER}"
    ),
    # PLACE -   (capitals only)
    re.compile(rf"(?P<place>{_CAPS_PLACE}){_DASH}{_AFTER}"),
)

# Capitalised words that start headlines and kickers, not places: "VIDEO - ...", "BREAKING NEWS - ...".
_NOT_PLACES = frozenset(
    (
        *("VIDEO", "FOTO", "FOTO-FOTO", "BREAKING", "NEWS", "UPDATE", "INFOGRAFIS", "EKSKLUSIF", "TERKINI"),
        *("HOAKS", "HOAX", "CEK", "FAKTA", "OPINI", "KOLOM", "EDITORIAL", "LIVE", "BERITA", "TERPOPULER"),
        *("TERBARU", "VIRAL", "POPULER"),
    )
)
_MIN_PLACE_LETTERS = 4  # "KPK -", "DPR -" are acronyms, not places


def parse_dateline(line: str, outlet_hint: str | None = None, marked: str | None = None) -> tuple[Dateline, str] | None:
    """Split a dateline off the start of ``line``: ``(dateline, rest of the line)``, or ``None``.

    ``line`` is one normalised paragraph (the first of an article). ``outlet_hint``
    is the outlet the input declared: a dateline naming it is recognised even
    when the outlet is not in ``outlets.txt`` ("Kabar Kota, Demak - ...").
    ``marked`` is a dateline the input marked up as one (an HTML page's bold
    ``<strong>Bekasi</strong> -``): it is recognised even where the text alone
    is ambiguous (``Bekasi - Banjir ...`` reads like ``Jakarta - Bandung ...``).
    """
    if marked and (found := _marked_dateline(line, marked, outlet_hint)) is not None:
        return found
    if outlet_hint and (hinted := _hinted_dateline(line, outlet_hint)) is not None:
        return hinted
    for shape in _SHAPES:
        m = shape.match(line)
        if m is None:
            continue
        groups = m.groupdict()
        place = groups.get("place")
        outlet = groups.get("outlet")
        rest = line[m.end() :].lstrip()
        if groups.get("any_outlet") is not None:
            outlet = groups["any_outlet"]
            if outlet.lower() in WEEKDAYS or not _plausible_lone_name(place or "", rest, caps=True):
                continue  # "JAKARTA, Senin - ..." names a day, not an outlet
        elif place is None or outlet is None:
            weak = outlet is None or _DOMAIN_RE.fullmatch(outlet) is None
            if weak and not _plausible_lone_name(place or outlet or "", rest, caps=outlet is None):
                continue
        return Dateline(place=place, outlet=outlet, text=m.group().strip()), rest
    return None


def _plausible_lone_name(name: str, rest: str, *, caps: bool) -> bool:
    """Whether a lone place (``JAKARTA -``) or outlet name (``Rimanews -``) really is a dateline.

    The text after it must start a sentence (a capital, digit or quote) and must
    not repeat the name (``Suara - suara ...`` is a detokenised reduplication);
    a lone place must not be a kicker (``VIDEO -``) nor a three-letter acronym (``KPK -``).
    """
    if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'("):
        return False
    if rest.split(maxsplit=1)[0].strip(".,").lower() == name.split()[-1].lower():
        return False
    if not caps:
        return True
    if any(w.strip(".'’-") in _NOT_PLACES for w in name.split()):
        return False
    return sum(c.isalpha() for c in name) >= _MIN_PLACE_LETTERS


def _hinted_dateline(line: str, outlet: str) -> tuple[Dateline, str] | None:
    """``Outlet, Place -``, ``Place, Outlet -``, ``Place (Outlet) -`` or ``Outlet -`` for a declared outlet."""
    name = re.escape(outlet.strip())
    place = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    shapes = (
        rf"(?P<outlet>{name}),\s+(?P<place>{place}){_DASH}{_AFTER}",
        rf"(?P<place>{place}),?\s+\(?(?P<outlet>{name})\)?{_DASH}{_AFTER}",
        rf"(?P<outlet>{name}){_DASH}{_AFTER}",
    )
    for shape in shapes:
        m = re.match(shape, line)
        if m is not None:
            groups = m.groupdict()
            dateline = Dateline(place=groups.get("place"), outlet=groups["outlet"], text=m.group().strip())
            return dateline, line[m.end() :].lstrip()
    return None


def is_outlet_name(name: str) -> bool:
    """Whether ``name`` is a news outlet rather than a person: a known outlet however it is
    spelled (``KOMPAS com``, ``detikNews``, ``TEMPO.CO``) or a domain-like name (``Suara.com``)."""
    key = _NOT_ALNUM.sub("", name).casefold()
    if not key:
        return False
    return key in _OUTLET_KEYS or _TLD_SUFFIX.sub("", key) in _OUTLET_KEYS or _DOMAIN_RE.fullmatch(name) is not None


def _marked_dateline(line: str, marked: str, outlet_hint: str | None) -> tuple[Dateline, str] | None:
    """The dateline the input marked, when ``line`` starts with it: read as usual where its shape is
    known ("JAKARTA, KOMPAS.com -"), else a place or outlet alone ("Bekasi -", "Suara.com -")."""
    marked = " ".join(marked.split())
    rest = line[len(marked) :]
    if not line.startswith(marked) or not marked.endswith(("-", "–", "—")) or (rest and not rest[0].isspace()):
        return None
    parsed = parse_dateline(line, outlet_hint)
    if parsed is not None and parsed[0].text == marked:
        return parsed
    name = marked.rstrip("-–— ")
    if not re.fullmatch(rf"{_WORD}(?:,?\s+{_WORD}){{0,3}}", name):
        return None  # a bold lead that is not a name ("Catatan redaksi -")
    outlet = is_outlet_name(name)
    dateline = Dateline(place=None if outlet else name, outlet=name if outlet else None, text=marked)
    return dateline, rest.lstrip()
