"""Which responses are feeds, and the items a feed lists (feedparser, always given bytes)."""

from __future__ import annotations

import pytest
from tests.fetch_server import RSS_TYPE, atom, page_html, rss

from warta.errors import FetchError
from warta.fetch.feeds import is_feed, parse_feed
from warta.records import FeedEntry, Fetched

FEED_URL = "https://news.example/rss/terkini.xml"


def response(body: bytes, content_type: str | None = RSS_TYPE, url: str = FEED_URL) -> Fetched:
    headers = {"content-type": content_type} if content_type is not None else {}
    return Fetched(url=url, status=200, headers=headers, body=body)


@pytest.mark.parametrize(
    "content_type",
    [RSS_TYPE, "application/atom+xml; charset=utf-8", "application/rdf+xml", "APPLICATION/RSS+XML"],
)
def test_a_feed_media_type_is_a_feed(content_type: str) -> None:
    assert is_feed(response(b"", content_type))


@pytest.mark.parametrize("content_type", ["text/xml", "application/xml", "application/octet-stream", None])
def test_a_generic_media_type_is_told_by_the_first_element(content_type: str | None) -> None:
    assert is_feed(response(rss(["https://news.example/a"]), content_type))
    assert is_feed(response(atom(["https://news.example/a"]), content_type))
    assert not is_feed(response(b'<?xml version="1.0"?><sitemap/>', content_type))


def test_an_html_page_is_not_a_feed_even_when_it_mentions_one() -> None:
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body><rss></body></html>'
    assert not is_feed(response(page, "text/html; charset=utf-8"))
    assert not is_feed(response(page_html(1), "text/html"))


def test_rss_items_come_in_the_feeds_order_with_title_and_date() -> None:
    links = [f"https://news.example/berita/{i}" for i in range(3)]
    entries = parse_feed(response(rss(links)))
    assert entries == [
        FeedEntry(link=link, title=f"Berita {i}", published="2023-07-27T07:00:00+00:00") for i, link in enumerate(links)
    ]


def test_atom_entries_use_their_alternate_link() -> None:
    entries = parse_feed(
        response(atom(["https://news.example/a/1", "https://news.example/a/2"]), "application/atom+xml")
    )
    assert [e.link for e in entries] == ["https://news.example/a/1", "https://news.example/a/2"]
    assert entries[0].title == "Berita 0"
    assert entries[0].published == "2023-07-27T07:00:00+00:00"


def test_relative_links_are_resolved_against_the_feeds_url() -> None:
    entries = parse_feed(response(rss(["/berita/1", "berita/2", "../berita/3"])))
    assert [e.link for e in entries] == [
        "https://news.example/berita/1",
        "https://news.example/rss/berita/2",
        "https://news.example/berita/3",
    ]


def test_relative_atom_links_are_resolved_too() -> None:
    entries = parse_feed(response(atom(["/a/1"]), "application/atom+xml"))
    assert [e.link for e in entries] == ["https://news.example/a/1"]


def test_repeated_items_are_listed_once() -> None:
    links = ["https://news.example/a", "https://news.example/b", "https://news.example/a"]
    assert [e.link for e in parse_feed(response(rss(links)))] == ["https://news.example/a", "https://news.example/b"]


def test_items_without_an_http_link_are_left_out() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>tanpa tautan</title></item>"
        b"<item><title>skrip</title><link>javascript:alert(1)</link></item>"
        b"<item><title>surel</title><link>mailto:redaksi@news.example</link></item>"
        b"<item><title>ok</title><link>https://news.example/ok</link></item>"
        b"</channel></rss>"
    )
    assert [e.link for e in parse_feed(response(body))] == ["https://news.example/ok"]


def test_an_item_without_a_date_has_none() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><link>https://news.example/a</link></item></channel></rss>"
    )
    assert parse_feed(response(body)) == [FeedEntry(link="https://news.example/a", title=None, published=None)]


def test_an_empty_feed_has_no_items() -> None:
    assert parse_feed(response(rss([]))) == []


@pytest.mark.parametrize("body", [page_html(1), b"", b"bukan feed", b'{"items": []}'])
def test_what_is_not_a_feed_is_an_error_naming_its_url(body: bytes) -> None:
    with pytest.raises(FetchError, match="not a feed that warta can read") as failed:
        parse_feed(response(body, "application/rss+xml"))
    assert failed.value.path == FEED_URL
