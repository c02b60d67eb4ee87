"""Cleaning: turn a :class:`RawArticle` into an :class:`Article`.

:func:`clean_text` works line by line (a line is a paragraph):

1. normalise characters: mojibake repaired (UTF-8 read as Windows-1252, ``â€œ`` -> ``“``,
   with ftfy), odd spaces to spaces, zero-width and control characters removed, curly quotes
   straightened, Unicode NFC;
2. normalise spacing: runs collapsed, line stripped, stray ``. .`` / ``,,``
   artefacts merged, no space before closing punctuation, no space inside the
   edges of a quotation ("tur " luar biasa"" -> "tur "luar biasa"");
3. drop empty lines, and remove (keeping them, with a reason) lines that are
   only punctuation or outlet boilerplate (``lang/id/boilerplate.py``), and a
   first line that repeats the given title;
4. split a dateline (``SEOUL, KOMPAS.TV -``) off the first kept line.

It is conservative (it never deletes words from a kept line) and idempotent:
every kept line is a fixed point of steps 1-2 and passes steps 3-4 unchanged,
so cleaning clean text changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

import ftfy

from warta.config import CleanConfig, LanguageConfig
from warta.lang.id.boilerplate import NO_TEXT, boilerplate_reason, byline_author
from warta.lang.id.datelines import parse_dateline
from warta.lang.id.dates import find_own_date
from warta.lang.id.sentences import split_sentences
from warta.language import detect_language, normalize_code
from warta.records import Article, Dateline, LanguageGuess, RawArticle, RemovedLine

PublishedFrom = Literal["given", "html", "text"]

__all__ = ["CleanText", "clean", "clean_text", "content_hash", "derive_title", "normalize_line"]


@dataclass(frozen=True, slots=True)
class CleanText:
    """The result of :func:`clean_text`."""

    text: str  # clean paragraphs joined with "\n"
    removed: tuple[RemovedLine, ...]  # boilerplate, punctuation-only lines and the dateline
    dateline: Dateline | None
    published: str | None  # ISO date the text gives for the report's own day
    published_as: str | None = None  # that date as the text writes it ("Kamis (27/7/2023)")


def _char_table() -> dict[int, str | None]:
    """``str.translate`` table: odd spaces -> " ", invisible/control characters -> removed, quotes -> ASCII."""
    table: dict[int, str | None] = {}
    spaces = "\t\u00a0\u1680\u180e\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B))
    table.update(dict.fromkeys(map(ord, spaces), " "))
    # Zero-width characters, soft hyphen, bidi marks and embeddings, BOM.
    invisible = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff" + "".join(
        chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    )
    table.update(dict.fromkeys(map(ord, invisible), None))
    # C0/C1 controls (line breaks never reach here: text is split into lines first), noncharacters.
    controls = [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0xFDD0, 0xFDF0)]
    controls += [plane * 0x10000 + low for plane in range(17) for low in (0xFFFE, 0xFFFF)]
    table.update(dict.fromkeys(controls, None))
    table[ord("\t")] = " "
    table.update(dict.fromkeys(map(ord, "“”„‟«»″〝〞＂"), '"'))
    table.update(dict.fromkeys(map(ord, "‘’‚‛‹›′＇"), "'"))
    return table


_CHARS = _char_table()
_SURROGATES = re.compile("[\ud800-\udfff]")
# A UTF-8 lead byte read as Windows-1252 / Latin-1 ("Ã", "â", "Â"...) followed by a continuation
# byte read the same way: the mark of mojibake, and a cheap test before ftfy looks closer.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# ". . ." -> "..." (a spaced ellipsis, before the artefact rule sees it).
_SPACED_ELLIPSIS = re.compile(r"\.(?: \.){2,}")
# "dialog. ." -> "dialog.", "kata media . ." -> "kata media.", "ya, ," -> "ya,".
_REPEATED_PUNCT = re.compile(r" ?([.!?,;:])(?: [.,;:])+(?= |$|[\"')\]])")
# No space before closing punctuation that ends a word: "media ." -> "media.", "50 %" -> "50%".
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S) +([.,;:!?]+)(?= |$|[\"')\]])")
_SPACE_BEFORE_CLOSE = re.compile(r"(?<=\S) +([)\]}])")
_SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d) +%")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{]) +")
_DOUBLE_QUOTE = re.compile('"')
_QUOTE_NOT_APOSTROPHE = re.compile(r"'(?<!\w')|'(?!\w)")  # not between two word characters ("Jum'at")
_OPENING_CONTEXT = frozenset(("", " ", "(", "["))
_CLOSING_CONTEXT = frozenset(("", " ", ".", ",", ";", ":", "!", "?", ")", "]"))
_WORD = re.compile(r"\w+")


def normalize_line(line: str) -> str:
    """One line (paragraph) with characters and spacing normalised; see the module docstring.

    Each regex runs only when a cheap substring test says it could apply (this
    runs on every line of every article).
    """
    line = _normalize_chars(line)
    line = " ".join(line.split())
    if not line:
        return line
    if " ." in line or " ," in line or " ;" in line or " :" in line or " !" in line or " ?" in line:
        line = _SPACED_ELLIPSIS.sub("...", line)
        line = _REPEATED_PUNCT.sub(r"\1", line)
        line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
    if " )" in line or " ]" in line or " }" in line:
        line = _SPACE_BEFORE_CLOSE.sub(r"\1", line)
    if " %" in line:
        line = _SPACE_BEFORE_PERCENT.sub("%", line)
    if "( " in line or "[ " in line or "{ " in line:
        line = _SPACE_AFTER_OPEN.sub(r"\1", line)
    if '"' in line:
        line = _tighten_quotes(line, '"')
    if "'" in line:
        line = _tighten_quotes(line, "'")
    return line


def _normalize_chars(line: str) -> str:
    """Step 1 of the module docstring, repeated while it repairs mojibake: removing a zero-width
    or control character can bring the two halves of a mangled character together."""
    if line.isascii():
        return line.translate(_CHARS)
    for _ in range(4):  # each repair shortens the line; real text needs one pass, rarely two
        before = line
        if _MOJIBAKE.search(line):  # before the control characters go: "â€\x9d" is a mangled ”
            line = ftfy.fix_encoding(line)
        line = unicodedata.normalize("NFC", _SURROGATES.sub("", line.translate(_CHARS)))
        if line == before or not _MOJIBAKE.search(line):
            break
    return line


def _tighten_quotes(line: str, quote: str) -> str:
    """Remove the space inside the edges of each quotation: ``" luar biasa "`` -> ``"luar biasa"``.

    Quotes are paired left to right (an odd number of them: nothing is
    changed, the pairing is unknown). Only a quote standing clear of the word
    it belongs to is moved: an opening quote preceded by a space (or the line
    start or a bracket) and followed by a space; a closing quote preceded by a
    space and followed by a space, punctuation or the line end. An apostrophe
    inside a word (``Jum'at``) is not a quote.
    """
    if quote == "'":
        positions = [m.start() for m in _QUOTE_NOT_APOSTROPHE.finditer(line)]
    else:
        positions = [m.start() for m in _DOUBLE_QUOTE.finditer(line)]
    if len(positions) < 2 or len(positions) % 2:
        return line
    drop: list[int] = []  # indexes of spaces to remove, ascending
    last = len(line) - 1
    for k, i in enumerate(positions):
        before = line[i - 1] if i > 0 else ""
        after = line[i + 1] if i < last else ""
        if k % 2 == 0:
            if after == " " and before in _OPENING_CONTEXT:
                drop.append(i + 1)
        elif before == " " and after in _CLOSING_CONTEXT:
            drop.append(i - 1)
    if not drop:
        return line
    pieces: list[str] = []
    start = 0
    for j in drop:
        pieces.append(line[start:j])
        start = j + 1
    pieces.append(line[start:])
    return "".join(pieces)


def clean_text(
    text: str, outlet_hint: str | None = None, *, title: str | None = None, marked_dateline: str | None = None
) -> CleanText:
    """Clean article text: normalised paragraphs joined with ``"\\n"``, boilerplate removed and recorded.

    ``outlet_hint`` is the outlet the input declared, which helps find its dateline;
    ``marked_dateline`` is a dateline the input marked up as one (see :func:`parse_dateline`).
    A first line that repeats ``title`` (a page's ``<h1>`` copied into its text) is removed,
    with the reason ``title``, so that the dateline is read from the paragraph after it.
    Idempotent: ``clean_text(clean_text(x).text).text == clean_text(x).text``. Never raises.
    """
    kept: list[str] = []
    removed: list[RemovedLine] = []
    dateline: Dateline | None = None
    title_words = _WORD.findall(title.casefold()) if title else []
    marked = normalize_line(marked_dateline) if marked_dateline else None
    lines = text.splitlines()
    for line_no, raw_line in enumerate(lines, start=1):
        line = normalize_line(raw_line)
        if not line:
            continue
        reason = _removal_reason(line)
        if reason is None and not kept and title_words and _repeats_title(line, title_words, lines[line_no:]):
            reason = "title"
        if reason is None and not kept:
            # The first kept line may open with a dateline (or two: "JAKARTA - JAKARTA - ...").
            while (parsed := parse_dateline(line, outlet_hint, marked)) is not None:
                found, line = parsed
                dateline = dateline or found
                removed.append(RemovedLine(text=found.text, reason="dateline", line_no=line_no))
                line = normalize_line(line)
            if not line:
                continue
            reason = _removal_reason(line)
        if reason is not None:
            removed.append(RemovedLine(text=line, reason=reason, line_no=line_no))
            continue
        kept.append(line)
    clean = "\n".join(kept)
    own = find_own_date(clean)
    return CleanText(
        text=clean,
        removed=tuple(removed),
        dateline=dateline,
        published=own[0] if own else None,
        published_as=own[1] if own else None,
    )


def _repeats_title(line: str, title_words: list[str], later: list[str]) -> bool:
    """Whether ``line`` is the title again (same words, whatever the case and punctuation), with
    text after it: an article that is only its title keeps it."""
    return _WORD.findall(line.casefold()) == title_words and any(not NO_TEXT.match(rest) for rest in later)


def _removal_reason(line: str) -> str | None:
    """Why a normalised, non-empty line is removed, or ``None`` when it is kept."""
    if NO_TEXT.match(line):
        return "punctuation"
    return boilerplate_reason(line)


def content_hash(clean_text: str) -> str:
    """Exact-duplicate key: SHA-256 of the case-folded words of the text, single-spaced.

    Punctuation, quotes and white space (line breaks included) do not count,
    so two copies that differ only there hash the same.
    """
    words = _WORD.findall(unicodedata.normalize("NFC", clean_text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8", "surrogatepass")).hexdigest()


def derive_title(text: str, max_chars: int) -> str:
    """A title made from ``text``: its first sentence, cut at a word boundary to ``max_chars`` at most.

    A cut title ends with "…" (counted in ``max_chars``); a full sentence loses
    its final full stop. Empty text gives an empty title.
    """
    first_paragraph = text.strip().split("\n", 1)[0].strip()
    spans = split_sentences(first_paragraph)
    if not spans or max_chars <= 0:
        return ""
    start, end = spans[0]
    sentence = first_paragraph[start:end]
    if len(sentence) <= max_chars:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    cut = sentence[: max_chars - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—(\"'") + "…"


def clean(raw: RawArticle, cfg: CleanConfig, lang_cfg: LanguageConfig) -> Article:
    """Build the clean :class:`Article` for ``raw`` (text, title, source, place, date, language, hash)."""
    marked = raw.metadata.get("marked_dateline")
    cleaned = clean_text(
        raw.text, raw.source, title=raw.title, marked_dateline=marked if isinstance(marked, str) else None
    )
    title, title_derived = _title(raw, cleaned.text, cfg)
    published, published_from = _published(raw, cleaned)
    guess = detect_language(cleaned.text, lang_cfg)
    declared = normalize_code(raw.lang)
    lang, lang_from = _choose_language(guess, declared, lang_cfg)
    dateline = cleaned.dateline
    metadata: dict[str, Any] = dict(raw.metadata)
    extra: dict[str, Any] = {"lang_detected": guess.detail, "lang_from": lang_from}
    if raw.lang:
        extra["declared_lang"] = raw.lang
    if dateline is not None:
        extra["dateline"] = dateline.text
    if published_from == "text" and cleaned.published_as:
        extra["published_text"] = cleaned.published_as  # where in the text the date was read
    for key, value in extra.items():
        metadata.setdefault(key, value)
    return Article(
        id=raw.id,
        text=cleaned.text,
        title=title,
        title_derived=title_derived,
        content_hash=content_hash(cleaned.text),
        version=1,
        source=_nonblank(raw.source) or (dateline.outlet if dateline else None),
        url=raw.url,
        published=published,
        published_from=published_from,
        place=dateline.place if dateline else None,
        author=_nonblank(raw.author) or _author_from_bylines(cleaned.removed),
        lang=lang,
        lang_confidence=guess.confidence,
        removed=cleaned.removed,
        metadata=metadata,
    )


def _title(raw: RawArticle, text: str, cfg: CleanConfig) -> tuple[str, bool]:
    """The given title (normalised), or one derived from the text."""
    if raw.title:
        given = " ".join(normalize_line(line) for line in raw.title.splitlines()).strip()
        if given:
            return given, False
    return derive_title(text, cfg.max_title_chars), True


def _published(raw: RawArticle, cleaned: CleanText) -> tuple[str | None, PublishedFrom | None]:
    """The publication date and where it came from: given, read from the HTML, or the text's own
    day (a dateline's date, or the lead's "Kamis (27/7/2023)"; see :func:`find_own_date`)."""
    given = _nonblank(raw.published)
    if given is not None:
        return given, "html" if raw.format == "html" else "given"
    if cleaned.published is not None:
        return cleaned.published, "text"
    return None, None


def _choose_language(guess: LanguageGuess, declared: str | None, cfg: LanguageConfig) -> tuple[str, str]:
    """The article language and its origin: the detector's, unless it is unsure and a language was declared."""
    if guess.confidence < cfg.min_confidence and declared is not None:
        return declared, "declared"
    return guess.code, "detected"


def _author_from_bylines(removed: tuple[RemovedLine, ...]) -> str | None:
    for line in removed:
        if line.reason == "byline" and (name := byline_author(line.text)) is not None:
            return name
    return None


def _nonblank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
