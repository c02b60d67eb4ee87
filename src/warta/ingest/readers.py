"""Reading the paths given on the command line: files, directories and ``-`` (stdin).

Every bad item becomes an :class:`InputError` that is yielded, not raised, so the rest of the
batch goes on. Order is deterministic: paths in the order given, directories walked
recursively in sorted name order, hidden files and directories skipped.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

from ..config import IngestConfig
from ..errors import EmptyInputError, InputError, UnsupportedInputError
from ..records import RawArticle
from .encoding import decode_text
from .html import read_html
from .jsondoc import read_json
from .jsonl import read_jsonl
from .text import read_text

STDIN = "-"

_Item = RawArticle | InputError
_WholeFileReader = Callable[[bytes, str], RawArticle]

# The formats warta reads, by suffix. A suffix listed in ``IngestConfig.suffixes`` but not here
# is read as plain text.
_STREAMED = frozenset({".jsonl", ".ndjson"})
_HTML = frozenset({".html", ".htm"})
_KNOWN_SUFFIXES = frozenset({".txt", ".json", *_HTML, *_STREAMED})


def read_inputs(
    paths: Sequence[str], cfg: IngestConfig, *, stdin: BinaryIO | None = None
) -> Iterator[RawArticle | InputError]:
    """Yield every article in ``paths``, and an :class:`InputError` for every item that cannot be read.

    ``paths`` are files, directories (walked recursively for files whose suffix is in
    ``cfg.suffixes``) or ``"-"`` for ``stdin`` (default: ``sys.stdin.buffer``).
    """
    suffixes = frozenset(_dotted(suffix.strip().lower()) for suffix in cfg.suffixes if suffix.strip())
    for path in paths:
        if path == STDIN:
            yield from read_stream(stdin if stdin is not None else sys.stdin.buffer)
        else:
            yield from _read_path(path, suffixes)


def read_stream(stream: BinaryIO) -> Iterator[_Item]:
    """Read all of ``stream`` and sniff its format from the first non-space character.

    ``{`` is JSON Lines (or one JSON object spread over several lines, pretty-printed), ``[`` a
    JSON array, ``<`` HTML, anything else plain text.
    """
    try:
        data = stream.read()
    except OSError as exc:
        yield InputError(f"cannot read standard input: {exc.strerror or exc}", path=STDIN)
        return
    try:
        text, _ = decode_text(data, STDIN)
    except InputError as exc:
        yield exc
        return
    first = text.lstrip()[:1]
    if first == "{" and _one_json_document(text):
        yield from read_json(data, STDIN)
    elif first == "{":
        yield from read_jsonl(io.BytesIO(data), STDIN)
    elif first == "[":
        yield from read_json(data, STDIN)
    else:
        yield _whole_file(read_html if first == "<" else read_text, data, STDIN)


def _one_json_document(text: str) -> bool:
    """True for a single JSON object written over several lines: its first line is no whole record."""
    first_line = text.lstrip().split("\n", 1)[0]
    try:
        json.loads(first_line)
    except ValueError:
        try:
            json.loads(text)
        except ValueError:
            return False  # JSON Lines with a bad first line: reported line by line
        return True
    return False


def _read_path(path: str, suffixes: frozenset[str]) -> Iterator[_Item]:
    """One command-line path: a directory is walked; a file is read if warta knows or is configured
    for its suffix (hidden or not: it was named explicitly)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        yield InputError("no such file or directory", path=path)
        return
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", path=path)
        return
    if stat.S_ISDIR(mode):
        yield from _read_directory(path, suffixes)
    elif _suffix(path) in suffixes or _suffix(path) in _KNOWN_SUFFIXES:
        yield from read_file(path)
    else:
        expected = ", ".join(sorted(suffixes | _KNOWN_SUFFIXES))
        yield UnsupportedInputError(
            f"unsupported file type {_suffix(path) or '(no suffix)'!r} (warta reads {expected})", path=path
        )


def _read_directory(root: str, suffixes: frozenset[str]) -> Iterator[_Item]:
    found = False
    for entry in walk(root, suffixes):
        if isinstance(entry, InputError):
            yield entry
        else:
            found = True
            yield from read_file(entry)
    if not found:
        yield EmptyInputError(f"no input files in the directory (looked for {', '.join(sorted(suffixes))})", path=root)


def walk(root: str, suffixes: frozenset[str]) -> Iterator[str | InputError]:
    """The files under ``root`` with one of ``suffixes``, recursively, in sorted order.

    Hidden entries (name starting with ``.``) are skipped. Symbolic links are followed, each
    directory at most once (a link loop is not walked forever).
    """
    yield from _walk(root, suffixes, set())


def _walk(directory: str, suffixes: frozenset[str], seen: set[tuple[int, int]]) -> Iterator[str | InputError]:
    try:
        info = os.stat(directory)
        if (info.st_dev, info.st_ino) in seen:
            return
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(f"cannot read directory: {exc.strerror or exc}", path=directory)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(directory, entry.name)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, suffixes, seen)
        elif _suffix(entry.name) in suffixes:
            yield path


def read_file(path: str) -> Iterator[_Item]:
    """Every record in one file, chosen by suffix (unknown suffixes are read as plain text)."""
    suffix = _suffix(path)
    try:
        if suffix in _STREAMED:
            with open(path, "rb") as stream:
                yield from read_jsonl(stream, path)
            return
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", path=path)
        return
    if suffix == ".json":
        yield from read_json(data, path)
    else:
        yield _whole_file(read_html if suffix in _HTML else read_text, data, path)


def _whole_file(reader: _WholeFileReader, data: bytes, origin: str) -> _Item:
    """The one article a ``.txt``/``.html`` input holds, or the error that says why there is none."""
    try:
        return reader(data, origin)
    except InputError as exc:
        return exc


def _dotted(suffix: str) -> str:
    """``"txt"`` -> ``".txt"``: settings from the environment often leave the dot out."""
    return suffix if suffix.startswith(".") else f".{suffix}"


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()
