"""Strict entity-level precision, recall and F1, the way CoNLL's ``conlleval`` counts.

A span is a maximal run ``B-T I-T I-T…`` (or ``I-T I-T…``: an orphan ``I-``
starts a span, as in conlleval). A predicted span counts only when a gold span
has exactly the same start, end and type. Scores are given per type and
micro-averaged over all types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Span = tuple[int, int, str]  # start (inclusive), end (exclusive), type


def spans(tags: Sequence[str]) -> list[Span]:
    """Entity spans of a BIO tag sequence; an ``I-T`` after ``O`` or another type opens a span."""
    out: list[Span] = []
    start = -1
    kind = ""
    for i, tag in enumerate(tags):
        if tag == "O" or len(tag) < 3:
            prefix, t = "O", ""
        else:
            prefix, t = tag[0], tag[2:]
        continues = prefix == "I" and start >= 0 and t == kind
        if not continues:
            if start >= 0:
                out.append((start, i, kind))
                start = -1
            if prefix in ("B", "I"):
                start, kind = i, t
    if start >= 0:
        out.append((start, len(tags), kind))
    return out


@dataclass(frozen=True, slots=True)
class Score:
    type: str  # an entity type, or "micro"
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    correct: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.correct,
        }


def _score(kind: str, gold: int, predicted: int, correct: int) -> Score:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(kind, p, r, f, gold, predicted, correct)


@dataclass(frozen=True, slots=True)
class Report:
    per_type: tuple[Score, ...]
    micro: Score
    sentences: int
    tokens: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "micro": self.micro.as_dict(),
            "per_type": {s.type: s.as_dict() for s in self.per_type},
            "sentences": self.sentences,
            "tokens": self.tokens,
        }


def evaluate(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> Report:
    """Score ``(gold_tags, predicted_tags)`` pairs, one pair per sentence."""
    gold_n: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    ok_n: Counter[str] = Counter()
    sentences = tokens = 0
    for gold, pred in pairs:
        if len(gold) != len(pred):
            raise ValueError(f"gold has {len(gold)} tags, prediction {len(pred)}")
        sentences += 1
        tokens += len(gold)
        g = set(spans(gold))
        p = set(spans(pred))
        gold_n.update(s[2] for s in g)
        pred_n.update(s[2] for s in p)
        ok_n.update(s[2] for s in g & p)
    kinds = sorted(set(gold_n) | set(pred_n))
    per_type = tuple(_score(k, gold_n[k], pred_n[k], ok_n[k]) for k in kinds)
    micro = _score("micro", sum(gold_n.values()), sum(pred_n.values()), sum(ok_n.values()))
    return Report(per_type, micro, sentences, tokens)
