"""The state of a relationship as of a date and as known at a moment, served from the projected rows.

Each section is one indexed query over ``relationship_facts``: choose the ``limit`` newest items among the
visible rows, then fetch those items' rows (newest per role, plus the earliest). The work depends on how many
rows one relationship holds, never on the size of the whole chronicle, and no stream is replayed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Connection

from chronicle.domain.clock import format_timestamp
from chronicle.domain.parties import Relationship, display_name
from chronicle.projections.facts import SECTIONS
from chronicle.queries.view import (
    DomainActivity,
    Row,
    RoleRows,
    SectionRows,
    activity_items,
    established_item,
    section_items,
    years_before,
)
from chronicle.store.dialect import Dialect
from chronicle.store.schema import INFINITE_POSITION

FAR_FUTURE = date(9999, 12, 31)
LATEST = INFINITE_POSITION - 1

VISIBLE = "relationship = ? AND section = ? AND date_start <= ? AND tx_from <= ? AND tx_to > ?"

SECTION_SQL = f"""
WITH keys AS (
    SELECT item_key, MAX(date_start) AS last_day, COUNT(*) OVER () AS total
    FROM relationship_facts
    WHERE {VISIBLE}
    GROUP BY item_key
    ORDER BY last_day DESC, item_key
    LIMIT ?
)
SELECT item_key, role, event_id, position, date_text, date_start, date_end, payload, total, n, rn, first_position
FROM (
    SELECT f.item_key, f.role, f.event_id, f.position, f.date_text, f.date_start, f.date_end, f.payload, k.total,
           COUNT(*) OVER (PARTITION BY f.item_key, f.role) AS n,
           ROW_NUMBER() OVER (PARTITION BY f.item_key, f.role ORDER BY f.date_start DESC, f.position DESC) AS rn,
           FIRST_VALUE(f.position) OVER (
               PARTITION BY f.item_key, f.role ORDER BY f.date_start, f.position
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
           ) AS first_position
    FROM relationship_facts f JOIN keys k ON k.item_key = f.item_key
    WHERE f.{VISIBLE.replace(" AND ", " AND f.")}
) ranked
WHERE rn <= ? OR position = first_position
ORDER BY item_key, role, rn
"""

ACTIVITY_SQL = """
SELECT domain,
       SUM(CASE WHEN date_start > ? THEN 1 ELSE 0 END) AS recent,
       SUM(CASE WHEN date_start > ? AND date_start <= ? THEN 1 ELSE 0 END) AS previous,
       MAX(CAST(date_start AS TEXT) || '|' || date_text) AS last_event
FROM relationship_facts
WHERE relationship = ? AND date_start <= ? AND tx_from <= ? AND tx_to > ?
GROUP BY domain
"""


class StateReader:
    """Reads the state card of one relationship from the projected rows."""

    def __init__(self, dialect: Dialect):
        self.d = dialect

    def section(
        self, conn: Connection, relationship: str, section: str, as_of: date | None, known: int, limit: int
    ) -> SectionRows:
        d = self.d
        visible = (relationship, section, d.encode_date(as_of or FAR_FUTURE), known, known)
        params = (*visible, limit, *visible, limit)
        out = SectionRows()
        order: dict[str, date] = {}
        for key, role, event_id, position, text, start, end, payload, total, n, rn, first in conn.exec_driver_sql(
            d.sql(SECTION_SQL), params
        ):
            out.total = total
            row = Row(key, role, event_id, position, text, d.decode_date(start), d.decode_date(end), orjson.loads(payload))
            order[key] = max(order.get(key, row.date_start), row.date_start)
            slot = out.roles.get((key, role))
            if slot is None:
                slot = out.roles[(key, role)] = RoleRows(count=n, first=row)
            if position == first:
                slot.first = row
            if rn <= limit:
                slot.newest.append(row)
        out.keys = sorted(order, key=lambda k: (-order[k].toordinal(), k))
        return out

    def activity(
        self, conn: Connection, relationship: str, window_end: date, known: int
    ) -> dict[str, DomainActivity]:
        d = self.d
        three = years_before(window_end, 3)
        six = years_before(window_end, 6)
        params = (
            d.encode_date(three),
            d.encode_date(six),
            d.encode_date(three),
            relationship,
            d.encode_date(window_end),
            known,
            known,
        )
        out = {}
        for domain, recent, previous, last in conn.exec_driver_sql(d.sql(ACTIVITY_SQL), params):
            out[domain] = DomainActivity(int(recent or 0), int(previous or 0), last.split("|", 1)[1] if last else None)
        return out


def build_state(
    reader: StateReader,
    conn: Connection,
    relationship: Relationship,
    *,
    as_of: date | None,
    as_of_text: str | None,
    known_at: datetime | None,
    known: int,
    limit: int,
    today: date,
) -> dict[str, Any]:
    """The state card from the projected rows."""
    key = relationship.key
    window_end = as_of or today
    return assemble_state(
        relationship,
        sections={name: reader.section(conn, key, name, as_of, known, limit) for name in SECTIONS},
        activity=reader.activity(conn, key, window_end, known),
        as_of=as_of,
        as_of_text=as_of_text,
        known_at=known_at,
        known=known,
        limit=limit,
        window_end=window_end,
    )


def assemble_state(
    relationship: Relationship,
    *,
    sections: dict[str, SectionRows],
    activity: dict[str, DomainActivity],
    as_of: date | None,
    as_of_text: str | None,
    known_at: datetime | None,
    known: int,
    limit: int,
    window_end: date,
) -> dict[str, Any]:
    """The state card as JSON (see ``docs/state.md``) from the rows selected for each section."""
    state: dict[str, Any] = {
        "relationship": relationship.parties,
        "names": [display_name(relationship.a), display_name(relationship.b)],
        "as_of": as_of_text,
        "known_at": format_timestamp(known_at) if known_at else None,
        "known_through_position": known if known != LATEST else None,
        "established": established_item(sections["established"], as_of),
    }
    for name in SECTIONS[1:]:
        state[name] = section_items(name, sections[name], as_of)
    state["totals"] = {name: sections[name].total for name in SECTIONS[1:]}
    state["limit"] = limit
    state["activity"] = activity_items(activity, window_end)
    return state
