"""Word tokens for Indonesian text: words, content words, and a light stemmer.

``words`` keeps the tokens that matter in news as one token: reduplications
("isu-isu"), mixed letters and digits ("covid-19", "5g", "ke-70"), numbers with
separators ("1.500", "3,5", "9.50") and dates ("27/7/2023"). Everything is
lower-cased; punctuation, symbols and emoji are dropped.
"""

from __future__ import annotations

import re

from .stopwords import stopwords

__all__ = ["content_words", "stem", "stopwords", "words"]

_WORD = re.compile(
    r"\d[^\W_]*(?:[.,/:]\d[^\W_]*)*(?:-[^\W_]+)*"  # 1.500  3,5  27/7/2023  1940-an  0700est
    r"|[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*"  # kata  isu-isu  covid-19  jum'at
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` in order."""
    return _WORD.findall(text.lower())


def content_words(text: str) -> list[str]:
    """``words(text)`` without stop words and one-character tokens."""
    stop = stopwords()
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in stop]


_VOWELS = frozenset("aeiou")
_SUFFIXES = ("kan", "an")
_PREFIXED = ("me", "pe", "di", "ber", "ter")
_MIN_STEM = 4


def _strip_prefix(word: str) -> str:
    """Remove one derivational prefix, undoing nasal assimilation (meny- -> s-, mem- -> p-, men- -> t-)."""
    if len(word) < _MIN_STEM + 2:
        return word
    head = word[:2]
    if head in ("me", "pe"):
        rest = word[2:]
        if head == "pe" and rest.startswith("r") and len(rest) - 1 >= _MIN_STEM:
            return rest[1:]  # per-, also ber-like "pe" + r-root: close enough for similarity
        if rest.startswith("ny") and rest[2:3] in _VOWELS:
            return "s" + rest[2:]
        if rest.startswith("ng"):
            return rest[2:]  # meng-/peng- + vowel: k-roots lose k; stems drop a leading k anyway
        if rest.startswith("m"):
            return "p" + rest[1:] if rest[1:2] in _VOWELS else rest[1:]
        if rest.startswith("n"):
            return "t" + rest[1:] if rest[1:2] in _VOWELS else rest[1:]
        return rest
    for prefix in ("ber", "ter", "di", "ke", "se"):
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM:
            return word[len(prefix) :]
    return word


def stem(word: str) -> str:
    """A light, lossy Indonesian stemmer for similarity, not for display.

    Strips the possessive -nya, one derivational suffix (-kan, -an; -i only
    after a prefix) and up to two prefixes (di-, ke-, se-, ber-, ter-,
    me(N)-, pe(N)-, per-), keeping at least four letters. A leading "k" before a
    vowel is dropped so that "kirim", "dikirim" and "mengirim" meet. Tokens with
    digits are returned unchanged; reduplications reduce to their first half.
    """
    if not word.isalpha():
        if "-" in word:
            first, _, second = word.partition("-")
            if first == second and first.isalpha():
                word = first
            else:
                return word
        else:
            return word
    if len(word) > _MIN_STEM:
        word = _strip_affixes(word)
    if word[0] == "k" and word[1:2] in _VOWELS and len(word) > 3:
        word = word[1:]
    return word


def _strip_affixes(word: str) -> str:
    if word.endswith("nya") and len(word) - 3 >= _MIN_STEM:
        word = word[:-3]
    for ending in _SUFFIXES:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            word = word[: -len(ending)]
            break
    else:
        if word.endswith("i") and word.startswith(_PREFIXED) and len(word) > _MIN_STEM + 2:
            word = word[:-1]  # -i only with a prefix: "menemui" -> "menemu", but "sampai" stays
    for _ in range(2):
        shorter = _strip_prefix(word)
        if shorter == word or len(shorter) < 3:
            break
        word = shorter
    return word
