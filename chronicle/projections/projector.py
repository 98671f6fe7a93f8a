"""The projector: folds events into the relationship-state tables, exactly once, in position order.

Each batch is one transaction that writes the rows and moves the checkpoint together, so a crash leaves
either both or neither. The fact rows keep history in both times: a correction closes the rows of the
version it replaces (``tx_to`` = its position) and opens rows for the new version (``tx_from``). Summary
tables (event counts per relationship and per year) follow the current rows; ``source_citations`` lists
which citations quote each source.
"""

from __future__ import annotations

import pickle
import struct
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from chronicle.domain.events import FACT_TYPES
from chronicle.domain.versions import FactVersion, RecordedEvent, evolve
from chronicle.projections.counts import row_cells, versions as count_versions
from chronicle.projections.facts import fact_row_values
from chronicle.projections.item_days import ItemDays
from chronicle.projections.search_rows import SearchRows
from chronicle.store.database import Database
from chronicle.store.bulk import COPY_FROM, close_current_rows, copy_rows, paused_collector
from chronicle.store.recorder import Recorder
from chronicle.store.dialect import INFINITE_POSITION

if TYPE_CHECKING:
    from sqlalchemy import Connection

CHECKPOINT = "relationship_state"
READ_EVENTS = "SELECT position, id, type, payload FROM events WHERE position > ? ORDER BY position LIMIT ?"
INSERT_SOURCE_CITATION = (
    "INSERT INTO source_citations (source_sha256, position, ordinal, event_id) VALUES (?, ?, ?, ?)"
)
FACT_COLUMNS = (
    "relationship, section, item_key, role, domain, event_id, position, type, date_text, date_start, date_end,"
    " tx_from, tx_to, payload"
)
INSERT_FACT = f"INSERT INTO relationship_facts ({FACT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
ADD_YEARS = "INSERT INTO relationship_years (relationship, year, events)"
# A bucket's new count: its change in the batch added to its latest version stored before the batch.
_COUNT_BEFORE = (
    "COALESCE((SELECT c.events FROM relationship_counts AS c WHERE c.relationship = {0}.relationship"
    " AND c.counted = {0}.counted AND c.span = {0}.span AND c.bucket = {0}.bucket AND c.position < ?"
    " ORDER BY c.position DESC LIMIT 1), 0)"
)
ADD_COUNTS = (
    "INSERT INTO relationship_counts (relationship, counted, span, bucket, position, events)"
    " SELECT v.relationship, v.counted, v.span, v.bucket, v.position, v.events + " + _COUNT_BEFORE.format("v") +
    " FROM (SELECT ? AS relationship, ? AS counted, ? AS span, ? AS bucket, ? AS position, ? AS events) AS v"
)
ADD_COUNTS_FROM_ARRAYS = (
    "INSERT INTO relationship_counts (relationship, counted, span, bucket, position, events)"
    " SELECT v.relationship, v.counted, v.span, v.bucket, v.position, v.events + " + _COUNT_BEFORE.format("v") +
    " FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS integer[]),"
    " CAST(? AS bigint[]), CAST(? AS bigint[])) AS v(relationship, counted, span, bucket, position, events)"
)
ADD_YEARS_CONFLICT = (
    "ON CONFLICT (relationship, year) DO UPDATE SET events = relationship_years.events + excluded.events"
)
ADD_YEARS_FROM_ARRAYS = (
    f"{ADD_YEARS} SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS bigint[])) {ADD_YEARS_CONFLICT}"
)
# On PostgreSQL a large batch is written with COPY (as the recorder writes events).
COPY_FACT = f"COPY relationship_facts ({FACT_COLUMNS}) FROM STDIN"
COPY_SOURCE_CITATION = "COPY source_citations (source_sha256, position, ordinal, event_id) FROM STDIN"


def _send(stream: Any, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: Any) -> Any:
    head = stream.read(8)
    if len(head) < 8:
        return None
    (size,) = struct.unpack("<Q", head)
    data = stream.read(size)
    return pickle.loads(data) if len(data) == size else None


def compute_batches_main() -> None:
    """The second process of a parallel catch-up (``argv``: start, end, batch size; the database URL on the
    first line of standard input): compute the batches of events (start, end] in order and write them, pickled,
    to standard output."""
    url = sys.stdin.readline().strip()
    start, end, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    out = sys.stdout.buffer
    db = Database(url)
    projector = Projector(db, Recorder(db))
    position = start
    try:
        with paused_collector():
            while position < end:
                with db.read() as conn:
                    events = conn.exec_driver_sql(
                        projector.dialect.sql(READ_EVENTS), (position, min(size, end - position))
                    ).all()
                    if not events:
                        break
                    batch = projector._compute(conn, [tuple(e) for e in events])
                _send(out, (position, batch))
                position = batch.last_position
    except BrokenPipeError:
        pass  # the writer is gone
    finally:
        db.dispose()


@dataclass
class _Summary:
    """Changes to the current-row counts of one relationship within a batch."""

    count: int = 0
    years: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    added_dates: list[date] = field(default_factory=list)
    removed_dates: list[date] = field(default_factory=list)


@dataclass
class _Batch:
    """What one batch of events does to the projection, before it is written."""

    last_position: int
    rows: list[tuple[Any, ...]]  # relationship_facts rows to insert
    quoted: list[tuple[str, int, int, str]]  # source_citations rows to insert
    closed: list[tuple[int, str]]  # (position, fact id): close the fact's current stored rows at position
    summaries: dict[str, _Summary]  # changes to the counts, by relationship (stored rows closed not included)
    search: list[tuple[Any, ...]] = field(default_factory=list)  # search_facts rows to insert (with their words)
    first_position: int = 0
    # changes to relationship_counts: (relationship, counted, span, bucket, position, +1 or -1); the rows
    # closed in stored rows are added by _store
    counts: list[tuple[str, str, int, int, int, int]] = field(default_factory=list)


class Projector:
    """Keeps ``relationship_facts`` and the summaries in step with the events."""

    BATCH = 10_000
    WITHIN = 2000  # an append of at most this many events is projected in its own transaction
    LARGE_BATCH = 40_000  # for a catch-up this far behind (a rebuild): fewer, larger transactions
    # From this many events behind, a catch-up (a rebuild) computes rows in a second process ahead of writing
    # them; 0 turns that off.
    PARALLEL_FROM = 50_000

    def __init__(self, db: Database, recorder: Recorder):
        self.db = db
        self.recorder = recorder
        self.dialect = recorder.dialect
        self._catching_up = 0  # catch-ups under way in this process
        self.search = SearchRows(self.dialect)
        self.item_days = ItemDays(self.dialect)
        self._count_lock = threading.Lock()

    def behind(self, conn: Connection | None = None) -> int:
        """How many events the head is ahead of the checkpoint (0 when the projection is current)."""
        if conn is None:
            with self.db.read() as c:
                return self.behind(c)
        head, checkpoint = conn.exec_driver_sql(
            self.dialect.sql(
                "SELECT (SELECT MAX(position) FROM events),"
                " (SELECT position FROM projection_checkpoints WHERE name = ?)"
            ),
            (CHECKPOINT,),
        ).one()
        return int(head or 0) - int(checkpoint or 0)

    def ensure_current(self) -> int:
        """Catch up when the checkpoint is behind the head: after a crash between an append's commit and its
        projection, or an append made without projecting. Costs one read when the projection is current. A
        catch-up already under way in this process is left to finish (its reader sees the state so far)."""
        if self._catching_up or self.behind() <= 0:
            return 0
        return self.catch_up()

    def checkpoint(self, conn: Connection | None = None) -> int:
        if conn is None:
            with self.db.read() as c:
                return self.checkpoint(c)
        value = conn.exec_driver_sql(
            self.dialect.sql("SELECT position FROM projection_checkpoints WHERE name = ?"), (CHECKPOINT,)
        ).scalar()
        return int(value or 0)

    def project_within(self, conn: Connection) -> bool:
        """Project the events after the checkpoint inside the caller's write transaction (an append's), when they
        are few (at most ``WITHIN``): the append and its projection then commit together, in one transaction.
        Returns False, projecting nothing, when more are waiting — :meth:`catch_up` is for those."""
        self.dialect.lock_projector(conn)
        start = self.checkpoint(conn)
        events = conn.exec_driver_sql(self.dialect.sql(READ_EVENTS), (start, self.WITHIN + 1)).all()
        if len(events) > self.WITHIN:
            return False
        if events:
            self._apply(conn, events)
            self._set_checkpoint(conn, events[-1][0])
        return True

    def catch_up(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Project every event after the checkpoint; returns how many were projected."""
        with self._count_lock:
            self._catching_up += 1
        try:
            return self._catch_up(progress)
        finally:
            with self._count_lock:
                self._catching_up -= 1

    def _catch_up(self, progress: Callable[[int, int], None] | None) -> int:
        done = 0
        size = self.BATCH
        first = True
        while True:
            parallel = None
            with paused_collector(), self.db.write() as conn:
                self.dialect.lock_projector(conn)
                start = self.checkpoint(conn)
                if first:  # far behind (a rebuild): larger batches, and maybe a second process
                    first = False
                    head = self.recorder.head(conn).position
                    if head - start >= 2 * self.LARGE_BATCH:
                        size = self.LARGE_BATCH
                    if self.PARALLEL_FROM and head - start >= self.PARALLEL_FROM:
                        parallel = (start, head)
                if parallel is None:
                    events = conn.exec_driver_sql(self.dialect.sql(READ_EVENTS), (start, size)).all()
                    if not events:
                        return done
                    self._apply(conn, events)
                    self._set_checkpoint(conn, events[-1][0])
            if parallel is not None:
                done += self._catch_up_in_parallel(*parallel, size, progress)
                continue
            done += len(events)
            if progress is not None:
                progress(done, events[-1][0])
            if len(events) < size:
                return done  # that was all there was (what is appended meanwhile is for the next catch-up)

    def _catch_up_in_parallel(
        self, start: int, end: int, size: int, progress: Callable[[int, int], None] | None
    ) -> int:
        """Project the events in (start, end] with a second process computing each batch's rows (the Python
        work) while this one writes the previous batch (the database's work): two cores instead of one.

        The second process is a fresh interpreter running :func:`compute_batches_main`, which reads the events
        (committed, immutable) on its own connection and pipes each batch's result here, in order; it only
        ever reads. If it fails, or this process goes away, the other side sees its pipe close.
        """
        problems = tempfile.TemporaryFile()
        worker = subprocess.Popen(
            [sys.executable, "-c", "from chronicle.projections.projector import compute_batches_main as m; m()",
             str(start), str(end), str(size)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=problems,
        )
        done = 0
        try:
            worker.stdin.write(self.db.url.encode() + b"\n")  # not on the command line: it may hold a password
            worker.stdin.close()
            expected = start
            while expected < end:
                message = _receive(worker.stdout)
                if message is None:
                    worker.wait()
                    problems.seek(0)
                    problem = problems.read().decode(errors="replace")[-4000:]
                    raise RuntimeError(f"the process computing the projection stopped: {problem}")
                first, batch = message
                with paused_collector(), self.db.write() as conn:
                    self.dialect.lock_projector(conn)
                    if self.checkpoint(conn) != first:  # another projector moved on: the plain loop goes on
                        return done
                    self._store(conn, batch)
                    self._set_checkpoint(conn, batch.last_position)
                done += batch.last_position - first
                expected = batch.last_position
                if progress is not None:
                    progress(done, batch.last_position)
        finally:
            worker.stdout.close()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            problems.close()
        return done

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Drop every projected row and replay all events from the start."""
        with self.db.write() as conn:
            self.dialect.lock_projector(conn)
            self.clear(conn)
            self._set_checkpoint(conn, 0)
        return self.catch_up(progress)

    def clear(self, conn: Connection) -> None:
        """Delete every projected row (the checkpoint stays)."""
        for table in (
            "relationship_facts", "relationship_summary", "relationship_years", "relationship_counts", "source_citations",
            "relationship_item_days",
        ):
            conn.exec_driver_sql(f"DELETE FROM {table}")
        self.search.clear(conn)

    def replay(self, conn: Connection, until: int) -> None:
        """Project the events up to position ``until`` in the caller's transaction, onto empty projection tables
        (for a comparison that is then rolled back); the checkpoint is not moved."""
        position = 0
        while position < until:
            events = conn.exec_driver_sql(
                self.dialect.sql(READ_EVENTS), (position, min(self.BATCH, until - position))
            ).all()
            if not events:
                return
            self._apply(conn, events)
            position = events[-1][0]

    # -- one batch --------------------------------------------------------------------------------------------

    def _set_checkpoint(self, conn: Connection, position: int) -> None:
        conn.exec_driver_sql(
            self.dialect.sql(
                "INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET position = excluded.position"
            ),
            (CHECKPOINT, position),
        )

    def _apply(self, conn: Connection, events: list[tuple[int, str, str, str]]) -> None:
        """Project one batch of events, each ``(position, id, type, payload)``."""
        self._store(conn, self._compute(conn, events))

    def _compute(self, conn: Connection, events: list[tuple[int, str, str, str]]) -> _Batch:
        """The rows a batch of events adds and the rows it closes: work on the events alone (``conn`` reads the
        events table only), which is why a second process can do it ahead of the writer."""
        d = self.dialect
        bodies = [orjson.loads(event[3]) for event in events]
        targets = sorted({body["target"] for body in bodies if "target" in body})
        versions: dict[str, FactVersion] = {}
        if targets:
            found = self.recorder.fetch_versions(conn, targets, before=events[0][0])
            versions = {k: v for k, v in found.items() if isinstance(v, FactVersion)}
        # the rows opened in this batch, by fact: [values (FactRowData's fields), tx_from, tx_to]
        open_rows: dict[str, list[list[Any]]] = {}
        closed_in_db: list[tuple[int, str]] = []
        closed_ids: set[str] = set()
        summaries: dict[str, _Summary] = defaultdict(_Summary)
        quoted: list[tuple[str, int, int, str]] = []
        counts: list[tuple[str, str, int, int, int, int]] = []
        search = self.search.batch(conn, bodies)
        for (position, event_id, event_type, _), body in zip(events, bodies, strict=True):
            recorded = RecordedEvent(position, event_id, event_type, body)
            cited = body["citations"] if "citations" in body else [body["citation"]] if "citation" in body else ()
            supported = body.get("target", event_id)
            for ordinal, citation in enumerate(cited):
                quoted.append((citation["source"], position, ordinal, supported))
            if event_type in FACT_TYPES:
                version = evolve(None, recorded)
            else:
                target = body["target"]
                version = evolve(versions[target], recorded)
                for row in open_rows.get(target, ()):
                    if row[2] == INFINITE_POSITION:
                        row[2] = position
                        values = row[0]
                        summary = summaries[values[0]]
                        summary.count -= 1
                        summary.years[values[9].year] -= 1
                        summary.removed_dates.append(values[9])
                        for cell in row_cells(*values[:5], values[9].year):
                            counts.append((*cell, position, -1))
                if target not in closed_ids:
                    closed_ids.add(target)
                    closed_in_db.append((position, target))
                search.close(target, position)
            versions[version.event_id] = version
            search.open(version, position)
            new_rows = fact_row_values(version)
            if new_rows:
                bucket = open_rows.setdefault(version.event_id, [])
                for values in new_rows:
                    bucket.append([values, position, INFINITE_POSITION])
                    summary = summaries[values[0]]
                    summary.count += 1
                    summary.years[values[9].year] += 1
                    summary.added_dates.append(values[9])
                    for cell in row_cells(*values[:5], values[9].year):
                        counts.append((*cell, position, 1))
        encoded: dict[str, tuple[Any, Any]] = {}
        rows = []
        for rows_of_fact in open_rows.values():
            for values, tx_from, tx_to in rows_of_fact:
                dates = encoded.get(values[8])
                if dates is None:
                    dates = encoded[values[8]] = (d.encode_date(values[9]), d.encode_date(values[10]))
                rows.append((*values[:9], *dates, tx_from, tx_to, values[11]))
        return _Batch(events[-1][0], rows, quoted, closed_in_db, dict(summaries), search.rows(),
                      first_position=events[0][0], counts=counts)

    def _store(self, conn: Connection, batch: _Batch) -> None:
        """Write what :meth:`_compute` worked out (reading the projected tables where it must)."""
        d = self.dialect
        summaries: dict[str, _Summary] = defaultdict(_Summary, batch.summaries)
        counts = list(batch.counts)
        closed_days: list[tuple[str, str, str, Any]] = []
        if batch.closed:
            closed_days = self._close_stored_rows(conn, batch.closed, summaries, counts)
        if d.name == "postgresql" and len(batch.rows) >= COPY_FROM:
            copy_rows(conn, COPY_FACT, batch.rows)
            copy_rows(conn, COPY_SOURCE_CITATION, batch.quoted)
        else:
            if batch.rows:
                conn.exec_driver_sql(d.sql(INSERT_FACT), batch.rows)
            if batch.quoted:
                conn.exec_driver_sql(d.sql(INSERT_SOURCE_CITATION), batch.quoted)
        self.item_days.store(conn, batch.rows, closed_days)
        self._update_summaries(conn, summaries)
        self._add_counts(conn, counts, batch.first_position)
        self.search.store(conn, batch.closed, batch.search)

    def _add_counts(self, conn: Connection, changes: list[tuple[str, str, int, int, int, int]], first: int) -> None:
        """Store the new versions of the counts (``chronicle/projections/counts.py``) of one batch whose
        first event is at position ``first``."""
        rows = count_versions(changes)
        if not rows:
            return
        d = self.dialect
        if d.name == "postgresql":  # one set-based statement
            conn.exec_driver_sql(d.sql(ADD_COUNTS_FROM_ARRAYS), (first, *(list(column) for column in zip(*rows))))
        else:
            conn.exec_driver_sql(d.sql(ADD_COUNTS), [(first, *row) for row in rows])

    def _close_stored_rows(
        self, conn: Connection, closed: list[tuple[int, str]], summaries: dict[str, _Summary],
        counts: list[tuple[str, str, int, int, int, int]],
    ) -> list[tuple[str, str, str, Any]]:
        """Close the current rows stored for corrected facts (the first correction of each in this batch);
        returns the (relationship, section, item, day) of the rows closed."""
        d = self.dialect
        groups = []
        closing = {event_id: position for position, event_id in closed}
        ids = list(closing)
        for i in range(0, len(ids), 400):
            part = ids[i : i + 400]
            sql = (
                "SELECT relationship, section, item_key, role, domain, date_start, event_id FROM relationship_facts"
                f" WHERE event_id IN ({d.placeholders(len(part))}) AND tx_to = {INFINITE_POSITION}"
            )
            for relationship, section, item_key, role, domain, date_start, event_id in conn.exec_driver_sql(
                d.sql(sql), tuple(part)
            ):
                groups.append((relationship, section, item_key, date_start))
                day = d.decode_date(date_start)
                summary = summaries[relationship]
                summary.count -= 1
                summary.years[day.year] -= 1
                summary.removed_dates.append(day)
                for cell in row_cells(relationship, section, item_key, role, domain, day.year):
                    counts.append((*cell, closing[event_id], -1))
        close_current_rows(conn, d, "relationship_facts", closed)
        return groups

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
            if d.name == "postgresql":  # one set-based statement: a batch touches thousands of (relationship, year)
                relationships, years, counts = (list(column) for column in zip(*year_rows))
                conn.exec_driver_sql(d.sql(ADD_YEARS_FROM_ARRAYS), (relationships, years, counts))
            else:
                conn.exec_driver_sql(d.sql(f"{ADD_YEARS} VALUES (?, ?, ?) {ADD_YEARS_CONFLICT}"), year_rows)
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
