"""The story's timeline as an SVG chart, drawn on the server (no script, no external asset).

One row per dated event, earliest first, on a vertical line: the date (or span) at the left, a dot for
a day and a bar for a longer span, and the start of the sentence that dates it; the whole sentence is
the row's tooltip (``<title>``) and the row links to it in its article. Every string is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

ROW = 30
TOP = 14
LINE_X = 150
WIDTH = 700
TEXT_CHARS = 72
MAX_ROWS = 60
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_label(entry: Mapping[str, Any]) -> str:
    """ "27 Jul 2023", "Jul 2023", "1950–1953", "1940-an": as precise as the entry's granularity."""
    start, end = _day(entry["start"]), _day(entry["end"])
    if start is None or end is None:
        return str(entry["start"])[:10]
    grain = entry.get("granularity", "day")
    if grain == "decade":
        return f"{start.year // 10 * 10}-an"
    if start.year != end.year and grain in {"year", "decade", "range"}:
        return f"{start.year}–{end.year}"
    if grain == "year":
        return str(start.year)
    if grain == "month":
        return f"{_MONTHS[start.month - 1]} {start.year}"
    if start != end:
        if start.year == end.year and start.month == end.month:
            return f"{start.day}–{end.day} {_MONTHS[start.month - 1]} {start.year}"
        return f"{start.isoformat()} – {end.isoformat()}"
    return f"{start.day} {_MONTHS[start.month - 1]} {start.year}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1].rstrip() + "…"


def timeline_svg(entries: Sequence[Mapping[str, Any]], title: str, numbers: Mapping[str, int]) -> Markup:
    """The chart for a story's timeline entries (``start``, ``end``, ``granularity``, ``text``, ``articles``)."""
    rows = sorted(entries, key=lambda e: (str(e["start"]), str(e["end"])))[:MAX_ROWS]
    height = TOP * 2 + ROW * max(len(rows), 1)
    parts = [
        f'<svg class="timeline-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LINE_X}" y1="{TOP - 6}" x2="{LINE_X}" y2="{height - TOP + 6}" class="axis"/>',
    ]
    for i, entry in enumerate(rows):
        y = TOP + ROW * i + ROW // 2
        span = entry.get("granularity") not in {None, "day", "time"}
        mark = (
            f'<rect x="{LINE_X - 4}" y="{y - 9}" width="8" height="18" rx="3" class="span"/>'
            if span
            else f'<circle cx="{LINE_X}" cy="{y}" r="5" class="day"/>'
        )
        refs = "".join(f"[{numbers[a]}]" for a in entry.get("articles", []) if a in numbers)
        row = (
            f'<g class="event"><title>{escape(" ".join(str(entry["text"]).split()))}</title>'
            f'<text x="{LINE_X - 14}" y="{y + 4}" text-anchor="end" class="date">{escape(date_label(entry))}</text>'
            f"{mark}"
            f'<text x="{LINE_X + 14}" y="{y + 4}" class="what">{escape(_short(str(entry["text"])))}'
            f'<tspan class="refs"> {escape(refs)}</tspan></text></g>'
        )
        articles = entry.get("articles") or []
        if articles:
            row = f'<a href="/articles/{escape(quote(str(articles[0]), safe=""))}">{row}</a>'
        parts.append(row)
    parts.append("</svg>")
    return Markup("".join(parts))
