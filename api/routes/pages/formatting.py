"""How the pages show things: the templates, their filters, and text cut for reading."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.routes.pages.charts import short_number
from chronicle.domain.events import DOMAINS
from chronicle.domain.fact_types import QUOTED_TYPES, REGISTRY, SECTION_TYPES
from chronicle.domain.fact_types import headline as fact_headline
from chronicle.domain.parties import display_name
from chronicle.domain.wording import METRIC_LABELS, format_value, in_english_script, label, short_summary

API = Path(__file__).resolve().parents[2]
templates = Jinja2Templates(directory=str(API / "templates"))  # autoescape is on for every template

TYPE_LABELS = {**{entry.name: entry.label for entry in REGISTRY},
               "event.retracted": "retraction", "event.corrected": "correction", "citation.added": "citation"}


def headline(item: dict[str, Any]) -> str:
    """What a fact is, in a few words, from its type and attributes."""
    attributes = item.get("attributes") or {}
    kind = item.get("type") or item.get("kind")
    told = fact_headline(kind, attributes, item.get("figure"))
    return told if told is not None else short_summary(attributes) or label(kind)


def fact_title(row: dict[str, Any], kind: str) -> str:
    """The headline of a row of a relationship's state (its attributes are the row's own fields)."""
    return fact_headline(kind, row, row.get("figure")) or label(kind)


def moment(stamp: str | None) -> str:
    """A recorded moment for reading: 2026-11-21 09:30:00 UTC (the exact value stays in the markup)."""
    if not stamp:
        return ""
    return stamp.replace("T", " ").split(".")[0].rstrip("Z") + " UTC"


def link(url: str | None) -> str | None:
    """An address fit for an href: http(s) only, so that a javascript: URL from an article stays text."""
    if isinstance(url, str) and re.match(r"https?://", url.strip(), re.I):
        return url.strip()
    return None


def byline(authors: list[str] | None) -> str:
    """A source's authors for reading: "Joel Lee", "Joel Lee and Tony Tan" (a person is kept "Family, Given")."""
    shown = []
    for name in authors or []:
        family, comma, given = name.partition(",")
        shown.append(f"{given.strip()} {family.strip()}" if comma and family.strip() and given.strip() else name)
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def year(day: str | None) -> str:
    return day[:4] if day else ""


def names(parties: list[str] | tuple[str, ...]) -> str:
    return ", ".join(display_name(p) for p in parties)


templates.env.filters.update(label=label, headline=headline, value=format_value, names=names, name=display_name,
                             short_number=short_number, moment=moment, year=year, link=link,
                             byline=byline, fact_title=fact_title, english=in_english_script)
templates.env.globals.update(TYPE_LABELS=TYPE_LABELS, METRIC_LABELS=METRIC_LABELS, DOMAINS=DOMAINS,
                             SECTION_TYPES=SECTION_TYPES, QUOTED_TYPES=QUOTED_TYPES)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def squeeze_context(context: dict[str, str]) -> dict[str, str]:
    """The text around a quote with its white space collapsed, for reading (the offsets are not needed here)."""
    def squeeze(text: str | None) -> str:
        return re.sub(r"\s+", " ", text or "")
    before, passage, after = squeeze(context["before"]), squeeze(context["passage"]).strip(), squeeze(context["after"])
    return {"before": ("…" + before.lstrip()) if before.strip() else "", "passage": passage,
            "after": (after.rstrip() + "…") if after.strip() else ""}


def segments(text: str | None, citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every span boundary: each piece with the citations covering it, and the numbers of
    those that start at it."""
    if text is None:
        return []
    bounds = {0, len(text)}
    for c in citations:
        start, end = c["span"]
        bounds.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    cuts = sorted(bounds)
    starts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in citations:
        starts[c["span"][0]].append(c)
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        covering = [c for c in citations if c["span"][0] <= lo and hi <= c["span"][1]]
        out.append({"text": text[lo:hi], "citations": covering, "starts": starts.get(lo, [])})
    return out
