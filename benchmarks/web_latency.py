"""Web latency benchmark: p50/p99 of ``warta serve``'s story page, stories page with a search, and story API.

    python benchmarks/web_latency.py --db DB                     # start `warta serve` on DB, 50 clients per route
    python benchmarks/web_latency.py --db DB --write-results     # also write the web-latency section of RESULTS.md
    python benchmarks/web_latency.py --db DB --url http://127.0.0.1:8000   # a server already running on DB
    python benchmarks/web_latency.py --client-cost               # CPU per request of each load client, no warta

DB should hold at least 50,000 articles; build one with
``python benchmarks/ingest.py --articles 50000 --keep --workdir DIR`` (``DIR/bench.db``, about 15-20 minutes).

The inputs come from the database itself, opened read-only: ``--stories`` story ids sampled with a fixed seed
(stories with two or more articles first) and ``--words`` search words, one drawn from each of many sampled article
titles (so common title words come up more often, as in real searches, and every word matches something). The three
routes are ``GET /stories/{id}`` (HTML), ``GET /?q=WORD`` (HTML, the stories page with a full-text search) and
``GET /api/stories/{id}`` (JSON). For each route, in turn: a warm-up (``--warmup`` requests at full concurrency,
discarded), ``--sequential`` requests from one client (the single-request service time), then ``--clients`` closed-loop
clients, each on its own keep-alive connection sending its next request when the previous one has answered, until
``--requests`` requests or ``--seconds`` seconds, whichever comes first (the warm-up and the sequential requests
are bounded by ``--seconds`` too). Latency is measured by the client, from
sending the request to the last byte of the body. Any non-2xx answer or failed request makes the run fail (exit 1)
and nothing is written to RESULTS.md.

Only loopback: the server is started on 127.0.0.1, and ``--url`` must name 127.0.0.1, localhost or ::1.

Cores: on a 2-core machine the load client would otherwise compete with the server for CPU, so when
``os.sched_setaffinity`` is available (Linux) the server is pinned to CPU 1 (set in the child between fork and exec;
its threads inherit it) and this process, the client, to CPU 0; ``--no-pin`` turns that off. With ``--url`` only the
client is pinned. Server CPU per request is read from ``/proc/PID/stat`` (all its threads), client CPU from
``getrusage``, so the table shows which side is busy: server CPU ms/request close to 1000 / (requests/s) means the
server's core is saturated and the latency is queueing there (closed loop: mean latency = clients / throughput).

The load client. ``--client raw`` (default) is a minimal asyncio HTTP/1.1 keep-alive client written here (GET only,
Content-Length or chunked bodies); ``--client httpx`` uses ``httpx.AsyncClient`` (one per simulated client, one
connection each, ``trust_env=False`` so no proxy is used). ``--client-cost`` measures what each costs: 50 clients
against a stub server (an asyncio protocol answering a fixed 2 KiB body, on CPU 1), client pinned to CPU 0. On this
machine (AMD EPYC, 2 cores, Python 3.11, httpx 0.29) that gave, in client CPU per request: httpx ~720 µs
(about 1,350 requests/s at 100% of its core), raw ~65 µs (about 14,000 requests/s at 85% of its core). A story request
costs the server a few ms, so httpx would use a quarter or more of the client core and add its own queueing
to every latency at 50 connections; the raw client is an order of magnitude below what it measures, so it is the
default. httpx stays available to cross-check.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import math
import os
import random
import re
import resource
import shlex
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(REPO))

from benchmarks import report  # noqa: E402
from benchmarks.eval_cluster import warta_command  # noqa: E402
from warta.cli.serve_cmd import is_loopback  # noqa: E402

SECTION = "web-latency"
TITLE = "## Web latency (50 concurrent clients, ≥50k articles)"
MIN_ARTICLES = 50_000  # what the section title promises
TARGET_MS = 100.0  # issue 10: p99 under 100 ms for each route
DEFAULTS = {"clients": 50, "requests": 2000, "seconds": 60.0, "warmup": 200, "sequential": 50, "stories": 200}
ROUTES = ("story page", "stories page + search", "story API")
# Words too common to be a search anyone types; the rest of a title's words of 4+ letters are candidates.
STOPWORDS = frozenset(
    " ".join(
        [
            "yang dengan untuk dari dalam akan pada tidak juga atau oleh sebagai karena kepada bagi agar saat",
            "setelah sudah telah masih bisa dapat harus para antara hingga sampai tahun ini itu ada adalah jadi",
            "soal usai kata begini",
        ]
    ).split()
)
_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")


# --- figures ---------------------------------------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values: the smallest value with at least p% of them at or below it."""
    if not sorted_values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100: {p}")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True, slots=True)
class Sample:
    latency_s: float
    status: int  # 0: the request failed (connection error, timeout)
    nbytes: int  # body bytes


@dataclass(slots=True)
class RunResult:
    samples: list[Sample]
    wall_s: float
    client_cpu_s: float = 0.0
    server_cpu_s: float | None = None  # None: not known (a server we did not start)
    failures: list[str] = field(default_factory=list)  # first few error descriptions


@dataclass(frozen=True, slots=True)
class RouteStats:
    route: str
    requests: int
    errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    per_s: float
    mean_kib: float
    service_ms: float | None = None  # p50 of sequential single-client requests
    client_cpu_ms: float | None = None  # per request
    server_cpu_ms: float | None = None  # per request

    @property
    def meets_target(self) -> bool:
        return self.errors == 0 and self.p99_ms < TARGET_MS


def is_ok(status: int) -> bool:
    return 200 <= status < 300


def summarise(route: str, run: RunResult, service: RunResult | None = None) -> RouteStats:
    """Latency percentiles (ms), throughput and per-request CPU of one route's measured run."""
    if not run.samples:
        raise ValueError(f"no requests were made for {route}")
    latencies = sorted(s.latency_s * 1000 for s in run.samples)
    n = len(latencies)
    service_ms = percentile(sorted(s.latency_s * 1000 for s in service.samples), 50) if service else None
    return RouteStats(
        route=route,
        requests=n,
        errors=sum(not is_ok(s.status) for s in run.samples),
        p50_ms=percentile(latencies, 50),
        p90_ms=percentile(latencies, 90),
        p99_ms=percentile(latencies, 99),
        max_ms=latencies[-1],
        mean_ms=sum(latencies) / n,
        per_s=n / run.wall_s if run.wall_s > 0 else 0.0,
        mean_kib=sum(s.nbytes for s in run.samples) / n / 1024,
        service_ms=service_ms,
        client_cpu_ms=run.client_cpu_s * 1000 / n,
        server_cpu_ms=None if run.server_cpu_s is None else run.server_cpu_s * 1000 / n,
    )


# --- HTTP clients --------------------------------------------------------------------------------------------------


class Fetcher(Protocol):
    async def get(self, target: str) -> tuple[int, int]:
        """GET ``target`` (path and query); (status, body bytes)."""
        ...

    async def aclose(self) -> None: ...


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    """Status code and lower-cased headers of an HTTP/1.x response head (status line to the blank line)."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise ValueError(f"not an HTTP/1.x status line: {lines[0]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"malformed header line: {line!r}")
        key = name.strip().lower()
        value = value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return int(parts[1]), headers


async def read_chunked(reader: asyncio.StreamReader) -> int:
    """Read a chunked body (and its trailers) from ``reader``; the number of body bytes."""
    total = 0
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers, then the blank line
                pass
            return total
        await reader.readexactly(size + 2)  # the chunk and its CRLF
        total += size


async def read_body(reader: asyncio.StreamReader, headers: dict[str, str], status: int) -> tuple[int, bool]:
    """Read the body that follows a response head; (bytes, whether the connection can be reused)."""
    keep = "close" not in headers.get("connection", "").lower()
    if status in (204, 304) or 100 <= status < 200:
        return 0, keep
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return await read_chunked(reader), keep
    if "content-length" in headers:
        length = int(headers["content-length"])
        await reader.readexactly(length)
        return length, keep
    return len(await reader.read()), False  # delimited by the end of the connection


class RawFetcher:
    """A minimal HTTP/1.1 keep-alive GET client on asyncio streams: one connection, one request at a time."""

    def __init__(self, host: str, port: int, timeout_s: float = 30.0) -> None:
        self.host, self.port, self.timeout_s = host, port, timeout_s
        authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self._head = f"Host: {authority}\r\nUser-Agent: warta-bench\r\nAccept: */*\r\n\r\n".encode("ascii")
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, int]:
        try:
            async with asyncio.timeout(self.timeout_s):
                if self._reader is not None and self._reader.at_eof():  # the server closed it while idle
                    await self.aclose()
                reused = self._writer is not None
                try:
                    status, nbytes, keep = await self._exchange(target)
                except (ConnectionError, asyncio.IncompleteReadError) as exc:
                    if not reused or (isinstance(exc, asyncio.IncompleteReadError) and exc.partial):
                        raise
                    # An idle keep-alive connection the server closed as we reused it (nothing came back):
                    # once more on a new connection, as browsers and httpx do for a GET.
                    await self.aclose()
                    status, nbytes, keep = await self._exchange(target)
        except BaseException:
            await self.aclose()  # the connection is in an unknown state: the next request opens a new one
            raise
        if not keep:
            await self.aclose()
        return status, nbytes

    async def _exchange(self, target: str) -> tuple[int, int, bool]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        self._writer.write(b"GET " + target.encode("ascii") + b" HTTP/1.1\r\n" + self._head)
        status, headers = parse_head(await self._reader.readuntil(b"\r\n\r\n"))
        nbytes, keep = await read_body(self._reader, headers, status)
        return status, nbytes, keep

    async def aclose(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError, asyncio.CancelledError):
                await writer.wait_closed()


class HttpxFetcher:
    """``httpx.AsyncClient`` with one keep-alive connection, for cross-checking the raw client."""

    def __init__(self, base_url: str, timeout_s: float = 30.0) -> None:
        import httpx

        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self._client = httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout_s, trust_env=False)

    async def get(self, target: str) -> tuple[int, int]:
        response = await self._client.get(target)
        return response.status_code, len(response.content)

    async def aclose(self) -> None:
        await self._client.aclose()


def fetcher_factory(kind: str, base_url: str) -> Callable[[], Fetcher]:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if kind == "raw":
        return lambda: RawFetcher(host, port)
    if kind == "httpx":
        return lambda: HttpxFetcher(base_url)
    raise ValueError(f"unknown client: {kind!r}")


# --- load ----------------------------------------------------------------------------------------------------------


def client_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu_s(pid: int | None) -> float | None:
    """User + system CPU seconds of process ``pid`` and all its threads, from /proc; None where that is not readable."""
    if pid is None:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": field 3 is fields[0]
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def closed_loop(
    fetchers: Sequence[Fetcher], targets: Sequence[str], *, requests: int, seconds: float, offset: int = 0
) -> RunResult:
    """Each fetcher sends its next request when the previous one has answered; stops at ``requests`` or ``seconds``."""
    samples: list[Sample] = []
    failures: list[str] = []
    issued = 0
    start = time.perf_counter()
    deadline = start + seconds

    async def client(fetcher: Fetcher) -> None:
        nonlocal issued
        while issued < requests and time.perf_counter() < deadline:
            target = targets[(offset + issued) % len(targets)]
            issued += 1
            t0 = time.perf_counter()
            try:
                status, nbytes = await fetcher.get(target)
            except Exception as exc:  # recorded as a failed request; the run fails loudly at the end
                status, nbytes = 0, 0
                if len(failures) < 5:
                    failures.append(f"GET {target}: {type(exc).__name__}: {exc}")
            else:
                if not is_ok(status) and len(failures) < 5:
                    failures.append(f"GET {target}: HTTP {status}")
            samples.append(Sample(time.perf_counter() - t0, status, nbytes))

    await asyncio.gather(*(client(f) for f in fetchers))
    return RunResult(samples, time.perf_counter() - start, failures=failures)


async def measure_route(
    make_fetcher: Callable[[], Fetcher],
    targets: Sequence[str],
    *,
    clients: int,
    requests: int,
    seconds: float,
    warmup: int,
    sequential: int,
    server_pid: int | None,
) -> tuple[RunResult, RunResult | None]:
    """Warm-up, then ``sequential`` one-client requests, then the measured ``clients``-client run."""
    fetchers = [make_fetcher() for _ in range(clients)]
    try:
        if warmup:
            await closed_loop(fetchers, targets, requests=warmup, seconds=seconds)
        service = None
        if sequential:
            service = await closed_loop(fetchers[:1], targets, requests=sequential, seconds=seconds, offset=warmup)
        cpu0, server0 = client_cpu_s(), process_cpu_s(server_pid)
        run = await closed_loop(fetchers, targets, requests=requests, seconds=seconds, offset=warmup + sequential)
        run.client_cpu_s = client_cpu_s() - cpu0
        server1 = process_cpu_s(server_pid)
        run.server_cpu_s = None if server0 is None or server1 is None else server1 - server0
        return run, service
    finally:
        await asyncio.gather(*(f.aclose() for f in fetchers), return_exceptions=True)


# --- inputs from the database ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DbInfo:
    articles: int
    stories: int
    multi_stories: int  # stories with two or more articles
    size_bytes: int


def connect_ro(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)


def db_info(db: Path) -> DbInfo:
    with contextlib.closing(connect_ro(db)) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        stories, multi = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE n_articles >= 2) FROM stories"
        ).fetchone()
    size = sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())
    return DbInfo(articles, stories, multi, size)


def sample_story_ids(rows: Sequence[tuple[str, int]], n: int, seed: int) -> list[str]:
    """``n`` story ids, stories with two or more articles first, in a random order fixed by ``seed``."""
    rng = random.Random(seed)
    multi = sorted(story_id for story_id, count in rows if count >= 2)
    single = sorted(story_id for story_id, count in rows if count < 2)
    chosen = rng.sample(multi, min(n, len(multi)))
    chosen += rng.sample(single, min(n - len(chosen), len(single)))
    rng.shuffle(chosen)
    return chosen


def title_words(title: str) -> list[str]:
    """Candidate search words of a title: lower-cased, letters only, 4+ letters, not a stopword."""
    return [w for w in (m.lower() for m in _TITLE_WORD.findall(title)) if w not in STOPWORDS]


def sample_search_words(titles: Sequence[str], n: int, seed: int) -> list[str]:
    """Up to ``n`` distinct words, one from each of the titles taken in a seeded random order."""
    rng = random.Random(seed)
    order = list(titles)
    rng.shuffle(order)
    words: list[str] = []
    seen: set[str] = set()
    for title in order:
        candidates = [w for w in title_words(title) if w not in seen]
        if candidates:
            word = rng.choice(candidates)
            seen.add(word)
            words.append(word)
            if len(words) >= n:
                break
    return words


def pick_inputs(db: Path, *, stories: int, words: int, seed: int) -> tuple[list[str], list[str]]:
    """(story ids, search words) from the database, read-only."""
    with contextlib.closing(connect_ro(db)) as conn:
        rows = conn.execute("SELECT id, n_articles FROM stories").fetchall()
        titles = [r[0] for r in conn.execute("SELECT title FROM articles ORDER BY pk")]
    return sample_story_ids(rows, stories, seed), sample_search_words(titles, words, seed)


def route_targets(story_ids: Sequence[str], words: Sequence[str]) -> dict[str, list[str]]:
    ids = [quote(i, safe="") for i in story_ids]
    return {
        "story page": [f"/stories/{i}" for i in ids],
        "stories page + search": [f"/?q={quote(w, safe='')}" for w in words],
        "story API": [f"/api/stories/{i}" for i in ids],
    }


# --- the server ----------------------------------------------------------------------------------------------------


def is_loopback_url(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "http" or not host:
        return False
    return is_loopback(host)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def can_pin() -> bool:
    return hasattr(os, "sched_setaffinity") and {0, 1} <= os.sched_getaffinity(0)


def _pin_to_cpu1() -> None:  # runs in the server child between fork and exec
    os.sched_setaffinity(0, {1})


def wait_until_up(url: str, proc: subprocess.Popen[bytes] | None, timeout_s: float) -> None:
    """Poll ``url``/openapi.json until it answers 200; a child that exits or a timeout raises."""
    parts = urlsplit(url)
    deadline = time.monotonic() + timeout_s
    last = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering")
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=5)
        try:
            conn.request("GET", "/openapi.json")
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return
            last = f"HTTP {response.status}"
        except OSError as exc:
            last = f"{type(exc).__name__}: {exc}"
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer /openapi.json with 200 within {timeout_s:.0f} s ({last})")


def serve_command(warta: Sequence[str], db: Path, port: int) -> list[str]:
    """``warta serve`` on loopback, without the access log when the command has ``--quiet``."""
    command = [*warta, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    help_text = subprocess.run([*warta, "serve", "--help"], capture_output=True, text=True).stdout
    if help_text == "":
        raise RuntimeError(f"`{shlex.join([*warta, 'serve', '--help'])}` printed nothing: is `warta serve` there?")
    return [*command, "--quiet"] if "--quiet" in help_text else command


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- the client-cost measurement ------------------------------------------------------------------------------------

STUB_BODY = b"x" * 2048


class _StubProtocol(asyncio.Protocol):
    """Answers every complete request head with a fixed 2 KiB body, keep-alive."""

    response = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2048\r\n\r\n" + STUB_BODY

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport, self.buffer = transport, b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            self.buffer = self.buffer[end + 4 :]
            self.transport.write(self.response)


def run_stub_server(port: int) -> None:
    async def serve() -> None:
        server = await asyncio.get_running_loop().create_server(_StubProtocol, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


def client_cost(requests: int, clients: int, pin: bool) -> list[tuple[str, float, float, float]]:
    """(client, CPU µs per request, requests/s, client core busy share) of each client against the stub server."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--stub-server", str(port)], preexec_fn=_pin_to_cpu1 if pin else None
    )
    rows = []
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, proc, 30)
        for kind in ("httpx", "raw"):
            make = fetcher_factory(kind, url)
            run, _ = asyncio.run(
                measure_route(
                    make,
                    ["/"],
                    clients=clients,
                    requests=requests,
                    seconds=120,
                    warmup=clients * 4,
                    sequential=0,
                    server_pid=None,
                )
            )
            bad = sum(not is_ok(s.status) for s in run.samples)
            if bad:
                raise RuntimeError(f"{bad} failed requests against the stub server: {run.failures}")
            n = len(run.samples)
            rows.append((kind, run.client_cpu_s * 1e6 / n, n / run.wall_s, run.client_cpu_s / run.wall_s))
    finally:
        stop(proc)
    return rows


# --- output ----------------------------------------------------------------------------------------------------------

HEADER = [
    "route",
    "requests",
    "errors",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "max ms",
    "req/s",
    "KiB/resp",
    "1-client ms",
    "server CPU ms/req",
    "client CPU ms/req",
    f"p99 < {TARGET_MS:.0f} ms",
]


def _opt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table_row(s: RouteStats) -> list[str]:
    return [
        s.route,
        f"{s.requests:,}",
        str(s.errors),
        f"{s.p50_ms:.1f}",
        f"{s.p90_ms:.1f}",
        f"{s.p99_ms:.1f}",
        f"{s.max_ms:.1f}",
        f"{s.per_s:,.0f}",
        f"{s.mean_kib:.1f}",
        _opt(s.service_ms),
        _opt(s.server_cpu_ms),
        _opt(s.client_cpu_ms),
        "yes" if s.meets_target else "no",
    ]


def format_table(stats: Sequence[RouteStats]) -> str:
    rows = [HEADER, *(table_row(s) for s in stats)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in rows
    )


def results_body(
    stats: Sequence[RouteStats],
    *,
    command_line: str,
    server: str,
    pinned: str,
    client: str,
    info: DbInfo,
    n_stories: int,
    n_words: int,
    args: argparse.Namespace,
) -> str:
    lines = [
        TITLE,
        "",
        f"Last run: `{command_line}` on {datetime.now(UTC).strftime('%Y-%m-%d')}, commit {report.git_revision()}.",
        f"Server: {server}. Machine: {report.machine_summary()}; {pinned}.",
        f"Database: {info.articles:,} articles, {info.stories:,} stories ({info.multi_stories:,} with 2+ articles),"
        f" {info.size_bytes / 2**20:,.0f} MiB (`benchmarks/ingest.py --articles 50000 --keep`).",
        f"Inputs: {n_stories} story ids (seed {args.seed}, stories with 2+ articles first) for `/stories/{{id}}` and",
        f"`/api/stories/{{id}}`; {n_words} search words from article titles for `/?q=WORD`.",
        f"Load: {args.clients} closed-loop clients ({client}), one keep-alive connection each; per route"
        f" {args.warmup} warm-up requests, {args.sequential} sequential ones from one client",
        "(1-client ms: their p50, the single-request service time),"
        f"then the measured run, bounded by {args.requests:,} requests and {args.seconds:g} s. Latency: request sent to"
        " last body byte, on the client. With a closed loop, mean latency = clients / throughput.",
        "",
        report.markdown_row(HEADER),
        report.markdown_row(["---"] + ["---:"] * (len(HEADER) - 1)),
        *(report.markdown_row(table_row(s)) for s in stats),
    ]
    return "\n".join(lines)


# --- command line ----------------------------------------------------------------------------------------------------


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text}")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text}")
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    d = DEFAULTS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the database to serve and to draw inputs from (≥ 50,000 articles)")
    parser.add_argument("--url", help="benchmark this already running server on --db instead (loopback only)")
    parser.add_argument("--clients", type=positive_int, default=d["clients"], help="concurrent clients (default 50)")
    parser.add_argument("--requests", type=positive_int, default=d["requests"], help="measured requests per route")
    parser.add_argument("--seconds", type=positive_float, default=d["seconds"], help="time bound per route (60)")
    parser.add_argument("--warmup", type=non_negative_int, default=d["warmup"], help="warm-up requests per route")
    parser.add_argument("--sequential", type=non_negative_int, default=d["sequential"], help="one-client requests")
    parser.add_argument("--stories", type=positive_int, default=d["stories"], help="story ids to sample (200)")
    parser.add_argument("--words", type=positive_int, default=50, help="search words to sample (50)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the sampled inputs")
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw", help="load client (default raw)")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the server to CPU 1 and the client to CPU 0")
    parser.add_argument("--warta", help="command that runs the CLI (default: the warta next to this Python)")
    parser.add_argument("--startup-timeout", type=positive_float, default=60.0, help="seconds to wait for the server")
    parser.add_argument("--client-cost", action="store_true", help="only measure the load clients' CPU per request")
    parser.add_argument("--write-results", action="store_true", help="write the web-latency section of RESULTS.md")
    parser.add_argument("--results", type=Path, default=report.RESULTS, help=argparse.SUPPRESS)
    parser.add_argument("--stub-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stub_server is not None or args.client_cost:
        return args
    if args.db is None:
        parser.error(
            "--db is required: build a database of 50,000 articles with "
            "`python benchmarks/ingest.py --articles 50000 --keep --workdir DIR` and pass DIR/bench.db"
        )
    if not args.db.is_file():
        parser.error(f"--db {args.db}: no such file")
    if args.url is not None and not is_loopback_url(args.url):
        parser.error(f"--url must be http:// on a loopback address (127.0.0.1, localhost, ::1): {args.url}")
    return args


@contextlib.contextmanager
def started_server(command: Sequence[str], pin: bool) -> Iterator[tuple[subprocess.Popen[bytes], IO[bytes]]]:
    """Run ``command`` (``warta serve``), output to a temporary file, on CPU 1 if ``pin``; stop it afterwards."""
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(list(command), stdout=log, stderr=log, preexec_fn=_pin_to_cpu1 if pin else None)
        try:
            yield proc, log
        finally:
            stop(proc)


def log_tail(log: IO[bytes], limit: int = 4000) -> str:
    log.seek(0)
    return log.read()[-limit:].decode("utf-8", "replace").strip()


def run_routes(
    url: str, targets: dict[str, list[str]], args: argparse.Namespace, server_pid: int | None
) -> tuple[list[RouteStats], list[str]]:
    """Measure every route in turn; the stats and the first failures."""
    make = fetcher_factory(args.client, url)
    stats: list[RouteStats] = []
    failures: list[str] = []
    for route in ROUTES:
        run, service = asyncio.run(
            measure_route(
                make,
                targets[route],
                clients=args.clients,
                requests=args.requests,
                seconds=args.seconds,
                warmup=args.warmup,
                sequential=args.sequential,
                server_pid=server_pid,
            )
        )
        stats.append(summarise(route, run, service))
        failures += run.failures + (service.failures if service else [])
        s = stats[-1]
        print(f"{route}: {s.requests:,} requests, p50 {s.p50_ms:.1f} ms, p99 {s.p99_ms:.1f} ms", file=sys.stderr)
    return stats, failures


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.stub_server is not None:
        run_stub_server(args.stub_server)
        return 0
    pin = not args.no_pin and can_pin()
    if args.client_cost:
        if pin:
            os.sched_setaffinity(0, {0})
        for kind, cpu_us, per_s, busy in client_cost(args.requests * 5, args.clients, pin):
            print(f"{kind:<6} {cpu_us:7.0f} µs CPU/request  {per_s:8,.0f} requests/s  client core {busy:4.0%} busy")
        return 0

    info = db_info(args.db)
    print(f"database {args.db}: {info.articles:,} articles, {info.stories:,} stories ({info.multi_stories:,} with 2+)")
    if info.articles < MIN_ARTICLES:
        print(f"warning: fewer than {MIN_ARTICLES:,} articles", file=sys.stderr)
    story_ids, words = pick_inputs(args.db, stories=args.stories, words=args.words, seed=args.seed)
    if not story_ids or not words:
        print("error: the database has no stories or no article titles to search for", file=sys.stderr)
        return 1
    targets = route_targets(story_ids, words)

    try:
        if args.url is None:
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            command = serve_command(warta_command(args.warta), args.db, port)
            server = "`" + shlex.join(["warta", *command[command.index("serve") :]]).replace(str(port), "PORT") + "`"
            pinned = "server pinned to CPU 1, client to CPU 0 (sched_setaffinity)" if pin else "nothing pinned"
            with started_server(command, pin) as (proc, log):
                if pin:
                    os.sched_setaffinity(0, {0})
                try:
                    wait_until_up(url, proc, args.startup_timeout)
                    stats, failures = run_routes(url, targets, args, proc.pid)
                    if proc.poll() is not None:  # e.g. it lost the port to another server, which then answered
                        raise RuntimeError(f"the server exited with {proc.returncode} during the run")
                except RuntimeError:
                    print(f"server output (last lines):\n{log_tail(log)}", file=sys.stderr)
                    raise
                if failures:
                    print(f"server output (last lines):\n{log_tail(log)}", file=sys.stderr)
        else:
            url = args.url.rstrip("/")
            server = f"already running at {url}"
            pinned = "client pinned to CPU 0 (sched_setaffinity), the server as started" if pin else "nothing pinned"
            if pin:
                os.sched_setaffinity(0, {0})
            wait_until_up(url, None, args.startup_timeout)
            stats, failures = run_routes(url, targets, args, None)
    except (RuntimeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    print(format_table(stats))
    errors = sum(s.errors for s in stats)
    if errors or failures:
        print(f"error: {errors} failed or non-2xx requests, e.g.:", file=sys.stderr)
        for line in failures:
            print(f"  {line}", file=sys.stderr)
        return 1
    if args.write_results:
        if info.articles < MIN_ARTICLES or args.clients != DEFAULTS["clients"]:
            print(f"not writing results: the section is for {DEFAULTS['clients']} clients on ≥ 50k articles")
            return 1
        command_line = shlex.join(
            ["python", "benchmarks/web_latency.py", *(argv if argv is not None else sys.argv[1:])]
        )
        body = results_body(
            stats,
            command_line=command_line,
            server=server,
            pinned=pinned,
            client="raw asyncio client" if args.client == "raw" else "httpx.AsyncClient",
            info=info,
            n_stories=len(story_ids),
            n_words=len(words),
            args=args,
        )
        report.update_section(SECTION, body, args.results)
        print(f"updated section '{SECTION}' in {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
