"""One round of fetching: feeds and pages in, articles through the ingest pipeline, state saved.

``fetch_round(targets, store, settings, fetcher)`` fetches each target URL. A feed (RSS or Atom)
is fetched with the validators its last full response gave (conditional GET: an unchanged feed
answers 304 and costs nothing more), and each item whose page has not been fetched before is
fetched; a page is fetched unless it has been before. Each page's main text is extracted as
`warta ingest` extracts an HTML file's (trafilatura), and the articles go through the very same
pipeline (:func:`warta.runners.local.ingest_items`), batch by batch.

Nothing is half-written: a page's URLs are recorded as fetched in the transaction that stores its
article, and a feed's validators only after every page it listed is stored (if any failed, they
are not saved, so the next round reads the feed again and retries those pages; pages already
stored are not fetched again). A URL that fails is an error naming it; the round goes on. A feed
item that the site's robots.txt disallows is skipped with a notice, not an error; so is one that
holds no article (not HTML, or HTML without main text), and that page is remembered as fetched
(with no article) so that it is not fetched again every round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from ..config import Settings
from ..errors import FetchError, InputError, RobotsDisallowedError
from ..ingest.html import NO_MAIN_TEXT, read_html
from ..pipeline import IngestReport
from ..records import FeedEntry, FeedState, Fetched, RawArticle, Skipped
from ..runners.local import ingest_items
from ..store.base import WartaStore as Store
from .client import Fetcher, replace_path
from .feeds import is_feed, parse_feed
from .urls import normalise_url

# Articles per transaction while fetching (at most ingest.batch_size): pages arrive slowly (one
# per fetch.per_host_delay per host), so an interrupted round loses few of them.
FETCH_BATCH = 100

Item = RawArticle | InputError | Skipped


@dataclass(slots=True)
class FetchReport:
    """What a round fetched, and what the ingest of its articles did."""

    feeds: int = 0  # feeds read in full
    not_modified: int = 0  # feeds that answered 304
    pages: int = 0  # pages fetched
    already_fetched: int = 0  # pages (items or targets) not fetched again
    ingest: IngestReport = field(default_factory=IngestReport)

    def as_dict(self) -> dict[str, object]:
        fetched = {
            "feeds": self.feeds,
            "not_modified": self.not_modified,
            "pages": self.pages,
            "already_fetched": self.already_fetched,
        }
        return {**fetched, **self.ingest.as_dict()}


def fetch_round(
    targets: Sequence[str],
    store: Store,
    settings: Settings,
    fetcher: Fetcher,
    *,
    on_error: Callable[[InputError], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> FetchReport:
    """Fetch ``targets`` (feed or page URLs) and store their articles; see the module docstring."""
    report = FetchReport()
    states: list[FeedState] = []
    batch = min(settings.ingest.batch_size, FETCH_BATCH)
    ingest_settings = replace(settings, ingest=replace(settings.ingest, batch_size=batch))
    items = _Round(store, settings, fetcher, report, states).items(targets)
    report.ingest = ingest_items(items, store, ingest_settings, on_error=on_error, on_skip=on_skip)
    if states:
        with store.transaction():
            for state in states:
                store.save_feed_state(state)
    return report


class _Round:
    """The items of one round, fetched as the ingest asks for them."""

    def __init__(
        self, store: Store, settings: Settings, fetcher: Fetcher, report: FetchReport, states: list[FeedState]
    ) -> None:
        self.store = store
        self.cfg = settings.fetch
        self.fetcher = fetcher
        self.report = report
        self.states = states
        self.seen: set[str] = set()  # pages taken this round (stored only when their batch commits)

    def items(self, targets: Sequence[str]) -> Iterator[Item]:
        for target in targets:
            key = normalise_url(target)
            if self._already(key):
                continue
            since = self.store.feed_state(key)
            try:
                response = self.fetcher.get(target, max_bytes=self.cfg.max_feed_bytes, since=since)
            except FetchError as error:
                yield error
                continue
            if response.status == 304:
                self.report.not_modified += 1
            elif is_feed(response):
                yield from self._feed(target, key, response)
            else:
                self.report.pages += 1
                if len(response.body) > self.cfg.max_bytes:  # read under the feed's cap: a page has its own
                    limit = self.cfg.max_bytes
                    yield FetchError(f"too large: {len(response.body)} bytes, the limit is {limit}", path=target)
                    continue
                yield self._article(target, response, feed=None, entry=None)

    def _already(self, key: str) -> bool:
        """Whether the page at ``key`` was fetched before (stored, or taken this round)."""
        if key in self.seen or self.store.was_fetched(key):
            self.report.already_fetched += 1
            return True
        return False

    def _feed(self, target: str, key: str, response: Fetched) -> Iterator[Item]:
        try:
            entries = parse_feed(response)
        except FetchError as error:
            yield replace_path(error, target)
            return
        self.report.feeds += 1
        failed = False
        for entry in entries:
            for item in self._entry(entry, feed=key):
                failed = failed or isinstance(item, InputError)
                yield item
        if not failed:
            self.states.append(
                FeedState(key, response.headers.get("etag"), response.headers.get("last-modified"), now_iso())
            )

    def _entry(self, entry: FeedEntry, *, feed: str) -> Iterator[Item]:
        key = normalise_url(entry.link)
        if self._already(key):
            return
        try:
            response = self.fetcher.get(entry.link, max_bytes=self.cfg.max_bytes)
        except RobotsDisallowedError as error:  # the site's wish, not a failure
            yield Skipped(entry.link, error.reason)
            return
        except FetchError as error:
            yield error
            return
        self.report.pages += 1
        self.seen.add(key)
        yield self._article(entry.link, response, feed=feed, entry=entry)

    def _no_article(self, requested: str, urls: tuple[str, ...], feed: str | None, reason: str) -> Item:
        """A page that holds no article (a PDF, a video page): an error when it was asked for, and
        for a feed's item a notice, the page remembered as fetched so that it is not fetched again
        each round (and the feed's validators can be saved)."""
        if feed is None:
            return FetchError(reason, path=requested)
        self.seen.update(urls)
        marker = RawArticle(
            id="", text="", raw=b"", origin=requested, feed=feed, fetched_at=now_iso(), fetched_urls=urls
        )
        with self.store.transaction():
            self.store.mark_fetched(marker)  # fetched_pages.article_id "": no article came of it
        return Skipped(requested, f"{reason}: no article; not fetched again")

    def _article(self, requested: str, response: Fetched, *, feed: str | None, entry: FeedEntry | None) -> Item:
        """The article of a fetched page, with where and when it came from."""
        urls = tuple(dict.fromkeys((normalise_url(requested), normalise_url(response.url))))
        if response.content_type and "html" not in response.content_type:
            reason = f"not an HTML page (Content-Type: {response.content_type})"
            return self._no_article(requested, urls, feed, reason)
        try:
            raw = read_html(response.body, requested)
        except InputError as error:
            if error.reason == NO_MAIN_TEXT:
                return self._no_article(requested, urls, feed, error.reason)
            return error
        fetched_at = now_iso()
        self.seen.update(urls)
        metadata = {**raw.metadata, "fetched_at": fetched_at}
        metadata.pop("filename", None)
        if feed is not None:
            metadata["feed"] = feed
        if raw.url and normalise_url(raw.url) != urls[-1]:
            metadata["canonical_url"] = raw.url
        return replace(
            raw,
            url=response.url,
            title=raw.title or (entry.title if entry else None),
            published=raw.published or (entry.published if entry else None),
            source=raw.source or _site(response.url),
            metadata=metadata,
            feed=feed,
            fetched_at=fetched_at,
            fetched_urls=urls,
        )


def _site(url: str) -> str | None:
    """A page's host without ``www.``, the outlet when the page does not name one."""
    host = normalise_url(url).split("/")[2] if "://" in url else ""
    host = host.rpartition("@")[2].split(":")[0]
    return host.removeprefix("www.") or None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_url_list(text: str) -> list[str]:
    """The URLs of a feed list: one a line; blank lines, ``#`` lines and `` # …`` after a URL are ignored."""
    urls: list[str] = []
    for line in text.splitlines():
        url = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if url and not url.startswith("#"):
            urls.append(url)
    return urls
