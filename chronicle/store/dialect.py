"""What differs between SQLite and PostgreSQL in the store's hand-written SQL.

The hot paths (appends, projection, state queries) send SQL straight to the driver: statements are written
with ``?`` placeholders and :meth:`Dialect.sql` turns them into the driver's style; dates and timestamps are
encoded as each driver expects.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chronicle.domain.clock import as_utc, utc_now

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Larger than any position (and still far from 64-bit overflow): the tx_to of a projection row that nothing
# has superseded yet, and the bound of a filtered read's window.
INFINITE_POSITION = 2**62
APPEND_LOCK_KEY = 7263548  # PostgreSQL advisory lock that serializes appends (gapless positions in commit order)
PROJECTOR_LOCK_KEY = 7263549


class Dialect:
    name = "base"

    def sql(self, statement: str) -> str:
        return statement

    def placeholders(self, n: int) -> str:
        """``?`` marks for an IN list; :meth:`sql` turns them into the driver's style with the rest."""
        return ", ".join("?" * n)

    def one_of(self, column: str, values: Sequence[Any], sql_type: str) -> tuple[str, tuple[Any, ...]]:
        """``column`` equal to one of ``values``: the condition and its parameters. An IN list here; on
        PostgreSQL one array parameter, so that the statement's text does not depend on how many values there
        are (it is planned once and stays prepared)."""
        return f"{column} IN ({self.placeholders(len(values))})", tuple(values)

    def encode_date(self, value: date | None):
        return value

    def encode_timestamp(self, value: datetime):
        return value

    def decode_date(self, value) -> date | None:
        return value

    def decode_timestamp(self, value) -> datetime | None:
        return None if value is None else as_utc(value)

    def lock_appends(self, conn: Connection) -> None:
        """Serialize appenders until the end of the transaction."""

    def lock_projector(self, conn: Connection) -> None:
        """Serialize projectors until the end of the transaction."""

    def shadow_tables(self, conn: Connection, tables: Sequence[str]) -> None:
        """Make, for the rest of ``conn``'s session, empty temporary tables of the same names, columns, keys and
        indexes as ``tables``: unqualified names then mean them (both engines look in the temporary schema
        first), and writing them takes no lock on the shared tables."""
        raise NotImplementedError

    def now(self, conn: Connection) -> datetime:
        return utc_now()


class SQLiteDialect(Dialect):
    """SQLite: a write transaction is BEGIN IMMEDIATE, which already holds the single writer lock."""

    name = "sqlite"

    def encode_date(self, value: date | None):
        return None if value is None else value.isoformat()

    def encode_timestamp(self, value: datetime):
        return as_utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")

    def decode_date(self, value) -> date | None:
        return None if value is None else date.fromisoformat(value)

    def decode_timestamp(self, value) -> datetime | None:
        return None if value is None else as_utc(datetime.fromisoformat(value))

    def shadow_tables(self, conn: Connection, tables: Sequence[str]) -> None:
        names = tuple(tables)
        rows = conn.exec_driver_sql(
            f"SELECT type, sql FROM sqlite_schema WHERE tbl_name IN ({self.placeholders(len(names))})"
            " AND sql IS NOT NULL AND name NOT LIKE 'search_index_%' ORDER BY type = 'index'",
            names,
        ).all()
        for kind, statement in rows:  # the tables first, then their indexes, each made in schema temp
            if kind == "table" and statement.startswith("CREATE VIRTUAL TABLE "):
                statement = "CREATE VIRTUAL TABLE temp." + statement[len("CREATE VIRTUAL TABLE "):]
            elif kind == "table":
                statement = "CREATE TEMP TABLE " + statement[len("CREATE TABLE "):]
            elif kind == "index":
                head, _, rest = statement.partition(" INDEX ")
                statement = f"{head} INDEX temp.{rest}"
            conn.exec_driver_sql(statement)


class PostgresDialect(Dialect):
    name = "postgresql"

    def sql(self, statement: str) -> str:
        return _pg_sql(statement)

    def one_of(self, column: str, values: Sequence[Any], sql_type: str) -> tuple[str, tuple[Any, ...]]:
        return f"{column} = ANY(CAST(? AS {sql_type}[]))", (list(values),)

    def lock_appends(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({APPEND_LOCK_KEY})")

    def lock_projector(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PROJECTOR_LOCK_KEY})")

    def shadow_tables(self, conn: Connection, tables: Sequence[str]) -> None:
        for table in tables:
            conn.exec_driver_sql(f"CREATE TEMP TABLE {table} (LIKE public.{table} INCLUDING ALL) ON COMMIT DROP")

    def now(self, conn: Connection) -> datetime:
        return as_utc(conn.exec_driver_sql("SELECT clock_timestamp()").scalar_one())


@lru_cache(maxsize=512)
def _pg_sql(statement: str) -> str:
    return statement.replace("%", "%%").replace("?", "%s")


def dialect_for(name: str) -> Dialect:
    if name == "sqlite":
        return SQLiteDialect()
    if name == "postgresql":
        return PostgresDialect()
    raise ValueError(f"no dialect for {name}")
