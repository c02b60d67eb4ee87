"""WARC archives (``.warc``, ``.warc.gz``): web crawls such as CC-NEWS, read with fastwarc.

Each ``response`` record with HTTP status 200 and an HTML body becomes one article, extracted as
an ``.html`` file is (trafilatura); the record's target URL and crawl date (``WARC-Date``) are
kept (``url``; ``metadata["crawled_at"]``, with the record id). Every other record holds no
article and is counted by reason, not reported one by one (a crawl holds far more of them than
articles): not a response (``request``, ``metadata``, ``warcinfo`` …), an HTTP status other than
200, not HTML, truncated (a ``WARC-Truncated`` header, or a body shorter than the record says:
the file was cut), larger than ``ingest.max_article_bytes``, an encoding warta cannot undo, or
HTML without main text (an index page, say).

Memory stays flat in the file's size: records are read one at a time, and a body is read only
once its record has passed every check that the headers allow (a skipped record's body is
passed over, never held). An archive that cannot be read on (corrupt compression) is an
:class:`~warta.errors.InputError` naming the file and the byte offset where reading stopped;
the records before it are kept.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..errors import InputError
from ..records import RawArticle, SkippedRecord
from .html import NO_MAIN_TEXT, read_html

SUFFIXES = (".warc", ".warc.gz")

NOT_RESPONSE = "not a response record"
NOT_200 = "HTTP status not 200"
NOT_HTML = "not HTML"
TRUNCATED = "truncated"
TOO_LARGE = "larger than ingest.max_article_bytes"
UNDECODABLE = "content encoding not supported"
NO_TEXT = "no main text in the HTML"

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_Item = RawArticle | InputError | SkippedRecord


def is_warc(path: str) -> bool:
    """Whether ``path`` names a WARC archive, by its suffix."""
    return path.lower().endswith(SUFFIXES)


def read_warc(path: str, max_bytes: int) -> Iterator[_Item]:
    """The articles of the archive at ``path``, and a :class:`SkippedRecord` for every record that
    holds none (see the module docstring); a page over ``max_bytes`` is skipped, not read."""
    from fastwarc.warc import ArchiveIterator  # imported here: only WARC input needs it

    try:
        stream = open(path, "rb")  # noqa: SIM115  (closed in the finally below, after the last record)
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", path=path)
        return
    position = 0
    try:
        records = iter(ArchiveIterator(stream, parse_http=True, auto_decode="none"))
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            position = int(record.stream_pos)
            yield _read_record(record, path, max_bytes)
    except (OSError, ValueError) as exc:
        yield InputError(
            f"cannot read the archive on from byte {position} ({exc}); the records before it were read", path=path
        )
    finally:
        stream.close()


def _read_record(record: Any, path: str, max_bytes: int) -> _Item:
    """One record's article, or why it has none."""
    from fastwarc.warc import WarcRecordType

    skipped = _skip_reason(record, max_bytes)
    if skipped is not None:
        return SkippedRecord(path, skipped)
    declared = int(record.content_length)
    body = record.reader.read(declared + 1)
    if len(body) < declared:
        return SkippedRecord(path, TRUNCATED)  # the file ends inside the record
    assert record.record_type == WarcRecordType.response
    headers = record.http_headers
    try:
        body = _decoded(body, headers.get("Transfer-Encoding"), headers.get("Content-Encoding"), max_bytes)
    except (ValueError, zlib.error, EOFError, OSError):
        return SkippedRecord(path, UNDECODABLE)
    if body is None:
        return SkippedRecord(path, UNDECODABLE)
    url = record.headers.get("WARC-Target-URI") or None
    try:
        raw = read_html(body, path, charset=record.http_charset)
    except InputError as error:
        if error.reason == NO_MAIN_TEXT:
            return SkippedRecord(path, NO_TEXT)
        return InputError(f"{error.reason} (record {record.record_id}, {url})", path=path)
    metadata = {k: v for k, v in raw.metadata.items() if k != "filename"}
    metadata.update(
        archive=os.path.basename(path),
        warc_record_id=record.record_id,
        crawled_at=record.headers.get("WARC-Date"),
    )
    return replace(raw, url=url or raw.url, metadata=metadata)


def _skip_reason(record: Any, max_bytes: int) -> str | None:
    """Why a record holds no article, from its headers alone (its body not yet read)."""
    from fastwarc.warc import WarcRecordType

    if record.record_type != WarcRecordType.response:
        return NOT_RESPONSE
    if record.headers.get("WARC-Truncated"):
        return TRUNCATED
    headers = record.http_headers
    if headers is None:
        return TRUNCATED  # the record ends inside its HTTP headers
    if headers.status_code != 200:
        return NOT_200
    content_type = (record.http_content_type or "").strip().lower()
    if content_type not in _HTML_TYPES:
        return NOT_HTML
    if int(record.content_length) > max_bytes:
        return TOO_LARGE
    return None


def _decoded(body: bytes, transfer: str | None, content: str | None, max_bytes: int) -> bytes | None:
    """The body with its transfer and content encodings undone (crawlers mostly store it decoded:
    then both are absent or "identity"); None for an encoding warta cannot undo, or a body that
    would decode past ``max_bytes``."""
    if transfer and transfer.strip().lower() == "chunked":
        body = _unchunked(body)
    for coding in reversed([c.strip().lower() for c in (content or "").split(",") if c.strip()]):
        if coding in ("gzip", "x-gzip"):
            body = _bounded(zlib.decompressobj(16 + zlib.MAX_WBITS), body, max_bytes)
        elif coding == "deflate":
            try:
                body = _bounded(zlib.decompressobj(), body, max_bytes)
            except zlib.error:  # raw deflate, as some servers send it
                body = _bounded(zlib.decompressobj(-zlib.MAX_WBITS), body, max_bytes)
        elif coding != "identity":
            return None
    return body if len(body) <= max_bytes else None


def _bounded(decompressor: Any, data: bytes, max_bytes: int) -> bytes:
    out: bytes = decompressor.decompress(data, max_bytes + 1)
    if len(out) > max_bytes:
        raise ValueError("decodes past the size limit")
    return out


def _unchunked(body: bytes) -> bytes:
    """``Transfer-Encoding: chunked`` undone (a body not in chunks is left as it is)."""
    out = bytearray()
    at = 0
    while True:
        end = body.find(b"\r\n", at)
        if end < 0:
            return body
        try:
            size = int(body[at:end].split(b";", 1)[0].strip() or b"x", 16)
        except ValueError:
            return body
        if size == 0:
            return bytes(out)
        out += body[end + 2 : end + 2 + size]
        at = end + 2 + size + 2


__all__ = ["SUFFIXES", "is_warc", "read_warc"]
