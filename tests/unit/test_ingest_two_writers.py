"""Two ingesters writing one database by turns (two processes, or a newsroom's two `warta watch`):
what one holds in memory of a story the other has since extended is read again, not saved over."""

from __future__ import annotations

from typing import Any

import pytest

from warta.cluster import packaged_idf
from warta.config import Settings, load_settings
from warta.pipeline import BatchWriter, IngestReport, Prepared, prepare
from warta.records import RawArticle
from warta.store import WartaStore, open_store

QUAKE = [
    "Gempa magnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada Senin siang. Bupati Cianjur Herman Suherman "
    "mengatakan ratusan rumah warga di Kecamatan Cugenang rusak berat akibat gempa Cianjur tersebut.",
    "Gempa Cianjur berkekuatan magnitudo 5,6 pada Senin merusak ratusan rumah di Kecamatan Cugenang. Bupati "
    "Herman Suherman meminta warga Cianjur yang rumahnya rusak mengungsi ke tenda darurat.",
    "Warga Kecamatan Cugenang, Cianjur, masih mengungsi sehari setelah gempa magnitudo 5,6 mengguncang "
    "Cianjur pada Senin. Bupati Cianjur Herman Suherman mendata rumah yang rusak akibat gempa.",
]


def prepared(index: int, settings: Settings) -> Prepared:
    text = QUAKE[index]
    raw = RawArticle(id=f"q{index}", text=text, raw=text.encode(), origin="test", source=f"outlet{index}.id",
                     published=f"2022-11-2{1 + index}T10:00:00+07:00")  # fmt: skip
    return prepare(raw, settings, packaged_idf(), None)


def story_sizes(store: WartaStore) -> dict[str, int]:
    states = list(store.stories_by_id([s["id"] for s in store.list_stories()]))
    return {state.id: state.n for state in states}


@pytest.fixture
def settings() -> Settings:
    return load_settings(env={}, overrides={"analysis.enabled": "false"})


def test_a_story_the_other_writer_extended_is_read_again(db: Any, settings: Settings) -> None:
    with open_store(db) as first, open_store(db) as second:
        one = BatchWriter(first, settings, IngestReport(), packaged_idf())
        other = BatchWriter(second, settings, IngestReport(), packaged_idf())
        one.write([prepared(0, settings)], [])
        other.write([prepared(1, settings)], [])  # joins the story the first writer made
        one.write([prepared(2, settings)], [])  # the first writer's memory of that story is one article old

        sizes = story_sizes(first)

    assert list(sizes.values()) == [3]  # one story, and its profile counts every member


def test_a_store_knows_whether_another_connection_wrote_since_its_last_write(db: Any) -> None:
    def write(store: WartaStore) -> bool:
        """One write transaction; whether another connection had written before it."""
        with store.transaction():
            seen = store.others_wrote()
            store.record_error("test:1", "a row to write")
        return seen

    with open_store(db) as first, open_store(db) as second:
        assert not write(first)  # a first transaction has nothing to compare with
        assert not write(first)  # its own commits do not count
        assert not write(second)
        assert write(first)
        assert not write(first)
