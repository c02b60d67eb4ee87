"""Properties of temporal expressions and timelines on arbitrary and hostile text.

find_times never raises, returns ordered, non-overlapping expressions whose
offsets slice the text exactly and whose values are valid ISO intervals; it
never resolves a relative expression without a publication date; it stays
fast on a megabyte without a full stop. Merging timelines does not depend on
input order and is idempotent.
"""

from __future__ import annotations

import time
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.lang.id.temporal import TimeExpr, find_times
from warta.records import TimelineEntry
from warta.timeline import article_timeline, merge_timelines

FRAGMENTS = [
    "Kamis (27/7/2023)",
    "Jumat, 28 Juli 2023",
    "(27/7/23)",
    "Selasa (19/12)",
    "31/2/2023",
    "27 Juli 2023",
    "27-28 Juli",
    "Juli 2023",
    "bulan Agustus",
    "Agustus lalu",
    "pada tahun 1991",
    "sejak 1991",
    "Perang Korea 1950-1953",
    "akhir 1940-an",
    "1950-an",
    "tahun 90-an",
    "awal tahun 2020",
    "hari Rabu",
    "Rabu malam",
    "Minggu lalu",
    "hari Minggu",
    "minggu ini",
    "pekan lalu",
    "akhir pekan ini",
    "kemarin",
    "kemarin lusa",
    "hari ini",
    "besok",
    "dua hari lalu",
    "3 hari yang lalu",
    "sepekan lalu",
    "setahun silam",
    "tahun lalu",
    "bulan depan",
    "Senin lalu",
    "Senin pekan depan",
    "pukul 20.00 WIB",
    "pukul 08.00-10.00 WITA",
    "Pukul 8 malam (0700EST/1100 GMT)",
    "Pukul 9.50 malam",
    "pukul 12 malam",
    "pukul 22.00-02.00 WIB",
    "0700EST/1100 GMT",
    "1.500 orang",
    "Rp 2023",
    "2.023,5",
    "9999",
    "99/99/9999",
    "ſeptember 2023",
    "Jum’at",
    "  ",
    ", ",
    ". ",
    "\n",
    "(",
    ")",
    "/",
    "-",
    "–",
    "\u00a0",
    "\u200b",
    "🎉",
    "Korea Utara",
]

published_dates = st.one_of(
    st.none(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["2023-07-27", "1900-01-01", "2100-12-31", "2023-07-27T23:00:00+09:00", "garbage", ""]),
)
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join),
)


def _parse(value: str) -> None:
    if "T" in value:
        datetime.fromisoformat(value)
    else:
        date.fromisoformat(value)


def _check(text: str, published: str | None, found: list[TimeExpr]) -> None:
    last = 0
    for t in found:
        assert 0 <= last <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        last = t.end
        _parse(t.value_start)
        _parse(t.value_end)
        assert t.value_start <= t.value_end
        assert t.granularity in ("year", "month", "day", "time", "decade", "week")
        if t.granularity != "time":
            assert 1900 <= int(t.value_start[:4]) <= int(t.value_end[:4]) <= 2100
    if published is None:
        assert not any(t.relative for t in found)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, published_dates)
def test_find_times_never_raises_and_is_well_formed(text: str, published: str | None) -> None:
    _check(text, published, find_times(text, published))


@settings(max_examples=100, deadline=None)
@given(texts, published_dates)
def test_article_timeline_never_raises(text: str, published: str | None) -> None:
    entries = article_timeline("a", text, published)
    assert [(e.start, e.end) for e in entries] == sorted((e.start, e.end) for e in entries)
    for e in entries:
        assert e.articles == ("a",)
        assert e.text and e.text in text


entries_strategy = st.lists(
    st.builds(
        TimelineEntry,
        st.sampled_from(["1991-01-01", "2023-07-26", "2023-07-27"]),
        st.sampled_from(["1991-12-31", "2023-07-27"]),
        st.sampled_from(["day", "year"]),
        st.sampled_from(
            [
                "Kim dan Shoigu berbicara hari Rabu di Pyongyang.",
                "Kim dan Shoigu berbicara pada hari Rabu di Pyongyang.",
                "Harga beras naik tajam.",
                "Uni Soviet bubar pada tahun 1991.",
                "",
                "!!!",
            ]
        ),
        st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2).map(lambda x: tuple(sorted(set(x)))),
    ),
    max_size=20,
)


@settings(max_examples=150, deadline=None)
@given(entries_strategy, st.randoms(use_true_random=False))
def test_merge_is_order_independent_and_idempotent(entries: list[TimelineEntry], rnd: object) -> None:
    merged = merge_timelines(entries)
    shuffled = list(entries)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert merge_timelines(shuffled) == merged
    assert merge_timelines(merged) == merged
    assert [e.start for e in merged] == sorted(e.start for e in merged)
    cited = {a for e in entries for a in e.articles}
    assert {a for e in merged for a in e.articles} == cited


PROSE = (
    "Menteri Rusia Sergey Shoigu dan delegasi China tiba di Korea Utara minggu ini untuk memperingati 70 tahun "
    "berakhirnya Perang Korea 1950-1953, kata media pemerintah Kamis, dan sebanyak 1.500 orang hadir "
    "Kunjungan Shoigu adalah yang pertama sejak pecahnya Uni Soviet pada tahun 1991 "
    "Parade militer dimulai sekitar Pukul 8 malam (0700EST/1100 GMT) dan berlangsung hingga Pukul 9,50 malam "
    "Kim dan Shoigu berbicara hari Rabu di Pyongyang tentang isu-isu pertahanan dan keamanan regional "
    "koalisi itu sudah ada pada akhir 1940-an dan 1950-an, tambahnya, dengan anggaran Rp 2023 miliar "
)


def test_megabyte_without_full_stop_is_fast() -> None:
    text = (PROSE * (1_000_000 // len(PROSE) + 1))[:1_000_000]
    assert "." not in text.replace("1.500", "")
    begin = time.perf_counter()
    entries = article_timeline("a", text, "2023-07-27")  # runs find_times over the whole megabyte
    elapsed = time.perf_counter() - begin
    assert entries
    assert all(len(e.text) <= 1100 for e in entries)
    assert elapsed < 5, elapsed  # linear: a fraction of a second; a quadratic path would take minutes


def test_dense_expressions_without_full_stop() -> None:
    piece = " ".join(f for f in FRAGMENTS if "." not in f and "\n" not in f) + " "
    text = (piece * (100_000 // len(piece) + 1))[:100_000]
    begin = time.perf_counter()
    _check(text, "2023-07-27", find_times(text, "2023-07-27"))
    assert merge_timelines(article_timeline("a", text, "2023-07-27"))
    assert time.perf_counter() - begin < 5


def test_hostile_shapes_do_not_hang() -> None:
    shapes = [
        "1" * 100_000,
        "1950-" * 10_000,
        "pukul 8 (" * 5_000,
        "Kamis " * 10_000,
        " " * 100_000 + "Kamis",
        "(" * 100_000,
        "2023 " * 10_000,
    ]
    begin = time.perf_counter()
    for text in shapes:
        _check(text, "2023-07-27", find_times(text, "2023-07-27"))
    assert time.perf_counter() - begin < 10


def test_ordinal_suffixes_and_superscripts_are_not_years() -> None:
    from warta.timeline import find_times

    for text in ("Pada tahun 30th itu", "sejak 2²02 hingga", "dua² hari lalu", "tahun 1991st"):
        find_times(text, "2023-07-27")  # must not raise
