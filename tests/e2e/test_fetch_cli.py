"""`warta fetch` and `warta watch` as a user runs them: politeness, refusals, errors, the polling loop.

Only the test server on 127.0.0.1 is ever reached: :func:`guard_connections` fails a test the
moment anything tries to connect elsewhere or to resolve a name, so the refusal tests prove that
no packet left for the refused address.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from tests.fetch_server import (
    LOOPBACK,
    RSS_TYPE,
    ConnectionLog,
    FeedServer,
    Reply,
    guard_connections,
    page_html,
    rss,
    serving,
)
from tests.helpers import jsonl
from tests.store_backends import query, scalar

from warta.cli.params import DURATION
from warta.fetch import safety

Warta = Callable[..., Result]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    monkeypatch.setenv("WARTA_FETCH_PER_HOST_DELAY", "0")
    monkeypatch.setenv("WARTA_FETCH_BACKOFF", "0")
    with serving() as server:
        yield server


@pytest.fixture(autouse=True)
def log(monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectionLog]:
    log = guard_connections(monkeypatch)
    yield log
    assert log.elsewhere() == [] and log.lookups == []


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the test server stand in for a public site: 127.0.0.1, and it alone, passes the address
    check, so a test can run without --allow-private and see what else is refused."""
    real = safety.why_refused

    def why_refused(address: safety.IPAddress) -> str | None:
        return None if address == ipaddress.ip_address(LOOPBACK) else real(address)

    monkeypatch.setattr(safety, "why_refused", why_refused)


def feed_of(server: FeedServer, paths: list[str], name: str = "/rss.xml") -> str:
    server.routes[name] = Reply(body=rss([server.url(p) for p in paths]), content_type=RSS_TYPE, etag='"1"')
    return server.url(name)


def pages(server: FeedServer, *numbers: int, prefix: str = "/berita") -> list[str]:
    paths = [f"{prefix}/{n}" for n in numbers]
    for n, path in zip(numbers, paths, strict=True):
        server.routes[path] = Reply(body=page_html(n))
    return paths


def stored(db: Path) -> int:
    return int(scalar(db, "SELECT count(*) FROM articles"))


# -- refusals --------------------------------------------------------------------------------

REFUSED_URLS = [
    "http://10.0.0.1/rss.xml",
    "http://172.16.0.1/rss.xml",
    "http://172.31.255.254/berita/1",
    "http://192.168.1.1/rss.xml",
    "http://127.0.0.1/rss.xml",
    "http://127.8.9.10:8080/rss.xml",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/rss.xml",
    "http://[::ffff:10.0.0.1]/rss.xml",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_a_private_url_is_refused_with_a_clear_error_and_no_connection(
    warta: Warta, url: str, log: ConnectionLog
) -> None:
    result = warta("fetch", url)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {url}: refused: ")
    assert "address" in line and "--allow-private" in line
    assert log.connects == []


def test_the_loopback_server_itself_is_refused_without_allow_private(warta: Warta, server: FeedServer) -> None:
    feed = feed_of(server, pages(server, 1))
    result = warta("fetch", feed)
    assert result.exit_code == 1 and "loopback address" in result.stderr
    assert server.requests == []  # not even robots.txt


@pytest.mark.parametrize("url", ["ftp://news.example/rss.xml", "file:///etc/passwd", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched_even_with_allow_private(warta: Warta, url: str) -> None:
    result = warta("fetch", url, "--allow-private")
    assert result.exit_code == 1
    assert f"{url}: refused: only http and https URLs are fetched" in result.stderr


@pytest.mark.parametrize(
    "target", ["http://10.0.0.1/admin", "http://192.168.0.1/", "http://172.20.0.1/", "http://169.254.169.254/"]
)
def test_a_redirect_to_a_private_address_is_refused_before_connecting(
    warta: Warta, server: FeedServer, loopback_is_public: None, log: ConnectionLog, target: str
) -> None:
    server.routes["/pindah"] = Reply(302, headers={"Location": target})
    result = warta("fetch", server.url("/pindah"))
    assert result.exit_code == 1
    assert f"error: {target}: refused: {target.split('/')[2]} is a" in result.stderr
    assert {host for host, _ in log.connects} == {LOOPBACK}


def test_a_feed_item_on_a_private_address_is_refused_and_the_rest_stored(
    warta: Warta, server: FeedServer, loopback_is_public: None, db: Path
) -> None:
    paths = pages(server, 1, 2)
    links = [server.url(p) for p in paths] + ["http://192.168.1.20/berita/3"]
    server.routes["/rss.xml"] = Reply(body=rss(links), content_type=RSS_TYPE)
    result = warta("fetch", server.url("/rss.xml"))
    assert result.exit_code == 1
    assert "error: http://192.168.1.20/berita/3: refused: 192.168.1.20 is a private address" in result.stderr
    assert stored(db) == 2


def test_allow_private_can_be_a_setting(warta: Warta, server: FeedServer, db: Path) -> None:
    [path] = pages(server, 1)
    assert warta("--set", "fetch.allow_private=true", "fetch", server.url(path)).exit_code == 0
    assert stored(db) == 1


# -- politeness ------------------------------------------------------------------------------


def test_robots_txt_disallowing_a_path_skips_those_items_with_a_notice(
    warta: Warta, server: FeedServer, db: Path
) -> None:
    server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nDisallow: /premium/\n", content_type="text/plain")
    allowed = pages(server, 1, 2)
    disallowed = pages(server, 3, prefix="/premium")
    feed = feed_of(server, allowed + disallowed)
    result = warta("fetch", feed, "--allow-private", "--format", "json")
    assert result.exit_code == 0  # the site's wish, not a failure
    notice = f"notice: skipped {server.url('/premium/3')}: robots.txt of http://127.0.0.1:{server.port} disallows it"
    assert notice in result.stderr
    report = json.loads(result.stdout)
    assert report["stored"] == 2 and len(report["skipped"]) == 1
    assert server.hits("/premium/3") == [] and len(server.hits("/robots.txt")) == 1
    assert stored(db) == 2


def test_every_request_says_who_is_asking(warta: Warta, server: FeedServer) -> None:
    feed = feed_of(server, pages(server, 1))
    warta("fetch", feed, "--allow-private", "--quiet")
    agents = {seen.headers["user-agent"] for seen in server.requests}
    assert len(agents) == 1 and agents.pop().startswith("warta/")


def test_a_500_that_recovers_is_retried(warta: Warta, server: FeedServer, db: Path) -> None:
    [path] = pages(server, 1)
    server.routes[path] = [
        Reply(500, b"sibuk", "text/plain"),
        Reply(503, b"sibuk", "text/plain"),
        Reply(body=page_html(1)),
    ]
    feed = feed_of(server, [path])
    result = warta("fetch", feed, "--allow-private", "--quiet")
    assert result.exit_code == 0, result.output
    assert len(server.hits(path)) == 3 and stored(db) == 1


def test_a_500_that_persists_is_an_error_after_the_retries(warta: Warta, server: FeedServer) -> None:
    server.routes["/rusak"] = Reply(500, b"rusak", "text/plain")
    result = warta("--set", "fetch.retries=2", "fetch", server.url("/rusak"), "--allow-private", "--quiet")
    assert result.exit_code == 1
    assert f"error: {server.url('/rusak')}: the server answered HTTP 500 Internal Server Error" in result.stderr
    assert len(server.hits("/rusak")) == 3


# -- errors name their URL, the rest goes on -------------------------------------------------


def test_an_oversized_page_is_an_error_naming_it_while_the_rest_is_stored(
    warta: Warta, server: FeedServer, db: Path
) -> None:
    paths = pages(server, 1, 2, 3)
    server.routes[paths[1]] = Reply(body=page_html(2) + b"<!--" + b"x" * 20_000 + b"-->")
    feed = feed_of(server, paths)
    result = warta("--set", "fetch.max_bytes=8000", "fetch", feed, "--allow-private", "--format", "json")
    assert result.exit_code == 1
    big = server.url(paths[1])
    assert f"error: {big}: too large:" in result.stderr and "the limit is 8000" in result.stderr
    assert json.loads(result.stdout)["stored"] == 2 and stored(db) == 2
    assert json.loads(result.stdout)["errors"][0]["location"] == big


def test_a_page_given_directly_has_the_page_size_cap(warta: Warta, server: FeedServer) -> None:
    server.routes["/besar"] = Reply(body=page_html(1) + b"<!--" + b"x" * 20_000 + b"-->")
    result = warta("--set", "fetch.max_bytes=8000", "fetch", server.url("/besar"), "--allow-private", "--quiet")
    assert result.exit_code == 1 and f"{server.url('/besar')}: too large" in result.stderr


def test_a_url_that_is_neither_feed_nor_page_is_an_error(warta: Warta, server: FeedServer) -> None:
    server.routes["/data.json"] = Reply(body=b'{"a": 1}', content_type="application/json")
    result = warta("fetch", server.url("/data.json"), "--allow-private", "--quiet")
    assert result.exit_code == 1
    assert f"{server.url('/data.json')}: not an HTML page (Content-Type: application/json)" in result.stderr


def test_a_server_that_is_not_there_is_an_error_naming_the_url(warta: Warta, server: FeedServer) -> None:
    with serving() as gone:
        url = gone.url("/rss.xml")
    result = warta("--set", "fetch.retries=1", "fetch", url, "--allow-private", "--quiet")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {url}: the robots.txt of http://127.0.0.1:{gone.port} could not be read")
    assert "connection failed" in line and "(tried 2 times)" in line


def test_errors_are_kept_in_the_database_like_ingest_errors(warta: Warta, server: FeedServer, db: Path) -> None:
    warta("fetch", server.url("/tidak-ada"), "--allow-private", "--quiet")
    rows = query(db, "SELECT location, error FROM ingest_errors")
    assert rows == [(server.url("/tidak-ada"), "the server answered HTTP 404 Not Found")]


def test_a_site_whose_robots_txt_fails_is_an_error_to_retry_not_a_skip(
    warta: Warta, server: FeedServer, db: Path
) -> None:
    with serving() as other:  # the pages' site (another port: another origin), its robots.txt down at first
        other.routes["/robots.txt"] = [Reply(503, b"", "text/plain"), Reply(404, b"", "text/plain")]
        links = pages(other, 1, 2)
        server.routes["/rss.xml"] = Reply(body=rss([other.url(p) for p in links]), content_type=RSS_TYPE, etag='"1"')
        result = warta("--set", "fetch.retries=0", "fetch", server.url("/rss.xml"), "--allow-private", "--quiet")
        assert result.exit_code == 1
        assert result.stderr.count(f"the robots.txt of http://127.0.0.1:{other.port} could not be read") == 2
        assert stored(db) == 0 and len(other.hits("/robots.txt")) == 1
        # Next round, the site is back: the feed is read in full again (its validators were not
        # saved), and its pages are fetched.
        server.reset()
        result = warta("--set", "fetch.retries=0", "fetch", server.url("/rss.xml"), "--allow-private", "--quiet")
        assert result.exit_code == 0, result.output
        assert "if-none-match" not in server.hits("/rss.xml")[0].headers
        assert stored(db) == 2


def test_the_table_report_says_what_was_fetched(warta: Warta, server: FeedServer) -> None:
    feed = feed_of(server, pages(server, 1, 2))
    result = warta("fetch", feed, "--allow-private")
    assert result.exit_code == 0
    for word in ("feeds", "not_modified", "pages", "already_fetched", "stored", "errors"):
        assert word in result.stdout


# -- watch -----------------------------------------------------------------------------------


def feeds_file(tmp_path: Path, *urls: str) -> Path:
    path = tmp_path / "feeds.txt"
    lines = ["# umpan berita", "", *(f"{url}  # sumber {i}" for i, url in enumerate(urls))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_watch_once_fetches_every_feed_in_the_file(warta: Warta, server: FeedServer, tmp_path: Path, db: Path) -> None:
    one = feed_of(server, pages(server, 1, 2), "/satu.xml")
    two = feed_of(server, pages(server, 3, prefix="/lain"), "/dua.xml")
    listed = feeds_file(tmp_path, one, two)
    result = warta("watch", "--feeds", str(listed), "--once", "--allow-private", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["feeds"] == 2 and report["stored"] == 3 and stored(db) == 3

    again = json.loads(warta("watch", "--feeds", str(listed), "--once", "--allow-private", "--format", "json").stdout)
    assert again["not_modified"] == 2 and again["pages"] == 0


def test_watch_once_exits_1_when_something_failed(warta: Warta, server: FeedServer, tmp_path: Path) -> None:
    listed = feeds_file(tmp_path, server.url("/hilang.xml"))
    result = warta("watch", "--feeds", str(listed), "--once", "--allow-private", "--quiet")
    assert result.exit_code == 1 and server.url("/hilang.xml") in result.stderr


def test_watch_polls_every_interval_until_interrupted(
    warta: Warta, server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = feeds_file(tmp_path, feed_of(server, pages(server, 1)))
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("warta.cli.fetch_cmd.pause", sleep)
    result = warta("watch", "--feeds", str(listed), "--every", "10m", "--allow-private")
    assert result.exit_code == 0, result.output
    assert waits == [600.0, 600.0]
    lines = result.stderr.strip().splitlines()
    assert "round 1: 1 feeds read, 0 not modified, 1 pages fetched, 1 articles stored, 0 errors" in lines[0]
    assert "round 2: 0 feeds read, 1 not modified, 0 pages fetched" in lines[1]
    assert lines[-1] == "Stopped after 2 rounds."
    assert len(server.hits("/rss.xml")) == 2 and len(server.hits("/berita/1")) == 1


def test_watch_reads_the_feeds_file_again_each_round(
    warta: Warta, server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = feeds_file(tmp_path, feed_of(server, pages(server, 1), "/satu.xml"))
    second = feed_of(server, pages(server, 2), "/dua.xml")

    def sleep(seconds: float) -> None:
        if server.hits("/dua.xml"):
            raise KeyboardInterrupt
        listed.write_text(listed.read_text(encoding="utf-8") + second + "\n", encoding="utf-8")

    monkeypatch.setattr("warta.cli.fetch_cmd.pause", sleep)
    assert warta("watch", "--feeds", str(listed), "--allow-private", "--quiet").exit_code == 0
    assert len(server.hits("/berita/2")) == 1


def test_watch_uses_the_poll_every_setting_by_default(
    warta: Warta, server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = feeds_file(tmp_path, feed_of(server, pages(server, 1)))
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr("warta.cli.fetch_cmd.pause", sleep)
    monkeypatch.setenv("WARTA_FETCH_POLL_EVERY", "45")
    assert warta("watch", "--feeds", str(listed), "--allow-private", "--quiet").exit_code == 0
    assert waits == [45.0]


def test_watch_of_an_empty_feeds_file_is_a_usage_error(warta: Warta, tmp_path: Path) -> None:
    empty = tmp_path / "feeds.txt"
    empty.write_text("# belum ada\n\n", encoding="utf-8")
    result = warta("watch", "--feeds", str(empty), "--once")
    assert result.exit_code == 2 and "lists no URL" in result.output


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90.0), ("90s", 90.0), ("10m", 600.0), ("1h", 3600.0), ("1.5m", 90.0), ("2H", 7200.0)]
)
def test_every_takes_seconds_minutes_or_hours(text: str, seconds: float) -> None:
    assert DURATION.convert(text, None, None) == seconds


@pytest.mark.parametrize("text", ["soon", "10 minutes", "1h30m", "-5m", ""])
def test_every_refuses_what_is_not_a_duration(warta: Warta, tmp_path: Path, text: str) -> None:
    listed = feeds_file(tmp_path, "http://127.0.0.1:9/rss.xml")
    result = warta("watch", "--feeds", str(listed), "--every", text, "--once")
    assert result.exit_code == 2 and "is not a duration" in result.output


def test_every_is_at_least_30_seconds(warta: Warta, tmp_path: Path) -> None:
    listed = feeds_file(tmp_path, "http://127.0.0.1:9/rss.xml")
    result = warta("watch", "--feeds", str(listed), "--every", "10s")
    assert result.exit_code == 2 and "--every" in result.output and "at least 30s" in result.output


# -- help ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["fetch", "watch"])
def test_fetch_and_watch_have_help_that_says_what_is_refused(warta: Warta, command: str) -> None:
    result = warta(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output
    assert "--allow-private" in result.output and "public addresses" in result.output


def test_fetch_and_watch_are_listed_among_the_commands(warta: Warta) -> None:
    listing = warta("--help").output
    assert "fetch" in listing and "watch" in listing


def test_exported_articles_of_a_fetch_round_trip_through_ingest(
    warta: Warta, server: FeedServer, tmp_path: Path
) -> None:
    """What `warta fetch` stored exports like any article (with its URL and where it came from)."""
    feed = feed_of(server, pages(server, 1))
    warta("fetch", feed, "--allow-private", "--quiet")
    [row] = jsonl(warta("export", "articles").output)
    assert row["url"] == server.url("/berita/1") and row["metadata"]["feed"] == feed
