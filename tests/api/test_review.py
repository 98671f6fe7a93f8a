"""/api/review: the queue over HTTP — listing, deciding, the 409 of a second decision, the importer's record."""

from __future__ import annotations

from tests.api.conftest import AUTH
from tests.api.test_imports import ARTICLE as MEMO

ARTICLE = MEMO + (
    "\nIn 2018 the trade turnover between Belarus and the Republic of Korea amounted to $120 million.\n\n"
    "Belarus and Oman established diplomatic relations on 3 June 1993.\n"
)


def queue(client) -> dict:
    response = client.post("/api/imports", data={"text": ARTICLE}, headers=AUTH)
    assert response.status_code == 201, response.text
    return client.get(f"/api/review/{response.json()['document']}").json()


def test_the_queue_lists_documents_with_counts(client):
    doc = queue(client)
    (listed,) = client.get("/api/review").json()["documents"]
    assert listed["id"] == doc["id"] and listed["open"] == listed["proposals"] == len(doc["proposals"])


def test_decisions_need_a_write_token(client):
    doc = queue(client)
    proposal = doc["proposals"][0]["id"]
    assert client.post(f"/api/review/proposals/{proposal}", json={"action": "accept"}).status_code == 401
    assert client.post(f"/api/review/{doc['id']}/accept-rest").status_code == 401


def test_accepting_records_the_token_name_and_a_second_decision_is_409(client, chronicle):
    doc = queue(client)
    proposal = doc["proposals"][0]["id"]
    first = client.post(f"/api/review/proposals/{proposal}", json={"action": "accept"}, headers=AUTH)
    assert first.status_code == 200, first.text
    (decision,) = first.json()["decisions"]
    assert decision["decided_by"] == "CHRONICLE_API_TOKENS #1" and decision["outcome"] == "added"
    assert client.get(f"/api/events/{decision['event_id']}").status_code == 200
    second = client.post(f"/api/review/proposals/{proposal}", json={"action": "reject", "reason": "no"}, headers=AUTH)
    assert second.status_code == 409 and second.json()["error"] == "already decided"
    assert second.json()["detail"]["decisions"][0]["action"] == "accepted"
    assert chronicle.head().position == 1


def test_a_rejection_without_a_reason_is_422_and_the_record_counts_by_type(client):
    doc = queue(client)
    first, second = doc["proposals"][0], doc["proposals"][1]
    bad = client.post(f"/api/review/proposals/{first['id']}", json={"action": "reject"}, headers=AUTH)
    assert bad.status_code == 422
    client.post(f"/api/review/proposals/{first['id']}", json={"action": "reject", "reason": "not told"}, headers=AUTH)
    edited = client.post(f"/api/review/proposals/{second['id']}",
                         json={"action": "accept", "edits": {"date": "2017"}}, headers=AUTH)
    assert edited.status_code == 200, edited.text
    rest = client.post(f"/api/review/{doc['id']}/accept-rest", headers=AUTH)
    assert rest.status_code == 200
    record = client.get("/api/review/record").json()
    assert record["overall"]["rejected"] == 1 and record["overall"]["edited"] == 1
    assert record["by_type"][first["type"]]["rejected"] == 1
    assert record["open"] == 0
    assert client.get("/api/review/nope").status_code == 404
