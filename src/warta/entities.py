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

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
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


# -- keys ---------------------------------------------------------------------------------


def fold(name: str) -> str:
    """A spelling-insensitive form: lower case, no accents or hyphens, and the
    usual transliteration variants collapsed (y→i, kh→h, ph→f, doubled letters)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[-‐‑'’.]", " ", text)
    text = text.replace("kh", "h").replace("ph", "f").replace("y", "i")
    text = re.sub(r"([a-z])\1+", r"\1", text)
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
    covered = [(m.start, m.end) for m in taken]
    return [
        Mention(m.start(), m.end(), m.group(), "LOC")
        for m in _country_pattern().finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in covered)
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
    covered = [(m.start, m.end) for m in mentions]
    people_spans = [(m.start, m.end) for m in people]
    dropped_other: set[tuple[int, int]] = set()
    added: list[MentionLike] = []
    heads = {words[0] for words in role_heads()}
    for surname in sorted(surnames):
        for found in re.finditer(rf"(?<![\w]){re.escape(surname)}(?![\w])", text):
            start = found.start()
            before = [m for m in _CAPITALISED.finditer(text, max(0, start - 60), start)]
            given: list[re.Match[str]] = []
            for word in reversed(before):
                gap = text[word.end() : (given[0].start() if given else start)]
                if gap != " " or fold(word.group()) in country_names() or word.group().lower() in heads:
                    break
                if _common_word_opening_sentence(text, word):
                    break  # "Kunjungan Shoigu adalah ...": a noun, not a given name
                given.insert(0, word)
            if not given:
                continue
            span = (given[0].start(), found.end())
            if any(s <= span[0] and span[1] <= e for s, e in people_spans):
                continue  # the model already has it (or a longer name)
            swallowed = [m for m in mentions if m.type != "PER" and m.start < span[0] and m.end == span[1]]
            if swallowed:  # "Pertahanan Rusia Sergei Shoigu" taken for an organisation: the name is its tail
                dropped_other.update((m.start, m.end) for m in swallowed)
                added.append(Mention(span[0], span[1], text[span[0] : span[1]], "PER"))
                continue
            if any(s <= span[0] and span[1] <= e for s, e in covered):
                continue
            if any(s < span[1] and span[0] < e and (s, e) != (found.start(), found.end()) for s, e in covered):
                continue  # it would cut through another mention
            added.append(Mention(span[0], span[1], text[span[0] : span[1]], "PER"))
    dropped = {(m.start, m.end) for m in added} | {(m.end - len(m.text.split()[-1]), m.end) for m in added}
    kept = [
        m
        for m in mentions
        if not ((m.start, m.end) in dropped and m.type == "PER") and (m.start, m.end) not in dropped_other
    ]
    return kept + added


def resolve_article(text: str, mentions: Iterable[MentionLike]) -> list[EntityMention]:
    """Give every mention its entity id (and a person's role, where the text states it)."""
    cleaned = split_compounds(trim_lowercase_edges(mentions))
    ordered = sorted(complete_person_names(text, cleaned), key=lambda m: (m.start, -m.end))
    full_names = [m for m in ordered if m.type == "PER" and len(m.text.split()) > 1]
    resolved = []
    for m in ordered:
        anchor = _longer_name(m, full_names) if m.type == "PER" else None
        key = entity_key(anchor.text if anchor else m.text, m.type)
        role = None
        if m.type == "PER":
            role = role_before(text, m.start) or role_after(text, m.end)
        resolved.append(EntityMention(m.start, m.end, m.text, m.type, entity_id(m.type, key), role))
    return resolved


def _longer_name(mention: MentionLike, full_names: Sequence[MentionLike]) -> MentionLike | None:
    """The full name in the article that a one-word name is the last or first word of."""
    words = mention.text.split()
    if len(words) != 1:
        return None
    token = fold(words[0])
    found = {
        fold(full.text): full
        for full in full_names
        if fold(full.text.split()[-1]) == token or fold(full.text.split()[0]) == token
    }
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
    full = [e for e in people if len(e.name.split()) > 1]
    moves = {}
    for e in people:
        if len(e.name.split()) != 1:
            continue
        token = fold(e.name)
        targets = {f.id for f in full if token in (fold(f.name.split()[-1]), fold(f.name.split()[0]))}
        if len(targets) == 1:
            moves[e.id] = targets.pop()
    return moves
