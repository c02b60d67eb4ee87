"""read_inputs: paths, directories, stdin sniffing, and errors that never stop the batch."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from warta.config import IngestConfig
from warta.errors import DecodeError, EmptyInputError, InputError, UnsupportedInputError
from warta.ingest import read_inputs
from warta.records import RawArticle, Skipped

HTML = "<html><body><article><p>{}</p></article></body></html>"
LONG = "Pemerintah Indonesia mengumumkan kebijakan baru tentang harga beras di pasar tradisional hari ini."


def read(
    *paths: Path | str, cfg: IngestConfig | None = None, stdin: bytes | None = None
) -> list[RawArticle | InputError]:
    """The articles and errors; files a walk skips are left out (tests/unit/test_ingest_bounds.py covers them)."""
    stream = io.BytesIO(stdin) if stdin is not None else None
    items = read_inputs([str(path) for path in paths], cfg or IngestConfig(), stdin=stream)
    return [item for item in items if not isinstance(item, Skipped)]


def origins(items: list[RawArticle | InputError]) -> list[str]:
    return [item.origin if isinstance(item, RawArticle) else item.path for item in items]


def test_directory_is_walked_recursively_in_sorted_order_skipping_hidden_and_other_suffixes(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/b/c.jsonl", "a.txt", "c.md", ".hidden.txt", ".git/x.txt", "d/e.HTML"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HTML.format(LONG) if name.endswith("HTML") else '{"text": "Isi."}')
    expected = ["a/b/c.jsonl", "a/z.txt", "a.txt", "b.txt", "d/e.HTML"]
    assert origins(read(tmp_path)) == [str(tmp_path / name) for name in expected]


def test_paths_are_read_in_the_order_given(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Satu.")
    (tmp_path / "b.txt").write_text("Dua.")
    assert origins(read(tmp_path / "b.txt", tmp_path / "a.txt")) == [str(tmp_path / "b.txt"), str(tmp_path / "a.txt")]


def test_configured_suffixes_choose_which_files_a_directory_walk_reads(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Satu.")
    (tmp_path / "b.md").write_text("Dua.")
    items = read(tmp_path, cfg=IngestConfig(suffixes=(".md",)))
    assert origins(items) == [str(tmp_path / "b.md")]
    assert isinstance(items[0], RawArticle) and items[0].format == "txt"


def test_missing_path_is_an_input_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ada.")
    error, article = read(tmp_path / "tidak-ada.txt", tmp_path / "a.txt")
    assert isinstance(error, InputError) and isinstance(article, RawArticle)
    assert error.path == str(tmp_path / "tidak-ada.txt")
    assert "no such file" in error.reason


def test_explicit_file_with_unsupported_suffix_is_an_unsupported_input_error(tmp_path: Path) -> None:
    path = tmp_path / "laporan.pdf"
    path.write_bytes(b"%PDF-1.7")
    [error] = read(path)
    assert isinstance(error, UnsupportedInputError)
    assert error.path == str(path) and "'.pdf'" in error.reason


@pytest.mark.parametrize("name", ["kosong.txt", "kosong.html", "kosong.json", "kosong.jsonl"])
def test_empty_file_of_any_kind_is_an_empty_input_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b" \n\t\n")
    [error] = read(path)
    assert isinstance(error, EmptyInputError)
    assert error.path == str(path)


@pytest.mark.parametrize("name", ["gambar.txt", "gambar.html", "gambar.json", "gambar.jsonl"])
def test_binary_file_of_any_kind_is_a_decode_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    [error] = read(path)
    assert isinstance(error, DecodeError)
    assert "looks like a binary file" in error.reason


def test_directory_without_input_files_is_an_empty_input_error(tmp_path: Path) -> None:
    (tmp_path / "catatan.md").write_text("bukan input")
    [error] = read(tmp_path)
    assert isinstance(error, EmptyInputError) and error.path == str(tmp_path)


@pytest.mark.parametrize(
    ("data", "fmt", "count"),
    [
        (b'  {"text": "Satu."}\n{"text": "Dua."}\n', "jsonl", 2),
        (b'\n[{"text": "Satu."}, {"text": "Dua."}, {"text": "Tiga."}]', "json", 3),
        (HTML.format(LONG).encode(), "html", 1),
        (LONG.encode(), "txt", 1),
    ],
)
def test_stdin_format_is_sniffed_from_the_first_non_space_character(data: bytes, fmt: str, count: int) -> None:
    items = read("-", stdin=data)
    assert len(items) == count
    assert all(isinstance(item, RawArticle) and item.format == fmt and item.origin == "-" for item in items)


def test_stdin_text_in_utf16_is_decoded_before_sniffing() -> None:
    [article] = read("-", stdin='{"text": "Satu."}\n'.encode("utf-16"))
    assert isinstance(article, RawArticle) and article.format == "jsonl"


def test_stdin_jsonl_in_utf16_without_a_byte_order_mark_is_read_line_by_line() -> None:
    items = read("-", stdin='{"text": "Satu."}\n{"text": "Dua."}\n'.encode("utf-16-le"))
    assert [item.text for item in items if isinstance(item, RawArticle)] == ["Satu.", "Dua."]


def test_stdin_json_object_pretty_printed_over_several_lines_is_one_record() -> None:
    data = b'{\n  "text": "Satu.",\n  "title": "Judul"\n}\n'
    [article] = read("-", stdin=data)
    assert isinstance(article, RawArticle) and article.format == "json" and article.title == "Judul"


def test_stdin_jsonl_with_a_bad_first_line_is_still_read_as_jsonl() -> None:
    items = read("-", stdin=b'{"text": \n{"text": "Dua."}\n')
    assert isinstance(items[0], InputError) and items[0].line == 1
    assert isinstance(items[1], RawArticle) and items[1].text == "Dua."


def test_empty_stdin_is_an_empty_input_error_named_dash() -> None:
    [error] = read("-", stdin=b"")
    assert isinstance(error, EmptyInputError) and error.path == "-"


def test_stdin_defaults_to_sys_stdin_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"Berita dari stdin."), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    [article] = list(read_inputs(["-"], IngestConfig()))
    assert isinstance(article, RawArticle) and article.text == "Berita dari stdin."


def test_reading_the_same_inputs_twice_gives_equal_records(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Satu dua tiga.")
    (tmp_path / "b.jsonl").write_text('{"text": "Empat."}\n')
    assert read(tmp_path) == read(tmp_path)


def test_symlink_loop_in_a_directory_is_not_walked_forever(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Satu.")
    (tmp_path / "loop").symlink_to(tmp_path)
    assert origins(read(tmp_path)) == [str(tmp_path / "a.txt")]


def test_configured_suffixes_may_leave_out_the_dot_and_differ_in_case(tmp_path: Path) -> None:
    (tmp_path / "a.TXT").write_text("Satu.")
    assert origins(read(tmp_path, cfg=IngestConfig(suffixes=("txt",)))) == [str(tmp_path / "a.TXT")]
