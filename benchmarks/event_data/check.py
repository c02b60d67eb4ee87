"""Validate an event-clustering corpus (stdlib only): the development set here, or another folder of
the same shape (``dev2/``, the held-out ``check/``).

Usage: python3 benchmarks/event_data/check.py [FOLDER]
Exits 0 and prints a summary when FOLDER's articles.jsonl and labels.json are consistent, 1 otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

REQUIRED = {"id", "source", "title", "text"}
ALLOWED = REQUIRED | {"published", "url"}
MIN_WORDS, MAX_WORDS = 120, 220
MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
# A full date: "14/5/2026", "(8/8)" or "7 Juli 2026" / "7 Juli". Undated articles must have none.
FULL_DATE = re.compile(rf"\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b|\b\d{{1,2}} (?:{MONTHS})\b")


def main(folder: Path = HERE) -> int:
    articles_file, labels_file = folder / "articles.jsonl", folder / "labels.json"
    errors: list[str] = []

    articles: list[dict] = []
    for n, line in enumerate(articles_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"articles.jsonl:{n}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"articles.jsonl:{n}: invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"articles.jsonl:{n}: not a JSON object")
            continue
        articles.append(obj)

    ids = [a.get("id") for a in articles]
    for dup, count in Counter(ids).items():
        if count > 1:
            errors.append(f"duplicate article id {dup!r} ({count} times)")

    undated = []
    words = []
    for a in articles:
        aid = a.get("id", "?")
        missing = REQUIRED - a.keys()
        extra = a.keys() - ALLOWED
        if missing:
            errors.append(f"{aid}: missing keys {sorted(missing)}")
        if extra:
            errors.append(f"{aid}: unexpected keys {sorted(extra)}")
        for key in REQUIRED & a.keys():
            if not isinstance(a[key], str) or not a[key].strip():
                errors.append(f"{aid}: {key} must be a non-empty string")
        if "published" in a:
            try:
                dt = datetime.fromisoformat(a["published"])
            except (TypeError, ValueError):
                errors.append(f"{aid}: published {a['published']!r} does not parse")
            else:
                if dt.tzinfo is None:
                    errors.append(f"{aid}: published has no UTC offset")
        else:
            undated.append(aid)
            hit = FULL_DATE.search(a.get("text", "") + " " + a.get("title", ""))
            if hit:
                errors.append(f"{aid}: undated article contains a full date {hit.group(0)!r}")
            if re.search(r"/20\d\d/", a.get("url", "")):
                errors.append(f"{aid}: undated article has a date in its url")
        text = a.get("text", "")
        if isinstance(text, str):
            nw = len(text.split())
            words.append(nw)
            if not MIN_WORDS <= nw <= MAX_WORDS:
                errors.append(f"{aid}: {nw} words, expected {MIN_WORDS}-{MAX_WORDS}")

    try:
        labels = json.loads(labels_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        errors.append(f"labels.json: invalid JSON ({exc})")
        labels = {}
    events = labels.get("events", {})
    stories = labels.get("stories", {})
    notes = labels.get("notes", {})
    for key in ("events", "stories", "notes"):
        if not isinstance(labels.get(key), dict):
            errors.append(f"labels.json: {key!r} must be an object")

    known = set(ids)
    seen = Counter(x for members in events.values() for x in members)
    for aid in sorted(known):
        if seen[aid] != 1:
            errors.append(f"{aid}: in {seen[aid]} events, expected exactly 1")
    for aid in sorted(set(seen) - known):
        errors.append(f"labels.json: event member {aid!r} is not an article")
    for ev, members in events.items():
        if not members:
            errors.append(f"event {ev!r} is empty")

    ev_seen = Counter(e for members in stories.values() for e in members)
    for ev in sorted(events):
        if ev_seen[ev] != 1:
            errors.append(f"event {ev!r}: in {ev_seen[ev]} stories, expected exactly 1")
    for ev in sorted(set(ev_seen) - set(events)):
        errors.append(f"labels.json: story member {ev!r} is not an event")
    for ev in sorted(set(notes) - set(events)):
        errors.append(f"labels.json: note for unknown event {ev!r}")

    if errors:
        for e in errors:
            print("ERROR:", e)
        print(f"{len(errors)} error(s)")
        return 1

    sizes = Counter(len(m) for m in events.values())
    print(
        f"OK: {len(articles)} articles, {len(events)} events, {len(stories)} stories, "
        f"{len(undated)} undated ({', '.join(sorted(undated))})"
    )
    print(f"words per text: {min(words)}-{max(words)}, {sum(words)} in all")
    print("event sizes: " + ", ".join(f"{k} article(s) x{v}" for k, v in sorted(sizes.items())))
    print(
        f"sources: {len({a['source'] for a in articles})}; "
        f"multi-event stories: {sum(1 for m in stories.values() if len(m) > 1)}; "
        f"notes: {len(notes)}/{len(events)} events"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))
