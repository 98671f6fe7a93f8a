"""A naive reference for the state query: replay the events up to a position, then select in Python.

It follows the selection rules written in ``chronicle/queries/view.py`` without SQL, without the projector's
transaction-time bookkeeping, and without any index, so that the served state can be compared with it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import orjson

from chronicle.domain.events import FACT_TYPES
from chronicle.domain.parties import Relationship
from chronicle.domain.versions import FactVersion, evolve
from chronicle.projections.facts import SECTIONS, FactRowData, fact_rows
from chronicle.queries.state import LATEST, assemble_state
from chronicle.queries.view import EXPLAINED, DomainActivity, RoleRows, Row, SectionRows, years_before
from chronicle.store.recorder import StoredEvent


def replay(events: list[StoredEvent], known: int) -> dict[str, FactVersion]:
    """Every fact's version after the events up to position ``known``."""
    versions: dict[str, FactVersion] = {}
    for event in events:
        if event.position > known:
            break
        recorded = event.recorded()
        if event.type in FACT_TYPES:
            versions[event.id] = evolve(None, recorded)
        else:
            target = recorded.body["target"]
            versions[target] = evolve(versions[target], recorded)
    return versions


def _row(data: FactRowData) -> Row:
    return Row(data.item_key, data.role, data.event_id, data.position, data.date_text, data.date_start,
               data.date_end, orjson.loads(data.payload))


def _section(rows: list[FactRowData], limit: int, totals: bool) -> SectionRows:
    groups: dict[str, list[Row]] = defaultdict(list)
    for data in rows:
        groups[data.item_key].append(_row(data))
    last = {key: max(r.date_start for r in group) for key, group in groups.items()}
    keys = sorted(groups, key=lambda k: (-last[k].toordinal(), k))[:limit]
    out = SectionRows(more=len(groups) > limit, total=len(groups) if totals else None, keys=keys)
    for key in keys:
        by_role: dict[str, list[Row]] = defaultdict(list)
        for row in groups[key]:
            by_role[row.role].append(row)
        for role, role_rows in by_role.items():
            newest = sorted(role_rows, key=lambda r: (r.date_start, r.position), reverse=True)
            first = min(role_rows, key=lambda r: (r.date_start, r.position))
            out.roles[(key, role)] = RoleRows(count=len(role_rows), first=first, newest=newest[:EXPLAINED])
    return out


def _activity(rows: list[FactRowData], window_end: date) -> dict[str, DomainActivity]:
    three, six = years_before(window_end, 3), years_before(window_end, 6)
    by_domain: dict[str, list[FactRowData]] = defaultdict(list)
    for data in rows:
        if data.date_start <= window_end:
            by_domain[data.domain].append(data)
    return {
        domain: DomainActivity(
            recent=sum(1 for r in mine if r.date_start > three),
            previous=sum(1 for r in mine if six < r.date_start <= three),
            last_event=max(f"{r.date_start.isoformat()}|{r.date_text}" for r in mine).split("|", 1)[1],
        )
        for domain, mine in by_domain.items()
    }


def naive_state(
    events: list[StoredEvent],
    a: str,
    b: str,
    *,
    as_of: date | None,
    as_of_text: str | None,
    known: int,
    limit: int,
    today: date,
    known_at=None,
    totals: bool = False,
) -> dict:
    relationship = Relationship.of(a, b)
    rows = [
        data
        for version in replay(events, known).values()
        for data in fact_rows(version)
        if data.relationship == relationship.key
    ]
    visible = [r for r in rows if as_of is None or r.date_start <= as_of]
    window_end = as_of or today
    return assemble_state(
        relationship,
        sections={name: _section([r for r in visible if r.section == name], limit, totals) for name in SECTIONS},
        activity=_activity(rows, window_end),
        as_of=as_of,
        as_of_text=as_of_text,
        known_at=known_at,
        known=known,
        limit=limit,
        window_end=window_end,
    )


__all__ = ["LATEST", "naive_state", "replay"]
