"""Bulk SQL helpers shared by the store and the projector: COPY on PostgreSQL, reads of long IN lists in
parts, the close of corrected rows, chunks of an iterable, and the garbage collector paused for a bulk
operation."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any

from chronicle.store.dialect import INFINITE_POSITION, Dialect

if TYPE_CHECKING:
    from sqlalchemy import Connection

# On PostgreSQL a chunk of this many events or more is written with COPY, which costs the server and the
# client about a third of what one INSERT per row costs (same rows, same transaction).
COPY_FROM = 100
def copy_rows(conn: Connection, statement: str, rows: list[tuple]) -> None:
    """COPY rows into a table through the connection's psycopg driver connection (its transaction); errors are
    raised as SQLAlchemy's, as an INSERT's would be."""
    if not rows:
        return
    import psycopg

    try:
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:
        from sqlalchemy.exc import DBAPIError

        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from None


def close_current_rows(conn: Connection, d: Dialect, table: str, closed: list[tuple[int, str]]) -> None:
    """Close the current rows of ``table`` (``tx_to`` infinite) of each event in ``closed``, ``(position,
    event_id)`` pairs: their ``tx_to`` becomes the position. On PostgreSQL that is one set-based UPDATE: run once
    per pair, the update is planned for the table as its statistics last saw it (empty, early in a rebuild), and
    a sequential scan chosen then is repeated for each of thousands of rows (a rebuild of 100k once spent 79 s
    of 155 there). There each event's first position counts, as one update per pair leaves it: the first
    closes the open row, a later one finds none."""
    if not closed:
        return
    if d.name != "postgresql":
        conn.exec_driver_sql(
            d.sql(f"UPDATE {table} SET tx_to = ? WHERE event_id = ? AND tx_to = {INFINITE_POSITION}"), closed
        )
        return
    first: dict[str, int] = {}
    for position, event_id in closed:
        first.setdefault(event_id, position)
    conn.exec_driver_sql(
        d.sql(
            f"UPDATE {table} AS f SET tx_to = v.tx_to FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]))"
            f" AS v(tx_to, event_id) WHERE f.event_id = v.event_id AND f.tx_to = {INFINITE_POSITION}"
        ),
        (list(first.values()), list(first)),
    )


@contextmanager
def paused_collector(pause: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk operation (a large append, a projection batch).

    Such an operation allocates hundreds of thousands of objects that live until it ends; the collector would
    traverse them again and again (and the rest of the heap with them) for nothing: they are freed by
    reference counting. Cyclic garbage made meanwhile is collected once the collector runs again. The
    collector is left as it was found (enabled, unless someone else had paused it).
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk




def in_chunks(conn: Connection, dialect: Dialect, sql: str, values: list[Any], size: int = 500) -> Iterator[Any]:
    """The rows of ``sql`` for every value, read ``size`` values at a time (``{marks}`` stands for them)."""
    for i in range(0, len(values), size):
        part = values[i : i + size]
        yield from conn.exec_driver_sql(dialect.sql(sql.format(marks=dialect.placeholders(len(part)))), tuple(part))
