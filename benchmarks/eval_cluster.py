"""Evaluate warta's story clustering against hand-labelled stories, through the real CLI.

    python benchmarks/eval_cluster.py                                   # IndoSum sample + benchmarks/data labels
    python benchmarks/eval_cluster.py --labels src/warta/data/sample/labels.json
    python benchmarks/eval_cluster.py --labels L.tsv --corpus C.jsonl --write-results

The corpus is ingested into a throw-away database with ``warta ingest CORPUS --db DB --quiet``; the clustering is
read back with ``warta export articles --db DB --format jsonl`` (one object per article with ``id``, ``story_id``
and ``duplicate_of``). Scores are pairwise and B-cubed precision/recall/F1 (see ``metrics.py``) plus the B-cubed F1
of the all-singletons baseline, which any useful clustering must beat.

Labels are either a TSV with columns ``id<TAB>story`` (header line optional) or a JSON file with
``{"stories": {story: [ids]}, "duplicates": {copy: original}}`` like ``src/warta/data/sample/labels.json``.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(REPO))

from benchmarks import metrics, report  # noqa: E402
from benchmarks.indosum import load_records  # noqa: E402

DEFAULT_LABELS = REPO / "benchmarks" / "data" / "indosum_stories.tsv"
SECTION = "cluster"
HEADER = [
    "labels",
    "articles",
    "gold stories (multi)",
    "gold pairs",
    "pred pairs",
    "pair P",
    "pair R",
    "pair F1",
    "B³ P",
    "B³ R",
    "B³ F1",
    "singletons B³ F1",
    "date",
    "commit",
]


# --- labels and corpus -------------------------------------------------------------------------------------------


def load_labels(path: Path) -> dict[str, str]:
    """``{article id: story}`` from a ``id<TAB>story`` TSV or a ``{"stories": {...}}`` JSON file."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return metrics.labels_from_clusters(data["stories"])
    labels: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or (n == 1 and line.split("\t")[:2] == ["id", "story"]):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise ValueError(f"{path}:{n}: expected 'id<TAB>story', got {line!r}")
        if cells[0] in labels:
            raise ValueError(f"{path}:{n}: id {cells[0]!r} is labelled twice")
        labels[cells[0]] = cells[1]
    return labels


def load_gold_duplicates(path: Path) -> dict[str, str]:
    """``{copy: original}`` from a JSON labels file; TSV labels carry no duplicates."""
    if path.suffix != ".json":
        return {}
    duplicates: dict[str, str] = json.loads(path.read_text(encoding="utf-8")).get("duplicates", {})
    return duplicates


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(records: Iterable[Mapping[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def default_corpus(labels_path: Path) -> Path | None:
    """``articles.jsonl`` next to the labels if there is one (the sample corpus); None means the IndoSum sample."""
    candidate = labels_path.parent / "articles.jsonl"
    return candidate if candidate.exists() else None


# --- running warta -----------------------------------------------------------------------------------------------


def warta_command(spec: str | None = None) -> list[str]:
    """How to invoke the CLI: ``spec`` if given, else the ``warta`` next to this Python, else on PATH."""
    if spec:
        return shlex.split(spec)
    sibling = Path(sys.executable).with_name("warta")
    if sibling.exists():
        return [str(sibling)]
    found = shutil.which("warta")
    return [found] if found else [sys.executable, "-m", "warta"]


def run_cli(command: Sequence[str]) -> str:
    """Run a warta command and return its stdout; a failure raises with the command and its stderr."""
    proc = subprocess.run(list(command), capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise RuntimeError(f"`{shlex.join(command)}` exited with {proc.returncode}:\n{proc.stderr.strip()}")
    return proc.stdout


def export_articles(corpus: Path, db_path: Path, warta: Sequence[str]) -> list[dict[str, Any]]:
    """Ingest ``corpus`` into ``db_path`` and return the exported article rows."""
    run_cli([*warta, "ingest", str(corpus), "--db", str(db_path), "--quiet"])
    out = run_cli([*warta, "export", "articles", "--db", str(db_path), "--format", "jsonl"])
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def predicted_stories(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """``{id: story}`` from exported rows.

    An article without a ``story_id`` takes its original's story when it is a duplicate (following chains of
    ``duplicate_of``), and is a singleton otherwise.
    """
    story = {str(r["id"]): r.get("story_id") for r in rows}
    original = {str(r["id"]): r.get("duplicate_of") for r in rows}
    labels: dict[str, Any] = {}
    for article_id in story:
        current, seen = article_id, {article_id}
        while story.get(current) is None and original.get(current) and original[current] not in seen:
            current = str(original[current])
            seen.add(current)
        found = story.get(current)
        labels[article_id] = ("story", found) if found is not None else ("unclustered", article_id)
    return labels


def duplicate_scores(gold: Mapping[str, str], rows: Iterable[Mapping[str, Any]]) -> metrics.PRF:
    """Precision/recall of duplicate links, as unordered {copy, original} pairs (which one is 'first' may differ)."""
    predicted = {frozenset((str(r["id"]), str(r["duplicate_of"]))) for r in rows if r.get("duplicate_of")}
    expected = {frozenset(pair) for pair in gold.items()}
    correct = len(predicted & expected)
    precision = correct / len(predicted) if predicted else 1.0
    recall = correct / len(expected) if expected else 1.0
    return metrics.PRF(precision, recall, metrics.f1_score(precision, recall))


# --- evaluation --------------------------------------------------------------------------------------------------


def score(gold: Mapping[str, str], predicted: Mapping[str, Any], exported_ids: Iterable[str] = ()) -> dict[str, Any]:
    """All the numbers for one run, as a flat JSON-able dict."""
    exported = set(exported_ids) or set(predicted)
    pair = metrics.pairwise(gold, predicted)
    counts = metrics.pair_counts(gold, predicted)
    b3 = metrics.bcubed(gold, predicted)
    baseline = metrics.bcubed(gold, metrics.singletons(gold))
    gold_predicted = {k: v for k, v in predicted.items() if k in gold}
    return {
        "articles": len(gold),
        "missing_from_export": sum(1 for article_id in gold if article_id not in exported),
        "gold_stories": len(set(gold.values())),
        "gold_multi_stories": sum(n for size, n in metrics.cluster_sizes(gold).items() if size > 1),
        "predicted_stories": len(set(gold_predicted.values())) + sum(1 for a in gold if a not in predicted),
        "gold_pairs": counts.gold,
        "predicted_pairs": counts.predicted,
        "correct_pairs": counts.correct,
        "pairwise_precision": pair.precision,
        "pairwise_recall": pair.recall,
        "pairwise_f1": pair.f1,
        "bcubed_precision": b3.precision,
        "bcubed_recall": b3.recall,
        "bcubed_f1": b3.f1,
        "singletons_bcubed_f1": baseline.f1,
    }


def evaluate(
    records: Sequence[Mapping[str, Any]],
    labels: Mapping[str, Any],
    db_path: Path,
    *,
    warta: Sequence[str] | None = None,
    gold_duplicates: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Ingest ``records`` with the real CLI into ``db_path`` and score the clustering against ``labels``.

    ``records`` are dicts in warta's ingest schema. ``labels`` maps article id to gold story, or is the content of
    a labels.json (``{"stories": {story: [ids]}, "duplicates": {...}}``), whose duplicates are then scored too.
    The corpus file is written next to ``db_path``. Usable from a pytest gate, e.g.
    ``assert evaluate(records, labels, tmp_path / "w.db")["pairwise_f1"] >= 0.80``.
    """
    if isinstance(labels.get("stories"), Mapping):
        gold = metrics.labels_from_clusters(labels["stories"])
        if gold_duplicates is None:
            gold_duplicates = labels.get("duplicates")
    else:
        gold = {str(k): str(v) for k, v in labels.items()}
    corpus = db_path.with_name(db_path.stem + ".corpus.jsonl")
    write_jsonl(records, corpus)
    rows = export_articles(corpus, db_path, warta or warta_command())
    result = score(gold, predicted_stories(rows), (str(r["id"]) for r in rows))
    if gold_duplicates is not None:
        dup = duplicate_scores(gold_duplicates, rows)
        result.update(duplicate_precision=dup.precision, duplicate_recall=dup.recall, duplicate_f1=dup.f1)
    return result


# --- output ------------------------------------------------------------------------------------------------------


def format_table(name: str, result: Mapping[str, Any]) -> str:
    """Plain-text table for the terminal."""
    lines = [
        f"labels: {name}",
        f"articles {result['articles']} (missing from export: {result['missing_from_export']}), "
        f"gold stories {result['gold_stories']} ({result['gold_multi_stories']} with 2+ articles), "
        f"predicted stories {result['predicted_stories']}",
        f"pairs: gold {result['gold_pairs']}, predicted {result['predicted_pairs']}, correct {result['correct_pairs']}",
        "",
        f"{'metric':<22}{'precision':>10}{'recall':>10}{'F1':>10}",
    ]
    for label, key in (("pairwise", "pairwise"), ("B-cubed", "bcubed"), ("duplicates", "duplicate")):
        if f"{key}_f1" in result:
            p, r, f = (result[f"{key}_{m}"] for m in ("precision", "recall", "f1"))
            lines.append(f"{label:<22}{p:>10.3f}{r:>10.3f}{f:>10.3f}")
    lines.append(f"{'singletons B-cubed':<22}{'':>10}{'':>10}{result['singletons_bcubed_f1']:>10.3f}")
    return "\n".join(lines)


def results_row(name: str, result: Mapping[str, Any]) -> list[object]:
    return [
        f"`{name}`",
        result["articles"],
        f"{result['gold_stories']} ({result['gold_multi_stories']})",
        result["gold_pairs"],
        result["predicted_pairs"],
        *(f"{result[k]:.3f}" for k in ("pairwise_precision", "pairwise_recall", "pairwise_f1")),
        *(f"{result[k]:.3f}" for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1")),
        f"{result['singletons_bcubed_f1']:.3f}",
        datetime.now(UTC).strftime("%Y-%m-%d"),
        report.git_revision(),
    ]


def write_results(name: str, result: Mapping[str, Any], path: Path = report.RESULTS) -> None:
    """Add or replace this labels file's row in the ``cluster`` section of RESULTS.md."""
    existing = report.read_section(path.read_text(encoding="utf-8"), SECTION) if path.exists() else None
    body = "\n".join(
        [
            "## Story clustering",
            "",
            "`python benchmarks/eval_cluster.py --labels LABELS --write-results` (pairwise scores are over",
            "same-story pairs; B³ = B-cubed; the singletons column is the all-singletons baseline to beat).",
            "",
            report.upsert_table(existing, HEADER, results_row(name, result)),
        ]
    )
    report.update_section(SECTION, body, path)


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


# --- command line ------------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help="id<TAB>story TSV or labels.json")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="JSONL corpus (default: articles.jsonl next to the labels, else the IndoSum sample)",
    )
    parser.add_argument("--warta", help="command that runs the CLI (default: the warta next to this Python)")
    parser.add_argument("--db", type=Path, help="database to create (default: a temporary file, deleted)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON instead of a table")
    parser.add_argument("--write-results", action="store_true", help="update the cluster section of RESULTS.md")
    parser.add_argument("--results", type=Path, default=report.RESULTS, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    labels = load_labels(args.labels)
    corpus = args.corpus or default_corpus(args.labels)
    records = read_jsonl(corpus) if corpus else load_records()
    gold_duplicates = load_gold_duplicates(args.labels) or None
    warta = warta_command(args.warta)
    with tempfile.TemporaryDirectory(prefix="warta-eval-") as tmp:
        db_path = args.db or Path(tmp) / "eval.db"
        if args.db and db_path.exists():
            raise SystemExit(f"{db_path} already exists; give a new path so the evaluation starts empty")
        try:
            result = evaluate(records, labels, db_path, warta=warta, gold_duplicates=gold_duplicates)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
    name = display_name(args.labels)
    print(json.dumps({"labels": name, **result}, indent=2) if args.json else format_table(name, result))
    if args.write_results:
        write_results(name, result, args.results)
        print(f"updated section '{SECTION}' in {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
