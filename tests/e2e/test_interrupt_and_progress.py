"""Long ingests: Ctrl-C says what was stored and that a rerun resumes; the progress total is counted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.e2e.test_robustness import _corpus
from tests.helpers import REPO
from tests.store_backends import scalar

from warta.cli.progress import count_items
from warta.config import IngestConfig


def _articles(db: Any) -> int:
    try:
        return int(scalar(db, "SELECT count(*) FROM articles"))
    except Exception:  # not created yet, or locked (SQLite)
        return 0


def test_ctrl_c_says_how_many_were_stored_and_a_rerun_resumes(tmp_path: Path, new_db: Callable[[str], Any]) -> None:
    corpus, db = tmp_path / "big.jsonl", new_db("int.db")
    _corpus(corpus, 3000)
    # Analysis off keeps the rerun quick; the interrupt is handled the same way either way.
    quick = ["--set", "analysis.enabled=false"]
    command = [
        sys.executable,
        "-m",
        "warta",
        *quick,
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--batch-size",
        "50",
        "-q",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (db.exists() and _articles(db) >= 100):
        time.sleep(0.2)
    assert proc.poll() is None, "ingest finished before it could be interrupted; make the corpus bigger"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)

    assert proc.returncode == 130, stderr[-3000:]
    assert "Traceback" not in stderr
    stored = _articles(db)
    assert f"Interrupted: {stored} articles" in stderr
    assert "Run the same command again to resume" in stderr

    rerun = subprocess.run([*command[:-1], "--format", "json"], env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["unchanged"] == stored and report["stored"] == 3000 - stored
    assert _articles(db) == 3000


def test_the_progress_total_counts_every_item(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text('{"id": 1}\n\n{"id": 2}\nnot json\n', encoding="utf-8")
    (tmp_path / "in" / "b.json").write_text('[{"id": 3}, {"id": 4}]', encoding="utf-8")
    (tmp_path / "in" / "c.txt").write_text("Satu artikel.", encoding="utf-8")
    (tmp_path / "in" / "skip.pdf").write_bytes(b"%PDF-")
    single = tmp_path / "d.html"
    single.write_text("<p>x</p>", encoding="utf-8")
    cfg = IngestConfig()
    assert count_items([str(tmp_path / "in"), str(single)], cfg) == 3 + 2 + 1 + 1
    assert count_items(["-"], cfg) is None
