"""One picture per story: what outlets corroborate, what only one reports, where they differ.

:func:`compare_story` reads a story's member articles (clean text and the
per-article analysis) and returns a :class:`~warta.records.Comparison`:

1. **Statements.** Each article's sentences (:func:`split_sentences`); a
   sentence that joins two facts with ";" is split in two, and sentences one
   direct quotation runs across are one. Headline fragments and statements of
   fewer than three words carry no news and are left out.
2. **Sources.** Articles of one outlet (its name folded: "KOMPAS.TV" =
   "kompas tv") and copies of one text (exact or near duplicates: a wire story
   two outlets print) form one *source*; an article with no outlet is its own.
3. **Facts.** Statements are content-word vectors, each word weighted by its
   inverse frequency within the story: stems (with ``lang/id/synonyms.txt``),
   names folded and countries as codes ("Sergey"/"Sergei", "China"/"Tiongkok"),
   a figure as the slot it fills and its value ("162 orang meninggal" and "160
   orang tewas" share "a count of orang"), days and times as their date or UTC
   minute ("Selasa (11/4) 09.50 WIB" = "02.50 UTC"). Pairs of statements of
   different articles are joined best first, average link, while the groups
   reach ``cfg.fact_threshold`` and share no article (an article states a fact
   once: no chaining within one report); a statement repeated word for word
   counts once. Two statements that are each other's best match in the other's
   article (similarity at least 0.2) count as reaching the threshold, and
   statements holding renderings of one quotation as identical. A fact stated
   by two or more sources is *corroborated*, else *single*; it is *background*
   when all its dates lie two or more years before its article's date.
4. **Conflicts.** Each pair of statements of different sources in a fact is
   read for values: quantities (:func:`~warta.lang.id.quantities.find_quantities`:
   counts by what they count, amounts, percentages, ages, durations, scores),
   event days and clock times (:func:`~warta.lang.id.temporal.find_times`, which
   resolves a weekday against the publication date and a zone to an offset).
   Values of one slot conflict when no value of the other statement allows them:
   "Rp 1,5 triliun" = "1.500 miliar", "sekitar 300" meets "lebih dari 290",
   "Pukul 8 malam (KST)" = "1100 GMT", "Kamis" = "27/7/2023" when published that
   Thursday. Two figures are compared when each statement has one the other does
   not allow, or when they share a word of context; days, times, amounts and
   loose units always need that word, and days and times conflict only between
   reports of one day (a developing story dates each day's events). A date next
   to a reporting verb ("melaporkan Kamis", "kata KCNA, Kamis (27/7)") is when
   it was reported and is not compared. Figures of one slot the alignment put in
   different facts are compared too: a named person's age, a count of one thing,
   a score, a magnitude, given the same context word. A count of "orang" meets a
   count of one kind of person ("empat orang" / "lima pelaku",
   ``lang/id/person_nouns.txt``); the one day, clock time or match minute each
   statement of a fact gives is compared without a shared word; a figure "each"
   ("masing-masing ... satu gol") and a market's close against its morning are
   other slots; two "more than" figures need a shared word. Places
   (:mod:`~warta.lang.id.places`: "Stadion Hoa Xuan" / "Stadion Chi Lang", "di
   Serang, Banten" / "di Cilegon, Banten", "tikungan 6" / "tikungan 8") conflict
   within a fact, and across facts when each article names the place one way;
   so does the one age two reports give. Who did it: in a fact whose wordings
   are alike, two different people after the same deed word ("dicetak Redy" /
   "dicetak Andre"). Figures in different facts that a later report says changed
   ("jumlah personel ... bertambah menjadi 80 orang") are updates. A changed figure in a
   later article that says it changed ("bertambah menjadi", "kini", "data
   terbaru") is an *update*. One person's titles conflict when they share their
   head and neither contains the other ("Menteri Pertahanan" / "Menteri Luar
   Negeri"); a spokesperson who is also a coordinator is not a conflict.
5. **Quote variants.** Quotations by one speaker (one entity, one surname, or a
   lone first name of one longer name) in different articles whose word stems
   overlap enough (``cfg.quote_threshold``), or that stand in statements of one
   fact, are one utterance with several renderings, direct or indirect.
6. **Coverage.** Which outlets state each fact, and how often each outlet
   names each entity.

Articles are read in (publication time, id) order, so the result does not
depend on the order they arrive in. A story of more than ``cfg.max_statements``
statements aligns its most lead-ward ones; the rest are single facts. What
reading an article costs is cached (pure functions), since a story is compared
again each time an article joins it.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import zlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np

from .analysis import Analysis
from .config import CompareConfig
from .entities import fold, is_organisation_name, name_aliases, rank_words
from .lang.id.places import Place, find_places, places_agree
from .lang.id.quantities import Quantity, find_quantities, is_number_word
from .lang.id.sentences import split_sentences
from .lang.id.stopwords import stopwords
from .lang.id.synonyms import synonym_of, synonym_stems
from .lang.id.temporal import TimeExpr, find_times
from .lang.id.tokens import content_stems, stem, tokens
from .lang.id.wordlists import read_words
from .records import (
    Article,
    ComparedArticle,
    Comparison,
    Discrepancy,
    EntityMention,
    Fact,
    FactKind,
    Quote,
    QuoteVariant,
    Rendering,
    SlotValue,
    Speaker,
    Statement,
    SummarySentence,
)
from .summarize import cosine_similarities, feature_vectors, is_fragment, term_feature
from .wording import PieceVectors

__all__ = ["Member", "annotate_summary", "compare_story", "comparison_json", "outlet_key", "sentence_facts"]

MIN_WORDS = 3
_CLAUSE_MIN_WORDS = 4
_BACKGROUND_YEARS = 2
_NAME_WEIGHT = 2.0
_STRONG_SIMILARITY = 0.5  # a fact whose wordings are this alike is surely one fact (full summary support)
_MUTUAL_FLOOR = 0.2  # least similarity of a mutual best match that makes two statements one fact
_PART_FLOOR = 0.25  # least similarity of a statement to each statement of a fact it is part of
_PART_GAIN = 0.05  # how much closer it must bring its article's wording of the fact to the others'
_MIN_IDF_ROWS = 40  # idf counts a story of fewer statements as if it had this many
# A second view of two statements' wording: their letter trigrams (within words), which see what
# the stems miss (a stem the stemmer did not find, a name spelt or inflected another way,
# compounds, function words of a shared phrase). Blended in with this weight after rescaling the
# trigram cosine from [_GRAM_LOW, _GRAM_HIGH] to [0, 1]; tuned on the tune split of
# benchmarks/compare_data (RESULTS.md, "Fact-level comparison").
_GRAM_SIZE = 3
_WORDS = re.compile(r"\w+")
_GRAM_WEIGHT = 0.4
_GRAM_LOW = 0.3
_GRAM_HIGH = 0.7
# A third view, off unless ``compare.meaning_weight`` > 0: sentence vectors distilled from e5
# (:mod:`warta.wording`), which see paraphrase that shares neither words nor trigrams. Their cosine,
# rescaled from [_MEANING_LOW, _MEANING_HIGH] to [0, 1], is blended in with that weight. On the dev
# set no weight raised fact F1 on the check split, and the tune-best one (0.25) merged the seeds'
# same-topic sentences into facts they do not state, hence off (benchmarks/RESULTS.md).
_MEANING_LOW = 0.0
_MEANING_HIGH = 0.6
_SLOT_WEIGHT = 1.5  # weight of "a figure counting X" as a statement feature, like a number's
_VALUE_WEIGHT = 0.75  # and of its value: outlets that differ on a figure still state one fact
_CONTEXT_WORDS = 3
_CONTEXT_CHARS = 60  # how far either side of a value its context words are looked for
_MAX_SLOT_VALUES = 10  # figures one article gives for one slot, beyond which it is a list, not a slot
# Units too common to name one slot of a story: a story has many durations, distances, percentages.
_LOOSE_UNITS = frozenset(
    {"hari", "jam", "menit", "detik", "meter", "kg", "persen", "menit-ke", "tahun", "kali"}
)  # content words either side of a figure that say what it counts
# Words next to a date that make it the day something was reported, not the day it happened.
_REPORTING = frozenset(
    {"lapor", "melaporkan", "dilaporkan", "kata", "katanya", "ujar", "ujarnya", "menurut", "disampaikan",
     "menyampaikan", "mengatakan", "menyatakan", "dikutip", "mengutip", "seperti", "diberitakan", "memberitakan",
     "dilansir", "melansir", "pernyataan", "keterangan", "konferensi", "jumpa", "pers", "tulis", "menulis"}
)  # fmt: skip
# Words that say a figure replaces an earlier one.
_UPDATE_CUES = re.compile(
    r"\b(?:bertambah|berkurang|menjadi|kini|terbaru|terkini|diperbarui|direvisi|revisi|update|pembaruan|naik|turun|"
    r"meningkat|menurun|hingga\s+(?:kini|saat\s+ini|berita\s+ini))\b",
    re.IGNORECASE,
)
# A figure called provisional: "data sementara", "untuk sementara", "sementara ini", "laporan awal" --
# not the conjunction ("..., sementara 13 orang lainnya luka-luka") nor "awal pekan".
_PROVISIONAL = re.compile(
    r"\b(?:(?:data|hasil|angka|jumlah|hitungan|perhitungan|pendataan|laporan|catatan|informasi|untuk)\s+sementara"
    r"|sementara\s+(?:ini|waktu)|(?:data|hasil|laporan|catatan|informasi|perkiraan)\s+awal)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Member:
    """One article of the story as the comparison reads it."""

    article: Article
    analysis: Analysis = field(default_factory=Analysis)
    copy_of: str | None = None  # the id of the article this one duplicates (a wire copy)


@dataclass(slots=True)
class _Stmt:
    record: Statement
    doc: int  # index of its article in reading order
    rank: int  # index among its article's statements
    features: dict[str, float]
    quantities: list[Quantity]  # read once, used for alignment and for conflicts
    times: list[TimeExpr]  # the days and times (only of sentences the timeline dated)


# Statements by (article id, start): what the conflict readers look values up in.
_ByStart = Mapping[tuple[str, int], _Stmt]


def compare_story(
    story_id: str | None,
    members: Sequence[Member],
    cfg: CompareConfig,
    entity_moves: Mapping[str, str] | None = None,
) -> Comparison:
    """Compare a story's member articles; ``entity_moves`` maps entity ids the story merged to their target."""
    moves = dict(entity_moves or {})
    ordered = _reading_order(members)
    articles = _compared_articles(ordered)
    variants = _quote_variants(ordered, moves, cfg)
    by_id = {a.id: a for a in articles}
    if len(ordered) == 1:
        built, conflicts, updates = _lone_article(ordered[0], by_id)
    else:
        built, conflicts, updates = _across_articles(ordered, by_id, variants, moves, cfg)
    return Comparison(
        story=story_id,
        articles=articles,
        facts=tuple(built),
        conflicts=tuple(conflicts),
        updates=tuple(updates),
        quote_variants=tuple(_merge_by_fact(variants, built)),
        entity_coverage=_entity_coverage(ordered, by_id, moves),
    )


def compare_events(
    story_id: str | None,
    members: Sequence[Member],
    events: Sequence[Sequence[str]],
    cfg: CompareConfig,
    entity_moves: Mapping[str, str] | None = None,
) -> Comparison:
    """A story whose articles report several events (:mod:`warta.events`): each event is compared
    on its own, so a preview's sentences never align with the match report's, and the results are
    joined into the story's comparison. ``events`` lists article ids; one event is :func:`compare_story`."""
    if len(events) <= 1:
        return compare_story(story_id, members, cfg, entity_moves)
    by_id = {m.article.id: m for m in members}
    parts = [compare_story(story_id, [by_id[a] for a in ev if a in by_id], cfg, entity_moves) for ev in events]
    ordered = _reading_order(members)
    articles = _compared_articles(ordered)
    return Comparison(
        story=story_id,
        articles=articles,
        facts=tuple(f for p in parts for f in p.facts),
        conflicts=tuple(d for p in parts for d in p.conflicts),
        updates=tuple(d for p in parts for d in p.updates),
        quote_variants=tuple(q for p in parts for q in p.quote_variants),
        entity_coverage=_entity_coverage(ordered, {a.id: a for a in articles}, dict(entity_moves or {})),
    )


def _reading_order(members: Sequence[Member]) -> list[Member]:
    return sorted(members, key=lambda m: (m.article.published is None, m.article.published or "", m.article.id))


def _compared_articles(ordered: Sequence[Member]) -> tuple[ComparedArticle, ...]:
    groups = _source_groups(ordered)
    return tuple(
        ComparedArticle(
            m.article.id, m.article.source, m.article.published, outlet_name(m.article), groups[m.article.id]
        )
        for m in ordered
    )


_Found = tuple[list[Fact], list[Discrepancy], list[Discrepancy]]  # facts, conflicts, updates


def _across_articles(
    ordered: Sequence[Member],
    by_id: Mapping[str, ComparedArticle],
    variants: Sequence[QuoteVariant],
    moves: Mapping[str, str],
    cfg: CompareConfig,
) -> _Found:
    stmts = _statements(ordered)
    facts = _align(stmts, cfg, _quote_links(stmts, variants))
    built = [_fact(group, strength, stmts, by_id, ordered) for group, strength in facts]
    by_start = {(st.record.article, st.record.start): st for st in stmts}
    conflicts, updates = _discrepancies(built, by_id, ordered, by_start)
    across, later = _same_slot_conflicts(built, by_id, ordered, by_start, conflicts, updates)
    conflicts.extend(across)
    updates.extend(later)
    conflicts.extend(_role_conflicts(ordered, by_id, moves))
    conflicts.extend(_place_conflicts(built, by_id))
    conflicts.extend(_agent_conflicts(built, by_id, ordered, moves))
    return built, conflicts, updates


def _lone_article(member: Member, by_id: Mapping[str, ComparedArticle]) -> _Found:
    """A story of one article (most stories): every statement is a fact of its own and nothing can
    conflict, so its words, figures and days need not be read (a third of the comparison time of
    an ingest). A unit test checks that this gives what :func:`_across_articles` gives."""
    stmts = _bare_statements(member)
    return [_fact([i], 1.0, stmts, by_id, [member]) for i in range(len(stmts))], [], []


# -- sources ------------------------------------------------------------------------------------


def outlet_key(name: str) -> str:
    """Spelling-insensitive outlet name: "KOMPAS.TV", "Kompas TV" and "kompas.tv" are one outlet."""
    key = re.sub(r"^(?:www\.)|\.(?:com|co\.id|id|net|org)$", "", name.strip().lower())
    return re.sub(r"[\W_]+", "", fold(key))


def outlet_name(article: Article) -> str:
    return article.source.strip() if article.source and article.source.strip() else article.id


class _Groups:
    """Union-find over 0..n-1; a group is named by its smallest member (so reading order decides)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)
        return min(ri, rj)


def _source_groups(ordered: Sequence[Member]) -> dict[str, str]:
    """Article id -> the id of the first article of its source (one outlet, or copies of one text)."""
    index = {m.article.id: i for i, m in enumerate(ordered)}
    groups = _Groups(len(ordered))
    first_by: dict[str, int] = {}
    for i, m in enumerate(ordered):
        a = m.article
        keys = [f"outlet:{outlet_key(a.source)}"] if a.source and outlet_key(a.source) else []
        keys += [f"text:{a.content_hash}"] if a.content_hash else []
        for key in keys:
            groups.union(i, first_by.setdefault(key, i))
        if m.copy_of is not None and m.copy_of in index:
            groups.union(i, index[m.copy_of])
    return {m.article.id: ordered[groups.find(i)].article.id for i, m in enumerate(ordered)}


# -- statements ---------------------------------------------------------------------------------


def _statements(ordered: Sequence[Member]) -> list[_Stmt]:
    out: list[_Stmt] = []
    for d, m in enumerate(ordered):
        quoted = tuple(sorted((q.start, q.end) for q in m.analysis.quotes if q.kind == "direct"))
        dated = frozenset(t.text for t in m.analysis.timeline if t.granularity in {"day", "time"})
        comma_groups = m.article.lang in _COMMA_THOUSANDS  # "1,800 ringgit" in English copy
        read = _article_statements(m.article.id, m.article.text, m.article.published, quoted, dated, comma_groups)
        out.extend(
            _Stmt(record, d, rank, features, quantities, times)
            for rank, (record, features, quantities, times) in enumerate(read)
        )
    return out


_Read = tuple[Statement, dict[str, float], list[Quantity], list[TimeExpr]]


@lru_cache(maxsize=2048)
def _article_statements(
    article_id: str,
    text: str,
    published: str | None,
    quoted: tuple[tuple[int, int], ...],
    dated: frozenset[str],
    comma_groups: bool = False,
) -> tuple[_Read, ...]:
    """One article's statements with their features, figures and dates.

    Cached (a pure function of its arguments): a story is compared again each time an article joins
    it, and its other articles need not be read again. Callers do not change what it returns.
    """
    out: list[_Read] = []
    for position, start, end, s, e, toks in _statement_spans(text, quoted):
        toks[0] = toks[0].lower()  # a capital at the start of a sentence does not make a name
        features = dict(map(_term, toks))
        features.pop("", None)
        times = _times(text[s:e], published) if text[start:end] in dated else []
        for t in times:
            # The day or time it happened, however each outlet wrote it ("Selasa (11/4) 09.50
            # WIB" and "11 April pukul 02.50 UTC"): the value is the feature, not its words.
            if t.granularity in {"day", "time"}:
                for tok in tokens(t.text):
                    features.pop(_term(tok)[0], None)
                    features.pop(_term(tok.lower())[0], None)
                when = t.value_start if t.granularity == "day" else _utc(t.value_start)
                features[f"@{when}"] = _SLOT_WEIGHT
        # What a figure counts is shared even when outlets give different figures
        # ("162 orang meninggal" / "160 orang tewas"): the slot is a feature of its own.
        quantities = _quantities(text[s:e], comma_groups)
        for q in quantities:
            if q.kind == "ordinal":
                continue  # "kecelakaan kedua": its words are features as they are
            for tok in tokens(q.text):  # the figure's words count as its slot and value instead
                features.pop(_term(tok)[0], None)
                features.pop(_term(tok.lower())[0], None)
            features[f"#{q.kind}:{q.unit}"] = _SLOT_WEIGHT
            features[f"={_figure(q)}"] = _VALUE_WEIGHT
        out.append((Statement(article_id, s, e, text[s:e], position), features, quantities, times))
    return tuple(out)


def _figure(q: Quantity) -> str:
    """The figure a statement gives, for alignment: without its hedge ("sedikitnya 36 pengungsi"
    and "36 pengungsi" give one figure; whether they agree is for the conflict readers)."""
    if q.kind == "score" or not q.hedge:
        return q.normalized
    return q.normalized.removeprefix(q.hedge)


def _statement_spans(
    text: str, quoted: tuple[tuple[int, int], ...]
) -> Iterator[tuple[int, int, int, int, int, list[str]]]:
    """(sentence index, sentence start, end, statement start, end, tokens) of each statement."""
    for position, (start, end) in _quote_sentences(split_sentences(text), list(quoted)):
        for s, e in _clauses(text, start, end):
            toks = tokens(text[s:e])
            if len(toks) >= MIN_WORDS and not is_fragment(text, s, e, len(toks)):
                yield position, start, end, s, e, toks


def _bare_statements(member: Member) -> list[_Stmt]:
    """One article's statements without the features that only comparing articles needs."""
    a = member.article
    quoted = tuple(sorted((q.start, q.end) for q in member.analysis.quotes if q.kind == "direct"))
    return [
        _Stmt(Statement(a.id, s, e, a.text[s:e], position), 0, rank, {}, [], [])
        for rank, (position, _, _, s, e, _) in enumerate(_statement_spans(a.text, quoted))
    ]


@lru_cache(maxsize=10_000)
def _quantities(sentence: str, comma_groups: bool = False) -> list[Quantity]:
    """:func:`find_quantities`, cached: a story is compared again each time it grows, and wire
    copies repeat sentences. (Callers do not change the list.) With ``comma_groups`` (English or
    Malay text) "1,800" groups thousands and "3.5" is a decimal: the separators are swapped to
    the Indonesian way first, which keeps every offset."""
    if comma_groups:
        sentence = _ENGLISH_NUMBER.sub(lambda m: m.group(0).translate(_SWAP_SEPARATORS), sentence)
    return find_quantities(sentence)


_COMMA_THOUSANDS = frozenset({"en"})  # not Malay: short Indonesian text is often taken for Malay
_ENGLISH_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")
_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


@lru_cache(maxsize=10_000)
def _times(sentence: str, published: str | None) -> list[TimeExpr]:
    """:func:`find_times`, cached like :func:`_quantities`."""
    return find_times(sentence, published)


def _utc(iso: str) -> str:
    """An ISO time as UTC minutes ("2023-07-27T11:00Z"), so "20.00 WIB" and "13.00 GMT" meet."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if moment.tzinfo else iso


@lru_cache(maxsize=100_000)
def _term(token: str) -> tuple[str, float]:
    """A token's feature and weight (see :func:`~warta.summarize.term_feature`), synonyms as one word.

    Cached: a pure function of the token and the packaged word lists, called for every token of
    every statement each time a story is compared."""
    term, weight = term_feature(token, stopwords())
    if weight == 1.0:
        return synonym_of(token.lower(), term), weight
    return term, _NAME_WEIGHT if weight == 2.0 else weight


def _quote_sentences(spans: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> list[tuple[int, tuple[int, int]]]:
    """(index of the first sentence, span): sentences that one direct quotation runs across are one
    statement ("“Itu bukan rahasia… Putin menjangkau … (Korea Utara),” katanya.")."""
    out: list[tuple[int, tuple[int, int]]] = []
    quotes = sorted(quoted)  # direct quotations do not overlap: sorted by start, they are sorted by end
    q = 0
    for i, (start, end) in enumerate(spans):
        while q < len(quotes) and quotes[q][1] <= start:
            q += 1  # quotations that end before this sentence cannot join it to the one before
        if out and q < len(quotes) and quotes[q][0] < out[-1][1][1]:
            first, (s, _) = out[-1]
            out[-1] = (first, (s, end))  # the quotation opened before this sentence and runs into it
        else:
            out.append((i, (start, end)))
    return out


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence, or its clauses where ";" joins two of four words or more."""
    parts: list[tuple[int, int]] = []
    s = start
    for m in re.finditer(";", text[start:end]):
        cut = start + m.start()
        if len(tokens(text[s:cut])) >= _CLAUSE_MIN_WORDS and len(tokens(text[cut + 1 : end])) >= _CLAUSE_MIN_WORDS:
            parts.append((s, cut + 1))
            s = cut + 1
            while s < end and text[s].isspace():
                s += 1
    parts.append((s, end))
    return parts


# -- alignment ----------------------------------------------------------------------------------


def _align(
    stmts: list[_Stmt], cfg: CompareConfig, links: Sequence[tuple[int, int]] = ()
) -> list[tuple[list[int], float]]:
    """Groups of statement indices, each one fact (at most one statement per article), with their
    strength: the mean similarity of its statements of different articles (1 for one statement).

    ``links`` are pairs of statements known to state one thing (they hold renderings of one
    quotation): they count as identical.
    """
    order = sorted(range(len(stmts)), key=lambda i: (stmts[i].rank, stmts[i].doc))
    # A statement repeated word for word (a wire copy, a republished article) is aligned once: its
    # repeats join whatever fact the first one joins, without costing the alignment anything.
    first_of: dict[str, int] = {}
    repeats: dict[int, list[int]] = defaultdict(list)
    unique: list[int] = []
    for i in order:
        key = " ".join(stmts[i].record.text.split())
        if key in first_of and stmts[first_of[key]].doc != stmts[i].doc:
            repeats[first_of[key]].append(i)
        else:
            first_of.setdefault(key, i)
            unique.append(i)
    aligned, rest = unique[: cfg.max_statements], unique[cfg.max_statements :]
    groups: list[tuple[list[int], float]] = []
    if aligned:
        chosen = [stmts[i] for i in aligned]
        docs = [s.doc for s in chosen]
        within = statement_similarities(chosen, cfg.meaning_weight)
        sim = within.copy()
        doc = np.asarray(docs, dtype=np.intp)
        sim[doc[:, np.newaxis] == doc[np.newaxis, :]] = 0.0
        raw = sim.copy()
        _raise_mutual_best(sim, docs, cfg.fact_threshold)
        local = {g: k for k, g in enumerate(aligned)}
        for x, y in links:
            if x in local and y in local:
                sim[local[x], local[y]] = sim[local[y], local[x]] = 1.0
        texts = [" ".join(s.record.text.split()) for s in chosen]
        clusters = _with_parts(_agglomerate(sim, docs, texts, cfg.fact_threshold), within, docs)
        for members in clusters:
            strength = float(raw[np.ix_(members, members)].sum() / max(len(members) * (len(members) - 1), 1))
            groups.append(([aligned[k] for k in members], strength if len(members) > 1 else 1.0))
    groups.extend(([i], 1.0) for i in rest)
    out: list[tuple[list[int], float]] = []
    for group, strength in groups:
        joined, left = _with_repeats(group, repeats, stmts)
        out.append((joined, strength))
        out.extend(([i], 1.0) for i in left)
    return out


def _with_parts(clusters: list[list[int]], sim: np.ndarray, docs: list[int]) -> list[list[int]]:
    """A statement left alone joins a fact that holds a statement of its own article when the two
    together match each of the fact's other statements better (by ``_PART_GAIN``) than that one
    alone: its outlet stated in two sentences what another stated in one. ``sim`` is the
    similarity of every two statements, also of one article. With unit vectors a, b (the
    article's two statements) and c (another's), cos(c, a + b) = (c·a + c·b) / sqrt(2 + 2 a·b).
    """
    facts_of_doc: dict[int, list[tuple[int, int]]] = defaultdict(list)  # doc -> (cluster, its statement)
    for c, members in enumerate(clusters):
        if len(members) > 1:
            for k in members:
                facts_of_doc[docs[k]].append((c, k))
    moves: list[tuple[int, int, int]] = []  # (statement, its cluster, the fact it joins)
    for c, members in enumerate(clusters):
        if len(members) != 1:
            continue
        i = members[0]
        best: tuple[float, int] | None = None
        for target, k in facts_of_doc.get(docs[i], ()):
            others = [j for j in clusters[target] if docs[j] != docs[i]]
            if min(sim[i, j] for j in others) < _PART_FLOOR:
                continue
            norm = float(np.sqrt(max(2.0 + 2.0 * sim[k, i], 1e-9)))
            gain = min((sim[j, k] + sim[j, i]) / norm - sim[j, k] for j in others)
            if gain >= _PART_GAIN and (best is None or gain > best[0]):
                best = (float(gain), target)
        if best is not None:
            moves.append((i, c, best[1]))
    for i, c, target in moves:
        clusters[target].append(i)
        clusters[c] = []
    return [sorted(m) for m in clusters if m]


def _with_repeats(
    group: list[int], repeats: Mapping[int, list[int]], stmts: Sequence[_Stmt]
) -> tuple[list[int], list[int]]:
    """The group with the word-for-word repeats of its statements (one statement per article), and
    the repeats left over (of an article the group already holds): each of those is a fact of its own."""
    joined = list(group)
    left: list[int] = []
    docs = {stmts[i].doc for i in group}
    for i in group:
        for r in repeats.get(i, ()):
            if stmts[r].doc in docs:
                left.append(r)
            else:
                joined.append(r)
                docs.add(stmts[r].doc)
    return joined, left


def statement_similarities(stmts: Sequence[_Stmt], meaning_weight: float = 0.0) -> np.ndarray:
    """Similarity of every two statements: the cosine of their content-word vectors, blended with
    that of their letter trigrams (see ``_GRAM_WEIGHT``) and, with ``meaning_weight``, of their
    distilled e5 vectors."""
    words = cosine_similarities(feature_vectors([s.features for s in stmts], min_rows=_MIN_IDF_ROWS))
    grams = _gram_similarities([s.record.text for s in stmts])
    rescaled = np.clip((grams - _GRAM_LOW) / (_GRAM_HIGH - _GRAM_LOW), 0.0, 1.0)
    out: np.ndarray = (1.0 - _GRAM_WEIGHT) * words + _GRAM_WEIGHT * rescaled
    if meaning_weight > 0.0 and len(stmts) > 1:
        meaning = PieceVectors.load().similarities([s.record.text for s in stmts])
        meaning = np.clip((meaning - _MEANING_LOW) / (_MEANING_HIGH - _MEANING_LOW), 0.0, 1.0)
        out = (1.0 - meaning_weight) * out + meaning_weight * meaning
    return out


@lru_cache(maxsize=10_000)
def _letter_grams(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Letter trigrams of the lowercased words (each padded with ``<`` and ``>``) as sorted CRC-32
    ids, each with its weight 1 + log(count). Cached: a story is compared again each time it grows."""
    found = [_word_grams(w) for w in _WORDS.findall(text.lower())]
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    ids, counts = np.unique(np.concatenate(found), return_counts=True)
    return ids, 1.0 + np.log(counts)


@lru_cache(maxsize=100_000)
def _word_grams(word: str) -> np.ndarray:
    padded = f"<{word}>".encode()
    size = _GRAM_SIZE
    return np.fromiter(
        (zlib.crc32(padded[i : i + size]) for i in range(max(len(padded) - size + 1, 1))), dtype=np.int64
    )


def _gram_similarities(texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity of the texts' letter trigrams weighted like words (:func:`feature_vectors`:
    sqrt of the story's idf, a short story counted as ``_MIN_IDF_ROWS`` statements)."""
    n = len(texts)
    read = [_letter_grams(t) for t in texts]
    ids = np.concatenate([r[0] for r in read]) if read else np.zeros(0, dtype=np.int64)
    if not len(ids):
        return np.zeros((n, n))
    weights = np.concatenate([r[1] for r in read])
    row = np.repeat(np.arange(n), [len(r[0]) for r in read])
    columns, col = np.unique(ids, return_inverse=True)
    df = np.bincount(col, minlength=len(columns))
    values = weights * np.sqrt(np.log((max(n, _MIN_IDF_ROWS) + 1.0) / (df + 0.5)))[col]
    norms = np.sqrt(np.bincount(row, weights=values * values, minlength=n))
    norms[norms == 0.0] = 1.0
    shared = df > 1  # a trigram of one statement adds to no product, only to its length
    keep = shared[col]
    matrix = np.zeros((n, max(int(shared.sum()), 1)), dtype=np.float32)
    matrix[row[keep], (np.cumsum(shared) - 1)[col[keep]]] = values[keep] / norms[row[keep]]
    out: np.ndarray = (matrix @ matrix.T).astype(np.float64)
    return out


def _raise_mutual_best(sim: np.ndarray, docs: list[int], threshold: float) -> None:
    """Two statements of two articles that are each other's closest match, with some words in common
    (similarity at least ``_MUTUAL_FLOOR``), count as stating one fact: outlets word one fact
    differently, and the best match both ways is better evidence than a fixed threshold."""
    n = len(docs)
    if n < 2:
        return
    doc = np.asarray(docs, dtype=np.intp)
    best_in = np.zeros((n, int(doc.max()) + 1))  # best similarity of statement i to any of article d
    by_doc = np.argsort(doc, kind="stable")
    present, starts = np.unique(doc[by_doc], return_index=True)
    best_in[:, present] = np.maximum.reduceat(sim[:, by_doc], starts, axis=1)
    rows, cols = np.nonzero((np.triu(sim, 1) >= _MUTUAL_FLOOR) & (np.triu(sim, 1) < threshold))
    value = sim[rows, cols]
    mutual = (value >= best_in[rows, doc[cols]]) & (value >= best_in[cols, doc[rows]])
    sim[rows[mutual], cols[mutual]] = threshold
    sim[cols[mutual], rows[mutual]] = threshold


def _agglomerate(sim: np.ndarray, docs: list[int], texts: list[str], threshold: float) -> list[list[int]]:
    """Average-link clustering of statements, best pairs first; a group holds one statement per article.

    Pairs of statements of different articles at or above ``threshold`` are taken in order of
    similarity; a pair joins their two groups when the groups share no article and their average
    similarity (every statement of one with every statement of the other) reaches ``threshold``.
    A statement repeated word for word (a wire copy) counts once in that average, so copies of
    one report do not outvote a second outlet's wording of it.
    """
    n = len(docs)
    doc = np.asarray(docs, dtype=np.intp)
    upper = np.triu(sim, 1)
    upper[doc[:, np.newaxis] == doc[np.newaxis, :]] = 0.0
    rows, cols = np.nonzero(upper >= threshold)
    strength = upper[rows, cols]
    order = np.lexsort((cols, rows, -strength))  # best first, then by (i, j): as sorting the tuples would
    pairs = zip(rows[order].tolist(), cols[order].tolist(), strict=True)
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    distinct: dict[int, dict[str, int]] = {i: {texts[i]: i} for i in range(n)}  # one statement per wording
    articles: dict[int, set[int]] = {i: {docs[i]} for i in range(n)}
    for i, j in pairs:
        gi, gj = group[i], group[j]
        if gi == gj or articles[gi] & articles[gj]:
            continue
        if float(sim[np.ix_(list(distinct[gi].values()), list(distinct[gj].values()))].mean()) < threshold:
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        for k in members[gone]:
            group[k] = keep
        members[keep] += members.pop(gone)
        for text, k in distinct.pop(gone).items():
            distinct[keep].setdefault(text, k)
        articles[keep] |= articles.pop(gone)
    return [sorted(m) for _, m in sorted(members.items())]


def _fact(
    group: list[int],
    strength: float,
    stmts: list[_Stmt],
    by_id: Mapping[str, ComparedArticle],
    ordered: Sequence[Member],
) -> Fact:
    members = sorted((stmts[i] for i in group), key=lambda s: (s.doc, s.record.start))
    records = tuple(s.record for s in members)
    sources = {by_id[r.article].independent_of for r in records}
    outlets = tuple(sorted({by_id[r.article].outlet for r in records}))
    first = records[0]
    digest = hashlib.blake2b(f"{first.article}\0{first.start}\0{first.text}".encode(), digest_size=6).hexdigest()
    background = all(_is_background(s, ordered[s.doc]) for s in members)
    kind: FactKind = "corroborated" if len(sources) > 1 else "single"
    return Fact(f"f-{digest}", kind, background, outlets, records, strength)


def _is_background(stmt: _Stmt, member: Member) -> bool:
    """Every dated expression of the statement lies two or more years before its article's date."""
    published = member.article.published_date
    if published is None:
        return False
    timeline = member.analysis.timeline
    if not timeline:
        return False
    entries = [t for t in timeline if t.text and stmt.record.text in t.text]
    if not entries:
        return False
    year = int(published[:4])
    return all(int(t.end[:4]) <= year - _BACKGROUND_YEARS for t in entries)


# -- conflicts and updates ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Value:
    slot: str
    key: str  # what must match for two values to be compared: the unit, or the kind of time
    start: int  # offsets in the article's text
    end: int
    text: str
    normalized: str
    low: float
    high: float
    context: frozenset[str]
    at_least: bool = False  # "lebih dari 50.000": two such figures say little against each other
    names: frozenset[str] = frozenset()  # names just before it: "Sead Kolasinac di| menit ke-82"


def _discrepancies(
    facts: Sequence[Fact], by_id: Mapping[str, ComparedArticle], ordered: Sequence[Member], by_start: _ByStart
) -> tuple[list[Discrepancy], list[Discrepancy]]:
    """Conflicts (between independent sources) and updates (a later article revising a figure,
    from any source) within each fact; the values of one slot of one fact form one entry."""
    members = {m.article.id: m for m in ordered}
    found: dict[tuple[bool, str, str], dict[tuple[str, int], SlotValue]] = {}
    values_of: dict[tuple[str, int], list[_Value]] = {}
    for fact in facts:
        if len(fact.statements) < 2:
            continue
        for i, a in enumerate(fact.statements):
            for b in fact.statements[i + 1 :]:
                independent = by_id[a.article].independent_of != by_id[b.article].independent_of
                if a.article == b.article or a.text == b.text:
                    continue  # one article, or one wording: nothing to disagree on
                if not independent and not _dated_apart(a, b, members):
                    continue
                va = _cached_values(values_of, by_start[(a.article, a.start)], members[a.article].article)
                vb = _cached_values(values_of, by_start[(b.article, b.start)], members[b.article].article)
                for x, y in _clashes(va, vb, strong=fact.strength >= _STRONG_SIMILARITY):
                    if x.slot in {"date", "time"} and _published_day(members[a.article]) != _published_day(
                        members[b.article]
                    ):
                        continue  # a developing story: each day's report dates what happened that day
                    update = _is_update(a, x, b, y, members)
                    if not update and not independent:
                        continue  # one source saying two things is not outlets disagreeing
                    entry = found.setdefault((update, fact.id, x.key), {})
                    entry.setdefault((a.article, x.start), _slot_value(a, x))
                    entry.setdefault((b.article, y.start), _slot_value(b, y))
    conflicts: list[Discrepancy] = []
    updates: list[Discrepancy] = []
    for (update, fact_id, key), values in found.items():
        d = Discrepancy(key.split(":", 1)[0], fact_id, tuple(values.values()))  # the key starts with the slot
        if update:
            updates.append(_chronological(d, members))
        else:
            conflicts.append(d)
    return conflicts, updates


def _same_slot_conflicts(
    facts: Sequence[Fact],
    by_id: Mapping[str, ComparedArticle],
    ordered: Sequence[Member],
    by_start: _ByStart,
    conflicts: Sequence[Discrepancy],
    updates: Sequence[Discrepancy],
) -> tuple[list[Discrepancy], list[Discrepancy]]:
    """Figures of one slot that two sources give in statements the alignment put in different facts:
    conflicts, and updates (a later report that says the figure changed).

    A slot is what a figure is of: a named person's age ("Ria Lestari (23)" / "Ria Lestari (32)"),
    or a count of one thing, a score, a magnitude that the two statements say the same word about
    ("12 orang meninggal" / "14 orang meninggal", "adu penalti 4-3" / "5-4 dalam adu penalti"):
    a story counts one noun for many things ("12 jenazah dievakuasi", "dua jenazah dibawa pulang").
    """
    members = {m.article.id: m for m in ordered}
    fact_of = {(s.article, s.start): f.id for f in facts for s in f.statements}
    reported = {(v.article, v.start) for d in (*conflicts, *updates) for v in d.values}
    by_key: dict[str, dict[str, list[tuple[Statement, _Value]]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        for st in f.statements:
            for q in by_start[(st.article, st.start)].quantities:
                key = _slot_key(st.text, q)
                if key is not None:
                    by_key[key][st.article].append((st, _quantity_value(st, q)))
    by_key.update(_people_counted_as_orang(by_key))
    out: list[Discrepancy] = []
    revised: list[Discrepancy] = []
    for key, per_article in sorted(by_key.items()):
        arts = sorted(per_article, key=lambda a: [m.article.id for m in ordered].index(a))
        if any(len(v) > _MAX_SLOT_VALUES for v in per_article.values()):
            continue  # a slot named that often is not one slot (a table, a list of results)
        for i, a in enumerate(arts):
            for b in arts[i + 1 :]:
                if by_id[a].independent_of == by_id[b].independent_of:
                    continue
                xs = [x for x in per_article[a] if not any(_agree(x[1], y[1]) for y in per_article[b])]
                ys = [y for y in per_article[b] if not any(_agree(x[1], y[1]) for x in per_article[a])]
                pairs = _slot_pairs(xs, ys, need_context=not key.startswith("age:"))
                if not pairs and len(xs) == len(ys) == 1 and _is_update(*xs[0], *ys[0], members):
                    pairs = [(xs[0], ys[0])]  # "jumlah personel ... bertambah menjadi 80 orang" names its slot
                for (sa, x), (sb, y) in pairs:
                    if fact_of.get((sa.article, sa.start)) == fact_of.get((sb.article, sb.start)):
                        continue  # one fact: read above
                    if (sa.article, x.start) in reported or (sb.article, y.start) in reported:
                        continue
                    found = Discrepancy(x.slot, None, (_slot_value(sa, x), _slot_value(sb, y)))
                    if _is_update(sa, x, sb, y, members):
                        revised.append(_chronological(found, members))
                    else:
                        out.append(found)
                    reported |= {(sa.article, x.start), (sb.article, y.start)}
    out.extend(_only_ages(facts, by_id, by_start, fact_of, reported))
    return out, revised


def _only_ages(
    facts: Sequence[Fact],
    by_id: Mapping[str, ComparedArticle],
    by_start: _ByStart,
    fact_of: Mapping[tuple[str, int], str],
    reported: set[tuple[str, int]],
) -> list[Discrepancy]:
    """The one age two articles give, for whoever it is, in statements of different facts that share
    a word ("Akbar, 22, sebagai polisi gadungan" / "pemuda berinisial A (23) ... mengaku sebagai
    anggota polisi"): a report that names one age names its main person's. (Clock times read this
    way were tried: a report's one time is as often another happening's.)"""
    found: dict[str, list[tuple[Statement, _Value]]] = defaultdict(list)
    for f in facts:
        for st in f.statements:
            for q in by_start[(st.article, st.start)].quantities:
                if q.kind == "age":
                    found[st.article].append((st, _quantity_value(st, q)))
    only = {article: values[0] for article, values in found.items() if len(values) == 1}
    out: list[Discrepancy] = []
    articles = sorted(only)
    for i, a in enumerate(articles):
        for b in articles[i + 1 :]:
            (sa, x), (sb, y) = only[a], only[b]
            if (
                by_id[a].independent_of == by_id[b].independent_of
                or _agree(x, y)
                or fact_of.get((sa.article, sa.start)) == fact_of.get((sb.article, sb.start))
                or (a, x.start) in reported
                or (b, y.start) in reported
                or not _statement_words(sa.text) & _statement_words(sb.text)
            ):
                continue
            out.append(Discrepancy("age", None, (_slot_value(sa, x), _slot_value(sb, y))))
            reported |= {(a, x.start), (b, y.start)}
    return out


@lru_cache(maxsize=4096)
def _statement_words(text: str) -> frozenset[str]:
    """The content words of a whole statement, read as context words are (no names, no reporting)."""
    return _context_stems(_sentence_words(tokens(text), at_start=True))


def _people_counted_as_orang(
    by_key: Mapping[str, Mapping[str, list[tuple[Statement, _Value]]]],
) -> dict[str, dict[str, list[tuple[Statement, _Value]]]]:
    """A count of one kind of person ("124 pengungsi ... luka-luka") with the "orang" counts ("117
    orang lainnya terluka"), as a slot of its own (compared, as counts are, given a shared word)."""
    people = by_key.get(_PEOPLE, {})
    out: dict[str, dict[str, list[tuple[Statement, _Value]]]] = {}
    for key, per_article in by_key.items():
        if people and key.startswith("count:") and key[6:] in _person_nouns():
            articles = people.keys() | per_article.keys()
            out[f"{key}|orang"] = {a: [*per_article.get(a, []), *people.get(a, [])] for a in articles}
    return out


def _slot_key(text: str, q: Quantity) -> str | None:
    """What a figure is of, when that names one slot of a story; None for figures that do not."""
    if q.kind == "age":
        holder = _name_before(text, q.start)
        return f"age:{holder}" if holder else None
    if q.kind == "score":
        return "score"
    if q.kind in {"count", "measure"} and q.unit and q.unit not in _LOOSE_UNITS:
        return f"{q.kind}:{q.unit}"
    if "/" in q.unit:  # a rate ("35 jam per minggu") is a slot of its own
        return f"{q.kind}:{q.unit}"
    return None


def _name_before(text: str, at: int) -> str | None:
    """The surname of the capitalised name right before ``at`` ("Ria Lestari (23)" -> "lestari")."""
    words = re.findall(r"[^\W\d_][\w'-]*", text[max(0, at - 40) : at])
    name: list[str] = []
    for w in reversed(words):
        if w[0].isupper():
            name.append(w)
        elif name or w.lower() not in {"berusia", "usia", "umur", "berumur", "yang"}:
            break
    return fold(name[0]) if name else None


def _slot_pairs(
    xs: list[tuple[Statement, _Value]], ys: list[tuple[Statement, _Value]], *, need_context: bool
) -> list[tuple[tuple[Statement, _Value], tuple[Statement, _Value]]]:
    if not xs or not ys:
        return []
    if len(xs) == 1 and len(ys) == 1 and not need_context:
        return [(xs[0], ys[0])]
    out = []
    # A figure alone in its statement before one of a list ("120 rumah terendam" before "50 rumah di
    # Kelurahan Bada dan 24 rumah di ..."): a breakdown's parts are not the slot's value.
    alone = Counter((v[0].article, v[0].start) for v in (*xs, *ys))

    def rank(x: tuple[Statement, _Value], y: tuple[Statement, _Value]) -> tuple[int, int, int]:
        lone = (alone[(x[0].article, x[0].start)] == 1) + (alone[(y[0].article, y[0].start)] == 1)
        return len(x[1].context & y[1].context), lone, -y[1].start

    for x in xs:
        best = max(ys, key=lambda y: rank(x, y))
        if x[1].context & best[1].context:
            out.append((x, best))
    out.sort(key=lambda pair: rank(*pair)[:2], reverse=True)  # the callers take each value once, best pairs first
    return out


def _published_day(member: Member) -> str | None:
    return member.article.published_date


def _dated_apart(a: Statement, b: Statement, members: Mapping[str, Member]) -> bool:
    pa, pb = members[a.article].article.published, members[b.article].article.published
    return pa is not None and pb is not None and pa != pb


def _cached_values(cache: dict[tuple[str, int], list[_Value]], found: _Stmt, article: Article) -> list[_Value]:
    key = (found.record.article, found.record.start)
    if key not in cache:
        cache[key] = _values(found, article)
    return cache[key]


def _values(found: _Stmt, article: Article) -> list[_Value]:
    """The comparable values a statement states: quantities, event days, clock times."""
    stmt = found.record
    out: list[_Value] = []
    for q in found.quantities:
        out.append(_quantity_value(stmt, q))
    for t in found.times:
        if t.relative and article.published is None:
            continue  # "Kamis" with no publication date: which Thursday is unknown
        if _reported_on(stmt.text, t):
            continue
        value = _time_value(stmt, t)
        if value is not None:
            out.append(value)
    return out


def _quantity_value(stmt: Statement, q: Quantity) -> _Value:
    context = _context_words(stmt.text, q.start, q.end)
    slot = q.kind
    # Ordinals are one slot whatever they number ("yang ketiga kalinya" / "kecelakaan kedua"): only
    # the one ordinal each statement of a fact gives is compared (``_one_of_each``).
    key = "ordinal" if q.kind == "ordinal" else f"{q.kind}:{q.unit}{_qualifier(stmt.text, q)}"
    written = stmt.text[q.start : q.end]  # as the article has it ("1,800" in English copy)
    return _Value(slot, key, stmt.start + q.start, stmt.start + q.end, written, q.normalized, q.low, q.high, context,
                  q.hedge == ">=", _names_before(stmt.text, q.start))  # fmt: skip


_NAMES_BEFORE_WORDS = 4
_CLAUSE_MARK = re.compile(r"[,;:.!?()\"“”]")


def _names_before(text: str, start: int) -> frozenset[str]:
    """The capitalised words among the few words before a value, in its clause ("gol Victor Moses
    pada| menit ke-47"), the statement's first word left out (a capital there makes no name)."""
    left = text[max(0, start - 80) : start]
    left = _CLAUSE_MARK.split(left)[-1]
    words = left.split()[-_NAMES_BEFORE_WORDS:]
    offset = start - len(left)
    opening = offset <= 0 and len(left.split()) <= _NAMES_BEFORE_WORDS
    if opening and words:
        words = words[1:]
    return frozenset(w.lower() for w in words if w[:1].isupper())


_EACH = re.compile(r"\b(?:masing-masing|setiap|tiap|per)\b", re.IGNORECASE)
_CLOSING = re.compile(r"\b(?:ditutup|penutupan|akhir perdagangan|sore)\b", re.IGNORECASE)
_MARKET = re.compile(r"\b(?:rupiah|ihsg|kurs|saham|indeks|bursa|perdagangan)\b", re.IGNORECASE)
_OPENING = re.compile(r"\b(?:dibuka|pembukaan|awal perdagangan|pagi)\b", re.IGNORECASE)


def _qualifier(text: str, q: Quantity) -> str:
    """What makes a figure of one noun another slot: one each ("masing-masing menyumbang satu gol"
    against "tiga gol"), or a market's close against its morning ("ditutup ... Rp 13.110" against
    "Kamis pagi ... Rp 13.083")."""
    if _EACH.search(text[max(0, q.start - 30) : q.start]):
        return "/each"
    return _market_session(text) if q.kind in {"amount", "percent", "count"} else ""


@lru_cache(maxsize=4096)
def _market_session(text: str) -> str:
    if not _MARKET.search(text):
        return ""
    closing, opening = bool(_CLOSING.search(text)), bool(_OPENING.search(text))
    return "" if closing == opening else "/close" if closing else "/open"


def _time_value(stmt: Statement, t: TimeExpr) -> _Value | None:
    if t.granularity == "time":
        if not re.search(r"[+-]\d\d:\d\d$", t.value_start):
            return None  # a clock time with no zone: not comparable with one that has
        instant = datetime.fromisoformat(t.value_start).astimezone(UTC)
        minutes = instant.timestamp() / 60.0
        normalized = instant.strftime("%Y-%m-%dT%H:%MZ")
        return _Value("time", "time", stmt.start + t.start, stmt.start + t.end, t.text, normalized, minutes - 5,
                      minutes + 5, _context_words(stmt.text, t.start, t.end))  # fmt: skip
    if t.granularity != "day":
        return None
    lo = datetime.fromisoformat(t.value_start).toordinal()
    hi = datetime.fromisoformat(t.value_end).toordinal()
    normalized = t.value_start if t.value_start == t.value_end else f"{t.value_start}/{t.value_end}"
    return _Value("date", "date", stmt.start + t.start, stmt.start + t.end, t.text, normalized, float(lo), float(hi),
                  _context_words(stmt.text, t.start, t.end))  # fmt: skip


def _reported_on(text: str, t: TimeExpr) -> bool:
    """A date right after a reporting verb or a source attribution: when it was said, not when it happened."""
    before = [w.lower() for w in re.findall(r"[^\W\d_]+", text[max(0, t.start - 50) : t.start])][-4:]
    if any(w in _REPORTING for w in before):
        return True
    # "..., seperti dilaporkan Associated Press, Kamis (27/7/2023)." : a trailing ", <date>" after a source.
    tail = text[t.end :].strip()
    return text[: t.start].rstrip().endswith(",") and (not tail or tail[0] in ".!?") and _mentions_reporting(text)


def _mentions_reporting(text: str) -> bool:
    return any(w in _REPORTING for w in re.findall(r"[^\W\d_]+", text.lower()))


def _context_words(text: str, start: int, end: int) -> frozenset[str]:
    """Stems of the content words either side of a value: what it is a figure of ("tewas", "penalti").
    Units and currency words are left out: they say what a figure is counted in, not of."""
    lo, hi = max(0, start - _CONTEXT_CHARS), end + _CONTEXT_CHARS
    while lo > 0 and text[lo - 1].isalnum():
        lo += 1  # no word cut in two ("hangus" read as "hang")
    while hi < len(text) and text[hi].isalnum():
        hi += 1
    return _context_of(text[lo:start], text[end:hi], start <= _CONTEXT_CHARS)


_NEXT_CLAUSE = re.compile(r"\b(?:sebelum|setelah|sesudah|sebelumnya|kemudian|lalu)\b", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def _context_of(left: str, right: str, at_start: bool = False) -> frozenset[str]:
    right = _NEXT_CLAUSE.split(right, maxsplit=1)[0]  # "menit ke-47 sebelum Kolasinac menyamakan": another deed
    before = [w for w in _sentence_words(tokens(left), at_start) if _is_context(w)][-_CONTEXT_WORDS:]
    after = [w for w in tokens(right) if _is_context(w)][:_CONTEXT_WORDS]
    return _context_stems([*before, *after])


def _sentence_words(words: list[str], at_start: bool) -> list[str]:
    """``words`` with the first lower-cased when it opens a sentence and is a listed common word ("Laga di
    Stadion ..."): a capital there does not make a name."""
    if at_start and words and words[0].lower() in synonym_stems():
        words[0] = words[0].lower()
    return words


def _context_stems(words: Iterable[str]) -> frozenset[str]:
    """The stems (synonyms as one) of context words, reporting words left out: "dilaporkan" says who
    told, not of what."""
    stems = (synonym_of(w.lower(), stem(w.lower())) for w in words if _is_context(w))
    return frozenset(s for s in stems if s not in _REPORTING)


def _is_context(token: str) -> bool:
    """A word that says what a figure is of: not a name (the story's names stand beside all its
    figures), a number, a unit or a function word."""
    word = token.lower()
    return (
        len(word) >= 3
        and not any(c.isupper() for c in token)  # a name, also "al-Awlaki"
        and not any(c.isdigit() for c in word)
        and word not in stopwords()
        and word not in _NOT_CONTEXT
        and not is_number_word(word)
    )


_NOT_CONTEXT = frozenset(
    {"dolar", "rupiah", "euro", "persen", "menit", "detik", "jam", "hari", "pukul", "sekitar", "warga", "lain",
     "lainnya", "pihak", "orang"}
)  # fmt: skip


def _person_nouns() -> frozenset[str]:
    return read_words("person_nouns.txt")


def _one_person_slot(va: Sequence[_Value], vb: Sequence[_Value]) -> tuple[Sequence[_Value], Sequence[_Value]]:
    """A count of "orang" in one statement and of one kind of person in the other ("empat orang" /
    "lima pelaku") are one slot, when neither statement counts the other's word too."""

    def rekey(values: Sequence[_Value], own: set[str], other: set[str]) -> Sequence[_Value]:
        if _PEOPLE not in own or _PEOPLE in other:
            return values
        persons = [k for k in other - own if k.startswith("count:") and k[6:] in _person_nouns()]
        if len(persons) != 1:
            return values
        return [replace(v, key=persons[0]) if v.key == _PEOPLE else v for v in values]

    ka, kb = {v.key for v in va}, {v.key for v in vb}
    return rekey(va, ka, kb), rekey(vb, kb, ka)


_PEOPLE = "count:orang"


def _clashes(va: Sequence[_Value], vb: Sequence[_Value], *, strong: bool = False) -> list[tuple[_Value, _Value]]:
    """Pairs of values for one slot that cannot both be true.

    Values agree first (any value of the other statement that allows it); a
    value left without agreement is compared with the other statement's
    disagreeing value of its slot that shares the most context words with it,
    or with the only one left when each statement has one value of the slot that
    the other does not allow ("21-15, 21-8" / "21-15, 21-9") -- except for
    amounts and loose units (durations, distances, percentages, match minutes),
    which a statement gives for many things ("2 miliar dolar" invested, "6 miliar
    dolar" valuation): those need a shared context word.
    """
    out: list[tuple[_Value, _Value]] = []
    va, vb = _one_person_slot(va, vb)
    for key in sorted({v.key for v in va} & {v.key for v in vb}):
        xs = [v for v in va if v.key == key]
        ys = [v for v in vb if v.key == key]
        lonely_x, lonely_y = _disallowed(xs, ys), _disallowed(ys, xs)
        if not lonely_x or not lonely_y:
            continue
        bounds_only = all(v.at_least for v in (*lonely_x, *lonely_y))
        if (
            len(lonely_x) == 1
            and len(lonely_y) == 1
            and not bounds_only
            and (not _needs_context(key, strong=strong) or (len(xs) == 1 and len(ys) == 1 and _one_of_each(key)))
            and not _other_doers(key, lonely_x[0], lonely_y[0])
        ):
            out.append((lonely_x[0], lonely_y[0]))  # the one figure each gives that the other does not allow
            continue
        for x in lonely_x:
            best = max(lonely_y, key=lambda y: (len(x.context & y.context), -abs(y.start)))
            if x.context & best.context:
                out.append((x, best))
    return out


def _needs_context(key: str, *, strong: bool = False) -> bool:
    """Whether two lone figures of this slot need a word of context in common to be compared.

    A person's age and a match score name one thing by themselves. A count does in a fact whose
    wordings are alike (``strong``); in a loosely aligned one it needs the same word said about
    it. Amounts, days, times and loose units (durations, distances, percentages, match minutes)
    always do: a statement gives them for many things."""
    kind, _, unit = key.partition(":")
    if kind in {"age", "score"}:
        return False
    # A day or a time always needs the same word said about it: one sentence often dates two events
    # ("longsor ... Senin malam" in one report, "pencarian ... Selasa pagi" in the next).
    return kind in {"amount", "date", "time", "ordinal"} or unit in _LOOSE_UNITS or not strong


def _disallowed(xs: Sequence[_Value], ys: Sequence[_Value]) -> list[_Value]:
    """The values of ``xs`` that no value of ``ys`` allows (intervals that meet none of theirs), in
    O(n log n): a story may hold an article of thousands of figures."""
    if not ys:
        return list(xs)
    by_low = sorted(ys, key=lambda y: y.low)
    lows = [y.low for y in by_low]
    reach = list(itertools.accumulate((y.high for y in by_low), max))  # the highest high among the first i
    out = []
    for x in xs:
        i = bisect_right(lows, x.high)  # the values starting at or below x's end
        if i == 0 or reach[i - 1] < x.low:
            out.append(x)
    return out


def _other_doers(key: str, x: _Value, y: _Value) -> bool:
    """Two match minutes that name different players ("Sead Kolasinac di menit ke-82" / "Victor Moses
    pada menit ke-47") are two moments of the match, not one told two ways."""
    return key == "count:menit-ke" and bool(x.names) and bool(y.names) and not x.names & y.names


def _one_of_each(key: str) -> bool:
    """Slots whose only value in each of two statements of one fact is the same thing's: the day,
    the clock time, the match minute (a statement that dates two events gives two)."""
    return key in {"date", "time", "count:menit-ke", "ordinal"}


def _agree(x: _Value, y: _Value) -> bool:
    return x.low <= y.high and y.low <= x.high


def _slot_value(stmt: Statement, v: _Value) -> SlotValue:
    return SlotValue(stmt.article, v.text, v.normalized, v.start, v.end, stmt.text)


def _is_update(a: Statement, x: _Value, b: Statement, y: _Value, members: Mapping[str, Member]) -> bool:
    """A figure a later article revises, saying so (or correcting what an earlier one called provisional)."""
    if x.slot in {"date", "time", "age", "score"}:
        return False
    pa, pb = members[a.article].article.published, members[b.article].article.published
    if pa is None or pb is None or pa == pb:
        return False
    (early, _), (late, late_value) = sorted(
        [(a, x), (b, y)], key=lambda sv: members[sv[0].article].article.published or ""
    )
    near = late.text[max(0, late_value.start - late.start - 60) : late_value.end - late.start + 20]
    return bool(_UPDATE_CUES.search(near) or _PROVISIONAL.search(early.text))


def _chronological(d: Discrepancy, members: Mapping[str, Member]) -> Discrepancy:
    values = sorted(d.values, key=lambda v: (members[v.article].article.published or "", v.article))
    return Discrepancy(d.slot, d.fact, tuple(values))


# -- titles -------------------------------------------------------------------------------------


# -- who did it --------------------------------------------------------------------------------


def _agent_conflicts(
    facts: Sequence[Fact], by_id: Mapping[str, ComparedArticle], ordered: Sequence[Member], moves: Mapping[str, str]
) -> list[Discrepancy]:
    """Two sources that give one deed to two different people: in a fact whose wordings are alike,
    each statement names one person, in the same place of the wording ("dicetak Redy" / "dicetak
    Andre"), and the two are neither one entity nor one name's parts."""
    people = {m.article.id: sorted((x for x in m.analysis.mentions if x.type == "PER"), key=lambda x: x.start)
              for m in ordered}  # fmt: skip
    texts = {m.article.id: m.article.text for m in ordered}
    out: list[Discrepancy] = []
    for fact in facts:
        if fact.strength < _STRONG_SIMILARITY or len(fact.statements) < 2:
            continue
        for i, a in enumerate(fact.statements):
            for b in fact.statements[i + 1 :]:
                if by_id[a.article].independent_of == by_id[b.article].independent_of:
                    continue
                x, y = _one_person(people[a.article], a), _one_person(people[b.article], b)
                if x is None or y is None or moves.get(x.entity_id, x.entity_id) == moves.get(y.entity_id, y.entity_id):
                    continue
                cue = _cue_before(texts[a.article], x)
                if not cue or cue != _cue_before(texts[b.article], y) or _one_name(x.text, y.text):
                    continue
                out.append(Discrepancy("agent", fact.id, (_mention_value(a, x), _mention_value(b, y))))
    return out


def _one_person(mentions: Sequence[EntityMention], stmt: Statement) -> EntityMention | None:
    inside = [x for x in mentions if stmt.start <= x.start and x.end <= stmt.end]
    return inside[0] if len(inside) == 1 else None


def _one_name(a: str, b: str) -> bool:
    """Whether two names can be one person's: one holds the other's words, or an alias maps them."""
    aliases = name_aliases()
    x, y = (aliases.get(fold(n), fold(n)) for n in (a, b))
    wx, wy = set(x.split()), set(y.split())
    return wx <= wy or wy <= wx


def _cue_before(text: str, mention: EntityMention) -> str:
    """The word right before a name, when it says what the name did or had done ("dicetak", "oleh"):
    "" for a function word, a reporting verb, a title, or the start of a sentence."""
    words = re.findall(r"[^\W\d_]+", text[max(0, mention.start - 30) : mention.start])
    if not words or words[-1][0].isupper():
        return ""
    word = words[-1].lower()
    if word in _REPORTING or (word in stopwords() and word != "oleh"):
        return ""  # who said it is the quotation's business (two people may say one thing)
    cue = synonym_of(word, stem(word))
    return "" if cue in _REPORTING or cue == synonym_of("kata", stem("kata")) else cue


def _mention_value(stmt: Statement, mention: EntityMention) -> SlotValue:
    return SlotValue(stmt.article, mention.text, fold(mention.text), mention.start, mention.end, stmt.text)


# -- places -------------------------------------------------------------------------------------


def _place_conflicts(facts: Sequence[Fact], by_id: Mapping[str, ComparedArticle]) -> list[Discrepancy]:
    """Two sources that name one place of the story differently (:mod:`~warta.lang.id.places`):
    within a fact, the one place of a key each statement names ("di Serang, Banten" / "di Cilegon,
    Banten"); across facts, a place noun each article names once and only once, in statements that
    say the same word about it ("terjatuh ... tikungan 6" / "terjatuh di tikungan 8")."""
    places = {(st.article, st.start): _unique_places(st.text) for f in facts for st in f.statements}
    out: list[Discrepancy] = []
    reported: set[tuple[str, str]] = set()  # (article, key)
    for fact in facts:
        for i, a in enumerate(fact.statements):
            for b in fact.statements[i + 1 :]:
                if by_id[a.article].independent_of == by_id[b.article].independent_of:
                    continue
                pa, pb = places[(a.article, a.start)], places[(b.article, b.start)]
                said: set[tuple[int, int]] = set()  # one pair of places read under two keys is one conflict
                for key in sorted(pa.keys() & pb.keys()):
                    x, y = pa[key], pb[key]
                    if x is None or y is None or places_agree(x.name, y.name):
                        continue
                    reported |= {(a.article, key), (b.article, key)}
                    if (x.start, y.start) not in said:
                        out.append(Discrepancy("place", fact.id, (_place_value(a, x), _place_value(b, y))))
                        said.add((x.start, y.start))
    out.extend(_places_across_facts(facts, by_id, places, reported))
    return out


def _places_across_facts(
    facts: Sequence[Fact],
    by_id: Mapping[str, ComparedArticle],
    places: Mapping[tuple[str, int], dict[str, Place | None]],
    reported: set[tuple[str, str]],
) -> list[Discrepancy]:
    named: dict[str, dict[str, list[tuple[Statement, Place | None]]]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        for st in fact.statements:
            for key, place in places[(st.article, st.start)].items():
                if key.startswith("noun:"):
                    named[key][st.article].append((st, place))
    out: list[Discrepancy] = []
    for key, per_article in sorted(named.items()):
        one = {a: found for a, found in per_article.items() if _one_place(found)}  # each names the place one way
        articles = sorted(one)
        for i, a in enumerate(articles):
            for b in articles[i + 1 :]:
                if (
                    by_id[a].independent_of == by_id[b].independent_of
                    or (a, key) in reported
                    or (b, key) in reported
                    or places_agree(_named(one[a][0]).name, _named(one[b][0]).name)
                ):
                    continue
                said = [
                    (sa, sb)
                    for sa in one[a]
                    for sb in one[b]
                    if _place_context(sa[0].text, _named(sa)) & _place_context(sb[0].text, _named(sb))
                ]
                if said:  # every sentence of the two that names the place
                    values = [_place_value(st, _named((st, p))) for st, p in (*one[a], *one[b])]
                    out.append(Discrepancy("place", None, tuple(values)))
                    reported |= {(a, key), (b, key)}
    return out


def _one_place(found: Sequence[tuple[Statement, Place | None]]) -> bool:
    names = [p.name for _, p in found if p is not None]
    return len(names) == len(found) and all(places_agree(names[0], n) for n in names)


def _named(said: tuple[Statement, Place | None]) -> Place:
    assert said[1] is not None
    return said[1]


@lru_cache(maxsize=4096)
def _unique_places(text: str) -> dict[str, Place | None]:
    """Each key's one place in ``text``, or None where the text names several of that key."""
    out: dict[str, Place | None] = {}
    for place in find_places(text):
        held = out.get(place.key, place)
        out[place.key] = place if held is not None and places_agree(held.name, place.name) else None
    return out


def _place_context(text: str, place: Place) -> frozenset[str]:
    return _context_words(text, place.start, place.end)


def _place_value(stmt: Statement, place: Place) -> SlotValue:
    return SlotValue(stmt.article, place.text, place.name, stmt.start + place.start, stmt.start + place.end, stmt.text)


def _role_conflicts(
    ordered: Sequence[Member], by_id: Mapping[str, ComparedArticle], moves: Mapping[str, str]
) -> list[Discrepancy]:
    """One person given two titles of one office that cannot both be true.

    "Menteri Pertahanan" and "Menteri Luar Negeri" clash; "juru bicara" and "koordinator" do not.
    """
    roles: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for m in ordered:
        text = m.article.text
        for mention in m.analysis.mentions:
            if mention.type != "PER" or not mention.role:
                continue
            at = _role_span(text, mention.role, mention.start, mention.end)
            if at is not None:
                roles[moves.get(mention.entity_id, mention.entity_id)].append((m.article.id, mention.role, *at))
    out: list[Discrepancy] = []
    for _, found in sorted(roles.items()):
        seen: set[tuple[str, str]] = set()
        for i, (art_a, role_a, sa, ea) in enumerate(found):
            for art_b, role_b, sb, eb in found[i + 1 :]:
                if by_id[art_a].independent_of == by_id[art_b].independent_of:
                    continue
                pair = (fold(role_a), fold(role_b))
                if pair in seen or not _roles_clash(role_a, role_b):
                    continue
                seen.add(pair)
                text_a = next(m.article.text for m in ordered if m.article.id == art_a)
                text_b = next(m.article.text for m in ordered if m.article.id == art_b)
                out.append(
                    Discrepancy(
                        "role",
                        None,
                        (
                            SlotValue(art_a, role_a, fold(role_a), sa, ea, _sentence_at(text_a, sa)),
                            SlotValue(art_b, role_b, fold(role_b), sb, eb, _sentence_at(text_b, sb)),
                        ),
                    )
                )
    return out


def _role_span(text: str, role: str, start: int, end: int) -> tuple[int, int] | None:
    before = text.rfind(role, max(0, start - len(role) - 4), start)
    if before >= 0:
        return before, before + len(role)
    after = text.find(role, end, end + len(role) + 8)
    return (after, after + len(role)) if after >= 0 else None


def _role_words(role: str) -> list[str]:
    return [w for w in fold(role).split() if w not in stopwords() and w not in {"seorang", "sang", "mantan"}]


def _roles_clash(a: str, b: str) -> bool:
    wa, wb = _role_words(a), _role_words(b)
    ranks = rank_words()
    if len(wa) == 1 and len(wb) == 1 and wa[0] in ranks and wb[0] in ranks:
        return wa[0] != wb[0]  # "Sertu S" / "Serda S": one person, two ranks
    if not wa or not wb or wa[0] != wb[0] or "mantan" in fold(a).split() or "mantan" in fold(b).split():
        return False
    rest_a, rest_b = set(wa[1:]), set(wb[1:])
    if _in_a_named_body(a) or _in_a_named_body(b):
        return False  # "Wakil Ketua MPR" and "Wakil Ketua Dewan Pakar Partai Golkar": one person, two bodies
    return bool(rest_a and rest_b) and not (rest_a <= rest_b or rest_b <= rest_a)


def _in_a_named_body(role: str) -> bool:
    """Whether a role is an office in a named body (an acronym, or a name with an organisation's head
    word), which a person may hold beside an office elsewhere; a portfolio ("Menteri Pertahanan") is not."""
    rest = role.split()[1:]
    return any(len(w) >= 2 and w.isupper() for w in rest) or is_organisation_name(" ".join(rest))


def _sentence_at(text: str, offset: int) -> str:
    for s, e in split_sentences(text):
        if s <= offset < e:
            return text[s:e]
    return ""


# -- quotation variants -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Said:
    doc: int
    article: str
    quote: Quote
    speaker: str  # the speaker's key: the (merged) entity id, else the folded name
    stems: frozenset[str]


def _quote_variants(ordered: Sequence[Member], moves: Mapping[str, str], cfg: CompareConfig) -> list[QuoteVariant]:
    said: list[tuple[int, str, Quote]] = [
        (d, m.article.id, q) for d, m in enumerate(ordered) for q in m.analysis.quotes if q.speaker is not None
    ]
    people = _same_speakers([q.speaker for _, _, q in said if q.speaker is not None], moves)
    by_speaker: dict[str, list[_Said]] = defaultdict(list)
    for d, article, q in said:
        assert q.speaker is not None
        key = people[(q.speaker.name, q.speaker.entity_id)]
        by_speaker[key].append(_Said(d, article, q, key, content_stems(q.text)))
    out: list[QuoteVariant] = []
    for key in sorted(by_speaker):
        for group in _group_quotes(by_speaker[key], cfg.quote_threshold):
            renderings = tuple(
                Rendering(s.article, s.quote.text, s.quote.kind, s.quote.start, s.quote.end)
                for s in sorted(group, key=lambda s: (s.doc, s.quote.start))
            )
            out.append(QuoteVariant(_speaker_name(group), _speaker_entity(group, moves), renderings))
    out.sort(key=lambda v: (-len(v.renderings), v.speaker, v.renderings[0].article, v.renderings[0].start))
    return out


def _same_speakers(speakers: Sequence[Speaker], moves: Mapping[str, str]) -> dict[tuple[str, str | None], str]:
    """(name, entity id) -> one key per person: one (merged) entity, one surname ("Pol Yusri Yunus" and
    "Yusri Yunus"; a nickname counts as its full name), or a lone name that is a word of exactly one
    longer name ("Retno" of "Retno Marsudi")."""
    names = sorted({(s.name, s.entity_id) for s in speakers}, key=lambda n: (n[0], n[1] or ""))
    groups = _Groups(len(names))
    first_by: dict[str, int] = {}
    aliases = name_aliases()
    words = [aliases.get(fold(name), fold(name)).split() for name, _ in names]  # "Jokowi" is "Joko Widodo"
    for i, (_, entity) in enumerate(names):
        keys = [f"entity:{moves.get(entity, entity)}"] if entity else []
        if len(words[i]) >= 2:
            keys.append(f"surname:{words[i][-1]}")
        for key in keys:
            groups.union(i, first_by.setdefault(key, i))
    for i, w in enumerate(words):
        if len(w) == 1:
            longer = {groups.find(j) for j, other in enumerate(words) if len(other) >= 2 and w[0] in other}
            if len(longer) == 1:
                groups.union(i, longer.pop())
    return {n: f"speaker:{groups.find(i)}" for i, n in enumerate(names)}


def _speaker_entity(group: Sequence[_Said], moves: Mapping[str, str]) -> str | None:
    """The entity of the group's fullest speaker name that has one."""
    named = [s.quote.speaker for s in group if s.quote.speaker is not None and s.quote.speaker.entity_id]
    if not named:
        return None
    best = max(named, key=lambda sp: (len(sp.name.split()), sp.name))
    assert best.entity_id is not None
    return moves.get(best.entity_id, best.entity_id)


def _merge_by_fact(variants: list[QuoteVariant], facts: Sequence[Fact]) -> list[QuoteVariant]:
    """Quotations of one speaker in statements of one fact are one utterance, however differently
    worded ("Kami berharap dan berdoa" / "ia berharap dan berdoa"): their groups merge, as long as
    the merged group holds one rendering per article."""
    starts: dict[str, list[tuple[int, int]]] = defaultdict(list)  # article -> (rendering start, variant)
    for k, v in enumerate(variants):
        for r in v.renderings:
            starts[r.article].append((r.start, k))
    for found in starts.values():
        found.sort()
    groups = _Groups(len(variants))
    articles = [{r.article for r in v.renderings} for v in variants]
    for f in facts:
        if len(f.statements) < 2:
            continue
        inside: set[int] = set()
        for st in f.statements:
            found = starts.get(st.article, [])
            lo = bisect_left(found, (st.start, -1))
            inside.update(k for start, k in found[lo : bisect_left(found, (st.end, -1))])
        ordered = sorted(inside)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                ra, rb = groups.find(a), groups.find(b)
                if ra != rb and _one_speaker(variants[a], variants[b]) and not articles[ra] & articles[rb]:
                    articles[groups.union(ra, rb)] = articles[ra] | articles[rb]
    merged: dict[int, list[Rendering]] = defaultdict(list)
    for k, v in enumerate(variants):
        merged[groups.find(k)].extend(v.renderings)
    out = [
        QuoteVariant(variants[k].speaker, variants[k].entity_id, tuple(sorted(rs, key=lambda r: (r.article, r.start))))
        for k, rs in merged.items()
    ]
    out.sort(key=lambda v: (-len(v.renderings), v.speaker, v.renderings[0].article, v.renderings[0].start))
    return out


def _one_speaker(a: QuoteVariant, b: QuoteVariant) -> bool:
    if a.entity_id and a.entity_id == b.entity_id:
        return True
    return _surname(a.speaker) == _surname(b.speaker) != ""


def _quote_links(stmts: Sequence[_Stmt], variants: Sequence[QuoteVariant]) -> list[tuple[int, int]]:
    """Pairs of statements (of different articles) that hold renderings of one quotation."""
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for i, s in enumerate(stmts):
        spans[s.record.article].append((s.record.start, s.record.end, i))
    links: list[tuple[int, int]] = []
    for v in variants:
        holders = []
        for r in v.renderings:
            found = next((i for s, e, i in spans[r.article] if s <= r.start < e), None)
            if found is not None:
                holders.append(found)
        links += [(a, b) for k, a in enumerate(holders) for b in holders[k + 1 :]]
    return links


def _surname(name: str) -> str:
    folded = fold(name)
    words = name_aliases().get(folded, folded).split()
    return words[-1] if words else ""


def _speaker_name(group: Sequence[_Said]) -> str:
    names = [s.quote.speaker.name for s in group if s.quote.speaker is not None]
    return max(names, key=lambda n: (len(n.split()), n))


def _quote_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice of the word stems, or most of the shorter rendering found in the longer (a shortened quote)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return max(
        2.0 * shared / (len(a) + len(b)), 0.8 * shared / min(len(a), len(b)) if min(len(a), len(b)) >= 4 else 0.0
    )


def _group_quotes(said: Sequence[_Said], threshold: float) -> list[list[_Said]]:
    """One speaker's quotations grouped into utterances: the most alike pair of different articles
    first (average link, one rendering per article), so that a loosely similar quotation read
    earlier cannot take the place of the close rendering read later."""
    ordered = sorted(said, key=lambda s: (s.doc, s.quote.start))
    n = len(ordered)
    score = np.zeros((n, n))
    pairs: list[tuple[float, int, int]] = []
    for i in range(n):
        for j in range(i + 1, n):
            if ordered[i].doc != ordered[j].doc:
                score[i, j] = score[j, i] = _quote_similarity(ordered[i].stems, ordered[j].stems)
                if score[i, j] >= threshold:
                    pairs.append((-score[i, j], i, j))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    group = list(range(n))
    for _, i, j in sorted(pairs):
        gi, gj = group[i], group[j]
        if gi == gj or {ordered[k].doc for k in members[gi]} & {ordered[k].doc for k in members[gj]}:
            continue
        if float(score[np.ix_(members[gi], members[gj])].mean()) < threshold:
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        for k in members[gone]:
            group[k] = keep
        members[keep] += members.pop(gone)
    return [[ordered[k] for k in sorted(m)] for _, m in sorted(members.items())]


# -- coverage -----------------------------------------------------------------------------------


def _entity_coverage(
    ordered: Sequence[Member], by_id: Mapping[str, ComparedArticle], moves: Mapping[str, str]
) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m in ordered:
        outlet = by_id[m.article.id].outlet
        for mention in m.analysis.mentions:
            counts[moves.get(mention.entity_id, mention.entity_id)][outlet] += 1
    return {eid: dict(sorted(per.items())) for eid, per in sorted(counts.items())}


# -- the summary --------------------------------------------------------------------------------

# How a summary note names each slot (the summaries are in the story's language: Indonesian first).
SLOT_NAMES = {
    "count": "jumlah",
    "amount": "nilai",
    "percent": "persentase",
    "age": "usia",
    "score": "skor",
    "duration": "lama",
    "measure": "ukuran",
    "date": "tanggal",
    "time": "waktu",
    "role": "jabatan",
    "place": "tempat",
    "ordinal": "urutan",
    "agent": "pelaku",
}


def sentence_facts(c: Comparison) -> dict[tuple[str, int], tuple[str, float, bool]]:
    """(article id, sentence index) -> the sentence's fact, how many independent sources state it
    (weighed by how alike their wordings are: a fact two outlets word alike counts fully), and
    whether it is background (a sentence split into clauses takes the fact listed first)."""
    group = {a.id: a.independent_of for a in c.articles}
    out: dict[tuple[str, int], tuple[str, float, bool]] = {}
    for f in c.facts:
        n = len({group[s.article] for s in f.statements})
        support = 1.0 + (n - 1) * min(1.0, f.strength / _STRONG_SIMILARITY)
        for s in f.statements:
            out.setdefault((s.article, s.sentence), (f.id, support, f.background))
    return out


def annotate_summary(summary: Sequence[SummarySentence], c: Comparison) -> tuple[SummarySentence, ...]:
    """Each summary sentence cites the articles of its fact, says whether the fact is
    corroborated or single-source, and, where outlets give the fact different values,
    says so with every value and its outlet (and cites them all)."""
    facts = {(s.article, s.sentence): f for f in c.facts for s in f.statements}
    outlet = {a.id: a.outlet for a in c.articles}
    out: list[SummarySentence] = []
    for sentence in summary:
        fact = facts.get((sentence.article_id, sentence.position))
        if fact is None:
            out.append(sentence)
            continue
        cites = (
            {*sentence.citations, *(s.article for s in fact.statements)}
            if fact.kind == "corroborated"
            else {
                *(a for a in sentence.citations if a == sentence.article_id or _copies(a, sentence, c)),
                sentence.article_id,
            }
        )
        differ = [d for d in c.conflicts if d.fact == fact.id or _touches(d, sentence, fact)]
        notes = [_note(d, outlet) for d in differ]
        for d in differ:
            cites.update(v.article for v in d.values)
        out.append(replace(sentence, citations=tuple(sorted(cites)), support=fact.kind, note=" ".join(notes) or None))
    return tuple(out)


def _copies(article_id: str, sentence: SummarySentence, c: Comparison) -> bool:
    group = {a.id: a.independent_of for a in c.articles}
    return group.get(article_id) == group.get(sentence.article_id)


def _touches(d: Discrepancy, sentence: SummarySentence, fact: Fact) -> bool:
    """A story-level discrepancy (a title) whose value lies in one of the fact's statements."""
    return d.fact is None and any(
        v.article == s.article and s.start <= v.start < s.end for v in d.values for s in fact.statements
    )


def _note(d: Discrepancy, outlet: Mapping[str, str]) -> str:
    values = "; ".join(f"{v.value} ({outlet.get(v.article, v.article)})" for v in d.values)
    return f"Media berbeda soal {SLOT_NAMES.get(d.slot, d.slot)}: {values}."


# -- JSON ---------------------------------------------------------------------------------------


def comparison_json(c: Comparison) -> dict[str, object]:
    """The comparison as the JSON object ``warta compare --format json`` prints (a stable interface)."""
    return {
        "story": c.story,
        "articles": [
            {
                "id": a.id,
                "source": a.source,
                "published": a.published,
                "outlet": a.outlet,
                "source_group": a.independent_of,
            }
            for a in c.articles
        ],
        "facts": [
            {
                "id": f.id,
                "kind": f.kind,
                "background": f.background,
                "outlets": list(f.outlets),
                "statements": [
                    {"article": s.article, "start": s.start, "end": s.end, "text": s.text} for s in f.statements
                ],
            }
            for f in c.facts
        ],
        "conflicts": [_discrepancy_json(d) for d in c.conflicts],
        "updates": [_discrepancy_json(d) for d in c.updates],
        "quote_variants": [
            {
                "speaker": {"name": v.speaker, "entity_id": v.entity_id},
                "renderings": [
                    {"article": r.article, "text": r.text, "kind": r.kind, "start": r.start, "end": r.end}
                    for r in v.renderings
                ],
            }
            for v in c.quote_variants
        ],
        "coverage": {
            "outlets": sorted({a.outlet for a in c.articles}),
            "facts": {f.id: list(f.outlets) for f in c.facts},
            "entities": c.entity_coverage,
        },
    }


def _discrepancy_json(d: Discrepancy) -> dict[str, object]:
    return {
        "slot": d.slot,
        "fact": d.fact,
        "values": [
            {
                "article": v.article,
                "value": v.value,
                "normalized": v.normalized,
                "start": v.start,
                "end": v.end,
                "statement": v.statement,
            }
            for v in d.values
        ],
    }
