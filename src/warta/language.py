"""Language identification with CLD2 (``pycld2``): Indonesian, Malay, English or other.

CLD2 tells Indonesian from Malay ("kerajaan", "bahawa", "RM500" read as
Malay), which matters here: Malaysian outlets write a language close enough to
Indonesian to fool simpler detectors. The guess maps CLD2's top language to
``id``/``ms``/``en`` (anything else is ``other``; the detector's own code is
kept in ``detail``). Confidence is the top language's share of the text CLD2
could place in a language (lists of names and numbers, which CLD2 leaves
"unknown", do not count against it), times 0.75 when CLD2 itself calls the
result unreliable (short or mixed text); below
``LanguageConfig.min_confidence`` the guess is ``other``.
"""

from __future__ import annotations

import re

import pycld2

from warta.config import LanguageConfig
from warta.records import LanguageGuess

__all__ = ["KNOWN_CODES", "detect_language", "normalize_code"]

KNOWN_CODES = frozenset({"id", "ms", "en"})
# CLD2's older or alternative codes for the languages warta names.
_ALIASES = {"in": "id", "ind": "id", "indonesian": "id", "msa": "ms", "may": "ms", "malay": "ms", "eng": "en"}
_UNRELIABLE_FACTOR = 0.75
_MAX_CHARS = 4000  # CLD2 needs far less; longer text only costs time

# Code points CLD2 rejects as "invalid UTF-8": C0/C1 controls (except tab, LF, FF, CR),
# surrogates and the Unicode noncharacters.
_NONCHARACTERS = "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 17))
_CONTROLS = "\\x00-\\x08\\x0b\\x0e-\\x1f\\x7f-\\x9f"
_CLD2_UNSAFE = re.compile(f"[{_CONTROLS}\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff{_NONCHARACTERS}]")


def normalize_code(code: str | None) -> str | None:
    """A declared or detected language code as ``id``/``ms``/``en``/``other``; ``None`` when empty.

    Accepts BCP 47 tags and names: ``id-ID``, ``in``, ``ind``, ``Indonesian`` -> ``id``.
    """
    if code is None or not code.strip():
        return None
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    base = _ALIASES.get(base, base)
    return base if base in KNOWN_CODES else "other"


def detect_language(text: str, cfg: LanguageConfig) -> LanguageGuess:
    """Guess the language of ``text``: code ``id``/``ms``/``en``/``other`` with a confidence in 0..1.

    Never raises: text CLD2 cannot read, or no text at all, is ``other`` with confidence 0.
    """
    result = _cld2(text[:_MAX_CHARS])
    if result is None:
        return LanguageGuess(code="other", confidence=0.0, detail="error")
    reliable, details = result
    known = [(code, percent) for _, code, percent, _ in details if code != "un" and percent > 0]
    if not known:
        return LanguageGuess(code="other", confidence=0.0, detail="un")
    detected, percent = known[0]
    share = percent / sum(p for _, p in known)
    confidence = round(share * (1.0 if reliable else _UNRELIABLE_FACTOR), 3)
    code = normalize_code(detected) or "other"
    if confidence < cfg.min_confidence:
        code = "other"
    return LanguageGuess(code=code, confidence=confidence, detail=detected)


def _cld2(sample: str) -> tuple[bool, tuple[tuple[str, str, int, float], ...]] | None:
    """CLD2's ``(is_reliable, details)`` for ``sample``, or ``None`` if CLD2 cannot read it even when cleaned.

    The fast path sends the text as it is (clean text has no control characters);
    only when CLD2 rejects it are the code points it cannot take removed.
    """
    data = sample.encode("utf-8", "ignore")  # drops lone surrogates
    try:
        reliable, _, details = pycld2.detect(data, isPlainText=True)
    except pycld2.error:
        try:
            cleaned = _CLD2_UNSAFE.sub("", sample).encode("utf-8", "ignore")
            reliable, _, details = pycld2.detect(cleaned, isPlainText=True)
        except pycld2.error:
            return None
    return bool(reliable), tuple(details)
