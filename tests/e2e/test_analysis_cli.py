"""`warta quotes` and `warta entities`: the interface an independent evaluation uses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from tests.helpers import jsonl

Warta = Callable[..., Result]

TEXT = (
    "JAKARTA - Menteri Keuangan Sri Mulyani mengatakan defisit anggaran tetap terjaga.\n"
    '"Kami akan menjaga belanja tetap disiplin," kata Sri Mulyani di Jakarta, Senin (3/3/2025).\n'
    "Ekonom Bhima Yudhistira menilai target itu berat."
)


def test_quotes_on_jsonl_gives_offsets_into_the_text_as_given(warta: Warta, tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "q1", "text": TEXT}) + "\n", encoding="utf-8")
    result = warta("quotes", str(corpus), "--format", "jsonl")
    assert result.exit_code == 0
    [row] = jsonl(result.stdout)
    assert row["id"] == "q1"
    direct = [q for q in row["quotes"] if q["kind"] == "direct"]
    assert direct, row
    for q in row["quotes"]:
        assert TEXT[q["start"] : q["end"]] == q["text"]
        assert set(q) == {"text", "start", "end", "kind", "cue", "speaker"}
    speaker = direct[0]["speaker"]
    assert speaker["name"] == "Sri Mulyani" and speaker["entity_id"]
    assert TEXT[speaker["start"] : speaker["end"]] == "Sri Mulyani"


def test_quotes_on_a_missing_file_or_id_is_an_error(warta: Warta) -> None:
    result = warta("quotes", "no-such-file.txt")
    assert result.exit_code == 1
    assert "no-such-file.txt" in result.stderr


def test_entities_lists_people_with_variants_roles_and_articles(warta: Warta, tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "e1", "text": TEXT, "published": "2025-03-03"}) + "\n", encoding="utf-8")
    assert warta("ingest", str(corpus), "--quiet").exit_code == 0
    rows = json.loads(warta("entities", "--format", "json").stdout)
    assert all(set(r) >= {"id", "name", "type", "variants", "roles", "articles"} for r in rows)
    [sri] = [r for r in rows if r["name"] == "Sri Mulyani"]
    assert sri["type"] == "PER" and sri["articles"] == ["e1"]
    assert any("Menteri Keuangan" in role for role in sri["roles"])
    stored = jsonl(warta("quotes", "--speaker", "Mulyani").stdout)
    assert stored and all(q["speaker"]["entity_id"] == sri["id"] for q in stored)


def test_a_surname_alone_in_one_article_joins_the_full_name_its_story_gives(warta: Warta, tmp_path: Path) -> None:
    a = (
        "KEDIRI - Menteri Perhubungan Budi Karya Sumadi meresmikan Bandara Dhoho di Kediri, Jawa Timur, "
        "pada Senin (4/3/2024). Bandara Dhoho dibangun sejak 2020 dengan biaya Rp 10 triliun."
    )
    b = (
        "KEDIRI - Bandara Dhoho di Kediri, Jawa Timur, resmi beroperasi pada Senin (4/3/2024). "
        "Sumadi mengatakan Bandara Dhoho siap melayani penerbangan ke Jakarta mulai pekan depan."
    )
    corpus = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "text": a, "published": "2024-03-04", "source": "Satu"},
        {"id": "b", "text": b, "published": "2024-03-04", "source": "Dua"},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert warta("ingest", str(corpus), "--quiet").exit_code == 0
    stories = jsonl(warta("export", "stories").stdout)
    assert [sorted(s["articles"]) for s in stories] == [["a", "b"]]
    people = json.loads(warta("entities", "--type", "PER", "--format", "json").stdout)
    sumadi = [p for p in people if "Sumadi" in " ".join(p["variants"])]
    assert len(sumadi) == 1, people
    assert sumadi[0]["name"] == "Budi Karya Sumadi" and sumadi[0]["articles"] == ["a", "b"]
