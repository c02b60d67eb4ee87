"""decode_bytes: byte-order marks, UTF-8, Windows-1252 and binary detection."""

from __future__ import annotations

import codecs

import pytest

from warta.errors import DecodeError, EmptyInputError
from warta.ingest import decode_bytes
from warta.ingest.encoding import normalize_newlines

INDONESIAN = (
    "Presiden Joko Widodo menyebut “Hari Kemenangan” – kata ‘sumber’ di kafe Café Batavia – "
    "sebagai peringatan yang penting bagi hubungan kedua negara.\r\nMenteri luar negeri menambahkan."
)


def test_plain_utf8_is_decoded_strictly_and_named_utf8() -> None:
    assert decode_bytes("Pemilu 2024 – “aman”".encode(), "a.txt") == ("Pemilu 2024 – “aman”", "utf-8")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks_are_honoured_and_stripped(bom: bytes, codec: str) -> None:
    data = bom + INDONESIAN.encode(codec)
    text, name = decode_bytes(data, "a.txt")
    assert text == INDONESIAN
    assert data.decode(name) == text  # the name given decodes the raw bytes, mark included


def test_windows_1252_indonesian_text_with_curly_quotes_dashes_and_accents_decodes_correctly() -> None:
    text, name = decode_bytes(INDONESIAN.encode("cp1252"), "a.txt")
    assert (text, name) == (INDONESIAN, "cp1252")


@pytest.mark.parametrize("sample", ["“Halo” – é", "Kata ‘dia’ – ya.", "café"])
def test_short_windows_1252_samples_still_decode_as_windows_1252(sample: str) -> None:
    assert decode_bytes(sample.encode("cp1252"), "a.txt") == (sample, "cp1252")


def test_non_latin_legacy_text_is_left_to_charset_normalizer() -> None:
    russian = "Министр обороны России Сергей Шойгу прибыл в Пхеньян на празднование годовщины перемирия."
    assert decode_bytes(russian.encode("cp1251"), "a.txt")[0] == russian


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"abc\x00def", b"%PDF-1.7\n", b"PK\x03\x04rest", b"\x01\x02\x03\x04abc"],
)
def test_binary_bytes_are_a_decode_error_saying_looks_like_a_binary_file(data: bytes) -> None:
    with pytest.raises(DecodeError, match="looks like a binary file") as info:
        decode_bytes(data, "picture.txt")
    assert info.value.path == "picture.txt"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_recognised_by_its_nul_bytes(codec: str) -> None:
    text, encoding = decode_bytes(INDONESIAN.encode(codec), "windows-export.txt")
    assert (text, encoding) == (INDONESIAN, codec)


def test_nul_bytes_at_random_places_are_still_binary() -> None:
    with pytest.raises(DecodeError, match="looks like a binary file"):
        decode_bytes(b"\x00\x01ab\x00\x00cd\x02\x00" * 20, "blob.txt")


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_empty_or_whitespace_only_input_is_an_empty_input_error(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode_bytes(data, "empty.txt")


def test_a_byte_order_mark_followed_by_invalid_bytes_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="utf-16-le"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8\x41", "a.txt")  # lone surrogate, odd length


def test_decoding_leaves_newlines_alone_and_normalize_newlines_converts_crlf_and_cr() -> None:
    assert decode_bytes(b"a\r\nb\rc", "a.txt")[0] == "a\r\nb\rc"
    assert normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
