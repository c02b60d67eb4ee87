"""The interface's words in Indonesian (the default) and English; article text is never translated.

A page's language is ``?ui=id|en`` when given (remembered in a cookie), else the cookie, else the first
of the browser's Accept-Language that we have, else Indonesian.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("id", "en")
DEFAULT = "id"
COOKIE = "warta_ui"

MESSAGES: dict[str, dict[str, str]] = {
    "stories": {"id": "Berita", "en": "Stories"},
    "search": {"id": "Cari", "en": "Search"},
    "search_placeholder": {"id": "kata dalam judul atau isi", "en": "words in titles or text"},
    "since": {"id": "Dari", "en": "From"},
    "until": {"id": "Sampai", "en": "Until"},
    "outlet": {"id": "Media", "en": "Outlet"},
    "any_outlet": {"id": "semua media", "en": "any outlet"},
    "language": {"id": "Bahasa", "en": "Language"},
    "any_language": {"id": "semua bahasa", "en": "any language"},
    "sort": {"id": "Urutkan", "en": "Sort"},
    "sort_recent": {"id": "terbaru", "en": "most recent"},
    "sort_size": {"id": "terbesar", "en": "largest"},
    "entity": {"id": "Entitas", "en": "Entity"},
    "remove_filter": {"id": "hapus saring", "en": "remove filter"},
    "apply": {"id": "Terapkan", "en": "Apply"},
    "n_stories": {"id": "{n} berita", "en": "{n} stories"},
    "no_stories": {"id": "Tidak ada berita yang cocok.", "en": "No story matches."},
    "articles": {"id": "Artikel", "en": "Articles"},
    "n_articles": {"id": "{n} artikel", "en": "{n} articles"},
    "outlets": {"id": "Media", "en": "Outlets"},
    "unnamed_outlet": {"id": "media tanpa nama [{n}]", "en": "unnamed outlet [{n}]"},
    "unnamed_outlet_plain": {"id": "media tanpa nama", "en": "unnamed outlet"},
    "n_facts": {"id": "{n} fakta", "en": "{n} facts"},
    "n_more": {"id": "{n} lagi", "en": "{n} more"},
    "n_more_quotes": {"id": "{n} kutipan lagi (lihat entitasnya)", "en": "{n} more quotes (see the entity)"},
    "also_stated_by": {"id": "juga dinyatakan oleh", "en": "also stated by"},
    "dates": {"id": "Tanggal", "en": "Dates"},
    "label": {"id": "Berita", "en": "Story"},
    "size": {"id": "Artikel", "en": "Articles"},
    "undated": {"id": "tanpa tanggal", "en": "undated"},
    "previous": {"id": "← Sebelumnya", "en": "← Previous"},
    "next": {"id": "Berikutnya →", "en": "Next →"},
    "page_of": {"id": "halaman {page} dari {pages}", "en": "page {page} of {pages}"},
    "summary": {"id": "Ringkasan", "en": "Summary"},
    "one_source": {"id": "satu sumber", "en": "one source"},
    "source_sentence": {"id": "Kalimat sumber", "en": "Source sentence"},
    "open_in_article": {"id": "buka di artikel", "en": "open in the article"},
    "not_located": {"id": "kalimat tidak ditemukan di artikel ini", "en": "sentence not located in this article"},
    "compared": {"id": "Perbandingan", "en": "Compared"},
    "corroborated": {"id": "Dikonfirmasi beberapa media", "en": "Corroborated by several outlets"},
    "single": {"id": "Hanya satu media", "en": "Reported by one outlet only"},
    "conflicts": {"id": "Media berbeda", "en": "Where outlets differ"},
    "updates": {"id": "Pembaruan", "en": "Updates"},
    "glance_corroborated": {"id": "fakta dikonfirmasi", "en": "corroborated facts"},
    "glance_single": {"id": "hanya dari satu media", "en": "from one outlet only"},
    "glance_conflicts": {"id": "perbedaan antarmedia", "en": "conflicts"},
    "glance_variants": {"id": "kutipan dengan beberapa versi", "en": "quotes in several renderings"},
    "background": {"id": "latar", "en": "background"},
    "slot": {"id": "Hal", "en": "Slot"},
    "coverage": {"id": "Cakupan: media × fakta", "en": "Coverage: outlet × fact"},
    "fact": {"id": "Fakta", "en": "Fact"},
    "reports": {"id": "memberitakan", "en": "reports"},
    "omits": {"id": "tidak memberitakan", "en": "does not report"},
    "people": {"id": "Orang", "en": "People"},
    "organisations": {"id": "Organisasi", "en": "Organisations"},
    "places": {"id": "Tempat", "en": "Places"},
    "quotes": {"id": "Kutipan", "en": "Quotes"},
    "quote_variants": {"id": "Satu ucapan, beberapa versi", "en": "One utterance, several renderings"},
    "direct": {"id": "langsung", "en": "direct"},
    "indirect": {"id": "tidak langsung", "en": "indirect"},
    "unknown_speaker": {"id": "pembicara tak dikenal", "en": "unknown speaker"},
    "timeline": {"id": "Linimasa", "en": "Timeline"},
    "events": {"id": "Peristiwa", "en": "Events"},
    "no_comparison": {"id": "Belum ada perbandingan untuk berita ini.", "en": "This story has no comparison yet."},
    "article": {"id": "Artikel", "en": "Article"},
    "story": {"id": "Berita", "en": "Story"},
    "published": {"id": "Terbit", "en": "Published"},
    "original_link": {"id": "tautan asli", "en": "original link"},
    "clean_text": {"id": "Teks bersih", "en": "Clean text"},
    "removed": {"id": "Bagian yang dibuang ({n} baris)", "en": "Removed boilerplate ({n} lines)"},
    "reason": {"id": "alasan", "en": "reason"},
    "original_text": {"id": "Teks asli (versi {version})", "en": "Original text (version {version})"},
    "duplicates": {"id": "Duplikat", "en": "Duplicates"},
    "duplicate_of": {"id": "duplikat dari", "en": "duplicate of"},
    "exact": {"id": "persis", "en": "exact"},
    "near": {"id": "mirip", "en": "near"},
    "versions": {"id": "Versi", "en": "Versions"},
    "received": {"id": "diterima", "en": "received"},
    "variants": {"id": "Variasi nama", "en": "Name variants"},
    "roles": {"id": "Peran", "en": "Roles"},
    "stories_over_time": {"id": "Berita dari waktu ke waktu", "en": "Stories over time"},
    "mentioned_in": {"id": "disebut di {n} artikel", "en": "mentioned in {n} articles"},
    "newest_only": {"id": "hanya yang terbaru", "en": "the newest only"},
    "stories_with_entity": {"id": "semua berita dengan entitas ini", "en": "all stories with this entity"},
    "error": {"id": "Galat", "en": "Error"},
    "not_found": {"id": "Tidak ditemukan", "en": "Not found"},
    "bad_request": {"id": "Permintaan tidak valid", "en": "Bad request"},
    "back_to_stories": {"id": "kembali ke daftar berita", "en": "back to the stories"},
    "api": {"id": "API", "en": "API"},
    "interface_language": {"id": "English", "en": "Bahasa Indonesia"},
    "legend": {"id": "Keterangan: orang, organisasi, tempat, kutipan", "en": "Key: person, organisation, place, quote"},
    "no_timeline": {"id": "Tidak ada tanggal dalam berita ini.", "en": "No dates in this story."},
}


def choose(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The interface language for a request."""
    for given in (query, cookie):
        if given in LANGUAGES:
            return given
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT


class Translator:
    """``t("n_articles", n=3)``: a message in one language, its placeholders filled."""

    def __init__(self, lang: str, messages: Mapping[str, Mapping[str, str]] = MESSAGES) -> None:
        self.lang = lang
        self.messages = messages

    def __call__(self, key: str, **values: object) -> str:
        text = self.messages[key][self.lang]
        return text.format(**values) if values else text
