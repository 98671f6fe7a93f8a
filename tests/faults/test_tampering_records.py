"""Every stored byte a reader sees, changed behind the chronicle's back: source metadata, metadata-only
sources, source digests, citations, transactions, a truncated chain. ``chronicle verify`` names each (and,
against a witness, what no local check can see); a replica refuses forged sources.

As in test_tampering.py the change is made as a superuser would: on SQLite the table's triggers are dropped,
on PostgreSQL the session skips triggers (``session_replication_role = replica``).
"""

from __future__ import annotations

import warnings

import pytest

from chronicle.application import Chronicle
from chronicle.witness import compare
from tests.api.helpers import OTHER_TRADE, quoting, trade, visit
from tests.builders import SOURCE_KEY, added_citation
from tests.faults.helpers import chronicle as run_chronicle

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from api.replica import Replica, SyncError  # noqa: E402
from chronicle.config import Settings  # noqa: E402

META_ONLY = {"title": "A report known by its title", "publisher": "An agency", "url": "https://example.org/r"}


def _fill(app: Chronicle) -> None:
    ids = [r.id for r in app.append([visit(), trade(), quoting(META_ONLY, "a visit")]).results]
    app.append([added_citation(ids[1], OTHER_TRADE)])
    app.append([trade(175e6, idempotency_key="t2")])


def tamper(app: Chronicle, table: str, statement: str, params: tuple = ()) -> None:
    with app.db.engine.connect() as conn:
        if app.db.dialect == "sqlite":
            names = [r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,))]
            for name in names:
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
            conn.exec_driver_sql(statement, params)
        else:
            conn.exec_driver_sql("SET session_replication_role = replica")
            conn.exec_driver_sql(statement.replace("?", "%s"), params)
            conn.exec_driver_sql("SET session_replication_role = DEFAULT")
        conn.commit()


@pytest.fixture
def app(database_url):
    chronicle = Chronicle(database_url=database_url)
    _fill(chronicle)
    report = chronicle.verify()
    assert report.ok, report
    yield chronicle
    chronicle.close()


META_KEY_SQL = "(SELECT sha256 FROM sources WHERE text IS NULL)"

# name -> (table, statement, what the reason says, the position verify names or None)
CASES = {
    "a text source's url": ("sources", f"UPDATE sources SET url = 'https://phish.example/' WHERE sha256 = '{SOURCE_KEY}'",
                            "metadata is not what was recorded", None),
    "a text source's title": ("sources", f"UPDATE sources SET title = 'FORGED' WHERE sha256 = '{SOURCE_KEY}'",
                              "metadata is not what was recorded", None),
    "a text source's publisher": ("sources", f"UPDATE sources SET publisher = NULL WHERE sha256 = '{SOURCE_KEY}'",
                                  "metadata is not what was recorded", None),
    "a text source's date": ("sources", f"UPDATE sources SET published = '1999' WHERE sha256 = '{SOURCE_KEY}'",
                             "metadata is not what was recorded", None),
    "a text source's language": ("sources", f"UPDATE sources SET language = 'ru' WHERE sha256 = '{SOURCE_KEY}'",
                                 "metadata is not what was recorded", None),
    "a text source's authors": (
        "sources", f"UPDATE sources SET authors = '[\"Forger, A.\"]' WHERE sha256 = '{SOURCE_KEY}'",
        "metadata is not what was recorded", None),
    "a metadata-only source's authors": (
        "sources", f"UPDATE sources SET authors = '[\"Forger, A.\"]' WHERE sha256 = {META_KEY_SQL}",
        "whose SHA-256 is not its key", None),
    "a text source's text": ("sources", f"UPDATE sources SET text = text || ' ' WHERE sha256 = '{SOURCE_KEY}'",
                             "SHA-256 is not its key", None),
    "a metadata-only source's title": ("sources", f"UPDATE sources SET title = 'FORGED' WHERE sha256 = {META_KEY_SQL}",
                                       "whose SHA-256 is not its key", None),
    "a metadata-only source given a text": (
        "sources", f"UPDATE sources SET text = 'forged' WHERE sha256 = {META_KEY_SQL}", "SHA-256 is not its key", None),
    "a source's digest, deleted": ("source_digests", f"DELETE FROM source_digests WHERE sha256 = '{SOURCE_KEY}'",
                                   "has no digest", None),
    "a source's digest, rewritten": (
        "source_digests", f"UPDATE source_digests SET digest = '{'0' * 64}' WHERE sha256 = '{SOURCE_KEY}'",
        "metadata is not what was recorded", None),
    "a digest without a source": ("source_digests", f"INSERT INTO source_digests VALUES ('{'a' * 64}', '{'b' * 64}')",
                                  "has a digest but is not stored", None),
    "a citation's quote": ("citations", "UPDATE citations SET quote = 'forged' WHERE position = 2",
                           "citation rows disagree", 2),
    "a citation's reference url": ("citations", "UPDATE citations SET ref_url = 'https://phish.example/' WHERE position = 4",
                                   "citation rows disagree", 4),
    "a citation's source": ("citations", f"UPDATE citations SET source_sha256 = {META_KEY_SQL} WHERE position = 1",
                            "citation rows disagree", 1),
    "a citation, deleted": ("citations", "DELETE FROM citations WHERE position = 3", "citation rows disagree", 3),
    "a transaction's time": ("transactions", "UPDATE transactions SET recorded_at = '2001-01-01 00:00:00' "
                             "WHERE last_position = 4", "recorded_at disagrees with its transaction", 4),
    "a transaction, deleted": ("transactions", "DELETE FROM transactions WHERE last_position = 4",
                               "recorded_at disagrees with its transaction", 4),
    "a transaction over another": ("transactions", "INSERT INTO transactions SELECT 2, 1, recorded_at FROM transactions"
                                   " WHERE last_position = 3", "two transactions record this position", None),
    "the last event, deleted (its transaction is an orphan)": ("events", "DELETE FROM events WHERE position = 5",
                                                               "orphan", 5),
}


@pytest.mark.parametrize("case", list(CASES))
def test_verify_names_every_change_of_a_stored_record(app, database_url, case):
    table, statement, reason, position = CASES[case]
    if app.db.dialect == "postgresql":
        statement = statement.replace("'2001-01-01 00:00:00'", "'2001-01-01 00:00:00+00'")
    tamper(app, table, statement)
    report = app.verify()
    assert not report.ok, f"verify did not see {case}"
    assert reason in report.reason
    if position is not None:
        assert report.failed_position == position


def test_the_command_names_a_forged_source(app, database_url):
    tamper(app, "sources", f"UPDATE sources SET url = 'https://phish.example/' WHERE sha256 = '{SOURCE_KEY}'")
    result = run_chronicle(database_url, "verify")
    assert result.returncode == 1
    assert f"verification failed at sources: source {SOURCE_KEY}: its metadata is not what was recorded" in result.stderr


def test_the_head_carries_the_sources_digest_that_verify_recomputes(app):
    client = TestClient(create_app(Settings(), app))
    head = client.get("/api/head").json()
    report = app.verify()
    assert (head["position"], head["hash"]) == (report.head_position, report.head_hash)
    assert (head["sources"], head["sources_digest"]) == (2, report.sources_digest)
    pinned = client.get("/api/head", params={"at": 3}).json()
    assert pinned["position"] == 3 and pinned["hash"] == app.events(2, 1)[0].hash
    assert client.get("/api/head", params={"at": 99}).status_code == 404


@pytest.fixture
def witness(fresh_database, app):
    """A replica of ``app`` and an API client over it."""
    replica = Chronicle(database_url=fresh_database())
    Replica(replica, TestClient(create_app(Settings(), app))).run()
    yield replica, TestClient(create_app(Settings(), replica))
    replica.close()


def test_a_truncated_chain_is_named_against_a_witness(app, witness):
    replica, replica_client = witness
    assert compare(app, "replica", client=replica_client).ok
    tamper(app, "events", "DELETE FROM events WHERE position = 5")
    tamper(app, "transactions", "DELETE FROM transactions WHERE last_position = 5")
    report = app.verify()
    assert not report.ok and "past the end of the chain (4)" in report.reason  # the projection saw it
    app.rebuild()  # a careful forger rebuilds the projection too
    assert app.verify().ok  # and nothing local shows it
    found = compare(app, "replica", client=replica_client)
    assert not found.ok and "ahead" in found.reason and found.compared_at == 4
    assert compare(app, "replica", client=replica_client, may_lag=True).ok  # as a replica it may lag


def test_a_rehashed_chain_is_named_against_a_witness(app, witness, database_url):
    replica, replica_client = witness
    with app.db.read() as conn:
        payload = conn.exec_driver_sql("SELECT payload FROM events WHERE position = 5").scalar_one()
    # the last event rewritten with a hash that matches its new content: the local chain checks
    from chronicle.domain.canonical import chain_hash

    changed = payload.replace("175000000", "999000000")
    prev = app.events(3, 1)[0].hash
    stored = app.events(4, 1)[0]
    tamper(app, "events", "UPDATE events SET payload = ?, hash = ? WHERE position = 5",
           (changed, chain_hash(prev, stored.header(), changed)))
    assert app.verify(projection=False).ok
    found = compare(app, "replica", client=replica_client)
    assert not found.ok and found.reason.startswith("position 5: the hash here differs")


def test_forged_metadata_matched_by_a_forged_digest_is_named_against_a_witness(app, witness):
    replica, replica_client = witness
    from chronicle.domain.clock import format_timestamp
    from chronicle.domain.sources import source_digest

    with app.db.read() as conn:
        row = conn.exec_driver_sql(
            f"SELECT title, publisher, published, language, recorded_at FROM sources WHERE sha256 = '{SOURCE_KEY}'"
        ).one()
    recorded = format_timestamp(app.recorder.dialect.decode_timestamp(row[4]))
    forged = source_digest(SOURCE_KEY, row[0], row[1], "https://phish.example/", row[2], row[3], recorded)
    tamper(app, "sources", f"UPDATE sources SET url = 'https://phish.example/' WHERE sha256 = '{SOURCE_KEY}'")
    tamper(app, "source_digests", f"UPDATE source_digests SET digest = '{forged}' WHERE sha256 = '{SOURCE_KEY}'")
    assert app.verify().ok
    found = compare(app, "replica", client=replica_client)
    assert not found.ok and "sources differ" in found.reason


def test_a_replica_refuses_sources_whose_metadata_was_forged(app, fresh_database):
    tamper(app, "sources", f"UPDATE sources SET url = 'https://phish.example/' WHERE sha256 = '{SOURCE_KEY}'")
    replica = Chronicle(database_url=fresh_database())
    try:
        with pytest.raises(SyncError, match="do not match its head's digest"):
            Replica(replica, TestClient(create_app(Settings(), app))).run()
    finally:
        replica.close()
