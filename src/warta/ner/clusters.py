"""Distributional word clusters for the NER features (``warta/data/ner/clusters.tsv``).

Each line is ``word<TAB>c64<TAB>c256<TAB>c1024``: the cluster of a lower-cased word at
three granularities, built by ``scripts/build_word_clusters.py`` from unlabeled text
(IndoSum sample, CC BY-SA 4.0, plus the text of NER training splits). The file is read
once, on first use.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

CLUSTERS_FILE = "clusters.tsv"
NONE: tuple[str, ...] = ("none", "none", "none")


@cache
def clusters() -> dict[str, tuple[str, ...]]:
    """Lower-cased word -> its cluster ids (as strings), one per granularity."""
    text = (resources.files("warta") / "data" / "ner" / CLUSTERS_FILE).read_text(encoding="utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, *ids = line.split("\t")
        out[word] = tuple(ids)
    return out


def lookup(word: str) -> tuple[str, ...]:
    """Cluster ids of ``word`` (lower-cased here), or ``("none", …)`` for an unknown word."""
    return clusters().get(word.lower(), NONE)
