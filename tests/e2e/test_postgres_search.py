"""Full-text search as `warta search` and the stories filter give it, on both back-ends, and `--raw` on each.

Words search alike on SQLite (FTS5, ``unicode61 remove_diacritics 2``) and PostgreSQL (``tsvector`` in the
``warta_id`` configuration, fed the same words): case and diacritics do not matter, a hyphen separates
words, and query syntax in the words is just text. ``--raw`` is each back-end's own syntax: FTS5's on SQLite
(tested in ``test_cli_correctness.py``), ``to_tsquery``'s on PostgreSQL (tested here).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from tests.helpers import jsonl
from tests.store_backends import ON_POSTGRES

Warta = Callable[..., Result]

FLOOD = {
    "id": "banjir-1",
    "title": "Banjir rendam Kampung Melayu",
    "source": "Kabar Kota",
    "published": "2026-03-02",
    "text": "JAKARTA - Banjir merendam ratusan rumah di Jakarta Timur pada Senin (2/3/2026). "
    "Negara-negara tetangga mengirim bantuan, dan Kafe Café Jaya membuka dapur umum bagi warga.",
}
CHILI = {
    "id": "cabai-1",
    "title": "Harga cabai naik",
    "source": "Pasar Kini",
    "published": "2026-03-03",
    "text": "SURABAYA - Harga cabai rawit naik tajam di pasar tradisional menjelang Lebaran, kata para pedagang.",
}


@pytest.fixture
def stored(warta: Warta, tmp_path: Path) -> Warta:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (FLOOD, CHILI)), encoding="utf-8")
    assert warta("ingest", str(corpus), "--quiet").exit_code == 0
    return warta


def ids(warta: Warta, *args: str) -> list[str]:
    result = warta("search", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)]


def test_words_match_whatever_their_case_and_diacritics(stored: Warta) -> None:
    assert ids(stored, "BANJIR") == ["banjir-1"]
    assert ids(stored, "cafe") == ["banjir-1"]
    assert ids(stored, "CAFÉ jaya") == ["banjir-1"]
    assert ids(stored, "cabai") == ["cabai-1"]


def test_every_word_must_occur_and_quotes_keep_a_phrase(stored: Warta) -> None:
    assert ids(stored, "banjir cabai") == []
    assert ids(stored, '"jakarta timur"') == ["banjir-1"]
    assert ids(stored, '"timur jakarta"') == []
    assert ids(stored, "negara-negara") == ["banjir-1"]
    assert ids(stored, "negara negara tetangga") == ["banjir-1"]


def test_query_syntax_in_words_is_just_text(stored: Warta) -> None:
    for query in ("cabai | banjir", "!cabai", "banj:*", "cabai OR banjir", "banj*", "NEAR(banjir", "title:banjir"):
        result = stored("search", query, "--format", "json")
        assert result.exit_code == 0, (query, result.output)
    assert ids(stored, "cabai | banjir") == []  # both words must occur: no article has both
    assert ids(stored, "banj:*") == []  # not a prefix
    assert ids(stored, "title:banjir") == []  # not a column filter: the word "title" occurs nowhere


def test_a_snippet_marks_the_words_found(stored: Warta) -> None:
    [row] = json.loads(stored("search", "rawit", "--format", "json").output)
    assert "[rawit]" in row["snippet"]
    assert "**rawit**" in stored("search", "rawit", "--format", "md").output


def test_the_stories_filter_matches_words_as_search_does(stored: Warta) -> None:
    stories = {s["articles"][0]: s["id"] for s in jsonl(stored("export", "stories").output)}
    from fastapi.testclient import TestClient

    from warta.config import load_settings
    from warta.web import create_app

    app = create_app(load_settings(), cache=False)  # $WARTA_DB: the test's database
    with TestClient(app) as client:

        def found(q: str) -> list[str]:
            return [s["id"] for s in client.get("/api/stories", params={"q": q}).json()["stories"]]

        assert found("Café") == [stories["banjir-1"]]
        assert found("cabai rawit") == [stories["cabai-1"]]
        assert found("cabai | banjir") == []


postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's --raw syntax (SQLite's: FTS5)")


@postgres_only
def test_raw_takes_postgresql_tsquery_syntax(stored: Warta) -> None:
    assert set(ids(stored, "--raw", "cabai | perahu")) == {"cabai-1"}
    assert set(ids(stored, "--raw", "cabai | banjir")) == {"cabai-1", "banjir-1"}
    assert ids(stored, "--raw", "banj:*") == ["banjir-1"]
    assert ids(stored, "--raw", "harga & !banjir") == ["cabai-1"]
    assert ids(stored, "--raw", "jakarta <-> timur") == ["banjir-1"]
    assert ids(stored, "--raw", "CAFÉ") == ["banjir-1"]  # folded as the index is


@postgres_only
def test_a_bad_raw_query_is_a_clear_error(stored: Warta) -> None:
    result = stored("search", "--raw", "cabai banjir")  # two words and no operator
    assert result.exit_code != 0
    assert "bad search query" in result.output and "to_tsquery" in result.output
    assert "Traceback" not in result.output
