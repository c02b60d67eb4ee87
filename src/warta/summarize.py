"""Extractive, cited story summaries.

:func:`summarize_story` picks at most ``cfg.max_sentences`` sentences, copied
verbatim from the story's articles, and cites every article that states each
chosen fact.

1. **Articles.** Sorted by (publication time, id) so the result does not depend
   on input order. Exact duplicates (same ``content_hash``) are summarised once;
   their ids are added to the citations of everything their twin states.
2. **Sentences.** Each article is split with :func:`split_sentences`. Sentences of
   fewer than four words, and headline fragments (a paragraph of one sentence
   with no closing punctuation: sub-headings, "Baca juga" links, credits) are
   left out unless nothing else is left.
3. **Facts.** Each sentence becomes a set of content-word stems, weighted by
   inverse sentence frequency within the story (shared numbers count extra).
   Sentences whose cosine similarity reaches ``cfg.paraphrase_threshold`` state
   the same fact: they are grouped greedily in lead order, a sentence joining
   the group whose members it matches best on average.
4. **Scores.** A group scores by its best member -- lead position (news puts the
   key facts first) plus centrality (cosine to the whole story's word weights)
   -- plus support (the share of the story's articles that state it).
5. **Choice.** Groups are taken best first, skipping any whose wording is a
   paraphrase of a sentence already chosen. A one-article story stops once
   about :data:`SINGLE_ARTICLE_WORDS` words are chosen (human summaries of
   single news articles run to ~60 words); a multi-article story takes up to
   ``cfg.max_sentences`` facts.
6. **Order.** Chosen sentences are printed in story order (earliest lead
   position first, then score): the summary then reads like the news it came
   from -- who/what/when first, details and reactions after -- instead of
   jumping between facts by score.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .config import SummaryConfig
from .lang.id.sentences import split_sentences
from .lang.id.stopwords import stopwords
from .lang.id.tokens import stem, words
from .records import Article, SummarySentence

__all__ = ["SINGLE_ARTICLE_WORDS", "summarize_story"]

SINGLE_ARTICLE_WORDS = 55
MIN_WORDS = 4
_FRAGMENT_MAX_WORDS = 20
_CLOSERS = frozenset(".!?…\"'”’»)]")
_LEAD_WEIGHT = 1.0
_CENTRALITY_WEIGHT = 0.5
_SUPPORT_WEIGHT = 1.0
_NUMBER_WEIGHT = 1.5
_QUOTE_PENALTY = 0.5
# A quotation: the sentence opens with a quote mark, or a quote closes before a speech verb.
_QUOTATION = re.compile(
    r"""^["“'‘]|["”’]\s*,?\s*(?:kata|ujar|tutur|ungkap|jelas|imbuh|tambah|lanjut|tegas|terang|papar|sebut)""",
    re.IGNORECASE,
)

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Doc:
    article: Article
    cites: tuple[str, ...]  # the article's id and the ids of its exact duplicates


@dataclass(frozen=True, slots=True)
class _Sentence:
    doc: int
    position: int  # index among all sentences of the article
    rank: int  # index among the article's kept sentences
    text: str
    n_words: int
    features: tuple[str, ...]

    @property
    def is_quote(self) -> bool:
        return _QUOTATION.search(self.text) is not None


def summarize_story(articles: Sequence[Article], cfg: SummaryConfig) -> tuple[SummarySentence, ...]:
    """Summarise one story (its member articles) in at most ``cfg.max_sentences`` cited sentences."""
    if not articles or cfg.max_sentences <= 0:
        return ()
    docs = _unique_docs(articles)
    sents = _sentences(docs)
    if not sents:
        return ()
    vectors = _vectors(sents)
    sim = vectors @ vectors.T
    groups = _group(sents, sim, cfg.paraphrase_threshold)
    quality = _quality(sents, vectors)
    n_docs = len(docs)

    scored: list[tuple[float, int, list[int]]] = []
    for members in groups:
        best = max(members, key=lambda i: (quality[i], -sents[i].doc, -sents[i].position))
        support = len({sents[i].doc for i in members}) - 1
        score = quality[best] + (_SUPPORT_WEIGHT * support / (n_docs - 1) if n_docs > 1 else 0.0)
        scored.append((score, best, members))
    scored.sort(key=lambda t: (-t[0], sents[t[1]].rank, sents[t[1]].doc))

    chosen: list[tuple[float, int, list[int]]] = []
    n_words = 0
    for score, best, members in scored:
        if len(chosen) >= cfg.max_sentences or (n_docs == 1 and n_words >= SINGLE_ARTICLE_WORDS):
            break
        if any(sim[best, other] >= cfg.paraphrase_threshold for _, other, _ in chosen):
            continue
        chosen.append((score, best, members))
        n_words += sents[best].n_words

    chosen.sort(key=lambda t: (min(sents[i].rank for i in t[2]), -t[0], sents[t[1]].doc))
    out: list[SummarySentence] = []
    for _, best, members in chosen:
        s = sents[best]
        cites = sorted({cid for i in members for cid in docs[sents[i].doc].cites})
        out.append(SummarySentence(text=s.text, citations=tuple(cites), article_id=docs[s.doc].article.id, position=s.position))
    return tuple(out)


def _unique_docs(articles: Sequence[Article]) -> list[_Doc]:
    """Articles in (published, id) order, one per content hash, with the ids of their duplicates."""
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id, a.content_hash))
    cites: dict[str, set[str]] = {}
    firsts: dict[str, Article] = {}
    for a in ordered:
        key = a.content_hash or f"\0{a.id}"
        firsts.setdefault(key, a)
        cites.setdefault(key, set()).add(a.id)
    return [_Doc(a, tuple(sorted(cites[key]))) for key, a in firsts.items()]


def _sentences(docs: Sequence[_Doc]) -> list[_Sentence]:
    """Every summarisable sentence of every doc; all sentences with a word if none qualifies."""
    stop = stopwords()
    stems: dict[str, str] = {}
    kept: list[_Sentence] = []
    fallback: list[_Sentence] = []
    for d, doc in enumerate(docs):
        text = doc.article.text
        title = doc.article.title.strip().casefold()
        spans = split_sentences(text)
        rank = 0
        for position, (start, end) in enumerate(spans):
            sentence = text[start:end]
            tokens = words(sentence)
            if not tokens:
                continue
            features = []
            for w in tokens:
                if len(w) > 1 and w not in stop:
                    s = stems.get(w)
                    if s is None:
                        s = stems[w] = stem(w)
                    features.append(s)
            item = _Sentence(d, position, rank, sentence, len(tokens), tuple(features))
            if len(tokens) < MIN_WORDS or _is_fragment(text, start, end, len(tokens)) or (
                position == 0 and title and sentence.casefold() == title
            ):
                if not kept:
                    fallback.append(item)
                continue
            kept.append(item)
            rank += 1
    return kept or [_Sentence(s.doc, s.position, r, s.text, s.n_words, s.features) for r, s in enumerate(fallback)]


def _is_fragment(text: str, start: int, end: int, n_words: int) -> bool:
    """A paragraph of one short sentence without closing punctuation: a sub-heading, link or credit."""
    if n_words >= _FRAGMENT_MAX_WORDS or text[end - 1] in _CLOSERS:
        return False
    before = text.rfind("\n", 0, start)
    after = text.find("\n", end)
    return not text[before + 1 : start].strip() and not text[end : len(text) if after < 0 else after].strip()


def _vectors(sents: Sequence[_Sentence]) -> Matrix:
    """L2-normalised binary tf-idf rows over content-word stems (numbers weigh extra)."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, s in enumerate(sents):
        for f in set(s.features):
            rows.append(i)
            cols.append(vocab.setdefault(f, len(vocab)))
    n = len(sents)
    matrix = np.zeros((n, max(len(vocab), 1)), dtype=np.float64)
    if not rows:
        return matrix
    r = np.asarray(rows, dtype=np.intp)
    c = np.asarray(cols, dtype=np.intp)
    df = np.bincount(c, minlength=len(vocab)).astype(np.float64)
    idf = np.log((n + 1.0) / (df + 0.5))
    boost = np.array([_NUMBER_WEIGHT if any(ch.isdigit() for ch in f) else 1.0 for f in vocab])
    matrix[r, c] = (idf * boost)[c]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    matrix /= norms
    return matrix


def _group(sents: Sequence[_Sentence], sim: Matrix, threshold: float) -> list[list[int]]:
    """Greedy average-link grouping of paraphrases, in lead order (rank, then doc)."""
    order = sorted(range(len(sents)), key=lambda i: (sents[i].rank, sents[i].doc))
    perm = np.asarray(order, dtype=np.intp)
    lead_sim = sim[np.ix_(perm, perm)]  # similarities in lead order
    label = np.empty(len(order), dtype=np.intp)  # group of order[k]
    groups: list[list[int]] = []
    counts: list[int] = []
    for k, i in enumerate(order):
        g = -1
        if k:
            row = lead_sim[k, :k]
            if float(row.max()) >= threshold:
                means = np.bincount(label[:k], weights=row, minlength=len(groups)) / np.asarray(counts)
                best = int(means.argmax())
                if means[best] >= threshold:
                    g = best
        if g < 0:
            g = len(groups)
            groups.append([])
            counts.append(0)
        groups[g].append(i)
        counts[g] += 1
        label[k] = g
    return groups


def _quality(sents: Sequence[_Sentence], vectors: Matrix) -> list[float]:
    """Per sentence: lead-position score plus centrality to the story's word weights."""
    centroid = vectors.sum(axis=0)
    norm = float(np.linalg.norm(centroid))
    centrality = vectors @ (centroid / norm) if norm > 0.0 else np.zeros(len(sents))
    return [
        _LEAD_WEIGHT * _lead(s.rank)
        + _CENTRALITY_WEIGHT * float(centrality[i])
        - (_QUOTE_PENALTY if s.is_quote else 0.0)
        for i, s in enumerate(sents)
    ]


def _lead(rank: int) -> float:
    return math.exp(-rank / 3.0)
