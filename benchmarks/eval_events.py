"""Evaluate warta's events (and stories) against hand-labelled events, through the real CLI.

    python benchmarks/eval_events.py                       # benchmarks/event_data
    python benchmarks/eval_events.py --data DIR --write-results

``DIR`` holds ``articles.jsonl`` (the ingest schema) and ``labels.json`` with
``{"events": {event: [ids]}, "stories": {story: [events]}}`` (or ``{"stories": {story: [ids]}}``,
each story one event, like ``src/warta/data/sample``). The articles are ingested into a
throw-away database and read back with ``warta export articles --format jsonl`` (``event_id``,
``story_id``). Events are scored against the gold events and stories against the gold stories:
pairwise and B-cubed precision/recall/F1, with the B-cubed F1 of the all-singletons baseline, which
any useful grouping must beat. With ``--set`` the settings can be varied (``events.threshold=0.4``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import report  # noqa: E402
from benchmarks.eval_cluster import run_cli, score, warta_command  # noqa: E402

DATA = REPO / "benchmarks" / "event_data"
SECTION = "events"
HEADER = (
    "data, level",
    "articles",
    "gold groups (multi)",
    "pair P",
    "pair R",
    "pair F1",
    "B³ P",
    "B³ R",
    "B³ F1",
    "singletons B³ F1",
    "date",
    "commit",
)


def gold_labels(labels: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(article -> gold event, article -> gold story). Labels with stories only (like the sample
    corpus's) count each story as one event."""
    if "events" not in labels:
        stories = {aid: story for story, ids in labels["stories"].items() for aid in ids}
        return stories, stories
    events = {aid: event for event, ids in labels["events"].items() for aid in ids}
    story_of_event = {event: story for story, evs in labels["stories"].items() for event in evs}
    return events, {aid: story_of_event[event] for aid, event in events.items()}


def run(data: Path, settings: list[str]) -> tuple[dict[str, Any], dict[str, Any], int]:
    labels = json.loads((data / "labels.json").read_text(encoding="utf-8"))
    gold_events, gold_stories = gold_labels(labels)
    warta = warta_command()
    extra = [part for s in settings for part in ("--set", s)]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "events.db")
        run_cli([*warta, *extra, "ingest", str(data / "articles.jsonl"), "--db", db, "--quiet"])
        exported = run_cli([*warta, "export", "articles", "--db", db, "--format", "jsonl"])
    rows = [json.loads(line) for line in exported.splitlines() if line.strip()]
    events = {r["id"]: r["event_id"] or r["id"] for r in rows if r["id"] in gold_events}
    stories = {r["id"]: r["story_id"] or r["id"] for r in rows if r["id"] in gold_stories}
    return score(gold_events, events), score(gold_stories, stories), len(rows)


def table_row(data: Path, level: str, s: dict[str, Any], n: int) -> list[object]:
    name = data.resolve().relative_to(REPO) if data.resolve().is_relative_to(REPO) else data
    keys = ("pairwise_precision", "pairwise_recall", "pairwise_f1", "bcubed_precision", "bcubed_recall", "bcubed_f1")
    return [
        f"`{name}` {level}",
        n,
        f"{s['gold_stories']} ({s['gold_multi_stories']})",
        *(f"{s[k]:.3f}" for k in (*keys, "singletons_bcubed_f1")),
        date.today().isoformat(),
        report.git_revision(),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE")
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args(argv)
    event_scores, story_scores, n = run(args.data, args.set)
    rows = [table_row(args.data, "events", event_scores, n), table_row(args.data, "stories", story_scores, n)]
    print(report.markdown_row(HEADER))
    for row in rows:
        print(report.markdown_row(row))
    if args.write_results:
        existing = report.read_section(report.RESULTS.read_text(encoding="utf-8"), SECTION)
        table = existing
        for row in rows:
            table = report.upsert_table(table, HEADER, row)
        body = "\n".join(
            [
                "## Events inside stories",
                "",
                "`python benchmarks/eval_events.py --write-results` (and `--data src/warta/data/sample` style folders)",
                "",
                "`event_id` and `story_id` of `warta export articles` after ingesting the folder's articles,",
                "scored against its hand-labelled events and stories: pairwise and B-cubed P/R/F1, and the",
                "B-cubed F1 of all singletons (the baseline to beat). `benchmarks/event_data` is written by us",
                "and used for tuning: its figures are optimistic. The sample corpus labels stories only, each",
                "counted as one event here (so its day-3 follow-up of the landslide counts as the landslide's).",
                "",
                table or "",
            ]
        )
        report.update_section(SECTION, body)
        print(f"updated {report.RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
