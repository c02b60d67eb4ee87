"""The canonical example: two outlets' reports of one event (27 July 2023).

``seeds.expected.json`` holds the whole expected outcome; regenerate it with
``WARTA_UPDATE_GOLDENS=1 pytest tests/golden`` and review the diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from tests.helpers import jsonl

from warta.lang.id.tokens import content_words

GOLDEN = Path(__file__).with_name("seeds.expected.json")
KOMPAS_SEED = "002_e7f87c8db13ab02f.txt"


@pytest.fixture
def outcome(warta: Callable[..., Result], seeds_dir: Path) -> dict[str, Any]:
    assert warta("ingest", str(seeds_dir), "--quiet").exit_code == 0
    articles = jsonl(warta("export", "articles").output)
    stories = jsonl(warta("export", "stories").output)
    shown = [json.loads(warta("show", s["id"], "--format", "json").output) for s in stories]
    return {"articles": articles, "stories": stories, "shown": shown}


def by_file(articles: list[dict[str, Any]], name: str) -> dict[str, Any]:
    [article] = [a for a in articles if a["metadata"].get("filename") == name]
    return article


def test_both_seeds_make_one_story(outcome: dict[str, Any]) -> None:
    [story] = outcome["stories"]
    assert sorted(story["articles"]) == sorted(a["id"] for a in outcome["articles"])
    assert len(story["articles"]) == 2
    assert all(a["duplicate_of"] is None for a in outcome["articles"])  # two reports, not copies


def test_kompas_boilerplate_is_removed_and_kept_with_reasons(outcome: dict[str, Any]) -> None:
    kompas = by_file(outcome["articles"], KOMPAS_SEED)
    removed = {r["reason"]: r["text"] for r in kompas["removed"]}
    assert removed["baca-juga"].startswith("Baca Juga: Kim Jong-Un Sambut Hangat")
    assert removed["social-promo"].startswith("Gabung ke Channel WhatsApp KompasTV")
    assert removed["source-credit"].startswith("Sumber")
    for line in removed.values():
        assert line not in kompas["text"]


def test_kompas_dateline_and_date(outcome: dict[str, Any]) -> None:
    kompas = by_file(outcome["articles"], KOMPAS_SEED)
    assert kompas["place"] == "SEOUL"
    assert kompas["source"] == "KOMPAS.TV"
    assert kompas["published"] == "2023-07-27"
    assert kompas["text"].startswith("Pemimpin Korea Utara Kim Jong Un bertemu")


def test_summary_cites_both_articles(outcome: dict[str, Any]) -> None:
    [story] = outcome["shown"]
    ids = {a["id"] for a in story["articles"]}
    cited = [set(s["citations"]) for s in story["summary"]]
    assert 1 <= len(cited) <= 5
    assert set().union(*cited) == ids
    assert any(c == ids for c in cited), "a fact both outlets report should cite both"
    for sentence in story["summary"]:  # each citation really states the sentence's words
        assert set(sentence["citations"]) <= ids


def test_no_two_summary_sentences_state_the_same_fact(outcome: dict[str, Any]) -> None:
    [story] = outcome["shown"]
    bags = [set(content_words(s["text"])) for s in story["summary"]]
    for i, a in enumerate(bags):
        for b in bags[i + 1 :]:
            overlap = len(a & b) / min(len(a), len(b))
            assert overlap < 0.5, a & b


def test_whole_outcome_matches_the_golden_file(outcome: dict[str, Any]) -> None:
    stable = {
        "articles": [
            {k: a[k] for k in ("id", "story_id", "duplicate_of", "lang", "published", "source", "place", "title")}
            | {"removed": [r["reason"] for r in a["removed"]]}
            for a in outcome["articles"]
        ],
        "stories": outcome["stories"],
    }
    if os.environ.get("WARTA_UPDATE_GOLDENS"):
        GOLDEN.write_text(json.dumps(stable, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert stable == expected
