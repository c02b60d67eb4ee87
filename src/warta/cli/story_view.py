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
        single = " *(one source)*" if sentence.get("support") == "single" else ""
        note = f" *{sentence['note']}*" if sentence.get("note") else ""
        lines.append(f"- {sentence['text']} {_refs(sentence['citations'], number)}{single}{note}")
    lines += _events(story.get("events", []), number)
    if story.get("compared"):
        lines += ["", "## Compared", "", *render_comparison(story["compared"], number, level=3)]
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


def _events(events: list[dict[str, Any]], number: dict[str, int]) -> list[str]:
    """The story's events in date order, each with what it is about (shown when there are two or more)."""
    if len(events) < 2:
        return []
    lines = ["", "## Events", ""]
    ordered = sorted(events, key=lambda e: (e["first_date"] is None, e["first_date"] or "", e["id"]))
    for e in ordered:
        when = story_dates(e["first_date"], e["last_date"])
        lead = f" — {e['summary'][0]['text']}" if e.get("summary") else ""
        lines.append(f"- {when} · **{e['label']}**{lead} {_refs(e['articles'], number)} `{e['id']}`")
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


# -- a story's comparison ------------------------------------------------------------------------


def render_comparison(c: dict[str, Any], number: dict[str, int] | None = None, *, level: int = 2) -> list[str]:
    """What outlets corroborate, what only one reports, where they differ, and quote variants.

    ``number`` numbers the articles as the story's article list does ([1], [2]); without it
    (``warta compare``) articles are named by outlet only.
    """
    if number is None:
        number = {a["id"]: i for i, a in enumerate(c["articles"], start=1)}
    outlet = {a["id"]: a.get("outlet") or a.get("source") or a["id"] for a in c["articles"]}
    head = "#" * level
    corroborated = [f for f in c["facts"] if f["kind"] == "corroborated"]
    single = [f for f in c["facts"] if f["kind"] == "single"]
    lines = [f"{head} Corroborated ({len(corroborated)})", ""]
    for f in corroborated:
        lines.append(f"- {_fact_text(f)} — {', '.join(f['outlets'])} {_refs(_fact_articles(f), number)}")
    lines += ["- none"] if not corroborated else []
    lines += ["", f"{head} Single-source ({len(single)})", ""]
    lines += ["- none"] if not single else []
    for f in single:
        background = " *(background)*" if f["background"] else ""
        lines.append(f"- {_fact_text(f)} — {', '.join(f['outlets'])} {_refs(_fact_articles(f), number)}{background}")
    for key, title in (("conflicts", "Conflicts"), ("updates", "Updates")):
        lines += ["", f"{head} {title} ({len(c[key])})", ""]
        lines += ["- none"] if not c[key] else []
        for d in c[key]:
            values = " vs ".join(
                f"**{v['value']}** ({outlet[v['article']]}) {_refs([v['article']], number)}" for v in d["values"]
            )
            lines.append(f"- {d['slot']}: {values}")
            lines += [f"  - {outlet[v['article']]}: {v['statement']}" for v in d["values"]]
    variants = [v for v in c["quote_variants"] if len(v["renderings"]) > 1]
    lines += ["", f"{head} Quote variants ({len(variants)})", ""]
    lines += ["- none"] if not variants else []
    for v in variants:
        lines.append(f"- **{v['speaker']['name']}**")
        lines += [
            f"  - {r['kind']}, {outlet[r['article']]} {_refs([r['article']], number)}: {r['text']}"
            for r in v["renderings"]
        ]
    lines += ["", f"{head} Coverage", "", *_coverage(c, outlet)]
    return lines


def _fact_text(fact: dict[str, Any]) -> str:
    return str(max(fact["statements"], key=lambda s: len(s["text"]))["text"]) if fact["statements"] else ""


def _fact_articles(fact: dict[str, Any]) -> list[str]:
    return sorted({s["article"] for s in fact["statements"]})


def _coverage(c: dict[str, Any], outlet: dict[str, str]) -> list[str]:
    """Per outlet: the facts it states (of how many corroborated) and what it leaves out."""
    outlets = c["coverage"]["outlets"]
    corroborated = {f["id"] for f in c["facts"] if f["kind"] == "corroborated"}
    lines = ["| outlet | facts | corroborated | only here | misses corroborated |", "|---|---:|---:|---:|---:|"]
    for o in outlets:
        facts = {fid for fid, os in c["coverage"]["facts"].items() if o in os}
        only = sum(1 for fid in facts if c["coverage"]["facts"][fid] == [o])
        lines.append(f"| {o} | {len(facts)} | {len(facts & corroborated)} | {only} | {len(corroborated - facts)} |")
    return lines
