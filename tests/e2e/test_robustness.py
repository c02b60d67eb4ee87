"""Bad input and crashes: valid articles are kept, errors are precise, the DB stays whole."""

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

from click.testing import Result
from tests.helpers import REPO, jsonl
from tests.store_backends import integrity_ok, scalar

Warta = Callable[..., Result]

LEAD = "Presiden meresmikan bendungan baru di Kabupaten Bogor pada Selasa (3/3/2026). Bendungan itu mengairi sawah."


def make_mixed_directory(root: Path) -> None:
    root.mkdir()
    (root / "good.txt").write_text(LEAD, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4)
    (root / "windows.txt").write_bytes(
        "Gubernur menyebut proyek itu “sangat penting” bagi warga – kata dia di Bandung.".encode("cp1252")
    )
    lines = [
        json.dumps({"id": "j1", "text": "Harga cabai naik tajam di pasar Surabaya menjelang Lebaran."}),
        '{"id": "j2", "text": "kalimat tanpa penutup',
        json.dumps({"id": "j3", "text": "Tim nasional menang 2-0 atas Vietnam di Stadion Gelora Bung Karno."}),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_mixed_directory_stores_every_valid_article_and_names_each_bad_item(
    warta: Warta, tmp_path: Path, db: Path
) -> None:
    make_mixed_directory(tmp_path / "in")
    result = warta("ingest", str(tmp_path / "in"), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    errors = {e["location"]: e["error"] for e in report["errors"]}
    assert set(errors) == {
        str(tmp_path / "in" / "empty.txt"),
        str(tmp_path / "in" / "picture.txt"),
        f"{tmp_path / 'in' / 'feed.jsonl'}:2",
    }
    assert "binary" in errors[str(tmp_path / "in" / "picture.txt")]
    # one clear message per bad item on stderr, naming file (and line)
    assert result.stderr.count("error") == 3
    assert "feed.jsonl:2" in result.stderr
    articles = jsonl(warta("export", "articles").output)
    assert len(articles) == 4  # good.txt, windows.txt, j1, j3
    texts = " ".join(a["text"] for a in articles)
    assert '"sangat penting"' in texts and "Bandung" in texts  # cp1252 decoded, quotes normalised
    assert integrity_ok(db)
    assert scalar(db, "SELECT count(*) FROM ingest_errors") == 3


def _corpus(path: Path, n: int) -> None:
    sys.path.insert(0, str(REPO))
    from benchmarks.indosum import load_records

    records = load_records()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(records[i % len(records)])
            rec["id"] = f"{rec['id']}-{i}"
            rec["text"] = f"Salinan {i}. " + rec["text"]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def test_sigkill_mid_ingest_leaves_whole_batches_only(tmp_path: Path, new_db: Callable[[str], Any]) -> None:
    corpus, db = tmp_path / "big.jsonl", new_db("kill.db")
    _corpus(corpus, 4000)
    batch = 100
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "warta", "ingest", str(corpus), "--db", str(db), "--batch-size", str(batch), "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and committed < 2 * batch:
        time.sleep(0.2)
        if db.exists():
            try:
                committed = scalar(db, "SELECT count(*) FROM articles")
            except Exception:  # not created yet, or locked (SQLite)
                committed = 0
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    assert integrity_ok(db)
    n_articles = scalar(db, "SELECT count(*) FROM articles")
    assert n_articles >= 2 * batch and n_articles % batch == 0
    for table in ("article_versions", "minhashes", "story_members"):
        assert scalar(db, f"SELECT count(*) FROM {table}") == n_articles, table
    assert scalar(db, "SELECT count(*) FROM articles WHERE story_id IS NULL") == 0
    assert scalar(db, "SELECT count(*) FROM articles WHERE story_id NOT IN (SELECT id FROM stories)") == 0
