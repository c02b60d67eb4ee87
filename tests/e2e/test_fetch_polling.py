"""`warta fetch` against a real HTTP server on 127.0.0.1: a feed of 1,000 items, polled again.

The server is the only thing these tests may reach (``--allow-private`` lets warta fetch from
it); :func:`guard_connections` fails a test that tries to connect anywhere else or to resolve a
name. ``fetch.per_host_delay`` is 0 (``WARTA_FETCH_PER_HOST_DELAY``): the server is ours.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from tests.fetch_server import RSS_TYPE, ConnectionLog, FeedServer, Reply, guard_connections, page_html, rss, serving
from tests.helpers import jsonl
from tests.store_backends import query, scalar

Warta = Callable[..., Result]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    monkeypatch.setenv("WARTA_FETCH_PER_HOST_DELAY", "0")
    with serving() as server:
        yield server


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectionLog]:
    log = guard_connections(monkeypatch)
    yield log
    assert log.elsewhere() == [] and log.lookups == []


def publish(server: FeedServer, count: int, *, version: str) -> str:
    """Serve pages /berita/0 … /berita/{count-1} and a feed listing them, newest first, whose
    ETag is ``version``; returns the feed's URL."""
    for n in range(count):
        server.routes[f"/berita/{n}"] = Reply(body=page_html(n))
    links = [server.url(f"/berita/{n}") for n in reversed(range(count))]
    server.routes["/rss.xml"] = Reply(body=rss(links), content_type=RSS_TYPE, etag=f'"{version}"')
    return server.url("/rss.xml")


def fetch(warta: Warta, *args: str) -> dict[str, object]:
    result = warta("fetch", *args, "--allow-private", "--format", "json")
    assert result.exit_code == 0, result.output
    report: dict[str, object] = json.loads(result.stdout)
    return report


def page_hits(server: FeedServer) -> list[str]:
    return [seen.path for seen in server.hits(prefix="/berita/")]


@pytest.mark.slow
def test_a_feed_of_1000_items_ingests_then_costs_one_304_then_fetches_only_what_is_new(
    warta: Warta, server: FeedServer, db: Path
) -> None:
    feed = publish(server, 1000, version="v1")
    report = fetch(warta, feed)
    assert report["feeds"] == 1 and report["pages"] == 1000
    assert report["stored"] == 1000 and report["errors"] == []
    assert len(page_hits(server)) == 1000 and len(set(page_hits(server))) == 1000

    # Polling again: one conditional GET, answered 304, and not one page.
    server.reset()
    report = fetch(warta, feed)
    assert report["not_modified"] == 1 and report["pages"] == 0 and report["stored"] == 0
    [feed_request] = server.hits("/rss.xml")
    assert feed_request.headers["if-none-match"] == '"v1"'
    assert page_hits(server) == []

    # Ten new items: exactly their ten pages are fetched.
    server.reset()
    publish(server, 1010, version="v2")
    report = fetch(warta, feed)
    assert report["feeds"] == 1 and report["pages"] == 10 and report["stored"] == 10
    assert report["already_fetched"] == 1000
    assert sorted(page_hits(server)) == sorted(f"/berita/{n}" for n in range(1000, 1010))

    assert scalar(db, "SELECT count(*) FROM articles") == 1010
    assert scalar(db, "SELECT count(*) FROM fetched_pages") == 1010
    assert query(db, "SELECT etag FROM feeds") == [('"v2"',)]


def test_a_feed_unchanged_by_last_modified_answers_304_too(warta: Warta, server: FeedServer) -> None:
    """A server without ETags: If-Modified-Since carries the feed's Last-Modified back."""
    stamp = "Thu, 27 Jul 2023 07:00:00 GMT"
    server.routes["/berita/1"] = Reply(body=page_html(1))
    feed = Reply(body=rss([server.url("/berita/1")]), content_type=RSS_TYPE, headers={"Last-Modified": stamp})
    server.routes["/lm.xml"] = [feed, Reply(304)]
    assert fetch(warta, server.url("/lm.xml"))["stored"] == 1
    server.reset()
    report = fetch(warta, server.url("/lm.xml"))
    assert report["not_modified"] == 1 and page_hits(server) == []
    assert server.hits("/lm.xml")[0].headers["if-modified-since"] == stamp


def test_fetched_articles_keep_their_url_feed_and_fetch_time(warta: Warta, server: FeedServer) -> None:
    feed = publish(server, 3, version="v1")
    fetch(warta, feed)
    rows = jsonl(warta("export", "articles", "--format", "jsonl").output)
    assert sorted(r["url"] for r in rows) == sorted(server.url(f"/berita/{n}") for n in range(3))
    for row in rows:
        assert row["metadata"]["feed"] == feed
        assert row["metadata"]["fetched_at"].endswith("+00:00")
        assert row["title"].startswith("Berita nomor")
        assert row["published"].startswith("2023-07-27")  # the feed's date: the page gives none
        assert row["source"] == "127.0.0.1"  # the host, where the page names no outlet


def test_a_page_fetched_as_a_url_is_not_fetched_again(warta: Warta, server: FeedServer, db: Path) -> None:
    feed = publish(server, 3, version="v1")
    report = fetch(warta, server.url("/berita/1"))
    assert report["pages"] == 1 and report["stored"] == 1

    server.reset()
    report = fetch(warta, feed, server.url("/berita/1"))
    assert report["already_fetched"] == 2  # as the feed's item, and as a URL given again
    assert sorted(page_hits(server)) == ["/berita/0", "/berita/2"]
    assert scalar(db, "SELECT count(*) FROM articles") == 3
    feeds = dict(query(db, "SELECT url, feed FROM fetched_pages"))
    assert feeds[server.url("/berita/1")] is None and feeds[server.url("/berita/0")] == feed


def test_a_link_with_tracking_parameters_is_the_page_already_fetched(warta: Warta, server: FeedServer) -> None:
    server.routes["/berita/5"] = Reply(body=page_html(5))
    fetch(warta, server.url("/berita/5"))
    server.reset()
    report = fetch(warta, server.url("/berita/5?utm_source=rss&utm_medium=feed#atas"))
    assert report["already_fetched"] == 1 and page_hits(server) == []


def test_a_redirected_page_is_remembered_by_both_urls(warta: Warta, server: FeedServer, db: Path) -> None:
    server.routes["/lama"] = Reply(301, headers={"Location": "/berita/7"})
    server.routes["/berita/7"] = Reply(body=page_html(7))
    fetch(warta, server.url("/lama"))
    [row] = jsonl(warta("export", "articles").output)
    assert row["url"] == server.url("/berita/7")
    server.reset()
    assert fetch(warta, server.url("/berita/7"))["already_fetched"] == 1
    assert server.requests == []


def test_a_page_that_failed_is_fetched_again_next_round_and_only_it(warta: Warta, server: FeedServer) -> None:
    """The feed's validators are saved only once every page it lists is stored: after a failure the
    feed is read in full again, and only the page that failed is fetched."""
    feed = publish(server, 3, version="v1")
    server.routes["/berita/1"] = [Reply(404, b"belum ada", "text/plain"), Reply(body=page_html(1))]
    result = warta("fetch", feed, "--allow-private", "--format", "json")
    assert result.exit_code == 1
    assert server.url("/berita/1") in result.stderr and "HTTP 404" in result.stderr
    assert json.loads(result.stdout)["stored"] == 2

    server.reset()
    report = fetch(warta, feed)
    assert "if-none-match" not in server.hits("/rss.xml")[0].headers  # read in full again
    assert page_hits(server) == ["/berita/1"] and report["stored"] == 1

    server.reset()
    assert fetch(warta, feed)["not_modified"] == 1  # now all stored: conditional again


def test_a_feed_item_that_holds_no_article_is_noted_once_and_not_fetched_again(
    warta: Warta, server: FeedServer
) -> None:
    """A PDF or a page without main text is no failure of the round: a notice, the page remembered,
    the feed's validators saved, and the next round is one conditional GET."""
    feed = publish(server, 3, version="v1")
    server.routes["/berita/1"] = Reply(body=b"%PDF-1.4 laporan", content_type="application/pdf")
    server.routes["/berita/2"] = Reply(body=b"<html><head><title>x</title></head><body></body></html>")
    result = warta("fetch", feed, "--allow-private", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 1
    assert f"notice: skipped {server.url('/berita/1')}: not an HTML page" in result.stderr
    assert f"notice: skipped {server.url('/berita/2')}: no main text" in result.stderr

    server.reset()
    assert fetch(warta, feed)["not_modified"] == 1
    assert page_hits(server) == []


def test_a_url_asked_for_that_holds_no_article_is_an_error(warta: Warta, server: FeedServer) -> None:
    server.routes["/laporan.pdf"] = Reply(body=b"%PDF-1.4 laporan", content_type="application/pdf")
    result = warta("fetch", server.url("/laporan.pdf"), "--allow-private")
    assert result.exit_code == 1
    assert "not an HTML page" in result.stderr
