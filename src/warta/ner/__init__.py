"""Named-entity recognition for Indonesian: a CRF tagger (python-crfsuite) and its tools.

from warta.ner import NerModel
model = NerModel.load()                 # the shipped PER/ORG/LOC model
model.tag(["Joko", "Widodo", "ke", "Bandung"])   # ['B-PER', 'I-PER', 'O', 'B-LOC']
model.entities("Presiden Joko Widodo tiba di Bandung.")
"""

from __future__ import annotations

from .conll import WARTA_MAP, WARTA_TYPES, Sentence, apply_tagset, read_conll, write_conll
from .evaluate import Report, Score, evaluate, spans
from .model import Mention, NerModel, tokenize, train

__all__ = [
    "WARTA_MAP",
    "WARTA_TYPES",
    "Mention",
    "NerModel",
    "Report",
    "Score",
    "Sentence",
    "apply_tagset",
    "evaluate",
    "read_conll",
    "spans",
    "tokenize",
    "train",
    "write_conll",
]
