"""The polite, safe HTTP GET that `warta fetch` and `warta watch` make every request with.

For each URL, and again for each redirect (followed here, at most ``fetch.max_redirects``):

1. safe: the scheme must be http(s) and every address of the host public
   (:class:`~warta.fetch.safety.AddressPolicy`), checked before anything is sent;
2. polite: the site's robots.txt must allow it (read once an hour per site; a missing one
   allows everything; one the server fails to give disallows everything for five minutes, as
   RFC 9309 says, and each URL of the site is then a :class:`~warta.errors.FetchError`, to be
   retried, not a :class:`~warta.errors.RobotsDisallowedError`), and at least
   ``fetch.per_host_delay`` seconds (or the robots.txt Crawl-delay) lie between two requests to
   one host;
3. the request carries the User-Agent, and a feed's ETag / Last-Modified (conditional GET);
4. a 429, a 5xx, a timeout or a connection error is retried ``fetch.retries`` times, waiting
   ``fetch.backoff`` seconds doubled each time (or what Retry-After asks, up to ``fetch.max_backoff``);
5. the body is read up to a size cap and a time limit, and is never kept in part.

Every failure is a :class:`~warta.errors.FetchError` naming the URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from ..config import FetchConfig
from ..errors import FetchError, HTTPStatusError, RefusedURLError, RobotsDisallowedError
from ..records import FeedState, Fetched
from .safety import AddressPolicy, Resolver, SystemResolver
from .transport import PinnedTransport
from .urls import origin_of

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRIED = frozenset({429, 500, 502, 503, 504})
ROBOTS_TTL_S = 3600.0
ROBOTS_FAILURE_TTL_S = 300.0
ROBOTS_MAX_BYTES = 500_000  # RFC 9309: parse at least the first 500 KiB
ROBOTS_AGENT = "warta"


@dataclass(frozen=True, slots=True)
class _Robots:
    rules: RobotFileParser
    expires: float
    failure: str | None = None  # why it could not be read (then it disallows everything for now)


class Fetcher:
    """GETs URLs as the module docstring says. ``resolver`` and ``transport`` are for tests (a stub
    resolver; an ``httpx.MockTransport``); the address checks run whatever the transport, and the
    default transport also connects only to checked addresses. ``sleep`` and ``clock`` pace requests.
    Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        cfg: FetchConfig,
        *,
        resolver: Resolver | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cfg = cfg
        self.policy = AddressPolicy(resolver or SystemResolver(), allow_private=cfg.allow_private)
        self.user_agent = cfg.user_agent.replace("{version}", __version__)
        self._client = httpx.Client(
            transport=transport or PinnedTransport(self.policy),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(cfg.timeout),
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- the GET -----------------------------------------------------------------------------

    def get(self, url: str, *, max_bytes: int, since: FeedState | None = None) -> Fetched:
        """The response to GET ``url`` after redirects: a 2xx, or a 304 when ``since`` holds the
        validators of an unchanged feed. Anything else raises :class:`FetchError` naming ``url``."""
        return self._get(url, max_bytes=max_bytes, since=since, obey_robots=True)

    def _get(self, url: str, *, max_bytes: int, since: FeedState | None, obey_robots: bool) -> Fetched:
        current = url
        for _ in range(self.cfg.max_redirects + 1):
            self.policy.check_url(current)
            if obey_robots and not self._robots_allow(current):
                raise RobotsDisallowedError(f"robots.txt of {origin_of(current)} disallows it", path=current)
            headers = _conditional_headers(since) if current == url else {}
            response = self._with_retries(current, headers, max_bytes)
            if response.status not in REDIRECTS:
                return _checked_status(response, requested=url)
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {response.status} redirect without a Location", path=current)
            current = urljoin(current, location.strip())
        raise FetchError(f"more than {self.cfg.max_redirects} redirects", path=url)

    def _with_retries(self, url: str, headers: Mapping[str, str], max_bytes: int) -> Fetched:
        attempts = self.cfg.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self._once(url, headers, max_bytes)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                if last:
                    tried = f" (tried {attempts} times)" if attempts > 1 else ""
                    raise FetchError(f"cannot fetch: {_describe(exc)}{tried}", path=url) from None
                self._sleep(self._backoff(attempt, None))
                continue
            if response.status in RETRIED and not last:
                self._sleep(self._backoff(attempt, response.headers.get("retry-after")))
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        wait = self.cfg.backoff * 2.0**attempt
        if retry_after is not None and retry_after.strip().isdigit():
            wait = max(wait, float(retry_after.strip()))
        return min(wait, self.cfg.max_backoff)

    def _once(self, url: str, headers: Mapping[str, str], max_bytes: int) -> Fetched:
        """One request: waits its turn for the host, then reads the body within the caps."""
        host = httpx.URL(url).host
        self._wait_turn(host, url)
        try:
            with self._client.stream("GET", url, headers=dict(headers)) as response:
                body = b"" if response.status_code in REDIRECTS or response.status_code == 304 else None
                if body is None:
                    body = self._read_body(url, response, max_bytes)
                return Fetched(
                    url=url,
                    status=response.status_code,
                    headers={k.lower(): v for k, v in response.headers.items()},
                    body=body,
                )
        except RefusedURLError as exc:  # the transport's own check, at connect time
            raise RefusedURLError(exc.reason, path=url) from None
        except FetchError as exc:  # the transport's, naming the host: the URL is what to name
            raise replace_path(exc, url) from None
        except httpx.UnsupportedProtocol as exc:
            raise RefusedURLError(f"refused: {exc}", path=url) from None
        except httpx.DecodingError as exc:
            raise FetchError(f"cannot decode the response body ({exc})", path=url) from None
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError):
            raise  # retried by the caller
        except httpx.HTTPError as exc:  # anything else httpx refuses to send or read: this URL fails
            raise FetchError(f"cannot fetch: {exc}", path=url) from None
        finally:
            self._last_request[host] = self._clock()

    def _read_body(self, url: str, response: httpx.Response, max_bytes: int) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"too large: {declared} bytes declared, the limit is {max_bytes}", path=url)
        deadline = self._clock() + self.cfg.max_seconds
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"too large: more than {max_bytes} bytes (reading stopped there)", path=url)
            if self._clock() > deadline:
                raise FetchError(f"too slow: the body took longer than {self.cfg.max_seconds:g} s", path=url)
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, host: str, url: str) -> None:
        last = self._last_request.get(host)
        if last is None:
            return
        asked = self._crawl_delay(host)
        if asked > self.cfg.max_crawl_delay:
            # Waiting that long would stall every other feed of the round: this page waits for a
            # later round instead (it is not stored, so it is fetched then).
            raise FetchError(
                f"the site's robots.txt asks for {asked:g} s between requests (more than "
                f"fetch.max_crawl_delay, {self.cfg.max_crawl_delay:g} s): left for a later round",
                path=url,
            )
        delay = max(self.cfg.per_host_delay, asked)
        wait = last + delay - self._clock()
        if wait > 0:
            self._sleep(wait)

    # -- robots.txt --------------------------------------------------------------------------

    def allowed_by_robots(self, url: str) -> bool:
        """Whether the robots.txt of ``url``'s site lets warta fetch it."""
        return self._robots_of(origin_of(url)).rules.can_fetch(ROBOTS_AGENT, url)

    def _robots_allow(self, url: str) -> bool:
        """Whether robots.txt allows ``url``; raises :class:`FetchError` when the site's robots.txt
        could not be read (a failure to retry later, not the site's wish)."""
        origin = origin_of(url)
        try:
            robots = self._robots_of(origin)
        except RefusedURLError as exc:  # robots.txt redirected somewhere refused: so is the page
            raise RefusedURLError(f"its robots.txt: {exc}", path=url) from None
        if robots.failure is not None:
            raise FetchError(
                f"the robots.txt of {origin} could not be read ({robots.failure}): nothing is fetched from "
                "that site until it can be",
                path=url,
            )
        return robots.rules.can_fetch(ROBOTS_AGENT, url)

    def _crawl_delay(self, host: str) -> float:
        delays = [
            float(delay)
            for origin, robots in self._robots.items()
            if httpx.URL(origin).host == host and (delay := robots.rules.crawl_delay(ROBOTS_AGENT)) is not None
        ]
        return max(delays, default=0.0)

    def _robots_of(self, origin: str) -> _Robots:
        cached = self._robots.get(origin)
        if cached is not None and cached.expires > self._clock():
            return cached
        rules = RobotFileParser()
        ttl = ROBOTS_TTL_S
        failure: str | None = None
        try:
            response = self._get(f"{origin}/robots.txt", max_bytes=ROBOTS_MAX_BYTES, since=None, obey_robots=False)
            rules.parse(response.body.decode("utf-8", "replace").splitlines())
        except RefusedURLError:
            raise
        except FetchError as exc:
            if isinstance(exc, HTTPStatusError) and 400 <= exc.status < 500:  # no robots.txt: all is allowed
                rules.parse([])
            else:  # the server could not say: nothing is allowed until it can
                rules.parse(["User-agent: *", "Disallow: /"])
                ttl = ROBOTS_FAILURE_TTL_S
                failure = exc.reason
        robots = _Robots(rules, self._clock() + ttl, failure)
        self._robots[origin] = robots
        return robots


def _checked_status(response: Fetched, *, requested: str) -> Fetched:
    if 200 <= response.status < 300 or response.status == 304:
        return response
    where = "" if response.url == requested else f" (redirected to {response.url})"
    raise HTTPStatusError(
        f"the server answered HTTP {response.status}{_phrase(response.status)}{where}",
        path=requested,
        status=response.status,
    )


def _phrase(status: int) -> str:
    try:
        return f" {HTTPStatus(status).phrase}"
    except ValueError:
        return ""


def _conditional_headers(since: FeedState | None) -> dict[str, str]:
    """If-None-Match and If-Modified-Since from a feed's saved validators; one that could not be
    sent back as it came (not printable ASCII) is left out: the feed is then read in full."""
    headers: dict[str, str] = {}
    if since is not None and since.etag and _sendable(since.etag):
        headers["If-None-Match"] = since.etag
    if since is not None and since.last_modified and _sendable(since.last_modified):
        headers["If-Modified-Since"] = since.last_modified
    return headers


def _sendable(value: str) -> bool:
    return value.isascii() and value.isprintable()


def replace_path(error: FetchError, path: str) -> FetchError:
    """``error`` as one about ``path`` (the URL as given, rather than a host or where a redirect led)."""
    if error.path == path:
        return error
    if isinstance(error, HTTPStatusError):
        return HTTPStatusError(error.reason, path=path, status=error.status)
    return type(error)(error.reason, path=path)


def _describe(exc: httpx.HTTPError) -> str:
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "connection failed"
    detail = str(exc).strip()
    return f"{kind} ({detail})" if detail else kind
