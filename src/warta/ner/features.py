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


def sentence_features(tokens: Sequence[str], version: int = FEATURE_VERSION) -> list[list[str]]:
    """One list of string features per token of a sentence (``version`` 1: without word clusters)."""
    if version not in SUPPORTED_VERSIONS:
        raise ValueError(f"unknown feature version {version}")
    n = len(tokens)
    lows: list[str] = []
    shapes: list[str] = []
    own: list[list[str]] = []
    titles: list[bool] = []
    for token in tokens:
        low, feats = _token_features(token)
        lows.append(low)
        shapes.append(feats[2][3:])
        titles.append(token[:1].isupper())
        own.append(feats)
    out: list[list[str]] = []
    for i in range(n):
        feats = own[i][:]
        if i == 0:
            feats.append("BOS")
            if titles[0]:
                feats.append("BOStt")
        else:
            prev = lows[i - 1]
            feats.append("-1w=" + prev)
            feats.append("-1sh=" + shapes[i - 1])
            feats.append("-1w|w=" + prev + "|" + lows[i])
            feats.append("-1s3=" + prev[-3:])
            if titles[i - 1]:
                feats.append("-1tt")
            feats.append("-1p3=" + prev[:3])
            if i > 1:
                feats.append("-2w=" + lows[i - 2])
                feats.append("-2sh=" + shapes[i - 2])
                feats.append("-2w|-1w=" + lows[i - 2] + "|" + prev)
                if i > 2:
                    feats.append("-3w=" + lows[i - 3])
            else:
                feats.append("-2BOS")
        if i == n - 1:
            feats.append("EOS")
        else:
            nxt = lows[i + 1]
            feats.append("+1w=" + nxt)
            feats.append("+1sh=" + shapes[i + 1])
            feats.append("w|+1w=" + lows[i] + "|" + nxt)
            feats.append("+1s3=" + nxt[-3:])
            if titles[i + 1]:
                feats.append("+1tt")
            feats.append("+1p3=" + nxt[:3])
            if i > 0:
                feats.append("-1w|+1w=" + lows[i - 1] + "|" + nxt)
            if i < n - 2:
                feats.append("+2w=" + lows[i + 2])
                feats.append("+2sh=" + shapes[i + 2])
                feats.append("+1w|+2w=" + nxt + "|" + lows[i + 2])
                if i < n - 3:
                    feats.append("+3w=" + lows[i + 3])
            else:
                feats.append("+2EOS")
        out.append(feats)
    if version >= 2:
        table = clusters()
        for low, feats in zip(lows, out, strict=True):
            ids = table.get(low, _NO_CLUSTER)
            feats.append("c256=" + ids[1])
            feats.append("c1024=" + ids[2])
    return out
