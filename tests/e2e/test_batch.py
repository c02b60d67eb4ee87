"""`warta batch` and `warta load`: a whole corpus at once, in this process or on Apache Spark
(``local[2]``), gives the stories `warta ingest` gives — loaded into SQLite, or into PostgreSQL
(``WARTA_TEST_STORE=postgresql``), the picture is the one `warta ingest` leaves in an SQLite file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from tests.helpers import REPO

from warta.store import open_store

Warta = Callable[..., Result]
STORIES = REPO / "benchmarks" / "compare_data" / "stories.jsonl"


def articles_of_stories() -> list[dict[str, Any]]:
    """The 88 hand-made multi-outlet reports of the comparison dev set: 28 stories, wire copies among them."""
    return [a for line in STORIES.read_text(encoding="utf-8").splitlines() for a in json.loads(line)["articles"]]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def picture(db: Any) -> dict[str, Any]:
    """What a reader sees of a database (an SQLite file or a PostgreSQL URL): each article's story,
    event and original, and each story."""
    with open_store(db, mode="read") as store:
        articles = {
            r["id"]: (r["story_id"], r["event_id"], r["duplicate_of"], r["text"])
            for r in store.conn.execute("SELECT id, story_id, event_id, duplicate_of, text FROM article_rows")
        }
        stories = {
            r["id"]: {k: r[k] for k in ("label", "first_day", "last_day", "outlets", "summary", "comparison", "events")}
            for r in store.conn.execute("SELECT * FROM stories")
        }
        hits = store.search("banjir", limit=1000)
    return {"articles": articles, "stories": stories, "search hits": len(hits)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "reports.jsonl", articles_of_stories())


@pytest.fixture(scope="module")
def ingested(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The reference: `warta ingest` of the corpus."""
    from click.testing import CliRunner

    from warta.cli import main

    db = tmp_path_factory.mktemp("ingest") / "ingest.db"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return picture(db)


def test_a_local_batch_loaded_into_a_database_equals_ingest(
    warta: Warta, corpus: Path, ingested: dict[str, Any], tmp_path: Path, db: Path
) -> None:
    out = tmp_path / "out"
    report = json.loads(warta("batch", str(corpus), "--out", str(out), "--format", "json").output)
    assert report["articles"] == 88
    assert report["blocks"] >= 20  # the stories are apart: blocking does not lump the corpus together

    loaded = json.loads(warta("load", str(out), "--format", "json").output)

    assert loaded["articles"] == 88
    assert picture(db) == ingested
    assert len({story for story, *_ in ingested["articles"].values()}) == len(ingested["stories"])


def test_spark_local_2_gives_the_stories_ingest_gives(
    warta: Warta, corpus: Path, ingested: dict[str, Any], tmp_path: Path, db: Path
) -> None:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.fail("Java 17 is missing: `make test` installs it (scripts/install-java.sh)")
    reports = articles_of_stories()
    first = write_jsonl(tmp_path / "first.jsonl", reports[:40])
    # The rest as a Parquet dataset, the columnar input of cluster jobs.
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(reports[40:]), tmp_path / "rest.parquet")
    out = tmp_path / "out"

    result = warta(
        "batch", str(first), str(tmp_path / "rest.parquet"), "--engine", "spark", "--master", "local[2]",
        "--out", str(out), "--format", "json",
    )  # fmt: skip

    report = json.loads(result.output)
    assert report["engine"] == "spark (local[2])"
    assert report["articles"] == 88
    assert sorted(p.name for p in out.iterdir())[:3] == ["article_versions", "articles", "dup_groups"]
    warta("load", str(out))
    assert picture(db) == ingested


def test_batch_refuses_an_output_directory_that_holds_something_else(
    warta: Warta, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")

    result = warta("batch", str(corpus), "--out", str(out))

    assert result.exit_code != 0
    assert "is not empty" in result.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_load_refuses_a_database_that_holds_articles(warta: Warta, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    warta("batch", str(corpus), "--out", str(out))
    warta("load", str(out))

    again = warta("load", str(out))

    assert again.exit_code != 0
    assert "already holds articles" in again.output


def test_a_bad_line_is_named_and_the_rest_of_the_batch_goes_on(warta: Warta, tmp_path: Path) -> None:
    corpus = tmp_path / "some.jsonl"
    good = articles_of_stories()[:3]
    corpus.write_text(
        json.dumps(good[0]) + "\n{not json\n" + "".join(json.dumps(r) + "\n" for r in good[1:]), encoding="utf-8"
    )

    result = warta("batch", str(corpus), "--out", str(tmp_path / "out"), "--format", "json")

    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["articles"] == 3
    assert [e["location"] for e in report["errors"]] == [f"{corpus}:2"]


def test_an_interrupted_batch_resumes_without_redoing_its_finished_work(
    warta: Warta, corpus: Path, ingested: dict[str, Any], tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warta.runners.batch as batch

    prepared: list[int] = []
    blocks: list[str] = []
    real_prepare, real_block = batch.prepare_all, batch.run_block

    def counting_prepare(items: Any, settings: Any) -> Any:
        prepared.append(1)
        return real_prepare(items, settings)

    def interrupted_block(block: Any, items: Any, settings: Any) -> Any:
        if len(blocks) == 10:
            raise KeyboardInterrupt
        blocks.append(str(block))
        return real_block(block, items, settings)

    monkeypatch.setattr(batch, "prepare_all", counting_prepare)
    monkeypatch.setattr(batch, "run_block", interrupted_block)
    out = tmp_path / "out"

    first = warta("batch", str(corpus), "--out", str(out))

    assert first.exit_code == 130
    assert "run the same command again to resume" in first.stderr.lower()
    assert prepared == [1] and len(blocks) == 10
    monkeypatch.setattr(batch, "run_block", lambda *args: (blocks.append(str(args[0])), real_block(*args))[1])

    second = warta("batch", str(corpus), "--out", str(out), "--format", "json")

    assert second.exit_code == 0, second.output
    assert "10 blocks are done" in second.stderr
    assert prepared == [1]  # the articles were not prepared again
    assert len(blocks) == len(set(blocks)) == json.loads(second.stdout)["blocks"]  # no block ran twice
    assert not (out / "_work").exists()
    warta("load", str(out))
    assert picture(db) == ingested


def test_a_batch_of_other_inputs_does_not_resume_in_its_place(warta: Warta, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "_work").mkdir(parents=True)
    (out / "_work" / "state.json").write_text('{"inputs": ["elsewhere.jsonl"]}', encoding="utf-8")

    refused = warta("batch", str(corpus), "--out", str(out))

    assert refused.exit_code != 0 and "other inputs or settings" in refused.output
    assert warta("batch", str(corpus), "--out", str(out), "--overwrite").exit_code == 0


def test_a_load_that_fails_part_way_leaves_the_database_as_it_was(
    warta: Warta, corpus: Path, tmp_path: Path, db: Path
) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    warta("batch", str(corpus), "--out", str(out))
    part = sorted((out / "quotes").glob("*.parquet"))[0]  # quotes load after articles and stories
    table = pq.read_table(part)
    pq.write_table(table.rename_columns(['x") VALUES (1); DROP TABLE stories; --', *table.column_names[1:]]), part)

    result = warta("load", str(out))

    assert result.exit_code != 0
    assert "is not a column or table name of warta's schema" in result.output
    with open_store(db, mode="read") as store:
        assert store.count("articles") == 0
        assert store.count("stories") == 0
