"""`warta quotes`: who said what, for files or stored articles."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import click

from ..analysis import person_spans, resolve_with_speakers
from ..errors import InputError, ModelError, NoDatabaseError, NotFoundError
from ..ingest import read_inputs
from ..ner import NerModel
from ..quotes import extract_quotes, quote_json
from ..records import Skipped, SkippedRecord
from ..store import open_store
from . import db_option, main, settings_from
from .output import emit_rows, format_option, to_json


def shipped_model() -> NerModel | None:
    try:
        return NerModel.load()
    except ModelError:
        return None


@main.command()
@db_option
@click.option("--type", "type_", type=click.Choice(["PER", "ORG", "LOC"]), help="Only entities of this type.")
@format_option(default="table")
@click.pass_context
def entities(ctx: click.Context, db: str | None, type_: str | None, fmt: str) -> None:
    """People, organisations and places across the database, name variants merged."""
    settings = settings_from(ctx, **{"store.db": db})
    with open_store(settings.store.db, mode="read") as store:
        rows = store.list_entities(type_)
    if fmt in {"table", "csv", "md"}:
        rows = [{**r, "n": len(r["articles"])} for r in rows]
    emit_rows(rows, fmt, ("id", "type", "name", "n", "variants", "roles"))


@main.command()
@click.argument("sources", nargs=-1, metavar="PATH|ARTICLE_ID...")
@db_option
@click.option("--speaker", help="Only quotes whose speaker name contains this (case-insensitive).")
@format_option(default="jsonl", choices=("jsonl", "json", "md"))
@click.pass_context
def quotes(ctx: click.Context, sources: tuple[str, ...], db: str | None, speaker: str | None, fmt: str) -> None:
    """Direct and indirect quotations with their speakers and character offsets.

    Files (.txt, .jsonl, … as for `warta ingest`) are read as given: offsets
    index each input text exactly. A stored article's id gives its quotes in the
    clean text. Prints one object per article: {"id", "quotes": [...]}.
    """
    settings = settings_from(ctx, **{"store.db": db})
    if not sources:
        if not speaker:
            raise click.UsageError("give PATH or ARTICLE_ID arguments, or --speaker NAME to search stored quotes")
        with open_store(settings.store.db, mode="read") as store:
            stored = _stored_quotes(store.quotes_by_speaker(speaker))
        if fmt == "md":
            click.echo(_stored_markdown(stored))
        else:
            emit_rows(stored, fmt)
        return
    model = shipped_model()
    failed = False
    rows = []
    for article_id, text, error in _texts(sources, settings.store.db, settings.ingest):
        if error is not None:
            click.echo(f"Error: {error}", err=True)
            failed = True
            continue
        mentions = model.entities(text) if model is not None else []
        people = person_spans(mentions) if model is not None else None
        _, found = resolve_with_speakers(text, mentions, extract_quotes(text, people))
        if speaker:
            needle = speaker.casefold()
            found = [q for q in found if q.speaker is not None and needle in q.speaker.name.casefold()]
        rows.append({"id": article_id, "quotes": [quote_json(q) for q in found]})
    if fmt == "md":
        click.echo(_markdown(rows))
    elif fmt == "json":
        click.echo(to_json(rows, indent=2))
    else:
        emit_rows(rows, "jsonl")
    if failed:
        ctx.exit(1)


def _texts(sources: tuple[str, ...], db: str, ingest_cfg: Any) -> Iterator[tuple[str, str, Exception | None]]:
    for source in sources:
        if source == "-" or os.path.exists(source):
            for item in read_inputs([source], ingest_cfg, stdin=sys.stdin.buffer):
                if isinstance(item, Skipped):
                    click.echo(f"notice: skipped {item.path}: {item.reason}", err=True)
                elif isinstance(item, SkippedRecord):  # an archive's record without an article
                    continue
                elif isinstance(item, InputError):
                    yield "", "", item
                else:
                    yield item.id, item.text, None
            continue
        try:
            with open_store(db, mode="read") as store:
                article = store.get_article(source)
            yield article["id"], article["text"], None
        except NoDatabaseError:
            yield "", "", NotFoundError(f"{source}: no such file, and no database {db} to look the id up in")
        except NotFoundError as exc:
            yield "", "", NotFoundError(f"{source}: no such file or article ({exc})")


def _stored_quotes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "article_id": r["article_id"],
            "story_id": r["story_id"],
            "text": r["text"],
            "kind": r["kind"],
            "cue": r["cue"],
            "speaker": {"name": r["speaker_name"], "entity_id": r["speaker_entity"], "role": r["speaker_role"]},
        }
        for r in rows
    ]


def _quote_line(quote: dict[str, Any]) -> str:
    """One quote as a Markdown list item: speaker (role), kind: text."""
    speaker = quote["speaker"] or {}
    who = speaker.get("name") or "unknown speaker"
    role = f" ({speaker['role']})" if speaker.get("role") else ""
    return f"- **{who}**{role}, {quote['kind']}: {quote['text']}"


def _markdown(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        lines += [f"## {row['id']}", ""]
        lines += [_quote_line(q) for q in row["quotes"]]
        lines.append("")
    return "\n".join(lines)


def _stored_markdown(rows: list[dict[str, Any]]) -> str:
    """Stored quotes as Markdown, one section per article (its story named)."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_article.setdefault(r["article_id"], []).append(r)
    lines: list[str] = []
    for article_id, mine in by_article.items():
        lines += [f"## {article_id} (story {mine[0]['story_id'] or '—'})", ""]
        lines += [_quote_line(q) for q in mine]
        lines.append("")
    return "\n".join(lines) if lines else "No stored quotes match."
