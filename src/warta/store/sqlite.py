"""SQLite storage: one file, WAL journal, one transaction per ingest batch.

The store speaks in records and plain dicts; the schema lives in
``migrations.py``. Reads for the CLI and web return JSON-ready dicts.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from ..analysis import Analysis
from ..cluster import StoryState
from ..dedupe import Candidate, Fingerprint, original_key, signature_bytes, signature_from_bytes
from ..errors import NoDatabaseError, NotFoundError, ReadOnlyStoreError, StoreError
from ..records import (
    Article,
    Entity,
    EntityMention,
    FeedState,
    Quote,
    RawArticle,
    SummarySentence,
    TimelineEntry,
)
from .common import (
    STORY_ORDER,
    GroupOriginal,
    Mode,
    StoredStory,
    StoryQuery,
    StorySort,
    article_dict,
    article_from_row,
    brief_story,
    chunks,
    entity_view,
    insert_sql,
    is_postgres_url,
    now_iso,
    query_phrases,
    quote_from_row,
    quotes_by_speaker,
    speaker_columns,
    story_state,
    summary_json,
    summary_sentence,
    summary_view,
)
from .migrations import (
    BUSY_TIMEOUT_S,
    begin_write,
    is_environmental,
    migrate,
    read_only_error,
    readable_schema,
    store_error,
)

__all__ = [
    "GroupOriginal",
    "Mode",
    "Store",
    "StoredStory",
    "StoryQuery",
    "StorySort",
    "article_dict",
    "article_from_row",
    "fts_words_query",
    "now_iso",
    "quote_from_row",
    "quotes_by_speaker",
    "stored_article_ids",
    "summary_json",
    "summary_sentence",
    "summary_view",
]


def _opens(conn: sqlite3.Connection) -> bool:
    """Whether SQLite can read the database at all (it opens the file lazily)."""
    try:
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError:
        return False
    return True


READ_MMAP_BYTES = 1 << 30


class Store:
    """A warta database. Use as a context manager, or call :meth:`close`.

    ``mode="write"`` (ingest) creates the database and migrates its schema as needed.
    ``mode="read"`` never creates, migrates or writes it: it opens the file read-only, so a
    read-only file or directory serves every read. A database whose schema is older than this
    warta is refused for reading until it is opened for writing once (a ``warta ingest`` into it).
    An SQLite error that escapes the ``with`` block becomes a StoreError that says what to do.
    """

    def __init__(self, path: str | Path, *, mode: Mode = "write", busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        if is_postgres_url(path):  # a caller that should have gone through warta.store.open_store
            raise StoreError("a postgresql:// database is not an SQLite file: open it with warta.store.open_store")
        self.path = str(path)
        self.mode = mode
        self._busy_timeout_ms = round(busy_timeout_s * 1000)
        self._data_version: int | None = None  # PRAGMA data_version at this connection's last write
        self._others_wrote = False
        self.conn = self._open_for_reading() if mode == "read" else self._open_for_writing()

    def _connect(self, target: str, *, uri: bool = False) -> sqlite3.Connection:
        conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        # Before anything else: even switching to WAL can wait on another process's lock.
        conn.execute(f"PRAGMA busy_timeout={self._busy_timeout_ms}")
        return conn

    def _open_for_writing(self) -> sqlite3.Connection:
        path = Path(self.path)
        if path.is_dir():
            raise StoreError(f"{self.path} is a directory; give --db a database file")
        # Checked first so that ingest fails before reading any input, not at its first insert.
        if path.exists() and not os.access(path, os.W_OK):
            raise read_only_error(self.path)
        if not path.exists() and path.parent.is_dir() and not os.access(path.parent, os.W_OK):
            raise ReadOnlyStoreError(f"cannot create {self.path}: its directory is read-only; choose another --db")
        conn = self._connect(self.path)
        with self._closing_on_error(conn):
            self._switch_to_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
            migrate(conn, self.path)
        return conn

    def _switch_to_wal(self, conn: sqlite3.Connection) -> None:
        """WAL mode, retried until the busy timeout: SQLite refuses at once, without waiting, where
        waiting could deadlock (two processes switching a new database at the same moment)."""
        deadline = time.monotonic() + self._busy_timeout_ms / 1000
        while True:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    def _open_for_reading(self) -> sqlite3.Connection:
        path = Path(self.path)
        if not path.exists():
            raise NoDatabaseError(
                f"no warta database at {self.path}: check --db (or $WARTA_DB); "
                f"`warta ingest --db {self.path} FILES` creates one"
            )
        if path.is_dir():
            raise StoreError(f"{self.path} is a directory; give --db a database file")
        uri = f"{path.absolute().as_uri()}?mode=ro"
        conn = self._connect(uri, uri=True)
        if not _opens(conn) and self._wal_is_empty_in_read_only_directory(path):
            # A WAL reader needs a -shm file, which a read-only directory cannot get. With no
            # WAL content the main file is the whole database, and nothing can change it.
            conn.close()
            conn = self._connect(f"{uri}&immutable=1", uri=True)
        with self._closing_on_error(conn):  # an error that _opens saw comes again here
            readable_schema(conn, self.path)
            # Readers share the file's pages through the OS (a web server has a connection per thread).
            conn.execute(f"PRAGMA mmap_size={READ_MMAP_BYTES}")
        return conn

    @staticmethod
    def _wal_is_empty_in_read_only_directory(path: Path) -> bool:
        wal = Path(f"{path}-wal")
        return not os.access(path.parent, os.W_OK) and (not wal.exists() or wal.stat().st_size == 0)

    @contextmanager
    def _closing_on_error(self, conn: sqlite3.Connection) -> Iterator[None]:
        """Close ``conn`` if the block fails; an SQLite error becomes a StoreError."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            error = store_error(conn, self.path, exc)
            conn.close()
            raise error from exc
        except BaseException:
            conn.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # An SQLite error from a read or write (a lock held too long, a read-only file) says what to do;
        # an IntegrityError or ProgrammingError is a bug in warta and keeps its traceback.
        error = store_error(self.conn, self.path, exc) if is_environmental(exc) else None
        self.close()
        if error is not None:
            raise error from exc

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a batch is committed whole or not at all."""
        begin_write(self.conn, self.path)
        # Another connection's commits change data_version (this one's own never do): read under the
        # write lock, it says whether what this process holds in memory may be out of date.
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        self._others_wrote = self._data_version is not None and version != self._data_version
        self._data_version = version
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # SQLite may have rolled back already (a full disk, say)
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def others_wrote(self) -> bool:
        return self._others_wrote

    # -- writing (inside a transaction) -------------------------------------------------

    def latest_version(self, article_id: str) -> tuple[int, str] | None:
        row = self.conn.execute(
            "SELECT version, text_sha FROM article_versions WHERE article_id = ? ORDER BY version DESC LIMIT 1",
            (article_id,),
        ).fetchone()
        return (row["version"], row["text_sha"]) if row else None

    def has_version_with_text(self, article_id: str, text_sha: str) -> bool:
        """Whether any version stored for ``article_id`` (not only the latest) has this text."""
        row = self.conn.execute(
            "SELECT 1 FROM article_versions WHERE article_id = ? AND text_sha = ? LIMIT 1", (article_id, text_sha)
        ).fetchone()
        return row is not None

    def add_version(self, raw: RawArticle, version: int, text_sha: str) -> None:
        self.conn.execute(
            "INSERT INTO article_versions (article_id, version, text_sha, raw, origin, line, format, encoding,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (raw.id, version, text_sha, raw.raw, raw.origin, raw.line, raw.format, raw.encoding, now_iso()),
        )

    def article_row(self, article_id: str) -> sqlite3.Row | None:
        return self.conn.execute(  # type: ignore[no-any-return]
            "SELECT pk, id, published, content_hash, dup_group, story_id FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()

    def put_article(self, article: Article, day: str | None) -> int:
        """Insert or replace the current version of ``article``; returns its pk."""
        values = (
            article.version,
            article.title,
            int(article.title_derived),
            article.text,
            article.content_hash,
            article.source,
            article.url,
            article.published,
            day,
            article.published_from,
            article.place,
            article.author,
            article.lang,
            article.lang_confidence,
            json.dumps([asdict(r) for r in article.removed], ensure_ascii=False),
            json.dumps(article.metadata, ensure_ascii=False, default=str),
        )
        existing = self.article_row(article.id)
        if existing is None:
            cur = self.conn.execute(
                "INSERT INTO articles (version, title, title_derived, text, content_hash, source, url, published,"
                " published_day, published_from, place, author, lang, lang_confidence, removed, metadata, id,"
                " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, article.id, now_iso()),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid
        self.conn.execute(
            "UPDATE articles SET version=?, title=?, title_derived=?, text=?, content_hash=?, source=?, url=?,"
            " published=?, published_day=?, published_from=?, place=?, author=?, lang=?, lang_confidence=?,"
            " removed=?, metadata=?, dup_group=NULL, duplicate_similarity=NULL,"
            " story_id=NULL, event_id=NULL, ingested_at=? WHERE pk=?",
            (*values, now_iso(), existing["pk"]),
        )
        return int(existing["pk"])

    def forget_fingerprint(self, pk: int) -> None:
        self.conn.execute("DELETE FROM lsh_buckets WHERE article_pk = ?", (pk,))
        self.conn.execute("DELETE FROM minhashes WHERE article_pk = ?", (pk,))

    def put_fingerprint(self, pk: int, fp: Fingerprint) -> None:
        self.conn.executemany(
            "INSERT INTO lsh_buckets (bucket, article_pk) VALUES (?, ?)", [(b, pk) for b in fp.buckets]
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO minhashes (article_pk, signature) VALUES (?, ?)",
            (pk, signature_bytes(fp.signature)),
        )

    def exact_matches(self, content_hash: str) -> list[tuple[str, str]]:
        """``(id, group original)`` of every article with this content hash."""
        rows = self.conn.execute(
            "SELECT id, coalesce(dup_group, id) AS grp FROM articles WHERE content_hash = ?", (content_hash,)
        )
        return [(r["id"], r["grp"]) for r in rows]

    def near_candidates(self, buckets: Sequence[int]) -> list[Candidate]:
        """Articles sharing an LSH bucket, by group; signatures are read only when asked for."""
        marks = ",".join("?" * len(buckets))
        rows = self.conn.execute(
            f"SELECT DISTINCT a.pk, a.id, coalesce(a.dup_group, a.id) AS grp FROM lsh_buckets b"
            f" JOIN articles a ON a.pk = b.article_pk WHERE b.bucket IN ({marks}) ORDER BY grp, a.id",
            tuple(buckets),
        )
        return [Candidate(r["id"], r["grp"], self._signature_loader(r["pk"])) for r in rows]

    def _signature_loader(self, pk: int) -> Callable[[], np.ndarray]:
        def load() -> np.ndarray:
            row = self.conn.execute("SELECT signature FROM minhashes WHERE article_pk = ?", (pk,)).fetchone()
            return signature_from_bytes(row["signature"])

        return load

    def group_original(self, group: str) -> GroupOriginal:
        """The original of a duplicate group (a lone article is its own group)."""
        row = self.conn.execute(
            "SELECT g.original, g.original_key, a.story_id FROM dup_groups g JOIN articles a ON a.id = g.original"
            " WHERE g.id = ?",
            (group,),
        ).fetchone()
        if row is not None:
            return GroupOriginal(row["original"], row["original_key"], row["story_id"])
        alone = self.conn.execute("SELECT published, story_id FROM articles WHERE id = ?", (group,)).fetchone()
        return GroupOriginal(group, original_key(group, alone["published"]), alone["story_id"])

    def merge_groups(self, target: str, others: Sequence[str], original: GroupOriginal) -> None:
        """Make ``others`` part of ``target`` (lone articles included), whose original is ``original``."""
        groups = (target, *others)
        marks = ",".join("?" * len(groups))
        self.conn.execute(
            f"UPDATE articles SET dup_group = ?"
            f" WHERE dup_group IN ({marks}) OR (dup_group IS NULL AND id IN ({marks}))",
            (target, *groups, *groups),
        )
        if others:
            self.conn.execute(f"DELETE FROM dup_groups WHERE id IN ({','.join('?' * len(others))})", tuple(others))
        self.conn.execute(
            "INSERT INTO dup_groups (id, original, original_key) VALUES (?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET original = excluded.original, original_key = excluded.original_key",
            (target, original.article_id, original.key),
        )

    def join_group(self, article_id: str, group: str, similarity: float) -> None:
        self.conn.execute(
            "UPDATE articles SET dup_group = ?, duplicate_similarity = ? WHERE id = ?", (group, similarity, article_id)
        )

    def leave_group(self, article_id: str) -> None:
        """Take an article out of its duplicate group; the earliest of the rest becomes the original."""
        row = self.conn.execute("SELECT dup_group FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None or row["dup_group"] is None:
            return
        group = row["dup_group"]
        self.conn.execute(
            "UPDATE articles SET dup_group = NULL, duplicate_similarity = NULL WHERE id = ?", (article_id,)
        )
        rest = self.conn.execute("SELECT id, published FROM articles WHERE dup_group = ?", (group,)).fetchall()
        if not rest:
            self.conn.execute("DELETE FROM dup_groups WHERE id = ?", (group,))
            return
        key, original = min((original_key(r["id"], r["published"]), r["id"]) for r in rest)
        self.conn.execute("UPDATE dup_groups SET original = ?, original_key = ? WHERE id = ?", (original, key, group))

    def set_story(self, article_id: str, story_id: str, similarity: float) -> None:
        self.conn.execute("UPDATE articles SET story_id=? WHERE id=?", (story_id, article_id))
        self.conn.execute(
            "INSERT OR REPLACE INTO story_members (article_id, story_id, similarity) VALUES (?, ?, ?)",
            (article_id, story_id, similarity),
        )

    def set_events(self, events: Mapping[str, str]) -> None:
        """Each article's event: ``{article id: event id}``."""
        self.conn.executemany("UPDATE articles SET event_id=? WHERE id=?", [(e, a) for a, e in sorted(events.items())])

    def leave_story(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        self.conn.execute("DELETE FROM story_members WHERE article_id = ?", (article_id,))
        return str(row["story_id"])

    def stories_between(self, lo: str, hi: str, exclude: set[str]) -> Iterator[StoryState]:
        """Stories whose dates touch [lo, hi], and undated ones."""
        rows = self.conn.execute(
            "SELECT id, first_day, last_day, profile FROM stories"
            " WHERE (last_day >= ? AND first_day <= ?) OR first_day IS NULL",
            (lo, hi),
        )
        for r in rows:
            if r["id"] not in exclude:
                yield story_state(r)

    def recent_stories(self, limit: int, exclude: set[str]) -> Iterator[StoryState]:
        """At most ``limit`` stories not in ``exclude``: the latest by date, then undated ones."""
        dated = self.conn.execute(
            "SELECT id, first_day, last_day, profile FROM stories WHERE last_day IS NOT NULL"
            " ORDER BY last_day DESC, first_day DESC, id LIMIT ?",
            (limit + len(exclude),),
        )
        undated = self.conn.execute(
            "SELECT id, first_day, last_day, profile FROM stories WHERE last_day IS NULL ORDER BY id LIMIT ?",
            (limit + len(exclude),),
        )
        wanted = (r for r in itertools.chain(dated, undated) if r["id"] not in exclude)
        for r in itertools.islice(wanted, limit):
            yield story_state(r)

    def stories_by_id(self, story_ids: Sequence[str]) -> Iterator[StoryState]:
        marks = ",".join("?" * len(story_ids))
        rows = self.conn.execute(
            f"SELECT id, first_day, last_day, profile FROM stories WHERE id IN ({marks})", tuple(story_ids)
        )
        for r in rows:
            yield story_state(r)

    def members_of(self, story_id: str) -> list[tuple[Article, str | None]]:
        """A story's articles with what each duplicates (``None`` for originals).

        Duplicates come without their removed lines and metadata: the summary
        only needs their text, and big stories are mostly duplicates."""
        return [
            (article_from_row(r, light=r["duplicate_of"] is not None), r["duplicate_of"])
            for r in self._member_rows(story_id)
        ]

    def save_story(
        self,
        state: StoryState,
        *,
        label: str,
        lang: str,
        outlets: Sequence[str],
        n_articles: int,
        summary: Sequence[SummarySentence],
        entities: Sequence[dict[str, Any]],
        timeline: Sequence[dict[str, Any]],
        comparison: Mapping[str, Any] | None = None,
        events: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        stamp = now_iso()
        self.conn.execute(
            "INSERT INTO stories (id, label, first_day, last_day, lang, n_articles, outlets, profile, summary,"
            " created_at, updated_at, entities, timeline, comparison, events)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET label=excluded.label, first_day=excluded.first_day,"
            " last_day=excluded.last_day, lang=excluded.lang, n_articles=excluded.n_articles,"
            " outlets=excluded.outlets, profile=excluded.profile, summary=excluded.summary,"
            " updated_at=excluded.updated_at, entities=excluded.entities, timeline=excluded.timeline,"
            " comparison=excluded.comparison, events=excluded.events",
            (
                state.id,
                label,
                state.first_day,
                state.last_day,
                lang,
                n_articles,
                json.dumps(list(outlets), ensure_ascii=False),
                json.dumps(state.to_json(), ensure_ascii=False),
                json.dumps([summary_json(s) for s in summary], ensure_ascii=False),
                stamp,
                stamp,
                json.dumps(list(entities), ensure_ascii=False),
                json.dumps(list(timeline), ensure_ascii=False),
                None if comparison is None else json.dumps(comparison, ensure_ascii=False),
                json.dumps([dict(e) for e in events], ensure_ascii=False),
            ),
        )

    def story_record(self, story_id: str) -> StoredStory | None:
        row = self.conn.execute(
            "SELECT label, lang, outlets, n_articles, summary, entities, timeline, comparison, events"
            " FROM stories WHERE id = ?",
            (story_id,),
        ).fetchone()
        if row is None:
            return None
        return StoredStory(
            label=row["label"],
            lang=row["lang"],
            outlets=tuple(json.loads(row["outlets"])),
            n_articles=row["n_articles"],
            summary=tuple(summary_sentence(s) for s in json.loads(row["summary"])),
            entities=json.loads(row["entities"]),
            timeline=json.loads(row["timeline"]),
            comparison=None if row["comparison"] is None else json.loads(row["comparison"]),
            events=json.loads(row["events"]),
        )

    # -- who, when, who said what ------------------------------------------------------------

    def replace_analysis(self, article_id: str, analysis: Analysis) -> None:
        """Store an article's mentions, quotes and dated sentences, replacing older ones."""
        for table in ("mentions", "quotes", "timeline"):
            self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self.conn.executemany(
            "INSERT INTO mentions (article_id, entity_id, start, end, text, type, role) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(article_id, m.entity_id, m.start, m.end, m.text, m.type, m.role) for m in analysis.mentions],
        )
        self.conn.executemany(
            "INSERT INTO quotes (article_id, start, end, text, kind, cue, speaker_name, speaker_entity, speaker_role,"
            " speaker_start, speaker_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, q.start, q.end, q.text, q.kind, q.cue, *speaker_columns(q.speaker)) for q in analysis.quotes],
        )
        self.conn.executemany(
            "INSERT INTO timeline (article_id, start, end, granularity, text) VALUES (?, ?, ?, ?, ?)",
            [(article_id, t.start, t.end, t.granularity, t.text) for t in analysis.timeline],
        )

    def analyses_of(self, article_ids: Sequence[str]) -> dict[str, Analysis]:
        """The stored per-article analysis (mentions, quotes, dated sentences) of each article."""
        mentions = self.mentions_of(article_ids)
        quotes: dict[str, list[Quote]] = {aid: [] for aid in article_ids}
        for q in self.quotes_of(article_ids):
            quotes[q["article_id"]].append(quote_from_row(q))
        timeline: dict[str, list[TimelineEntry]] = {aid: [] for aid in article_ids}
        for t in self.timeline_of(article_ids):
            timeline[t.articles[0]].append(t)
        return {aid: Analysis(tuple(mentions[aid]), tuple(quotes[aid]), tuple(timeline[aid])) for aid in article_ids}

    def upsert_entities(self, entities: Iterable[Entity]) -> None:
        """Add entities, merging variants and roles into those already stored."""
        for e in entities:
            row = self.conn.execute("SELECT variants, roles FROM entities WHERE id = ?", (e.id,)).fetchone()
            variants, roles = list(e.variants), list(e.roles)
            if row is not None:
                variants = sorted({*json.loads(row["variants"]), *variants})
                roles = list(dict.fromkeys([*json.loads(row["roles"]), *roles]))
            self.conn.execute(
                "INSERT OR REPLACE INTO entities (id, name, type, key, variants, roles) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    e.id,
                    e.name,
                    e.type,
                    e.key,
                    json.dumps(variants, ensure_ascii=False),
                    json.dumps(roles, ensure_ascii=False),
                ),
            )

    def reassign_entities(self, article_ids: Sequence[str], moves: dict[str, str], merged: Sequence[Entity]) -> None:
        """Within these articles, mentions and quotes of each ``moves`` key now belong to its value
        (a story's evidence: its one "John Kirby" is who its lone "Kirby" is). Entities left with
        no mention anywhere are removed."""
        if not moves:
            return
        for chunk in chunks(article_ids):
            marks = ",".join("?" * len(chunk))
            for source, target in moves.items():
                self.conn.execute(
                    f"UPDATE mentions SET entity_id = ? WHERE entity_id = ? AND article_id IN ({marks})",
                    (target, source, *chunk),
                )
                self.conn.execute(
                    f"UPDATE quotes SET speaker_entity = ? WHERE speaker_entity = ? AND article_id IN ({marks})",
                    (target, source, *chunk),
                )
        self.upsert_entities(merged)
        for source in moves:
            self.conn.execute(
                "DELETE FROM entities WHERE id = ? AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = ?)",
                (source, source),
            )

    def mentions_of(self, article_ids: Sequence[str]) -> dict[str, list[EntityMention]]:
        out: dict[str, list[EntityMention]] = {aid: [] for aid in article_ids}
        for chunk in chunks(article_ids):
            rows = self.conn.execute(
                f"SELECT * FROM mentions WHERE article_id IN ({','.join('?' * len(chunk))})", tuple(chunk)
            )
            for r in rows:
                out[r["article_id"]].append(
                    EntityMention(r["start"], r["end"], r["text"], r["type"], r["entity_id"], r["role"])
                )
        return out

    def timeline_of(self, article_ids: Sequence[str]) -> list[TimelineEntry]:
        entries = []
        for chunk in chunks(article_ids):
            rows = self.conn.execute(
                f"SELECT * FROM timeline WHERE article_id IN ({','.join('?' * len(chunk))})", tuple(chunk)
            )
            entries += [
                TimelineEntry(r["start"], r["end"], r["granularity"], r["text"], (r["article_id"],)) for r in rows
            ]
        return entries

    def quotes_of(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for chunk in chunks(article_ids):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT * FROM quotes WHERE article_id IN ({marks}) ORDER BY article_id, start"
            rows += [dict(r) for r in self.conn.execute(sql, tuple(chunk))]
        return rows

    def quotes_by_speaker(self, name: str) -> list[dict[str, Any]]:
        """Stored quotes whose speaker's name, or any variant of the speaker's entity, contains ``name``."""
        pattern = f"%{name}%"
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT q.*, a.story_id FROM quotes q JOIN articles a ON a.id = q.article_id"
                " LEFT JOIN entities e ON e.id = q.speaker_entity"
                " WHERE q.speaker_name LIKE ? OR e.name LIKE ? OR e.variants LIKE ? ORDER BY a.published_day, q.start",
                (pattern, pattern, pattern),
            )
        ]

    def list_entities(self, type_: str | None = None) -> list[dict[str, Any]]:
        sql = (
            "SELECT e.*, group_concat(DISTINCT m.article_id) AS article_ids FROM entities e"
            " LEFT JOIN mentions m ON m.entity_id = e.id"
        )
        params: tuple[Any, ...] = ()
        if type_:
            sql += " WHERE e.type = ?"
            params = (type_,)
        sql += " GROUP BY e.id ORDER BY count(DISTINCT m.article_id) DESC, e.name"
        return [
            {
                "id": r["id"],
                "name": r["name"],
                "type": r["type"],
                "variants": json.loads(r["variants"]),
                "roles": json.loads(r["roles"]),
                "articles": sorted((r["article_ids"] or "").split(",")) if r["article_ids"] else [],
            }
            for r in self.conn.execute(sql, params)
        ]

    # -- loading (`warta load`) --------------------------------------------------------------

    def insert_rows(self, table: str, rows: Sequence[Mapping[str, Any]]) -> list[int]:
        if not rows:
            return []
        columns = list(rows[0])
        sql = insert_sql(table, columns, "?")
        if table != "articles":  # FTS5 follows articles by trigger
            self.conn.executemany(sql, ([row[c] for c in columns] for row in rows))
            return []
        return [int(self.conn.execute(sql, [row[c] for c in columns]).lastrowid or 0) for row in rows]

    # -- feeds and pages (issue 11) -----------------------------------------------------------

    def mark_fetched(self, raw: RawArticle) -> None:
        """Record the URLs ``raw`` was fetched from (inside the transaction that stores it)."""
        assert raw.fetched_at is not None
        self.conn.executemany(
            "INSERT OR REPLACE INTO fetched_pages (url, article_id, feed, fetched_at) VALUES (?, ?, ?, ?)",
            [(url, raw.id, raw.feed, raw.fetched_at) for url in raw.fetched_urls],
        )

    def was_fetched(self, url: str) -> bool:
        """Whether an article was stored from the page at ``url`` (normalised)."""
        return self.conn.execute("SELECT 1 FROM fetched_pages WHERE url = ?", (url,)).fetchone() is not None

    def feed_state(self, url: str) -> FeedState | None:
        row = self.conn.execute(
            "SELECT url, etag, last_modified, fetched_at FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return FeedState(row["url"], row["etag"], row["last_modified"], row["fetched_at"]) if row else None

    def save_feed_state(self, state: FeedState) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO feeds (url, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?)",
            (state.url, state.etag, state.last_modified, state.fetched_at),
        )

    def delete_story(self, story_id: str) -> None:
        self.conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))

    def record_error(self, location: str, error: str) -> None:
        self.conn.execute(
            "INSERT INTO ingest_errors (location, error, at) VALUES (?, ?, ?)", (location, error, now_iso())
        )

    # -- reading --------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"articles", "stories", "article_versions", "ingest_errors"}:
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def list_errors(self, since: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT at, location, error FROM ingest_errors WHERE at >= ? ORDER BY at DESC, rowid DESC LIMIT ?",
            (since or "", -1 if limit is None else limit),
        )
        return [dict(r) for r in rows]

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        for row in self.conn.execute("SELECT * FROM article_rows ORDER BY published_day, id"):
            yield article_dict(row)

    def get_article(self, article_id: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM article_rows WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r} in {self.path}")
        return article_dict(row)

    def article_versions(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT version, text_sha, raw, origin, line, format, encoding, received_at FROM article_versions"
            " WHERE article_id = ? ORDER BY version",
            (article_id,),
        )
        return [dict(r) for r in rows]

    def list_stories(self, since: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM stories"
        params: list[Any] = []
        if since:
            sql += " WHERE last_day >= ?"
            params.append(since)
        sql += " ORDER BY last_day DESC, n_articles DESC, id"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [self._story_dict(r) for r in self.conn.execute(sql, params)]

    def iter_stories(self) -> Iterator[dict[str, Any]]:
        """Every story as `warta export stories` prints it: its articles' ids, with its entities,
        quotes and timeline."""
        for row in self.conn.execute("SELECT * FROM stories ORDER BY first_day, id"):
            story = self._story_dict(row)
            yield story | self._story_analysis(row, story["articles"])

    def get_story(self, story_id: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no story {story_id!r} in {self.path}; `warta stories` lists them")
        story = self._story_dict(row)
        ids = story["articles"]
        story["articles"] = [
            {k: a[k] for k in ("id", "title", "source", "published", "place", "lang", "duplicate_of", "url")}
            for a in (article_dict(r) for r in self._member_rows(story_id))
        ]
        return story | self._story_analysis(row, ids)

    def _story_analysis(self, row: sqlite3.Row, article_ids: Sequence[str]) -> dict[str, Any]:
        """A story's entities (story-level merges applied), quotes by speaker, and timeline."""
        entities = json.loads(row["entities"])
        return {
            "entities": [{k: v for k, v in e.items() if k != "merged"} for e in entities],
            "quotes": quotes_by_speaker(self.quotes_of(article_ids), entities),
            "timeline": json.loads(row["timeline"]),
            "compared": None if row["comparison"] is None else json.loads(row["comparison"]),
            "events": json.loads(row["events"]),
        }

    def _member_rows(self, story_id: str) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT a.* FROM story_members m JOIN article_rows a ON a.id = m.article_id WHERE m.story_id = ?"
            " ORDER BY a.published_day, a.id",
            (story_id,),
        ).fetchall()

    def _story_dict(self, row: sqlite3.Row) -> dict[str, Any]:
        ids = [
            r["article_id"]
            for r in self.conn.execute(
                "SELECT m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id"
                " WHERE m.story_id = ? ORDER BY a.published_day, a.id",
                (row["id"],),
            )
        ]
        return {
            "id": row["id"],
            "label": row["label"],
            "first_date": row["first_day"],
            "last_date": row["last_day"],
            "lang": row["lang"],
            "outlets": json.loads(row["outlets"]),
            "articles": ids,
            "summary": [summary_view(s) for s in json.loads(row["summary"])],
        }

    def search(
        self, query: str, limit: int = 20, *, raw: bool = False, marks: tuple[str, str] = ("[", "]")
    ) -> list[dict[str, Any]]:
        """Articles matching ``query``, best first, with a snippet whose matches are wrapped in ``marks``.

        ``query`` is words (every word must occur; "double quotes" keep a phrase together), unless
        ``raw``: then it is SQLite FTS5 query syntax (AND, OR, NOT, NEAR, prefix*, column filters).
        """
        match = query if raw else fts_words_query(query)
        if not match:
            return []
        try:
            rows = self.conn.execute(
                "SELECT a.id, a.title, a.source, a.published, a.story_id,"
                " snippet(articles_fts, 1, ?, ?, '…', 12) AS snippet"
                " FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid"
                " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                (*marks, match, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad FTS5 search query {query!r}: {exc} (see SQLite's FTS5 query syntax)") from exc
        return [dict(r) for r in rows]

    # -- reading for the web: filtered stories, one entity --------------------------------

    def find_stories(self, query: StoryQuery, *, brief: bool = False) -> tuple[list[dict[str, Any]], int]:
        """One page of the stories that pass ``query``'s filters, and how many pass in all. Each
        story is as `warta stories --format json` prints it plus ``n_articles``; ``brief`` gives
        only id, label, dates, language, outlets and ``n_articles`` (a listing page needs no more).

        Every value is a bound parameter; the words of ``query.q`` are matched as words (see
        :func:`fts_words_query`), so no text of a user's becomes SQL or FTS5 syntax."""
        filters: list[tuple[str | None, str]] = [
            (
                fts_words_query(query.q) if query.q else None,
                "s.id IN (SELECT a.story_id FROM articles_fts"
                " JOIN articles a INDEXED BY articles_pk_story ON a.pk = articles_fts.rowid"
                " WHERE articles_fts MATCH ?)",
            ),
            (query.since, "s.last_day >= ?"),
            (query.until, "s.first_day <= ?"),
            (query.outlet, "EXISTS (SELECT 1 FROM json_each(s.outlets) WHERE value = ?)"),
            (query.lang, "s.lang = ?"),
            (
                query.entity,
                "s.id IN (SELECT a.story_id FROM mentions m JOIN articles a ON a.id = m.article_id"
                " WHERE m.entity_id = ?)",
            ),
        ]
        where = [sql for value, sql in filters if value]
        params: list[Any] = [value for value, _ in filters if value]
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = STORY_ORDER[query.sort]
        total = int(self.conn.execute(f"SELECT count(*) FROM stories s{clause}", params).fetchone()[0])
        columns = "s.id, s.label, s.first_day, s.last_day, s.lang, s.outlets, s.n_articles" if brief else "s.*"
        rows = self.conn.execute(
            f"SELECT {columns} FROM stories s{clause} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, query.per_page, (query.page - 1) * query.per_page),
        ).fetchall()
        if brief:
            return [brief_story(r) for r in rows], total
        return [self._story_dict(r) | {"n_articles": r["n_articles"]} for r in rows], total

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with its number of articles, most first."""
        rows = self.conn.execute(
            "SELECT source, count(*) FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY 2 DESC, 1"
        )
        return [(r[0], int(r[1])) for r in rows]

    def story_languages(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT lang FROM stories ORDER BY lang")]

    def entity_name(self, entity_id: str) -> str | None:
        row = self.conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return None if row is None else str(row["name"])

    def get_entity(self, entity_id: str, *, max_stories: int = 500, max_quotes: int = 200) -> dict[str, Any]:
        """An entity with its variants and roles, its stories (newest first) and its quotes, at most
        ``max_stories`` and ``max_quotes`` of them, the newest (``more_stories`` and ``more_quotes``
        say whether there are more)."""
        row = self.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no entity {entity_id!r} in {self.path}; `warta entities` lists them")
        stories = self.conn.execute(
            "SELECT s.id, s.label, s.first_day, s.last_day, s.n_articles, count(DISTINCT m.article_id) AS mentioned"
            " FROM mentions m JOIN articles a ON a.id = m.article_id JOIN stories s ON s.id = a.story_id"
            " WHERE m.entity_id = ? GROUP BY s.id ORDER BY s.last_day DESC, s.id LIMIT ?",
            (entity_id, max_stories + 1),
        ).fetchall()
        quotes = self.conn.execute(
            "SELECT q.article_id, q.start, q.end, q.text, q.kind, q.speaker_role, a.story_id, a.source, a.published"
            " FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_entity = ?"
            " ORDER BY a.published_day DESC, q.article_id, q.start LIMIT ?",
            (entity_id, max_quotes + 1),
        ).fetchall()
        return entity_view(row, stories, quotes, max_stories=max_stories, max_quotes=max_quotes)

    def article_analysis(self, article_id: str) -> dict[str, list[dict[str, Any]]]:
        """An article's stored entity mentions and quotes, in text order (offsets into its clean text)."""
        mentions = self.conn.execute(
            "SELECT m.start, m.end, m.text, m.type, m.role, m.entity_id, e.name FROM mentions m"
            " LEFT JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? ORDER BY m.start",
            (article_id,),
        ).fetchall()
        quotes = self.conn.execute(
            "SELECT start, end, text, kind, cue, speaker_name, speaker_entity, speaker_role FROM quotes"
            " WHERE article_id = ? ORDER BY start",
            (article_id,),
        ).fetchall()
        return {"mentions": [dict(r) for r in mentions], "quotes": [dict(r) for r in quotes]}

    def duplicates_of(self, article_id: str) -> list[dict[str, Any]]:
        """The other articles of an article's duplicate group (copies of it, or what it copies)."""
        rows = self.conn.execute(
            "SELECT o.id, o.title, o.source, o.published, o.duplicate_of, o.duplicate_kind FROM article_rows o"
            " JOIN articles a ON a.dup_group = o.dup_group WHERE a.id = ? AND o.id != a.id"
            " ORDER BY o.published_day, o.id",
            (article_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def fts_words_query(text: str) -> str:
    """User text as an FTS5 query that matches words, never FTS5 syntax: each term (or "quoted
    phrase") becomes a quoted phrase of its words, and every term must occur. ``negara-negara``
    finds the phrase "negara negara"; ``AND``, ``NEAR(``, ``*`` and ``:`` are just text."""
    return " ".join('"' + " ".join(words) + '"' for words in query_phrases(text))


SQLITE_HEADER = b"SQLite format 3\x00"


def stored_article_ids(path: str | Path) -> frozenset[str] | None:
    """The ids of the articles in the warta database at ``path``, read without changing it;
    ``None`` when ``path`` is not a warta database (another SQLite file, text, empty, unreadable)."""
    try:
        with open(path, "rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        return frozenset(r[0] for r in conn.execute("SELECT DISTINCT article_id FROM article_versions"))
    except sqlite3.Error:
        return None
    finally:
        conn.close()
