"""Reading the paths given on the command line: files, directories and ``-`` (stdin).

Every bad item becomes an :class:`InputError` that is yielded, not raised, so the rest of the
batch goes on; a file a directory walk does not read (unsupported suffix, FIFO, socket, device)
becomes a :class:`~warta.records.Skipped`, so it is reported rather than dropped silently. Order
is deterministic: paths in the order given, directories walked recursively in sorted name
order, hidden files and directories passed over silently.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from typing import IO, BinaryIO

from ..config import IngestConfig
from ..errors import EmptyInputError, InputError, UnsupportedInputError
from ..records import RawArticle, Skipped, SkippedRecord
from .encoding import decode_text, sniff_unicode
from .html import read_html
from .jsondoc import read_json
from .jsonl import read_jsonl
from .limits import json_file_limit, json_too_large, read_at_most, too_large
from .text import read_text
from .warc import SUFFIXES as WARC_SUFFIXES
from .warc import read_warc

STDIN = "-"

_Item = RawArticle | InputError
_WholeFileReader = Callable[[bytes, str], RawArticle]

# The formats warta reads, by suffix. A suffix listed in ``IngestConfig.suffixes`` but not here
# is read as plain text.
_STREAMED = frozenset({".jsonl", ".ndjson"})
_HTML = frozenset({".html", ".htm"})
_KNOWN_SUFFIXES = frozenset({".txt", ".json", *_HTML, *_STREAMED, *WARC_SUFFIXES})
_SNIFF_BYTES = 1 << 16  # of standard input, to tell JSON from one text or HTML article
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO without it waits for a writer


def read_inputs(
    paths: Sequence[str], cfg: IngestConfig, *, stdin: BinaryIO | None = None
) -> Iterator[RawArticle | InputError | Skipped | SkippedRecord]:
    """Yield every article in ``paths``, an :class:`InputError` for every item that cannot be read,
    and a :class:`Skipped` for every file a directory walk passes over (unsupported suffix, not a
    regular file).

    ``paths`` are files, directories (walked recursively for files whose suffix is in
    ``cfg.suffixes``) or ``"-"`` for ``stdin`` (default: ``sys.stdin.buffer``). No item may be
    over ``cfg.max_article_bytes`` (see :mod:`warta.ingest.limits`).
    """
    suffixes = configured_suffixes(cfg)
    for path in paths:
        if path == STDIN:
            yield from read_stream(stdin if stdin is not None else sys.stdin.buffer, cfg.max_article_bytes)
        else:
            yield from _read_path(path, suffixes, cfg.max_article_bytes)


def read_stream(stream: BinaryIO, max_bytes: int) -> Iterator[_Item]:
    """Read ``stream`` and sniff its format from the first non-space character.

    ``{`` is JSON Lines (or one JSON object spread over several lines, pretty-printed), ``[`` a
    JSON array, ``<`` HTML, anything else plain text. One article (text, HTML) is read only up
    to ``max_bytes``; JSON is copied to a temporary file first, so JSON Lines of any length
    stream through as a file's would.
    """
    try:
        head = read_at_most(stream, _SNIFF_BYTES)
        first = _first_char(head)
        if first not in ("{", "["):
            yield _one_article(head + read_at_most(stream, max(0, max_bytes + 1 - len(head))), first, max_bytes)
            return
        with tempfile.TemporaryFile() as spool:
            spool.write(head)
            shutil.copyfileobj(stream, spool)
            size = spool.tell()
            spool.seek(0)
            yield from _read_json_input(spool, size, first, max_bytes)
    except OSError as exc:
        yield InputError(f"cannot read standard input: {exc.strerror or exc}", path=STDIN)


def _first_char(head: bytes) -> str:
    """The first non-space character of the input that starts with ``head`` ('' if none)."""
    bom = sniff_unicode(head)
    codec = bom.body_codec if bom is not None else "utf-8"
    # "ignore": the head may end inside a character, and legacy bytes are never the ASCII sought.
    return head[len(bom.mark) if bom else 0 :].decode(codec, "ignore").lstrip().lstrip("\ufeff")[:1]


def _one_article(data: bytes, first: str, max_bytes: int) -> _Item:
    """Standard input holding one text or HTML article (``data`` is read up to one byte past the limit)."""
    if len(data) > max_bytes:
        return too_large(None, max_bytes, path=STDIN)
    return _whole_file(read_html if first == "<" else read_text, data, STDIN)


def _read_json_input(spool: IO[bytes], size: int, first: str, max_bytes: int) -> Iterator[_Item]:
    """Standard input that starts with ``{`` or ``[``: JSON Lines, a JSON array or one JSON object."""
    if size > json_file_limit(max_bytes):  # too big to parse whole: only JSON Lines can be read
        if first == "[":
            yield json_too_large(size, max_bytes, path=STDIN)
        else:
            yield from read_jsonl(spool, STDIN, max_bytes=max_bytes)
        return
    data = spool.read()
    try:
        text, _ = decode_text(data, STDIN)
    except InputError as exc:
        yield exc
        return
    first = text.lstrip()[:1]
    if first not in ("{", "["):  # the bytes sniffed as JSON decode otherwise (a legacy code page)
        yield _one_article(data, first, max_bytes)
    elif first == "{" and not _one_json_document(text):
        yield from read_jsonl(io.BytesIO(data), STDIN, max_bytes=max_bytes)
    else:
        yield from read_json(data, STDIN, max_bytes=max_bytes)


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


def configured_suffixes(cfg: IngestConfig) -> frozenset[str]:
    """The suffixes a directory walk reads (``cfg.suffixes``, lower-cased, each with its dot)."""
    return frozenset(_dotted(suffix.strip().lower()) for suffix in cfg.suffixes if suffix.strip())


def _read_path(path: str, suffixes: frozenset[str], max_bytes: int) -> Iterator[_Item | Skipped | SkippedRecord]:
    """One command-line path: a directory is walked; a file is read if warta knows or is configured
    for its suffix (hidden or not: it was named explicitly). A FIFO, socket or device is refused,
    never opened: opening a FIFO waits for a writer."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        yield InputError("no such file or directory", path=path)
        return
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", path=path)
        return
    if stat.S_ISDIR(mode):
        yield from _read_directory(path, suffixes, max_bytes)
    elif not stat.S_ISREG(mode):
        yield _not_regular_error(path, mode)
    elif _suffix(path) in suffixes or _suffix(path) in _KNOWN_SUFFIXES:
        yield from read_file(path, max_bytes)
    else:
        expected = ", ".join(sorted(suffixes | _KNOWN_SUFFIXES))
        yield UnsupportedInputError(
            f"unsupported file type {_suffix(path) or '(no suffix)'!r} (warta reads {expected})", path=path
        )


def _not_regular_error(path: str, mode: int) -> UnsupportedInputError:
    return UnsupportedInputError(
        f"{_file_kind(mode)}, not a regular file: warta reads files and directories "
        "(pipe anything else to standard input: warta ingest - < ...)",
        path=path,
    )


def _file_kind(mode: int) -> str:
    """``"FIFO"``, ``"socket"``, ... for a file that is not regular."""
    kinds = (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")


def _read_directory(root: str, suffixes: frozenset[str], max_bytes: int) -> Iterator[_Item | Skipped | SkippedRecord]:
    found = False
    for entry in walk(root, suffixes):
        if isinstance(entry, str):
            found = True
            yield from read_file(entry, max_bytes)
        else:
            yield entry
    if not found:
        yield EmptyInputError(f"no input files in the directory (looked for {', '.join(sorted(suffixes))})", path=root)


def walk(root: str, suffixes: frozenset[str]) -> Iterator[str | InputError | Skipped]:
    """The regular files under ``root`` with one of ``suffixes``, recursively, in sorted order.

    Every other file is a :class:`Skipped` saying why (an unsupported suffix; a FIFO, socket or
    device, which is never opened). Hidden entries (name starting with ``.``) are passed over
    silently. Symbolic links are followed, each directory at most once (a link loop is not
    walked forever).
    """
    yield from _walk(root, suffixes, set())


def _walk(directory: str, suffixes: frozenset[str], seen: set[tuple[int, int]]) -> Iterator[str | InputError | Skipped]:
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
        else:
            yield _walked_file(entry, path, suffixes)


def _walked_file(entry: os.DirEntry[str], path: str, suffixes: frozenset[str]) -> str | Skipped:
    """``path`` when the walk should read it, else why not."""
    suffix = _suffix(entry.name)
    try:
        mode = entry.stat().st_mode
    except OSError:  # a broken link, say: reading it reports the error, if warta would read it at all
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):
        return Skipped(path, f"not a regular file ({_file_kind(mode)})")
    if suffix not in suffixes:
        return Skipped(path, f"unsupported suffix {suffix!r}" if suffix else "no suffix")
    return path


def read_file(path: str, max_bytes: int) -> Iterator[_Item | SkippedRecord]:
    """Every record in one file, chosen by suffix (unknown suffixes are read as plain text).

    The size is checked before anything is read: a whole-file input may have ``max_bytes``, a
    ``.json`` file :func:`~warta.ingest.limits.json_file_limit`; JSON Lines are bounded per line.
    """
    suffix = _suffix(path)
    if suffix in WARC_SUFFIXES:  # streamed record by record; each page is bounded, not the archive
        yield from read_warc(path, max_bytes)
        return
    bound = json_file_limit(max_bytes) if suffix == ".json" else max_bytes
    try:
        with _open_regular(path) as stream:
            if suffix in _STREAMED:
                yield from read_jsonl(stream, path, max_bytes=max_bytes)
                return
            size = os.fstat(stream.fileno()).st_size
            data = b"" if size > bound else read_at_most(stream, bound + 1)  # + 1: a file that grew
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", path=path)
        return
    size = max(size, len(data))
    if size > bound:
        yield json_too_large(size, max_bytes, path=path) if suffix == ".json" else too_large(size, max_bytes, path=path)
    elif suffix == ".json":
        yield from read_json(data, path, max_bytes=max_bytes)
    else:
        yield _whole_file(read_html if suffix in _HTML else read_text, data, path)


def _open_regular(path: str) -> BinaryIO:
    """``path`` opened for reading; :class:`UnsupportedInputError` if it is not a regular file.

    Opened non-blocking and checked on the open descriptor, so a file that became a FIFO after
    it was listed cannot hang the ingest.
    """
    fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular_error(path, mode)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


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
    """The lower-cased suffix that says how ``path`` is read: ``".warc.gz"`` is one suffix."""
    lowered = path.lower()
    if lowered.endswith(".warc.gz"):
        return ".warc.gz"
    return os.path.splitext(lowered)[1]
