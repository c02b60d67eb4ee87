"""Publication dates found in Indonesian text: formats, validation, and which date wins."""

from __future__ import annotations

import pytest

from warta.lang.id.dates import find_dates, find_own_date, find_published_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("seperti disampaikan KCNA, Kamis (27/7/2023).", "2023-07-27"),
        ("Jakarta, 27 Juli 2023 - Presiden datang.", "2023-07-27"),
        ("Jumat, 28 Juli 2023", "2023-07-28"),
        ("di Sirkuit Misano, Jumat (8/9/2017).", "2017-09-08"),
        ("Rapat digelar (8/9/2017) di Jakarta.", "2017-09-08"),
        ("pada Kamis (12/01/2017) malam", "2017-01-12"),
        ("Kamis (27 / 7 / 2023)", "2023-07-27"),
        ("Kamis, 27/7/2023", "2023-07-27"),
        ("Kamis (27/7/23)", "2023-07-27"),
        ("Sabtu, 5-8-2023", "2023-08-05"),
        ("12 MEI 2021", "2021-05-12"),
        ("1 Jan 2020", "2020-01-01"),
        ("2 Feb. 2020", "2020-02-02"),
        ("3 Mar 2020", "2020-03-03"),
        ("4 Apr 2020", "2020-04-04"),
        ("5 Jun 2020", "2020-06-05"),
        ("6 Jul 2020", "2020-07-06"),
        ("7 Agu 2020", "2020-08-07"),
        ("8 Agt. 2020", "2020-08-08"),
        ("9 Ags 2020", "2020-08-09"),
        ("10 Sep 2020", "2020-09-10"),
        ("11 Sept 2020", "2020-09-11"),
        ("12 Okt 2020", "2020-10-12"),
        ("13 Nov 2020", "2020-11-13"),
        ("14 Nop 2020", "2020-11-14"),
        ("15 Des 2020", "2020-12-15"),
        ("16 Pebruari 2020", "2020-02-16"),
        ("17 Agustus 1945", "1945-08-17"),
        ("on July 27, 2023 the talks", "2023-07-27"),
        ("2023-07-27", "2023-07-27"),
    ],
)
def test_find_dates_reads_indonesian_formats(text: str, iso: str) -> None:
    assert find_dates(text)[0][0] == iso


@pytest.mark.parametrize(
    "text",
    [
        "Selasa (19/12) lalu hujan turun.",  # no year
        "31/2/2023 dan (31/2/2023)",  # no 31 February
        "Kamis (29/2/2023)",  # 2023 is not a leap year
        "(0/7/2023) dan 32 Juli 2023",
        "13/13/2023",
        "27/7/23 tanpa kurung",  # two-digit year outside brackets
        "Rp 127/7/2023",  # part of a longer number
        "1/2/3/2023",
        "skor 3-1 pada 2023",
        "27 Juli 1853",  # implausible year
        "",
    ],
)
def test_find_dates_rejects_invalid_or_partial_dates(text: str) -> None:
    assert find_dates(text) == []
    assert find_published_date(text) is None


def test_find_published_date_accepts_leap_day() -> None:
    assert find_published_date("Kamis (29/2/2024)") == "2024-02-29"


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("seperti disampaikan KCNA, Kamis (27/7/2023).", ("2023-07-27", "Kamis (27/7/2023)")),
        ("Marquez tercepat di Sirkuit Misano, Jumat (8/9/2017).", ("2017-09-08", "Jumat (8/9/2017)")),
        ("Jumat, 28 Juli 2023", ("2023-07-28", "Jumat, 28 Juli 2023")),
        ("pada Kamis (12/01/2017) malam", ("2017-01-12", "Kamis (12/01/2017)")),
        ("Kamis (27/7/23) kemarin", ("2023-07-27", "Kamis (27/7/23)")),
        ("Kamis (29/2/2024)", ("2024-02-29", "Kamis (29/2/2024)")),
        ("Jakarta, 27 Juli 2023 - Presiden datang.", ("2023-07-27", "27 Juli 2023")),
        ("Jakarta, 27 Juli 2023 (ANTARA) - Presiden datang.", ("2023-07-27", "27 Juli 2023")),
        ("27/7/2023 - Presiden datang.", ("2023-07-27", "27/7/2023")),
    ],
)
def test_the_reports_own_day_is_a_dateline_date_or_a_date_its_day_name_confirms(
    text: str, own: tuple[str, str]
) -> None:
    assert find_own_date(text) == own
    assert find_published_date(text) == own[0]


@pytest.mark.parametrize(
    "text",
    [
        # Dates of other days: history, anniversaries, deadlines, events (IndoSum articles that
        # the older rule, "else the first full date", dated years away).
        "Lima tahun sudah Apple ditinggal Steve Jobs, yang wafat pada 5 Oktober 2011.",
        "Torres mendapat kontrak tambahan hingga 30 Juli 2018.",
        "Rapat digelar (8/9/2017) di Jakarta.",  # a bare bracketed date: no day name to confirm it
        "Peringatan gencatan senjata 27 Juli 1953 digelar di Pyongyang.",
        "on July 27, 2023 the talks",
        "Rabu (27/7/2023) pagi",  # 27 July 2023 was a Thursday
        "Presiden tiba di Jakarta, 27 Juli 2023 - lalu pergi",  # not at the start: no dateline
    ],
)
def test_no_other_date_is_taken_for_the_reports_own(text: str) -> None:
    assert find_own_date(text) is None


def test_the_reports_own_date_wins_over_a_historical_one_before_it() -> None:
    text = "Peringatan gencatan senjata 27 Juli 1953 digelar di Pyongyang, Kamis (27/7/2023)."
    assert find_dates(text) == [("1953-07-27", False), ("2023-07-27", True)]
    assert find_published_date(text) == "2023-07-27"


def test_find_published_date_takes_the_first_confirmed_date() -> None:
    assert find_published_date("Rabu (26/7/2023) dan Kamis (27/7/2023)") == "2023-07-26"
    assert find_published_date("Selasa (26/7/2023) dan Kamis (27/7/2023)") == "2023-07-27"


def test_find_published_date_looks_only_at_the_first_two_paragraphs() -> None:
    text = "Paragraf pertama tanpa tanggal.\nParagraf kedua juga.\nKamis (27/7/2023) di paragraf ketiga."
    assert find_published_date(text) is None
    assert find_published_date(text.replace("\nParagraf kedua juga.", "")) == "2023-07-27"


def test_find_published_date_looks_only_near_the_start_of_a_long_paragraph() -> None:
    assert find_published_date("kata " * 1000 + "Kamis (27/7/2023)") is None


@pytest.mark.parametrize(
    ("ymd", "iso"),
    [
        ((2023, 7, 27), "2023-07-27"),
        ((2023, 2, 31), None),
        ((2024, 2, 29), "2024-02-29"),
        ((2023, 13, 1), None),
        ((1899, 1, 1), None),
        ((2101, 1, 1), None),
        ((2023, 1, 0), None),
    ],
)
def test_parse_date_validates_calendar_dates(ymd: tuple[int, int, int], iso: str | None) -> None:
    assert parse_date(*ymd) == iso
