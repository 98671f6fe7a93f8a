"""POST and GET /api/events: appends with their error paths, the feed, its filters and long polls."""

from __future__ import annotations

import threading
import time

import pytest

from tests.api.conftest import AUTH
from tests.api.helpers import quoting, trade, visit
from tests.builders import correction, fact, retraction


def test_one_event_is_appended_and_read_back(client, chronicle):
    response = client.post("/api/events", json=visit(), headers=AUTH)
    assert response.status_code == 201
    result = response.json()
    assert set(result) == {"id", "position", "recorded_at", "duplicate"}
    assert result["position"] == 1 and result["duplicate"] is False
    stored = chronicle.events()[0]
    assert stored.id == result["id"]
    feed = client.get("/api/events").json()
    assert feed == {"events": [stored.to_json()], "next_after": 1, "last_position": 1}
    detail = client.get(f"/api/events/{result['id']}").json()
    assert detail["status"] == "original" and len(detail["citations_all"]) == 1


def test_a_batch_returns_one_result_per_event_and_is_all_or_nothing(client, chronicle):
    response = client.post("/api/events", json=[visit(), trade()], headers=AUTH)
    assert response.status_code == 201
    assert [r["position"] for r in response.json()] == [1, 2]
    bad = trade()
    bad["citations"][0]["quote"] = "not what the source says"
    response = client.post("/api/events", json=[trade(), bad, trade()], headers=AUTH)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid event"
    assert body["detail"][0]["index"] == 1 and body["detail"][0]["field"] == "citations.0.quote"
    assert chronicle.head().position == 2


def test_invalid_envelopes_name_the_field_and_the_index(client, chronicle):
    response = client.post("/api/events", json={"type": "visit", "date": "2019-13", "parties": ["BY"]}, headers=AUTH)
    assert response.status_code == 422
    fields = {e["field"]: e["reason"] for e in response.json()["detail"]}
    assert "month 13" in fields["date"] and "citations" in fields
    response = client.post("/api/events", json=[visit(), 42], headers=AUTH)
    assert response.json()["detail"] == [{"index": 1, "field": "", "reason": "an event must be a JSON object"}]
    response = client.post("/api/events", json=[], headers=AUTH)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "body"
    for content in (b"{not json", b'"a string"', b""):
        response = client.post(
            "/api/events", content=content, headers={**AUTH, "Content-Type": "application/json"}
        )
        assert response.status_code == 422, content
        assert response.json()["error"] == "invalid request"
    assert chronicle.head().position == 0


def test_the_idempotency_key_header_makes_a_retry_safe(client):
    headers = {**AUTH, "Idempotency-Key": "visit-1"}
    first = client.post("/api/events", json=visit(), headers=headers)
    again = client.post("/api/events", json=visit(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == {**first.json(), "duplicate": True}
    response = client.post("/api/events", json=visit("2020"), headers=headers)
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail["kind"] == "idempotency" and detail["event_id"] == first.json()["id"]
    assert "visit-1" in detail["message"]


def test_the_idempotency_key_header_applies_to_one_event_only(client):
    response = client.post("/api/events", json=[visit()], headers={**AUTH, "Idempotency-Key": "k"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "Idempotency-Key"
    response = client.post(
        "/api/events", json=visit(idempotency_key="a"), headers={**AUTH, "Idempotency-Key": "b"}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "idempotency_key"
    same = client.post("/api/events", json=visit(idempotency_key="a"), headers={**AUTH, "Idempotency-Key": "a"})
    assert same.status_code == 201
    in_body = client.post("/api/events", json=[visit(idempotency_key="a")], headers=AUTH)
    assert in_body.json() == [{**same.json(), "duplicate": True}]


def test_a_stale_expected_version_is_a_conflict(client, chronicle):
    assert client.post("/api/events", json=visit(expected_version=0), headers=AUTH).status_code == 201
    response = client.post("/api/events", json=[trade(), trade(expected_version=0)], headers=AUTH)
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail["kind"] == "version" and detail["index"] == 1
    assert detail["relationship"] == "BY:KR" and detail["current_version"] == 2 and detail["expected_version"] == 0
    assert chronicle.head().position == 1


def test_a_body_over_the_limit_is_refused_whether_announced_or_streamed(make_client, chronicle):
    client = make_client(max_body_bytes=2000)
    big = visit(actors=["x" * 3000])
    response = client.post("/api/events", json=big, headers=AUTH)
    assert response.status_code == 413
    assert response.json() == {"error": "content too large", "detail": "the request body is larger than 2000 bytes"}

    def chunks():  # no Content-Length: the limit applies to the bytes actually read
        for _ in range(10):
            yield b" " * 500

    response = client.post(
        "/api/events", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert chronicle.head().position == 0
    assert client.post("/api/events", json=visit(), headers=AUTH).status_code == 201


def test_the_feed_pages_by_position(client, chronicle):
    chronicle.append([visit(), *(trade(v) for v in (1e6, 2e6, 3e6, 4e6))])
    pages, after = [], 0
    while True:
        page = client.get("/api/events", params={"after": after, "limit": 2}).json()
        assert page["last_position"] == 5
        if not page["events"]:
            break
        pages.append([e["position"] for e in page["events"]])
        after = page["next_after"]
    assert pages == [[1, 2], [3, 4], [5]]
    assert after == 5
    ahead = client.get("/api/events", params={"after": 9}).json()
    assert ahead == {"events": [], "next_after": 9, "last_position": 5}


def test_the_feed_filters_by_party_type_and_date(client, chronicle):
    ids = [r.id for r in chronicle.append([
        visit("2019-05"),
        visit("2015", parties=("BY", "KP")),
        fact("restriction.imposed", "2022", ["KR", "BY"], "Export controls were imposed in 2022"),
    ]).results]
    chronicle.append([correction(ids[0], date="2018"), retraction(ids[1])])

    def positions(**query):
        response = client.get("/api/events", params=query)
        assert response.status_code == 200, response.text
        return [e["position"] for e in response.json()["events"]]

    assert positions(party="KP") == [2, 5]  # a correction concerns its target's parties
    assert positions(party="kr") == [1, 3, 4]
    assert positions(type=["visit", "event.retracted"]) == [1, 2, 5]
    assert positions(**{"from": "2019"}) == [1, 3, 4, 5]  # corrections have no date and pass
    assert positions(**{"from": "2016", "to": "2019-06"}) == [1, 4, 5]
    assert positions(to="2015-12-31", type="visit") == [2]
    page = client.get("/api/events", params={"party": "KP", "limit": 1}).json()
    assert page["next_after"] == 2
    page = client.get("/api/events", params={"party": "KP", "after": 2}).json()
    assert page["next_after"] == 5 and page["last_position"] == 5


def test_bad_feed_parameters_are_422_naming_them(client):
    for query, field in [
        ({"limit": 0}, "query.limit"),
        ({"limit": 1001}, "query.limit"),
        ({"after": -1}, "query.after"),
        ({"after": "x"}, "query.after"),
        ({"wait": 31}, "query.wait"),
        ({"party": "XX"}, "query.party"),
        ({"type": "visited"}, "query.type.0"),
        ({"from": "2019-02-30"}, "query.from"),
        ({"to": "soon"}, "query.to"),
    ]:
        response = client.get("/api/events", params=query)
        assert response.status_code == 422, query
        body = response.json()
        assert body["error"] == "invalid request" and body["detail"][0]["field"] == field, body


def _long_poll(client, query, out):
    out["response"] = client.get("/api/events", params=query)


def _wait_for_a_waiting_poll(client):
    signal = client.app.state.feed_signal
    deadline = time.monotonic() + 10
    while signal.waiting == 0:
        assert time.monotonic() < deadline, "the long poll never started waiting"
        time.sleep(0.01)


def test_a_long_poll_returns_as_soon_as_an_event_is_appended(client, chronicle):
    chronicle.append([visit()])
    out: dict = {}
    poll = threading.Thread(target=_long_poll, args=(client, {"after": 1, "wait": 30}, out))
    poll.start()
    _wait_for_a_waiting_poll(client)
    appended = client.post("/api/events", json=trade(), headers=AUTH).json()
    poll.join(timeout=20)
    assert not poll.is_alive(), "the long poll did not return when the event arrived"
    page = out["response"].json()
    assert [e["id"] for e in page["events"]] == [appended["id"]]
    assert page["next_after"] == 2


def test_a_long_poll_sees_appends_made_by_another_process(client, chronicle):
    """An append that does not go through this server (the CLI, another worker) is found by the recheck."""
    out: dict = {}
    poll = threading.Thread(target=_long_poll, args=(client, {"wait": 30, "type": "figure.reported"}, out))
    poll.start()
    _wait_for_a_waiting_poll(client)
    chronicle.append([visit()])  # not a figure: the poll goes on waiting
    chronicle.append([trade()])
    poll.join(timeout=20)
    assert not poll.is_alive()
    page = out["response"].json()
    assert [e["type"] for e in page["events"]] == ["figure.reported"]
    assert page["next_after"] == 2


def test_a_long_poll_with_nothing_new_returns_an_empty_page(client, chronicle):
    chronicle.append([visit()])
    page = client.get("/api/events", params={"after": 1, "wait": 0.1}).json()
    assert page == {"events": [], "next_after": 1, "last_position": 1}


def test_values_the_database_cannot_store_are_refused_as_invalid(client, chronicle):
    huge_span = quoting({"title": "metadata only"}, "a visit")
    huge_span["citations"][0]["span"] = [0, 2**70]
    nul_title = quoting({"title": "a title\x00"}, "a visit")
    for envelope in (huge_span, nul_title):
        response = client.post("/api/events", json=envelope, headers=AUTH)
        assert response.status_code == 422, response.text


def test_a_lean_server_answers_before_projecting_and_its_reads_see_every_event(make_client, chronicle):
    """CHRONICLE_LEAN_APPENDS: an append is committed when answered and left unprojected; the next read (the
    state, the relationships, a search) catches the projection up first."""
    client = make_client(lean_appends=True)
    first = client.post("/api/events", json=visit(), headers=AUTH)
    assert first.status_code == 201
    assert client.post("/api/events", json=[trade(), visit("2020")], headers=AUTH).status_code == 201
    assert chronicle.head().position == 3 and chronicle.projector.behind() == 3
    state = client.get("/api/relations/BY/KR").json()
    assert sorted(v["date"] for v in state["visits"]) == ["2019-05", "2020"]
    assert [f["event_ids"] for f in state["figures"]] == [[chronicle.events()[1].id]]
    assert chronicle.projector.behind() == 0
    retracted = client.post(f"/api/events/{first.json()['id']}/retractions", json={"reason": "wrong"}, headers=AUTH)
    assert retracted.status_code == 201 and chronicle.projector.behind() == 1
    assert [r["date"] for r in client.get("/api/search", params={"q": "minister"}).json()["results"]] == ["2020"]
    assert client.post("/api/events", json=visit("2021", parties=("BY", "XX")), headers=AUTH).status_code == 422
    assert chronicle.head().position == 4
