"""The recorder: appends events to the ``events`` table and reads them back in position order.

One append is one transaction, however many events it holds: the events are checked, given gapless
positions, chained by hash and written together, or nothing is written. Appends are serialized (SQLite's
writer lock; a PostgreSQL advisory lock), so positions become visible in commit order.

Large appends stream: events are processed in chunks inside the one transaction, so memory stays bounded.

The store by job: :mod:`.append` (an append transaction), :mod:`.replicate` (another chronicle's events),
:mod:`.facts` (reads of fact versions, streams, sources and keys), :mod:`.bulk` (COPY and other bulk helpers),
:mod:`.stored` (the values and errors the store hands back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from chronicle.domain.canonical import GENESIS_HASH
from chronicle.domain.events import NewEvent
from chronicle.domain.versions import FactVersion
from chronicle.store import facts
from chronicle.store.bulk import chunks, paused_collector
from chronicle.store.database import Database
from chronicle.store.dialect import INFINITE_POSITION, dialect_for
from chronicle.store.stored import (
    AppendResult,
    AppendSummary,
    ConflictError,
    Head,
    ReplicaError,
    StoredEvent,
    cited_in,
    event_header,
    parties_column,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

EVENT_COLUMNS = "position, id, type, recorded_at, idempotency_key, payload, hash"

__all__ = [
    "AppendResult", "AppendSummary", "ConflictError", "Head", "Recorder", "ReplicaError", "StoredEvent", "cited_in",
    "event_header", "parties_column",
]


class Recorder:
    """Appends to and reads from the event store."""

    CHUNK = 2000

    def __init__(self, db: Database):
        self.db = db
        self.dialect = dialect_for(db.dialect)

    # -- writing ----------------------------------------------------------------------------------------------

    def append(
        self,
        events: Iterable[NewEvent],
        *,
        collect: bool = True,
        then: Callable[[Connection], object] | None = None,
    ) -> AppendSummary:
        """Append events atomically, in order. Raises EnvelopeError or ConflictError and appends nothing.

        ``then`` runs in the same transaction once the events are written (the projector, for small appends),
        so that both commit together."""
        from chronicle.store.append import AppendSession  # the writer's code (and the envelope models) on first use

        numbered = enumerate(events)
        first = list(islice(numbered, self.CHUNK))
        bulk = len(first) == self.CHUNK
        with paused_collector(bulk), self.db.lean_write(bulk=bulk) as conn:
            session = AppendSession(self, conn, collect)
            if first:
                session.add(first)
                for chunk in chunks(numbered, self.CHUNK):
                    session.add(chunk)
            session.finish()
            if then is not None and session.appended:
                then(conn)
        return AppendSummary(session.appended, session.duplicates, session.results, session.next_position - 1)

    def append_group(
        self,
        requests: list[list[NewEvent]],
        *,
        then: Callable[[Connection], object] | None = None,
    ) -> list[AppendSummary | Exception]:
        """Append several requests' events in one transaction, each request atomic on its own: each runs in a
        savepoint of its own, so one that is refused (an EnvelopeError, a ConflictError) is rolled back alone and
        its error handed back in its place. ``then`` runs once after them all, and everything commits together;
        an error there (or in the commit) fails every request."""
        from chronicle.store.append import AppendSession

        outcomes: list[AppendSummary | Exception] = []
        with self.db.lean_write() as conn:
            for events in requests:
                conn.exec_driver_sql("SAVEPOINT chronicle_request")
                try:
                    session = AppendSession(self, conn, True)
                    for chunk in chunks(enumerate(events), self.CHUNK):
                        session.add(chunk)
                    session.finish()
                except Exception as exc:  # noqa: BLE001 - handed back to its request, whatever it is
                    conn.exec_driver_sql("ROLLBACK TO SAVEPOINT chronicle_request")
                    outcomes.append(exc)
                else:
                    outcomes.append(
                        AppendSummary(session.appended, session.duplicates, session.results, session.next_position - 1)
                    )
                conn.exec_driver_sql("RELEASE SAVEPOINT chronicle_request")
            if then is not None and any(isinstance(o, AppendSummary) and o.appended for o in outcomes):
                then(conn)
        return outcomes

    def append_replicated(
        self, events: list[dict[str, Any]], sources: dict[str, dict[str, Any]] | None = None
    ) -> AppendSummary:
        """Append events read from another chronicle's feed, keeping their ids, positions, times and hashes.

        Each must continue the local chain exactly (the next position, a hash that follows from the local
        head); ``sources`` supplies the documents cited that are not stored here yet, keyed by sha256.
        Raises ReplicaError and appends nothing on the first event that does not fit.
        """
        from chronicle.store.replicate import Replication

        with self.db.write() as conn:
            session = Replication(self, conn, collect=True)
            for chunk in chunks(events, self.CHUNK):
                session.replicate(chunk, sources or {})
            session.finish()
        return AppendSummary(session.appended, session.duplicates, session.results, session.next_position - 1)

    # -- reading ----------------------------------------------------------------------------------------------

    def head(self, conn: Connection | None = None) -> Head:
        if conn is None:
            with self.db.read() as c:
                return self.head(c)
        row = conn.exec_driver_sql(
            "SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1"
        ).first()
        if row is None:
            return Head(0, GENESIS_HASH, None)
        return Head(row[0], row[1], self.dialect.decode_timestamp(row[2]))

    def _stored(self, row: Any) -> StoredEvent:
        return StoredEvent(row[0], row[1], row[2], self.dialect.decode_timestamp(row[3]), row[4], row[5], row[6])

    def read(
        self,
        after: int = 0,
        limit: int = 1000,
        *,
        party: str | None = None,
        types: Iterable[str] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        scan: int | None = None,
        conn: Connection | None = None,
    ) -> list[StoredEvent]:
        """Events after position ``after``, in position order.

        Filters: a (normalized) ``party`` — corrections count for their target's parties —, ``types``, and
        dates overlapping ``date_from``..``date_to`` (corrections have no date of their own and pass). With
        ``scan``, only positions up to ``after + scan`` are looked at, so a filtered read does bounded work;
        :meth:`read_page` says where to continue.
        """
        if conn is None:
            with self.db.read() as c:
                return self.read(
                    after, limit, party=party, types=types, date_from=date_from, date_to=date_to, scan=scan, conn=c
                )
        d = self.dialect
        where = ["position > ?"]
        params: list[Any] = [after]
        if scan is not None:
            where.append("position <= ?")
            params.append(min(after + scan, INFINITE_POSITION))
        if party is not None:
            where.append("parties LIKE ?")
            params.append(f"%|{party}|%")
        type_list = sorted(set(types or ()))
        if type_list:
            where.append(f"type IN ({d.placeholders(len(type_list))})")
            params.extend(type_list)
        if date_from is not None:
            where.append("(date_end IS NULL OR date_end >= ?)")
            params.append(d.encode_date(date_from))
        if date_to is not None:
            where.append("(date_start IS NULL OR date_start <= ?)")
            params.append(d.encode_date(date_to))
        sql = f"SELECT {EVENT_COLUMNS} FROM events WHERE {' AND '.join(where)} ORDER BY position LIMIT ?"
        params.append(limit)
        return [self._stored(r) for r in conn.exec_driver_sql(d.sql(sql), tuple(params))]

    def read_page(
        self, after: int = 0, limit: int = 1000, *, scan: int = 100_000, **filters: Any
    ) -> tuple[list[StoredEvent], int, int]:
        """One page of a (possibly filtered) feed: the events, the position to continue after, and the head.

        Unfiltered pages are contiguous; a filtered page looks at no more than ``scan`` positions, so a page
        may hold fewer than ``limit`` events (or none) while ``next_after`` still moves on.
        """
        filtered = any(v is not None and v != [] for v in filters.values())
        with self.db.read() as conn:
            head = self.head(conn).position
            events = self.read(after, limit, scan=scan if filtered else None, conn=conn, **filters)
        if len(events) == limit or not filtered:
            next_after = events[-1].position if events else after
        else:
            next_after = min(after + scan, head, INFINITE_POSITION)
        return events, max(next_after, after), head

    def iter_all(self, after: int = 0, page: int = 5000) -> Iterator[StoredEvent]:
        """Every event after ``after`` in position order, read in pages (each page its own transaction)."""
        while True:
            batch = self.read(after, page)
            if not batch:
                return
            yield from batch
            after = batch[-1].position

    def get(self, event_id: str, conn: Connection | None = None) -> StoredEvent | None:
        if conn is None:
            with self.db.read() as c:
                return self.get(event_id, c)
        row = conn.exec_driver_sql(
            self.dialect.sql(f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?"), (event_id,)
        ).first()
        return None if row is None else self._stored(row)

    def position_at(self, known_at: datetime, conn: Connection) -> int:
        """The last position recorded at or before ``known_at`` (0 if none)."""
        value = conn.exec_driver_sql(
            self.dialect.sql("SELECT MAX(last_position) FROM transactions WHERE recorded_at <= ?"),
            (self.dialect.encode_timestamp(known_at),),
        ).scalar()
        return int(value or 0)

    def first_recorded_at(self, conn: Connection) -> datetime | None:
        """When the first batch was recorded (None if nothing was)."""
        value = conn.exec_driver_sql("SELECT MIN(recorded_at) FROM transactions").scalar()
        return None if value is None else self.dialect.decode_timestamp(value)

    # -- lookups used while appending (chronicle.store.facts) --------------------------------------------------

    def fetch_sources(self, conn: Connection, keys: list[str]) -> dict[str, str | None]:
        return facts.fetch_sources(conn, self.dialect, keys)

    def fetch_by_keys(self, conn: Connection, keys: list[str]) -> dict[str, tuple[str, AppendResult]]:
        return facts.fetch_by_keys(conn, self.dialect, keys)

    def fetch_versions(self, conn: Connection, ids: list[str], before: int | None = None) -> dict[str, FactVersion | str]:
        return facts.fetch_versions(conn, self.dialect, ids, before)

    def fetch_streams(self, conn: Connection, keys: list[str]) -> dict[str, list[int]]:
        return facts.fetch_streams(conn, self.dialect, keys)
