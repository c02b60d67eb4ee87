"""The database under concurrency, read-only, and mistyped: no lost data, no traceback, no stray file.

Item 3 runs real processes at once. Item 4 needs a truly read-only file system, which chmod does not
give root: a read-only bind mount inside an unprivileged user and mount namespace (``unshare -rm``)
does, for root and others alike; where that is not allowed the read-only tests are skipped.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from tests.helpers import REPO, jsonl
from tests.store_backends import integrity_ok, scalar, schema_is_current

from warta.store.migrations import MIGRATION_1

Warta = Callable[..., Result]
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}

ARTICLES = [
    {
        "id": "banjir-1",
        "source": "Kabar Kota",
        "published": "2026-03-02",
        "text": "JAKARTA - Banjir merendam ratusan rumah di Jakarta Timur pada Senin (2/3/2026). "
        'Juru bicara BPBD John Kirby berkata, "Kami mengerahkan perahu karet ke Kampung Melayu."',
    },
    {
        "id": "banjir-2",
        "source": "Warta Pagi",
        "published": "2026-03-02",
        "text": "JAKARTA - Ratusan rumah di Kampung Melayu, Jakarta Timur, terendam banjir pada Senin. "
        "Warga mengungsi ke masjid terdekat, kata John Kirby dari BPBD.",
    },
    {
        "id": "cabai-1",
        "source": "Pasar Kini",
        "published": "2026-03-03",
        "text": "SURABAYA - Harga cabai rawit naik tajam di pasar tradisional menjelang Lebaran, kata pedagang.",
    },
]

# Every command that only reads, as a user would type it (the story id is filled in later).
READS: dict[str, list[str]] = {
    "stories": ["stories", "--format", "json"],
    "show": ["show", "STORY", "--format", "json"],
    "search": ["search", "banjir", "--format", "json"],
    "entities": ["entities", "--format", "json"],
    "quotes --speaker": ["quotes", "--speaker", "Kirby", "--format", "json"],
    "quotes ARTICLE_ID": ["quotes", "banjir-1", "--format", "json"],
    "export articles": ["export", "articles"],
    "export stories": ["export", "stories"],
}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def ingested(warta: Warta, tmp_path: Path) -> str:
    """Ingest ARTICLES into the test's database; returns the id of the flood story."""
    assert warta("ingest", str(write_jsonl(tmp_path / "in.jsonl", ARTICLES)), "--quiet").exit_code == 0
    rows = jsonl(warta("export", "articles").output)
    return next(str(r["story_id"]) for r in rows if r["id"] == "banjir-1")


def read_commands(story_id: str, db: Path) -> dict[str, list[str]]:
    return {name: [story_id if a == "STORY" else a for a in args] + ["--db", str(db)] for name, args in READS.items()}


# -- 5. a read never creates a database ----------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in READS if n != "quotes ARTICLE_ID"])
def test_a_read_command_on_a_missing_database_says_so_and_creates_nothing(
    warta: Warta, tmp_path: Path, name: str
) -> None:
    typo = tmp_path / "typo.db"
    result = warta(*read_commands("st-0123456789ab", typo)[name])
    assert result.exit_code == 3, result.output
    assert f"no warta database at {typo}" in result.stderr and "warta ingest" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_quotes_of_an_article_id_with_a_missing_database_creates_nothing(warta: Warta, tmp_path: Path) -> None:
    typo = tmp_path / "typo.db"
    result = warta(*read_commands("", typo)["quotes ARTICLE_ID"])
    assert result.exit_code == 1 and str(typo) in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_read_commands_on_an_existing_database_create_no_other_database(warta: Warta, tmp_path: Path, db: Path) -> None:
    story_id = ingested(warta, tmp_path)
    for name, args in read_commands(story_id, db).items():
        result = warta(*args)
        assert result.exit_code == 0, (name, result.output)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("warta.db")) <= [
        "warta.db",
        "warta.db-shm",
        "warta.db-wal",
    ]


# -- 3. creating and migrating are safe under concurrency ------------------------------------------


def ingest_at_once(db: Path, inputs: list[Path]) -> list[tuple[int, str]]:
    """Start one ``warta ingest`` process per input at the same moment; their exit codes and stderr."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "warta", "ingest", str(path), "--db", str(db), "-q"],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in inputs
    ]
    return [(proc.wait(timeout=180), proc.communicate()[1]) for proc in procs]


def process_inputs(tmp_path: Path, n: int, tag: str) -> list[Path]:
    return [
        write_jsonl(
            tmp_path / f"{tag}-{i}.jsonl",
            [
                {
                    "id": f"{tag}-{i}-{j}",
                    "text": f"Warga Desa Sukamaju {i} menggelar kerja bakti nomor {j} pada Minggu pagi. "
                    f"Kepala desa {tag} mengatakan kegiatan itu rutin dilakukan setiap bulan.",
                }
                for j in range(2)
            ],
        )
        for i in range(n)
    ]


def assert_all_stored(db: Path, results: list[tuple[int, str]], expected: int) -> None:
    assert [rc for rc, _ in results] == [0] * len(results), [err for _, err in results]
    assert scalar(db, "SELECT count(*) FROM articles") == expected
    assert schema_is_current(db)
    assert integrity_ok(db)


PROCESSES = 3  # the reported failure needed only two; each process costs ~2 s of CPU


@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(2))
def test_first_ingests_started_at_once_into_a_new_database_all_succeed(
    tmp_path: Path, attempt: int, new_db: Callable[[str], Any]
) -> None:
    db = new_db("new.db")
    results = ingest_at_once(db, process_inputs(tmp_path, PROCESSES, f"new{attempt}"))
    assert_all_stored(db, results, 2 * PROCESSES)


@pytest.mark.slow
@pytest.mark.parametrize(
    "schema",
    [
        "current",
        pytest.param("version-1", marks=pytest.mark.sqlite_only(reason="an SQLite file of warta's schema 1")),
    ],
)
def test_ingests_started_at_once_into_an_existing_database_all_succeed(
    warta: Warta, tmp_path: Path, db: Path, schema: str
) -> None:
    if schema == "current":
        ingested(warta, tmp_path)
    else:  # an older warta's database: every process finds a migration to run
        conn = sqlite3.connect(db)
        conn.executescript(f"{MIGRATION_1}\nPRAGMA user_version = 1;")
        conn.close()
    results = ingest_at_once(db, process_inputs(tmp_path, PROCESSES, schema))
    assert_all_stored(db, results, 2 * PROCESSES + (len(ARTICLES) if schema == "current" else 0))


# -- 4. a read-only database serves every read; a write says what to do -----------------------------

# Runs inside the namespace, after the mount: every command in-process, so that a Python traceback
# (an exception other than SystemExit) is seen as such.
DRIVER = """
import json, sys
from click.testing import CliRunner
from warta.cli import main
out = {}
for name, args in json.loads(sys.argv[1]).items():
    r = CliRunner().invoke(main, args)
    crash = None if r.exception is None or isinstance(r.exception, SystemExit) else repr(r.exception)
    out[name] = {"exit_code": r.exit_code, "stdout": r.stdout, "stderr": r.stderr, "crash": crash}
print(json.dumps(out))
"""


@functools.cache
def read_only_mounts_work() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = "d=$(mktemp -d) && mount --bind $d $d && mount -o remount,bind,ro $d && ! touch $d/x 2>/dev/null"
    try:
        return subprocess.run(["unshare", "-rm", "sh", "-c", probe], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def run_read_only(target: Path, commands: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """Run ``commands`` with ``target`` (the database file or its directory) mounted read-only."""
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" -c "$3" "$4"'
    proc = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", str(target), sys.executable, DRIVER, json.dumps(commands)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


@pytest.mark.sqlite_only(
    reason="a read-only database file and directory (PostgreSQL: tests/unit/test_store_postgres.py)"
)
@pytest.mark.skipif(not read_only_mounts_work(), reason="needs unshare -rm and read-only bind mounts")
@pytest.mark.parametrize("read_only", ["directory", "directory-after-a-read", "file"])
def test_a_read_only_database_serves_every_read_and_refuses_ingest_with_one_line(
    warta: Warta, tmp_path: Path, db: Path, read_only: str
) -> None:
    story_id = ingested(warta, tmp_path)
    sqlite3.connect(db).execute("PRAGMA user_version").connection.close()  # the last close removes -wal, -shm
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "warta.db"]
    if read_only == "directory-after-a-read":
        warta("export", "articles")  # a reader may leave an empty -wal and a -shm behind
    reference = tmp_path / "copy" / "warta.db"
    reference.parent.mkdir()
    shutil.copy(db, reference)
    expected = {name: warta(*args) for name, args in read_commands(story_id, reference).items()}
    extra = write_jsonl(tmp_path / "more.jsonl", [{"id": "baru", "text": "Sebuah berita baru dari Bandung."}])
    commands = {
        **read_commands(story_id, db),
        "ingest": ["ingest", str(extra), "--db", str(db), "-q"],
        "ingest into a new database": ["ingest", str(extra), "--db", str(tmp_path / "new.db"), "-q"],
    }

    got = run_read_only(db if read_only == "file" else db.parent, commands)

    for name, result in expected.items():
        assert result.exit_code == 0, (name, result.output)
        assert got[name] == {"exit_code": 0, "stdout": result.stdout, "stderr": result.stderr, "crash": None}, name
    refused = got["ingest"]
    assert refused["crash"] is None and refused["exit_code"] == 3
    [line] = refused["stderr"].splitlines()
    assert line.startswith(f"Error: {db} is read-only") and "copy it" in line
    if read_only != "file":
        created = got["ingest into a new database"]
        assert created["crash"] is None and created["exit_code"] == 3
        assert "its directory is read-only" in created["stderr"]
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(ARTICLES)
