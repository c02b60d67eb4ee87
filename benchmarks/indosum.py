"""Read the IndoSum sample corpus (CC BY-SA 4.0, Kurniawan & Louvan, IALP 2018)
from ``../shared/data/corpus/`` and turn it into warta's ingest schema.

IndoSum is pre-tokenised; :func:`detokenize` joins tokens back into running
text ("( 27 / 7 / 2023 )" -> "(27/7/2023)") so warta sees ordinary prose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "data" / "corpus" / "indosum-dev02-sample" / "dev.02.sample.jsonl"

_NO_SPACE_BEFORE = re.compile(r"\s+([,.;:!?%)\]}])")
_NO_SPACE_AFTER = re.compile(r"([(\[{])\s+")
_SLASH = re.compile(r"\s*/\s*")
_QUOTES = re.compile(r'"\s*(.*?)\s*"')


def detokenize(tokens: list[str]) -> str:
    text = " ".join(t.replace("\u00a0", " ").strip() for t in tokens if t.strip())
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    text = re.sub(r"(?<=\d)\s*/\s*(?=\d)", "/", text)
    text = _QUOTES.sub(lambda m: '"' + m.group(1) + '"', text)
    return re.sub(r"\s{2,}", " ", text).strip()


def published_from_id(article_id: str) -> str | None:
    """IndoSum ids start with the Unix time of publication."""
    head = article_id.split("-", 1)[0]
    if not head.isdigit():
        return None
    return datetime.fromtimestamp(int(head), tz=UTC).isoformat()


def to_record(row: dict[str, Any]) -> dict[str, Any]:
    paragraphs = [" ".join(detokenize(s) for s in para) for para in row["paragraphs"]]
    return {
        "id": row["id"],
        "text": "\n".join(paragraphs),
        "source": row["source"],
        "url": row["source_url"],
        "published": published_from_id(row["id"]),
        "category": row["category"],
    }


def reference_summary(row: dict[str, Any]) -> str:
    return " ".join(detokenize(s) for s in row["summary"])


def load_rows(path: Path = CORPUS) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_records(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [to_record(row) for row in load_rows(path)]
