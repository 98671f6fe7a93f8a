"""The projector: folds events into the relationship-state tables, exactly once, in position order.

Each batch is one transaction that writes the rows and moves the checkpoint together, so a crash leaves
either both or neither. The fact rows keep history in both times: a correction closes the rows of the
version it replaces (``tx_to`` = its position) and opens rows for the new version (``tx_from``). Summary
tables (event counts per relationship and per year) follow the current rows; ``source_citations`` lists
which citations quote each source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection

from chronicle.domain.events import FACT_TYPES
from chronicle.domain.versions import FactVersion, evolve
from chronicle.projections.facts import FactRowData, fact_rows
from chronicle.store.database import Database
from chronicle.store.recorder import Recorder, StoredEvent, cited_in
from chronicle.store.schema import INFINITE_POSITION

CHECKPOINT = "relationship_state"
INSERT_SOURCE_CITATION = (
    "INSERT INTO source_citations (source_sha256, position, ordinal, event_id) VALUES (?, ?, ?, ?)"
)
INSERT_FACT = (
    "INSERT INTO relationship_facts (relationship, section, item_key, role, domain, event_id, position, type,"
    " date_text, date_start, date_end, tx_from, tx_to, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass
class _OpenRow:
    data: FactRowData
    tx_from: int
    tx_to: int = INFINITE_POSITION


@dataclass
class _Summary:
    """Changes to the current-row counts of one relationship within a batch."""

    count: int = 0
    years: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    added_dates: list[date] = field(default_factory=list)
    removed_dates: list[date] = field(default_factory=list)


class Projector:
    """Keeps ``relationship_facts`` and the summaries in step with the events."""

    BATCH = 5000

    def __init__(self, db: Database, recorder: Recorder):
        self.db = db
        self.recorder = recorder
        self.dialect = recorder.dialect

    def checkpoint(self, conn: Connection | None = None) -> int:
        if conn is None:
            with self.db.read() as c:
                return self.checkpoint(c)
        value = conn.exec_driver_sql(
            self.dialect.sql("SELECT position FROM projection_checkpoints WHERE name = ?"), (CHECKPOINT,)
        ).scalar()
        return int(value or 0)

    def catch_up(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Project every event after the checkpoint; returns how many were projected."""
        done = 0
        while True:
            with self.db.write() as conn:
                self.dialect.lock_projector(conn)
                start = self.checkpoint(conn)
                events = self.recorder.read(start, self.BATCH, conn=conn)
                if not events:
                    return done
                self._apply(conn, events)
                self._set_checkpoint(conn, events[-1].position)
            done += len(events)
            if progress is not None:
                progress(done, events[-1].position)

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Drop every projected row and replay all events from the start."""
        with self.db.write() as conn:
            self.dialect.lock_projector(conn)
            for table in ("relationship_facts", "relationship_summary", "relationship_years", "source_citations"):
                conn.exec_driver_sql(f"DELETE FROM {table}")
            self._set_checkpoint(conn, 0)
        return self.catch_up(progress)

    # -- one batch --------------------------------------------------------------------------------------------

    def _set_checkpoint(self, conn: Connection, position: int) -> None:
        conn.exec_driver_sql(
            self.dialect.sql(
                "INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET position = excluded.position"
            ),
            (CHECKPOINT, position),
        )

    def _apply(self, conn: Connection, events: list[StoredEvent]) -> None:
        d = self.dialect
        targets = sorted({e.body["target"] for e in events if e.type not in FACT_TYPES})
        versions: dict[str, FactVersion] = {}
        if targets:
            found = self.recorder.fetch_versions(conn, targets, before=events[0].position)
            versions = {k: v for k, v in found.items() if isinstance(v, FactVersion)}
        open_rows: dict[str, list[_OpenRow]] = defaultdict(list)
        closed_in_db: list[tuple[int, str]] = []
        closed_ids: set[str] = set()
        summaries: dict[str, _Summary] = defaultdict(_Summary)
        quoted: list[tuple[str, int, int, str]] = []
        for event in events:
            recorded = event.recorded()
            supported = recorded.body.get("target", event.id)
            quoted.extend(
                (c["source"], event.position, ordinal, supported) for ordinal, c in enumerate(cited_in(recorded.body))
            )
            if event.type in FACT_TYPES:
                version = evolve(None, recorded)
            else:
                target = recorded.body["target"]
                version = evolve(versions[target], recorded)
                for row in open_rows.get(target, ()):
                    if row.tx_to == INFINITE_POSITION:
                        row.tx_to = event.position
                        summary = summaries[row.data.relationship]
                        summary.count -= 1
                        summary.years[row.data.date_start.year] -= 1
                        summary.removed_dates.append(row.data.date_start)
                if target not in closed_ids:
                    closed_ids.add(target)
                    closed_in_db.append((event.position, target))
            versions[version.event_id] = version
            for data in fact_rows(version):
                open_rows[version.event_id].append(_OpenRow(data, event.position))
                summary = summaries[data.relationship]
                summary.count += 1
                summary.years[data.date_start.year] += 1
                summary.added_dates.append(data.date_start)
        if closed_in_db:
            self._close_stored_rows(conn, closed_in_db, summaries)
        rows = [
            (
                r.data.relationship,
                r.data.section,
                r.data.item_key,
                r.data.role,
                r.data.domain,
                r.data.event_id,
                r.data.position,
                r.data.type,
                r.data.date_text,
                d.encode_date(r.data.date_start),
                d.encode_date(r.data.date_end),
                r.tx_from,
                r.tx_to,
                r.data.payload,
            )
            for rows_of_event in open_rows.values()
            for r in rows_of_event
        ]
        if rows:
            conn.exec_driver_sql(d.sql(INSERT_FACT), rows)
        if quoted:
            conn.exec_driver_sql(d.sql(INSERT_SOURCE_CITATION), quoted)
        self._update_summaries(conn, summaries)

    def _close_stored_rows(
        self, conn: Connection, closed: list[tuple[int, str]], summaries: dict[str, _Summary]
    ) -> None:
        """Close the current rows stored for corrected facts (the first correction of each in this batch)."""
        d = self.dialect
        ids = [event_id for _, event_id in closed]
        for i in range(0, len(ids), 400):
            part = ids[i : i + 400]
            sql = (
                "SELECT relationship, date_start FROM relationship_facts"
                f" WHERE event_id IN ({d.placeholders(len(part))}) AND tx_to = {INFINITE_POSITION}"
            )
            for relationship, date_start in conn.exec_driver_sql(d.sql(sql), tuple(part)):
                day = d.decode_date(date_start)
                summary = summaries[relationship]
                summary.count -= 1
                summary.years[day.year] -= 1
                summary.removed_dates.append(day)
        conn.exec_driver_sql(
            d.sql(f"UPDATE relationship_facts SET tx_to = ? WHERE event_id = ? AND tx_to = {INFINITE_POSITION}"),
            closed,
        )

    def _update_summaries(self, conn: Connection, summaries: dict[str, _Summary]) -> None:
        d = self.dialect
        keys = sorted(summaries)
        if not keys:
            return
        current: dict[str, list[Any]] = {}
        for i in range(0, len(keys), 400):
            part = keys[i : i + 400]
            sql = (
                "SELECT relationship, events, first_date, last_date FROM relationship_summary"
                f" WHERE relationship IN ({d.placeholders(len(part))})"
            )
            for rel, count, first, last in conn.exec_driver_sql(d.sql(sql), tuple(part)):
                current[rel] = [count, d.decode_date(first), d.decode_date(last)]
        upserts, deletes, year_rows = [], [], []
        for rel in keys:
            change = summaries[rel]
            count, first, last = current.get(rel, [0, None, None])
            count += change.count
            for day in change.added_dates:
                first = day if first is None or day < first else first
                last = day if last is None or day > last else last
            if count <= 0:
                deletes.append((rel,))
            else:
                if first in change.removed_dates or last in change.removed_dates:
                    first, last = self._date_range(conn, rel)
                upserts.append((rel, count, d.encode_date(first), d.encode_date(last)))
            year_rows.extend((rel, year, n) for year, n in sorted(change.years.items()) if n)
        if upserts:
            conn.exec_driver_sql(
                d.sql(
                    "INSERT INTO relationship_summary (relationship, events, first_date, last_date) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (relationship) DO UPDATE SET events = excluded.events,"
                    " first_date = excluded.first_date, last_date = excluded.last_date"
                ),
                upserts,
            )
        if deletes:
            conn.exec_driver_sql(d.sql("DELETE FROM relationship_summary WHERE relationship = ?"), deletes)
        if year_rows:
            conn.exec_driver_sql(
                d.sql(
                    "INSERT INTO relationship_years (relationship, year, events) VALUES (?, ?, ?)"
                    " ON CONFLICT (relationship, year) DO UPDATE"
                    " SET events = relationship_years.events + excluded.events"
                ),
                year_rows,
            )
            conn.exec_driver_sql("DELETE FROM relationship_years WHERE events = 0")

    def _date_range(self, conn: Connection, relationship: str) -> tuple[date | None, date | None]:
        d = self.dialect
        row = conn.exec_driver_sql(
            d.sql(
                "SELECT MIN(date_start), MAX(date_start) FROM relationship_facts"
                f" WHERE relationship = ? AND tx_to = {INFINITE_POSITION}"
            ),
            (relationship,),
        ).one()
        return d.decode_date(row[0]), d.decode_date(row[1])
