"""ROUGE of warta's single-article summaries against IndoSum's human summaries.

    .venv/bin/python benchmarks/eval_summary.py [--limit N] [--no-write]

Each IndoSum article goes through warta's clean stage and is summarised as a
one-article story, as ``warta ingest`` does. The baseline, lead-3, is the first
three sentences (same splitter) of the text as given and of the clean text.
ROUGE-1/2/L F1 (rouge_score, no stemmer; tokens are
lower-cased runs of letters and digits, so Indonesian words are kept) are
averaged over all articles. The table is printed and written to
``benchmarks/RESULTS.md`` between the summary markers, leaving the rest alone.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from benchmarks.indosum import CORPUS, load_rows, reference_summary, to_record  # noqa: E402
from warta.clean import clean  # noqa: E402
from warta.config import Settings, SummaryConfig  # noqa: E402
from warta.lang.id.sentences import split_sentences  # noqa: E402
from warta.records import Article, RawArticle  # noqa: E402
from warta.summarize import summarize_story  # noqa: E402

RESULTS = REPO / "benchmarks" / "RESULTS.md"
START, END = "<!-- summary:start -->", "<!-- summary:end -->"
METRICS = ("rouge1", "rouge2", "rougeL")
_TOKEN = re.compile(r"[^\W_]+")


class _Tokenizer:
    """Lower-case runs of letters/digits: keeps Indonesian words (the default drops non-ASCII)."""

    def tokenize(self, text: str) -> list[str]:
        return _TOKEN.findall(text.lower())


def raw_article(row: dict[str, Any]) -> RawArticle:
    rec = to_record(row)
    return RawArticle(
        id=rec["id"], text=rec["text"], raw=b"", origin=str(CORPUS), source=rec["source"], published=rec["published"]
    )


def warta_summary(article: Article, cfg: SummaryConfig) -> str:
    return " ".join(s.text for s in summarize_story([article], cfg))


def lead3(text: str) -> str:
    return " ".join(text[s:e] for s, e in split_sentences(text)[:3])


def evaluate(rows: list[dict[str, Any]], cfg: SummaryConfig) -> dict[str, Any]:
    """warta = the clean stage then the summariser, as `warta ingest` runs them;
    lead-3 on the text as given, and on warta's clean text (datelines and
    boilerplate removed), for a fair comparison."""
    settings = Settings()
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=False, tokenizer=_Tokenizer())
    names = ("warta", "lead-3 (text as given)", "lead-3 (clean text)")
    totals = {name: {m: 0.0 for m in METRICS} for name in names}
    lengths: dict[str, list[int]] = {name: [] for name in names}
    timings: list[float] = []
    for row in rows:
        raw = raw_article(row)
        ref = reference_summary(row)
        t0 = time.perf_counter()
        article = clean(raw, settings.clean, settings.language)
        ours = warta_summary(article, cfg)
        timings.append(time.perf_counter() - t0)
        for name, summary in zip(names, (ours, lead3(raw.text), lead3(article.text)), strict=True):
            lengths[name].append(len(_TOKEN.findall(summary)))
            scores = scorer.score(ref, summary)
            for m in METRICS:
                totals[name][m] += scores[m].fmeasure
    n = len(rows)
    return {
        "n": n,
        "f1": {name: {m: v / n for m, v in t.items()} for name, t in totals.items()},
        "words": {name: statistics.mean(v) for name, v in lengths.items()},
        "ref_words": statistics.mean(len(_TOKEN.findall(reference_summary(r))) for r in rows),
        "ms_per_article": 1000 * statistics.mean(timings),
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        "| system | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-L F1 | words/summary |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, f1 in result["f1"].items():
        cells = " | ".join(f"{100 * f1[m]:.2f}" for m in METRICS)
        lines.append(f"| {name} | {cells} | {result['words'][name]:.1f} |")
    lines.append(f"| reference | | | | {result['ref_words']:.1f} |")
    return "\n".join(lines)


def write_section(result: dict[str, Any], command: str) -> None:
    section = "\n".join(
        [
            START,
            "## Summary quality (IndoSum dev sample)",
            "",
            f"`{command}`",
            "",
            f"{result['n']} articles of `{CORPUS.relative_to(REPO.parent)}`, each summarised as a one-article",
            "story the way `warta ingest` does it (the clean stage, then the summariser). ROUGE F1 (rouge_score,",
            "no stemmer, lower-cased letter/digit tokens) against IndoSum's human summaries. lead-3 = the first",
            "three sentences (same splitter) of the text as given, and of warta's clean text.",
            "This sample is the tuning set: the figures are optimistic for unseen text.",
            "",
            table(result),
            "",
            f"warta clean + summarise time: {result['ms_per_article']:.3f} ms per article (mean, this machine).",
            END,
        ]
    )
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in old and END in old:
        head, rest = old.split(START, 1)
        _, tail = rest.split(END, 1)
        new = head + section + tail
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--no-write", action="store_true", help=f"do not update {RESULTS.name}")
    args = parser.parse_args(argv)
    rows = list(load_rows())
    if args.limit:
        rows = rows[: args.limit]
    result = evaluate(rows, SummaryConfig())
    print(table(result))
    print(f"\n{result['n']} articles; warta {result['ms_per_article']:.3f} ms per article")
    if not args.no_write and not args.limit:
        write_section(result, "python benchmarks/eval_summary.py")
        print(f"updated {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
