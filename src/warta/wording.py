"""Sentence vectors distilled from multilingual-e5-small: one vector per e5 piece.

e5's sentence embeddings see that two sentences say one thing in other words, but running the encoder
costs ~54 ms a sentence on one core. ``scripts/build_piece_vectors.py`` fits a linear model that predicts
a sentence's e5 embedding from the mean of its e5 pieces (ridge regression over unlabelled Indonesian
news; the table ships in ``data/piece_vectors.npz``, about 4 MB). Here a sentence's vector is that
mean: a tokenizer pass (e5's SentencePiece unigram scores, restricted to the table's pieces) and a
table lookup.

    table = PieceVectors.load()
    table.similarities(["Marquez menorehkan putaran tercepat.", "Marquez mencatatkan waktu terbaik."])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .errors import ModelError
from .ner.encoder import Tokenizer

TABLE_NAME = "piece_vectors.npz"


def split_words(text: str) -> list[str]:
    """Words as SentencePiece sees them: runs of non-space characters."""
    return text.split()


@dataclass(frozen=True, eq=False)
class PieceVectors:
    """A vector per e5 piece and the tokenizer over those pieces."""

    tokenizer: Tokenizer
    vectors: np.ndarray  # (pieces, dims), float32

    @classmethod
    def load(cls, path: Path | None = None) -> PieceVectors:
        return _load_cached(str(path) if path else None)

    def sentence_vector(self, text: str) -> np.ndarray:
        """The mean of the text's piece vectors, as a unit vector (zero when no piece is known)."""
        return _sentence_vector(self, text)

    def similarities(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of every two texts' vectors."""
        if not texts:
            return np.zeros((0, 0))
        matrix = np.stack([self.sentence_vector(t) for t in texts])
        out: np.ndarray = (matrix @ matrix.T).astype(np.float64)
        return out


@lru_cache(maxsize=4)
def _load_cached(path: str | None) -> PieceVectors:
    try:
        if path is None:
            with resources.files("warta").joinpath("data", TABLE_NAME).open("rb") as fh:
                data = dict(np.load(fh))
        else:
            data = dict(np.load(path))
        pieces = [str(p) for p in data["pieces"]]
        scores = np.asarray(data["scores"], dtype=np.float32)
        vectors = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"{path or TABLE_NAME}: cannot read the piece-vector table: {exc}") from exc
    if len(pieces) != len(vectors) or len(scores) != len(pieces):
        raise ModelError(f"{path or TABLE_NAME}: pieces, scores and vectors differ in length")
    tokenizer = Tokenizer({p: i for i, p in enumerate(pieces)}, scores, {}, unk=-1)
    return PieceVectors(tokenizer, vectors)


@lru_cache(maxsize=20_000)
def _sentence_vector(table: PieceVectors, text: str) -> np.ndarray:
    # Cached: a story is compared again each time it grows, and its statements stay the same.
    ids = [i for w in split_words(text) for i in table.tokenizer.ids(w) if i >= 0]
    if not ids:
        return np.zeros(table.vectors.shape[1], dtype=np.float32)
    mean = table.vectors[ids].mean(axis=0)
    norm = float(np.linalg.norm(mean))
    out: np.ndarray = mean / norm if norm > 0 else mean
    return out
