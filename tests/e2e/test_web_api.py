"""The HTTP API and the pages, in-process: what a program reading warta over HTTP gets.

The database holds the two seed reports (one story) and an article whose every field is hostile markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.store_backends import new_database
from tests.web_data import HOSTILE, build_web_db, seed_story_id, settings_for

from warta.errors import NoDatabaseError
from warta.web import create_app
from warta.web.api import router as api_router
from warta.web.app import CSP


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    path = new_database(folder, "warta.db")
    build_web_db(path, folder)
    return path


@pytest.fixture(scope="module")
def app(db: Path) -> FastAPI:
    return create_app(settings_for(db))


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def story_id(db: Path) -> str:
    return seed_story_id(db)


def error_of(response: Any) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    return dict(body["error"])


def test_the_stories_api_lists_the_seed_story_with_its_size_and_outlets(client: TestClient, story_id: str) -> None:
    body = client.get("/api/stories").json()
    assert body["total"] == 2 and body["page"] == 1 and body["next"] is None
    seed = next(s for s in body["stories"] if s["id"] == story_id)
    assert seed["n_articles"] == 2 and len(seed["articles"]) == 2
    assert "KOMPAS.TV" in seed["outlets"]


def test_stories_are_filtered_by_words_dates_outlet_and_language(client: TestClient, story_id: str) -> None:
    def ids(**params: str) -> list[str]:
        return [s["id"] for s in client.get("/api/stories", params=params).json()["stories"]]

    assert ids(q="Shoigu") == [story_id]
    assert ids(q="Shoigu zzzqqq") == []
    assert ids(since="2024-01-01") == [s for s in ids() if s != story_id]  # the seeds are of 2023
    assert story_id in ids(until="2023-12-31")
    assert ids(outlet="KOMPAS.TV") == [story_id]
    assert ids(lang="id") == ids()
    assert ids(sort="size")[0] == story_id


def test_stories_are_filtered_by_an_entity(client: TestClient, story_id: str) -> None:
    story = client.get(f"/api/stories/{story_id}").json()
    kirby = next(e for e in story["entities"] if e["name"] == "John Kirby")
    assert [s["id"] for s in client.get("/api/stories", params={"entity": kirby["id"]}).json()["stories"]] == [story_id]


def test_paging_says_where_the_next_page_is(client: TestClient) -> None:
    first = client.get("/api/stories", params={"per_page": 1}).json()
    assert first["total"] == 2 and len(first["stories"]) == 1
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and second["next"] is None
    assert second["stories"][0]["id"] != first["stories"][0]["id"]


def test_the_story_api_is_the_show_object_plus_its_comparison(client: TestClient, story_id: str) -> None:
    story = client.get(f"/api/stories/{story_id}").json()
    assert {"id", "label", "summary", "entities", "quotes", "timeline", "events", "compared", "compare"} <= set(story)
    assert story["compare"] == story["compared"]
    assert client.get(f"/api/stories/{story_id}/compare").json() == story["compare"]
    letter = [f for f in story["compare"]["facts"] if any("surat" in s["text"] for s in f["statements"])]
    assert any(f["kind"] == "corroborated" for f in letter)


def test_the_article_api_gives_text_mentions_quotes_and_versions(client: TestClient) -> None:
    article = client.get("/api/articles/hostile-1").json()
    assert article["title"].startswith("Banjir besar <script>")
    assert article["versions"][0]["version"] == 1 and "raw" not in article["versions"][0]
    for mention in article["mentions"]:
        assert article["text"][mention["start"] : mention["end"]] == mention["text"]
    assert isinstance(article["quotes"], list) and isinstance(article["duplicates"], list)


def test_the_entity_api_gives_variants_stories_and_quotes(client: TestClient, story_id: str) -> None:
    story = client.get(f"/api/stories/{story_id}").json()
    kirby = next(e for e in story["entities"] if e["name"] == "John Kirby")
    entity = client.get(f"/api/entities/{kirby['id']}").json()
    assert entity["name"] == "John Kirby" and entity["type"] == "PER"
    assert [s["id"] for s in entity["stories"]] == [story_id]
    assert entity["quotes"] and all(q["story_id"] == story_id for q in entity["quotes"])


def test_search_matches_words_never_query_syntax(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "Kirby"}).json()
    assert found["results"] and all("[" in r["snippet"] for r in found["results"])
    for hostile in ('"', "NEAR(", "*", "a:b", "title:x OR", "\x00", "' OR 1=1 --"):
        response = client.get("/api/search", params={"q": hostile})
        assert response.status_code == 200, (hostile, response.text)


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/stories?since=2023-99-01", 400, "bad_request"),
        ("/api/stories?since=yesterday", 400, "bad_request"),
        ("/api/stories?since=2024-02-01&until=2024-01-01", 400, "bad_request"),
        ("/api/stories?page=0", 400, "bad_request"),
        ("/api/stories?page=-1", 400, "bad_request"),
        ("/api/stories?page=abc", 400, "bad_request"),
        ("/api/stories?per_page=1000", 400, "bad_request"),
        ("/api/stories?sort=random", 400, "bad_request"),
        ("/api/stories?lang=<script>", 400, "bad_request"),
        ("/api/stories?q=" + "x" * 501, 400, "bad_request"),
        ("/api/search", 400, "bad_request"),
        ("/api/search?q=", 400, "bad_request"),
        ("/api/search?q=a&limit=0", 400, "bad_request"),
        ("/api/stories/no-such-story", 404, "not_found"),
        ("/api/articles/%3Cscript%3E", 404, "not_found"),
        ("/api/entities/ent-none", 404, "not_found"),
        ("/api/no-such-route", 404, "not_found"),
    ],
)
def test_a_malformed_or_hostile_query_gets_a_4xx_in_the_one_error_shape(
    client: TestClient, url: str, status: int, code: str
) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert error_of(response)["code"] == code


def test_a_bad_parameter_on_a_page_is_a_400_page_not_a_500(client: TestClient) -> None:
    response = client.get("/?since=2023-13-01")
    assert response.status_code == 400 and "text/html" in response.headers["content-type"]
    assert "since" in response.text
    assert client.get("/stories/nope").status_code == 404


def test_writing_is_not_allowed(client: TestClient, story_id: str) -> None:
    assert client.post("/api/stories").status_code == 405
    assert error_of(client.delete(f"/api/stories/{story_id}"))["code"] == "method_not_allowed"


def test_every_api_route_is_in_the_openapi_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    api_routes = {path for r in api_router.routes if (path := getattr(r, "path", ""))}
    assert api_routes == set(schema["paths"])
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/search"} <= api_routes
    assert "ErrorBody" in schema["components"]["schemas"]


def test_every_response_forbids_inline_script(client: TestClient, story_id: str) -> None:
    for url in ("/", f"/stories/{story_id}", "/api/stories", "/nope"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


def test_hostile_markup_is_escaped_in_every_page(client: TestClient) -> None:
    article = client.get("/articles/hostile-1").text
    story_id = client.get("/api/articles/hostile-1").json()["story_id"]
    story = client.get(f"/stories/{story_id}").text
    listing = client.get("/", params={"q": "Semarang"}).text
    for page in (article, story, listing):
        assert "<script>window" not in page
        assert "<img src=x" not in page and "<svg onload" not in page
        assert 'href="javascript:' not in page
    assert "&lt;script&gt;" in article
    assert HOSTILE["url"] not in article.split("<main>")[1].split("original-text")[0]  # no link to it


def test_pages_speak_indonesian_by_default_and_english_when_asked(client: TestClient, story_id: str) -> None:
    assert "Ringkasan" in client.get(f"/stories/{story_id}").text
    english = client.get(f"/stories/{story_id}", params={"ui": "en"})
    assert "Summary" in english.text and english.cookies.get("warta_ui") == "en"
    assert "Summary" in client.get(f"/stories/{story_id}", headers={"accept-language": "en-GB,en;q=0.9"}).text


def test_the_story_page_marks_citations_and_facts(client: TestClient, story_id: str) -> None:
    page = client.get(f"/stories/{story_id}", params={"ui": "id"}).text
    story = client.get(f"/api/stories/{story_id}").json()
    for article in story["articles"]:
        assert f'data-article="{article["id"]}"' in page
    assert 'data-kind="corroborated"' in page and 'data-kind="single"' in page
    assert '<svg class="timeline-chart"' in page


def test_a_new_article_shows_up_without_restarting(db: Path, client: TestClient, tmp_path: Path) -> None:
    from warta.runners.local import ingest
    from warta.store import open_store

    before = client.get("/api/stories").json()["total"]
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps({"id": "late-1", "title": "Gempa di Cianjur", "text": "Gempa magnitudo 5,6 mengguncang Cianjur."})
        + "\n",
        encoding="utf-8",
    )
    with open_store(db) as store:
        ingest([str(extra)], store, settings_for(db))
    assert client.get("/api/stories").json()["total"] == before + 1
    assert client.get("/api/articles/late-1").status_code == 200


def test_serving_a_missing_database_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(NoDatabaseError, match="no warta database"):
        create_app(settings_for(tmp_path / "none.db"))


def test_a_search_form_with_empty_fields_filters_by_the_words_only(client: TestClient, story_id: str) -> None:
    page = client.get("/?q=Shoigu&since=&until=&outlet=&lang=&sort=recent")
    assert page.status_code == 200 and story_id in page.text
    assert client.get("/api/stories?q=Shoigu&since=&until=&lang=").json()["total"] == 1


def test_the_language_switch_keeps_the_page_and_its_query(client: TestClient) -> None:
    page = client.get("/?q=Shoigu&ui=id").text
    assert 'class="ui-switch" href="/?q=Shoigu&amp;ui=en"' in page


def test_versions_name_their_file_without_the_servers_directories(client: TestClient, story_id: str) -> None:
    article_id = client.get(f"/api/stories/{story_id}").json()["articles"][0]["id"]
    [version] = client.get(f"/api/articles/{article_id}").json()["versions"]
    assert "/" not in version["origin"] and version["origin"].endswith(".txt")
    assert "/shared/" not in client.get(f"/articles/{article_id}").text
