"""The comparison does not depend on the order articles arrive in, and hostile stories stay bounded."""

from __future__ import annotations

import time
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from warta.analysis import analyse
from warta.clean import clean
from warta.compare import Member, compare_story, comparison_json
from warta.config import CompareConfig, Settings
from warta.ner import NerModel
from warta.records import RawArticle

CFG = CompareConfig()
REPORTS = [
    ("kompas-1", "kompas.com", "2024-03-07T09:00:00+07:00",
     "Gempa magnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada Kamis siang.\n"
     "Sebanyak 162 orang meninggal dunia akibat gempa tersebut.\n"
     "“Kami mendirikan 40 tenda darurat untuk pengungsi,” kata Bupati Cianjur Herman Suherman."),
    ("detik-1", "detik.com", "2024-03-07T10:00:00+07:00",
     "Gempa bermagnitudo 5,6 mengguncang wilayah Cianjur di Jawa Barat pada Kamis.\n"
     "Sebanyak 160 orang meninggal dunia akibat gempa itu, menurut data BNPB.\n"
     "Bupati Cianjur Herman Suherman mengatakan pemerintah mendirikan 40 tenda darurat untuk pengungsi."),
    ("kompas-2", "Kompas.com", "2024-03-08T09:00:00+07:00",
     "Korban meninggal dunia akibat gempa Cianjur bertambah menjadi 268 orang.\n"
     "Presiden Joko Widodo meninjau lokasi gempa pada Jumat."),
    ("antara-1", "antaranews.com", "2024-03-07T11:00:00+07:00",
     "Gempa magnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada Kamis siang.\n"
     "Sebanyak 162 orang meninggal dunia akibat gempa tersebut."),
    ("tempo-1", "tempo.co", None,
     "Gempa di Cianjur pada 2004 juga merusak ratusan rumah warga.\n"
     "Tim SAR gabungan masih mencari korban di Kecamatan Cugenang."),
]  # fmt: skip


@cache
def members() -> tuple[Member, ...]:
    model = NerModel.load()
    s = Settings()
    out = []
    for aid, source, published, text in REPORTS:
        raw = RawArticle(id=aid, text=text, raw=text.encode(), origin="t", source=source, published=published)
        article = clean(raw, s.clean, s.language)
        out.append(Member(article, analyse(article, model), "kompas-1" if aid == "antara-1" else None))
    return tuple(out)


@cache
def expected() -> dict[str, object]:
    return comparison_json(compare_story("st", members(), CFG))


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(REPORTS))))
def test_any_arrival_order_gives_the_same_comparison(order: list[int]) -> None:
    shuffled = [members()[i] for i in order]
    assert comparison_json(compare_story("st", shuffled, CFG)) == expected()


def test_the_reference_comparison_is_not_trivial() -> None:
    data = expected()
    facts = data["facts"]
    assert isinstance(facts, list) and any(f["kind"] == "corroborated" for f in facts)
    assert data["conflicts"] and data["updates"] and data["quote_variants"]


def member(aid: str, text: str, source: str | None = None) -> Member:
    s = Settings()
    raw = RawArticle(id=aid, text=text, raw=text.encode(), origin="t", source=source, published="2024-03-07")
    return Member(clean(raw, s.clean, s.language))


def test_a_story_of_two_hundred_articles_finishes_in_bounded_time() -> None:
    sentences = [
        f"Warga desa {k} di Kabupaten Garut melaporkan {k + 3} rumah rusak akibat banjir bandang pada Kamis."
        for k in range(30)
    ]
    story = [
        member(f"a{i}", " ".join(sentences[(i + j) % 30] for j in range(25)), f"outlet{i % 37}") for i in range(200)
    ]
    start = time.perf_counter()
    c = compare_story("st", story, CompareConfig(max_statements=3000))
    assert time.perf_counter() - start < 60
    assert sum(len(f.statements) for f in c.facts) == 200 * 25


def test_an_article_without_sentence_ends_and_one_with_five_thousand_numbers_are_bounded() -> None:
    no_ends = " ".join(["kata"] * 20_000)
    numbers = " ".join(f"{i} orang" for i in range(5000)) + "."
    other = " ".join(f"{i + 1} orang" for i in range(5000)) + "."
    start = time.perf_counter()
    c = compare_story("st", [member("a", no_ends), member("b", numbers, "x"), member("c", other, "y")], CFG)
    assert time.perf_counter() - start < 60
    assert len(c.facts) >= 2
