"""A story-level stage that raises costs the batch nothing: the articles and stories are stored,
the failed story has no comparison, and the failure is reported like any other ingest error."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from tests.helpers import SEEDS

import warta.pipeline
from warta.compare import Member
from warta.config import Settings
from warta.errors import InputError, ProcessingError
from warta.records import Comparison
from warta.runners.local import ingest
from warta.store.sqlite import Store

OTHER = (
    "Pemerintah Kabupaten Bogor meresmikan bendungan baru di Kecamatan Cibinong pada Selasa. Bendungan itu "
    "mengairi tiga ribu hektare sawah, kata Bupati Bogor Ade Yasin. Warga menyambut bendungan tersebut."
)


def test_a_failing_comparison_leaves_the_story_stored_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = warta.pipeline.compare_events

    def compare_but_fail_on_the_seeds(story_id: str | None, members: Sequence[Member], *args: object) -> Comparison:
        if any("Shoigu" in m.article.text for m in members):
            raise ValueError("a bug in the comparison")
        return real(story_id, members, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(warta.pipeline, "compare_events", compare_but_fail_on_the_seeds)
    other = tmp_path / "bendungan.txt"
    other.write_text(OTHER, encoding="utf-8")
    seen: list[InputError] = []

    with Store(str(tmp_path / "w.db")) as store:
        report = ingest([str(SEEDS), str(other)], store, Settings(), on_error=seen.append)
        stories = {s["id"]: store.get_story(s["id"]) for s in store.list_stories()}
        logged = store.conn.execute("SELECT location, error FROM ingest_errors").fetchall()

    assert report.stored == 3
    [seed_story] = [s for s in stories.values() if "Shoigu" in s["label"]]
    [other_story] = [s for s in stories.values() if s is not seed_story]
    assert seed_story["compared"] is None
    assert other_story["compared"] is not None
    assert len(seed_story["summary"]) > 0  # the other stages of that story still ran

    [error] = report.errors
    assert isinstance(error, ProcessingError)
    assert error.path == f"story {seed_story['id']}"
    assert "comparison" in error.reason and "ValueError: a bug in the comparison" in error.reason
    assert seen == [error]
    assert [(row["location"], row["error"]) for row in logged] == [(error.location, error.reason)]
