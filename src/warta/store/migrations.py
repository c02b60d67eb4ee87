"""The SQLite schema, as an ordered list of migrations, and the write lock that guards them.

``PRAGMA user_version`` records how many have run. The pending migrations are
applied in one transaction that holds the write lock, and the version is read
again inside it: several processes may open a new or old database at once, and
only the first to get the lock migrates. A database newer than this warta is
refused rather than guessed at. Add a migration to the end of ``MIGRATIONS``;
never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TypeGuard

from ..errors import ReadOnlyStoreError, SchemaVersionError, StoreError

# How long a connection waits for another process's lock before giving up.
BUSY_TIMEOUT_S = 10.0

MIGRATION_1 = """
-- Every version of every article exactly as received. Never updated.
CREATE TABLE article_versions (
    article_id   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    text_sha     TEXT NOT NULL,            -- hash of the received text: re-ingest detection
    raw          BLOB NOT NULL,            -- the bytes as received
    origin       TEXT NOT NULL,
    line         INTEGER,
    format       TEXT NOT NULL,
    encoding     TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- The current (latest) version of each article, cleaned.
CREATE TABLE articles (
    pk             INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    version        INTEGER NOT NULL,
    title          TEXT NOT NULL,
    title_derived  INTEGER NOT NULL,
    text           TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    source         TEXT,
    url            TEXT,
    published      TEXT,
    published_day  TEXT,                   -- YYYY-MM-DD used for windows and sorting
    published_from TEXT,
    place          TEXT,
    author         TEXT,
    lang           TEXT NOT NULL,
    lang_confidence REAL NOT NULL,
    removed        TEXT NOT NULL,          -- JSON list of {text, reason, line_no}
    metadata       TEXT NOT NULL,          -- JSON object
    dup_group      TEXT,                   -- its duplicate group (dup_groups.id); NULL when it has none
    duplicate_similarity REAL,             -- estimated Jaccard with the article it was matched to
    story_id       TEXT,
    ingested_at    TEXT NOT NULL
);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_dup_group ON articles(dup_group);

-- Duplicate groups: connected components of the duplicate relation. A group's
-- original is its earliest member; keeping it here (not in every member) makes
-- a new earliest copy one row to update, however big the group.
CREATE TABLE dup_groups (
    id           TEXT PRIMARY KEY,          -- the id of the member that founded the group
    original     TEXT NOT NULL,             -- id of the earliest member (published, then id)
    original_key TEXT NOT NULL              -- its sort key: "<published or 9999-99-99>\t<id>"
);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_day ON articles(published_day);

-- MinHash LSH buckets for near-duplicate search: one row per (article, band).
CREATE TABLE lsh_buckets (
    bucket     INTEGER NOT NULL,           -- 64-bit hash of (band number, band values)
    article_pk INTEGER NOT NULL
);
CREATE INDEX lsh_buckets_bucket ON lsh_buckets(bucket);
CREATE INDEX lsh_buckets_article ON lsh_buckets(article_pk);
CREATE TABLE minhashes (
    article_pk INTEGER PRIMARY KEY,
    signature  BLOB NOT NULL               -- uint64 hash values, little-endian
);

-- Articles as readers see them: with what each duplicates, and how.
CREATE VIEW article_rows AS
SELECT a.*,
    CASE WHEN g.original IS NULL OR g.original = a.id THEN NULL ELSE g.original END AS duplicate_of,
    CASE WHEN g.original IS NULL OR g.original = a.id THEN NULL
         WHEN o.content_hash = a.content_hash THEN 'exact' ELSE 'near' END AS duplicate_kind
FROM articles a
LEFT JOIN dup_groups g ON g.id = a.dup_group
LEFT JOIN articles o ON o.id = g.original;

CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    first_day   TEXT,
    last_day    TEXT,
    lang        TEXT NOT NULL,
    n_articles  INTEGER NOT NULL,
    outlets     TEXT NOT NULL,             -- JSON list
    profile     TEXT NOT NULL,             -- JSON: clustering term weights and names
    summary     TEXT NOT NULL,             -- JSON list of {text, citations, article_id, position}
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX stories_days ON stories(last_day, first_day);

CREATE TABLE story_members (
    article_id  TEXT PRIMARY KEY,
    story_id    TEXT NOT NULL,
    similarity  REAL NOT NULL
);
CREATE INDEX story_members_story ON story_members(story_id);

-- Full-text search over titles and text (external content: no second copy).
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

-- Items that could not be ingested, so a batch's errors outlive the terminal.
CREATE TABLE ingest_errors (
    location   TEXT NOT NULL,
    error      TEXT NOT NULL,
    at         TEXT NOT NULL
);
"""

MIGRATION_2 = """
-- Who, when, and who said what (per article; replaced when a new version arrives).
CREATE TABLE entities (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    type      TEXT NOT NULL,              -- PER, ORG, LOC
    key       TEXT NOT NULL,              -- what its variants share
    variants  TEXT NOT NULL,              -- JSON list
    roles     TEXT NOT NULL               -- JSON list, most frequent first
);
CREATE TABLE mentions (
    article_id TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    start      INTEGER NOT NULL,          -- character offsets into the clean text
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    role       TEXT
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE TABLE quotes (
    article_id     TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    kind           TEXT NOT NULL,         -- direct | indirect
    cue            TEXT,
    speaker_name   TEXT,
    speaker_entity TEXT,
    speaker_role   TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity);
CREATE TABLE timeline (
    article_id  TEXT NOT NULL,
    start       TEXT NOT NULL,            -- ISO date (or datetime)
    end         TEXT NOT NULL,
    granularity TEXT NOT NULL,
    text        TEXT NOT NULL             -- the sentence that dates the event
);
CREATE INDEX timeline_article ON timeline(article_id);
ALTER TABLE stories ADD COLUMN entities TEXT NOT NULL DEFAULT '[]';
ALTER TABLE stories ADD COLUMN timeline TEXT NOT NULL DEFAULT '[]';
"""

# 3: each story's comparison (issue 8): facts, conflicts, updates, quote variants, coverage.
# NULL until the story is next computed (a database from an older warta, or compare.enabled off).
MIGRATION_3 = """
ALTER TABLE stories ADD COLUMN comparison TEXT;
"""

# 4: events inside stories (issue 9): each article's event, and each story's events (ids, dates,
# members, summary). NULL / empty until the story is next computed.
MIGRATION_4 = """
ALTER TABLE articles ADD COLUMN event_id TEXT;
ALTER TABLE stories ADD COLUMN events TEXT NOT NULL DEFAULT '[]';
"""

# 5: the story of each full-text match without reading the article's row (issue 10: a stories search
# for a common word maps thousands of matches to their stories; the rows hold the whole text).
MIGRATION_5 = """
CREATE INDEX articles_pk_story ON articles(pk, story_id);
"""

# 6: feeds and pages (issue 11): every page URL `warta fetch` stored an article from (normalised; written
# in the article's own transaction), and each feed's validators for the next conditional GET.
MIGRATION_6 = """
CREATE TABLE fetched_pages (
    url         TEXT PRIMARY KEY,          -- normalised: as the feed listed it, and after redirects
    article_id  TEXT NOT NULL,
    feed        TEXT,                      -- the feed that listed it; NULL for a URL given directly
    fetched_at  TEXT NOT NULL
);
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,        -- normalised
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT NOT NULL            -- the last full (not 304) response whose pages were all stored
);
"""

MIGRATIONS: tuple[str, ...] = (MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4, MIGRATION_5, MIGRATION_6)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection, path: str) -> int:
    """The schema version of the database; refuses one newer than this warta."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{path}: database schema version {current} is newer than this warta supports "
            f"({SCHEMA_VERSION}); upgrade warta"
        )
    return current


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the schema of ``conn`` up to :data:`SCHEMA_VERSION`, safely when other processes do too."""
    if schema_version(conn, path) == SCHEMA_VERSION:
        return  # the common case takes no lock: a schema never goes back
    begin_write(conn, path)
    number = 0
    try:
        current = schema_version(conn, path)  # again, under the lock: another process may have migrated it
        for number in range(current, SCHEMA_VERSION):
            for statement in statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if not isinstance(exc, sqlite3.Error):
            raise
        if is_environmental(exc) and ("readonly" in str(exc) or "locked" in str(exc)):
            raise store_error(conn, path, exc) from exc  # the database's state, not the migration, is at fault
        raise StoreError(f"{path}: migration {number + 1} failed: {exc}") from exc
    conn.execute("COMMIT")


def statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script``, one by one (``executescript`` would commit the lock away)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):  # a ";" in a trigger body or a comment does not end one
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {pending!r}")


def begin_write(conn: sqlite3.Connection, path: str) -> None:
    """Take the database's write lock, waiting up to the busy timeout for another process's."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise store_error(conn, path, exc) from exc


def store_error(conn: sqlite3.Connection, path: str, exc: sqlite3.Error) -> StoreError:
    """The StoreError, saying what to do, for an SQLite error on the database at ``path``."""
    message = str(exc)
    if "locked" in message or "busy" in message:
        return StoreError(
            f"{path} is locked by another process writing to it{_waited(conn)}; try again when it has finished"
        )
    if "readonly" in message:
        return read_only_error(path)
    if "unable to open" in message:
        return StoreError(
            f"{path}: cannot open the database file: check that it and its directory exist and that you may "
            "read them (and write them, to ingest)"
        )
    return StoreError(f"{path}: cannot use the database: {message}")


def _waited(conn: sqlite3.Connection) -> str:
    try:
        return f" (waited {int(conn.execute('PRAGMA busy_timeout').fetchone()[0]) / 1000:g} s)"
    except sqlite3.Error:  # a closed connection
        return ""


def is_environmental(exc: BaseException | None) -> TypeGuard[sqlite3.Error]:
    """An SQLite error that comes from the database's state (locked, read-only, corrupt), not from a bug."""
    return isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError


def readable_schema(conn: sqlite3.Connection, path: str) -> None:
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


def read_only_error(path: str) -> ReadOnlyStoreError:
    return ReadOnlyStoreError(
        f"{path} is read-only: make it (and its directory) writable, or copy it somewhere writable "
        "and pass the copy to --db"
    )
