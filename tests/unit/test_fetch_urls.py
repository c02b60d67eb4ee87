"""The key a fetched page is remembered by: two links to one page normalise alike."""

from __future__ import annotations

import pytest

from warta.fetch.urls import normalise_url, origin_of


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTP://News.Example.COM/Berita/1", "http://news.example.com/Berita/1"),  # the path keeps its case
        ("http://news.example:80/a", "http://news.example/a"),
        ("https://news.example:443/a", "https://news.example/a"),
        ("http://news.example:8080/a", "http://news.example:8080/a"),
        ("https://news.example:80/a", "https://news.example:80/a"),  # not https's default port
        ("http://news.example", "http://news.example/"),
        ("http://news.example./a", "http://news.example/a"),
        ("http://news.example/a#komentar", "http://news.example/a"),
        ("  http://news.example/a  ", "http://news.example/a"),
        ("http://news.example/a?utm_source=x&utm_medium=y&id=7", "http://news.example/a?id=7"),
        ("http://news.example/a?fbclid=abc&gclid=def&page=2", "http://news.example/a?page=2"),
        ("http://news.example/a?UTM_Campaign=z", "http://news.example/a"),
        ("http://news.example/a?b=2&a=1", "http://news.example/a?b=2&a=1"),  # order is the site's
        ("http://news.example/a?q=", "http://news.example/a?q="),
        ("http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]:8080/a"),
        ("http://user:pw@News.Example/a", "http://user:pw@news.example/a"),
    ],
)
def test_normalise_url(url: str, key: str) -> None:
    assert normalise_url(url) == key


def test_links_that_differ_only_in_tracking_and_fragment_are_one_page() -> None:
    links = [
        "https://news.example/berita/1",
        "https://NEWS.example:443/berita/1#atas",
        "https://news.example/berita/1?utm_source=rss&utm_medium=feed",
    ]
    assert len({normalise_url(link) for link in links}) == 1


def test_normalising_twice_changes_nothing() -> None:
    once = normalise_url("HTTP://News.Example:80/a?utm_x=1&id=2#f")
    assert normalise_url(once) == once


@pytest.mark.parametrize("text", ["berita/1", "/berita/1", "", "http://news.example:99999/a", "mailto:"])
def test_what_is_not_an_absolute_url_comes_back_as_given(text: str) -> None:
    assert normalise_url(text) == text


def test_origin_of() -> None:
    assert origin_of("HTTPS://user@News.Example:443/a/b?c=1") == "https://news.example"
    assert origin_of("http://127.0.0.1:8123/feed.xml") == "http://127.0.0.1:8123"
    assert origin_of("http://[::1]:8123/x") == "http://[::1]:8123"
