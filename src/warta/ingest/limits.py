"""What one input item may cost: ``ingest.max_article_bytes`` and the reads that respect it.

A whole-file input (``.txt``, ``.html``, standard input holding one article) is measured before
it is read; a JSON Lines line is read with a bound and, when longer, dropped in chunks, so a
30 MB single-line file never sits in memory whole. A ``.json`` file is parsed whole, so its
bound is :data:`JSON_FILE_FACTOR` articles' worth; JSON Lines is streamed and has none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from ..errors import TooLargeError

SETTING = "ingest.max_article_bytes"
JSON_FILE_FACTOR = 25  # a .json file may hold this many articles' worth of bytes (50 MB by default)
_CHUNK = 1 << 16


def json_file_limit(max_bytes: int) -> int:
    """The most bytes a ``.json`` file (or standard input holding JSON) may have."""
    return max_bytes * JSON_FILE_FACTOR


def too_large(size: int | None, max_bytes: int, *, path: str, line: int | None = None) -> TooLargeError:
    """The error for one article of ``size`` bytes (``None``: more than ``max_bytes``, not read to the end)."""
    amount = f"more than {max_bytes:,}" if size is None else f"{size:,}"
    return TooLargeError(
        f"article too large: {amount} bytes, over the limit of {max_bytes:,} bytes per article "
        f"(setting {SETTING}; raise it with --set {SETTING}=N if this really is one article)",
        path=path,
        line=line,
    )


def json_too_large(size: int, max_bytes: int, *, path: str) -> TooLargeError:
    """The error for a ``.json`` file over :func:`json_file_limit`."""
    return TooLargeError(
        f"JSON file too large: {size:,} bytes, over the limit of {json_file_limit(max_bytes):,} "
        f"({JSON_FILE_FACTOR} x {SETTING}); a .json file is parsed whole, JSON Lines (.jsonl) is streamed: use that",
        path=path,
    )


def read_at_most(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes of ``stream`` (fewer only at its end), however short each read of a pipe is."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        part = stream.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def bounded_lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | int]]:
    """``(number, line)`` for every line of ``stream``, its end (``\\n``, ``\\r\\n``) removed.

    A line over ``max_bytes`` comes as its size in bytes instead: it is read in chunks and
    dropped, never held whole.
    """
    number = 0
    while chunk := stream.readline(max_bytes + 2):
        number += 1
        whole = chunk.endswith(b"\n") or len(chunk) < max_bytes + 2
        line = chunk.removesuffix(b"\n").removesuffix(b"\r") if whole else chunk
        if whole and len(line) <= max_bytes:
            yield number, line
        else:
            yield number, len(line) + (0 if whole else _drop_rest_of_line(stream))


def _drop_rest_of_line(stream: IO[bytes]) -> int:
    """Read to the end of the current line; returns how many bytes it had (its end not counted)."""
    size = 0
    while chunk := stream.readline(_CHUNK):
        if chunk.endswith(b"\n"):
            return size + len(chunk.removesuffix(b"\n").removesuffix(b"\r"))
        size += len(chunk)
    return size


def bounded_text_lines(reader: IO[str], max_chars: int) -> Iterator[tuple[int, str | None]]:
    """:func:`bounded_lines` for a text stream: a line over ``max_chars`` characters comes as ``None``."""
    number = 0
    while chunk := reader.readline(max_chars + 2):
        number += 1
        if chunk.endswith("\n") or len(chunk) < max_chars + 2:
            yield number, chunk.removesuffix("\n").removesuffix("\r")
            continue
        while (rest := reader.readline(_CHUNK)) and not rest.endswith("\n"):
            pass
        yield number, None
