"""What one input item may cost: the per-article size limit, non-regular files, and files a walk skips."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import sys
import threading
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType

import pytest
from tests.helpers import SEEDS

from warta.analysis import person_spans
from warta.config import IngestConfig, Settings, load_settings, packaged_defaults
from warta.entities import build_entities, country_mentions, merge_story, resolve_article, surname_occurrences
from warta.errors import ConfigError, InputError, TooLargeError, UnsupportedInputError
from warta.ingest import read_inputs, readers
from warta.ingest.limits import JSON_FILE_FACTOR, bounded_lines
from warta.ner import Mention, NerModel
from warta.ner.model import MAX_SENTENCE_TOKENS, bounded_sentences
from warta.pipeline import IngestReport
from warta.quotes import extract_quotes
from warta.records import EntityMention, RawArticle, Skipped
from warta.runners.local import ingest
from warta.store.sqlite import Store

LIMIT = 1000
CFG = IngestConfig(max_article_bytes=LIMIT)
TEXT = "Presiden meresmikan bendungan baru di Kabupaten Bogor pada Selasa. Bendungan itu mengairi sawah."

Item = RawArticle | InputError | Skipped


def read(*paths: Path | str, stdin: bytes | None = None, cfg: IngestConfig = CFG) -> list[Item]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(read_inputs([str(path) for path in paths], cfg, stdin=stream))


def record(text: str = TEXT, **fields: str) -> str:
    return json.dumps({"text": text, **fields}, ensure_ascii=False)


def too_large(items: list[Item]) -> list[TooLargeError]:
    return [item for item in items if isinstance(item, TooLargeError)]


def articles(items: list[Item]) -> list[RawArticle]:
    return [item for item in items if isinstance(item, RawArticle)]


# -- the setting -------------------------------------------------------------------------------


def test_max_article_bytes_defaults_to_2_mb_and_is_documented_in_the_packaged_defaults() -> None:
    assert IngestConfig().max_article_bytes == 2_000_000
    assert packaged_defaults()["ingest"]["max_article_bytes"] == IngestConfig().max_article_bytes
    assert Settings().as_dict()["ingest"]["max_article_bytes"] == 2_000_000


@pytest.mark.parametrize("value", ["0", "-5"])
def test_max_article_bytes_must_be_positive(value: str) -> None:
    with pytest.raises(ConfigError, match="max_article_bytes"):
        load_settings(env={}, overrides={"ingest.max_article_bytes": value})


def test_max_article_bytes_can_be_set_from_the_command_line_layer() -> None:
    settings = load_settings(env={}, overrides={"ingest.max_article_bytes": "5000"})
    assert settings.ingest.max_article_bytes == 5000


# -- whole-file inputs ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["big.txt", "big.html", "big.htm"])
def test_file_over_the_limit_is_an_error_naming_it_its_size_and_the_setting_and_the_batch_goes_on(
    tmp_path: Path, name: str
) -> None:
    big, good = tmp_path / name, tmp_path / "good.txt"
    big.write_text(TEXT * 20, encoding="utf-8")
    good.write_text(TEXT, encoding="utf-8")
    items = read(big, good)
    [error] = too_large(items)
    assert error.path == str(big) and error.line is None
    assert f"{big.stat().st_size:,} bytes" in error.reason and f"{LIMIT:,}" in error.reason
    assert "ingest.max_article_bytes" in error.reason
    assert [a.origin for a in articles(items)] == [str(good)]


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes((TEXT.encode() * 20)[:LIMIT])
    assert [type(item) for item in read(path)] == [RawArticle]


def test_a_file_over_the_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50_000_000)  # sparse: costs no disk, but reading it would cost 50 MB

    def refuse(*_: object) -> bytes:
        raise AssertionError("an over-limit file was read")

    monkeypatch.setattr(readers, "read_at_most", refuse)
    [error] = read(path)
    assert isinstance(error, TooLargeError) and "50,000,000 bytes" in error.reason


# -- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_line_over_the_limit_is_an_error_at_its_line_and_the_other_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    big = record("kata " * 400)
    path.write_text("\n".join([record(id="a"), big, record(id="c")]) + "\n", encoding="utf-8")
    items = read(path)
    [error] = too_large(items)
    assert (error.path, error.line) == (str(path), 2)
    assert f"{len(big.encode()):,} bytes" in error.reason
    assert [(a.id, a.line) for a in articles(items)] == [("a", 1), ("c", 3)]


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b""])
def test_jsonl_line_of_exactly_the_limit_is_read_whatever_its_line_end(tmp_path: Path, ending: bytes) -> None:
    line = record(id="x", pad="").encode()
    line = line[:-2] + b"x" * (LIMIT - len(line)) + b'"}'
    assert len(line) == LIMIT
    path = tmp_path / "feed.jsonl"
    first = record(id="y").encode() + b"\n"
    path.write_bytes(first + line + ending)
    assert [a.id for a in articles(read(path))] == ["y", "x"]
    path.write_bytes(first + line[:-2] + b'x"}' + ending)
    items = read(path)
    assert [e.line for e in too_large(items)] == [2] and [a.id for a in articles(items)] == ["y"]


def test_an_over_long_jsonl_line_is_never_held_in_memory_whole(tmp_path: Path) -> None:
    path = tmp_path / "one-line.jsonl"
    path.write_text(record("kata " * 2_000_000) + "\n" + record(id="after") + "\n", encoding="utf-8")  # 10 MB
    tracemalloc.start()
    try:
        items = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [e.line for e in too_large(items)] == [1]
    assert [a.id for a in articles(items)] == ["after"]
    assert peak < 1_000_000, f"peak {peak:,} bytes while reading a 10 MB line"


def test_bounded_lines_gives_the_size_of_an_over_long_line_and_goes_on() -> None:
    data = b"short\r\n" + b"x" * 100 + b"\r\nlast"
    assert list(bounded_lines(io.BytesIO(data), 10)) == [(1, b"short"), (2, 100), (3, b"last")]


def test_utf16_jsonl_line_over_the_limit_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [record(id="a"), record("kata " * 400), record(id="c")]
    path.write_bytes("\n".join(lines).encode("utf-16"))
    items = read(path)
    assert [e.line for e in too_large(items)] == [2]
    assert [a.id for a in articles(items)] == ["a", "c"]


# -- JSON ---------------------------------------------------------------------------------------


def test_json_array_element_over_the_limit_is_an_error_at_its_line_and_the_others_are_read(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text("[\n" + ",\n".join([record(id="a"), record("kata " * 400), record(id="c")]) + "\n]", "utf-8")
    items = read(path)
    assert [(e.path, e.line) for e in too_large(items)] == [(str(path), 3)]
    assert [a.id for a in articles(items)] == ["a", "c"]


def test_json_file_over_its_bound_is_refused_unread_pointing_to_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    count = JSON_FILE_FACTOR * LIMIT // len(record(id="a")) + 10
    path.write_text("[" + ",".join([record(id="a")] * count) + "]", encoding="utf-8")
    [error] = read(path)
    assert isinstance(error, TooLargeError) and error.path == str(path)
    assert f"{JSON_FILE_FACTOR * LIMIT:,}" in error.reason and "JSON Lines" in error.reason


# -- standard input -----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [(TEXT * 20).encode(), f"<html><body><p>{TEXT * 20}</p></body></html>".encode()])
def test_stdin_article_over_the_limit_is_an_error_named_dash(data: bytes) -> None:
    [error] = read("-", stdin=data)
    assert isinstance(error, TooLargeError) and error.path == "-"
    assert "ingest.max_article_bytes" in error.reason


def test_stdin_jsonl_line_over_the_limit_is_an_error_and_the_other_lines_are_read() -> None:
    data = "\n".join([record(id="a"), record("kata " * 400), record(id="c")]).encode()
    items = read("-", stdin=data)
    assert [e.line for e in too_large(items)] == [2]
    assert [a.id for a in articles(items)] == ["a", "c"]


def test_stdin_jsonl_longer_than_the_json_bound_is_still_streamed_line_by_line() -> None:
    lines = [record(id=f"r{i}") for i in range(JSON_FILE_FACTOR * LIMIT // 100)]
    assert len("\n".join(lines)) > JSON_FILE_FACTOR * LIMIT
    items = read("-", stdin="\n".join(lines).encode())
    assert len(articles(items)) == len(lines) and not too_large(items)


def test_stdin_json_array_longer_than_the_json_bound_is_refused() -> None:
    data = ("[" + ",".join([record(id="a")] * (JSON_FILE_FACTOR * LIMIT // 100)) + "]").encode()
    [error] = read("-", stdin=data)
    assert isinstance(error, TooLargeError) and "JSON Lines" in error.reason


# -- FIFOs, sockets, devices --------------------------------------------------------------------


def without_hanging(fifo: Path, run: Callable[[], list[Item]]) -> list[Item]:
    """``run()``; fails, instead of hanging, if it blocks opening ``fifo`` (a writer is opened to free it)."""
    out: list[list[Item]] = []
    thread = threading.Thread(target=lambda: out.append(run()), daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # the blocked open returns, reads EOF
        thread.join(10)
        pytest.fail(f"reading hung on the FIFO {fifo}")
    return out[0]


@pytest.fixture
def fifo_dir(tmp_path: Path) -> Iterator[Path]:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(root / "pipe.jsonl")
    os.mkfifo(root / "pipe.txt")
    yield root


def test_fifo_in_a_directory_is_skipped_with_a_reason_and_never_opened(fifo_dir: Path) -> None:
    items = without_hanging(fifo_dir / "pipe.jsonl", lambda: read(fifo_dir))
    assert [a.origin for a in articles(items)] == [str(fifo_dir / "good.txt")]
    skipped = [item for item in items if isinstance(item, Skipped)]
    assert skipped == [
        Skipped(str(fifo_dir / "pipe.jsonl"), "not a regular file (FIFO)"),
        Skipped(str(fifo_dir / "pipe.txt"), "not a regular file (FIFO)"),
    ]


def test_fifo_named_on_the_command_line_is_refused_not_waited_on(fifo_dir: Path) -> None:
    [error] = without_hanging(fifo_dir / "pipe.jsonl", lambda: read(fifo_dir / "pipe.jsonl"))
    assert isinstance(error, UnsupportedInputError) and error.path == str(fifo_dir / "pipe.jsonl")
    assert "FIFO" in error.reason and "not a regular file" in error.reason and "standard input" in error.reason


def test_a_file_that_turns_into_a_fifo_after_the_walk_is_refused_when_opened(fifo_dir: Path) -> None:
    # The walk listed a regular file; by the time it is opened it is a FIFO: opened non-blocking and refused.
    items = without_hanging(fifo_dir / "pipe.jsonl", lambda: list(readers.read_file(str(fifo_dir / "pipe.jsonl"), 100)))
    [error] = items
    assert isinstance(error, UnsupportedInputError) and "FIFO" in error.reason


def test_socket_in_a_directory_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets on this platform")
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a short relative name: socket paths are limited to ~100 bytes
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("server.txt")
        items = read(".")
    assert Skipped(os.path.join(".", "server.txt"), "not a regular file (socket)") in items
    assert len(articles(items)) == 1


def test_character_device_named_on_the_command_line_is_refused() -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    [error] = read("/dev/null")
    assert isinstance(error, UnsupportedInputError) and "character device" in error.reason


# -- unsupported suffixes in a walk -------------------------------------------------------------


def test_unsupported_files_in_a_walk_are_named_with_their_suffix_and_hidden_files_stay_silent(tmp_path: Path) -> None:
    for name in ["good.txt", "report.pdf", "sub/notes.DOCX", "README", ".hidden.pdf", ".git/config"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    items = read(tmp_path)
    assert [item for item in items if isinstance(item, Skipped)] == [
        Skipped(str(tmp_path / "README"), "no suffix"),
        Skipped(str(tmp_path / "report.pdf"), "unsupported suffix '.pdf'"),
        Skipped(str(tmp_path / "sub" / "notes.DOCX"), "unsupported suffix '.docx'"),
    ]
    assert [a.origin for a in articles(items)] == [str(tmp_path / "good.txt")]


def test_a_directory_of_only_unsupported_files_is_still_an_empty_input_error(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    items = read(tmp_path)
    assert items[0] == Skipped(str(tmp_path / "a.pdf"), "unsupported suffix '.pdf'")
    assert isinstance(items[1], InputError) and "no input files" in items[1].reason


def test_the_ingest_report_counts_and_names_skipped_files_and_calls_on_skip(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "slides.pptx").write_bytes(b"PK\x03\x04")
    settings = load_settings(env={}, overrides={"analysis.enabled": "false"})
    seen: list[Skipped] = []
    with Store(str(tmp_path / "w.db")) as store:
        report = ingest([str(tmp_path / "in")], store, settings, on_skip=seen.append)
    path = str(tmp_path / "in" / "slides.pptx")
    assert seen == report.skipped == [Skipped(path, "unsupported suffix '.pptx'")]
    assert report.stored == 1 and not report.errors
    assert report.as_dict()["skipped"] == [{"path": path, "reason": "unsupported suffix '.pptx'"}]


def test_an_empty_report_has_an_empty_skipped_list() -> None:
    assert IngestReport().as_dict()["skipped"] == []


# -- below the limit, cost grows linearly with the article --------------------------------------
# Counted in function calls (deterministic), not timed: 4 times the text must cost about 4 times the calls.


def calls(run: Callable[[], object]) -> int:
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        count += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


@pytest.fixture(scope="module")
def model() -> NerModel:
    return NerModel.load()


@pytest.fixture(scope="module")
def repeated(model: NerModel) -> Callable[[int], tuple[str, list[Mention]]]:
    """The seed articles repeated ``k`` times, and the model's mentions in it (each person many times)."""
    seeds = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))

    def make(k: int) -> tuple[str, list[Mention]]:
        text = "\n".join([seeds] * k)
        return text, model.entities(text)

    text, found = make(1)  # fill the caches (word lists, compiled patterns) before counting
    resolve_article(text, found)
    country_mentions(text, found)
    extract_quotes(text, person_spans(found))
    return make


@pytest.mark.parametrize(
    "stage",
    [
        lambda text, found: resolve_article(text, found),
        lambda text, found: country_mentions(text, found),
        lambda text, found: extract_quotes(text, person_spans(found)),
    ],
    ids=["entity-resolution", "country-names", "quotes"],
)
def test_name_and_quote_stages_cost_linear_in_the_article(
    repeated: Callable[[int], tuple[str, list[Mention]]], stage: Callable[[str, list[Mention]], object]
) -> None:
    small, large = repeated(4), repeated(16)
    growth = calls(lambda: stage(*large)) / calls(lambda: stage(*small))
    assert growth < 4.4, f"4 times the text cost {growth:.1f} times the calls"


def story_people(n: int) -> dict[str, list[EntityMention]]:
    """A story naming ``n`` people, each by full name and by surname alone."""
    names = ["".join(chr(ord("a") + int(d)) for d in str(i)).capitalize() for i in range(n)]
    full = [EntityMention(0, 1, f"Budi {name}", "PER", f"full-{name}") for name in names]
    lone = [EntityMention(0, 1, name, "PER", f"lone-{name}") for name in names]
    return {"a": full + lone}


def test_merging_lone_surnames_in_a_story_costs_linear_in_its_people() -> None:
    small, large = build_entities(story_people(50)), build_entities(story_people(200))
    assert merge_story(small)["lone-Bc"] == "full-Bc"
    growth = calls(lambda: merge_story(large)) / calls(lambda: merge_story(small))
    assert growth < 4.4, f"4 times the people cost {growth:.1f} times the calls"


def test_a_long_run_without_full_stops_is_tagged_in_bounded_pieces(model: NerModel) -> None:
    lengths: list[int] = []
    tag = model.tag

    def recording(tokens: Sequence[str]) -> list[str]:
        lengths.append(len(tokens))
        return tag(tokens)

    text = "kata Joko Widodo, " * 2000  # 8,000 tokens, no full stop
    model.tag = recording  # type: ignore[method-assign]
    try:
        found = model.entities(text)
    finally:
        del model.tag
    assert sum(lengths) == 8000 and max(lengths) <= MAX_SENTENCE_TOKENS
    assert all(text[m.start : m.end] == m.text for m in found)


def test_bounded_sentences_keeps_short_sentences_and_cuts_long_ones_after_a_comma() -> None:
    short = ["Ia", "datang", ".", "Lalu", "pergi", "."]
    assert bounded_sentences(short, 400) == [(0, 3), (3, 6)]
    long = ["kata"] * 350 + [","] + ["kata"] * 500
    assert bounded_sentences(long, 400) == [(0, 351), (351, 751), (751, 851)]


@pytest.mark.parametrize("surnames", [{"Shoigu"}, {"Jong-un", "Jong", "un"}, {"Kirby", "Kir"}, {"Aa-Aa"}, set()])
def test_surname_occurrences_finds_what_a_whole_word_regex_per_surname_finds(surnames: set[str]) -> None:
    text = "Sergei Shoigu; Kim Jong-un dan Jong. Kirby, Kirbys, Kir-by. Aa-Aa-Aa Aa-Aa. Shoigu"
    expected = [m.span() for s in sorted(surnames) for m in re.finditer(rf"(?<![\w]){re.escape(s)}(?![\w])", text)]
    assert surname_occurrences(text, surnames) == expected
