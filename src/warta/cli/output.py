"""Output formats shared by every command: table, json, jsonl, csv, md.

Data goes to stdout; tables are drawn by rich. Nested values (lists, dicts)
are joined or JSON-encoded in flat formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "json", "jsonl", "csv", "md")
TABLE_CELL_WIDTH = 70
TABLE_PIPE_WIDTH = 200
F = TypeVar("F", bound=Callable[..., Any])


def format_option(default: str = "table", choices: Sequence[str] = FORMATS) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format.",
    )


def to_json(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(flat(v) for v in value)
    if isinstance(value, dict):
        return to_json(value)
    return str(value)


def emit_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    """Write ``rows`` to stdout in ``fmt``; ``columns`` picks fields for flat formats."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(to_json(row))
        return
    items = list(rows)
    if fmt == "json":
        click.echo(to_json(items, indent=2))
        return
    cols = list(columns or (items[0].keys() if items else []))
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for row in items:
            writer.writerow([flat(row.get(c)) for c in cols])
        click.echo(buf.getvalue(), nl=False)
    elif fmt == "md":
        click.echo(markdown_table(items, cols))
    else:
        table = Table(show_lines=False)
        for col in cols:
            table.add_column(col, overflow="ellipsis", no_wrap=True, max_width=TABLE_CELL_WIDTH)
        for row in items:
            table.add_row(*(flat(row.get(c)) for c in cols))
        # Piped output is not cut to 80 columns; a terminal gets its own width.
        console = Console()
        if not console.is_terminal:
            console = Console(width=TABLE_PIPE_WIDTH)
        console.print(table)


def markdown_table(items: Sequence[dict[str, Any]], cols: Sequence[str]) -> str:
    def cell(value: Any) -> str:
        return flat(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in cols) + " |" for row in items]
    return "\n".join(lines)
