"""A single byte of a stored event changed behind the chronicle's back: ``chronicle verify`` names its position.

The change is made as a superuser would, with the immutability triggers out of the way: on SQLite the
trigger is dropped; on PostgreSQL the session runs with ``session_replication_role = replica``, which skips
triggers.
"""

from __future__ import annotations

import orjson
import pytest

from chronicle.application import Chronicle
from tests.builders import fact, figure
from tests.faults.helpers import chronicle

TAMPERED = 7


def _chronicle_of(database_url: str) -> Chronicle:
    app = Chronicle(database_url=database_url)
    envelopes = [figure(str(1990 + i), 1000 + i, "In 2019 trade amounted to 182 million dollars",
                        idempotency_key=f"f-{i}") for i in range(12)]
    envelopes[0] = fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019", idempotency_key="v")
    for i in range(0, len(envelopes), 4):  # a few transactions
        app.append(envelopes[i : i + 4])
    return app


def _flip(text: str, at: int) -> str:
    """The text with the character at ``at`` replaced by another of the same byte length."""
    old = text[at]
    new = "1" if old == "0" else "0" if old.isdigit() else "b" if old == "a" else "a"
    return text[:at] + new + text[at + 1 :]


def _update(app: Chronicle, column: str, value: str, position: int) -> None:
    with app.db.engine.connect() as conn:
        if app.db.dialect == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER events_no_update")
            conn.exec_driver_sql(f"UPDATE events SET {column} = ? WHERE position = ?", (value, position))
        else:
            conn.exec_driver_sql("SET session_replication_role = replica")
            conn.exec_driver_sql(f"UPDATE events SET {column} = %s WHERE position = %s", (value, position))
            conn.exec_driver_sql("SET session_replication_role = DEFAULT")
        conn.commit()


@pytest.mark.parametrize("column", ["payload", "hash", "idempotency_key", "id"])
def test_verify_names_the_position_of_a_changed_byte(database_url, column):
    app = _chronicle_of(database_url)
    try:
        assert app.verify().ok
        with app.db.read() as conn:
            stored = conn.exec_driver_sql(
                app.recorder.dialect.sql(f"SELECT {column} FROM events WHERE position = ?"), (TAMPERED,)
            ).scalar_one()
        if column == "payload":  # a digit of the figure's value, inside otherwise valid canonical JSON
            at = stored.index('"value":') + len('"value":') + 1
            assert orjson.loads(_flip(stored, at))  # still JSON
        else:
            at = len(stored) // 2
        changed = _flip(stored, at)
        assert len(changed.encode()) == len(stored.encode()) and changed != stored
        _update(app, column, changed, TAMPERED)

        report = app.verify()
        assert not report.ok
        assert report.failed_position == TAMPERED
        assert report.checked == TAMPERED - 1
        result = chronicle(database_url, "verify")
        assert result.returncode == 1
        assert f"position {TAMPERED}" in result.stderr
        assert orjson.loads(result.stdout)["failed_position"] == TAMPERED
    finally:
        app.close()
