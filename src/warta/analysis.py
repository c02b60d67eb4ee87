"""Who, when, and who said what in one article: the per-article analysis stage.

    Article ──ner──▶ mentions ──entities──▶ EntityMention (entity ids, roles)
            ──quotes──▶ Quote (speaker resolved to an entity)
            ──timeline──▶ TimelineEntry (ISO dates of what happened)

A pure function of the clean article and the NER model, like every per-article
stage; the corpus stages store it and build each story's entities and timeline.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from .entities import (
    build_entities,
    country_mentions,
    entity_key,
    is_organisation_name,
    merge_story,
    not_entity_words,
    resolve_article,
    starts_with_role,
)
from .ner import Mention, NerModel
from .quotes import extract_quotes
from .records import Article, Entity, EntityMention, Quote, TimelineEntry
from .timeline import article_timeline, merge_timelines


@dataclass(frozen=True, slots=True)
class Analysis:
    mentions: tuple[EntityMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()


def analyse(article: Article, model: NerModel | None) -> Analysis:
    """Entities, quotes and dated sentences of ``article``'s clean text."""
    text = article.text
    found: list[Mention] = model.entities(text) if model is not None else []
    found += [Mention(m.start, m.end, m.text, m.type) for m in country_mentions(text, found)]
    quotes = extract_quotes(text, person_spans(found) if model is not None else None)
    mentions, quotes = resolve_with_speakers(text, found, quotes)
    return Analysis(
        mentions=tuple(mentions),
        quotes=tuple(quotes),
        timeline=tuple(article_timeline(article.id, text, article.published)),
    )


def person_spans(found: Iterable[Mention]) -> list[tuple[int, int]]:
    """Where the tagger found people: what :func:`extract_quotes` takes a pronoun's antecedent from."""
    return [(m.start, m.end) for m in found if m.type == "PER"]


def resolve_with_speakers(
    text: str, found: list[Mention], quotes: list[Quote]
) -> tuple[list[EntityMention], list[Quote]]:
    """Resolve NER mentions and quote speakers together, so "Kirby" in a quote
    and "John Kirby" in the text are one entity; speakers get entity ids."""
    spans = {(m.start, m.end) for m in found}
    others = [m for m in found if m.type != "PER"]
    speakers = []
    for q in quotes:
        s = q.speaker
        if s is None or (s.start, s.end) in spans or _describes(s.name):
            continue
        type_ = "ORG" if s.name.isupper() else "PER"
        if any(s.start <= m.start and m.end <= s.end for m in others):
            # "Departemen Pemilu Singapura", "Korean Central News Agency": a body named with a place
            # or a body the tagger cut short; "Pejabat Kementerian Koordinator" describes someone
            if not is_organisation_name(s.name):
                continue
            type_ = "ORG"
        speakers.append(Mention(s.start, s.end, s.name, type_))
    # A speaker's name that holds a shorter name the tagger found ("Kang Sun Nam" / "Sun Nam") is
    # the fuller mention of that person: it replaces the tagger's, and counts as a mention.
    people = sorted((m for m in found if m.type == "PER"), key=lambda m: m.start)
    starts = [m.start for m in people]
    fuller = {
        (s.start, s.end): [
            m for m in people[bisect_left(starts, s.start) : bisect_left(starts, s.end)] if m.end <= s.end
        ]
        for s in speakers
    }
    shorter = {(m.start, m.end) for inner in fuller.values() for m in inner}
    found = [m for m in found if (m.start, m.end) not in shorter]
    resolved = resolve_article(text, [*found, *speakers])
    ids = {(m.start, m.end): m.entity_id for m in resolved}
    attributed = [
        replace(q, speaker=replace(q.speaker, entity_id=ids.get((q.speaker.start, q.speaker.end))))
        if q.speaker is not None
        else q
        for q in quotes
    ]
    # An organisation named whole as a speaker ("Departemen Pemilu Singapura") counts as its mention.
    speaker_only = {(m.start, m.end) for m in speakers if not fuller[(m.start, m.end)] and m.type != "ORG"}
    return [m for m in resolved if (m.start, m.end) not in speaker_only], attributed


def _describes(name: str) -> bool:
    """A speaker told by what they are ("mantan pelatih Persija Jakarta", "Seorang analis") is no
    name: lower case at its start, or a role or a word like "Seorang" opening it."""
    words = name.lower().split()
    return not name[:1].isupper() or not words or starts_with_role(words) or words[0] in not_entity_words()


# -- a story's entities and timeline ------------------------------------------------------


def story_entities(mentions: dict[str, list[EntityMention]]) -> list[dict[str, Any]]:
    """One entry per entity of the story, a lone surname folded into the one
    full name that ends with it ("Kirby" → John Kirby); most cited first."""
    entities = build_entities(mentions)
    moves = merge_story(entities)
    out: dict[str, dict[str, Any]] = {}
    for e in entities.values():
        if e.id not in moves:
            out[e.id] = {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "variants": list(e.variants),
                "roles": list(e.roles),
                "articles": list(e.articles),
                "merged": [],
            }
    for source, target in sorted(moves.items()):
        e, into = entities[source], out[target]
        into["variants"] = sorted({*into["variants"], *e.variants})
        into["roles"] = list(dict.fromkeys([*into["roles"], *e.roles]))
        into["articles"] = sorted({*into["articles"], *e.articles})
        into["merged"].append(source)
    return sorted(out.values(), key=lambda e: (-len(e["articles"]), e["type"], e["name"]))


def entity_record(entity: dict[str, Any]) -> Entity:
    """A story entity (JSON form) as the record the store keeps database-wide."""
    return Entity(
        id=entity["id"],
        name=entity["name"],
        type=entity["type"],
        key=entity_key(entity["name"], entity["type"]),
        variants=tuple(entity["variants"]),
        roles=tuple(entity["roles"]),
        articles=tuple(entity["articles"]),
    )


def story_timeline(entries: Iterable[TimelineEntry]) -> list[dict[str, Any]]:
    return [
        {"start": t.start, "end": t.end, "granularity": t.granularity, "text": t.text, "articles": list(t.articles)}
        for t in merge_timelines(entries)
    ]


def cite_copy(
    entities: list[dict[str, Any]], timeline: list[dict[str, Any]], article_id: str, analysis: Analysis
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A duplicate joined the story: it cites the entities and dated sentences it shares."""
    owner = {eid: e for e in entities for eid in (e["id"], *e["merged"])}
    for m in analysis.mentions:
        e = owner.get(m.entity_id)
        if e is not None and article_id not in e["articles"]:
            e["articles"] = sorted([*e["articles"], article_id])
    dated = {(t.start, t.end, t.text) for t in analysis.timeline}
    for t in timeline:
        if (t["start"], t["end"], t["text"]) in dated and article_id not in t["articles"]:
            t["articles"] = sorted([*t["articles"], article_id])
    return entities, timeline
