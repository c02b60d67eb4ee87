"""A local HTTP server for the fetch tests, feeds and pages to serve, and a guard on connections.

The server listens on 127.0.0.1 only (the tests allow it with ``allow_private``) and records every
request it answers. :func:`guard_connections` makes a test fail the moment anything tries to open
a connection to an address other than 127.0.0.1, or to resolve a host name: tests of refusal must
never send a packet anywhere.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from random import Random
from typing import Any
from xml.sax.saxutils import escape

import pytest

LOOPBACK = "127.0.0.1"


@dataclass
class Reply:
    """What the server answers for a path: ``etag`` makes it answer 304 to a matching If-None-Match."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str]


class FeedServer:
    """``routes`` maps a path to a :class:`Reply`, or to a list of replies given one per request (the
    last one repeats). ``requests`` lists what was asked, in order."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | list[Reply]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((LOOPBACK, 0), _handler(self))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://{LOOPBACK}:{self.port}{path}"

    def hits(self, path: str | None = None, *, prefix: str | None = None) -> list[Seen]:
        with self._lock:
            return [
                r
                for r in self.requests
                if (path is None or r.path == path) and (prefix is None or r.path.startswith(prefix))
            ]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    def reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(Seen(path, headers))
            route = self.routes.get(path)
            if isinstance(route, list):
                return route.pop(0) if len(route) > 1 else route[0]
            return route or Reply(404, b"not found", "text/plain")

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # a reply's headers and body leave at once, not 40 ms apart

        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = server.reply(self.path, headers)
            if reply.etag is not None and headers.get("if-none-match") == reply.etag:
                self.send_response(304)
                self.send_header("ETag", reply.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            if reply.etag is not None:
                self.send_header("ETag", reply.etag)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return Handler


@contextmanager
def serving() -> Iterator[FeedServer]:
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


# -- what it serves ------------------------------------------------------------------------------

_WORD_LIST = (
    "pemerintah warga kota desa banjir jalan sekolah rumah sakit pasar harga beras listrik air bantuan "
    "menteri gubernur bupati polisi tentara petani nelayan pedagang guru dokter pasien anak ibu bapak "
    "kemarin pagi siang malam minggu bulan tahun baru lama besar kecil tinggi rendah cepat lambat "
    "membangun memperbaiki mengirim menerima menolak mendukung meminta menjelaskan mengatakan menyebut "
    "laporan rapat sidang kebijakan anggaran program proyek wilayah provinsi kabupaten kecamatan "
    "sungai gunung laut pantai hutan sawah kebun pabrik kantor gedung jembatan bandara pelabuhan stasiun"
)
_WORDS = tuple(_WORD_LIST.split())


_SYLLABLES = tuple(c + v for c in "bdgjklmnprst" for v in "aiu")


def _topic_words(rng: Random, count: int) -> list[str]:
    """Made-up three-syllable words (``"kamiru"``): what one article is about, and no other."""
    return ["".join(rng.choice(_SYLLABLES) for _ in range(3)) for _ in range(count)]


def article_text(n: int, *, paragraphs: int = 3, words: int = 40) -> list[str]:
    """Paragraphs of plausible Indonesian words, different for each ``n``: half of them common news
    words, half words of the article's own topic, so that two articles are not one story (a
    thousand pages of one story would test the story stages, not fetching)."""
    rng = Random(n)
    topic = _topic_words(rng, 12)
    return [
        " ".join(rng.choice(topic if k % 2 else _WORDS) for k in range(words)).capitalize() + f" nomor {n}."
        for _ in range(paragraphs)
    ]


def page_html(n: int, *, title: str | None = None) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in article_text(n))
    heading = escape(title or f"Berita nomor {n}")
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{heading}</title></head>'
        f"<body><nav><a href='/'>Beranda</a></nav><article><h1>{heading}</h1>{body}</article></body></html>"
    ).encode()


def rss(links: Sequence[str], *, title: str = "Berita Lokal") -> bytes:
    day = formatdate(1_690_441_200, usegmt=True)  # Thu, 27 Jul 2023 07:00:00 GMT
    items = "".join(
        f"<item><title>Berita {i}</title><link>{escape(link)}</link><pubDate>{day}</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>http://news.example/</link><description>x</description>{items}</channel></rss>"
    ).encode()


def atom(links: Sequence[str]) -> bytes:
    entries = "".join(
        f'<entry><title>Berita {i}</title><link rel="alternate" href="{escape(link)}"/><id>urn:{i}</id>'
        f"<updated>2023-07-27T07:00:00Z</updated></entry>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>'
        f"<id>urn:feed</id><updated>2023-07-27T07:00:00Z</updated>{entries}</feed>"
    ).encode()


RSS_TYPE = "application/rss+xml"


# -- no packet may leave ---------------------------------------------------------------------------


@dataclass
class ConnectionLog:
    """Every connection (address, port) and every name resolution a guarded test attempted."""

    connects: list[tuple[str, int]] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)

    def elsewhere(self) -> list[tuple[str, int]]:
        return [c for c in self.connects if c[0] != LOOPBACK]


def guard_connections(monkeypatch: pytest.MonkeyPatch) -> ConnectionLog:
    """From now on in this test, a connection to anything but 127.0.0.1 fails the test before it is
    made, and so does resolving a host name (an IP literal is passed through: it sends nothing)."""
    log = ConnectionLog()
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def allowed(address: Any) -> bool:
        host = address[0] if isinstance(address, tuple) else str(address)
        log.connects.append((str(host), int(address[1]) if isinstance(address, tuple) else 0))
        return host == LOOPBACK

    def connect(self: socket.socket, address: Any) -> None:
        if not allowed(address):
            pytest.fail(f"a connection to {address!r} was attempted")
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not allowed(address):
            pytest.fail(f"a connection to {address!r} was attempted")
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        text = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(text)
        except ValueError:
            log.lookups.append(text)
            pytest.fail(f"a DNS lookup of {text!r} was attempted")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return log


class StubResolver:
    """Resolves the names it is given, and nothing else (no DNS)."""

    def __init__(self, names: dict[str, Sequence[str]] | Callable[[str], Sequence[str]]) -> None:
        self.names = names
        self.asked: list[str] = []

    def resolve(self, host: str) -> Sequence[str]:
        self.asked.append(host)
        if callable(self.names):
            return self.names(host)
        if host not in self.names:
            raise OSError(f"stub resolver: unknown host {host}")
        return self.names[host]
