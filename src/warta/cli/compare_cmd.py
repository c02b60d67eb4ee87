"""`warta compare`: what a story's outlets corroborate, what only one reports, where they differ."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .. import dedupe
from ..analysis import Analysis, analyse, story_entities
from ..clean import clean
from ..compare import Member, compare_story, comparison_json
from ..config import Settings
from ..errors import InputError
from ..ingest import read_inputs
from ..ner import NerModel
from ..pipeline import compare_stored_story
from ..records import Article, RawArticle, Skipped, SkippedRecord
from ..store import WartaStore, open_store
from . import db_option, main, settings_from
from .analysis import shipped_model
from .output import format_option, to_json
from .story_view import render_comparison


@main.command()
@click.argument("story_id", required=False)
@click.option(
    "--articles",
    "articles_path",
    type=click.Path(exists=True, path_type=Path),
    help="Compare these articles as one story (a .jsonl file or a folder): no database, no clustering.",
)
@db_option
@format_option(default="md", choices=("md", "json"))
@click.pass_context
def compare(ctx: click.Context, story_id: str | None, articles_path: Path | None, db: str | None, fmt: str) -> None:
    """What outlets corroborate, what only one reports, where they conflict, and quote variants.

    Give a STORY_ID (from `warta stories`) to read a stored story, or --articles FILE.jsonl|DIR
    to compare reports you already know belong together.
    """
    if (story_id is None) == (articles_path is None):
        raise click.UsageError("give either STORY_ID or --articles FILE.jsonl|DIR (not both)")
    if articles_path is not None:
        settings = settings_from(ctx)
        data = compare_files(articles_path, settings)
    else:
        assert story_id is not None
        settings = settings_from(ctx, **{"store.db": db})
        data = stored_comparison(story_id, settings)
    if fmt == "json":
        click.echo(to_json(data, indent=2))
    else:
        title = f"# Compared: story `{story_id}`" if story_id else f"# Compared: {len(data['articles'])} articles"
        click.echo("\n".join([title, "", *render_comparison(data, level=2)]))


def stored_comparison(story_id: str, settings: Settings) -> dict[str, Any]:
    """The comparison ingest stored; computed now (not stored) for a story from before it existed."""
    with open_store(settings.store.db, mode="read") as store:
        story = store.get_story(story_id)
        if story.get("compared") is not None:
            return dict(story["compared"])
        return compare_now(store, story_id, settings)


def compare_now(store: WartaStore, story_id: str, settings: Settings) -> dict[str, Any]:
    """Compare a stored story from its members' stored analysis (read only: nothing is written)."""
    click.echo("note: this story has no stored comparison (an older warta stored it); computed now", err=True)
    return compare_stored_story(store, story_id, settings)


def compare_files(path: Path, settings: Settings, model: NerModel | None = None) -> dict[str, Any]:
    """Clean and analyse every article of ``path`` (with ``model``, default the packaged one), and
    compare them as one story."""
    if model is None and settings.analysis.enabled:
        model = shipped_model()
    articles: list[tuple[Article, Analysis]] = []
    seen: set[str] = set()
    failed = 0
    for item in read_inputs([str(path)], settings.ingest):
        if isinstance(item, Skipped):
            click.echo(f"skipped {item.path}: {item.reason}", err=True)
            continue
        if isinstance(item, SkippedRecord):  # an archive's record without an article
            continue
        if isinstance(item, InputError):
            click.echo(f"error: {item}", err=True)
            failed += 1
            continue
        raw: RawArticle = item
        if raw.id in seen:
            click.echo(f"error: {raw.location}: id {raw.id!r} was given twice; the first is compared", err=True)
            failed += 1
            continue
        seen.add(raw.id)
        article = clean(raw, settings.clean, settings.language)
        articles.append((article, analyse(article, model) if model is not None else Analysis()))
    if not articles:
        raise click.ClickException(f"{path}: no article to compare")
    members = with_copies(articles, settings)
    entities = story_entities({m.article.id: list(m.analysis.mentions) for m in members})
    moves = {source: e["id"] for e in entities for source in e["merged"]}
    data = comparison_json(compare_story(None, members, settings.compare, moves))
    if failed:
        click.echo(f"{failed} input record(s) could not be read (see above); compared the rest", err=True)
    return data


def with_copies(articles: Sequence[tuple[Article, Analysis]], settings: Settings) -> list[Member]:
    """Members, each near or exact duplicate marked as a copy of the earliest article it repeats."""
    cfg = settings.dedupe
    ordered = sorted(articles, key=lambda p: dedupe.earliest_key(p[0].id, p[0].published))
    prints = [dedupe.fingerprint(a, cfg) for a, _ in ordered]
    members: list[Member] = []
    for i, (article, analysis) in enumerate(ordered):
        copy_of = next(
            (
                ordered[j][0].id
                for j in range(i)
                if ordered[j][0].content_hash == article.content_hash
                or dedupe.similarity(prints[j].signature, prints[i].signature) >= cfg.threshold
            ),
            None,
        )
        members.append(Member(article, analysis, copy_of))
    return members
