"""Word tokens for Indonesian text: words, content words, and a light stemmer.

``words`` keeps the tokens that matter in news as one token: reduplications
("isu-isu"), mixed letters and digits ("covid-19", "5g", "ke-70"), numbers with
separators ("1.500", "3,5", "9.50") and dates ("27/7/2023"). Everything is
lower-cased; punctuation, symbols and emoji are dropped.
"""

from __future__ import annotations

import re

from .stopwords import stopwords

__all__ = ["content_stems", "content_words", "stem", "stopwords", "tokens", "words"]

_WORD = re.compile(
    r"\d[^\W_]*(?:[.,/:]\d[^\W_]*)*(?:-[^\W_]+)*"  # 1.500  3,5  27/7/2023  1940-an  0700est
    r"|[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*"  # kata  isu-isu  covid-19  jum'at
)


def tokens(text: str) -> list[str]:
    """Word tokens of ``text`` in order, case kept (for spotting names)."""
    return _WORD.findall(text)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` in order."""
    return _WORD.findall(text.lower())


def content_words(text: str) -> list[str]:
    """``words(text)`` without stop words and one-character tokens."""
    stop = stopwords()
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in stop]


def content_stems(text: str) -> frozenset[str]:
    """The stems of ``text``'s content words: what paraphrases of one sentence share."""
    return frozenset(stem(w) for w in content_words(text))


_VOWELS = frozenset("aeiou")
_PREFIXED = ("me", "pe", "di", "ber", "ter")
_SIMPLE_PREFIXES = (("ber", 3), ("ter", 3), ("di", 2), ("ke", 2), ("se", 2))


def _strip_prefix(word: str) -> str:
    """Remove one derivational prefix, undoing nasal assimilation (meny- -> s-, mem- -> p-, men- -> t-)."""
    n = len(word)
    if n < 6:
        return word
    head = word[:2]
    if head == "me" or head == "pe":
        c = word[2]
        if c == "r" and head == "pe":
            return word[3:] if n >= 7 else word  # per-: "perkuat" -> "kuat"
        if c == "n":
            c = word[3]
            if c == "y":
                return "s" + word[4:] if word[4] in _VOWELS else word[3:]  # meny-: "menyampai" -> "sampai"
            if c == "g":
                return word[4:]  # meng-: k-roots lose their k; stems drop a leading k anyway
            return "t" + word[3:] if c in _VOWELS else word[3:]  # men-: "menulis" -> "tulis", "mendukung"
        if c == "m":
            return "p" + word[3:] if word[3] in _VOWELS else word[3:]  # mem-: "memukul" -> "pukul", "membantu"
        return word[2:]
    for prefix, size in _SIMPLE_PREFIXES:
        if n - size >= 4 and word.startswith(prefix):
            return word[size:]
    return word


def stem(word: str) -> str:
    """A light, lossy Indonesian stemmer for similarity, not for display.

    Strips the possessive -nya, one derivational suffix (-kan, -an; -i only
    after a prefix) and up to two prefixes (di-, ke-, se-, ber-, ter-, me(N)-,
    pe(N)-, per-), keeping about four letters. A leading "k" before a vowel is
    dropped so that "kirim", "dikirim" and "mengirim" meet. Tokens with digits
    are returned unchanged; reduplications reduce to their first half.
    """
    if not word.isalpha():
        first, dash, second = word.partition("-")
        if dash and first == second and first.isalpha():
            word = first  # "isu-isu" -> "isu"
        else:
            return word  # numbers, "covid-19", "ke-70"
    n = len(word)
    if n > 4:
        if n >= 7 and word.endswith("nya"):
            word = word[:-3]
            n -= 3
        if n >= 7 and word.endswith("kan"):
            word = word[:-3]
        elif n >= 6 and word.endswith("an"):
            word = word[:-2]
        elif n >= 7 and word[-1] == "i" and word.startswith(_PREFIXED):
            word = word[:-1]  # -i only with a prefix: "menemui" -> "menemu", but "sampai" stays
        shorter = _strip_prefix(word)
        if shorter != word and len(shorter) >= 3:
            word = shorter
            shorter = _strip_prefix(word)
            if shorter != word and len(shorter) >= 3:
                word = shorter
    if len(word) > 3 and word[0] == "k" and word[1] in _VOWELS:
        word = word[1:]
    return word
