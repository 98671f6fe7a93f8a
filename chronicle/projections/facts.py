"""How a fact shows in the state of its relationships: pure functions from a FactVersion to rows.

Each row puts one version of one fact in one relationship, in a *section* of the state (agreements, bodies,
visits, ...) under an *item key* that groups the rows of one item: the signing and the entry into force of
one agreement, the establishment and the sessions of one joint body, the sources of one figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chronicle.domain.canonical import canonical_json
from chronicle.domain.fact_types import FACT_TYPE, SECTION_ROLES, SECTIONS, figure_key, name_key
from chronicle.domain.parties import relationships_of
from chronicle.domain.versions import FactVersion

__all__ = ["SECTIONS", "SECTION_ROLES", "FactRowData", "Placement", "fact_row_values", "fact_rows", "figure_key", "name_key",
           "placement", "row_payload"]


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


def placement(version: FactVersion) -> Placement:
    """The section, item key and role of a fact (as its entry in the registry says)."""
    entry = FACT_TYPE.get(version.type)
    if entry is None:
        raise ValueError(f"{version.type} is not a fact type")
    if entry.joins is not None:
        key = entry.joins.key(version)
        if key:
            return Placement(entry.joins.section, key, entry.joins.role)
    return Placement(entry.section, entry.item_key(version) or version.event_id, entry.role)


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
    domain = version.attributes.get("domain") or FACT_TYPE[version.type].default_domain
    payload = canonical_json(row_payload(version))
    date = version.date
    common = (where.section, where.item_key, where.role, domain, version.event_id, version.position, version.type,
              date.text, date.earliest, date.latest, payload)
    return [(r.key, *common) for r in relationships]


def fact_rows(version: FactVersion) -> list[FactRowData]:
    """The rows of a fact version: one per relationship it belongs to; none once retracted."""
    return [FactRowData(*values) for values in fact_row_values(version)]
