"""The SQLite schema, as an ordered list of migrations.

``PRAGMA user_version`` records how many have run. A migration is applied in
its own transaction; a database newer than this warta is refused rather than
guessed at. Add a migration to the end of ``MIGRATIONS``; never edit one that
has shipped.
"""

from __future__ import annotations

import sqlite3

from ..errors import SchemaVersionError, StoreError

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

MIGRATIONS: tuple[str, ...] = (MIGRATION_1, MIGRATION_2)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the schema of ``conn`` up to :data:`SCHEMA_VERSION`."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{path}: database schema version {current} is newer than this warta supports "
            f"({SCHEMA_VERSION}); upgrade warta"
        )
    for number in range(current, SCHEMA_VERSION):
        # executescript commits first; wrap each migration in its own transaction.
        try:
            conn.executescript(f"BEGIN;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.rollback()
            raise StoreError(f"{path}: migration {number + 1} failed: {exc}") from exc
