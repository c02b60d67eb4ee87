"""The PostgreSQL store on a real server: opening, creating, migrating, reading only, locking.

These are the PostgreSQL twins of ``test_store_open.py`` (which is about the SQLite file): they run in the
PostgreSQL run of the suite (``WARTA_TEST_STORE=postgresql``), and are skipped in the SQLite run, except the
first few, which need no server.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests import store_backends
from tests.store_backends import ON_POSTGRES, scalar

from warta.errors import NoDatabaseError, ReadOnlyStoreError, SchemaVersionError, StoreError
from warta.store import is_postgres_url, open_store
from warta.store.sqlite import Store

psycopg = pytest.importorskip("psycopg")
from warta.store import pg_migrations, postgres  # noqa: E402  (needs the driver)
from warta.store.postgres import PostgresStore, display_url, fold, search_words, words_tsquery  # noqa: E402

needs_server = pytest.mark.skipif(not ON_POSTGRES, reason="needs the PostgreSQL run (WARTA_TEST_STORE=postgresql)")


# -- no server needed ------------------------------------------------------------------------------


def test_a_url_picks_postgresql_and_a_path_sqlite(tmp_path: Any) -> None:
    assert is_postgres_url("postgresql://u@h/db") and is_postgres_url("postgres://u@h/db")
    assert is_postgres_url("POSTGRESQL://u@h/db")
    assert not is_postgres_url("warta.db") and not is_postgres_url(tmp_path / "postgresql:")
    with open_store(tmp_path / "w.db") as store:
        assert isinstance(store, Store)


def test_messages_never_show_a_password() -> None:
    assert (
        display_url("postgresql://warta:s3cret@db.example:5432/news") == "postgresql://warta:***@db.example:5432/news"
    )
    assert "s3cret" not in display_url("postgresql://warta@db.example/news?password=s3cret&sslmode=require")
    assert display_url("data/warta.db") == "data/warta.db"  # a path is shown as it is
    assert display_url("postgresql://warta@/news?host=/tmp") == "postgresql://warta@/news?host=/tmp"


def test_search_words_are_fts5s_words_lower_cased_without_diacritics() -> None:
    assert search_words("Negara-negara ASEAN, kata Café_Jakarta (3,5%)") == "negara negara asean kata cafe jakarta 3 5"
    assert fold("ÉTÉ à Bandung") == "ete a bandung"


def test_user_words_become_phrases_that_must_all_occur_never_query_syntax() -> None:
    assert words_tsquery("negara-negara tetangga") == "('negara' <-> 'negara') & ('tetangga')"
    assert words_tsquery('"Kim Jong Un" Shoigu') == "('kim' <-> 'jong' <-> 'un') & ('shoigu')"
    assert words_tsquery("a & b | !c <-> d:*") == "('a') & ('b') & ('c') & ('d')"
    assert words_tsquery("&&& ***") == ""


# -- on a server -----------------------------------------------------------------------------------


@pytest.fixture
def url(db: Any) -> str:
    if not ON_POSTGRES:
        pytest.skip("needs the PostgreSQL run (WARTA_TEST_STORE=postgresql)")
    return str(db)


def dbname(url: str) -> str:
    return store_backends.database_name(url)


@needs_server
def test_reading_a_missing_database_says_so_and_creates_nothing(url: str) -> None:
    with pytest.raises(NoDatabaseError, match=r"no warta database at postgresql://.*warta ingest"):
        open_store(url, mode="read")
    assert not store_backends.server().exists(dbname(url))


@needs_server
def test_writing_creates_the_database_and_its_schema(url: str) -> None:
    with open_store(url) as store:
        assert store.count("articles") == 0
    assert store_backends.server().exists(dbname(url))
    assert scalar(url, "SELECT schema_version FROM warta_meta") == pg_migrations.SCHEMA_VERSION
    assert scalar(url, "SELECT cfgname FROM pg_ts_config WHERE cfgname = ?", pg_migrations.TS_CONFIG)
    with open_store(url, mode="read") as store:  # a second open finds it current
        assert store.list_stories() == []


@needs_server
def test_an_empty_database_is_not_a_warta_database_for_reading(url: str) -> None:
    store_backends.server().create(dbname(url))
    with pytest.raises(StoreError, match="is not a warta database"):
        open_store(url, mode="read")
    assert scalar(url, "SELECT count(*) FROM pg_class WHERE relname = 'warta_meta'") == 0  # nothing was created


@needs_server
def test_reading_refuses_writes_with_a_read_only_error(url: str) -> None:
    open_store(url).close()
    store = open_store(url, mode="read")
    with pytest.raises(ReadOnlyStoreError, match="read-only"), store, store.transaction():
        store.record_error("x.txt", "an error")
    with open_store(url, mode="read") as store:
        assert store.count("ingest_errors") == 0
    store = open_store(url, mode="read")
    assert isinstance(store, PostgresStore)
    with pytest.raises(ReadOnlyStoreError, match="read-only"), store:
        store.conn.execute("INSERT INTO ingest_errors VALUES ('x', 'y', 'z')")  # behind the store's back too


@needs_server
def test_a_newer_schema_is_refused_and_an_older_one_is_not_read_unmigrated(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(url).close()
    store_backends.execute(url, "UPDATE warta_meta SET schema_version = ?", pg_migrations.SCHEMA_VERSION + 1)
    with pytest.raises(SchemaVersionError, match="upgrade warta"):
        open_store(url, mode="read")
    with pytest.raises(SchemaVersionError, match="upgrade warta"):
        open_store(url)
    store_backends.execute(url, "UPDATE warta_meta SET schema_version = ?", pg_migrations.SCHEMA_VERSION)

    # A warta with one more migration: its reader refuses the database, its writer migrates it once.
    later = (*pg_migrations.MIGRATIONS, "CREATE TABLE later_table (x INTEGER);")
    monkeypatch.setattr(postgres, "MIGRATIONS", later)
    monkeypatch.setattr(postgres, "SCHEMA_VERSION", len(later))
    with pytest.raises(SchemaVersionError, match=r"older than this warta.*warta ingest"):
        open_store(url, mode="read")
    open_store(url).close()
    open_store(url).close()
    assert scalar(url, "SELECT schema_version FROM warta_meta") == len(later)
    assert scalar(url, "SELECT count(*) FROM later_table") == 0


@needs_server
def test_a_failing_migration_is_a_store_error_and_changes_nothing(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(url).close()
    broken = (*pg_migrations.MIGRATIONS, "CREATE TABLE fine (x INTEGER); SELECT no_such_function();")
    monkeypatch.setattr(postgres, "MIGRATIONS", broken)
    monkeypatch.setattr(postgres, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StoreError, match=f"migration {len(broken)} failed"):
        open_store(url)
    assert scalar(url, "SELECT schema_version FROM warta_meta") == pg_migrations.SCHEMA_VERSION
    assert scalar(url, "SELECT count(*) FROM pg_class WHERE relname = 'fine'") == 0


def open_at_the_same_moment(url: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        open_store(url).close()
        results.put("ok")
    except Exception as exc:
        results.put(f"{type(exc).__name__}: {exc}")


@needs_server
def test_processes_creating_one_database_at_the_same_moment_all_succeed(new_db: Callable[[str], Any]) -> None:
    context = multiprocessing.get_context("spawn")  # a fresh driver in each: no connection crosses a fork
    url = str(new_db("race.db"))
    barrier, results = context.Barrier(6), context.Queue()
    procs = [context.Process(target=open_at_the_same_moment, args=(url, barrier, results)) for _ in range(6)]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join()
    assert outcomes == ["ok"] * 6
    assert scalar(url, "SELECT schema_version FROM warta_meta") == pg_migrations.SCHEMA_VERSION


@pytest.fixture
def held_lock(url: str) -> Iterator[Callable[[float], None]]:
    """Hold the write lock from another connection for ``seconds`` (as another ingest's batch does)."""
    threads: list[threading.Thread] = []

    def hold(seconds: float) -> None:
        conn = psycopg.connect(url, autocommit=True)
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (postgres.WRITE_LOCK,))

        def release() -> None:
            time.sleep(seconds)
            conn.execute("ROLLBACK")
            conn.close()

        thread = threading.Thread(target=release)
        thread.start()
        threads.append(thread)

    yield hold
    for thread in threads:
        thread.join()


@needs_server
def test_a_batch_waits_for_another_writers_batch(url: str, held_lock: Callable[[float], None]) -> None:
    with open_store(url) as store:
        held_lock(0.5)
        started = time.monotonic()
        with store.transaction():
            store.record_error("x.txt", "after the other batch")
        assert time.monotonic() - started >= 0.4
        assert store.count("ingest_errors") == 1


@needs_server
def test_a_lock_held_past_the_timeout_is_a_store_error_that_says_what_to_do(
    url: str, held_lock: Callable[[float], None]
) -> None:
    open_store(url).close()
    with PostgresStore(url, busy_timeout_s=0.2) as store:
        held_lock(1.5)
        with pytest.raises(StoreError, match=r"is locked by another process .* try again"), store.transaction():
            pass
        assert store.count("ingest_errors") == 0  # the connection is usable after


@needs_server
def test_a_failed_batch_is_rolled_back_whole(url: str) -> None:
    with open_store(url) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.record_error("a.txt", "one")
            raise RuntimeError("the batch fails")
        assert store.count("ingest_errors") == 0
        with store.transaction():
            store.record_error("b.txt", "two")
    assert scalar(url, "SELECT count(*) FROM ingest_errors") == 1


@needs_server
def test_a_server_that_is_not_there_is_a_store_error() -> None:
    with pytest.raises(StoreError, match=r"cannot connect to the PostgreSQL server"):
        open_store("postgresql://warta:pw@127.0.0.1:1/news?connect_timeout=2", mode="read")
    with pytest.raises(StoreError, match=r"postgresql://warta:\*\*\*@127.0.0.1:1/news"):
        open_store("postgresql://warta:pw@127.0.0.1:1/news?connect_timeout=2")


@needs_server
def test_every_write_changes_the_web_caches_stamp(url: str) -> None:
    with open_store(url) as store:
        before = postgres.change_stamp(url)
        assert postgres.change_stamp(url) == before  # reading changes nothing
        with store.transaction():
            store.record_error("x.txt", "an error")
        assert postgres.change_stamp(url) != before


@needs_server
def test_text_columns_order_by_code_point_whatever_the_locale(url: str) -> None:
    open_store(url).close()
    collations = scalar(
        url,
        "SELECT count(*) FROM information_schema.columns c JOIN information_schema.tables t"
        " ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'"
        " WHERE c.table_schema = current_schema() AND c.data_type = 'text' AND c.collation_name IS DISTINCT FROM 'C'",
    )
    assert collations == 0
