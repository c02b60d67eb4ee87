"""Content ids: the id an article gets when its input gives none."""

from __future__ import annotations

import hashlib
import unicodedata


def content_id(text: str) -> str:
    """A stable 16-hex-digit id for ``text``.

    The hash (BLAKE2b, 8 bytes) is taken over the NFC-normalised text with whitespace runs
    collapsed to one space and the ends stripped, so the same article read twice -- from a
    ``.txt`` with CRLF line ends and from a JSON Lines record, say -- gets the same id.
    """
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    # surrogatepass: a JSON "\\ud800" escape decodes to a lone surrogate; hash it rather than crash.
    return hashlib.blake2b(canonical.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
