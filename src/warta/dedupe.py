"""Exact and near-duplicate detection.

Exact duplicates share ``Article.content_hash`` (the normalised clean text).
Near duplicates are found with MinHash LSH over word shingles (datasketch
computes the signatures; the LSH buckets live in the store so later ingests
see earlier articles). Two articles are near duplicates when their estimated
Jaccard similarity is at least ``DedupeConfig.threshold``.

Duplicates form groups (connected components of the duplicate relation); every
member's ``duplicate_of`` points at the group's *earliest* article — earliest
published, then smallest id — so the outcome does not depend on input order.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from .config import DedupeConfig
from .records import Article

if TYPE_CHECKING:
    from datasketch import MinHash

# datasketch is imported where a fingerprint is made: it pulls in scipy.integrate (0.7 s), which every
# command that only reads a database would pay at start-up.

_WORD = re.compile(r"\w+")
# Articles without a date sort after every dated one.
_UNDATED = "9999-99-99"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedupe needs to know about an article."""

    article_id: str
    published: str | None
    content_hash: str
    signature: np.ndarray  # MinHash hash values, uint64
    buckets: tuple[int, ...]  # one LSH bucket key per band

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.published or _UNDATED, self.article_id)


def earliest_key(article_id: str, published: str | None) -> tuple[str, str]:
    """The order that picks a duplicate group's original."""
    return (published or _UNDATED, article_id)


def original_key(article_id: str, published: str | None) -> str:
    """:func:`earliest_key` as one string that sorts the same way (for the store)."""
    return f"{published or _UNDATED}\t{article_id}"


def shingles(text: str, size: int) -> set[bytes]:
    """Word ``size``-grams of the lower-cased text (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


@cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch picks for this threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


@cache
def _template(num_perm: int) -> MinHash:
    """A MinHash whose permutations (seeded, so always the same) every fingerprint reuses:
    drawing them afresh for every article took a quarter of the fingerprint time."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, hashfunc=_crc32)


def fingerprint(article: Article, cfg: DedupeConfig) -> Fingerprint:
    from datasketch import MinHash

    template = _template(cfg.num_perm)
    mh = MinHash(num_perm=cfg.num_perm, hashfunc=_crc32, permutations=template.permutations, scheme=template.scheme)
    mh.update_batch(list(shingles(article.text, cfg.shingle_words)))
    signature = mh.hashvalues.astype(np.uint64)
    bands, rows = lsh_bands(cfg.threshold, cfg.num_perm)
    return Fingerprint(
        article_id=article.id,
        published=article.published,
        content_hash=article.content_hash,
        signature=signature,
        buckets=bucket_keys(signature, bands, rows),
    )


def bucket_keys(signature: np.ndarray, bands: int, rows: int) -> tuple[int, ...]:
    """A signed 64-bit key per band (SQLite integers are signed)."""
    keys = []
    for band in range(bands):
        chunk = signature[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash signatures."""
    return float(np.count_nonzero(a == b)) / float(len(a))


def signature_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u8").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored article that shares an LSH bucket with a new one."""

    article_id: str
    group: str  # the original of its duplicate group (itself when it is an original)
    signature: Callable[[], np.ndarray]  # read on demand: most groups are settled by one member


@dataclass(frozen=True, slots=True)
class Match:
    """A stored duplicate group that the new article joins, through ``article_id``."""

    article_id: str
    group: str
    kind: str  # "exact" | "near"
    similarity: float


def matches(
    fp: Fingerprint,
    exact: Iterable[tuple[str, str]],
    near_candidates: Iterable[Candidate],
    cfg: DedupeConfig,
) -> list[Match]:
    """One match per stored duplicate group that ``fp`` belongs to.

    ``exact`` are ``(id, group)`` pairs sharing its content hash;
    ``near_candidates`` share at least one LSH bucket and are verified against
    the threshold here. A group is joined through any one member: the groups
    joined, and so the outcome, do not depend on which member it is.
    """
    found: dict[str, Match] = {}
    for aid, group in sorted(exact):
        if aid != fp.article_id and group not in found:
            found[group] = Match(aid, group, "exact", 1.0)
    for candidate in near_candidates:
        if candidate.article_id == fp.article_id or candidate.group in found:
            continue
        score = similarity(fp.signature, candidate.signature())
        if score >= cfg.threshold:
            found[candidate.group] = Match(candidate.article_id, candidate.group, "near", score)
    return sorted(found.values(), key=lambda m: m.group)


def choose_original(members: Sequence[tuple[str, str | None]]) -> str:
    """The id of the earliest member (published, then id) of a duplicate group."""
    return min(members, key=lambda m: earliest_key(m[0], m[1]))[0]
