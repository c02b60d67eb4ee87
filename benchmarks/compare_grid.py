"""Try settings of ``warta.compare``'s module constants on the comparison dev set.

    .venv/bin/python benchmarks/compare_grid.py --set _MEANING_WEIGHT=0,0.1,0.2 --set _MEANING_LOW=0.2,0.3

Every combination of the given values (a cartesian product) is set on :mod:`warta.compare` and scored
with ``eval_compare.py``'s in-process predictor, one row per combination and split: fact pairs
P / R / F1, single-source precision, conflicts P / R. Choose on the **tune** split; the check split
is printed to see whether a choice holds up, not to choose by.
"""

from __future__ import annotations

import argparse
import ast
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import eval_compare  # noqa: E402


def parse_setting(text: str) -> tuple[str, list[object]]:
    name, _, values = text.partition("=")
    if not name or not values:
        raise argparse.ArgumentTypeError(f"expected NAME=V1,V2,...: {text!r}")
    return name.strip(), [ast.literal_eval(v.strip()) for v in values.split(",")]


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "n/a"


def row(split: str, total: eval_compare.Counts) -> str:
    p = total.fact_tp / total.fact_pred if total.fact_pred else 0.0
    r = total.fact_tp / total.fact_gold if total.fact_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return (
        f"{split} fact P/R/F1 {p:.3f}/{r:.3f}/{f1:.3f}  single P {_ratio(total.single_tp, total.single_pred)}"
        f"  conflicts P/R {_ratio(total.conf_tp, total.conf_pred)}/{_ratio(total.conf_found, total.conf_gold)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=parse_setting, action="append", default=[], help="NAME=V1,V2,...")
    parser.add_argument("--data", type=Path, default=eval_compare.DATA)
    args = parser.parse_args(argv)
    from warta import compare

    for name, _ in args.set:
        if not hasattr(compare, name):
            parser.error(f"warta.compare has no {name}")
    raws = eval_compare.read_stories(args.data)
    golds = {s: [eval_compare.load_gold(r) for r in raws if r["split"] == s] for s in eval_compare.SPLITS}
    names = [n for n, _ in args.set]
    for values in itertools.product(*(v for _, v in args.set)):
        for name, value in zip(names, values, strict=True):
            setattr(compare, name, value)
        label = " ".join(f"{n}={v}" for n, v in zip(names, values, strict=True)) or "(as is)"
        for split, stories in golds.items():
            total, _ = eval_compare.run_split(stories, lambda g: eval_compare.predict_in_process(g, None))
            print(f"{label}  {row(split, total)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
