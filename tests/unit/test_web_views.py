"""What the pages compute before any HTML: links, highlights, citations, the timeline chart."""

from __future__ import annotations

import pytest

from warta.web import i18n
from warta.web.svg import date_label, timeline_svg
from warta.web.views import Citation, parse_highlight, safe_url, segments, summary_citations


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.kompas.tv/berita/1", True),
        ("http://example.org/a?b=1", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("/stories/x", False),
        ("//evil.example/x", False),
        ("https://", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_urls_with_a_host_become_links(url: str | None, safe: bool) -> None:
    assert (safe_url(url) is not None) is safe


def test_segments_cut_the_text_where_marks_start_and_end_and_keep_overlaps() -> None:
    text = "Kata John Kirby: Putin mencari dukungan."
    mentions = [{"start": 5, "end": 15, "type": "PER", "entity_id": "ent-1"}, {"start": 17, "end": 22, "type": "PER"}]
    quotes = [{"start": 17, "end": 39, "kind": "indirect"}]
    parts = segments(text, mentions, quotes, highlight=(17, 39))
    assert "".join(p.text for p in parts) == text
    kirby = next(p for p in parts if p.text == "John Kirby")
    assert kirby.entity_id == "ent-1" and kirby.classes == ("ent ent-PER",)
    putin = next(p for p in parts if p.text == "Putin")
    assert putin.quote == "indirect" and putin.highlight and putin.anchor
    assert [p.anchor for p in parts].count(True) == 1


def test_marks_outside_the_text_are_ignored() -> None:
    parts = segments("pendek", [{"start": 3, "end": 99, "type": "LOC"}], [], highlight=(-1, 2))
    assert [p.text for p in parts] == ["pendek"] and not parts[0].classes


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3-10", (3, 10)), ("0-20", (0, 20)), ("10-3", None), ("3-21", None), ("a-b", None), ("", None), (None, None)],
)
def test_a_highlight_is_a_range_inside_the_text(value: str | None, expected: tuple[int, int] | None) -> None:
    assert parse_highlight(value, 20) == expected


def test_a_citation_points_at_its_articles_own_sentence() -> None:
    summary = [{"text": "Shoigu memberi Kim surat Putin.", "citations": ["b", "a"]}]
    compared = {
        "facts": [
            {
                "statements": [
                    {"article": "a", "start": 0, "end": 31, "text": "Shoigu memberi Kim surat Putin."},
                    {"article": "b", "start": 40, "end": 80, "text": "Surat Putin diserahkan Shoigu kepada Kim."},
                ]
            }
        ]
    }
    [cites] = summary_citations(summary, compared, lambda _: "", {"a": 1, "b": 2})
    assert cites == [
        Citation("a", 1, "Shoigu memberi Kim surat Putin.", 0, 31),
        Citation("b", 2, "Surat Putin diserahkan Shoigu kepada Kim.", 40, 80),
    ]


def test_a_citation_without_a_fact_is_found_in_the_text_or_said_to_be_missing() -> None:
    summary = [{"text": "Hujan turun.", "citations": ["a", "b"]}]
    texts = {"a": "Pagi itu. Hujan turun.", "b": "Tidak ada."}
    [cites] = summary_citations(summary, None, texts.__getitem__, {"a": 1, "b": 2})
    assert cites[0] == Citation("a", 1, "Hujan turun.", 10, 22)
    assert cites[1].text is None and cites[1].start is None


def test_the_timeline_chart_escapes_every_string_and_links_only_into_warta() -> None:
    entries = [
        {
            "start": "2023-07-27",
            "end": "2023-07-27",
            "granularity": "day",
            "text": "<script>x</script> Kamis",
            "articles": ['a"><svg onload=1>'],
        },
        {"start": "1950-01-01", "end": "1953-12-31", "granularity": "year", "text": "Perang Korea", "articles": []},
    ]
    svg = str(timeline_svg(entries, 'Judul "<b>"', {'a"><svg onload=1>': 1}))
    assert svg.startswith("<svg") and svg.count("<svg") == 1
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'href="/articles/a%22%3E%3Csvg%20onload%3D1%3E"' in svg
    assert svg.index("Perang Korea") < svg.index("Kamis")  # earliest first


@pytest.mark.parametrize(
    ("entry", "label"),
    [
        ({"start": "2023-07-27", "end": "2023-07-27", "granularity": "day"}, "27 Jul 2023"),
        ({"start": "2023-07-01", "end": "2023-07-31", "granularity": "month"}, "Jul 2023"),
        ({"start": "1950-01-01", "end": "1953-12-31", "granularity": "year"}, "1950–1953"),
        ({"start": "1940-01-01", "end": "1949-12-31", "granularity": "decade"}, "1940-an"),
        ({"start": "2023-07-26", "end": "2023-07-27", "granularity": "range"}, "26–27 Jul 2023"),
    ],
)
def test_dates_are_labelled_as_precisely_as_they_are_known(entry: dict[str, str], label: str) -> None:
    assert date_label(entry) == label


def test_the_interface_language_follows_the_query_then_the_cookie_then_the_browser() -> None:
    assert i18n.choose("en", "id", "id-ID") == "en"
    assert i18n.choose(None, "en", "id-ID") == "en"
    assert i18n.choose(None, None, "fr-FR,en;q=0.8") == "en"
    assert i18n.choose("xx", None, None) == "id"
    assert i18n.Translator("en")("n_articles", n=3) == "3 articles"
    assert all(set(m) == set(i18n.LANGUAGES) for m in i18n.MESSAGES.values())
