"""Shared fixtures: paths to the seeds and a fresh database per test.

The database is an SQLite file, or with ``WARTA_TEST_STORE=postgresql`` a database on a PostgreSQL server
the session starts (``tests/store_backends.py``); ``make test`` runs the suite both ways. A test that looks
at the SQLite file itself (its bytes, journal, locks, permissions) is marked ``sqlite_only``, with why, and
is skipped on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests import store_backends
from tests.helpers import SEEDS
from warta.cli import main


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): the test is about the SQLite file itself; skipped with WARTA_TEST_STORE=postgresql",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"warta store: {store_backends.BACKEND} (WARTA_TEST_STORE)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not store_backends.ON_POSTGRES:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            why = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "about the SQLite file")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {why}"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    store_backends.stop_server()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed articles are missing: expected {SEEDS} (../shared beside the checkout)")
    return SEEDS


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Any]:
    """The test's database, not created yet: ``tmp_path/warta.db``, or a PostgreSQL URL (dropped after)."""
    database = store_backends.new_database(tmp_path, "warta.db")
    yield database
    if store_backends.ON_POSTGRES:
        store_backends.server().drop(store_backends.database_name(database))


@pytest.fixture
def new_db(tmp_path: Path) -> Iterator[Callable[[str], Any]]:
    """More databases for one test: ``new_db("other.db")`` is a path in ``tmp_path``, or a PostgreSQL URL."""
    made: list[Any] = []

    def make(name: str = "warta.db") -> Any:
        made.append(store_backends.new_database(tmp_path, name))
        return made[-1]

    yield make
    if store_backends.ON_POSTGRES:
        for database in made:
            store_backends.server().drop(store_backends.database_name(database))


@pytest.fixture
def warta(db: Any, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the CLI in-process against the test's database (``--db`` is added)."""
    monkeypatch.setenv("WARTA_DB", str(db))
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return run
