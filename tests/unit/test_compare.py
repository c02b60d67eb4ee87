"""The comparison of one story's reports: facts, sources, conflicts, updates, quote variants."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np
import pytest

from warta.analysis import analyse
from warta.clean import clean
from warta.compare import Member, annotate_summary, compare_story, comparison_json, outlet_key
from warta.config import CompareConfig, Settings
from warta.ner import NerModel
from warta.records import Comparison, RawArticle, Speaker, SummarySentence

CFG = CompareConfig()


@cache
def model() -> NerModel:
    return NerModel.load()


def member(
    aid: str, source: str | None, text: str, published: str | None = "2024-03-07", copy_of: str | None = None
) -> Member:
    raw = RawArticle(id=aid, text=text, raw=text.encode(), origin="test", source=source, published=published)
    settings = Settings()
    article = clean(raw, settings.clean, settings.language)
    return Member(article, analyse(article, model()), copy_of)


def compare(*members: Member) -> Comparison:
    return compare_story("st-test", members, CFG)


def fact_of(c: Comparison, article: str, words: str):  # type: ignore[no-untyped-def]
    [fact] = [f for f in c.facts if any(s.article == article and words in s.text for s in f.statements)]
    return fact


QUAKE_A = (
    "Gempa berkekuatan magnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada Senin siang.\n"
    "Sebanyak 162 orang meninggal dunia akibat gempa tersebut.\n"
    "Bupati Cianjur Herman Suherman mengatakan warga yang rumahnya rusak mengungsi ke tenda darurat."
)
QUAKE_B = (
    "Gempa magnitudo 5,6 mengguncang wilayah Cianjur di Jawa Barat pada Senin.\n"
    "Gempa itu menewaskan 160 orang meninggal dunia menurut data BNPB.\n"
    "Presiden Joko Widodo dijadwalkan meninjau lokasi gempa pada Selasa."
)


def test_a_fact_two_outlets_state_is_corroborated_and_one_outlets_is_single() -> None:
    c = compare(member("a", "kompas.com", QUAKE_A), member("b", "detik.com", QUAKE_B))
    quake = fact_of(c, "a", "mengguncang Cianjur")
    assert quake.kind == "corroborated" and {s.article for s in quake.statements} == {"a", "b"}
    assert set(quake.outlets) == {"kompas.com", "detik.com"}
    assert fact_of(c, "b", "Joko Widodo").kind == "single"
    assert fact_of(c, "a", "Herman Suherman").kind == "single"


def test_every_statement_is_in_one_fact_and_its_offsets_index_the_clean_text() -> None:
    a, b = member("a", "kompas.com", QUAKE_A), member("b", "detik.com", QUAKE_B)
    c = compare(a, b)
    texts = {"a": a.article.text, "b": b.article.text}
    keys = [(s.article, s.start) for f in c.facts for s in f.statements]
    assert len(keys) == len(set(keys)) == 6
    for f in c.facts:
        for s in f.statements:
            assert texts[s.article][s.start : s.end] == s.text


def test_one_outlets_two_articles_and_two_copies_of_a_wire_story_are_one_source() -> None:
    same_outlet = compare(member("a", "Kompas.com", QUAKE_A), member("b", "KOMPAS.COM", QUAKE_B))
    assert all(f.kind == "single" for f in same_outlet.facts)
    wire = member("w", "antaranews.com", QUAKE_A)
    copy = member("x", "suara.com", QUAKE_A.replace("Senin siang", "Senin"), copy_of="w")
    copies = compare(wire, copy)
    assert all(f.kind == "single" for f in copies.facts)
    assert {s.article for s in fact_of(copies, "w", "mengguncang").statements} == {"w", "x"}
    assert outlet_key("KOMPAS.TV") == outlet_key("Kompas TV") == outlet_key("kompas.tv")


def test_different_counts_of_one_slot_conflict() -> None:
    c = compare(member("a", "kompas.com", QUAKE_A), member("b", "detik.com", QUAKE_B))
    [conflict] = c.conflicts
    assert conflict.slot == "count"
    assert {(v.article, v.value) for v in conflict.values} == {("a", "162 orang"), ("b", "160 orang")}
    assert conflict.fact == fact_of(c, "a", "162 orang").id
    assert c.updates == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Proyek itu bernilai Rp 1,5 triliun menurut Kementerian PUPR.",
            "Kementerian PUPR menyebut proyek itu bernilai Rp 1.500 miliar.",
        ),
        (
            "Sekitar 300 warga Cianjur mengungsi ke tenda darurat.",
            "Lebih dari 290 warga Cianjur mengungsi ke tenda darurat.",
        ),
        (
            "Upacara dimulai pukul 20.00 WIB di Istana Merdeka Jakarta.",
            "Upacara di Istana Merdeka Jakarta dimulai pukul 13.00 GMT.",
        ),
        (
            "Rapat kabinet digelar Kamis di Istana Merdeka Jakarta.",
            "Rapat kabinet digelar pada 7 Maret 2024 di Istana Merdeka Jakarta.",
        ),
        (
            "Pelari itu mencatat waktu 33,556 detik di lintasan Senayan.",
            "Pelari itu mencatat waktu 33,5 detik di lintasan Senayan.",
        ),
    ],
)
def test_one_value_rendered_twice_is_not_a_conflict(a: str, b: str) -> None:
    c = compare(member("a", "kompas.com", a), member("b", "detik.com", b))
    assert [f.kind for f in c.facts] == ["corroborated"]
    assert c.conflicts == ()


def test_a_day_something_was_reported_is_not_the_day_it_happened() -> None:
    a = "Kim dan Shoigu berbicara hari Rabu di Pyongyang tentang kerja sama pertahanan."
    b = "Kim dan Shoigu berbicara di Pyongyang tentang kerja sama pertahanan, lapor KCNA Kamis."
    c = compare(member("a", "kompas.tv", a, "2023-07-27"), member("b", "reuters", b, "2023-07-27"))
    assert [f.kind for f in c.facts] == ["corroborated"]
    assert c.conflicts == ()


def test_event_days_that_differ_conflict() -> None:
    a = "Kim dan Shoigu berbicara hari Rabu di Pyongyang tentang kerja sama pertahanan."
    b = "Kim dan Shoigu berbicara hari Selasa di Pyongyang tentang kerja sama pertahanan."
    c = compare(member("a", "kompas.tv", a, "2023-07-27"), member("b", "reuters", b, "2023-07-27"))
    [conflict] = c.conflicts
    assert conflict.slot == "date"
    assert {v.normalized for v in conflict.values} == {"2023-07-26", "2023-07-25"}


def test_a_later_article_that_revises_a_figure_is_an_update() -> None:
    early = member(
        "a", "kompas.com", "Sebanyak 162 orang meninggal dunia akibat gempa Cianjur.", "2024-03-07T09:00:00+07:00"
    )
    late = member(
        "b",
        "detik.com",
        "Korban meninggal dunia akibat gempa Cianjur bertambah menjadi 268 orang.",
        "2024-03-08T09:00:00+07:00",
    )
    c = compare(late, early)
    assert c.conflicts == ()
    [update] = c.updates
    assert [v.value for v in update.values] == ["162 orang", "268 orang"]


def test_sementara_as_while_does_not_make_an_earlier_figure_provisional() -> None:
    # "..., sementara 13 orang lainnya luka-luka" is "while", not "for now": a later report's other
    # figure is a conflict, not an update; "data sementara" does call a figure provisional.
    text = "Korban tewas terdiri atas empat polisi dan lima pekerja pembangkit, sementara 13 orang lainnya luka-luka."
    early = member("a", "antaranews.com", text, "2024-03-07T09:00:00+07:00")
    late = member(
        "b",
        "cnnindonesia.com",
        "Empat polisi dan tiga pekerja pembangkit tewas dalam serangan itu, sedangkan 13 orang lainnya luka-luka.",
        "2024-03-07T15:00:00+07:00",
    )
    c = compare(early, late)
    assert c.updates == ()
    [conflict] = c.conflicts
    assert sorted(v.value for v in conflict.values) == ["lima pekerja", "tiga pekerja"]

    provisional = member(
        "a", "antaranews.com", text.replace("Korban tewas", "Data sementara korban tewas"), early.article.published
    )
    assert compare(provisional, late).updates != ()


def test_two_titles_of_one_office_conflict_and_two_compatible_titles_do_not() -> None:
    clash = compare(
        member("a", "kompas.com", "Menteri Pertahanan Prabowo Subianto meninjau pabrik senjata di Bandung pada Kamis."),
        member("b", "detik.com", "Menteri Luar Negeri Prabowo Subianto meninjau pabrik senjata di Bandung pada Kamis."),
    )
    assert [d.slot for d in clash.conflicts] == ["role"]
    fine = compare(
        member(
            "a", "kompas.com", "Juru bicara Gedung Putih John Kirby mengatakan Rusia mencari senjata dari Korea Utara."
        ),
        member(
            "b",
            "detik.com",
            "Koordinator Dewan Keamanan Nasional John Kirby mengatakan Rusia mencari senjata dari Korea Utara.",
        ),
    )
    assert fine.conflicts == ()


def test_offices_in_two_named_bodies_are_no_conflict() -> None:
    a = "Hal itu disampaikan Wakil Ketua MPR, Mahyudin, di Jakarta. Golkar tetap mendukung Jokowi."
    b = "Wakil Ketua Dewan Pakar Partai Golkar, Mahyudin, mengatakan hal itu. Golkar mendukung Jokowi."
    c = compare(member("a", "kompas.com", a), member("b", "detik.com", b))
    assert [d for d in c.conflicts if d.slot == "role"] == []


def test_two_ranks_of_one_soldier_conflict() -> None:
    c = compare(
        member(
            "a", "merdeka.com", "Sertu S, anggota TNI yang bertugas di Kodim 0621 Bogor, menjadi korban perampokan."
        ),
        member("b", "tribunnews.com", "Serda S, anggota Kodim 0621 Bogor, menjadi korban perampokan di Cibinong."),
    )
    assert [(d.slot, {v.value for v in d.values}) for d in c.conflicts] == [("role", {"Sertu", "Serda"})]


def test_match_minutes_of_two_players_are_two_moments_not_a_conflict() -> None:
    c = compare(
        member("a", "kompas.com", "Laga itu bisa disamakan oleh Sead Kolasinac di menit ke-82 di Stadion Wembley."),
        member("b", "detik.com", "Chelsea unggul lewat gol Victor Moses pada menit ke-47 di Stadion Wembley."),
    )
    assert not [d for d in c.conflicts if "menit" in " ".join(v.value for v in d.values)]


def test_one_utterance_direct_in_one_outlet_and_indirect_in_another_is_one_quote() -> None:
    a = "“Kami akan menaikkan harga BBM bersubsidi mulai pekan depan,” kata Menteri Keuangan Sri Mulyani di Jakarta."
    b = "Menteri Keuangan Sri Mulyani mengatakan pemerintah akan menaikkan harga BBM bersubsidi mulai pekan depan."
    other = "“Inflasi masih terkendali di bawah tiga persen,” kata Sri Mulyani."
    c = compare(member("a", "kompas.com", a + "\n" + other), member("b", "detik.com", b))
    [variant] = [v for v in c.quote_variants if len(v.renderings) > 1]
    assert "Sri Mulyani" in variant.speaker
    assert {(r.article, r.kind) for r in variant.renderings} == {("a", "direct"), ("b", "indirect")}
    assert all("Inflasi" not in r.text for r in variant.renderings)


def test_a_loosely_similar_quotation_read_first_does_not_take_the_close_renderings_place() -> None:
    # The later outlet's indirect quotation shares a few words with the earlier outlet's direct one
    # and comes first in its text; the close rendering of that direct quotation comes after it.
    early = (
        "“Akibat luapan air sungai ini menyebabkan sejumlah lingkungan di wilayah Kabupaten Dompu terendam "
        "air setinggi dua meter,” kata Kepala BPBD NTB Muhammad Rum di Mataram, Sabtu."
    )
    late = (
        "Kepala BPBD NTB Muhammad Rum mengungkapkan banjir yang menerjang wilayah Kabupaten Dompu ini "
        "diakibatkan curah hujan tinggi.\n"
        "“Akibat luapan air sungai ini sejumlah lingkungan di wilayah Kabupaten Dompu terendam air setinggi "
        "dua meter,” kata Rum di Mataram."
    )
    c = compare(
        member("b", "antaranews.com", early, published="2017-11-04T11:00:00+07:00"),
        member("a", "kumparan.com", late, published="2017-11-04T14:00:00+07:00"),
    )
    [variant] = [v for v in c.quote_variants if any(r.article == "b" for r in v.renderings)]
    assert {(r.article, r.kind) for r in variant.renderings} == {("b", "direct"), ("a", "direct")}


def test_a_speakers_nickname_and_full_name_are_one_speaker() -> None:
    from warta.compare import _same_speakers

    said = [
        Speaker("Jokowi", None, 0, 6),
        Speaker("Presiden Joko Widodo", "Presiden", 0, 20),
        Speaker("Widodo", None, 0, 6),
    ]
    keys = _same_speakers(said, {})
    assert len({keys[(s.name, s.entity_id)] for s in said}) == 1
    other = _same_speakers([Speaker("Jokowi", None, 0, 6), Speaker("Joko Anwar", None, 0, 10)], {})
    assert other[("Jokowi", None)] != other[("Joko Anwar", None)]


def test_the_summary_says_where_outlets_differ_and_cites_both() -> None:
    c = compare(member("a", "kompas.com", QUAKE_A), member("b", "detik.com", QUAKE_B))
    statement = fact_of(c, "a", "162 orang").statements[0]
    chosen = next(s for s in fact_of(c, "a", "162 orang").statements if s.article == "a")
    summary = (SummarySentence(chosen.text, ("a",), "a", chosen.sentence),)
    [annotated] = annotate_summary(summary, c)
    assert annotated.support == "corroborated"
    assert annotated.citations == ("a", "b")
    assert annotated.note is not None and "162 orang" in annotated.note and "160 orang" in annotated.note
    assert statement.article in annotated.citations


def test_coverage_counts_entity_mentions_per_outlet() -> None:
    c = compare(member("a", "kompas.com", QUAKE_A), member("b", "detik.com", QUAKE_B))
    data = comparison_json(c)
    coverage = data["coverage"]
    assert isinstance(coverage, dict)
    assert coverage["outlets"] == ["detik.com", "kompas.com"]
    assert any(set(per) == {"kompas.com", "detik.com"} for per in coverage["entities"].values())


def test_the_order_articles_arrive_in_does_not_matter() -> None:
    members = [
        member("a", "kompas.com", QUAKE_A),
        member("b", "detik.com", QUAKE_B),
        member("c", "tempo.co", QUAKE_B[:80] + "."),
    ]
    first = comparison_json(compare(*members))
    assert comparison_json(compare(*reversed(members))) == first


def test_one_slot_given_two_values_in_statements_of_different_facts_conflicts() -> None:
    a = member(
        "a",
        "antaranews.com",
        "Tanah longsor menimbun rumah warga di Dusun Gondang, Ponorogo, pada Minggu malam.\n"
        "Korban adalah Ria Lestari (23) dan bayinya yang baru berusia dua bulan.",
    )
    b = member(
        "b",
        "surya.co.id",
        "Longsor di Ponorogo menewaskan Ria Lestari (32) yang tertimbun bersama bayinya.\n"
        "Tim SAR gabungan membersihkan material longsor hingga Senin pagi.",
    )
    c = compare(a, b)
    ages = [d for d in c.conflicts if d.slot == "age"]
    assert len(ages) == 1
    assert {(v.article, v.value) for v in ages[0].values} == {("a", "23"), ("b", "32")}


def test_figures_of_different_things_in_one_story_do_not_conflict() -> None:
    a = member("a", "kompas.com", "Sebanyak 120 kios di Pasar Rawakalong hangus terbakar pada Jumat malam.")
    b = member(
        "b",
        "detik.com",
        "Kebakaran di Pasar Rawakalong menghanguskan 120 kios pada Jumat malam.\n"
        "Sebanyak 40 orang petugas pemadam kebakaran dikerahkan ke lokasi.",
    )
    assert compare(a, b).conflicts == ()


@pytest.mark.parametrize(
    ("a", "b", "values"),
    [
        (  # "orang" in one report, the kind of person in the other
            "Kawanan perampok berjumlah empat orang itu membawa kabur uang korban di Cibinong.",
            "Uang korban di Cibinong dibawa kabur kawanan perampok berjumlah lima pelaku.",
            {"empat orang", "lima pelaku"},
        ),
        (  # the one clock time each statement of one fact gives, with no word about it in common
            "Kecelakaan kereta dan mobil di perlintasan Kaligawe terjadi sekitar pukul 07.15 WIB.",
            "Tabrakan kereta dan mobil di perlintasan Kaligawe terjadi tadi pagi sekitar pukul 07.45 WIB.",
            {"pukul 07.15 WIB", "pukul 07.45 WIB"},
        ),
        (  # the one ordinal each statement of a fact gives
            "Mobil yang tertabrak kereta di perlintasan Kaligawe adalah mobil keempat dalam rombongan.",
            "Mobil yang tertabrak kereta di perlintasan Kaligawe merupakan mobil ketiga dalam rombongan.",
            {"keempat", "ketiga"},
        ),
        (  # one place noun, two names
            "Laga perdana Timnas U-16 melawan Myanmar digelar di Stadion Hoa Xuan, Da Nang.",
            "Laga perdana Timnas U-16 melawan Myanmar digelar di Stadion Chi Lang, Da Nang.",
            {"Stadion Hoa Xuan", "Stadion Chi Lang"},
        ),
        (  # two towns of one province
            '"Silakan kalau memang mau dieksekusi," kata Jokowi di Serang, Banten, Senin.',
            '"Silakan kalau mau dieksekusi," ujar Jokowi di Cilegon, Banten, Senin.',
            {"Serang", "Cilegon"},
        ),
        (  # who did it
            "Gol pertama Indonesia dalam laga melawan Myanmar dicetak Redy Juliansyah pada babak pertama.",
            "Gol pertama Indonesia dalam laga melawan Myanmar dicetak Andre Oktaviansyah pada babak pertama.",
            {"Redy Juliansyah", "Andre Oktaviansyah"},
        ),
        (  # "more than" reaches the next round figure, not every larger one
            "Kawanan perampok menggasak uang tunai Rp 57 juta lebih dari jok motor korban di Cibinong.",
            "Kawanan perampok menggasak uang tunai lebih dari Rp 75 juta dari jok motor korban di Cibinong.",
            {"Rp 57 juta", "Rp 75 juta"},
        ),
    ],
)
def test_values_of_one_slot_in_other_words_conflict(a: str, b: str, values: set[str]) -> None:
    c = compare(member("a", "kompas.com", a), member("b", "detik.com", b))
    assert [f.kind for f in c.facts] == ["corroborated"]
    [conflict] = c.conflicts
    assert {v.value for v in conflict.values} == values


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (  # a figure for each against the total
            "Tiga gol Indonesia di babak kedua dicetak oleh Andre, Brylian dan Hamsah.",
            "Di babak kedua Andre, Brylian dan Hamsah masing-masing menyumbang satu gol untuk Indonesia.",
        ),
        (  # the market's morning against its close
            "Nilai tukar rupiah pada Kamis pagi menguat ke level Rp 13.083 per dolar AS.",
            "Nilai tukar rupiah ditutup menguat ke level Rp 13.110 per dolar AS pada perdagangan Kamis.",
        ),
        (  # one scorer, by full name and by surname
            "Gol pertama Indonesia dalam laga melawan Myanmar dicetak Redy Juliansyah pada babak pertama.",
            "Gol pertama Indonesia dalam laga melawan Myanmar dicetak Juliansyah pada babak pertama.",
        ),
        (  # who said it is not a deed: two people may say one thing
            "Pemerintah akan membangun kembali rumah warga yang rusak, kata Presiden Joko Widodo di Cianjur.",
            "Pemerintah akan membangun kembali rumah warga yang rusak, kata Ridwan Kamil di Cianjur.",
        ),
        (  # two lower bounds of different things
            "Pencarian nama Anwar al-Awlaki di YouTube menghasilkan lebih dari 70.000 video.",
            "YouTube menghapus lebih dari 50.000 video ceramah Anwar al-Awlaki.",
        ),
    ],
)
def test_figures_that_are_not_of_one_slot_do_not_conflict(a: str, b: str) -> None:
    c = compare(member("a", "kompas.com", a), member("b", "detik.com", b))
    assert c.conflicts == ()


def test_the_one_age_two_reports_give_conflicts_across_facts() -> None:
    a = member(
        "a",
        "kompas.com",
        "Petualangan Akbar, 22, sebagai polisi gadungan berakhir di terali besi.\n"
        "Ia ditangkap di rumahnya di Cibadak pada Selasa malam.",
    )
    b = member(
        "b",
        "detik.com",
        "Pemuda berinisial A (23) itu selama ini memeras pedagang dengan mengaku anggota polisi.\n"
        "Pemuda itu dibekuk aparat di Cibadak pada Selasa malam.",
    )
    [conflict] = compare(a, b).conflicts
    assert conflict.slot == "age" and conflict.fact is None
    assert {v.value for v in conflict.values} == {"22", "23"}


def test_a_later_report_that_names_the_slot_it_revises_is_an_update_across_facts() -> None:
    early = member(
        "a",
        "kompas.com",
        "Sebuah jet tempur jatuh di pegunungan Alpen pada Senin.\n"
        "Sekitar 50 personel militer dikerahkan dalam operasi pencarian.",
        "2026-08-29T18:00:00+02:00",
    )
    late = member(
        "b",
        "detik.com",
        "Jet tempur yang jatuh di pegunungan Alpen belum ditemukan hingga Selasa.\n"
        "Jumlah personel yang terlibat kemudian bertambah menjadi sekitar 80 orang.",
        "2026-08-30T09:00:00+02:00",
    )
    c = compare(early, late)
    [update] = c.updates
    assert [v.value for v in update.values] == ["50 personel", "80 orang"]  # earlier first
    assert c.conflicts == ()


def test_places_not_of_one_key_are_not_compared() -> None:
    a = member("a", "kompas.com", "Kawanan perampok itu menggasak uang korban di Cibinong pada Rabu siang.")
    b = member("b", "detik.com", "Kawanan perampok itu menggasak uang korban di Bogor pada Rabu siang.")
    assert compare(a, b).conflicts == ()  # Cibinong lies in Bogor: without a shared key, no conflict


def test_english_copy_groups_thousands_with_commas() -> None:
    a = member("a", "kompas.com", "Kesepakatan itu mengatur upah minimum sebesar 1.800 ringgit per bulan bagi pekerja.")
    b = member(
        "b",
        "thejakartapost.com",
        "Upah minimum pekerja diatur kesepakatan itu sebesar 1,800 ringgit per bulan bagi pekerja.",
    )
    b = Member(replace(b.article, lang="en"), b.analysis)
    c = compare(a, b)
    assert c.conflicts == ()
    assert [f.kind for f in c.facts] == ["corroborated"]


def test_a_developing_story_dates_each_days_events_without_conflict() -> None:
    monday = member(
        "a", "kompas.com", "Tim SAR melanjutkan pencarian korban longsor di Cianjur pada Selasa pagi.", "2026-05-05"
    )
    thursday = member(
        "b", "detik.com", "Tim SAR melanjutkan pencarian korban longsor di Cianjur pada Kamis pagi.", "2026-05-07"
    )
    assert compare(monday, thursday).conflicts == ()


def _seed_and_sample_members() -> list[Member]:
    from pathlib import Path

    from warta.config import IngestConfig
    from warta.ingest import read_inputs

    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    raws = [r for r in read_inputs([str(seeds)], IngestConfig()) if isinstance(r, RawArticle)]
    settings = Settings()
    out = [Member(a, analyse(a, model()), None) for a in (clean(r, settings.clean, settings.language) for r in raws)]
    out.append(member("quake", "kompas.com", QUAKE_A + "\n" + QUAKE_A))  # sentences repeated in one article
    return out


def test_a_lone_article_is_compared_as_the_general_path_would() -> None:
    from warta import compare as cmp  # the two private paths under test

    members = _seed_and_sample_members()
    assert len(members) == 3
    for m in members:
        c = compare_story("s", [m], CFG)
        assert len(c.facts) > 2 and not c.conflicts and not c.updates
        by_id = {a.id: a for a in c.articles}
        variants = cmp._quote_variants([m], {}, CFG)
        general = cmp._across_articles([m], by_id, variants, {}, CFG)
        assert cmp._lone_article(m, by_id) == general
        assert c.facts == tuple(general[0])


def test_letter_trigrams_see_words_the_stems_do_not_join() -> None:
    from warta.compare import _gram_similarities

    sim = _gram_similarities(
        [
            "Menteri Pertahanan Rusia Sergey Shoigu tiba di Pyongyang.",
            "Menhan Rusia Sergei Shoigu mendarat di Pyongyang.",
            "Harga cabai rawit naik tajam di pasar induk.",
            "",
            "Menhan Rusia Sergei Shoigu mendarat di Pyongyang.",
        ]
    )
    assert sim.shape == (5, 5)
    assert sim == pytest.approx(sim.T)
    assert sim[1, 4] == pytest.approx(1.0)  # one wording twice
    assert sim[0, 1] > 0.3 > sim[0, 2]
    assert sim[3].max() == 0.0  # no words, nothing in common


def test_a_sentence_joins_the_fact_its_outlet_stated_in_two() -> None:
    from warta.compare import _with_parts

    # Article 0 says in statements 0 and 1 what article 1 says in statement 2; statement 3 (article
    # 0 too) shares a little wording with statement 2 and is about something else.
    sim = np.array(
        [
            [1.0, 0.1, 0.5, 0.0],
            [0.1, 1.0, 0.4, 0.0],
            [0.5, 0.4, 1.0, 0.2],
            [0.0, 0.0, 0.2, 1.0],
        ]
    )
    docs = [0, 0, 1, 0]
    assert _with_parts([[0, 2], [1], [3]], sim, docs) == [[0, 1, 2], [3]]
    # Not when the second sentence only repeats the first: together they match no better.
    sim[0, 1] = sim[1, 0] = 0.8
    assert _with_parts([[0, 2], [1], [3]], sim, docs) == [[0, 2], [1], [3]]


FLOOD_A = (
    "Banjir merendam ratusan rumah di Kabupaten Bekasi sejak Sabtu malam.\n"
    "Warga mengungsi ke masjid dan balai desa terdekat.\n"
)
FLOOD_B = (
    "Ratusan hunian di wilayah Bekasi tergenang air sejak akhir pekan.\n"
    "Para penduduk terpaksa pindah sementara ke tempat ibadah dan kantor desa.\n"
)


def test_the_distilled_meaning_view_joins_a_paraphrase_that_shares_no_content_word() -> None:
    members = (member("a", "kompas.com", FLOOD_A), member("b", "detik.com", FLOOD_B))
    lexical = compare_story("st-test", members, CFG)
    assert fact_of(lexical, "a", "mengungsi").kind == "single"  # off by default: no shared word
    blended = compare_story("st-test", members, replace(CFG, meaning_weight=0.25))
    evacuated = fact_of(blended, "a", "mengungsi")
    assert evacuated.kind == "corroborated"
    assert any("tempat ibadah" in s.text for s in evacuated.statements)
