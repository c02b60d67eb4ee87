"""Versions of one article: re-ingesting text already stored for an id changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from tests.helpers import jsonl
from tests.store_backends import query

Warta = Callable[..., Result]

V1 = {
    "id": "kirby",
    "text": "WASHINGTON - Juru bicara Gedung Putih John Kirby berbicara kepada wartawan pada Rabu (26/7/2023).\n"
    'Kirby menyebut kunjungan itu penting. "Kami memantau dengan cermat," kata Kirby.',
    "source": "Kabar Dunia",
    "published": "2023-07-26",
}
V2 = {
    **V1,
    "text": V1["text"] + '\n"Tidak ada yang perlu dikhawatirkan," ujar John Kirby di Washington.',
}


def ingest(warta: Warta, path: Path, record: dict[str, str]) -> dict[str, object]:
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = warta("ingest", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def stored_quotes(db: Path) -> list[str]:
    return [r[0] for r in query(db, "SELECT text FROM quotes WHERE article_id = 'kirby' ORDER BY start")]


def test_an_earlier_version_ingested_again_changes_nothing(warta: Warta, tmp_path: Path, db: Path) -> None:
    ingest(warta, tmp_path / "v1.jsonl", V1)
    ingest(warta, tmp_path / "v2.jsonl", V2)
    quotes_of_v2 = stored_quotes(db)
    story_of_v2 = json.loads(warta("export", "stories", "--format", "json").output)
    assert any("dikhawatirkan" in q for q in quotes_of_v2)

    report = ingest(warta, tmp_path / "v1-again.jsonl", V1)

    assert report["unchanged"] == 1 and report["new_versions"] == 0 and report["stored"] == 0
    [row] = jsonl(warta("export", "articles").output)
    assert row["version"] == 2 and "dikhawatirkan" in row["text"]
    assert [v for (v,) in query(db, "SELECT version FROM article_versions ORDER BY version")] == [1, 2]
    assert stored_quotes(db) == quotes_of_v2
    assert json.loads(warta("export", "stories", "--format", "json").output) == story_of_v2


def test_genuinely_new_text_after_a_return_to_old_text_is_a_new_version(warta: Warta, tmp_path: Path, db: Path) -> None:
    ingest(warta, tmp_path / "v1.jsonl", V1)
    ingest(warta, tmp_path / "v2.jsonl", V2)
    ingest(warta, tmp_path / "v1-again.jsonl", V1)
    v3 = {**V1, "text": V1["text"] + "\nPertemuan berikutnya dijadwalkan pekan depan."}
    report = ingest(warta, tmp_path / "v3.jsonl", v3)
    assert report["new_versions"] == 1
    [row] = jsonl(warta("export", "articles").output)
    assert row["version"] == 3 and "pekan depan" in row["text"]
