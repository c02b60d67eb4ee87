"""Batch processing of a whole corpus in blocks, the part shared by every engine (`warta batch`).

A corpus is processed in four steps, the same whatever runs them (:mod:`warta.runners.spark`
spreads them over a cluster; :func:`run_local` runs them in this process):

1. **Per article** (:func:`warta.pipeline.prepare`, the very function `warta ingest` calls): clean,
   language, fingerprint, clustering profile, NER and analysis. This is nearly all the work.
2. **Keys** (:func:`block_keys`): what may link two articles. Their MinHash LSH buckets (near
   duplicates: every band the dedupe stage looks up), their names and their strongest terms (the
   postings through which clustering finds candidate stories), and their id (versions of one article).
3. **Blocks** (:func:`connect`): articles that share a key and lie within the clustering window of
   each other (any date for a duplicate bucket or an id) are linked; the connected components are
   the blocks. Every article an article could join a story with, or be a copy of, is in its block.
4. **Per block** (:func:`run_block`): the local runner's own story logic (dedupe, stories, events,
   summaries, comparisons) over the block's articles in input order, into a SQLite database of its
   own, whose rows are the block's output (:data:`TABLES`).

The output is a directory of Parquet datasets, one per table (``DIR/articles/*.parquet``, …) and a
manifest (``DIR/warta-batch.json``); :func:`load` puts it into a database. Row keys that are local
to a block's database (``articles.pk``) are made global on loading.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..cluster import QUERY_TERMS, packaged_idf
from ..config import Settings
from ..errors import InputError, StoreError
from ..ingest import read_inputs
from ..ner import NerModel
from ..pipeline import BatchWriter, IngestReport, Prepared, prepare
from ..records import RawArticle
from ..store.migrations import SCHEMA_VERSION
from ..store.sqlite import Store

MANIFEST = "warta-batch.json"
# The tables of a block's database that make its output, in the order they are loaded.
TABLES = (
    "article_versions",
    "articles",
    "dup_groups",
    "lsh_buckets",
    "minhashes",
    "stories",
    "story_members",
    "entities",
    "mentions",
    "quotes",
    "timeline",
    "ingest_errors",
)
# Columns holding a block-local ``articles.pk``, remapped on loading.
_PK_COLUMNS = {"articles": "pk", "lsh_buckets": "article_pk", "minhashes": "article_pk"}
BLOCK_COLUMN = "_block"
ERRORS = "errors"  # the block name of ingest_errors rows for items no block holds

Order = tuple[int, int]  # (input path number, item number within it): the local runner's order


# --- 1. reading and per-article stages ----------------------------------------------------------------------------


def read_numbered(number: int, path: str, settings: Settings) -> Iterator[tuple[Order, RawArticle | InputError]]:
    """The items of one input path, numbered in reading order (skips are left out: nothing to process)."""
    for position, item in enumerate(read_inputs([path], settings.ingest)):
        if isinstance(item, RawArticle | InputError):
            yield (number, position), item


def prepare_all(
    items: Iterable[tuple[Order, RawArticle | InputError]], settings: Settings
) -> Iterator[tuple[Order, Prepared | InputError]]:
    """Step 1 over ``items`` (one partition): the model is loaded once; a stage that raises on an
    article is an error naming it, as in the local runner."""
    from ..errors import ProcessingError

    idf = packaged_idf()
    ner = NerModel.load() if settings.analysis.enabled else None
    for order, item in items:
        if isinstance(item, InputError):
            yield order, item
            continue
        try:
            yield order, prepare(item, settings, idf, ner)
        except Exception as exc:  # a bug in a stage must not cost the rest of the partition
            yield (
                order,
                ProcessingError(
                    f"article {item.id!r} could not be processed ({type(exc).__name__}: {exc}); "
                    "this is a bug in warta, please report it",
                    path=item.origin,
                    line=item.line,
                ),
            )


# --- 2. and 3. keys and blocks --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Keyed:
    """What blocking knows of an article: its place in the input, day and keys."""

    order: Order
    day: str | None
    keys: tuple[str, ...]


def block_keys(item: Prepared) -> tuple[str, ...]:
    """The keys that may link ``item`` to another article (step 2 of the module docstring)."""
    terms = sorted(item.profile.terms, key=lambda t: -item.profile.terms[t])[:QUERY_TERMS]
    return (
        f"id:{item.raw.id}",
        *(f"lsh:{b}" for b in item.fingerprint.buckets),
        *(f"@{name}" for name in item.profile.names),
        *(f"t:{term}" for term in terms),
    )


def key_links(key: str, members: Iterable[tuple[str | None, Order]], window_days: int) -> Iterator[tuple[Order, Order]]:
    """Links between the articles sharing ``key``: all of them for an id or a duplicate bucket, else
    each to the next one by date when they are within ``window_days`` (a chain: linear in their
    number, and the same components as linking every close pair); undated articles to every chain."""
    ordered = sorted(members, key=lambda m: (m[0] or "", m[1]))
    if not ordered:
        return
    if key.startswith(("id:", "lsh:")):
        first = ordered[0][1]
        yield from ((first, order) for _, order in ordered[1:])
        return
    undated = [order for day, order in ordered if day is None]
    dated = [(day, order) for day, order in ordered if day is not None]
    for (day_a, a), (day_b, b) in itertools.pairwise(dated):
        if _days_apart(day_a, day_b) <= window_days:
            yield a, b
    anchors = [order for _, order in dated] or undated[:1]
    for order in undated:
        # An undated article is compared with stories of any date: it links to every article of the key.
        yield from ((order, anchor) for anchor in anchors if anchor != order)


def _days_apart(a: str, b: str) -> int:
    return abs((date.fromisoformat(b) - date.fromisoformat(a)).days)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Order, Order] = {}

    def find(self, x: Order) -> Order:
        parent = self.parent.setdefault(x, x)
        while parent != x:
            grand = self.parent[parent]
            self.parent[x] = grand
            x, parent = parent, grand
        return x

    def union(self, a: Order, b: Order) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the earliest article names the block


def connect(orders: Iterable[Order], links: Iterable[tuple[Order, Order]]) -> dict[Order, Order]:
    """The connected components: each article's block, named by its earliest article."""
    uf = _UnionFind()
    for order in orders:
        uf.find(order)
    for a, b in links:
        uf.union(a, b)
    return {order: uf.find(order) for order in list(uf.parent)}


def blocks_of(keyed: Iterable[Keyed], window_days: int) -> dict[Order, Order]:
    """Steps 2 and 3 in one process (the Spark runner spreads the same over its executors)."""
    postings: dict[str, list[tuple[str | None, Order]]] = {}
    orders = []
    for k in keyed:
        orders.append(k.order)
        for key in k.keys:
            postings.setdefault(key, []).append((k.day, k.order))
    links = (link for key, members in postings.items() for link in key_links(key, members, window_days))
    return connect(orders, links)


# --- 4. one block -------------------------------------------------------------------------------------------------


def run_block(
    block: Order, items: Iterable[tuple[Order, Prepared]], settings: Settings
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The block's articles through the local story logic, in input order; yields ``(table, row)``
    for every row of the block's database (each row with the block's name in ``_block``)."""
    ordered = sorted(items, key=lambda item: item[0])
    workdir = tempfile.mkdtemp(prefix="warta-block-")
    try:
        store = Store(os.path.join(workdir, "block.db"))
        try:
            writer = BatchWriter(store, settings, IngestReport(), packaged_idf())
            size = max(1, settings.ingest.batch_size)
            for start in range(0, len(ordered), size):
                writer.write([item for _, item in ordered[start : start + size]], [])
            yield from _dump(store.conn, _block_name(block))
        finally:
            store.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _block_name(block: Order) -> str:
    return f"{block[0]}.{block[1]}"


def _dump(conn: sqlite3.Connection, block: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for table in TABLES:
        for row in conn.execute(f"SELECT * FROM {table}"):  # a table name of ours
            yield table, {**dict(row), BLOCK_COLUMN: block}


def table_columns() -> dict[str, list[tuple[str, str]]]:
    """Each output table's columns and their SQLite types (read off a new database's schema)."""
    with tempfile.TemporaryDirectory(prefix="warta-schema-") as workdir:
        store = Store(os.path.join(workdir, "schema.db"))
        try:
            return {
                table: [
                    (r["name"], (r["type"] or "TEXT").upper())
                    for r in store.conn.execute(f"PRAGMA table_info({table})")
                ]
                for table in TABLES
            }
        finally:
            store.close()


# --- output --------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class BatchReport:
    """What a batch did: articles read and stored, blocks, errors (each naming its file and line)."""

    engine: str
    read: int = 0
    articles: int = 0
    stories: int = 0
    blocks: int = 0
    largest_block: int = 0
    errors: list[InputError] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "engine": self.engine,
            "read": self.read,
            "articles": self.articles,
            "stories": self.stories,
            "blocks": self.blocks,
            "largest_block": self.largest_block,
            "errors": [{"location": e.location, "error": e.reason} for e in self.errors],
        }


def write_manifest(out: Path, report: BatchReport, settings: Settings) -> None:
    manifest = {
        "warta": __version__,
        "schema_version": SCHEMA_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": list(TABLES),
        "settings": settings.as_dict(),
        "report": report.as_dict(),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8")


def prepare_out(out: Path, *, overwrite: bool) -> None:
    """An output directory that is new or empty (or, with ``overwrite``, a former batch output)."""
    if out.exists() and any(out.iterdir()):
        if not (overwrite and (out / MANIFEST).exists()):
            hint = " (--overwrite replaces a former batch output)" if (out / MANIFEST).exists() else ""
            raise StoreError(f"{out} is not empty: give --out a new or empty directory{hint}")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def write_tables_local(out: Path, rows: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, int]:
    """Write each table's rows as one Parquet file (``DIR/TABLE/part-00000.parquet``), with pyarrow."""
    pa, pq = _pyarrow()
    columns = table_columns()
    by_table: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for table, row in rows:
        by_table[table].append(row)
    counts = {}
    for table, table_rows in by_table.items():
        schema = pa.schema([*((n, _arrow_type(pa, t)) for n, t in columns[table]), (BLOCK_COLUMN, pa.string())])
        (out / table).mkdir(parents=True, exist_ok=True)
        data = {name: [r.get(name) for r in table_rows] for name in schema.names}
        pq.write_table(pa.table(data, schema=schema), out / table / "part-00000.parquet")
        counts[table] = len(table_rows)
    return counts


def _arrow_type(pa: Any, sqlite_type: str) -> Any:
    if "INT" in sqlite_type:
        return pa.int64()
    if "REAL" in sqlite_type or "FLOA" in sqlite_type:
        return pa.float64()
    if "BLOB" in sqlite_type:
        return pa.binary()
    return pa.string()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise StoreError("reading and writing batch output needs pyarrow: pip install 'warta[spark]'") from None
    return pa, pq


# --- the local engine ---------------------------------------------------------------------------------------------


def run_local(
    paths: Sequence[str], out: Path, settings: Settings, *, on_error: Callable[[InputError], None] | None = None
) -> BatchReport:
    """Every step in this process, one after the other: the reference the Spark runner must equal."""
    report = BatchReport("local")
    numbered = [item for n, path in enumerate(paths) for item in read_numbered(n, path, settings)]
    prepared = list(prepare_all(numbered, settings))
    articles = [(o, p) for o, p in prepared if isinstance(p, Prepared)]
    for _, item in prepared:
        if isinstance(item, InputError):
            report.errors.append(item)
            if on_error:
                on_error(item)
    blocks = blocks_of((Keyed(o, p.day, block_keys(p)) for o, p in articles), settings.cluster.window_days)
    members: dict[Order, list[tuple[Order, Prepared]]] = {}
    for order, item in articles:
        members.setdefault(blocks[order], []).append((order, item))
    rows = itertools.chain(
        error_rows(report.errors),
        (row for block, items in sorted(members.items()) for row in run_block(block, items, settings)),
    )
    counts = write_tables_local(out, rows)
    summarise(report, len(prepared), [len(m) for m in members.values()], counts)
    write_manifest(out, report, settings)
    return report


def error_rows(errors: Iterable[InputError]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The ``ingest_errors`` rows of the items that could not be read or processed."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    for error in errors:
        yield "ingest_errors", {"location": error.location, "error": error.reason, "at": at, BLOCK_COLUMN: ERRORS}


def summarise(report: BatchReport, read: int, block_sizes: Sequence[int], counts: dict[str, int]) -> None:
    report.read = read
    report.articles = counts.get("articles", 0)
    report.stories = counts.get("stories", 0)
    report.blocks = len(block_sizes)
    report.largest_block = max(block_sizes, default=0)


# --- loading ------------------------------------------------------------------------------------------------------


def load(out: Path, store: Store) -> dict[str, int]:
    """Put a batch output into ``store``, which must hold no article yet (a batch's stories are
    whole: merging them into stories already stored is not supported). One transaction."""
    manifest = _manifest(out)
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise StoreError(
            f"{out} was written for database schema {manifest.get('schema_version')}, this warta has "
            f"{SCHEMA_VERSION}: run the batch again with this version"
        )
    if store.count("articles"):
        raise StoreError(f"{store.path} already holds articles: `warta load` fills a new (or empty) database")
    _, pq = _pyarrow()
    counts: dict[str, int] = {}
    pk_map: dict[tuple[str, int], int] = {}
    entities: dict[str, dict[str, Any]] = {}
    with store.transaction():
        for table in manifest["tables"]:
            rows = _read_rows(pq, out / table)
            counts[table] = len(rows)
            if table == "entities":
                for row in rows:
                    _merge_entity(entities, row)
                continue
            for row in rows:
                block = row.pop(BLOCK_COLUMN)
                column = _PK_COLUMNS.get(table)
                if table == "articles":
                    old = row.pop("pk")
                    pk_map[(block, old)] = _insert(store.conn, table, row)
                    continue
                if column is not None:
                    row[column] = pk_map[(block, row[column])]
                _insert(store.conn, table, row)
        for row in entities.values():
            _insert(store.conn, "entities", row)
    counts["entities"] = len(entities)
    return counts


def _manifest(out: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{out} is not a batch output (no {MANIFEST}): write one with `warta batch --out`") from None
    except ValueError as exc:
        raise StoreError(f"{out / MANIFEST} is not valid JSON ({exc})") from None
    return manifest


def _read_rows(pq: Any, directory: Path) -> list[dict[str, Any]]:
    files = sorted(p for p in directory.glob("*.parquet")) if directory.is_dir() else []
    rows: list[dict[str, Any]] = []
    for path in files:
        rows.extend(pq.read_table(path).to_pylist())
    rows.sort(key=lambda r: (_block_sort(r[BLOCK_COLUMN]), r.get("pk") or r.get("article_pk") or 0))
    return rows


def _block_sort(block: str) -> tuple[int, int]:
    if block == ERRORS:
        return (-1, -1)
    a, _, b = block.partition(".")
    return int(a), int(b)


def _merge_entity(entities: dict[str, dict[str, Any]], row: dict[str, Any]) -> None:
    """One entity as several blocks saw it, merged as the store merges an entity a later batch
    stores again (:meth:`Store.upsert_entities`): variants and roles of all, the later block's name.
    Which block is "later" follows the blocks' first articles, not the order a single ingest
    would have written them in: an entity's display name may differ from `warta ingest`'s."""
    row = {k: v for k, v in row.items() if k != BLOCK_COLUMN}
    held = entities.get(row["id"])
    if held is not None:
        row["variants"] = json.dumps(
            sorted({*json.loads(held["variants"]), *json.loads(row["variants"])}), ensure_ascii=False
        )
        row["roles"] = json.dumps(
            list(dict.fromkeys([*json.loads(held["roles"]), *json.loads(row["roles"])])), ensure_ascii=False
        )
    entities[row["id"]] = row


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    names = list(row)
    quoted = ", ".join(f'"{n}"' for n in names)  # "end" is an SQL keyword
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' for _ in names)})"
    cursor = conn.execute(sql, [row[n] for n in names])
    return int(cursor.lastrowid or 0)


__all__ = ["TABLES", "BatchReport", "block_keys", "blocks_of", "load", "run_block", "run_local"]
