"""Cleaning: boilerplate lines, datelines, normalisation, titles, hashes and the Article built by clean()."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from warta.clean import CleanText, clean, clean_text, content_hash, derive_title, normalize_line
from warta.config import CleanConfig, LanguageConfig
from warta.lang.id.boilerplate import boilerplate_reason, byline_author, clean_author
from warta.lang.id.datelines import parse_dateline
from warta.records import RawArticle, RemovedLine

LEDE = "Pemerintah Indonesia mengumumkan kebijakan baru tentang harga bahan bakar minyak pada Kamis (27/7/2023)."
BODY = (
    "Menteri Energi dan Sumber Daya Mineral mengatakan kebijakan itu akan berlaku mulai bulan depan "
    "dan diharapkan dapat menekan angka inflasi di seluruh wilayah Indonesia."
)


def raw_article(text: str, **fields: Any) -> RawArticle:
    return RawArticle(id=fields.pop("id", "a1"), text=text, raw=text.encode("utf-8"), origin="test.txt", **fields)


def reasons(result: CleanText) -> dict[str, str]:
    return {line.text: line.reason for line in result.removed}


# --- seeds -------------------------------------------------------------------------------------------


def test_clean_seed_002_removes_promos_and_parses_dateline(seeds_dir: Path) -> None:
    text = (seeds_dir / "002_e7f87c8db13ab02f.txt").read_text(encoding="utf-8")
    result = clean_text(text)
    removed = {line.reason: line for line in result.removed}
    assert removed["baca-juga"].text.startswith("Baca Juga: Kim Jong-Un Sambut Hangat")
    assert removed["social-promo"].text.startswith("Gabung ke Channel WhatsApp KompasTV")
    assert removed["source-credit"].text == "Sumber: Associated Press / KCNA"
    assert removed["dateline"] == RemovedLine(text="SEOUL, KOMPAS.TV -", reason="dateline", line_no=1)
    assert result.dateline is not None
    assert (result.dateline.place, result.dateline.outlet) == ("SEOUL", "KOMPAS.TV")
    assert result.published == "2023-07-27"
    assert result.text.startswith("Pemimpin Korea Utara Kim Jong Un bertemu")
    assert "Baca Juga" not in result.text and "WhatsApp" not in result.text and "Sumber :" not in result.text


def test_clean_seed_000_keeps_every_sentence_and_fixes_artefacts(seeds_dir: Path) -> None:
    text = (seeds_dir / "000_890aa250ba6e1b5a.txt").read_text(encoding="utf-8")
    result = clean_text(text)
    assert result.removed == ()
    assert result.dateline is None
    assert len(result.text.split("\n")) == len([line for line in text.splitlines() if line.strip()])
    assert result.text.endswith("kembali ke dialog.")
    assert "kata Korea Utara. kata media." in result.text
    assert ". ." not in result.text
    assert 'dan tur "luar biasa".' in result.text
    assert "“" not in result.text and "”" not in result.text
    # Every word of the input survives (cleaning never deletes words).
    assert _words(result.text) == _words(text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'"))


def _words(text: str) -> list[str]:
    return [w.strip(".,\"'()…–") for w in text.split() if w.strip(".,\"'()…–")]


# --- boilerplate ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Baca Juga: Kim Jong-Un Sambut Hangat Kedatangan Menhan Rusia", "baca-juga"),
        ("Baca juga: Jumlah Peserta SNMPTN Menurun Dalam 3 Tahun Terakhir", "baca-juga"),
        ("BACA JUGA: Peringatan Indra Sjafri untuk 17 Pemain dari Luar Negeri", "baca-juga"),
        ("BACA JUGA Cerita Yoyo, Pelatih Asal Indonesia", "baca-juga"),
        ("(Baca juga: Kenali tanda tubuh saat kelebihan cairan)", "baca-juga"),
        ("[Baca Juga: Biaya Lebih Efisien, PLN Beli Listrik dari PLTU Swasta]", "baca-juga"),
        ("Baca juga:", "baca-juga"),
        ("Lihat Juga: Video Banjir Jakarta", "baca-juga"),
        ("Baca: Menurut Luis Milla, Indonesia Punya Satu Keunggulan ketimbang Spanyol", "baca-juga"),
        ("Gabung ke Channel WhatsApp KompasTV untuk update berita terbaru dan terpercaya.", "social-promo"),
        (
            "Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com. "
            'Mari bergabung di Grup Telegram "Kompas.com News Update", caranya klik link.',
            "social-promo",
        ),
        ("Ikuti saluran WhatsApp kami untuk info terkini.", "social-promo"),
        ("Sumber : Associated Press / KCNA", "source-credit"),
        ("Sumber: VentureBeat.", "source-credit"),
        ("Editor: Ahmad Yani", "byline"),
        ("Penulis: Anggun Pratama", "byline"),
        ("Reporter: Budi Santoso | Editor: Rina", "byline"),
        ("Pewarta: Fulan", "byline"),
        ("(kid/asa)", "byline"),
        ("Simak berita dan artikel lainnya di Google News", "google-news"),
        # Kompas' WhatsApp channel promo names no Google News: it is a social promo.
        ("Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran WhatsApp", "social-promo"),
        (
            "Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran andalanmu akses "
            "berita Kompas.com WhatsApp Channel: https://www.whatsapp.com/channel/0000Contoh",
            "social-promo",
        ),
        ("Simak breaking news dan berita pilihan kami di Google News", "google-news"),
        ("Ikuti berita terkini dari Tempo di Google News, klik di sini.", "google-news"),
        # A "Baca juga" box laid out as a table, as trafilatura writes its row.
        ("| Baca juga: Hujan Deras Picu Genangan di Jalan Raya Kalimalang |", "baca-juga"),
        ("| Baca juga: | Hujan Deras Picu Genangan di Jalan Raya Kalimalang |", "baca-juga"),
        ("Pilihan Editor: Petani di Karawang Keluhkan Harga Pupuk Nonsubsidi", "baca-juga"),
        ("Oleh Agus Santoso", "byline"),
        ("Oleh Agus Santoso, Senin, 24 Juli 2023 14:05 WIB", "byline"),
        ("Laporan Wartawan Tribunnews.com, Dewi Anggraini", "byline"),
        ("ADVERTISEMENT", "advertisement"),
        ("SCROLL TO CONTINUE WITH CONTENT", "advertisement"),
        ("Foto: ANTARA/Hafidz Mubarak A", "photo-credit"),
        ("(Foto: ANTARA/Hafidz Mubarak A)", "photo-credit"),
        ("ANTARA FOTO/Aditya Pradana Putra/wsj.", "photo-credit"),
        ("Dok. Humas Polri", "photo-credit"),
        ("Ilustrasi kemeja putih polos. Pinterest", "photo-credit"),
        ("Tesla (Foto: Tesla)", "photo-credit"),
        ("Artikel ini telah tayang di Kompas.com dengan judul Banjir Jakarta", "syndication-note"),
        ("Copyright © ANTARA 2023", "copyright"),
        ("© 2023 Kompas.com", "copyright"),
    ],
)
def test_clean_removes_boilerplate_line_with_reason(line: str, reason: str) -> None:
    result = clean_text(f"{LEDE}\n{line}\n{BODY}")
    assert result.text == f"{LEDE}\n{BODY}"
    assert [(r.reason, r.line_no) for r in result.removed] == [(reason, 2)]


@pytest.mark.parametrize(
    "line",
    [
        "Seorang admin dari sebuah grup WhatsApp terancam hukuman penjara jika gagal membendung hoaks.",
        "Tito mengatakan para teroris cenderung menggunakan aplikasi Telegram karena sulit disadap.",
        "Ikuti langkah berikut untuk mengaktifkan fitur baru WhatsApp di ponsel Anda, kata dia.",
        "Pengguna kini bisa bergabung ke channel WhatsApp milik pemerintah, kata Menkominfo, Senin.",
        "Sumber berita Telegram menyebutkan bahwa aplikasi itu akan segera diperbarui.",
        "Naskah ini bisa dibaca juga di Tabloid BOLA edisi 2.796.",
        "Foto-foto media pemerintah menunjukkan Kim dan tamunya memamerkan beberapa rudal balistik.",
        "Ilustrasi itu kemudian viral di media sosial.",
        "Dokter mengatakan pasien sudah bisa pulang.",
        "Editor senior itu mengatakan bahwa redaksi tidak akan mengubah kebijakan.",
        "Hak cipta lagu itu dimiliki oleh label rekaman besar.",
        "Baca dengan cermat sebelum menandatangani kontrak, ujar pengacara itu.",
        "Iklan rokok dilarang tayang pada siang hari.",
        "Oleh karena itu, warga diminta tetap waspada",
        "Oleh Presiden Joko Widodo, kebijakan itu disebut penting.",
        "Laporan wartawan itu dibantah oleh kepolisian.",
        "| Kabupaten | Rumah terendam |",
        "| Sumba Timur | 1.200 |",
    ],
)
def test_clean_keeps_real_sentences_that_mention_boilerplate_words(line: str) -> None:
    result = clean_text(f"{LEDE}\n{line}")
    assert result.text == f"{LEDE}\n{line}"
    assert result.removed == ()


def test_clean_records_original_line_numbers() -> None:
    text = f"{LEDE}\n\n   \nBaca juga: Sesuatu\n{BODY}\nADVERTISEMENT"
    result = clean_text(text)
    assert [(r.reason, r.line_no) for r in result.removed] == [("baca-juga", 4), ("advertisement", 6)]


@pytest.mark.parametrize("line", ["***", "—", ". .", "* * *", "•"])
def test_clean_drops_punctuation_only_lines(line: str) -> None:
    result = clean_text(f"{LEDE}\n{line}\n{BODY}")
    assert result.text == f"{LEDE}\n{BODY}"
    assert [r.reason for r in result.removed] == ["punctuation"]


def test_clean_drops_empty_lines_without_recording_them() -> None:
    result = clean_text(f"\n\n{LEDE}\n \t \n\u00a0\n{BODY}\n\n")
    assert result.text == f"{LEDE}\n{BODY}"
    assert result.removed == ()


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Penulis: Anggun Pratama", "Anggun Pratama"),
        ("Reporter: Budi Santoso | Editor: Rina", "Budi Santoso"),
        ("Pewarta: Fulan/Editor: Rina", "Fulan"),
        ("Editor: Rina", None),
        ("Oleh Agus Santoso", "Agus Santoso"),
        ("Oleh Agus Santoso, Senin, 24 Juli 2023 14:05 WIB", "Agus Santoso"),
        ("Laporan Wartawan Tribunnews.com, Dewi Anggraini", "Dewi Anggraini"),
        ("Laporan wartawan Kompas TV, Budi Santoso", "Budi Santoso"),
    ],
)
def test_byline_author_reads_the_writer_not_the_editor(line: str, author: str | None) -> None:
    assert boilerplate_reason(line) == "byline"
    assert byline_author(line) == author


@pytest.mark.parametrize(
    ("value", "author"),
    [
        ("Oleh Agus Santoso; Senin", "Agus Santoso"),  # trafilatura's reading of a visible byline
        ("Oleh Agus Santoso, Senin, 24 Juli 2023 14:05 WIB", "Agus Santoso"),
        ("KOMPAS com; RINA MARLINA", "Rina Marlina"),
        ("Rahmat Hidayat - detikNews", "Rahmat Hidayat"),
        ("Penulis: Anggun Pratama", "Anggun Pratama"),
        ("Reporter: Fajar Nugroho | Editor: Sri Wahyuni", "Fajar Nugroho"),
        ("Laporan Wartawan Tribunnews.com, Dewi Anggraini", "Dewi Anggraini"),
        ("Agus Santoso/tom", "Agus Santoso"),
        ("Agus Santoso; Rina Marlina", "Agus Santoso, Rina Marlina"),
        ("Redaksi", "Redaksi"),
        ("Tribunnews com", None),
        ("TEMPO.CO", None),
        ("Senin, 24 Juli 2023", None),
        ("", None),
    ],
)
def test_clean_author_keeps_the_name_and_drops_lead_words_dates_and_outlets(value: str, author: str | None) -> None:
    assert clean_author(value) == author


# --- datelines ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "place", "outlet", "rest"),
    [
        ("SEOUL, KOMPAS.TV - Pemimpin Korea Utara", "SEOUL", "KOMPAS.TV", "Pemimpin Korea Utara"),
        ("JAKARTA, KOMPAS.com — Presiden Joko Widodo", "JAKARTA", "KOMPAS.com", "Presiden Joko Widodo"),
        ("JAKARTA, KOMPAS.com—Presiden Joko Widodo", "JAKARTA", "KOMPAS.com", "Presiden Joko Widodo"),
        ("Jakarta (ANTARA) - Presiden Joko Widodo", "Jakarta", "ANTARA", "Presiden Joko Widodo"),
        ("Bandung (ANTARA News) - Dua atlet", "Bandung", "ANTARA News", "Dua atlet"),
        ("Cilegon, Banten (ANTARA News) - Presiden", "Cilegon, Banten", "ANTARA News", "Presiden"),
        ("JAKARTA (Pos Kota) -Ketua Umum Partai", "JAKARTA", "Pos Kota", "Ketua Umum Partai"),
        ("TEMPO.CO, Jakarta - Presiden Joko Widodo", "Jakarta", "TEMPO.CO", "Presiden Joko Widodo"),
        ("Liputan6.com, Jakarta - Presiden Joko Widodo", "Jakarta", "Liputan6.com", "Presiden Joko Widodo"),
        ("Liputan6.com, Jakarta Presiden Joko Widodo", "Jakarta", "Liputan6.com", "Presiden Joko Widodo"),
        ("JUARA.NET, MISANO ADRIATICO - Pebalap Repsol", "MISANO ADRIATICO", "JUARA.NET", "Pebalap Repsol"),
        ("Jakarta, CNN Indonesia -- Kepolisian", "Jakarta", "CNN Indonesia", "Kepolisian"),
        ("Jakarta, CNN Indonesia - - Kepolisian", "Jakarta", "CNN Indonesia", "Kepolisian"),
        ("Suara.com - Aparat Kepolisian", None, "Suara.com", "Aparat Kepolisian"),
        ("KOMPAS.com - Presiden Joko Widodo", None, "KOMPAS.com", "Presiden Joko Widodo"),
        ("Rimanews - Daniel Mananta", None, "Rimanews", "Daniel Mananta"),
        ("JAKARTA - Wakil Presiden Jusuf Kalla", "JAKARTA", None, "Wakil Presiden Jusuf Kalla"),
        ("INGGRIS – Manchester City", "INGGRIS", None, "Manchester City"),
        ("JAKARTA, Kabar Kota - Banjir merendam", "JAKARTA", "Kabar Kota", "Banjir merendam"),
    ],
)
def test_parse_dateline_reads_place_and_outlet(line: str, place: str | None, outlet: str | None, rest: str) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None
    dateline, remainder = parsed
    assert (dateline.place, dateline.outlet, remainder) == (place, outlet, rest)
    assert line.startswith(dateline.text)


@pytest.mark.parametrize(
    "line",
    [
        "Jakarta adalah ibu kota Indonesia.",
        "Jakarta - Bandung kini bisa ditempuh dalam satu jam.",
        "Suara - suara sumbang terdengar dari tribun.",
        "KPK - lembaga antirasuah - memeriksa saksi.",
        "KPK - Lembaga antirasuah memeriksa saksi.",
        "VIDEO - Detik-detik banjir melanda Jakarta.",
        "Presiden Joko Widodo (Jokowi) - yang baru tiba - langsung rapat.",
        "Pukul 9 - 10 malam jalan ditutup.",
        "JAKARTA, Senin - Banjir merendam ratusan rumah.",
        "Jakarta, Bandung - Surabaya terhubung tol.",
        "Menteri Rusia Sergey Shoigu dan delegasi China tiba di Korea Utara.",
    ],
)
def test_parse_dateline_ignores_ordinary_sentences(line: str) -> None:
    assert parse_dateline(line) is None


def test_clean_strips_dateline_and_records_it_as_line_one() -> None:
    result = clean_text(f"Jakarta (ANTARA) - {LEDE}\n{BODY}")
    assert result.text == f"{LEDE}\n{BODY}"
    assert result.removed == (RemovedLine(text="Jakarta (ANTARA) -", reason="dateline", line_no=1),)


def test_clean_reads_dateline_only_on_the_first_kept_line() -> None:
    result = clean_text(f"Foto: ANTARA/Fulan\nJAKARTA - {LEDE}\nJAKARTA - {BODY}")
    assert result.dateline is not None and result.dateline.place == "JAKARTA"
    assert result.text == f"{LEDE}\nJAKARTA - {BODY}"
    assert [(r.reason, r.line_no) for r in result.removed] == [("photo-credit", 1), ("dateline", 2)]


# --- normalisation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("kata\u00a0media", "kata media"),
        ("kata\u2009media\u3000ini", "kata media ini"),
        ("ka\u200bta\u200d me\ufeffdia\u00ad", "kata media"),
        ("“Hari Kemenangan”", '"Hari Kemenangan"'),
        ("„Ya“ atau «tidak»", '"Ya" atau "tidak"'),
        ("‘Bukan Rahasia’", "'Bukan Rahasia'"),
        ("Jum’at", "Jum'at"),
        ("  banyak    spasi \t di sini  ", "banyak spasi di sini"),
        ("kata media. .", "kata media."),
        ("kata media . .", "kata media."),
        ("ke dialog. .", "ke dialog."),
        ("kata dia , lalu pergi .", "kata dia, lalu pergi."),
        ("naik 50 %", "naik 50%"),
        ("( 27 / 7 )", "(27 / 7)"),
        ("dan tur ” luar biasa”.", 'dan tur "luar biasa".'),
        ("memberi “ kode keras ” soal", 'memberi "kode keras" soal'),
        ("film ' Asmara Dua Diana ', penyanyi", "film 'Asmara Dua Diana', penyanyi"),
        ('layar 5" dan 6" tersedia', 'layar 5" dan 6" tersedia'),
        ("tunggu . . . lalu", "tunggu... lalu"),
        ("Itu bukan rahasia…Tuan.", "Itu bukan rahasia…Tuan."),
        ("e\u0301", "\u00e9"),
        ("pakai .NET", "pakai .NET"),
    ],
)
def test_normalize_line(line: str, expected: str) -> None:
    assert normalize_line(line) == expected
    assert normalize_line(expected) == expected


def test_clean_joins_paragraphs_with_newlines() -> None:
    assert clean_text(f"{LEDE}\r\n\r\n{BODY}\r\n").text == f"{LEDE}\n{BODY}"


def test_clean_text_is_idempotent_on_seed_like_text() -> None:
    text = f"SEOUL, KOMPAS.TV - JAKARTA - {LEDE}\nBaca Juga: x\n“ kutipan ” . .\n{BODY}"
    once = clean_text(text).text
    assert clean_text(once).text == once


@pytest.mark.parametrize("text", ["", "\n\n", "   ", "***\n---"])
def test_clean_text_of_nothing_is_empty(text: str) -> None:
    result = clean_text(text)
    assert result.text == ""
    assert result.dateline is None and result.published is None


# --- content hash and title ----------------------------------------------------------------------------------


def test_content_hash_ignores_case_punctuation_and_spacing() -> None:
    assert content_hash('Presiden "Jokowi" datang.\nIa tersenyum!') == content_hash(
        "presiden jokowi datang ia tersenyum"
    )
    assert content_hash("Presiden datang.") != content_hash("Presiden pergi.")
    assert len(content_hash("x")) == 64


@pytest.mark.parametrize(
    ("text", "max_chars", "title"),
    [
        (f"{LEDE} {BODY}", 120, LEDE.removesuffix(".")),
        (
            "Dr. Fitria Amalia mengatakan kulit perlu dirawat. Ia menambahkan.",
            120,
            "Dr. Fitria Amalia mengatakan kulit perlu dirawat",
        ),
        ("Apa saja? Berikut rangkumannya.", 120, "Apa saja?"),
        (BODY, 40, "Menteri Energi dan Sumber Daya Mineral…"),
        ("Supercalifragilistik", 10, "Supercali…"),
        ("", 120, ""),
    ],
)
def test_derive_title_takes_first_sentence_cut_at_a_word(text: str, max_chars: int, title: str) -> None:
    derived = derive_title(text, max_chars)
    assert derived == title
    assert len(derived) <= max_chars


# --- clean(): the Article -------------------------------------------------------------------------------------


def test_clean_builds_article_from_text_alone() -> None:
    raw = raw_article(f"SEOUL, KOMPAS.TV - {LEDE}\n{BODY}\nPenulis: Anggun Pratama", url="https://x.test/1")
    article = clean(raw, CleanConfig(), LanguageConfig())
    assert article.id == "a1" and article.url == "https://x.test/1" and article.version == 1
    assert article.text == f"{LEDE}\n{BODY}"
    assert article.title == LEDE.removesuffix(".") and article.title_derived
    assert (article.source, article.place) == ("KOMPAS.TV", "SEOUL")
    assert (article.published, article.published_from) == ("2023-07-27", "text")
    assert article.author == "Anggun Pratama"
    assert article.lang == "id" and article.lang_confidence >= 0.5
    assert article.content_hash == content_hash(article.text)
    assert [r.reason for r in article.removed] == ["dateline", "byline"]
    assert article.metadata["dateline"] == "SEOUL, KOMPAS.TV -"
    assert article.metadata["published_text"] == "Kamis (27/7/2023)"
    assert article.metadata["lang_from"] == "detected"


def test_clean_prefers_given_fields() -> None:
    raw = raw_article(
        f"SEOUL, KOMPAS.TV - {LEDE}\n{BODY}\nPenulis: Anggun Pratama",
        title="  Judul\u00a0 “Resmi”  ",
        source="Kompas TV",
        published="2023-07-28T10:00:00+07:00",
        author="Redaksi",
        lang="id-ID",
        metadata={"category": "news"},
    )
    article = clean(raw, CleanConfig(), LanguageConfig())
    assert (article.title, article.title_derived) == ('Judul "Resmi"', False)
    assert (article.source, article.place) == ("Kompas TV", "SEOUL")
    assert (article.published, article.published_from) == ("2023-07-28T10:00:00+07:00", "given")
    assert article.author == "Redaksi"
    assert article.metadata["category"] == "news"
    assert article.metadata["declared_lang"] == "id-ID"


def test_clean_marks_a_date_read_from_html() -> None:
    raw = raw_article(LEDE, format="html", published="2023-07-27")
    assert clean(raw, CleanConfig(), LanguageConfig()).published_from == "html"


def test_clean_leaves_date_empty_when_none_is_found() -> None:
    article = clean(raw_article("Selasa (19/12) lalu hujan turun."), CleanConfig(), LanguageConfig())
    assert (article.published, article.published_from) == (None, None)


def test_clean_detects_language_over_a_wrong_declaration() -> None:
    raw = raw_article(f"{LEDE} {BODY}", lang="en")
    article = clean(raw, CleanConfig(), LanguageConfig())
    assert article.lang == "id"
    assert article.metadata["lang_from"] == "detected"


def test_clean_uses_declared_language_when_detection_is_unsure() -> None:
    raw = raw_article("12345 67890", lang="ms")
    article = clean(raw, CleanConfig(), LanguageConfig())
    assert article.lang == "ms"
    assert article.metadata["lang_from"] == "declared"


def test_clean_title_is_normalised_or_derived_when_blank() -> None:
    article = clean(raw_article(LEDE, title=" \n "), CleanConfig(max_title_chars=30), LanguageConfig())
    assert article.title_derived
    assert len(article.title) <= 30


def test_clean_drops_a_first_line_repeating_the_title_and_reads_the_dateline_after_it() -> None:
    title = "Ratusan Rumah Warga Terendam Banjir di Bekasi"
    raw = raw_article(f"{title}\nKupang (ANTARA) - {LEDE}\n{BODY}", title=title)
    article = clean(raw, CleanConfig(), LanguageConfig())
    assert article.text == f"{LEDE}\n{BODY}"
    assert (article.place, article.source) == ("Kupang", "ANTARA")
    assert [(r.reason, r.line_no) for r in article.removed] == [("title", 1), ("dateline", 2)]


def test_clean_reads_a_dateline_the_page_marked_even_in_mixed_case() -> None:
    """``<strong>Bekasi</strong> - ...``: the text alone reads like "Jakarta - Bandung ..."."""
    title = "Ratusan Rumah Warga Terendam Banjir di Bekasi"
    raw = raw_article(f"{title}\nBekasi - {LEDE}\n{BODY}", title=title, metadata={"marked_dateline": "Bekasi -"})
    article = clean(raw, CleanConfig(), LanguageConfig())
    assert article.text == f"{LEDE}\n{BODY}"
    assert article.place == "Bekasi"
    assert [r.text for r in article.removed] == [title, "Bekasi -"]
    assert clean_text(f"Bekasi - {LEDE}").dateline is None  # unmarked, it stays text


@pytest.mark.parametrize(
    ("line", "marked", "place", "outlet"),
    [
        ("Bekasi - Banjir merendam ratusan rumah.", "Bekasi -", "Bekasi", None),
        ("Kota Bekasi - Banjir merendam ratusan rumah.", "Kota Bekasi -", "Kota Bekasi", None),
        ("TEMPO.CO, Jakarta - Perum Bulog menggelar operasi pasar.", "TEMPO.CO, Jakarta -", "Jakarta", "TEMPO.CO"),
        ("Suara.com - Aparat kepolisian berjaga.", "Suara.com -", None, "Suara.com"),
    ],
)
def test_parse_dateline_reads_a_marked_dateline(line: str, marked: str, place: str | None, outlet: str | None) -> None:
    parsed = parse_dateline(line, marked=marked)
    assert parsed is not None
    assert (parsed[0].place, parsed[0].outlet, parsed[0].text) == (place, outlet, marked)


@pytest.mark.parametrize(
    ("line", "marked"),
    [
        ("Bekasi - Banjir merendam ratusan rumah.", "Jakarta -"),  # the mark is elsewhere on the page
        ("Bekasi -an adalah nama lama.", "Bekasi -"),
        ("Catatan redaksi - tulisan ini diperbarui.", "Catatan redaksi -"),
    ],
)
def test_parse_dateline_ignores_a_mark_the_line_does_not_start_with(line: str, marked: str) -> None:
    assert parse_dateline(line, marked=marked) is None


def test_clean_keeps_a_title_line_that_is_the_whole_text() -> None:
    article = clean(raw_article("Banjir di Bekasi", title="Banjir di Bekasi"), CleanConfig(), LanguageConfig())
    assert (article.text, article.removed) == ("Banjir di Bekasi", ())


def test_place_and_bracketed_acronym_before_a_dash_is_a_dateline() -> None:
    from warta.lang.id.datelines import parse_dateline

    parsed = parse_dateline("Cianjur (KBN) - Tim SAR gabungan melanjutkan pencarian.")
    assert parsed is not None and (parsed[0].place, parsed[0].outlet) == ("Cianjur", "KBN")
    assert parse_dateline("Jakarta (DKI) adalah ibu kota negara.") is None


@pytest.mark.parametrize(
    ("mangled", "repaired"),
    [
        ("â€œKami siap,â€\x9d kata dia.", '"Kami siap," kata dia.'),
        ("Pertemuan di CafÃ© Batavia.", "Pertemuan di Café Batavia."),
        ("Sidang pada 30 Maretâ€‹ 2017 di Pengadilan Tipikor.", "Sidang pada 30 Maret 2017 di Pengadilan Tipikor."),
        ("Harga naik 10 persen â€“ tertinggi tahun ini.", "Harga naik 10 persen – tertinggi tahun ini."),
    ],
)
def test_mojibake_is_repaired_before_quotes_are_straightened(mangled: str, repaired: str) -> None:
    assert normalize_line(mangled) == repaired
    assert normalize_line(repaired) == repaired


def test_accented_text_that_only_looks_odd_is_left_alone() -> None:
    assert normalize_line("Café – bagus, São Paulo, Zürich") == "Café – bagus, São Paulo, Zürich"
