"""``chronicle sync`` in-process: a replica follows another chronicle's API (a TestClient here)."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.replica import Replica, SyncError, Unavailable
from chronicle.application import Chronicle
from chronicle.config import Settings
from tests.api.conftest import AUTH, WRITE_TOKEN
from tests.api.helpers import OTHER_TRADE, quoting, trade, visit
from tests.builders import added_citation, correction, retraction


@pytest.fixture
def replica(fresh_database):
    app = Chronicle(database_url=fresh_database())
    yield app
    app.close()


@pytest.fixture
def source_client(chronicle) -> TestClient:
    return TestClient(create_app(Settings(api_tokens=(WRITE_TOKEN,)), chronicle))


def fill(chronicle: Chronicle) -> None:
    """Seven events citing three sources: one with text, one without, one with text cited later."""
    ids = [r.id for r in chronicle.append([visit(), trade(), quoting({"title": "No text here"}, "a visit")]).results]
    chronicle.append([
        correction(ids[1], date="2018"),
        added_citation(ids[1], OTHER_TRADE),
        quoting({"title": "Заметка", "text": "Визит министра."}, "Визит министра", date="2021"),
        retraction(ids[0]),
    ])


def assert_same(replica: Chronicle, source: Chronicle) -> None:
    assert replica.head() == source.head()
    assert [e.to_json() for e in replica.events()] == [e.to_json() for e in source.events()]
    assert replica.records.sources() == source.records.sources()
    assert replica.verify().ok
    assert replica.state("BY", "KR") == source.state("BY", "KR")


def test_a_replica_copies_events_sources_and_state(chronicle, source_client, replica):
    fill(chronicle)
    messages: list[str] = []
    appended = Replica(replica, source_client, batch=3, progress=messages.append).run()
    assert appended == 7
    assert messages == ["synced to position 3 of 7", "synced to position 6 of 7", "synced to position 7 of 7"]
    assert_same(replica, chronicle)
    chronicle.append([trade(1e6)])
    assert Replica(replica, source_client).run() == 1
    assert Replica(replica, source_client).run() == 0
    assert_same(replica, chronicle)


class FlakyClient(TestClient):
    """Drops the connection on its ``fail_at``-th request."""

    fail_at = 0
    calls = 0

    def get(self, *args, **kwargs):
        self.calls += 1
        if self.calls == self.fail_at:
            raise httpx.ConnectError("connection reset by peer")
        return super().get(*args, **kwargs)


def test_an_interrupted_sync_resumes_from_the_local_head(chronicle, replica):
    fill(chronicle)
    flaky = FlakyClient(create_app(Settings(), chronicle))
    flaky.fail_at = 5  # page 1, its source, page 2, its source, then the third page
    with pytest.raises(Unavailable, match="connection reset"):
        Replica(replica, flaky, batch=2).run()
    assert replica.head().position == 4
    assert replica.verify().ok
    flaky.fail_at = 0
    assert Replica(replica, flaky, batch=2).run() == 3
    assert_same(replica, chronicle)


class TamperingClient(TestClient):
    """Changes the date of the event at ``position`` in every page of the feed it passes on."""

    position = 0

    def get(self, url, *args, **kwargs):
        response = super().get(url, *args, **kwargs)
        if url != "/api/events":
            return response
        page = response.json()
        for event in page["events"]:
            if event["position"] == self.position:
                event["date"] = "1999"
        return httpx.Response(200, json=page, request=response.request)


def test_a_tampered_event_stops_the_sync_naming_its_position(chronicle, replica):
    fill(chronicle)
    tampering = TamperingClient(create_app(Settings(), chronicle))
    tampering.position = 3
    with pytest.raises(SyncError, match="^position 3: the event's hash does not follow"):
        Replica(replica, tampering, batch=2).run()
    assert replica.head().position == 2
    assert replica.verify().ok


def test_a_replica_with_other_events_is_refused(chronicle, source_client, replica):
    chronicle.append([visit(), trade()])
    replica.append([visit("2001")])
    with pytest.raises(SyncError, match="^position 1: the hash here differs"):
        Replica(replica, source_client).run()
    replica.append([trade(), trade(2e6)])
    with pytest.raises(SyncError, match="this chronicle is ahead of http://testserver .position 3 here, 2 there"):
        Replica(replica, source_client).run()
    assert replica.head().position == 3


def test_a_guarded_source_needs_a_read_token(chronicle, replica):
    fill(chronicle)
    app = create_app(Settings(api_tokens=(WRITE_TOKEN,), read_token="reader"), chronicle)
    with pytest.raises(SyncError, match=r"401 unauthorized: .*\(give a token with --token\)"):
        Replica(replica, TestClient(app)).run()
    assert Replica(replica, TestClient(app, headers={"Authorization": "Bearer reader"})).run() == 7
    assert_same(replica, chronicle)


def test_a_replica_serves_the_same_feed(chronicle, source_client, replica):
    fill(chronicle)
    Replica(replica, source_client).run()
    replica_client = TestClient(create_app(Settings(api_tokens=(WRITE_TOKEN,)), replica))
    assert replica_client.get("/api/events").json() == source_client.get("/api/events").json()
    assert replica_client.get("/api/head").json() == source_client.get("/api/head").json()
    # a replica's own write would fork it from its source: the next sync refuses to go on
    replica_client.post("/api/events", json=trade(5e6), headers=AUTH)
    chronicle.append([trade(6e6)])
    with pytest.raises(SyncError, match="^position 8: the hash here differs"):
        Replica(replica, source_client).run()
