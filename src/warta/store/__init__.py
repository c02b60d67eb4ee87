"""Storage back-ends. SQLite now (``sqlite.Store``); PostgreSQL later."""

from .sqlite import Store

__all__ = ["Store"]
