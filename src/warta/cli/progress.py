"""How many items an ingest will read, so its progress bar can show a total and an ETA.

Counting costs one quick pass over the inputs (JSON Lines: their non-blank lines; a JSON
array: its length; any other file: one). Standard input, or a JSON file too big to parse
twice, cannot be counted ahead: the bar then shows a count with no total.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from ..config import IngestConfig
from ..ingest.readers import STDIN, configured_suffixes, walk

JSON_COUNT_LIMIT = 50_000_000  # bytes: a bigger .json file is not parsed just to be counted
_LINES = frozenset({".jsonl", ".ndjson"})


def count_items(paths: Sequence[str], cfg: IngestConfig) -> int | None:
    """The number of items ``paths`` hold (each one ``on_item`` call of an ingest), or ``None``."""
    if STDIN in paths:
        return None
    suffixes = configured_suffixes(cfg)
    total = 0
    for path in paths:
        files = [e for e in walk(path, suffixes) if isinstance(e, str)] if os.path.isdir(path) else [path]
        for file in files:
            n = items_in(file)
            if n is None:
                return None
            total += n
    return total


def items_in(path: str) -> int | None:
    if not os.path.isfile(path):  # a FIFO or device is never opened here (opening a FIFO blocks)
        return 1
    suffix = os.path.splitext(path)[1].lower()
    try:
        if suffix in _LINES:
            with open(path, "rb") as lines:
                return max(1, sum(1 for line in lines if line.strip()))
        if suffix == ".json":
            if os.path.getsize(path) > JSON_COUNT_LIMIT:
                return None
            with open(path, "rb") as doc:
                value = json.load(doc)
            return max(1, len(value)) if isinstance(value, list) else 1
    except (OSError, ValueError):
        return 1  # the ingest reports this file's error as one item
    return 1
