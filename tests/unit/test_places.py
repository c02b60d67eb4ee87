"""Places as Indonesian news names them, keyed by what makes two of them rivals."""

from __future__ import annotations

import pytest

from warta.lang.id.places import find_places, places_agree


@pytest.mark.parametrize(
    ("text", "key", "name"),
    [
        ("Zarco terjatuh saat melewati tikungan 6.", "noun:tikungan", "6"),
        ("Laga digelar di Stadion Hoa Xuan pada Rabu sore.", "noun:stadion", "hoa xuan"),
        ("Pesawat lepas landas dari pangkalan udara di Meiringen.", "noun:pangkalan udara", "meiringen"),
        ("kata Jokowi di Serang, Banten, Senin.", "in:banten", "serang"),
        ("Kawanan itu kabur ke arah Kota Bogor.", "toward", "bogor"),
    ],
)
def test_a_place_is_read_with_its_key(text: str, key: str, name: str) -> None:
    [place] = find_places(text)
    assert (place.key, place.name) == (key, name)
    assert text[place.start : place.end] == place.text


def test_a_day_after_a_town_is_no_region() -> None:
    assert find_places("Presiden berbicara di Jakarta, Kamis (27/7).") == []


def test_a_name_agrees_with_a_longer_name_that_holds_it() -> None:
    assert places_agree("hoa xuan", "hoa xuan stadium")
    assert not places_agree("hoa xuan", "chi lang")
    assert not places_agree("6", "16")
