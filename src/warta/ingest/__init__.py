"""Ingest: read files, directories and stdin into :class:`~warta.records.RawArticle` records.

Inputs are ``.txt`` (one article per file), ``.html``/``.htm`` (main text found by
trafilatura), ``.jsonl`` (one record per line, streamed), ``.json`` (an object or an array
of objects) and ``.warc``/``.warc.gz`` (web crawls: each HTML response an article, every other
record counted by reason as a :class:`~warta.records.SkippedRecord`). Ingest only decodes
bytes and turns ``\\r\\n``/``\\r`` into ``\\n``; cleaning is a later stage, and ``raw`` keeps the
input bytes unaltered. Bad items (an article over ``ingest.max_article_bytes`` among them) are
yielded as :class:`~warta.errors.InputError` instances so the rest of a batch goes on; files a
directory walk does not read are yielded as :class:`~warta.records.Skipped`.

    read_inputs(paths, cfg, stdin=None) -> Iterator[RawArticle | InputError | Skipped | SkippedRecord]
    content_id(text) -> str
    decode_bytes(data, path) -> (text, encoding)
"""

from __future__ import annotations

from .encoding import decode_bytes
from .ids import content_id
from .readers import read_inputs

__all__ = ["content_id", "decode_bytes", "read_inputs"]
