"""Hostile text through every extractor: nothing crashes, nothing hangs."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.analysis import analyse
from warta.clean import clean_text
from warta.ner import NerModel
from warta.records import Article


@pytest.fixture(scope="module")
def model() -> NerModel:
    return NerModel.load()


PIECES = st.sampled_from(
    [
        "Presiden Joko Widodo",
        ' kata Sri Mulyani, "',
        "“",
        "”",
        "‘",
        '"',
        "'",
        "Kamis (27/7/2023)",
        " pukul 20.00 WIB ",
        "1950-1953",
        "😀🇮🇩",
        "Москва ",
        "北京 ",
        "مرحبا ",
        "\n",
        "Korea Utara-Tiongkok",
        "ujarnya.",
        " . , ",
        "x" * 300,
    ]
)


def article(text: str) -> Article:
    return Article(id="h", text=text, title="t", title_derived=True, content_hash="h", published="2023-07-27")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=60).map("".join))
def test_every_extractor_survives_hostile_text(model: NerModel, text: str) -> None:
    result = analyse(article(clean_text(text).text), model)
    for m in result.mentions:
        assert 0 <= m.start <= m.end
    for q in result.quotes:
        assert 0 <= q.start <= q.end


@pytest.mark.parametrize(
    "text",
    [
        "kata dia " * 120_000,  # about 1 MB without a full stop
        "“" * 200_000 + "Presiden Joko Widodo",  # unbalanced quote marks
        ("Kamis (27/7/2023) pukul 20.00 WIB " + "😀" * 10) * 20_000,
    ],
    ids=["1MB-no-full-stop", "unbalanced-quotes", "dense-dates-and-emoji"],
)
def test_a_megabyte_of_hostile_text_is_handled_in_seconds(model: NerModel, text: str) -> None:
    started = time.perf_counter()
    analyse(article(clean_text(text).text), model)
    assert time.perf_counter() - started < 30  # linear work; a hang would take far longer
