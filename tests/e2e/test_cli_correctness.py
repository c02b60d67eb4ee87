"""The CLI does what it says: formats honoured, article text never read as markup, options
checked against their valid range, user text searched as words, no "None" for a missing date."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from tests.helpers import jsonl

Warta = Callable[..., Result]

LONG_ID = "kanal-berita-nasional-2026-03-02-banjir-jakarta-timur-kampung-melayu-ketinggian-air-satu-meter"
MARKUP = {
    "id": LONG_ID,
    "title": "[video] Detik-detik Banjir Rendam Kampung Melayu",
    "source": "[red]Kanal[/red]",
    "published": "2026-03-02",
    "text": "JAKARTA - Banjir merendam ratusan rumah di Jakarta Timur pada Senin (2/3/2026). "
    "Negara-negara tetangga [ASEAN] mengirim bantuan. Juru bicara BPBD John Kirby berkata, "
    '"Kami mengerahkan perahu karet ke Kampung Melayu."',
}
UNDATED = {
    "id": "undated-1",
    "title": "Harga cabai naik",
    "text": "Harga cabai rawit naik tajam di pasar tradisional menjelang Lebaran, kata para pedagang.",
}


@pytest.fixture
def stored(warta: Warta, tmp_path: Path) -> Warta:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (MARKUP, UNDATED)) + "\n", "utf-8")
    assert warta("ingest", str(corpus), "--quiet").exit_code == 0
    return warta


def story_of(warta: Warta, article_id: str) -> str:
    rows = jsonl(warta("export", "articles").output)
    return next(str(r["story_id"]) for r in rows if r["id"] == article_id)


# -- 7. --format is honoured ---------------------------------------------------------------


def test_quotes_by_speaker_as_markdown_is_markdown(stored: Warta) -> None:
    result = stored("quotes", "--speaker", "Kirby", "--format", "md")
    assert result.exit_code == 0
    assert result.output.startswith(f"## {LONG_ID}")
    assert "- **John Kirby**" in result.output and "perahu karet" in result.output
    assert not result.output.lstrip().startswith("{")


def test_show_offers_only_the_formats_it_has(stored: Warta) -> None:
    result = stored("show", story_of(stored, LONG_ID), "--format", "table")
    assert result.exit_code == 2 and "'table' is not one of" in result.output


def test_csv_nested_columns_are_json(stored: Warta) -> None:
    for args in (("stories", "--format", "csv"), ("export", "stories", "--format", "csv")):
        rows = list(csv.DictReader(io.StringIO(stored(*args).output)))
        assert rows, args
        for row in rows:
            assert isinstance(json.loads(row["outlets"]), list), args
        if "summary" in rows[0]:
            assert all(isinstance(json.loads(r["summary"]), list) for r in rows)


def test_export_stories_has_entities_quotes_and_timeline_as_show_json_does(stored: Warta) -> None:
    story_id = story_of(stored, LONG_ID)
    [exported] = [s for s in jsonl(stored("export", "stories").output) if s["id"] == story_id]
    shown = json.loads(stored("show", story_id, "--format", "json").output)
    for key in ("entities", "quotes", "timeline", "summary"):
        assert exported[key] == shown[key], key
    assert exported["articles"] == [LONG_ID]
    assert any(e["name"] == "John Kirby" for e in exported["entities"])
    assert exported["quotes"] and exported["timeline"]


# -- 8. article text is never markup; ids are never cut ----------------------------------------


def test_tables_print_brackets_as_written_and_whole_ids(stored: Warta) -> None:
    table = stored("stories").output
    assert "[video] Detik-detik" in table
    assert "[red]Kanal[/red]" in table
    hits = stored("search", "banjir")
    assert hits.exit_code == 0
    assert LONG_ID in hits.output  # not "kanal-berita-nasional-2026…"
    assert "[red]Kanal[/red]" in hits.output
    assert "[ASEAN]" in stored("search", "tetangga").output


def test_search_snippets_mark_matches_per_format(stored: Warta) -> None:
    [row] = json.loads(stored("search", "banjir", "--format", "json").output)
    assert "[Banjir]" in row["snippet"]
    assert "**Banjir**" in stored("search", "banjir", "--format", "md").output
    # text in brackets is kept in the snippet, and is not taken for a match mark
    [row] = json.loads(stored("search", "ASEAN", "--format", "json").output)
    assert "[[ASEAN]]" in row["snippet"]


# -- 9. options and settings are checked ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("stories", "--since", "27-07-2023"), "YYYY-MM-DD"),
        (("stories", "--since", "2023-02-30"), "not a real day"),
        (("stories", "--limit", "-1"), "x>=1"),
        (("search", "banjir", "--limit", "0"), "x>=1"),
        (("ingest", "-", "--batch-size", "0"), "x>=1"),
        (("--set", "dedupe.threshold=1.7", "stories"), "from 0.05 to 1.0"),
        (("--set", "cluster.window_days=-3", "stories"), "from 0 to 3650"),
        (("--set", "language.min_confidence=nan", "stories"), "not a number"),
    ],
)
def test_out_of_range_options_and_settings_are_refused(stored: Warta, args: tuple[str, ...], says: str) -> None:
    result = stored(*args, input="")
    assert result.exit_code == 2, result.output
    assert says in result.output


def test_a_setting_out_of_range_in_a_config_file_names_the_file(warta: Warta, tmp_path: Path) -> None:
    config = tmp_path / "warta.toml"
    config.write_text("[summary]\nmax_sentences = 0\n", encoding="utf-8")
    result = warta("--config", str(config), "config", "show")
    assert result.exit_code == 2
    assert f"{config}: summary.max_sentences: 0 is out of range (valid: from 1 to 100)" in result.output


# -- 10. user text is searched as words -----------------------------------------------------------


def test_reduplicated_and_hyphenated_words_search_as_words(stored: Warta) -> None:
    for query in ("negara-negara", "Negara-Negara tetangga", "AND", "NEAR(banjir", "title:banjir", "banjir*"):
        result = stored("search", query, "--format", "json")
        assert result.exit_code == 0, (query, result.output)
    assert [r["id"] for r in json.loads(stored("search", "negara-negara", "--format", "json").output)] == [LONG_ID]
    assert json.loads(stored("search", "AND", "--format", "json").output) == []


@pytest.mark.sqlite_only(reason="FTS5 query syntax; tests/e2e/test_postgres_search.py has PostgreSQL's")
def test_raw_keeps_fts5_syntax(stored: Warta) -> None:
    rows = json.loads(stored("search", "--raw", "cabai OR perahu", "--format", "json").output)
    assert {r["id"] for r in rows} == {LONG_ID, "undated-1"}
    rows = json.loads(stored("search", "--raw", "banj*", "--format", "json").output)
    assert [r["id"] for r in rows] == [LONG_ID]


# -- 11. no "None" for a missing date; --quiet says what it does ----------------------------------


def test_an_undated_story_shows_no_none(stored: Warta) -> None:
    story_id = story_of(stored, "undated-1")
    shown = stored("show", story_id).output
    assert "None" not in shown and "undated" in shown
    assert "None" not in stored("stories").output
    assert "None" not in stored("stories", "--format", "md").output


def test_quiet_help_says_errors_still_print(warta: Warta) -> None:
    help_text = " ".join(warta("ingest", "--help").output.split())
    assert "Errors still go to stderr" in help_text


# -- 12. ner tag takes plain text -----------------------------------------------------------------


def test_ner_tag_tokenises_plain_text(warta: Warta) -> None:
    result = warta("ner", "tag", input="Presiden Joko Widodo tiba di Bandung pada Senin. Ia tersenyum.\n")
    assert result.exit_code == 0
    blocks = [b.splitlines() for b in result.output.strip().split("\n\n")]
    assert len(blocks) == 2  # two sentences
    rows = dict(line.split("\t") for line in blocks[0])
    assert rows["Joko"] == "B-PER" and rows["Widodo"] == "I-PER"
    assert blocks[0][-1] == ".\tO"


def test_ner_tag_still_reads_one_token_per_line(warta: Warta) -> None:
    for given in ("Joko\nWidodo\n\nBandung\n", "Joko\tNNP\nWidodo\tNNP\n", "Joko B-PER\nWidodo I-PER\n"):
        result = warta("ner", "tag", input=given)
        tokens = [line.split("\t")[0] for line in result.output.splitlines() if line]
        assert tokens[:2] == ["Joko", "Widodo"], given


def test_ner_tag_input_option_overrides_the_guess(warta: Warta) -> None:
    result = warta("ner", "tag", "--input", "text", input="Joko\tWidodo\n")
    assert [line.split("\t")[0] for line in result.output.splitlines() if line] == ["Joko", "Widodo"]
