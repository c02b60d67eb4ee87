"""CRF features for Indonesian NER, gazetteer-free.

Each token gets string features (``name=value``, weight 1) from itself and its
neighbours within two tokens: the lower-cased word, prefixes and suffixes of 2–4
characters, a collapsed word shape (``Xx``, ``X``, ``d``, ``Xd``…), case and
digit flags, and word bigrams around it. Lexical features are lower-cased, so a
model trained on cased and lower-cased copies of its sentences tags both; the
case features simply go quiet on lower-cased text.

Bump :data:`FEATURE_VERSION` whenever the features change: a model records the
version it was trained with and refuses to load under another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

FEATURE_VERSION = 1

_SHAPE_SUBS = (
    (re.compile(r"[A-Z\u00c0-\u00de]+"), "X"),
    (re.compile(r"[a-z\u00df-\u00ff]+"), "x"),
    (re.compile(r"[0-9]+"), "d"),
)
_LETTER = re.compile(r"[^\W\d_]")
_shape_cache: dict[str, str] = {}


def shape(token: str) -> str:
    """Collapsed shape: ``Jakarta`` → ``Xx``, ``KPK`` → ``X``, ``2014`` → ``d``, ``Rp10.000`` → ``Xxd.d``."""
    cached = _shape_cache.get(token)
    if cached is not None:
        return cached
    s = token
    for pattern, repl in _SHAPE_SUBS:
        s = pattern.sub(repl, s)
    # other letters (non-Latin) collapse to "a"
    s = _LETTER.sub("a", s)[:8]
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


def sentence_features(tokens: Sequence[str]) -> list[list[str]]:
    """One list of string features per token of a sentence."""
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
        else:
            prev = lows[i - 1]
            feats.append("-1w=" + prev)
            feats.append("-1sh=" + shapes[i - 1])
            feats.append("-1w|w=" + prev + "|" + lows[i])
            feats.append("-1s3=" + prev[-3:])
            if titles[i - 1]:
                feats.append("-1tt")
            if i > 1:
                feats.append("-2w=" + lows[i - 2])
                feats.append("-2sh=" + shapes[i - 2])
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
            if i < n - 2:
                feats.append("+2w=" + lows[i + 2])
                feats.append("+2sh=" + shapes[i + 2])
            else:
                feats.append("+2EOS")
        out.append(feats)
    return out
