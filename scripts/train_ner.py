"""Train the NER model shipped in ``src/warta/data/ner/`` (PER/ORG/LOC, tag set ``warta``).

Training data (train splits only, from ``../shared/data/ner/``), mapped to PER/ORG/LOC:

- idner-news-2k ``train.txt`` (Kompas news, PER/ORG/LOC);
- IndoLEM NER-UI ``train.01.tsv`` (news, PERSON/LOCATION/ORGANIZATION);

plus a companion model (``lower.crfsuite``) trained on lower-cased copies of
the same sentences, which tags sentences that have no upper-case letter, so
lower-cased text is tagged as well as it can be without hurting cased text
(``--lower-share`` instead mixes lower-cased copies into the main model; that
cost 0.02 F1 on cased idner-news-2k dev in our runs). Model selection (c1, c2)
is by pooled micro F1 on the dev splits of the same corpora (idner-news-2k
``dev.txt``, NER-UI ``dev.01.tsv``), lower-cased for the companion. NERGrit's and NERP's dev splits
(mapped) are scored for the record.

``--corpora idner-news-2k,nerui,nergrit`` adds NERGrit's train split; it is
left out by default because its PLACE annotation lowers LOC F1 on news
(idner-news-2k dev LOC 0.76 -> 0.71 in our runs).

Not used, on purpose: NERP (tags government bodies and parties as O, and
shares sentences with idner-news-2k) and NER-UGM (shares hundreds of sentences
with idner-news-2k, whose test split is kept for independent evaluation). No
test split is read.

    .venv/bin/python scripts/train_ner.py            # writes src/warta/data/ner/
    .venv/bin/python scripts/train_ner.py --out /tmp/ner --max-iterations 50
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from warta.ner.clusters import CLUSTERS_FILE, clusters  # noqa: E402
from warta.ner.conll import Sentence, apply_tagset, lowercased, read_conll  # noqa: E402
from warta.ner.features import FEATURE_VERSION  # noqa: E402
from warta.ner.model import NerModel, train  # noqa: E402

NER = REPO.parent / "shared" / "data" / "ner"
OUT = REPO / "src" / "warta" / "data" / "ner"

# name: (train split, dev split), both mapped to PER/ORG/LOC
CORPORA = {
    "idner-news-2k": ("idner-news-2k/train.txt", "idner-news-2k/dev.txt"),
    "nerui": ("indolem-nerui/train.01.tsv", "indolem-nerui/dev.01.tsv"),
    "nergrit": ("nergrit/train_preprocess.txt", "nergrit/valid_preprocess.txt"),
}
DEFAULT_CORPORA = "idner-news-2k,nerui"
LICENCES = {
    "idner-news-2k": "MIT; Khairunnisa, Imankulova & Komachi, AACL-IJCNLP 2020 SRW",
    "nerui": "CC BY 4.0 (per NusaCrowd); Gultom & Wibowo 2017, via IndoLEM (Koto et al., COLING 2020)",
    "nergrit": "Apache-2.0 (IndoNLU); NERGRIT (GRIT 2019), via IndoNLU (Wilie et al., AACL-IJCNLP 2020)",
}
# Dev splits scored after training, for the record only (not used for selection).
EXTRA_DEV = {
    "nergrit (mapped)": "nergrit/valid_preprocess.txt",
    "nerp (mapped: PPL/PLC/IND)": "nerp/valid_preprocess.txt",
}


def load(rel: str) -> list[Sentence]:
    return apply_tagset(read_conll(NER / rel), "warta")


def speed(model: NerModel, repeat: int = 3) -> tuple[int, float, float]:
    """(tokens, tokens/s on cased dev text, tokens/s on lower-cased) for ``model.tag``, best of ``repeat``."""
    sents = [s.tokens for rel in (c[1] for c in CORPORA.values()) for s in read_conll(NER / rel)]
    lower = [tuple(t.lower() for t in s) for s in sents]
    n = sum(len(s) for s in sents)
    rates = []
    for batch in (sents, lower):
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            for tokens in batch:
                model.tag(tokens)
            best = min(best, time.perf_counter() - t0)
        rates.append(n / best)
    return n, rates[0], rates[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--max-iterations", type=int, default=200)
    parser.add_argument(
        "--lower-share", type=float, default=0.0, help="share of sentences also added lower-cased to the main model"
    )
    parser.add_argument("--no-lower", action="store_true", help="no companion model for lower-cased text")
    parser.add_argument("--corpora", default=DEFAULT_CORPORA, help=f"training corpora, of {', '.join(CORPORA)}")
    parser.add_argument("--grid", default="0.02,0.1;0.05,0.2;0.02,0.3", help="c1,c2 pairs separated by ';'")
    parser.add_argument("--speed", action="store_true", help="only measure the tagging speed of the model in --out")
    parser.add_argument(
        "--encoder-dims",
        type=int,
        default=0,
        help="add this many e5 encoder directions to the features (a teacher for --silver; tags ~700 words/s)",
    )
    parser.add_argument(
        "--silver",
        type=Path,
        action="append",
        default=[],
        help="extra training sentences tagged by a teacher (CoNLL, PER/ORG/LOC; scripts/make_silver.py)",
    )
    args = parser.parse_args()
    if args.speed:
        n, cased, low = speed(NerModel.load(args.out))
        print(f"tagging {n} dev tokens: {cased:,.0f} tokens/s cased, {low:,.0f} tokens/s lower-cased (one thread)")
        return

    names = [n.strip() for n in args.corpora.split(",") if n.strip()]
    unknown = sorted(set(names) - set(CORPORA))
    if unknown:
        parser.error(f"unknown corpora: {', '.join(unknown)}")
    train_sents: list[Sentence] = []
    for rel, _ in (CORPORA[n] for n in names):
        sents = load(rel)
        train_sents.extend(sents)
        step = round(1 / args.lower_share) if args.lower_share > 0 else 0
        if step:
            train_sents.extend(lowercased(s) for s in sents[::step])
    silver = [s for path in args.silver for s in read_conll(path)]
    train_sents.extend(silver)
    dev: dict[str, list[Sentence]] = {}
    for name, (_, rel) in ((n, CORPORA[n]) for n in names):
        sents = load(rel)
        dev[name] = sents
    grid = [tuple(float(x) for x in pair.split(",")) for pair in args.grid.split(";")]
    t0 = time.perf_counter()
    result = train(
        train_sents,
        dev,
        args.out,
        tagset="warta",
        grid=[(c1, c2) for c1, c2 in grid],
        max_iterations=args.max_iterations,
        lower=not args.no_lower,
        training_data=[
            f"{name}: {rel} (+ lower-cased copies of 1 in {round(1 / args.lower_share)})"
            for name, (rel, _) in ((n, CORPORA[n]) for n in names)
        ]
        if args.lower_share > 0
        else [CORPORA[n][0] for n in names],
        log=lambda line: print(line, file=sys.stderr),
        encoder_dims=args.encoder_dims,
    )
    seconds = time.perf_counter() - t0
    model = NerModel.load(args.out)
    extra = {
        name: model.evaluate(load(rel)).as_dict() for name, rel in EXTRA_DEV.items() if name.split()[0] not in names
    }
    meta_path = args.out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["extra_dev"] = extra
    meta["dev_f1"].update({name: r["micro"]["f1"] for name, r in extra.items()})
    meta["data_licences"] = {n: LICENCES[n] for n in names}
    if silver:
        meta["silver"] = {
            "files": [p.name for p in args.silver],
            "sentences": len(silver),
            "tokens": sum(len(s.tokens) for s in silver),
            "made_by": "scripts/make_silver.py: IndoSum sample sentences tagged by an e5-reading teacher",
        }
        meta["data_licences"]["silver"] = "CC BY-SA 4.0 text (IndoSum, Kurniawan & Louvan, IALP 2018), teacher tags"
    if FEATURE_VERSION >= 2:
        meta["word_clusters"] = {
            "file": CLUSTERS_FILE,
            "words": len(clusters()),
            "granularities": [256, 1024],
            "features": "cluster ids of the word itself at 256 and 1024 clusters",
            "source": "scripts/build_word_clusters.py: IndoSum sample (CC BY-SA 4.0) + text of NER train splits",
        }
    meta["command"] = "python scripts/train_ner.py " + " ".join(sys.argv[1:])
    meta["train_seconds"] = round(seconds, 1)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name, f1 in meta["dev_f1"].items():
        print(f"dev {name}: micro F1 {f1:.4f}")
    size = sum(p.stat().st_size for p in args.out.glob("*.crfsuite"))
    print(f"model: {args.out} ({size / 1e6:.1f} MB), c1={result.best.c1} c2={result.best.c2}, {seconds:.0f} s")


if __name__ == "__main__":
    main()
