"""Quotation extraction and speaker attribution against PFSA-ID (Indonesian, Kompas.com).

    .venv/bin/python benchmarks/eval_quotes.py [--data PATH] [--no-write] [--show N]

PFSA-ID is ``token<TAB>BILOU-tag`` with a blank line between sentences; articles
are concatenated, each opening with a dateline ("JAKARTA , KOMPAS — ..."). The
data is CC BY-NC-SA: it is read from ``../shared`` for evaluation only and
never copied into the package or the tests.

Reconstruction: the tokens of an article are joined with single spaces (the
sentence breaks are the annotators' splitter, not paragraphs, so they are
spaces too), keeping each token's character offsets. ``extract_quotes`` runs
on each article text.

Statements: every gold STATEMENT span (B-/U- starts; spans continue across
sentence breaks) is a direct quotation with its marks; the marks are removed
(first/last token when it is a quotation mark) and the remaining character
span is compared with the predicted *direct* quotations (PFSA-ID does not
annotate indirect speech, so indirect predictions are not scored here).
A comma that closes a quotation before its attribution ("…," kata X) is left out of the gold
span, as warta leaves it out of the quotation (it belongs to the attribution).
Matching is one-to-one, greedy in text order: *exact* = identical span;
*overlap* = overlapping characters >= 50% of the shorter span.

Speakers: a gold statement's cue is the CUE/CUECOREF within 3 tokens after it,
else the nearest CUE before it in the same sentence. Its gold speaker is the
PERSON or PERSONCOREF nearest that cue in the cue's sentence; when the cue is a
CUECOREF ("katanya") or that mention is a pronoun (ia, dia, beliau), the gold
speaker is the most recent PERSON before the statement in the article. A
predicted speaker is right when its span overlaps the gold speaker's span or
its name shares a name word (>= 3 letters, not a title; or one is a prefix of the other, >= 4
letters: "Risma" / "Rismaharini") with it. Accuracy is
over overlap-matched statements that have a gold speaker; speaker P/R/F1 count
a right (statement, speaker) pair against all predicted direct quotes with a
speaker and all gold statements with a gold speaker.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from benchmarks.report import update_section  # noqa: E402
from warta.analysis import person_spans  # noqa: E402
from warta.ner import NerModel  # noqa: E402
from warta.quotes import Quote, extract_quotes  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "quotes" / "pfsa-id" / "dev.txt"
QUOTE_TOKENS = frozenset("\"“”„‟«»‘’'")
PRONOUNS = frozenset({"ia", "dia", "beliau", "mereka"})
TITLES = frozenset(
    {"presiden", "menteri", "wakil", "kepala", "ketua", "direktur", "gubernur", "bupati", "wali", "kota"}
)


@dataclass
class Token:
    text: str
    tag: str
    sent: int
    start: int = 0
    end: int = 0


@dataclass
class Article:
    text: str
    tokens: list[Token]


def read_articles(path: Path) -> list[Article]:
    """Split the token file into articles at dateline sentences and rebuild each article's text."""
    sentences: list[list[Token]] = []
    current: list[Token] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        tok, _, tag = line.partition("\t")
        current.append(Token(tok, tag.strip() or "O", len(sentences)))
    if current:
        sentences.append(current)
    groups: list[list[list[Token]]] = []
    has_issue = False
    for sent in sentences:
        words = [t.text for t in sent[:8]]
        dateline = "KOMPAS" in words[:6] and any(w in ("—", "-", "–") for w in words[:8])
        issue = any(t.tag in ("B-ISSUE", "U-ISSUE") for t in sent)
        if dateline or not groups or (issue and has_issue):
            groups.append([])
            has_issue = False
        has_issue = has_issue or issue
        groups[-1].append(sent)
    articles = []
    for group in groups:
        tokens = [t for sent in group for t in sent]
        parts: list[str] = []
        pos = 0
        for t in tokens:
            if parts:
                parts.append(" ")
                pos += 1
            t.start, t.end = pos, pos + len(t.text)
            parts.append(t.text)
            pos = t.end
        articles.append(Article("".join(parts), tokens))
    return articles


def spans(tokens: list[Token], label: str) -> list[tuple[int, int]]:
    """Token index spans ``[i, j]`` (inclusive) of ``label``; I-/L- after a break continue the open span."""
    out: list[tuple[int, int]] = []
    i = None
    for k, t in enumerate(tokens):
        prefix, _, lab = t.tag.partition("-")
        if lab != label:
            continue
        if prefix == "U":
            out.append((k, k))
            i = None
        elif prefix == "B":
            i = k
        elif prefix == "L" and i is not None:
            out.append((i, k))
            i = None
    return out


@dataclass
class Gold:
    start: int
    end: int
    speaker: tuple[int, int, str] | None  # char span and text


def gold_statements(art: Article) -> list[Gold]:
    toks = art.tokens
    cue_spans = sorted(spans(toks, "CUE") + spans(toks, "CUECOREF"))
    people = sorted(spans(toks, "PERSON") + spans(toks, "PERSONCOREF"))
    persons = spans(toks, "PERSON")
    out = []
    for i, j in spans(toks, "STATEMENT"):
        a, b = i, j
        if toks[a].text in QUOTE_TOKENS:
            a += 1
        if toks[b].text in QUOTE_TOKENS:
            b -= 1
        if b < a:
            continue
        cue = next(((c0, c1) for c0, c1 in cue_spans if j < c0 <= j + 3), None)
        if cue is None:
            before = [(c0, c1) for c0, c1 in cue_spans if c1 < i and toks[c1].sent == toks[i].sent]
            cue = before[-1] if before else None
        speaker = None
        if cue is not None:
            sent = toks[cue[0]].sent
            near = [(min(abs(p0 - cue[1]), abs(cue[0] - p1)), p0, p1) for p0, p1 in people if toks[p0].sent == sent]
            coref = toks[cue[0]].tag.endswith("CUECOREF")
            choice = None
            if near and not coref:
                _, p0, p1 = min(near)
                if not (p0 == p1 and toks[p0].text.lower() in PRONOUNS):
                    choice = (p0, p1)
            if choice is None:
                earlier = [(p0, p1) for p0, p1 in persons if p1 < i]
                choice = earlier[-1] if earlier else None
            if choice is not None:
                p0, p1 = choice
                speaker = (toks[p0].start, toks[p1].end, art.text[toks[p0].start : toks[p1].end])
        end = toks[b].end
        while end > toks[a].start + 1 and art.text[end - 1] in ", ":
            end -= 1  # “…,” kata X: the closing comma is the attribution's (warta leaves it out too)
        out.append(Gold(toks[a].start, end, speaker))
    return out


def overlap_ok(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def match(gold: list[Gold], pred: list[Quote], exact: bool) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            ok = (p.start, p.end) == (g.start, g.end) if exact else overlap_ok((p.start, p.end), (g.start, g.end))
            if ok:
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def name_words(s: str) -> set[str]:
    return {w for w in s.lower().replace(",", " ").split() if len(w) >= 3 and w not in TITLES}


def same_name(a: str, b: str) -> bool:
    """A shared name word, or one a prefix of the other of at least 4 letters ("Risma", "Rismaharini")."""
    wa, wb = name_words(a), name_words(b)
    return any(x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))) for x in wa for y in wb)


def speaker_ok(g: Gold, q: Quote) -> bool:
    if g.speaker is None or q.speaker is None:
        return False
    s0, s1, gtext = g.speaker
    sp = q.speaker
    return (sp.start < s1 and s0 < sp.end) or same_name(sp.name, gtext)


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    ap.add_argument("--show", type=int, default=0, help="print N missed/spurious statements and wrong speakers")
    ap.add_argument(
        "--no-ner", action="store_true", help="resolve katanya/ia without the shipped tagger's PER mentions"
    )
    args = ap.parse_args(argv)
    model = None if args.no_ner else NerModel.load()

    articles = read_articles(args.data)
    n_gold = n_pred = tp_exact = tp_over = 0
    sp_total = sp_right = sp_pred = sp_gold = 0
    n_indirect = 0
    unmatched_with_cue = 0
    chars = 0
    elapsed = 0.0
    shown = 0
    for art in articles:
        gold = gold_statements(art)
        people = None
        if model is not None:  # as `warta quotes` and the pipeline do; the tagger's time is not counted
            people = person_spans(model.entities(art.text))
        t0 = time.perf_counter()
        quotes = extract_quotes(art.text, people)
        elapsed += time.perf_counter() - t0
        chars += len(art.text)
        pred = [q for q in quotes if q.kind == "direct"]
        n_indirect += len(quotes) - len(pred)
        n_gold += len(gold)
        n_pred += len(pred)
        tp_exact += len(match(gold, pred, exact=True))
        pairs = match(gold, pred, exact=False)
        tp_over += len(pairs)
        sp_pred += sum(1 for q in pred if q.speaker is not None)
        sp_gold += sum(1 for g in gold if g.speaker is not None)
        for gi, pi in pairs:
            g, q = gold[gi], pred[pi]
            if g.speaker is None:
                continue
            sp_total += 1
            if speaker_ok(g, q):
                sp_right += 1
            elif shown < args.show:
                shown += 1
                name = q.speaker.name if q.speaker else None
                print(f"SPEAKER gold={g.speaker[2]!r} pred={name!r} :: {art.text[g.end : g.end + 60]!r}")
        matched_p = {pi for _, pi in pairs}
        unmatched_with_cue += sum(1 for pi, q in enumerate(pred) if pi not in matched_p and q.cue is not None)
        if shown < args.show:
            matched_g = {gi for gi, _ in pairs}
            for gi, g in enumerate(gold):
                if gi not in matched_g and shown < args.show:
                    shown += 1
                    print(f"MISSED {art.text[max(0, g.start - 40) : g.end + 40]!r}")
            for pi, q in enumerate(pred):
                if pi not in matched_p and shown < args.show:
                    shown += 1
                    print(f"SPURIOUS {art.text[max(0, q.start - 40) : q.end + 40]!r}")

    ex = prf(tp_exact, n_pred, n_gold)
    ov = prf(tp_over, n_pred, n_gold)
    acc = sp_right / sp_total if sp_total else 0.0
    spk = prf(sp_right, sp_pred, sp_gold)
    ms_per_4k = elapsed * 1000 / (chars / 4096) if chars else 0.0
    lines = [
        "## Quotation extraction (PFSA-ID dev)",
        "",
        f"`.venv/bin/python benchmarks/eval_quotes.py{' --no-ner' if args.no_ner else ''}`",
        "",
        f"{len(articles)} articles of `shared/data/quotes/pfsa-id/dev.txt` (tokens joined with spaces), "
        f"{n_gold} gold statements (direct quotations; PFSA-ID does not annotate indirect speech), "
        f"{n_pred} predicted direct quotations ({n_indirect} indirect ones not scored). "
        "Overlap = shared characters >= 50% of the shorter span, one-to-one. Speaker: the PERSON/PERSONCOREF "
        "nearest the statement's CUE in its sentence (the previous PERSON for CUECOREF or a pronoun); right when "
        "spans overlap or a name word is shared. This split is the tuning set: figures are optimistic. "
        + (
            "Run without the tagger: a katanya/ia antecedent is any capitalised name."
            if args.no_ner
            else "As in `warta quotes` and the pipeline, a katanya/ia antecedent must overlap a PER mention of the "
            "shipped NER model (its tagging time is not counted below; `--no-ner` leaves it out)."
        ),
        "",
        "| measure | precision | recall | F1 |",
        "|---|---:|---:|---:|",
        f"| statements, exact | {ex[0]:.3f} | {ex[1]:.3f} | {ex[2]:.3f} |",
        f"| statements, overlap | {ov[0]:.3f} | {ov[1]:.3f} | {ov[2]:.3f} |",
        f"| speaker (statement, speaker) pairs | {spk[0]:.3f} | {spk[1]:.3f} | {spk[2]:.3f} |",
        "",
        f"Speaker accuracy on matched statements: {acc:.3f} ({sp_right}/{sp_total}). "
        f"Of the {n_pred - tp_over} unmatched predictions, {unmatched_with_cue} stand next to a reporting cue: "
        "mostly real quotations of ordinary people, which PFSA-ID (public figures only) leaves unannotated. "
        f"Extraction time: {ms_per_4k:.3f} ms per 4 kB of text (mean over the split, this machine).",
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        update_section("quotes", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
