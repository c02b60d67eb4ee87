"""`warta batch` throughput: the local runner, Spark ``local[1]`` and Spark ``local[2]`` on one corpus.

    python benchmarks/spark.py                       # 1,500 articles built from the IndoSum sample
    python benchmarks/spark.py --articles 5000
    python benchmarks/spark.py --write-results       # also update the spark section of RESULTS.md

The corpus is the IndoSum sample plus perturbed copies (as ``benchmarks/ingest.py`` makes it), one
JSON Lines file. Each engine runs ``warta batch CORPUS --out DIR`` in a child process (not pinned:
``local[2]`` is meant to use two cores); wall time is measured around it, from start to the last
Parquet file, so Spark's start (a JVM, ~10 s) is included; peak RSS is the child's own
``ru_maxrss`` (Spark's Python workers are its grandchildren and are not counted). Every engine's
output is loaded (`warta load`) and its stories compared with the local runner's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(REPO))

from benchmarks import report  # noqa: E402
from benchmarks.eval_cluster import warta_command  # noqa: E402
from benchmarks.indosum import load_records  # noqa: E402
from benchmarks.ingest import build_corpus, copies_needed, mib, write_corpus  # noqa: E402

SECTION = "spark"
OUT_DIR = REPO / "benchmarks" / "out"  # git-ignored
ENGINES = (("local runner", ["--engine", "local"]), ("spark local[1]", ["--engine", "spark", "--master", "local[1]"]),
           ("spark local[2]", ["--engine", "spark", "--master", "local[2]"]))  # fmt: skip
HEADER = ["engine", "articles", "wall s", "articles/s", "peak RSS MiB", "stories", "same stories", "date", "commit"]


def run(command: Sequence[str]) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS (bytes)."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            stderr.seek(0)
            tail = stderr.read().decode("utf-8", "replace")[-3000:]
            raise RuntimeError(f"`{shlex.join(command)}` exited with {proc.returncode}:\n{tail}")
    return wall, usage.ru_maxrss * 1024


def partition(db: Path) -> set[frozenset[str]]:
    conn = sqlite3.connect(db)
    try:
        stories: dict[str, set[str]] = {}
        for article, story in conn.execute("SELECT id, story_id FROM articles"):
            stories.setdefault(story, set()).add(article)
    finally:
        conn.close()
    return {frozenset(s) for s in stories.values()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--warta", default=None, help="how to run warta (default: the one next to this Python)")
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args(argv)

    records = load_records()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="spark-", dir=OUT_DIR))
    rows: list[list[str]] = []
    try:
        corpus = workdir / "corpus.jsonl"
        multiply = copies_needed(len(records), args.articles)
        count, size = write_corpus(build_corpus(records, multiply=multiply, limit=args.articles), corpus)
        print(f"wrote {count:,} articles ({mib(size):.1f} MiB) to {corpus}")
        reference: set[frozenset[str]] | None = None
        for name, flags in ENGINES:
            slug = re.sub(r"\W+", "-", name)  # no brackets: Spark reads them in a path as a glob
            out, db = workdir / slug, workdir / f"{slug}.db"
            wall, rss = run([*warta_command(args.warta), "batch", str(corpus), "--out", str(out), *flags])
            load = [*warta_command(args.warta), "load", str(out), "--db", str(db)]
            subprocess.run(load, check=True, capture_output=True)
            stories = partition(db)
            reference = reference if reference is not None else stories
            manifest = json.loads((out / "warta-batch.json").read_text(encoding="utf-8"))
            print(f"{name}: {wall:.1f} s, {count / wall:.1f} articles/s, {manifest['report']['blocks']} blocks")
            rows.append(
                [
                    name,
                    f"{count:,}",
                    f"{wall:.1f}",
                    f"{count / wall:.1f}",
                    f"{mib(rss):.0f}",
                    f"{len(stories):,}",
                    "yes" if stories == reference else "NO",
                    datetime.now(UTC).strftime("%Y-%m-%d"),
                    report.git_revision(),
                ]
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.write_results:
        command_line = shlex.join(["python", "benchmarks/spark.py", *(argv if argv is not None else sys.argv[1:])])
        table = "\n".join(report.markdown_row(r) for r in [HEADER, ["---"] * len(HEADER), *rows])
        body = "\n".join(
            [
                "## Batch: the local runner and Apache Spark",
                "",
                f"Last run: `{command_line}`. Machine: {report.machine_summary()}; not pinned (local[2] uses",
                "both cores). Each row is `warta batch corpus.jsonl --out DIR` with that engine, wall time",
                "from start to the last Parquet file (Spark's JVM start included); peak RSS is the batch",
                "process's own (Spark's Python workers are not counted). \"same stories\": the loaded output's",
                "story partition equals the local runner's. On 2 cores Spark's overhead (JVM, serialising",
                "articles between stages, Parquet writes per table) is paid back only by spreading the",
                "per-article stages; a cluster engine is for corpora that outgrow one machine.",
                "",
                table,
            ]
        )
        report.update_section(SECTION, body, report.RESULTS)
        print(f"updated section '{SECTION}' in {report.RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
