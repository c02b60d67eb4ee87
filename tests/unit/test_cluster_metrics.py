"""Pairwise and B-cubed clustering metrics, checked against small cases worked out by hand."""

from __future__ import annotations

import pytest
from benchmarks.metrics import (
    PRF,
    bcubed,
    cluster_sizes,
    f1_score,
    labels_from_clusters,
    pair_counts,
    pairwise,
    singletons,
)

# gold: {a, b, c} {d} {e}        predicted: {a, b} {c, d} {e}
GOLD = {"a": "g1", "b": "g1", "c": "g1", "d": "g2", "e": "g3"}
PRED = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Z"}


def approx(prf: PRF) -> object:
    """The three scores, compared approximately (``approx(x) == (p, r, f)``)."""
    return pytest.approx((prf.precision, prf.recall, prf.f1))


def test_pairwise_counts_pairs_by_hand() -> None:
    # gold pairs ab ac bc; predicted pairs ab cd; shared: ab
    counts = pair_counts(GOLD, PRED)
    assert (counts.gold, counts.predicted, counts.correct) == (3, 2, 1)


def test_pairwise_scores_by_hand() -> None:
    # P = 1/2, R = 1/3, F1 = 2 * (1/6) / (5/6) = 0.4
    assert approx(pairwise(GOLD, PRED)) == (1 / 2, 1 / 3, 0.4)


def test_bcubed_scores_by_hand() -> None:
    # per item (P, R): a (2/2, 2/3)  b (2/2, 2/3)  c (1/2, 1/3)  d (1/2, 1/1)  e (1, 1)
    # P = 4/5, R = (11/3)/5 = 11/15, F1 = 2PR/(P+R) = 88/115
    assert approx(bcubed(GOLD, PRED)) == (4 / 5, 11 / 15, 88 / 115)


def test_singletons_baseline_has_full_precision_and_mean_inverse_cluster_size_recall() -> None:
    # R = (1/3 + 1/3 + 1/3 + 1 + 1) / 5 = 3/5, F1 = 2 * 0.6 / 1.6 = 0.75
    assert approx(bcubed(GOLD, singletons(GOLD))) == (1.0, 3 / 5, 0.75)
    # no predicted pairs: precision is vacuously 1, nothing found
    assert approx(pairwise(GOLD, singletons(GOLD))) == (1.0, 0.0, 0.0)


def test_everything_in_one_cluster() -> None:
    one = dict.fromkeys(GOLD, "all")
    # 10 predicted pairs, 3 of them gold: P = 3/10, R = 1
    assert approx(pairwise(GOLD, one)) == (3 / 10, 1.0, 2 * 0.3 / 1.3)
    # B-cubed precision: a, b, c get 3/5 each, d and e 1/5 each -> 11/25
    assert approx(bcubed(GOLD, one)) == (11 / 25, 1.0, 2 * 0.44 / 1.44)


def test_perfect_prediction_scores_one_whatever_the_label_names() -> None:
    renamed = {item: f"story-{label}" for item, label in GOLD.items()}
    assert approx(pairwise(GOLD, renamed)) == (1.0, 1.0, 1.0)
    assert approx(bcubed(GOLD, renamed)) == (1.0, 1.0, 1.0)


def test_gold_items_missing_from_prediction_count_as_singletons() -> None:
    partial = {"a": "X", "b": "X"}  # c, d, e not predicted at all
    assert pairwise(GOLD, partial) == pairwise(GOLD, {**partial, "c": "c", "d": "d", "e": "e"})
    assert bcubed(GOLD, partial) == bcubed(GOLD, {**partial, "c": "c", "d": "d", "e": "e"})


def test_predicted_items_not_in_gold_are_ignored() -> None:
    extra = {**PRED, "zz": "X"}  # would add pairs with a and b if it counted
    assert pairwise(GOLD, extra) == pairwise(GOLD, PRED)
    assert bcubed(GOLD, extra) == bcubed(GOLD, PRED)


def test_all_singletons_on_both_sides_is_perfect() -> None:
    gold = {"a": 1, "b": 2}
    assert approx(pairwise(gold, singletons(gold))) == (1.0, 1.0, 1.0)
    assert approx(bcubed(gold, singletons(gold))) == (1.0, 1.0, 1.0)


def test_spurious_pairs_when_gold_has_none_give_zero_precision() -> None:
    gold = {"a": 1, "b": 2}
    assert approx(pairwise(gold, {"a": "X", "b": "X"})) == (0.0, 1.0, 0.0)


def test_empty_gold_is_an_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        bcubed({}, {})


def test_f1_of_zero_precision_and_recall_is_zero() -> None:
    assert f1_score(0.0, 0.0) == 0.0
    assert f1_score(0.5, 1.0) == pytest.approx(2 / 3)


def test_labels_from_clusters_inverts_and_rejects_overlaps() -> None:
    assert labels_from_clusters({"s1": ["a", "b"], "s2": ["c"]}) == {"a": "s1", "b": "s1", "c": "s2"}
    with pytest.raises(ValueError, match="two clusters"):
        labels_from_clusters({"s1": ["a"], "s2": ["a"]})


def test_cluster_sizes_counts_clusters_per_size() -> None:
    assert cluster_sizes(GOLD) == {3: 1, 1: 2}
