"""Language detection: Indonesian first, told apart from Malay and English; never raises."""

from __future__ import annotations

import pycld2
import pytest

from warta.config import LanguageConfig
from warta.language import detect_language, normalize_code

INDONESIAN = (
    "Pemerintah Indonesia mengumumkan kebijakan baru tentang harga bahan bakar minyak yang akan berlaku "
    "mulai bulan depan. Menteri mengatakan kebijakan itu diharapkan dapat menekan inflasi di seluruh daerah."
)
MALAY = (
    "Kerajaan Malaysia mengumumkan bahawa bantuan tunai RM500 akan diberikan kepada semua isi rumah "
    "berpendapatan rendah bermula bulan hadapan. Menteri berkata kerajaan komited membantu rakyat."
)
ENGLISH = (
    "The government announced a new fuel price policy that will take effect next month. The minister said "
    "the policy is expected to curb inflation across the country."
)
GERMAN = "Die Regierung hat heute eine neue Politik für Kraftstoffpreise angekündigt, die nächsten Monat gilt."

CFG = LanguageConfig()


@pytest.mark.parametrize(("text", "code"), [(INDONESIAN, "id"), (MALAY, "ms"), (ENGLISH, "en")])
def test_detect_language_tells_indonesian_from_malay_and_english(text: str, code: str) -> None:
    guess = detect_language(text, CFG)
    assert guess.code == code
    assert 0.5 <= guess.confidence <= 1.0
    assert guess.detail == code


def test_detect_language_labels_other_languages_other_and_keeps_their_code() -> None:
    guess = detect_language(GERMAN, CFG)
    assert guess.code == "other"
    assert guess.detail == "de"


@pytest.mark.parametrize("text", ["", "   ", "12345 67890", "!!! ???", "😀😀😀"])
def test_detect_language_of_no_language_is_other_with_zero_confidence(text: str) -> None:
    guess = detect_language(text, CFG)
    assert (guess.code, guess.confidence) == ("other", 0.0)


@pytest.mark.parametrize(
    "text",
    [
        INDONESIAN + "\x00\x01\x7f\x85\x9f",
        INDONESIAN + "\ud800",
        INDONESIAN + "\ufffe\U0001ffff\ufdd0",
        "\x00" * 50,
    ],
)
def test_detect_language_survives_text_cld2_rejects(text: str) -> None:
    guess = detect_language(text, CFG)
    assert guess.code in {"id", "other"}
    assert 0.0 <= guess.confidence <= 1.0


def test_detect_language_below_min_confidence_is_other() -> None:
    strict = LanguageConfig(min_confidence=1.01)
    guess = detect_language(INDONESIAN, strict)
    assert guess.code == "other"
    assert guess.detail == "id"
    assert guess.confidence > 0.5


def test_detect_language_confidence_ignores_text_cld2_cannot_place(monkeypatch: pytest.MonkeyPatch) -> None:
    # A sports report whose standings table CLD2 leaves "unknown": 58% Indonesian, 6% Latin, unreliable.
    details = (("INDONESIAN", "id", 58, 951.0), ("LATIN", "la", 6, 322.0), ("Unknown", "un", 0, 0.0))
    monkeypatch.setattr(pycld2, "detect", lambda *args, **kwargs: (False, 1818, details))
    guess = detect_language(INDONESIAN, CFG)
    assert guess.code == "id"
    assert guess.confidence == pytest.approx(58 / 64 * 0.75, abs=1e-3)


@pytest.mark.parametrize(
    ("declared", "code"),
    [
        ("id", "id"),
        ("id-ID", "id"),
        ("in", "id"),
        ("IND", "id"),
        ("Indonesian", "id"),
        ("ms_MY", "ms"),
        ("en-US", "en"),
        ("jv", "other"),
        ("", None),
        (None, None),
    ],
)
def test_normalize_code_maps_declared_languages(declared: str | None, code: str | None) -> None:
    assert normalize_code(declared) == code
