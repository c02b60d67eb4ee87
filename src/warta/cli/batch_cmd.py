"""`warta batch` (a whole corpus at once, locally or on Apache Spark) and `warta load` (its output
into a database)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from ..errors import InputError
from ..runners.batch import WORK, finish_out, prepare_out, run_local, run_state
from ..runners.batch import load as load_output
from ..store import open_store
from . import db_option, main, settings_from
from .output import emit_rows, format_option, to_json


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="A new (or empty) directory for the output: one Parquet dataset per table.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Where the steps run: in this process, or on Apache Spark (pip install 'warta[spark]'; Java 17).",
)
@click.option(
    "--master",
    default="local[*]",
    show_default=True,
    help="The Spark master: local[N], spark://HOST:7077, yarn … (with --engine spark).",
)
@click.option(
    "--partitions", type=click.IntRange(min=1), default=None, help="Spark partitions (default: its parallelism)."
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace a former batch output in --out (or an interrupted batch of other inputs).",
)
@format_option(default="table", choices=("table", "json", "md"))
@click.pass_context
def batch(
    ctx: click.Context,
    paths: tuple[str, ...],
    out: Path,
    engine: str,
    master: str,
    partitions: int | None,
    overwrite: bool,
    fmt: str,
) -> None:
    """Process INPUT... (JSON Lines, WARC, HTML, text, Parquet with Spark; files or directories) as
    one corpus: every stage of `warta ingest`, the stories found block by block, written to --out
    as Parquet. `warta load OUT --db DB` puts the result into a database.

    \b
    Blocks are the connected components of articles that share a MinHash band (near duplicates),
    a name or a strong term within the clustering window: every article a story could join is in
    its block, so the stories equal those `warta ingest` finds.
    Each bad item is named on stderr with its file and line; the exit code is 1 if any failed.
    Interrupted, it keeps its finished work in OUT/_work: the same command again resumes it.
    """
    settings = settings_from(ctx)
    err = Console(stderr=True, highlight=False)

    def on_error(error: InputError) -> None:
        err.print(Text.assemble(("error", "red"), f": {error}"), soft_wrap=True)

    where = f"spark {master} {partitions or ''}".strip() if engine == "spark" else "local"
    checkpoints, resumes = prepare_out(out, run_state(list(paths), settings, where), overwrite=overwrite)
    if resumes:
        done = checkpoints.count("prepared"), checkpoints.count("blocks")
        err.print(f"Resuming the interrupted batch in {out}: {done[0]} input parts and {done[1]} blocks are done.")
    try:
        if engine == "spark":
            from ..runners.spark import run_spark

            report = run_spark(
                list(paths), out, settings, master=master, partitions=partitions, checkpoints=checkpoints,
                on_error=on_error,
            )  # fmt: skip
        else:
            report = run_local(list(paths), out, settings, checkpoints=checkpoints, on_error=on_error)
    except KeyboardInterrupt:
        err.print(
            f"Interrupted: the work finished so far is kept in {out / WORK}. Run the same command again to "
            "resume without redoing it.",
            soft_wrap=True,
        )
        ctx.exit(130)
    finish_out(out)
    summary = report.as_dict()
    if fmt == "json":
        click.echo(to_json(summary, indent=2))
    else:
        rows = [{"what": k, "count": v} for k, v in summary.items() if k != "errors"]
        rows.append({"what": "errors", "count": len(report.errors)})
        emit_rows(rows, fmt)
    if report.errors:
        ctx.exit(1)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option
@format_option(default="table", choices=("table", "json", "md"))
@click.pass_context
def load(ctx: click.Context, directory: Path, db: str | None, fmt: str) -> None:
    """Put the output of `warta batch` into a new (or empty) database, in one transaction."""
    settings = settings_from(ctx, **{"store.db": db})
    with open_store(settings.store.db) as store:
        counts = load_output(directory, store)
    if fmt == "json":
        click.echo(to_json(counts, indent=2))
    else:
        emit_rows([{"table": table, "rows": n} for table, n in counts.items()], fmt)
