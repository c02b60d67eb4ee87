"""Quotation extraction on arbitrary and hostile text: it never raises, never hangs, and its offsets hold."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from warta.quotes import extract_quotes, quote_json

# Pieces that exercise every rule: quotation marks of every kind (balanced or not), cues and their -nya forms,
# names, titles, appositions, pronouns, paragraph breaks, apostrophes, emoji and other scripts.
FRAGMENTS = [
    "“",
    "”",
    '"',
    "‘",
    "’",
    "'",
    "«",
    "»",
    "„",
    "kata ",
    "katanya",
    "ujar ",
    "ujarnya",
    "tambahnya",
    ", kata ",
    ", lapor media ",
    "menurut ",
    "Menurut ",
    " mengatakan ",
    " menyatakan bahwa ",
    " menegaskan: ",
    " menyampaikan ",
    "Ia ",
    " dia ",
    "beliau ",
    "John Kirby",
    "Kirby",
    "Juru bicara Gedung Putih ",
    "Ketua KPK ",
    "Kepala Dusun Nglahar, ",
    "(KAI Commuter) ",
    ", seorang profesor di Universitas X, ",
    "Presiden ",
    "KCNA",
    "Korea Utara",
    "Jum'at",
    "Ma’ruf",
    "Kami siap bekerja sama. ",
    "tidak ",
    ", ",
    ". ",
    ": ",
    "... ",
    "!",
    "?",
    "\n",
    "\n\n",
    " ",
    "  ",
    "😀",
    "Ирина ",
    "北京 ",
    "مرحبا ",
    "\u200b",
    "\u0301",
    "(",
    ")",
    "1.500",
    "27/7/2023",
]

text_strategy = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=120).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=80).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
@example("\x1f«0")  # only non-space whitespace before a quotation mark
def test_never_raises_and_offsets_hold(text: str) -> None:
    quotes = extract_quotes(text)
    previous_end = -1
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.kind in ("direct", "indirect")
        assert q.start >= previous_end or q.kind == "direct"  # indirect statements never overlap others
        previous_end = max(previous_end, q.end)
        if q.speaker is not None:
            assert 0 <= q.speaker.start <= q.speaker.end <= len(text)
            assert q.speaker.name
        data = quote_json(q)
        assert data["text"] == q.text


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map("".join))
def test_hostile_repetition_is_linear(chunk: str) -> None:
    """About 300 kB built by repeating a hostile chunk (no full stop needed) runs well inside the time budget."""
    text = chunk * (300_000 // len(chunk) + 1)
    t0 = time.perf_counter()
    quotes = extract_quotes(text)
    # Well under a second on a quiet core; the bound leaves room for a loaded CI machine and still
    # fails a quadratic scan, which takes minutes on 300 kB.
    assert time.perf_counter() - t0 < 10.0
    for q in quotes[:100]:
        assert text[q.start : q.end] == q.text
