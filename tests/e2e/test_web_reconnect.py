"""`warta serve` on PostgreSQL outlives its connections: a request that finds its connection cut fails, and the
next one connects again (on SQLite a connection is a file handle, and there is nothing to lose)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from tests.helpers import SEEDS
from tests.store_backends import ON_POSTGRES

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="a PostgreSQL connection cut by the server")


def test_a_worker_connects_again_after_the_server_cut_its_connection(warta: Callable[..., Result], db: Any) -> None:
    import psycopg
    from fastapi.testclient import TestClient

    from warta.config import load_settings
    from warta.web import create_app

    warta("ingest", str(SEEDS), "--quiet")
    app = create_app(load_settings(), cache=False)  # $WARTA_DB: the test's database
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/stories").status_code == 200
        with psycopg.connect(str(db), autocommit=True) as admin:  # as a restart or an idle timeout would
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

        failed = client.get("/api/stories")
        again = client.get("/api/stories")

    assert failed.status_code >= 500
    assert again.status_code == 200
    assert again.json()["stories"]
