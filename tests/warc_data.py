"""WARC files for the tests and the benchmark, written by hand (the format is plain: a header block,
a blank line, the record's block, two line ends), each record gzipped on its own as crawlers do."""

from __future__ import annotations

import gzip
import hashlib
import uuid
from collections.abc import Iterable

CRAWLED = "2023-07-27T08:00:00Z"


def http_response(status: int, content_type: str, body: bytes, *, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Other'}", f"Content-Type: {content_type}"]
    extra = dict(headers or {})
    if "Transfer-Encoding" not in extra:
        lines.append(f"Content-Length: {len(body)}")
    lines += [f"{k}: {v}" for k, v in extra.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def record(kind: str, uri: str, block: bytes, *, date: str = CRAWLED, headers: dict[str, str] | None = None) -> bytes:
    """One WARC/1.1 record: ``kind`` is response, request, metadata, warcinfo, …"""
    msgtype = "response" if kind == "response" else "request"
    record_id = uuid.UUID(bytes=hashlib.sha256(kind.encode() + uri.encode() + block).digest()[:16])
    fields = {
        "WARC-Type": kind,
        "WARC-Record-ID": f"<urn:uuid:{record_id}>",
        "WARC-Date": date,
        **({"WARC-Target-URI": uri} if uri else {}),
        "Content-Type": f"application/http; msgtype={msgtype}" if kind in ("response", "request") else "text/plain",
        **(headers or {}),
        "Content-Length": str(len(block)),
    }
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def page(title: str, paragraphs: Iterable[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><nav><a href='/'>Beranda</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def html_response(uri: str, html: bytes, *, status: int = 200, headers: dict[str, str] | None = None) -> bytes:
    return record("response", uri, http_response(status, "text/html; charset=utf-8", html, headers=headers))


def gzipped(records: Iterable[bytes]) -> bytes:
    """The records as a ``.warc.gz``: one gzip member per record."""
    return b"".join(gzip.compress(r, mtime=0) for r in records)
