"""Reading .json files: one object, or an array walked element by element."""

from __future__ import annotations

import json
from pathlib import Path

from warta.config import IngestConfig
from warta.errors import EmptyInputError, InputError, MalformedRecordError
from warta.ingest import read_inputs
from warta.records import RawArticle


def read(path: Path) -> list[RawArticle | InputError]:
    return list(read_inputs([str(path)], IngestConfig()))


def test_json_single_object_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('\n  {"id": "x1", "text": "Isi berita.", "kanal": "news"}\n', encoding="utf-8")
    [article] = read(path)
    assert isinstance(article, RawArticle)
    assert (article.id, article.format, article.line, article.metadata) == ("x1", "json", 2, {"kanal": "news"})
    assert article.raw == b'{"id": "x1", "text": "Isi berita.", "kanal": "news"}'


def test_json_array_items_get_their_exact_byte_slice_and_starting_line(tmp_path: Path) -> None:
    items = [{"id": "a", "text": "Satu “kutipan”."}, {"id": "b", "text": "Dua – é."}]
    document = json.dumps(items, ensure_ascii=False, indent=2)
    path = tmp_path / "a.json"
    path.write_bytes(document.encode())
    first, second = read(path)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert (first.line, second.line) == (2, 6)
    assert json.loads(first.raw) == items[0] and json.loads(second.raw) == items[1]
    assert first.raw == json.dumps(items[0], ensure_ascii=False, indent=2).replace("\n", "\n  ").encode()


def test_json_array_in_windows_1252_slices_the_original_bytes(tmp_path: Path) -> None:
    document = '[{"text": "Kata “kami” – café di Jakarta, sebut sumber."}, {"text": "Dua “b”."}]'
    data = document.encode("cp1252")
    path = tmp_path / "a.json"
    path.write_bytes(data)
    first, second = read(path)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert second.encoding == "cp1252"
    assert second.raw == '{"text": "Dua “b”."}'.encode("cp1252")
    assert data.index(second.raw) == len('[{"text": "Kata “kami” – café di Jakarta, sebut sumber."}, ')


def test_json_array_in_utf16_with_bom_slices_the_original_bytes(tmp_path: Path) -> None:
    data = '[{"text": "Satu."},\r\n {"text": "Dua “b”."}]'.encode("utf-16")
    path = tmp_path / "a.json"
    path.write_bytes(data)
    first, second = read(path)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert (second.line, second.encoding) == (2, "utf-16-le")
    assert second.raw == '{"text": "Dua “b”."}'.encode("utf-16-le")
    assert second.raw in data


def test_json_array_bad_element_is_reported_and_the_rest_still_read(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[\n{"text": "Satu."},\n{"title": "tanpa teks"},\n42,\n{"text": "Empat."}\n]')
    first, missing, number, fourth = read(path)
    assert isinstance(first, RawArticle) and isinstance(fourth, RawArticle)
    assert isinstance(missing, MalformedRecordError) and isinstance(number, MalformedRecordError)
    assert (missing.line, number.line, fourth.line) == (3, 4, 5)
    assert "missing required field 'text'" in missing.reason
    assert "expected a JSON object, got number" in number.reason


def test_json_syntax_error_stops_the_walk_after_yielding_earlier_items(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"text": "Satu."},\n{"text": "Dua." oops},\n{"text": "Tiga."}]')
    first, error = read(path)
    assert isinstance(first, RawArticle)
    assert isinstance(error, MalformedRecordError)
    assert error.line == 2 and "not valid JSON" in error.reason


def test_json_unterminated_array_and_missing_comma_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('[{"text": "Satu."}')
    (tmp_path / "b.json").write_text('[{"text": "Satu."} {"text": "Dua."}]')
    [_, unterminated] = read(tmp_path / "a.json")
    [_, no_comma] = read(tmp_path / "b.json")
    assert isinstance(unterminated, MalformedRecordError) and "unterminated array" in unterminated.reason
    assert isinstance(no_comma, MalformedRecordError) and "expected ',' or ']'" in no_comma.reason


def test_json_empty_array_is_an_empty_input_error(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(" [ ] ")
    [error] = read(path)
    assert isinstance(error, EmptyInputError)


def test_json_concatenated_top_level_objects_are_all_read(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"text": "Satu."}\n{"text": "Dua."}\n')
    items = read(path)
    assert [item.line for item in items if isinstance(item, RawArticle)] == [1, 2]
