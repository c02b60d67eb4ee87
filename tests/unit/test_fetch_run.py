"""One round of fetching, against a mock web and a real database: what is stored, what is
remembered, and how an interrupted round resumes without fetching anything twice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from tests.fetch_server import RSS_TYPE, StubResolver, guard_connections, page_html, rss

from warta.config import AnalysisConfig, FetchConfig, IngestConfig, Settings
from warta.fetch import Fetcher, fetch_round
from warta.fetch.run import read_url_list
from warta.store.sqlite import Store

FEED = "https://news.example/rss.xml"
LINKS = [f"https://news.example/berita/{n}" for n in range(12)]
# Batches of 5, no analysis (faster), no waiting, no retries.
SETTINGS = replace(
    Settings(),
    ingest=replace(IngestConfig(), batch_size=5),
    analysis=AnalysisConfig(enabled=False),
    fetch=FetchConfig(per_host_delay=0.0, retries=0),
)


class Web:
    """The feed (ETag "1") and its twelve pages; ``interrupt_at`` makes that page's request raise
    KeyboardInterrupt, as Ctrl-C would."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.interrupt_at: str | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.asked.append(url)
        if url == self.interrupt_at:
            raise KeyboardInterrupt
        if url == FEED:
            if request.headers.get("if-none-match") == '"1"':
                return httpx.Response(304)
            return httpx.Response(200, content=rss(LINKS), headers={"content-type": RSS_TYPE, "etag": '"1"'})
        if url in LINKS:
            return httpx.Response(200, content=page_html(LINKS.index(url)), headers={"content-type": "text/html"})
        return httpx.Response(404)

    def pages(self) -> list[str]:
        return [u for u in self.asked if u in LINKS]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    guard_connections(monkeypatch)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "warta.db") as store:
        yield store


def fetcher(web: Web) -> Fetcher:
    return Fetcher(
        SETTINGS.fetch, resolver=StubResolver({"news.example": ["93.184.216.34"]}), transport=httpx.MockTransport(web)
    )


def test_a_round_stores_every_item_and_remembers_pages_and_the_feed(store: Store) -> None:
    web = Web()
    report = fetch_round([FEED], store, SETTINGS, fetcher(web))
    assert (report.feeds, report.pages, report.ingest.stored, report.ingest.batches) == (1, 12, 12, 3)
    assert all(store.was_fetched(link) for link in LINKS)
    state = store.feed_state(FEED)
    assert state is not None and state.etag == '"1"'


def test_an_interrupted_round_resumes_with_only_the_pages_not_yet_stored(store: Store) -> None:
    web = Web()
    web.interrupt_at = LINKS[7]  # pages 0-4 are one committed batch; 5 and 6 are in flight
    with pytest.raises(KeyboardInterrupt):
        fetch_round([FEED], store, SETTINGS, fetcher(web))
    assert [store.was_fetched(link) for link in LINKS] == [True] * 5 + [False] * 7
    assert store.count("articles") == 5
    assert store.feed_state(FEED) is None  # not every page is stored: no validators

    web.asked.clear()
    web.interrupt_at = None
    report = fetch_round([FEED], store, SETTINGS, fetcher(web))
    assert web.pages() == LINKS[5:]  # exactly the missing ones
    assert report.already_fetched == 5 and report.ingest.stored == 7
    assert store.count("articles") == 12

    web.asked.clear()
    report = fetch_round([FEED], store, SETTINGS, fetcher(web))
    assert report.not_modified == 1 and web.pages() == []


def test_a_failed_page_keeps_the_feed_unsaved_and_is_the_only_one_asked_again(store: Store) -> None:
    web = Web()
    missing = LINKS[3]
    failures = [httpx.Response(503)]  # the first answer for `missing`, then the page

    def flaky(request: httpx.Request) -> httpx.Response:
        if str(request.url) == missing and failures:
            return failures.pop()
        return web(request)

    f = Fetcher(
        SETTINGS.fetch, resolver=StubResolver({"news.example": ["93.184.216.34"]}), transport=httpx.MockTransport(flaky)
    )
    report = fetch_round([FEED], store, SETTINGS, f)
    assert report.ingest.stored == 11 and [e.path for e in report.ingest.errors] == [missing]
    assert store.feed_state(FEED) is None

    web.asked.clear()
    report = fetch_round([FEED], store, SETTINGS, f)
    assert web.pages() == [missing] and report.ingest.stored == 1
    assert store.feed_state(FEED) is not None


def test_the_same_page_listed_twice_in_a_round_is_fetched_once(store: Store) -> None:
    web = Web()
    report = fetch_round([LINKS[0], FEED, LINKS[0]], store, SETTINGS, fetcher(web))
    assert web.pages().count(LINKS[0]) == 1
    assert report.already_fetched == 2 and report.ingest.stored == 12


def test_the_feeds_file_lists_urls_and_ignores_comments() -> None:
    text = "# berita\n\nhttps://a.example/rss  # utama\n  https://b.example/atom\t# kedua\n#https://c.example/\n"
    assert read_url_list(text) == ["https://a.example/rss", "https://b.example/atom"]
