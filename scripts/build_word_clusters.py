"""Build the word clusters used as CRF NER features (``src/warta/data/ner/clusters.tsv``).

Unlabeled text: the IndoSum sample articles (``../shared/data/corpus/``, CC BY-SA 4.0, Kurniawan & Louvan,
IALP 2018) plus the tokens (text only, no tags) of the **training** splits of idner-news-2k, NER-UI
(``train.01``) and NERGrit. NERP's train split is left out: it shares sentences with idner-news-2k, whose
test split is kept back. No dev or test split is read.

Words are lower-cased. Each word with frequency >= ``--min-count`` gets a vector from its +-2-word
co-occurrence counts (PPMI with context-distribution smoothing 0.75, sparse), reduced with TruncatedSVD,
L2-normalised, and clustered with MiniBatchKMeans at each granularity (default 64, 256, 1024). Fixed seeds:
the output is deterministic for the same input and library versions.

    .venv/bin/python scripts/build_word_clusters.py        # writes src/warta/data/ner/clusters.tsv
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from warta.ner.conll import read_conll  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
INDOSUM = SHARED / "corpus" / "indosum-dev02-sample" / "dev.02.sample.jsonl"
NER_TRAIN = (
    "idner-news-2k/train.txt",
    "indolem-nerui/train.01.tsv",
    "nergrit/train_preprocess.txt",
)
OUT = REPO / "src" / "warta" / "data" / "ner" / "clusters.tsv"
WINDOW = 2


def sentences() -> Iterator[list[str]]:
    with INDOSUM.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                for para in row["paragraphs"]:
                    for sent in para:
                        yield [t.strip().lower() for t in sent if t.strip()]
    for rel in NER_TRAIN:
        for s in read_conll(SHARED / "ner" / rel):
            yield [t.lower() for t in s.tokens]


def build(min_count: int, dims: int, ks: list[int], seed: int) -> tuple[list[str], np.ndarray]:
    sents = list(sentences())
    counts = Counter(t for s in sents for t in s)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    for s in sents:
        ids = [index.get(t, -1) for t in s]
        n = len(ids)
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for j in range(max(0, i - WINDOW), min(n, i + WINDOW + 1)):
                if j != i and ids[j] >= 0:
                    rows.append(a)
                    cols.append(ids[j])
    v = len(vocab)
    cooc = sparse.coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(v, v)).tocsr()
    cooc.sum_duplicates()
    total = cooc.sum()
    row_sum = np.asarray(cooc.sum(axis=1)).ravel()
    ctx = np.asarray(cooc.sum(axis=0)).ravel() ** 0.75
    ctx_p = ctx / ctx.sum()
    coo = cooc.tocoo()
    pmi = np.log((coo.data / total) / ((row_sum[coo.row] / total) * ctx_p[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(v, v))
    vecs = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(ppmi)
    vecs = normalize(vecs)
    labels = []
    for k in ks:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3, max_iter=100)
        labels.append(km.fit_predict(vecs))
    print(
        f"{len(sents)} sentences, {sum(counts.values())} tokens, {v} words with count >= {min_count}", file=sys.stderr
    )
    return vocab, np.stack(labels, axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--k", default="64,256,1024", help="cluster counts, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    ks = [int(k) for k in args.k.split(",")]
    t0 = time.perf_counter()
    vocab, labels = build(args.min_count, args.dims, ks, args.seed)
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("#word\t" + "\t".join(f"c{k}" for k in ks) + "\n")
        for w, row in zip(vocab, labels, strict=True):
            if "\t" in w or "\n" in w or not w:
                continue
            fh.write(w + "\t" + "\t".join(str(int(c)) for c in row) + "\n")
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({len(vocab)} words, {size / 1e6:.2f} MB) in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
