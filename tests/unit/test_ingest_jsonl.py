"""Reading JSON Lines files: one record per line, bad lines reported and skipped."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from warta.config import IngestConfig
from warta.errors import DecodeError, EmptyInputError, InputError, MalformedRecordError
from warta.ingest import content_id, read_inputs
from warta.records import RawArticle


def read(path: Path) -> list[RawArticle | InputError]:
    return list(read_inputs([str(path)], IngestConfig()))


def write_jsonl(path: Path, *lines: str, newline: str = "\n", encoding: str = "utf-8") -> Path:
    path.write_bytes(newline.join(lines).encode(encoding))
    return path


def test_jsonl_record_fields_are_read_and_unknown_keys_kept_as_metadata(tmp_path: Path) -> None:
    record = {
        "id": "kompas-001",
        "text": "Paragraf satu.\r\nParagraf dua.",
        "title": "Kim bertemu Shoigu",
        "source": "Kompas.tv",
        "url": "https://kompas.tv/a/1",
        "published": "2023-07-27T10:00:00Z",
        "lang": "id",
        "author": "Budi",
        "section": "internasional",
        "tags": ["korea", "rusia"],
    }
    path = write_jsonl(tmp_path / "a.jsonl", json.dumps(record, ensure_ascii=False))
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert (article.id, article.id_given, article.format, article.line) == ("kompas-001", True, "jsonl", 1)
    assert article.text == "Paragraf satu.\nParagraf dua."
    assert (article.title, article.source, article.url) == ("Kim bertemu Shoigu", "Kompas.tv", "https://kompas.tv/a/1")
    assert (article.lang, article.author) == ("id", "Budi")
    assert article.published == "2023-07-27T10:00:00+00:00"
    assert article.metadata == {"section": "internasional", "tags": ["korea", "rusia"]}


def test_jsonl_raw_is_each_lines_exact_bytes_without_the_newline(tmp_path: Path) -> None:
    lines = ['{"id": "a",  "text": "Satu “dua”."}', '{"text":"Tiga."}']
    path = write_jsonl(tmp_path / "a.jsonl", *lines, newline="\r\n")
    first, second = read(path)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert first.raw == lines[0].encode()
    assert second.raw == lines[1].encode()


def test_jsonl_missing_id_becomes_the_content_id_and_integer_ids_become_strings(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", '{"text": "Tanpa id."}', '{"id": 42, "text": "Id angka."}')
    first, second = read(path)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert (first.id, first.id_given) == (content_id("Tanpa id."), False)
    assert (second.id, second.id_given) == ("42", True)


def test_jsonl_given_ids_are_kept_exactly(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", '{"id": " Kompas/2023 #7 ", "text": "Isi."}')
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert article.id == " Kompas/2023 #7 "


def test_jsonl_blank_lines_are_skipped_and_line_numbers_count_them(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", "", '{"text": "Satu."}', "   ", '{"text": "Dua."}', "")
    items = read(path)
    assert [item.line for item in items if isinstance(item, RawArticle)] == [2, 4]


def test_jsonl_malformed_line_is_reported_with_file_and_line_and_others_still_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", '{"text": "Satu."}', '{"text": "Dua."', '{"text": "Tiga."}')
    first, error, third = read(path)
    assert isinstance(first, RawArticle) and isinstance(third, RawArticle)
    assert isinstance(error, MalformedRecordError)
    assert (error.path, error.line) == (str(path), 2)
    assert str(error).startswith(f"{path}:2: not valid JSON")
    assert third.text == "Tiga."


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "expected a JSON object, got array"),
        ('"teks"', "expected a JSON object, got string"),
        ('{"title": "Tanpa teks"}', "missing required field 'text'"),
        ('{"text": null}', "missing required field 'text'"),
        ('{"text": "   "}', "field 'text' is empty"),
        ('{"text": 12}', "field 'text' must be a string, got number"),
        ('{"text": "Isi.", "title": ["a"]}', "field 'title' must be a string, got array"),
        ('{"text": "Isi.", "source": 1}', "field 'source' must be a string, got number"),
        ('{"text": "Isi.", "published": "kemarin"}', "field 'published' is not an ISO 8601 date or datetime"),
        ('{"text": "Isi.", "published": 1690416000}', "field 'published' must be an ISO 8601 date string"),
        ('{"text": "Isi.", "id": true}', "field 'id' must be a string or an integer, got boolean"),
        ('{"text": "Isi.", "id": ""}', "field 'id' is empty"),
        ('{"text": "Isi \\ud800."}', "field 'text' contains a lone surrogate"),
        ("[" * 100_000, "JSON nested too deeply"),
    ],
)
def test_jsonl_schema_violations_say_what_is_wrong(tmp_path: Path, line: str, message: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", '{"text": "Baik."}', line)
    good, error = read(path)
    assert isinstance(good, RawArticle)
    assert isinstance(error, MalformedRecordError)
    assert error.line == 2
    assert message in error.reason


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2023-07-27", "2023-07-27"),
        ("2023-07-27T10:00:00+07:00", "2023-07-27T10:00:00+07:00"),
        ("2023-07-27T03:00:00Z", "2023-07-27T03:00:00+00:00"),
        ("2023-07-27 10:00", "2023-07-27T10:00:00"),
        ("20230727", "2023-07-27"),
    ],
)
def test_jsonl_published_is_normalised_to_iso_form(tmp_path: Path, given: str, stored: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", json.dumps({"text": "Isi.", "published": given}))
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert article.published == stored


def test_jsonl_blank_optional_fields_count_as_not_given(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", '{"text": "Isi.", "title": " ", "published": "", "source": null}')
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert (article.title, article.published, article.source) == (None, None, None)


def test_jsonl_with_utf8_bom_reads_the_first_line_without_the_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b'{"id": "a", "text": "Satu."}\n{"id": "b", "text": "Dua."}\n')
    first, second = read(path)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert (first.id, first.raw) == ("a", b'{"id": "a", "text": "Satu."}')


def test_jsonl_in_utf16_with_bom_is_read_line_by_line(tmp_path: Path) -> None:
    lines = ['{"id": "a", "text": "“Satu”."}', '{"id": "b", "text": "Dua."}']
    path = write_jsonl(tmp_path / "a.jsonl", *lines, encoding="utf-16")
    first, second = read(path)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert (first.text, second.line, second.encoding) == ("“Satu”.", 2, "utf-16-le")
    assert second.raw == lines[1].encode("utf-16-le")


def test_jsonl_line_in_windows_1252_is_decoded_and_named_so(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "Satu."}\n' + '{"text": "Kata “kami” – café."}'.encode("cp1252") + b"\n")
    first, second = read(path)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert (first.encoding, second.encoding, second.text) == ("utf-8", "cp1252", "Kata “kami” – café.")


def test_jsonl_binary_file_is_one_decode_error(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n{}\n{}")
    [error] = read(path)
    assert isinstance(error, DecodeError)
    assert "looks like a binary file" in error.reason


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"])
def test_jsonl_with_no_records_is_an_empty_input_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(data)
    [error] = read(path)
    assert isinstance(error, EmptyInputError)
    assert (error.path, error.line) == (str(path), None)


def test_jsonl_is_streamed_lazily_line_by_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", *(json.dumps({"text": f"Berita {n}."}) for n in range(1000)))
    items = read_inputs([str(path)], IngestConfig())
    first = next(items)
    assert isinstance(first, RawArticle) and first.text == "Berita 0."
    assert sum(1 for _ in items) == 999
