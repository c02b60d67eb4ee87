"""Dedupe does not depend on input order: every permutation gives the same duplicate_of."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.config import IngestConfig, Settings
from warta.runners.local import ingest
from warta.store.sqlite import Store

WIRE = (
    "Harga beras medium di pasar induk Cipinang naik menjadi Rp13.500 per kilogram pada pekan ini. "
    "Kenaikan itu dipicu berkurangnya pasokan dari sentra produksi di Jawa Tengah dan Jawa Timur akibat "
    "banjir yang merendam ribuan hektare sawah. Kepala Bulog mengatakan pemerintah akan menggelar operasi "
    "pasar di 120 titik mulai Senin depan untuk menahan laju harga. Pedagang berharap pasokan kembali normal "
    "sebelum bulan puasa karena permintaan biasanya melonjak."
)
ARTICLES = [
    {"id": "wire", "text": WIRE, "published": "2026-02-02T08:00:00+07:00", "source": "Kantor Berita"},
    {"id": "copy-1", "text": "JAKARTA - " + WIRE, "published": "2026-02-02T10:00:00+07:00", "source": "Kabar"},
    {"id": "copy-2", "text": WIRE.replace("Senin depan", "pekan depan"), "published": "2026-02-03", "source": "Pos"},
    {"id": "aggregator", "text": WIRE, "published": "2026-02-04", "source": "Agregator"},
    {"id": "early-exact", "text": WIRE, "published": "2026-02-01", "source": "Wire Pagi"},
    {
        "id": "other",
        "text": "Tim nasional Indonesia menang 2-0 atas Vietnam di Stadion Gelora Bung Karno, Jakarta, Kamis malam.",
        "published": "2026-02-02",
    },
]


def duplicate_map(order: list[int]) -> dict[str, str | None]:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "in.jsonl"
        corpus.write_text("\n".join(json.dumps(ARTICLES[i]) for i in order) + "\n", encoding="utf-8")
        with Store(Path(tmp) / "w.db") as store:
            # batch size 2: dedupe must also work across batches
            report = ingest([str(corpus)], store, Settings(ingest=IngestConfig(batch_size=2)))
            assert not report.errors
            return {a["id"]: a["duplicate_of"] for a in store.iter_articles()}


EXPECTED = {
    "early-exact": None,
    "wire": "early-exact",
    "copy-1": "early-exact",
    "copy-2": "early-exact",
    "aggregator": "early-exact",
    "other": None,
}


def test_dedupe_in_file_order() -> None:
    assert duplicate_map(list(range(len(ARTICLES)))) == EXPECTED


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(range(len(ARTICLES))))
def test_dedupe_is_order_independent(order: list[int]) -> None:
    assert duplicate_map(order) == EXPECTED
