"""The state of a relationship as of a date and as known at a moment, served from the projected rows.

One query over the relationship's index entries chooses the ``limit`` newest items of every section; one query
per section then fetches those items' rows (newest per role, plus the earliest) — only they are read from the
table; activity reads the index of the last six years. The work depends on how many rows one relationship
holds, never on the size of the whole chronicle, and no stream is replayed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Connection

from chronicle.domain.clock import format_timestamp
from chronicle.domain.events import DOMAINS
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

VISIBLE = "date_start <= ? AND tx_from <= ? AND tx_to > ?"

# The whole card but activity in one statement. `items`: every visible item of every section with its latest
# day, from one pass over the relationship's entries of ix_facts_item (the index alone). `chosen`: the
# `limit` newest items of each section, and how many items each section has. `ranked`: the visible rows of
# the chosen items, found through the same index, ranked per item and role (newest first). Only the rows
# kept — the `limit` newest per role and the earliest — are read from the table.
STATE_SQL = f"""
WITH items AS (
    SELECT section, item_key, MAX(date_start) AS last_day
    FROM relationship_facts
    WHERE relationship = ? AND {VISIBLE}
    GROUP BY section, item_key
),
chosen AS (
    SELECT section, item_key, last_day, total FROM (
        SELECT section, item_key, last_day,
               COUNT(*) OVER (PARTITION BY section) AS total,
               ROW_NUMBER() OVER (PARTITION BY section ORDER BY last_day DESC, item_key) AS rank
        FROM items
    ) numbered
    WHERE rank <= ?
),
ranked AS (
    SELECT f.id, f.position, c.last_day, c.total,
           COUNT(*) OVER (PARTITION BY f.section, f.item_key, f.role) AS n,
           ROW_NUMBER() OVER (
               PARTITION BY f.section, f.item_key, f.role ORDER BY f.date_start DESC, f.position DESC
           ) AS rn,
           FIRST_VALUE(f.position) OVER (
               PARTITION BY f.section, f.item_key, f.role ORDER BY f.date_start, f.position
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
           ) AS first_position
    FROM chosen c JOIN relationship_facts f
      ON f.relationship = ? AND f.section = c.section AND f.item_key = c.item_key
     AND f.date_start <= ? AND f.tx_from <= ? AND f.tx_to > ?
)
SELECT f.section, f.item_key, r.last_day, r.total, f.role, f.event_id, f.position, f.date_text, f.date_start,
       f.date_end, f.payload, r.n, r.rn, r.first_position
FROM ranked r JOIN relationship_facts f ON f.id = r.id
WHERE r.rn <= ? OR r.position = r.first_position
"""

# Activity counts over the six years up to the window's end, per domain, from ix_facts_timeline alone.
ACTIVITY_SQL = f"""
SELECT domain, SUM(CASE WHEN date_start > ? THEN 1 ELSE 0 END) AS recent, COUNT(*) AS events,
       MAX(date_start) AS last_day
FROM relationship_facts
WHERE relationship = ? AND date_start > ? AND {VISIBLE}
GROUP BY domain
"""

# The day of the latest event of a domain that has none in the six years.
LAST_DAY_SQL = f"""
SELECT date_start FROM relationship_facts
WHERE relationship = ? AND {VISIBLE} AND domain = ?
ORDER BY date_start DESC
LIMIT 1
"""

# The dates as written of the events on some days (of each domain, the latest as text is reported).
LAST_TEXTS_SQL = """
SELECT domain, date_start, date_text FROM relationship_facts
WHERE relationship = ? AND date_start IN ({days}) AND tx_from <= ? AND tx_to > ?
"""


def _newest_first(row: Row) -> tuple[int, int]:
    return (-row.date_start.toordinal(), -row.position)


class StateReader:
    """Reads the state card of one relationship from the projected rows."""

    def __init__(self, dialect: Dialect):
        self.d = dialect

    def sections(
        self, conn: Connection, relationship: str, as_of: date | None, known: int, limit: int
    ) -> dict[str, SectionRows]:
        d = self.d
        visible = (d.encode_date(as_of or FAR_FUTURE), known, known)
        out = {name: SectionRows() for name in SECTIONS}
        last_days: dict[str, dict[str, date]] = {}
        decode, loads = d.decode_date, orjson.loads
        dates: dict[Any, date] = {}
        rows = conn.exec_driver_sql(
            d.sql(STATE_SQL), (relationship, *visible, limit, relationship, *visible, limit)
        ).fetchall()
        for section, key, last_day, total, role, event_id, position, text, start, end, payload, n, rn, first in rows:
            rows_of = out[section]
            rows_of.total = total
            start_day = dates.get(start) or dates.setdefault(start, decode(start))
            end_day = dates.get(end) or dates.setdefault(end, decode(end))
            row = Row(key, role, event_id, position, text, start_day, end_day, loads(payload))
            slot = rows_of.roles.get((key, role))
            if slot is None:
                slot = rows_of.roles[(key, role)] = RoleRows(count=n, first=row)
                last_days.setdefault(section, {})[key] = dates.get(last_day) or dates.setdefault(
                    last_day, decode(last_day)
                )
            if position == first:
                slot.first = row
            if rn <= limit:
                slot.newest.append(row)
        for section, days in last_days.items():
            rows_of = out[section]
            for slot in rows_of.roles.values():
                slot.newest.sort(key=_newest_first)
            rows_of.keys = sorted(days, key=lambda k: (-days[k].toordinal(), k))
        return out

    def section(
        self, conn: Connection, relationship: str, section: str, as_of: date | None, known: int, limit: int
    ) -> SectionRows:
        return self.sections(conn, relationship, as_of, known, limit)[section]

    def activity(
        self, conn: Connection, relationship: str, window_end: date, known: int
    ) -> dict[str, DomainActivity]:
        d = self.d
        three = years_before(window_end, 3)
        six = years_before(window_end, 6)
        visible = (d.encode_date(window_end), known, known)
        out: dict[str, DomainActivity] = {}
        last_days: dict[str, Any] = {}
        for domain, recent, events, last_day in conn.exec_driver_sql(
            d.sql(ACTIVITY_SQL), (d.encode_date(three), relationship, d.encode_date(six), *visible)
        ).fetchall():
            out[domain] = DomainActivity(int(recent or 0), int(events) - int(recent or 0), None)
            last_days[domain] = last_day
        for domain in DOMAINS:
            if domain not in last_days:
                day = conn.exec_driver_sql(
                    d.sql(LAST_DAY_SQL), (relationship, d.encode_date(six), known, known, domain)
                ).scalar()
                if day is None:
                    continue
                out[domain] = DomainActivity(0, 0, None)
                last_days[domain] = day
        if last_days:
            days = sorted(set(last_days.values()))
            texts: dict[str, list[str]] = {}
            for domain, day, text in conn.exec_driver_sql(
                d.sql(LAST_TEXTS_SQL.format(days=d.placeholders(len(days)))), (relationship, *days, known, known)
            ).fetchall():
                if last_days.get(domain) == day:
                    texts.setdefault(domain, []).append(text)
            for domain, found in out.items():
                out[domain] = DomainActivity(found.recent, found.previous, max(texts[domain]))
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
        sections=reader.sections(conn, key, as_of, known, limit),
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
