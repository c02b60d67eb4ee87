"""Story timelines: what happened when, by article and across a story.

:func:`article_timeline` turns one article into dated entries: every temporal
expression that :func:`warta.lang.id.temporal.find_times` normalises, paired
with the sentence that contains it. :func:`merge_timelines` joins the entries of
a story's articles: entries with the same interval (``start``, ``end``) whose
sentences say the same thing (paraphrases, wire copies) become one entry that
cites every article; the result is sorted by ``start``.

A sentence longer than ``MAX_SENTENCE`` (1,000) characters — text without
full stops — is cut to a window of about that size around the expression.

Values are ISO dates or datetimes (see :mod:`warta.lang.id.temporal`): a year
is ``1991-01-01``..``1991-12-31``, a day ``2023-07-27``..``2023-07-27``.

Two sentences are paraphrases when their content-word stems overlap enough:
Dice coefficient at least ``PARAPHRASE_DICE`` (0.5), or one holds at least
``PARAPHRASE_CONTAINMENT`` (0.8) of the other's stems (a shortened wire copy).
The merge is deterministic and does not depend on the order of its input. A
sentence is compared with at most ``MAX_COMPARED`` (200) distinct sentences of
its interval, so hostile input stays near linear.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from .lang.id.sentences import split_sentences
from .lang.id.temporal import TimeExpr, find_times
from .lang.id.tokens import content_stems
from .records import TimelineEntry

__all__ = [
    "MAX_COMPARED",
    "MAX_SENTENCE",
    "PARAPHRASE_CONTAINMENT",
    "PARAPHRASE_DICE",
    "TimeExpr",
    "TimelineEntry",
    "article_timeline",
    "find_times",
    "merge_timelines",
]

PARAPHRASE_DICE = 0.5
PARAPHRASE_CONTAINMENT = 0.8
MAX_SENTENCE = 1000  # longer "sentences" are cut to a window around the expression
MAX_COMPARED = 200  # kept entries one sentence is compared with, per interval (bounds hostile input)


def article_timeline(article_id: str, text: str, published: str | None) -> list[TimelineEntry]:
    """The dated sentences of one article, sorted by ``start`` (then ``end``, then position).

    One entry per distinct (interval, sentence); relative expressions need
    ``published`` (ISO date or datetime) and are skipped without it.
    """
    times = find_times(text, published)
    if not times:
        return []
    spans = split_sentences(text)
    starts = [s for s, _ in spans]
    seen: set[tuple[str, str, int]] = set()
    sentences: dict[tuple[int, int], str] = {}  # one string per sentence, shared by its entries
    found: list[tuple[str, str, int, TimelineEntry]] = []
    for t in times:
        k = bisect_right(starts, t.start) - 1
        if k >= 0 and spans[k][0] <= t.start < spans[k][1]:
            s, e = spans[k]
        else:  # not inside a sentence span (cannot happen for split_sentences' spans; kept as a guard)
            s, e = t.start, t.end
        if e - s > MAX_SENTENCE:  # a run-on "sentence" (no full stops): a window around the expression
            s, e = _window(text, s, e, t.start, t.end)
        key = (t.value_start, t.value_end, s)
        if key in seen:
            continue
        seen.add(key)
        sentence = sentences.get((s, e))
        if sentence is None:
            sentence = sentences[(s, e)] = text[s:e].strip()
        entry = TimelineEntry(t.value_start, t.value_end, t.granularity, sentence, (article_id,))
        found.append((t.value_start, t.value_end, s, entry))
    found.sort(key=lambda x: (x[0], x[1], x[2]))
    return [entry for *_, entry in found]


def _window(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """At most about ``MAX_SENTENCE`` characters of ``text[s:e]`` around ``start:end``, cut at white space."""
    half = MAX_SENTENCE // 2
    a = max(s, start - half)
    b = min(e, end + half)
    if a > s:
        space = text.find(" ", a, start)
        a = space + 1 if space >= 0 else a
    if b < e:
        space = text.rfind(" ", end, b)
        b = space if space >= 0 else b
    return a, b


def merge_timelines(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """One story timeline from many articles' entries, sorted by ``start``.

    Entries with the same ``(start, end)`` whose sentences are paraphrases are
    merged into one entry citing every article (sorted, without repeats); the
    merged entry keeps the sentence of its first entry in sorted order.
    """
    ordered = sorted(entries, key=lambda x: (x.start, x.end, x.text, x.articles, x.granularity))
    out: list[TimelineEntry] = []
    group: list[tuple[TimelineEntry, frozenset[str], set[str]]] = []  # entry, stems, articles
    exact: dict[str, int] = {}  # sentence -> its entry's index in group
    stems_of: dict[str, frozenset[str]] = {}
    key: tuple[str, str] | None = None
    for entry in ordered:
        if (entry.start, entry.end) != key:
            out.extend(_finish(group))
            group = []
            exact = {}
            key = (entry.start, entry.end)
        same = exact.get(entry.text)
        if same is not None:
            group[same][2].update(entry.articles)
            continue
        stems = stems_of.get(entry.text)
        if stems is None:
            stems = stems_of[entry.text] = content_stems(entry.text)
        for i, (_, kept_stems, articles) in enumerate(group[:MAX_COMPARED]):
            if _paraphrase(stems, kept_stems):
                articles.update(entry.articles)
                exact[entry.text] = i
                break
        else:
            exact[entry.text] = len(group)
            group.append((entry, stems, set(entry.articles)))
    out.extend(_finish(group))
    return out


def _finish(group: list[tuple[TimelineEntry, frozenset[str], set[str]]]) -> list[TimelineEntry]:
    return [
        TimelineEntry(kept.start, kept.end, kept.granularity, kept.text, tuple(sorted(articles)))
        for kept, _, articles in group
    ]


def _paraphrase(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    shared = len(a & b)
    if 2 * shared >= PARAPHRASE_DICE * (len(a) + len(b)):
        return True
    return shared >= PARAPHRASE_CONTAINMENT * min(len(a), len(b))
