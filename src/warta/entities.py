"""Entity resolution: one canonical entity per real-world thing.

Named-entity mentions (from ``warta.ner``) are grouped into entities:

- within an article, a short form joins the longer name it ends or starts
  ("Shoigu" … "Sergei Shoigu"; "Kirby" … "John Kirby");
- spelling and transliteration variants share a *key* ("Sergey"/"Sergei",
  "Kim Jong-un"/"Kim Jong Un"), and entities with the same type and key are
  the same entity across articles, stories and the database;
- countries and territories are keyed by ISO code, with names from CLDR (via
  Babel) in Indonesian and English plus the curated aliases in
  ``lang/id/country_aliases.tsv`` (AS, Tiongkok, Cina, RRT, Korut …);
- a lone surname is never merged across articles by itself: two people may
  share it. :func:`merge_story` joins it to the one full name in the story
  that ends with it, when there is exactly one.

Roles come from appositions: "Menteri Pertahanan Rusia Sergei Shoigu" and
"John Kirby, koordinator Dewan Keamanan Nasional Gedung Putih, …".
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Protocol

from babel import Locale

from .cluster import packaged_idf
from .lang.id.stopwords import stopwords
from .ner.model import Mention
from .records import Entity, EntityMention

ROLE_WORDS_BEFORE = 8  # how far back a role may start before a name
ROLE_WORDS_AFTER = 14  # how long an apposition after a name may be
LOWERCASE_IN_ROLE = 4  # "Juru bicara keamanan nasional Gedung Putih": lower-case words allowed
# Below this background IDF a capitalised word opening a sentence is taken for a
# common word ("Kunjungan", "Pertemuan"), not a given name.
COMMON_WORD_IDF = 6.0


class MentionLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def type(self) -> str: ...


class _Spans:
    """Mention spans, searchable by position: what overlaps a span costs O(log n + overlaps), not O(n).

    Spans are sorted by start; one that ends after ``lo`` starts after ``lo - longest``, so only
    the spans starting in that window are looked at (mentions are a few words long).
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)

    def overlapping(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans ``(s, e)`` with ``s < hi`` and ``lo < e``."""
        first = bisect.bisect_right(self._starts, lo - self._longest)
        last = bisect.bisect_left(self._starts, hi)
        return [(s, e) for s, e in self._spans[first:last] if lo < e]

    def covers(self, lo: int, hi: int) -> bool:
        """True when one span contains ``lo..hi`` (a non-empty span)."""
        return any(s <= lo and hi <= e for s, e in self.overlapping(lo, hi))


# -- keys ---------------------------------------------------------------------------------


_FOLD_SPACE = re.compile(r"[-‐‑'’.]")
_FOLD_DOUBLE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=65_536)  # names recur in every article: folding was a tenth of the analysis
def fold(name: str) -> str:
    """A spelling-insensitive form: lower case, no accents or hyphens, and the
    usual transliteration variants collapsed (y→i, kh→h, ph→f, doubled letters)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _FOLD_SPACE.sub(" ", text)
    text = text.replace("kh", "h").replace("ph", "f").replace("y", "i")
    text = _FOLD_DOUBLE.sub(r"\1", text)
    return " ".join(text.split())


@cache
def country_names() -> dict[str, str]:
    """Folded country/territory name → ISO code, from CLDR (id, en) and the curated aliases."""
    names: dict[str, str] = {}
    for locale in ("en", "id"):
        for code, name in Locale(locale).territories.items():
            if code.isalpha() and len(code) == 2:
                names[fold(name)] = code
    text = resources.files("warta.lang.id").joinpath("country_aliases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            alias, _, code = line.partition("\t")
            names[fold(alias)] = code.strip()
    return names


@cache
def country_display_names() -> dict[str, str]:
    """ISO code → Indonesian CLDR name ("CN" → "Tiongkok")."""
    return {code: name for code, name in Locale("id").territories.items() if code.isalpha() and len(code) == 2}


@cache
def _country_pattern() -> re.Pattern[str]:
    """Capitalised country names and aliases as whole words ("Tiongkok" in "Korea Utara-Tiongkok")."""
    names: set[str] = set()
    for locale in ("en", "id"):
        names |= {n for c, n in Locale(locale).territories.items() if c.isalpha() and len(c) == 2}
    text = resources.files("warta.lang.id").joinpath("country_aliases.tsv").read_text(encoding="utf-8")
    names |= {line.partition("\t")[0] for line in text.splitlines() if line.strip() and not line.startswith("#")}
    alternatives = sorted((re.escape(n) for n in names if n[:1].isupper()), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")


def country_mentions(text: str, taken: Iterable[MentionLike]) -> list[MentionLike]:
    """Country names the NER model missed, found by the CLDR names and aliases."""
    covered = _Spans((m.start, m.end) for m in taken)
    return [
        Mention(m.start(), m.end(), m.group(), "LOC")
        for m in _country_pattern().finditer(text)
        if not covered.overlapping(m.start(), m.end())
    ]


def entity_key(name: str, type_: str) -> str:
    folded = fold(name)
    if type_ in {"LOC", "GPE", "ORG"}:
        code = country_names().get(folded)
        if code is not None:
            return f"country:{code}"
    return folded


def entity_id(type_: str, key: str) -> str:
    kind = "LOC" if key.startswith("country:") else type_
    return "ent-" + hashlib.blake2b(f"{kind}:{key}".encode(), digest_size=6).hexdigest()


# -- roles --------------------------------------------------------------------------------


@cache
def role_heads() -> tuple[tuple[str, ...], ...]:
    """Role head words as word tuples, longest first."""
    text = resources.files("warta.lang.id").joinpath("roles.txt").read_text(encoding="utf-8")
    heads = {tuple(line.split()) for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return tuple(sorted(heads, key=len, reverse=True))


_WORD = re.compile(r"[\w'’.-]+")
_CLAUSE_BREAK = re.compile(r"[,;:.!?\"“”()]")


def role_before(text: str, start: int) -> str | None:
    """The role that directly precedes a name: "Menteri Pertahanan Rusia| Sergei Shoigu"."""
    head = text[max(0, start - 200) : start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
    words = [m for m in _WORD.finditer(head, cut)][-ROLE_WORDS_BEFORE:]
    lowered = [w.group().lower() for w in words]
    for i in range(len(words)):
        for role in role_heads():
            if tuple(lowered[i : i + len(role)]) == role and _role_tail_ok(words[i + len(role) :]):
                phrase = head[words[i].start() :].strip()
                return phrase[0].upper() + phrase[1:] if phrase else None
    return None


def _role_tail_ok(words: Sequence[re.Match[str]]) -> bool:
    """After the head, a role is names (capitalised) with a few lower-case words."""
    lowercase = sum(1 for w in words if not w.group()[0].isupper())
    return lowercase <= LOWERCASE_IN_ROLE


def role_after(text: str, end: int) -> str | None:
    """An apposition after a name: "John Kirby|, koordinator Dewan Keamanan Nasional …,"."""
    tail = text[end : end + 300]
    m = re.match(r"\s*,\s*(?:(?:seorang|salah seorang|selaku|sebagai)\s+)?([^,.;:\"“”()]+)", tail)
    if m is None:
        return None
    phrase = m.group(1).strip()
    words = phrase.lower().split()
    if not words or len(words) > ROLE_WORDS_AFTER:
        return None
    if any(tuple(words[: len(role)]) == role for role in role_heads()):
        return phrase
    return None


# -- resolution ---------------------------------------------------------------------------


_NAME_PARTICLES = frozenset({"bin", "binti", "van", "von", "de", "der", "al", "el", "da", "di", "dan"})


def trim_lowercase_edges(mentions: Iterable[MentionLike]) -> list[MentionLike]:
    """In cased text a name neither starts nor ends with a lower-case word: "Kim surat" is "Kim".
    Mentions in lower-cased text (no capital at all) are left as they are."""
    out: list[MentionLike] = []
    for m in mentions:
        words = list(re.finditer(r"\S+", m.text))
        if not any(w.group()[:1].isupper() for w in words):
            out.append(m)
            continue
        while words and not words[-1].group()[:1].isupper() and not words[-1].group()[:1].isdigit():
            words.pop()
        while words and not words[0].group()[:1].isupper() and words[0].group() not in _NAME_PARTICLES:
            words.pop(0)
        if not words:
            continue
        if (words[0].start(), words[-1].end()) == (0, len(m.text)):
            out.append(m)
        else:
            lo, hi = words[0].start(), words[-1].end()
            out.append(Mention(m.start + lo, m.start + hi, m.text[lo:hi], m.type))
    return out


def split_compounds(mentions: Iterable[MentionLike]) -> list[MentionLike]:
    """ "Korea Utara-Tiongkok" and "Rusia-Cina-Korea Utara" name several countries:
    one mention each, so each joins its own country."""
    out: list[MentionLike] = []
    for m in mentions:
        parts = m.text.split("-")
        if m.type in {"LOC", "GPE", "ORG"} and len(parts) > 1 and all(fold(p) in country_names() for p in parts):
            offset = m.start
            for part in parts:
                out.append(Mention(offset, offset + len(part), part, "LOC"))
                offset += len(part) + 1
        else:
            out.append(m)
    return out


_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")


def _common_word_opening_sentence(text: str, word: re.Match[str]) -> bool:
    lower = word.group().lower()
    if lower in stopwords():
        return True
    opens = word.start() == 0 or text[max(0, word.start() - 2) : word.start()].strip() in {"", ".", "!", "?", '"'}
    return opens and packaged_idf().weights.get(lower, packaged_idf().default) < COMMON_WORD_IDF


def complete_person_names(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """One sense per article: where the model found a person ("Shoigu"), the same
    surname preceded by capitalised given names elsewhere ("Rusia Sergei Shoigu",
    which it missed) is that name too. Country names and role words stop the name."""
    people = [m for m in mentions if m.type == "PER"]
    surnames = {m.text.split()[-1] for m in people if m.text[:1].isupper()}
    covered = _Spans((m.start, m.end) for m in mentions)
    people_spans = _Spans((m.start, m.end) for m in people)
    others_by_end: dict[int, list[MentionLike]] = defaultdict(list)
    for m in mentions:
        if m.type != "PER":
            others_by_end[m.end].append(m)
    dropped_other: set[tuple[int, int]] = set()
    added: list[MentionLike] = []
    heads = {words[0] for words in role_heads()}
    for start, end in surname_occurrences(text, surnames):
        given = _given_names(text, start, heads)
        if not given:
            continue
        span = (given[0].start(), end)
        if people_spans.covers(*span):
            continue  # the model already has it (or a longer name)
        swallowed = [m for m in others_by_end.get(span[1], ()) if m.start < span[0]]
        if swallowed:  # "Pertahanan Rusia Sergei Shoigu" taken for an organisation: the name is its tail
            dropped_other.update((m.start, m.end) for m in swallowed)
            added.append(Mention(span[0], span[1], text[span[0] : span[1]], "PER"))
            continue
        if covered.covers(*span):
            continue
        if any(other != (start, end) for other in covered.overlapping(*span)):
            continue  # it would cut through another mention
        added.append(Mention(span[0], span[1], text[span[0] : span[1]], "PER"))
    dropped = {(m.start, m.end) for m in added} | {(m.end - len(m.text.split()[-1]), m.end) for m in added}
    kept = [
        m
        for m in mentions
        if not ((m.start, m.end) in dropped and m.type == "PER") and (m.start, m.end) not in dropped_other
    ]
    return kept + added


def _given_names(text: str, start: int, heads: set[str]) -> list[re.Match[str]]:
    """The capitalised given names directly before a surname at ``start`` ("Sergei" in "Rusia Sergei Shoigu")."""
    before = list(_CAPITALISED.finditer(text, max(0, start - 60), start))
    given: list[re.Match[str]] = []
    for word in reversed(before):
        gap = text[word.end() : (given[0].start() if given else start)]
        if gap != " " or fold(word.group()) in country_names() or word.group().lower() in heads:
            break
        if _common_word_opening_sentence(text, word):
            break  # "Kunjungan Shoigu adalah ...": a noun, not a given name
        given.insert(0, word)
    return given


_WORD_RUN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def surname_occurrences(text: str, surnames: Iterable[str]) -> list[tuple[int, int]]:
    """Where each surname occurs as a whole word, by surname (sorted) then position.

    One pass over the text's words for all surnames: a regex scan per surname made an article
    with many people quadratic. A surname occurs only where a word starts, and that word is the
    surname's leading run of word characters ("Jong" for "Jong-un").
    """
    by_lead: dict[str, list[str]] = defaultdict(list)
    found: list[tuple[str, int, int]] = []
    for surname in surnames:
        lead = _WORD_RUN.match(surname)
        if lead is None:  # no leading word character: rare enough to scan for on its own
            pattern = rf"(?<![\w]){re.escape(surname)}(?![\w])"
            found += [(surname, m.start(), m.end()) for m in re.finditer(pattern, text)]
        else:
            by_lead[lead.group()].append(surname)
    for word in _WORD_RUN.finditer(text):
        for surname in by_lead.get(word.group(), ()):
            end = word.start() + len(surname)
            if text.startswith(surname, word.start()) and not _WORD_CHAR.match(text, end):
                found.append((surname, word.start(), end))
    occurrences: list[tuple[int, int]] = []
    last: tuple[str, int] = ("", -1)
    for surname, start, end in sorted(found):
        if surname != last[0] or start >= last[1]:  # like a regex scan: a surname's matches never overlap
            occurrences.append((start, end))
            last = (surname, end)
    return occurrences


def resolve_article(text: str, mentions: Iterable[MentionLike]) -> list[EntityMention]:
    """Give every mention its entity id (and a person's role, where the text states it)."""
    cleaned = split_compounds(trim_lowercase_edges(mentions))
    ordered = sorted(complete_person_names(text, cleaned), key=lambda m: (m.start, -m.end))
    full_names = _full_names_by_word(m for m in ordered if m.type == "PER" and len(m.text.split()) > 1)
    resolved = []
    for m in ordered:
        anchor = _longer_name(m, full_names) if m.type == "PER" else None
        key = entity_key(anchor.text if anchor else m.text, m.type)
        role = None
        if m.type == "PER":
            role = role_before(text, m.start) or role_after(text, m.end)
        resolved.append(EntityMention(m.start, m.end, m.text, m.type, entity_id(m.type, key), role))
    return resolved


def _full_names_by_word(full_names: Iterable[MentionLike]) -> dict[str, dict[str, MentionLike]]:
    """Folded first and last word -> the full names (by folded text; the last one of each) they open or end.

    Built once per article so that looking a one-word name up does not fold every full name again.
    """
    index: dict[str, dict[str, MentionLike]] = defaultdict(dict)
    for full in full_names:
        words = full.text.split()
        folded = fold(full.text)
        for token in {fold(words[0]), fold(words[-1])}:
            index[token][folded] = full
    return index


def _longer_name(mention: MentionLike, full_names: dict[str, dict[str, MentionLike]]) -> MentionLike | None:
    """The full name in the article that a one-word name is the last or first word of."""
    words = mention.text.split()
    if len(words) != 1:
        return None
    found = full_names.get(fold(words[0]), {})
    return next(iter(found.values())) if len(found) == 1 else None


def build_entities(article_mentions: dict[str, list[EntityMention]]) -> dict[str, Entity]:
    """Entities from the resolved mentions of several articles (a story, or the database)."""
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    articles: dict[str, set[str]] = defaultdict(set)
    for article_id, mentions in article_mentions.items():
        for m in mentions:
            variants[m.entity_id][m.text] += 1
            types[m.entity_id][m.type] += 1
            articles[m.entity_id].add(article_id)
            if m.role:
                roles[m.entity_id][m.role] += 1
    entities = {}
    for eid, names in variants.items():
        type_ = types[eid].most_common(1)[0][0]
        key = entity_key(_display(names), type_)
        name = _display(names)
        if key.startswith("country:"):
            name = country_display_names().get(key.split(":", 1)[1], name)
        entities[eid] = Entity(
            id=eid,
            name=name,
            type="LOC" if key.startswith("country:") else type_,
            key=key,
            variants=tuple(sorted(names)),
            roles=tuple(r for r, _ in roles[eid].most_common()),
            articles=tuple(sorted(articles[eid])),
        )
    return entities


def _display(names: Counter[str]) -> str:
    longest = max(len(n.split()) for n in names)
    return min((n for n in names if len(n.split()) == longest), key=lambda n: (-names[n], n))


def merge_story(entities: dict[str, Entity]) -> dict[str, str]:
    """Within one story: map each lone-word person to the single full name that
    ends (or starts) with it, when exactly one does. Returns ``{from_id: to_id}``."""
    people = [e for e in entities.values() if e.type == "PER"]
    # Folded first and last word -> the full names they open or end, built once (folding every
    # full name for every lone word made a story with many people quadratic).
    full_by_word: dict[str, set[str]] = defaultdict(set)
    for f in people:
        words = f.name.split()
        if len(words) > 1:
            for word in (words[0], words[-1]):
                full_by_word[fold(word)].add(f.id)
    moves = {}
    for e in people:
        if len(e.name.split()) != 1:
            continue
        targets = full_by_word.get(fold(e.name), set())
        if len(targets) == 1:
            moves[e.id] = next(iter(targets))
    return moves
