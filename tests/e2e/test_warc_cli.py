"""`warta ingest` of a web crawl: the articles stored, every other record counted by reason."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from tests.helpers import jsonl
from tests.unit.test_ingest_warc import a_crawl
from tests.warc_data import gzipped

Warta = Callable[..., Result]


def test_ingesting_a_crawl_stores_its_articles_and_counts_the_rest(warta: Warta, tmp_path: Path) -> None:
    crawl = tmp_path / "CC-NEWS-20230727.warc.gz"
    crawl.write_bytes(gzipped(a_crawl()))

    report = json.loads(warta("ingest", str(crawl), "--format", "json").output)

    assert report["stored"] == 2
    assert report["errors"] == []
    assert report["records_skipped"] == {
        "HTTP status not 200": 2,
        "not HTML": 1,
        "not a response record": 3,
        "truncated": 1,
    }
    rows = jsonl(warta("export", "articles", "--format", "jsonl").output)
    assert sorted(r["url"] for r in rows) == ["https://kabar.example/banjir", "https://pos.example/kebakaran"]


def test_the_table_report_shows_the_skipped_records(warta: Warta, tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(b"".join(a_crawl()))

    result = warta("ingest", str(crawl))

    assert result.exit_code == 0
    assert "records skipped" in result.output
    assert "not HTML" in result.output


def test_ingesting_the_crawl_again_stores_nothing_new(warta: Warta, tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(gzipped(a_crawl()))
    warta("ingest", str(crawl), "--quiet")

    again = json.loads(warta("ingest", str(crawl), "--format", "json").output)

    assert again["stored"] == 0
    assert again["unchanged"] == 2
