"""The seeds, issue 8: what the two outlets corroborate, what only one reports, and where they differ.

Two real reports of one event: 000 (a translated wire report, no outlet given) and 002 (KOMPAS.TV).
Each test reads the comparison both ways an evaluation does: from a stored story
(`warta compare STORY_ID --db`) and from the files alone (`warta compare --articles DIR`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from tests.helpers import jsonl

WIRE = "80555d06e080fed2"  # seed 000
KOMPAS = "70d6980ee6eadcf9"  # seed 002


@pytest.fixture(params=["stored", "files"])
def compared(request: pytest.FixtureRequest, warta: Callable[..., Result], seeds_dir: Path) -> dict[str, Any]:
    if request.param == "files":
        result = warta("compare", "--articles", str(seeds_dir), "--format", "json")
    else:
        assert warta("ingest", str(seeds_dir), "--quiet").exit_code == 0
        [story] = jsonl(warta("export", "stories").output)
        result = warta("compare", story["id"], "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def fact_with(compared: dict[str, Any], *words: str) -> dict[str, Any]:
    """The one fact that has a statement containing every word."""
    found = [f for f in compared["facts"] if any(all(w in s["text"] for w in words) for s in f["statements"])]
    assert len(found) == 1, [[s["text"][:60] for s in f["statements"]] for f in found]
    return found[0]


def articles_of(fact: dict[str, Any]) -> set[str]:
    return {s["article"] for s in fact["statements"]}


def test_the_putin_letter_is_one_fact_both_outlets_state(compared: dict[str, Any]) -> None:
    fact = fact_with(compared, "Shoigu", "surat", "Putin")
    assert fact["kind"] == "corroborated"
    assert articles_of(fact) == {WIRE, KOMPAS}
    assert fact is fact_with(compared, "Shoigu memberi Kim surat")
    assert fact is fact_with(compared, "Shoigu menyampaikan surat")


def test_the_meeting_with_li_hongzhong_is_single_source(compared: dict[str, Any]) -> None:
    fact = fact_with(compared, "Li Hongzhong")
    assert fact["kind"] == "single" and articles_of(fact) == {WIRE}


def test_lee_sung_joons_remarks_are_single_source(compared: dict[str, Any]) -> None:
    fact = fact_with(compared, "Lee Sung Joon")
    assert fact["kind"] == "single" and articles_of(fact) == {KOMPAS}


def test_kirbys_no_secret_remark_is_one_quote_rendered_twice(compared: dict[str, Any]) -> None:
    [variant] = [v for v in compared["quote_variants"] if any("bukan rahasia" in r["text"] for r in v["renderings"])]
    assert variant["speaker"]["name"] == "John Kirby"
    kinds = {r["article"]: r["kind"] for r in variant["renderings"]}
    assert kinds == {WIRE: "direct", KOMPAS: "indirect"}
    indirect = next(r for r in variant["renderings"] if r["kind"] == "indirect")
    assert "Putin sedang mencari dukungan dari negara-negara lain" in indirect["text"]
    # The sentences that carry the two renderings state one (corroborated) fact.
    assert fact_with(compared, "bukan rahasia") is fact_with(compared, "Putin sedang mencari dukungan")


def test_nothing_in_the_seeds_is_a_conflict(compared: dict[str, Any]) -> None:
    """Kirby's two titles, the Wednesday talks reported on Thursday, and "70 tahun berakhirnya Perang
    Korea" / "hari jadi ke-70 dari gencatan senjata" each render compatible facts."""
    assert compared["conflicts"] == [], compared["conflicts"]
    assert compared["updates"] == []


def test_every_news_sentence_is_in_exactly_one_fact_with_exact_offsets(
    compared: dict[str, Any], warta: Callable[..., Result], seeds_dir: Path, db: Path
) -> None:
    if not any(a["id"] == WIRE for a in compared["articles"]):
        pytest.fail("the seed ids changed")
    seen: set[tuple[str, int]] = set()
    for fact in compared["facts"]:
        for s in fact["statements"]:
            key = (s["article"], s["start"])
            assert key not in seen
            seen.add(key)
    if not db.exists():
        assert warta("ingest", str(seeds_dir), "--quiet").exit_code == 0
    texts = {a["id"]: a["text"] for a in jsonl(warta("export", "articles").output)}
    for fact in compared["facts"]:
        for s in fact["statements"]:
            assert texts[s["article"]][s["start"] : s["end"]] == s["text"]


def test_coverage_names_each_outlet_and_what_it_reports(compared: dict[str, Any]) -> None:
    coverage = compared["coverage"]
    assert sorted(coverage["outlets"]) == sorted(["KOMPAS.TV", WIRE])
    letter = fact_with(compared, "Shoigu memberi Kim surat")
    assert sorted(coverage["facts"][letter["id"]]) == sorted(["KOMPAS.TV", WIRE])
    assert set(coverage["facts"]) == {f["id"] for f in compared["facts"]}
    [kirby] = {v["speaker"]["entity_id"] for v in compared["quote_variants"] if v["speaker"]["name"] == "John Kirby"}
    assert set(coverage["entities"][kirby]) == {"KOMPAS.TV", WIRE}
    assert all(n >= 1 for n in coverage["entities"][kirby].values())


def test_show_has_a_compared_section(warta: Callable[..., Result], seeds_dir: Path) -> None:
    assert warta("ingest", str(seeds_dir), "--quiet").exit_code == 0
    [story] = jsonl(warta("export", "stories").output)
    shown = warta("show", story["id"]).output
    compared = shown[shown.index("## Compared") :]
    for heading in ("### Corroborated", "### Single-source", "### Conflicts (0)", "### Quote variants (1)"):
        assert heading in compared
    corroborated = compared[compared.index("### Corroborated") : compared.index("### Single-source")]
    assert "surat" in corroborated and "Li Hongzhong" not in corroborated
    single = compared[compared.index("### Single-source") : compared.index("### Conflicts")]
    assert "Li Hongzhong" in single and "Lee Sung Joon" in single
    assert "John Kirby" in compared[compared.index("### Quote variants") :]
