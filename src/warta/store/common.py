"""What both store back-ends share: the records they return and the plain helpers that shape rows
(a row is an ``sqlite3.Row`` or a psycopg dict row: anything indexed by column name)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from ..cluster import StoryState
from ..records import Article, Quote, RemovedLine, Speaker, SummarySentence


class Row(Protocol):
    """A result row: its columns by name."""

    def __getitem__(self, key: str, /) -> Any: ...


Mode = Literal["write", "read"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(db: object) -> bool:
    """Whether ``db`` (a ``--db`` value) names a PostgreSQL database rather than an SQLite file."""
    return isinstance(db, str) and db.lower().startswith(POSTGRES_SCHEMES)


_PASSWORD_IN_URL = re.compile(r"(://[^:/?#@]*:)[^@/?#]*@")
_PASSWORD_PARAM = re.compile(r"(password=)[^&\s]*", re.IGNORECASE)


def display_url(db: str | object) -> str:
    """A ``--db`` value as messages show it: a PostgreSQL URL without its password, a path as it is."""
    text = str(db)
    if not is_postgres_url(text):
        return text
    return _PASSWORD_PARAM.sub(r"\1***", _PASSWORD_IN_URL.sub(r"\1***@", text))


@dataclass(frozen=True, slots=True)
class GroupOriginal:
    """The earliest article of a duplicate group, with its sort key and story."""

    article_id: str
    key: str
    story_id: str | None


@dataclass(frozen=True, slots=True)
class StoredStory:
    """A story's stored label, language, outlets, size and summary."""

    label: str
    lang: str
    outlets: tuple[str, ...]
    n_articles: int
    summary: tuple[SummarySentence, ...]
    entities: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    comparison: dict[str, Any] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)


StorySort = Literal["recent", "size"]
STORY_ORDER: dict[str, str] = {
    "recent": "s.last_day DESC, s.n_articles DESC, s.id",
    "size": "s.n_articles DESC, s.last_day DESC, s.id",
}


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Which stories to list: full-text words, a day range (ISO days), an outlet, an entity id, a
    language; the order; and which page of ``per_page``."""

    q: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    entity: str | None = None
    lang: str | None = None
    sort: StorySort = "recent"
    page: int = 1
    per_page: int = 20


_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def insert_sql(table: str, columns: Sequence[str], placeholder: str) -> str:
    """``INSERT INTO table (columns) VALUES (…)`` for rows loaded as they are (`warta load`). The names
    come from files a user gives, so only plain lower-case identifiers pass; each is quoted ("end")."""
    for name in (table, *columns):
        if not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"{name!r} is not a column or table name of warta's schema")
    quoted = ", ".join(f'"{n}"' for n in columns)
    return f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(placeholder for _ in columns)})"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def quotes_by_speaker(rows: Sequence[dict[str, Any]], entities: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A story's quotes grouped by speaker entity (story-level merges applied), most quoted first."""
    owner = {eid: e for e in entities for eid in (e["id"], *e.get("merged", ()))}
    groups: dict[str, dict[str, Any]] = {}
    for q in rows:
        entity = owner.get(q["speaker_entity"]) if q["speaker_entity"] else None
        if entity is None and q["speaker_name"]:
            entity = _entity_named(q["speaker_name"], entities)
        key = entity["id"] if entity else (q["speaker_name"] or "")
        group = groups.setdefault(
            key,
            {
                "speaker": {
                    "name": entity["name"] if entity else q["speaker_name"],
                    "entity_id": entity["id"] if entity else q["speaker_entity"],
                    "roles": list(entity["roles"]) if entity else ([q["speaker_role"]] if q["speaker_role"] else []),
                }
                if key
                else None,
                "quotes": [],
            },
        )
        same = next((seen for seen in group["quotes"] if seen["text"] == q["text"]), None)
        if same is None:  # a copy's quote is the same quote, cited once more
            same = {k: q[k] for k in ("text", "kind", "cue")} | {"role": q["speaker_role"], "articles": []}
            same["offsets"] = {}
            group["quotes"].append(same)
        if q["article_id"] not in same["articles"]:
            same["articles"].append(q["article_id"])
            same["offsets"][q["article_id"]] = [q["start"], q["end"]]
    return sorted(groups.values(), key=lambda g: (-len(g["quotes"]), g["speaker"]["name"] if g["speaker"] else "~"))


def _entity_named(name: str, entities: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The one story entity a speaker's name is a variant of, or ends with, or is the end of
    ("Korean Central News Agency" → the entity "Central News Agency"; "Kirby" → John Kirby)."""
    exact = [e for e in entities if name in e["variants"]]
    if len(exact) == 1:
        return exact[0]
    ends = [
        e
        for e in entities
        if e["type"] in {"PER", "ORG"} and any(name.endswith(" " + v) or v.endswith(" " + name) for v in e["variants"])
    ]
    return ends[0] if len(ends) == 1 else None


def quote_from_row(row: Mapping[str, Any]) -> Quote:
    speaker = None
    if row["speaker_name"] is not None:
        speaker = Speaker(row["speaker_name"], row["speaker_role"], row["speaker_start"], row["speaker_end"],
                          row["speaker_entity"])  # fmt: skip
    return Quote(row["text"], row["start"], row["end"], row["kind"], row["cue"], speaker)


def speaker_columns(speaker: Speaker | None) -> tuple[Any, ...]:
    if speaker is None:
        return (None, None, None, None, None)
    return (speaker.name, speaker.entity_id, speaker.role, speaker.start, speaker.end)


def chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def summary_json(sentence: SummarySentence) -> dict[str, Any]:
    return {
        "text": sentence.text,
        "citations": list(sentence.citations),
        "article_id": sentence.article_id,
        "position": sentence.position,
        "support": sentence.support,
        "note": sentence.note,
    }


def summary_sentence(stored: Mapping[str, Any]) -> SummarySentence:
    """A stored summary sentence (older databases have no support or note)."""
    return SummarySentence(
        text=stored["text"],
        citations=tuple(stored["citations"]),
        article_id=stored["article_id"],
        position=stored["position"],
        support=stored.get("support"),
        note=stored.get("note"),
    )


def entity_view(
    row: Row, stories: Sequence[Row], quotes: Sequence[Any], *, max_stories: int, max_quotes: int
) -> dict[str, Any]:
    """An entity as `warta entities` and the web show it: ``stories`` and ``quotes`` are read one past
    their limits, so that ``more_stories`` / ``more_quotes`` can say whether there are more."""
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row["type"],
        "variants": json.loads(row["variants"]),
        "roles": json.loads(row["roles"]),
        "stories": [
            {
                "id": r["id"],
                "label": r["label"],
                "first_date": r["first_day"],
                "last_date": r["last_day"],
                "n_articles": r["n_articles"],
                "articles_mentioning": r["mentioned"],
            }
            for r in stories[:max_stories]
        ],
        "quotes": [dict(r) for r in quotes[:max_quotes]],
        "more_stories": len(stories) > max_stories,
        "more_quotes": len(quotes) > max_quotes,
    }


def brief_story(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "label": row["label"],
        "first_date": row["first_day"],
        "last_date": row["last_day"],
        "lang": row["lang"],
        "outlets": json.loads(row["outlets"]),
        "n_articles": row["n_articles"],
    }


def summary_view(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A summary sentence as `show` and `export` print it: the support and note only when known."""
    view = {"text": stored["text"], "citations": stored["citations"]}
    for key in ("support", "note"):
        if stored.get(key) is not None:
            view[key] = stored[key]
    return view


def story_state(row: Row) -> StoryState:
    return StoryState.from_json(row["id"], row["first_day"], row["last_day"], json.loads(row["profile"]))


def article_from_row(row: Row, *, light: bool = False) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        title_derived=bool(row["title_derived"]),
        content_hash=row["content_hash"],
        version=row["version"],
        source=row["source"],
        url=row["url"],
        published=row["published"],
        published_from=row["published_from"],
        place=row["place"],
        author=row["author"],
        lang=row["lang"],
        lang_confidence=row["lang_confidence"],
        removed=() if light else tuple(RemovedLine(**r) for r in json.loads(row["removed"])),
        metadata={} if light else json.loads(row["metadata"]),
    )


def article_dict(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "version": row["version"],
        "story_id": row["story_id"],
        "event_id": row["event_id"],
        "duplicate_of": row["duplicate_of"],
        "duplicate_kind": row["duplicate_kind"],
        "lang": row["lang"],
        "lang_confidence": round(row["lang_confidence"], 3),
        "published": row["published"],
        "source": row["source"],
        "title": row["title"],
        "place": row["place"],
        "author": row["author"],
        "url": row["url"],
        "text": row["text"],
        "removed": json.loads(row["removed"]),
        "metadata": json.loads(row["metadata"]),
    }


# What the FTS5 unicode61 tokenizer keeps as word characters: letters and digits (an underscore,
# a hyphen, an apostrophe separate words). "negara-negara" is indexed as the words negara, negara.
# The PostgreSQL store indexes the same words (see ``postgres.search_text``).
WORD = re.compile(r"[^\W_]+")
_PHRASE_OR_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def query_phrases(text: str) -> list[list[str]]:
    """The terms of a user's search, each a list of words: a term is a word-run between spaces
    or a "double-quoted phrase" (an unclosed quote runs to the end); text that has no word
    characters is dropped. ``negara-negara`` is the phrase ``["negara", "negara"]``."""
    phrases = []
    for m in _PHRASE_OR_TERM.finditer(text):
        words = WORD.findall(m.group(1) if m.group(1) is not None else m.group(2))
        if words:
            phrases.append(words)
    return phrases
