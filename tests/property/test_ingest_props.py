"""Ingest never crashes on any bytes: only RawArticle records and InputErrors come out."""

from __future__ import annotations

import codecs
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.config import IngestConfig
from warta.errors import InputError
from warta.ingest import decode_bytes, read_inputs
from warta.records import RawArticle

# Pieces that steer random bytes towards the interesting paths: marks, JSON, HTML, legacy bytes.
_PIECES = st.sampled_from(
    [
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF32_BE,
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b'"text"',
        b":",
        b'"Berita \xe2\x80\x9cpenting\xe2\x80\x9d"',
        b'"\\ud800"',
        b"\n",
        b"\r\n",
        b" ",
        b"<html><body><p>",
        b"</p></body></html>",
        b"\x93kata\x94 \x96 caf\xe9",
        b"\x00",
        b"\x89PNG",
        b'"published": "2023-07-27"',
        b'"id": 1',
    ]
)
_BYTES = st.one_of(
    st.binary(max_size=300), st.lists(st.one_of(_PIECES, st.binary(max_size=8)), max_size=30).map(b"".join)
)
_SUFFIXES = st.sampled_from([".txt", ".html", ".json", ".jsonl"])


@settings(max_examples=150, deadline=None)
@given(_BYTES)
def test_decode_bytes_returns_text_or_raises_an_input_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "x.txt")
    except InputError as exc:
        assert exc.path == "x.txt"
        return
    assert isinstance(text, str) and text.strip()
    assert data.decode(encoding) == text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_BYTES, _SUFFIXES)
def test_read_inputs_on_any_file_yields_only_records_and_input_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_inputs([str(path)], IngestConfig()))
    assert items
    for item in items:
        assert isinstance(item, RawArticle | InputError)
        if isinstance(item, RawArticle):
            assert item.text.strip() and "\r" not in item.text
            assert item.origin == str(path)
        else:
            assert item.path == str(path)


@settings(max_examples=80, deadline=None)
@given(_BYTES)
def test_read_inputs_on_any_stdin_yields_only_records_and_input_errors(data: bytes) -> None:
    items = list(read_inputs(["-"], IngestConfig(), stdin=io.BytesIO(data)))
    assert items
    assert all(isinstance(item, RawArticle | InputError) for item in items)
