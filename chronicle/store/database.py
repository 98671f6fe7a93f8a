"""Connections to the chronicle's database (SQLite or PostgreSQL) and its migrations.

``Database.write()`` opens a transaction that may append: on SQLite it is ``BEGIN IMMEDIATE`` (the database's
single writer lock is taken up front, so two writers never deadlock on upgrade); on PostgreSQL the recorder
takes its own append lock inside it. ``Database.read()`` opens a read-only transaction with one consistent
snapshot (a deferred transaction on SQLite, REPEATABLE READ on PostgreSQL), so a query that runs several
statements sees one state of the chronicle.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

# Alembic is loaded only to migrate: checking that a database is current reads its version row and the
# revision lines of the migration files, which keeps every command's start-up light. SQLAlchemy is loaded on
# the first write (or the first read of a database other than a plain SQLite file): reading a SQLite file
# goes straight to the driver (:class:`DriverReader`), so a command that only reads never imports it.


def sqlalchemy_error(name: str = "SQLAlchemyError") -> type[Exception]:
    """One of SQLAlchemy's errors (its base by default), for ``except sqlalchemy_error():``. Python evaluates an
    except clause's class only when an exception reaches it, so code that raises nothing does not import
    SQLAlchemy for the clause."""
    from sqlalchemy import exc

    return getattr(exc, name)


class DatabaseError(RuntimeError):
    """The database cannot be used as asked (unsupported engine, not migrated, unreachable)."""


_WRITERS: dict[str, threading.Lock] = {}
_WRITERS_GUARD = threading.Lock()


def _sqlite_writers(database: str) -> threading.Lock:
    """One lock per SQLite database file in this process (``database``: the URL's file, or ":memory:")."""
    key = database if database == ":memory:" else str(Path(database).expanduser().resolve())
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(key, threading.Lock())


def engine_url(url: str) -> str:
    """Accept ``postgres://`` and ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


SQLITE_MMAP_BYTES = 2**31
WAL_AUTOCHECKPOINT = 1000  # pages: SQLite's default
SQLITE_CONNECT = {"timeout": 60, "check_same_thread": False, "cached_statements": 1024}


def sqlite_file(url: str) -> str | None:
    """The file of a plain SQLite URL (``sqlite:///path``, no query string), as SQLAlchemy reads it; None for
    any other URL (in memory, with a query string or an unusual character, another engine): SQLAlchemy's."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            path = url[len(prefix) :]
            return path if _PLAIN_PATH.fullmatch(path) else None
    return None


_PLAIN_PATH = re.compile(r"[\w./~+ -]+", re.ASCII)  # a path SQLAlchemy reads and renders as it is (no ? % @ : ...)


def _prepare_sqlite(dbapi_connection: sqlite3.Connection, memory: bool) -> None:
    """The chronicle's settings of every SQLite connection (SQLAlchemy's and the driver reader's)."""
    dbapi_connection.isolation_level = None  # transactions are begun explicitly (see _on_begin, DriverReader)
    cursor = dbapi_connection.cursor()
    if not memory:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    if not memory:
        # Read the file through a memory map (up to SQLite's compiled limit of 2 GiB): a state query's
        # scattered page reads then cost no system call each.
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


def _sqlite_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import StaticPool

    parsed = make_url(url)
    memory = parsed.database in (None, "", ":memory:")
    engine = create_engine(url, connect_args=dict(SQLITE_CONNECT), poolclass=StaticPool if memory else None)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no branch - wiring
        _prepare_sqlite(dbapi_connection, memory)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:  # pragma: no branch - wiring
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("chronicle_write") else "BEGIN")

    return engine


def _postgres_engine(url: str) -> Engine:
    from sqlalchemy import create_engine

    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _driver_error(statement: str, parameters: Any, exc: Exception, base: type[Exception]) -> Exception:
    """A driver's error as SQLAlchemy raises it (``DBAPIError.instance``: OperationalError, IntegrityError ...)."""
    from sqlalchemy.exc import DBAPIError

    return DBAPIError.instance(statement, parameters, exc, base)


class _Rows:
    """What :meth:`LeanConnection.exec_driver_sql` returns: the driver's cursor, read as a SQLAlchemy result is
    (rows are the driver's tuples)."""

    __slots__ = ("cursor",)

    def __init__(self, cursor: Any):
        self.cursor = cursor

    def __iter__(self) -> Iterator[Any]:
        return iter(self.cursor.fetchall())

    def all(self) -> list[Any]:
        return self.cursor.fetchall()

    fetchall = all

    def first(self) -> Any:
        return self.cursor.fetchone()

    def scalar(self) -> Any:
        row = self.cursor.fetchone()
        return None if row is None else row[0]

    def one(self) -> Any:
        rows = self.cursor.fetchall()
        if len(rows) != 1:
            from sqlalchemy.exc import MultipleResultsFound, NoResultFound

            raise NoResultFound("no row") if not rows else MultipleResultsFound("more than one row")
        return rows[0]

    def scalar_one(self) -> Any:
        return self.one()[0]

    def fetchone(self) -> Any:
        return self.cursor.fetchone()

    @property
    def rowcount(self) -> int:
        return self.cursor.rowcount


class _Driver:
    """``exec_driver_sql`` straight to a driver connection's cursor, as SQLAlchemy's Connection runs it (the
    statement in the driver's paramstyle, a list of tuples as ``executemany``), its errors raised as
    SQLAlchemy's (``DBAPIError.instance``); rows are the driver's tuples."""

    __slots__ = ("raw", "error")

    def __init__(self, raw: Any, error: type[Exception]):
        self.raw = raw
        self.error = error

    def exec_driver_sql(self, statement: str, parameters: Any = None, execution_options: Any = None) -> _Rows:
        cursor = self.raw.cursor()
        try:
            if parameters is None or (type(parameters) is list and not parameters):
                cursor.execute(statement)
            elif type(parameters) is list and isinstance(parameters[0], (tuple, list, dict)):  # as SQLAlchemy
                cursor.executemany(statement, parameters)
            else:
                cursor.execute(statement, parameters)
        except self.error as exc:
            raise _driver_error(statement, parameters, exc, self.error) from None
        return _Rows(cursor)


class LeanConnection(_Driver):
    """A write transaction's connection whose ``exec_driver_sql`` goes straight to the driver's cursor.

    SQLAlchemy's own work around one small statement (its execution context, events and result set-up) costs
    many times what SQLite takes to run it (168 µs against 9 µs for a one-row SELECT, measured on a loaded
    machine), and a one-event append with its projection runs 22 statements. The statements, parameters and
    transaction are the same; driver errors are raised as SQLAlchemy's (``DBAPIError.instance``), and
    everything else is the wrapped connection's.
    """

    __slots__ = ("conn",)

    def __init__(self, conn: Connection):
        super().__init__(conn.connection.driver_connection, conn.dialect.loaded_dbapi.Error)
        self.conn = conn

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


class DriverReader(_Driver):
    """A read transaction on a SQLite file without SQLAlchemy: what :meth:`Database.read` yields for a plain
    SQLite URL. The reads of the chronicle send their SQL with ``exec_driver_sql`` only, which this runs on the
    driver's connection as SQLAlchemy would (the same settings, a deferred ``BEGIN``, one snapshot), so a
    command that only reads (``chronicle state``) starts without importing SQLAlchemy (0.2 s of CPU).
    ``execute`` takes a SQLAlchemy statement (``text(...)``) too, for callers that pass one."""

    __slots__ = ()

    def execute(self, statement: Any, parameters: dict[str, Any] | None = None) -> _Rows:
        """A SQLAlchemy statement compiled for SQLite (named parameters) and run on the driver; rows are tuples."""
        from sqlalchemy.dialects import sqlite

        compiled = statement.compile(dialect=sqlite.dialect(paramstyle="named"))
        return self.exec_driver_sql(str(compiled), {**compiled.params, **(parameters or {})})


class DriverWriter(DriverReader):
    """A write transaction on a SQLite file without SQLAlchemy (``BEGIN IMMEDIATE``): what
    :meth:`Database.lean_write` yields for a plain SQLite URL; its statements run as :class:`DriverReader`'s."""

    __slots__ = ()


_D = TypeVar("_D", bound=_Driver)


class _SQLiteReaders:
    """Idle driver connections to one SQLite file, reused by :meth:`Database.read` and
    :meth:`Database.lean_write` (at most ``keep`` idle)."""

    def __init__(self, path: str, keep: int = 5):
        self.path = os.path.abspath(path)  # as SQLAlchemy's pysqlite dialect opens it
        self.keep = keep
        self.idle: list[sqlite3.Connection] = []
        self.lock = threading.Lock()

    def take(self) -> sqlite3.Connection:
        with self.lock:
            if self.idle:
                return self.idle.pop()
        try:
            raw = sqlite3.connect(self.path, **SQLITE_CONNECT)
            _prepare_sqlite(raw, memory=False)
        except sqlite3.Error as exc:
            raise _driver_error("(connect)", None, exc, sqlite3.Error) from None
        return raw

    def give_back(self, raw: sqlite3.Connection) -> None:
        with self.lock:
            if len(self.idle) < self.keep:
                self.idle.append(raw)
                return
        raw.close()

    def close(self) -> None:
        with self.lock:
            idle, self.idle = self.idle, []
        for raw in idle:
            raw.close()


class Database:
    """An engine for one chronicle database, with write and read transactions."""

    def __init__(self, url: str):
        self.url = engine_url(url)
        file = sqlite_file(self.url)
        self._engine: Engine | None = None
        self._engine_guard = threading.Lock()
        self._readers: _SQLiteReaders | None = None
        if file is not None:
            backend = "sqlite"
            Path(file).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
            self._readers = _SQLiteReaders(file)
            database = file
        else:
            from sqlalchemy.engine import make_url

            parsed = make_url(self.url)
            backend = parsed.get_backend_name()
            database = parsed.database or ":memory:"
            if backend == "sqlite" and database != ":memory:":
                Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        if backend not in ("sqlite", "postgresql"):
            raise DatabaseError(f"the chronicle runs on SQLite or PostgreSQL, not {backend!r} ({url})")
        self.dialect = backend
        if file is None:
            self._engine = self._make_engine()
        # SQLite has one writer at a time; threads of this process wait for it here, in turn, rather than in
        # SQLite's busy handler, which sleeps and retries. Other processes still meet that handler.
        self._writers = _sqlite_writers(database) if backend == "sqlite" else nullcontext()

    def _make_engine(self) -> Engine:
        return _sqlite_engine(self.url) if self.dialect == "sqlite" else _postgres_engine(self.url)

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine, made on first use (a plain SQLite file's reads do not need it)."""
        if self._engine is None:
            with self._engine_guard:
                if self._engine is None:
                    self._engine = self._make_engine()
        return self._engine

    @contextmanager
    def write(self, *, bulk: bool = False) -> Iterator[Connection]:
        """A write transaction (one writer at a time). ``bulk``: on SQLite, its commit does not copy the
        write-ahead log back into the database file (no automatic checkpoint in this transaction's commit);
        the next ordinary commit, or closing the last connection, does."""
        with self._writers, self.engine.connect() as conn:
            conn = conn.execution_options(chronicle_write=True)
            deferred = bulk and self.dialect == "sqlite"
            if deferred:
                conn.connection.driver_connection.execute("PRAGMA wal_autocheckpoint=0")
            try:
                with conn.begin():
                    yield conn
            finally:
                if deferred:
                    conn.connection.driver_connection.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        if self._readers is not None:
            with self._driver_read() as conn:
                yield conn  # type: ignore[misc] - a DriverReader reads as a Connection does
            return
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with conn.begin():
                yield conn

    @contextmanager
    def lean_write(self, *, bulk: bool = False) -> Iterator[LeanConnection | DriverWriter]:
        """A write transaction as :meth:`write` makes (one writer at a time, ``BEGIN IMMEDIATE`` on SQLite,
        ``bulk`` the same), whose statements go straight to the driver, for callers that send their SQL with
        ``exec_driver_sql`` only (the recorder's appends and what runs inside them). On a plain SQLite file it is
        SQLAlchemy-free (:class:`DriverWriter`): begin, commit and connection checkout through SQLAlchemy cost a
        one-event append about a third of its time; elsewhere it is SQLAlchemy's transaction, its statements
        on the driver (:class:`LeanConnection`)."""
        if self._readers is None:
            with self.write(bulk=bulk) as conn:
                yield LeanConnection(conn)
            return
        with self._writers, self._driver_transaction("BEGIN IMMEDIATE", DriverWriter, bulk=bulk) as conn:
            yield conn

    @contextmanager
    def _driver_read(self) -> Iterator[DriverReader]:
        """A deferred transaction on a driver connection of the SQLite file (as SQLAlchemy's read makes, with
        the same settings); committed at the end, or rolled back when the block raises."""
        with self._driver_transaction("BEGIN", DriverReader) as conn:
            yield conn

    @contextmanager
    def _driver_transaction(self, begin: str, kind: type[_D], *, bulk: bool = False) -> Iterator[_D]:
        """A transaction on a pooled driver connection of the SQLite file, begun with ``begin``; committed at the
        end, or rolled back when the block raises. ``bulk``: no automatic checkpoint in its commit."""
        readers = self._readers
        assert readers is not None
        raw = readers.take()
        try:
            if bulk:
                raw.execute("PRAGMA wal_autocheckpoint=0")
            raw.execute(begin)
        except sqlite3.Error as exc:
            raw.close()
            raise _driver_error(begin, None, exc, sqlite3.Error) from None
        try:
            try:
                yield kind(raw, sqlite3.Error)
            except BaseException:
                try:
                    raw.rollback()
                except sqlite3.Error:
                    raw.close()
                    raw = None
                raise
            try:
                raw.commit()
            except sqlite3.Error as exc:
                raw.close()
                raw = None
                raise _driver_error("COMMIT", None, exc, sqlite3.Error) from None
        finally:
            if raw is not None:
                if bulk:
                    raw.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}")
                readers.give_back(raw)

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A transaction that reads one consistent snapshot, takes no writer's lock and may write temporary
        tables only; it is rolled back at the end, and its connection is discarded rather than pooled again
        (so that no temporary table it made can outlive it)."""
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            transaction = conn.begin()
            try:
                yield conn
            finally:
                transaction.rollback()
                conn.invalidate()

    # --- migrations ----------------------------------------------------------------------------------------

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` with Alembic (the only way schema objects are created)."""
        from alembic import command

        config = alembic_config(self.url)
        with self.engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            conn.commit()

    def current_revision(self) -> str | None:
        """The revision in Alembic's version table, or None when the database has none."""
        if self.dialect == "sqlite":
            exists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        else:
            exists = "SELECT to_regclass('alembic_version') IS NOT NULL"
        with self.read() if self._readers is not None else self.engine.connect() as conn:
            if not conn.exec_driver_sql(exists).scalar():
                return None
            rows = [row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
        if len(rows) > 1:
            raise DatabaseError(f"the database {self.safe_url} is at several revisions ({', '.join(rows)})")
        return rows[0] if rows else None

    def ensure_current(self) -> None:
        """Refuse to work on a database whose schema is missing or older than this code's."""
        head = migration_head()
        current = self.current_revision()
        if current != head:
            state = "has no chronicle schema" if current is None else f"is at revision {current}, not {head}"
            raise DatabaseError(f"the database {self.safe_url} {state}; run `chronicle db upgrade`")

    @property
    def safe_url(self) -> str:
        if self._readers is not None:
            return self.url  # a file's URL has no password to hide
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    def dispose(self) -> None:
        if self._readers is not None:
            self._readers.close()
        if self._engine is not None:
            self._engine.dispose()


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


@lru_cache(maxsize=1)
def migration_head() -> str:
    """The newest revision shipped in ``migrations/versions``.

    Read from the files' ``revision`` and ``down_revision`` lines: the one revision no other revises. Should
    the files not name exactly one such revision, Alembic decides (it then reports the problem itself)."""
    import migrations

    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (Path(migrations.__file__).parent / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            found = _QUOTED.findall(value)
            (revisions if name == "revision" else revised).update(found)
    heads = revisions - revised
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration, pointing at the migrations shipped with the package."""
    import migrations
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config
