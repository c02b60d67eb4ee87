"""The command line, end to end, as a user runs it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from tests.helpers import jsonl
from tests.store_backends import query, scalar

Warta = Callable[..., Result]


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


ARTICLE_A = {
    "id": "a1",
    "text": "JAKARTA, Kabar Kota - Banjir merendam ratusan rumah di Jakarta Timur pada Senin (2/3/2026). "
    "Ketinggian air mencapai satu meter di Kampung Melayu.\nWarga mengungsi ke masjid terdekat.",
    "source": "Kabar Kota",
    "published": "2026-03-02",
}


def test_ingest_then_export_articles_has_the_evaluation_fields(warta: Warta, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "in.jsonl", [ARTICLE_A])
    assert warta("ingest", str(corpus), "--quiet").exit_code == 0
    [row] = jsonl(warta("export", "articles", "--format", "jsonl").output)
    for key in ("id", "story_id", "duplicate_of", "lang", "published", "source", "title", "place"):
        assert key in row
    assert row["id"] == "a1"
    assert row["place"] == "JAKARTA"
    assert row["duplicate_of"] is None
    assert row["story_id"]


def test_reingesting_the_same_article_changes_nothing(warta: Warta, tmp_path: Path, db: Path) -> None:
    corpus = write_jsonl(tmp_path / "in.jsonl", [ARTICLE_A])
    warta("ingest", str(corpus), "--quiet")
    before = jsonl(warta("export", "articles").output)
    result = warta("ingest", str(corpus), "--format", "json")
    assert json.loads(result.output)["unchanged"] == 1
    assert jsonl(warta("export", "articles").output) == before
    assert scalar(db, "SELECT count(*) FROM article_versions") == 1


def test_same_id_with_new_text_is_kept_as_a_new_version(warta: Warta, tmp_path: Path, db: Path) -> None:
    warta("ingest", str(write_jsonl(tmp_path / "v1.jsonl", [ARTICLE_A])), "--quiet")
    edited = {**ARTICLE_A, "text": ARTICLE_A["text"] + "\nPemerintah kota menyiapkan dapur umum."}
    result = warta("ingest", str(write_jsonl(tmp_path / "v2.jsonl", [edited])), "--format", "json")
    assert json.loads(result.output)["new_versions"] == 1
    [row] = jsonl(warta("export", "articles").output)
    assert row["version"] == 2 and "dapur umum" in row["text"]
    versions = query(db, "SELECT version, raw FROM article_versions ORDER BY version")
    assert [v for v, _ in versions] == [1, 2]
    assert b"dapur umum" not in versions[0][1]  # the first version is kept exactly as received


def test_stdin_dash_reads_json_lines(warta: Warta) -> None:
    result = warta("ingest", "-", "--quiet", input=json.dumps(ARTICLE_A) + "\n")
    assert result.exit_code == 0
    assert [r["id"] for r in jsonl(warta("export", "articles").output)] == ["a1"]


def test_search_finds_articles_by_word(warta: Warta, tmp_path: Path) -> None:
    warta("ingest", str(write_jsonl(tmp_path / "in.jsonl", [ARTICLE_A])), "--quiet")
    rows = json.loads(warta("search", "banjir", "--format", "json").output)
    assert [r["id"] for r in rows] == ["a1"]
    assert json.loads(warta("search", "gempa", "--format", "json").output) == []


@pytest.mark.sqlite_only(reason="FTS5 query syntax; tests/e2e/test_postgres_search.py has PostgreSQL's")
def test_bad_raw_search_query_is_a_clear_error(warta: Warta, tmp_path: Path) -> None:
    warta("ingest", str(write_jsonl(tmp_path / "in.jsonl", [ARTICLE_A])), "--quiet")
    result = warta("search", "--raw", '"unbalanced')
    assert result.exit_code != 0
    assert "bad FTS5 search query" in result.output
    assert "Traceback" not in result.output


def test_show_unknown_story_says_how_to_list_stories(warta: Warta, tmp_path: Path) -> None:
    warta("ingest", str(write_jsonl(tmp_path / "in.jsonl", [ARTICLE_A])), "--quiet")
    result = warta("show", "st-nope")
    assert result.exit_code == 4
    assert "warta stories" in result.output


def test_stories_formats(warta: Warta, tmp_path: Path) -> None:
    warta("ingest", str(write_jsonl(tmp_path / "in.jsonl", [ARTICLE_A])), "--quiet")
    for fmt in ("table", "json", "jsonl", "csv", "md"):
        result = warta("stories", "--format", fmt)
        assert result.exit_code == 0, fmt
        assert "Banjir" in result.output or "banjir" in result.output, fmt
    assert json.loads(warta("stories", "--since", "2026-03-10", "--format", "json").output) == []


def test_export_stories_has_ids_labels_articles_and_cited_summary(warta: Warta, tmp_path: Path) -> None:
    warta("ingest", str(write_jsonl(tmp_path / "in.jsonl", [ARTICLE_A])), "--quiet")
    [story] = jsonl(warta("export", "stories").output)
    assert story["articles"] == ["a1"]
    assert story["label"]
    assert story["summary"] and all(s["citations"] == ["a1"] for s in story["summary"])


def test_config_show_reflects_environment_and_set(warta: Warta, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARTA_CLUSTER_WINDOW_DAYS", "5")
    settings = json.loads(warta("--set", "dedupe.threshold=0.8", "config", "show").output)
    assert settings["cluster"]["window_days"] == 5
    assert settings["dedupe"]["threshold"] == 0.8


def test_unknown_setting_is_a_config_error(warta: Warta) -> None:
    result = warta("--set", "dedupe.treshold=0.8", "config", "show")
    assert result.exit_code == 2
    assert "unknown setting dedupe.treshold" in result.output


def test_every_command_has_help(warta: Warta) -> None:
    commands = ("ingest", "stories", "show", "search", "export", "demo", "config", "quotes", "entities", "ner")
    for command in (*commands, "compare", "serve", "fetch", "watch", "batch", "load"):
        result = warta(command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output, command


def test_demo_ingests_the_sample_corpus_and_shows_the_biggest_story(warta: Warta, tmp_path: Path) -> None:
    result = warta("demo", "--db", str(tmp_path / "demo.db"))
    assert result.exit_code == 0
    assert "Ingested 30 articles" in result.output
    assert "## Summary" in result.output and "## Articles" in result.output
    assert "duplicate of" in result.output or "2 duplicates" in result.output


HTML_PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Gempa Guncang Cianjur - Kabar Kota</title>
<meta property="og:site_name" content="Kabar Kota">
<meta property="article:published_time" content="2026-03-04T09:00:00+07:00"></head>
<body><nav>Beranda | Nasional | Olahraga</nav><article><h1>Gempa Guncang Cianjur</h1>
<p>CIANJUR, Kabar Kota - Gempa bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada Rabu pagi.
Badan Meteorologi, Klimatologi, dan Geofisika mencatat pusat gempa berada di darat.</p>
<p>Baca Juga: Jalur Puncak Ditutup Sementara</p>
<p>Warga berhamburan keluar rumah saat guncangan terasa sekitar sepuluh detik. Sejumlah rumah di Kecamatan
Cugenang dilaporkan rusak ringan dan belum ada laporan korban jiwa hingga siang hari.</p></article>
<footer>Hak cipta Kabar Kota</footer></body></html>"""


def test_html_page_gives_title_outlet_date_and_clean_text(warta: Warta, tmp_path: Path) -> None:
    page = tmp_path / "gempa.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    assert warta("ingest", str(page), "--quiet").exit_code == 0
    [row] = jsonl(warta("export", "articles").output)
    assert row["title"].startswith("Gempa Guncang Cianjur")
    assert row["source"] == "Kabar Kota"
    assert row["published"].startswith("2026-03-04")
    assert "Cugenang" in row["text"]
    assert "Baca Juga" not in row["text"] and "Beranda" not in row["text"]


def test_new_version_of_an_original_hands_its_duplicates_to_the_earliest_copy(warta: Warta, tmp_path: Path) -> None:
    wire = {**ARTICLE_A, "id": "wire", "published": "2026-03-02T08:00:00+07:00"}
    copies = [
        {**ARTICLE_A, "id": "copy-b", "published": "2026-03-02T10:00:00+07:00"},
        {**ARTICLE_A, "id": "copy-c", "published": "2026-03-02T12:00:00+07:00"},
    ]
    warta("ingest", str(write_jsonl(tmp_path / "a.jsonl", [wire, *copies])), "--quiet")
    rows = {r["id"]: r["duplicate_of"] for r in jsonl(warta("export", "articles").output)}
    assert rows == {"wire": None, "copy-b": "wire", "copy-c": "wire"}
    rewritten = {**wire, "text": "Tim SAR menemukan dua korban hanyut di Sungai Ciliwung pada Senin sore."}
    warta("ingest", str(write_jsonl(tmp_path / "b.jsonl", [rewritten])), "--quiet")
    rows = {r["id"]: (r["duplicate_of"], r["duplicate_kind"]) for r in jsonl(warta("export", "articles").output)}
    assert rows == {"wire": (None, None), "copy-b": (None, None), "copy-c": ("copy-b", "exact")}


FLOOD_LATER = {
    "id": "b1",
    "text": "Persija menang 2-0 atas Persib di Stadion Gelora Bung Karno dalam laga Liga 1. "
    "Dua gol dicetak pada babak kedua oleh penyerang asal Brasil.\nPelatih memuji disiplin para pemain.",
    "source": "Bola Kita",
    "published": "2026-03-20",
}
FLOOD_UNDATED = {
    "id": "c1",
    "text": "Ratusan rumah warga di Kampung Melayu, Jakarta Timur, terendam banjir setinggi satu meter. "
    "Banyak warga mengungsi ke masjid terdekat sambil menunggu air surut.",
    "source": "Warta Warga",
}


def test_an_undated_article_is_compared_with_the_most_recent_stories_only(
    warta: Warta, tmp_path: Path, new_db: Callable[[str], Any]
) -> None:
    dated = write_jsonl(tmp_path / "dated.jsonl", [ARTICLE_A, FLOOD_LATER])
    undated = write_jsonl(tmp_path / "undated.jsonl", [FLOOD_UNDATED])

    def flood_stories(db: Any, *options: str) -> int:
        """Stories the two flood reports end up in (1: the undated one joined the dated one)."""
        at = ("--set", f"store.db={db}", *options)
        assert warta(*at, "ingest", str(dated), "--quiet").exit_code == 0
        assert warta(*at, "ingest", str(undated), "--quiet").exit_code == 0
        rows = jsonl(warta(*at, "export", "articles", "--format", "jsonl").output)
        return len({r["story_id"] for r in rows if r["id"] in ("a1", "c1")})

    # By default the undated report finds the older flood story among the recent stories held.
    assert flood_stories(new_db("default.db")) == 1
    # Allowed one story, it sees only the newer football story, and opens a story of its own.
    assert flood_stories(new_db("bounded.db"), "--set", "cluster.undated_stories=1") == 2


def test_a_new_version_that_leaves_its_story_takes_its_old_words_out_of_the_story(
    warta: Warta, tmp_path: Path, db: Path
) -> None:
    second_report = {
        "id": "a2",
        "text": "Banjir setinggi satu meter merendam ratusan rumah di Jakarta Timur. "
        "Warga Kampung Melayu mengungsi ke masjid terdekat sambil menunggu air surut.",
        "source": "Warta Warga",
        "published": "2026-03-02",
    }
    warta("ingest", str(write_jsonl(tmp_path / "v1.jsonl", [ARTICLE_A, second_report])), "--quiet")
    rows = jsonl(warta("export", "articles", "--format", "jsonl").output)
    [flood_story] = {r["story_id"] for r in rows}
    # a1 is corrected into a different report: a football match on the same day.
    rewritten = {**ARTICLE_A, "text": FLOOD_LATER["text"]}
    warta("ingest", str(write_jsonl(tmp_path / "v2.jsonl", [rewritten])), "--quiet")

    stories = {r["id"]: r["story_id"] for r in jsonl(warta("export", "articles", "--format", "jsonl").output)}
    assert stories["a2"] == flood_story and stories["a1"] != flood_story
    [(profile,)] = query(db, "SELECT profile FROM stories WHERE id = ?", flood_story)
    profile = json.loads(profile)
    assert profile["n"] == 1
    assert not {"ketinggian", "mencapai"} & set(profile["terms"])  # only the first version of a1 had them
    assert not {"persija", "persib", "stadion"} & set(profile["terms"])
    assert "banjir" in profile["terms"]


def test_errors_lists_what_ingest_could_not_store_with_file_and_line(warta: Warta, tmp_path: Path) -> None:
    bad = tmp_path / "batch.jsonl"
    good = '{"id": "a1", "text": "Banjir merendam Kampung Melayu pada Senin pagi."}'
    bad.write_text(good + "\n{broken\n", encoding="utf-8")
    assert warta("ingest", str(bad), "--quiet").exit_code == 1

    result = warta("errors", "--format", "json")

    assert result.exit_code == 0, result.output
    [error] = json.loads(result.output)
    assert error["location"] == f"{bad}:2"
    assert error["error"] and error["at"]
    assert json.loads(warta("errors", "--since", "2999-01-01", "--format", "json").output) == []
