"""Entity resolution: name variants, countries, roles, and surnames left alone without evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from warta.entities import (
    build_entities,
    country_mentions,
    entity_id,
    entity_key,
    fold,
    merge_story,
    repair_mentions,
    resolve_article,
    role_after,
    role_before,
)
from warta.records import Entity, EntityMention


@dataclass(frozen=True)
class M:
    start: int
    end: int
    text: str
    type: str


def mentions(text: str, names: dict[str, str]) -> list[M]:
    found = []
    for name, type_ in names.items():
        found += [M(m.start(), m.end(), name, type_) for m in re.finditer(re.escape(name) + r"\b", text)]
    return found


@pytest.mark.parametrize(
    ("a", "b"),
    [("Sergey Shoigu", "Sergei Shoigu"), ("Kim Jong-un", "Kim Jong Un"), ("Mikhail", "Mihail"), ("Zoë", "Zoe")],
)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize("name", ["China", "Tiongkok", "Cina", "RRT"])
def test_china_in_every_spelling_is_one_country(name: str) -> None:
    assert entity_key(name, "LOC") == "country:CN"


@pytest.mark.parametrize(
    ("name", "code"), [("AS", "US"), ("Amerika Serikat", "US"), ("Korut", "KP"), ("North Korea", "KP")]
)
def test_country_aliases(name: str, code: str) -> None:
    assert entity_key(name, "LOC") == f"country:{code}"


def test_short_name_joins_the_full_name_in_the_same_article() -> None:
    text = "Menteri Pertahanan Rusia Sergei Shoigu tiba di Pyongyang. Shoigu bertemu Kim."
    resolved = resolve_article(text, mentions(text, {"Sergei Shoigu": "PER", "Shoigu": "PER"}))
    assert len({m.entity_id for m in resolved}) == 1
    assert resolved[0].role == "Menteri Pertahanan Rusia"


def test_a_surname_the_tagger_took_for_a_place_is_the_person_named_in_full() -> None:
    text = "Gol Marco Asensio membawa Real Madrid unggul. Asensio lalu diganti pada menit ke-80."
    found = mentions(text, {"Marco Asensio": "PER", "Real Madrid": "ORG", "Asensio": "LOC"})
    resolved = resolve_article(text, found)
    people = [m for m in resolved if "Asensio" in m.text]
    assert {m.type for m in people} == {"PER"} and len({m.entity_id for m in people}) == 1


def test_a_given_name_the_tagger_took_for_an_organisation_is_the_person_named_in_full() -> None:
    text = "Mimpi buruk dialami Sarah Cummins (25). Seperti dilansir Metro, Sarah membatalkan resepsi."
    resolved = resolve_article(text, mentions(text, {"Sarah Cummins": "PER", "Sarah": "ORG", "Metro": "ORG"}))
    sarah = [m for m in resolved if "Sarah" in m.text]
    assert {m.type for m in sarah} == {"PER"} and len({m.entity_id for m in sarah}) == 1


def test_a_surname_that_only_folds_like_a_country_is_the_person_but_a_country_stays() -> None:
    text = "Sutradara James Cameron akan menggarapnya. Cameron punya ide. Kamerun dan Israel Adesanya."
    found = mentions(text, {"James Cameron": "PER", "Cameron": "LOC", "Kamerun": "LOC", "Israel Adesanya": "PER"})
    found.append(M(text.index("Israel"), text.index("Israel") + 6, "Israel", "LOC"))
    resolved = resolve_article(text, [m for m in found if m.text != "Israel Adesanya"])
    by_text = {m.text: m for m in resolved}
    assert by_text["Cameron"].type == "PER" and by_text["Cameron"].entity_id == by_text["James Cameron"].entity_id
    assert entity_key("Kamerun", "LOC") == "country:CM" and by_text["Israel"].type == "LOC"


def test_a_mention_never_runs_over_a_line_break() -> None:
    text = "Real Madrid: Navas, Bale, Ronaldo, Benzema\nCadangan: Casilla, Theo."
    at = text.index("Benzema")
    resolved = resolve_article(text, [M(at, at + len("Benzema\nCadangan"), "Benzema\nCadangan", "PER")])
    assert "Benzema" in {m.text for m in resolved} and all("\n" not in m.text for m in resolved)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "BRUSSELS, JUARA.net - Manajer Manchester United, Jose Mourinho, mengungkapkan kondisi pemain.",
            "Jose Mourinho",
            "Manajer Manchester United",
        ),
        (
            "Di tempat yang sama, Promotion Manager AMA 2017, Marfiandi mengatakan bahwa AMA hadir.",
            "Marfiandi",
            "Manager AMA 2017",
        ),
        ("Kabar itu beredar, kata pelantun Sorry Justin Bieber kepada wartawan.", "Justin Bieber", "Pelantun Sorry"),
        ("Seusai laga, penjaga gawang Kurniawan Kartika langsung pulang.", "Kurniawan Kartika", "Penjaga gawang"),
        ("Hal itu diungkapkan COO C2live Enricko Lukman kemarin.", "Enricko Lukman", "COO C2live"),
        (
            "Ia bertemu Presiden Rusia yang datang kemarin, Vladimir Putin, di Moskow.",
            "Vladimir Putin",
            "Presiden Rusia",
        ),
        ("Kemlu mengusir diplomat India, Surjeet Singh, kemarin.", "Surjeet Singh", "Diplomat India"),
        ("Merdeka.com - Bos Real Madrid, Zinedine Zidane, menemui Vazquez.", "Zinedine Zidane", "Bos Real Madrid"),
        (
            "Kepala Pusat Penerangan Hukum (Kapuspenkum) Kejagung, M Rum, menyatakan itu.",
            "M Rum",
            "Kepala Pusat Penerangan Hukum Kejagung",
        ),
        (
            "kata Direktur Jenderal Kependudukan dan Catatan Sipil Kementerian Dalam Negeri Zudan Arif.",
            "Zudan Arif",
            "Direktur Jenderal Kependudukan dan Catatan Sipil Kementerian Dalam Negeri",
        ),
    ],
)
def test_roles_of_sport_showbiz_and_officials_before_a_name(text: str, name: str, role: str) -> None:
    assert role_before(text, text.index(name)) == role


def test_a_capitalised_common_word_names_nothing_and_does_not_open_a_persons_name() -> None:
    text = "Pria itu datang.\nIbunda Selena Gomez, Mandy Teefey, dirawat. Kawasan itu sepi."
    found = mentions(text, {"Pria": "LOC", "Ibunda Selena Gomez": "PER", "Mandy Teefey": "PER", "Kawasan": "LOC"})
    assert {m.text for m in resolve_article(text, found)} == {"Selena Gomez", "Mandy Teefey"}


def test_a_common_word_the_article_uses_inside_a_name_keeps_its_mention() -> None:
    text = "Kawasan Industri Pulogadung terbakar. Api di Kawasan itu padam."
    at = text.rindex("Kawasan")
    found = [*mentions(text, {"Kawasan Industri Pulogadung": "LOC"}), M(at, at + 7, "Kawasan", "LOC")]
    assert [m.text for m in resolve_article(text, found)] == ["Kawasan Industri Pulogadung", "Kawasan"]


def test_a_name_the_tagger_missed_alone_is_found_where_it_found_it_elsewhere_and_takes_its_role() -> None:
    text = "Siswono, Kepala Badan Pengembangan Kemlu, mengatakan tak ada negara yang setuju, kata Siswono."
    at = text.rindex("Siswono")
    resolved = resolve_article(text, [M(at, at + 7, "Siswono", "PER")])
    assert [(m.start, m.role) for m in resolved] == [(0, "Kepala Badan Pengembangan Kemlu"), (at, None)]


def test_a_capital_city_is_no_role() -> None:
    assert role_after("Yerusalem, ibu kota Israel, memanas.", len("Yerusalem")) is None


def test_a_name_given_a_role_is_a_person_whatever_most_mentions_say() -> None:
    name = ("Cal Crutchlow",)
    person = Entity("ent-a", "Cal Crutchlow", "PER", "cal crutchlow", name, ("Pebalap LCR Honda",), ("a",))
    team = Entity("ent-b", "Cal Crutchlow", "ORG", "cal crutchlow", name, (), ("a", "b"))
    assert merge_story({"ent-a": person, "ent-b": team}) == {"ent-b": "ent-a"}


def test_a_persons_name_does_not_open_with_the_last_word_of_the_role_before_it() -> None:
    text = "Deputi Kedaulatan Maritim Arief Havas Oegroseno mengatakan China agresif, kata Havas."
    found = mentions(text, {"Maritim Arief Havas Oegroseno": "PER", "Havas": "PER"})
    resolved = resolve_article(text, [m for m in found if m.start != text.index("Havas")])
    assert resolved[0].text == "Arief Havas Oegroseno" and resolved[0].role == "Deputi Kedaulatan Maritim"
    assert len({m.entity_id for m in resolved}) == 1  # "Havas", a middle name said alone


def test_an_acronym_joins_the_name_it_is_the_initials_of_and_takes_the_taggers_cut_along() -> None:
    def org(id_: str, name: str) -> Entity:
        return Entity(id_, name, "ORG", fold(name), (name,), (), ("a",))

    found = (org("k", "KCNA"), org("f", "Korean Central News Agency"), org("c", "Central News Agency"))
    ents = {e.id: e for e in found}
    assert merge_story(ents) == {"k": "f", "c": "f"}


def test_a_line_up_is_a_list_of_people_even_where_the_tagger_saw_places() -> None:
    text = (
        "Gol bek Valencia Ezequiel Garay dan Martin Montoya sia-sia.\n"
        "Neto, Montoya, Coquelin, Garay, Lato, Guedes\n"
        "Cadangan: Jaume, Vidal, Vietto, Zaza, Soler\n"
        "Negara peserta: Spanyol, Inggris, Prancis, Jerman"
    )
    tagged = {
        "Valencia": "ORG",
        "Ezequiel Garay": "PER",
        "Martin Montoya": "PER",
        "Coquelin": "LOC",
        "Lato": "LOC",
        "Guedes": "LOC",
    }
    found = mentions(text, tagged | {"Vietto": "LOC", "Zaza": "LOC", "Soler": "ORG"})
    found += mentions(text, {"Spanyol": "LOC", "Inggris": "LOC", "Prancis": "LOC", "Jerman": "LOC"})
    for name in ("Montoya", "Garay"):  # the surnames alone in the line-up, tagged as places
        at = text.index(name, text.index("Neto"))
        found.append(M(at, at + len(name), name, "LOC"))
    types = {m.text: m.type for m in resolve_article(text, found)}
    people = ["Neto", "Coquelin", "Lato", "Guedes", "Jaume", "Vidal", "Vietto", "Zaza", "Soler", "Garay"]
    assert all(types.get(name) == "PER" for name in people), types
    assert {types[c] for c in ("Spanyol", "Inggris", "Prancis", "Jerman")} == {"LOC"}


def test_a_country_is_no_surname_and_the_united_nations_is_a_body_not_a_country() -> None:
    text = "Pasukan Kurdi Suriah bertempur. Lebih dari 320 ribu tewas dalam Perang Suriah di bawah PBB."
    resolved = resolve_article(text, mentions(text, {"Kurdi Suriah": "PER"}) + country_mentions(text, []))
    assert "Perang Suriah" not in {m.text for m in resolved}
    assert entity_key("Perserikatan Bangsa-Bangsa", "LOC") == entity_key("PBB", "ORG") != "country:UN"
    assert [(m.text, m.type) for m in country_mentions("Sidang Majelis Umum PBB digelar.", [])] == [("PBB", "ORG")]


def test_titles_listed_after_a_work_word_are_works_in_every_sentence() -> None:
    text = (
        "Heard tampil di serial CSI: Crime Scene Investigation, Modern Family, dan Entourage. "
        "Ia juga main di film seperti Between the Lines, Heart Beat, dan Big. Heard dikenal lewat Modern Family."
    )
    titles = ["Crime Scene Investigation", "Modern Family", "Entourage", "Between the Lines", "Big"]
    found = mentions(text, {"Heard": "PER"} | dict.fromkeys(titles, "PER"))
    assert {m.text for m in resolve_article(text, found)} == {"Heard"}


def test_a_kinship_word_opens_no_name() -> None:
    text = "Ahed Tamimi ditahan. Sepupu Tamimi itu ditembak. Tamimi menampar tentara."
    resolved = resolve_article(text, mentions(text, {"Ahed Tamimi": "PER", "Sepupu Tamimi": "PER"}))
    assert "Sepupu Tamimi" not in {m.text for m in resolved}
    assert len({m.entity_id for m in resolved}) == 1


def test_a_name_runs_on_past_an_initial() -> None:
    text = "Ia pun akhirnya diturunkan oleh Jacksen F. Tiago.\nSelain itu, Tiago puas."
    resolved = resolve_article(text, mentions(text, {"Jacksen F": "PER"}))
    assert resolved[0].text == "Jacksen F. Tiago"


def test_an_office_runs_on_over_dan_but_two_bodies_stay_two() -> None:
    text = (
        "Kementerian Pemberdayaan Aparatur Negara dan Reformasi Birokrasi setuju. "
        "Kementerian Luar Negeri dan Kementerian Pertahanan hadir."
    )
    names = {"Kementerian Pemberdayaan Aparatur Negara": "ORG", "Kementerian Luar Negeri": "ORG"}
    found = mentions(text, names | {"Kementerian Pertahanan": "ORG"})
    assert [m.text for m in resolve_article(text, found)] == [
        "Kementerian Pemberdayaan Aparatur Negara dan Reformasi Birokrasi",
        "Kementerian Luar Negeri",
        "Kementerian Pertahanan",
    ]


def test_a_role_before_a_bracketed_acronym_and_a_comma_keeps_the_body_it_heads() -> None:
    text = '"Tidak ada masalah," kata Ketua Pengurus Pusat Ikatan Hakim Indonesia (Ikahi), Suhardi, kemarin.'
    assert role_before(text, text.index("Suhardi")) == "Ketua Pengurus Pusat Ikatan Hakim Indonesia"


def test_one_word_opening_one_organisations_name_joins_it_unless_another_name_has_it() -> None:
    def org(id_: str, name: str) -> Entity:
        return Entity(id_, name, "ORG", fold(name), (name,), (), ("a",))

    amnesty = {e.id: e for e in (org("a", "Amnesty"), org("b", "Amnesty International"))}
    assert merge_story(amnesty) == {"a": "b"}
    found = (org("f", "Freeport"), org("m", "Freeport McMoran"), org("p", "PT Freeport Indonesia"))
    assert "f" not in merge_story({e.id: e for e in found})


def test_two_swapped_letters_are_one_spelling() -> None:
    a = Entity("a", "Joseph Dunford", "PER", fold("Joseph Dunford"), ("Joseph Dunford",), (), ("x",))
    b = Entity("b", "Joseph Dunrofd", "PER", fold("Joseph Dunrofd"), ("Joseph Dunrofd",), (), ("x",))
    c = Entity("c", "Joseph Dnuford", "PER", fold("Joseph Dnuford"), ("Joseph Dnuford",), (), ("x",))
    assert len(set(merge_story({"a": a, "c": c}).items())) == 1
    assert merge_story({"a": a, "b": b}) == {}


def test_variants_across_articles_are_one_entity_with_the_countries_merged() -> None:
    a = "Menteri Rusia Sergey Shoigu dan delegasi China tiba. Persahabatan Korea Utara-Tiongkok."
    b = "Kim bertemu Menteri Pertahanan Rusia Sergei Shoigu. Koalisi Rusia-Cina-Korea Utara."
    names = {"Sergey Shoigu": "PER", "Sergei Shoigu": "PER", "China": "LOC", "Tiongkok": "LOC", "Cina": "LOC"}
    ents = build_entities({"a": resolve_article(a, mentions(a, names)), "b": resolve_article(b, mentions(b, names))})
    people = [e for e in ents.values() if e.type == "PER"]
    assert len(people) == 1 and set(people[0].variants) == {"Sergey Shoigu", "Sergei Shoigu"}
    assert set(people[0].articles) == {"a", "b"}
    [china] = [e for e in ents.values() if e.key == "country:CN"]
    assert set(china.variants) == {"China", "Tiongkok", "Cina"} and china.name == "Tiongkok"


def test_role_from_apposition_after_the_name() -> None:
    text = "John Kirby, koordinator Dewan Keamanan Nasional Gedung Putih untuk komunikasi strategis, tidak menjawab."
    assert (
        role_after(text, len("John Kirby"))
        == "koordinator Dewan Keamanan Nasional Gedung Putih untuk komunikasi strategis"
    )
    assert role_after("John Kirby, yang juga hadir, tidak menjawab.", len("John Kirby")) is None


def test_role_before_the_name_with_lowercase_words() -> None:
    text = "Juru bicara keamanan nasional Gedung Putih John Kirby mengatakan sikap Rusia berubah."
    assert role_before(text, text.index("John")) == "Juru bicara keamanan nasional Gedung Putih"
    assert role_before("Kemarin John Kirby datang.", len("Kemarin ")) is None


def test_a_lone_surname_is_not_merged_across_articles_without_evidence() -> None:
    a, b = "Kim tiba di Seoul.", "Kim Jong Un tiba di Pyongyang."
    ea = resolve_article(a, mentions(a, {"Kim": "PER"}))
    eb = resolve_article(b, mentions(b, {"Kim Jong Un": "PER"}))
    assert ea[0].entity_id != eb[0].entity_id


def test_story_merges_a_lone_surname_into_the_one_full_name_that_ends_with_it() -> None:
    ents = build_entities(
        {
            "a": [resolve_article("Shoigu tiba.", [M(0, 6, "Shoigu", "PER")])[0]],
            "b": [resolve_article("Sergei Shoigu tiba.", [M(0, 13, "Sergei Shoigu", "PER")])[0]],
        }
    )
    moves = merge_story(ents)
    assert moves == {entity_id("PER", "shoigu"): entity_id("PER", "sergei shoigu")}


def test_a_lone_surname_misspelt_by_one_letter_joins_the_one_full_name_it_spells() -> None:
    def person(id_: str, name: str) -> Entity:
        return Entity(id_, name, "PER", fold(name), (name,), (), ("a",))

    found = {e.id: e for e in (person("n", "Neil Swarbrick"), person("s", "Swarbick"), person("k", "Kane"))}
    assert merge_story(found) == {"s": "n"}
    # a short word one letter from a name is more often another name ("Kane" / "Kine")
    assert merge_story({e.id: e for e in (person("h", "Harry Kine"), person("k", "Kane"))}) == {}


def test_a_name_without_its_middle_name_is_one_person_with_it_and_so_is_the_surname_alone() -> None:
    text = "Schapelle Leigh Corby bebas. Schapelle Corby pulang ke Australia. Corby tersenyum."
    found = mentions(text, {"Schapelle Leigh Corby": "PER", "Schapelle Corby": "PER", "Corby": "LOC"})
    resolved = resolve_article(text, found)
    assert {m.type for m in resolved} == {"PER"} and "Corby" in {m.text for m in resolved}
    entities = build_entities({"a": resolved})
    moves = merge_story(entities)
    assert len({moves.get(m.entity_id, m.entity_id) for m in resolved}) == 1


def test_a_middle_name_said_alone_and_tagged_a_place_is_the_person_unless_the_full_name_is_a_role() -> None:
    text = "KPK menetapkan Antonius Tonny Budiono sebagai tersangka. Tonny diduga menerima suap."
    at = text.rindex("Tonny")
    found = [*mentions(text, {"Antonius Tonny Budiono": "PER"}), M(at, at + 5, "Tonny", "LOC")]
    assert {m.type for m in resolve_article(text, found)} == {"PER"}
    text = "Kata Kasubaghumas Polrestabes Bandung Kompol Reny Marthaliana. Bandung diguyur hujan."
    at = text.rindex("Bandung")
    found = [*mentions(text, {"Kasubaghumas Polrestabes Bandung Kompol Reny Marthaliana": "PER"})]
    found = [m for m in found if m.start < at] + [M(at, at + 7, "Bandung", "LOC")]
    assert [m.type for m in resolve_article(text, found) if m.text == "Bandung"] == ["LOC"]


def test_two_people_sharing_a_surname_are_not_merged_in_a_story() -> None:
    ents = build_entities(
        {
            "a": resolve_article("Kim tiba.", [M(0, 3, "Kim", "PER")]),
            "b": resolve_article(
                "Kim Jong Un dan Kim Yo Jong", [M(0, 11, "Kim Jong Un", "PER"), M(16, 27, "Kim Yo Jong", "PER")]
            ),
        }
    )
    assert merge_story(ents) == {}


def test_hyphenated_country_pairs_are_split_into_their_countries() -> None:
    text = "koalisi Rusia-Cina-Korea Utara dan persahabatan Korea Utara-Tiongkok"
    names = {"Rusia-Cina-Korea Utara": "LOC", "Korea Utara-Tiongkok": "LOC"}
    resolved = resolve_article(text, mentions(text, names))
    assert [text[m.start : m.end] for m in resolved] == ["Rusia", "Cina", "Korea Utara", "Korea Utara", "Tiongkok"]
    assert resolved[1].entity_id == resolved[4].entity_id == entity_id("LOC", "country:CN")


def test_a_name_the_model_missed_is_completed_from_the_surname_it_found() -> None:
    text = "Kim bertemu Menteri Pertahanan Rusia Sergei Shoigu di Pyongyang. Shoigu membawa surat."
    resolved = resolve_article(text, [M(text.index("Shoigu m"), text.index("Shoigu m") + 6, "Shoigu", "PER")])
    names = {text[m.start : m.end]: m for m in resolved}
    assert "Sergei Shoigu" in names
    assert names["Sergei Shoigu"].role == "Menteri Pertahanan Rusia"
    assert names["Sergei Shoigu"].entity_id == names["Shoigu"].entity_id


def test_lowercase_words_at_the_edges_of_a_name_are_trimmed_in_cased_text() -> None:
    text = "Shoigu memberi Kim surat dari Presiden Rusia."
    [kim] = resolve_article(text, [M(15, 24, "Kim surat", "PER")])
    assert (text[kim.start : kim.end], kim.text) == ("Kim", "Kim")
    [lower] = resolve_article("kim surat", [M(0, 9, "kim surat", "PER")])
    assert lower.text == "kim surat"  # lower-cased text: nothing to go by


def test_a_name_swallowed_by_an_organisation_mention_is_taken_back() -> None:
    text = "Kim bertemu Menteri Pertahanan Rusia Sergei Shoigu di Pyongyang. Shoigu membawa surat."
    org = text.index("Pertahanan")
    found = [
        M(org, text.index(" di "), "Pertahanan Rusia Sergei Shoigu", "ORG"),
        M(text.index("Shoigu m"), text.index("Shoigu m") + 6, "Shoigu", "PER"),
    ]
    names = {m.text: m for m in resolve_article(text, found)}
    assert "Pertahanan Rusia Sergei Shoigu" not in names
    assert names["Sergei Shoigu"].type == "PER" and names["Sergei Shoigu"].entity_id == names["Shoigu"].entity_id


# --- repairing the tagger's mentions (issue 9) ----------------------------------------------


def repaired(text: str, names: dict[str, str]) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in sorted(repair_mentions(text, mentions(text, names)), key=lambda m: m.start)]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "Pemimpin Korea Utara Kim Jong Un tiba.",
            {"Korea Utara Kim Jong Un": "LOC"},
            [("Korea Utara", "LOC"), ("Kim Jong Un", "PER")],
        ),
        (
            "surat dari Presiden China Xi Jinping tiba.",
            {"China Xi Jinping": "LOC"},
            [("China", "LOC"), ("Xi Jinping", "PER")],
        ),
        (
            "anggota Politbiro Partai Komunis China Li Hongzhong datang.",
            {"Partai Komunis China Li Hongzhong": "ORG"},
            [("Partai Komunis China", "ORG"), ("Li Hongzhong", "PER")],
        ),
        (
            "lapor kantor berita Korea Selatan Yonhap.",
            {"Korea Selatan Yonhap": "LOC"},
            [("Korea Selatan", "LOC"), ("Yonhap", "ORG")],
        ),
    ],
)
def test_two_entities_read_as_one_are_split_where_a_country_ends(
    text: str, names: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert repaired(text, names) == expected


def test_titles_are_roles_not_names_and_a_title_alone_is_nothing() -> None:
    assert repaired("Kata Jenderal Gatot di Jakarta.", {"Jenderal Gatot": "PER"}) == [("Gatot", "PER")]
    assert repaired("Pak Djadjang tersenyum.", {"Pak Djadjang": "PER"}) == [("Djadjang", "PER")]
    assert repaired("Menhan tiba.", {"Menhan": "PER"}) == []
    [m] = resolve_article(
        "Kata Jenderal Gatot di Jakarta.", mentions("Kata Jenderal Gatot di Jakarta.", {"Jenderal Gatot": "PER"})
    )
    assert (m.text, m.role) == ("Gatot", "Jenderal")


def test_junk_and_events_are_dropped_and_the_words_decide_the_type() -> None:
    text = "Seorang analis di Carnegie Endowment, Semenanjung Korea, Kremlin, Perang Korea dan 1100 GMT."
    names = {
        "Seorang": "PER",
        "Carnegie Endowment": "PER",
        "Semenanjung Korea": "PER",
        "Kremlin": "PER",
        "Perang Korea": "PER",
        "GMT": "ORG",
    }
    assert repaired(text, names) == [("Carnegie Endowment", "ORG"), ("Semenanjung Korea", "LOC"), ("Kremlin", "ORG")]
    assert repaired("Warga Rusia datang.", {"Rusia": "PER"}) == [("Rusia", "LOC")]


def test_a_name_cut_short_or_in_two_is_completed() -> None:
    text = "Menteri Pertahanan Korea Utara Kang Sun Nam melapor."
    assert repaired(text, {"Korea Utara": "LOC", "Sun Nam": "PER"}) == [("Korea Utara", "LOC"), ("Kang Sun Nam", "PER")]
    assert repaired("bertemu Kim Jong Un.", {"Kim": "PER", "Jong Un": "PER"}) == [("Kim Jong Un", "PER")]
    # Not across a title, an office or another name.
    text = "Menteri Perhubungan Budi Karya Sumadi dan Gedung Putih John Kirby."
    got = repaired(text, {"Budi Karya Sumadi": "PER", "John Kirby": "PER"})
    assert got == [("Budi Karya Sumadi", "PER"), ("John Kirby", "PER")]


def test_an_organisation_the_tagger_cut_in_two_is_one() -> None:
    text = "politikus Partai Demokrasi Indonesia Perjuangan dan Kementerian Koordinator bidang Kemaritiman."
    names = {
        "Partai Demokrasi Indonesia": "ORG",
        "Perjuangan": "ORG",
        "Kementerian Koordinator": "ORG",
        "Kemaritiman": "ORG",
    }
    expected = [("Partai Demokrasi Indonesia Perjuangan", "ORG"), ("Kementerian Koordinator bidang Kemaritiman", "ORG")]
    assert repaired(text, names) == expected
    # " dan " between two bodies keeps them two
    assert repaired("Gerindra dan PKS.", {"Gerindra": "ORG", "PKS": "ORG"}) == [("Gerindra", "ORG"), ("PKS", "ORG")]


def test_a_mention_opened_by_a_common_word_after_capitalised_words_takes_them_in() -> None:
    text = "tentara merebut Pangkalan Udara Jarrah dari ISIS."
    assert repaired(text, {"Udara Jarrah": "PER", "ISIS": "ORG"}) == [
        ("Pangkalan Udara Jarrah", "LOC"),
        ("ISIS", "ORG"),
    ]
    text = "kata Ketua Pengurus Pusat Ikatan Hakim Indonesia itu."
    assert repaired(text, {"Pusat Ikatan Hakim Indonesia": "ORG"}) == [("Pengurus Pusat Ikatan Hakim Indonesia", "ORG")]
    # Not over a role ("Wali Kota"), into a word ("iPad"), nor when the mention opens with a head word.
    text = "di rumah dinas Wali Kota Kompleks Balai Kota."
    assert repaired(text, {"Kompleks Balai Kota": "LOC"}) == [("Kompleks Balai Kota", "LOC")]
    assert repaired("memakai iPad Mini baru.", {"Mini": "ORG"}) == [("Mini", "ORG")]
    text = "koordinator Dewan Keamanan Nasional Gedung Putih itu."
    assert repaired(text, {"Gedung Putih": "ORG"}) == [("Dewan Keamanan Nasional", "ORG"), ("Gedung Putih", "ORG")]
    text = "pejabat Kanwil Kementerian Agama datang."
    assert repaired(text, {"Kementerian Agama": "ORG"}) == [("Kementerian Agama", "ORG")]


def test_a_role_is_the_nearest_title_and_never_a_stray_phrase() -> None:
    text = "Menteri pertahanan Rusia menemani pemimpin Korea Utara Kim ke pameran."
    assert role_before(text, text.index("Kim")) == "Pemimpin Korea Utara"
    text = "surat yang ditandatangani oleh Presiden Rusia Vladimir Putin kepada Kim, seperti"
    assert role_before(text, text.index("Kim")) is None
    text = "Presiden Joko Widodo resmi melantik Idrus Marham"
    assert role_before(text, text.index("Idrus")) is None
    text = "Wakil Ketua DPR Fadli Zon"
    assert role_before(text, text.index("Fadli")) == "Wakil Ketua DPR"
    text = "Sementara itu, Kepala BPBD Cianjur, Asep Sudrajat, mengatakan"  # ROLE, NAME,
    assert role_before(text, text.index("Asep")) == "Kepala BPBD Cianjur"
    text = "Menurut warga, Budi Santoso, banjir datang"
    assert role_before(text, text.index("Budi")) is None


def story_of(*names: tuple[str, str, str]) -> dict[str, Entity]:
    """Entities of a story: (article, name, type) for each mention."""
    by_article: dict[str, list[EntityMention]] = {}
    for article, name, type_ in names:
        by_article.setdefault(article, []).extend(resolve_article(name, [M(0, len(name), name, type_)]))
    return build_entities(by_article)


def merged_names(entities: dict[str, Entity]) -> set[tuple[str, str]]:
    return {(entities[a].name, entities[b].name) for a, b in merge_story(entities).items()}


def test_a_story_gives_one_type_to_a_name_and_joins_acronyms_prefixes_and_spellings() -> None:
    ents = story_of(
        ("a", "KCNA", "PER"),
        ("b", "KCNA", "ORG"),
        ("c", "KCNA", "ORG"),
        ("a", "Korean Central News Agency", "ORG"),
        ("a", "Badan Penanggulangan Bencana Daerah", "ORG"),
        ("b", "BPBD", "ORG"),
        ("a", "Partai Komunis", "ORG"),
        ("b", "Partai Komunis China", "ORG"),
        ("a", "Joseph Dunford", "PER"),
        ("b", "Joseph Dunford", "PER"),
        ("c", "Joseph Durford", "PER"),
    )
    moves = merge_story(ents)
    assert all(target not in moves for target in moves.values())  # no chains
    got = merged_names(ents)
    assert ("BPBD", "Badan Penanggulangan Bencana Daerah") in got
    assert ("Partai Komunis", "Partai Komunis China") in got
    assert ("Joseph Durford", "Joseph Dunford") in got
    kcna = {e.id for e in ents.values() if e.name == "KCNA"}
    agency = next(e.id for e in ents.values() if e.name == "Korean Central News Agency")
    assert {moves[k] for k in kcna if k in moves} == {agency} and len(kcna - set(moves)) == 0


def test_names_that_only_look_alike_stay_apart() -> None:
    ents = story_of(
        ("a", "Putra Wijaya", "PER"),
        ("b", "Putri Wijaya", "PER"),  # one letter apart, but a word of five letters: two people? kept
        ("a", "Kementerian Luar Negeri Rusia", "ORG"),
        ("b", "Kementerian Luar Negeri Korea Selatan", "ORG"),
        ("c", "Kementerian Luar Negeri", "ORG"),  # opens two longer names: which one?
        ("a", "PBB", "ORG"),
    )
    got = merged_names(ents)
    assert not any(a.startswith("Kementerian") for a, _ in got)
    assert ("PBB", "Putra Wijaya") not in got


@pytest.mark.parametrize(
    ("short", "full", "type_"),
    [("Jokowi", "Joko Widodo", "PER"), ("Gus Ipul", "Syaifullah Yusuf", "PER"), ("Jatim", "Jawa Timur", "LOC")],
)
def test_nicknames_and_short_forms_are_the_entity_they_stand_for(short: str, full: str, type_: str) -> None:
    assert entity_key(short, type_) == entity_key(full, type_)
    ents = story_of(("a", short, type_), ("b", full, type_))
    [entity] = ents.values()
    assert entity.name == full and set(entity.variants) == {short, full}


# --- apposition patterns, mention repairs and story merges (issue: entity lists) -------------


def test_a_role_given_with_sebagai_or_yang_juga_ends_where_the_office_name_does() -> None:
    text = "Jokowi melantik Idrus Marham sebagai Menteri Sosial menggantikan Khofifah."
    assert role_after(text, text.index(" sebagai")) == "Menteri Sosial"
    text = "Terakhir kali Yusof Ishak menjabat Presiden Singapura tahun 1965."
    assert role_after(text, text.index(" menjabat")) == "Presiden Singapura"
    text = "Agum Gumelar yang juga anggota Dewan Pertimbangan Presiden hadir."
    assert role_after(text, text.index(" yang")) == "anggota Dewan Pertimbangan Presiden"
    text = "Khofifah maju sebagai calon gubernur Jawa Timur."
    assert role_after(text, text.index(" sebagai")) == "calon gubernur Jawa Timur"
    assert role_after("Budi sebagai warga biasa datang.", len("Budi")) is None


def test_a_role_set_off_by_a_comma_ends_before_its_relative_clause() -> None:
    text = "Hal itu dikatakan petinggi Michelin yang bertanggung jawab atas ban balap motor, Pierro Taramasso."
    assert role_before(text, text.index("Pierro")) == "Petinggi Michelin"
    # without the comma, "yang" still ends the phrase: no role
    text = "Petinggi Michelin yang bertanggung jawab Pierro Taramasso datang."
    assert role_before(text, text.index("Pierro")) is None
    assert role_before("Warga yang datang kemarin, Budi, mengeluh.", len("Warga yang datang kemarin, ")) is None


def test_an_office_whose_name_lists_fields_keeps_them_and_its_bracketed_short_form_is_left_out() -> None:
    text = "Menteri Koordinator Bidang Politik, Hukum dan Keamanan (Menko Polhukam) Wiranto mengatakan itu."
    assert role_before(text, text.index("Wiranto")) == "Menteri Koordinator Bidang Politik, Hukum dan Keamanan"
    # a list of people before a name is no office
    assert (
        role_before(
            "Kim, Presiden Rusia Vladimir Putin dan Xi bertemu.", len("Kim, Presiden Rusia Vladimir Putin dan ")
        )
        is None
    )


def test_a_town_a_club_is_named_after_is_the_club_in_an_article_about_football() -> None:
    text = "Van Dijk bergabung dengan Southampton dari Celtic. Pemain itu mencetak gol di laga Liga Primer."
    found = mentions(text, {"Van Dijk": "PER", "Southampton": "LOC", "Celtic": "LOC"})
    assert {m.text: m.type for m in resolve_article(text, found)}["Southampton"] == "ORG"
    town = "Hujan deras mengguyur Southampton dan Liverpool sejak pagi."
    found = mentions(town, {"Southampton": "LOC", "Liverpool": "LOC"})
    assert {m.type for m in resolve_article(town, found)} == {"LOC"}


def test_a_balinese_name_opens_a_person_inside_a_longer_mention_and_keeps_its_i() -> None:
    text = "Kepala Kantor Wilayah Kementerian Hukum dan HAM Provinsi Bali Ida Bagus Ketut Adnyana di Denpasar."
    found = mentions(text, {"Kementerian Hukum dan HAM Provinsi Bali Ida Bagus Ketut Adnyana": "ORG"})
    resolved = resolve_article(text, found)
    assert [(m.text, m.type) for m in resolved] == [
        ("Kementerian Hukum dan HAM Provinsi Bali", "ORG"),
        ("Ida Bagus Ketut Adnyana", "PER"),
    ]
    assert resolved[1].role == "Kepala Kantor Wilayah Kementerian Hukum dan HAM Provinsi Bali"
    text = "Menurut Dirjen Kementerian Perindustrian I Gusti Putu Suryawirawan, R&D penting."
    found = mentions(text, {"Kementerian Perindustrian I": "ORG", "Gusti Putu Suryawirawan": "PER"})
    assert [m.text for m in resolve_article(text, found)] == ["Kementerian Perindustrian", "I Gusti Putu Suryawirawan"]


def test_a_surname_after_an_initial_takes_the_initial_and_given_name_but_no_title() -> None:
    text = "Pansus memanggil Ibu Miryam S. Haryani pekan depan."
    [person] = resolve_article(text, mentions(text, {"Haryani": "PER"}))
    assert (person.text, person.role) == ("Miryam S. Haryani", "Ibu")


def test_the_second_field_of_an_office_does_not_open_the_name_after_it() -> None:
    text = "Hanif bertemu mantan Menteri Tenaga Kerja dan Transmigrasi Muhaimin Iskandar di Jakarta."
    [person] = resolve_article(text, mentions(text, {"Muhaimin Iskandar": "PER"}))
    assert (person.text, person.role) == ("Muhaimin Iskandar", "Menteri Tenaga Kerja dan Transmigrasi")


def test_a_rank_introduces_a_person_the_tagger_missed_and_is_their_role() -> None:
    text = "Nasib apes menimpa Serda S, anggota Kodim 0621 Kabupaten Bogor. Kapten Persija itu absen."
    resolved = resolve_article(text, mentions(text, {"Kabupaten Bogor": "LOC"}))
    assert [(m.text, m.type, m.role) for m in resolved if m.type == "PER"] == [("S", "PER", "Serda")]


def test_team_sheet_labels_and_an_age_before_an_apposition_give_roles() -> None:
    text = "Pelatih: Hanafi. Cadangan: Arga Permana."
    assert role_before(text, text.index("Hanafi")) == "Pelatih"
    assert role_before(text, text.index("Arga")) is None
    text = "kata Kris Silitonga, Assistant Director of Communications Hotel Mulia, kemarin."
    assert role_after(text, text.index(", Assistant")) == "Assistant Director of Communications Hotel Mulia"
    text = "kata Andi (30), sopir angkot jurusan Bogor, kemarin."
    assert role_after(text, text.index(" (30)")) == "sopir angkot jurusan Bogor"


def test_a_role_before_a_name_keeps_a_bracketed_acronym_and_names_joined_by_dan_or_untuk() -> None:
    text = "Menteri Pekerjaan Umum dan Perumahan Rakyat (PUPR) RI, Basuki Hadimuljono mengatakan"
    assert role_before(text, text.index("Basuki")) == "Menteri Pekerjaan Umum dan Perumahan Rakyat RI"
    text = "terima kasih kepada Duta Besar AS untuk PBB Nikki Haley atas sikapnya"
    assert role_before(text, text.index("Nikki")) == "Duta Besar AS untuk PBB"
    text = "adalah mantan Panglima TNI Jenderal (Purn) Moeldoko yang"
    assert role_before(text, text.index("Moeldoko")) == "Jenderal"


def test_party_offices_are_roles() -> None:
    text = "mendapat restu dari Ketum PKS Sohibul Iman."
    assert role_before(text, text.index("Sohibul")) == "Ketum PKS"


def test_a_mention_is_cut_at_a_verb_inside_it() -> None:
    text = "Rapat dengan PT Freeport dihadiri President Richard."
    assert repaired(text, {"PT Freeport dihadiri President": "ORG"}) == [("PT Freeport", "ORG")]


def test_a_place_mention_holding_a_street_is_two_places() -> None:
    text = "di Kompleks Balai Kota Jalan Ki Gede Sebayu, Tegal."
    got = repaired(text, {"Kompleks Balai Kota Jalan Ki Gede Sebayu": "LOC"})
    assert got == [("Kompleks Balai Kota", "LOC"), ("Jalan Ki Gede Sebayu", "LOC")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Band itu merilis album Save My Soul tahun lalu.", "Save My Soul"),
        ('konser bertajuk "Welcome Home" di Surabaya', "Welcome Home"),
        ("album Lain Dunia (1999) dan lainnya", "Lain Dunia"),
        ("dipromosikan lewat You Tube setiap hari", "You Tube"),
    ],
)
def test_works_and_platforms_are_no_entities(text: str, name: str) -> None:
    assert repaired(text, {name: "PER"}) == []


def test_a_country_after_a_work_word_is_still_the_country() -> None:
    assert repaired("Industri film Indonesia tumbuh.", {"Indonesia": "LOC"}) == [("Indonesia", "LOC")]


def test_a_lowercase_word_is_no_name_in_cased_text() -> None:
    text = "Halimah Yacob dilantik di Singapura. (* / win)"
    assert repaired(text, {"Halimah Yacob": "PER", "win": "PER"}) == [("Halimah Yacob", "PER")]


def test_a_mention_that_starts_inside_a_role_loses_the_roles_words() -> None:
    text = "menunjuk Yuyu Sutisna sebagai Kepala Staf Angkatan Udara."
    assert repaired(text, {"Staf Angkatan Udara": "ORG"}) == [("Angkatan Udara", "ORG")]
    text = "Kepala Humas Badan Nasional Penanggulangan Bencana mengatakan"
    got = repaired(text, {"Humas Badan Nasional Penanggulangan Bencana": "ORG"})
    assert got == [("Badan Nasional Penanggulangan Bencana", "ORG")]


def test_an_organisation_named_elsewhere_does_not_open_a_persons_name() -> None:
    text = "rapat Exco digelar. Salah satu Exco Papat Yunisal meminta"
    person = text.index("Exco Papat")
    found = [M(6, 10, "Exco", "ORG"), M(person, person + len("Exco Papat Yunisal"), "Exco Papat Yunisal", "PER")]
    got = [(m.text, m.type) for m in repair_mentions(text, found)]
    assert got == [("Exco", "ORG"), ("Papat Yunisal", "PER")]


def test_a_regional_party_board_takes_its_acronym_but_a_general_board_does_not() -> None:
    text = "di kantor DPD PDIP Jatim, kata DPP dan DPD PAN."
    got = repaired(text, {"PDIP": "ORG", "Jatim": "LOC", "PAN": "ORG"})
    assert got == [("DPD PDIP Jatim", "ORG"), ("PAN", "ORG")]


def test_a_name_after_a_place_head_word_is_a_place() -> None:
    text = "membentuk lembah Palolo dan lembah Sopu di Kecamatan 2x11 Kayu Tanam."
    assert repaired(text, {"Sopu": "PER", "Kayu Tanam": "PER"}) == [("Sopu", "LOC"), ("Kayu Tanam", "LOC")]
    text = "PAN bisa mengikuti jalan Partai Gerindra."
    assert repaired(text, {"Partai Gerindra": "ORG", "PAN": "ORG"}) == [("PAN", "ORG"), ("Partai Gerindra", "ORG")]


def test_names_listed_together_share_the_lists_type_and_a_missed_item_is_found() -> None:
    text = "meliputi Alitupu, Wuasa, Watumaeta, Kaduwa'a, dan Dodolo."
    names = {"Alitupu": "LOC", "Wuasa": "LOC", "Watumaeta": "LOC", "Dodolo": "PER"}
    got = repaired(text, names)
    assert ("Dodolo", "LOC") in got and ("Kaduwa'a", "LOC") in got


def test_a_list_of_organisations_does_not_retype_their_seat() -> None:
    text = "yaitu Bank Permata, Bank Mandiri, Jakarta, PT Bank KEB Hana."
    names = {"Bank Permata": "ORG", "Bank Mandiri": "ORG", "Jakarta": "LOC", "PT Bank KEB Hana": "ORG"}
    assert ("Jakarta", "LOC") in repaired(text, names)


def test_a_capitalised_run_opened_by_an_organisation_head_is_an_organisation() -> None:
    text = "seperti yang diharapkan pemerintah dan Otoritas Jasa Keuangan, tuturnya."
    assert repaired(text, {}) == [("Otoritas Jasa Keuangan", "ORG")]


def test_the_region_an_office_is_named_after_is_a_place() -> None:
    text = "berdampingan dengan Wakil Wali Kota Bekasi Ahmad Syaikhu."
    assert repaired(text, {"Ahmad Syaikhu": "PER"}) == [("Bekasi", "LOC"), ("Ahmad Syaikhu", "PER")]
    assert repaired("kata Gubernur BI kemarin.", {}) == []  # an acronym after an office: an institution


@pytest.mark.parametrize(
    "text",
    [
        "Ia membantu Demiz (Deddy Mizwar) menang. Deddy Mizwar senang.",
        "Gitaris Deddy Mizwar, atau akrab disapa Demiz, memastikan. Deddy Mizwar senang.",
    ],
)
def test_a_nickname_given_with_the_full_name_is_that_person(text: str) -> None:
    resolved = resolve_article(text, mentions(text, {"Demiz": "ORG", "Deddy Mizwar": "PER"}))
    assert len({m.entity_id for m in resolved}) == 1
    assert {m.type for m in resolved} == {"PER"}


def test_a_persons_country_in_brackets_is_no_nickname() -> None:
    text = "bertemu Goh Liu Ying (Malaysia) di babak pertama."
    resolved = resolve_article(text, mentions(text, {"Goh Liu Ying": "PER", "Malaysia": "LOC"}))
    assert len({m.entity_id for m in resolved}) == 2


@pytest.mark.parametrize(
    ("short", "full", "type_"),
    [
        ("Tegal", "Kota Tegal", "LOC"),
        ("Alitupu", "Desa Alitupu", "LOC"),
        ("Gerindra", "Partai Gerindra", "ORG"),
        ("Sumatra", "Sumatera", "LOC"),
        ("Gerinda", "Gerindra", "ORG"),
        ("Desa Watumeta", "Desa Watumaeta", "LOC"),
        ("BUMN", "Kementerian Badan Usaha Milik Negara", "ORG"),
        ("Azwar Anas", "Abdullah Azwar Anas", "PER"),
    ],
)
def test_a_story_joins_head_words_spellings_and_name_parts(short: str, full: str, type_: str) -> None:
    assert merged_names(story_of(("a", full, type_), ("a", full, type_), ("b", short, type_))) == {(short, full)}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Bank Indonesia", "ORG"), ("Indonesia", "LOC")),  # "Bank" is part of the name
        (("Kota Bekasi", "LOC"), ("Kabupaten Bekasi", "LOC")),  # two places
        (("Bali", "LOC"), ("Mali", "LOC")),  # short names one letter apart
    ],
)
def test_a_story_keeps_apart_names_that_only_share_words(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert merged_names(story_of(("a", *a), ("b", *b))) == set()


def test_a_lone_name_between_a_city_and_a_regency_of_that_name_joins_neither() -> None:
    ents = story_of(("a", "Kota Bekasi", "LOC"), ("b", "Kabupaten Bekasi", "LOC"), ("c", "Bekasi", "LOC"))
    assert merged_names(ents) == set()
