"""Output formats shared by every command: table, json, jsonl, csv, md.

Data goes to stdout; tables are drawn by rich. Text from articles is never read
as rich markup (a title "[video] …" keeps its brackets, a source "[red]…[/red]"
prints as written) and identifiers are never cut short: people copy them into
`warta show`. In CSV, nested values (lists, objects) are JSON; in tables and
Markdown, lists are joined with commas for reading.
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
from rich.text import Text

FORMATS = ("table", "json", "jsonl", "csv", "md")
TABLE_CELL_WIDTH = 70
# Piped tables are as wide as their cells need (each at most TABLE_CELL_WIDTH): nothing is cut.
TABLE_PIPE_WIDTH = 10_000
# Search snippets mark matches with these (private-use characters, never in clean text); each
# format then shows a match its own way: [match] in JSON and CSV (`bracket_marks`), **match** in Markdown,
# bold in tables.
MATCH_START, MATCH_END = "\ue000", "\ue001"
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
    """A value as one readable cell: lists joined with commas, objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(flat(v) for v in value)
    if isinstance(value, dict):
        return to_json(value)
    return str(value)


def csv_cell(value: Any) -> str:
    """A value as one CSV cell: nested values as JSON that a reader can parse back."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
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
            writer.writerow([csv_cell(row.get(c)) for c in cols])
        click.echo(buf.getvalue(), nl=False)
    elif fmt == "md":
        click.echo(markdown_table(items, cols))
    else:
        print_table(items, cols)


def is_id_column(name: str) -> bool:
    return name == "id" or name.endswith("_id")


def print_table(items: Sequence[dict[str, Any]], cols: Sequence[str]) -> None:
    table = Table(show_lines=False)
    for col in cols:
        if is_id_column(col):
            longest = max((len(flat(row.get(col))) for row in items), default=0)
            table.add_column(col, no_wrap=True, min_width=max(longest, len(col)), overflow="fold")
        else:
            table.add_column(col, overflow="ellipsis", no_wrap=True, max_width=TABLE_CELL_WIDTH)
    for row in items:
        table.add_row(*(table_cell(row.get(c)) for c in cols))
    # A terminal gets its own width (id columns keep theirs; others shrink with an ellipsis).
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(width=TABLE_PIPE_WIDTH, highlight=False)
    console.print(table)


def table_cell(value: Any) -> Text:
    """A cell as literal text (never markup); search matches in bold."""
    text = flat(value)
    if MATCH_START not in text:
        return Text(text)
    cell = Text()
    for i, part in enumerate(text.replace(MATCH_END, MATCH_START).split(MATCH_START)):
        cell.append(part, style="bold" if i % 2 else "")
    return cell


def markdown_table(items: Sequence[dict[str, Any]], cols: Sequence[str]) -> str:
    def cell(value: Any) -> str:
        text = flat(value).replace("|", "\\|").replace("\n", " ")
        return text.replace(MATCH_START, "**").replace(MATCH_END, "**")

    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in cols) + " |" for row in items]
    return "\n".join(lines)


def bracket_marks(text: str) -> str:
    """A snippet's match marks as ``[``/``]``, for formats read by programs."""
    return text.replace(MATCH_START, "[").replace(MATCH_END, "]")
