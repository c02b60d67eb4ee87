"""Publication dates read from the text, against the dates IndoSum's ids give.

    .venv/bin/python benchmarks/eval_dates.py [--show N] [--write-results]

Every IndoSum sample article goes through warta's clean stage *without* its publication date, so the
date can only come from the text (a dateline, the lead's "Jumat (8/9/2017)"). IndoSum ids start
with the Unix time of publication; its day in Jakarta (UTC+7) is the reference. A guess more than
3 days off is the failure that matters (a historical date taken for the report's own); an article
left undated is only a miss.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from benchmarks import report  # noqa: E402
from benchmarks.indosum import CORPUS, load_rows, to_record  # noqa: E402
from warta.clean import clean  # noqa: E402
from warta.config import Settings  # noqa: E402
from warta.records import RawArticle  # noqa: E402

SECTION = "dates"
JAKARTA = timedelta(hours=7)
HEADER = ("corpus", "articles", "dated", "same day", "within 1 day", "over 3 days off", "date", "commit")


def reference_day(article_id: str) -> date | None:
    head = article_id.split("-", 1)[0]
    if not head.isdigit():
        return None
    return (datetime.fromtimestamp(int(head), tz=UTC) + JAKARTA).date()


def evaluate(rows: list[dict[str, Any]], show: int = 0) -> dict[str, Any]:
    settings = Settings()
    counts: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    wrong: list[tuple[int, str, str, str]] = []
    for row in rows:
        ref = reference_day(row["id"])
        if ref is None:
            continue
        rec = to_record(row)
        raw = RawArticle(id=rec["id"], text=rec["text"], raw=b"", origin=str(CORPUS), source=rec["source"])
        article = clean(raw, settings.clean, settings.language)
        counts["articles"] += 1
        if article.published is None:
            continue
        counts["dated"] += 1
        sources[str(article.published_from)] += 1
        off = abs((date.fromisoformat(article.published[:10]) - ref).days)
        counts["same day"] += off == 0
        counts["within 1 day"] += off <= 1
        if off > 3:
            counts["over 3 days off"] += 1
            wrong.append((off, row["id"], article.published, article.text[:160].replace("\n", " ")))
    for off, aid, got, lead in sorted(wrong, reverse=True)[:show]:
        print(f"{off:5d} days  {aid}  got {got}\n       {lead}")
    return {"counts": counts, "sources": sources}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--show", type=int, default=0, help="print the N guesses furthest off")
    parser.add_argument("--write-results", action="store_true", help="update the dates section of RESULTS.md")
    args = parser.parse_args(argv)
    result = evaluate(list(load_rows()), args.show)
    c = result["counts"]
    row = [
        f"`{CORPUS.relative_to(REPO.parent)}` (no dates given)",
        c["articles"],
        c["dated"],
        c["same day"],
        c["within 1 day"],
        c["over 3 days off"],
        date.today().isoformat(),
        report.git_revision(),
    ]
    print(report.markdown_row(HEADER))
    print(report.markdown_row(row))
    print("came from:", dict(result["sources"]))
    if args.write_results:
        existing = report.read_section(report.RESULTS.read_text(encoding="utf-8"), SECTION)
        body = "\n".join(
            [
                "## Publication dates from text",
                "",
                "`python benchmarks/eval_dates.py --write-results`",
                "",
                "The IndoSum sample articles cleaned with no date given, so any date is read from the text; the",
                "reference is the publication time in each IndoSum id (its day in Jakarta). *dated*: articles",
                "given a date; *over 3 days off*: the failures that matter (a historical date taken for the",
                "report's own). This sample is the tuning set. The rule before (a date a day name or brackets",
                "introduce, else the first full date of the lead) dated 95, 31 within 1 day, 28 over 3 days off.",
                "",
                report.upsert_table(existing, HEADER, row),
            ]
        )
        report.update_section(SECTION, body)
        print(f"updated {report.RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
