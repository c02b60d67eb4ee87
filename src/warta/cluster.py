"""Incremental, time-aware story clustering.

Each new article is compared with the stories whose dates lie within
``ClusterConfig.window_days`` of its own; it joins the best one scoring at
least ``threshold`` or opens a new story. Stories already formed are never
re-clustered: later articles only join them.

The score combines two signals:
- lexical: cosine of the article's TF-IDF vector (content words; IDF from a
  packaged background table, see ``scripts/build_idf.py``) with the story's
  centroid;
- names: the share of the article's names (capitalised sequences such as
  "Kim Jong Un", "KCNA") that the story already mentions.

``score = (1 - name_weight) * cosine + name_weight * name_overlap
         - day_penalty * days between the article and the story``
(reports of one event mostly appear within a day or two of each other; reports
of the same topic, such as a club's successive matches, days apart).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources

from .config import ClusterConfig
from .lang.id.stopwords import stopwords
from .lang.id.tokens import content_words
from .records import Article

ARTICLE_TERMS = 30  # terms kept per article vector
STORY_TERMS = 60  # terms kept per story centroid
STORY_NAMES = 40
QUERY_TERMS = 8  # an article's strongest terms used to find candidate stories
NAMES_COMPARED = 8  # an article's strongest names that name overlap is measured against

_NAME = re.compile(r"\b(?:[A-Z][\w'’.-]*[\w]|[A-Z])(?:\s+(?:[A-Z][\w'’.-]*[\w]|[A-Z]|bin|binti|van|de|al))*\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?\"“”:]\s+|\n)$")


@dataclass(frozen=True, slots=True)
class Idf:
    """Inverse document frequencies from a background corpus."""

    weights: dict[str, float]
    default: float  # for words the background never saw

    def __call__(self, term: str) -> float:
        return self.weights.get(term, self.default)


@cache
def packaged_idf() -> Idf:
    """Load ``data/idf.tsv``: a ``#docs<TAB>N`` line, then ``term<TAB>df`` lines."""
    text = resources.files("warta").joinpath("data/idf.tsv").read_text(encoding="utf-8")
    lines = text.splitlines()
    n_docs = int(lines[0].split("\t")[1])
    weights = {}
    for line in lines[1:]:
        term, _, df = line.partition("\t")
        weights[term] = math.log((n_docs + 1) / (int(df) + 1)) + 1.0
    return Idf(weights=weights, default=math.log(n_docs + 1) + 1.0)


@dataclass(frozen=True, slots=True)
class Profile:
    """What clustering knows of an article: term weights (unit length) and
    names with their weights (rarer names weigh more: "kim jong un" over "jakarta")."""

    terms: dict[str, float]
    names: dict[str, float]


def extract_names(text: str) -> frozenset[str]:
    """Capitalised word sequences, lower-cased; a lone stop word that merely
    starts a sentence ("Pada", "Namun") is not a name."""
    stop = stopwords()
    names = set()
    for match in _NAME.finditer(text):
        name = match.group(0).strip(".")
        words = name.split()
        if len(words) == 1:
            key = words[0].lower()
            if key in stop or len(key) < 2:
                continue
            if _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]) and key in stop:
                continue
        else:
            while words and words[0].lower() in stop:
                words = words[1:]
            if not words:
                continue
        names.add(" ".join(words).lower())
    return frozenset(names)


def article_profile(article: Article, idf: Idf, entities: Iterable[tuple[str, str]] = ()) -> Profile:
    """``entities`` are ``(entity id, mention text)`` pairs: resolved entities
    stand for names, so "Sergey Shoigu" and "Sergei Shoigu", or "China" and
    "Tiongkok", count as one shared name. Without them, capitalised word
    sequences are the names."""
    counts = Counter(content_words(f"{article.title}\n{article.text}" if not article.title_derived else article.text))
    weights = {term: (1.0 + math.log(tf)) * idf(term) for term, tf in counts.items()}
    top = dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:ARTICLE_TERMS])
    names: dict[str, float] = {}
    for entity, text in entities:
        names[entity] = max(names.get(entity, 0.0), name_weight(text.lower(), idf))
    if not names:
        names = {name: name_weight(name, idf) for name in extract_names(article.text)}
    return Profile(terms=_unit(top), names=names)


def name_weight(name: str, idf: Idf) -> float:
    """A name weighs what its rarest word weighs."""
    return max((idf(word) for word in name.split()), default=idf.default)


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


@dataclass(slots=True)
class StoryState:
    """A story as clustering sees it; mutable while a batch runs."""

    id: str
    first_day: str | None  # None while every member is undated
    last_day: str | None
    n: int = 0
    term_sum: dict[str, float] = field(default_factory=dict)
    names: Counter[str] = field(default_factory=Counter)

    def centroid(self) -> dict[str, float]:
        return _unit(self.term_sum)

    def add(self, profile: Profile, day: str | None) -> None:
        for term, weight in profile.terms.items():
            self.term_sum[term] = self.term_sum.get(term, 0.0) + weight
        if len(self.term_sum) > STORY_TERMS:
            kept = sorted(self.term_sum.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_TERMS]
            self.term_sum = dict(kept)
        self.names.update(profile.names.keys())
        if len(self.names) > STORY_NAMES:
            self.names = Counter(dict(sorted(self.names.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_NAMES]))
        if day is not None:
            self.first_day = day if self.first_day is None else min(self.first_day, day)
            self.last_day = day if self.last_day is None else max(self.last_day, day)
        self.n += 1

    def days_from(self, day: str | None) -> int:
        """Days between ``day`` and the nearest day of the story (0 when unknown or inside)."""
        if day is None or self.first_day is None or self.last_day is None:
            return 0
        if day < self.first_day:
            return (date.fromisoformat(self.first_day) - date.fromisoformat(day)).days
        if day > self.last_day:
            return (date.fromisoformat(day) - date.fromisoformat(self.last_day)).days
        return 0

    def within(self, lo: str, hi: str) -> bool:
        """Whether the story's dates touch [lo, hi]; an undated story always does."""
        return self.first_day is None or self.last_day is None or (self.first_day <= hi and self.last_day >= lo)

    def to_json(self) -> dict[str, object]:
        return {"terms": self.term_sum, "names": dict(self.names), "n": self.n}

    @classmethod
    def from_json(
        cls, story_id: str, first_day: str | None, last_day: str | None, data: dict[str, object]
    ) -> StoryState:
        terms = data.get("terms", {})
        names = data.get("names", {})
        n = data.get("n", 0)
        return cls(
            id=story_id,
            first_day=first_day,
            last_day=last_day,
            n=int(n) if isinstance(n, int) else 0,
            term_sum=dict(terms) if isinstance(terms, dict) else {},
            names=Counter(names) if isinstance(names, dict) else Counter(),
        )


def score(profile: Profile, story: StoryState, cfg: ClusterConfig, day: str | None = None) -> float:
    cos = cosine(profile.terms, story.centroid())
    similarity = (1.0 - cfg.name_weight) * cos + cfg.name_weight * name_overlap(profile, story)
    return similarity - cfg.day_penalty * story.days_from(day)


def name_overlap(profile: Profile, story: StoryState) -> float:
    """Weighted share of the article's strongest names that the story mentions."""
    if not profile.names:
        return 0.0
    strongest = sorted(profile.names.values(), reverse=True)[:NAMES_COMPARED]
    shared = sum(w for name, w in profile.names.items() if name in story.names)
    return min(1.0, shared / sum(strongest))


def new_story_id(founder_id: str, version: int = 1) -> str:
    """Stable story id derived from the founding article's id and version: a later version that
    opens a story of its own must not take the id of the story its first version founded."""
    key = founder_id if version == 1 else f"{founder_id}\x00v{version}"
    return "st-" + hashlib.blake2b(key.encode("utf-8"), digest_size=6).hexdigest()


def shift_day(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


class StoryIndex:
    """In-memory index of stories for one ingest run.

    Stories are found through postings of their strongest terms and names;
    ``load`` adds stories read from the store, ``assign`` places an article.
    """

    def __init__(self, cfg: ClusterConfig) -> None:
        self.cfg = cfg
        self.stories: dict[str, StoryState] = {}
        self._postings: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self.stories)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self.stories

    def load(self, stories: Iterable[StoryState]) -> None:
        for story in stories:
            if story.id not in self.stories:
                self.stories[story.id] = story
                self._post(story, story.term_sum.keys(), story.names.keys())

    def replace(self, story: StoryState) -> None:
        """Hold ``story`` in place of the state held under its id (postings of the old one may
        linger: they only make it a candidate, and candidates are scored)."""
        self.stories[story.id] = story
        self._post(story, story.term_sum.keys(), story.names.keys())

    def _post(self, story: StoryState, terms: Iterable[str], names: Iterable[str]) -> None:
        for key in terms:
            self._postings.setdefault(key, set()).add(story.id)
        for name in names:
            self._postings.setdefault("@" + name, set()).add(story.id)

    def candidates(self, profile: Profile, day: str | None) -> Iterator[StoryState]:
        """Stories within the time window sharing a strong term or a name; an
        undated article (``day`` None) is compared with every story held."""
        lo = shift_day(day, -self.cfg.window_days) if day else ""
        hi = shift_day(day, self.cfg.window_days) if day else "9999-12-31"
        query = sorted(profile.terms, key=lambda t: -profile.terms[t])[:QUERY_TERMS]
        hits: Counter[str] = Counter()
        for key in [*query, *("@" + n for n in profile.names)]:
            hits.update(self._postings.get(key, ()))
        for story_id, _ in hits.most_common(self.cfg.max_candidates):
            story = self.stories[story_id]
            if story.within(lo, hi):
                yield story

    def best(self, profile: Profile, day: str | None) -> tuple[StoryState | None, float]:
        best: StoryState | None = None
        best_score = 0.0
        for story in self.candidates(profile, day):
            s = score(profile, story, self.cfg, day)
            if s > best_score or (s == best_score and best is not None and story.id < best.id):
                best, best_score = story, s
        if best is not None and best_score >= self.cfg.threshold:
            return best, best_score
        return None, best_score

    def join(self, story: StoryState, profile: Profile, day: str | None) -> None:
        story.add(profile, day)
        self._post(story, profile.terms.keys(), profile.names)

    def open(self, founder_id: str, profile: Profile, day: str | None, version: int = 1) -> StoryState:
        story = StoryState(id=new_story_id(founder_id, version), first_day=day, last_day=day)
        self.stories[story.id] = story
        self.join(story, profile, day)
        return story

    def evict_outside(self, lo: str, hi: str, keep: int) -> None:
        """Forget stories far from [lo, hi] once more than ``keep`` are held."""
        if len(self.stories) <= keep:
            return
        for story_id in [s.id for s in self.stories.values() if not s.within(lo, hi)]:
            del self.stories[story_id]
        for key in list(self._postings):
            ids = self._postings[key]
            ids.intersection_update(self.stories)
            if not ids:
                del self._postings[key]
