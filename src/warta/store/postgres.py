"""PostgreSQL storage: a ``postgresql://`` URL for ``--db``, with the SQLite store's behaviour.

The same tables as the SQLite schema (``pg_migrations.py``), the same methods and return shapes
(:class:`~warta.store.base.WartaStore`). What differs, and why:

- **Concurrency.** Every write transaction first takes a transaction-level advisory lock
  (``pg_advisory_xact_lock``), so the batches of several ingesters into one database run one after
  another, each seeing everything committed before it, as SQLite's write lock makes them: nothing
  is lost and an article that two ingesters both read is stored once. Readers (``warta serve``, the
  read commands) never wait: PostgreSQL gives each statement a snapshot. A writer waits up to
  ``lock_timeout_s`` (10 minutes) for another's batch, then fails with a StoreError that says so.
- **Creating.** ``mode="write"`` on a database that does not exist yet creates it (``CREATE DATABASE``
  through the server's ``postgres`` database), as SQLite creates a file; that needs the CREATEDB
  privilege. ``mode="read"`` raises NoDatabaseError instead, and opens its connection read-only
  (``default_transaction_read_only``), so a read command cannot write.
- **Full-text search.** ``articles_fts`` holds a ``tsvector`` per article (GIN-indexed) in the text
  search configuration ``warta_id``: a copy of ``simple`` (PostgreSQL has no Indonesian stemmer, and
  FTS5 stems nothing either), without stop words. The words indexed are those FTS5's ``unicode61``
  tokenizer gives: the text is split into runs of letters and digits here, in Python, lower-cased
  and without diacritics (``remove_diacritics``), before PostgreSQL sees it, so ``negara-negara``
  is the two words ``negara negara`` and a user's search finds what it finds on SQLite. Ranking is
  ``ts_rank`` (FTS5 uses bm25: the same matches may come in another order) and the snippet is
  ``ts_headline`` of the text. ``raw=True`` takes PostgreSQL's ``to_tsquery`` syntax instead of
  FTS5's: ``&`` (and), ``|`` (or), ``!`` (not), ``<->`` (followed by), ``prefix:*``, parentheses.
- **Text.** Columns are ``text COLLATE "C"``: ordering by id, date or name is by code point, as in
  SQLite, whatever the database's locale. JSON columns stay JSON text, as in SQLite.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from types import TracebackType
from typing import Any

import numpy as np

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    from psycopg.rows import DictRow, dict_row
except ImportError as exc:  # pragma: no cover - the driver is a dependency; a broken install says what to do
    from ..errors import StoreError

    raise StoreError("a postgresql:// database needs the psycopg driver: pip install 'warta[postgres]'") from exc

from ..analysis import Analysis
from ..cluster import StoryState
from ..dedupe import Candidate, Fingerprint, original_key, signature_bytes, signature_from_bytes
from ..errors import NoDatabaseError, NotFoundError, ReadOnlyStoreError, SchemaVersionError, StoreError
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
    WORD,
    GroupOriginal,
    Mode,
    StoredStory,
    StoryQuery,
    article_dict,
    article_from_row,
    brief_story,
    display_url,
    entity_view,
    insert_sql,
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
from .pg_migrations import MIGRATIONS, SCHEMA_VERSION, TS_CONFIG

Connection = psycopg.Connection[DictRow]

# Advisory lock keys (per database): one for write transactions, one for migrations.
WRITE_LOCK = 0x77617274_61000001  # "warta" + 1
MIGRATE_LOCK = 0x77617274_61000002
LOCK_TIMEOUT_S = 600.0
QUOTE_COLUMNS = (
    'article_id, start, "end", text, kind, cue, speaker_name, speaker_entity, speaker_role, speaker_start, speaker_end'
)
QUOTE_COLUMNS_Q = ", ".join(f"q.{c}" for c in QUOTE_COLUMNS.split(", "))
CONNECT_TIMEOUT_S = 10
MAINTENANCE_DATABASES = ("postgres", "template1")


def fold(text: str) -> str:
    """Lower-cased, without diacritics: what FTS5's unicode61 ``remove_diacritics 2`` compares."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")).lower()


def search_words(text: str) -> str:
    """The words of ``text`` that search indexes, space-separated (see the module docstring)."""
    return " ".join(WORD.findall(fold(text)))


def search_document(title: str, text: str) -> str:
    return search_words(title) + "\n" + search_words(text)


def words_tsquery(text: str) -> str:
    """User text as ``to_tsquery`` input that matches words, never query syntax: each term (or
    "quoted phrase") is a phrase of its words (``<->``), and every term must occur (``&``)."""
    phrases = []
    for words in query_phrases(text):
        folded = WORD.findall(fold(" ".join(words)))
        if folded:
            phrases.append("(" + " <-> ".join(f"'{w}'" for w in folded) + ")")
    return " & ".join(phrases)


def _headline_options(marks: tuple[str, str]) -> str:
    for mark in marks:
        if '"' in mark:
            raise ValueError(f"a search match mark cannot contain a double quote: {mark!r}")
    return f'StartSel="{marks[0]}", StopSel="{marks[1]}", MaxWords=12, MinWords=6, ShortWord=0, MaxFragments=1'


def _with_ellipses(headline: str, text: str, marks: tuple[str, str]) -> str:
    """``…`` where the snippet cuts the text, as FTS5's ``snippet`` marks it."""
    plain = headline.replace(marks[0], "").replace(marks[1], "").strip()
    whole = text.strip()
    if not plain:
        return headline
    start = "" if whole.startswith(plain) else "…"
    end = "" if whole.endswith(plain) else "…"
    return f"{start}{headline.strip()}{end}"


class PostgresStore:
    """A warta database in PostgreSQL. Use as a context manager, or call :meth:`close`.

    ``url`` is a libpq URL (``postgresql://user:password@host:port/dbname?sslmode=…``); see the
    module docstring for what differs from the SQLite store. ``busy_timeout_s`` is how long a write
    waits for another process's batch (``lock_timeout``)."""

    def __init__(self, url: str, *, mode: Mode = "write", busy_timeout_s: float = LOCK_TIMEOUT_S) -> None:
        self.url = url
        self.path = display_url(url)
        self.mode: Mode = mode
        self._lock_timeout_ms = max(1, round(busy_timeout_s * 1000))
        self._changes_left: int | None = None  # warta_meta.changes as this connection's last write left it
        self._others_wrote = False
        self.conn: Connection = self._open_for_reading() if mode == "read" else self._open_for_writing()

    # -- opening ------------------------------------------------------------------------

    def _connect(self, conninfo: str) -> Connection:
        params = conninfo_to_dict(conninfo)
        if "connect_timeout" not in params:
            conninfo = make_conninfo(conninfo, connect_timeout=CONNECT_TIMEOUT_S)
        return psycopg.connect(conninfo, autocommit=True, row_factory=dict_row)

    def _connect_or_explain(self) -> Connection:
        """A connection to the database, or NoDatabaseError when it does not exist."""
        try:
            return self._connect(self.url)
        except psycopg.OperationalError as exc:
            if self._database_is_missing():
                raise NoDatabaseError(
                    f"no warta database at {self.path}: check --db (or $WARTA_DB); "
                    f"`warta ingest --db {self.path} FILES` creates one"
                ) from None
            raise StoreError(f"{self.path}: cannot connect to the PostgreSQL server: {_first_line(exc)}") from None

    def _database_name(self) -> str:
        params = conninfo_to_dict(self.url)
        name = params.get("dbname") or params.get("user")
        if not name:
            import getpass

            name = getpass.getuser()
        return str(name)

    def _maintenance(self) -> Connection | None:
        """A connection to the server's maintenance database, or None when none can be made."""
        for name in MAINTENANCE_DATABASES:
            try:
                return self._connect(make_conninfo(self.url, dbname=name))
            except psycopg.Error:
                continue
        return None

    def _database_is_missing(self) -> bool:
        conn = self._maintenance()
        if conn is None:
            return False
        with conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self._database_name(),)).fetchone()
        return row is None

    def _create_database(self) -> None:
        conn = self._maintenance()
        if conn is None:
            raise StoreError(f"{self.path}: the database does not exist, and the server's postgres database "
                             "cannot be reached to create it: create it (createdb) and try again")  # fmt: skip
        with conn:
            try:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self._database_name())))
            except (pg_errors.DuplicateDatabase, pg_errors.UniqueViolation):
                pass  # another process created it at the same moment (caught by the catalog's unique index)
            except pg_errors.InsufficientPrivilege:
                raise StoreError(
                    f"{self.path}: the database does not exist and this role may not create it: "
                    "create it (createdb, or CREATE DATABASE as its owner) and try again"
                ) from None

    def _open_for_writing(self) -> Connection:
        conn = None
        for attempt in range(3):
            try:
                conn = self._connect(self.url)
                break
            except psycopg.OperationalError as exc:
                if self._database_is_missing():
                    self._create_database()  # or another process does at the same moment: either will do
                elif attempt == 2:
                    raise StoreError(
                        f"{self.path}: cannot connect to the PostgreSQL server: {_first_line(exc)}"
                    ) from None
                # else another process created it between the failed connection and the look: again
        if conn is None:
            raise StoreError(f"{self.path}: the database was created but cannot be connected to; try again")
        with self._closing_on_error(conn):
            _check_encoding(conn, self.path)
            migrate(conn, self.path)
        return conn

    def _open_for_reading(self) -> Connection:
        conn = self._connect_or_explain()
        with self._closing_on_error(conn):
            conn.execute("SET default_transaction_read_only = on")
            _check_encoding(conn, self.path)
            readable_schema(conn, self.path)
        return conn

    @contextmanager
    def _closing_on_error(self, conn: Connection) -> Iterator[None]:
        """Close ``conn`` if the block fails; a PostgreSQL error becomes a StoreError."""
        try:
            yield
        except psycopg.Error as exc:
            error = store_error(self.path, exc)
            conn.close()
            raise error from exc
        except BaseException:
            conn.close()
            raise

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # As with SQLite: an error of the database's state says what to do; a bug keeps its traceback.
        error = store_error(self.path, exc) if is_environmental(exc) else None
        self.close()
        if error is not None:
            raise error from exc

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing, and one writer at a time: the advisory lock is held until commit."""
        if self.mode == "read":
            raise ReadOnlyStoreError(f"{self.path} was opened read-only (a command that only reads); nothing written")
        with self.conn.transaction():
            self.conn.execute(f"SET LOCAL lock_timeout = {self._lock_timeout_ms}")
            try:
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            except pg_errors.LockNotAvailable as exc:
                raise StoreError(
                    f"{self.path} is locked by another process writing to it (waited "
                    f"{self._lock_timeout_ms / 1000:g} s); try again when it has finished"
                ) from exc
            # Every write transaction counts itself in warta_meta.changes: read under the lock, a
            # count this connection did not leave says another process wrote in between.
            row = self.conn.execute("SELECT changes FROM warta_meta").fetchone()
            changes = int(row["changes"]) if row else 0
            self._others_wrote = self._changes_left is not None and changes != self._changes_left
            yield
            self.conn.execute("UPDATE warta_meta SET changes = changes + 1")
            self._changes_left = changes + 1

    def others_wrote(self) -> bool:
        return self._others_wrote

    def _execute(self, query: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> psycopg.Cursor[DictRow]:
        return self.conn.execute(query, params)

    def _executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(query, rows)

    # -- writing (inside a transaction) -------------------------------------------------

    def latest_version(self, article_id: str) -> tuple[int, str] | None:
        row = self._execute(
            "SELECT version, text_sha FROM article_versions WHERE article_id = %s ORDER BY version DESC LIMIT 1",
            (article_id,),
        ).fetchone()
        return (row["version"], row["text_sha"]) if row else None

    def has_version_with_text(self, article_id: str, text_sha: str) -> bool:
        row = self._execute(
            "SELECT 1 FROM article_versions WHERE article_id = %s AND text_sha = %s LIMIT 1", (article_id, text_sha)
        ).fetchone()
        return row is not None

    def add_version(self, raw: RawArticle, version: int, text_sha: str) -> None:
        self._execute(
            "INSERT INTO article_versions (article_id, version, text_sha, raw, origin, line, format, encoding,"
            " received_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (raw.id, version, text_sha, raw.raw, raw.origin, raw.line, raw.format, raw.encoding, now_iso()),
        )

    def article_row(self, article_id: str) -> DictRow | None:
        return self._execute(
            "SELECT pk, id, published, content_hash, dup_group, story_id FROM articles WHERE id = %s", (article_id,)
        ).fetchone()

    def put_article(self, article: Article, day: str | None) -> int:
        """Insert or replace the current version of ``article`` (and its search words); returns its pk."""
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
            row = self._execute(
                "INSERT INTO articles (version, title, title_derived, text, content_hash, source, url, published,"
                " published_day, published_from, place, author, lang, lang_confidence, removed, metadata, id,"
                " ingested_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " RETURNING pk",
                (*values, article.id, now_iso()),
            ).fetchone()
            assert row is not None
            pk = int(row["pk"])
        else:
            pk = int(existing["pk"])
            self._execute(
                "UPDATE articles SET version=%s, title=%s, title_derived=%s, text=%s, content_hash=%s, source=%s,"
                " url=%s, published=%s, published_day=%s, published_from=%s, place=%s, author=%s, lang=%s,"
                " lang_confidence=%s, removed=%s, metadata=%s, dup_group=NULL, duplicate_similarity=NULL,"
                " story_id=NULL, event_id=NULL, ingested_at=%s WHERE pk=%s",
                (*values, now_iso(), pk),
            )
        self._execute(
            f"INSERT INTO articles_fts (pk, doc) VALUES (%s, to_tsvector('{TS_CONFIG}', %s))"
            " ON CONFLICT (pk) DO UPDATE SET doc = EXCLUDED.doc",
            (pk, search_document(article.title, article.text)),
        )
        return pk

    def forget_fingerprint(self, pk: int) -> None:
        self._execute("DELETE FROM lsh_buckets WHERE article_pk = %s", (pk,))
        self._execute("DELETE FROM minhashes WHERE article_pk = %s", (pk,))

    def put_fingerprint(self, pk: int, fp: Fingerprint) -> None:
        self._executemany("INSERT INTO lsh_buckets (bucket, article_pk) VALUES (%s, %s)", [(b, pk) for b in fp.buckets])
        self._execute(
            "INSERT INTO minhashes (article_pk, signature) VALUES (%s, %s)"
            " ON CONFLICT (article_pk) DO UPDATE SET signature = EXCLUDED.signature",
            (pk, signature_bytes(fp.signature)),
        )

    def exact_matches(self, content_hash: str) -> list[tuple[str, str]]:
        rows = self._execute(
            "SELECT id, coalesce(dup_group, id) AS grp FROM articles WHERE content_hash = %s", (content_hash,)
        )
        return [(r["id"], r["grp"]) for r in rows]

    def near_candidates(self, buckets: Sequence[int]) -> list[Candidate]:
        rows = self._execute(
            "SELECT DISTINCT a.pk, a.id, coalesce(a.dup_group, a.id) AS grp FROM lsh_buckets b"
            " JOIN articles a ON a.pk = b.article_pk WHERE b.bucket = ANY(%s::bigint[]) ORDER BY grp, a.id",
            (list(buckets),),
        ).fetchall()
        return [Candidate(r["id"], r["grp"], self._signature_loader(r["pk"])) for r in rows]

    def _signature_loader(self, pk: int) -> Callable[[], np.ndarray]:
        def load() -> np.ndarray:
            row = self._execute("SELECT signature FROM minhashes WHERE article_pk = %s", (pk,)).fetchone()
            assert row is not None
            return signature_from_bytes(bytes(row["signature"]))

        return load

    def group_original(self, group: str) -> GroupOriginal:
        row = self._execute(
            "SELECT g.original, g.original_key, a.story_id FROM dup_groups g JOIN articles a ON a.id = g.original"
            " WHERE g.id = %s",
            (group,),
        ).fetchone()
        if row is not None:
            return GroupOriginal(row["original"], row["original_key"], row["story_id"])
        alone = self._execute("SELECT published, story_id FROM articles WHERE id = %s", (group,)).fetchone()
        assert alone is not None
        return GroupOriginal(group, original_key(group, alone["published"]), alone["story_id"])

    def merge_groups(self, target: str, others: Sequence[str], original: GroupOriginal) -> None:
        groups = [target, *others]
        self._execute(
            "UPDATE articles SET dup_group = %s WHERE dup_group = ANY(%s) OR (dup_group IS NULL AND id = ANY(%s))",
            (target, groups, groups),
        )
        if others:
            self._execute("DELETE FROM dup_groups WHERE id = ANY(%s)", (list(others),))
        self._execute(
            "INSERT INTO dup_groups (id, original, original_key) VALUES (%s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET original = EXCLUDED.original, original_key = EXCLUDED.original_key",
            (target, original.article_id, original.key),
        )

    def join_group(self, article_id: str, group: str, similarity: float) -> None:
        self._execute(
            "UPDATE articles SET dup_group = %s, duplicate_similarity = %s WHERE id = %s",
            (group, similarity, article_id),
        )

    def leave_group(self, article_id: str) -> None:
        row = self._execute("SELECT dup_group FROM articles WHERE id = %s", (article_id,)).fetchone()
        if row is None or row["dup_group"] is None:
            return
        group = row["dup_group"]
        self._execute("UPDATE articles SET dup_group = NULL, duplicate_similarity = NULL WHERE id = %s", (article_id,))
        rest = self._execute("SELECT id, published FROM articles WHERE dup_group = %s", (group,)).fetchall()
        if not rest:
            self._execute("DELETE FROM dup_groups WHERE id = %s", (group,))
            return
        key, original = min((original_key(r["id"], r["published"]), r["id"]) for r in rest)
        self._execute("UPDATE dup_groups SET original = %s, original_key = %s WHERE id = %s", (original, key, group))

    def set_story(self, article_id: str, story_id: str, similarity: float) -> None:
        self._execute("UPDATE articles SET story_id = %s WHERE id = %s", (story_id, article_id))
        self._execute(
            "INSERT INTO story_members (article_id, story_id, similarity) VALUES (%s, %s, %s)"
            " ON CONFLICT (article_id) DO UPDATE SET story_id = EXCLUDED.story_id, similarity = EXCLUDED.similarity",
            (article_id, story_id, similarity),
        )

    def set_events(self, events: Mapping[str, str]) -> None:
        self._executemany(
            "UPDATE articles SET event_id = %s WHERE id = %s", [(e, a) for a, e in sorted(events.items())]
        )

    def leave_story(self, article_id: str) -> str | None:
        row = self._execute("SELECT story_id FROM story_members WHERE article_id = %s", (article_id,)).fetchone()
        if row is None:
            return None
        self._execute("DELETE FROM story_members WHERE article_id = %s", (article_id,))
        return str(row["story_id"])

    def stories_between(self, lo: str, hi: str, exclude: set[str]) -> Iterator[StoryState]:
        rows = self._execute(
            "SELECT id, first_day, last_day, profile FROM stories"
            " WHERE (last_day >= %s AND first_day <= %s) OR first_day IS NULL ORDER BY id",
            (lo, hi),
        ).fetchall()
        for r in rows:
            if r["id"] not in exclude:
                yield story_state(r)

    def recent_stories(self, limit: int, exclude: set[str]) -> Iterator[StoryState]:
        dated = self._execute(
            "SELECT id, first_day, last_day, profile FROM stories WHERE last_day IS NOT NULL"
            " ORDER BY last_day DESC, first_day DESC NULLS LAST, id LIMIT %s",
            (limit + len(exclude),),
        ).fetchall()
        undated = self._execute(
            "SELECT id, first_day, last_day, profile FROM stories WHERE last_day IS NULL ORDER BY id LIMIT %s",
            (limit + len(exclude),),
        ).fetchall()
        wanted = [r for r in (*dated, *undated) if r["id"] not in exclude]
        for r in wanted[:limit]:
            yield story_state(r)

    def stories_by_id(self, story_ids: Sequence[str]) -> Iterator[StoryState]:
        rows = self._execute(
            "SELECT id, first_day, last_day, profile FROM stories WHERE id = ANY(%s) ORDER BY id", (list(story_ids),)
        ).fetchall()
        for r in rows:
            yield story_state(r)

    def members_of(self, story_id: str) -> list[tuple[Article, str | None]]:
        """A story's articles with what each duplicates (``None`` for originals); duplicates come
        without their removed lines and metadata (see the SQLite store)."""
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
        self._execute(
            "INSERT INTO stories (id, label, first_day, last_day, lang, n_articles, outlets, profile, summary,"
            " created_at, updated_at, entities, timeline, comparison, events)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, first_day = EXCLUDED.first_day,"
            " last_day = EXCLUDED.last_day, lang = EXCLUDED.lang, n_articles = EXCLUDED.n_articles,"
            " outlets = EXCLUDED.outlets, profile = EXCLUDED.profile, summary = EXCLUDED.summary,"
            " updated_at = EXCLUDED.updated_at, entities = EXCLUDED.entities, timeline = EXCLUDED.timeline,"
            " comparison = EXCLUDED.comparison, events = EXCLUDED.events",
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
        row = self._execute(
            "SELECT label, lang, outlets, n_articles, summary, entities, timeline, comparison, events"
            " FROM stories WHERE id = %s",
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

    def delete_story(self, story_id: str) -> None:
        self._execute("DELETE FROM stories WHERE id = %s", (story_id,))

    def record_error(self, location: str, error: str) -> None:
        self._execute(
            "INSERT INTO ingest_errors (location, error, at) VALUES (%s, %s, %s)", (location, error, now_iso())
        )

    # -- who, when, who said what ------------------------------------------------------------

    def replace_analysis(self, article_id: str, analysis: Analysis) -> None:
        for table in ("mentions", "quotes", "timeline"):
            self._execute(f"DELETE FROM {table} WHERE article_id = %s", (article_id,))
        self._executemany(
            'INSERT INTO mentions (article_id, entity_id, start, "end", text, type, role)'
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [(article_id, m.entity_id, m.start, m.end, m.text, m.type, m.role) for m in analysis.mentions],
        )
        self._executemany(
            'INSERT INTO quotes (article_id, start, "end", text, kind, cue, speaker_name, speaker_entity,'
            " speaker_role, speaker_start, speaker_end) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(article_id, q.start, q.end, q.text, q.kind, q.cue, *speaker_columns(q.speaker)) for q in analysis.quotes],
        )
        self._executemany(
            'INSERT INTO timeline (article_id, start, "end", granularity, text) VALUES (%s, %s, %s, %s, %s)',
            [(article_id, t.start, t.end, t.granularity, t.text) for t in analysis.timeline],
        )

    def analyses_of(self, article_ids: Sequence[str]) -> dict[str, Analysis]:
        mentions = self.mentions_of(article_ids)
        quotes: dict[str, list[Quote]] = {aid: [] for aid in article_ids}
        for q in self.quotes_of(article_ids):
            quotes[q["article_id"]].append(quote_from_row(q))
        timeline: dict[str, list[TimelineEntry]] = {aid: [] for aid in article_ids}
        for t in self.timeline_of(article_ids):
            timeline[t.articles[0]].append(t)
        return {aid: Analysis(tuple(mentions[aid]), tuple(quotes[aid]), tuple(timeline[aid])) for aid in article_ids}

    def upsert_entities(self, entities: Iterable[Entity]) -> None:
        for e in entities:
            row = self._execute("SELECT variants, roles FROM entities WHERE id = %s", (e.id,)).fetchone()
            variants, roles = list(e.variants), list(e.roles)
            if row is not None:
                variants = sorted({*json.loads(row["variants"]), *variants})
                roles = list(dict.fromkeys([*json.loads(row["roles"]), *roles]))
            self._execute(
                "INSERT INTO entities (id, name, type, key, variants, roles) VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, key = EXCLUDED.key,"
                " variants = EXCLUDED.variants, roles = EXCLUDED.roles",
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
        if not moves:
            return
        ids = list(article_ids)
        for source, target in moves.items():
            self._execute(
                "UPDATE mentions SET entity_id = %s WHERE entity_id = %s AND article_id = ANY(%s)",
                (target, source, ids),
            )
            self._execute(
                "UPDATE quotes SET speaker_entity = %s WHERE speaker_entity = %s AND article_id = ANY(%s)",
                (target, source, ids),
            )
        self.upsert_entities(merged)
        for source in moves:
            self._execute(
                "DELETE FROM entities WHERE id = %s AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = %s)",
                (source, source),
            )

    def mentions_of(self, article_ids: Sequence[str]) -> dict[str, list[EntityMention]]:
        out: dict[str, list[EntityMention]] = {aid: [] for aid in article_ids}
        # By article, each in the order written (SQLite reads them through its article index, by rowid).
        rows = self._execute(
            'SELECT article_id, entity_id, start, "end", text, type, role FROM mentions'
            " WHERE article_id = ANY(%s) ORDER BY article_id, seq",
            (list(article_ids),),
        )
        for r in rows:
            out[r["article_id"]].append(
                EntityMention(r["start"], r["end"], r["text"], r["type"], r["entity_id"], r["role"])
            )
        return out

    def timeline_of(self, article_ids: Sequence[str]) -> list[TimelineEntry]:
        rows = self._execute(
            'SELECT article_id, start, "end", granularity, text FROM timeline WHERE article_id = ANY(%s)'
            " ORDER BY article_id, seq",
            (list(article_ids),),
        )
        return [TimelineEntry(r["start"], r["end"], r["granularity"], r["text"], (r["article_id"],)) for r in rows]

    def quotes_of(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        rows = self._execute(
            f"SELECT {QUOTE_COLUMNS} FROM quotes WHERE article_id = ANY(%s) ORDER BY article_id, start, seq",
            (list(article_ids),),
        )
        return [dict(r) for r in rows]

    def quotes_by_speaker(self, name: str) -> list[dict[str, Any]]:
        """Stored quotes whose speaker's name, or any variant of the speaker's entity, contains ``name``
        (ignoring case, as SQLite's LIKE does)."""
        pattern = f"%{name}%"
        return [
            dict(r)
            for r in self._execute(
                f"SELECT {QUOTE_COLUMNS_Q}, a.story_id FROM quotes q JOIN articles a ON a.id = q.article_id"
                " LEFT JOIN entities e ON e.id = q.speaker_entity"
                " WHERE q.speaker_name ILIKE %s OR e.name ILIKE %s OR e.variants ILIKE %s"
                " ORDER BY a.published_day NULLS FIRST, q.start, q.seq",
                (pattern, pattern, pattern),
            )
        ]

    def list_entities(self, type_: str | None = None) -> list[dict[str, Any]]:
        query = (
            "SELECT e.*, string_agg(DISTINCT m.article_id, ',') AS article_ids FROM entities e"
            " LEFT JOIN mentions m ON m.entity_id = e.id"
        )
        params: tuple[Any, ...] = ()
        if type_:
            query += " WHERE e.type = %s"
            params = (type_,)
        query += " GROUP BY e.id ORDER BY count(DISTINCT m.article_id) DESC, e.name, e.id"
        return [
            {
                "id": r["id"],
                "name": r["name"],
                "type": r["type"],
                "variants": json.loads(r["variants"]),
                "roles": json.loads(r["roles"]),
                "articles": sorted(r["article_ids"].split(",")) if r["article_ids"] else [],
            }
            for r in self._execute(query, params)
        ]

    # -- loading (`warta load`) --------------------------------------------------------------

    def insert_rows(self, table: str, rows: Sequence[Mapping[str, Any]]) -> list[int]:
        if not rows:
            return []
        columns = list(rows[0])
        sql = insert_sql(table, columns, "%s")
        if table != "articles":
            self._executemany(sql, ([row[c] for c in columns] for row in rows))
            return []
        pks = []
        for row in rows:
            found = self._execute(sql + " RETURNING pk", [row[c] for c in columns]).fetchone()
            assert found is not None
            pks.append(int(found["pk"]))
        self._executemany(
            f"INSERT INTO articles_fts (pk, doc) VALUES (%s, to_tsvector('{TS_CONFIG}', %s))",
            ((pk, search_document(row["title"], row["text"])) for pk, row in zip(pks, rows, strict=True)),
        )
        return pks

    # -- feeds and pages ---------------------------------------------------------------------

    def mark_fetched(self, raw: RawArticle) -> None:
        assert raw.fetched_at is not None
        self._executemany(
            "INSERT INTO fetched_pages (url, article_id, feed, fetched_at) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (url) DO UPDATE SET article_id = EXCLUDED.article_id, feed = EXCLUDED.feed,"
            " fetched_at = EXCLUDED.fetched_at",
            [(url, raw.id, raw.feed, raw.fetched_at) for url in raw.fetched_urls],
        )

    def was_fetched(self, url: str) -> bool:
        return self._execute("SELECT 1 FROM fetched_pages WHERE url = %s", (url,)).fetchone() is not None

    def feed_state(self, url: str) -> FeedState | None:
        row = self._execute("SELECT url, etag, last_modified, fetched_at FROM feeds WHERE url = %s", (url,)).fetchone()
        return FeedState(row["url"], row["etag"], row["last_modified"], row["fetched_at"]) if row else None

    def save_feed_state(self, state: FeedState) -> None:
        self._execute(
            "INSERT INTO feeds (url, etag, last_modified, fetched_at) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified,"
            " fetched_at = EXCLUDED.fetched_at",
            (state.url, state.etag, state.last_modified, state.fetched_at),
        )

    # -- reading --------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"articles", "stories", "article_versions", "ingest_errors"}:
            raise ValueError(table)
        row = self._execute(f"SELECT count(*) AS n FROM {table}").fetchone()
        assert row is not None
        return int(row["n"])

    def list_errors(self, since: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        rows = self._execute(
            "SELECT at, location, error FROM ingest_errors WHERE at >= %s ORDER BY at DESC, location DESC LIMIT %s",
            (since or "", limit),
        ).fetchall()
        return [dict(r) for r in rows]

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """Every article, read through a server-side cursor (a large database is not loaded whole)."""
        with self.conn.transaction(), self.conn.cursor(name="warta_articles") as cur:
            cur.execute("SELECT * FROM article_rows ORDER BY published_day NULLS FIRST, id")
            for row in cur:
                yield article_dict(row)

    def get_article(self, article_id: str) -> dict[str, Any]:
        row = self._execute("SELECT * FROM article_rows WHERE id = %s", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r} in {self.path}")
        return article_dict(row)

    def article_versions(self, article_id: str) -> list[dict[str, Any]]:
        rows = self._execute(
            "SELECT version, text_sha, raw, origin, line, format, encoding, received_at FROM article_versions"
            " WHERE article_id = %s ORDER BY version",
            (article_id,),
        )
        return [{**r, "raw": bytes(r["raw"])} for r in rows]

    def list_stories(self, since: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        query = "SELECT * FROM stories"
        params: list[Any] = []
        if since:
            query += " WHERE last_day >= %s"
            params.append(since)
        query += " ORDER BY last_day DESC NULLS LAST, n_articles DESC, id"
        if limit:
            query += " LIMIT %s"
            params.append(limit)
        return [self._story_dict(r) for r in self._execute(query, params).fetchall()]

    def iter_stories(self) -> Iterator[dict[str, Any]]:
        for row in self._execute("SELECT * FROM stories ORDER BY first_day NULLS FIRST, id").fetchall():
            story = self._story_dict(row)
            yield story | self._story_analysis(row, story["articles"])

    def get_story(self, story_id: str) -> dict[str, Any]:
        row = self._execute("SELECT * FROM stories WHERE id = %s", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no story {story_id!r} in {self.path}; `warta stories` lists them")
        story = self._story_dict(row)
        ids = story["articles"]
        story["articles"] = [
            {k: a[k] for k in ("id", "title", "source", "published", "place", "lang", "duplicate_of", "url")}
            for a in (article_dict(r) for r in self._member_rows(story_id))
        ]
        return story | self._story_analysis(row, ids)

    def _story_analysis(self, row: DictRow, article_ids: Sequence[str]) -> dict[str, Any]:
        entities = json.loads(row["entities"])
        return {
            "entities": [{k: v for k, v in e.items() if k != "merged"} for e in entities],
            "quotes": quotes_by_speaker(self.quotes_of(article_ids), entities),
            "timeline": json.loads(row["timeline"]),
            "compared": None if row["comparison"] is None else json.loads(row["comparison"]),
            "events": json.loads(row["events"]),
        }

    def _member_rows(self, story_id: str) -> list[DictRow]:
        return self._execute(
            "SELECT a.* FROM story_members m JOIN article_rows a ON a.id = m.article_id WHERE m.story_id = %s"
            " ORDER BY a.published_day NULLS FIRST, a.id",
            (story_id,),
        ).fetchall()

    def _story_dict(self, row: DictRow) -> dict[str, Any]:
        ids = [
            r["article_id"]
            for r in self._execute(
                "SELECT m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id"
                " WHERE m.story_id = %s ORDER BY a.published_day NULLS FIRST, a.id",
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
        ``raw``: then it is PostgreSQL ``to_tsquery`` syntax (``&``, ``|``, ``!``, ``<->``, ``prefix:*``),
        lower-cased and without diacritics as the index is."""
        match = fold(query) if raw else words_tsquery(query)
        if not match.strip():
            return []
        options = _headline_options(marks)
        try:
            rows = self._execute(
                f"SELECT m.id, m.title, m.source, m.published, m.story_id,"
                f" ts_headline('{TS_CONFIG}', m.text, m.q, %s) AS snippet, m.text"
                f" FROM (SELECT a.id, a.title, a.source, a.published, a.story_id, a.text, q.q,"
                f" ts_rank(f.doc, q.q) AS rank"
                f" FROM (SELECT to_tsquery('{TS_CONFIG}', %s) AS q) q"
                f" JOIN articles_fts f ON f.doc @@ q.q JOIN articles a ON a.pk = f.pk"
                f" ORDER BY rank DESC, a.id LIMIT %s) m ORDER BY m.rank DESC, m.id",
                (options, match, limit),
            ).fetchall()
        except (pg_errors.SyntaxError, pg_errors.DataError) as exc:
            raise StoreError(
                f"bad search query {query!r}: {_first_line(exc)} (see PostgreSQL's to_tsquery syntax: "
                "& | ! <-> and prefix:*)"
            ) from exc
        return [
            {k: r[k] for k in ("id", "title", "source", "published", "story_id")}
            | {"snippet": _with_ellipses(r["snippet"], r["text"], marks)}
            for r in rows
        ]

    # -- reading for the web: filtered stories, one entity --------------------------------

    def find_stories(self, query: StoryQuery, *, brief: bool = False) -> tuple[list[dict[str, Any]], int]:
        """One page of the stories that pass ``query``'s filters, and how many pass in all (see the
        SQLite store). Every value is a bound parameter; ``query.q`` is matched as words."""
        filters: list[tuple[str | None, str]] = [
            (
                words_tsquery(query.q) if query.q else None,
                "s.id IN (SELECT a.story_id FROM articles_fts f JOIN articles a ON a.pk = f.pk"
                f" WHERE f.doc @@ to_tsquery('{TS_CONFIG}', %s))",
            ),
            (query.since, "s.last_day >= %s"),
            (query.until, "s.first_day <= %s"),
            (query.outlet, "(s.outlets::jsonb) ? %s"),
            (query.lang, "s.lang = %s"),
            (
                query.entity,
                "s.id IN (SELECT a.story_id FROM mentions m JOIN articles a ON a.id = m.article_id"
                " WHERE m.entity_id = %s)",
            ),
        ]
        where = [clause for value, clause in filters if value]
        params: list[Any] = [value for value, _ in filters if value]
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = _pg_order(STORY_ORDER[query.sort])
        total_row = self._execute(f"SELECT count(*) AS n FROM stories s{clause}", params).fetchone()
        assert total_row is not None
        columns = "s.id, s.label, s.first_day, s.last_day, s.lang, s.outlets, s.n_articles" if brief else "s.*"
        rows = self._execute(
            f"SELECT {columns} FROM stories s{clause} ORDER BY {order} LIMIT %s OFFSET %s",
            (*params, query.per_page, (query.page - 1) * query.per_page),
        ).fetchall()
        if brief:
            return [brief_story(r) for r in rows], int(total_row["n"])
        return [self._story_dict(r) | {"n_articles": r["n_articles"]} for r in rows], int(total_row["n"])

    def outlets(self) -> list[tuple[str, int]]:
        rows = self._execute(
            "SELECT source, count(*) AS n FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY 2 DESC, 1"
        )
        return [(r["source"], int(r["n"])) for r in rows]

    def story_languages(self) -> list[str]:
        return [r["lang"] for r in self._execute("SELECT DISTINCT lang FROM stories ORDER BY lang")]

    def entity_name(self, entity_id: str) -> str | None:
        row = self._execute("SELECT name FROM entities WHERE id = %s", (entity_id,)).fetchone()
        return None if row is None else str(row["name"])

    def get_entity(self, entity_id: str, *, max_stories: int = 500, max_quotes: int = 200) -> dict[str, Any]:
        row = self._execute("SELECT * FROM entities WHERE id = %s", (entity_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no entity {entity_id!r} in {self.path}; `warta entities` lists them")
        stories = self._execute(
            "SELECT s.id, s.label, s.first_day, s.last_day, s.n_articles, count(DISTINCT m.article_id) AS mentioned"
            " FROM mentions m JOIN articles a ON a.id = m.article_id JOIN stories s ON s.id = a.story_id"
            " WHERE m.entity_id = %s GROUP BY s.id ORDER BY s.last_day DESC NULLS LAST, s.id LIMIT %s",
            (entity_id, max_stories + 1),
        ).fetchall()
        quotes = self._execute(
            'SELECT q.article_id, q.start, q."end", q.text, q.kind, q.speaker_role, a.story_id, a.source, a.published'
            " FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_entity = %s"
            " ORDER BY a.published_day DESC NULLS LAST, q.article_id, q.start, q.seq LIMIT %s",
            (entity_id, max_quotes + 1),
        ).fetchall()
        return entity_view(row, stories, quotes, max_stories=max_stories, max_quotes=max_quotes)

    def article_analysis(self, article_id: str) -> dict[str, list[dict[str, Any]]]:
        mentions = self._execute(
            'SELECT m.start, m."end", m.text, m.type, m.role, m.entity_id, e.name FROM mentions m'
            " LEFT JOIN entities e ON e.id = m.entity_id WHERE m.article_id = %s ORDER BY m.start, m.seq",
            (article_id,),
        ).fetchall()
        quotes = self._execute(
            'SELECT start, "end", text, kind, cue, speaker_name, speaker_entity, speaker_role FROM quotes'
            " WHERE article_id = %s ORDER BY start, seq",
            (article_id,),
        ).fetchall()
        return {"mentions": [dict(r) for r in mentions], "quotes": [dict(r) for r in quotes]}

    def duplicates_of(self, article_id: str) -> list[dict[str, Any]]:
        rows = self._execute(
            "SELECT o.id, o.title, o.source, o.published, o.duplicate_of, o.duplicate_kind FROM article_rows o"
            " JOIN articles a ON a.dup_group = o.dup_group WHERE a.id = %s AND o.id <> a.id"
            " ORDER BY o.published_day NULLS FIRST, o.id",
            (article_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def integrity_ok(self) -> bool:
        """Whether the tables agree: every article has its search entry, every story member its
        article and story (PostgreSQL checks its own pages; this checks warta's invariants)."""
        row = self._execute(
            "SELECT NOT EXISTS (SELECT 1 FROM articles a LEFT JOIN articles_fts f ON f.pk = a.pk WHERE f.pk IS NULL)"
            " AND NOT EXISTS (SELECT 1 FROM story_members m LEFT JOIN articles a ON a.id = m.article_id"
            "                 WHERE a.id IS NULL)"
            " AND NOT EXISTS (SELECT 1 FROM story_members m LEFT JOIN stories s ON s.id = m.story_id"
            "                 WHERE s.id IS NULL) AS ok"
        ).fetchone()
        return bool(row and row["ok"])


def _pg_order(order: str) -> str:
    """An SQLite ORDER BY as PostgreSQL says it: SQLite puts NULLs first ascending, last descending."""
    parts = []
    for part in order.split(","):
        part = part.strip()
        parts.append(part + (" NULLS LAST" if part.endswith(" DESC") else " NULLS FIRST"))
    return ", ".join(parts)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- schema version, migrations and errors ------------------------------------------------------


def schema_version(conn: Connection, path: str) -> int:
    """The schema version of the database (0: no warta schema); refuses one newer than this warta."""
    exists = conn.execute("SELECT to_regclass('warta_meta') IS NOT NULL AS present").fetchone()
    if not exists or not exists["present"]:
        return 0
    row = conn.execute("SELECT schema_version FROM warta_meta").fetchone()
    current = int(row["schema_version"]) if row else 0
    if current > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{path}: database schema version {current} is newer than this warta supports "
            f"({SCHEMA_VERSION}); upgrade warta"
        )
    return current


def migrate(conn: Connection, path: str) -> None:
    """Bring the schema up to :data:`SCHEMA_VERSION`, in one transaction under the migration lock;
    the version is read again inside it (another process may have migrated meanwhile)."""
    if schema_version(conn, path) == SCHEMA_VERSION:
        return
    number = 0
    # A session lock, taken before the transaction: a transaction that begins after another process's
    # migration committed sees its tables (one begun before could hold a stale catalog cache).
    conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATE_LOCK,))
    try:
        with conn.transaction():
            current = schema_version(conn, path)  # again, under the lock: another process may have migrated it
            for number in range(current, SCHEMA_VERSION):
                conn.execute(MIGRATIONS[number])
                conn.execute("UPDATE warta_meta SET schema_version = %s", (number + 1,))
    except psycopg.Error as exc:
        if is_environmental(exc):
            raise store_error(path, exc) from exc
        raise StoreError(f"{path}: migration {number + 1} failed: {_first_line(exc)}") from exc
    finally:
        with contextlib.suppress(psycopg.Error):  # a lost connection has lost its locks too
            conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATE_LOCK,))


def readable_schema(conn: Connection, path: str) -> None:
    """Refuse to read a database whose schema is not this warta's: a reader never migrates."""
    current = schema_version(conn, path)
    if current == 0:
        raise StoreError(f"{path} is not a warta database; give --db a database that `warta ingest` made")
    if current < SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{path}: database schema version {current} is older than this warta's ({SCHEMA_VERSION}), and "
            f"upgrading it is a write: run `warta ingest --db {path}` on any input once (articles already "
            "stored change nothing), then read it"
        )


def _check_encoding(conn: Connection, path: str) -> None:
    row = conn.execute("SHOW server_encoding").fetchone()
    encoding = str(row["server_encoding"]) if row else "?"
    if encoding.upper() not in {"UTF8", "UTF-8"}:
        raise StoreError(
            f"{path}: the database's encoding is {encoding}; warta needs a UTF8 database "
            "(CREATE DATABASE … ENCODING 'UTF8')"
        )


def is_environmental(exc: BaseException | None) -> bool:
    """A PostgreSQL error of the database's state (unreachable, read-only, locked, out of space),
    not a bug in warta."""
    return isinstance(
        exc, (psycopg.OperationalError, pg_errors.ReadOnlySqlTransaction, pg_errors.InsufficientPrivilege)
    )


def store_error(path: str, exc: BaseException | None) -> StoreError:
    """The StoreError, saying what to do, for a PostgreSQL error on the database ``path``."""
    if isinstance(exc, StoreError):
        return exc
    message = _first_line(exc) if exc is not None else "unknown error"
    if isinstance(exc, pg_errors.LockNotAvailable):
        return StoreError(f"{path} is locked by another process writing to it; try again when it has finished")
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return ReadOnlyStoreError(f"{path} is read-only here ({message}); use a writable server or role")
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        return ReadOnlyStoreError(f"{path}: this role may not write it ({message}); grant it the privileges")
    if isinstance(exc, psycopg.OperationalError):
        return StoreError(f"{path}: cannot use the database: {message}")
    return StoreError(f"{path}: cannot use the database: {message}")


# -- the web's answer cache: a stamp that any commit changes ------------------------------------

_stamp_lock = threading.Lock()
_stamp_conns: dict[str, Connection] = {}


def change_stamp(url: str) -> tuple[int, ...]:
    """A value that every write transaction changes (``warta_meta.changes``), for the web's answer
    cache; a fresh value each time the database cannot be read (so nothing stale is served)."""
    with _stamp_lock:
        for _ in range(2):
            conn = _stamp_conns.get(url)
            try:
                if conn is None or conn.closed:
                    conn = _stamp_conns[url] = psycopg.connect(
                        make_conninfo(url, connect_timeout=CONNECT_TIMEOUT_S), autocommit=True, row_factory=dict_row
                    )
                row = conn.execute("SELECT changes FROM warta_meta").fetchone()
                return (int(row["changes"]),) if row else (0,)
            except psycopg.Error:
                if conn is not None:
                    conn.close()
                _stamp_conns.pop(url, None)
        return (-1, time.monotonic_ns())
