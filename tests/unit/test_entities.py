"""Entity resolution: name variants, countries, roles, and surnames left alone without evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from warta.entities import (
    build_entities,
    entity_id,
    entity_key,
    fold,
    merge_story,
    resolve_article,
    role_after,
    role_before,
)


@dataclass(frozen=True)
class M:
    start: int
    end: int
    text: str
    type: str


def mentions(text: str, names: dict[str, str]) -> list[M]:
    found = []
    for name, type_ in names.items():
        found += [M(m.start(), m.end(), name, type_) for m in re.finditer(re.escape(name) + r"\b", text)]
    return found


@pytest.mark.parametrize(
    ("a", "b"),
    [("Sergey Shoigu", "Sergei Shoigu"), ("Kim Jong-un", "Kim Jong Un"), ("Mikhail", "Mihail"), ("Zoë", "Zoe")],
)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize("name", ["China", "Tiongkok", "Cina", "RRT"])
def test_china_in_every_spelling_is_one_country(name: str) -> None:
    assert entity_key(name, "LOC") == "country:CN"


@pytest.mark.parametrize(
    ("name", "code"), [("AS", "US"), ("Amerika Serikat", "US"), ("Korut", "KP"), ("North Korea", "KP")]
)
def test_country_aliases(name: str, code: str) -> None:
    assert entity_key(name, "LOC") == f"country:{code}"


def test_short_name_joins_the_full_name_in_the_same_article() -> None:
    text = "Menteri Pertahanan Rusia Sergei Shoigu tiba di Pyongyang. Shoigu bertemu Kim."
    resolved = resolve_article(text, mentions(text, {"Sergei Shoigu": "PER", "Shoigu": "PER"}))
    assert len({m.entity_id for m in resolved}) == 1
    assert resolved[0].role == "Menteri Pertahanan Rusia"


def test_variants_across_articles_are_one_entity_with_the_countries_merged() -> None:
    a = "Menteri Rusia Sergey Shoigu dan delegasi China tiba. Persahabatan Korea Utara-Tiongkok."
    b = "Kim bertemu Menteri Pertahanan Rusia Sergei Shoigu. Koalisi Rusia-Cina-Korea Utara."
    names = {"Sergey Shoigu": "PER", "Sergei Shoigu": "PER", "China": "LOC", "Tiongkok": "LOC", "Cina": "LOC"}
    ents = build_entities({"a": resolve_article(a, mentions(a, names)), "b": resolve_article(b, mentions(b, names))})
    people = [e for e in ents.values() if e.type == "PER"]
    assert len(people) == 1 and set(people[0].variants) == {"Sergey Shoigu", "Sergei Shoigu"}
    assert set(people[0].articles) == {"a", "b"}
    [china] = [e for e in ents.values() if e.key == "country:CN"]
    assert set(china.variants) == {"China", "Tiongkok", "Cina"} and china.name == "Tiongkok"


def test_role_from_apposition_after_the_name() -> None:
    text = "John Kirby, koordinator Dewan Keamanan Nasional Gedung Putih untuk komunikasi strategis, tidak menjawab."
    assert (
        role_after(text, len("John Kirby"))
        == "koordinator Dewan Keamanan Nasional Gedung Putih untuk komunikasi strategis"
    )
    assert role_after("John Kirby, yang juga hadir, tidak menjawab.", len("John Kirby")) is None


def test_role_before_the_name_with_lowercase_words() -> None:
    text = "Juru bicara keamanan nasional Gedung Putih John Kirby mengatakan sikap Rusia berubah."
    assert role_before(text, text.index("John")) == "Juru bicara keamanan nasional Gedung Putih"
    assert role_before("Kemarin John Kirby datang.", len("Kemarin ")) is None


def test_a_lone_surname_is_not_merged_across_articles_without_evidence() -> None:
    a, b = "Kim tiba di Seoul.", "Kim Jong Un tiba di Pyongyang."
    ea = resolve_article(a, mentions(a, {"Kim": "PER"}))
    eb = resolve_article(b, mentions(b, {"Kim Jong Un": "PER"}))
    assert ea[0].entity_id != eb[0].entity_id


def test_story_merges_a_lone_surname_into_the_one_full_name_that_ends_with_it() -> None:
    ents = build_entities(
        {
            "a": [resolve_article("Shoigu tiba.", [M(0, 6, "Shoigu", "PER")])[0]],
            "b": [resolve_article("Sergei Shoigu tiba.", [M(0, 13, "Sergei Shoigu", "PER")])[0]],
        }
    )
    moves = merge_story(ents)
    assert moves == {entity_id("PER", "shoigu"): entity_id("PER", "sergei shoigu")}


def test_two_people_sharing_a_surname_are_not_merged_in_a_story() -> None:
    ents = build_entities(
        {
            "a": resolve_article("Kim tiba.", [M(0, 3, "Kim", "PER")]),
            "b": resolve_article(
                "Kim Jong Un dan Kim Yo Jong", [M(0, 11, "Kim Jong Un", "PER"), M(16, 27, "Kim Yo Jong", "PER")]
            ),
        }
    )
    assert merge_story(ents) == {}


def test_hyphenated_country_pairs_are_split_into_their_countries() -> None:
    text = "koalisi Rusia-Cina-Korea Utara dan persahabatan Korea Utara-Tiongkok"
    names = {"Rusia-Cina-Korea Utara": "LOC", "Korea Utara-Tiongkok": "LOC"}
    resolved = resolve_article(text, mentions(text, names))
    assert [text[m.start : m.end] for m in resolved] == ["Rusia", "Cina", "Korea Utara", "Korea Utara", "Tiongkok"]
    assert resolved[1].entity_id == resolved[4].entity_id == entity_id("LOC", "country:CN")


def test_a_name_the_model_missed_is_completed_from_the_surname_it_found() -> None:
    text = "Kim bertemu Menteri Pertahanan Rusia Sergei Shoigu di Pyongyang. Shoigu membawa surat."
    resolved = resolve_article(text, [M(text.index("Shoigu m"), text.index("Shoigu m") + 6, "Shoigu", "PER")])
    names = {text[m.start : m.end]: m for m in resolved}
    assert "Sergei Shoigu" in names
    assert names["Sergei Shoigu"].role == "Menteri Pertahanan Rusia"
    assert names["Sergei Shoigu"].entity_id == names["Shoigu"].entity_id


def test_lowercase_words_at_the_edges_of_a_name_are_trimmed_in_cased_text() -> None:
    text = "Shoigu memberi Kim surat dari Presiden Rusia."
    [kim] = resolve_article(text, [M(15, 24, "Kim surat", "PER")])
    assert (text[kim.start : kim.end], kim.text) == ("Kim", "Kim")
    [lower] = resolve_article("kim surat", [M(0, 9, "kim surat", "PER")])
    assert lower.text == "kim surat"  # lower-cased text: nothing to go by


def test_a_name_swallowed_by_an_organisation_mention_is_taken_back() -> None:
    text = "Kim bertemu Menteri Pertahanan Rusia Sergei Shoigu di Pyongyang. Shoigu membawa surat."
    org = text.index("Pertahanan")
    found = [
        M(org, text.index(" di "), "Pertahanan Rusia Sergei Shoigu", "ORG"),
        M(text.index("Shoigu m"), text.index("Shoigu m") + 6, "Shoigu", "PER"),
    ]
    names = {m.text: m for m in resolve_article(text, found)}
    assert "Pertahanan Rusia Sergei Shoigu" not in names
    assert names["Sergei Shoigu"].type == "PER" and names["Sergei Shoigu"].entity_id == names["Shoigu"].entity_id
