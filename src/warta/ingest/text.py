"""Plain-text input: the whole file is one article, with no title line assumed."""

from __future__ import annotations

import os

from ..records import RawArticle
from .encoding import decode_text, normalize_newlines
from .ids import content_id


def read_text(data: bytes, origin: str) -> RawArticle:
    """The article in one text file; raises :class:`InputError` for empty or undecodable bytes."""
    decoded, encoding = decode_text(data, origin)
    text = normalize_newlines(decoded)
    return RawArticle(
        id=content_id(text),
        text=text,
        raw=data,
        origin=origin,
        format="txt",
        encoding=encoding,
        id_given=False,
        metadata={"filename": os.path.basename(origin)} if origin != "-" else {},
    )
