"""The web latency benchmark's pure helpers: percentiles, HTTP parsing, inputs, arguments (no server, no network)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from benchmarks import report
from benchmarks import web_latency as wl


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert wl.percentile(values, 50) == 50
    assert wl.percentile(values, 99) == 99
    assert wl.percentile(values, 100) == 100
    assert wl.percentile(values, 0) == 1
    assert wl.percentile([1.0, 2.0, 3.0], 50) == 2
    assert wl.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2  # no interpolation: always an observed value
    assert wl.percentile([7.0], 99) == 7


def test_percentile_p99_of_few_values_is_the_maximum() -> None:
    assert wl.percentile([1.0, 2.0, 3.0, 500.0], 99) == 500


@pytest.mark.parametrize(("values", "p"), [([], 50), ([1.0], -1), ([1.0], 101)])
def test_percentile_rejects_bad_input(values: list[float], p: float) -> None:
    with pytest.raises(ValueError):
        wl.percentile(values, p)


def test_summarise_counts_errors_and_throughput() -> None:
    samples = [wl.Sample(0.010, 200, 2048)] * 98 + [wl.Sample(0.050, 200, 2048), wl.Sample(0.200, 500, 0)]
    run = wl.RunResult(samples, wall_s=2.0, client_cpu_s=0.1, server_cpu_s=1.5)
    service = wl.RunResult([wl.Sample(0.002, 200, 10), wl.Sample(0.004, 200, 10), wl.Sample(0.003, 200, 10)], 0.01)
    s = wl.summarise("story API", run, service)
    assert (s.requests, s.errors) == (100, 1)
    assert s.p50_ms == pytest.approx(10)
    assert s.p99_ms == pytest.approx(50)
    assert s.max_ms == pytest.approx(200)
    assert s.per_s == pytest.approx(50)
    assert s.mean_kib == pytest.approx(2048 * 99 / 100 / 1024)
    assert s.service_ms == pytest.approx(3)
    assert s.client_cpu_ms == pytest.approx(1)
    assert s.server_cpu_ms == pytest.approx(15)
    assert not s.meets_target  # an error never meets the target, however fast
    assert wl.summarise("x", wl.RunResult(samples[:98], 1.0)).meets_target


def test_parse_head_reads_status_and_headers() -> None:
    head = b"HTTP/1.1 404 Not Found\r\nContent-Length: 12\r\nSet-Cookie: a\r\nset-cookie: b\r\n\r\n"
    status, headers = wl.parse_head(head)
    assert status == 404
    assert headers == {"content-length": "12", "set-cookie": "a, b"}


@pytest.mark.parametrize("head", [b"SPDY/3 200 OK\r\n\r\n", b"HTTP/1.1 abc\r\n\r\n", b"HTTP/1.1 200 OK\r\nbad\r\n\r\n"])
def test_parse_head_rejects_garbage(head: bytes) -> None:
    with pytest.raises(ValueError):
        wl.parse_head(head)


def _read(data: bytes, headers: dict[str, str], status: int = 200) -> tuple[int, bool, bytes]:
    async def go() -> tuple[int, bool, bytes]:
        reader = asyncio.StreamReader()
        reader.feed_data(data)
        reader.feed_eof()
        nbytes, keep = await wl.read_body(reader, headers, status)
        return nbytes, keep, await reader.read()  # what is left for the next response

    return asyncio.run(go())


def test_read_body_by_content_length_leaves_the_next_response() -> None:
    assert _read(b"helloHTTP/1.1", {"content-length": "5"}) == (5, True, b"HTTP/1.1")


def test_read_body_chunked_with_trailers() -> None:
    data = b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT"
    assert _read(data, {"transfer-encoding": "chunked"}) == (11, True, b"NEXT")


def test_read_body_until_close_and_connection_close() -> None:
    assert _read(b"all of it", {}) == (9, False, b"")
    assert _read(b"abc", {"content-length": "3", "connection": "close"})[:2] == (3, False)
    assert _read(b"", {}, status=204) == (0, True, b"")


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000/", True),
        ("http://[::1]:8000", True),
        ("http://10.0.0.5:8000", False),
        ("http://example.org", False),
        ("https://127.0.0.1:8443", False),  # the raw client speaks plain HTTP only
        ("127.0.0.1:8000", False),
    ],
)
def test_is_loopback_url(url: str, ok: bool) -> None:
    assert wl.is_loopback_url(url) is ok


def test_parse_args_defaults(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    db.write_bytes(b"")
    args = wl.parse_args(["--db", str(db)])
    assert (args.clients, args.requests, args.seconds, args.client, args.url) == (50, 2000, 60.0, "raw", None)
    assert args.warmup > 0 and args.sequential > 0 and not args.write_results


@pytest.mark.parametrize(
    "extra",
    [
        [],  # no --db at all
        ["--db", "/nonexistent/warta.db"],
        ["--db", "DB", "--url", "http://192.168.1.2:8000"],
        ["--db", "DB", "--clients", "0"],
        ["--db", "DB", "--seconds", "-1"],
        ["--db", "DB", "--client", "curl"],
    ],
)
def test_parse_args_rejects(extra: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "x.db"
    db.write_bytes(b"")
    with pytest.raises(SystemExit) as exc:
        wl.parse_args([str(db) if a == "DB" else a for a in extra])
    assert exc.value.code == 2
    assert "error" in capsys.readouterr().err


def test_sample_story_ids_prefers_multi_article_stories_and_is_seeded() -> None:
    rows = [(f"m{i}", 3) for i in range(5)] + [(f"s{i}", 1) for i in range(20)]
    picked = wl.sample_story_ids(rows, 8, seed=1)
    assert len(picked) == len(set(picked)) == 8
    assert {p for p in picked if p.startswith("m")} == {f"m{i}" for i in range(5)}
    assert picked == wl.sample_story_ids(list(reversed(rows)), 8, seed=1)  # row order does not matter
    assert len(wl.sample_story_ids(rows, 100, seed=1)) == 25


def test_search_words_come_from_titles_without_stopwords() -> None:
    assert wl.title_words("Banjir Merendam 300 Rumah yang ada di Jakarta") == ["banjir", "merendam", "rumah", "jakarta"]
    titles = ["Banjir merendam rumah", "Gempa di Sulawesi", "Yang ada itu"]
    words = wl.sample_search_words(titles, 10, seed=0)
    assert len(words) == 2 and len(set(words)) == 2
    assert {words[0], words[1]} <= {"banjir", "merendam", "rumah", "gempa", "sulawesi"}
    assert words == wl.sample_search_words(titles, 10, seed=0)


def test_route_targets_quote_ids_and_words() -> None:
    targets = wl.route_targets(["s 1/2"], ["pemilu"])
    assert targets == {
        "story page": ["/stories/s%201%2F2"],
        "stories page + search": ["/?q=pemilu"],
        "story API": ["/api/stories/s%201%2F2"],
    }


def test_inputs_and_size_from_a_database_read_only(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE stories (id TEXT PRIMARY KEY, n_articles INTEGER NOT NULL)")
        conn.execute("CREATE TABLE articles (pk INTEGER PRIMARY KEY, title TEXT NOT NULL)")
        conn.executemany("INSERT INTO stories VALUES (?, ?)", [("a", 2), ("b", 1), ("c", 4)])
        conn.executemany("INSERT INTO articles (title) VALUES (?)", [("Harga beras naik",), ("Gempa Lombok",)])
    conn.close()
    info = wl.db_info(db)
    assert (info.articles, info.stories, info.multi_stories) == (2, 3, 2)
    assert info.size_bytes == db.stat().st_size
    ids, words = wl.pick_inputs(db, stories=2, words=5, seed=0)
    assert sorted(ids) == ["a", "c"]
    assert set(words) <= {"harga", "beras", "naik", "gempa", "lombok"} and len(words) == 2
    ro = wl.connect_ro(db)
    with pytest.raises(sqlite3.OperationalError):  # opened read-only
        ro.execute("DELETE FROM stories")
    ro.close()


def test_results_section_is_marked_and_holds_the_table(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n<!-- ingest:start -->\nkeep me\n<!-- ingest:end -->\n", encoding="utf-8")
    stats = [wl.summarise(r, wl.RunResult([wl.Sample(0.02, 200, 1024)] * 10, 0.5)) for r in wl.ROUTES]
    args = wl.parse_args(["--client-cost"])  # the defaults, without needing a database
    info = wl.DbInfo(articles=50_000, stories=9_000, multi_stories=4_000, size_bytes=300 * 2**20)
    body = wl.results_body(
        stats,
        command_line="python benchmarks/web_latency.py --db DB",
        server="`warta serve`",
        pinned="nothing pinned",
        client="raw asyncio client",
        info=info,
        n_stories=200,
        n_words=50,
        args=args,
    )
    report.update_section(wl.SECTION, body, results)
    text = results.read_text(encoding="utf-8")
    assert "keep me" in text
    section = report.read_section(text, wl.SECTION)
    assert section is not None and section.startswith(wl.TITLE)
    assert "50,000 articles, 9,000 stories" in section
    rows = report.table_rows(section)
    assert list(rows) == list(wl.ROUTES)
    assert rows["story API"].endswith("| yes |")
