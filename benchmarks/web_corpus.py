"""A corpus of ≥ 50,000 articles shaped like a news archive, for the web benchmark (``web_latency.py``).

    python benchmarks/web_corpus.py --out /tmp/webbench/corpus.jsonl           # 50,050 articles
    .venv/bin/warta ingest /tmp/webbench/corpus.jsonl --db /tmp/webbench/bench.db --quiet

``benchmarks/ingest.py``'s copies are near duplicates of their original, so all 70 copies of an article join one
story: stories of 70 articles, whose comparison ingest recomputes at every batch (that corpus ingests at ~5
articles/s once stories are that big). Here each of the 715 IndoSum articles is told ``--generations`` times, weeks
apart, each time as a different version (a third of its lines dropped, the rest in another order), and every version
is reported by ``--per-story`` outlets as lightly edited copies a day or two apart: stories of about seven articles
from seven outlets, as a wire story is, ten per source article.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.ingest import perturb_text, read_source  # noqa: E402

OUTLETS = (
    "kompas.com",
    "detik.com",
    "tempo.co",
    "antaranews.com",
    "cnnindonesia.com",
    "republika.co.id",
    "liputan6.com",
    "tribunnews.com",
)
WEEKS_APART = 5  # versions of one article lie further apart than clustering's window


def shifted(published: str | None, days: float) -> str | None:
    if not published:
        return published
    moved = datetime.fromisoformat(published) + timedelta(days=days)
    return moved.date().isoformat() if len(published) == 10 else moved.isoformat()


def version(record: Mapping[str, Any], generation: int, rng: random.Random) -> dict[str, Any]:
    """Another telling of ``record``: its first line kept, a third of the others dropped, the rest shuffled."""
    lines = [line for line in str(record["text"]).split("\n") if line.strip()]
    head, rest = lines[:1], lines[1:]
    keep = [line for line in rest if rng.random() >= 1 / 3] or rest[:1]
    rng.shuffle(keep)
    told = dict(record)
    told["id"] = f"{record['id']}-v{generation}"
    told["text"] = "\n".join(head + keep)
    told["published"] = shifted(record.get("published"), -7 * WEEKS_APART * generation)
    return told


def build(
    records: Sequence[Mapping[str, Any]], *, generations: int, per_story: int, seed: int = 0
) -> Iterator[dict[str, Any]]:
    """Generation by generation, every source article's version and its outlets' copies."""
    rng = random.Random(seed)
    for generation in range(generations):
        for record in records:
            base = version(record, generation, rng)
            for k in range(per_story):
                copy = dict(base)
                copy["id"] = f"{base['id']}-{k}"
                copy["source"] = OUTLETS[k % len(OUTLETS)]
                copy["published"] = shifted(base.get("published"), rng.choice((0, 0, 1, 1, 2)))
                if k:
                    copy["text"] = perturb_text(str(base["text"]), rng)
                if record.get("url"):
                    copy["url"] = f"https://{copy['source']}/read/{copy['id']}"
                yield copy


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="JSON Lines file to write")
    parser.add_argument("--generations", type=int, default=10, help="versions of each source article (default 10)")
    parser.add_argument("--per-story", type=int, default=7, help="outlets reporting each version (default 7)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    records = read_source(None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with args.out.open("w", encoding="utf-8") as out:
        for article in build(records, generations=args.generations, per_story=args.per_story, seed=args.seed):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
            n += 1
    print(f"wrote {n:,} articles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
