"""HTML input: trafilatura finds the main text and the page's metadata.

The bytes are decoded first (a ``<meta charset>`` the page declares is honoured when the bytes
are not UTF-8), then handed to :func:`trafilatura.bare_extraction`. ``title``, ``author``,
``url``, the site name (as ``source``) and the date trafilatura finds are kept; the declared
``<html lang>`` goes to ``lang``; host name, description, categories and tags go to ``metadata``.
"""

from __future__ import annotations

import os
import re
from typing import Any

from ..errors import InputError
from ..records import RawArticle
from .encoding import decode_text, normalize_newlines
from .ids import content_id
from .schema import normalise_iso_date

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_HTML_LANG = re.compile(r"""<html\b[^>]{0,500}?\blang\s*=\s*["']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""", re.I)
_HEAD_BYTES = 4096
_METADATA_KEYS = ("hostname", "description", "categories", "tags", "image")

NO_MAIN_TEXT = "no main text found in the HTML"


def read_html(data: bytes, origin: str) -> RawArticle:
    """The article in one HTML page; raises :class:`InputError` when the page has no main text."""
    text, encoding = decode_text(data, origin, declared=declared_charset(data))
    doc = _extract(text, origin)
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
        source=_text_or_none(doc.get("sitename")),
        url=_text_or_none(doc.get("url")),
        published=normalise_iso_date(date) if isinstance(date, str) else None,
        lang=declared_lang(text),
        author=_text_or_none(doc.get("author")),
        metadata=_metadata(doc, origin),
    )


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``http-equiv`` tag near the top of the page declares."""
    match = _DECLARED_CHARSET.search(data[:_HEAD_BYTES])
    return match.group(1).decode("ascii") if match else None


def declared_lang(text: str) -> str | None:
    """The language code of ``<html lang="...">``, as declared (``"id"``, ``"id-ID"``)."""
    match = _HTML_LANG.search(text[:_HEAD_BYTES])
    return match.group(1) if match else None


def _extract(text: str, origin: str) -> dict[str, Any]:
    """trafilatura's main text and metadata as a dict (empty when it finds nothing)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(text, with_metadata=True)
    except Exception as exc:  # a parser failure on one page must not stop the batch
        raise InputError(f"could not parse the HTML: {exc}", path=origin) from None
    if doc is None:
        return {}
    return dict(doc) if isinstance(doc, dict) else dict(doc.as_dict())


def _text_or_none(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _metadata(doc: dict[str, Any], origin: str) -> dict[str, Any]:
    """The file name plus the non-empty extra fields trafilatura found."""
    metadata: dict[str, Any] = {"filename": os.path.basename(origin)} if origin != "-" else {}
    metadata.update({key: doc[key] for key in _METADATA_KEYS if doc.get(key)})
    return metadata
