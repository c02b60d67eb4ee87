"""Run the ingest pipeline in this process, one transaction per batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import BinaryIO

from ..cluster import packaged_idf
from ..config import Settings
from ..errors import InputError, ProcessingError
from ..ingest import read_inputs
from ..ner import NerModel
from ..pipeline import BatchWriter, IngestReport, Prepared, prepare
from ..records import RawArticle, Skipped, SkippedRecord
from ..store.base import WartaStore as Store

ProgressCallback = Callable[[int], None]


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    on_item: ProgressCallback | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> IngestReport:
    """Read ``paths`` and store every article; bad items are reported, not fatal.

    ``on_item`` is called with the number of items just handled (for progress
    bars); ``on_error`` with each input error as soon as it is found; ``on_skip``
    with each file a directory walk passes over (not an item: no ``on_item``).
    """
    items = read_inputs(paths, settings.ingest, stdin=stdin)
    return ingest_items(items, store, settings, on_item=on_item, on_error=on_error, on_skip=on_skip)


def ingest_items(
    items: Iterable[RawArticle | InputError | Skipped | SkippedRecord],
    store: Store,
    settings: Settings,
    *,
    on_item: ProgressCallback | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> IngestReport:
    """Store every article of ``items`` (from any reader: files, ``warta fetch``), batch by batch,
    as :func:`ingest` does; its errors and skips are reported, not fatal."""
    report = IngestReport()
    idf = packaged_idf()
    writer = BatchWriter(store, settings, report, idf, on_error)
    ner = NerModel.load() if settings.analysis.enabled else None
    batch: list[Prepared] = []
    errors: list[InputError] = []
    size = max(1, settings.ingest.batch_size)
    for item in items:
        if isinstance(item, SkippedRecord):  # an archive's record without an article: counted only
            report.records_skipped[item.reason] += 1
            if on_item:
                on_item(1)
            continue
        if isinstance(item, Skipped):
            report.skipped.append(item)
            if on_skip:
                on_skip(item)
            continue
        if isinstance(item, InputError):
            errors.append(item)
            report.errors.append(item)
            if on_error:
                on_error(item)
        else:
            report.read += 1
            try:
                batch.append(prepare(item, settings, idf, ner))
            except Exception as exc:  # a bug in a stage must not cost the rest of the batch
                error = ProcessingError(
                    f"article {item.id!r} could not be processed ({type(exc).__name__}: {exc}); "
                    "this is a bug in warta, please report it",
                    path=item.origin,
                    line=item.line,
                )
                errors.append(error)
                report.errors.append(error)
                if on_error:
                    on_error(error)
        if on_item:
            on_item(1)
        if len(batch) >= size:
            writer.write(batch, errors)
            batch, errors = [], []
    if batch or errors:
        writer.write(batch, errors)
    return report
