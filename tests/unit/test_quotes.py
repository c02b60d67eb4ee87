"""Quotation extraction and speaker attribution (``warta.quotes``)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from warta.analysis import resolve_with_speakers
from warta.ner import Mention
from warta.quotes import extract_quotes, quote_json
from warta.records import Quote, Speaker

KOMPAS_TV = "000_890aa250ba6e1b5a.txt"
KOMPAS = "002_e7f87c8db13ab02f.txt"


def _seed(seeds_dir: Path, name: str) -> str:
    return (seeds_dir / name).read_text(encoding="utf-8")


def _find(quotes: list[Quote], words: str) -> Quote:
    [quote] = [q for q in quotes if words in q.text]
    return quote


def _speaker(q: Quote) -> Speaker:
    assert q.speaker is not None, q
    return q.speaker


def _check_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.start : q.end] == q.text
        if q.speaker is not None and q.speaker.end > q.speaker.start:
            assert text[q.speaker.start : q.speaker.end].strip()


# --------------------------------------------------------------------------- the seeds


def test_seed_kompas_tv(seeds_dir: Path) -> None:
    text = _seed(seeds_dir, KOMPAS_TV)
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)

    panda = _find(quotes, "Kami telah menempuh perjalanan jauh")
    assert panda.kind == "direct" and panda.cue == "kata"
    assert _speaker(panda).name == "Ankit Panda"
    assert text[panda.start - 1] == "“" and panda.text.endswith("di kota")

    after_panda = _find(quotes, "Tur pribadi untuk Shoigu")
    assert after_panda.cue == "katanya" and _speaker(after_panda).name == "Ankit Panda"

    kirby = _find(quotes, "sikap Rusia terhadap Korea Utara")
    assert kirby.kind == "indirect" and kirby.cue == "mengatakan"
    assert _speaker(kirby).name == "John Kirby"
    assert _speaker(kirby).role == "Juru bicara keamanan nasional Gedung Putih"

    kirby2 = _find(quotes, "Itu bukan rahasia")
    assert kirby2.kind == "direct" and kirby2.cue == "katanya"
    assert _speaker(kirby2).name == "John Kirby"
    assert _speaker(kirby2).role == "Juru bicara keamanan nasional Gedung Putih"
    assert "Putin menjangkau" in kirby2.text  # several sentences in one quotation

    lukin = _find(quotes, "Ini mungkin menunjukkan")
    assert _speaker(lukin).name == "Artyom Lukin"
    assert (_speaker(lukin).role or "").startswith("seorang profesor di Universitas Federal Rusia")

    added = _find(quotes, "Kunjungan serentak oleh pejabat tinggi")
    assert added.kind == "indirect" and added.cue == "tambahnya"
    assert _speaker(added).name == "Artyom Lukin"

    reported = _find(quotes, "Shoigu memberi Kim surat")
    assert reported.cue == "lapor" and _speaker(reported).name == "media Korea Utara"

    kim = _find(quotes, "Kunjungan delegasi Li")
    assert _speaker(kim).name == "Kim"

    # Scare quotes and headings are no statements.
    assert not [q for q in quotes if q.text in ("Hari Kemenangan", "Bukan Rahasia", "melawan agresor Amerika")]


def test_seed_kompas(seeds_dir: Path) -> None:
    text = _seed(seeds_dir, KOMPAS)
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)

    kirby = _find(quotes, "jelas Putin sedang mencari dukungan")
    assert kirby.kind == "indirect"
    assert _speaker(kirby).name == "John Kirby"
    assert (_speaker(kirby).role or "").startswith("koordinator Dewan Keamanan Nasional Gedung Putih")

    kirby2 = _find(quotes, "Putin tahu dia punya masalah")
    assert kirby2.kind == "direct" and kirby2.cue == "ujar"
    assert _speaker(kirby2).name == "John Kirby"  # "ujar Kirby" resolved to the full name
    assert text[_speaker(kirby2).start : _speaker(kirby2).end] == "Kirby"
    assert _speaker(kirby2).role == _speaker(kirby).role

    kcna = _find(quotes, "menguatkan kerja sama")
    assert kcna.kind == "direct" and _speaker(kcna).name == "KCNA"

    agency = _find(quotes, "Kim dan Shoigu berbicara hari Rabu")
    assert _speaker(agency).name == "Korean Central News Agency"
    assert _speaker(agency).role == "media resmi Korea Utara"

    lee = _find(quotes, "militer Korea Selatan sedang menganalisis")
    assert _speaker(lee).name == "Lee Sung Joon"
    assert _speaker(lee).role == "juru bicara Staf Gabungan Korea Selatan"

    assert not [q for q in quotes if q.text == "kebijakan hegemonik"]
    assert not [q for q in quotes if q.text.startswith("surat")]  # "menyampaikan surat" reports no speech


# --------------------------------------------------------------------------- direct quotes


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("“Kami siap bekerja sama dengan semua pihak,” kata Budi.", "Kami siap bekerja sama dengan semua pihak"),
        ('"Kami siap bekerja sama dengan semua pihak," kata Budi.', "Kami siap bekerja sama dengan semua pihak"),
        ("”Kami siap bekerja sama dengan semua pihak,” kata Budi.", "Kami siap bekerja sama dengan semua pihak"),
        ("‘Kami siap bekerja sama dengan semua pihak,’ kata Budi.", "Kami siap bekerja sama dengan semua pihak"),
        ("'Kami siap bekerja sama dengan semua pihak,' kata Budi.", "Kami siap bekerja sama dengan semua pihak"),
    ],
)
def test_quote_marks(text: str, inner: str) -> None:
    [q] = extract_quotes(text)
    assert (q.text, q.kind, q.cue) == (inner, "direct", "kata")
    assert _speaker(q).name == "Budi"


def test_quote_across_paragraphs_with_continuation_mark() -> None:
    text = "“Kami akan menambah anggaran tahun depan.\n“Semua daerah akan mendapat bagian,” kata Budi Santoso."
    [q] = extract_quotes(text)
    assert q.text.startswith("Kami akan") and q.text.endswith("mendapat bagian")
    assert "\n" in q.text and _speaker(q).name == "Budi Santoso"


def test_quote_opened_at_paragraph_start_continues() -> None:
    text = "“Kami akan menambah anggaran tahun depan.\nSemua daerah akan mendapat bagian,” kata Budi Santoso."
    [q] = extract_quotes(text)
    assert q.text.endswith("mendapat bagian") and _speaker(q).name == "Budi Santoso"


def test_unclosed_quote_stops_at_paragraph_end() -> None:
    text = "Ia berkata “kami tidak akan mundur dari jalan ini apa pun yang terjadi.\nParagraf lain tanpa kutipan."
    [q] = extract_quotes(text)
    assert q.end <= text.index("\n")


def test_apostrophes_are_not_quotes() -> None:
    assert extract_quotes("Salat Jum'at di masjid Ma’ruf berjalan lancar hari ini.") == []


def test_cue_before_quote() -> None:
    text = "Menteri Keuangan Sri Mulyani mengatakan, “Defisit akan kami jaga di bawah tiga persen.”"
    [q] = extract_quotes(text)
    assert q.kind == "direct" and q.cue == "mengatakan"
    assert _speaker(q).name == "Sri Mulyani" and _speaker(q).role == "Menteri Keuangan"


def test_role_then_name_after_comma() -> None:
    text = "“Kami belum menerima datanya dari pusat,” kata Kepala Dusun Nglahar, Wahyu Wibowo, Jumat."
    [q] = extract_quotes(text)
    assert _speaker(q).name == "Wahyu Wibowo" and _speaker(q).role == "Kepala Dusun Nglahar"


def test_pronoun_speakers() -> None:
    text = (
        "“Harga beras naik sejak awal bulan ini,” kata Ketua Koperasi Ahmad Yani.\n"
        "“Kami sudah melapor ke dinas terkait,” ujar dia.\n"
        "Ia mengatakan stok di gudang masih cukup untuk dua bulan."
    )
    quotes = extract_quotes(text)
    assert [_speaker(q).name for q in quotes] == ["Ahmad Yani"] * 3
    assert quotes[2].kind == "indirect"


def test_katanya_takes_a_tagged_person_not_the_nearest_capitalised_name() -> None:
    text = (
        "Budi Gunadi hadir pagi itu. Ia datang ke Taman Suroboyo bersama rombongan. "
        "“Semua warga harus divaksin hari ini,” katanya."
    )
    # Without a tagger the last capitalised pair is all there is to go on.
    assert _speaker(extract_quotes(text)[0]).name == "Taman Suroboyo"
    # With the tagger's PER spans, a place is never a pronoun's antecedent.
    assert _speaker(extract_quotes(text, people=[(0, 11)])[0]).name == "Budi Gunadi"
    # A tagger that found no one leaves the quotation unattributed rather than guessing.
    assert extract_quotes(text, people=[])[0].speaker is None


# --------------------------------------------------------------------------- indirect quotes


def test_menurut() -> None:
    text = "Menurut Gabriel Manek, di daerah itu terdapat sejumlah mata air yang bisa digunakan warga."
    [q] = extract_quotes(text)
    assert q.kind == "indirect" and q.cue == "menurut"
    assert q.text.startswith("di daerah itu") and not q.text.endswith(".")
    assert _speaker(q).name == "Gabriel Manek"


def test_bahwa_and_trailing_cue() -> None:
    text = "Polisi menyatakan bahwa jalan itu ditutup sementara. Jembatan itu rusak berat akibat banjir, kata Budi."
    first, second = extract_quotes(text)
    assert first.text == "jalan itu ditutup sementara" and first.cue == "menyatakan"
    assert second.text == "Jembatan itu rusak berat akibat banjir" and _speaker(second).name == "Budi"


def test_quote_json() -> None:
    text = "“Kami siap bekerja sama dengan semua pihak,” kata Budi."
    [q] = extract_quotes(text)
    data = quote_json(q)
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"text", "start", "end", "kind", "cue", "speaker"}
    at = text.index("Budi")
    assert data["speaker"] == {"name": "Budi", "entity_id": None, "role": None, "start": at, "end": at + 4}
    assert quote_json(Quote("x", 0, 1, "indirect", None, None))["speaker"] is None


# --------------------------------------------------------------------------- hostile input


def test_empty_and_markless() -> None:
    assert extract_quotes("") == []
    assert extract_quotes("\n\n  \n") == []
    assert extract_quotes('"""""“”‘’\'\'') == []


def test_one_megabyte_without_full_stop_is_fast() -> None:
    chunk = "kata Budi “kutipan tanpa akhir, menurut Ahmad 😀 Ирина ' ' \" mengatakan bahwa ujarnya "
    text = chunk * (1_000_000 // len(chunk))
    t0 = time.perf_counter()
    quotes = extract_quotes(text)
    assert time.perf_counter() - t0 < 2.0
    _check_offsets(text, quotes)


def test_pairing_recovers_from_a_stray_mark() -> None:
    text = (
        "Acara bertajuk ” Ayo Sehat digelar Senin. "
        "“Kami menambah dua ruang isolasi baru,” kata Budi. "
        "“Semua pasien sudah kami pindahkan ke sana,” ujar Budi."
    )
    quotes = extract_quotes(text)
    assert "Semua pasien sudah kami pindahkan ke sana" in [q.text for q in quotes]


def test_numbers_inside_a_role() -> None:
    text = "“Kasus baru turun pekan ini,” kata juru bicara Satgas Covid-19 Kabupaten Bekasi, Alamsyah, Senin."
    [q] = extract_quotes(text)
    assert _speaker(q).name == "Alamsyah"
    assert _speaker(q).role == "juru bicara Satgas Covid-19 Kabupaten Bekasi"


def test_place_after_institution_head_is_no_name() -> None:
    text = "“Kami siap membantu warga yang terdampak,” kata Wali Kota Pekalongan Achmad Afzan Arslan Djunaid."
    [q] = extract_quotes(text)
    assert _speaker(q).name == "Achmad Afzan Arslan Djunaid"
    assert _speaker(q).role == "Wali Kota Pekalongan"


def test_cueless_quote_after_attributed_one_keeps_the_speaker() -> None:
    text = "“Kami menambah dua ruang isolasi baru,” kata Budi Santoso.\n“Semua pasien sudah kami pindahkan ke sana.”"
    _first, second = extract_quotes(text)
    assert second.cue is None and _speaker(second).name == "Budi Santoso"


def test_cue_inside_the_sentence() -> None:
    text = "Hanya, lanjut Simanjorang, dalam penerapannya pemerintah seharusnya melakukan sosialisasi."
    [q] = extract_quotes(text)
    assert q.text == "dalam penerapannya pemerintah seharusnya melakukan sosialisasi"
    assert _speaker(q).name == "Simanjorang" and _speaker(q).role is None


def test_titled_role_then_name_then_verb() -> None:
    text = "Pengajar Sekolah Tinggi Pertanahan Nasional, Sutaryono, mengungkapkan, alih fungsi lahan terus terjadi."
    [q] = extract_quotes(text)
    assert q.text == "alih fungsi lahan terus terjadi"
    assert _speaker(q).name == "Sutaryono"
    assert _speaker(q).role == "Pengajar Sekolah Tinggi Pertanahan Nasional"


def test_relative_clause_is_no_role() -> None:
    text = "Ahmad Yani, yang juga perwira wilayah itu, menyatakan tiga kompi pasukan telah bersiaga."
    [q] = extract_quotes(text)
    assert _speaker(q).name == "Ahmad Yani" and _speaker(q).role is None


def test_described_speaker_without_a_name() -> None:
    [q] = extract_quotes("Seorang analis mengatakan inspeksi itu menunjukkan penerimaan Rusia atas program nuklir.")
    assert _speaker(q).name == "Seorang analis"


def test_capitalised_word_after_cue_is_a_name() -> None:
    [q] = extract_quotes("“Kami akan mengajukan peninjauan kembali,” kata Hari.")
    assert _speaker(q).name == "Hari"


def test_title_before_bare_name() -> None:
    text = "“Pasien sudah dirujuk ke rumah sakit,” kata Juru Bicara Satgas Kota Kendari, dr Algazali, Senin."
    [q] = extract_quotes(text)
    assert _speaker(q).name == "Algazali"


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("“Kami siap menggelar pemilu,” kata Ketua KPU Arief Budiman.", "Arief Budiman", "Ketua KPU"),
        (
            "Ketua Komite Ritel Asosiasi Pengusaha Indonesia (Apindo) Tutum Rahanta mengatakan peritel sulit"
            " mencari pasokan.",
            "Tutum Rahanta",
            "Ketua Komite Ritel Asosiasi Pengusaha Indonesia (Apindo)",
        ),
        (
            "Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Mahfud MD menegaskan tidak ada pemerintah yang mau"
            " menyengsarakan rakyatnya.",
            "Mahfud MD",
            None,
        ),
    ],
)
def test_role_and_name_split(text: str, name: str, role: str | None) -> None:
    [q] = extract_quotes(text)
    assert _speaker(q).name == name
    if role is not None:
        assert _speaker(q).role == role


def test_adverbial_before_bahwa_is_skipped() -> None:
    text = "Lee Sung Joon mengatakan dalam sebuah sesi informasi bahwa militer sedang menganalisis aset itu."
    [q] = extract_quotes(text)
    assert q.text == "militer sedang menganalisis aset itu"
    text = "Budi mengatakan bahwa ia yakin bahwa harga akan turun pekan depan."
    [q] = extract_quotes(text)
    assert q.text == "ia yakin bahwa harga akan turun pekan depan"


# --------------------------------------------------------------------------- verbs that take a clause


def test_a_verb_followed_by_a_clause_reports_what_a_person_said() -> None:
    text = "Kepala BPBD Dompu Muhammad Rum memastikan tidak ada korban jiwa dalam peristiwa ini."
    quote = _find(extract_quotes(text), "tidak ada korban jiwa")
    assert quote.kind == "indirect"
    assert _speaker(quote).name == "Muhammad Rum"


def test_the_same_verb_before_a_noun_phrase_is_no_quotation() -> None:
    text = "Petugas Muhammad Rum menyebut nama korban satu per satu di depan keluarga."
    assert extract_quotes(text) == []


def test_a_clause_after_a_verb_whose_subject_is_no_person_is_not_kept() -> None:
    # Read without "bahwa" or a comma, an institution's name before the verb is too often a fragment;
    # here the tagger found no person, so "Geofisika" is no speaker and the clause no quotation.
    text = "Badan Meteorologi, Klimatologi, dan Geofisika memastikan gempa itu tidak berpotensi tsunami."
    assert extract_quotes(text, people=[]) == []
    with_bahwa = text.replace("memastikan", "memastikan bahwa")
    assert [q.text for q in extract_quotes(with_bahwa, people=[])] == ["gempa itu tidak berpotensi tsunami"]


# --------------------------------------------------------------------------- speakers' names and roles


def test_a_regional_title_keeps_its_region_in_the_role() -> None:
    text = "Bupati Dompu Bambang M Yasin mengatakan pemerintah sudah menyiapkan dapur umum di tiga titik."
    speaker = _speaker(_find(extract_quotes(text), "dapur umum"))
    assert speaker.name == "Bambang M Yasin"
    assert speaker.role is not None and "Dompu" in speaker.role


def test_a_dateline_and_a_time_phrase_do_not_hide_the_subject() -> None:
    text = (
        "JAKARTA, KOMPAS.com - Menteri Luar Negeri Retno Marsudi, Selasa (4/4/2017), "
        "menyatakan pemerintah terus memantau."
    )
    speaker = _speaker(_find(extract_quotes(text), "terus memantau"))
    assert speaker.name == "Retno Marsudi"


def test_a_name_of_short_syllables_is_not_cut_where_the_tagger_starts_late() -> None:
    text = "Menteri Pertahanan Korea Utara Kang Sun Nam mengatakan Pyongyang mendukung Rusia."
    [quote] = extract_quotes(text, people=[(text.index("Sun Nam"), text.index("Sun Nam") + 7)])
    assert _speaker(quote).name == "Kang Sun Nam"


def test_an_outlet_before_a_name_goes_to_the_role_when_the_tagger_starts_at_the_name() -> None:
    text = "Manajer Arsenal Arsene Wenger mengatakan timnya bermain baik malam itu."
    start = text.index("Arsene")
    [quote] = extract_quotes(text, people=[(start, start + len("Arsene Wenger"))])
    assert _speaker(quote).name == "Arsene Wenger"


def test_a_speaker_told_by_what_they_are_is_no_entity_but_a_body_named_whole_is() -> None:
    text = (
        '"Tim kurang fit," ucap mantan pelatih Persija Jakarta tersebut. '
        '"Pemilu sah," kata Departemen Pemilu Singapura.'
    )
    found = [
        Mention(text.index("Persija"), text.index("Persija") + 15, "Persija Jakarta", "ORG"),
        Mention(text.index("Singapura"), text.index("Singapura") + 9, "Singapura", "LOC"),
    ]
    mentions, _ = resolve_with_speakers(text, found, extract_quotes(text))
    assert {(m.text, m.type) for m in mentions} >= {("Persija Jakarta", "ORG"), ("Departemen Pemilu Singapura", "ORG")}
    assert all(m.type != "PER" for m in mentions)
