"""Events inside stories: which of a story's articles report one happening.

A story links what happens over days (a tournament, a court case, a refusal and then the apology);
an *event* is one happening in it (one match, one hearing, one statement), as the outlets that
report it tell it. Stories are joined loosely by clustering (:mod:`warta.cluster`); events are cut
strictly inside each story, by a plain function of its members:

- two articles may share an event only when they were published within ``max_days`` of each other
  (an undated article pairs with any member of its story whose similarity reaches
  ``undated_threshold``: it is in the story already, and its event is its closest one there);
- when both leads date what they report ("ditolak ... Sabtu (8/8/2026)", "jumpa pers ... Minggu
  (9/8/2026)"), those days may be at most ``lead_days`` apart, and each day apart costs
  ``lead_penalty`` (one happening is often dated on the day it happened by one outlet and on the
  day of the statement about it by another);
- their similarity is the clustering's (content-word cosine and shared resolved names), between
  the two articles rather than an article and a story's centroid;
- grouping is average-link, reports of one day first, then those days apart, each step best pairs
  first: an article joins an event only when it is, on average, that close to every article the
  event holds, and never when its dates rule out one happening with any of them;
- an article about a happening still to come is never in one event with reports of what happened:
  its lead dates the happening after the day it was published ("menjamu Garuda Selatan ... Minggu
  (17/5/2026)" in a preview published on Friday), while a report dates it on or before its own day;
- a copy of an article (exact or near duplicate) is in its original's event.

The result depends only on the members, not on the order in which they arrived.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from .cluster import NAMES_COMPARED, Profile, cosine
from .config import EventConfig
from .lang.id.dates import find_own_date
from .records import Article

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["EventMember", "event_id", "event_member", "group_events", "lead_day", "similarity"]


@dataclass(frozen=True, slots=True)
class EventMember:
    """What the event grouping knows of one member article."""

    article_id: str
    published: str | None  # ISO date or datetime: orders the members
    day: str | None  # the publication day, when known
    profile: Profile
    copy_of: str | None = None  # the original of its duplicate group, when it is a copy
    ahead: bool = False  # its lead dates what it reports after the day it was published (a preview)
    happened: str | None = None  # the day its lead gives for what it reports ("Sabtu (8/8/2026)")


def lead_day(text: str) -> str | None:
    """The day an article's lead gives for what it reports (a dateline's or a confirmed day-date)."""
    own = find_own_date(text)
    return own[0] if own is not None else None


def event_member(article: Article, profile: Profile, copy_of: str | None = None) -> EventMember:
    """What the event grouping needs of ``article``; ``ahead`` when its lead dates what it reports
    after the day it was published."""
    day = article.published_date
    happened = lead_day(article.text)
    ahead = day is not None and happened is not None and happened > day
    return EventMember(article.id, article.published, day, profile, copy_of, ahead, happened)


def event_id(founder: str) -> str:
    """An event is named after its earliest article."""
    return "ev-" + hashlib.blake2b(founder.encode(), digest_size=6).hexdigest()


def similarity(a: Profile, b: Profile, name_weight: float) -> float:
    """Content-word cosine and shared names of two articles, as clustering weighs them."""
    return (1.0 - name_weight) * cosine(a.terms, b.terms) + name_weight * _shared_names(a, b)


def _shared_names(a: Profile, b: Profile) -> float:
    """The weight of the names both mention, over the lighter of the two articles' strongest names."""
    if not a.names or not b.names:
        return 0.0
    shared = sum(w for name, w in a.names.items() if name in b.names)
    strongest = min(sum(sorted(p.names.values(), reverse=True)[:NAMES_COMPARED]) for p in (a, b))
    return min(1.0, shared / strongest) if strongest else 0.0


def group_events(members: Sequence[EventMember], cfg: EventConfig) -> list[list[str]]:
    """The story's events, each a list of article ids (earliest first), in order of their first article."""
    ordered = sorted(members, key=lambda m: (m.published is None, m.published or "", m.article_id))
    present = {m.article_id for m in ordered}
    originals = [m for m in ordered if m.copy_of is None or m.copy_of not in present]
    groups = _agglomerate(originals, cfg)
    home = {aid: k for k, group in enumerate(groups) for aid in group}
    for m in ordered:
        if m.article_id not in home:
            k = home[_root(m, {x.article_id: x for x in ordered})]
            groups[k].append(m.article_id)
            home[m.article_id] = k
    rank = {m.article_id: i for i, m in enumerate(ordered)}
    out = [sorted(g, key=rank.__getitem__) for g in groups]
    return sorted(out, key=lambda g: rank[g[0]])


def _root(m: EventMember, by_id: Mapping[str, EventMember]) -> str:
    seen = {m.article_id}
    while m.copy_of is not None and m.copy_of in by_id and m.copy_of not in seen:
        seen.add(m.copy_of)
        m = by_id[m.copy_of]
    return m.article_id


def _agglomerate(members: Sequence[EventMember], cfg: EventConfig) -> list[list[str]]:
    """Average-link grouping. Reports of one day are grouped first, then those a day or more apart,
    each step best pairs first; two groups never merge when any two of their articles cannot be one
    happening (their dates rule it out).

    Pair scores are computed at once as matrices (a story of a thousand reports has half a million
    pairs), and each group's similarity sums to every other group and its "apart" flags are kept
    up to date as groups merge, so that a merge costs one row and one column, not every pair again."""
    n = len(members)
    if n < 2:
        return [[m.article_id] for m in members]
    value, apart = pair_scores(members, cfg)
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    sums = np.where(apart, 0.0, value)
    sums = np.where(upper, sums, sums.T)  # the score of i < j, for (i, j) and (j, i)
    apart = np.where(upper, apart, apart.T)
    np.fill_diagonal(apart, False)
    ii, jj = np.nonzero(upper & ~apart & (sums >= cfg.threshold))
    days = np.array([_ordinal(m.day) for m in members])
    gaps = np.where(np.isnan(days[ii]) | np.isnan(days[jj]), 10_000, np.abs(days[ii] - days[jj]))
    scores = sums[ii, jj]
    order = np.lexsort((jj, ii, -scores, gaps))  # day gap, then best first, then (i, j)
    group = list(range(n))
    held: dict[int, list[int]] = {i: [i] for i in range(n)}
    for i, j in zip(ii[order].tolist(), jj[order].tolist(), strict=True):
        gi, gj = group[i], group[j]
        if gi == gj or apart[gi, gj]:
            continue
        if sums[gi, gj] / (len(held[gi]) * len(held[gj])) < cfg.threshold:
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        for k in held[gone]:
            group[k] = keep
        held[keep] += held.pop(gone)
        sums[keep, :] += sums[gone, :]
        sums[:, keep] += sums[:, gone]
        apart[keep, :] |= apart[gone, :]
        apart[:, keep] |= apart[:, gone]
    return [[members[k].article_id for k in sorted(ks)] for _, ks in sorted(held.items())]


def pair_scores(members: Sequence[EventMember], cfg: EventConfig) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_pair_score` of every pair at once: ``value[i, j]`` and ``apart[i, j]`` (the dates rule
    one happening out) for ``i < j`` (the names' share is the first article's, as in ``similarity``)."""
    cos = _dot_products([m.profile.terms for m in members])
    weights = _sparse([m.profile.names for m in members])
    present = weights.copy()
    present.data[:] = 1.0
    shared = (weights @ present.T).toarray()  # i's weights of the names j also has
    strongest = np.array([sum(sorted(m.profile.names.values(), reverse=True)[:NAMES_COMPARED]) for m in members])
    has_names = strongest > 0
    least = np.minimum.outer(strongest, strongest)
    names = np.where(
        np.outer(has_names, has_names) & (least > 0), np.minimum(1.0, shared / np.where(least > 0, least, 1.0)), 0.0
    )
    value = (1.0 - cfg.name_weight) * cos + cfg.name_weight * names
    ahead = np.array([m.ahead for m in members])
    apart = ahead[:, None] != ahead[None, :]
    happened = np.array([_ordinal(m.happened) for m in members])
    both_led = ~np.isnan(happened[:, None]) & ~np.isnan(happened[None, :])
    led_gap = np.abs(happened[:, None] - happened[None, :])
    apart |= both_led & (np.nan_to_num(led_gap) > cfg.lead_days)
    value = np.where(both_led, value - cfg.lead_penalty * np.nan_to_num(led_gap), value)
    days = np.array([_ordinal(m.day) for m in members])
    dated = ~np.isnan(days[:, None]) & ~np.isnan(days[None, :])
    value = np.where(dated | (value >= cfg.undated_threshold), value, 0.0)
    apart |= dated & (np.nan_to_num(np.abs(days[:, None] - days[None, :])) > cfg.max_days)
    return value, apart


def _ordinal(day: str | None) -> float:
    return float(date.fromisoformat(day[:10]).toordinal()) if day else math.nan


def _sparse(rows: Sequence[Mapping[str, float]]) -> sparse.csr_matrix:
    """The weight vectors as rows of a sparse matrix (columns: the keys, in first-seen order)."""
    from scipy import sparse  # here, not at import: scipy costs every command 0.2 s of start-up

    columns: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for row in rows:
        for key, weight in row.items():
            indices.append(columns.setdefault(key, len(columns)))
            data.append(weight)
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(1, len(columns))), dtype=np.float64)


def _dot_products(vectors: Sequence[Mapping[str, float]]) -> np.ndarray:
    """Every pair's dot product (cosine, for unit vectors), dense."""
    matrix = _sparse(vectors)
    return np.asarray((matrix @ matrix.T).toarray())


def _day_gap(a: EventMember, b: EventMember) -> int:
    """Days between two articles' publication (undated: after every dated pair)."""
    return _days_apart(a.day, b.day) if a.day is not None and b.day is not None else 10_000


def _pair_score(a: EventMember, b: EventMember, cfg: EventConfig) -> float | None:
    """The similarity of two articles, or None when their dates rule one happening out."""
    if a.ahead != b.ahead:
        return None  # a preview and a report of what happened are two events
    value = similarity(a.profile, b.profile, cfg.name_weight)
    if a.happened is not None and b.happened is not None:
        # The leads date what they report: a day apart may be one happening told on two days ("longsor
        # Senin (4/5)" / "evakuasi Selasa (5/5)"), or two ("ditolak Sabtu (8/8)" / "jumpa pers Minggu (9/8)").
        apart = _days_apart(a.happened, b.happened)
        if apart > cfg.lead_days:
            return None
        value -= cfg.lead_penalty * apart
    if a.day is None or b.day is None:
        return value if value >= cfg.undated_threshold else 0.0
    return value if _days_apart(a.day, b.day) <= cfg.max_days else None


def _days_apart(a: str, b: str) -> int:
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
