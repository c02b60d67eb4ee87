"""The hand-made data: the demo sample corpus with its labels, and the IndoSum story labels."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from benchmarks import indosum
from benchmarks.eval_cluster import load_labels

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "src" / "warta" / "data" / "sample"
STORIES_TSV = REPO / "benchmarks" / "data" / "indosum_stories.tsv"
PAIRS_TSV = REPO / "benchmarks" / "data" / "indosum_candidate_pairs.tsv"


def sample_articles() -> list[dict[str, Any]]:
    with (SAMPLE / "articles.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def sample_labels() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLE / "labels.json").read_text(encoding="utf-8"))
    return data


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_sample_articles_follow_the_ingest_schema() -> None:
    articles = sample_articles()
    assert len(articles) == 30
    assert [a["id"] for a in articles] == [f"sample-{n:03d}" for n in range(1, 31)]
    for a in articles:
        assert set(a) <= {"id", "text", "title", "source", "url", "published", "lang"}
        assert 150 <= len(a["text"].split()) <= 400, a["id"]
        assert datetime.fromisoformat(a["published"]).tzinfo is not None
    assert sum(1 for a in articles if "title" not in a) == 3


def test_sample_spans_about_three_weeks() -> None:
    dates = [datetime.fromisoformat(a["published"]) for a in sample_articles()]
    assert timedelta(days=14) <= max(dates) - min(dates) <= timedelta(days=24)


def test_sample_labels_cover_every_article_once() -> None:
    labels = sample_labels()
    ids = [a["id"] for a in sample_articles()]
    listed = [i for members in labels["stories"].values() for i in members]
    assert sorted(listed) == sorted(ids)
    assert load_labels(SAMPLE / "labels.json").keys() == set(ids)
    sizes = Counter(len(members) for members in labels["stories"].values())
    assert sizes[1] >= 8 and sum(n for size, n in sizes.items() if size >= 2) >= 5


def test_sample_multi_article_stories_come_from_different_outlets() -> None:
    source = {a["id"]: a["source"] for a in sample_articles()}
    for story, members in sample_labels()["stories"].items():
        if len(members) > 1:
            assert len({source[i] for i in members}) >= 2, story


def test_sample_exact_duplicate_is_byte_identical_and_wire_copy_is_near() -> None:
    text = {a["id"]: a["text"] for a in sample_articles()}
    labels = sample_labels()
    kinds = labels["duplicate_kind"]
    assert sorted(kinds.values()) == ["exact", "wire"]
    story_of = {i: s for s, members in labels["stories"].items() for i in members}
    for copy, original in labels["duplicates"].items():
        assert story_of[copy] == story_of[original]
        if kinds[copy] == "exact":
            assert text[copy] == text[original]
        else:
            a, b = shingles(text[copy]), shingles(text[original])
            assert text[copy] != text[original]
            assert len(a & b) / len(a | b) >= 0.85


def test_sample_same_story_articles_are_not_near_duplicates() -> None:
    text = {a["id"]: a["text"] for a in sample_articles()}
    labels = sample_labels()
    copies = set(labels["duplicates"])
    for members in labels["stories"].values():
        originals = [i for i in members if i not in copies]
        for n, a in enumerate(originals):
            for b in originals[n + 1 :]:
                sa, sb = shingles(text[a]), shingles(text[b])
                assert len(sa & sb) / len(sa | sb) < 0.2, (a, b)


def test_sample_declares_one_english_and_one_malay_article() -> None:
    assert sorted(sample_labels()["lang"].values()) == ["en", "ms"]


def test_indosum_story_labels_cover_the_corpus() -> None:
    labels = load_labels(STORIES_TSV)
    assert len(labels) == 715
    sizes = Counter(Counter(labels.values()).values())
    assert sizes[1] >= 700  # most articles are alone in their story
    if indosum.CORPUS.exists():
        assert set(labels) == {row["id"] for row in indosum.load_rows()}


def test_indosum_candidate_pairs_agree_with_the_labels() -> None:
    labels = load_labels(STORIES_TSV)
    lines = PAIRS_TSV.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["id_a", "id_b", "tfidf_cosine", "days_apart", "judgement", "note"]
    same = 0
    for line in lines[1:]:
        a, b, _, _, judgement, _ = line.split("\t")
        assert judgement in {"same", "different"}
        assert (labels[a] == labels[b]) == (judgement == "same"), (a, b)
        same += judgement == "same"
    gold_pairs = sum(n * (n - 1) // 2 for n in Counter(labels.values()).values())
    assert same == gold_pairs  # every gold pair was read as a candidate


@pytest.mark.parametrize("story", ["idrus-marham-dilantik-mensos-2018-01-17", "mu-everton-1-1-2017-04-04"])
def test_indosum_named_stories_are_pairs(story: str) -> None:
    assert list(load_labels(STORIES_TSV).values()).count(story) == 2


@pytest.mark.parametrize("folder", [".", "dev2", "check"])
def test_the_event_sets_are_well_formed(folder: str) -> None:
    import subprocess
    import sys

    data = REPO / "benchmarks" / "event_data"
    proc = subprocess.run(
        [sys.executable, str(data / "check.py"), str(data / folder)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("OK: ")
