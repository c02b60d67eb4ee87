"""A story as Markdown: what `warta show` and `warta demo` print."""

from __future__ import annotations

from typing import Any


def render_story(story: dict[str, Any]) -> str:
    articles = story.get("articles", [])
    number = {a["id"]: i for i, a in enumerate(articles, start=1)}
    dates = story_dates(story["first_date"], story["last_date"])
    lines = [
        f"# {story['label']}",
        "",
        f"Story `{story['id']}` · {dates} · {len(articles)} articles · outlets: {', '.join(story['outlets']) or '—'}",
        "",
        "## Summary",
        "",
    ]
    for sentence in story["summary"]:
        lines.append(f"- {sentence['text']} {_refs(sentence['citations'], number)}")
    lines += _entities(story.get("entities", []), number)
    lines += _quotes(story.get("quotes", []), number)
    lines += _timeline(story.get("timeline", []), number)
    lines += ["", "## Articles", ""]
    for a in articles:
        extra = f" — duplicate of {a['duplicate_of']}" if a.get("duplicate_of") else ""
        place = f"{a['place']}, " if a.get("place") else ""
        lines.append(
            f"{number[a['id']]}. {a['title']} ({place}{a.get('source') or 'unknown outlet'}, "
            f"{(a.get('published') or 'undated')[:10]}, {a['lang']}) `{a['id']}`{extra}"
        )
    return "\n".join(lines)


def story_dates(first: str | None, last: str | None) -> str:
    """A story's dates: "2023-07-26 – 2023-07-27", one day once, or "undated" (never "None")."""
    if first is None or last is None:
        return first or last or "undated"
    return first if first == last else f"{first} – {last}"


TYPE_HEADINGS = (("PER", "People"), ("ORG", "Organisations"), ("LOC", "Places"))


def _refs(ids: list[str], number: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted(number.get(i, 0) for i in ids))


def _entities(entities: list[dict[str, Any]], number: dict[str, int]) -> list[str]:
    lines: list[str] = []
    for type_, heading in TYPE_HEADINGS:
        chosen = [e for e in entities if e["type"] == type_]
        if not chosen:
            continue
        lines += ["", f"## {heading}", ""]
        for e in chosen:
            others = [v for v in e["variants"] if v != e["name"]]
            also = f" (also {', '.join(others)})" if others else ""
            role = f" — {e['roles'][0]}" if e.get("roles") else ""
            lines.append(f"- {e['name']}{also}{role} {_refs(e['articles'], number)}")
    return lines


def _quotes(groups: list[dict[str, Any]], number: dict[str, int]) -> list[str]:
    if not groups:
        return []
    lines = ["", "## Quotes", ""]
    for group in groups:
        who = group["speaker"]["name"] if group["speaker"] else "Unattributed"
        lines.append(f"- **{who}**")
        for q in group["quotes"]:
            lines.append(f"  - {q['text']} {_refs(q['articles'], number)}")
    return lines


def _timeline(entries: list[dict[str, Any]], number: dict[str, int]) -> list[str]:
    if not entries:
        return []
    lines = ["", "## Timeline", ""]
    for t in entries:
        when = t["start"] if t["start"] == t["end"] else f"{t['start']} – {t['end']}"
        lines.append(f"- {when}: {t['text']} {_refs(t['articles'], number)}")
    return lines
