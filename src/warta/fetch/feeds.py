"""RSS and Atom feeds, read with feedparser: which responses are feeds, and the items they list."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import FetchError
from ..records import FeedEntry, Fetched

_FEED_TYPES = ("rss", "atom", "rdf")
_FEED_OPENINGS = (b"<rss", b"<feed", b"<rdf:rdf")
_SNIFF_BYTES = 2048


def is_feed(response: Fetched) -> bool:
    """Whether ``response`` is a feed (else it is taken for a page): by its media type, and for a
    generic or missing one (``text/xml``, ``application/octet-stream``) by its first element."""
    kind = response.content_type
    if any(name in kind for name in _FEED_TYPES):
        return True
    if "html" in kind:
        return False
    head = response.body[:_SNIFF_BYTES].lower()
    return any(opening in head for opening in _FEED_OPENINGS)


def parse_feed(response: Fetched) -> list[FeedEntry]:
    """The items of a feed, in the feed's order, each with an absolute link (relative links are
    resolved against the feed's URL); items without an http(s) link are left out (warta fetches
    nothing else), and so are repeats."""
    import feedparser  # imported here: only fetching needs it

    # Bytes, never a URL: feedparser would fetch a URL itself, past every check warta makes.
    parsed = feedparser.parse(
        response.body,
        response_headers={"content-location": response.url, "content-type": response.headers.get("content-type", "")},
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom items"
        raise FetchError(f"not a feed that warta can read ({reason})", path=response.url)
    entries: dict[str, FeedEntry] = {}
    for item in parsed.entries:
        link = _absolute(response.url, _link(item))
        if link is not None and link not in entries:
            entries[link] = FeedEntry(link=link, title=_text(item.get("title")), published=_published(item))
    return list(entries.values())


def _link(item: Any) -> str | None:
    link = item.get("link")
    if isinstance(link, str) and link.strip():
        return link.strip()
    for candidate in item.get("links", []):
        href = candidate.get("href")
        if candidate.get("rel", "alternate") == "alternate" and isinstance(href, str) and href.strip():
            return href.strip()
    return None


def _absolute(base: str, link: str | None) -> str | None:
    """``link`` resolved against ``base`` (feedparser resolves most relative links, not all), or
    None when it is not an http(s) URL."""
    if link is None:
        return None
    try:
        absolute = urljoin(base, link)
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    return absolute if scheme in ("http", "https") else None


def _text(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _published(item: Any) -> str | None:
    """The item's published (else updated) time as ISO 8601 UTC; feedparser gives it as UTC."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = item.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat(timespec="seconds")
            except (OverflowError, ValueError, TypeError):
                continue
    return None
