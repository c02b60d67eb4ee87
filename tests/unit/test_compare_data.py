"""The labelled multi-outlet stories the comparison is tuned and checked on are consistent."""

from __future__ import annotations

from benchmarks import eval_compare


def test_the_compare_dev_set_is_consistent_with_its_source_and_the_splitter() -> None:
    raws = eval_compare.read_stories(eval_compare.DATA)
    assert len(raws) >= 20
    assert [p for p in eval_compare.validate(raws) if not p.startswith("note:")] == []
    assert {r["split"] for r in raws} == {"tune", "check"}


def test_the_scorer_tells_a_trivial_predictor_from_a_real_one() -> None:
    """Every sentence alone finds no cross-outlet pair; grouping by shared words finds some."""
    raws = eval_compare.read_stories(eval_compare.DATA)
    gold = eval_compare.load_gold(raws[0])
    baseline = eval_compare.score_story(gold, eval_compare.predict_baseline(gold))
    overlap = eval_compare.score_story(gold, eval_compare.predict_overlap(gold))
    assert baseline.fact_tp == 0 and overlap.fact_tp > 0
