"""Shared fixtures: paths to the seeds and a fresh database per test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.helpers import SEEDS
from warta.cli import main


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed articles are missing: expected {SEEDS} (../shared beside the checkout)")
    return SEEDS


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "warta.db"


@pytest.fixture
def warta(db: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the CLI in-process against the test's database (``--db`` is added)."""
    monkeypatch.setenv("WARTA_DB", str(db))
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return run
