"""Quantities in Indonesian text: one value in two renderings agrees, two values do not."""

from __future__ import annotations

import pytest

from warta.lang.id.quantities import Quantity, find_quantities


def one(text: str) -> Quantity:
    [q] = find_quantities(text)
    assert text[q.start : q.end] == q.text
    return q


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rp 1,5 triliun", "Rp 1.500 miliar"),
        ("sekitar 300 orang", "lebih dari 290 orang"),
        ("2,5 juta jiwa", "2.500.000 orang"),
        ("33,556 detik", "33,5 detik"),
        ("dua pekan", "14 hari"),
        ("hampir 100 rumah", "98 rumah"),
        ("tiga belas orang", "13 orang"),
        ("300 orang lebih", "320 orang"),
        ("lebih dari 100 orang", "150 orang"),
        ("sedikitnya 124 pengungsi", "130 pengungsi"),
        ("1 menit 33,556 detik", "1 menit 33,5 detik"),
        ("1 jam 30 menit", "90 menit"),
        ("37,5 jam per pekan", "37,5 jam setiap minggu"),
        ("dua orang pelaku", "dua pelaku"),
    ],
)
def test_one_value_in_two_renderings_agrees(a: str, b: str) -> None:
    x, y = one(a), one(b)
    assert (x.kind, x.unit) == (y.kind, y.unit)
    assert x.agrees_with(y) and y.agrees_with(x)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("162 orang", "160 orang"),
        ("Rp 1,5 triliun", "Rp 2 triliun"),
        ("lebih dari 290 orang", "250 orang"),
        ("45 persen", "54 persen"),
        ("kurang dari 10 rumah", "12 rumah"),
        # "more than" reaches the next round figure at its own precision, and 10 % beyond at least
        ("lebih dari 290 orang", "350 orang"),
        ("Rp 57 juta lebih", "lebih dari Rp 75 juta"),
        ("1 menit 33,951 detik", "1 menit 33,556 detik"),
        ("sekitar 16.800 video", "18.600 video"),
    ],
)
def test_two_values_conflict(a: str, b: str) -> None:
    assert not one(a).agrees_with(one(b))


def test_kinds_units_and_normalised_values() -> None:
    assert one("Rp 1,5 triliun").normalized == "1500000000000 IDR"
    assert one("US$ 3 juta").normalized == "3000000 USD"
    assert one("lebih dari 290 orang").normalized == ">=290 orang"
    assert one("sekitar 300 warga").normalized == "~300 warga"
    assert one("45 persen").kind == "percent" and one("3,5%").unit == "persen"
    assert one("berusia 45 tahun").kind == "age"
    assert one("Budi (45) ditangkap").kind == "age"
    assert one("Persija menang 2-1 atas Persib").kind == "score"
    assert one("selama 3 tahun").normalized == "1095 hari"
    assert one("bekerja 35 jam per minggu").unit == "jam/minggu"
    assert (one("merupakan mobil ketiga dalam rombongan").kind, one("mobil ketiga").unit) == ("ordinal", "mobil")
    assert one("jumlah rumah terendam bertambah menjadi 312 unit").unit == "rumah"  # "unit" counts what "jumlah" names
    assert find_quantities("Kedua negara sepakat.") == []  # "kedua" before a noun is "both"
    assert find_quantities("terjebak di lantai 2 gedung kantor") == []  # a floor's number names it
    assert one("gaji Rp 5 juta per bulan").normalized == "5000000 IDR/bulan"


@pytest.mark.parametrize(
    "text",
    ["pada 1991", "hari jadi ke-70", "pandemi COVID-19", "Perang Korea 1950-1953", "Kamis (27/7/2023)", "pukul 9.50"],
)
def test_years_dates_ordinals_and_names_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_five_thousand_figures_are_read_in_one_pass() -> None:
    text = " ".join(f"{i} orang" for i in range(5000))
    assert len(find_quantities(text)) == 5000


def test_a_score_is_one_figure_whoever_wins() -> None:
    assert one("Persija menang 2-1 atas Persib").agrees_with(one("Persib kalah 1-2 dari Persija"))
    assert not one("Jerman menang adu penalti 4-3").agrees_with(one("Jerman menang adu penalti 5-4"))
    scores = find_quantities("mengalahkan pasangan Denmark dengan 21-15, 21-9.")
    assert [q.text for q in scores] == ["21-15", "21-9"]


def test_a_bare_figure_counts_what_a_jumlah_phrase_names() -> None:
    q = one("Jumlah video yang tersisa kini sekitar 16.800.")
    assert (q.kind, q.unit, q.value) == ("count", "video", 16800.0)


def test_a_year_before_a_function_word_is_not_a_count() -> None:
    assert find_quantities("final Euro U-21 2017 usai menyingkirkan Inggris") == []
    assert [q.text for q in find_quantities("ke babak kedua China Open 2017 setelah menang")] == ["kedua"]  # an ordinal


def test_ages_after_a_person_noun_or_between_commas() -> None:
    assert one("Pebalap 24 tahun itu sukses").kind == "age"
    assert one("Petualangan Akbar, 22, sebagai polisi gadungan").kind == "age"
    assert one("sebanyak 3, 4, dan 5 orang").kind == "count"


def test_a_number_word_after_a_jumlah_phrase_is_a_count_not_a_crash() -> None:
    # "tiga" has four letters, as a year has four digits: it was once parsed as one (ValueError).
    [q] = find_quantities("jumlah video yang tersisa kini tiga.")
    assert (q.text, q.unit, q.value) == ("tiga", "video", 3.0)
