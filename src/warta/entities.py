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
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from typing import Protocol

from babel import Locale

from .cluster import packaged_idf
from .lang.id.datelines import KNOWN_OUTLETS
from .lang.id.dates import MONTHS, WEEKDAYS
from .lang.id.stopwords import stopwords
from .lang.id.wordlists import case_counts, common_words, read_sections, read_words
from .ner.model import Mention
from .records import Entity, EntityMention

# How far back a role may start before a name: "Direktur Jenderal Kependudukan dan Catatan Sipil
# Kementerian Dalam Negeri| Zudan Arif" is 12 words (the dev sets score the same at 8).
ROLE_WORDS_BEFORE = 12
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


# CLDR codes of two letters that are no country: bodies ("Perserikatan Bangsa-Bangsa", "Uni Eropa"),
# groupings and placeholders ("Zona Euro", "Oseania Luar", "Wilayah Tidak Dikenal", pseudo-locales).
_NOT_COUNTRIES = frozenset({"UN", "EU", "EZ", "QO", "ZZ", "XA", "XB"})


def _is_country_code(code: str) -> bool:
    return code.isalpha() and len(code) == 2 and code not in _NOT_COUNTRIES


@cache
def country_names() -> dict[str, str]:
    """Folded country/territory name → ISO code, from CLDR (id, en) and the curated aliases."""
    names: dict[str, str] = {}
    for locale in ("en", "id"):
        for code, name in Locale(locale).territories.items():
            if _is_country_code(code):
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
    return {code: name for code, name in Locale("id").territories.items() if _is_country_code(code)}


@cache
def country_spellings() -> frozenset[str]:
    """Country names exactly as CLDR (id, en) and the curated aliases write them. Folding joins
    spellings ("Cameroon" and the surname "Cameron" fold alike); these are the names as written."""
    names: set[str] = set()
    for locale in ("en", "id"):
        names |= {n for c, n in Locale(locale).territories.items() if _is_country_code(c)}
    text = resources.files("warta.lang.id").joinpath("country_aliases.tsv").read_text(encoding="utf-8")
    names |= {line.partition("\t")[0] for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(names)


@cache
def _country_pattern() -> re.Pattern[str]:
    """Capitalised country names and aliases as whole words ("Tiongkok" in "Korea Utara-Tiongkok")."""
    alternatives = sorted((re.escape(n) for n in country_spellings() if n[:1].isupper()), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")


def country_mentions(text: str, taken: Iterable[MentionLike]) -> list[MentionLike]:
    """Country names the NER model missed, found by the CLDR names and aliases, and bodies known by
    name (``org_names.txt``: "Perserikatan Bangsa-Bangsa", "Kremlin")."""
    spans = [(m.start, m.end) for m in taken]
    found: list[MentionLike] = []
    for pattern, type_ in ((_country_pattern(), "LOC"), (_org_name_pattern(), "ORG")):
        covered = _Spans([*spans, *((m.start, m.end) for m in found)])
        found += [
            Mention(m.start(), m.end(), m.group(), type_)
            for m in pattern.finditer(text)
            if not covered.overlapping(m.start(), m.end())
        ]
    return found


@cache
def _org_name_pattern() -> re.Pattern[str]:
    text = resources.files("warta.lang.id").joinpath("org_names.txt").read_text(encoding="utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    alternatives = sorted((re.escape(n) for n in names), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")


@cache
def name_aliases() -> dict[str, str]:
    """Folded short form or nickname → the folded full name ("jokowi" → "joko widodo"), from
    ``lang/id/name_aliases.tsv``."""
    text = resources.files("warta.lang.id").joinpath("name_aliases.tsv").read_text(encoding="utf-8")
    aliases: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            alias, _, full = line.partition("\t")
            aliases[fold(alias)] = fold(full.strip())
    return aliases


def entity_key(name: str, type_: str) -> str:
    folded = fold(name)
    folded = name_aliases().get(folded, folded)
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
    heads |= {(word,) for word in _entity_words()["title"]}  # "Jenderal Gatot", "Pak Djadjang"
    return tuple(sorted(heads, key=len, reverse=True))


@cache
def _role_heads_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for head in role_heads():  # longest first, so each list is too
        by_first.setdefault(head[0], []).append(head)
    return {w: tuple(heads) for w, heads in by_first.items()}


@cache
def _role_heads_by_inner_word() -> dict[str, tuple[tuple[tuple[str, ...], int], ...]]:
    """(head, p) for each role head of two words or more and each p > 0, by the head's word p."""
    by_word: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for head in role_heads():
        for p in range(1, len(head)):
            by_word.setdefault(head[p], []).append((head, p))
    return {w: tuple(found) for w, found in by_word.items()}


def role_at(words: Sequence[str], i: int = 0) -> tuple[str, ...] | None:
    """The longest role head that lower-cased ``words`` hold from ``words[i]`` on, or None."""
    if i >= len(words) or tuple(words[i : i + 2]) == ("ibu", "kota"):
        return None  # "Yerusalem, ibu kota Israel": a capital city, not the title "Ibu"
    for head in _role_heads_by_first_word().get(words[i], ()):
        if tuple(words[i : i + len(head)]) == head:
            return head
    return None


_WORD = re.compile(r"[\w'’.-]+")
_CLAUSE_BREAK = re.compile(r"[,;:.!?\"“”()]")


def role_before(text: str, start: int) -> str | None:
    """The role that directly precedes a name: "Menteri Pertahanan Rusia| Sergei Shoigu".

    The head nearest the name opens the role ("Menteri pertahanan Rusia menemani pemimpin Korea
    Utara| Kim": the role is "pemimpin Korea Utara"), unless it is part of a longer head ("Wakil
    Ketua"); a phrase with a verb or a preposition in it ("Presiden Rusia Vladimir Putin kepada|
    Kim") is no role.
    """
    head = _RETIRED.sub(" ", _ROLE_ACRONYM.sub(_blank, text[max(0, start - 200) : start]))
    # "Ketua Pengurus Pusat Ikatan Hakim Indonesia (Ikahi), Suhardi": the acronym blanked before the comma
    head = _ACRONYM_BEFORE_COMMA.sub(lambda m: m.group(1) + ", ", head)
    if head.endswith(", ") and not head.endswith(" , "):
        # "ROLE, NAME,": "Kepala BPBD Cianjur, Asep Sudrajat, mengatakan" (the name set off by commas)
        return _role_in_clause(head[:-2]) or _role_before_relative_clause(head[:-2])
    if head.endswith(": "):
        return _role_as_label(head[:-2])
    return _role_in_clause(head)


def _clause_start(text: str) -> int:
    """Where the last clause of ``text`` starts: after its last comma, full stop, quote or bracket."""
    return max((m.end() for m in _CLAUSE_BREAK.finditer(text)), default=0)


def _role_as_label(clause: str) -> str | None:
    """ "Pelatih: Hanafi" (a team sheet): a role head alone, as the label of the name after it."""
    cut = _clause_start(clause)
    words = [m.group() for m in _WORD.finditer(clause, cut)]
    role = role_at([w.lower() for w in words]) if words else None
    return " ".join(words) if role is not None and len(role) == len(words) else None


def _role_before_relative_clause(clause: str) -> str | None:
    """A role set off by a comma may end in a relative clause ("petinggi Michelin yang bertanggung
    jawab atas ban balap motor, Pierro Taramasso"): the role is what comes before its "yang"."""
    cut = _clause_start(clause)
    at = clause.rfind(" yang ", cut)
    return _role_in_clause(clause[:at]) if at > cut else None


# "Menteri Pekerjaan Umum dan Perumahan Rakyat (PUPR) RI": an acronym in brackets only repeats the
# role's name, and "Jenderal (Purn) Moeldoko" a retired rank; neither ends the role. The acronym is
# blanked (same length, so positions hold) and left out of the role; "(Purn)" is dropped the same way.
_ROLE_ACRONYM = re.compile(r"(?<= )\([A-Z][A-Za-z]{1,14}(?: [A-Z][A-Za-z]{1,9}){0,2}\)(?= )")  # "(Menko Polhukam)"
_ACRONYM_BEFORE_COMMA = re.compile(r"(\w) \([A-Z][A-Za-z]{1,9}\), $")
_RETIRED = re.compile(r"(?<= )\((?:Purn|Ret)\.?\)(?= $)")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _role_in_clause(head: str) -> str | None:
    """The role that ends ``head`` (the text before a name), from the head word nearest its end."""
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(head) if not _joins_names_of_an_office(head, m)), default=0)
    words = [m for m in _WORD.finditer(head, cut)][-ROLE_WORDS_BEFORE:]
    lowered = [w.group().lower() for w in words]
    found: list[tuple[int, int]] = []  # (first word, words) of each head, none inside another
    for i in range(len(words)):
        if found and i < found[-1][0] + found[-1][1]:
            continue
        role = role_at(lowered, i)
        # "Ikatan Hakim Indonesia", "Persatuan Wartawan": a role word inside an organisation's name
        if role is not None and not (i > 0 and lowered[i - 1] in _entity_words()["org_opening"]):
            found.append((i, len(role)))
    for i, n in reversed(found):
        tail = words[i + n :]
        if _role_tail_ok(tail) and not any(_not_in_a_role(w.group(), _next_word(tail, k)) for k, w in enumerate(tail)):
            phrase = " ".join(head[words[i].start() :].split())
            return phrase[0].upper() + phrase[1:] if phrase else None
    return None


# "Menteri Koordinator Bidang Politik, Hukum dan Keamanan": a comma between capitalised words of a
# list that "dan" closes is inside an office's name, not a clause break.
_LIST_OF_NAMES_AFTER = re.compile(r" [A-Z][\w-]*(?:,? [A-Z][\w-]*)* dan [A-Z]")
_WORD_BEFORE_COMMA = re.compile(r"(?:^|\s)([\w-]+)$")


def _joins_names_of_an_office(head: str, mark: re.Match[str]) -> bool:
    if mark.group() != ",":
        return False
    before = _WORD_BEFORE_COMMA.search(head, 0, mark.start())
    return (
        before is not None
        and before.group(1)[:1].isupper()
        and _LIST_OF_NAMES_AFTER.match(head, mark.end()) is not None
    )


def _next_word(words: Sequence[re.Match[str]], k: int) -> str:
    return words[k + 1].group() if k + 1 < len(words) else ""


# Words that end a role: prepositions and conjunctions, and verbs (the me-/ber-/di- forms).
_NOT_IN_ROLE = frozenset({"kepada", "dari", "untuk", "dengan", "oleh", "dan", "serta", "yang", "bahwa", "ke", "pada"})
_VERB = re.compile(r"(?:me|ber|di)[a-z]{4,}")  # melantik, menemani, bertemu, dilantik


# "Menteri Energi dan Sumber Daya Mineral", "Duta Besar AS untuk PBB": between names, these join
# the name of an office rather than end the role.
_JOINING_NAMES = frozenset({"dan", "untuk"})


def _not_in_a_role(word: str, next_word: str = "") -> bool:
    lower = word.lower()
    if lower in _JOINING_NAMES and next_word[:1].isupper():
        return False
    return lower in _NOT_IN_ROLE or (_VERB.fullmatch(lower) is not None and lower not in _role_words())


@cache
def _role_first_words() -> frozenset[str]:
    return frozenset(head[0] for head in role_heads())


@cache
def _role_words() -> frozenset[str]:
    return frozenset(w for head in role_heads() for w in head)


def _role_tail_ok(words: Sequence[re.Match[str]]) -> bool:
    """After the head, a role is names (capitalised) with a few lower-case words."""
    lowercase = sum(1 for w in words if not w.group()[0].isupper())
    return lowercase <= LOWERCASE_IN_ROLE


def role_after(text: str, end: int) -> str | None:
    """An apposition after a name: "John Kirby|, koordinator Dewan Keamanan Nasional …,", or the office
    a name is given as: "Idrus Marham| sebagai Menteri Sosial", "Jonan| selaku …", "Agum| yang juga …"."""
    tail = text[end : end + 300]
    m = _APPOSITION.match(tail)
    if m is not None:
        phrase = m.group(1).strip()
        words = phrase.lower().split()
        if words and len(words) <= ROLE_WORDS_AFTER and _opens_role(words):
            return phrase
    m = _OFFICE_GIVEN.match(tail)
    return _office_phrase(m.group(1)) if m is not None else None


# "Andi (30), sopir angkot, ...": an age in brackets may stand between the name and its apposition.
_APPOSITION = re.compile(r"(?:\s*\(\d{1,3}\))?\s*,\s*(?:(?:seorang|salah seorang|selaku|sebagai)\s+)?([^,.;:\"“”()]+)")
# "NAME sebagai ROLE", "NAME selaku ROLE", "NAME yang juga ROLE", "NAME yang menjabat (sebagai) ROLE";
# no comma, so the role ends where the office's name does (see _office_phrase).
_OFFICE_GIVEN = re.compile(
    r" (?:yang (?:juga )?(?:menjabat (?:sebagai )?|sebagai |selaku )?|menjabat (?:sebagai )?|sebagai |selaku )"
    r"([^,.;:\"“”()]+)"
)
# Words that qualify an office without being one: "calon gubernur", "mantan Panglima TNI".
_ROLE_MODIFIERS = frozenset({"mantan", "eks", "calon", "bakal", "plt", "plt.", "pj", "pj."})


def _opens_role(words: Sequence[str]) -> bool:
    """Whether lower-cased ``words`` open with a role head, after words like "mantan" or "calon"."""
    i = 0
    while i < len(words) and words[i] in _ROLE_MODIFIERS:
        i += 1
    return role_at(words, i) is not None


def _office_phrase(phrase: str) -> str | None:
    """The office that opens ``phrase``: its head and the names after it, up to the first other
    lower-case word ("Menteri Sosial| menggantikan …", "Presiden Singapura| tahun 1965")."""
    words = phrase.split()
    lowered = [w.lower() for w in words]
    if not _opens_role(lowered):
        return None
    kept = 0
    for k, word in enumerate(words):
        if word[:1].isupper() or lowered[k] in _ROLE_MODIFIERS or lowered[k] in _role_words():
            kept = k + 1
        elif not (lowered[k] in _JOINING_NAMES and k + 1 < len(words) and words[k + 1][:1].isupper()):
            break
    return " ".join(words[:kept]) if kept else None


# -- resolution ---------------------------------------------------------------------------


_NAME_PARTICLES = frozenset({"bin", "binti", "van", "von", "de", "der", "al", "el", "da", "di", "dan"})


def split_at_line_breaks(mentions: Iterable[MentionLike]) -> list[MentionLike]:
    """A name never runs over a line break: "Benzema\nCadangan" (the end of a line-up and the next
    line's label) is two mentions, each of the type the tagger gave the whole."""
    out: list[MentionLike] = []
    for m in mentions:
        if "\n" not in m.text:
            out.append(m)
            continue
        for part in re.finditer(r"[^\n]+", m.text):
            lo = part.start() + len(part.group()) - len(part.group().lstrip())
            hi = part.start() + len(part.group().rstrip())
            if hi > lo:
                out.append(Mention(m.start + lo, m.start + hi, m.text[lo:hi], m.type))
    return out


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
    # A country is no surname: "Kurdi Suriah" taken for a person makes no "Perang Suriah" one
    surnames = {m.text.split()[-1] for m in people if m.text[:1].isupper()} - country_spellings()
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
            # "Siswono, Kepala Badan …": the name alone where the model missed it (the role is read there)
            if not covered.overlapping(start, end) and not _common_word_opening_sentence(text, _word_at(text, start)):
                added.append(Mention(start, end, text[start:end], "PER"))
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


def _word_at(text: str, start: int) -> re.Match[str]:
    found = _CAPITALISED.match(text, start) or _WORD_RUN.match(text, start)
    assert found is not None  # a surname occurrence starts with a word character
    return found


def _given_names(text: str, start: int, heads: set[str]) -> list[re.Match[str]]:
    """The capitalised given names directly before a surname at ``start`` ("Sergei" in "Rusia Sergei Shoigu")."""
    before = list(_CAPITALISED.finditer(text, max(0, start - 60), start))
    given: list[re.Match[str]] = []
    for word in reversed(before):
        gap = text[word.end() : (given[0].start() if given else start)]
        if gap != " " or fold(word.group()) in country_names() or word.group().lower() in heads:
            break
        lower = word.group().lower()
        if _common_word_opening_sentence(text, word) or lower in common_words() or lower in _entity_words()["relation"]:
            break  # "Kunjungan Shoigu adalah ...", "Ibunda Selena Gomez": a noun, not a given name
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


# -- repairing the tagger's mentions --------------------------------------------------------


@cache
def _entity_words() -> dict[str, frozenset[str]]:
    sections = read_sections("entity_words.txt")
    return {**sections, "title": sections["title"] | sections["rank"]}  # a rank is a title too


def rank_words() -> frozenset[str]:
    """Military and police ranks ("Sertu", "Kompol"), lower case."""
    return _entity_words()["rank"]


@cache
def _not_in_a_persons_name() -> frozenset[str]:
    """Titles, role heads and heads of bodies and places: words that open or end no person's name."""
    words = _entity_words()
    return words["title"] | words["org_head"] | words["loc_head"] | _role_first_words()


@cache
def _org_names() -> frozenset[str]:
    text = resources.files("warta.lang.id").joinpath("org_names.txt").read_text(encoding="utf-8")
    return frozenset(fold(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def _outlet_keys() -> frozenset[str]:
    return frozenset(fold(name) for name in KNOWN_OUTLETS)


def repair_mentions(text: str, mentions: Iterable[MentionLike]) -> list[MentionLike]:
    """Fix what the tagger gets wrong often enough to fix by rule, before names are resolved.

    - two entities read as one are split where a country name ends: "Korea Utara Kim Jong Un" is a
      place and a person, "Partai Komunis China Li Hongzhong" an organisation and a person;
    - titles and honorifics are roles, not names: "Jenderal Gatot" is Gatot, "Menhan" alone nothing;
    - words that are no entity ("Seorang", "GMT") and events ("Perang Korea") are dropped;
    - the words decide the type where they can: a country is a place, "Carnegie Endowment" an
      organisation, "Semenanjung Korea" a place, "Kremlin" an organisation;
    - a person's name the tagger cut in two ("Kim" + "Jong Un") or short ("Sun Nam" for
      "Kang Sun Nam") is joined or completed.
    """
    cased = _is_cased(text)
    split = _split_at_place_heads(_cut_at_clause_words(mentions))
    works = _titles_of_works(text, split)
    given = [m for m in split if m.text not in works and not (cased and _lowercase_word(m))]
    person_words = {w for m in given if m.type == "PER" for w in m.text.split()}
    person_starts = {m.start for m in given if m.type == "PER"}
    org_words = {m.text for m in given if m.type == "ORG" and " " not in m.text}
    repaired: list[MentionLike] = []
    for m in given:
        m = _without_role_tail(text, _without_leading_org(_without_role_start(text, m), org_words))
        # "Korea Utara Kang| Sun Nam": what ends a mention right before a person opens that name
        near = person_words | ({m.text.split()[-1]} if m.end + 1 in person_starts else set())
        for part in _split_at_country(m, near):
            kept = _without_titles(part)
            if kept is not None and not _is_junk(kept):
                repaired.append(_retyped(kept))
    repaired = _without_common_words(repaired)
    joined = _with_joined_offices(
        text,
        _join_adjacent_organisations(
            text, _join_adjacent_people(text, sorted(repaired, key=lambda m: (m.start, -m.end)))
        ),
    )
    completed = _with_initials_before(
        text,
        _with_initials(text, _complete_given_name(text, _with_party_boards(text, _with_cut_openings(text, joined)))),
    )
    typed = _typed_by_place_head_before(text, completed)
    found = _names_opened_by_heads(text, typed) + _places_of_offices(text, typed, person_words)
    found += _people_after_ranks(text, [*typed, *found])
    return _balinese_names(text, _clubs_in_football(text, _typed_like_their_list(text, [*typed, *found])))


# Balinese names open with a caste or birth-order title that is part of the name ("Ida Bagus Ketut
# Adnyana", "I Gusti Putu Suryawirawan", "Ni Luh Putu"): where one starts inside a longer mention, a
# person starts there; a lone "I"/"Ni" right before such a name belongs to it.
_BALINESE_SECOND = r"(?:Gusti|Made|Wayan|Nyoman|Ketut|Putu|Kadek|Komang|Luh|Nengah)"
_BALINESE_OPENING = re.compile(
    rf"(?<![\w'’-])(?:Ida Bagus|Ida Ayu|Anak Agung|Cokorda|(?:I|Ni) {_BALINESE_SECOND}) [A-Z]"
)
_BALINESE_CUT = re.compile(rf"(?<![\w'’-])(?:I|Ni) (?={_BALINESE_SECOND} [A-Z])")


def _balinese_cut_ending_at(text: str, end: int) -> int | None:
    """Where an "I " or "Ni " that opens a Balinese name ending at ``end`` starts, or None."""
    for start in (end - 2, end - 3):
        found = _BALINESE_CUT.match(text, start) if start >= 0 else None
        if found is not None and found.end() == end:
            return start
    return None


def _balinese_names(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    people_from = {m.start for m in mentions if m.type == "PER"}
    out: list[MentionLike] = []
    for m in mentions:
        cut = _balinese_cut_ending_at(text, m.start)
        if m.type == "PER" and cut is not None:
            m = Mention(cut, m.end, text[cut : m.end], "PER")  # "I| Gusti Putu Suryawirawan"
        elif m.end + 1 in people_from and (tail := _balinese_cut_ending_at(text, m.end + 1)) is not None:
            m = Mention(m.start, tail - 1, text[m.start : tail - 1], m.type)  # "Kementerian Perindustrian I|"
        opening = _BALINESE_OPENING.search(text, m.start + 1, m.end)
        if opening is not None and text[opening.start() - 1] == " ":
            head = text[m.start : opening.start()].rstrip()
            out.append(Mention(m.start, m.start + len(head), head, m.type))
            out.append(Mention(opening.start(), m.end, text[opening.start() : m.end], "PER"))
        elif m.text:
            out.append(m)
    return out


_FOOTBALL_CUE = re.compile(r"\b(?:klub|gol|laga|liga|pemain|pelatih|striker|bek|kiper|stadion|skuad|musim)\b", re.I)
FOOTBALL_CUES_MIN = 3  # cue words that make an article one about football


def _clubs_in_football(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """In an article about football, a town a club is named after is the club: "Liverpool sempat
    dipaksa meminta maaf", "bergabung dengan Southampton dari Celtic" (``football_clubs.txt``)."""
    clubs = read_words("football_clubs.txt")
    if not any(m.type == "LOC" and m.text.lower() in clubs for m in mentions):
        return list(mentions)
    if sum(1 for _ in itertools.islice(_FOOTBALL_CUE.finditer(text), FOOTBALL_CUES_MIN)) < FOOTBALL_CUES_MIN:
        return list(mentions)
    return [
        Mention(m.start, m.end, m.text, "ORG") if m.type == "LOC" and m.text.lower() in clubs else m for m in mentions
    ]


# -- rules on the words around a mention -----------------------------------------------------


_CLAUSE_WORDS = frozenset({"kepada", "oleh", "bahwa", "yang", "pada", "ke"})


def _cut_at_clause_words(mentions: Iterable[MentionLike]) -> list[MentionLike]:
    """A name holds no verb or clause word: "PT Freeport| dihadiri President …" is "PT Freeport"."""
    out: list[MentionLike] = []
    for m in mentions:
        words = list(re.finditer(r"\S+", m.text))
        cut = next((k for k, w in enumerate(words) if k > 0 and _ends_a_name(w.group())), None)
        if cut is None:
            out.append(m)
        else:
            end = words[cut - 1].end()
            out.append(Mention(m.start, m.start + end, m.text[:end], m.type))
    return out


def _ends_a_name(word: str) -> bool:
    if not word[:1].islower():
        return False
    return word in _CLAUSE_WORDS or (_VERB.fullmatch(word) is not None and word not in _role_words())


def _split_at_place_heads(mentions: Iterable[MentionLike]) -> list[MentionLike]:
    """One place mention holding two places: "Kompleks Balai Kota| Jalan Ki Gede Sebayu"."""
    out: list[MentionLike] = []
    for m in mentions:
        words = list(re.finditer(r"\S+", m.text))
        cuts = [w.start() for k, w in enumerate(words) if k > 0 and w.group() in _capitalised_split_heads()]
        if m.type != "LOC" or not cuts:
            out.append(m)
            continue
        bounds = [0, *cuts, len(m.text)]
        for lo, hi in pairwise(bounds):
            part = m.text[lo:hi].rstrip(" ,")
            out.append(Mention(m.start + lo, m.start + lo + len(part), part, "LOC"))
    return out


@cache
def _capitalised_split_heads() -> frozenset[str]:
    return frozenset(w.capitalize() for w in _entity_words()["split_head"])


# The word before a title, past "seperti" ("film seperti Big") and a series' short name ("serial CSI: |…").
_WORD_BEFORE_MENTION = re.compile(
    r"([\w-]+)\s*(?:(?:seperti|yakni|yaitu|antara lain)\s+)?(?:[A-Z][\w]*:\s*)?[\"“'‘`]?\s*$"
)
_YEAR_AFTER = re.compile(r"\s*\((?:19|20)\d\d\)")


def _names_a_work(text: str, m: MentionLike) -> bool:
    """Albums, songs, films and apps are no entity: "album Save My Soul", "Padi (2005)" in a list of
    albums (a year in brackets follows a work's title), "You Tube"."""
    if fold(m.text) in country_names():
        return False  # "film Indonesia": the country
    if m.text.lower().replace(" ", "") in _entity_words()["platform"]:
        return True
    before = _WORD_BEFORE_MENTION.search(text, max(0, m.start - 30), m.start)
    if before is not None and before.group(1).lower() in _entity_words()["work_cue"]:
        return True
    return _YEAR_AFTER.match(text, m.end) is not None


# Between two titles of one list: a separator, and maybe titles the tagger did not see
# ("Between the Lines|, Heart Beat, Cutter ’s Way, dan |Big").
_WORK_LIST_GAP = re.compile(r"(?:[,:]| dan|, dan) (?:[A-Z][^,.;:\n]*(?:,| dan|, dan) )*")


def _titles_of_works(text: str, mentions: Sequence[MentionLike]) -> set[str]:
    """The names that are titles of works in this article, wherever they occur: one cued as a work
    ("serial Home Alone"), and what is listed with it ("serial CSI: Crime Scene Investigation, Modern
    Family, dan Entourage"), is a work in every sentence ("di Home Alone")."""
    works: set[str] = set()
    last_work: MentionLike | None = None
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        listed = last_work is not None and _WORK_LIST_GAP.fullmatch(text, last_work.end, m.start) is not None
        if listed or _names_a_work(text, m):
            works.add(m.text)
            last_work = m
    return works


def _is_cased(text: str) -> bool:
    """Whether ``text`` uses capitals (names stand out), unlike lower-cased text."""
    words = text.split()
    return sum(1 for w in words if w[:1].isupper()) >= 0.03 * len(words) > 0


def _lowercase_word(m: MentionLike) -> bool:
    """In cased text a name is capitalised: "win" (an editor's sign-off) is none."""
    return re.fullmatch(r"[a-z]+(?: [a-z]+)*", m.text) is not None


def _without_role_start(text: str, m: MentionLike) -> MentionLike:
    """A mention that starts inside a role loses the role's words: "Kepala| Staf Angkatan Udara" is
    "Angkatan Udara" (the role is "Kepala Staf"); "Humas Badan Nasional …" is "Badan Nasional …"."""
    words = list(re.finditer(r"\S+", m.text))
    if m.type == "PER" or len(words) < 2:
        return m
    lowered = [w.group().lower() for w in words]
    before = [w.lower() for w in re.findall(r"[\w.]+", text[max(0, m.start - 40) : m.start])[-2:]]
    drop = 0
    if text[m.start - 1 : m.start] == " ":
        for head, p in _role_heads_by_inner_word().get(lowered[0], ()):
            if tuple(before[-p:]) == head[:p] and tuple(lowered[: len(head) - p]) == head[p:]:
                drop = max(drop, len(head) - p)
    if drop == 0 and m.type == "ORG":
        role = role_at(lowered)
        if role is not None and len(role) < len(words) and lowered[len(role)] in _entity_words()["org_head"]:
            drop = len(role)  # "Humas| Badan …": an office before an organisation's name
    if drop == 0 or drop >= len(words):
        return m
    lo = words[drop].start()
    return Mention(m.start + lo, m.end, m.text[lo:], m.type)


def _without_role_tail(text: str, m: MentionLike) -> MentionLike:
    """A person's name does not open with the last word of the role before it, when that word is
    one news mostly writes in lower case: "Deputi Kedaulatan |Maritim Arief Havas Oegroseno" is
    Arief Havas Oegroseno (the role "Deputi Kedaulatan Maritim")."""
    words = m.text.split(" ")
    if m.type != "PER" or len(words) < 3 or text[m.start - 1 : m.start] != " ":
        return m
    lower, capitalised = case_counts().get(words[0].lower(), (0, 0))
    if lower <= capitalised or role_before(text, m.start) is None:
        return m
    lo = len(words[0]) + 1
    return Mention(m.start + lo, m.end, m.text[lo:], m.type)


def _without_leading_org(m: MentionLike, org_words: set[str]) -> MentionLike:
    """A person's name does not open with an organisation named elsewhere in the article: "Exco|
    Papat Yunisal" (the board, then the member)."""
    words = m.text.split(" ")
    if m.type != "PER" or len(words) < 3 or words[0] not in org_words:
        return m
    lo = len(words[0]) + 1
    return Mention(m.start + lo, m.end, m.text[lo:], m.type)


def _with_party_boards(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """A regional party board is named by its acronym, the party and the region: "DPD| PDI Perjuangan
    Jatim", "DPD| PDIP| Jatim" (party and region tagged apart). A board without a region ("DPP dan DPD
    PAN") is the party's boards in general, and is left to the party."""
    places = {m.text for m in mentions if m.type == "LOC"} | {a for a in _alias_surfaces()}
    out: list[MentionLike] = []
    skip = -1
    for i, m in enumerate(mentions):
        if i == skip:
            continue
        before = re.search(r"([A-Z]{3}) $", text[max(0, m.start - 5) : m.start])
        if m.type != "ORG" or before is None or before.group(1).lower() not in _entity_words()["party_board"]:
            out.append(m)
            continue
        start, end = m.start - len(before.group(1)) - 1, m.end
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and nxt.type == "LOC" and nxt.start == m.end + 1:
            end, skip = nxt.end, i + 1
        elif m.text.split()[-1] not in places:
            out.append(m)
            continue
        out.append(Mention(start, end, text[start:end], "ORG"))
    return out


@cache
def _alias_surfaces() -> frozenset[str]:
    """The short forms in ``name_aliases.tsv`` as written ("Jatim", "Sumbar")."""
    text = resources.files("warta.lang.id").joinpath("name_aliases.tsv").read_text(encoding="utf-8")
    return frozenset(line.partition("\t")[0] for line in text.splitlines() if line.strip() and not line.startswith("#"))


_PLACE_HEAD_BEFORE = re.compile(r"(?:^|\s)([A-Za-z]+)(?: \w*\d\w*)? $")


def _typed_by_place_head_before(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """A name right after a place's head word is that place: "lembah Sopu", "Kecamatan 2x11| Kayu Tanam"
    (but "Wali Kota| Nur Sholeh" is a role and a person)."""
    out: list[MentionLike] = []
    for m in mentions:
        head = _PLACE_HEAD_BEFORE.search(text, max(0, m.start - 30), m.start)
        if (
            m.type != "LOC"
            and head is not None
            and head.group(1).lower() in _entity_words()["loc_head"]
            and head.group(1) not in {"jalan", "jl"}  # "mengikuti jalan Partai Gerindra": a way, not a street
            and not _typed_by_its_words(m)
            and _role_in_clause(text[max(0, head.end(1) - 40) : head.end(1)]) is None
        ):
            m = Mention(m.start, m.end, m.text, "LOC")
        out.append(m)
    return out


_LIST_GAP = re.compile(r"(?:,| dan|, dan|, serta| serta) ")
_LIST_GAP_WITH_NAME = re.compile(r", ([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})(?:,| dan|, dan) ")
LIST_AGREEMENT = 2 / 3  # share of a list's items of one type that gives the rest that type


def _typed_by_its_words(m: MentionLike) -> bool:
    """Whether a mention's own words say what it is (a country, "Partai …", "Desa …")."""
    words = m.text.lower().split()
    heads = _entity_words()["org_head"] | _entity_words()["loc_head"]
    return fold(m.text) in country_names() or fold(m.text) in _org_names() or bool(set(words) & heads)


def _typed_like_their_list(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """Names listed together are things of one kind: in "Desa Sidoa, Alitupu, Watumaeta, Kaduwa'a, dan
    Dodolo" all are villages, so "Dodolo" taken for a person is a place, and the "Kaduwa'a" the tagger
    missed is one too. Only lists of three or more, where most items already have that type."""
    out: list[MentionLike] = []
    for run in _list_runs(text, mentions):
        types = Counter(m.type for m in run if m.type)
        kind, count = types.most_common(1)[0] if types else ("", 0)
        # Places and people only: organisations are listed with their seats ("Cabang Jakarta, PT …").
        if len(run) >= 3 and count >= LIST_AGREEMENT * types.total() and kind in {"LOC", "PER"}:
            run = [
                m if m.type == kind or _typed_by_its_words(m) else Mention(m.start, m.end, m.text, kind) for m in run
            ]
        out += [m for m in run if m.type]
    return out


def _list_runs(text: str, mentions: Sequence[MentionLike]) -> list[list[MentionLike]]:
    """The mentions in order, grouped into lists ("A, B, C dan D"); a name the tagger missed between
    two items is an item of no type ("")."""
    runs: list[list[MentionLike]] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        last = runs[-1][-1] if runs else None
        if last is not None and m.start > last.end:
            gap = text[last.end : m.start]
            named = _LIST_GAP_WITH_NAME.fullmatch(gap)
            if _LIST_GAP.fullmatch(gap) or named is not None:
                if named is not None:
                    lo = last.end + named.start(1)
                    runs[-1].append(Mention(lo, lo + len(named.group(1)), named.group(1), ""))
                runs[-1].append(m)
                continue
        runs.append([m])
    return runs


_CAPITALISED_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?: (?:[A-Z0-9][\w'’-]*|dan(?= [A-Z])))*")


def _names_opened_by_heads(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """Names the tagger missed whose head word tells what they are: "Otoritas Jasa Keuangan",
    "Kabinet Kerja" (organisations), "Desa Sidoa" (a place). A name runs over capitalised words, and
    stops where another mention starts."""
    covered = _Spans((m.start, m.end) for m in mentions)
    starts = sorted(m.start for m in mentions)
    acronyms = {(m.start, m.end) for m in mentions if m.type == "ORG" and m.text.isupper()}
    found: list[MentionLike] = []
    for run in _CAPITALISED_RUN.finditer(text):
        first = run.group().split(" ", 1)[0].lower()
        kind = "ORG" if first in _entity_words()["org_opening"] else "LOC" if first in _name_place_heads() else None
        if kind is None:
            continue
        k = bisect.bisect_right(starts, run.start())  # the first mention starting inside the run ends it
        end = starts[k] if k < len(starts) and starts[k] < run.end() else run.end()
        if kind == "ORG" and end < run.end() and (end, run.end()) in acronyms:
            end = run.end()  # "Dewan Keamanan PBB": a body of the body its acronym ends with
        name = text[run.start() : end].rstrip()
        name = re.sub(r" dan$", "", name)
        named = [w for w in name.split()[1:] if not any(c.isdigit() for c in w)]  # "Kecamatan 2x11| Kayu Tanam"
        overlaps = [o for o in covered.overlapping(run.start(), run.start() + len(name)) if o not in acronyms]
        if named and not overlaps:
            found.append(Mention(run.start(), run.start() + len(name), name, kind))
    return found


# "Sertu S", "Kompol Reny Marthaliana", "Brigjen Pol Dedi Prasetyo": a rank, maybe its corps, then the name.
_RANK_NAME = re.compile(
    r"(?<![\w'’-])([A-Z][A-Za-z]{2,7}) (?:(?:TNI|Pol|Polisi) )?([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})"
)
# Ranks that are also other words before capitals: "Kapten Persib" (a team's captain), "Jenderal Sudirman" (streets).
_RANKS_NOT_OPENING_NAMES = frozenset({"kapten", "mayor", "jenderal"})


def _people_after_ranks(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """People the tagger missed that a rank introduces ("Serda S, anggota Kodim 0621"): the capitalised
    words after the rank, up to a word that heads a body or place, where no mention is."""
    covered = _Spans((m.start, m.end) for m in mentions)
    ranks = rank_words() - _RANKS_NOT_OPENING_NAMES
    stop = _not_in_a_persons_name()
    found: list[MentionLike] = []
    for m in _RANK_NAME.finditer(text):
        if m.group(1).lower() not in ranks:
            continue
        words = m.group(2).split(" ")
        keep = next((k for k, w in enumerate(words) if w.lower() in stop or fold(w) in country_names()), len(words))
        if keep == 0:
            continue
        start = m.start(2)
        end = start + len(" ".join(words[:keep]))
        if not covered.overlapping(m.start(1), end):
            found.append(Mention(start, end, text[start:end], "PER"))
    return found


@cache
def _name_place_heads() -> frozenset[str]:
    """Place heads that open a place's name when capitalised ("Kota" is left out: "Kota Tegal"
    is tagged, "Kota" opens too many other phrases)."""
    return _entity_words()["split_head"] | {"pulau", "gunung", "sungai", "danau", "teluk", "selat", "sesar"}


_OFFICE_AND_PLACE = re.compile(
    r"(?i:\b(?:wali kota|walikota|wakil wali kota|gubernur|wakil gubernur|bupati|wakil bupati|wagub|wabup|wawali"
    r"|camat|lurah)) ((?:[A-Z][\w'’-]*)(?: [A-Z][\w'’-]*){0,2})"
)


def _places_of_offices(text: str, mentions: Sequence[MentionLike], person_words: set[str]) -> list[MentionLike]:
    """The region an office is named after is a place: "Wakil Wali Kota Bekasi| Ahmad Syaikhu" names
    Bekasi, "calon gubernur Jawa Timur" Jawa Timur. The place ends where a person's name starts."""
    covered = _Spans((m.start, m.end) for m in mentions)
    found: list[MentionLike] = []
    for office in _OFFICE_AND_PLACE.finditer(text):
        lo = office.start(1)
        words = office.group(1).split(" ")
        kept: list[str] = []
        for word in words:
            at = lo + len(" ".join([*kept, word])) - len(word)
            if word in person_words or covered.overlapping(at, at + len(word)) or word.lower() in _role_first_words():
                break
            kept.append(word)
        name = " ".join(kept)
        if not name or (name.isupper() and fold(name) not in name_aliases()):
            continue  # "Gubernur BI": an acronym after an office is an institution more often than a place
        if set(name.lower().split()) & _entity_words()["org_head"]:
            continue  # "Gubernur Bank Indonesia"
        found.append(Mention(lo, lo + len(name), name, "LOC"))
    return found


def _split_at_country(m: MentionLike, person_words: set[str]) -> list[MentionLike]:
    if fold(m.text) in country_names():
        return [m]
    for c in _country_pattern().finditer(m.text):
        start, end = c.span()
        tail = m.text[end:]
        if not (tail.startswith(" ") and tail[1:2].isupper()):
            continue
        head_words = m.text[:start].lower().split()
        if head_words and starts_with_role(head_words):
            head = None  # "Presiden China Xi Jinping": the title and its country are the role
        elif start == 0:
            head = Mention(m.start, m.start + end, m.text[:end], "LOC")
        elif set(head_words) & _entity_words()["org_head"]:
            head = Mention(m.start, m.start + end, m.text[:end], "ORG")  # "Partai Komunis China"
        else:
            continue
        rest = Mention(m.start + end + 1, m.end, tail[1:], "")
        rest = Mention(rest.start, rest.end, rest.text, _type_of_rest(rest.text, m.type, person_words))
        return ([head] if head is not None else []) + _split_at_country(rest, person_words)
    return [m]


def _type_of_rest(name: str, was: str, person_words: set[str]) -> str:
    """The type of what follows a country in one mention ("Kim Jong Un", "Yonhap", "Li Hongzhong")."""
    words = name.split()
    lowered = {w.lower() for w in words}
    if fold(name) in _outlet_keys() or lowered & _entity_words()["org_head"] or name.isupper():
        return "ORG"
    if words[0].lower() in _entity_words()["loc_head"]:
        return "LOC"
    if was == "PER" or len(words) > 1 or words[0] in person_words:
        return "PER"
    return was


def is_organisation_name(name: str) -> bool:
    """Whether ``name`` has an organisation's head word ("Departemen", "Agency", "Partai")."""
    return bool(set(name.lower().split()) & _entity_words()["org_head"])


def not_entity_words() -> frozenset[str]:
    """One-word mentions that are never an entity of their own ("Seorang", "GMT")."""
    return _entity_words()["not_entity"]


def starts_with_role(words: Sequence[str]) -> bool:
    """Whether lower-cased ``words`` open with a title or a role head ("menteri", "pak")."""
    return words[0] in _entity_words()["title"] or role_at(words) is not None


def _without_titles(m: MentionLike) -> MentionLike | None:
    """The mention without the titles it opens with; None when nothing else is left."""
    words = list(re.finditer(r"\S+", m.text))
    if m.type not in {"PER", ""} and len(words) > 1:
        return m  # "Menteri Luar Negeri" inside an organisation's name stays
    i = 0
    while i < len(words):
        lowered = [w.group().lower() for w in words[i:]]
        role = role_at(lowered)
        if lowered[0] in _entity_words()["title"]:
            i += 1
        elif role is not None:
            i += len(role)
        else:
            break
    if i == 0:
        return m
    if i >= len(words):
        return None
    lo = words[i].start()
    return Mention(m.start + lo, m.end, m.text[lo:], m.type)


def _without_common_words(mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """Capitalised words that news writes in lower case almost everywhere name nothing: a line that
    opens with "Pria" or "Cadangan:" is no entity, "Ibunda Selena Gomez" is Selena Gomez. A word
    the article also uses inside a longer name keeps its mention alone (the name said short)."""
    in_names = Counter(w for m in mentions if " " in m.text for w in {w.lower() for w in m.text.split()})
    common = common_words() | _entity_words()["relation"]
    out: list[MentionLike] = []
    for m in mentions:
        words = m.text.split()
        first = words[0].lower()
        if first not in common or words[0].isupper():
            out.append(m)
        elif len(words) > 1 and m.type == "PER" and words[1][:1].isupper():  # "Ibunda Gomez" too
            lo = len(words[0]) + len(m.text[len(words[0]) :]) - len(m.text[len(words[0]) :].lstrip())
            out.append(Mention(m.start + lo, m.end, m.text[lo:], m.type))
        elif len(words) > 1 or in_names[first] > 0:
            out.append(m)  # "Kawasan Industri Pulogadung": a place or body whose name opens with a noun
    return out


def _is_junk(m: MentionLike) -> bool:
    words = m.text.lower().split()
    if not words:
        return True
    if words[0] in _entity_words()["event_head"]:
        return True
    if len(words) == 1:
        word = words[0].strip(".")
        heads = _entity_words()["org_head"] | _entity_words()["loc_head"]
        # A head word alone ("PT", "Tbk", "Kecamatan") names nothing.
        return (
            word in _entity_words()["not_entity"]
            or word in heads
            or word in WEEKDAYS
            or word in MONTHS
            or word in stopwords()
        )
    return False


def _retyped(m: MentionLike) -> MentionLike:
    folded = fold(m.text)
    words = m.text.lower().split()
    if folded in country_names():
        kind = "LOC"
    elif folded in _org_names() or (set(words) & _entity_words()["org_head"]):
        kind = "ORG"
    elif words[0] in _entity_words()["loc_head"] and m.type != "ORG":
        kind = "LOC"
    else:
        kind = m.type
    return m if kind == m.type else Mention(m.start, m.end, m.text, kind)


def _join_adjacent_people(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """Two people's names with only a space between them are one name ("Kim" + "Jong Un")."""
    return _join_adjacent(text, mentions, "PER", (" ",))


def _join_adjacent_organisations(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """Two organisations with only a space between them, or "bidang" (a ministry's field), are one
    name the tagger cut: "Partai Demokrasi Indonesia| Perjuangan", "PT Bank China| Construction Bank
    Indonesia", "Kementerian Koordinator| bidang Kemaritiman"."""
    return _join_adjacent(text, mentions, "ORG", (" ", " bidang "))


def _join_adjacent(text: str, mentions: Sequence[MentionLike], type_: str, gaps: tuple[str, ...]) -> list[MentionLike]:
    """Mentions of ``type_`` in a row with only one of ``gaps`` between them, joined into one."""
    out: list[MentionLike] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.type == m.type == type_ and text[prev.end : m.start] in gaps:
            out[-1] = Mention(prev.start, m.end, text[prev.start : m.end], type_)
        else:
            out.append(m)
    return out


def _with_cut_openings(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """A mention that opens with a word news mostly writes in lower case ("Udara", "Pusat",
    "Khusus") right after capitalised words starts inside a longer name: "Pangkalan| Udara Jarrah",
    "Pengurus| Pusat Ikatan Hakim Indonesia", "Panitia| Khusus Angket". It takes those words in, up
    to a title, a role, another mention, or a sentence's first word that opens no name; not when a
    head word that is also a role's ("Dewan") opens them: they are a name of their own."""
    covered = _Spans((m.start, m.end) for m in mentions)
    words = _entity_words()
    heads = words["org_head"] | words["loc_head"] | words["org_opening"] | words["split_head"]
    stop = words["title"] | _role_first_words() | not_entity_words()
    out: list[MentionLike] = []
    for m in mentions:
        first = m.text.split()[0]
        if _may_start_inside_name(first, heads) and fold(m.text) not in _org_names():
            start = m.start
            while (word := _word_before(text, start)) is not None:
                lower = word.group().lower()
                if lower in heads and lower in stop:
                    start = m.start  # "Dewan| Keamanan Nasional| Gedung Putih": the words are a name of their own
                    break
                if lower in stop or covered.overlapping(word.start(), word.end()) or _ends_role(text, word):
                    break
                if word.start() > 0 and (text[word.start() - 1].isalnum() or text[word.start() - 1] in "-'’"):
                    break  # "iPad| Mini": inside a word
                if _opens_sentence(text, word.start()) and lower not in heads:
                    break
                start = word.start()
            if start < m.start:
                m = _retyped(Mention(start, m.end, text[start : m.end], m.type))
        out.append(m)
    return out


def _may_start_inside_name(first: str, heads: frozenset[str]) -> bool:
    """A capitalised common word that is no head of its own ("Udara", not "Kementerian")."""
    lower = first.lower()
    return (
        first[:1].isupper() and not first.isupper() and lower not in heads and case_counts().get(lower, (0, 0))[0] >= 3
    )


def _ends_role(text: str, word: re.Match[str]) -> bool:
    """``word`` ends a two-word role with the word before it ("Wali Kota")."""
    before = _word_before(text, word.start())
    head = role_at([before.group().lower(), word.group().lower()]) if before is not None else None
    return head is not None and len(head) == 2


def _opens_sentence(text: str, start: int) -> bool:
    """Nothing but spaces lies between ``start`` and the text's start or a sentence's end."""
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i == 0 or text[i - 1] in '.!?\n"“:'


def _complete_given_name(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """A two-word person's name directly after a capitalised word that is no title, role, country or
    common word takes that word in: "Menteri Pertahanan Korea Utara Kang| Sun Nam"."""
    covered = _Spans((m.start, m.end) for m in mentions)
    organisations = {m.text for m in mentions if m.type == "ORG"}  # "Exco| Papat Yunisal": a board
    out: list[MentionLike] = []
    for m in mentions:
        if m.type == "PER" and len(m.text.split()) >= 2:
            word = _word_before(text, m.start)
            if (
                word is not None
                and word.group() not in organisations
                and not covered.overlapping(word.start(), word.end())
                and _may_open_name(text, word)
                and not _ends_office_over_dan(text, word, m.start)
            ):
                m = Mention(word.start(), m.end, text[word.start() : m.end], "PER")
        out.append(m)
    return out


_CAPITALISED_DAN = re.compile(r"[A-Z][\w'’-]* dan $")


def _ends_office_over_dan(text: str, word: re.Match[str], name_start: int) -> bool:
    """ "Menteri Tenaga Kerja dan Transmigrasi| Muhaimin Iskandar": a capitalised word after "<Name> dan"
    that ends the role before the name is the office's second field, not a given name."""
    return (
        _CAPITALISED_DAN.search(text, max(0, word.start() - 40), word.start()) is not None
        and role_before(text, name_start) is not None
    )


# " dan " and the capitalised words of a second field of one office: "Kementerian Pemberdayaan Aparatur
# Negara| dan Reformasi Birokrasi", "Badan Pengembangan| dan Analisis dan Kebijakan Kemlu".
_AND_MORE_NAME = re.compile(r" dan ((?:[A-Z][\w'’-]*)(?: (?:[A-Z][\w'’-]*|dan(?= [A-Z])))*)")


def _with_joined_offices(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """An organisation opened by a head word ("Kementerian", "Badan") runs on over " dan " and the
    capitalised words after it, unless they are a name of their own (another mention, or a second
    body opened by its own head word, or a role)."""
    starts = {m.start for m in mentions}
    heads = _entity_words()["org_opening"]
    out: list[MentionLike] = []
    for m in mentions:
        more = _AND_MORE_NAME.match(text, m.end) if m.type == "ORG" and m.text.split()[0].lower() in heads else None
        if more is not None:
            first = more.group(1).split()[0].lower()
            if more.start(1) not in starts and first not in heads and first not in _role_first_words():
                m = Mention(m.start, more.end(), text[m.start : more.end()], "ORG")
        out.append(m)
    return out


_INITIAL_AND_NAME = re.compile(r"\. ?([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)")


def _with_initials(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """A person's name does not end at an initial: "Jacksen F|. Tiago" is Jacksen F. Tiago (the
    tagger's tokens stop at the full stop)."""
    starts = {m.start for m in mentions}
    out: list[MentionLike] = []
    for m in mentions:
        last = m.text.split()[-1]
        rest = _INITIAL_AND_NAME.match(text, m.end) if m.type == "PER" and len(last) == 1 and last.isupper() else None
        if rest is not None and rest.start(1) not in starts:
            m = Mention(m.start, rest.end(), text[m.start : rest.end()], "PER")
        out.append(m)
    return out


# "Miryam S.| Haryani": given names and an initial right before a surname the tagger found alone.
_NON_SPACE = re.compile(r"\S+")
_NAMES_AND_INITIAL_BEFORE = re.compile(r"(?<![\w'’-])((?:[A-Z][a-z'’]+ ){1,2})[A-Z]\. $")


def _with_initials_before(text: str, mentions: Sequence[MentionLike]) -> list[MentionLike]:
    """A surname after an initial takes the initial and the given names before it ("Miryam S. Haryani"),
    but no title or role ("Ibu| Miryam S. Haryani")."""
    covered = _Spans((m.start, m.end) for m in mentions)
    out: list[MentionLike] = []
    for m in mentions:
        found = _NAMES_AND_INITIAL_BEFORE.search(text, max(0, m.start - 40), m.start) if m.type == "PER" else None
        if found is not None and not covered.overlapping(found.start(), found.end() - 1):
            words = list(_NON_SPACE.finditer(text, found.start(1), found.end(1)))
            given = list(itertools.takewhile(lambda w: _may_be_given_name(w.group()), reversed(words)))
            if given:
                m = Mention(given[-1].start(), m.end, text[given[-1].start() : m.end], "PER")
        out.append(m)
    return out


def _may_be_given_name(word: str) -> bool:
    lower = word.lower()
    return lower not in _not_in_a_persons_name() and lower not in common_words() and fold(word) not in country_names()


_TITLE_WORD_BEFORE = re.compile(r"[A-Z][a-z'’]+(?= $)")


def _word_before(text: str, start: int) -> re.Match[str] | None:
    return _TITLE_WORD_BEFORE.search(text, max(0, start - 40), start)


def _ends_country(text: str, end: int) -> bool:
    """Whether a country's name ends at ``end`` ("Korea Utara|")."""
    return any(c.end() == end for c in _country_pattern().finditer(text, max(0, end - 40), end))


def _may_open_name(text: str, word: re.Match[str]) -> bool:
    lower = word.group().lower()
    if lower in _entity_words()["title"] or lower in _role_first_words():
        return False
    if lower in _entity_words()["org_head"] or lower in _entity_words()["loc_head"]:
        return False
    if _ends_country(text, word.end()):
        return False  # "Korea Utara| Kang": "Utara" ends a country's name
    if packaged_idf().weights.get(lower, packaged_idf().default) < COMMON_WORD_IDF or lower in common_words():
        return False  # a common word ("Menteri Perhubungan| Budi Karya Sumadi", "Ibunda| Selena Gomez")
    before = _word_before(text, word.start())
    # After a capitalised word, only a country's name ("Korea Utara| Kang Sun Nam"): other
    # capitalised runs are names or titles of their own ("Gedung Putih| John Kirby").
    if before is not None and not _ends_country(text, before.end()):
        return False
    return not _common_word_opening_sentence(text, word)


def resolve_article(text: str, mentions: Iterable[MentionLike]) -> list[EntityMention]:
    """Give every mention its entity id (and a person's role, where the text states it)."""
    cleaned = repair_mentions(text, split_compounds(trim_lowercase_edges(split_at_line_breaks(mentions))))
    ordered = sorted(complete_person_names(text, cleaned), key=lambda m: (m.start, -m.end))
    ordered = _typed_as_their_full_names(ordered, nicknames := _nicknames(text, ordered))
    full_names = _full_names_by_word(m for m in ordered if m.type == "PER" and len(m.text.split()) > 1)
    ordered = _lists_of_people(text, _surnames_typed_as_people(ordered, full_names), full_names)
    ordered = _organisations_said_short(ordered, full_names)
    resolved = []
    for m in ordered:
        anchor = nicknames.get((m.start, m.end)) or (_longer_name(m, full_names) if m.type == "PER" else None)
        key = entity_key(anchor.text if anchor else m.text, m.type)
        role = None
        if m.type == "PER":
            role = role_before(text, m.start) or role_after(text, m.end)
        resolved.append(EntityMention(m.start, m.end, m.text, m.type, entity_id(m.type, key), role))
    return resolved


# "Demiz (Deddy Mizwar)", "Deddy Mizwar (Demiz)", "Satriyo Yudi Wahono, atau akrab disapa Piyu":
# a nickname given with the full name.
_NICKNAME_GAP = re.compile(
    r" \(|,? (?:atau )?(?:yang )?(?:lebih )?(?:akrab|biasa|kerap|karib|sering)? ?(?:disapa|dipanggil|dikenal dengan) "
)


def _nicknames(text: str, ordered: Sequence[MentionLike]) -> dict[tuple[int, int], MentionLike]:
    """Nickname spans → the full name (two words or more) they are given with."""
    found: dict[tuple[int, int], MentionLike] = {}
    for a, b in pairwise(ordered):
        gap = _NICKNAME_GAP.fullmatch(text, a.end, b.start)
        if gap is None or (gap.group() == " (" and text[b.end : b.end + 1] != ")"):
            continue
        one, full = (a, b) if len(a.text.split()) == 1 else (b, a)
        if one.type == "LOC" or fold(one.text) in country_names():
            continue  # "Goh Liu Ying (Malaysia)": a person's country, not a nickname
        if len(one.text.split()) == 1 and len(full.text.split()) > 1 and full.type == "PER" and one.text[:1].isupper():
            found[(one.start, one.end)] = full
    return found


def _typed_as_their_full_names(
    ordered: Sequence[MentionLike], nicknames: Mapping[tuple[int, int], MentionLike]
) -> list[MentionLike]:
    """A person's nickname is a person, whatever the tagger took it for ("Demiz" as an organisation)."""
    return [
        Mention(m.start, m.end, m.text, "PER") if (m.start, m.end) in nicknames and m.type != "PER" else m
        for m in ordered
    ]


def _surnames_typed_as_people(
    ordered: Sequence[MentionLike], full_names: Mapping[str, Mapping[str, MentionLike]]
) -> list[MentionLike]:
    """One sense per article: a lone word the tagger took for a place or an organisation ("Asensio",
    "Kroos" in a line-up, "Sarah", "Tonny") that is a word of the name of exactly one person the
    article names in full ("Marco Asensio", "Sarah Cummins") is that person. A country's name as
    written stays a country ("Israel"); a surname that only folds like one is the person ("Cameron")."""
    out: list[MentionLike] = []
    for m in ordered:
        words = m.text.split()
        if m.type != "PER" and len(words) == 1 and words[0] not in country_spellings():
            word = fold(words[0])
            named = full_names.get(word, {}).values()
            found = [f for f in named if word in _ends_or_plain_middle(f.text)]  # "Tonny": Antonius Tonny Budiono
            # "Schapelle Corby" and "Schapelle Leigh Corby": one person named with and without a middle name
            if len({(fold(f.text.split()[0]), fold(f.text.split()[-1])) for f in found}) == 1:
                out.append(Mention(m.start, m.end, m.text, "PER"))
                continue
        out.append(m)
    return out


def _ends_or_plain_middle(name: str) -> set[str]:
    """The folded first and last words of a full name, and its middle words when no word of it is a
    title, a role or a head of a body or place (a mention like "Kasubaghumas Polrestabes Bandung Kompol
    Reny" has no middle name to offer)."""
    words = name.split()
    ends = {fold(words[0]), fold(words[-1])}
    heads = _not_in_a_persons_name()
    if any(w.lower() in heads or fold(w) in country_names() or w.isupper() for w in words):
        return ends
    return ends | {fold(w) for w in words[1:-1]}


def _organisations_said_short(
    ordered: Sequence[MentionLike], full_names: Mapping[str, Mapping[str, MentionLike]]
) -> list[MentionLike]:
    """A lone word the tagger took for a person that opens exactly one organisation's name in the
    article ("Amnesty" after "Amnesty International") and no person's is that organisation."""
    opening: dict[str, set[str]] = defaultdict(set)
    for m in ordered:
        if m.type == "ORG" and " " in m.text:
            opening[fold(m.text.split()[0])].add(fold(m.text))
    out: list[MentionLike] = []
    for m in ordered:
        word = fold(m.text)
        if m.type == "PER" and " " not in m.text and len(opening.get(word, ())) == 1 and word not in full_names:
            out.append(Mention(m.start, m.end, m.text, "ORG"))
        else:
            out.append(m)
    return out


LINE_UP_MIN = 4  # items in a list before the people in it type the rest
LINE_UP_PEOPLE = 2  # items known as people (named in full in the article) it takes


def _lists_of_people(
    text: str, ordered: Sequence[MentionLike], full_names: Mapping[str, Mapping[str, MentionLike]]
) -> list[MentionLike]:
    """A line-up is a list of people: in "Neto, Montoya, Coquelin, Garay, Lato, …", where some items
    are people the article names in full ("Martin Montoya", "Ezequiel Garay"), the surnames the tagger
    took for places ("Coquelin") are people too, and a name it missed ("Neto") is one. A country's
    name, or a name whose words say what it is, keeps its type."""
    out: list[MentionLike] = []
    for run in _list_runs(text, ordered):
        known = sum(1 for m in run if m.type == "PER" and (" " in m.text or fold(m.text) in full_names))
        line_start = text.rfind("\n", 0, run[0].start) + 1
        lead = _LINE_UP_LEAD.fullmatch(text, line_start, run[0].start)
        label, missed = "", []
        if lead is not None:
            label = (lead.group(1) or "").strip().lower()
            # "Real Madrid: Navas|, Carvajal": names before the first one the tagger found
            at = lead.start(2)
            missed = [
                Mention(at + n.start(), at + n.end(), n.group(), "PER")
                for n in _CAPITALISED_NAME.finditer(lead.group(2))
            ]
        if len(missed) + len(run) >= LINE_UP_MIN and (known >= LINE_UP_PEOPLE or label in _LINE_UP_LABELS):
            run = [
                *missed,
                *(
                    m
                    if m.type == "PER" or m.text in country_spellings() or (m.type and _typed_by_its_words(m))
                    else Mention(m.start, m.end, m.text, "PER")
                    for m in run
                ),
            ]
        out += [m for m in run if m.type]
    return sorted(out, key=lambda m: (m.start, -m.end))


# What may stand on a line before a line-up's first tagged name: a label ("Cadangan:", "Real
# Madrid:") and names the tagger missed ("Navas, ").
_LINE_UP_LEAD = re.compile(r"(?:([\w .'’-]+?)\s*:\s*)?((?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?, )*)")
_CAPITALISED_NAME = re.compile(r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?")
_LINE_UP_LABELS = frozenset({"cadangan", "pemain cadangan", "susunan pemain", "starting xi", "line-up", "lineup"})


def _full_names_by_word(full_names: Iterable[MentionLike]) -> dict[str, dict[str, MentionLike]]:
    """Folded word -> the full names (by folded text; the last one of each) it is a word of.

    Built once per article so that looking a one-word name up does not fold every full name again.
    """
    index: dict[str, dict[str, MentionLike]] = defaultdict(dict)
    for full in full_names:
        words = full.text.split()
        folded = fold(full.text)
        # every word of the name: "Havas" for "Arief Havas Oegroseno" is a middle name said alone
        for token in {fold(w) for w in words if w[:1].isupper()}:
            index[token][folded] = full
    return index


def _longer_name(mention: MentionLike, full_names: dict[str, dict[str, MentionLike]]) -> MentionLike | None:
    """The one full name in the article that a one-word name is a word of."""
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
    """The fullest form: no nickname when the full name is there, then the most words."""
    full = Counter({n: c for n, c in names.items() if fold(n) not in name_aliases()})
    names = full or names
    longest = max(len(n.split()) for n in names)
    return min((n for n in names if len(n.split()) == longest), key=lambda n: (-names[n], n))


def merge_story(entities: dict[str, Entity]) -> dict[str, str]:
    """Within one story, the entries that are one entity. Returns ``{from_id: to_id}`` (no chains):

    - one name with several types ("KCNA" as a person once, an organisation twice) takes the type
      most of its mentions have (ties: organisation, then place, then person), or is a person where
      the text gives it a role;
    - an acronym joins the one name whose initials it is ("KCNA" → "Korean Central News Agency",
      "BPBD" → "Badan Penanggulangan Bencana Daerah"); an organisation's name joins the one longer
      name it opens ("Partai Komunis" → "Partai Komunis China");
    - two names of people that differ by one letter in one long word are one ("Joseph Dunford" /
      "Joseph Durford");
    - a place or organisation joins the one name that is it with its head word: "Tegal" → "Kota Tegal",
      "Alitupu" → "Desa Alitupu", "Gerindra" → "Partai Gerindra"; one-word places and organisations of
      six letters or more one letter apart are one ("Sumatera" / "Sumatra", "Gerindra" / "Gerinda");
    - a person's name of two words or more joins the one longer name it opens or ends ("Azwar Anas" →
      "Abdullah Azwar Anas"), or whose first and last words it is ("Schapelle Corby" → "Schapelle Leigh Corby");
    - a lone-word person joins the single full name that ends (or starts) with it ("Kirby").
    """
    moves: dict[str, str] = {}
    _merge_types(entities, moves)
    live = [e for e in entities.values() if e.id not in moves]
    _merge_acronyms(live, moves)
    _merge_org_prefixes(live, moves)
    _merge_spellings(live, moves)
    _merge_place_spellings(live, moves)
    _merge_head_words(live, moves)
    _merge_name_parts([e for e in live if e.id not in moves], moves)
    live = [e for e in live if e.id not in moves]
    people = [e for e in live if _type_after(e, entities, moves) == "PER"]
    # Folded first and last word -> the full names they open or end, built once (folding every
    # full name for every lone word made a story with many people quadratic).
    full_by_word: dict[str, set[str]] = defaultdict(set)
    for f in people:
        words = f.name.split()
        if len(words) > 1:
            for word in (words[0], words[-1]):
                full_by_word[fold(word)].add(f.id)
    for e in people:
        if len(e.name.split()) != 1:
            continue
        targets = full_by_word.get(fold(e.name), set()) or _one_letter_from(fold(e.name), full_by_word)
        if len(targets) == 1:
            moves[e.id] = next(iter(targets))
    return _without_chains(moves)


LONE_SPELLING_MIN = 6  # "Swarbick" for "Swarbrick"; shorter words are too often other names


def _one_letter_from(word: str, full_by_word: Mapping[str, set[str]]) -> set[str]:
    """The full names opened or ended by a word one letter from ``word`` ("Swarbick" → "Neil
    Swarbrick"), for a lone word that no full name has as it is."""
    if len(word) < LONE_SPELLING_MIN:
        return set()
    near = (ids for w, ids in full_by_word.items() if len(w) >= LONE_SPELLING_MIN and _edit_distance_is_one(word, w))
    return {i for ids in near for i in ids}


_TYPE_PREFERENCE = {"ORG": 0, "LOC": 1, "PER": 2}


def _merge_types(entities: Mapping[str, Entity], moves: dict[str, str]) -> None:
    by_key: dict[str, list[Entity]] = defaultdict(list)
    for e in entities.values():
        by_key[e.key].append(e)
    for same in by_key.values():
        if len({e.type for e in same}) < 2:
            continue
        votes: Counter[str] = Counter()
        for e in same:
            votes[e.type] += len(e.articles) * max(1, len(e.variants))
        best = min(votes, key=lambda t: (-votes[t], _TYPE_PREFERENCE.get(t, 9), t))
        if any(e.roles for e in same if e.type == "PER"):
            best = "PER"  # "Pebalap LCR Honda, Cal Crutchlow": a role is said only of a person
        target = min((e for e in same if e.type == best), key=lambda e: e.id)
        for e in same:
            if e.id != target.id:
                moves[e.id] = target.id


def _type_after(e: Entity, entities: Mapping[str, Entity], moves: Mapping[str, str]) -> str:
    return entities[moves[e.id]].type if e.id in moves else e.type


ACRONYM_WITHOUT_HEAD_MIN = 3  # "KS" could stand for too much
_INITIAL_SKIP = frozenset({"dan", "untuk", "of", "for", "the", "and", "di", "ke", "dari", "&"})


def _initials(name: str) -> str:
    return "".join(w[0].upper() for w in name.split() if w.lower() not in _INITIAL_SKIP and w[:1].isalpha())


def _merge_acronyms(live: Sequence[Entity], moves: dict[str, str]) -> None:
    by_id = {e.id: e for e in live}
    by_initials: dict[str, set[str]] = defaultdict(set)
    for f in live:
        words = f.name.split()
        if f.type != "PER" and len(words) >= 2:
            by_initials[_initials(f.name)].add(f.id)
            # "BUMN" for "Kementerian Badan Usaha Milik Negara": the head word is not in the acronym
            rest = _initials(" ".join(words[1:]))
            if words[0].lower() in _entity_words()["org_head"] and len(rest) >= ACRONYM_WITHOUT_HEAD_MIN:
                by_initials[rest].add(f.id)
    for e in live:
        name = e.name.replace(".", "")
        if e.id in moves or len(name) < 2 or not name.isupper() or " " in name:
            continue
        # The initials, or (three letters or more) their end: "KCNA" for "Central News Agency".
        exact = set(by_initials.get(name, ()))
        ends: set[str] = set()
        for k in range(1, len(name) - 2):
            ends |= by_initials.get(name[k:], set())
        if len(exact) == 1:
            target = next(iter(exact))
            moves[e.id] = target
            # "Central News Agency", the tagger's cut of "Korean Central News Agency", is that name too
            full = " " + fold(by_id[target].name)
            for other in ends - exact:
                if full.endswith(" " + fold(by_id[other].name)) and other not in moves:
                    moves[other] = target
        elif not exact and len(ends) == 1:
            moves[e.id] = next(iter(ends))


def _merge_org_prefixes(live: Sequence[Entity], moves: dict[str, str]) -> None:
    orgs = [e for e in live if e.type == "ORG" and e.id not in moves]
    opened_by: dict[str, set[str]] = defaultdict(set)  # folded opening words -> longer names
    heads = _entity_words()["org_head"] | _entity_words()["org_opening"]
    for f in orgs:
        words = fold(f.name).split()
        # one word opens a longer name too ("Amnesty" / "Amnesty International"), unless it is a head
        for k in range(1 if words[0] not in heads else 2, len(words)):
            opened_by[" ".join(words[:k])].add(f.id)
    containing: Counter[str] = Counter(w for f in orgs for w in set(fold(f.name).split()))
    for e in orgs:
        name = fold(e.name)
        longer = opened_by.get(name, set()) - {e.id}
        # a single word must be in no other name ("Freeport": PT Freeport Indonesia or Freeport McMoran)
        if len(longer) == 1 and (" " in name or containing[name] == 2):
            moves[e.id] = next(iter(longer))


# Head words a place's or organisation's name is also written without: "Kota Tegal" / "Tegal",
# "Partai Gerindra" / "Gerindra". Not "Bank" or "Universitas": "Bank Indonesia" is no "Indonesia".
_DROPPABLE_ORG_HEADS = frozenset({"partai", "kementerian", "pt", "pt."})
PLACE_SPELLING_MIN = 6  # shorter one-word names one letter apart are too often two names ("Mali", "Bali")


def _merge_head_words(live: Sequence[Entity], moves: dict[str, str]) -> None:
    by_rest: dict[str, set[str]] = defaultdict(set)
    for f in live:
        words = fold(f.name).split()
        heads = _entity_words()["loc_head"] if f.type == "LOC" else _DROPPABLE_ORG_HEADS if f.type == "ORG" else set()
        if len(words) > 1 and words[0] in heads and f.id not in moves:
            by_rest[" ".join(words[1:])].add(f.id)
    for e in live:
        if e.id in moves or e.type == "PER" or e.key.startswith("country:"):
            continue
        targets = by_rest.get(fold(e.name), set()) - {e.id}
        if len(targets) == 1:
            moves[e.id] = next(iter(targets))


def _merge_place_spellings(live: Sequence[Entity], moves: dict[str, str]) -> None:
    """One-word places and organisations one letter apart ("Sumatera" / "Sumatra"); the one named in
    more articles (then the longer) stays. Keys split the comparison as in :func:`_merge_spellings`."""
    names = sorted(
        (e for e in live if e.type != "PER" and e.id not in moves and not e.key.startswith("country:")),
        key=lambda e: (-len(e.articles), -len(e.name), e.id),
    )
    by_key: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for e in names:
        word = fold(e.name)
        if " " in word or len(word) < PLACE_SPELLING_MIN:
            continue
        for k in range(len(word) + 1):
            by_key[(e.type, word[:k] + word[k + 1 :])].append(e)
    for e in names:
        word = fold(e.name)
        if e.id in moves or " " in word or len(word) < PLACE_SPELLING_MIN:
            continue
        for k in range(len(word) + 1):
            for f in by_key.get((e.type, word[:k] + word[k + 1 :]), []):
                if (
                    f.id != e.id
                    and f.id not in moves
                    and e.id not in moves
                    and _edit_distance_is_one(word, fold(f.name))
                ):
                    moves[f.id] = e.id


def _merge_name_parts(live: Sequence[Entity], moves: dict[str, str]) -> None:
    people = [e for e in live if e.type == "PER"]
    longer_by_part: dict[str, set[str]] = defaultdict(set)
    for f in people:
        words = fold(f.name).split()
        for k in range(2, len(words)):
            longer_by_part[" ".join(words[:k])].add(f.id)
            longer_by_part[" ".join(words[-k:])].add(f.id)
        if len(words) >= 3:
            longer_by_part[f"{words[0]} {words[-1]}"].add(f.id)  # "Schapelle Corby" for "Schapelle Leigh Corby"
    for e in people:
        if len(e.name.split()) < 2:
            continue
        targets = longer_by_part.get(fold(e.name), set()) - {e.id}
        if len(targets) == 1:
            moves[e.id] = next(iter(targets))


def _merge_spellings(live: Sequence[Entity], moves: dict[str, str]) -> None:
    for type_ in ("PER", "LOC", "ORG"):  # "Desa Watumaeta" / "Desa Watumeta" as well as people
        _merge_spellings_of(type_, live, moves)


def _merge_spellings_of(type_: str, live: Sequence[Entity], moves: dict[str, str]) -> None:
    people = sorted((e for e in live if e.type == type_ and e.id not in moves), key=lambda e: (-len(e.articles), e.id))
    # Names one letter apart in one word share a key: the other words, and that word with one
    # letter (or none) left out. Comparing only within a key keeps this linear in the people.
    by_key: dict[tuple[str, ...], list[Entity]] = defaultdict(list)
    for e in people:
        words = fold(e.name).split()
        if len(words) < 2:
            continue
        for j, word in enumerate(words):
            if len(word) < 5:
                continue
            for k in range(len(word) + 1):
                by_key[(*words[:j], f"{j}:{word[:k]}{word[k + 1 :]}", *words[j + 1 :])].append(e)
    for e in people:
        if e.id in moves:
            continue
        for group in _keys_of(e, by_key):
            for f in group:
                if f.id != e.id and f.id not in moves and _one_letter_apart(fold(e.name).split(), fold(f.name).split()):
                    moves[f.id] = e.id


def _keys_of(e: Entity, by_key: Mapping[tuple[str, ...], list[Entity]]) -> Iterator[list[Entity]]:
    words = fold(e.name).split()
    for j, word in enumerate(words):
        if len(word) >= 5:
            for k in range(len(word) + 1):
                yield by_key.get((*words[:j], f"{j}:{word[:k]}{word[k + 1 :]}", *words[j + 1 :]), [])


def _one_letter_apart(a: Sequence[str], b: Sequence[str]) -> bool:
    """Names of two words or more, alike but for one letter in one word of five letters or more."""
    if len(a) != len(b) or len(a) < 2:
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    return min(len(x), len(y)) >= 5 and _edit_distance_is_one(x, y)


def _edit_distance_is_one(x: str, y: str) -> bool:
    """One letter changed, added or dropped, or two neighbours swapped ("Masitha" / "Mashita")."""
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        differ = [k for k, (c, d) in enumerate(zip(x, y, strict=True)) if c != d]
        swapped = len(differ) == 2 and differ[1] == differ[0] + 1 and x[differ[0]] == y[differ[1]]
        return len(differ) == 1 or (swapped and x[differ[1]] == y[differ[0]])
    short, long = sorted((x, y), key=len)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


def _without_chains(moves: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for source in moves:
        target, seen = moves[source], {source}
        while target in moves and target not in seen:
            seen.add(target)
            target = moves[target]
        if target != source:
            out[source] = target
    return out
