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
            assert conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar_one() > 0
    assert recorded.verify().ok


EVENT_COLUMNS = (
    "position, id, type, date_text, date_start, date_end, target_id, parties, payload, recorded_at,"
    " idempotency_key, hash"
)
CITATION_COLUMNS = "position, ordinal, event_id, source_sha256, quote, span_start, span_end, ref_label, ref_title, ref_url"

# SQLite's conflict resolution deletes the recorded row without firing its DELETE trigger.
REPLACEMENTS = [
    "REPLACE INTO sources SELECT sha256, 'FORGED', publisher, 'https://phish.example/', published, language, text,"
    " recorded_at, authors FROM sources LIMIT 1",
    "INSERT OR REPLACE INTO sources SELECT sha256, title, publisher, url, published, language, 'forged text',"
    " recorded_at, authors FROM sources LIMIT 1",
    f"REPLACE INTO events ({EVENT_COLUMNS}) SELECT position, id, type, date_text, date_start, date_end, target_id,"
    " parties, payload || ' ', recorded_at, idempotency_key, hash FROM events LIMIT 1",
    # the same id at a new position: the row it collides with is found by its unique id
    f"INSERT OR REPLACE INTO events ({EVENT_COLUMNS}) SELECT position + 1000, id, type, date_text, date_start,"
    " date_end, target_id, parties, payload, recorded_at, idempotency_key, hash FROM events LIMIT 1",
    f"REPLACE INTO events ({EVENT_COLUMNS}) SELECT position + 1000, id || 'x', type, date_text, date_start,"
    " date_end, target_id, parties, payload, recorded_at, idempotency_key, hash FROM events"
    " WHERE idempotency_key IS NOT NULL LIMIT 1",
    f"REPLACE INTO citations ({CITATION_COLUMNS}) SELECT position, ordinal, event_id, source_sha256, 'changed',"
    " span_start, span_end, ref_label, ref_title, ref_url FROM citations LIMIT 1",
    "REPLACE INTO transactions SELECT last_position, first_position + 1, recorded_at FROM transactions LIMIT 1",
    "UPDATE OR REPLACE sources SET title = 'FORGED'",
]

# An upsert is an UPDATE of the recorded row, on both engines (SQLite needs the WHERE to parse it).
UPSERTS = [
    "INSERT INTO sources SELECT * FROM sources WHERE true ON CONFLICT (sha256) DO UPDATE SET url = 'https://phish.example/'",
    f"INSERT INTO events ({EVENT_COLUMNS}) SELECT {EVENT_COLUMNS} FROM events WHERE true"
    " ON CONFLICT (position) DO UPDATE SET payload = excluded.payload",
    f"INSERT INTO citations ({CITATION_COLUMNS}) SELECT {CITATION_COLUMNS} FROM citations WHERE true"
    " ON CONFLICT (position, ordinal) DO UPDATE SET quote = 'changed'",
    "INSERT INTO transactions SELECT * FROM transactions WHERE true"
    " ON CONFLICT (last_position) DO UPDATE SET first_position = 0",
]


def _snapshot(app) -> dict[str, list[tuple]]:
    with app.db.read() as conn:
        return {
            table: [tuple(row) for row in conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY 1, 2")]
            for table in ("events", "sources", "citations", "transactions")
        }


@pytest.mark.parametrize("statement", REPLACEMENTS)
def test_sqlite_replace_cannot_rewrite_records(recorded, statement):
    if recorded.db.dialect != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    recorded.append([fact("visit", "2019-06", ["BY", "KR"], "The minister visited Minsk in May 2019",
                          idempotency_key="k")])
    before = _snapshot(recorded)
    with pytest.raises(DBAPIError, match="append-only"):
        with recorded.db.engine.begin() as conn:
            conn.execute(text(statement))
    assert _snapshot(recorded) == before
    assert recorded.verify().ok


@pytest.mark.parametrize("statement", UPSERTS)
def test_an_upsert_cannot_rewrite_records(recorded, statement):
    before = _snapshot(recorded)
    with pytest.raises(DBAPIError, match="append-only"):
        with recorded.db.engine.begin() as conn:
            conn.execute(text(statement))
    assert _snapshot(recorded) == before


def test_appending_still_works_beside_the_insert_triggers(recorded):
    recorded.append([fact("visit", "2020", ["BY", "KR"], "The minister visited Minsk in May 2019")])
    with recorded.db.read() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM events").scalar_one() == 2
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


REVIEW_TABLES = ("review_documents", "review_proposals", "review_decisions", "source_texts")


@pytest.mark.parametrize("table", REVIEW_TABLES)
def test_sqlite_replace_cannot_rewrite_the_review_queue(chronicle, table):
    if chronicle.db.dialect != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    with chronicle.db.engine.begin() as conn:
        columns = [(row[1], row[2].upper()) for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")]
        values = [1 if "INT" in kind else "2026-12-02 00:00:00" if "DATETIME" in kind else f"{name}-1"
                  for name, kind in columns]
        conn.exec_driver_sql(f"INSERT INTO {table} VALUES ({', '.join('?' * len(values))})", tuple(values))
    with pytest.raises(DBAPIError, match="append-only"):
        with chronicle.db.engine.begin() as conn:
            conn.exec_driver_sql(f"REPLACE INTO {table} SELECT * FROM {table}")
    with chronicle.db.read() as conn:
        assert conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar_one() == 1


# The texts sync copies from another chronicle's attachments (migration 0011).
COPIED_TEXTS = {
    "UPDATE": ("both", "UPDATE replicated_source_texts SET text = 'changed'"),
    "DELETE": ("both", "DELETE FROM replicated_source_texts"),
    "an upsert": ("both", "INSERT INTO replicated_source_texts SELECT * FROM replicated_source_texts WHERE true"
                          " ON CONFLICT (source_sha256) DO UPDATE SET text = 'changed'"),
    "REPLACE": ("sqlite", "REPLACE INTO replicated_source_texts SELECT source_sha256, text_sha256, 'changed',"
                          " recorded_at FROM replicated_source_texts"),
    "INSERT OR REPLACE by the text's key": (
        "sqlite", "INSERT OR REPLACE INTO replicated_source_texts SELECT 'other', text_sha256, 'changed', recorded_at"
                  " FROM replicated_source_texts"),
    "TRUNCATE": ("postgresql", "TRUNCATE replicated_source_texts"),
}


@pytest.mark.parametrize("case", list(COPIED_TEXTS))
def test_a_copied_attached_text_cannot_be_changed_or_removed(chronicle, case):
    engine, statement = COPIED_TEXTS[case]
    if engine not in ("both", chronicle.db.dialect):
        pytest.skip(f"{case} is not {chronicle.db.dialect}'s")
    from chronicle.domain.clock import utc_now

    row = {"key": "a" * 64, "sha": "b" * 64, "text": "the copied text",
           "at": chronicle.recorder.dialect.encode_timestamp(utc_now())}
    with chronicle.db.engine.begin() as conn:  # an insert is how sync keeps one
        conn.execute(text("INSERT INTO replicated_source_texts VALUES (:key, :sha, :text, :at)"), row)
    with pytest.raises(DBAPIError, match="append-only"):
        with chronicle.db.engine.begin() as conn:
            conn.execute(text(statement))
    with chronicle.db.read() as conn:
        stored = conn.execute(text("SELECT source_sha256, text_sha256, text FROM replicated_source_texts")).all()
    assert [tuple(r) for r in stored] == [(row["key"], row["sha"], row["text"])]
