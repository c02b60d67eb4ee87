"""Near-duplicate detection with MinHash: what counts as a duplicate, and who is the original."""

from __future__ import annotations

from warta.config import DedupeConfig
from warta.dedupe import Candidate, choose_original, fingerprint, matches, shingles, similarity
from warta.records import Article

CFG = DedupeConfig()
WIRE = (
    "Harga beras medium di pasar induk Cipinang naik menjadi Rp13.500 per kilogram pada pekan ini. "
    "Kenaikan itu dipicu berkurangnya pasokan dari sentra produksi di Jawa Tengah dan Jawa Timur akibat "
    "banjir yang merendam ribuan hektare sawah. Kepala Bulog mengatakan pemerintah akan menggelar operasi "
    "pasar di 120 titik mulai Senin depan untuk menahan laju harga. Pedagang berharap pasokan kembali normal "
    "sebelum bulan puasa karena permintaan biasanya melonjak. Bank Indonesia mencatat inflasi pangan bergejolak "
    "masih tinggi pada bulan lalu."
)


def article(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, text=text, title="t", title_derived=True, content_hash=aid, published=published)


def test_wire_copy_with_new_dateline_and_cut_sentence_is_a_near_duplicate() -> None:
    copy = "Jakarta (Kantor Berita) - " + WIRE.replace(
        " Bank Indonesia mencatat inflasi pangan bergejolak masih tinggi pada bulan lalu.", ""
    )
    a, b = fingerprint(article("a", WIRE), CFG), fingerprint(article("b", copy), CFG)
    assert similarity(a.signature, b.signature) >= CFG.threshold
    assert set(a.buckets) & set(b.buckets)  # LSH finds it
    [m] = matches(b, [], [Candidate("a", "a", lambda: a.signature)], CFG)
    assert (m.article_id, m.group, m.kind) == ("a", "a", "near")


def test_another_report_of_the_same_event_is_not_a_duplicate() -> None:
    other = (
        "Operasi pasar digelar Bulog di 120 lokasi setelah harga beras medium menembus Rp13.500. "
        "Menurut pedagang di Cipinang, banjir di Jawa Tengah membuat kiriman gabah tersendat sejak dua minggu lalu."
    )
    a, b = fingerprint(article("a", WIRE), CFG), fingerprint(article("b", other), CFG)
    assert similarity(a.signature, b.signature) < 0.3
    assert matches(b, [], [Candidate("a", "a", lambda: a.signature)], CFG) == []


def test_same_content_hash_is_an_exact_duplicate() -> None:
    fp = fingerprint(article("b", WIRE), CFG)
    [m] = matches(fp, [("a", "a"), ("b", "b")], [], CFG)
    assert (m.article_id, m.kind, m.similarity) == ("a", "exact", 1.0)


def test_one_match_per_group_reads_one_signature() -> None:
    a = fingerprint(article("a", WIRE), CFG)
    reads: list[str] = []

    def loader(aid: str):  # type: ignore[no-untyped-def]
        def load():  # type: ignore[no-untyped-def]
            reads.append(aid)
            return a.signature

        return load

    group = [Candidate(aid, "a", loader(aid)) for aid in ("a", "c", "d")]
    [m] = matches(fingerprint(article("b", WIRE), CFG), [], group, CFG)
    assert (m.group, reads) == ("a", ["a"])


def test_original_is_the_earliest_then_the_smallest_id() -> None:
    assert choose_original([("b", "2026-01-02"), ("a", "2026-01-03"), ("c", None)]) == "b"
    assert choose_original([("b", "2026-01-02"), ("a", "2026-01-02")]) == "a"
    assert choose_original([("b", None), ("a", None)]) == "a"


def test_short_text_still_has_a_shingle() -> None:
    assert shingles("Gempa", 5) == {b"gempa"}
