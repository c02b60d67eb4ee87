"""``warta ingest`` on a directory holding an over-limit file, a FIFO and unsupported files.

Run in a child process with a timeout: a FIFO that is opened blocks, and an in-process hang
would hang the whole suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import REPO, SEEDS

LIMIT = 8000
TIMEOUT = 180


def warta(*args: str, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "warta", "--set", f"ingest.max_article_bytes={LIMIT}", *args, "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    try:
        return subprocess.run(command, env=env, input=stdin, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`warta {' '.join(args)}` did not finish in {TIMEOUT} s (did it open a FIFO?)")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    root = tmp_path / "in"
    root.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    assert len(seed.encode()) < LIMIT
    (root / "good.txt").write_text(seed, encoding="utf-8")
    (root / "huge.txt").write_text(seed * 3, encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    (root / "slides.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "[draft].docx").write_bytes(b"PK\x03\x04")
    return root


def test_ingest_stores_the_good_file_refuses_the_big_one_and_skips_the_fifo_and_unsupported_files(
    inputs: Path, tmp_path: Path
) -> None:
    result = warta("ingest", str(inputs), "--format", "json", db=tmp_path / "w.db")
    assert result.returncode == 1, result.stderr  # the over-limit file is an error
    report = json.loads(result.stdout)
    assert report["stored"] == 1
    [error] = report["errors"]
    assert error["location"] == str(inputs / "huge.txt")
    assert f"{LIMIT:,}" in error["error"] and "ingest.max_article_bytes" in error["error"]
    assert report["skipped"] == [
        {"path": str(inputs / "[draft].docx"), "reason": "unsupported suffix '.docx'"},
        {"path": str(inputs / "pipe.txt"), "reason": "not a regular file (FIFO)"},
        {"path": str(inputs / "slides.pdf"), "reason": "unsupported suffix '.pdf'"},
    ]
    # one notice per skipped file on stderr, the file name printed as it is (no markup)
    assert f"notice: skipped {inputs / '[draft].docx'}: unsupported suffix '.docx'" in result.stderr
    assert f"notice: skipped {inputs / 'pipe.txt'}: not a regular file (FIFO)" in result.stderr
    assert result.stderr.count("notice:") == 3


def test_the_table_report_counts_skipped_files(inputs: Path, tmp_path: Path) -> None:
    (inputs / "huge.txt").unlink()
    result = warta("ingest", str(inputs), db=tmp_path / "w.db")
    assert result.returncode == 0, result.stderr  # skipping a file is not an error
    rows = {
        line.split("│")[1].strip(): line.split("│")[2].strip() for line in result.stdout.splitlines() if "│" in line
    }
    assert rows["skipped"] == "3" and rows["stored"] == "1" and rows["errors"] == "0"


def test_a_fifo_named_on_the_command_line_is_refused_and_stdin_still_works(inputs: Path, tmp_path: Path) -> None:
    result = warta("ingest", str(inputs / "pipe.txt"), db=tmp_path / "w.db")
    assert result.returncode == 1
    assert f"{inputs / 'pipe.txt'}: FIFO, not a regular file" in result.stderr
    line = json.dumps({"id": "s1", "text": (inputs / "good.txt").read_text(encoding="utf-8")})
    result = warta("ingest", "-", "--format", "json", db=tmp_path / "w.db", stdin=line + "\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["stored"] == 1


def test_an_over_limit_jsonl_line_is_an_error_at_its_line_and_the_rest_is_stored(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    lines = [json.dumps({"id": "a", "text": text}), json.dumps({"id": "b", "text": text * 3})]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = warta("ingest", str(feed), "--format", "json", db=tmp_path / "w.db")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["stored"] == 1 and [e["location"] for e in report["errors"]] == [f"{feed}:2"]


def test_quotes_on_a_directory_notes_the_files_it_skips(inputs: Path, tmp_path: Path) -> None:
    (inputs / "huge.txt").unlink()
    result = warta("quotes", str(inputs), "--format", "json", db=tmp_path / "w.db")
    assert result.returncode == 0, result.stderr
    assert f"notice: skipped {inputs / 'pipe.txt'}: not a regular file (FIFO)" in result.stderr
    assert len(json.loads(result.stdout)) == 1
