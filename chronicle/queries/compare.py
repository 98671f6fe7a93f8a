"""Comparing a relationship at two points: what appeared, what changed and what vanished between them.

A side is a point in both times: ``as_of`` (valid time: the facts dated on or before that day) and ``known``
(transaction time: the facts as the chronicle knew them at that position). Comparing 2019 with 2022 (valid
time, known now) lists the facts dated in between; comparing two recorded moments (transaction time) lists
what was recorded, corrected or retracted in between, each correction with its reason.

The pure part, :func:`diff`, works on the two sides' timeline items and the facts' correction histories;
:func:`compare` reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from chronicle.domain.parties import Relationship
from chronicle.queries.state import LATEST

# The items' fields that a correction can change, in the order a change is told.
COMPARED = ("date", "parties", "actors", "attributes", "figure", "sources")
# At most this many facts are read of each side (a side that has more says so: ``truncated``).
MAX_FACTS = 20_000


def _series(item: dict[str, Any]) -> tuple[str, str, str] | None:
    """A figure's series: metric, reporting side (for exports and imports) and unit."""
    figure = item.get("figure")
    if not figure:
        return None
    metric = figure.get("metric", "other")
    reporter = item["parties"][0][:2] if metric in ("trade.exports", "trade.imports") and item.get("parties") else ""
    return metric, reporter, figure.get("unit") or ""


def latest_figures(items: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The latest point of each figure series among timeline items (in date order, later wins)."""
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for item in items:
        series = _series(item)
        if series is not None:
            out[series] = {"period": item["date"], "value": item["figure"]["value"], "event_id": item["id"]}
    return out


def diff(
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    history: Callable[[str], list[dict[str, Any]]],
    known_before: int,
    known_after: int,
) -> dict[str, Any]:
    """What appeared, changed and vanished from the ``before`` items to the ``after`` items (timeline items,
    each with its ``id``); ``history(id)`` is a fact's corrections (each with its ``position``, ``type`` and
    ``reason``), of which those recorded after ``known_before`` and up to ``known_after`` explain a change."""

    def reasons(event_id: str) -> list[dict[str, Any]]:
        return [
            {"type": c["type"], "reason": c.get("reason"), "id": c["id"], "position": c["position"]}
            for c in history(event_id)
            if known_before < c["position"] <= known_after
        ]

    old = {item["id"]: item for item in before}
    new = {item["id"]: item for item in after}
    appeared = [item for item in after if item["id"] not in old]
    vanished = [{**item, "why": reasons(item["id"])} for item in before if item["id"] not in new]
    changed = []
    for item in after:
        was = old.get(item["id"])
        if was is None:
            continue
        fields = [name for name in COMPARED if was.get(name) != item.get(name)]
        if fields:
            changed.append({"id": item["id"], "type": item["type"], "fields": fields,
                            "before": {k: was.get(k) for k in fields}, "after": {k: item.get(k) for k in fields},
                            "why": reasons(item["id"]), "item": item})
    first, last = latest_figures(before), latest_figures(after)
    figures = []
    for series in sorted(set(first) | set(last)):
        a, b = first.get(series), last.get(series)
        if a != b:
            metric, reporter, unit = series
            figures.append({"metric": metric, "reporter": reporter or None, "unit": unit or None,
                            "before": a, "after": b})
    return {
        "appeared": appeared,
        "changed": changed,
        "vanished": vanished,
        "figures": figures,
        "counts": {"before": len(before), "after": len(after), "appeared": len(appeared),
                   "changed": len(changed), "vanished": len(vanished)},
    }


def compare(
    records: Any,
    relationship: Relationship,
    *,
    date_from: date | None,
    date_to: date | None,
    known_from: int = LATEST,
    known_to: int = LATEST,
) -> dict[str, Any]:
    """The relationship's facts as of ``date_from`` known at position ``known_from`` against those as of
    ``date_to`` known at ``known_to`` (None or LATEST: no limit)."""
    sides = []
    for as_of, known in ((date_from, known_from), (date_to, known_to)):
        items = records.timeline(relationship, as_of=as_of, known=known, limit=MAX_FACTS + 1)
        sides.append(items)
    truncated = any(len(items) > MAX_FACTS for items in sides)
    before, after = (items[:MAX_FACTS] for items in sides)
    out = diff(before, after, records.corrections_of, known_from, known_to)
    out["truncated"] = truncated
    return out
