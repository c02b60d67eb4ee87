"""The commands. Each is a thin wrapper over a library function."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..config import Settings
from ..errors import InputError, StoreError
from ..pipeline import IngestReport
from ..runners.local import ingest as run_ingest
from ..store import WartaStore, display_url, is_postgres_url
from ..store import open_store as open_database
from ..store.sqlite import Store, stored_article_ids
from . import db_option, main, settings_from, stderr_is_terminal
from .compare_cmd import compare_now
from .output import MATCH_END, MATCH_START, bracket_marks, emit_rows, format_option, to_json
from .params import ISO_DAY, POSITIVE
from .progress import count_items
from .story_view import render_story

STORY_COLUMNS = ("id", "first_date", "last_date", "n", "outlets", "label")


def open_store(ctx: click.Context, db: str | None) -> WartaStore:
    """The database, for a command that only reads: never created, migrated or written."""
    settings = settings_from(ctx, **{"store.db": db})
    return open_database(settings.store.db, mode="read")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--batch-size",
    type=POSITIVE,
    default=None,
    help="Articles per transaction, 1 or more (default: ingest.batch_size, 500).",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bar and no summary table. Errors still go to stderr; --format json still prints the report.",
)
@format_option(default="table", choices=("table", "json", "md"))
@click.pass_context
def ingest(
    ctx: click.Context, paths: tuple[str, ...], db: str | None, batch_size: int | None, quiet: bool, fmt: str
) -> None:
    """Read articles from PATHS (files, directories, or - for stdin) and store them.

    Reads .txt, .html/.htm, .jsonl, .json and .warc/.warc.gz (web crawls: each
    HTML response is an article; other records are counted by reason). Each bad
    item is reported with its file and line and skipped; the exit code is 1 if
    any item failed.
    """
    settings = settings_from(ctx, **{"store.db": db, "ingest.batch_size": batch_size})
    err = Console(stderr=True, highlight=False)

    def on_error(error: InputError) -> None:
        err.print(Text.assemble(("error", "red"), f": {error}"), soft_wrap=True)

    with open_database(settings.store.db) as store:
        before = store.count("article_versions")
        try:
            report = _run_ingest(list(paths), store, settings, err, on_error, show_progress=not quiet)
        except KeyboardInterrupt:
            stored = _stored_since(store, settings.store.db, before)
            err.print(
                f"Interrupted: {stored if stored is not None else 'the'} articles (new or new versions) were "
                f"stored in {display_url(settings.store.db)}; "
                "the batch in flight was rolled back. Run the same command again to resume: "
                "what is already stored is skipped as unchanged.",
                soft_wrap=True,
            )
            ctx.exit(130)
    for skipped in report.skipped:  # not errors: the exit code stays 0
        err.print(Text(f"notice: skipped {skipped.path}: {skipped.reason}"), soft_wrap=True)
    summary = report.as_dict()
    if fmt == "json":
        click.echo(to_json(summary, indent=2))
    elif not quiet:
        shown_apart = {"errors", "languages", "skipped", "records_skipped"}
        rows = [{"what": k, "count": v} for k, v in summary.items() if k not in shown_apart]
        rows.append({"what": "languages", "count": summary["languages"]})
        rows.append({"what": "errors", "count": len(report.errors)})
        rows.append({"what": "skipped", "count": len(report.skipped)})
        if report.records_skipped:  # WARC records without an article, by reason
            rows.append({"what": "records skipped", "count": summary["records_skipped"]})
        emit_rows(rows, fmt)
    if report.errors:
        ctx.exit(1)


def _stored_since(store: WartaStore, db: str, before: int) -> int | None:
    """Article versions stored since ``before``, asked after an interrupt. PostgreSQL: the cancel
    that psycopg sends for the interrupted statement may reach the server only as the next one runs,
    and fail it ("canceling statement due to user request"), or leave the connection unusable (its
    rollback failed): the count is asked again, then over a connection of its own."""
    for attempt in range(2):
        try:
            return store.count("article_versions") - before
        except Exception:  # psycopg.errors.QueryCanceled, without importing psycopg here
            time.sleep(0.2 * (attempt + 1))
    try:
        with open_database(db, mode="read") as fresh:
            return fresh.count("article_versions") - before
    except Exception:  # the database itself is unreachable: the message goes without the number
        return None


def _run_ingest(
    paths: list[str],
    store: WartaStore,
    settings: Settings,
    err: Console,
    on_error: Callable[[InputError], None],
    *,
    show_progress: bool,
) -> IngestReport:
    """The ingest, with a progress bar (a total and an ETA when the inputs can be counted)."""
    if not show_progress or not stderr_is_terminal():
        return run_ingest(paths, store, settings, stdin=sys.stdin.buffer, on_error=on_error)
    total = count_items(paths, settings.ingest)
    columns = (
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("items"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("ingest", total=total)
        return run_ingest(
            paths,
            store,
            settings,
            stdin=sys.stdin.buffer,
            on_item=lambda n: progress.advance(task, n),
            on_error=on_error,
        )


@main.command()
@db_option
@click.option("--since", type=ISO_DAY, help="Only stories with articles on or after this day.")
@click.option("--limit", type=POSITIVE, default=None, help="At most this many stories (1 or more).")
@format_option()
@click.pass_context
def stories(ctx: click.Context, db: str | None, since: str | None, limit: int | None, fmt: str) -> None:
    """List stories, most recent first."""
    with open_store(ctx, db) as store:
        rows = store.list_stories(since=since, limit=limit)
    if fmt in {"table", "csv", "md"}:
        rows = [{**r, "n": len(r["articles"])} for r in rows]
    emit_rows(rows, fmt, STORY_COLUMNS)


@main.command()
@click.argument("story_id")
@db_option
@format_option(default="md", choices=("md", "json"))
@click.pass_context
def show(ctx: click.Context, story_id: str, db: str | None, fmt: str) -> None:
    """Show one story: label, dates, outlets, cited summary, compared facts and articles."""
    settings = settings_from(ctx, **{"store.db": db})
    with open_database(settings.store.db, mode="read") as store:
        story = store.get_story(story_id)
        if story.get("compared") is None and settings.compare.enabled:
            story["compared"] = compare_now(store, story_id, settings)
    if fmt == "json":
        click.echo(to_json(story, indent=2))
    else:
        click.echo(render_story(story))


@main.command()
@db_option
@click.option("--since", type=ISO_DAY, help="Only errors recorded on or after this day.")
@click.option("--limit", type=POSITIVE, default=None, help="At most this many errors (1 or more).")
@format_option()
@click.pass_context
def errors(ctx: click.Context, db: str | None, since: str | None, limit: int | None, fmt: str) -> None:
    """Errors that ingest, fetch and watch recorded, newest first: when, where (file and line, URL, or
    story) and what went wrong. The items they name were skipped; the rest of each batch was stored."""
    with open_store(ctx, db) as store:
        rows = store.list_errors(since=since, limit=limit)
    emit_rows(rows, fmt, ("at", "location", "error"))


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", type=POSITIVE, default=20, show_default=True, help="At most this many articles (1 or more).")
@click.option("--raw", is_flag=True, help="QUERY is SQLite FTS5 query syntax (AND, OR, NOT, NEAR, prefix*).")
@format_option()
@click.pass_context
def search(ctx: click.Context, query: str, db: str | None, limit: int, raw: bool, fmt: str) -> None:
    """Full-text search over titles and text, best match first.

    QUERY is words, and every word must occur: `warta search 'negara-negara'`
    finds the reduplicated word, "double quotes" keep a phrase together. With
    --raw, QUERY is FTS5 syntax: `warta search --raw 'Shoigu AND (rudal OR drone)'`.
    """
    with open_store(ctx, db) as store:
        rows = store.search(query, limit=limit, raw=raw, marks=(MATCH_START, MATCH_END))
    if fmt not in {"table", "md"}:
        rows = [{**r, "snippet": bracket_marks(r["snippet"])} for r in rows]
    emit_rows(rows, fmt, ("id", "published", "source", "story_id", "title", "snippet"))


@main.command()
@click.argument("what", type=click.Choice(["articles", "stories"]))
@db_option
@format_option(default="jsonl", choices=("jsonl", "json", "csv"))
@click.pass_context
def export(ctx: click.Context, what: str, db: str | None, fmt: str) -> None:
    """Export every article or story.

    A story comes with its articles' ids, cited summary, entities, quotes and
    timeline (what `warta show --format json` prints). In CSV, nested values are JSON.
    """
    with open_store(ctx, db) as store:
        rows = store.iter_articles() if what == "articles" else store.iter_stories()
        emit_rows(rows, fmt)


@main.command()
@click.option("--db", type=click.Path(dir_okay=False), default="warta-demo.db", show_default=True)
@click.option("--force", is_flag=True, help="Replace --db even if it is not a demo database (its data is lost).")
@click.pass_context
def demo(ctx: click.Context, db: str, force: bool) -> None:
    """Ingest the bundled sample corpus into a fresh database and show its stories.

    An existing --db is replaced only when it is an earlier demo database (it holds
    nothing but the sample articles); anything else is refused unless --force.
    """
    if is_postgres_url(db):
        raise StoreError("`warta demo` makes an SQLite file of its own: give --db a file name")
    target = Path(db)
    settings = settings_from(ctx, **{"store.db": str(target)})
    sample = resources.files("warta").joinpath("data/sample/articles.jsonl")
    with resources.as_file(sample) as path:
        refuse_to_overwrite(target, sample_ids(path), force=force)
        report = build_demo(target, path, settings)
    with Store(target) as store:
        rows = store.list_stories()
        biggest = max(rows, key=lambda r: (len(r["articles"]), r["id"]), default=None)
        story = store.get_story(biggest["id"]) if biggest is not None else None
    click.echo(
        f"Ingested {report.stored} articles into {target}: {report.duplicates} duplicates, "
        f"{len(rows)} stories; languages {dict(report.languages)}.\n"
    )
    emit_rows([{**r, "n": len(r["articles"])} for r in rows], "table", STORY_COLUMNS)
    if story is not None:
        click.echo("\n" + render_story(story))
        click.echo(f"\nNext: warta stories --db {target} ; warta show STORY_ID --db {target}")


def sample_ids(path: Path) -> frozenset[str]:
    with path.open(encoding="utf-8") as lines:
        return frozenset(str(json.loads(line)["id"]) for line in lines if line.strip())


def refuse_to_overwrite(target: Path, demo_ids: frozenset[str], *, force: bool) -> None:
    """Raise unless ``target`` is absent, an earlier demo database, or ``force`` is given."""
    if target.is_dir():
        raise StoreError(f"{target} is a directory; give --db a file name")
    if not target.exists() or force:
        return
    ids = stored_article_ids(target)
    if ids is not None and ids <= demo_ids:
        return
    what = "a database with articles of its own" if ids is not None else "not a warta demo database"
    raise StoreError(
        f"{target} already exists and is {what}; the demo will not overwrite it. "
        "Choose another --db, or pass --force to replace it."
    )


def build_demo(target: Path, sample: Path, settings: Settings) -> IngestReport:
    """Ingest ``sample`` into a new file beside ``target``, then move it into place, so a failed
    demo leaves whatever was at ``target`` as it was."""
    try:
        fd, scratch_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise StoreError(f"cannot create the demo database in {target.parent}: {exc.strerror or exc}") from None
    os.close(fd)
    scratch = Path(scratch_name)
    try:
        scratch.unlink()  # SQLite creates it
        with Store(scratch) as store:
            report = run_ingest([str(sample)], store, settings)
        for suffix in ("-wal", "-shm"):  # the old database's journal must not be applied to the new one
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(scratch, target)
    finally:
        for leftover in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
            leftover.unlink(missing_ok=True)
    return report


@main.group("config")
def config_group() -> None:
    """Inspect settings."""


@config_group.command("show")
@format_option(default="json", choices=("json", "table"))
@click.pass_context
def config_show(ctx: click.Context, fmt: str) -> None:
    """Print the settings in force, after every layer is applied."""
    settings = settings_from(ctx).as_dict()
    if fmt == "json":
        click.echo(json.dumps(settings, indent=2))
        return
    rows: list[dict[str, Any]] = [
        {"setting": f"{section}.{key}", "value": value}
        for section, values in settings.items()
        for key, value in values.items()
    ]
    emit_rows(rows, "table")
