"""Fixtures shared by the whole suite.

The engine under test comes from ``CHRONICLE_TEST_DATABASE``: ``sqlite`` (the default) or a PostgreSQL URL
of a server where the tests may create databases (``postgresql://postgres@127.0.0.1:5432/postgres``).
Every test gets a fresh database migrated by Alembic: a copy of a migrated SQLite file, or a PostgreSQL
database created from a migrated template.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from chronicle.application import Chronicle
from chronicle.store.database import Database, engine_url

ENGINE = os.environ.get("CHRONICLE_TEST_DATABASE", "sqlite")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_report_header(config) -> str:
    shown = ENGINE if ENGINE == "sqlite" else make_url(engine_url(ENGINE)).render_as_string(hide_password=True)
    return f"chronicle test database: {shown}"


class _SQLiteFactory:
    def __init__(self, root: Path):
        self.root = root
        self.template = root / "template.db"
        db = Database(f"sqlite:///{self.template}")
        db.upgrade()
        db.dispose()
        self.counter = itertools.count()

    def create(self) -> str:
        path = self.root / f"test-{next(self.counter)}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        path = Path(make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        pass


class _PostgresFactory:
    def __init__(self, server_url: str):
        self.server = make_url(engine_url(server_url))
        self.admin = create_engine(self.server, isolation_level="AUTOCOMMIT")
        self.template = f"chronicle_tpl_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{self.template}"')
        db = Database(self.server.set(database=self.template).render_as_string(hide_password=False))
        db.upgrade()
        db.dispose()
        self.counter = itertools.count()

    def create(self) -> str:
        name = f"{self.template}_{next(self.counter)}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.server.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory) -> Iterator[_SQLiteFactory | _PostgresFactory]:
    if ENGINE == "sqlite":
        factory: _SQLiteFactory | _PostgresFactory = _SQLiteFactory(tmp_path_factory.mktemp("databases"))
    else:
        factory = _PostgresFactory(ENGINE)
    yield factory
    factory.close()


@pytest.fixture
def fresh_database(database_factory) -> Iterator[Callable[[], str]]:
    """Make as many fresh migrated databases as a test needs (hypothesis examples each take one)."""
    made: list[str] = []

    def make() -> str:
        url = database_factory.create()
        made.append(url)
        return url

    yield make
    for url in made:
        database_factory.drop(url)


@pytest.fixture
def database_url(fresh_database) -> str:
    return fresh_database()


@pytest.fixture
def chronicle(database_url) -> Iterator[Chronicle]:
    app = Chronicle(database_url=database_url)
    yield app
    app.close()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared folder is expected beside the project at {SHARED}")
    return SHARED
