"""The HTML pages: stories (search and filters), one story, one article, one entity."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..cli.story_view import story_dates
from ..errors import NotFoundError
from .api import (
    EntityId,
    Id,
    Lang,
    Outlet,
    Page,
    Since,
    Sort,
    Until,
    Words,
    story_object,
    story_query,
    version_view,
)
from .app import html, ui_language
from .i18n import Translator
from .svg import timeline_svg
from .views import (
    REFS_SHOWN,
    coverage_matrix,
    entity_groups,
    fact_rows,
    numbered,
    page_count,
    parse_highlight,
    safe_url,
    same_text_groups,
    segments,
    single_facts_by_outlet,
    summary_citations,
)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PER_PAGE = 20


@router.get("/")
def stories_page(
    request: Request,
    q: Words = None,
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
    entity: EntityId = None,
    lang: Lang = None,
    sort: Sort = "recent",
    page: Page = 1,
) -> Response:
    query = story_query(q, since, until, outlet, entity, lang, sort, page, PER_PAGE)
    stores = request.app.state.stores
    with stores.get() as store:
        rows, total = store.find_stories(query, brief=True)
        outlets = stores.memo("outlets", lambda: store.outlets()[:300])
        languages = stores.memo("languages", store.story_languages)
        entity_name = None
        if query.entity:
            entity_name = store.entity_name(query.entity)
    pages = page_count(total, PER_PAGE)
    url = request.url
    return html(
        request,
        "stories.html",
        {
            "query": query,
            "stories": rows,
            "total": total,
            "pages": pages,
            "outlets": outlets,
            "languages": languages,
            "entity_name": entity_name,
            "dates": story_dates,
            "prev_url": str(url.include_query_params(page=page - 1)) if page > 1 else None,
            "next_url": str(url.include_query_params(page=page + 1)) if page < pages else None,
            "without_entity": str(url.remove_query_params(["entity", "page"])),
        },
    )


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: Id) -> Response:
    with request.app.state.stores.get() as store:
        story = story_object(store, story_id, request.app.state.settings)
        texts: dict[str, str] = {}

        def text_of(article_id: str) -> str:
            if article_id not in texts:
                try:
                    texts[article_id] = store.get_article(article_id)["text"]
                except NotFoundError:
                    texts[article_id] = ""
            return texts[article_id]

        numbers = numbered(story["articles"])
        compared = story.get("compared")
        citations = summary_citations(story["summary"], compared, text_of, numbers)
    t = Translator(ui_language(request))

    def outlet_label(key: str) -> str:
        # The comparison names an outlet by its articles' source, or by the article id when unnamed.
        return t("unnamed_outlet", n=numbers[key]) if key in numbers else key

    keys = {a["id"]: (a.get("source") or "").strip() or a["id"] for a in story["articles"]}
    member_outlets = list(dict.fromkeys(outlet_label(k) for k in keys.values()))
    # Next to an article's own [n] its outlet needs no number: "media tanpa nama", not "... [1] ... [1]".
    outlet_by_article = {aid: t("unnamed_outlet_plain") if key == aid else key for aid, key in keys.items()}
    variants = [v for v in (compared or {}).get("quote_variants", []) if len(v["renderings"]) > 1]
    facts = fact_rows(compared)
    single_by_outlet = single_facts_by_outlet(facts["single"], outlet_label)
    coverage_outlets, coverage_rows = coverage_matrix(compared)
    t_title = f"{story['label']}"
    return html(
        request,
        "story.html",
        {
            "story": story,
            "numbers": numbers,
            "citations": citations,
            "outlet_by_article": outlet_by_article,
            "outlet_label": outlet_label,
            "member_outlets": member_outlets,
            "facts": facts,
            "conflicts": (compared or {}).get("conflicts", []),
            "updates": (compared or {}).get("updates", []),
            "variants": variants,
            "single_by_outlet": single_by_outlet,
            "same_text": lambda statements: same_text_groups(statements, outlet_by_article),
            "refs_shown": REFS_SHOWN,
            "cites_shown": 6,  # citations that open in place; the rest are links
            "texts_shown": 3,  # wordings of one fact shown in full; the rest as links to their articles
            "quotes_shown": 6,
            "coverage_outlets": coverage_outlets,
            "coverage_rows": coverage_rows,
            "entity_groups": entity_groups(story.get("entities", [])),
            "timeline_chart": timeline_svg(story.get("timeline", []), t_title, numbers),
            "dates": story_dates,
        },
    )


@router.get("/articles/{article_id}")
def article_page(
    request: Request,
    article_id: Id,
    hl: Annotated[str | None, Query(max_length=40, description="A range of the clean text to mark: START-END")] = None,
) -> Response:
    with request.app.state.stores.get() as store:
        article = store.get_article(article_id)
        analysis = store.article_analysis(article_id)
        duplicates = store.duplicates_of(article_id)
        versions = store.article_versions(article_id)
    latest = versions[-1] if versions else None
    return html(
        request,
        "article.html",
        {
            "article": article,
            "link": safe_url(article.get("url")),
            "segments": segments(
                article["text"], analysis["mentions"], analysis["quotes"], parse_highlight(hl, len(article["text"]))
            ),
            "duplicates": duplicates,
            "versions": [version_view(row) for row in versions],
            "original": _decoded(latest) if latest else None,
        },
    )


@router.get("/entities/{entity_id}")
def entity_page(request: Request, entity_id: Id) -> Response:
    with request.app.state.stores.get() as store:
        entity = store.get_entity(entity_id)
    return html(request, "entity.html", {"entity": entity, "dates": story_dates})


def _decoded(version: dict[str, Any]) -> str:
    raw = version["raw"]
    if isinstance(raw, str):
        return raw
    try:
        return bytes(raw).decode(version.get("encoding") or "utf-8", errors="replace")
    except LookupError:
        return bytes(raw).decode("utf-8", errors="replace")
