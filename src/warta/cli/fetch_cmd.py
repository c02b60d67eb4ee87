"""`warta fetch` and `warta watch`: feeds and article pages over HTTP(S), into the database."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from ..config import Settings
from ..errors import InputError
from ..fetch import Fetcher, FetchReport, fetch_round
from ..fetch.run import read_url_list
from ..records import Skipped
from ..store import display_url, open_store
from . import db_option, main, settings_from
from .output import emit_rows, format_option, to_json
from .params import DURATION

allow_private_option = click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Also fetch from private, loopback and link-local addresses (a feed on your own network).",
)
MIN_EVERY_S = 30  # as the fetch.poll_every setting allows
quiet_option = click.option("-q", "--quiet", is_flag=True, help="No summary table; errors still go to stderr.")


@main.command()
@click.argument("urls", nargs=-1, required=True, metavar="FEED_OR_URL...")
@db_option
@allow_private_option
@quiet_option
@format_option(default="table", choices=("table", "json", "md"))
@click.pass_context
def fetch(
    ctx: click.Context, urls: tuple[str, ...], db: str | None, allow_private: bool | None, quiet: bool, fmt: str
) -> None:
    """Fetch RSS/Atom feeds and article pages, and store their articles as `warta ingest` does.

    A feed's items are fetched as pages, except those fetched before; an unchanged feed costs one
    conditional GET (304). Pages are extracted like .html files. Politely: robots.txt, a delay
    between requests to one host (fetch.per_host_delay), retries with backoff, a size cap. Each URL
    that fails is named on stderr and the rest go on; the exit code is 1 if any failed.

    \b
    Only http(s) URLs are fetched, and only from public addresses: a URL whose host is, resolves
    to or redirects to a private, loopback, link-local, multicast or reserved address is refused
    without connecting, unless --allow-private.
    """
    settings = settings_from(ctx, **{"store.db": db, "fetch.allow_private": allow_private})
    err = Console(stderr=True, highlight=False)
    with Fetcher(settings.fetch) as fetcher:
        report = _round(ctx, list(urls), settings, fetcher, err)
    _print_report(report, fmt, quiet=quiet)
    if report.ingest.errors:
        ctx.exit(1)


@main.command()
@click.option(
    "--feeds",
    "feeds_file",
    type=click.Path(exists=True, dir_okay=False),
    required=True,
    help="A file of feed (or page) URLs, one a line; blank lines and # comments are ignored. Read again each round.",
)
@click.option(
    "--every",
    type=DURATION,
    default=None,
    help="Time between rounds: 90s, 10m, 1h (default: fetch.poll_every, 10m; at least 30s).",
)
@click.option("--once", is_flag=True, help="One round, then exit (1 if anything failed), like `warta fetch`.")
@db_option
@allow_private_option
@quiet_option
@format_option(default="table", choices=("table", "json", "md"))
@click.pass_context
def watch(
    ctx: click.Context,
    feeds_file: str,
    every: float | None,
    once: bool,
    db: str | None,
    allow_private: bool | None,
    quiet: bool,
    fmt: str,
) -> None:
    """Poll the feeds in --feeds every --every until interrupted (Ctrl-C), storing new articles.

    Each round is `warta fetch` over the file's URLs: an unchanged feed costs one conditional GET
    and no page is fetched twice. After each round one line on stderr says what it did; with
    --once the report goes to stdout. Interrupted between rounds, it exits 0; during one, the batch
    in flight is rolled back and it exits 130.

    \b
    Only http(s) URLs are fetched, and only from public addresses, unless --allow-private
    (see `warta fetch --help`).
    """
    if every is not None and every < MIN_EVERY_S:
        raise click.BadParameter(f"{every:g} s is too often: at least {MIN_EVERY_S}s", param_hint="--every")
    overrides = {"store.db": db, "fetch.allow_private": allow_private, "fetch.poll_every": every}
    settings = settings_from(ctx, **overrides)
    err = Console(stderr=True, highlight=False)
    with Fetcher(settings.fetch) as fetcher:
        number = 0
        while True:
            number += 1
            try:
                urls = read_url_list(Path(feeds_file).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:  # removed or garbled while watching
                raise click.FileError(feeds_file, hint=str(exc)) from None
            if not urls:
                raise click.BadParameter(f"{feeds_file} lists no URL", param_hint="--feeds")
            report = _round(ctx, urls, settings, fetcher, err)
            if once:
                _print_report(report, fmt, quiet=quiet)
                ctx.exit(1 if report.ingest.errors else 0)
            err.print(Text(_round_line(number, report)), soft_wrap=True)
            try:
                pause(settings.fetch.poll_every)
            except KeyboardInterrupt:
                err.print(f"Stopped after {number} rounds.")
                return


def pause(seconds: float) -> None:
    """Wait between two rounds of `warta watch` (the tests put their own in its place: patching
    ``time.sleep`` itself would stop every other thread that sleeps)."""
    time.sleep(seconds)


def _round(ctx: click.Context, urls: list[str], settings: Settings, fetcher: Fetcher, err: Console) -> FetchReport:
    """One round into the database; an interrupt rolls back the batch in flight and exits 130."""

    def on_error(error: InputError) -> None:
        err.print(Text.assemble(("error", "red"), f": {error}"), soft_wrap=True)

    def on_skip(skipped: Skipped) -> None:
        err.print(Text(f"notice: skipped {skipped.path}: {skipped.reason}"), soft_wrap=True)

    with open_store(settings.store.db) as store:
        try:
            return fetch_round(urls, store, settings, fetcher, on_error=on_error, on_skip=on_skip)
        except KeyboardInterrupt:
            err.print(
                f"Interrupted: the batch in flight was rolled back; what was stored before it stays in "
                f"{display_url(settings.store.db)}. Run the same command again to go on: pages already stored are not "
                "fetched again.",
                soft_wrap=True,
            )
            ctx.exit(130)
    raise AssertionError("unreachable")  # pragma: no cover


def _print_report(report: FetchReport, fmt: str, *, quiet: bool) -> None:
    summary = report.as_dict()
    if fmt == "json":
        click.echo(to_json(summary, indent=2))
        return
    if quiet:
        return
    rows: list[dict[str, object]] = [{"what": k, "count": v} for k, v in summary.items() if isinstance(v, int)]
    rows.append({"what": "languages", "count": summary["languages"]})
    rows.append({"what": "errors", "count": len(report.ingest.errors)})
    rows.append({"what": "skipped", "count": len(report.ingest.skipped)})
    emit_rows(rows, fmt)


def _round_line(number: int, report: FetchReport) -> str:
    ingest = report.ingest
    return (
        f"{datetime.now().strftime('%H:%M:%S')} round {number}: {report.feeds} feeds read, "
        f"{report.not_modified} not modified, {report.pages} pages fetched, {ingest.stored} articles stored, "
        f"{len(ingest.errors)} errors"
    )
