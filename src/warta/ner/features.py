"""CRF features for Indonesian NER, gazetteer-free.

Each token gets string features (``name=value``, weight 1) from itself and its
neighbours within two tokens: the lower-cased word, prefixes and suffixes of 2–4
characters, a collapsed word shape (``Xx``, ``X``, ``d``, ``Xd``…), case and
digit flags, and word bigrams around it. Lexical features are lower-cased, so a
model trained on cased and lower-cased copies of its sentences tags both; the
case features simply go quiet on lower-cased text.

Version 2 adds the word's distributional cluster ids (:mod:`warta.ner.clusters`) at
256 and 1024 clusters (``none`` for an unknown word). The 64-cluster level and the
neighbours' clusters were tried too and lowered NER-UI dev F1, so they are left out.
``sentence_features(tokens, version=1)`` still gives the old, cluster-free features.

Bump :data:`FEATURE_VERSION` whenever the features change: a model records the
version it was trained with (``feature_version`` in ``meta.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .clusters import clusters

FEATURE_VERSION = 2
SUPPORTED_VERSIONS = frozenset({1, 2})
_NO_CLUSTER = ("none", "none", "none")

_shape_cache: dict[str, str] = {}


def _char_class(c: str) -> str:
    if c.isupper():
        return "X"
    if c.islower() or c.isalpha():
        return "x"
    if c.isdigit():
        return "d"
    return c


def shape(token: str) -> str:
    """Collapsed shape: ``Jakarta`` → ``Xx``, ``KPK`` → ``X``, ``2014`` → ``d``, ``Rp10.000`` → ``Xxd.d``."""
    cached = _shape_cache.get(token)
    if cached is not None:
        return cached
    out: list[str] = []
    for c in token:
        k = _char_class(c)
        if not out or out[-1] != k:
            out.append(k)
    s = "".join(out)[:8]
    if len(_shape_cache) < 200_000:
        _shape_cache[token] = s
    return s


def _token_features(token: str) -> tuple[str, list[str]]:
    """(lower-cased word, this token's own features)."""
    low = token.lower()
    shp = shape(token)
    feats = [
        "b",
        "w=" + low,
        "sh=" + shp,
        "p2=" + low[:2],
        "p3=" + low[:3],
        "p4=" + low[:4],
        "s2=" + low[-2:],
        "s3=" + low[-3:],
        "s4=" + low[-4:],
    ]
    if token != low:
        feats.append("W=" + token)
    if token[:1].isupper():
        feats.append("tt" if token[1:].islower() or len(token) == 1 else "cap")
        if token.isupper() and len(token) > 1:
            feats.append("up")
    if token.isdigit():
        feats.append("dg")
    elif any(c.isdigit() for c in token):
        feats.append("hd")
    if "-" in token:
        feats.append("hy")
    if len(token) == 1 and not token.isalnum():
        feats.append("pu")
    return low, feats


@dataclass(frozen=True, slots=True)
class _Parts:
    """Everything one token contributes, to its own features and as a neighbour's, prefixed once."""

    low: str
    title: bool  # starts with an upper-case letter
    own: tuple[str, ...]
    left1: tuple[str, str]  # as the previous token: "-1w=", "-1sh="
    left1_more: tuple[str, ...]  # "-1s3=", "-1tt" for a capitalised word, "-1p3="
    left2: tuple[str, str]
    left3: str
    right1: tuple[str, str]
    right1_more: tuple[str, ...]
    right2: tuple[str, str]
    right3: str
    clusters: tuple[str, str]


# Tokens repeat (Zipf): a token's strings are built once and reused, which cut the feature time by
# about 40% (16,384 tokens, about 40 MB, kept 91% of the look-ups on 2,000 news articles).
@lru_cache(maxsize=16_384)
def _parts(token: str) -> _Parts:
    low, own = _token_features(token)
    shp = own[2][3:]
    title = token[:1].isupper()
    s3, p3 = low[-3:], low[:3]
    ids = clusters().get(low, _NO_CLUSTER)
    return _Parts(
        low=low,
        title=title,
        own=tuple(own),
        left1=("-1w=" + low, "-1sh=" + shp),
        left1_more=("-1s3=" + s3, "-1tt", "-1p3=" + p3) if title else ("-1s3=" + s3, "-1p3=" + p3),
        left2=("-2w=" + low, "-2sh=" + shp),
        left3="-3w=" + low,
        right1=("+1w=" + low, "+1sh=" + shp),
        right1_more=("+1s3=" + s3, "+1tt", "+1p3=" + p3) if title else ("+1s3=" + s3, "+1p3=" + p3),
        right2=("+2w=" + low, "+2sh=" + shp),
        right3="+3w=" + low,
        clusters=("c256=" + ids[1], "c1024=" + ids[2]),
    )


def sentence_features(tokens: Sequence[str], version: int = FEATURE_VERSION) -> list[list[str]]:
    """One list of string features per token of a sentence (``version`` 1: without word clusters)."""
    if version not in SUPPORTED_VERSIONS:
        raise ValueError(f"unknown feature version {version}")
    parts = [_parts(token) for token in tokens]
    n = len(parts)
    with_clusters = version >= 2
    out: list[list[str]] = []
    for i, p in enumerate(parts):
        if 2 < i < n - 3:
            out.append(
                _inner_features(
                    p, parts[i - 3], parts[i - 2], parts[i - 1], parts[i + 1], parts[i + 2], parts[i + 3], with_clusters
                )
            )
        else:
            out.append(_edge_features(parts, i, with_clusters))
    return out


def _inner_features(
    p: _Parts, m3: _Parts, m2: _Parts, m1: _Parts, p1: _Parts, p2: _Parts, p3: _Parts, with_clusters: bool
) -> list[str]:
    """Features of a token with three neighbours on each side: one list display, the hot path."""
    feats = [
        *p.own,
        *m1.left1,
        "-1w|w=" + m1.low + "|" + p.low,
        *m1.left1_more,
        *m2.left2,
        "-2w|-1w=" + m2.low + "|" + m1.low,
        m3.left3,
        *p1.right1,
        "w|+1w=" + p.low + "|" + p1.low,
        *p1.right1_more,
        "-1w|+1w=" + m1.low + "|" + p1.low,
        *p2.right2,
        "+1w|+2w=" + p1.low + "|" + p2.low,
        p3.right3,
    ]
    if with_clusters:
        feats += p.clusters
    return feats


def _edge_features(parts: Sequence[_Parts], i: int, with_clusters: bool) -> list[str]:
    """Features of a token near either end of its sentence."""
    n = len(parts)
    p = parts[i]
    feats = list(p.own)
    if i == 0:
        feats.append("BOS")
        if p.title:
            feats.append("BOStt")
    else:
        q = parts[i - 1]
        feats += q.left1
        feats.append("-1w|w=" + q.low + "|" + p.low)
        feats += q.left1_more
        if i > 1:
            r = parts[i - 2]
            feats += r.left2
            feats.append("-2w|-1w=" + r.low + "|" + q.low)
            if i > 2:
                feats.append(parts[i - 3].left3)
        else:
            feats.append("-2BOS")
    if i == n - 1:
        feats.append("EOS")
    else:
        q = parts[i + 1]
        feats += q.right1
        feats.append("w|+1w=" + p.low + "|" + q.low)
        feats += q.right1_more
        if i > 0:
            feats.append("-1w|+1w=" + parts[i - 1].low + "|" + q.low)
        if i < n - 2:
            r = parts[i + 2]
            feats += r.right2
            feats.append("+1w|+2w=" + q.low + "|" + r.low)
            if i < n - 3:
                feats.append(parts[i + 3].right3)
        else:
            feats.append("+2EOS")
    if with_clusters:
        feats += p.clusters
    return feats
