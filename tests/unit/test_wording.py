"""Sentence vectors from the distilled e5 piece table see paraphrase that shares few words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from warta.errors import ModelError
from warta.wording import PieceVectors, split_words


@pytest.fixture(scope="module")
def table() -> PieceVectors:
    return PieceVectors.load()


def test_the_packaged_table_loads_once(table: PieceVectors) -> None:
    assert PieceVectors.load() is table
    assert table.vectors.shape[0] == len(table.tokenizer.pieces) > 10_000
    assert table.vectors.dtype == np.float32


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(table: PieceVectors) -> None:
    sims = table.similarities(
        [
            "Menteri Pertahanan Rusia menyerahkan surat Presiden Putin kepada Kim Jong Un.",
            "Surat dari Putin diberikan Menhan Rusia kepada pemimpin Korea Utara.",
            "Harga cabai rawit di Pasar Induk naik dua kali lipat pekan ini.",
        ]
    )
    assert sims.shape == (3, 3)
    assert np.allclose(sims, sims.T)
    assert np.allclose(np.diag(sims), 1.0, atol=1e-5)
    assert sims[0, 1] > sims[0, 2] + 0.2


def test_text_without_known_pieces_has_a_zero_vector(table: PieceVectors) -> None:
    assert not table.sentence_vector("").any()
    assert table.similarities([]).shape == (0, 0)


def test_words_are_runs_of_non_space() -> None:
    assert split_words("  Kim  bertemu\tPutin.\n") == ["Kim", "bertemu", "Putin."]


def test_a_damaged_table_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a numpy archive")
    with pytest.raises(ModelError, match=r"bad\.npz"):
        PieceVectors.load(bad)


def test_a_table_whose_parts_disagree_is_a_model_error(tmp_path: Path) -> None:
    odd = tmp_path / "odd.npz"
    np.savez(odd, pieces=np.array(["▁a", "▁b"]), scores=np.zeros(2), vectors=np.zeros((3, 4)))
    with pytest.raises(ModelError, match="differ in length"):
        PieceVectors.load(odd)
