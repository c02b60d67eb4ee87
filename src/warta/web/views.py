"""What the pages show, computed from the store's dicts: plain functions, no HTML (templates escape)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL with a host, else None: an article's link is never
    ``javascript:``, ``data:`` or a relative path into warta."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url.strip()


def numbered(articles: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Each member article's citation number, in the story's reading order (1, 2, ...)."""
    return {a["id"]: i for i, a in enumerate(articles, start=1)}


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited article of a summary sentence, with the sentence of that article behind it."""

    article: str
    number: int
    text: str | None  # None: the sentence could not be located in that article
    start: int | None
    end: int | None


def _squash(text: str) -> str:
    return " ".join(text.split())


def summary_citations(
    summary: Sequence[Mapping[str, Any]],
    compared: Mapping[str, Any] | None,
    text_of: Callable[[str], str],
    numbers: Mapping[str, int],
) -> list[list[Citation]]:
    """For each summary sentence, each cited article's own sentence: the statement of that article
    in the comparison's fact that holds the summary sentence, else the sentence itself where it
    occurs in the article's text."""
    facts = compared.get("facts", []) if compared else []
    out: list[list[Citation]] = []
    for sentence in summary:
        wanted = _squash(sentence["text"])
        fact = next(
            (
                f
                for f in facts
                if any(_squash(s["text"]) in wanted or wanted in _squash(s["text"]) for s in f["statements"])
            ),
            None,
        )
        cites = []
        for aid in sentence["citations"]:
            statement = next((s for s in fact["statements"] if s["article"] == aid), None) if fact else None
            if statement is not None:
                cites.append(
                    Citation(aid, numbers.get(aid, 0), statement["text"], statement["start"], statement["end"])
                )
                continue
            at = text_of(aid).find(sentence["text"])
            if at >= 0:
                cites.append(Citation(aid, numbers.get(aid, 0), sentence["text"], at, at + len(sentence["text"])))
            else:
                cites.append(Citation(aid, numbers.get(aid, 0), None, None, None))
        out.append(sorted(cites, key=lambda c: c.number))
    return out


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of an article's clean text under one set of marks (entity, quote, highlight)."""

    text: str
    entity_id: str | None = None
    entity_type: str | None = None
    quote: str | None = None  # "direct" | "indirect"
    highlight: bool = False
    anchor: bool = False  # the first segment of the highlight: the page scrolls to it
    classes: tuple[str, ...] = field(default=())


def segments(
    text: str,
    mentions: Sequence[Mapping[str, Any]],
    quotes: Sequence[Mapping[str, Any]],
    highlight: tuple[int, int] | None = None,
) -> list[Segment]:
    """``text`` cut where any mention, quote or the highlight starts or ends, each piece with the
    marks that cover it. Marks that overlap are all kept; ranges outside the text are ignored."""
    n = len(text)
    ranges: list[tuple[int, int, str, Mapping[str, Any]]] = []
    for m in mentions:
        ranges.append((m["start"], m["end"], "mention", m))
    for q in quotes:
        ranges.append((q["start"], q["end"], "quote", q))
    if highlight is not None:
        ranges.append((highlight[0], highlight[1], "highlight", {}))
    ranges = [r for r in ranges if 0 <= r[0] < r[1] <= n]
    cuts = sorted({0, n, *(r[0] for r in ranges), *(r[1] for r in ranges)})
    out: list[Segment] = []
    anchored = False
    for a, b in itertools.pairwise(cuts):
        covering = [r for r in ranges if r[0] <= a and b <= r[1]]
        mention = next((r[3] for r in covering if r[2] == "mention"), None)
        quote = next((r[3] for r in covering if r[2] == "quote"), None)
        lit = any(r[2] == "highlight" for r in covering)
        classes = []
        if mention is not None:
            classes.append(f"ent ent-{mention['type']}")
        if quote is not None:
            classes.append(f"quote quote-{quote['kind']}")
        if lit:
            classes.append("hl")
        out.append(
            Segment(
                text=text[a:b],
                entity_id=mention.get("entity_id") if mention is not None else None,
                entity_type=mention["type"] if mention is not None else None,
                quote=quote["kind"] if quote is not None else None,
                highlight=lit,
                anchor=lit and not anchored,
                classes=tuple(classes),
            )
        )
        anchored = anchored or lit
    return out


def parse_highlight(value: str | None, length: int) -> tuple[int, int] | None:
    """``"120-245"`` → (120, 245) when it is a range inside a text of ``length``; anything else → None."""
    if not value:
        return None
    start, sep, end = value.partition("-")
    if not sep or not start.isdigit() or not end.isdigit():
        return None
    a, b = int(start), int(end)
    return (a, b) if 0 <= a < b <= length else None


REFS_SHOWN = 8


def same_text_groups(
    statements: Sequence[Mapping[str, Any]], outlet_of: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Statements that read the same (copies of one wire text, republished articles) as one text
    with every article that states it, in first-seen order: a story of 70 copies lists each
    sentence once, not 70 times."""
    groups: dict[str, dict[str, Any]] = {}
    for s in statements:
        group = groups.setdefault(_squash(s["text"]), {"text": s["text"], "refs": [], "outlets": []})
        group["refs"].append(s)
        outlet = (outlet_of or {}).get(s["article"], s["article"])
        if outlet not in group["outlets"]:
            group["outlets"].append(outlet)
    return list(groups.values())


def fact_rows(compared: Mapping[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """The comparison's facts by what the page shows: corroborated, single-source, and background."""
    groups: dict[str, list[dict[str, Any]]] = {"corroborated": [], "single": [], "background": []}
    for fact in (compared or {}).get("facts", []):
        if fact.get("background"):
            groups["background"].append(fact)
        else:
            groups[fact["kind"]].append(fact)
    return groups


def single_facts_by_outlet(
    facts: Sequence[dict[str, Any]], label: Callable[[str], str]
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Single-source facts grouped by their outlet (as ``label`` names it), the outlet with most first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for fact in facts:
        groups.setdefault(label(fact["outlets"][0]) if fact["outlets"] else "—", []).append(fact)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def coverage_matrix(compared: Mapping[str, Any] | None, limit: int = 40) -> tuple[list[str], list[dict[str, Any]]]:
    """Outlets, and up to ``limit`` rows (corroborated facts first) of which outlets state each fact."""
    if not compared:
        return [], []
    outlets = list(compared.get("coverage", {}).get("outlets", []))
    by_fact = compared.get("coverage", {}).get("facts", {})
    facts = [f for f in compared.get("facts", []) if not f.get("background")]
    facts.sort(key=lambda f: (f["kind"] != "corroborated", -len(f["outlets"])))
    rows = []
    for fact in facts[:limit]:
        stated = set(by_fact.get(fact["id"], fact["outlets"]))
        rows.append({"fact": fact, "cells": [o in stated for o in outlets]})
    return outlets, rows


def entity_groups(entities: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """A story's entities as (message key, entities) for people, organisations and places."""
    keys = (("PER", "people"), ("ORG", "organisations"), ("LOC", "places"))
    return [(key, [e for e in entities if e["type"] == t]) for t, key in keys if any(e["type"] == t for e in entities)]


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))
