"""Reading .txt and .html files into RawArticle records."""

from __future__ import annotations

from pathlib import Path

from warta.clean import clean
from warta.config import CleanConfig, IngestConfig, LanguageConfig
from warta.errors import InputError
from warta.ingest import content_id, read_inputs
from warta.records import RawArticle

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="id-ID"><head><meta charset="{charset}">
<title>Kim Jong Un bertemu Shoigu - KOMPAS.tv</title>
<meta property="og:site_name" content="KOMPAS.tv">
<meta name="author" content="Budi Santoso">
<meta property="og:url" content="https://www.kompas.tv/internasional/kim-shoigu">
<meta property="article:published_time" content="2023-07-27T10:00:00+07:00">
</head><body><nav>Beranda | Internasional | Video</nav>
<article><h1>Kim Jong Un bertemu Shoigu</h1>
<p>SEOUL, KOMPAS.TV – Pemimpin Korea Utara Kim Jong Un bertemu Menteri Pertahanan Rusia Sergei Shoigu
membahas isu militer dan “lingkungan keamanan regional”, seperti disampaikan KCNA, Kamis.</p>
<p>Pertemuan tersebut oleh media barat dianggap mencerminkan dukungan Korea Utara terhadap perang Rusia
di Ukraina ketika negara terisolasi itu merayakan hari jadi ke-70 gencatan senjata Perang Korea.</p>
</article><footer>Hak cipta 2023</footer></body></html>
"""


def read(*paths: Path | str) -> list[RawArticle | InputError]:
    return list(read_inputs([str(path) for path in paths], IngestConfig()))


def test_the_two_seed_files_are_read_as_two_txt_articles() -> None:
    items = read(SEEDS)
    assert [type(item) for item in items] == [RawArticle, RawArticle]
    first, second = items
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert first.metadata == {"filename": "000_890aa250ba6e1b5a.txt"}
    assert second.text.startswith("SEOUL, KOMPAS.TV - Pemimpin Korea Utara")
    assert all(item.format == "txt" and item.encoding == "utf-8" and not item.id_given for item in (first, second))


def test_txt_file_becomes_one_article_with_content_id_and_raw_bytes_kept_exactly(tmp_path: Path) -> None:
    data = "Paragraf pertama tentang “pemilu”.\r\nParagraf kedua.\rParagraf ketiga.\r\n".encode()
    path = tmp_path / "berita.txt"
    path.write_bytes(data)
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert article.text == "Paragraf pertama tentang “pemilu”.\nParagraf kedua.\nParagraf ketiga.\n"
    assert article.raw == data
    assert article.id == content_id(article.text)
    assert (article.id_given, article.format, article.origin, article.line) == (False, "txt", str(path), None)
    assert article.metadata == {"filename": "berita.txt"}
    assert article.title is None  # no title line is assumed


def test_same_text_read_twice_with_different_line_ends_gets_the_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"Satu dua.\nTiga empat.\n")
    (tmp_path / "b.txt").write_bytes(b"Satu dua.\r\nTiga  empat.")
    first, second = read(tmp_path / "a.txt", tmp_path / "b.txt")
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert first.id == second.id


def test_windows_1252_txt_file_is_decoded_and_its_encoding_recorded(tmp_path: Path) -> None:
    text = "Menteri menyebut “Hari Kemenangan” – kata ‘sumber’ di kafe Café Batavia."
    path = tmp_path / "lama.txt"
    path.write_bytes(text.encode("cp1252"))
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert (article.text, article.encoding) == (text, "cp1252")
    assert article.raw.decode(article.encoding) == text


def test_utf16_txt_file_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Berita “penting” hari ini.".encode("utf-16"))
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert (article.text, article.encoding) == ("Berita “penting” hari ini.", "utf-16")


def test_html_main_text_and_metadata_are_extracted_with_trafilatura(tmp_path: Path) -> None:
    path = tmp_path / "kompas.html"
    data = ARTICLE_HTML.format(charset="utf-8").encode()
    path.write_bytes(data)
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert "Kim Jong Un bertemu Menteri Pertahanan Rusia" in article.text
    assert "Beranda" not in article.text and "Hak cipta" not in article.text
    assert article.title == "Kim Jong Un bertemu Shoigu"
    assert article.source == "KOMPAS.tv"
    assert article.author == "Budi Santoso"
    assert article.url == "https://www.kompas.tv/internasional/kim-shoigu"
    assert article.published == "2023-07-27"
    assert article.lang == "id-ID"
    assert (article.format, article.raw, article.id_given) == ("html", data, False)
    assert article.id == content_id(article.text)
    assert article.metadata["filename"] == "kompas.html"
    assert article.metadata["hostname"] == "kompas.tv"


def test_html_in_windows_1252_declared_by_meta_charset_is_decoded_by_the_declaration(tmp_path: Path) -> None:
    path = tmp_path / "lama.htm"
    path.write_bytes(ARTICLE_HTML.format(charset="windows-1252").encode("cp1252"))
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert article.encoding == "cp1252"
    assert "“lingkungan keamanan regional”" in article.text


def test_html_without_main_text_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kosong.html"
    path.write_text("<html><head><title>Kosong</title></head><body><script>var x = 1;</script></body></html>")
    [error] = read(path)
    assert isinstance(error, InputError)
    assert error.path == str(path)
    assert error.reason == "no main text found in the HTML"


OUTLET_HTML = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Ratusan Rumah Warga Terendam Banjir di Bekasi</title>
<meta property="og:site_name" content="detikNews">
</head><body><nav>Berita | Daerah | Foto</nav>
<article>
<div class="byline">Oleh Agus Santoso, Senin, 24 Juli 2023 14:05 WIB</div>
<div class="detail__body-text">
<h1>Ratusan Rumah Warga Terendam Banjir di Bekasi</h1>
<p><strong>Bekasi</strong> - Banjir merendam ratusan rumah warga di tiga kelurahan di Kecamatan Bekasi Timur
setelah hujan deras mengguyur sejak Minggu malam. Ketinggian air di sejumlah gang mencapai satu meter.</p>
<p>Kepala Pelaksana BPBD Kota Bekasi, Hendra Wijaya, mengatakan sedikitnya 420 rumah terdampak dan sebagian
warga mengungsi ke masjid terdekat, sementara yang lain bertahan di lantai dua rumah mereka.</p>
<table><tr><td><strong>Baca juga:</strong>
<a href="/x">Hujan Deras Picu Genangan di Jalan Raya Kalimalang</a></td></tr></table>
<p>Menurut Hendra, banjir dipicu meluapnya Kali Bekasi yang tidak mampu menampung debit air kiriman dari hulu.
Petugas juga menemukan sejumlah saluran air yang tersumbat sampah di beberapa titik.</p>
</div></article><footer>Copyright © 2023 detikcom</footer></body></html>
"""


def _outlet_article(tmp_path: Path, html: str = OUTLET_HTML) -> RawArticle:
    path = tmp_path / "detik.html"
    path.write_text(html, encoding="utf-8")
    [article] = read(path)
    assert isinstance(article, RawArticle)
    return article


def test_html_visible_byline_gives_a_clean_author(tmp_path: Path) -> None:
    """trafilatura reads the byline as "Oleh Agus Santoso; Senin"."""
    assert _outlet_article(tmp_path).author == "Agus Santoso"


def test_html_bold_dateline_is_kept_for_the_cleaning_stage(tmp_path: Path) -> None:
    assert _outlet_article(tmp_path).metadata["marked_dateline"] == "Bekasi -"


def test_html_bold_dateline_in_two_parts_is_read_up_to_its_dash(tmp_path: Path) -> None:
    html = OUTLET_HTML.replace("<strong>Bekasi</strong> -", "<strong>TEMPO.CO</strong>, <strong>Bekasi</strong> -")
    assert _outlet_article(tmp_path, html).metadata["marked_dateline"] == "TEMPO.CO, Bekasi -"


def test_html_bold_text_without_a_dash_is_no_dateline(tmp_path: Path) -> None:
    html = OUTLET_HTML.replace("<strong>Bekasi</strong> -", "<strong>Bekasi</strong> hari ini:")
    assert "marked_dateline" not in _outlet_article(tmp_path, html).metadata


def test_html_site_name_is_spelled_as_the_page_declares_it(tmp_path: Path) -> None:
    assert _outlet_article(tmp_path).source == "detikNews"  # trafilatura gives "Detiknews"


def test_html_outlet_page_cleans_to_its_article(tmp_path: Path) -> None:
    """The ``<h1>`` copied into the text, the bold dateline and a "Baca juga" table row."""
    article = clean(_outlet_article(tmp_path), CleanConfig(), LanguageConfig())
    assert article.text.startswith("Banjir merendam ratusan rumah warga")
    assert "Baca juga" not in article.text and "|" not in article.text
    assert article.place == "Bekasi"
    assert [(r.text, r.reason) for r in article.removed] == [
        ("Ratusan Rumah Warga Terendam Banjir di Bekasi", "title"),
        ("Bekasi -", "dateline"),
        ("| Baca juga: Hujan Deras Picu Genangan di Jalan Raya Kalimalang |", "baca-juga"),
    ]


def test_html_bold_dateline_after_a_script_is_found_and_one_in_the_navigation_is_not(tmp_path: Path) -> None:
    html = OUTLET_HTML.replace("<nav>Berita | Daerah | Foto</nav>", "<nav><p><b>Terkini</b> - Semua berita</p></nav>")
    html = html.replace(
        "<p><strong>Bekasi</strong> -", "<p><script>var ad = 1;</script><!-- iklan --><strong>Bekasi</strong> -"
    )
    assert _outlet_article(tmp_path, html).metadata["marked_dateline"] == "Bekasi -"
