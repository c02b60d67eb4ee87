"""Outlet boilerplate lines in Indonesian news text, as a table of (pattern, reason).

Every pattern is matched against one whole, already normalised line (single
spaces, stripped, straight quotes) and is anchored at the start of the line.
Patterns are deliberately narrow: a line is boilerplate only when it *is* a
promo, credit or caption, never because it merely mentions WhatsApp, a source
or a photo. Where a kind of line could also be a short real sentence, the
pattern limits the line's length or word count, or requires
promo wording ("channel", "update berita") next to the platform name.

The first matching pattern gives the reason, so order matters where two could
match (a "Simak ... Google News ... WhatsApp Channel" line is ``google-news``; a
"Simak breaking news ... WhatsApp Channel" line, which names no Google News, is
``social-promo``). A table row (``| Baca juga: ... |``, as trafilatura writes a
table cell) is matched on its cells' text.
"""

from __future__ import annotations

import re

from warta.lang.id.datelines import is_outlet_name
from warta.lang.id.dates import WEEKDAYS

__all__ = ["BOILERPLATE", "NO_TEXT", "boilerplate_reason", "byline_author", "clean_author"]

_I = re.IGNORECASE

# An optional opening bracket: "(Baca juga: ...)", "[Baca Juga: ...]".
_OPEN = r"[\[(]?\s*"


def _max(n: int) -> str:
    """At most ``n`` more characters to the end of the line. Placed after a pattern's leading keyword,
    so that lines which do not start with the keyword fail at once instead of being scanned."""
    return f"(?=.{{0,{n}}}$)"


_PROMO_VERB = (
    r"(?:yuk,?\s+)?(?:gabung(?:lah)?|bergabung(?:lah)?|join|ikuti|follow|dapatkan|klik|kunjungi"
    r"|subscribe|langganan|berlangganan)"
)
_CHAT_APP = r"(?:whatsapp|wa|telegram)"
_CHANNEL = r"(?:channel|saluran|grup|group|kanal)"
_PROMO_WORD = r"(?:berita|update|info|informasi|terbaru|terkini|klik|link|tautan|https?)"
_BYLINE_ROLE = r"(?:editor|penulis|reporter|pewarta|penyunting|redaktur|kontributor|penerjemah)"
_READ_WHAT = r"(?:\s+(?:video|artikel|berita))?"
_WITH_CONTENT = r"(?:with|reading)\s+content$"
_PHOTO_LABEL = r"(?:foto|photo|gambar|kredit\s+foto|sumber\s+(?:foto|gambar))"
_DOK = r"dok(?:\.|\s*[:/]|umentasi\s*[:/]|\s+(?:pribadi|istimewa)\b)"
_CREDIT = r"(?:foto|photo|dok\.?|dokumentasi|ilustrasi|gambar|sumber(?:\s+foto)?)"
_REPORT_BY = r"laporan\s+(?:wartawan|reporter|koresponden|jurnalis|kontributor)\b"
_NAME_WORD = r"[A-Z][\w.'’-]*"
_OLEH_NAME = rf"[(\[]?\s*[Oo]leh\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"

BOILERPLATE: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Baca Juga: ...", "BACA JUGA ...", "(Baca juga: ...)", "Lihat Juga: ...", "Baca selengkapnya: ..."
    (re.compile(_OPEN + r"(?:baca|lihat|simak)\s+(?:juga|pula|selengkapnya)" + _READ_WHAT + r"\s*:", _I), "baca-juga"),
    # Tempo's "Pilihan Editor: <headline>" link to another article.
    (re.compile(_OPEN + r"pilihan\s+editor\s*:" + _max(200), _I), "baca-juga"),
    (re.compile(_OPEN + r"BACA JUGA\b"), "baca-juga"),
    (re.compile(r"(?:baca|lihat)\s+juga$", _I), "baca-juga"),
    # "Baca: Menurut Luis Milla, Indonesia Punya Satu Keunggulan ketimbang Spanyol": a headline
    # after "Baca:" alone links another article too (nine such lines in the IndoSum sample, all links).
    (re.compile(_OPEN + r"baca\s*:", _I), "baca-juga"),
    # "Simak berita dan artikel lainnya di Google News", "Ikuti berita terkini dari Tempo di Google News"
    (re.compile(r"(?:simak|ikuti|follow|baca|dapatkan|cek)\b" + _max(300) + r".*\bgoogle\s+news\b", _I), "google-news"),
    # Kompas' WhatsApp channel promo: "Simak breaking news dan berita pilihan kami langsung di ponselmu.
    # Pilih saluran andalanmu akses berita Kompas.com WhatsApp Channel : https://...". After the
    # Google News pattern, which claims the lines that do name Google News.
    (re.compile(r"simak\s+breaking\s+news\b" + _max(400), _I), "social-promo"),
    # "Gabung ke Channel WhatsApp KompasTV untuk update berita terbaru dan terpercaya."
    # A promo verb, a chat app, a channel/group word, and promo wording (or a short line).
    (
        re.compile(
            _PROMO_VERB
            + r"\b"
            + _max(300)
            + rf"(?=.*\b{_CHAT_APP}\b)(?=.*\b{_CHANNEL}\b)(?=.*\b{_PROMO_WORD}\b|(?: \S+){{0,11}}$)",
            _I,
        ),
        "social-promo",
    ),
    # "Sumber : Associated Press / KCNA", "Sumber: twitter @tabloidbola"
    (re.compile(_OPEN + r"sumber\s*:" + _max(140), _I), "source-credit"),
    # "Penulis: Anggun Pratama", "Editor: ...", "Reporter: A | Editor: B"
    (re.compile(_OPEN + _BYLINE_ROLE + r"\s*:\s*\S" + _max(160), _I), "byline"),
    # "Laporan Wartawan Tribunnews.com, Dewi Anggraini", "Laporan reporter Kompas TV Budi"
    (re.compile(_OPEN + _REPORT_BY + _max(120) + r"[^!?]*(?<![.!?])$", _I), "byline"),
    # "Oleh Agus Santoso", "Oleh Agus Santoso, Senin, 24 Juli 2023 14:05 WIB": capitalised name words
    # (case-sensitive: "Oleh karena itu, ..." is a sentence) and no closing full stop.
    (re.compile(_OLEH_NAME + r"(?:\s*[,;|/–—-]\s*[^!?]{0,60})?(?<![.!?])$"), "byline"),
    # Editor initials closing a CNN/ANTARA story: "(kid/asa)", "(ang)".
    (re.compile(r"\([a-z]{2,5}(?:\s*/\s*[a-z]{2,5})*\)$"), "byline"),
    # "ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT"
    (re.compile(r"(?:advertisement|advertisment|iklan)$", _I), "advertisement"),
    (re.compile(r"(?:advertisement\s+)?scroll\s+to\s+(?:continue|resume)\s+" + _WITH_CONTENT, _I), "advertisement"),
    # "Foto: ANTARA/...", "(Foto: ANTARA/...)", "ANTARA FOTO/...", "Dok. Humas",
    # "Ilustrasi kemeja putih polos. Pinterest"
    (re.compile(_OPEN + _PHOTO_LABEL + r"\s*:" + _max(200), _I), "photo-credit"),
    (re.compile(_OPEN + r"antara\s+foto\s*/" + _max(250), _I), "photo-credit"),
    (re.compile(_OPEN + _DOK + _max(120), _I), "photo-credit"),
    # "Ilustrasi" captions: at most ten words and no closing full stop ("Ilustrasi itu ..." is a sentence).
    (re.compile(r"ilustrasi\b[:.]?(?!\s+(?:itu|ini|tersebut|yang)\b)(?: \S+){0,9}(?<![.!?])$", _I), "photo-credit"),
    # A short caption, with no sentence end, closed by its credit: "Tesla (Foto: Tesla)",
    # "Ronaldo Lima dengan rambut kuncungnya (sumber: pelelepew.com)".
    (re.compile(r"[^.!?()]{1,120}\(\s*" + _CREDIT + r"\s*[:/.]\s*[^()]{1,80}\)$", _I), "photo-credit"),
    # "Artikel ini telah tayang di Kompas.com dengan judul ..."
    (
        re.compile(
            r"(?:artikel|berita|tulisan|konten)\s+ini\s+(?:telah|sudah)\s+"
            r"(?:tayang|terbit|dimuat|dipublikasikan|diterbitkan)\s+(?:di|pada)\b",
            _I,
        ),
        "syndication-note",
    ),
    # "Copyright © ANTARA 2023", "© 2023 Kompas.com", "Hak cipta dilindungi undang-undang"
    (re.compile(r"(?:copyright\s*(?:©|\(c\)|\d{4})|©|all\s+rights\s+reserved)" + _max(160), _I), "copyright"),
    (re.compile(r"hak\s+cipta\b" + _max(160) + r".*(?:©|\(c\)|dilindungi\s+undang)", _I), "copyright"),
)


def _combine(table: tuple[tuple[re.Pattern[str], str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every pattern in ``table`` (one ``match`` call per line instead of one per
    pattern), and the reason for each alternative's group name. Earlier alternatives win, as in the table."""
    parts: list[str] = []
    reasons: dict[str, str] = {}
    for i, (pattern, reason) in enumerate(table):
        flags = "i" if pattern.flags & re.IGNORECASE else "-i"
        parts.append(f"(?P<p{i}>(?{flags}:{pattern.pattern}))")
        reasons[f"p{i}"] = reason
    return re.compile("|".join(parts)), reasons


_COMBINED, _REASONS = _combine(BOILERPLATE)

# A line with no letter or digit at all ("***", "—", ". .").
NO_TEXT = re.compile(r"[\W_]*$")

_AUTHOR = re.compile(
    _OPEN
    + r"(?:(?:penulis|reporter|pewarta|kontributor)\s*:|oleh\b|"
    + _REPORT_BY
    + r"(?:\s+[^\s,]+){0,3}?\s*,)\s*(?P<name>[^|/;,()\[\]]+?)\s*(?:[|/;,()\[\]]|$)",
    _I,
)
# A table row as trafilatura writes it: "| Baca juga: ... |", "| Baca juga: | Judul |".
_TABLE_ROW = re.compile(r"\|(?P<cells>.*)\|$")
# Words that lead a byline, not a name: "Oleh", "Penulis:", "Laporan wartawan Tribunnews.com,".
_AUTHOR_LEAD = re.compile(
    r"(?:(?:oleh|by|penulis|reporter|pewarta|kontributor)\b\s*:?|" + _REPORT_BY + r"(?:\s+\S+){0,3})\s*", _I
)
_NOT_AUTHOR_ROLE = re.compile(r"(?:editor|penyunting|redaktur|fotografer)\b", _I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:[;|/,]|\s[-–—]\s)\s*")
_MAX_NAME_WORDS = 6


def boilerplate_reason(line: str) -> str | None:
    """The reason ``line`` is outlet boilerplate, or ``None`` when it is content.

    ``line`` must already be normalised (stripped, single spaces).
    """
    m = _COMBINED.match(_table_cells(line))
    return _REASONS[m.lastgroup] if m is not None and m.lastgroup is not None else None


def byline_author(line: str) -> str | None:
    """The author named by a byline line (``Penulis:``, ``Reporter:``, ``Pewarta:``, ``Oleh``,
    ``Laporan wartawan <outlet>,``), if any; an ``Editor:`` line names no author."""
    m = _AUTHOR.match(_table_cells(line))
    if m is None:
        return None
    return clean_author(m.group("name"))


def clean_author(value: str | None) -> str | None:
    """A clean author name from a byline or an extractor's author field, or ``None``.

    Extractors read the visible byline, so their author can carry its lead word, date and
    outlet: ``Oleh Agus Santoso; Senin`` (trafilatura joins the comma-separated parts with
    "; "), ``KOMPAS com; RINA MARLINA``, ``Rahmat Hidayat - detikNews``. Parts that are a
    weekday, a date or time, an outlet or an editor are dropped, lead words are stripped and
    an all-capitals name is title-cased. Several names are joined with ", ".
    """
    if not value:
        return None
    names: list[str] = []
    for part in _AUTHOR_SPLIT.split(" ".join(value.split())):
        name = _author_part(part)
        if name is not None and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return ", ".join(names) or None


def _author_part(part: str) -> str | None:
    """One name from one part of a byline, or ``None`` when the part names no author."""
    if _NOT_AUTHOR_ROLE.match(part):
        return None
    lead = _AUTHOR_LEAD.match(part)
    name = (part[lead.end() :] if lead else part).strip(" .:-–—()[]")
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or any(c.isdigit() for c in name):
        return None
    if name.casefold() in WEEKDAYS or name.casefold() == "wib" or is_outlet_name(name):
        return None
    if not name[0].isupper():  # "tom" (a photographer's initials), "redaksi" as a tag
        return None
    return name.title() if name.isupper() and len(name) > 3 else name


def _table_cells(line: str) -> str:
    """A table row's cells joined by spaces (other lines as they are), so that a "Baca juga"
    box laid out as a table is matched like the same line outside one."""
    m = _TABLE_ROW.match(line)
    if m is None:
        return line
    cells = (cell.strip() for cell in m.group("cells").split("|"))
    return " ".join(cell for cell in cells if cell) or line
