"""The clustering evaluation script: labels files, reading the export, RESULTS.md sections, and a CLI stand-in."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest
from benchmarks import eval_cluster, report


def test_load_labels_reads_tsv_with_header_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "labels.tsv"
    path.write_text("id\tstory\n# a comment\na\ts1\nb\ts1\n\nc\ts2\n", encoding="utf-8")
    assert eval_cluster.load_labels(path) == {"a": "s1", "b": "s1", "c": "s2"}


@pytest.mark.parametrize("content", ["a\ts1\na\ts2\n", "a s1\n", "a\t\n"])
def test_load_labels_rejects_bad_tsv(tmp_path: Path, content: str) -> None:
    path = tmp_path / "labels.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError):
        eval_cluster.load_labels(path)


def test_load_labels_reads_sample_style_json(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"stories": {"s1": ["a", "b"], "s2": ["c"]}, "duplicates": {"b": "a"}}))
    assert eval_cluster.load_labels(path) == {"a": "s1", "b": "s1", "c": "s2"}
    assert eval_cluster.load_gold_duplicates(path) == {"b": "a"}


def test_predicted_stories_gives_duplicates_their_originals_story() -> None:
    rows = [
        {"id": "a", "story_id": "st1", "duplicate_of": None},
        {"id": "b", "story_id": None, "duplicate_of": "a"},
        {"id": "c", "story_id": None, "duplicate_of": "b"},  # chain c -> b -> a
        {"id": "d", "story_id": None, "duplicate_of": None},
        {"id": "e", "story_id": None, "duplicate_of": "f"},  # cycle e <-> f, no story
        {"id": "f", "story_id": None, "duplicate_of": "e"},
    ]
    labels = eval_cluster.predicted_stories(rows)
    assert labels["a"] == labels["b"] == labels["c"]
    assert len({labels["d"], labels["e"], labels["f"], labels["a"]}) == 4


def test_duplicate_scores_ignore_direction() -> None:
    rows = [{"id": "a", "duplicate_of": "b"}, {"id": "c", "duplicate_of": "d"}]
    scores = eval_cluster.duplicate_scores({"b": "a", "x": "y"}, rows)
    assert (scores.precision, scores.recall) == (0.5, 0.5)


def test_score_reports_counts_and_baseline() -> None:
    gold = {"a": "s1", "b": "s1", "c": "s2"}
    result = eval_cluster.score(gold, {"a": 1, "b": 1, "c": 2}, ["a", "b", "c"])
    assert result["pairwise_f1"] == result["bcubed_f1"] == 1.0
    assert (result["gold_stories"], result["gold_multi_stories"], result["gold_pairs"]) == (2, 1, 1)
    assert result["singletons_bcubed_f1"] == pytest.approx(2 * (2 / 3) / (1 + 2 / 3))
    assert eval_cluster.score(gold, {"a": 1}, ["a"])["missing_from_export"] == 2


FAKE_WARTA = textwrap.dedent(
    """
    # Stand-in for the warta CLI: `ingest FILE --db DB --quiet` copies the corpus; `export articles --db DB
    # --format jsonl` prints one row per article, clustered by the first word of its text.
    import json, shutil, sys
    args = sys.argv[1:]
    db = args[args.index("--db") + 1]
    if args[0] == "ingest":
        shutil.copyfile(args[1], db)
    else:
        for line in open(db, encoding="utf-8"):
            rec = json.loads(line)
            print(json.dumps({"id": rec["id"], "story_id": rec["text"].split()[0], "duplicate_of": None}))
    """
)


def test_evaluate_runs_the_cli_and_scores_its_export(tmp_path: Path) -> None:
    script = tmp_path / "fake_warta.py"
    script.write_text(FAKE_WARTA, encoding="utf-8")
    records = [
        {"id": "a", "text": "banjir di kota"},
        {"id": "b", "text": "banjir lagi"},
        {"id": "c", "text": "gempa di desa"},
    ]
    gold = {"a": "flood", "b": "flood", "c": "quake"}
    result = eval_cluster.evaluate(records, gold, tmp_path / "w.db", warta=[sys.executable, str(script)])
    assert result["pairwise_f1"] == 1.0
    assert result["missing_from_export"] == 0


def test_evaluate_accepts_labels_json_content_and_scores_duplicates(tmp_path: Path) -> None:
    script = tmp_path / "fake_warta.py"
    script.write_text(FAKE_WARTA, encoding="utf-8")
    records = [{"id": "a", "text": "banjir di kota"}, {"id": "b", "text": "banjir di kota"}]
    labels = {"stories": {"flood": ["a", "b"]}, "duplicates": {"b": "a"}}
    result = eval_cluster.evaluate(records, labels, tmp_path / "w.db", warta=[sys.executable, str(script)])
    assert result["pairwise_f1"] == 1.0
    assert result["duplicate_recall"] == 0.0  # the stand-in marks no duplicates


def test_evaluate_reports_a_failing_cli(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="exited with 3"):
        eval_cluster.evaluate(
            [{"id": "a", "text": "x"}], {"a": "s"}, tmp_path / "w.db", warta=[sys.executable, "-c", "exit(3)"]
        )


def test_update_section_replaces_only_its_own_section(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    path.write_text("# Results\n\n<!-- summary:start -->\nROUGE\n<!-- summary:end -->\n", encoding="utf-8")
    report.update_section("cluster", "first", path)
    report.update_section("cluster", "second", path)
    text = path.read_text(encoding="utf-8")
    assert "<!-- summary:start -->\nROUGE\n<!-- summary:end -->" in text
    assert report.read_section(text, "cluster") == "second\n"
    assert text.count("<!-- cluster:start -->") == 1


def test_update_section_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    report.update_section("ingest", "numbers", path)
    assert report.read_section(path.read_text(encoding="utf-8"), "ingest") == "numbers\n"


def test_upsert_table_keeps_other_rows_and_replaces_same_key() -> None:
    section = report.upsert_table(None, ["labels", "f1"], ["`a.tsv`", "0.5"])
    section = report.upsert_table(section, ["labels", "f1"], ["`b.json`", "0.9"])
    section = report.upsert_table(section, ["labels", "f1"], ["`a.tsv`", "0.7"])
    assert section.splitlines() == ["| labels | f1 |", "| --- | --- |", "| `a.tsv` | 0.7 |", "| `b.json` | 0.9 |"]


def test_write_results_adds_a_row_per_labels_file(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    result = eval_cluster.score({"a": "s1", "b": "s1", "c": "s2"}, {"a": 1, "b": 1, "c": 2}, ["a", "b", "c"])
    eval_cluster.write_results("x.tsv", result, path)
    eval_cluster.write_results("y.json", result, path)
    rows = report.table_rows(report.read_section(path.read_text(encoding="utf-8"), "cluster"))
    assert list(rows) == ["`x.tsv`", "`y.json`"]
