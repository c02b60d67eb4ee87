"""Outlet-style HTML pages (detik-, kompas-, tempo-, antara-, tribun-like layouts) through ``warta ingest``.

Each ``html/<name>.html`` is an invented article in one outlet's layout: navigation, an ``<h1>``
title (repeated inside the body on some), a byline, a date line, a dateline paragraph, "Baca juga"
boxes (as a table, a div or a bold link), WhatsApp and Google News promos, captions, tags, related
articles, share buttons, comments and a footer. ``html/<name>.expected.json`` says, written by hand,
what a user should get from ``warta export articles``: the clean text (one list item per paragraph),
title, date, author, place and source, and the removed lines with their reasons, in order.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.helpers import jsonl

from warta.cli import main

HTML_DIR = Path(__file__).with_name("html")
PAGES = sorted(HTML_DIR.glob("*.html"))
FIELDS = ("title", "published", "author", "place", "source")


@pytest.fixture(scope="module")
def outlets_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with every page ingested."""
    path = str(tmp_path_factory.mktemp("html-outlets") / "warta.db")
    _run("ingest", "--db", path, "--quiet", *map(str, PAGES))
    return path


@pytest.fixture(scope="module")
def exported(outlets_db: str) -> dict[str, dict[str, Any]]:
    """Every exported article, by file name."""
    return {
        a["metadata"]["filename"]: a for a in jsonl(_run("export", "articles", "--db", outlets_db, "--format", "jsonl"))
    }


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _outcome(article: dict[str, Any]) -> dict[str, Any]:
    """The part of an exported article the golden files state, in their shape."""
    got: dict[str, Any] = {key: article[key] for key in FIELDS}
    got["text"] = article["text"].split("\n")
    got["removed"] = [{"text": r["text"], "reason": r["reason"]} for r in article["removed"]]
    return got


def _diff(expected: dict[str, Any], got: dict[str, Any]) -> str:
    want, have = (json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True).splitlines() for d in (expected, got))
    return "\n".join(difflib.unified_diff(want, have, "expected", "got", lineterm=""))


def test_every_page_has_an_expected_outcome() -> None:
    assert len(PAGES) >= 4
    for page in PAGES:
        assert page.with_suffix(".expected.json").is_file(), f"{page.name} has no expected outcome"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_outlet_page_gives_the_expected_article(page: Path, exported: dict[str, dict[str, Any]]) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = _outcome(exported[page.name])
    assert got == expected, f"{page.name}: export differs from {page.stem}.expected.json\n{_diff(expected, got)}"


def test_no_entity_name_spans_two_paragraphs(outlets_db: str) -> None:
    """A title line left above the dateline paragraph once made a place "Bekasi\\nBekasi"."""
    names = [e["name"] for e in jsonl(_run("entities", "--db", outlets_db, "--format", "jsonl"))]
    assert names and not [name for name in names if "\n" in name]
