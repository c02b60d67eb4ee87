"""``.json`` input: one record object or an array of them (several top-level values in a row are
read one after another, so concatenated objects work too).

Values are walked with :meth:`json.JSONDecoder.raw_decode` so that each record's ``raw`` is the
exact byte slice of its object in the file and its ``line`` the line where the object starts.
An element that is not a usable record, or is over ``ingest.max_article_bytes``, yields its error
and the walk goes on; JSON that cannot be parsed stops the walk there, since there is no reliable
way to find the next element. The file as a whole is bounded by the caller (it is parsed whole).
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

from ..errors import EmptyInputError, InputError, MalformedRecordError
from ..records import RawArticle
from .encoding import decode_text, sniff_unicode
from .limits import too_large
from .schema import build_record

_WHITESPACE = re.compile(r"[ \t\n\r]*")

_Item = RawArticle | InputError


class _StopWalk(Exception):
    """The JSON cannot be parsed past this point; carries the error to report."""

    def __init__(self, error: MalformedRecordError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(slots=True)
class _Cursor:
    """Maps character offsets in the decoded text to line numbers and byte offsets in the file.

    Offsets must be visited in increasing order: each step encodes only the text since the
    previous one, so walking a large array stays linear.
    """

    text: str
    codec: str  # encodes a slice of ``text`` back to the file's bytes (byte-order mark excluded)
    byte: int  # byte offset of ``char`` in the file
    char: int = 0
    line: int = 1

    def advance(self, char: int) -> None:
        segment = self.text[self.char : char]
        self.line += segment.count("\n") + segment.count("\r") - segment.count("\r\n")
        self.byte += len(segment.encode(self.codec, "surrogatepass"))
        self.char = char


def read_json(data: bytes, origin: str, *, max_bytes: int) -> Iterator[_Item]:
    """Yield a record, or the error that stops it, for the object or each array element in ``data``;
    an element of more than ``max_bytes`` bytes is a :class:`~warta.errors.TooLargeError`."""
    try:
        text, encoding = decode_text(data, origin)
    except InputError as exc:
        yield exc
        return
    bom = sniff_unicode(data)
    codec = bom.body_codec if bom is not None else encoding
    cursor = _Cursor(text, codec, byte=len(bom.mark) if bom else 0)
    walker = _Walker(text, data, origin, codec, cursor, max_bytes)
    count = 0
    try:
        for item in walker.values():
            count += 1
            yield item
    except _StopWalk as stop:
        yield stop.error
        return
    if count == 0:
        yield EmptyInputError("no records (the JSON array is empty)", path=origin)


@dataclass(slots=True)
class _Walker:
    """Walks the top-level JSON values of one decoded document, raising :class:`_StopWalk` on bad JSON."""

    text: str
    data: bytes
    origin: str
    codec: str
    cursor: _Cursor
    max_bytes: int
    decoder: json.JSONDecoder = field(default_factory=json.JSONDecoder)

    def values(self) -> Iterator[_Item]:
        """Every record of every top-level value: objects directly, arrays element by element."""
        pos = self._skip(0)
        while pos < len(self.text):
            if self.text[pos] == "[":
                pos = yield from self._array(pos)
            else:
                item, pos = self._element(pos)
                yield item
            pos = self._skip(pos)

    def _array(self, pos: int) -> Generator[_Item, None, int]:
        """The records of the array opening at ``pos``; returns the offset after its ``]``."""
        pos = self._skip(pos + 1)
        if self.text.startswith("]", pos):
            return pos + 1
        while True:
            item, pos = self._element(pos)
            yield item
            pos = self._skip(pos)
            if pos >= len(self.text):
                raise self._stop("unterminated array (missing ']')", pos)
            if self.text[pos] == "]":
                return pos + 1
            if self.text[pos] != ",":
                raise self._stop("expected ',' or ']' after an array element", pos)
            pos = self._skip(pos + 1)

    def _element(self, start: int) -> tuple[_Item, int]:
        """The record (or its schema error) for the JSON value at ``start``, and the offset after it."""
        try:
            value, end = self.decoder.raw_decode(self.text, start)
        except RecursionError:
            raise self._stop("JSON nested too deeply", start) from None
        except json.JSONDecodeError as exc:
            raise self._stop(f"not valid JSON: {exc.msg}", exc.pos) from None
        except ValueError as exc:  # e.g. an integer with more digits than Python converts
            raise self._stop(f"not valid JSON: {exc}", start) from None
        self.cursor.advance(start)
        line, first_byte = self.cursor.line, self.cursor.byte
        self.cursor.advance(end)
        raw = self.data[first_byte : self.cursor.byte]
        if len(raw) > self.max_bytes:
            return too_large(len(raw), self.max_bytes, path=self.origin, line=line), end
        try:
            return build_record(value, raw=raw, origin=self.origin, line=line, fmt="json", encoding=self.codec), end
        except MalformedRecordError as exc:
            return exc, end

    def _stop(self, message: str, pos: int) -> _StopWalk:
        self.cursor.advance(max(pos, self.cursor.char))
        return _StopWalk(MalformedRecordError(message, path=self.origin, line=self.cursor.line))

    def _skip(self, pos: int) -> int:
        """The offset of the first non-whitespace character at or after ``pos``."""
        match = _WHITESPACE.match(self.text, pos)
        return match.end() if match else pos
