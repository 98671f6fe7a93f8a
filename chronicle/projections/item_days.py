"""Each item's visible days (``relationship_item_days``), kept by the projector beside ``relationship_facts``.

A row of ``relationship_item_days`` says that an item of a section had at least one visible row on a day
(``date_start``) while the position was in ``[tx_from, tx_to)``: the union of the transaction-time spans of its
rows of that day, as disjoint spans that do not touch. A figure reported fifty times on one day is one entry,
an agreement signed and in force is one entry per day, so the state's search for each section's newest items
(``chronicle/queries/state.py``) reads one index entry per item and day visible at a position instead of one
per row, most of which another position would see.

Only the sections in :data:`DAY_SECTIONS` are kept: those whose newest items are found by reading backwards
from ``as_of`` and whose items may have many rows (the grouped sections are enumerated by item, and the items
of the single-row sections are one fact each, whose rows are their days already).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from chronicle.store.dialect import INFINITE_POSITION, Dialect

if TYPE_CHECKING:
    from sqlalchemy import Connection

DAY_SECTIONS = frozenset({"agreements", "ventures", "figures"})

Group = tuple[str, str, str, Any]  # (relationship, section, item_key, date_start as stored)

COLUMNS = "relationship, section, item_key, date_start, tx_from, tx_to"
INSERT = f"INSERT INTO relationship_item_days ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"
_GROUP = "relationship = ? AND section = ? AND item_key = ? AND date_start = ?"
DELETE = f"DELETE FROM relationship_item_days WHERE {_GROUP}"
# A group whose new rows are all current gains a span only when it has no current span already (its new rows
# come after every position it knows of, so a current span covers them).
_NO_CURRENT = (
    f"NOT EXISTS (SELECT 1 FROM relationship_item_days AS o WHERE o.relationship = v.relationship"
    f" AND o.section = v.section AND o.item_key = v.item_key AND o.date_start = v.date_start"
    f" AND o.tx_to = {INFINITE_POSITION})"
)
OPEN = (
    f"INSERT INTO relationship_item_days ({COLUMNS})"
    f" SELECT v.relationship, v.section, v.item_key, v.date_start, v.tx_from, {INFINITE_POSITION}"
    " FROM (SELECT ? AS relationship, ? AS section, ? AS item_key, ? AS date_start, ? AS tx_from) AS v"
    f" WHERE {_NO_CURRENT}"
)
OPEN_FROM_ARRAYS = (
    f"INSERT INTO relationship_item_days ({COLUMNS})"
    f" SELECT v.relationship, v.section, v.item_key, v.date_start, v.tx_from, {INFINITE_POSITION}"
    " FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS date[]), CAST(? AS bigint[]))"
    f" AS v(relationship, section, item_key, date_start, tx_from) WHERE {_NO_CURRENT}"
)
# On PostgreSQL the rows of the days made again are read, and those days deleted, by one set-based statement
# each (a statement run once per day is planned for the table as its statistics last saw it: early in a
# rebuild, for an empty one).
_GROUPS = (
    "unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS date[]))"
    " AS g(relationship, section, item_key, date_start)"
)
_SAME = (
    "t.relationship = g.relationship AND t.section = g.section AND t.item_key = g.item_key"
    " AND t.date_start = g.date_start"
)
ROWS_FROM_ARRAYS = (
    "SELECT g.relationship, g.section, g.item_key, g.date_start, t.tx_from, t.tx_to"
    f" FROM {_GROUPS} JOIN relationship_facts AS t ON {_SAME}"
)
DELETE_FROM_ARRAYS = f"DELETE FROM relationship_item_days AS t USING {_GROUPS} WHERE {_SAME}"
ITEM_ROWS = (
    "SELECT item_key, date_start, tx_from, tx_to FROM relationship_facts WHERE relationship = ? AND section = ?"
    " AND {keys}"
)


def union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The positions in any of the spans ``[tx_from, tx_to)``, as disjoint spans that do not touch, in order."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(start, end) for start, end in out]


class ItemDays:
    """Writes the item days of one batch: after its rows of ``relationship_facts`` are written and closed."""

    def __init__(self, dialect: Dialect):
        self.d = dialect

    def store(self, conn: Connection, rows: Iterable[tuple[Any, ...]], closed: Iterable[Group]) -> None:
        """``rows``: the batch's new rows of ``relationship_facts`` (its insert's parameters); ``closed``: the
        groups of the stored rows the batch closed. A group with a row closed is made again from its rows; a
        group with new current rows only gets a current span unless it has one."""
        again: set[Group] = {group for group in closed if group[1] in DAY_SECTIONS}
        opened: dict[Group, int] = {}
        for row in rows:
            if row[1] not in DAY_SECTIONS:
                continue
            group = (row[0], row[1], row[2], row[9])
            if row[12] != INFINITE_POSITION:
                again.add(group)
            elif group not in opened or row[11] < opened[group]:
                opened[group] = row[11]
        new = [(*group, tx_from) for group, tx_from in opened.items() if group not in again]
        if again:
            self._again(conn, again)
        if not new:
            return
        d = self.d
        if d.name == "postgresql":  # one set-based statement
            conn.exec_driver_sql(d.sql(OPEN_FROM_ARRAYS), tuple(list(column) for column in zip(*new)))
        else:
            conn.exec_driver_sql(OPEN, new)

    def _again(self, conn: Connection, groups: set[Group]) -> None:
        """Make the spans of ``groups`` again from their rows in ``relationship_facts``."""
        d = self.d
        ordered = sorted(groups, key=lambda group: (group[:3], str(group[3])))
        spans: dict[Group, list[tuple[int, int]]] = {group: [] for group in ordered}
        if d.name == "postgresql":
            arrays = tuple(list(column) for column in zip(*ordered))
            for *group, tx_from, tx_to in conn.exec_driver_sql(d.sql(ROWS_FROM_ARRAYS), arrays):
                spans[tuple(group)].append((tx_from, tx_to))
            conn.exec_driver_sql(d.sql(DELETE_FROM_ARRAYS), arrays)
        else:
            keys: dict[tuple[str, str], set[str]] = defaultdict(set)
            for relationship, section, key, _ in ordered:
                keys[(relationship, section)].add(key)
            for (relationship, section), wanted in keys.items():
                items = sorted(wanted)
                for i in range(0, len(items), 400):
                    condition, params = d.one_of("item_key", items[i : i + 400], "text")
                    statement = ITEM_ROWS.format(keys=condition)
                    for key, day, tx_from, tx_to in conn.exec_driver_sql(statement, (relationship, section, *params)):
                        found = spans.get((relationship, section, key, day))
                        if found is not None:
                            found.append((tx_from, tx_to))
            conn.exec_driver_sql(DELETE, ordered)
        inserts = [(*group, start, end) for group in ordered for start, end in union(spans[group])]
        if inserts:
            conn.exec_driver_sql(d.sql(INSERT), inserts)
