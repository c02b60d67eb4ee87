"""How long comparing one story takes: `compare_story` on 10-article stories, on one core.

Each story is ten articles of the IndoSum sample (CC BY-SA 4.0, Kurniawan & Louvan, IALP 2018) of one
category, cleaned and analysed first (NER, quotes, dates: the per-article stages ingest runs anyway),
then compared as one story: the comparison alone is timed. Different reports of one category share
many words and names, so alignment has real work to do; a true 10-outlet story is of the same size.

    python benchmarks/compare_speed.py [--stories 20] [--size 10] [--write-results]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import report
from benchmarks.indosum import load_rows, to_record
from warta.analysis import analyse
from warta.clean import clean
from warta.compare import Member, _article_statements, _context_of, _letter_grams, _quantities, _times, compare_story
from warta.config import Settings
from warta.ner import NerModel
from warta.records import RawArticle

SECTION = "compare-speed"


def stories(n_stories: int, size: int) -> list[list[Member]]:
    """``n_stories`` groups of ``size`` analysed articles, each group from one category."""
    settings = Settings()
    model = NerModel.load()
    by_category: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in load_rows():
        record = to_record(row)
        by_category[str(record["category"])].append(record)
    out: list[list[Member]] = []
    for records in by_category.values():
        for i in range(0, len(records) - size + 1, size):
            members = []
            for r in records[i : i + size]:
                text = str(r["text"])
                raw = RawArticle(
                    id=str(r["id"]), text=text, raw=text.encode(), origin="indosum",
                    source=str(r["source"]), published=str(r["published"]) if r["published"] else None,
                )  # fmt: skip
                article = clean(raw, settings.clean, settings.language)
                members.append(Member(article, analyse(article, model)))
            out.append(members)
            if len(out) == n_stories:
                return out
    return out


def time_comparisons(groups: Sequence[list[Member]], repeats: int) -> list[float]:
    cfg = Settings().compare
    for g in groups[:2]:
        compare_story("warm-up", g, cfg)
    times = []
    for g in groups:
        best = float("inf")
        for _ in range(repeats):
            for cached in (_context_of, _quantities, _times, _article_statements, _letter_grams):
                cached.cache_clear()  # a story's first comparison: none of its articles read before
            start = time.perf_counter()
            compare_story("bench", g, cfg)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000.0)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=20)
    parser.add_argument("--size", type=int, default=10, help="articles per story")
    parser.add_argument("--repeats", type=int, default=3, help="runs per story; the fastest counts")
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    groups = stories(args.stories, args.size)
    times = time_comparisons(groups, args.repeats)
    statements = statistics.mean(sum(len(m.article.text) for m in g) for g in groups)
    median, worst = statistics.median(times), max(times)
    p90 = sorted(times)[int(0.9 * (len(times) - 1))]
    print(
        f"{len(groups)} stories of {args.size} articles: median {median:.1f} ms, p90 {p90:.1f} ms, max {worst:.1f} ms"
    )
    if args.write_results:
        body = "\n".join(
            [
                "## Comparison speed (10-article stories)",
                "",
                f"`python benchmarks/compare_speed.py --stories {args.stories} --size {args.size} --write-results`",
                "",
                f"{len(groups)} stories, each {args.size} IndoSum sample articles of one category (mean"
                f" {statements / 1000:.1f} k characters of clean text per story), cleaned and analysed first;"
                " `compare_story` alone is timed, the fastest of"
                f" {args.repeats} runs per story (the caches of read articles, figures, dates and letter"
                " trigrams emptied before each run, so each run is a story's first comparison; the caches of"
                " word features and of a word's trigrams are warm, as in a long ingest),"
                f" the process pinned to one core. Machine: {report.machine_summary()}.",
                "",
                "| median ms | p90 ms | max ms | budget | date | commit |",
                "|---:|---:|---:|---:|---|---|",
                f"| {median:.1f} | {p90:.1f} | {worst:.1f} | 50 | {time.strftime('%Y-%m-%d')}"
                f" | {report.git_revision()} |",
            ]
        )
        report.update_section(SECTION, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
