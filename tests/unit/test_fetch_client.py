"""The polite, safe GET, over ``httpx.MockTransport``: nothing here touches a socket.

Names resolve through a stub resolver (``news.example`` is public), the mock answers every
request and records it, and time is a fake clock that only :meth:`Clock.sleep` moves: a test of
backoff or of the per-host delay waits for nothing and sees every wait asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import httpx
import pytest
from tests.fetch_server import ConnectionLog, StubResolver, guard_connections

from warta import __version__
from warta.config import FetchConfig
from warta.errors import FetchError, HTTPStatusError, RefusedURLError, RobotsDisallowedError
from warta.fetch.client import Fetcher
from warta.records import FeedState

PUBLIC = "93.184.216.34"
NAMES = {
    "news.example": [PUBLIC],
    "cdn.example": ["93.184.216.35"],
    "intranet.example": ["192.168.10.20"],
    "rebound.example": [PUBLIC, "10.0.0.7"],
}
# No waiting between requests unless a test asks for it; three retries, 1 s doubling, 8 s at most.
CFG = FetchConfig(per_host_delay=0.0, retries=3, backoff=1.0, max_backoff=8.0, max_redirects=5)
PAGE = b"<html><body><p>Berita</p></body></html>"

Handler = Callable[[httpx.Request], httpx.Response]


class Clock:
    """Monotonic time that moves only when something sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class Site:
    """A mock web: ``routes`` maps a URL to a response or a list of them (one per request, the last
    repeating); robots.txt is absent (404) unless routed. ``asked`` lists every URL requested."""

    def __init__(self, routes: dict[str, httpx.Response | list[httpx.Response] | Handler] | None = None) -> None:
        self.routes = dict(routes or {})
        self.asked: list[str] = []
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.asked.append(url)
        self.requests.append(request)
        route = self.routes.get(url)
        if route is None:
            return httpx.Response(404, text="tidak ada")
        if callable(route):
            return route(request)
        if isinstance(route, list):
            return route.pop(0) if len(route) > 1 else route[0]
        return route

    def pages(self) -> list[str]:
        return [u for u in self.asked if not u.endswith("/robots.txt")]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectionLog]:
    log = guard_connections(monkeypatch)
    yield log
    assert log.connects == [] and log.lookups == []


@pytest.fixture
def clock() -> Clock:
    return Clock()


def fetcher(site: Site, clock: Clock, cfg: FetchConfig = CFG) -> Fetcher:
    return Fetcher(
        cfg, resolver=StubResolver(NAMES), transport=httpx.MockTransport(site), sleep=clock.sleep, clock=clock
    )


def html(status: int = 200, body: bytes = PAGE, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"content-type": "text/html", **headers})


def redirect(location: str, status: int = 302) -> httpx.Response:
    return httpx.Response(status, headers={"location": location})


# -- retries and backoff ---------------------------------------------------------------------


def test_a_503_is_retried_with_doubling_backoff_until_it_answers(clock: Clock) -> None:
    url = "https://news.example/berita/1"
    site = Site({url: [html(503), html(503), html(200)]})
    with fetcher(site, clock) as f:
        got = f.get(url, max_bytes=10_000)
    assert got.status == 200 and got.body == PAGE
    assert site.pages() == [url] * 3
    assert clock.sleeps == [1.0, 2.0]


def test_retries_give_up_with_the_last_status_naming_the_url(clock: Clock) -> None:
    url = "https://news.example/berita/1"
    site = Site({url: html(502)})
    with fetcher(site, clock, replace(CFG, retries=2)) as f, pytest.raises(HTTPStatusError) as failed:
        f.get(url, max_bytes=10_000)
    assert failed.value.status == 502 and failed.value.path == url
    assert "HTTP 502 Bad Gateway" in failed.value.reason
    assert len(site.pages()) == 3 and clock.sleeps == [1.0, 2.0]


def test_backoff_never_exceeds_max_backoff(clock: Clock) -> None:
    url = "https://news.example/a"
    site = Site({url: html(500)})
    with fetcher(site, clock, replace(CFG, retries=6)) as f, pytest.raises(HTTPStatusError):
        f.get(url, max_bytes=10_000)
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_retry_after_is_honoured_up_to_max_backoff(clock: Clock) -> None:
    url = "https://news.example/a"
    site = Site({url: [html(429, **{"retry-after": "5"}), html(503, **{"retry-after": "3600"}), html(200)]})
    with fetcher(site, clock) as f:
        assert f.get(url, max_bytes=10_000).status == 200
    assert clock.sleeps == [5.0, 8.0]  # 5 s as asked; an hour capped at max_backoff


def test_a_connection_error_or_timeout_is_retried(clock: Clock) -> None:
    url = "https://news.example/a"
    failures = [httpx.ConnectError("connection refused"), httpx.ReadTimeout("timed out")]

    def flaky(request: httpx.Request) -> httpx.Response:
        if failures:
            raise failures.pop(0)
        return html()

    with fetcher(Site({url: flaky}), clock) as f:
        assert f.get(url, max_bytes=10_000).body == PAGE
    assert clock.sleeps == [1.0, 2.0]


def test_a_timeout_that_persists_names_the_url_and_the_tries(clock: Clock) -> None:
    url = "https://news.example/a"

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out")

    with fetcher(Site({url: slow}), clock, replace(CFG, retries=1)) as f, pytest.raises(FetchError) as failed:
        f.get(url, max_bytes=10_000)
    assert failed.value.path == url
    assert "timed out" in failed.value.reason and "tried 2 times" in failed.value.reason


def test_a_404_is_not_retried(clock: Clock) -> None:
    url = "https://news.example/hilang"
    site = Site()
    with fetcher(site, clock) as f, pytest.raises(HTTPStatusError, match="HTTP 404 Not Found") as failed:
        f.get(url, max_bytes=10_000)
    assert failed.value.status == 404 and site.pages() == [url] and clock.sleeps == []


# -- the size cap ----------------------------------------------------------------------------


def test_a_body_declared_too_large_is_refused_before_reading(clock: Clock) -> None:
    url = "https://news.example/besar"
    site = Site({url: html(body=b"x" * 5000)})  # Content-Length: 5000
    with fetcher(site, clock) as f, pytest.raises(FetchError, match="5000 bytes declared, the limit is 1000") as e:
        f.get(url, max_bytes=1000)
    assert e.value.path == url


def test_a_streamed_body_stops_being_read_past_the_cap(clock: Clock) -> None:
    url = "https://news.example/tanpa-panjang"
    pulled: list[int] = []

    def chunks() -> Iterator[bytes]:
        for i in range(1000):
            pulled.append(i)
            yield b"x" * 100

    site = Site({url: lambda request: httpx.Response(200, content=chunks(), headers={"content-type": "text/html"})})
    with fetcher(site, clock) as f, pytest.raises(FetchError, match="more than 1000 bytes") as failed:
        f.get(url, max_bytes=1000)
    assert failed.value.path == url
    assert len(pulled) <= 12  # reading stopped at the cap, not at the end of the body


def test_a_body_at_the_cap_is_read_whole(clock: Clock) -> None:
    url = "https://news.example/pas"
    with fetcher(Site({url: html(body=b"y" * 1000)}), clock) as f:
        assert len(f.get(url, max_bytes=1000).body) == 1000


# -- redirects -------------------------------------------------------------------------------


def test_redirects_are_followed_and_the_final_url_kept(clock: Clock) -> None:
    site = Site(
        {
            "http://news.example/lama": redirect("https://news.example/baru", 301),
            "https://news.example/baru": redirect("/baru/", 308),
            "https://news.example/baru/": html(),
        }
    )
    with fetcher(site, clock) as f:
        got = f.get("http://news.example/lama", max_bytes=10_000)
    assert got.url == "https://news.example/baru/" and got.status == 200


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/admin",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://127.0.0.1:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://intranet.example/",  # a name that resolves to 192.168.10.20
        "http://rebound.example/",  # one public and one private address
    ],
)
def test_a_redirect_to_a_private_address_is_refused_without_asking_for_it(clock: Clock, target: str) -> None:
    url = "https://news.example/berita/1"
    site = Site({url: redirect(target)})
    with fetcher(site, clock) as f, pytest.raises(RefusedURLError) as refused:
        f.get(url, max_bytes=10_000)
    assert refused.value.path == target
    assert "refused" in refused.value.reason and "--allow-private" in refused.value.reason
    assert site.asked == ["https://news.example/robots.txt", url]  # never the target, nor its robots.txt


def test_a_redirect_to_another_scheme_is_refused(clock: Clock) -> None:
    url = "https://news.example/berita/1"
    site = Site({url: redirect("file:///etc/passwd")})
    with fetcher(site, clock) as f, pytest.raises(RefusedURLError, match="only http and https"):
        f.get(url, max_bytes=10_000)
    assert site.pages() == [url]


def test_at_most_max_redirects_are_followed(clock: Clock) -> None:
    site = Site({f"https://news.example/r/{i}": redirect(f"/r/{i + 1}") for i in range(10)})
    with fetcher(site, clock, replace(CFG, max_redirects=3)) as f, pytest.raises(FetchError) as failed:
        f.get("https://news.example/r/0", max_bytes=10_000)
    assert "more than 3 redirects" in failed.value.reason
    assert failed.value.path == "https://news.example/r/0"
    assert site.pages() == [f"https://news.example/r/{i}" for i in range(4)]


def test_a_redirect_without_location_is_an_error(clock: Clock) -> None:
    url = "https://news.example/a"
    with fetcher(Site({url: httpx.Response(302)}), clock) as f, pytest.raises(FetchError, match="without a Location"):
        f.get(url, max_bytes=10_000)


# -- refusals before any request -------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/feed.xml", "http://intranet.example/feed.xml", "ftp://news.example/feed.xml"]
)
def test_a_refused_url_sends_no_request_at_all(clock: Clock, url: str) -> None:
    site = Site()
    with fetcher(site, clock) as f, pytest.raises(RefusedURLError):
        f.get(url, max_bytes=10_000)
    assert site.asked == []


def test_allow_private_fetches_a_private_address(clock: Clock) -> None:
    url = "http://intranet.example/feed.xml"
    site = Site({url: html()})
    with fetcher(site, clock, replace(CFG, allow_private=True)) as f:
        assert f.get(url, max_bytes=10_000).status == 200


def test_a_host_that_does_not_resolve_is_an_error_naming_the_url(clock: Clock) -> None:
    site = Site()
    with fetcher(site, clock) as f, pytest.raises(FetchError, match="cannot resolve") as failed:
        f.get("https://nowhere.example/a", max_bytes=10_000)
    assert failed.value.path == "https://nowhere.example/a" and site.asked == []


# -- robots.txt ------------------------------------------------------------------------------


def robots(text: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, text=text, headers={"content-type": "text/plain"})


def test_robots_txt_disallowing_a_path_stops_the_request(clock: Clock) -> None:
    site = Site(
        {
            "https://news.example/robots.txt": robots("User-agent: *\nDisallow: /rahasia/\n"),
            "https://news.example/berita/1": html(),
        }
    )
    with fetcher(site, clock) as f:
        with pytest.raises(RobotsDisallowedError, match=r"robots\.txt of https://news\.example disallows it") as e:
            f.get("https://news.example/rahasia/1", max_bytes=10_000)
        assert e.value.path == "https://news.example/rahasia/1"
        assert f.get("https://news.example/berita/1", max_bytes=10_000).status == 200
    assert site.asked == ["https://news.example/robots.txt", "https://news.example/berita/1"]  # read once


def test_robots_txt_rules_for_warta_by_name_apply(clock: Clock) -> None:
    rules = "User-agent: warta\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    site = Site({"https://news.example/robots.txt": robots(rules)})
    with fetcher(site, clock) as f:
        assert not f.allowed_by_robots("https://news.example/berita/1")


def test_a_missing_robots_txt_allows_everything(clock: Clock) -> None:
    url = "https://news.example/berita/1"
    site = Site({url: html()})  # robots.txt: 404
    with fetcher(site, clock) as f:
        assert f.get(url, max_bytes=10_000).status == 200


def test_a_robots_txt_the_server_fails_to_give_disallows_everything_as_a_failure(clock: Clock) -> None:
    """Not the site's wish (RobotsDisallowedError, a skip) but a failure to retry (FetchError)."""
    url = "https://news.example/berita/1"
    site = Site({"https://news.example/robots.txt": robots("", 503), url: html()})
    with fetcher(site, clock, replace(CFG, retries=0)) as f:
        with pytest.raises(FetchError) as failed:
            f.get(url, max_bytes=10_000)
        assert not f.allowed_by_robots(url)
    assert not isinstance(failed.value, RobotsDisallowedError)
    assert failed.value.path == url
    assert "robots.txt of https://news.example could not be read (the server answered HTTP 503" in str(failed.value)
    assert site.pages() == []


def test_a_robots_txt_behind_a_connection_failure_disallows_everything(clock: Clock) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    site = Site({"https://news.example/robots.txt": down})
    with fetcher(site, clock, replace(CFG, retries=0)) as f, pytest.raises(FetchError, match="could not be read"):
        f.get("https://news.example/a", max_bytes=10_000)
    assert site.pages() == []


def test_a_failed_robots_txt_is_asked_again_after_five_minutes(clock: Clock) -> None:
    url = "https://news.example/berita/1"
    site = Site({"https://news.example/robots.txt": [robots("", 500), robots("")], url: html()})
    with fetcher(site, clock, replace(CFG, retries=0)) as f:
        with pytest.raises(FetchError):
            f.get(url, max_bytes=10_000)
        clock.sleep(299)
        with pytest.raises(FetchError):
            f.get(url, max_bytes=10_000)  # still the failure, not asked again
        clock.sleep(2)
        assert f.get(url, max_bytes=10_000).status == 200
    assert site.asked.count("https://news.example/robots.txt") == 2


def test_robots_txt_is_read_again_after_an_hour(clock: Clock) -> None:
    url = "https://news.example/berita/1"
    site = Site({"https://news.example/robots.txt": [robots(""), robots("User-agent: *\nDisallow: /\n")], url: html()})
    with fetcher(site, clock) as f:
        assert f.get(url, max_bytes=10_000).status == 200
        clock.sleep(3601)
        with pytest.raises(RobotsDisallowedError):
            f.get(url, max_bytes=10_000)


def test_robots_txt_is_read_per_site(clock: Clock) -> None:
    site = Site(
        {
            "https://news.example/robots.txt": robots("User-agent: *\nDisallow: /\n"),
            "https://cdn.example/a": html(),
        }
    )
    with fetcher(site, clock) as f:
        assert f.get("https://cdn.example/a", max_bytes=10_000).status == 200
        with pytest.raises(RobotsDisallowedError):
            f.get("https://news.example/a", max_bytes=10_000)


def test_each_redirect_hop_obeys_its_own_sites_robots_txt(clock: Clock) -> None:
    site = Site(
        {
            "https://news.example/a": redirect("https://cdn.example/b"),
            "https://cdn.example/robots.txt": robots("User-agent: *\nDisallow: /b\n"),
        }
    )
    with fetcher(site, clock) as f, pytest.raises(RobotsDisallowedError):
        f.get("https://news.example/a", max_bytes=10_000)
    assert "https://cdn.example/b" not in site.asked


def test_a_robots_txt_that_redirects_to_a_private_address_refuses_the_page(clock: Clock) -> None:
    site = Site({"https://news.example/robots.txt": redirect("http://10.0.0.1/robots.txt")})
    with fetcher(site, clock) as f, pytest.raises(RefusedURLError, match=r"its robots\.txt") as refused:
        f.get("https://news.example/a", max_bytes=10_000)
    assert refused.value.path == "https://news.example/a"
    assert site.asked == ["https://news.example/robots.txt"]


# -- the per-host delay ----------------------------------------------------------------------


def test_requests_to_one_host_are_spaced_by_the_per_host_delay(clock: Clock) -> None:
    site = Site({f"https://news.example/{i}": html() for i in range(3)} | {"https://cdn.example/x": html()})
    with fetcher(site, clock, replace(CFG, per_host_delay=2.0)) as f:
        for i in range(3):
            f.get(f"https://news.example/{i}", max_bytes=10_000)
        assert clock.sleeps == [2.0, 2.0, 2.0]  # robots.txt, then each page 2 s after the one before
        f.get("https://cdn.example/x", max_bytes=10_000)
        assert clock.sleeps == [2.0, 2.0, 2.0, 2.0]  # another host: its robots.txt at once, then 2 s


def test_time_already_passed_counts_toward_the_delay(clock: Clock) -> None:
    site = Site({"https://news.example/a": html(), "https://news.example/b": html()})
    with fetcher(site, clock, replace(CFG, per_host_delay=2.0)) as f:
        f.get("https://news.example/a", max_bytes=10_000)
        clock.now += 1.5  # parsing took 1.5 s
        f.get("https://news.example/b", max_bytes=10_000)
    assert clock.sleeps == [2.0, 0.5]


def test_a_robots_txt_crawl_delay_longer_than_the_setting_wins(clock: Clock) -> None:
    site = Site(
        {
            "https://news.example/robots.txt": robots("User-agent: *\nCrawl-delay: 5\n"),
            "https://news.example/a": html(),
            "https://news.example/b": html(),
        }
    )
    with fetcher(site, clock, replace(CFG, per_host_delay=1.0)) as f:
        f.get("https://news.example/a", max_bytes=10_000)
        f.get("https://news.example/b", max_bytes=10_000)
    assert clock.sleeps == [5.0, 5.0]  # /a 5 s after robots.txt, /b 5 s after /a


def test_a_crawl_delay_beyond_the_cap_leaves_the_next_page_for_a_later_round(clock: Clock) -> None:
    site = Site(
        {
            "https://news.example/robots.txt": robots("User-agent: *\nCrawl-delay: 86400\n"),
            "https://news.example/a": html(),
            "https://news.example/b": html(),
        }
    )
    with fetcher(site, clock, replace(CFG, max_crawl_delay=60.0)) as f:
        with pytest.raises(FetchError, match="asks for 86400 s between requests") as refused:
            f.get("https://news.example/a", max_bytes=10_000)  # robots.txt was the one request
        assert refused.value.path == "https://news.example/a"
    assert clock.sleeps == []  # nothing waited a day
    assert [r.url.path for r in site.requests] == ["/robots.txt"]


# -- what each request carries ---------------------------------------------------------------


def test_every_request_carries_warta_s_user_agent(clock: Clock) -> None:
    site = Site({"https://news.example/a": html()})
    with fetcher(site, clock) as f:
        f.get("https://news.example/a", max_bytes=10_000)
    agents = {r.headers["user-agent"] for r in site.requests}
    assert agents == {f"warta/{__version__} (news story analyser)"}


def test_the_user_agent_setting_is_used_with_the_version_filled_in(clock: Clock) -> None:
    site = Site({"https://news.example/a": html()})
    with fetcher(site, clock, replace(CFG, user_agent="PantauBerita/{version} (redaksi@news.example)")) as f:
        f.get("https://news.example/a", max_bytes=10_000)
    assert site.requests[-1].headers["user-agent"] == f"PantauBerita/{__version__} (redaksi@news.example)"


def test_a_feeds_validators_make_a_conditional_get(clock: Clock) -> None:
    url = "https://news.example/rss"
    since = FeedState(url, '"v7"', "Thu, 27 Jul 2023 07:00:00 GMT", "2023-07-27T07:00:00+00:00")
    site = Site({url: httpx.Response(304, headers={"etag": '"v7"'})})
    with fetcher(site, clock) as f:
        got = f.get(url, max_bytes=10_000, since=since)
    assert got.status == 304 and got.body == b""
    feed_request = site.requests[-1]
    assert feed_request.headers["if-none-match"] == '"v7"'
    assert feed_request.headers["if-modified-since"] == "Thu, 27 Jul 2023 07:00:00 GMT"
    assert "if-none-match" not in site.requests[0].headers  # not on robots.txt


def test_validators_go_to_the_feed_not_to_where_it_redirects(clock: Clock) -> None:
    since = FeedState("https://news.example/rss", '"v7"', None, "2023-07-27T07:00:00+00:00")
    site = Site(
        {"https://news.example/rss": redirect("https://cdn.example/rss.xml"), "https://cdn.example/rss.xml": html()}
    )
    with fetcher(site, clock) as f:
        f.get("https://news.example/rss", max_bytes=10_000, since=since)
    sent = {str(r.url): r.headers.get("if-none-match") for r in site.requests}
    assert sent["https://news.example/rss"] == '"v7"' and sent["https://cdn.example/rss.xml"] is None


def test_a_validator_that_cannot_be_sent_back_is_left_out(clock: Clock) -> None:
    url = "https://news.example/rss"
    since = FeedState(url, '"v\u00e9"', "Thu, 27 Jul 2023 07:00:00 GMT", "2023-07-27T07:00:00+00:00")
    site = Site({url: html()})
    with fetcher(site, clock) as f:
        assert f.get(url, max_bytes=10_000, since=since).status == 200
    assert "if-none-match" not in site.requests[-1].headers
    assert site.requests[-1].headers["if-modified-since"] == "Thu, 27 Jul 2023 07:00:00 GMT"


def test_without_validators_no_conditional_header_is_sent(clock: Clock) -> None:
    site = Site({"https://news.example/rss": html()})
    with fetcher(site, clock) as f:
        f.get("https://news.example/rss", max_bytes=10_000)
    headers = site.requests[-1].headers
    assert "if-none-match" not in headers and "if-modified-since" not in headers


def test_response_headers_come_back_with_lower_case_names(clock: Clock) -> None:
    site = Site({"https://news.example/rss": html(**{"ETag": '"abc"', "Last-Modified": "Thu, 27 Jul 2023"})})
    with fetcher(site, clock) as f:
        got = f.get("https://news.example/rss", max_bytes=10_000)
    assert got.headers["etag"] == '"abc"' and got.headers["last-modified"] == "Thu, 27 Jul 2023"
    assert got.content_type == "text/html"
