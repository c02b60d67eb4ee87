"""The records that flow through warta's pipeline.

Every record is a frozen, slotted dataclass: stages never mutate what they are
given, they return new records (``dataclasses.replace``). Records hold plain
values (str, int, float, tuples, dicts of JSON values) so they serialise to JSON
and cross process boundaries (multiprocessing, Spark) unchanged.

    RawArticle  --clean-->  Article  --dedupe-->  DuplicateLink
                                     --cluster--> StoryMember / Story
                                     --summarize--> SummarySentence
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

InputFormat = Literal["txt", "html", "jsonl", "json"]
DuplicateKind = Literal["exact", "near"]


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article exactly as received, before any cleaning.

    ``raw`` holds the bytes as they arrived (a whole .txt/.html file, or one
    JSON Lines line); it is stored and never altered. ``text`` is the decoded
    main text (for HTML: what trafilatura extracted). Optional fields are what
    the input declared; ``None`` means "not given".
    """

    id: str
    text: str
    raw: bytes
    origin: str  # file path as given on the command line, or "-" for stdin
    line: int | None = None  # 1-based line number for JSON Lines / JSON arrays
    format: InputFormat = "txt"
    encoding: str = "utf-8"
    id_given: bool = True  # False when the id is a content hash
    title: str | None = None
    source: str | None = None  # outlet
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as given
    lang: str | None = None  # declared language, if any
    author: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)  # other input keys, kept
    # A page `warta fetch` fetched: the feed that listed it (None for a URL given directly), when
    # (ISO 8601, UTC), and the normalised URLs it came from (as listed, and after redirects),
    # recorded with the article in its batch's transaction so that none is fetched again.
    feed: str | None = None
    fetched_at: str | None = None
    fetched_urls: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        """``file:line`` (or just ``file``) for messages."""
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file a directory walk passed over on purpose, and why: it is reported, not read."""

    path: str
    reason: str  # e.g. "unsupported suffix '.pdf'", "not a regular file (FIFO)"


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A record of an archive (a WARC) that holds no article, and why: counted by reason, not listed
    (a crawl holds many more of them than articles)."""

    path: str  # the archive
    reason: str  # e.g. "not HTML", "HTTP status not 200", "truncated"


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line that cleaning removed, kept with the reason it was removed."""

    text: str
    reason: str  # e.g. "baca-juga", "whatsapp-promo", "source-credit"
    line_no: int  # 1-based line number in the text before cleaning


@dataclass(frozen=True, slots=True)
class Dateline:
    """A parsed dateline such as ``SEOUL, KOMPAS.TV -``."""

    place: str | None
    outlet: str | None
    text: str  # the dateline as it appeared


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str  # "id", "ms", "en" or "other"
    confidence: float  # 0..1
    detail: str = ""  # detector's own code/name when ``code == "other"``


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: what every later stage works on."""

    id: str
    text: str  # clean text, paragraphs separated by "\n"
    title: str
    title_derived: bool  # True when warta made the title from the text
    content_hash: str  # hash of the normalised clean text (exact-duplicate key)
    version: int = 1
    source: str | None = None  # outlet: given, else from the dateline
    url: str | None = None
    published: str | None = None  # ISO date or datetime
    published_from: Literal["given", "html", "text"] | None = None
    place: str | None = None  # from the dateline
    author: str | None = None
    lang: str = "other"
    lang_confidence: float = 0.0
    removed: tuple[RemovedLine, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def is_indonesian(self) -> bool:
        return self.lang == "id"

    @property
    def published_date(self) -> str | None:
        """The ``YYYY-MM-DD`` part of ``published``."""
        return self.published[:10] if self.published else None


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """``article_id`` repeats ``duplicate_of`` (the earliest of its group)."""

    article_id: str
    duplicate_of: str
    kind: DuplicateKind
    similarity: float  # estimated Jaccard similarity of shingles; 1.0 for exact


@dataclass(frozen=True, slots=True)
class StoryMember:
    story_id: str
    article_id: str
    similarity: float  # score with which the article joined (1.0 for the founder)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One summary sentence and every member article that states it."""

    text: str
    citations: tuple[str, ...]
    article_id: str  # the article the wording was taken from
    position: int  # the sentence's index in that article
    support: Literal["corroborated", "single"] | None = None  # from the story's comparison, when there is one
    note: str | None = None  # where outlets differ on what the sentence states: how, with each value


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    label: str
    first_date: str | None
    last_date: str | None
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    lang: str = "id"
    summary: tuple[SummarySentence, ...] = ()


# -- who, when, who said what (issue 3) -------------------------------------------------------

QuoteKind = Literal["direct", "indirect"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quotation is attributed to. ``text[start:end]`` is a written mention of ``name``."""

    name: str
    role: str | None
    start: int
    end: int
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``text`` is ``source[start:end]`` (for direct quotes, inside the marks)."""

    text: str
    start: int
    end: int
    kind: QuoteKind
    cue: str | None
    speaker: Speaker | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated statement: the interval ``start``..``end``, the sentence, and the articles that state it."""

    start: str
    end: str
    granularity: str
    text: str  # the sentence
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A mention resolved to its entity."""

    start: int
    end: int
    text: str
    type: str
    entity_id: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str  # the display name: the most frequent of the longest variants
    type: str  # PER, ORG, LOC, …
    key: str  # what variants share: folded name, or "country:XX"
    variants: tuple[str, ...]
    roles: tuple[str, ...]
    articles: tuple[str, ...] = ()


# -- the comparison of a story's reports (issue 8) ----------------------------------------------

FactKind = Literal["corroborated", "single"]


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence (or clause) of one article: ``text == article.text[start:end]``."""

    article: str
    start: int
    end: int
    text: str
    sentence: int  # index of its sentence among the article's sentences (as the summary counts them)


@dataclass(frozen=True, slots=True)
class Fact:
    """Statements of several articles (or one) that state the same thing."""

    id: str
    kind: FactKind  # corroborated: stated by two or more independent sources
    background: bool  # history or context, not news of this story
    outlets: tuple[str, ...]
    statements: tuple[Statement, ...]
    strength: float = 1.0  # how alike its statements of different articles are (mean similarity, 0..1)


@dataclass(frozen=True, slots=True)
class SlotValue:
    """One outlet's value for a slot: ``value == article.text[start:end]``, inside ``statement``."""

    article: str
    value: str
    normalized: str
    start: int
    end: int
    statement: str


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Values for one slot that cannot all be true (a conflict), or a figure revised later (an update)."""

    slot: str  # count, amount, percent, age, score, duration, measure, date, time, role
    fact: str | None
    values: tuple[SlotValue, ...]


@dataclass(frozen=True, slots=True)
class Rendering:
    """One outlet's rendering of a quotation: ``text == article.text[start:end]``."""

    article: str
    text: str
    kind: QuoteKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One utterance by one speaker, as each outlet rendered it."""

    speaker: str
    entity_id: str | None
    renderings: tuple[Rendering, ...]


@dataclass(frozen=True, slots=True)
class ComparedArticle:
    id: str
    source: str | None
    published: str | None
    outlet: str  # the outlet as the comparison names it: the source, else the article id
    independent_of: str  # the source group: wire copies and one outlet's articles share one


@dataclass(frozen=True, slots=True)
class Comparison:
    """What a story's reports corroborate, what only one reports, and where they differ."""

    story: str | None
    articles: tuple[ComparedArticle, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Discrepancy, ...]
    updates: tuple[Discrepancy, ...]
    quote_variants: tuple[QuoteVariant, ...]
    entity_coverage: dict[str, dict[str, int]] = field(default_factory=dict)  # entity id -> outlet -> mentions


# -- feeds and pages (issue 11) ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP response as `warta fetch` read it: ``url`` is where it came from after redirects,
    ``headers`` have lower-case names, ``body`` is at most the size cap (empty for a 304)."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters (``"text/html"``); ``""`` when not given."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of an RSS or Atom feed: its link (absolute) and what the feed says of it."""

    link: str
    title: str | None = None
    published: str | None = None  # ISO 8601 (UTC), from the item's published or updated date


@dataclass(frozen=True, slots=True)
class FeedState:
    """What a feed's last full response said, for the next conditional GET (ETag / Last-Modified)."""

    url: str  # normalised
    etag: str | None
    last_modified: str | None
    fetched_at: str
