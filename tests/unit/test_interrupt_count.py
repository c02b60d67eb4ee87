"""After Ctrl-C, the count of what was stored survives a connection the interrupt left unusable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import SEEDS

from warta.cli.commands import _stored_since
from warta.config import Settings
from warta.runners.local import ingest
from warta.store import open_store


class Broken:
    """A store whose connection an interrupted statement left unusable."""

    def count(self, table: str) -> int:
        raise RuntimeError("sending query failed: another command is already in progress")


def test_the_count_is_asked_over_a_connection_of_its_own(db: Any) -> None:
    with open_store(db) as store:
        ingest([str(SEEDS)], store, Settings())
        stored = store.count("article_versions")

    assert _stored_since(Broken(), str(db), before=0) == stored  # type: ignore[arg-type]


def test_an_unreachable_database_gives_no_number(tmp_path: Path) -> None:
    assert _stored_since(Broken(), str(tmp_path / "missing.db"), before=0) is None  # type: ignore[arg-type]
