"""The state of a relationship as of a date and as known at a moment, served from the projected rows.

The work of a query is bounded by what the card shows, not by how many facts the relationship holds:

- each section's newest items are found by reading its index entries backwards from ``as_of``
  (``ix_facts_recent``) only until the ``limit`` newest items are certain — all sections in one statement,
  which sends each item once with its latest day, and a read found too short is read again as far as the
  items found so far suggest; the few items of missions, joint bodies and the establishment are enumerated
  by skipping from one item key to the next in ``ix_facts_item``;
- each chosen item's rows per role (the :data:`EXPLAINED` newest and the earliest) are found by ranking its
  index entries while they are few, else (and for the grouped sections) by bounded reads of
  ``ix_facts_item``, sent together in one statement; only a joint body's sessions are counted, from the
  index alone;
- item totals (one index-only pass) are counted only when asked for, activity reads the index of the last
  six years, and no stream is ever replayed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import orjson

from chronicle.domain.clock import format_timestamp
from chronicle.domain.events import DOMAINS
from chronicle.domain.parties import Relationship, display_name
from chronicle.projections.counts import prefix_buckets, session_counted, year_end, year_start
from chronicle.projections.facts import SECTION_ROLES, SECTIONS
from chronicle.projections.item_days import DAY_SECTIONS
from chronicle.queries.view import (
    EXPLAINED,
    DomainActivity,
    Row,
    RoleRows,
    SectionRows,
    activity_items,
    established_item,
    section_items,
    years_before,
)
from chronicle.store.dialect import INFINITE_POSITION, Dialect

if TYPE_CHECKING:
    from sqlalchemy import Connection

FAR_FUTURE = date(9999, 12, 31)
ONE_DAY = timedelta(days=1)
LATEST = INFINITE_POSITION - 1

def visible_rows(alias: str = "") -> str:
    """The condition that a row is visible: on or before ``as_of`` and current at position ``known``
    (parameters: as_of, known, known); ``alias`` names the table where a statement reads it twice."""
    column = f"{alias}." if alias else ""
    return f"{column}date_start <= ? AND {column}tx_from <= ? AND {column}tx_to > ?"


VISIBLE = visible_rows()

# Sections whose items are few (one establishment, a few missions and joint bodies, however many rows tell
# them): their items are enumerated by skipping from one item key to the next in ix_facts_item (one index
# seek per item, not a pass over the rows), each with its latest visible day (one more seek per role).
GROUPED_SECTIONS = ("established", "missions", "bodies")
GROUPED_ROLES = {section: SECTION_ROLES[section] for section in GROUPED_SECTIONS}
_GROUPED_LITERALS = " UNION ALL ".join(f"SELECT '{section}'" for section in GROUPED_SECTIONS)
_ROLE_LITERALS = " UNION ALL ".join(
    f"SELECT '{section}', '{role}'" for section, roles in GROUPED_ROLES.items() for role in roles
)
ITEMS_SQL = f"""
WITH RECURSIVE grouped_sections(section) AS ({_GROUPED_LITERALS}),
grouped_roles(section, role) AS ({_ROLE_LITERALS}),
item_keys(section, item_key) AS (
    SELECT g.section, (SELECT f.item_key FROM relationship_facts AS f
                       WHERE f.relationship = ? AND f.section = g.section ORDER BY f.item_key LIMIT 1)
    FROM grouped_sections AS g
    UNION ALL
    SELECT k.section, (SELECT f.item_key FROM relationship_facts AS f
                       WHERE f.relationship = ? AND f.section = k.section AND f.item_key > k.item_key
                       ORDER BY f.item_key LIMIT 1)
    FROM item_keys AS k WHERE k.item_key IS NOT NULL
),
last_days(section, item_key, last_day) AS (
    SELECT k.section, k.item_key,
           (SELECT f.date_start FROM relationship_facts AS f
            WHERE f.relationship = ? AND f.section = k.section AND f.item_key = k.item_key AND f.role = r.role
              AND {visible_rows("f")}
            ORDER BY f.date_start DESC LIMIT 1)
    FROM item_keys AS k JOIN grouped_roles AS r ON r.section = k.section
    WHERE k.item_key IS NOT NULL
)
SELECT section, item_key, MAX(last_day) FROM last_days GROUP BY section, item_key
"""

# One section's candidate items: its newest index entries (ix_facts_recent read backwards; ix_item_days_recent for DAY_SECTIONS)
# summed per item (part, item, latest day read, earliest, how many); a first read, short, and single rows sent as rows.
_NEWEST = f"FROM {{table}} WHERE relationship = ? AND section = ? AND {VISIBLE} ORDER BY date_start DESC LIMIT ?"
CANDIDATES_PART = (
    "SELECT {n}, item_key, MAX(date_start), MIN(date_start), COUNT(*)"
    f" FROM (SELECT item_key, date_start {_NEWEST}) AS candidates{{n}} GROUP BY item_key"
)
CANDIDATE_ROWS_PART = f"SELECT * FROM (SELECT {{n}}, item_key, date_start, date_start, 1 {_NEWEST}) AS candidates{{n}}"

# How many items each section has: a pass over every visible index entry of the relationship, so it is only
# run when totals are asked for.
TOTALS_SQL = f"""
SELECT section, COUNT(DISTINCT item_key) FROM relationship_facts
WHERE relationship = ? AND {VISIBLE}
GROUP BY section
"""

# The visible index entries of one section's chosen items (ix_facts_item), to rank them per item and role; at
# most one more than :data:`ENTRIES_PER_ROLE` per item and role: a section with more (agreements signed again
# and again, figures reported a hundred times) has its roles read by bounded reads instead.
ENTRIES_PART = (
    "SELECT * FROM (SELECT section, item_key, role, date_start, position, id FROM relationship_facts"
    f" WHERE relationship = ? AND section = ? AND {{keys}} AND {{roles}} AND {VISIBLE} LIMIT ?)"
    " AS entries{n}"
)
# Ranking entries beats two bounded reads per role while a role has a few rows: 4 was the best of 4, 8, 16 and
# 32 on BY:KR, the uniform mix did not tell them apart (docs/benchmarks.md, 2026-12-03 evening).
ENTRIES_PER_ROLE = 4

# The rows kept (the newest per item and role, and the earliest), read from the table by id.
KEPT_SQL = "SELECT id, event_id, date_text, date_end, payload FROM relationship_facts WHERE {ids}"

# The items of the grouped sections may have thousands of rows each (a body's sessions), so each of their
# roles is read with two bounded reads of ix_facts_item instead: its newest rows (backwards from ``as_of``)
# and its earliest (forwards). Parts are labelled with their number and sent UNION ALL; their count is
# rounded up to a power of two (the extra parts find nothing) so that a few statement texts serve every
# query and stay prepared.
ROWS_PART = (
    "SELECT * FROM (SELECT {n} AS part, id, event_id, position, date_text, date_start, date_end, payload"
    " FROM relationship_facts WHERE relationship = ? AND section = ? AND item_key = ? AND role = ?"
    f" AND {VISIBLE} ORDER BY date_start {{order}}, position {{order}} LIMIT {{limit}}) AS rows{{n}}"
)
PARTS_PER_STATEMENT = 64  # SQLite allows 500 terms in one compound SELECT

# On PostgreSQL the same reads are one statement of fixed text, whatever the number of roles: the wanted
# (section, item, role) come as three arrays, and each row of them is joined LATERAL to its two bounded
# reads. Planning 64 subqueries cost PostgreSQL more than running them; this text is planned once per
# connection and then stays prepared.
_ROW_COLUMNS = "r.id, r.event_id, r.position, r.date_text, r.date_start, r.date_end, r.payload"
_ROW_WHERE = (
    "r.relationship = ? AND r.section = w.section AND r.item_key = w.item_key AND r.role = w.role"
    f" AND {visible_rows('r')}"
)
ROWS_LATERAL_SQL = f"""
SELECT (w.n - 1) * 2 + f.oldest AS part, f.id, f.event_id, f.position, f.date_text, f.date_start, f.date_end,
       f.payload
FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) WITH ORDINALITY AS w(section, item_key, role, n)
CROSS JOIN LATERAL (
    (SELECT 0 AS oldest, {_ROW_COLUMNS} FROM relationship_facts AS r WHERE {_ROW_WHERE}
     ORDER BY r.date_start DESC, r.position DESC LIMIT {EXPLAINED})
    UNION ALL
    (SELECT 1 AS oldest, {_ROW_COLUMNS} FROM relationship_facts AS r WHERE {_ROW_WHERE}
     ORDER BY r.date_start, r.position LIMIT 1)
) AS f
"""
# The roles whose visible rows an item counts (a joint body's sessions held): the buckets of whole years
# before as_of's year from relationship_counts, and the rows of that year up to as_of from the index.
COUNTED_ROLES = (("bodies", "session"),)
COUNT_SQL = (
    "SELECT item_key, COUNT(*) FROM relationship_facts WHERE relationship = ? AND section = ? AND role = ?"
    f" AND {{keys}} AND date_start >= ? AND {VISIBLE} GROUP BY item_key"
)

# Counts as known at a position (relationship_counts, see chronicle/projections/counts.py): for each wanted
# bucket, its latest version at or before the position; one index seek each. The number of buckets is
# rounded up to a power of two (the extra ones find nothing) so that a few statement texts serve every query.
_COUNT_AT = (
    "(SELECT c.events FROM relationship_counts AS c WHERE c.relationship = ? AND c.counted = w.counted"
    " AND c.span = w.span AND c.bucket = w.bucket AND c.position <= ? ORDER BY c.position DESC LIMIT 1)"
)
COUNTS_SQL = "WITH w(counted, span, bucket) AS (VALUES {cells}) SELECT w.counted, w.span, w.bucket, " + _COUNT_AT + " FROM w"
COUNTS_ARRAYS_SQL = (
    f"SELECT w.counted, w.span, w.bucket, {_COUNT_AT}"
    " FROM unnest(CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS integer[])) AS w(counted, span, bucket)"
)


def chosen_items(candidates: list[tuple[str, Any]], limit: int, complete: bool) -> list[str] | None:
    """The ``limit`` newest items (by their latest day, then by key) among candidate rows read newest first, or
    None when rows beyond those read could still change the choice. Days are compared as the database gives
    them (ISO strings or dates: both sort by time)."""
    last: dict[str, Any] = {}
    for key, day in candidates:
        last.setdefault(key, day)  # the first row of an item read is its latest
    return newest_items(last, candidates[-1][1] if candidates else None, limit, complete)


def newest_items(last: dict[str, Any], oldest: Any, limit: int, complete: bool) -> list[str] | None:
    """:func:`chosen_items` from what the rows read say: each item's latest day among them (``last``) and the
    earliest day read (``oldest``)."""
    ordered = sorted(sorted(last), key=last.__getitem__, reverse=True)  # newest first, then by key
    if not complete:
        if len(ordered) < limit:
            return None
        boundary = last[ordered[limit - 1]]
        if oldest >= boundary:  # rows not read yet may share the boundary day
            return None
    return ordered[:limit]


# Activity: the rows of each domain in the years of the window come from relationship_counts; the rows of
# a part of a year (where a window's end falls within a year) from ix_facts_timeline alone, counting the
# shorter side of the day: one part per labelled range of days.
PART_YEAR_PART = (
    "SELECT {n} AS part, domain, COUNT(*) FROM relationship_facts"
    " WHERE relationship = ? AND date_start >= ? AND date_start <= ? AND tx_from <= ? AND tx_to > ?"
    " GROUP BY domain"
)

# The day of the latest event of each domain on or before a day (per domain: the window's end, or the
# window's start for a domain with no event in the window), one part per domain.
LAST_DAY_PART = (
    "SELECT * FROM (SELECT ? AS domain, date_start FROM relationship_facts"
    f" WHERE relationship = ? AND {VISIBLE} AND domain = ? ORDER BY date_start DESC LIMIT 1) AS last{{n}}"
)

# The dates as written of the events on some days (of each domain, the latest as text is reported).
LAST_TEXTS_SQL = """
SELECT domain, date_start, date_text FROM relationship_facts
WHERE relationship = ? AND {days} AND tx_from <= ? AND tx_to > ?
"""


Visible = tuple[Any, ...]  # (as_of as stored, known, known): the parameters of VISIBLE
Chosen = dict[str, tuple[list[str], bool]]  # section -> (the item keys shown, whether it has more)
Cards = dict[str, SectionRows]  # section -> what a query found for it


class StateReader:
    """Reads the state card of one relationship from the projected rows."""

    # Candidate rows read first per section: enough for `limit` items of a few rows each; more when not.
    FIRST_READ = (3, 8)  # limit * 3 + 8
    # Sections whose every item is one fact (one visible row): `limit` items, one more, and a row to spare.
    SINGLE_ROW_SECTIONS = frozenset({"visits", "meetings", "restrictions", "statements"})
    SINGLE_FIRST_READ = (1, 2)  # limit + 2

    def __init__(self, dialect: Dialect):
        self.d = dialect

    def sections(
        self, conn: Connection, relationship: str, as_of: date | None, known: int, limit: int, totals: bool = False
    ) -> dict[str, SectionRows]:
        d = self.d
        visible = (d.encode_date(as_of or FAR_FUTURE), known, known)
        out = {name: SectionRows() for name in SECTIONS}
        chosen = self._choose(conn, relationship, visible, limit)
        for section, (keys, more) in chosen.items():
            out[section].keys, out[section].more = keys, more
        if totals:
            for name in SECTIONS:
                out[name].total = 0
            for section, total in conn.exec_driver_sql(d.sql(TOTALS_SQL), (relationship, *visible)).fetchall():
                out[section].total = total
        grouped = {section: chosen[section] for section in GROUPED_SECTIONS}
        many = self._few_rows(conn, relationship, visible, {s: c for s, c in chosen.items() if s not in grouped}, out)
        self._many_rows(conn, relationship, visible, {**grouped, **many}, out, as_of or FAR_FUTURE)
        return out

    def _few_rows(self, conn: Connection, relationship: str, visible: Visible, chosen: Chosen, out: Cards) -> Chosen:
        """The rows of items with a few rows each: every visible index entry is ranked here, and only the rows
        kept are read from the table. Returns the sections that have more entries than that (left to
        :meth:`_many_rows`)."""
        d = self.d
        parts, params, caps = [], [], {}
        for n, (section, (keys, _)) in enumerate(sorted(chosen.items())):
            if keys:
                by_key, key_params = d.one_of("item_key", keys, "text")
                by_role, role_params = d.one_of("role", SECTION_ROLES[section], "text")
                caps[section] = ENTRIES_PER_ROLE * len(keys) * len(SECTION_ROLES[section])
                parts.append(ENTRIES_PART.format(keys=by_key, roles=by_role, n=n))
                params.extend((relationship, section, *key_params, *role_params, *visible, caps[section] + 1))
        if not parts:
            return {}
        read: dict[str, list[tuple[str, str, Any, int, int]]] = {section: [] for section in caps}
        for section, key, role, day, position, row_id in conn.exec_driver_sql(
            d.sql(" UNION ALL ".join(parts)), tuple(params)
        ).fetchall():
            read[section].append((key, role, day, position, row_id))
        many = {section: chosen[section] for section, found in read.items() if len(found) > caps[section]}
        ranked: dict[tuple[str, str, str], list[tuple[Any, int, int]]] = {}
        for section, found in read.items():
            if section not in many:
                for key, role, day, position, row_id in found:
                    ranked.setdefault((section, key, role), []).append((day, position, row_id))
        kept: set[int] = set()
        for entries in ranked.values():
            entries.sort()  # oldest first: by day, then by position
            kept.add(entries[0][2])
            kept.update(entry[2] for entry in entries[-EXPLAINED:])
        stored = self._kept_rows(conn, sorted(kept))
        decode, loads = d.decode_date, orjson.loads

        def row(key: str, role: str, entry: tuple[Any, int, int]) -> Row:
            event_id, text, end, payload = stored[entry[2]]
            return Row(key, role, event_id, entry[1], text, decode(entry[0]), decode(end), loads(payload))

        for (section, key, role), entries in ranked.items():
            newest = [row(key, role, entry) for entry in reversed(entries[-EXPLAINED:])]
            first = newest[-1] if len(entries) <= EXPLAINED else row(key, role, entries[0])
            out[section].roles[(key, role)] = RoleRows(count=len(entries), first=first, newest=newest)
        return many

    def _kept_rows(self, conn: Connection, ids: list[int]) -> dict[int, tuple[str, str, Any, str]]:
        d = self.d
        stored = {}
        for i in range(0, len(ids), 500):
            condition, params = d.one_of("id", ids[i : i + 500], "bigint")
            for row_id, event_id, text, end, payload in conn.exec_driver_sql(
                d.sql(KEPT_SQL.format(ids=condition)), params
            ).fetchall():
                stored[row_id] = (event_id, text, end, payload)
        return stored

    def counts(
        self, conn: Connection, relationship: str, cells: list[tuple[str, int, int]], known: int
    ) -> dict[tuple[str, int, int], int]:
        """The counts of ``cells`` (counted, span, bucket) as known at position ``known``; a bucket with nothing
        counted yet is left out."""
        d = self.d
        out: dict[tuple[str, int, int], int] = {}
        if not cells:
            return out
        if d.name == "postgresql":
            columns = [list(column) for column in zip(*cells)]
            rows = conn.exec_driver_sql(d.sql(COUNTS_ARRAYS_SQL), (relationship, known, *columns)).fetchall()
        else:
            size = 1 << (len(cells) - 1).bit_length()
            padded = cells + [("", 0, -1)] * (size - len(cells))  # finds nothing
            values = ", ".join(["(?, ?, ?)"] * size)
            params = (*(value for cell in padded for value in cell), relationship, known)
            rows = conn.exec_driver_sql(COUNTS_SQL.format(cells=values), params).fetchall()
        for counted, span, bucket, events in rows:
            if events:
                out[(counted, span, bucket)] = int(events)
        return out

    def _many_rows(
        self, conn: Connection, relationship: str, visible: Visible, chosen: Chosen, out: Cards, as_of: date
    ) -> None:
        """The rows of items that may have many rows each (the grouped sections', and those of a section
        :meth:`_few_rows` found too many entries for): per role, the :data:`EXPLAINED` newest and the earliest by
        bounded reads; only the roles in :data:`COUNTED_ROLES` are counted."""
        d = self.d
        wanted = [
            (section, key, role) for section, (keys, _) in chosen.items() for key in keys
            for role in SECTION_ROLES[section]
        ]
        counts: dict[tuple[str, str, str], int] = {}
        for section, role in COUNTED_ROLES:
            keys = chosen[section][0] if section in chosen else []
            if keys:
                by_key, key_params = d.one_of("item_key", keys, "text")
                this_year = d.encode_date(year_start(as_of.year))
                for key, count in conn.exec_driver_sql(
                    d.sql(COUNT_SQL.format(keys=by_key)),
                    (relationship, section, role, *key_params, this_year, *visible),
                ).fetchall():
                    counts[(section, key, role)] = count
                before = prefix_buckets(as_of.year)
                cells = [(session_counted(key), span, bucket) for key in keys for span, bucket in before]
                for (counted, _, _), count in self.counts(conn, relationship, cells, visible[1]).items():
                    key = counted[len(session_counted("")):]
                    counts[(section, key, role)] = counts.get((section, key, role), 0) + count
        decode, loads = d.decode_date, orjson.loads
        newest: dict[int, list[Row]] = {}
        earliest: dict[int, Row] = {}
        for begin, statement, params in self._bounded_reads(relationship, visible, wanted):
            for part, _, event_id, position, text, start, end, payload in conn.exec_driver_sql(
                statement, params
            ).fetchall():
                offset, oldest = divmod(part, 2)
                _, key, role = wanted[begin + offset]
                row = Row(key, role, event_id, position, text, decode(start), decode(end), loads(payload))
                if oldest:
                    earliest[begin + offset] = row
                else:
                    newest.setdefault(begin + offset, []).append(row)
        for index, rows in newest.items():
            section, key, role = wanted[index]
            rows.sort(key=lambda r: (r.date_start, r.position), reverse=True)  # whatever order UNION ALL kept
            out[section].roles[(key, role)] = RoleRows(
                count=counts.get((section, key, role)), first=earliest[index], newest=rows
            )

    def _bounded_reads(
        self, relationship: str, visible: Visible, wanted: list[tuple[str, str, str]]
    ) -> Iterator[tuple[int, str, tuple[Any, ...]]]:
        """The statements of :meth:`_many_rows`: (index of the first role it reads, text, parameters); each
        returns rows labelled ``2 * offset`` (newest) or ``2 * offset + 1`` (earliest)."""
        d = self.d
        if not wanted:
            return
        if d.name == "postgresql":
            sections, keys, roles = (list(column) for column in zip(*wanted))
            yield 0, d.sql(ROWS_LATERAL_SQL), (sections, keys, roles, *((relationship, *visible) * 2))
            return
        per_statement = PARTS_PER_STATEMENT // 2
        for begin in range(0, len(wanted), per_statement):
            chunk = wanted[begin : begin + per_statement]
            size = 1 << (len(chunk) - 1).bit_length()  # the next power of two
            parts, params = [], []
            for offset in range(size):
                section, key, role = chunk[offset] if offset < len(chunk) else ("", "", "")  # finds nothing
                parts.append(ROWS_PART.format(n=2 * offset, order="DESC", limit=EXPLAINED))
                parts.append(ROWS_PART.format(n=2 * offset + 1, order="ASC", limit=1))
                params.extend((relationship if section else "", section, key, role, *visible) * 2)
            yield begin, d.sql(" UNION ALL ".join(parts)), tuple(params)

    def _choose(
        self, conn: Connection, relationship: str, visible: tuple[Any, ...], limit: int
    ) -> dict[str, tuple[list[str], bool]]:
        """Each section's ``limit`` newest items, and whether it has more: the grouped sections' from their
        items enumerated one by one, the others' by reading candidates newest first."""
        d = self.d
        chosen: dict[str, tuple[list[str], bool]] = {}
        items: dict[str, dict[str, Any]] = {section: {} for section in GROUPED_SECTIONS}
        for section, key, day in conn.exec_driver_sql(
            d.sql(ITEMS_SQL), (relationship, relationship, relationship, *visible)
        ).fetchall():
            if day is not None:
                items[section][key] = day
        for section, last in items.items():
            ordered = sorted(sorted(last), key=last.__getitem__, reverse=True)  # newest first, then by key
            chosen[section] = (ordered[:limit], len(ordered) > limit)
        times, plus = self.FIRST_READ
        first_read = {
            section: self.SINGLE_FIRST_READ if section in self.SINGLE_ROW_SECTIONS else self.FIRST_READ
            for section in SECTIONS
            if section not in GROUPED_SECTIONS
        }
        wanted = {section: limit * times + plus for section, (times, plus) in first_read.items()}
        again_read = False
        while wanted:
            parts, params = [], []
            sections = list(wanted)
            for n, section in enumerate(sections):
                summed = again_read and section not in self.SINGLE_ROW_SECTIONS
                table = "relationship_item_days" if section in DAY_SECTIONS else "relationship_facts"  # one entry a day
                parts.append((CANDIDATES_PART if summed else CANDIDATE_ROWS_PART).format(n=n, table=table))
                params.extend((relationship, section, *visible, wanted[section]))
            last: list[dict[str, Any]] = [{} for _ in sections]
            oldest: list[Any] = [None] * len(sections)
            read = [0] * len(sections)
            for n, key, day, first_day, rows in conn.exec_driver_sql(
                d.sql(" UNION ALL ".join(parts)), tuple(params)
            ).fetchall():
                if day < last[n].get(key, day):  # an item read twice (a section sent as rows): its latest day
                    day = last[n][key]
                last[n][key] = day
                if oldest[n] is None or first_day < oldest[n]:
                    oldest[n] = first_day
                read[n] += rows
            again = {}
            for n, section in enumerate(sections):
                found = newest_items(last[n], oldest[n], limit + 1, complete=read[n] < wanted[section])
                if found is None:
                    # as many more rows as the items found so far took each, for the items still wanted
                    per_item = read[n] / max(len(last[n]), 1)
                    again[section] = max(wanted[section] * 2, int(per_item * (limit + 1) * 1.5) + 1)
                else:
                    chosen[section] = (found[:limit], len(found) > limit)
            wanted, again_read = again, True
        return chosen

    def section(
        self, conn: Connection, relationship: str, section: str, as_of: date | None, known: int, limit: int
    ) -> SectionRows:
        return self.sections(conn, relationship, as_of, known, limit)[section]

    def activity(
        self, conn: Connection, relationship: str, window_end: date, known: int
    ) -> dict[str, DomainActivity]:
        """Per domain, the events of the trailing three years and of the three before (to ``window_end``, as
        known at ``known``) and the date of the latest: whole years from relationship_counts, parts of years
        from the index, the latest days by one bounded read per domain."""
        d = self.d
        three = years_before(window_end, 3)
        six = years_before(window_end, 6)
        years = range(six.year, window_end.year + 1)
        cells = self.counts(conn, relationship, [(domain, 1, year) for domain in DOMAINS for year in years], known)

        def year_count(domain: str, year: int) -> int:
            return cells.get((domain, 1, year), 0)

        # up_to[(day, domain)]: the rows of day's year on or before day
        up_to: dict[tuple[date, str], int] = {}
        parts, params, ranges = [], [], []
        for day in sorted({six, three, window_end}):
            last = year_end(day.year)
            if day == last:
                for domain in DOMAINS:
                    up_to[(day, domain)] = year_count(domain, day.year)
                continue
            first = year_start(day.year)
            after = day < last and (day - first) > (last - day)  # count the days after it, the shorter side
            low, high = (day + ONE_DAY, last) if after else (first, day)
            ranges.append((day, after))
            parts.append(PART_YEAR_PART.format(n=len(parts)))
            params.extend((relationship, d.encode_date(low), d.encode_date(high), known, known))
        found: dict[tuple[int, str], int] = {}
        if parts:
            for part, domain, count in conn.exec_driver_sql(d.sql(" UNION ALL ".join(parts)), tuple(params)).fetchall():
                found[(part, domain)] = int(count)
        for part, (day, after) in enumerate(ranges):
            for domain in DOMAINS:
                count = found.get((part, domain), 0)
                up_to[(day, domain)] = year_count(domain, day.year) - count if after else count

        def between(low: date, domain: str) -> int:  # rows in (low, window_end]
            whole = sum(year_count(domain, year) for year in range(low.year, window_end.year + 1))
            return whole - up_to[(low, domain)] - (year_count(domain, window_end.year) - up_to[(window_end, domain)])

        totals = {domain: (between(three, domain), between(six, domain)) for domain in DOMAINS}
        parts, params = [], []
        for domain in DOMAINS:
            bound = window_end if totals[domain][1] else six
            parts.append(LAST_DAY_PART.format(n=len(parts)))
            params.extend((domain, relationship, d.encode_date(bound), known, known, domain))
        last_days: dict[str, Any] = dict(conn.exec_driver_sql(d.sql(" UNION ALL ".join(parts)), tuple(params)).fetchall())
        out: dict[str, DomainActivity] = {}
        for domain, day in last_days.items():
            recent, events = totals[domain]
            out[domain] = DomainActivity(recent, events - recent, None)
        if last_days:
            days = sorted(set(last_days.values()))
            texts: dict[str, list[str]] = {}
            by_day, day_params = d.one_of("date_start", days, "date")
            for domain, day, text in conn.exec_driver_sql(
                d.sql(LAST_TEXTS_SQL.format(days=by_day)), (relationship, *day_params, known, known)
            ).fetchall():
                if last_days.get(domain) == day:
                    texts.setdefault(domain, []).append(text)
            for domain, found_activity in out.items():
                out[domain] = DomainActivity(found_activity.recent, found_activity.previous, max(texts[domain]))
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
    totals: bool = False,
) -> dict[str, Any]:
    """The state card from the projected rows."""
    key = relationship.key
    window_end = as_of or today
    return assemble_state(
        relationship,
        sections=reader.sections(conn, key, as_of, known, limit, totals),
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
    state["more"] = {name: sections[name].more for name in SECTIONS[1:]}
    if any(sections[name].total is not None for name in SECTIONS[1:]):
        state["totals"] = {name: sections[name].total for name in SECTIONS[1:]}
    state["limit"] = limit
    state["activity"] = activity_items(activity, window_end)
    return state
