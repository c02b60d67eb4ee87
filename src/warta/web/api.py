"""The HTTP JSON API: the same data as the pages, at ``/api/...``; its schema is at ``/openapi.json``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import PurePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from ..config import Settings
from ..pipeline import compare_stored_story
from ..store import WartaStore
from ..store.common import StoryQuery
from .app import BadQuery


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error the API answers, whatever its status."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A query parameter is malformed or out of range."},
    404: {"model": ErrorBody, "description": "No such story, article or entity."},
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

DAY: dict[str, Any] = {"format": "date", "examples": ["2023-07-27"]}
Words = Annotated[
    str | None,
    Query(max_length=500, description="Words that must all occur in a member article (titles and text)."),
]
# Days are taken as text and parsed here: a form's empty field ("since=") means no filter, not an error.
Since = Annotated[
    str | None,
    Query(max_length=40, description="Only stories with an article on or after this day.", json_schema_extra=DAY),
]
Until = Annotated[
    str | None,
    Query(max_length=40, description="Only stories with an article on or before this day.", json_schema_extra=DAY),
]
Outlet = Annotated[str | None, Query(max_length=200, description="Only stories this outlet reported.")]
EntityId = Annotated[str | None, Query(max_length=200, description="Only stories mentioning this entity id.")]
Lang = Annotated[str | None, Query(pattern=r"^([a-z]{2,3})?$", description="Only stories in this language (ISO 639).")]
Sort = Annotated[Literal["recent", "size"], Query(description="Most recent first, or largest first.")]
Page = Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=100, description="Stories per page.")]
Id = Annotated[str, Path(max_length=200)]


def parse_day(value: str | None, name: str) -> date | None:
    """``value`` as a day (YYYY-MM-DD); empty is no day; anything else is a 400 that says why."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise BadQuery(f"{name}: expected a day as YYYY-MM-DD, got {text!r}") from None


def story_query(
    q: str | None,
    since_text: str | None,
    until_text: str | None,
    outlet: str | None,
    entity: str | None,
    lang: str | None,
    sort: Literal["recent", "size"],
    page: int,
    per_page: int,
) -> StoryQuery:
    """The validated filters of a stories request (pages and API alike)."""
    since, until = parse_day(since_text, "since"), parse_day(until_text, "until")
    if since and until and since > until:
        raise BadQuery(f"since ({since}) is after until ({until})")
    return StoryQuery(
        q=(q or "").strip() or None,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        outlet=outlet or None,
        entity=entity or None,
        lang=lang or None,
        sort=sort,
        page=page,
        per_page=per_page,
    )


def version_view(row: dict[str, Any]) -> dict[str, Any]:
    """A stored version without its bytes, and with its origin's file name only: the server's
    directories are nobody's business over HTTP."""
    view = {k: v for k, v in row.items() if k != "raw"}
    if view.get("origin") and view["origin"] != "-":
        view["origin"] = PurePath(str(view["origin"])).name
    return view


def json_response(data: Any) -> Response:
    # json.dumps directly: FastAPI's generic encoder walks every value of a story's comparison again.
    return Response(json.dumps(data, ensure_ascii=False, default=str), media_type="application/json")


def story_object(store: WartaStore, story_id: str, settings: Settings) -> dict[str, Any]:
    """`warta show STORY_ID --format json`'s object; a story stored before comparisons existed is
    compared now, from its stored analysis, without writing anything."""
    story = store.get_story(story_id)
    if story.get("compared") is None and settings.compare.enabled:
        story["compared"] = compare_stored_story(store, story_id, settings)
    return story


@router.get("/stories", summary="Stories, filtered and paged")
def api_stories(
    request: Request,
    q: Words = None,
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
    entity: EntityId = None,
    lang: Lang = None,
    sort: Sort = "recent",
    page: Page = 1,
    per_page: PerPage = 20,
) -> Response:
    """One page of stories (as `warta stories --format json` prints them, plus `n_articles`), the
    total that pass the filters, and the URL of the next page (null on the last)."""
    query = story_query(q, since, until, outlet, entity, lang, sort, page, per_page)
    with request.app.state.stores.get() as store:
        rows, total = store.find_stories(query)
    more = page * per_page < total
    return json_response(
        {
            "stories": rows,
            "page": page,
            "per_page": per_page,
            "total": total,
            "next": str(request.url.include_query_params(page=page + 1)) if more else None,
        }
    )


@router.get("/stories/{story_id}", summary="One story, with its comparison")
def api_story(request: Request, story_id: Id) -> Response:
    """The `warta show STORY_ID --format json` object, plus `compare`: the comparison as
    `warta compare STORY_ID --format json` prints it."""
    with request.app.state.stores.get() as store:
        story = story_object(store, story_id, request.app.state.settings)
    return json_response(story | {"compare": story.get("compared")})


@router.get("/stories/{story_id}/compare", summary="One story's comparison")
def api_compare(request: Request, story_id: Id) -> Response:
    """What the story's outlets corroborate, what only one reports, conflicts, updates, quote variants
    and coverage: `warta compare STORY_ID --format json`."""
    with request.app.state.stores.get() as store:
        story = story_object(store, story_id, request.app.state.settings)
    return json_response(story.get("compared"))


@router.get("/articles/{article_id}", summary="One article")
def api_article(request: Request, article_id: Id) -> Response:
    """The article as `warta export articles` prints it, with its entity mentions and quotes
    (offsets into `text`), its duplicates and its versions as received."""
    with request.app.state.stores.get() as store:
        article = store.get_article(article_id)
        analysis = store.article_analysis(article_id)
        duplicates = store.duplicates_of(article_id)
        versions = [version_view(row) for row in store.article_versions(article_id)]
    return json_response(article | analysis | {"duplicates": duplicates, "versions": versions})


@router.get("/entities/{entity_id}", summary="One entity")
def api_entity(request: Request, entity_id: Id) -> Response:
    """The entity's name, type, variants and roles, its stories (newest first) and its quotes."""
    with request.app.state.stores.get() as store:
        return json_response(store.get_entity(entity_id))


@router.get("/search", summary="Full-text search over articles")
def api_search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words; every word must occur.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Articles matching every word of `q`, best first, each with a snippet whose matches are in
    [brackets] (as `warta search --format json`). `q` is words, never FTS5 syntax."""
    with request.app.state.stores.get() as store:
        rows = store.search(q, limit=limit)
    return json_response({"query": q, "results": rows})
