"""The seeds, issue 3: who is involved, who said what, and when."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from tests.helpers import jsonl


@pytest.fixture
def story(warta: Callable[..., Result], seeds_dir: Path) -> dict[str, Any]:
    assert warta("ingest", str(seeds_dir), "--quiet").exit_code == 0
    [listed] = jsonl(warta("export", "stories").output)
    return json.loads(warta("show", listed["id"], "--format", "json").output)  # type: ignore[no-any-return]


def speaker_quotes(story: dict[str, Any], name: str) -> list[dict[str, Any]]:
    groups = [g for g in story["quotes"] if g["speaker"] and name in g["speaker"]["name"]]
    assert len(groups) == 1, [g["speaker"] for g in story["quotes"]]
    return groups[0]["quotes"]  # type: ignore[no-any-return]


def test_both_kirby_quotes_have_one_speaker_entity_with_his_role(story: dict[str, Any]) -> None:
    [group] = [g for g in story["quotes"] if g["speaker"] and "Kirby" in g["speaker"]["name"]]
    assert group["speaker"]["name"] == "John Kirby"
    assert {aid for q in group["quotes"] for aid in q["articles"]} == {a["id"] for a in story["articles"]}
    assert any("Gedung Putih" in role for role in group["speaker"]["roles"])


@pytest.mark.parametrize("name", ["Ankit Panda", "Artyom Lukin"])
def test_analysts_quotes_are_attributed_to_them(story: dict[str, Any], name: str) -> None:
    quotes = speaker_quotes(story, name)
    assert quotes and all(q["text"] for q in quotes)


def test_sergey_and_sergei_shoigu_are_one_entity(story: dict[str, Any]) -> None:
    shoigu = [e for e in story["entities"] if any("Shoigu" in v for v in e["variants"])]
    assert len(shoigu) == 1
    assert {"Sergey Shoigu", "Sergei Shoigu"} <= set(shoigu[0]["variants"])
    assert shoigu[0]["type"] == "PER"


def test_china_tiongkok_and_cina_are_one_entity(story: dict[str, Any]) -> None:
    china = [e for e in story["entities"] if {"China", "Tiongkok", "Cina"} & set(e["variants"])]
    assert len(china) == 1
    assert {"China", "Tiongkok"} <= set(china[0]["variants"])


def test_timeline_holds_the_dates_of_the_story(story: dict[str, Any]) -> None:
    spans = {(t["start"][:10], t["end"][:10]) for t in story["timeline"]}
    assert ("2023-07-27", "2023-07-27") in spans
    assert ("2023-07-26", "2023-07-26") in spans  # "hari Rabu": the Wednesday talks
    assert any(s.startswith("1991") for s, _ in spans)
    assert any(s.startswith("1950") and e.startswith("1953") for s, e in spans)


# --- issue 9: the entity list a reader sees ------------------------------------------------


def entity(story: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [e for e in story["entities"] if e["name"] == name]
    return found


def test_one_entry_per_name_and_no_entry_glues_a_place_to_a_person(story: dict[str, Any]) -> None:
    names = [e["name"] for e in story["entities"]]
    assert len(names) == len(set(names)), "a name listed twice (under two types)"
    glued = ("Korea Utara Kim", "China Xi", "Komunis China Li", "Korea Selatan Yonhap", "Putih John")
    assert not [v for e in story["entities"] for v in e["variants"] if any(g in v for g in glued)]


@pytest.mark.parametrize(
    ("name", "type_", "variants"),
    [
        ("Kim Jong Un", "PER", {"Kim", "Kim Jong Un"}),
        ("Li Hongzhong", "PER", {"Li", "Li Hongzhong"}),
        ("Xi Jinping", "PER", {"Xi Jinping"}),
        ("Kang Sun Nam", "PER", {"Kang Sun Nam"}),
        ("Korea Utara", "LOC", {"Korea Utara"}),
        ("Moskow", "LOC", {"Moskow"}),
        ("Partai Komunis China", "ORG", {"Partai Komunis China"}),
        ("Gedung Putih", "ORG", {"Gedung Putih"}),
        ("Kremlin", "ORG", {"Kremlin"}),
        ("Carnegie Endowment", "ORG", {"Carnegie Endowment"}),
        ("Semenanjung Korea", "LOC", {"Semenanjung Korea"}),
    ],
)
def test_each_entity_has_its_type_and_its_variants(
    story: dict[str, Any], name: str, type_: str, variants: set[str]
) -> None:
    e = entity(story, name)
    assert e["type"] == type_ and variants <= set(e["variants"])


def test_kcna_is_one_organisation_with_its_expansion(story: dict[str, Any]) -> None:
    [kcna] = [e for e in story["entities"] if "KCNA" in e["variants"]]
    assert kcna["type"] == "ORG" and any("News Agency" in v for v in kcna["variants"])


def test_no_junk_entities(story: dict[str, Any]) -> None:
    names = {e["name"] for e in story["entities"]}
    assert not names & {"GMT", "Seorang", "Perang Korea", "Korea", "Centre", "Kantor"}


def test_people_have_their_roles_and_no_stray_phrase(story: dict[str, Any]) -> None:
    assert entity(story, "Kim Jong Un")["roles"] == ["Pemimpin Korea Utara"]
    assert entity(story, "Kang Sun Nam")["roles"] == ["Menteri Pertahanan Korea Utara"]
    assert entity(story, "Xi Jinping")["roles"] == ["Presiden China"]
    assert "Presiden Rusia" in entity(story, "Vladimir Putin")["roles"]
    for e in story["entities"]:
        for role in e["roles"]:
            assert not {"kepada", "menemani"} & set(role.lower().split()), (e["name"], role)


def test_the_news_agency_is_one_speaker_however_the_outlets_name_it(story: dict[str, Any]) -> None:
    groups = [g for g in story["quotes"] if g["speaker"] and "News Agency" in g["speaker"]["name"]]
    assert len(groups) == 1 and len(groups[0]["quotes"]) == 3
