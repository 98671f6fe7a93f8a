"""Bearer tokens: writes always need one, reads only when the server sets a read token."""

from __future__ import annotations

import pytest

from chronicle.config import Settings
from chronicle.tokens import TokenStore
from tests.api.conftest import AUTH
from tests.api.helpers import visit

WRITES = [
    ("/api/events", visit()),
    ("/api/events/{id}/retractions", {"reason": "wrong"}),
    ("/api/events/{id}/corrections", {"reason": "fix", "changes": {"date": "2019"}}),
    ("/api/events/{id}/citations", {"citation": {}}),
]


@pytest.fixture
def event_id(chronicle) -> str:
    return chronicle.append([visit()]).results[0].id


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_every_write_needs_a_write_token(client, chronicle, event_id, path, body):
    path = path.format(id=event_id)
    missing = client.post(path, json=body)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"] == "unauthorized"
    for header in ("Bearer wrong", f"Basic {AUTH['Authorization'].split()[1]}", "Bearer"):
        response = client.post(path, json=body, headers={"Authorization": header})
        assert response.status_code in (401, 403), header
    assert client.post(path, json=body, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert chronicle.head().position == 1


def test_created_tokens_grant_by_scope_until_revoked(make_client, chronicle):
    store = TokenStore(chronicle.db, Settings())
    writer, reader = store.create("ci", "write"), store.create("dashboard", "read")
    client = make_client(api_tokens=())
    assert client.post("/api/events", json=visit(), headers={"Authorization": f"Bearer {writer}"}).status_code == 201
    response = client.post("/api/events", json=visit(), headers={"Authorization": f"Bearer {reader}"})
    assert response.status_code == 403 and response.json()["detail"] == "the token does not allow writes"
    store.revoke(next(t.id for t in store.list() if t.name == "ci"))
    assert client.post("/api/events", json=visit(), headers={"Authorization": f"Bearer {writer}"}).status_code == 403


def test_with_no_write_token_configured_every_write_is_refused(make_client, chronicle):
    client = make_client(api_tokens=())
    TokenStore(chronicle.db, Settings()).create("reads only", "read")
    for headers in ({}, {"Authorization": "Bearer anything"}):
        response = client.post("/api/events", json=visit(), headers=headers)
        assert response.status_code == 403
        assert "no write token is configured" in response.json()["detail"]
    assert chronicle.head().position == 0


def test_reads_are_public_unless_a_read_token_is_set(make_client, chronicle, event_id):
    reads = ["/api/events", f"/api/events/{event_id}", f"/api/events/{event_id}/provenance", "/api/relations",
             "/api/relations/BY/KR", "/api/relations/BY/KR/timeline", "/api/sources", "/api/head"]
    public = make_client()
    assert all(public.get(path).status_code == 200 for path in reads)

    guarded = make_client(read_token="reader")
    stored_reader = TokenStore(chronicle.db, Settings()).create("dashboard", "read")
    for path in reads:
        assert guarded.get(path).status_code == 401, path
        assert guarded.get(path, headers={"Authorization": "Bearer nope"}).status_code == 403, path
        for token in ("reader", stored_reader, AUTH["Authorization"].split()[1]):
            assert guarded.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200, (path, token)
    assert guarded.get("/api/health").json() == {"status": "ok"}
    response = guarded.post("/api/events", json=visit(), headers={"Authorization": "Bearer reader"})
    assert response.status_code == 403
