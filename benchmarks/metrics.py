"""Clustering metrics for story grouping: pairwise and B-cubed precision, recall and F1.

A clustering is a mapping ``item id -> cluster label``; only equality of labels matters, never their values.
Scores are computed over the items of the *gold* clustering: predicted items not in gold are ignored, gold items
missing from the prediction count as predicted singletons.

Pairwise: every unordered pair of items is a decision "same story or not"; precision is the share of predicted
same-story pairs that are gold pairs, recall the share of gold pairs that were predicted. With no predicted pairs
precision is 1.0 (nothing was claimed); with no gold pairs recall is 1.0 (nothing to find).

B-cubed (Bagga & Baldwin 1998; Amigó et al. 2009): for each item, precision is the share of its predicted cluster
that is in its gold cluster, recall the share of its gold cluster that is in its predicted cluster; both are averaged
over items. Unlike pairwise scores it does not let a few big clusters dominate, and it gives the all-singletons
baseline a meaningful score (precision 1, recall = mean of 1/|gold cluster|).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class PairCounts:
    gold: int  # same-story pairs in gold
    predicted: int  # same-story pairs in the prediction
    correct: int  # pairs in both


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean; 0.0 when both are 0."""
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def labels_from_clusters(clusters: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """``{cluster: [ids]}`` -> ``{id: cluster}``; an id listed under two clusters is an error."""
    labels: dict[str, str] = {}
    for cluster, ids in clusters.items():
        for item in ids:
            if item in labels:
                raise ValueError(f"{item!r} is in two clusters: {labels[item]!r} and {cluster!r}")
            labels[item] = cluster
    return labels


def singletons(gold: Mapping[str, Hashable]) -> dict[str, Hashable]:
    """The baseline that puts every item in its own cluster."""
    return {item: ("singleton", item) for item in gold}


def _aligned(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> list[tuple[Hashable, Hashable]]:
    """(gold label, predicted label) per gold item; an item absent from the prediction gets a unique label."""
    if not gold:
        raise ValueError("the gold clustering is empty")
    return [(label, predicted.get(item, ("missing", item))) for item, label in gold.items()]


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_counts(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> PairCounts:
    """How many same-story pairs gold and prediction have, and how many they share."""
    aligned = _aligned(gold, predicted)
    joint = Counter(aligned)
    return PairCounts(
        gold=sum(_pairs(n) for n in Counter(g for g, _ in aligned).values()),
        predicted=sum(_pairs(n) for n in Counter(p for _, p in aligned).values()),
        correct=sum(_pairs(n) for n in joint.values()),
    )


def pairwise(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> PRF:
    """Pairwise precision, recall and F1 over same-story pairs."""
    counts = pair_counts(gold, predicted)
    precision = counts.correct / counts.predicted if counts.predicted else 1.0
    recall = counts.correct / counts.gold if counts.gold else 1.0
    return PRF(precision, recall, f1_score(precision, recall))


def bcubed(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> PRF:
    """B-cubed precision, recall and F1, averaged over gold items."""
    aligned = _aligned(gold, predicted)
    joint = Counter(aligned)
    gold_sizes = Counter(g for g, _ in aligned)
    pred_sizes = Counter(p for _, p in aligned)
    precision = sum(joint[g, p] / pred_sizes[p] for g, p in aligned) / len(aligned)
    recall = sum(joint[g, p] / gold_sizes[g] for g, p in aligned) / len(aligned)
    return PRF(precision, recall, f1_score(precision, recall))


def cluster_sizes(labels: Mapping[str, Hashable]) -> Counter[int]:
    """``{size: number of clusters of that size}``."""
    return Counter(Counter(labels.values()).values())
