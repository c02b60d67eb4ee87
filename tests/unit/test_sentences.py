"""Indonesian sentence splitting, word tokens and stop words."""

from __future__ import annotations

import time

import pytest

from warta.lang.id.sentences import sentences, split_sentences
from warta.lang.id.tokens import content_words, stem, stopwords, words


def test_spans_are_stripped_offsets_into_the_text() -> None:
    text = "  Satu dua tiga.   Empat lima enam!  \nTujuh delapan?  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Satu dua tiga.", "Empat lima enam!", "Tujuh delapan?"]
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert spans == sorted(spans)


def test_never_crosses_a_paragraph_break() -> None:
    text = "Kalimat tanpa titik\nKalimat kedua, juga tanpa titik\n\nKetiga."
    assert sentences(text) == ["Kalimat tanpa titik", "Kalimat kedua, juga tanpa titik", "Ketiga."]


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Budi Santoso, S.H., M.Si. mengatakan hal itu di Jl. Sudirman No. 5, Kec. Menteng.",
        "Presiden ke-3 RI, B. J. Habibie, lahir di Parepare.",
        "Ia dirawat oleh dr. Terawan dan Prof. Ir. H. Joko di RS Kab. Bogor.",
        "Sumbangan a.n. Hj. Siti sebesar Rp. 5.000 diterima St. Yohanes.",
        "Harga naik 3,5 persen menjadi Rp 1.500 per kilogram pada pukul 9.50 WIB.",
        "Gempa terjadi Kamis (27/7/2023) pukul 19.05 WIB, lapor KOMPAS.com dan detik.com hari ini.",
        "Saham PT Bank Rakyat Indonesia Tbk. (BBRI) naik tipis.",
        "Dia membeli buah, sayur, dll. untuk dijual lagi.",
        "Film itu disutradarai J.J. Abrams dan diproduksi Bad Robot.",
        "“Kami siap.” kata dia sambil tersenyum.",
    ],
)
def test_abbreviations_numbers_dates_and_domains_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_sentence_ending_inside_a_quote_ends_after_the_quote() -> None:
    text = 'Ia berkata, "Kami siap." Lalu ia pergi. Dia menjawab, “Tidak tahu.” Rapat selesai.'
    assert sentences(text) == [
        'Ia berkata, "Kami siap."',
        "Lalu ia pergi.",
        "Dia menjawab, “Tidak tahu.”",
        "Rapat selesai.",
    ]


def test_exclamation_inside_a_quote_followed_by_attribution_continues() -> None:
    assert sentences('"Merdeka!" teriak mereka. Semua bubar.') == ['"Merdeka!" teriak mereka.', "Semua bubar."]


def test_lower_case_start_after_a_plain_full_stop_is_a_new_sentence() -> None:
    assert sentences("Bank menawarkan jenis KPR ini. namun, pahami dulu bunganya.") == [
        "Bank menawarkan jenis KPR ini.",
        "namun, pahami dulu bunganya.",
    ]


def test_ellipsis_and_question_exclamation_runs() -> None:
    text = "Ia terdiam… Lalu pergi. Benarkah?! Tentu saja... dan seterusnya. Begitulah"
    assert sentences(text) == ["Ia terdiam…", "Lalu pergi.", "Benarkah?!", "Tentu saja... dan seterusnya.", "Begitulah"]


def test_abbreviation_that_may_end_a_sentence_ends_it_before_a_capital() -> None:
    assert sentences("Ia membeli buah, sayur, dll. Kemudian pulang.") == [
        "Ia membeli buah, sayur, dll.",
        "Kemudian pulang.",
    ]


def test_ordinary_sentence_ends_before_digit_or_quote() -> None:
    text = 'Korban bertambah. 12 orang dirawat. "Kami berduka," katanya.'
    assert sentences(text) == ["Korban bertambah.", "12 orang dirawat.", '"Kami berduka," katanya.']


def test_stray_full_stop_joins_the_sentence_before() -> None:
    assert sentences("Korea Utara kembali ke dialog. .") == ["Korea Utara kembali ke dialog. ."]


def test_list_number_at_paragraph_start_stays_with_its_item() -> None:
    assert sentences("1. Pertama, siapkan bahan.\n2. Kedua, aduk rata.") == [
        "1. Pertama, siapkan bahan.",
        "2. Kedua, aduk rata.",
    ]


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


@pytest.mark.parametrize(
    "text",
    [
        "kata" * 250_000,  # 1 MB without a full stop or a space
        "kata " * 200_000,  # 1 MB of words, no full stop
        ". " * 500_000,
        "." * 1_000_000,
        "Dr. " * 250_000,
        '"“‘ «(' * 200_000,  # unbalanced quotes and brackets
        "😀🎉 Halo! " * 100_000,
        "?!" * 500_000,
        " " * 1_000_000 + ".",
    ],
)
def test_hostile_input_is_split_quickly(text: str) -> None:
    start = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - start < 10.0  # linear work is ~2 s here; a quadratic split of 1 MB takes far longer
    assert all(0 <= s < e <= len(text) for s, e in spans)


def test_splitter_is_fast_on_a_news_article() -> None:
    paragraph = (
        "JAKARTA, KOMPAS.com - Presiden Joko Widodo meresmikan Jl. Tol Trans Jawa sepanjang 1.167 km, "
        "Kamis (27/7/2023). “Ini hadiah untuk rakyat,” kata Jokowi. Biaya proyek mencapai Rp 3,5 triliun. "
        "Menurut Dr. Ir. H. Budi Karya, M.Sc., tol itu dipakai 100.000 kendaraan per hari. Apa dampaknya?! "
        "Pengamat menyebut harga logistik, dll. akan turun…\n"
    )
    article = paragraph * (4000 // len(paragraph) + 1)
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        split_sentences(article)
    per_article = (time.perf_counter() - start) / runs
    assert per_article < 0.003  # measured ~0.1 ms; generous bound for loaded CI machines


def test_words_keep_numbers_dates_and_hyphenated_words() -> None:
    text = "Kamis (27/7/2023), harga Rp 1.500 naik 3,5 persen; covid-19, isu-isu ke-70 di KOMPAS.com 🎉."
    assert words(text) == [
        "kamis",
        "27/7/2023",
        "harga",
        "rp",
        "1.500",
        "naik",
        "3,5",
        "persen",
        "covid-19",
        "isu-isu",
        "ke-70",
        "di",
        "kompas",
        "com",
    ]


def test_content_words_drop_stop_words_and_single_characters() -> None:
    assert content_words("Menurut dia, Presiden akan datang ke Bandung pada 5 Mei dan x tidak.") == [
        "presiden",
        "datang",
        "bandung",
        "mei",
    ]


def test_stop_word_list_is_loaded_once_and_sized_sensibly() -> None:
    sw = stopwords()
    assert sw is stopwords()
    assert 300 <= len(sw) <= 700
    assert {"yang", "dan", "di", "ke", "dari", "tersebut", "adalah"} <= sw
    assert not {"presiden", "gempa", "rupiah", "kamis"} & sw


@pytest.mark.parametrize(
    ("forms", "root"),
    [
        (("melaporkan", "dilaporkan", "laporan", "lapor"), "lapor"),
        (("pertemuan", "bertemu", "menemui"), "temu"),
        (("menyampaikan", "disampaikan", "sampai"), "sampai"),
        (("kirim", "dikirim", "mengirimkan", "pengiriman"), "irim"),
        (("perang", "berperang", "peperangan"), "perang"),
    ],
)
def test_stem_joins_inflected_forms(forms: tuple[str, ...], root: str) -> None:
    assert {stem(f) for f in forms} == {root}


def test_stem_leaves_numbers_and_names_with_digits_alone() -> None:
    assert stem("1.500") == "1.500"
    assert stem("covid-19") == "covid-19"
    assert stem("isu-isu") == "isu"
    assert stem("") == ""
