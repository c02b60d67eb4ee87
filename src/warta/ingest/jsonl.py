"""JSON Lines input: one record per line, streamed so a large file is never held in memory whole.

Each line is decoded on its own: strict UTF-8 first; a line that is not UTF-8 is decoded like
any other input (see :mod:`warta.ingest.encoding`), and the encoding found is tried first for
the lines after it. Files that start with a UTF-16 or UTF-32 byte-order mark are read through
a text decoder instead. A bad line yields its error and the lines after it are still read; a
line over ``ingest.max_article_bytes`` is dropped unread (see :mod:`warta.ingest.limits`).
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from ..errors import DecodeError, EmptyInputError, InputError, MalformedRecordError
from ..records import RawArticle
from .encoding import BINARY_MESSAGE, Bom, decode_text, looks_binary, sniff_unicode
from .limits import bounded_lines, bounded_text_lines, too_large
from .schema import build_record

_HEAD_SIZE = 8192
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-blank line: its 1-based number, its bytes (no newline) and their decoding."""

    number: int
    raw: bytes
    text: str
    encoding: str


def read_jsonl(stream: IO[bytes], origin: str, *, max_bytes: int) -> Iterator[RawArticle | InputError]:
    """Yield a record, or the error that stops it, for every non-blank line of ``stream``.

    ``stream`` must be seekable (a file opened ``"rb"`` or a :class:`io.BytesIO`); its first
    bytes are read to find a byte-order mark and to reject binary files up front. A line of
    more than ``max_bytes`` bytes is a :class:`~warta.errors.TooLargeError`.
    """
    head = stream.read(_HEAD_SIZE)
    stream.seek(0)
    bom = sniff_unicode(head)
    if bom is None and looks_binary(head):
        yield DecodeError(BINARY_MESSAGE, path=origin)
        return
    lines: Iterator[_Line | InputError]
    if bom is not None and bom.body_codec != "utf-8":
        lines = _decoded_lines(stream, bom, origin, max_bytes)
    else:
        lines = _byte_lines(stream, bom, origin, max_bytes)
    empty = True
    for line in lines:
        empty = False
        yield (
            line
            if isinstance(line, InputError)
            else parse_line(line.text, line.raw, origin, line.number, line.encoding)
        )
    if empty:
        yield EmptyInputError("empty input (no text)", path=origin)


def parse_line(text: str, raw: bytes, origin: str, number: int, encoding: str) -> RawArticle | InputError:
    """The record on one JSON Lines line, or the :class:`MalformedRecordError` saying what is wrong."""
    try:
        value = json.loads(text)
    except RecursionError:
        return MalformedRecordError("JSON nested too deeply", path=origin, line=number)
    except json.JSONDecodeError as exc:
        return MalformedRecordError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=origin, line=number)
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        return MalformedRecordError(f"not valid JSON: {exc}", path=origin, line=number)
    try:
        return build_record(value, raw=raw, origin=origin, line=number, fmt="jsonl", encoding=encoding)
    except MalformedRecordError as exc:
        return exc


def _byte_lines(stream: IO[bytes], bom: Bom | None, origin: str, max_bytes: int) -> Iterator[_Line | InputError]:
    """Non-blank lines of a UTF-8 (or legacy 8-bit) file, each decoded on its own."""
    fallback: str | None = None
    for number, raw in bounded_lines(stream, max_bytes):
        if isinstance(raw, int):
            yield too_large(raw, max_bytes, path=origin, line=number)
            continue
        if number == 1 and bom is not None:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        try:
            text, encoding = _decode_line(raw, origin, number, fallback)
        except InputError as exc:
            yield exc
            continue
        if encoding != "utf-8":
            fallback = encoding
        yield _Line(number, raw, text, encoding)


def _decode_line(raw: bytes, origin: str, number: int, fallback: str | None) -> tuple[str, str]:
    """Strict UTF-8, else the encoding an earlier line needed, else a fresh guess."""
    for encoding in ("utf-8", fallback):
        if encoding is not None:
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    return decode_text(raw, origin, line=number)


def _decoded_lines(stream: IO[bytes], bom: Bom, origin: str, max_bytes: int) -> Iterator[_Line | InputError]:
    """Non-blank lines of a UTF-16/UTF-32 file.

    Unpaired surrogates are let through the decoder so that only their line is reported;
    any other decoding error (a truncated last character, say) ends the file. Every character
    takes at least 2 (UTF-16) or 4 (UTF-32) bytes, which bounds how much of a line is read.
    """
    reader = io.TextIOWrapper(stream, encoding=bom.file_codec, errors="surrogatepass", newline="\n")
    number = 0
    unit = 4 if "32" in bom.body_codec else 2
    try:
        for number, text in bounded_text_lines(reader, max_bytes // unit):
            if text is None:
                yield too_large(None, max_bytes, path=origin, line=number)
                continue
            raw = text.encode(bom.body_codec, "surrogatepass")
            if len(raw) > max_bytes:
                yield too_large(len(raw), max_bytes, path=origin, line=number)
            elif _SURROGATE.search(text):
                yield DecodeError(f"not valid {bom.body_codec} (unpaired surrogate)", path=origin, line=number)
            elif text.strip():
                yield _Line(number, raw, text, bom.body_codec)
    except UnicodeDecodeError as exc:
        yield DecodeError(f"not valid {bom.body_codec} ({exc.reason})", path=origin, line=number + 1)
    finally:
        reader.detach()
