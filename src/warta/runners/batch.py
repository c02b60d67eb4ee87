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
import pickle
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
from ..store.base import WartaStore
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


WORK = "_work"  # in --out while a batch runs: its checkpoints; removed once the output is whole


@dataclass(frozen=True, slots=True)
class Checkpoints:
    """Finished work of a batch, kept in ``OUT/_work`` so that an interrupted batch run again with
    the same inputs and settings redoes none of it: each input path's prepared articles (the
    expensive step) and each block's rows, written whole (a temporary file renamed into place) as
    each is done. The files are Python pickles of warta's own records, read back only when the
    state recorded beside them (inputs with their sizes and times, settings, warta's version) is the
    run's own; a directory someone else could write to is no place for them."""

    root: Path

    def _path(self, kind: str, name: str) -> Path:
        return self.root / kind / f"{name}.pkl"

    def get(self, kind: str, name: str) -> Any | None:
        path = self._path(kind, name)
        if not path.exists():
            return None
        with path.open("rb") as fh:
            return pickle.load(fh)  # our own checkpoint, checked against state.json

    def put(self, kind: str, name: str, value: Any) -> None:
        path = self._path(kind, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        with partial.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)

    def count(self, kind: str) -> int:
        return len(list((self.root / kind).glob("*.pkl"))) if (self.root / kind).is_dir() else 0


def run_state(paths: Sequence[str], settings: Settings, engine: str) -> dict[str, Any]:
    """What must not have changed for a batch to resume: the inputs (every file, with its size and
    modification time), the settings, the engine and warta's version."""
    from ..ingest.readers import configured_suffixes, walk

    files: list[list[object]] = []
    suffixes = configured_suffixes(settings.ingest)
    for path in paths:
        found = [path] if not os.path.isdir(path) else [f for f in walk(path, suffixes) if isinstance(f, str)]
        for name in found:
            try:
                info = os.stat(name)
                files.append([name, info.st_size, info.st_mtime_ns])
            except OSError:
                files.append([name, None, None])
    return {"warta": __version__, "engine": engine, "inputs": list(paths), "files": files,
            "settings": json.loads(json.dumps(settings.as_dict(), default=str))}  # fmt: skip


def prepare_out(out: Path, state: dict[str, Any], *, overwrite: bool) -> tuple[Checkpoints, bool]:
    """The output directory, and whether this run resumes an interrupted one there.

    A new or empty directory starts a batch; one holding an interrupted batch of the same inputs
    and settings resumes it; a finished batch output is replaced only with ``overwrite``, and a
    directory holding anything else is refused (nothing of a user's is deleted)."""
    work = out / WORK
    held = out.exists() and any(out.iterdir())
    resumes = False
    if held and (out / MANIFEST).exists():
        if not overwrite:
            raise StoreError(f"{out} holds a finished batch output: --overwrite replaces it")
        shutil.rmtree(out)
    elif held and (work / "state.json").exists():
        if json.loads((work / "state.json").read_text(encoding="utf-8")) == state:
            resumes = True
        elif overwrite:
            shutil.rmtree(out)
        else:
            raise StoreError(f"{out} holds an interrupted batch of other inputs or settings: --overwrite starts afresh")
    elif held:
        raise StoreError(f"{out} is not empty: give --out a new or empty directory")
    work.mkdir(parents=True, exist_ok=True)
    (work / "state.json").write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    return Checkpoints(work), resumes


def finish_out(out: Path) -> None:
    """The output is whole: its checkpoints go."""
    shutil.rmtree(out / WORK, ignore_errors=True)


def prepared_path(
    number: int,
    path: str,
    settings: Settings,
    checkpoints: Checkpoints | None,
    share: tuple[int, int] = (0, 1),
) -> list[tuple[Order, Prepared | InputError]]:
    """Step 1 for one input path — of its items, those whose place modulo ``share[1]`` is
    ``share[0]``, so that several tasks can share one big file — or what an earlier run kept of it."""
    part, parts = share
    name = f"{number:06d}" if parts == 1 else f"{number:06d}-{part:04d}-of-{parts:04d}"
    if checkpoints is not None and (kept := checkpoints.get("prepared", name)) is not None:
        return list(kept)
    mine = (item for item in read_numbered(number, path, settings) if item[0][1] % parts == part)
    items = list(prepare_all(mine, settings))
    if checkpoints is not None:
        checkpoints.put("prepared", name, items)
    return items


def block_rows(
    block: Order, items: Iterable[tuple[Order, Prepared]], settings: Settings, checkpoints: Checkpoints | None
) -> list[tuple[str, dict[str, Any]]]:
    """Step 4 for one block, or what an earlier run of the batch kept of it."""
    name = _block_name(block)
    if checkpoints is not None and (kept := checkpoints.get("blocks", name)) is not None:
        return list(kept)
    rows = list(run_block(block, items, settings))
    if checkpoints is not None:
        checkpoints.put("blocks", name, rows)
    return rows


def write_tables_local(
    out: Path, rows: Iterable[tuple[str, dict[str, Any]]], part: str = "part-00000"
) -> dict[str, int]:
    """Write each table's rows as one Parquet file (``DIR/TABLE/PART.parquet``), with pyarrow."""
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
        pq.write_table(pa.table(data, schema=schema), out / table / f"{part}.parquet")
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
    paths: Sequence[str],
    out: Path,
    settings: Settings,
    *,
    checkpoints: Checkpoints | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> BatchReport:
    """Every step in this process, one after the other: the reference the Spark runner must equal.
    With ``checkpoints``, each input path's and each block's finished work is kept there, and
    what is already kept is not done again."""
    report = BatchReport("local")
    prepared = [item for n, path in enumerate(paths) for item in prepared_path(n, path, settings, checkpoints)]
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
        (row for block, items in sorted(members.items()) for row in block_rows(block, items, settings, checkpoints)),
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


def load(out: Path, store: WartaStore) -> dict[str, int]:
    """Put a batch output into ``store`` (SQLite or PostgreSQL), which must hold no article yet (a
    batch's stories are whole: merging them into stories already stored is not supported). One
    transaction: an interrupted or failed load leaves the database as it was."""
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
            for start in range(0, len(rows), _LOAD_CHUNK):
                _load_chunk(store, table, rows[start : start + _LOAD_CHUNK], pk_map)
        _insert(store, "entities", list(entities.values()))
    counts["entities"] = len(entities)
    return counts


_LOAD_CHUNK = 1000


def _load_chunk(store: WartaStore, table: str, rows: list[dict[str, Any]], pk_map: dict[tuple[str, int], int]) -> None:
    """Rows of one table, each block-local article key replaced by the key its article got here."""
    blocks = [row.pop(BLOCK_COLUMN) for row in rows]
    if table == "articles":
        olds = [row.pop("pk") for row in rows]
        for block, old, new in zip(blocks, olds, _insert(store, table, rows), strict=True):
            pk_map[(block, old)] = new
        return
    column = _PK_COLUMNS.get(table)
    if column is not None:
        for block, row in zip(blocks, rows, strict=True):
            row[column] = pk_map[(block, row[column])]
    _insert(store, table, rows)


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
        table = pq.read_table(path)
        if BLOCK_COLUMN not in table.column_names:
            raise StoreError(f"{path} has no {BLOCK_COLUMN} column: it was not written by `warta batch`")
        rows.extend(table.to_pylist())
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


def _insert(store: WartaStore, table: str, rows: list[dict[str, Any]]) -> list[int]:
    try:
        return store.insert_rows(table, rows)
    except ValueError as exc:  # a column name that is none of ours (insert_sql)
        raise StoreError(f"{table}: {exc}: is this directory the output of `warta batch`?") from None


__all__ = ["TABLES", "BatchReport", "block_keys", "blocks_of", "load", "run_block", "run_local"]
