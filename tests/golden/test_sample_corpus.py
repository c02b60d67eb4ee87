"""The bundled sample corpus: duplicates, languages and stories against its hand labels.

An evaluation gate: lower a floor here only with a reason in the commit message.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from benchmarks.eval_cluster import evaluate

from warta.config import Settings
from warta.runners.local import ingest
from warta.store.sqlite import Store

PAIRWISE_F1_FLOOR = 0.80
BCUBED_F1_FLOOR = 0.90


def sample_file(name: str) -> Path:
    return Path(str(resources.files("warta").joinpath(f"data/sample/{name}")))


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    return json.loads(sample_file("labels.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    db = tmp_path_factory.mktemp("sample") / "w.db"
    with Store(db) as store:
        report = ingest([str(sample_file("articles.jsonl"))], store, Settings())
        assert not report.errors
        return {a["id"]: a for a in store.iter_articles()}


def test_exact_duplicate_and_wire_copy_point_at_their_originals(articles: dict[str, Any], labels: Any) -> None:
    found = {aid: a["duplicate_of"] for aid, a in articles.items() if a["duplicate_of"]}
    assert found == labels["duplicates"]


def test_english_and_malay_articles_are_stored_and_flagged(articles: dict[str, Any], labels: Any) -> None:
    for aid, lang in labels["lang"].items():
        assert articles[aid]["lang"] == lang
    others = {a["lang"] for aid, a in articles.items() if aid not in labels["lang"]}
    assert others == {"id"}


def test_every_article_has_a_story_and_duplicates_share_their_originals_story(articles: dict[str, Any]) -> None:
    assert all(a["story_id"] for a in articles.values())
    for a in articles.values():
        if a["duplicate_of"]:
            assert a["story_id"] == articles[a["duplicate_of"]]["story_id"]


def test_story_clustering_meets_the_quality_floor(labels: Any, tmp_path: Path) -> None:
    records = [json.loads(line) for line in sample_file("articles.jsonl").read_text(encoding="utf-8").splitlines()]
    result = evaluate(records, labels, tmp_path / "eval.db")
    assert result["pairwise_f1"] >= PAIRWISE_F1_FLOOR, result
    assert result["bcubed_f1"] >= BCUBED_F1_FLOOR, result
    assert result["bcubed_f1"] > result["singletons_bcubed_f1"], result
