"""Turning input bytes into text: byte-order marks, UTF-8, legacy code pages, binary detection.

Order of attempts (first that works wins):

1. a byte-order mark (UTF-32, UTF-8, UTF-16): the encoding it names, strictly; without one,
   UTF-16 whose NUL bytes give it away (every ASCII character's high byte);
2. binary signatures (NUL bytes, PNG/JPEG/PDF/ZIP/... magic) -> :class:`DecodeError`;
3. strict UTF-8 (fast, and what nearly every input is);
4. a charset the document declares (HTML ``<meta charset>``), when the caller passes one;
5. charset-normalizer's best guess, with Windows-1252 tried first when it reads the bytes
   the same way as an equally good guess, or when the guess is unsure and the bytes look like
   Latin-script text (legacy Indonesian sites use Windows-1252; on short samples
   charset-normalizer wavers between unrelated code pages).

Decoded text that is mostly control characters is reported as binary too. Nothing here
normalises newlines: callers that need exact character offsets (the JSON walker) get the
text exactly as decoded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from ..errors import DecodeError, EmptyInputError


@dataclass(frozen=True, slots=True)
class Bom:
    """A byte-order mark: ``file_codec`` decodes the whole file, ``body_codec`` the bytes after the mark."""

    mark: bytes
    file_codec: str
    body_codec: str


# UTF-32 LE must be tried before UTF-16 LE: its mark starts with the UTF-16 LE mark.
_BOMS = (
    Bom(codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    Bom(codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    Bom(codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    Bom(codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    Bom(codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)

_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",  # ZIP, DOCX, XLSX, EPUB
    b"\x1f\x8b",  # gzip
    b"\x7fELF",
    b"SQLite format 3\x00",
    b"RIFF",  # WAV, WEBP, AVI
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
)

# Control characters that never appear in text (tab, newlines, form feed and vertical tab do).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.02
_NEWLINES = re.compile(r"\r\n?")

# Byte-order-less UTF-16/32 guesses for NUL-free bytes are nearly always wrong; EBCDIC too.
_NEVER_GUESS = frozenset(
    {"utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"}
    | {"cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"}  # EBCDIC
)
_PREFERRED_LEGACY = "cp1252"
_UNSURE_COHERENCE = 0.2
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))
# Browsers read these declared charsets as Windows-1252 (WHATWG Encoding Standard).
_READ_AS_CP1252 = frozenset({"ascii", "latin_1", "iso8859_1", "cp1252"})

BINARY_MESSAGE = "looks like a binary file, not text"


def sniff_bom(data: bytes) -> Bom | None:
    """The byte-order mark ``data`` starts with, if any."""
    return next((bom for bom in _BOMS if data.startswith(bom.mark)), None)


_UTF16_LE = Bom(b"", "utf-16-le", "utf-16-le")
_UTF16_BE = Bom(b"", "utf-16-be", "utf-16-be")
_UTF16_SAMPLE = 8192


def sniff_unicode(data: bytes) -> Bom | None:
    """:func:`sniff_bom`, or for mark-less UTF-16 a :class:`Bom` with an empty ``mark``.

    Text saved as UTF-16 without a byte-order mark (some Windows tools do this) has a NUL in
    the high byte of every ASCII character: NULs in most odd (little-endian) or even
    (big-endian) positions and almost none in the others. Binary files do not look like that.
    """
    bom = sniff_bom(data)
    if bom is not None:
        return bom
    head = data[: min(len(data), _UTF16_SAMPLE) // 2 * 2]
    if len(head) < 4:
        return None
    low, high = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if high >= 0.6 * half and low <= 0.02 * half:
        return _UTF16_LE
    if low >= 0.6 * half and high <= 0.02 * half:
        return _UTF16_BE
    return None


def looks_binary(head: bytes) -> bool:
    """True when ``head`` (the first bytes of an input without a byte-order mark) is not text."""
    return b"\x00" in head or head.startswith(_MAGIC)


def normalize_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``: the only change ingest makes to text."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode one input's bytes; returns ``(text, encoding name)``.

    ``data.decode(encoding)`` gives ``text`` back (``utf-8-sig``/``utf-16``/``utf-32`` name
    inputs that start with a byte-order mark). Raises :class:`EmptyInputError` for input with
    no text and :class:`DecodeError` for binary data or bytes no encoding reads.
    """
    return decode_text(data, path)


def decode_text(data: bytes, path: str, *, line: int | None = None, declared: str | None = None) -> tuple[str, str]:
    """:func:`decode_bytes`, with the line to name in errors and a charset the document declares."""
    bom = sniff_unicode(data)
    if bom is not None:
        text, encoding = _decode_with_bom(data, bom, path, line), bom.file_codec
    elif looks_binary(data[:8192]):
        raise DecodeError(BINARY_MESSAGE, path=path, line=line)
    else:
        text, encoding = _decode_without_bom(data, path, line, declared)
    _check_is_text(text, path, line)
    return text, encoding


def _decode_with_bom(data: bytes, bom: Bom, path: str, line: int | None) -> str:
    try:
        return data[len(bom.mark) :].decode(bom.body_codec)
    except UnicodeDecodeError as exc:
        why = "although it starts with its byte-order mark" if bom.mark else "although its NUL bytes say it is"
        raise DecodeError(
            f"not valid {bom.body_codec} {why} ({exc.reason})",
            path=path,
            line=line,
        ) from None


def _decode_without_bom(data: bytes, path: str, line: int | None, declared: str | None) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared_codec = _codec_for_declared(declared)
    candidates = ((declared_codec,) if declared_codec else ()) + guess_encodings(data)
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise DecodeError("could not detect the text encoding", path=path, line=line)


def _codec_for_declared(declared: str | None) -> str | None:
    """Python's codec name for a declared charset, or ``None`` if Python has no such codec."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name.replace("-", "_")
    except LookupError:
        return None
    return _PREFERRED_LEGACY if name in _READ_AS_CP1252 else name


def guess_encodings(data: bytes) -> tuple[str, ...]:
    """Encodings to try for non-UTF-8 bytes, best first.

    charset-normalizer's guess, preceded by Windows-1252 when an equally good guess reads the
    bytes exactly as Windows-1252 does, or when the guess is unsure (no language recognised)
    and the bytes look like Latin-script text: mostly ASCII letters with a few high bytes for
    curly quotes, dashes and accents. Short samples give charset-normalizer too little to go on.
    """
    matches = charset_normalizer.from_bytes(data, cp_exclusion=sorted(_NEVER_GUESS))
    best = matches.best()
    latin = _looks_latin(data)
    if best is None:
        return (_PREFERRED_LEGACY,) if latin else ()
    ties = (match for match in matches if match.chaos <= best.chaos + 0.01)
    if any(_PREFERRED_LEGACY in match.could_be_from_charset for match in ties) or (
        latin and best.coherence < _UNSURE_COHERENCE
    ):
        return (_PREFERRED_LEGACY, str(best.encoding))
    return (str(best.encoding),)


def _looks_latin(data: bytes) -> bool:
    """True when high bytes are fewer than ASCII letters (Cyrillic, Greek, CJK... are mostly high bytes)."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return high <= letters


def _check_is_text(text: str, path: str, line: int | None) -> None:
    """Raise unless ``text`` has some non-space text and few control characters."""
    if not text.strip():
        raise EmptyInputError("empty input (no text)", path=path, line=line)
    controls = len(_CONTROL.findall(text))
    if controls and (controls / len(text) > _MAX_CONTROL_SHARE or "\x00" in text):
        raise DecodeError(BINARY_MESSAGE, path=path, line=line)
