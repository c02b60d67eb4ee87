"""Storage back-ends behind one interface (:class:`~warta.store.base.WartaStore`).

``--db`` (and ``$WARTA_DB``) is an SQLite file path, or a ``postgresql://`` (``postgres://``) URL;
:func:`open_store` opens either. ``warta.store.sqlite.Store`` is the SQLite store,
``warta.store.postgres.PostgresStore`` the PostgreSQL one (it needs the ``psycopg`` driver).
"""

from __future__ import annotations

from pathlib import Path

from .base import WartaStore
from .common import Mode, display_url, is_postgres_url
from .sqlite import Store


def open_store(db: str | Path, *, mode: Mode = "write") -> WartaStore:
    """The store for ``db``: the SQLite file at a path, or the PostgreSQL database of a URL.

    ``mode="write"`` creates and migrates it as needed; ``mode="read"`` only reads (see
    :class:`~warta.store.base.WartaStore`)."""
    if is_postgres_url(db):
        from .postgres import PostgresStore

        return PostgresStore(str(db), mode=mode)
    return Store(db, mode=mode)


__all__ = ["Mode", "Store", "WartaStore", "display_url", "is_postgres_url", "open_store"]
