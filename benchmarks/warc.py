"""WARC ingest benchmark: memory stays flat in the archive's size (issue 11).

    python benchmarks/warc.py                       # a 1 GiB .warc.gz and one a tenth its size
    python benchmarks/warc.py --gib 2 --articles 2000
    python benchmarks/warc.py --write-results       # also update the warc section of RESULTS.md

Each archive is written here, as a crawl looks: per fetch a ``request`` record and a ``response``;
``--articles`` HTML pages (the IndoSum sample articles, and perturbed copies of them past 715, as
``benchmarks/ingest.py`` makes them), and between them 1 MiB images (random bytes, so gzip cannot
shrink them), 404 pages and truncated responses, until the file reaches its size. Each record is
gzipped on its own (level 1). Then ``warta ingest FILE --db DB --quiet`` runs in a child pinned to
one core; wall time is measured around it and peak RSS is the child's ``ru_maxrss``. Flat memory
means the large archive's peak is about the small one's (both hold the same articles).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import random
import shlex
import shutil
import sys
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any, BinaryIO

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(REPO))

from benchmarks import report  # noqa: E402
from benchmarks.eval_cluster import warta_command  # noqa: E402
from benchmarks.indosum import load_records  # noqa: E402
from benchmarks.ingest import build_corpus, copies_needed, measure, mib  # noqa: E402

SECTION = "warc"
OUT_DIR = REPO / "benchmarks" / "out"  # git-ignored
IMAGE_BYTES = 1 << 20
HEADER = ["archive", "GiB", "records", "articles", "wall s", "articles/s", "MiB/s", "peak RSS MiB", "date", "commit"]


def _record(kind: str, uri: str, block: bytes, date: str, truncated: bool = False) -> bytes:
    msgtype = "response" if kind == "response" else "request"
    record_id = uuid.UUID(bytes=hashlib.sha256(f"{kind} {uri} {len(block)}".encode()).digest()[:16])
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\nWARC-Date: {date}\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={msgtype}\r\n"
        + ("WARC-Truncated: length\r\n" if truncated else "")
        + f"Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def _response(status: int, content_type: str, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _page(article: Mapping[str, Any]) -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in str(article["text"]).split("\n") if p.strip())
    title = escape(str(article.get("title") or "Berita"))
    published = escape(str(article.get("published") or ""))
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}"></head><body><article><h1>{title}</h1>'
        f"{paragraphs}</article></body></html>"
    ).encode()


class _Writer:
    """Writes fetches (a request record and its response, each a gzip member) and counts them."""

    def __init__(self, out: BinaryIO, seed: int) -> None:
        self.out = out
        self.rng = random.Random(seed)
        self.bytes = 0
        self.records = 0
        self.date = "2023-07-27T08:00:00Z"

    def fetch(self, uri: str, response: bytes, *, truncated: bool = False) -> None:
        host, path = uri.split("/", 3)[2:]
        request = f"GET /{path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
        for record in (
            _record("request", uri, request, self.date),
            _record("response", uri, response, self.date, truncated),
        ):
            data = gzip.compress(record, 1)
            self.out.write(data)
            self.bytes += len(data)
            self.records += 1

    def filler(self, uri: str) -> None:
        """Mostly a 1 MiB image; now and then a 404 page or a truncated response."""
        kind = self.rng.random()
        if kind < 0.9:
            self.fetch(uri, _response(200, "image/jpeg", self.rng.randbytes(IMAGE_BYTES)))
        elif kind < 0.95:
            self.fetch(uri, _response(404, "text/html", b"<html><body>tidak ditemukan</body></html>"))
        else:
            self.fetch(uri, _response(200, "text/html", self.rng.randbytes(IMAGE_BYTES // 2)), truncated=True)


def write_archive(path: Path, articles: Sequence[Mapping[str, Any]], size: int, seed: int = 0) -> int:
    """Write the archive (see the module docstring), the articles spread through it; returns its records."""
    per_article = max(0, size // IMAGE_BYTES // max(1, len(articles)))
    with path.open("wb") as out:
        writer = _Writer(out, seed)
        for n, article in enumerate(articles):
            writer.fetch(f"https://kabar.example/berita/{n}", _response(200, "text/html", _page(article)))
            for k in range(per_article):
                writer.filler(f"https://kabar.example/aset/{n}-{k}")
        extra = 0
        while writer.bytes < size:
            writer.filler(f"https://kabar.example/aset/extra-{extra}")
            extra += 1
    return writer.records


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gib", type=float, default=1.0, help="size of the large archive (default 1)")
    parser.add_argument("--articles", type=int, default=1000, help="HTML pages in each archive (default 1,000)")
    parser.add_argument("--warta", default=None, help="how to run warta (default: the one next to this Python)")
    parser.add_argument("--keep", action="store_true", help="keep the archives and databases")
    parser.add_argument("--write-results", action="store_true", help="update the warc section of RESULTS.md")
    args = parser.parse_args(argv)

    records = load_records()
    articles = list(build_corpus(records, multiply=copies_needed(len(records), args.articles), limit=args.articles))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="warc-", dir=OUT_DIR))
    rows: list[list[str]] = []
    try:
        for name, gib in (("small", args.gib / 10), ("large", args.gib)):
            archive = workdir / f"{name}.warc.gz"
            count = write_archive(archive, articles, int(gib * (1 << 30)))
            size = archive.stat().st_size
            print(f"wrote {archive} ({mib(size):,.0f} MiB, {count:,} records, {len(articles):,} articles)")
            db = workdir / f"{name}.db"
            command = [*warta_command(args.warta), "ingest", str(archive), "--db", str(db), "--quiet"]
            m = measure(command, articles=len(articles), input_bytes=size)
            print(f"  {m.wall_s:.1f} s, peak RSS {mib(m.peak_rss_bytes):.0f} MiB")
            rows.append(
                [
                    name,
                    f"{size / (1 << 30):.2f}",
                    f"{count:,}",
                    f"{len(articles):,}",
                    f"{m.wall_s:.1f}",
                    f"{len(articles) / m.wall_s:.1f}",
                    f"{mib(size) / m.wall_s:.1f}",
                    f"{mib(m.peak_rss_bytes):.0f}",
                    datetime.now(UTC).strftime("%Y-%m-%d"),
                    report.git_revision(),
                ]
            )
            if not args.keep:
                archive.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.write_results:
        command_line = shlex.join(["python", "benchmarks/warc.py", *(argv if argv is not None else sys.argv[1:])])
        table = "\n".join([report.markdown_row(HEADER), report.markdown_row(["---"] * len(HEADER))])
        table += "\n" + "\n".join(report.markdown_row(r) for r in rows)
        body = "\n".join(
            [
                "## WARC ingest: memory flat in the archive's size",
                "",
                f"Last run: `{command_line}`. Machine: {report.machine_summary()}; the ingest is pinned to one core.",
                "Two archives with the same HTML articles, one ten times the other in size: the rest is request",
                "records, 1 MiB images, 404 pages and truncated responses (see the script's docstring). Peak RSS is",
                "the ingest process's `ru_maxrss`; flat memory means the two peaks are about equal.",
                "",
                table,
            ]
        )
        report.update_section(SECTION, body, report.RESULTS)
        print(f"updated section '{SECTION}' in {report.RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
