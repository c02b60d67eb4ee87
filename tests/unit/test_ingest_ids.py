"""content_id: a stable hash that ignores Unicode normal form and whitespace layout."""

from __future__ import annotations

import re
import unicodedata

from warta.ingest import content_id


def test_content_id_is_sixteen_hex_digits_and_stable() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", content_id("Berita hari ini."))
    assert content_id("Berita hari ini.") == content_id("Berita hari ini.")


def test_content_id_ignores_whitespace_runs_and_surrounding_space() -> None:
    assert content_id("  Satu  dua\n\ntiga\t") == content_id("Satu dua tiga")


def test_content_id_ignores_unicode_normal_form() -> None:
    assert content_id(unicodedata.normalize("NFD", "Café di Jakarta")) == content_id("Café di Jakarta")


def test_content_id_differs_for_different_text() -> None:
    assert content_id("Satu dua tiga") != content_id("Satu dua empat")


def test_content_id_does_not_crash_on_lone_surrogates() -> None:
    assert len(content_id("teks \ud800 rusak")) == 16
