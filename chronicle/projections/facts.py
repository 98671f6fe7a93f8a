"""How a fact shows in the state of its relationships: pure functions from a FactVersion to rows.

Each row puts one version of one fact in one relationship, in a *section* of the state (agreements, bodies,
visits, ...) under an *item key* that groups the rows of one item: the signing and the entry into force of
one agreement, the establishment and the sessions of one joint body, the sources of one figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from chronicle.domain.canonical import canonical_json
from chronicle.domain.parties import relationships_of, state_of
from chronicle.domain.versions import FactVersion

SECTIONS = (
    "established",
    "missions",
    "agreements",
    "bodies",
    "visits",
    "meetings",
    "ventures",
    "figures",
    "restrictions",
    "statements",
)

# The roles a section's rows can have (what :func:`placement` gives).
SECTION_ROLES = {
    "established": ("established",),
    "missions": ("opened",),
    "agreements": ("signed", "in_force"),
    "bodies": ("established", "session"),
    "visits": ("visit",),
    "meetings": ("meeting",),
    "ventures": ("started",),
    "figures": ("figure",),
    "restrictions": ("imposed",),
    "statements": ("statement",),
}

DEFAULT_DOMAIN = {
    "relations.established": "political",
    "mission.opened": "political",
    "agreement.signed": "political",
    "agreement.in_force": "political",
    "body.established": "economic",
    "meeting.held": "political",
    "visit": "political",
    "venture.started": "economic",
    "figure.reported": "economic",
    "restriction.imposed": "political",
    "statement.made": "political",
}

_NOISE = re.compile(r"[\s\"'«»“”„.,;:()\[\]]+")


@dataclass(frozen=True, slots=True)
class Placement:
    section: str
    item_key: str
    role: str


@dataclass(frozen=True, slots=True)
class FactRowData:
    """One row of ``relationship_facts`` before its transaction-time bounds are set."""

    relationship: str
    section: str
    item_key: str
    role: str
    domain: str
    event_id: str
    position: int
    type: str
    date_text: str
    date_start: date
    date_end: date
    payload: str


def name_key(value: str | None) -> str | None:
    """A name reduced for grouping: case, spacing, quotes and punctuation ignored."""
    if not value:
        return None
    key = _NOISE.sub(" ", value.casefold()).strip()
    return key[:180] or None


def placement(version: FactVersion) -> Placement:
    """The section, item key and role of a fact."""
    t, a, own = version.type, version.attributes, version.event_id
    if t == "relations.established":
        return Placement("established", "established", "established")
    if t == "mission.opened":
        parts = [a.get("of"), a.get("in"), a.get("kind"), name_key(a.get("city"))]
        key = "|".join(p or "" for p in parts) if a.get("kind") and (a.get("of") or a.get("in")) else own
        return Placement("missions", key, "opened")
    if t in ("agreement.signed", "agreement.in_force"):
        return Placement("agreements", name_key(a.get("title")) or own, "signed" if t == "agreement.signed" else "in_force")
    if t == "body.established":
        return Placement("bodies", name_key(a.get("name")) or own, "established")
    if t == "meeting.held":
        body = name_key(a.get("body"))
        if body:
            return Placement("bodies", body, "session")
        return Placement("meetings", own, "meeting")
    if t == "visit":
        return Placement("visits", own, "visit")
    if t == "venture.started":
        return Placement("ventures", name_key(a.get("name")) or own, "started")
    if t == "figure.reported":
        return Placement("figures", figure_key(version), "figure")
    if t == "restriction.imposed":
        return Placement("restrictions", own, "imposed")
    if t == "statement.made":
        return Placement("statements", own, "statement")
    raise ValueError(f"{t} is not a fact type")


def figure_key(version: FactVersion) -> str:
    """One point of a series: metric, period, reporting side (for exports and imports) and unit."""
    figure = version.figure or {}
    metric = figure.get("metric", "other")
    reporter = ""
    if metric in ("trade.exports", "trade.imports") and version.parties:
        reporter = state_of(version.parties[0]) or version.parties[0]
    period = f"{version.date.earliest.isoformat()}/{version.date.latest.isoformat()}"
    return f"{metric}|{period}|{reporter}|{figure.get('unit', '')}"


def row_payload(version: FactVersion) -> dict[str, Any]:
    """What a state item needs to show of a fact, without a second lookup."""
    sources: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    for citation in version.citations:
        ref = citation.get("reference") or {}
        key = (citation["source"], ref.get("label"))
        if key in seen:
            continue
        seen.add(key)
        sources.append({"source": citation["source"], "label": ref.get("label"), "title": ref.get("title"), "url": ref.get("url")})
    out: dict[str, Any] = {
        "id": version.event_id,
        "type": version.type,
        "date": version.date.text,
        "parties": list(version.parties),
        "actors": list(version.actors),
        "attributes": version.attributes,
        "sources": sources,
        "corrected": bool(version.history),
    }
    if version.figure is not None:
        out["figure"] = version.figure
    return out


def fact_row_values(version: FactVersion) -> list[tuple[Any, ...]]:
    """:func:`fact_rows` as plain tuples, in the order of FactRowData's fields (what the projector writes)."""
    if version.retracted:
        return []
    relationships = relationships_of(version.parties)
    if not relationships:
        return []
    where = placement(version)
    domain = version.attributes.get("domain") or DEFAULT_DOMAIN[version.type]
    payload = canonical_json(row_payload(version))
    date = version.date
    common = (where.section, where.item_key, where.role, domain, version.event_id, version.position, version.type,
              date.text, date.earliest, date.latest, payload)
    return [(r.key, *common) for r in relationships]


def fact_rows(version: FactVersion) -> list[FactRowData]:
    """The rows of a fact version: one per relationship it belongs to; none once retracted."""
    return [FactRowData(*values) for values in fact_row_values(version)]
