"""The ingest pipeline: which stage runs when, and what each needs.

Per-article stages are pure functions (they run anywhere: in this process, in a
worker pool, on Spark):

    read (ingest/)  RawArticle            -> from files, stdin
    clean           RawArticle -> Article  (boilerplate, dateline, date, language, title)
    fingerprint     Article -> Fingerprint (MinHash signature + LSH buckets)
    profile         Article -> Profile     (TF-IDF terms + names, for clustering)

Corpus stages need what is already stored, so they run in one place, batch by
batch, inside one transaction per batch (``BatchWriter``):

    version check   same id + same text: nothing to do; new text: a new version
    dedupe          exact (content hash) and near (LSH) duplicates; group originals
    cluster         join the best story in the time window, or open one
    compare         re-compare every story the batch touched (facts, conflicts, quote variants)
    summarize       re-summarise it, preferring corroborated facts
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import dedupe
from .analysis import Analysis, analyse, cite_copy, entity_record, story_entities, story_timeline
from .clean import clean
from .cluster import Idf, Profile, StoryIndex, StoryState, article_profile, shift_day
from .compare import Member, annotate_summary, compare_events, compare_story, comparison_json, sentence_facts
from .config import Settings
from .dedupe import Fingerprint
from .entities import build_entities
from .errors import InputError, ProcessingError
from .events import event_id, event_member, group_events
from .ner import NerModel
from .records import Article, Comparison, EntityMention, RawArticle, Skipped, SummarySentence
from .store.base import WartaStore as Store
from .store.common import GroupOriginal, summary_json, summary_view
from .summarize import summarize_story

# Stories held in memory before those far from the batch's dates are dropped.
STORY_CACHE = 50_000
# A story summary reads at most this many distinct (non-duplicate) articles.
SUMMARY_INPUT_LIMIT = 40


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article after the per-article stages, ready for the corpus stages."""

    raw: RawArticle
    article: Article
    text_sha: str
    day: str | None  # the publication day; None when neither given nor found
    fingerprint: Fingerprint
    profile: Profile
    analysis: Analysis


def text_sha(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def prepare(raw: RawArticle, settings: Settings, idf: Idf, ner: NerModel | None) -> Prepared:
    """Run every per-article stage on ``raw``."""
    article = clean(raw, settings.clean, settings.language)
    analysis = analyse(article, ner) if settings.analysis.enabled else Analysis()
    return Prepared(
        analysis=analysis,
        raw=raw,
        article=article,
        text_sha=text_sha(raw.text),
        day=article.published_date,
        fingerprint=dedupe.fingerprint(article, settings.dedupe),
        profile=article_profile(article, idf, [(m.entity_id, m.text) for m in analysis.mentions]),
    )


@dataclass(slots=True)
class IngestReport:
    """What an ingest did; the CLI prints it and picks the exit code from it."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    new_versions: int = 0
    duplicates: int = 0
    new_stories: int = 0
    batches: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    errors: list[InputError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # files a directory walk did not read, and why
    records_skipped: Counter[str] = field(default_factory=Counter)  # archive records without an article, by reason

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "stored": self.stored,
            "unchanged": self.unchanged,
            "new_versions": self.new_versions,
            "duplicates": self.duplicates,
            "new_stories": self.new_stories,
            "batches": self.batches,
            "languages": dict(sorted(self.languages.items())),
            "errors": [{"location": e.location, "error": e.reason} for e in self.errors],
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "records_skipped": dict(sorted(self.records_skipped.items())),
        }


class BatchWriter:
    """Runs the corpus stages for one batch at a time against a store."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        report: IngestReport,
        idf: Idf,
        on_error: Callable[[InputError], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.report = report
        self.idf = idf
        self.index = StoryIndex(settings.cluster)
        self.on_error = on_error

    def write(self, batch: list[Prepared], errors: list[InputError]) -> None:
        """Store one batch in a single transaction."""
        with self.store.transaction():
            if self.store.others_wrote():
                # Another ingester extended or retired stories held here: read them again rather
                # than save a stale profile over theirs, or join an article to a story that is gone.
                self.index = StoryIndex(self.settings.cluster)
            for error in errors:
                self.store.record_error(error.location, error.reason)
            if batch:
                self._load_stories(batch)
                changes = StoryChanges()
                for item in batch:
                    self._store_one(item, changes)
                    if item.raw.fetched_urls:  # a fetched page: never fetched again once stored
                        self.store.mark_fetched(item.raw)
                self._summarize(changes.rebuild, changes.shrunk)
                for story_id, added in sorted(changes.duplicates.items()):
                    if story_id not in changes.rebuild:
                        self._cite_duplicates(story_id, added)
        self.report.batches += 1

    def _load_stories(self, batch: list[Prepared]) -> None:
        """Hold every stored story that an article of ``batch`` may join."""
        days = [p.day for p in batch if p.day is not None]
        if days:
            window = self.settings.cluster.window_days
            lo, hi = shift_day(min(days), -window), shift_day(max(days), window)
            self.index.evict_outside(lo, hi, keep=STORY_CACHE)
            self.index.load(self.store.stories_between(lo, hi, exclude=set(self.index.stories)))
        if len(days) < len(batch):
            # An undated article may belong to a story of any date; the most recent ones are the
            # likely home, and a bound keeps a large database from being loaded whole.
            limit = self.settings.cluster.undated_stories
            self.index.load(self.store.recent_stories(limit, exclude=set(self.index.stories)))

    def _store_one(self, item: Prepared, changes: StoryChanges) -> None:
        raw, article = item.raw, item.article
        latest = self.store.latest_version(raw.id)
        # Text already stored under this id (the current version or an earlier one coming round
        # again, e.g. an old export re-ingested) changes nothing: only new text makes a version.
        if latest is not None and self.store.has_version_with_text(raw.id, item.text_sha):
            self.report.unchanged += 1
            return
        version = 1 if latest is None else latest[0] + 1
        if latest is not None:
            left = self._retire_current(raw.id)
            changes.rebuild |= left
            changes.shrunk |= left
            self.report.new_versions += 1
        self.store.add_version(raw, version, item.text_sha)
        article = replace(article, version=version)
        item = replace(item, article=article)
        pk = self.store.put_article(article, item.day)
        found = dedupe.matches(
            item.fingerprint,
            self.store.exact_matches(article.content_hash),
            self.store.near_candidates(item.fingerprint.buckets),
            self.settings.dedupe,
        )
        self.store.put_fingerprint(pk, item.fingerprint)
        self.store.replace_analysis(article.id, item.analysis)
        self.store.upsert_entities(build_entities({article.id: list(item.analysis.mentions)}).values())
        self.report.stored += 1
        self.report.languages[article.lang] += 1
        if found:
            self.report.duplicates += 1
            story, joined_group = self._join_duplicate_group(item, found)
            if joined_group:
                # A copy of what the story already holds: its summary stands, and
                # gains this copy's citations (even if the copy is now the earliest).
                changes.duplicates.setdefault(story, []).append(item)
                return
        else:
            story = self._cluster(item)
        changes.rebuild.add(story)

    def _cluster(self, item: Prepared) -> str:
        story, score = self.index.best(item.profile, item.day)
        if story is None:
            story = self.index.open(item.article.id, item.profile, item.day, item.article.version)
            self.report.new_stories += 1
            score = 1.0
        else:
            self.index.join(story, item.profile, item.day)
        self.store.set_story(item.article.id, story.id, round(score, 4))
        return story.id

    def _join_duplicate_group(self, item: Prepared, found: list[dedupe.Match]) -> tuple[str, bool]:
        """Merge ``item`` and the groups of everything it duplicates into one
        group whose original is the earliest member. Returns the story joined,
        and whether it is the duplicates' story (False when that story is gone
        and ``item`` was clustered afresh)."""
        article = item.article
        groups = sorted({m.group for m in found})
        originals = [self.store.group_original(g) for g in groups]
        earliest_stored = min(originals, key=lambda o: o.key)
        mine = GroupOriginal(article.id, dedupe.original_key(article.id, article.published), None)
        self.store.merge_groups(groups[0], groups[1:], min(earliest_stored, mine, key=lambda o: o.key))
        self.store.join_group(article.id, groups[0], round(max(m.similarity for m in found), 4))
        state = self._story_state(earliest_stored.story_id)
        if state is None:
            return self._cluster(item), False
        self.index.join(state, item.profile, item.day)
        self.store.set_story(article.id, state.id, 1.0)
        return state.id, True

    def _story_state(self, story_id: str | None) -> StoryState | None:
        if story_id is None:
            return None
        if story_id not in self.index:
            self.index.load(self.store.stories_by_id([story_id]))
        return self.index.stories.get(story_id)

    def _retire_current(self, article_id: str) -> set[str]:
        """Before a new version replaces an article: take it out of its story and duplicate group."""
        row = self.store.article_row(article_id)
        if row is None:
            return set()
        story = self.store.leave_story(article_id)
        self.store.forget_fingerprint(int(row["pk"]))
        self.store.leave_group(article_id)
        return {story} if story is not None else set()

    def _summarize(self, story_ids: set[str], shrunk: Collection[str] = ()) -> None:
        for story_id in sorted(story_ids):
            rows = self.store.members_of(story_id)
            state = self._story_state(story_id)
            if not rows or state is None:
                self.store.delete_story(story_id)
                continue
            members = [a for a, _ in rows]
            if story_id in shrunk:
                state = self._recount(state, members)
            lang = Counter(a.lang for a in members).most_common(1)[0][0]
            originals = [a for a, duplicate_of in rows if duplicate_of is None]
            ids = [a.id for a in members]
            entities, mentions = self._story_entities(ids)  # first: it merges the story's name variants
            groups = self._event_groups(rows, mentions)
            comparison = self._compare(story_id, rows, groups)
            summary = summarize_members(originals, members, lang, self.settings, comparison)
            events = self._events(rows, groups, summary, lang, comparison)
            self.store.set_events({aid: e["id"] for e in events for aid in e["articles"]})
            self.store.save_story(
                state,
                label=story_label(members, summary),
                lang=lang,
                outlets=sorted({a.source for a in members if a.source}),
                n_articles=len(members),
                summary=summary,
                entities=entities,
                timeline=story_timeline(self.store.timeline_of(ids)),
                comparison=None if comparison is None else comparison_json(comparison),
                events=events,
            )

    def _event_groups(
        self, rows: Sequence[tuple[Article, str | None]], mentions: Mapping[str, Sequence[EntityMention]]
    ) -> list[list[str]]:
        """The story's events as lists of article ids (see :mod:`warta.events`)."""
        members = [
            event_member(
                a, article_profile(a, self.idf, [(m.entity_id, m.text) for m in mentions.get(a.id, [])]), duplicate_of
            )
            for a, duplicate_of in rows
        ]
        return group_events(members, self.settings.events)

    def _events(
        self,
        rows: Sequence[tuple[Article, str | None]],
        groups: Sequence[Sequence[str]],
        story_summary: Sequence[SummarySentence],
        lang: str,
        comparison: Comparison | None,
    ) -> list[dict[str, Any]]:
        """The story's events, each with its dates, members and summary (a story of one event shares
        its summary; the events of a larger story are each summarised from their own articles)."""
        by_id = {a.id: (a, duplicate_of) for a, duplicate_of in rows}
        out = []
        for group in groups:
            arts = [by_id[aid][0] for aid in group]
            if len(groups) == 1:
                summary: Sequence[SummarySentence] = story_summary
            else:
                originals = [by_id[aid][0] for aid in group if by_id[aid][1] is None] or arts
                summary = summarize_members(originals, arts, lang, self.settings, comparison)
            days = sorted(d for a in arts if (d := a.published_date) is not None)
            out.append(
                {
                    "id": event_id(group[0]),
                    "first_date": days[0] if days else None,
                    "last_date": days[-1] if days else None,
                    "articles": group,
                    "outlets": sorted({a.source for a in arts if a.source}),
                    "label": story_label(arts, tuple(summary)),
                    "summary": [summary_view(summary_json(x)) for x in summary],
                }
            )
        return out

    def _compare(
        self, story_id: str, rows: Sequence[tuple[Article, str | None]], events: Sequence[Sequence[str]]
    ) -> Comparison | None:
        """The story's comparison, event by event, from its members' stored analysis (None when
        compare is off)."""
        if not self.settings.compare.enabled:
            return None
        analyses = self.store.analyses_of([a.id for a, _ in rows])
        members = [Member(a, analyses[a.id], duplicate_of) for a, duplicate_of in rows]
        try:
            return compare_events(story_id, members, events, self.settings.compare)
        except Exception as exc:  # a bug in the comparison must not cost the batch its articles
            self._stage_failed(story_id, "comparison", exc)
            return None

    def _stage_failed(self, story_id: str, stage: str, exc: Exception) -> None:
        """Report a story-level stage that raised: the story is stored without that stage's result,
        and the error is kept with the ingest errors (``warta errors``) and in the report."""
        error = ProcessingError(
            f"the {stage} of story {story_id!r} failed ({type(exc).__name__}: {exc}); the story is stored "
            f"without it. This is a bug in warta, please report it",
            path=f"story {story_id}",
        )
        self.store.record_error(error.location, error.reason)
        self.report.errors.append(error)
        if self.on_error is not None:
            self.on_error(error)

    def _recount(self, state: StoryState, members: Sequence[Article]) -> StoryState:
        """A story an article's earlier version left: its term sums, names and dates counted again
        from the members it has now, so the old text no longer pulls later articles in."""
        mentions = self.store.mentions_of([a.id for a in members])
        fresh = StoryState(id=state.id, first_day=None, last_day=None)
        for a in members:
            profile = article_profile(a, self.idf, [(m.entity_id, m.text) for m in mentions[a.id]])
            fresh.add(profile, a.published_date)
        self.index.replace(fresh)
        return fresh

    def _story_entities(self, article_ids: list[str]) -> tuple[list[dict[str, Any]], dict[str, list[EntityMention]]]:
        """The story's entities, and its mentions with the story's merges applied (the store's are
        reassigned too: a lone surname the story resolves joins its full name everywhere)."""
        mentions = self.store.mentions_of(article_ids)
        entities = story_entities(mentions)
        moves = {source: e["id"] for e in entities for source in e["merged"]}
        if moves:
            merged = [entity_record(e) for e in entities if e["merged"]]
            self.store.reassign_entities(article_ids, moves, merged)
            mentions = {
                aid: [replace(m, entity_id=moves.get(m.entity_id, m.entity_id)) for m in ms]
                for aid, ms in mentions.items()
            }
        return entities, mentions

    def _cite_duplicates(self, story_id: str, added: list[Prepared]) -> None:
        """Only duplicates joined: the summary stands, they add citations, outlets and dates."""
        state = self._story_state(story_id)
        stored = self.store.story_record(story_id)
        if state is None or stored is None:
            self._summarize({story_id})
            return
        summary = cite_copies(stored.summary, [p.article for p in added])
        entities, timeline = stored.entities, stored.timeline
        for item in added:
            entities, timeline = cite_copy(entities, timeline, item.article.id, item.analysis)
        # The copies' sentences join the facts of what they copy: the comparison is cheap to redo.
        rows = self.store.members_of(story_id)
        events = _with_copies(stored.events, rows, [p.article.id for p in added])
        if events is None:  # a copy of something no stored event holds (a story from before events)
            groups = self._event_groups(rows, self.store.mentions_of([a.id for a, _ in rows]))
            comparison = self._compare(story_id, rows, groups)
            events = self._events(rows, groups, summary, stored.lang, comparison)
        else:
            comparison = self._compare(story_id, rows, [e["articles"] for e in events])
        self.store.set_events({aid: e["id"] for e in events for aid in e["articles"]})
        self.store.save_story(
            state,
            label=stored.label,
            lang=stored.lang,
            outlets=sorted({*stored.outlets, *(p.article.source for p in added if p.article.source)}),
            n_articles=stored.n_articles + len(added),
            summary=summary,
            entities=entities,
            timeline=timeline,
            comparison=None if comparison is None else comparison_json(comparison),
            events=events,
        )


def _reading_order(article: Article) -> tuple[bool, str, str]:
    return (article.published is None, article.published or "", article.id)


def _with_copies(
    events: Sequence[dict[str, Any]], rows: Sequence[tuple[Article, str | None]], copies: Sequence[str]
) -> list[dict[str, Any]] | None:
    """The stored events with each copy added to the event of the article it copies (None when
    one of them is in no stored event). A copy changes no event's summary: it states what its
    original states."""
    original = {a.id: duplicate_of for a, duplicate_of in rows}
    published = {a.id: a for a, _ in rows}
    out = [dict(e, articles=list(e["articles"])) for e in events]
    home = {aid: e for e in out for aid in e["articles"]}
    for copy in copies:
        source = original.get(copy)
        event = home.get(source) if source is not None else None
        if event is None:
            return None
        if copy not in event["articles"]:
            event["articles"].append(copy)
            event["articles"].sort(key=lambda aid: _reading_order(published[aid]))
            home[copy] = event
            article = published[copy]
            if article.source and article.source not in event["outlets"]:
                event["outlets"] = sorted([*event["outlets"], article.source])
            day = article.published_date
            if day is not None:
                event["first_date"] = min(filter(None, [event["first_date"], day]))
                event["last_date"] = max(filter(None, [event["last_date"], day]))
    return out


@dataclass(slots=True)
class StoryChanges:
    """What a batch did to stories: which need a new summary, and which only
    gained duplicates (whose summary only gains citations)."""

    rebuild: set[str] = field(default_factory=set)
    duplicates: dict[str, list[Prepared]] = field(default_factory=dict)
    shrunk: set[str] = field(default_factory=set)  # an article's earlier version left these


def cite_copies(summary: Sequence[SummarySentence], copies: Sequence[Article]) -> tuple[SummarySentence, ...]:
    """Add each copy to the citations of every summary sentence its text contains."""
    return tuple(
        replace(s, citations=tuple(sorted({*s.citations, *(a.id for a in copies if s.text in a.text)})))
        for s in summary
    )


def summarize_members(
    originals: list[Article],
    members: list[Article],
    lang: str,
    settings: Settings,
    comparison: Comparison | None = None,
) -> tuple[SummarySentence, ...]:
    """Summarise a story from its original (non-duplicate) articles in the
    story's language; every other member then cites each sentence its text
    contains (a duplicate states what its original states). With the story's
    comparison, corroborated facts are preferred, each sentence cites the
    articles of its fact and says whether it is corroborated, and a fact the
    outlets give different values for says so, citing each."""
    distinct = [a for a in originals if a.lang == lang][:SUMMARY_INPUT_LIMIT]
    if not distinct:
        distinct = (originals or members)[:SUMMARY_INPUT_LIMIT]
    facts = sentence_facts(comparison) if comparison is not None else None
    summary = summarize_story(distinct, settings.summary, facts)
    if comparison is not None:
        summary = annotate_summary(summary, comparison)
    chosen = {a.id for a in distinct}
    return cite_copies(summary, [a for a in members if a.id not in chosen])


def story_label(members: list[Article], summary: tuple[SummarySentence, ...]) -> str:
    """A headline for the story: the title an outlet gave the article the summary
    leads with; else the earliest title an outlet gave; else the title warta
    derived from the lead article."""
    by_id = {a.id: a for a in members}
    lead = by_id.get(summary[0].article_id) if summary else None
    if lead is not None and not lead.title_derived:
        return lead.title
    given = [a for a in members if not a.title_derived]
    if given:
        return given[0].title
    return (lead or members[0]).title


def compare_stored_story(store: Store, story_id: str, settings: Settings) -> dict[str, Any]:
    """A stored story compared now from its members' stored analysis, as `warta compare --format json`
    prints it; nothing is written (for a story stored before comparisons existed)."""
    rows = store.members_of(story_id)
    analyses = store.analyses_of([a.id for a, _ in rows])
    members = [Member(a, analyses[a.id], duplicate_of) for a, duplicate_of in rows]
    return comparison_json(compare_story(story_id, members, settings.compare))
