"""Ingest throughput benchmark: articles per second and peak memory of ``warta ingest`` on one core.

    python benchmarks/ingest.py                      # 5,000 articles built from the IndoSum sample
    python benchmarks/ingest.py --articles 100000    # more perturbed copies to reach 100,000
    python benchmarks/ingest.py --dry-run            # only write the corpus and say where it is
    python benchmarks/ingest.py --write-results      # also update the ingest section of RESULTS.md

The 715 real articles are repeated as perturbed copies (``--multiply N`` copies of each; by default as many as
``--articles`` needs): every copy gets a new id and URL, a few words swapped and dropped, and its date moved back by
some weeks per copy, so the corpus is neither exact duplicates nor one giant story. The corpus is written to a JSONL
file and ingested by ``warta ingest FILE --db DB --quiet`` in a child process pinned to CPU 0 (``taskset -c 0`` when
available); wall time is measured around the child and peak RSS is the child's ``ru_maxrss`` from ``wait4``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(REPO))

from benchmarks import report  # noqa: E402
from benchmarks.eval_cluster import warta_command  # noqa: E402
from benchmarks.indosum import load_records  # noqa: E402

SECTION = "ingest"
DEFAULT_ARTICLES = 5000
WEEKS_PER_COPY = 5  # copies of one article land at least this far apart, beyond any same-story time window
OUT_DIR = REPO / "benchmarks" / "out"  # git-ignored
HEADER = ["articles", "input MiB", "wall s", "articles/s", "peak RSS MiB", "pinned", "date", "commit"]
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Measurement:
    articles: int
    input_bytes: int
    wall_s: float
    peak_rss_bytes: int
    returncode: int
    pinned: str  # how the child was pinned, e.g. "taskset -c 0", or "no"

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.wall_s if self.wall_s > 0 else 0.0


# --- building the corpus -----------------------------------------------------------------------------------------


def perturb_line(line: str, rng: random.Random, edits: int) -> str:
    """``line`` with ``edits`` small changes, each a swap of two neighbouring words or a dropped word."""
    words = line.split(" ")
    for _ in range(edits):
        if len(words) < 4:
            break
        i = rng.randrange(len(words) - 1)
        if rng.random() < 0.5:
            words[i], words[i + 1] = words[i + 1], words[i]
        else:
            del words[i]
    return " ".join(words)


def perturb_text(text: str, rng: random.Random, edits_per_100_words: float = 1.5) -> str:
    """A lightly edited copy: about ``edits_per_100_words`` swaps/drops, spread over the lines; never unchanged."""
    lines = text.split("\n")
    total = max(1, round(len(_WORD.findall(text)) * edits_per_100_words / 100))
    long_lines = [i for i, line in enumerate(lines) if len(line.split(" ")) >= 4]
    if not long_lines:
        return text + " (salinan)"
    for _ in range(total):
        i = rng.choice(long_lines)
        lines[i] = perturb_line(lines[i], rng, 1)
    out = "\n".join(lines)
    return out if out != text else text + " (salinan)"


def shift_published(published: str | None, weeks: int) -> str | None:
    """``published`` moved ``weeks`` weeks earlier; dates stay dates, datetimes stay datetimes."""
    if not published:
        return published
    if len(published) == 10:
        return (datetime.fromisoformat(published) - timedelta(weeks=weeks)).date().isoformat()
    return (datetime.fromisoformat(published) - timedelta(weeks=weeks)).isoformat()


def make_copy(record: Mapping[str, Any], copy_no: int, rng: random.Random) -> dict[str, Any]:
    """Perturbed copy number ``copy_no`` (1-based) of ``record``, with its own id, URL and date."""
    copy = dict(record)
    copy["id"] = f"{record['id']}-copy{copy_no}"
    copy["text"] = perturb_text(str(record["text"]), rng)
    copy["published"] = shift_published(record.get("published"), WEEKS_PER_COPY * copy_no)
    if record.get("url"):
        copy["url"] = f"{record['url']}?copy={copy_no}"
    return copy


def copies_needed(n_records: int, articles: int) -> int:
    """How many copies of each record make at least ``articles`` articles (originals included)."""
    return max(0, math.ceil(articles / n_records) - 1)


def build_corpus(
    records: Sequence[Mapping[str, Any]], *, multiply: int, limit: int | None = None, seed: int = 0
) -> Iterator[dict[str, Any]]:
    """The originals, then copy 1 of every record, copy 2, ...; at most ``limit`` articles; deterministic per seed."""
    rng = random.Random(seed)
    produced = 0
    for copy_no in range(multiply + 1):
        for record in records:
            if limit is not None and produced >= limit:
                return
            yield dict(record) if copy_no == 0 else make_copy(record, copy_no, rng)
            produced += 1


def write_corpus(records: Iterable[Mapping[str, Any]], path: Path) -> tuple[int, int]:
    """Write JSON Lines; returns (articles, bytes)."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count, path.stat().st_size


# --- running and measuring ---------------------------------------------------------------------------------------


def pin_prefix(enabled: bool = True) -> tuple[list[str], str]:
    """Command prefix that pins a child to CPU 0, and a description of it."""
    if not enabled:
        return [], "no"
    taskset = shutil.which("taskset")
    if taskset:
        return [taskset, "-c", "0"], "taskset -c 0"
    if hasattr(os, "sched_setaffinity"):
        return [], "sched_setaffinity {0}"
    return [], "no (neither taskset nor sched_setaffinity available)"


def _pin_to_cpu0() -> None:  # runs in the child between fork and exec
    os.sched_setaffinity(0, {0})


def measure(command: Sequence[str], *, articles: int, input_bytes: int, pin: bool = True) -> Measurement:
    """Run ``command`` (the ingest) pinned to one core; wall time around it and the child's own peak RSS."""
    prefix, pinned = pin_prefix(pin)
    preexec = _pin_to_cpu0 if pinned.startswith("sched_setaffinity") else None
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen([*prefix, *command], stdout=subprocess.DEVNULL, stderr=stderr, preexec_fn=preexec)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen so it won't wait again
        if proc.returncode != 0:
            stderr.seek(0)
            detail = stderr.read().decode("utf-8", "replace").strip()
            raise RuntimeError(f"`{shlex.join([*prefix, *command])}` exited with {proc.returncode}:\n{detail}")
    rss_unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB on Linux
    return Measurement(articles, input_bytes, wall, usage.ru_maxrss * rss_unit, proc.returncode, pinned)


# --- output ------------------------------------------------------------------------------------------------------


def mib(n: int) -> float:
    return n / (1024 * 1024)


def format_table(m: Measurement) -> str:
    cells = [
        ("articles", f"{m.articles:,}"),
        ("input MiB", f"{mib(m.input_bytes):.1f}"),
        ("wall s", f"{m.wall_s:.2f}"),
        ("articles/s", f"{m.articles_per_s:,.0f}"),
        ("peak RSS MiB", f"{mib(m.peak_rss_bytes):.0f}"),
        ("pinned", m.pinned),
    ]
    width = max(len(k) for k, _ in cells)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in cells)


def write_results(
    m: Measurement,
    command_line: str,
    ingest_command: str,
    path: Path = report.RESULTS,
    *,
    analysis: bool = True,
    compare: bool = True,
) -> None:
    """Add or replace the row for this article count (and stages) in the ``ingest`` section of RESULTS.md."""
    existing = report.read_section(path.read_text(encoding="utf-8"), SECTION) if path.exists() else None
    row = [
        f"{m.articles:,}"
        + ("" if analysis else " (analysis off)")
        + ("" if compare or not analysis else " (compare off)"),
        f"{mib(m.input_bytes):.1f}",
        f"{m.wall_s:.2f}",
        f"{m.articles_per_s:,.0f}",
        f"{mib(m.peak_rss_bytes):.0f}",
        m.pinned,
        datetime.now(UTC).strftime("%Y-%m-%d"),
        report.git_revision(),
    ]
    body = "\n".join(
        [
            "## Ingest throughput",
            "",
            f"Last run: `{command_line}`, which runs `{ingest_command}`.",
            f"Machine: {report.machine_summary()}; the child is pinned to one core.",
            "Corpus: the 715 IndoSum sample articles plus perturbed copies (new ids, a few words swapped/dropped,",
            f"dates {WEEKS_PER_COPY} weeks apart per copy). Peak RSS is the ingest process's `ru_maxrss`.",
            "Rows marked (analysis off) ran with `--set analysis.enabled=false` (`--no-analysis`): no NER,",
            "entities, quotes or timeline, the 0.1 pipeline. Rows marked (compare off) ran with",
            "`--set compare.enabled=false` (`--no-compare`): every stage but the comparison of outlets (issue 8).",
            "The others run every stage. Rows of different dates may come from differently loaded machines: compare",
            "rows of one date. With 715 articles or fewer there are no copies: every article is new text,",
            "the slowest case per article (copies repeat sentences the NER has already tagged).",
            "",
            report.upsert_table(existing, HEADER, row),
        ]
    )
    report.update_section(SECTION, body, path)


# --- command line ------------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, help=f"articles to ingest (default {DEFAULT_ARTICLES:,})")
    parser.add_argument("--multiply", type=int, help="perturbed copies of each article (default: as --articles needs)")
    parser.add_argument("--corpus", type=Path, help="source JSONL (default: the IndoSum sample)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the perturbations")
    parser.add_argument("--workdir", type=Path, help=f"where to write corpus and db (default: a new dir in {OUT_DIR})")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and database afterwards")
    parser.add_argument("--no-analysis", action="store_true", help="ingest with analysis.enabled=false (no NER etc.)")
    parser.add_argument("--no-compare", action="store_true", help="ingest with compare.enabled=false")
    parser.add_argument("--dry-run", action="store_true", help="only write the corpus")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the ingest to one core")
    parser.add_argument("--warta", help="command that runs the CLI (default: the warta next to this Python)")
    parser.add_argument("--write-results", action="store_true", help="update the ingest section of RESULTS.md")
    parser.add_argument("--results", type=Path, default=report.RESULTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.articles is not None and args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.multiply is not None and args.multiply < 0:
        parser.error("--multiply must be 0 or more")
    return args


def corpus_plan(n_records: int, articles: int | None, multiply: int | None) -> tuple[int, int]:
    """(copies per record, articles to write) from the two options; either may be left out."""
    if multiply is None:
        target = articles or DEFAULT_ARTICLES
        return copies_needed(n_records, target), target
    return multiply, articles or n_records * (multiply + 1)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    records = read_source(args.corpus)
    multiply, limit = corpus_plan(len(records), args.articles, args.multiply)
    if args.workdir is None:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ingest-", dir=OUT_DIR))
    workdir.mkdir(parents=True, exist_ok=True)
    corpus, db = workdir / "corpus.jsonl", workdir / "bench.db"
    count, size = write_corpus(build_corpus(records, multiply=multiply, limit=limit, seed=args.seed), corpus)
    copies = f"{multiply} perturbed cop{'y' if multiply == 1 else 'ies'} per source article"
    print(f"wrote {count:,} articles ({mib(size):.1f} MiB, {copies}) to {corpus}")
    if args.dry_run:
        return 0
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    settings = ["--set", "analysis.enabled=false"] if args.no_analysis else []
    settings += ["--set", "compare.enabled=false"] if args.no_compare else []
    command = [*warta_command(args.warta), *settings, "ingest", str(corpus), "--db", str(db), "--quiet"]
    try:
        result = measure(command, articles=count, input_bytes=size, pin=not args.no_pin)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(format_table(result))
    if args.write_results:
        command_line = shlex.join(["python", "benchmarks/ingest.py", *(argv if argv is not None else sys.argv[1:])])
        ingest_command = shlex.join(["warta", *settings, "ingest", "corpus.jsonl", "--db", "bench.db", "--quiet"])
        if result.pinned == "taskset -c 0":
            ingest_command = "taskset -c 0 " + ingest_command
        write_results(
            result,
            command_line,
            ingest_command,
            args.results,
            analysis=not args.no_analysis,
            compare=not args.no_compare,
        )
        print(f"updated section '{SECTION}' in {args.results}", file=sys.stderr)
    return 0


def read_source(path: Path | None) -> list[dict[str, Any]]:
    """The articles to multiply: a JSONL file, or the IndoSum sample."""
    if path is None:
        return load_records()
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


if __name__ == "__main__":
    sys.exit(main())
