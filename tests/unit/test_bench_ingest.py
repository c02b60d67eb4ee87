"""The ingest benchmark's corpus builder and its dry run (the measured run needs the CLI at scale)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from benchmarks import ingest

TEXT = (
    "JAKARTA, Warta Nusantara - Banjir merendam ratusan rumah di tiga kecamatan setelah hujan deras turun sejak sore.\n"
    "Petugas mengevakuasi warga ke masjid dan balai desa terdekat sambil menunggu air surut pada malam hari.\n"
    "Editor: Rahmat"
)
RECORDS = [
    {"id": f"r{i}", "text": TEXT, "url": f"https://x.example/{i}", "published": "2026-05-05T07:00:00+07:00"}
    for i in range(10)
]


def test_perturb_text_changes_a_few_words_and_keeps_lines() -> None:
    out = ingest.perturb_text(TEXT, random.Random(1))
    assert out != TEXT
    assert out.count("\n") == TEXT.count("\n")
    before, after = TEXT.split(), out.split()
    assert len(before) - 3 <= len(after) <= len(before)
    assert sorted(set(after) - set(before)) == []  # only swaps and drops, no new words


def test_perturb_text_is_deterministic_per_seed() -> None:
    assert ingest.perturb_text(TEXT, random.Random(7)) == ingest.perturb_text(TEXT, random.Random(7))


def test_shift_published_moves_back_by_weeks_keeping_the_form() -> None:
    assert ingest.shift_published("2026-05-15T10:00:00+07:00", 2) == "2026-05-01T10:00:00+07:00"
    assert ingest.shift_published("2026-05-15", 1) == "2026-05-08"
    assert ingest.shift_published(None, 3) is None


def test_make_copy_has_new_id_url_and_date() -> None:
    copy = ingest.make_copy(RECORDS[0], 3, random.Random(0))
    assert copy["id"] == "r0-copy3"
    assert copy["url"] == "https://x.example/0?copy=3"
    assert copy["published"] == "2026-01-20T07:00:00+07:00"  # 3 copies x 5 weeks = 15 weeks earlier
    assert copy["text"] != TEXT


def test_build_corpus_interleaves_copies_and_stops_at_limit() -> None:
    corpus = list(ingest.build_corpus(RECORDS, multiply=2, limit=25))
    assert len(corpus) == 25
    assert [r["id"] for r in corpus[:11]] == [*(f"r{i}" for i in range(10)), "r0-copy1"]
    assert len({r["id"] for r in corpus}) == 25


@pytest.mark.parametrize(
    ("articles", "multiply", "expected"),
    [(None, None, (6, 5000)), (100_000, None, (139, 100_000)), (None, 2, (2, 2145)), (1000, 2, (2, 1000))],
)
def test_corpus_plan(articles: int | None, multiply: int | None, expected: tuple[int, int]) -> None:
    assert ingest.corpus_plan(715, articles, multiply) == expected


def test_dry_run_writes_only_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "source.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    workdir = tmp_path / "work"
    assert ingest.main(["--corpus", str(source), "--articles", "35", "--workdir", str(workdir), "--dry-run"]) == 0
    lines = (workdir / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 35
    assert not (workdir / "bench.db").exists()
    assert "wrote 35 articles" in capsys.readouterr().out


def test_measure_reports_wall_time_and_child_peak_rss() -> None:
    # a child that allocates ~60 MiB: its own peak RSS must show, not this process's
    grow = "b = bytearray(60 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"
    m = ingest.measure([sys.executable, "-c", grow], articles=10, input_bytes=100)
    assert m.returncode == 0 and m.wall_s > 0
    assert m.peak_rss_bytes > 55 * 1024 * 1024
    assert m.articles_per_s == pytest.approx(10 / m.wall_s)


def test_measure_raises_with_the_childs_stderr() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        ingest.measure([sys.executable, "-c", "import sys; sys.exit('boom')"], articles=1, input_bytes=1)
