"""Events through the CLI: `export articles` gives each article's event, `show` lists a story's events."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from tests.helpers import jsonl

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "warta" / "data" / "sample" / "articles.jsonl"


def test_a_match_preview_and_its_reports_are_one_story_of_two_events(warta: Callable[..., Result]) -> None:
    assert warta("ingest", str(SAMPLE), "--quiet").exit_code == 0
    rows = {r["id"]: r for r in jsonl(warta("export", "articles", "--format", "jsonl").output)}
    assert all(r["event_id"] for r in rows.values())
    preview, result_a, result_b = rows["sample-019"], rows["sample-021"], rows["sample-022"]
    assert preview["story_id"] == result_a["story_id"] == result_b["story_id"]
    assert result_a["event_id"] == result_b["event_id"] != preview["event_id"]
    # The wire copy is in its original's event; the landslide's same-day reports share one.
    assert rows["sample-003"]["event_id"] == rows["sample-002"]["event_id"] == rows["sample-001"]["event_id"]

    story = json.loads(warta("show", preview["story_id"], "--format", "json").output)
    events = {e["id"]: e for e in story["events"]}
    assert set(events) == {preview["event_id"], result_a["event_id"]}
    match = events[result_a["event_id"]]
    assert match["articles"] == ["sample-021", "sample-022"]
    assert match["first_date"] == match["last_date"] == "2026-05-17"
    assert match["summary"] and all(set(s["citations"]) <= {"sample-021", "sample-022"} for s in match["summary"])
    # The story's summary never cites the preview for what only the reports of the match state.
    for sentence in story["summary"]:
        if "2-1" in sentence["text"]:
            assert "sample-019" not in sentence["citations"]
    markdown = warta("show", preview["story_id"]).output
    assert "## Events" in markdown and preview["event_id"] in markdown


def test_a_story_of_one_event_shares_its_summary(warta: Callable[..., Result], seeds_dir: Path) -> None:
    assert warta("ingest", str(seeds_dir), "--quiet").exit_code == 0
    [listed] = jsonl(warta("export", "stories").output)
    story = json.loads(warta("show", listed["id"], "--format", "json").output)
    [event] = story["events"]
    assert sorted(event["articles"]) == sorted(listed["articles"])
    assert [s["text"] for s in event["summary"]] == [s["text"] for s in story["summary"]]
    assert "## Events" not in warta("show", listed["id"]).output
