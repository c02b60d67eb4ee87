"""WARC input: each HTML response an article (URL and crawl date kept), every other record counted
by reason; a cut or corrupt archive keeps the records before the damage."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections import Counter
from pathlib import Path

import pytest
from tests.warc_data import CRAWLED, gzipped, html_response, http_response, page, record

from warta.config import IngestConfig
from warta.errors import InputError
from warta.ingest import read_inputs
from warta.records import RawArticle, Skipped, SkippedRecord

FLOOD = [
    "Banjir merendam ratusan rumah warga di Kabupaten Dompu, Nusa Tenggara Barat, pada Jumat sore.",
    "Ketinggian air mencapai dua meter di beberapa desa, kata Kepala BPBD Dompu Muhammad Rum.",
    "Warga mengungsi ke rumah kerabat dan masjid terdekat sambil menunggu air surut.",
]
FIRE = [
    "Kebakaran melanda pasar tradisional di Kota Bandung pada Selasa dini hari.",
    "Sebanyak 120 kios hangus terbakar dan kerugian ditaksir mencapai miliaran rupiah.",
    "Petugas pemadam kebakaran mengerahkan dua belas unit mobil untuk memadamkan api.",
]

Item = RawArticle | InputError | Skipped | SkippedRecord


def a_crawl() -> list[bytes]:
    """Two articles among the records a news crawl holds besides them."""
    return [
        record("warcinfo", "", b"software: test-crawler\r\n"),
        record("request", "https://kabar.example/banjir", b"GET /banjir HTTP/1.1\r\nHost: kabar.example\r\n\r\n"),
        html_response("https://kabar.example/banjir", page("Banjir di Dompu", FLOOD)),
        record("metadata", "https://kabar.example/banjir", b"fetchTimeMs: 120\r\n"),
        record("response", "https://kabar.example/logo.png", http_response(200, "image/png", b"\x89PNG" + bytes(500))),
        html_response("https://kabar.example/hilang", page("Tidak ditemukan", ["Halaman tidak ada."]), status=404),
        record("response", "https://kabar.example/redirect", http_response(301, "text/html", b"")),
        record(
            "response",
            "https://kabar.example/besar",
            http_response(200, "text/html", page("Terpotong", FIRE)),
            headers={"WARC-Truncated": "length"},
        ),
        html_response("https://pos.example/kebakaran", page("Pasar terbakar", FIRE)),
    ]


def read(path: Path, cfg: IngestConfig | None = None) -> list[Item]:
    return list(read_inputs([str(path)], cfg or IngestConfig()))


def articles(items: list[Item]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def reasons(items: list[Item]) -> Counter[str]:
    return Counter(i.reason for i in items if isinstance(i, SkippedRecord))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_are_articles_and_the_other_records_are_counted_by_reason(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzipped(a_crawl()) if name.endswith(".gz") else b"".join(a_crawl()))

    items = read(path)

    flood, fire = articles(items)
    assert flood.url == "https://kabar.example/banjir"
    assert flood.title == "Banjir di Dompu"
    assert "Ketinggian air mencapai dua meter" in flood.text
    assert flood.metadata["crawled_at"] == CRAWLED
    assert flood.metadata["archive"] == name
    assert flood.metadata["warc_record_id"].startswith("<urn:uuid:")
    assert fire.url == "https://pos.example/kebakaran"
    assert reasons(items) == {
        "not a response record": 3,  # warcinfo, request, metadata
        "not HTML": 1,
        "HTTP status not 200": 2,  # the 404 and the 301
        "truncated": 1,
    }
    assert not [i for i in items if isinstance(i, InputError)]


def test_an_archive_cut_inside_a_record_keeps_the_records_before_it(tmp_path: Path) -> None:
    whole = b"".join(a_crawl())
    last = html_response("https://kabar.example/terakhir", page("Terakhir", FLOOD))
    path = tmp_path / "cut.warc"
    path.write_bytes(whole + last[: len(last) - 200])  # the file ends inside the last page's body

    items = read(path)

    assert [a.url for a in articles(items)] == ["https://kabar.example/banjir", "https://pos.example/kebakaran"]
    assert reasons(items)["truncated"] == 2


def test_corrupt_compression_is_an_error_naming_the_file_and_the_records_before_it_stay(tmp_path: Path) -> None:
    members = gzipped(a_crawl())
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(members + b"\x1f\x8b\x08\x00" + b"this is not deflate data" * 20)

    items = read(path)

    assert len(articles(items)) == 2
    [error] = [i for i in items if isinstance(i, InputError)]
    assert error.path == str(path)
    assert "cannot read the archive on from byte" in error.reason


def test_a_page_over_the_article_size_limit_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    big = page("Panjang", FLOOD * 200)
    path.write_bytes(gzipped([html_response("https://kabar.example/panjang", big)]))

    items = read(path, IngestConfig(max_article_bytes=len(big) // 2))

    assert articles(items) == []
    assert reasons(items) == {"larger than ingest.max_article_bytes": 1}


def test_chunked_and_gzip_encoded_bodies_are_decoded(tmp_path: Path) -> None:
    html = page("Banjir di Dompu", FLOOD)
    packed = gzip.compress(html)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (packed[:40], packed[40:])) + b"0\r\n\r\n"
    headers = {"Transfer-Encoding": "chunked", "Content-Encoding": "gzip"}
    deflated = zlib.compress(page("Pasar terbakar", FIRE))
    path = tmp_path / "encoded.warc.gz"
    path.write_bytes(
        gzipped(
            [
                html_response("https://kabar.example/banjir", chunked, headers=headers),
                html_response("https://pos.example/kebakaran", deflated, headers={"Content-Encoding": "deflate"}),
                html_response("https://x.example/br", b"\x00\x01", headers={"Content-Encoding": "br"}),
            ]
        )
    )

    items = read(path)

    assert [a.title for a in articles(items)] == ["Banjir di Dompu", "Pasar terbakar"]
    assert reasons(items) == {"content encoding not supported": 1}


def test_a_directory_walk_reads_warc_files_among_the_others(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.warc.gz").write_bytes(gzipped(a_crawl()))
    (tmp_path / "crawl" / "note.txt").write_text(" ".join(FIRE), encoding="utf-8")
    (tmp_path / "crawl" / "image.png").write_bytes(b"\x89PNG")

    items = read(tmp_path / "crawl")

    assert len(articles(items)) == 3
    assert [s.path for s in items if isinstance(s, Skipped)] == [str(tmp_path / "crawl" / "image.png")]


def test_skipped_records_are_never_held_in_memory(tmp_path: Path) -> None:
    # 40 images of 1 MB between two pages: reading the archive allocates nothing near their size.
    image = record("response", "https://kabar.example/foto.jpg", http_response(200, "image/jpeg", bytes(1 << 20)))
    path = tmp_path / "photos.warc.gz"
    pages = [html_response("https://kabar.example/banjir", page("Banjir", FLOOD))]
    path.write_bytes(gzipped(pages + [image] * 40 + pages))

    tracemalloc.start()
    try:
        items = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert reasons(items) == {"not HTML": 40}
    assert peak < 4 << 20, f"peak {peak} bytes"
