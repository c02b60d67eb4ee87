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
3. **Facts.** Each sentence becomes a set of content-word stems (stop words
   out, light stemming so "melaporkan"/"dilaporkan" meet), each weighted by
   sqrt(inverse sentence frequency within the story), names (capitalised
   inside the sentence) x2 and numbers x1.5: two reports of one fact share
   names and figures even when their verbs differ. Sentences whose cosine
   similarity reaches ``cfg.paraphrase_threshold`` state the same fact: they
   are grouped greedily in lead order, a sentence joining the group whose
   members it matches best on average (average link: no chaining of facts).
   On the seed pair (two outlets, one event) 0.45 merges the Putin-letter,
   meeting and Kirby sentences (0.53-0.79) while the closest different facts
   score <= 0.40.
4. **Scores.** A sentence scores lead position (exp(-rank/3): news puts the key
   facts first) plus a little centrality (cosine to the story's centroid, each
   article weighing the same), minus a penalty for quotations (human
   summaries report facts, rarely quotes). A group scores by its best member
   plus support: the share of the story's other articles that state it (with
   the story's comparison: the independent sources that state its fact, so a
   corroborated fact outranks one outlet's many articles).
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .config import SummaryConfig
from .entities import country_names, fold
from .lang.id.sentences import split_sentences
from .lang.id.stopwords import stopwords
from .lang.id.tokens import stem, tokens
from .records import Article, SummarySentence

__all__ = [
    "SINGLE_ARTICLE_WORDS",
    "Vectors",
    "cosine_similarities",
    "feature_vectors",
    "is_fragment",
    "summarize_story",
    "term_feature",
]

SINGLE_ARTICLE_WORDS = 55
MIN_WORDS = 4
_FRAGMENT_MAX_WORDS = 20
_CLOSERS = frozenset(".!?…\"'”’»)]")
_LEAD_WEIGHT = 1.0
_LEAD_DECAY = 3.0  # lead score exp(-rank / decay): 1, 0.72, 0.51, 0.37, ...
_CENTRALITY_WEIGHT = 0.2
_SUPPORT_WEIGHT = 1.0
_NUMBER_WEIGHT = 1.5
_NAME_WEIGHT = 2.0
_IDF_POWER = 0.5
_QUOTE_PENALTY = 0.5
_BACKGROUND_PENALTY = 0.5
_MAX_SENTENCES = 1000  # a huge story is cut to its 1000 most lead-ward sentences (memory ~ n^2)
_DENSE_COST = 1000  # a dense product costs ~1/1000 of a pair-by-pair product per multiply-add
# A quotation: the sentence opens with a quote mark, or a quote closes before a speech verb.
_QUOTATION = re.compile(
    r"""^["“'‘]|["”’]\s*,?\s*(?:kata|ujar|tutur|ungkap|jelas|imbuh|tambah|lanjut|tegas|terang|papar|sebut)""",
    re.IGNORECASE,
)

Matrix = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]


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
    features: dict[str, float]  # content-word stem -> weight before idf (names and numbers weigh more)


@dataclass(frozen=True, slots=True)
class Vectors:
    matrix: Matrix  # one unit-length row per sentence
    rows: Index  # the matrix's non-zero entries: row, column, value
    cols: Index
    values: Matrix


def summarize_story(
    articles: Sequence[Article],
    cfg: SummaryConfig,
    facts: Mapping[tuple[str, int], tuple[str, float, bool]] | None = None,
) -> tuple[SummarySentence, ...]:
    """Summarise one story (its member articles) in at most ``cfg.max_sentences`` cited sentences.

    ``facts`` (from the story's comparison) gives, for an (article id, sentence index), its fact,
    how many independent sources state it and whether it is background: sentences are then grouped
    by fact, a fact two outlets state outranks one only one outlet states (however many articles
    that outlet wrote), and background (history, context) ranks last.
    """
    if not articles or cfg.max_sentences <= 0:
        return ()
    docs = _unique_docs(articles)
    sents = _sentences(docs)
    if not sents:
        return ()
    vectors = feature_vectors([s.features for s in sents])
    sim = cosine_similarities(vectors)
    threshold = cfg.paraphrase_threshold
    groups = _group(sim, threshold) if facts is None else _by_fact(sents, docs, facts)
    quality = _quality(sents, vectors.matrix, len(docs))
    n_docs = len(docs)

    scored: list[tuple[float, int, list[int]]] = []
    for members in groups:
        best = max(members, key=lambda i: (quality[i], -sents[i].doc, -sents[i].position))
        support = float(len({sents[i].doc for i in members}) - 1)
        penalty = 0.0
        if facts is not None:
            known = [facts.get((docs[sents[i].doc].article.id, sents[i].position), ("", 1.0, False)) for i in members]
            support = max(n for _, n, _ in known) - 1
            penalty = _BACKGROUND_PENALTY if all(background for _, _, background in known) else 0.0
        score = quality[best] + (_SUPPORT_WEIGHT * support / (n_docs - 1) if n_docs > 1 else 0.0) - penalty
        scored.append((score, best, members))
    scored.sort(key=lambda t: (-t[0], sents[t[1]].rank, sents[t[1]].doc, sents[t[1]].position))

    chosen: list[tuple[float, int, list[int]]] = []
    n_words = 0
    for score, best, members in scored:
        if len(chosen) >= cfg.max_sentences or (n_docs == 1 and n_words >= SINGLE_ARTICLE_WORDS):
            break
        if any(sim[best, other] >= threshold for _, other, _ in chosen):
            continue  # states a fact already chosen
        chosen.append((score, best, members))
        n_words += sents[best].n_words

    chosen.sort(key=lambda t: (min(sents[i].rank for i in t[2]), -t[0], sents[t[1]].doc, sents[t[1]].position))
    out: list[SummarySentence] = []
    for _, best, members in chosen:
        s = sents[best]
        cites = sorted({cid for i in members for cid in docs[sents[i].doc].cites})
        out.append(SummarySentence(s.text, tuple(cites), docs[s.doc].article.id, s.position))
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
    """Every summarisable sentence of every doc, in lead order (rank, doc).

    When no sentence qualifies, every sentence with a word is returned instead.
    """
    stop = stopwords()
    cache: dict[str, tuple[str, float]] = {}  # token -> (stem, weight); stop words -> ("", 0)
    kept: list[_Sentence] = []
    fallback: list[_Sentence] = []
    for d, doc in enumerate(docs):
        text = doc.article.text
        # A given title repeated as the first line is a headline, not a sentence of the story.
        title = "" if doc.article.title_derived else doc.article.title.strip().casefold()
        rank = 0
        skipped: list[_Sentence] = []
        for position, (start, end) in enumerate(split_sentences(text)):
            sentence = text[start:end]
            toks = tokens(sentence)
            if not toks:
                continue
            toks[0] = toks[0].lower()  # a capital at the start of a sentence does not make a name
            for tok in set(toks).difference(cache):
                cache[tok] = term_feature(tok, stop)
            features = dict(map(cache.__getitem__, toks))  # a repeated stem keeps its last weight
            features.pop("", None)
            if (
                len(toks) < MIN_WORDS
                or is_fragment(text, start, end, len(toks))
                or (position == 0 and title and sentence.casefold() == title)
            ):
                skipped.append(_Sentence(d, position, len(skipped), sentence, len(toks), features))
            else:
                kept.append(_Sentence(d, position, rank, sentence, len(toks), features))
                rank += 1
        fallback.extend(skipped)
    result = kept or fallback
    result.sort(key=lambda s: (s.rank, s.doc))
    return result[:_MAX_SENTENCES]


def term_feature(token: str, stop: frozenset[str]) -> tuple[str, float]:
    """A token's feature and weight: numbers and (capitalised) names weigh more; stop words weigh 0."""
    word = token.lower()
    if len(word) < 2 or word in stop:
        return "", 0.0
    if not word.isalpha() and any(c.isdigit() for c in word):
        return word, _NUMBER_WEIGHT
    if token[0].isupper():
        # Names as entities: "Sergey"/"Sergei" and "China"/"Tiongkok"/"Cina" are one feature.
        key = fold(word)
        code = country_names().get(key)
        return (f"@{code}" if code else key), _NAME_WEIGHT
    return stem(word), 1.0


def is_fragment(text: str, start: int, end: int, n_words: int) -> bool:
    """A paragraph of one short sentence without closing punctuation: a sub-heading, link or credit."""
    if n_words >= _FRAGMENT_MAX_WORDS or text[end - 1] in _CLOSERS:
        return False
    before = text.rfind("\n", 0, start)
    after = text.find("\n", end)
    return not text[before + 1 : start].strip() and not text[end : len(text) if after < 0 else after].strip()


def feature_vectors(features: Sequence[dict[str, float]], min_rows: int = 0) -> Vectors:
    """Unit-length rows: (kind weight) x idf**_IDF_POWER over content-word stems.

    idf is the inverse sentence frequency within the story, so the words every
    sentence repeats (the story's main names) count little when deciding
    whether two sentences state the same fact. Only stems found in two or more
    sentences get a column (the others cannot add to any dot product between
    sentences), but every stem counts in a row's length. ``min_rows`` counts a short
    story as if it had that many sentences, so that two sentences sharing a word in
    a story of three do not make the word common.
    """
    n = len(features)
    vocab: dict[str, int] = {}
    ids: list[int] = []
    weights: list[float] = []
    lengths: list[int] = []
    for terms in features:
        ids.extend(vocab.setdefault(f, len(vocab)) for f in terms)
        weights.extend(terms.values())
        lengths.append(len(terms))
    col = np.asarray(ids, dtype=np.intp)
    row = np.repeat(np.arange(n, dtype=np.intp), lengths)
    df = np.bincount(col, minlength=len(vocab))
    rows_for_idf = max(n, min_rows)  # a handful of sentences says little about which words are rare
    values = np.asarray(weights, dtype=np.float64) * (np.log((rows_for_idf + 1.0) / (df + 0.5)) ** _IDF_POWER)[col]
    norms = np.sqrt(np.bincount(row, weights=values * values, minlength=n))
    norms[norms == 0.0] = 1.0
    shared = df > 1
    column = np.cumsum(shared) - 1  # new column of each shared stem
    keep = shared[col]
    row, col, values = row[keep], column[col[keep]], values[keep] / norms[row[keep]]
    matrix = np.zeros((n, max(int(shared.sum()), 1)), dtype=np.float64)
    matrix[row, col] = values
    return Vectors(matrix, row, col, values)


def cosine_similarities(vectors: Vectors) -> Matrix:
    """Cosine similarity of every pair of (unit-length, sparse) rows.

    Rows have a dozen non-zeros among hundreds of columns. When few pairs of
    rows share a column, the products are summed pair by pair (cost ~ pairs);
    otherwise a dense product is cheaper.
    """
    n, width = vectors.matrix.shape
    members = np.bincount(vectors.cols, minlength=width)
    if int((members * members).sum()) * _DENSE_COST > n * n * width:
        single = vectors.matrix.astype(np.float32)
        return (single @ single.T).astype(np.float64)
    by_col = np.argsort(vectors.cols, kind="stable")
    rows, cols, values = vectors.rows[by_col], vectors.cols[by_col], vectors.values[by_col]
    size = members[cols]  # for each entry, how many entries share its column
    left = np.repeat(np.arange(len(cols)), size)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(size) - size, size)
    right = (np.cumsum(members) - members)[cols[left]] + offset
    flat = np.bincount(rows[left] * n + rows[right], weights=values[left] * values[right], minlength=n * n)
    return np.asarray(flat, dtype=np.float64).reshape(n, n)


def _group(sim: Matrix, threshold: float) -> list[list[int]]:
    """Greedy average-link grouping of paraphrases; sentences come in lead order.

    Sentence k joins the earlier group whose members it matches best on
    average, when that average reaches ``threshold``; otherwise it starts a group.
    """
    n = len(sim)
    earlier_max = np.tril(sim, -1).max(axis=1)  # best match among earlier sentences
    label = np.empty(n, dtype=np.intp)
    groups: list[list[int]] = []
    counts: list[int] = []
    for k in range(n):
        g = -1
        if earlier_max[k] >= threshold:
            means = np.bincount(label[:k], weights=sim[k, :k], minlength=len(groups)) / np.asarray(counts)
            best = int(means.argmax())
            if means[best] >= threshold:
                g = best
        if g < 0:
            g = len(groups)
            groups.append([])
            counts.append(0)
        groups[g].append(k)
        counts[g] += 1
        label[k] = g
    return groups


def _by_fact(
    sents: Sequence[_Sentence], docs: Sequence[_Doc], facts: Mapping[tuple[str, int], tuple[str, float, bool]]
) -> list[list[int]]:
    """Sentences grouped by the comparison's facts (a sentence it did not place is a group of its own)."""
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(sents):
        fact = facts.get((docs[s.doc].article.id, s.position))
        groups.setdefault(fact[0] if fact is not None else f"\0{i}", []).append(i)
    return list(groups.values())


def _quality(sents: Sequence[_Sentence], vectors: Matrix, n_docs: int) -> list[float]:
    """Per sentence: lead-position score, plus centrality, minus a penalty for quotations.

    Centrality is the cosine to the story's centroid, where every article
    weighs the same whatever its length.
    """
    per_doc = np.bincount([s.doc for s in sents], minlength=n_docs).astype(np.float64)
    share = 1.0 / per_doc[[s.doc for s in sents]]
    # Element-wise products, not BLAS: a threaded BLAS call on small matrices
    # can stall for milliseconds when the CPUs are busy.
    centroid = (vectors * share[:, np.newaxis]).sum(axis=0)
    norm = math.sqrt(float((centroid * centroid).sum()))
    centrality = (vectors * (centroid / norm)).sum(axis=1) if norm > 0.0 else np.zeros(len(sents))
    return [
        _LEAD_WEIGHT * math.exp(-s.rank / _LEAD_DECAY)
        + _CENTRALITY_WEIGHT * float(centrality[i])
        - (_QUOTE_PENALTY if _QUOTATION.search(s.text) else 0.0)
        for i, s in enumerate(sents)
    ]
