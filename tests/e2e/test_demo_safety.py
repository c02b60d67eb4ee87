"""`warta demo` never overwrites a user's data: only an earlier demo database is replaced."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Warta = Callable[..., Result]

ARTICLE = {"id": "mine", "text": "Banjir merendam ratusan rumah di Jakarta Timur pada Senin (2/3/2026).", "source": "X"}


def test_demo_refuses_a_database_with_the_users_articles(warta: Warta, tmp_path: Path) -> None:
    users = tmp_path / "newsroom.db"
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    assert warta("ingest", str(corpus), "--quiet", "--db", str(users)).exit_code == 0

    result = warta("demo", "--db", str(users))

    assert result.exit_code != 0
    assert "will not overwrite" in result.output and "--force" in result.output
    assert "Traceback" not in result.output
    with sqlite3.connect(users) as conn:
        assert [r[0] for r in conn.execute("SELECT id FROM articles")] == ["mine"]


def test_demo_refuses_a_file_that_is_not_a_database(warta: Warta, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    result = warta("demo", "--db", str(notes))
    assert result.exit_code != 0
    assert "not a warta demo database" in result.output
    assert notes.read_text(encoding="utf-8") == "my notes\n"


def test_demo_replaces_an_earlier_demo_database(warta: Warta, tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    assert warta("demo", "--db", str(target)).exit_code == 0
    again = warta("demo", "--db", str(target))
    assert again.exit_code == 0, again.output
    assert "Ingested 30 articles" in again.output
    assert not list(tmp_path.glob(".demo.db.*"))  # no scratch file left beside it


def test_demo_force_replaces_anything(warta: Warta, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    result = warta("demo", "--db", str(notes), "--force")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(notes) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 30


def test_demo_in_a_missing_directory_is_a_clear_error(warta: Warta, tmp_path: Path) -> None:
    result = warta("demo", "--db", str(tmp_path / "nope" / "demo.db"))
    assert result.exit_code != 0
    assert "cannot create the demo database" in result.output
