"""Build ``stories.jsonl`` from the hand-written ``stories.src`` (run after editing the source).

    python benchmarks/compare_data/build_stories.py            # writes stories.jsonl next to this file
    python benchmarks/compare_data/build_stories.py --check    # exit 1 if stories.jsonl is out of date

The source keeps each sentence next to its label, which is easier to write and review than the JSONL:

    == s01                                   a story
    split: tune                              header lines: split, made_from, topic, notes, wire
    wire: b c                                two (or more) articles that print one wire text: one source
    -- a | juara.net | 2017-09-08T16:30:00+07:00 | Title      an article (id s01-a)
    [[lead]] First sentence. [[time bg]] Second sentence.   one paragraph; each sentence opens with its label
    conflict age: a "24 tahun" | c:best "25 tahun"           values: article[:label[.n]] "exact value"
    same time: a "14.05 waktu setempat" | b "19.05 WIB" // why it is one value
    update count: b "tiga rumah" | c "tujuh rumah"
    quote mm = Marc Marquez                                  declares quote group mm (sentences tag q=mm)

A label is a fact key: sentences with one key (in any articles) are one fact. Flags after the key:
``bg`` (background), ``boiler`` (outlet boilerplate the cleaner should drop), ``q=ID[,ID]`` (the sentence
holds a rendering of quote ID; several sentences of one article with one ID are one multi-sentence rendering).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "stories.src"
TARGET = HERE / "stories.jsonl"

_TAG = re.compile(r"\[\[([^\]]+)\]\]")
_REF = re.compile(r'^\s*([a-z])(?::([\w-]+)(?:\.(\d+))?)?\s+"([^"]+)"\s*$')
_DIRECTIVE = re.compile(r"^(conflict|same|update)\s+([a-z]+):\s*(.+)$")
_QUOTE = re.compile(r"^quote\s+([\w-]+)\s*=\s*(.+)$")


class SourceError(ValueError):
    """A mistake in ``stories.src``, with the story it is in."""


@dataclass
class Sentence:
    article: str
    key: str
    text: str
    background: bool = False
    boiler: bool = False
    quotes: tuple[str, ...] = ()


@dataclass
class ArticleSrc:
    id: str
    source: str
    published: str
    title: str
    paragraphs: list[list[Sentence]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(" ".join(s.text for s in para) for para in self.paragraphs)

    def sentences(self) -> list[Sentence]:
        return [s for para in self.paragraphs for s in para]


@dataclass
class StorySrc:
    id: str
    header: dict[str, str] = field(default_factory=dict)
    wire: list[list[str]] = field(default_factory=list)
    articles: dict[str, ArticleSrc] = field(default_factory=dict)
    directives: list[tuple[str, str, str]] = field(default_factory=list)
    speakers: dict[str, str] = field(default_factory=dict)


# --- parsing -------------------------------------------------------------------------------------------------------


def parse(text: str) -> list[StorySrc]:
    stories: list[StorySrc] = []
    current: StorySrc | None = None
    article: ArticleSrc | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.startswith("#"):
            continue
        try:
            if line.startswith("== "):
                current, article = StorySrc(line[3:].strip()), None
                stories.append(current)
            elif current is None:
                raise SourceError("text before the first '== story' line")
            elif line.startswith("-- "):
                article = _article_header(current, line[3:])
            elif line.startswith("[["):
                if article is None:
                    raise SourceError("a paragraph before any '-- article' line")
                article.paragraphs.append(_paragraph(article.id, line))
            else:
                _header_or_directive(current, line)
        except SourceError as exc:
            raise SourceError(f"stories.src:{n}: {exc}") from None
    return stories


def _article_header(story: StorySrc, rest: str) -> ArticleSrc:
    cells = [c.strip() for c in rest.split("|")]
    if len(cells) != 4:
        raise SourceError("an article line is '-- x | source | published | title'")
    letter, source, published, title = cells
    art = ArticleSrc(f"{story.id}-{letter}", source, published, title)
    if letter in story.articles:
        raise SourceError(f"article {art.id} twice")
    story.articles[letter] = art
    return art


def _paragraph(article_id: str, line: str) -> list[Sentence]:
    parts = _TAG.split(line)
    if parts[0].strip():
        raise SourceError(f"text before the first label: {parts[0][:40]!r}")
    out: list[Sentence] = []
    for tag, body in zip(parts[1::2], parts[2::2], strict=True):
        words = tag.split()
        sent = Sentence(article_id, words[0], body.strip())
        for flag in words[1:]:
            if flag == "bg":
                sent.background = True
            elif flag == "boiler":
                sent.boiler = True
            elif flag.startswith("q="):
                sent.quotes = tuple(flag[2:].split(","))
            else:
                raise SourceError(f"unknown flag {flag!r} in [[{tag}]]")
        if not sent.text:
            raise SourceError(f"empty sentence after [[{tag}]]")
        out.append(sent)
    return out


def _header_or_directive(story: StorySrc, line: str) -> None:
    if m := _DIRECTIVE.match(line):
        story.directives.append((m.group(1), m.group(2), m.group(3)))
    elif m := _QUOTE.match(line):
        story.speakers[m.group(1)] = m.group(2).strip()
    elif m := re.match(r"^(split|made_from|topic|notes|wire):\s*(.*)$", line):
        if m.group(1) == "wire":
            story.wire.append(m.group(2).split())
        else:
            story.header[m.group(1)] = m.group(2).strip()
    else:
        raise SourceError(f"cannot read line: {line[:60]!r}")


# --- building ------------------------------------------------------------------------------------------------------


def build(story: StorySrc) -> dict[str, Any]:
    try:
        return _build(story)
    except SourceError as exc:
        raise SourceError(f"story {story.id}: {exc}") from None


def _build(story: StorySrc) -> dict[str, Any]:
    sents = [s for art in story.articles.values() for s in art.sentences()]
    keys: dict[str, list[Sentence]] = {}
    for s in sents:
        keys.setdefault(s.key, []).append(s)
    slots: dict[str, list[dict[str, Any]]] = {"conflict": [], "same": [], "update": []}
    for kind, slot, body in story.directives:
        slots[kind].append(_directive(story, kind, slot, body))
    return {
        "story": story.id,
        "split": story.header.get("split", ""),
        "topic": story.header.get("topic", ""),
        "made_from": story.header.get("made_from", ""),
        "notes": story.header.get("notes", ""),
        "articles": [_article_json(a) for a in story.articles.values()],
        "wire_copies": [[f"{story.id}-{x}" for x in group] for group in story.wire],
        "fact_keys": list(keys),
        "facts": [[_ref(s) for s in members] for members in keys.values()],
        "background": [_ref(s) for s in sents if s.background],
        "boilerplate": [_ref(s) for s in sents if s.boiler],
        "conflicts": slots["conflict"],
        "non_conflicts": slots["same"],
        "updates": slots["update"],
        "quote_variants": _quotes(story, sents),
    }


def _ref(s: Sentence) -> str:
    return f"{s.article}#{s.text}"


def _article_json(a: ArticleSrc) -> dict[str, str]:
    return {"id": a.id, "source": a.source, "published": a.published, "title": a.title, "text": a.text}


def _directive(story: StorySrc, kind: str, slot: str, body: str) -> dict[str, Any]:
    why = ""
    if "//" in body:
        body, why = (part.strip() for part in body.split("//", 1))
    if kind == "same" and not why:
        raise SourceError(f"'same {slot}' needs '// why': {body[:50]!r}")
    values = [_value(story, ref) for ref in body.split("|")]
    if len(values) < 2:
        raise SourceError(f"{kind} {slot} needs two values or more")
    out: dict[str, Any] = {"slot": slot}
    if why:
        out["why"] = why
    out["values"] = values
    return out


def _value(story: StorySrc, ref: str) -> list[str]:
    m = _REF.match(ref)
    if not m:
        raise SourceError(f'a value is: x "text" or x:key "text", got {ref.strip()!r}')
    letter, key, nth, value = m.groups()
    if letter not in story.articles:
        raise SourceError(f"no article {letter!r}")
    art = story.articles[letter]
    found = [s for s in art.sentences() if value in s.text and (key is None or s.key == key)]
    if nth is not None:
        keyed = [s for s in art.sentences() if s.key == key]
        found = [s for s in found if keyed.index(s) == int(nth) - 1]
    if len(found) != 1:
        raise SourceError(f"{art.id}: {value!r} is in {len(found)} sentences (add :key to choose one)")
    return [art.id, value, found[0].text]


def _quotes(story: StorySrc, sents: list[Sentence]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, list[str]]] = {}
    for s in sents:
        for q in s.quotes:
            if q not in story.speakers:
                raise SourceError(f"quote {q!r} is not declared ('quote {q} = Speaker')")
            groups.setdefault(q, {}).setdefault(s.article, []).append(s.text)
    unused = set(story.speakers) - set(groups)
    if unused:
        raise SourceError(f"declared quotes with no rendering: {sorted(unused)}")
    return [
        {"id": q, "speaker": story.speakers[q], "renderings": [[art, *texts] for art, texts in by_article.items()]}
        for q, by_article in groups.items()
    ]


# --- checks and output ---------------------------------------------------------------------------------------------


def check_splits(stories: list[StorySrc]) -> list[str]:
    """Paragraphs that warta's splitter cuts differently from the labels."""
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from warta.lang.id.sentences import sentences

    problems: list[str] = []
    for story in stories:
        for art in story.articles.values():
            for para in art.paragraphs:
                text = " ".join(s.text for s in para)
                want = [s.text for s in para]
                got = sentences(text)
                if got != want:
                    problems.append(f"{art.id}: splitter gives {got!r}\n    labels give {want!r}")
    return problems


def render(stories: list[StorySrc]) -> str:
    built = [build(s) for s in stories]
    seen: set[str] = set()
    for b in built:
        if b["story"] in seen:
            raise SourceError(f"story {b['story']} twice")
        seen.add(b["story"])
    return "".join(json.dumps(b, ensure_ascii=False) + "\n" for b in built)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that stories.jsonl is up to date")
    args = parser.parse_args(argv)
    try:
        stories = parse(SOURCE.read_text(encoding="utf-8"))
        out = render(stories)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    problems = check_splits(stories)
    for p in problems:
        print(f"split: {p}", file=sys.stderr)
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != out:
            print("stories.jsonl is out of date: run build_stories.py", file=sys.stderr)
            return 1
        return 1 if problems else 0
    TARGET.write_text(out, encoding="utf-8")
    print(f"wrote {TARGET.name}: {len(stories)} stories", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
