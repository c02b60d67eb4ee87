"""Write benchmark results into ``benchmarks/RESULTS.md``, one marked section per benchmark.

Each benchmark owns the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` and rewrites only that;
other sections, written by other scripts (possibly at the same time), are left byte-for-byte as they were.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "RESULTS.md"
_NEW_FILE = "# Benchmark results\n\nEach section is written by the script it names; rerun that script to update it.\n"


def _markers(name: str) -> tuple[str, str]:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ValueError(f"section name must be letters, digits, '-' or '_': {name!r}")
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Hold an advisory lock while rewriting results; the lock file is in the temp dir, so none is left in the repo."""
    lock_path = Path(tempfile.gettempdir()) / "warta-benchmark-results.lock"
    try:
        import fcntl
    except ImportError:  # not POSIX: no locking, the atomic replace below still avoids torn files
        yield
        return
    with lock_path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_section(text: str, name: str) -> str | None:
    """The body between the markers of section ``name`` (without the markers), or None if absent."""
    start, end = _markers(name)
    match = re.search(re.escape(start) + r"\n?(.*?)" + re.escape(end), text, flags=re.S)
    return match.group(1) if match else None


def replace_section(text: str, name: str, body: str) -> str:
    """``text`` with section ``name`` set to ``body``; the section is appended if it is not there yet."""
    start, end = _markers(name)
    block = f"{start}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), flags=re.S)
    if pattern.search(text):
        return pattern.sub(lambda _m: block, text, count=1)
    return text.rstrip("\n") + "\n\n" + block + "\n"


def update_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Read-modify-write ``path``, replacing only section ``name``; the file is replaced atomically."""
    with _locked():
        text = path.read_text(encoding="utf-8") if path.exists() else _NEW_FILE
        new = replace_section(text, name, body)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(new)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def table_rows(section: str | None) -> dict[str, str]:
    """Existing markdown table rows of a section, keyed by their first cell (header and rule excluded)."""
    rows: dict[str, str] = {}
    lines = [line for line in (section or "").splitlines() if line.startswith("|")]
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0]:
            rows[cells[0]] = line.strip()
    return rows


def markdown_row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def upsert_table(section: str | None, header: Sequence[str], row: Sequence[object]) -> str:
    """A markdown table holding the rows already in ``section`` with ``row`` added or replaced (keyed by cell 0)."""
    rows = table_rows(section)
    rows[str(row[0])] = markdown_row(row)
    lines = [markdown_row(header), markdown_row(["---"] * len(header)), *rows.values()]
    return "\n".join(lines)


def git_revision() -> str:
    """Short commit of the working tree, with ``+dirty`` when there are uncommitted changes; ``unknown`` if no git."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return rev + ("+dirty" if dirty.strip() else "")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_summary() -> str:
    """One line: CPU model, core count, Python version and OS, for results tables."""
    cores = os.cpu_count() or 0
    return f"{cpu_model()}, {cores} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
