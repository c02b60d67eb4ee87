"""Word-cluster features (features v2) and models trained with the older v1 features."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warta.ner.clusters import NONE, clusters, lookup
from warta.ner.conll import Sentence
from warta.ner.features import FEATURE_VERSION, sentence_features
from warta.ner.model import NerModel, train_crf


def test_clusters_loaded_once_and_looked_up_lower_cased() -> None:
    table = clusters()
    assert clusters() is table
    assert len(table) > 5_000
    assert all(len(ids) == 3 for ids in list(table.values())[:100])
    assert lookup("Jakarta") == lookup("jakarta") != NONE
    assert lookup("senin") == lookup("Selasa")  # weekdays share a fine cluster
    assert lookup("qwxzzyq-not-a-word") == NONE


def test_cluster_features_v2_only() -> None:
    tokens = ["Presiden", "Jokowi", "qwxzzyq", "Jakarta"]
    v2 = sentence_features(tokens)
    v1 = sentence_features(tokens, version=1)
    assert FEATURE_VERSION == 2
    ids = lookup("jokowi")
    assert {f"c256={ids[1]}", f"c1024={ids[2]}"} <= set(v2[1])
    assert "c256=none" in v2[2] and "c1024=none" in v2[2]
    assert not any(f.startswith(("-1c", "+1c", "c64=")) for fs in v2 for f in fs)
    assert [f for f in v2[1] if not f.startswith(("c256=", "c1024="))] == v1[1]
    assert not any(f.startswith(("c256=", "c1024=")) for fs in v1 for f in fs)
    assert sentence_features([], version=1) == []
    with pytest.raises(ValueError):
        sentence_features(tokens, version=99)


@pytest.mark.skipif(
    not hasattr(NerModel, "feature_version"), reason="NerModel does not yet track the model's feature version"
)
def test_v1_model_still_loads_and_tags(tmp_path: Path) -> None:
    sents = [
        Sentence(("Joko", "Widodo", "tiba", "di", "Surabaya", "."), ("B-PER", "I-PER", "O", "O", "B-LOC", "O")),
        Sentence(("Ani", "pergi", "ke", "Bandung", "."), ("B-PER", "O", "O", "B-LOC", "O")),
    ] * 5
    feats = [sentence_features(s.tokens, version=1) for s in sents]
    train_crf(sents, tmp_path / "model.crfsuite", c1=0.0, c2=0.01, max_iterations=30, features=feats)
    (tmp_path / "meta.json").write_text(json.dumps({"feature_version": 1}), encoding="utf-8")
    model = NerModel.load(tmp_path)
    assert model.feature_version == 1
    assert model.tag(["Joko", "Widodo", "tiba", "di", "Surabaya", "."]) == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
