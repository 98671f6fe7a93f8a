"""The database itself refuses to change or remove recorded events, sources and citations."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.builders import fact

STATEMENTS = [
    "UPDATE events SET type = 'visit'",
    "UPDATE events SET payload = payload || ' '",
    "DELETE FROM events",
    "UPDATE sources SET title = 'changed'",
    "DELETE FROM sources",
    "UPDATE citations SET quote = 'changed'",
    "DELETE FROM citations",
    "UPDATE transactions SET first_position = first_position + 1",
    "DELETE FROM transactions",
]


@pytest.fixture
def recorded(chronicle):
    chronicle.append([fact("visit", "2019-05", ["BY", "KR"], "The minister visited Minsk in May 2019")])
    return chronicle


@pytest.mark.parametrize("statement", STATEMENTS)
def test_raw_sql_cannot_change_or_delete_records(recorded, statement):
    with pytest.raises(DBAPIError, match="append-only"):
        with recorded.db.engine.begin() as conn:
            conn.execute(text(statement))
    with recorded.db.read() as conn:
        for table in ("events", "sources", "citations", "transactions"):
            assert conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one() > 0
    assert recorded.verify().ok


def test_truncate_is_refused_on_postgresql(recorded):
    if recorded.db.dialect != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    for table in ("events", "sources", "citations", "transactions"):
        with pytest.raises(DBAPIError, match="append-only"):
            with recorded.db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {table} CASCADE"))


def test_projection_tables_stay_writable_for_rebuilds(recorded):
    assert recorded.rebuild() == 1
