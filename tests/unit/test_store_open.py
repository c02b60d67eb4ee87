"""Opening a store: writers create and migrate safely under concurrency, readers never write."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from warta.errors import NoDatabaseError, ReadOnlyStoreError, SchemaVersionError, StoreError
from warta.store import migrations
from warta.store.migrations import MIGRATION_1, SCHEMA_VERSION, migrate
from warta.store.sqlite import Store


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def schema(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def version_1_database(path: Path) -> Path:
    """A database as warta 0.1 with only the first migration left it."""
    conn = sqlite3.connect(path)
    conn.executescript(f"{MIGRATION_1}\nPRAGMA user_version = 1;")
    conn.close()
    return path


@pytest.fixture
def held_lock(tmp_path: Path) -> Iterator[Any]:
    """Hold the write lock of a database from another connection, released after ``seconds``."""
    threads: list[threading.Thread] = []

    def hold(path: Path, seconds: float) -> None:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        taken = threading.Event()

        def release() -> None:
            taken.set()
            time.sleep(seconds)
            conn.execute("ROLLBACK")
            conn.close()

        thread = threading.Thread(target=release)
        thread.start()
        taken.wait()
        threads.append(thread)

    yield hold
    for thread in threads:
        thread.join()


# -- item 3: migration under concurrency ----------------------------------------------------------


class RacingConnection(sqlite3.Connection):
    """Lets another process migrate the database right after this one first reads its version:
    the interleaving that made two first ingests fail with "table ... already exists"."""

    rival: Path | None = None

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        cursor = super().execute(sql, *args)
        if self.rival is None or sql.strip().lower() != "pragma user_version":
            return cursor
        (version,) = cursor.fetchone()
        rival, self.rival = self.rival, None
        Store(rival).close()
        return super().execute("SELECT ?", (version,))  # what was read before the rival ran


def test_migrate_rereads_the_schema_version_inside_the_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path, isolation_level=None, factory=RacingConnection)
    conn.rival = path
    migrate(conn, str(path))  # the rival migrated it first: nothing left to do, no error
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    with Store(path) as store:
        assert store.count("articles") == 0


def open_at_the_same_moment(path: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        Store(path).close()
        results.put("ok")
    except Exception as exc:
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("existing", [False, True], ids=["new", "version-1"])
def test_processes_opening_one_database_at_the_same_moment_all_succeed(tmp_path: Path, existing: bool) -> None:
    """Before the fix, 8 processes released together failed about 7 times in 8."""
    context = multiprocessing.get_context("fork")
    for attempt in range(5):
        path = tmp_path / f"{attempt}.db"
        if existing:
            version_1_database(path)
        barrier, results = context.Barrier(8), context.Queue()
        procs = [context.Process(target=open_at_the_same_moment, args=(str(path), barrier, results)) for _ in range(8)]
        for proc in procs:
            proc.start()
        outcomes = [results.get(timeout=60) for _ in procs]
        for proc in procs:
            proc.join()
        assert outcomes == ["ok"] * 8
        assert user_version(path) == SCHEMA_VERSION


def test_migrations_run_statement_by_statement_give_the_same_schema_as_a_script(tmp_path: Path) -> None:
    by_script = sqlite3.connect(tmp_path / "a.db")
    by_script.executescript("".join(migrations.MIGRATIONS))
    by_statement = sqlite3.connect(tmp_path / "b.db", isolation_level=None)
    migrate(by_statement, "b.db")
    assert schema(by_statement) == schema(by_script)
    assert len(schema(by_script)) > 20


def test_a_version_1_database_is_upgraded_once(tmp_path: Path) -> None:
    path = version_1_database(tmp_path / "old.db")
    with Store(path):
        pass
    with Store(path) as store:  # a second open finds it current
        assert store.conn.execute("SELECT count(*) FROM quotes").fetchone()[0] == 0
    assert user_version(path) == SCHEMA_VERSION


def test_opening_waits_for_another_writer_before_switching_to_wal(tmp_path: Path, held_lock: Any) -> None:
    path = tmp_path / "plain.db"
    sqlite3.connect(path).execute("CREATE TABLE other (x)").connection.commit()  # rollback journal, not WAL
    held_lock(path, 0.5)
    with Store(path, busy_timeout_s=10) as store:  # journal_mode=WAL needs the lock: waited for, not refused
        assert store.count("articles") == 0


def test_a_lock_held_past_the_busy_timeout_is_a_store_error_that_says_what_to_do(
    tmp_path: Path, held_lock: Any
) -> None:
    path = tmp_path / "busy.db"
    Store(path).close()
    with Store(path, busy_timeout_s=0.2) as store:
        held_lock(path, 1.0)
        with pytest.raises(StoreError, match=r"busy\.db is locked by another .* try again"), store.transaction():
            pass


def test_migrating_while_another_writer_holds_the_lock_too_long_is_a_store_error(
    tmp_path: Path, held_lock: Any
) -> None:
    path = version_1_database(tmp_path / "old.db")
    sqlite3.connect(path).execute("PRAGMA journal_mode=WAL").connection.close()
    held_lock(path, 1.0)
    with pytest.raises(StoreError, match=r"old\.db is locked by another"):
        Store(path, busy_timeout_s=0.2)
    assert user_version(path) == 1


# -- items 4 and 5: reading never creates, migrates or writes --------------------------------------


def test_reading_a_missing_database_says_so_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(NoDatabaseError, match=r"typo\.db.*warta ingest"):
        Store(path, mode="read")
    assert list(tmp_path.iterdir()) == []


def test_reading_refuses_writes_with_a_read_only_error(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    Store(path).close()
    store = Store(path, mode="read")
    with pytest.raises(ReadOnlyStoreError, match=r"w\.db is read-only"), store, store.transaction():
        store.record_error("x.txt", "an error")
    with Store(path, mode="read") as store:
        assert store.count("ingest_errors") == 0


def test_reading_an_older_schema_does_not_migrate_it(tmp_path: Path) -> None:
    path = version_1_database(tmp_path / "old.db")
    with pytest.raises(SchemaVersionError, match=r"older than this warta.*warta ingest"):
        Store(path, mode="read")
    assert user_version(path) == 1


def test_reading_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}").connection.close()
    with pytest.raises(SchemaVersionError, match="upgrade warta"):
        Store(path, mode="read")


@pytest.mark.parametrize("content", [b"", b"not a database at all\n"], ids=["empty", "text"])
def test_reading_a_file_that_is_not_a_warta_database_is_a_store_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=r"other\.db"):
        Store(path, mode="read")
    assert path.read_bytes() == content


def test_reading_does_not_change_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    Store(path).close()
    before = path.read_bytes()
    with Store(path, mode="read") as store:
        assert store.list_stories() == []
    assert path.read_bytes() == before


def test_reading_a_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path, mode="read")
