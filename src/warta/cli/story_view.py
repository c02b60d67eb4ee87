"""A story as Markdown: what `warta show` and `warta demo` print."""

from __future__ import annotations

from typing import Any


def render_story(story: dict[str, Any]) -> str:
    articles = story.get("articles", [])
    number = {a["id"]: i for i, a in enumerate(articles, start=1)}
    dates = (
        story["first_date"]
        if story["first_date"] == story["last_date"]
        else (f"{story['first_date']} – {story['last_date']}")
    )
    lines = [
        f"# {story['label']}",
        "",
        f"Story `{story['id']}` · {dates} · {len(articles)} articles · outlets: {', '.join(story['outlets']) or '—'}",
        "",
        "## Summary",
        "",
    ]
    for sentence in story["summary"]:
        refs = "".join(f"[{number.get(c, c)}]" for c in sentence["citations"])
        lines.append(f"- {sentence['text']} {refs}")
    lines += ["", "## Articles", ""]
    for a in articles:
        extra = f" — duplicate of {a['duplicate_of']}" if a.get("duplicate_of") else ""
        place = f"{a['place']}, " if a.get("place") else ""
        lines.append(
            f"{number[a['id']]}. {a['title']} ({place}{a.get('source') or 'unknown outlet'}, "
            f"{(a.get('published') or 'undated')[:10]}, {a['lang']}) `{a['id']}`{extra}"
        )
    return "\n".join(lines)
