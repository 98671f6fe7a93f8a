"""A projection left behind the head (a crash between an append's commit and its projection) catches up by
itself: when a chronicle opens a read, when a server starts; and ``verify`` compares the projection with a
replay. The crash is simulated by appending without projecting (the checkpoint stays behind the head)."""

from __future__ import annotations

import warnings

import pytest
from sqlalchemy import text

from chronicle.application import Chronicle
from tests.builders import fact, figure, retraction
from tests.projections.test_rebuild_property import dump

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from chronicle.config import Settings  # noqa: E402

VISIT = "The minister visited Minsk in May 2019"
TRADE = "In 2019 trade amounted to 182 million dollars"


def _history(n: int) -> list[dict]:
    out = [fact("visit", "2019-05", ["BY", "KR"], VISIT, idempotency_key="v0")]
    out += [figure(str(1995 + i % 25), 1000 + i, TRADE, full_source=False, parties=("BY", ["KR", "CN", "IR"][i % 3]),
                   idempotency_key=f"f{i}") for i in range(n)]
    return out


@pytest.fixture
def crashed(database_url) -> str:
    """A chronicle whose last appends committed but were never projected: projected up to 31, head 91."""
    app = Chronicle(database_url=database_url)
    try:
        events = _history(90)
        app.append(events[:31])
        app.append(events[31:60], project=False)
        app.append(events[60:], project=False)
        assert app.projector.checkpoint() == 31 and app.head().position == 91
    finally:
        app.close()
    return database_url


def _replayed(database_url: str) -> dict:
    app = Chronicle(database_url=database_url)
    try:
        app.rebuild()
        return dump(app)
    finally:
        app.close()


@pytest.mark.parametrize("read", ["state", "relationships", "timeline", "sources"])
def test_a_read_catches_up_a_projection_behind_the_head(crashed, read):
    app = Chronicle(database_url=crashed)  # a restarted process
    try:
        if read == "state":
            figures = app.state("BY", "CN")["figures"]
            assert figures, "the state of BY-CN is empty"
        elif read == "relationships":
            counts = {tuple(r["relationship"]): r["events"] for r in app.records.relationships()}
            assert counts == {("BY", "KR"): 31, ("BY", "CN"): 30, ("BY", "IR"): 30}
        elif read == "timeline":
            from chronicle.domain.parties import Relationship

            assert len(app.records.timeline(Relationship.of("BY", "IR"), limit=1000)) == 30
        else:
            assert app.records.sources()[0]["events"] == 91
        assert app.projector.checkpoint() == app.head().position == 91
        projected = dump(app)
    finally:
        app.close()
    assert projected == _replayed(crashed)


def test_a_server_catches_up_when_it_starts(crashed):
    app = Chronicle(database_url=crashed)
    try:
        with TestClient(create_app(Settings(), app)) as client:
            assert app.projector.checkpoint() == 91  # before any request
            relations = client.get("/api/relations").json()
            assert sum(r["events"] for r in relations["relations"]) == 91
    finally:
        app.close()


def test_the_api_answers_from_a_caught_up_projection_without_a_restart(crashed):
    app = Chronicle(database_url=crashed)
    try:
        client = TestClient(create_app(Settings(), app))  # no lifespan: the read itself catches up
        body = client.get("/api/relations/BY/IR").json()
        assert body["figures"], "the state of BY-IR is empty"
        assert app.projector.checkpoint() == 91
    finally:
        app.close()


def test_verify_reports_how_far_the_projection_is_behind_and_that_it_matches_a_replay(crashed):
    app = Chronicle(database_url=crashed)
    try:
        report = app.verify()
        assert report.ok, report
        assert report.projection == "matches a replay" and report.projection_behind == 60
        assert app.projector.checkpoint() == 31, "verify changed the projection"
        app.ensure_projected()
        report = app.verify()
        assert report.ok and report.projection_behind == 0
    finally:
        app.close()


TAMPERING = {
    "relationship_facts": "DELETE FROM relationship_facts WHERE id = (SELECT MAX(id) FROM relationship_facts)",
    "relationship_summary": "UPDATE relationship_summary SET events = events + 1",
    "relationship_years": "DELETE FROM relationship_years WHERE year = 2000",
    "source_citations": "DELETE FROM source_citations WHERE position = 5",
}


@pytest.mark.parametrize("table", list(TAMPERING))
def test_verify_names_a_projection_table_that_differs_from_a_replay(database_url, table):
    app = Chronicle(database_url=database_url)
    try:
        events = _history(30)
        app.append(events)
        first = app.head().position
        app.append([retraction(app.events(0, 1)[0].id)])
        assert app.verify().ok
        before = dump(app)
        with app.db.engine.begin() as conn:
            conn.execute(text(TAMPERING[table]))
        report = app.verify()
        assert not report.ok and report.failed_position is None
        assert report.projection == "differs from a replay"
        assert report.reason == f"the projection differs from a replay of the events in {table}"
        assert report.checked == first + 1  # the chain itself is fine
        app.rebuild()
        assert dump(app) == before and app.verify().ok
    finally:
        app.close()


def test_an_append_completes_while_verify_replays_the_projection(database_url, monkeypatch):
    """verify's replay reads one snapshot and writes temporary tables only: an append (and its projection)
    made while the replay is under way commits, and the replay still compares what the snapshot held."""
    import threading

    from chronicle.projections.projector import Projector

    app = Chronicle(database_url=database_url)
    try:
        events = _history(40)
        app.append(events[:30])
        appended: list[object] = []
        replay = Projector.replay

        def append_meanwhile(self, conn, until):
            replay(self, conn, until)  # the replay's rows are in; its transaction is still open
            worker = threading.Thread(target=lambda: appended.append(app.append(events[30:])), daemon=True)
            worker.start()
            worker.join(timeout=60)  # a guard against a hang, not a measurement
            assert not worker.is_alive(), "the append waited for verify's replay"

        monkeypatch.setattr(Projector, "replay", append_meanwhile)
        report = app.verify()
        monkeypatch.undo()
        assert appended, "the append did not complete"
        assert report.ok, report
        assert report.projection == "matches a replay" and report.head_position == 30
        assert app.head().position == 41 and app.projector.checkpoint() == 41
        after = app.verify()
        assert after.ok and after.projection == "matches a replay" and after.head_position == 41
        assert dump(app) == _replayed_same(app)
    finally:
        app.close()


def _replayed_same(app: Chronicle) -> dict:
    app.rebuild()
    return dump(app)
