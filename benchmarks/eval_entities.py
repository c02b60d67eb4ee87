"""Score the entity list warta shows for a story against hand-labelled entities, through the real CLI.

    .venv/bin/python benchmarks/eval_entities.py [--data DIR] [--show] [--json] [--write-results]

``DIR`` (default ``benchmarks/entity_data``) holds ``articles.jsonl`` (the ingest schema) and ``labels.json``
(``{article id: [{"name", "type", "variants", "roles"}, ...]}``, see its README). Each article is ingested
alone into a throw-away database (``warta ingest FILE --db DB --quiet``), so it is a one-article story; the
story's id comes from ``warta stories --db DB --format json`` and its entities from
``warta show ID --db DB --format json`` (each ``{"id", "name", "type", "variants", "roles", "articles"}``).

A predicted entry matches a gold entity when one of its variants (or its name) equals one of the gold
variants, case-insensitively after collapsing whitespace. Summed over articles:

- *precision*: predicted entries matching some gold entity / predicted entries;
- *recall*: gold entities matched by some entry / gold entities (also per gold type);
- *type accuracy*: matched entries whose type is the type of a gold entity they match / matched entries;
- *split rate*: gold entities matched by two or more entries / gold entities matched (one entity shown twice);
- *merged entries*: entries matching two or more gold entities (two entities shown as one);
- *role recall*: gold people with roles whose matching entries carry a role that contains, or is contained in,
  one of the gold roles (case-insensitive) / gold people with roles.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(REPO))

from benchmarks import report  # noqa: E402
from benchmarks.eval_cluster import read_jsonl, run_cli, warta_command, write_jsonl  # noqa: E402

DATA = REPO / "benchmarks" / "entity_data"
SECTION = "entities"
TYPES = ("PER", "ORG", "LOC")
HEADER = (
    "data",
    "articles",
    "gold (PER/ORG/LOC)",
    "predicted",
    "P",
    "R",
    "F1",
    "R PER",
    "R ORG",
    "R LOC",
    "type acc",
    "split rate",
    "merged",
    "role R",
    "date",
    "commit",
)


def norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


# --- running warta -----------------------------------------------------------------------------------------------


def predict(record: Mapping[str, Any], workdir: Path, warta: Sequence[str]) -> list[dict[str, Any]]:
    """The entity list of the story ``record`` makes when ingested alone into a fresh database."""
    corpus = workdir / "article.jsonl"
    db = workdir / "entities.db"
    write_jsonl([record], corpus)
    run_cli([*warta, "ingest", str(corpus), "--db", str(db), "--quiet"])
    stories = json.loads(run_cli([*warta, "stories", "--db", str(db), "--format", "json"]) or "[]")
    if not stories:
        return []
    shown = json.loads(run_cli([*warta, "show", str(stories[0]["id"]), "--db", str(db), "--format", "json"]))
    entities: list[dict[str, Any]] = shown.get("entities") or []
    return entities


def predict_all(
    records: Sequence[Mapping[str, Any]], warta: Sequence[str], jobs: int = 1
) -> dict[str, list[dict[str, Any]]]:
    def one(record: Mapping[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        with tempfile.TemporaryDirectory(prefix="warta-entities-") as tmp:
            return str(record["id"]), predict(record, Path(tmp), warta)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return dict(pool.map(one, records))


# --- scoring -----------------------------------------------------------------------------------------------------


@dataclass
class ArticleScore:
    gold: list[dict[str, Any]]
    predicted: list[dict[str, Any]]
    matches: list[set[int]] = field(default_factory=list)  # per predicted entry: indices of gold entities matched

    @property
    def matched_gold(self) -> Counter[int]:
        """Gold index -> number of predicted entries matching it."""
        return Counter(g for m in self.matches for g in m)


def match(gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]) -> ArticleScore:
    by_variant: dict[str, set[int]] = {}
    for i, entity in enumerate(gold):
        for variant in [entity["name"], *entity.get("variants", [])]:
            by_variant.setdefault(norm(variant), set()).add(i)
    matches = []
    for entry in predicted:
        forms = {norm(v) for v in [entry.get("name", ""), *(entry.get("variants") or [])] if str(v).strip()}
        matches.append(set().union(*(by_variant.get(f, set()) for f in forms)))
    return ArticleScore([dict(g) for g in gold], [dict(p) for p in predicted], matches)


def roles_agree(predicted_roles: Iterable[str], gold_roles: Iterable[str]) -> bool:
    gold = [norm(r) for r in gold_roles if str(r).strip()]
    for role in predicted_roles:
        r = norm(role)
        if r and any(r in g or g in r for g in gold):
            return True
    return False


def totals(scores: Mapping[str, ArticleScore]) -> dict[str, Any]:
    c: Counter[str] = Counter()
    for s in scores.values():
        hits = s.matched_gold
        c["articles"] += 1
        c["gold"] += len(s.gold)
        c["predicted"] += len(s.predicted)
        c["predicted_matched"] += sum(1 for m in s.matches if m)
        c["merged"] += sum(1 for m in s.matches if len(m) > 1)
        c["gold_matched"] += len(hits)
        c["split"] += sum(1 for n in hits.values() if n > 1)
        for entry, m in zip(s.predicted, s.matches, strict=True):
            if m:
                c["type_correct"] += entry.get("type") in {s.gold[g]["type"] for g in m}
        for i, entity in enumerate(s.gold):
            c[f"gold_{entity['type']}"] += 1
            c[f"matched_{entity['type']}"] += i in hits
            if entity["type"] == "PER" and entity.get("roles"):
                c["role_gold"] += 1
                entries = [e for e, m in zip(s.predicted, s.matches, strict=True) if i in m]
                c["role_found"] += any(roles_agree(e.get("roles") or [], entity["roles"]) for e in entries)

    def ratio(a: str, b: str) -> float:
        return c[a] / c[b] if c[b] else 0.0

    precision, recall = ratio("predicted_matched", "predicted"), ratio("gold_matched", "gold")
    return {
        **{k: c[k] for k in ("articles", "gold", "predicted", "predicted_matched", "gold_matched", "merged")},
        **{f"gold_{t}": c[f"gold_{t}"] for t in TYPES},
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        **{f"recall_{t}": ratio(f"matched_{t}", f"gold_{t}") for t in TYPES},
        "type_accuracy": ratio("type_correct", "predicted_matched"),
        "split_rate": ratio("split", "gold_matched"),
        "split": c["split"],
        "role_recall": ratio("role_found", "role_gold"),
        "role_gold": c["role_gold"],
        "role_found": c["role_found"],
    }


# --- output ------------------------------------------------------------------------------------------------------


def describe(entry: Mapping[str, Any]) -> str:
    variants = [v for v in entry.get("variants") or [] if v != entry.get("name")]
    roles = entry.get("roles") or []
    text = f"{entry.get('name')} [{entry.get('type')}]"
    if variants:
        text += " = " + " | ".join(variants)
    if roles:
        text += "  roles: " + "; ".join(roles)
    return text


def show_errors(scores: Mapping[str, ArticleScore]) -> None:
    for article_id, s in scores.items():
        hits = s.matched_gold
        lines = [f"  + {describe(e)}" for e, m in zip(s.predicted, s.matches, strict=True) if not m]
        lines += [f"  - {describe(g)}" for i, g in enumerate(s.gold) if i not in hits]
        for e, m in zip(s.predicted, s.matches, strict=True):
            if m and e.get("type") not in {s.gold[g]["type"] for g in m}:
                lines.append(f"  ~ type {describe(e)} (gold {'/'.join(sorted({s.gold[g]['type'] for g in m}))})")
            if len(m) > 1:
                lines.append(f"  & merged {describe(e)} <- {', '.join(s.gold[g]['name'] for g in sorted(m))}")
        for i, n in hits.items():
            if n > 1:
                parts = [e.get("name", "") for e, m in zip(s.predicted, s.matches, strict=True) if i in m]
                lines.append(f"  / split {s.gold[i]['name']} -> {' | '.join(parts)}")
            entity = s.gold[i]
            if entity["type"] == "PER" and entity.get("roles"):
                entries = [e for e, m in zip(s.predicted, s.matches, strict=True) if i in m]
                if not any(roles_agree(e.get("roles") or [], entity["roles"]) for e in entries):
                    got = sorted({r for e in entries for r in e.get("roles") or []})
                    lines.append(f"  ? role {entity['name']}: gold {entity['roles']}, got {got}")
        print(f"{article_id}  (gold {len(s.gold)}, predicted {len(s.predicted)})")
        print("\n".join(lines) if lines else "  (no errors)")
    print("legend: + unmatched prediction, - missed gold, ~ wrong type, & one entry for several gold entities,")
    print("        / one gold entity shown as several entries, ? person's roles not found")


def results_row(name: str, t: Mapping[str, Any]) -> list[object]:
    return [
        f"`{name}`",
        t["articles"],
        f"{t['gold']} ({'/'.join(str(t[f'gold_{x}']) for x in TYPES)})",
        t["predicted"],
        f"{t['precision']:.3f}",
        f"{t['recall']:.3f}",
        f"{t['f1']:.3f}",
        *(f"{t[f'recall_{x}']:.3f}" for x in TYPES),
        f"{t['type_accuracy']:.3f}",
        f"{t['split_rate']:.3f}",
        t["merged"],
        f"{t['role_recall']:.3f}",
        date.today().isoformat(),
        report.git_revision(),
    ]


def write_results(name: str, t: Mapping[str, Any], path: Path = report.RESULTS) -> None:
    existing = report.read_section(path.read_text(encoding="utf-8"), SECTION) if path.exists() else None
    body = "\n".join(
        [
            "## Story entity lists",
            "",
            "`python benchmarks/eval_entities.py --write-results` (`--show` lists the errors per article)",
            "",
            "Each hand-labelled article (`benchmarks/entity_data/`, 15 IndoSum articles, CC BY-SA 4.0) is ingested",
            "alone and the entity list of `warta show` is scored against its gold people, organisations and",
            "places. An entry matches a gold entity when one of its variants equals a gold variant (case and",
            "spacing ignored). *P*: entries matching a gold entity; *R*: gold entities found (also per type);",
            "*type acc*: matched entries of the right type; *split rate*: found entities shown as 2+ entries;",
            "*merged*: entries standing for 2+ gold entities; *role R*: gold people with roles whose entry has a",
            "role containing or contained in a gold role. These articles were labelled to develop against.",
            "Before the entity repairs of issue 9 (commit 58fcda5, same command with `--warta` set to it): P 0.888,",
            "R 0.914, type acc 0.923, split rate 0.178 (36/202), role R 0.388 (19/49).",
            "",
            report.upsert_table(existing, HEADER, results_row(name, t)),
        ]
    )
    report.update_section(SECTION, body, path)


def format_table(name: str, t: Mapping[str, Any]) -> str:
    by_type = ", ".join(f"{x} {t['gold_' + x]}" for x in TYPES)
    lines = [
        f"data: {name}",
        f"articles {t['articles']}, gold entities {t['gold']} ({by_type}), predicted entries {t['predicted']}",
        "",
        f"{'metric':<34}{'value':>8}  counts",
        f"{'precision':<34}{t['precision']:>8.3f}  {t['predicted_matched']}/{t['predicted']} entries",
        f"{'recall':<34}{t['recall']:>8.3f}  {t['gold_matched']}/{t['gold']} gold",
        f"{'F1':<34}{t['f1']:>8.3f}",
    ]
    for x in TYPES:
        lines.append(f"{'recall ' + x:<34}{t[f'recall_{x}']:>8.3f}")
    lines += [
        f"{'type accuracy (matched entries)':<34}{t['type_accuracy']:>8.3f}",
        f"{'split rate (found, 2+ entries)':<34}{t['split_rate']:>8.3f}  {t['split']}/{t['gold_matched']}",
        f"{'merged entries (2+ gold)':<34}{t['merged']:>8d}",
        f"{'person-role recall':<34}{t['role_recall']:>8.3f}  {t['role_found']}/{t['role_gold']} people with roles",
    ]
    return "\n".join(lines)


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


# --- command line ------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA, help="folder with articles.jsonl and labels.json")
    parser.add_argument("--warta", help="command that runs the CLI (default: the warta next to this Python)")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="articles run at once")
    parser.add_argument("--show", action="store_true", help="print unmatched entries and missed gold per article")
    parser.add_argument("--json", action="store_true", help="print the totals as JSON instead of a table")
    parser.add_argument("--write-results", action="store_true", help="update the entities section of RESULTS.md")
    parser.add_argument("--results", type=Path, default=report.RESULTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    labels: dict[str, list[dict[str, Any]]] = json.loads((args.data / "labels.json").read_text(encoding="utf-8"))
    records = [r for r in read_jsonl(args.data / "articles.jsonl") if str(r["id"]) in labels]
    missing = sorted(set(labels) - {str(r["id"]) for r in records})
    if missing:
        print(f"labelled but not in articles.jsonl: {', '.join(missing)}", file=sys.stderr)
        return 1
    try:
        predicted = predict_all(records, warta_command(args.warta), args.jobs)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    scores = {str(r["id"]): match(labels[str(r["id"])], predicted[str(r["id"])]) for r in records}
    result = totals(scores)
    name = display_name(args.data)
    if args.show:
        show_errors(scores)
        print()
    print(json.dumps({"data": name, **result}, indent=2) if args.json else format_table(name, result))
    print()
    print(report.markdown_row(HEADER))
    print(report.markdown_row(results_row(name, result)))
    if args.write_results:
        write_results(name, result, args.results)
        print(f"updated section '{SECTION}' in {display_name(args.results)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
