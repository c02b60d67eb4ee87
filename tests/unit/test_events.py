"""Events inside a story: one happening per event, whatever order its articles arrive in."""

from __future__ import annotations

import itertools

from warta.cluster import article_profile, packaged_idf
from warta.config import EventConfig
from warta.events import EventMember, event_id, event_member, group_events
from warta.records import Article

CFG = EventConfig()

PREVIEW = (
    "BALIKPAPAN - Laskar Samudra bertekad mengakhiri hasil buruk ketika menjamu Garuda Selatan di Stadion Bahari, "
    "Minggu (17/5/2026). Pelatih Bambang Eko Saputro meminta pemainnya tampil disiplin melawan Garuda Selatan."
)
RESULT_A = (
    "BALIKPAPAN - Laskar Samudra menundukkan Garuda Selatan 2-1 di Stadion Bahari, Minggu (17/5/2026). Gol "
    "Rizky Maulana pada menit ke-78 memastikan kemenangan Laskar Samudra atas Garuda Selatan."
)
RESULT_B = (
    "Balikpapan - Tendangan Rizky Maulana pada menit ke-78 memastikan Laskar Samudra menang 2-1 atas Garuda "
    "Selatan di Stadion Bahari, Minggu (17/5/2026). Laskar Samudra mengakhiri puasa kemenangan."
)
VERDICT = (
    "Majelis hakim Pengadilan Negeri Medan menjatuhkan vonis tujuh tahun penjara kepada terdakwa Hendra Wijaya "
    "dalam kasus korupsi dana desa, Rabu (27/5/2026)."
)
INDICTMENT = (
    "Jaksa penuntut umum membacakan dakwaan terhadap terdakwa Hendra Wijaya dalam kasus korupsi dana desa di "
    "Pengadilan Negeri Medan, Senin (18/5/2026)."
)


def member(aid: str, text: str, published: str | None, copy_of: str | None = None) -> EventMember:
    article = Article(
        id=aid,
        text=text,
        title=text.split(".")[0],
        title_derived=True,
        content_hash=aid,
        version=1,
        source=None,
        url=None,
        published=published,
        published_from="given" if published else None,
        place=None,
        author=None,
        lang="id",
        lang_confidence=1.0,
    )
    return event_member(article, article_profile(article, packaged_idf()), copy_of)


def test_a_preview_and_the_reports_of_the_match_are_two_events() -> None:
    preview = member("preview", PREVIEW, "2026-05-15T10:00:00+07:00")
    assert preview.ahead and not member("a", RESULT_A, "2026-05-17T19:00:00+07:00").ahead
    events = group_events(
        [
            preview,
            member("a", RESULT_A, "2026-05-17T19:00:00+07:00"),
            member("b", RESULT_B, "2026-05-17T20:00:00+07:00"),
        ],
        CFG,
    )
    assert events == [["preview"], ["a", "b"]]


def test_two_steps_of_one_court_case_days_apart_are_two_events() -> None:
    events = group_events([member("dakwaan", INDICTMENT, "2026-05-18"), member("vonis", VERDICT, "2026-05-27")], CFG)
    assert events == [["dakwaan"], ["vonis"]]


def test_a_copy_is_in_its_originals_event_and_an_undated_article_needs_a_close_match() -> None:
    events = group_events(
        [
            member("a", RESULT_A, "2026-05-17T19:00:00+07:00"),
            member("copy", RESULT_A + " (salinan)", "2026-05-18T08:00:00+07:00", copy_of="a"),
            member("undated", RESULT_B, None),
            member("undated-court", VERDICT, None),
        ],
        CFG,
    )
    assert ["a", "copy", "undated"] in events and ["undated-court"] in events


def test_events_do_not_depend_on_the_order_articles_arrive_in() -> None:
    members = [
        member("preview", PREVIEW, "2026-05-15T10:00:00+07:00"),
        member("a", RESULT_A, "2026-05-17T19:00:00+07:00"),
        member("b", RESULT_B, "2026-05-17T20:00:00+07:00"),
        member("dakwaan", INDICTMENT, "2026-05-18"),
        member("vonis", VERDICT, "2026-05-27"),
    ]
    expected = group_events(members, CFG)
    for order in itertools.permutations(members):
        assert group_events(list(order), CFG) == expected


def test_an_event_is_named_after_its_first_article() -> None:
    assert event_id("a") == event_id("a") != event_id("b")
    assert event_id("a").startswith("ev-")


REFUSED = (
    "MATARAM - Kepala Dinas Pariwisata NTB Lalu Hamdani ditolak masuk oleh petugas imigrasi Bandara Kansai, "
    "Osaka, Sabtu (8/8/2026). Lalu Hamdani tertahan di bandara Kansai selama enam jam."
)
PRESS = (
    "MATARAM - Kepala Dinas Pariwisata NTB Lalu Hamdani menggelar jumpa pers soal penolakan di Bandara Kansai, "
    "Osaka, Minggu (9/8/2026). Lalu Hamdani menjelaskan kronologi penolakan di bandara Kansai."
)


def test_leads_that_date_two_happenings_keep_their_reports_apart() -> None:
    members = [
        member("ditolak", REFUSED, "2026-08-09T08:00:00+07:00"),
        member("jumpa-pers", PRESS, "2026-08-09T15:00:00+07:00"),
    ]
    assert [m.happened for m in members] == ["2026-08-08", "2026-08-09"]
    strict = EventConfig(lead_days=0)
    assert group_events(members, strict) == [["ditolak"], ["jumpa-pers"]]
    assert group_events(members, EventConfig(lead_days=1, lead_penalty=0.0, threshold=0.2)) == [
        ["ditolak", "jumpa-pers"]
    ]
