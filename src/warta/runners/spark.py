"""`warta batch --engine spark`: the steps of :mod:`warta.runners.batch` on Apache Spark.

1. Input paths are spread over the executors: a task per path, or, with fewer paths than
   partitions, several tasks per path, each reading it as `warta ingest` does and preparing its
   share of the items (the per-article stages; the model is loaded once per task). Each task's
   result is kept in the batch's checkpoints, so a resumed batch does not redo it. A Parquet
   dataset is read by Spark itself, a row an article, and prepared in ``mapPartitions``.
2. Each article's keys are emitted as ``(key, (day, order))`` pairs and grouped by key: a key's
   articles are linked (near duplicates by their MinHash LSH bands; names and strong terms within
   the clustering window).
3. The links are few (at most one per article and key) and go to the driver, where the connected
   components are found (union-find); each article's block is broadcast back.
4. The articles are grouped by block, and each block runs the local story logic
   (:func:`warta.runners.batch.run_block`); each partition writes its rows as one Parquet file
   per table (``OUT/TABLE/part-NNNNN.parquet``, with pyarrow: ``--out`` is a directory every
   executor reaches, as the checkpoints are).

Nothing here is Spark's own clustering: the stories equal the local runner's wherever the blocks
hold whole stories, which blocking guarantees (see :mod:`warta.runners.batch`).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ConfigError, InputError, MalformedRecordError
from ..pipeline import Prepared
from ..records import RawArticle
from .batch import (
    BatchReport,
    Checkpoints,
    Keyed,
    block_keys,
    block_rows,
    connect,
    error_rows,
    key_links,
    prepare_all,
    prepared_path,
    summarise,
    write_manifest,
    write_tables_local,
)

INSTALL_HINT = "warta batch --engine spark needs pyspark (and Java 17): pip install 'warta[spark]'"


def spark_session(master: str, app_name: str = "warta batch") -> Any:
    """A Spark session for ``master`` (``local[2]``, ``spark://host:7077``, ``yarn`` …)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError(INSTALL_HINT) from None
    if master.startswith("local"):
        # Its Python workers run this interpreter, the one warta is installed in (read at JVM start).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName(app_name).config("spark.ui.enabled", "false")
    if master.startswith("local"):
        # A local run binds to loopback: nothing listens on the machine's other addresses.
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    return builder.getOrCreate()


def run_spark(
    paths: Sequence[str],
    out: Path,
    settings: Settings,
    *,
    master: str = "local[*]",
    partitions: int | None = None,
    checkpoints: Checkpoints | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> BatchReport:
    """Every step of :mod:`warta.runners.batch` on Spark; the output as :func:`run_local` writes it.
    ``checkpoints`` (a directory every executor reaches) keeps each task's finished work."""
    spark = spark_session(master)
    try:
        return _run(spark, paths, out, settings, partitions, checkpoints, on_error)
    finally:
        spark.stop()


def _run(
    spark: Any,
    paths: Sequence[str],
    out: Path,
    settings: Settings,
    partitions: int | None,
    checkpoints: Checkpoints | None,
    on_error: Callable[[InputError], None] | None,
) -> BatchReport:
    sc = spark.sparkContext
    slices = partitions or max(1, sc.defaultParallelism)
    report = BatchReport(f"spark ({sc.master})")

    # 1. read and prepare: each input path in one task, or a big one shared by several tasks (each
    # reads it, and prepares its share of the items); each task's work is kept in the checkpoints.
    files = [(n, p) for n, p in enumerate(paths) if not _is_parquet(p)]
    parts = slices if len(files) < slices else 1
    tasks = [(n, p, (part, parts)) for n, p in files for part in range(parts)]
    prepared = sc.parallelize(tasks, max(1, len(tasks))).flatMap(
        lambda task: prepared_path(task[0], task[1], settings, checkpoints, task[2])
    )
    for n, path in enumerate(paths):
        if _is_parquet(path):  # read by Spark, row by row (no checkpoint: Spark's own read is the work)
            rows = _parquet_articles(spark, n, path).repartition(slices)
            prepared = prepared.union(rows.mapPartitions(lambda items: prepare_all(items, settings)))
    prepared = prepared.cache()

    errors = prepared.filter(lambda op: isinstance(op[1], InputError)).collect()
    report.errors = [e for _, e in sorted(errors, key=lambda op: op[0])]
    for error in report.errors:
        if on_error:
            on_error(error)
    articles = prepared.filter(lambda op: isinstance(op[1], Prepared))

    # 2. keys and their links
    window = settings.cluster.window_days
    keyed = articles.map(lambda op: Keyed(op[0], op[1].day, block_keys(op[1])))
    links = (
        keyed.flatMap(lambda k: ((key, (k.day, k.order)) for key in k.keys))
        .groupByKey()
        .flatMap(lambda kv: key_links(kv[0], kv[1], window))
        .distinct()
        .collect()
    )
    # 3. connected components on the driver
    orders = keyed.map(lambda k: k.order).collect()
    blocks = sc.broadcast(connect(orders, links))

    # 4. each block through the local story logic; each table's rows to Parquet
    rows = (
        articles.map(lambda op: (blocks.value[op[0]], op))
        .groupByKey(max(1, slices))
        .flatMap(lambda kv: block_rows(kv[0], kv[1], settings, checkpoints))
        .cache()
    )
    error_table = sc.parallelize(list(error_rows(report.errors)), 1)
    # Each partition writes its own Parquet file of every table, with pyarrow, in one job (a Spark
    # DataFrame write per table cost a job, and a conversion of every row, each).
    counts: dict[str, int] = {}
    written = rows.union(error_table).mapPartitionsWithIndex(
        lambda index, part: write_tables_local(out, part, f"part-{index:05d}").items()
    )
    for table, n in written.collect():
        counts[table] = counts.get(table, 0) + n
    block_sizes = articles.map(lambda op: (blocks.value[op[0]], 1)).reduceByKey(lambda a, b: a + b).values().collect()
    summarise(report, prepared.count(), block_sizes, counts)
    write_manifest(out, report, settings)
    prepared.unpersist()
    rows.unpersist()
    return report


def _is_parquet(path: str) -> bool:
    return path.lower().endswith(".parquet") or (os.path.isdir(path) and any(Path(path).glob("*.parquet")))


def _parquet_articles(spark: Any, number: int, path: str) -> Any:
    """The rows of a Parquet dataset as articles (the ingest JSON Lines schema: ``text`` required)."""
    frame = spark.read.parquet(path)
    return frame.rdd.zipWithIndex().map(lambda row_index: _row_article(number, path, *row_index))


def _row_article(number: int, path: str, row: Any, index: int) -> tuple[tuple[int, int], RawArticle | InputError]:
    from ..ingest.schema import build_record

    value = {k: v for k, v in row.asDict(recursive=True).items() if v is not None}  # a null is a key not given
    raw = json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
    try:
        article: RawArticle | InputError = build_record(
            value, raw=raw, origin=path, line=index + 1, fmt="jsonl", encoding="utf-8"
        )
    except MalformedRecordError as exc:
        article = exc
    return (number, index), article


__all__ = ["INSTALL_HINT", "run_spark", "spark_session"]
