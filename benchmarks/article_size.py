"""Cost of one large article: wall time and peak RSS of ``warta ingest`` on a single article of 0.5, 1 and 2 MB.

    python benchmarks/article_size.py                        # every shape at 0.5, 1 and 2 MB, analysis on
    python benchmarks/article_size.py --sizes 0.25,0.5       # other sizes, in MB of 10^6 bytes (as the limit)
    python benchmarks/article_size.py --shapes varied --write-results   # also update RESULTS.md

Shapes, built from the seed articles in ``../shared/seeds/`` (``varied``: from the IndoSum sample):

- ``paragraphs``: the seed articles repeated, one paragraph per line;
- ``single-line``: the same with every newline made a space (one 2 MB line);
- ``no-spaces``: the same with all whitespace removed;
- ``no-full-stops``: the same without ``.``, ``!`` and ``?`` (one 2 MB "sentence");
- ``varied``: the 715 IndoSum sample articles one after another (many different people and quotations).

Each article is one ``.txt`` file, ingested with every stage (analysis on) by a fresh
``warta ingest FILE --db DB --quiet`` in a child pinned to CPU 0; wall time is measured around the child and peak RSS
is its ``ru_maxrss``. A tiny article measures the fixed cost (start-up, loading the NER model); ``s/MB`` is the wall
time above it per MB, which stays flat while the cost is linear in the size. A last run ingests a 30 MB single-line
JSON Lines file, over the limit: it must be refused, fast and in little memory.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(REPO))

from benchmarks import report  # noqa: E402
from benchmarks.eval_cluster import warta_command  # noqa: E402
from benchmarks.indosum import load_records  # noqa: E402
from benchmarks.ingest import _pin_to_cpu0, mib, pin_prefix  # noqa: E402

SECTION = "article-size"
SEEDS = REPO.parent / "shared" / "seeds"
SHAPES = ("paragraphs", "single-line", "no-spaces", "no-full-stops", "varied")
DEFAULT_SIZES = (0.5, 1.0, 2.0)
OVER_LIMIT_MB = 30
FIXES = """\
What made the cost superlinear before, and the fix (each checked to give the same output on the IndoSum
sample, and held linear by call-count tests in `tests/unit/test_ingest_bounds.py`):

- entity resolution (`entities.py`): a one-word name folded every full name in the article again, the name
  completion scanned the text once per surname and compared each find with every mention, and
  `country_mentions` compared each country name with every mention: now an index by folded word, one pass
  over the words, and mention spans searched by position;
- quotations (`quotes.py`): a bare surname was looked up by scanning every earlier speaker: now a map from
  each word of a speaker's name;
- a story's lone surnames (`entities.merge_story`) were compared with every full name: now an index;
- NER (`ner/model.py`): text without full stops was tagged as one sentence whose features (about 40 strings
  a token) were held at once, 902 MB at 1 MB: now cut into pieces of at most 400 tokens.

Over the limit: the 30 MB single-line file of issue 7 took 50 s and 1.1 GB before (as reported there); it is
now refused, the line read in bounded chunks and dropped."""
HEADER = ["article", "wall s", "s/MB above start-up", "peak RSS MiB", "exit", "date", "commit"]


@dataclass(frozen=True, slots=True)
class Run:
    label: str
    size_bytes: int
    wall_s: float
    peak_rss_bytes: int
    returncode: int


# --- the articles --------------------------------------------------------------------------------------------------


def base_text(shape: str) -> str:
    """The text a shape repeats."""
    if shape == "varied":
        return "\n".join(str(record["text"]) for record in load_records())
    seeds = "\n".join(path.read_text(encoding="utf-8").strip() for path in sorted(SEEDS.glob("*.txt")))
    if shape == "paragraphs":
        return seeds
    if shape == "single-line":
        return " ".join(seeds.split("\n"))
    if shape == "no-spaces":
        return "".join(seeds.split())
    if shape == "no-full-stops":
        return seeds.translate({ord(mark): None for mark in ".!?"})
    raise ValueError(f"unknown shape {shape!r} (known: {', '.join(SHAPES)})")


def make_text(base: str, size: int) -> str:
    """``base`` repeated (joined as its shape joins lines) and cut to at most ``size`` UTF-8 bytes, at a character."""
    joiner = "\n" if "\n" in base else (" " if " " in base else "")
    unit = len((base + joiner).encode("utf-8"))
    text = joiner.join([base] * (size // unit + 1))
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


# --- running and measuring -----------------------------------------------------------------------------------------


def run_child(command: Sequence[str], *, pin: bool = True) -> tuple[float, int, int]:
    """(wall s, peak RSS bytes, exit code) of ``command`` run pinned to one core."""
    prefix, pinned = pin_prefix(pin)
    preexec = _pin_to_cpu0 if pinned.startswith("sched_setaffinity") else None
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*prefix, *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=preexec
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen so it won't wait again
    rss_unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB on Linux
    return wall, usage.ru_maxrss * rss_unit, proc.returncode


def write_article(path: Path, shape: str, size: int) -> Path:
    """One article of ``size`` bytes as a ``.txt`` file or a one-line ``.jsonl`` file, built in a process of its own.

    A child's ``ru_maxrss`` starts from its parent's high-water mark (the kernel carries it over at exec), so
    this process must never hold a 30 MB article itself.
    """
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pool.apply(_write_article, (path, shape, size))
    return path


def _write_article(path: Path, shape: str, size: int) -> None:
    text = make_text(base_text(shape), size)
    if path.suffix == ".jsonl":
        text = json.dumps({"text": text}, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


def ingest_once(warta: list[str], path: Path, workdir: Path, label: str, *, pin: bool) -> Run:
    db = workdir / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    wall, rss, rc = run_child([*warta, "ingest", str(path), "--db", str(db), "--quiet"], pin=pin)
    return Run(label, path.stat().st_size, wall, rss, rc)


def measure_all(args: argparse.Namespace, workdir: Path) -> tuple[Run, list[Run]]:
    """The start-up run, then one run per shape and size (and the over-limit file)."""
    warta = warta_command(args.warta)
    tiny = workdir / "tiny.txt"
    tiny.write_text(base_text("paragraphs")[:3000], encoding="utf-8")
    startup = ingest_once(warta, tiny, workdir, "start-up (a 3 kB article)", pin=not args.no_pin)
    print(format_run(startup, startup), flush=True)
    runs = []
    for shape in args.shapes:
        for mb in args.sizes:
            path = write_article(workdir / f"{shape}.txt", shape, int(mb * 1_000_000))
            runs.append(ingest_once(warta, path, workdir, f"{shape}, {mb:g} MB", pin=not args.no_pin))
            print(format_run(runs[-1], startup), flush=True)
    if not args.no_over_limit:
        path = write_article(workdir / "over-limit.jsonl", "single-line", OVER_LIMIT_MB * 1_000_000)
        label = f"{OVER_LIMIT_MB} MB single-line .jsonl (over the limit: refused)"
        runs.append(ingest_once(warta, path, workdir, label, pin=not args.no_pin))
        print(format_run(runs[-1], startup), flush=True)
    return startup, runs


# --- output --------------------------------------------------------------------------------------------------------


def per_mb(run: Run, startup: Run) -> str:
    if run is startup or run.returncode != 0:
        return "-"
    return f"{(run.wall_s - startup.wall_s) / (run.size_bytes / 1e6):.1f}"


def cells(run: Run, startup: Run) -> list[str]:
    return [run.label, f"{run.wall_s:.2f}", per_mb(run, startup), f"{mib(run.peak_rss_bytes):.0f}", str(run.returncode)]


def format_run(run: Run, startup: Run) -> str:
    return "  ".join(f"{h}={c}" for h, c in zip(HEADER, cells(run, startup), strict=False))


def write_results(
    startup: Run, runs: Sequence[Run], command_line: str, pinned: str, path: Path, *, tag: str = ""
) -> None:
    """Add or replace this run's rows (keyed by label and tag) in the article-size section of RESULTS.md."""
    existing = report.read_section(path.read_text(encoding="utf-8"), SECTION) if path.exists() else None
    table = existing
    # A tagged run measured other code (``--warta``): the tag names it, this tree's commit does not.
    stamp = [datetime.now(UTC).strftime("%Y-%m-%d"), "-" if tag else report.git_revision()]
    for run in [startup, *runs]:
        label, *rest = cells(run, startup)
        table = report.upsert_table(table, HEADER, [f"{label} ({tag})" if tag else label, *rest, *stamp])
    body = "\n".join(
        [
            "## Article size",
            "",
            f"Last run: `{command_line}`; each row is one `warta ingest ARTICLE.txt --db bench.db --quiet`"
            f" (every stage, analysis on), pinned with `{pinned}`.",
            f"Machine: {report.machine_summary()}.",
            "Shapes: the seed articles repeated as paragraphs, as one line, or with no whitespace; `varied` is the",
            "IndoSum sample articles in a row (many people and quotations). `s/MB above start-up` is",
            "(wall − start-up wall) / size: flat when the cost is linear. Peak RSS is the child's `ru_maxrss`.",
            "Rows tagged `(before, COMMIT)` ran that commit's code (`--tag`, `--warta`), before the fixes named below.",
            "",
            str(table),
            "",
            FIXES,
        ]
    )
    report.update_section(SECTION, body, path)


# --- command line --------------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = ",".join(f"{s:g}" for s in DEFAULT_SIZES)
    parser.add_argument("--sizes", default=sizes, help=f"sizes in MB, comma-separated (default {sizes})")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of: {', '.join(SHAPES)}")
    parser.add_argument("--no-over-limit", action="store_true", help=f"leave out the {OVER_LIMIT_MB} MB over-limit run")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the ingest to one core")
    parser.add_argument("--warta", help="command that runs the CLI (default: the warta next to this Python)")
    parser.add_argument("--tag", default="", help="added to each row's label, e.g. 'before, abc1234' for another build")
    parser.add_argument("--workdir", type=Path, help="where to write the articles and database (default: a temp dir)")
    parser.add_argument("--write-results", action="store_true", help=f"update the {SECTION} section of RESULTS.md")
    parser.add_argument("--results", type=Path, default=report.RESULTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        args.sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes must be numbers of MB, e.g. 0.5,1,2")
    if not args.sizes or min(args.sizes) <= 0:
        parser.error("--sizes must be positive")
    args.shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    unknown = sorted(set(args.shapes) - set(SHAPES))
    if unknown:
        parser.error(f"unknown shapes {', '.join(unknown)} (known: {', '.join(SHAPES)})")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="article-size-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        startup, runs = measure_all(args, workdir)
    if args.write_results:
        given = argv if argv is not None else sys.argv[1:]
        command_line = shlex.join(["python", "benchmarks/article_size.py", *given])
        write_results(startup, runs, command_line, pin_prefix(not args.no_pin)[1], args.results, tag=args.tag)
        print(f"updated section '{SECTION}' in {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
