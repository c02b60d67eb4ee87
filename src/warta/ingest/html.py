"""HTML input: trafilatura finds the main text and the page's metadata.

The bytes are decoded first (a ``<meta charset>`` the page declares is honoured when the bytes
are not UTF-8), then handed to :func:`trafilatura.bare_extraction`. ``title``, ``author``,
``url``, the site name (as ``source``, spelled as the page declares it) and the date trafilatura
finds are kept; the author is cleaned of its byline's lead word, date and outlet; the declared
``<html lang>`` goes to ``lang``; host name, description, categories and tags go to ``metadata``,
and so does a dateline the page marks up in bold (``<strong>Bekasi</strong> - ...``), as
``marked_dateline``, for the cleaning stage to read.
"""

from __future__ import annotations

import os
import re
from typing import Any

from ..errors import InputError
from ..lang.id.boilerplate import clean_author
from ..records import RawArticle
from .encoding import decode_text, normalize_newlines
from .ids import content_id
from .schema import normalise_iso_date

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_HTML_LANG = re.compile(r"""<html\b[^>]{0,500}?\blang\s*=\s*["']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""", re.I)
_HEAD_BYTES = 4096
_METADATA_KEYS = ("hostname", "description", "categories", "tags", "image")
_DASHES = ("-", "–", "—")
_MAX_DATELINE_CHARS = 80
_NOT_ARTICLE = ("nav", "header", "footer", "aside")

NO_MAIN_TEXT = "no main text found in the HTML"


def read_html(data: bytes, origin: str, *, charset: str | None = None) -> RawArticle:
    """The article in one HTML page; raises :class:`InputError` when the page has no main text.
    ``charset`` is what the HTTP response declared, which comes before the page's own ``<meta>``."""
    text, encoding = decode_text(data, origin, declared=charset or declared_charset(data))
    doc, marks = _extract(text, origin)
    main = doc.get("text")
    if not isinstance(main, str) or not main.strip():
        raise InputError(NO_MAIN_TEXT, path=origin)
    main = normalize_newlines(main)
    date = doc.get("date")
    return RawArticle(
        id=content_id(main),
        text=main,
        raw=data,
        origin=origin,
        format="html",
        encoding=encoding,
        id_given=False,
        title=_text_or_none(doc.get("title")),
        source=_site_name(doc.get("sitename"), marks.get("site_name")),
        url=_text_or_none(doc.get("url")),
        published=normalise_iso_date(date) if isinstance(date, str) else None,
        lang=declared_lang(text),
        author=clean_author(_text_or_none(doc.get("author"))),
        metadata=_metadata(doc, origin, marks.get("marked_dateline")),
    )


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``http-equiv`` tag near the top of the page declares."""
    match = _DECLARED_CHARSET.search(data[:_HEAD_BYTES])
    return match.group(1).decode("ascii") if match else None


def declared_lang(text: str) -> str | None:
    """The language code of ``<html lang="...">``, as declared (``"id"``, ``"id-ID"``)."""
    match = _HTML_LANG.search(text[:_HEAD_BYTES])
    return match.group(1) if match else None


def _extract(text: str, origin: str) -> tuple[dict[str, Any], dict[str, str]]:
    """trafilatura's main text and metadata as a dict (empty when it finds nothing), and the
    page's marks (:func:`_page_marks`). The page is parsed once, for both."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        tree = trafilatura.load_html(text)
        marks = _page_marks(tree) if tree is not None else {}
        # Comments are a separate field that warta does not keep: not extracting them saves work.
        # trafilatura works on a copy of the tree it is given.
        doc = trafilatura.bare_extraction(
            tree if tree is not None else text, with_metadata=True, include_comments=False
        )
    except Exception as exc:  # a parser failure on one page must not stop the batch
        raise InputError(f"could not parse the HTML: {exc}", path=origin) from None
    if doc is None:
        return {}, marks
    return (dict(doc) if isinstance(doc, dict) else dict(doc.as_dict())), marks


def _text_or_none(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _metadata(doc: dict[str, Any], origin: str, marked_dateline: str | None) -> dict[str, Any]:
    """The file name plus the non-empty extra fields trafilatura found."""
    metadata: dict[str, Any] = {"filename": os.path.basename(origin)} if origin != "-" else {}
    metadata.update({key: doc[key] for key in _METADATA_KEYS if doc.get(key)})
    if marked_dateline:
        metadata["marked_dateline"] = marked_dateline
    return metadata


def _site_name(extracted: object, declared: str | None) -> str | None:
    """trafilatura's site name, in the page's own spelling: it title-cases a lower-case name
    ("detikNews" -> "Detiknews")."""
    name = _text_or_none(extracted)
    if name is not None and declared is not None and name.casefold() == declared.casefold():
        return declared
    return name


def _page_marks(tree: Any) -> dict[str, str]:
    """What the markup says that trafilatura's output loses: the declared ``og:site_name`` and a
    dateline in bold at the start of a paragraph."""
    marks: dict[str, str] = {}
    site = tree.xpath('string(//meta[@property="og:site_name"]/@content)')
    if isinstance(site, str) and site.strip():
        marks["site_name"] = " ".join(site.split())
    dateline = next(filter(None, map(_bold_dateline, tree.iter("strong", "b"))), None)
    if dateline is not None:
        marks["marked_dateline"] = dateline
    return marks


def _bold_dateline(bold: Any) -> str | None:
    """The dateline that ``bold`` opens a paragraph with, up to its dash: ``<p><strong>Bekasi</strong>
    - ...`` gives "Bekasi -", ``<strong>TEMPO.CO</strong>, <strong>Jakarta</strong> -`` "TEMPO.CO,
    Jakarta -". Only bold text and separators may stand before the dash; navigation, header and
    footer are not the article."""
    parent = bold.getparent()
    if parent is None or (parent.text or "").strip() or any(map(_has_text, bold.itersiblings(preceding=True))):
        return None
    if next(bold.iterancestors(*_NOT_ARTICLE), None) is not None:
        return None
    pieces: list[str] = []
    node = bold
    while node is not None and node.tag in ("strong", "b"):
        pieces.append(node.text_content())
        tail = node.tail or ""
        head = tail.lstrip()
        if pieces[-1].rstrip().endswith(_DASHES):
            return _dateline_text(pieces)
        if head.startswith(_DASHES):
            return _dateline_text([*pieces, tail[: len(tail) - len(head) + 1]])
        if tail.strip(" ,"):
            return None
        pieces.append(tail)
        node = node.getnext()
    return None


def _has_text(node: Any) -> bool:
    """Whether a node shows text (a script, a style or an HTML comment does not; its tail may)."""
    if (node.tail or "").strip():
        return True
    return isinstance(node.tag, str) and node.tag not in ("script", "style") and bool(node.text_content().strip())


def _dateline_text(pieces: list[str]) -> str | None:
    dateline = " ".join("".join(pieces).split())
    return dateline if 2 < len(dateline) <= _MAX_DATELINE_CHARS else None
