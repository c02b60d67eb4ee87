"""`warta compare`, and the comparison ingest stores and keeps up to date."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result
from tests.helpers import jsonl
from tests.store_backends import execute, query

QUAKE = [
    {
        "id": "kompas-1",
        "source": "kompas.com",
        "published": "2024-03-07T09:00:00+07:00",
        "title": "Gempa Cianjur",
        "text": "Gempa magnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada Kamis siang.\n"
        "Sebanyak 162 orang meninggal dunia akibat gempa tersebut.\n"
        "Bupati Cianjur Herman Suherman meminta warga tetap tenang dan menjauhi bangunan yang retak.",
    },
    {
        "id": "detik-1",
        "source": "detik.com",
        "published": "2024-03-07T10:00:00+07:00",
        "title": "Gempa guncang Cianjur",
        "text": "Gempa bermagnitudo 5,6 mengguncang wilayah Cianjur di Jawa Barat pada Kamis.\n"
        "Gempa itu menewaskan 160 orang menurut data BNPB.\n"
        "Presiden Joko Widodo dijadwalkan meninjau lokasi gempa pada Jumat.",
    },
]
FLOOD = {
    "id": "tempo-1",
    "source": "tempo.co",
    "published": "2024-03-07T11:00:00+07:00",
    "title": "Banjir Semarang",
    "text": "Banjir setinggi satu meter merendam ratusan rumah di Kota Semarang pada Kamis pagi.\n"
    "Wali Kota Semarang meminta warga di bantaran sungai mengungsi ke balai kelurahan.",
}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_compare_articles_treats_the_file_as_one_story(warta: Callable[..., Result], tmp_path: Path) -> None:
    result = warta("compare", "--articles", str(write_jsonl(tmp_path / "q.jsonl", QUAKE)), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["story"] is None
    assert [a["id"] for a in data["articles"]] == ["kompas-1", "detik-1"]  # given ids kept, by date
    assert {a["source"] for a in data["articles"]} == {"kompas.com", "detik.com"}
    [conflict] = data["conflicts"]
    assert conflict["slot"] == "count" and conflict["fact"] in {f["id"] for f in data["facts"]}
    assert sorted(v["value"] for v in conflict["values"]) == ["160 orang", "162 orang"]
    for v in conflict["values"]:
        text = next(r["text"] for r in QUAKE if r["id"] == v["article"])
        assert text[v["start"] : v["end"]] == v["value"] and v["value"] in v["statement"]
    assert not (tmp_path / "warta.db").exists()  # no database is made or needed


def test_compare_prints_markdown_by_default(warta: Callable[..., Result], tmp_path: Path) -> None:
    result = warta("compare", "--articles", str(write_jsonl(tmp_path / "q.jsonl", QUAKE)))
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("# Compared: 2 articles")
    assert "## Corroborated" in out and "## Conflicts (1)" in out
    assert "**162 orang** (kompas.com)" in out and "**160 orang** (detik.com)" in out


def test_compare_needs_a_story_or_articles_but_not_both(warta: Callable[..., Result], tmp_path: Path) -> None:
    assert warta("compare").exit_code == 2
    path = str(write_jsonl(tmp_path / "q.jsonl", QUAKE))
    both = warta("compare", "st-x", "--articles", path)
    assert both.exit_code == 2 and "not both" in both.output


def test_a_bad_record_is_named_and_the_rest_are_compared(warta: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    lines = [json.dumps(QUAKE[0]), "{not json", json.dumps(QUAKE[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = warta("compare", "--articles", str(path), "--format", "json")
    assert result.exit_code == 0
    assert f"{path}:2" in result.stderr
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 2


def test_an_unknown_story_is_a_clear_error(warta: Callable[..., Result], tmp_path: Path) -> None:
    assert warta("ingest", str(write_jsonl(tmp_path / "q.jsonl", QUAKE)), "--quiet").exit_code == 0
    result = warta("compare", "st-nope")
    assert result.exit_code != 0 and "no story 'st-nope'" in result.output


def stored_comparisons(db: Path) -> dict[str, tuple[str, str]]:
    return {row[0]: (row[1], row[2]) for row in query(db, "SELECT id, comparison, updated_at FROM stories")}


def test_ingest_stores_the_comparison_and_a_new_member_updates_only_its_story(
    warta: Callable[..., Result], tmp_path: Path, db: Path
) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", [QUAKE[0], FLOOD])
    assert warta("ingest", str(first), "--quiet").exit_code == 0
    before = stored_comparisons(db)
    assert len(before) == 2 and all(c is not None for c, _ in before.values())
    stories = {s["articles"][0]: s["id"] for s in jsonl(warta("export", "stories").output)}
    quake, flood = stories["kompas-1"], stories["tempo-1"]
    assert json.loads(before[quake][0])["conflicts"] == []

    assert warta("ingest", str(write_jsonl(tmp_path / "b.jsonl", [QUAKE[1]])), "--quiet").exit_code == 0
    after = stored_comparisons(db)
    assert after[flood] == before[flood]  # the other story was neither recomputed nor rewritten
    compared = json.loads(warta("compare", quake, "--format", "json").output)
    assert compared["story"] == quake
    assert [a["id"] for a in compared["articles"]] == ["kompas-1", "detik-1"]
    assert [c["slot"] for c in compared["conflicts"]] == ["count"]
    # The same comparison as the files alone give.
    alone = json.loads(
        warta("compare", "--articles", str(write_jsonl(tmp_path / "q.jsonl", QUAKE)), "--format", "json").output
    )
    assert compared["facts"] == alone["facts"] and compared["conflicts"] == alone["conflicts"]


def test_the_summary_marks_support_and_states_both_sides_of_a_conflict(
    warta: Callable[..., Result], tmp_path: Path
) -> None:
    assert warta("ingest", str(write_jsonl(tmp_path / "q.jsonl", QUAKE)), "--quiet").exit_code == 0
    [story] = jsonl(warta("export", "stories").output)
    summary = json.loads(warta("show", story["id"], "--format", "json").output)["summary"]
    assert {s["support"] for s in summary} <= {"corroborated", "single"}
    counted = [s for s in summary if "orang" in s["text"]]
    for s in counted:
        assert "Media berbeda" in s["note"] and "162 orang" in s["note"] and "160 orang" in s["note"]
        assert set(s["citations"]) == {"kompas-1", "detik-1"}
    shown = warta("show", story["id"]).output
    assert "## Compared" in shown and "### Conflicts (1)" in shown


def test_a_story_from_an_older_warta_is_compared_on_the_fly(
    warta: Callable[..., Result], tmp_path: Path, db: Path
) -> None:
    assert warta("ingest", str(write_jsonl(tmp_path / "q.jsonl", QUAKE)), "--quiet").exit_code == 0
    execute(db, "UPDATE stories SET comparison = NULL")
    [story] = jsonl(warta("export", "stories").output)
    result = warta("compare", story["id"], "--format", "json")
    assert result.exit_code == 0
    assert "no stored comparison" in result.stderr
    assert [c["slot"] for c in json.loads(result.stdout)["conflicts"]] == ["count"]
    shown = warta("show", story["id"])
    assert "## Compared" in shown.stdout and "no stored comparison" in shown.stderr
    assert query(db, "SELECT comparison FROM stories") == [(None,)]  # reading computed it and stored nothing
