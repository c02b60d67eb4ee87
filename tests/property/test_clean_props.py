"""Properties of cleaning on arbitrary and hostile text: it never raises, and cleaning twice changes nothing."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.clean import clean_text, content_hash, derive_title, normalize_line
from warta.config import LanguageConfig
from warta.lang.id.dates import find_published_date
from warta.language import detect_language

# Pieces that exercise every rule: datelines, boilerplate, quotes of every kind, artefacts, odd spaces,
# invisible and control characters, emoji, other scripts, combining marks and line separators.
FRAGMENTS = [
    # mojibake: UTF-8 read as Windows-1252, and its halves apart
    "â€œKami siapâ€\x9d",
    "CafÃ© ",
    "Ã",
    "â€",
    "©",
    "\x9d",
    "Â ",
    "SEOUL, KOMPAS.TV - ",
    "Jakarta (ANTARA) - ",
    "JAKARTA - ",
    "Liputan6.com, Jakarta ",
    "Jakarta, CNN Indonesia - - ",
    "Suara.com - ",
    "Baca Juga: ",
    "(Baca juga: ",
    "Gabung ke Channel WhatsApp KompasTV untuk update berita terbaru.",
    "Sumber : ",
    "Penulis: ",
    "Foto: ANTARA/",
    "Ilustrasi ",
    "(Foto: x)",
    "ADVERTISEMENT",
    "Kamis (27/7/2023)",
    "31/2/2023",
    "27 Juli 2023",
    "Pemerintah Indonesia mengumumkan kebijakan baru.",
    "kata media. .",
    " . ",
    " , ",
    ". . .",
    "…",
    "“",
    "”",
    "„",
    "«",
    "»",
    "‘",
    "’",
    '"',
    "'",
    " ' ",
    ' " ',
    "Jum'at",
    "(",
    ")",
    "[",
    "]",
    " - ",
    "—",
    "–",
    "%",
    "\u00a0",
    "\u2009",
    "\u3000",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00ad",
    "\u200e",
    "\x00",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    "\x0b",
    "\x0c",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\U0001fffe",
    "😀",
    "👩\u200d👩\u200d👧",
    "🇮🇩",
    "مرحبا بالعالم",
    "你好世界",
    "Привет мир",
    "नमस्ते",
    "e\u0301",
    "\u0301",
    "=\u0338",
    "A" * 300,
    "kata " * 200,
]

hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40).map("".join)
any_text = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=300),
    hostile_text,
)

PROPS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(any_text)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    twice = clean_text(once.text)
    assert twice.text == once.text
    assert twice.removed == ()
    assert twice.dateline is None


@PROPS
@given(any_text)
def test_clean_text_output_is_tidy(text: str) -> None:
    result = clean_text(text)
    lines = result.text.split("\n") if result.text else []
    for line in lines:
        assert line and line == line.strip()
        assert "  " not in line
        assert normalize_line(line) == line
    assert not any(c in result.text for c in "\r\x00\u200b\ufeff“”‘’\u00a0")
    result.text.encode("utf-8")  # no lone surrogates: storable as UTF-8
    n_lines = len(text.splitlines())
    assert all(1 <= removed.line_no <= n_lines for removed in result.removed)


@PROPS
@given(any_text)
def test_published_date_is_valid_or_none(text: str) -> None:
    found = find_published_date(text)
    assert found is None or date.fromisoformat(found).isoformat() == found


@PROPS
@given(any_text)
def test_language_detection_never_raises(text: str) -> None:
    guess = detect_language(text, LanguageConfig())
    assert guess.code in {"id", "ms", "en", "other"}
    assert 0.0 <= guess.confidence <= 1.0


@PROPS
@given(any_text, st.integers(min_value=1, max_value=200))
def test_derived_title_fits_and_hash_is_stable(text: str, max_chars: int) -> None:
    clean = clean_text(text).text
    assert len(derive_title(clean, max_chars)) <= max_chars
    assert content_hash(clean) == content_hash(clean_text(clean).text)
