"""``verify`` recomputes the chain and names the first position that fails."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import text

from tests.builders import fact, figure

VISIT = "The minister visited Minsk in May 2019"


@contextmanager
def triggers_disabled(chronicle):
    """What a superuser could do: change rows behind the triggers' back."""
    with chronicle.db.engine.begin() as conn:
        if chronicle.db.dialect == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            for table in ("events", "citations", "sources", "transactions"):
                for action in ("update", "delete"):
                    conn.execute(text(f"DROP TRIGGER {table}_no_{action}"))
        yield conn


def filled(chronicle, n=6):
    chronicle.append([fact("visit", f"{2000 + i}", ["BY", "KR"], VISIT) for i in range(n)])
    chronicle.append([figure("2019", 182e6, "In 2019 trade amounted to 182 million dollars")])
    return chronicle


def test_an_intact_chronicle_verifies(chronicle):
    report = filled(chronicle).verify()
    assert report.ok and report.checked == 7 and report.head_position == 7
    assert report.head_hash == chronicle.head().hash


def test_one_changed_byte_in_a_payload_is_found_at_its_position(chronicle):
    filled(chronicle)
    with triggers_disabled(chronicle) as conn:
        conn.execute(text("UPDATE events SET payload = REPLACE(payload, '2003', '2013') WHERE position = 4"))
    report = chronicle.verify()
    assert not report.ok and report.failed_position == 4 and "hash" in report.reason


def test_a_changed_derived_column_is_found(chronicle):
    filled(chronicle)
    with triggers_disabled(chronicle) as conn:
        conn.execute(text("UPDATE events SET date_text = '2099' WHERE position = 2"))
    report = chronicle.verify()
    assert report.failed_position == 2 and "date" in report.reason


def test_a_changed_citation_row_is_found(chronicle):
    filled(chronicle)
    with triggers_disabled(chronicle) as conn:
        conn.execute(text("UPDATE citations SET quote = 'something else' WHERE position = 5"))
    assert chronicle.verify().failed_position == 5


def test_a_deleted_event_is_a_gap(chronicle):
    filled(chronicle)
    with triggers_disabled(chronicle) as conn:
        conn.execute(text("DELETE FROM citations WHERE position = 3"))
        conn.execute(text("DELETE FROM events WHERE position = 3"))
    report = chronicle.verify()
    assert report.failed_position == 3 and "missing" in report.reason


def test_a_changed_source_text_is_found(chronicle):
    filled(chronicle)
    with triggers_disabled(chronicle) as conn:
        conn.execute(text("UPDATE sources SET text = text || 'x'"))
    report = chronicle.verify()
    assert not report.ok and report.failed_position is None and "source" in report.reason


def test_a_changed_parties_column_is_found(chronicle):
    filled(chronicle)
    with triggers_disabled(chronicle) as conn:
        conn.execute(text("UPDATE events SET parties = '|BY|CN|' WHERE position = 6"))
    report = chronicle.verify()
    assert report.failed_position == 6 and "parties" in report.reason


def test_a_changed_transaction_time_is_found(chronicle):
    filled(chronicle)
    last = chronicle.head()
    with triggers_disabled(chronicle) as conn:
        conn.execute(text("DELETE FROM transactions WHERE last_position = 7"))
        conn.execute(text("INSERT INTO transactions VALUES (7, 7, :t)"), {"t": last.recorded_at.replace(year=2000)})
    report = chronicle.verify()
    assert report.failed_position == 7 and "transaction" in report.reason
