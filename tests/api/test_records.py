"""Reads of one event, its provenance and corrections; relations, state, timeline, sources and the head."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from chronicle.domain.clock import format_timestamp
from tests.api.conftest import AUTH
from tests.api.helpers import CONTROLS, OTHER_TRADE, TRADE, quoting, trade, visit
from tests.builders import SOURCE_KEY, TEXT, citation, fact


@pytest.fixture
def ids(chronicle) -> list[str]:
    """A visit (position 1) and a figure (2) of BY–KR."""
    return [r.id for r in chronicle.append([visit(), trade()]).results]


def test_an_event_shows_every_citation_and_its_correction_status(client, ids):
    added = client.post(f"/api/events/{ids[1]}/citations", json={"citation": citation(OTHER_TRADE)}, headers=AUTH)
    assert added.status_code == 201 and added.json()["position"] == 3
    corrected = client.post(
        f"/api/events/{ids[1]}/corrections", json={"reason": "a later estimate", "changes": {"date": "2018"}},
        headers=AUTH,
    )
    assert corrected.status_code == 201
    event = client.get(f"/api/events/{ids[1]}").json()
    assert event["status"] == "corrected" and event["current"]["date"] == "2018"
    assert [(c["position"], c["quote"]) for c in event["citations_all"]] == [(2, TRADE), (3, OTHER_TRADE)]
    assert event["citations_all"][1]["recorded_at"] == added.json()["recorded_at"]
    retracted = client.post(f"/api/events/{ids[0]}/retractions", json={"reason": "misread"}, headers=AUTH)
    assert retracted.status_code == 201
    assert client.get(f"/api/events/{ids[0]}").json()["status"] == "retracted"
    correction = client.get(f"/api/events/{retracted.json()['id']}").json()
    assert correction["type"] == "event.retracted" and correction["target"] == ids[0]


def test_unknown_events_are_404_and_malformed_ids_422(client, ids):
    unknown = "01a20030-908a-7036-aad1-cd752ae2ad16"
    for path in (f"/api/events/{unknown}", f"/api/events/{unknown}/provenance"):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["error"] == "not found"
    assert client.post(f"/api/events/{unknown}/retractions", json={"reason": "x"}, headers=AUTH).status_code == 404
    for path in ("/api/events/nope", "/api/events/a%00b/provenance"):
        response = client.get(path)
        assert response.status_code == 422 and response.json()["detail"][0]["field"] == "path.event_id"
    assert client.get(f"/api/events/{ids[0].upper()}").json()["id"] == ids[0]


def test_corrections_take_their_target_from_the_path(client, chronicle, ids):
    for body in ({"reason": "x", "target": ids[0]}, {"reason": "x", "type": "event.corrected"}):
        response = client.post(f"/api/events/{ids[1]}/retractions", json=body, headers=AUTH)
        assert response.status_code == 422
        assert response.json()["detail"][0]["reason"] == "given by the path; leave it out of the body"
    response = client.post(f"/api/events/{ids[1]}/corrections", json={"reason": "x"}, headers=AUTH)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "changes"
    retraction = client.post(f"/api/events/{ids[1]}/retractions", json={"reason": "x"}, headers=AUTH).json()
    response = client.post(f"/api/events/{retraction['id']}/retractions", json={"reason": "x"}, headers=AUTH)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "target"
    assert chronicle.head().position == 3


def test_a_correction_is_idempotent_with_the_header(client, ids):
    headers = {**AUTH, "Idempotency-Key": "retract-visit"}
    first = client.post(f"/api/events/{ids[0]}/retractions", json={"reason": "x"}, headers=headers)
    again = client.post(f"/api/events/{ids[0]}/retractions", json={"reason": "x"}, headers=headers)
    assert again.json() == {**first.json(), "duplicate": True}
    other = client.post(f"/api/events/{ids[0]}/retractions", json={"reason": "y"}, headers=headers)
    assert other.status_code == 409 and other.json()["detail"]["kind"] == "idempotency"


def test_provenance_gives_each_source_with_the_text_around_the_quote(client, chronicle, ids):
    no_text = {"title": "A speech", "url": "https://example.org/speech"}
    cited = {**citation("182 million dollars", source=no_text), "reference": {"label": "[3]", "title": "Trade data"}}
    chronicle.append([{"type": "citation.added", "target": ids[1], "citation": cited}])
    provenance = client.get(f"/api/events/{ids[1]}/provenance").json()
    assert provenance["event"] == {"id": ids[1], "type": "figure.reported", "position": 2,
                                   "recorded_at": format_timestamp(chronicle.events()[1].recorded_at)}
    first, added = provenance["citations"]
    start, end = first["span"]
    assert first["quote"] == TRADE and first["position"] == 2
    assert first["context"] == {"before": TEXT[max(0, start - 300):start], "passage": TEXT[start:end],
                                "after": TEXT[end:end + 300]}
    assert first["context"]["before"] == TEXT[:start] and first["context"]["after"].startswith(". Another")
    (of_visit,) = client.get(f"/api/events/{ids[0]}/provenance").json()["citations"]
    start = of_visit["span"][0]
    assert start > 300 and of_visit["context"]["before"] == TEXT[start - 300:start]
    assert first["source"]["sha256"] == SOURCE_KEY and first["source"]["title"] == "A test article"
    assert first["source"]["recorded_at"] == format_timestamp(chronicle.events()[0].recorded_at)
    assert added["context"] is None and added["position"] == 3
    assert added["source"]["url"] == "https://example.org/speech" and added["source"]["has_text"] is False
    assert added["reference"] == {"label": "[3]", "title": "Trade data", "url": None}
    assert added["recorded_at"] == format_timestamp(chronicle.events()[2].recorded_at)


def test_provenance_context_stops_at_the_ends_of_the_text(client, chronicle):
    text = "Сеул, 2019. Визит министра состоялся в мае 2019 года."
    source = {"title": "Короткая заметка", "text": text}
    quote = "Сеул"
    event_id = chronicle.append([quoting(source, quote)]).results[0].id
    (only,) = client.get(f"/api/events/{event_id}/provenance").json()["citations"]
    assert only["context"] == {"before": "", "passage": "Сеул", "after": text[4:]}
    assert only["source"]["sha256"] == hashlib.sha256(text.encode()).hexdigest()


def test_a_correction_has_no_provenance_of_its_own(client, chronicle, ids):
    retraction = chronicle.append([{"type": "event.retracted", "target": ids[0], "reason": "x"}]).results[0]
    assert client.get(f"/api/events/{retraction.id}/provenance").json()["citations"] == []


def test_relations_list_the_relationships(client, chronicle, ids):
    chronicle.append([fact("visit", "2015", ["BY", "KP"], "The minister visited Minsk in May 2019")])
    relations = client.get("/api/relations").json()["relations"]
    assert relations == chronicle.records.relationships()
    assert [r["relationship"] for r in relations] == [["BY", "KR"], ["BY", "KP"]]
    assert relations[0]["events"] == 2 and relations[0]["last_event"] == "2019-05-01"


def test_the_state_is_the_same_json_as_the_cli(client, chronicle, ids):
    before = chronicle.events()[-1].recorded_at
    chronicle.append([{"type": "event.corrected", "target": ids[1], "reason": "x", "changes": {"date": "2021"}}])
    assert client.get("/api/relations/KR/BY").json() == chronicle.state("BY", "KR")
    then = client.get("/api/relations/BY/KR", params={"known_at": format_timestamp(before), "as_of": "2019-06"})
    assert then.json() == chronicle.state("BY", "KR", as_of="2019-06", known_at=before)
    assert then.json() != chronicle.state("BY", "KR", as_of="2019-06")
    limited = client.get("/api/relations/BY/KR", params={"limit": 1}).json()
    assert limited == chronicle.state("BY", "KR", limit=1)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/relations/BY/XX", "path.b"),
        ("/api/relations/ZZ/KR", "path.a"),
        ("/api/relations/BY/EAEU/timeline", "path"),
        ("/api/relations/BY/KR?as_of=2019-1", "query.as_of"),
        ("/api/relations/BY/KR?known_at=yesterday", "query.known_at"),
        ("/api/relations/BY/KR?limit=0", "query.limit"),
        ("/api/relations/BY/KR/timeline?domain=sports", "query.domain"),
        ("/api/relations/BY/KR/timeline?type=event.retracted", "query.type.0"),
        ("/api/relations/BY/KR/timeline?offset=-1", "query.offset"),
    ],
)
def test_bad_relation_parameters_are_422(client, path, field):
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


@pytest.mark.parametrize(
    "path",
    ["/api/relations/BY/BY", "/api/relations/KR/KR/timeline", "/api/relations/CN/CN/compare?from=2019",
     "/api/relations/BY/BY-HO", "/api/export?a=KR&b=KR"],
)
def test_a_relationship_of_a_state_with_itself_is_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404, response.text
    assert response.json()["error"] == "not found"
    assert "no relationship of a state with itself" in response.json()["detail"]


def test_the_timeline_filters_and_pages(client, chronicle, ids):
    chronicle.append([
        fact("restriction.imposed", "2022", ["BY", "KR"], CONTROLS),
        fact("mission.opened", "1997-12", ["BY", "KR"], "The embassy of Belarus in Seoul opened in December 1997",
             attributes={"kind": "embassy"}),
    ])

    def dates(**query):
        response = client.get("/api/relations/BY/KR/timeline", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["relationship"] == ["BY", "KR"]
        return [item["date"] for item in body["items"]]

    assert dates() == ["1997-12", "2019", "2019-05", "2022"]
    assert dates(**{"from": "2019-06", "to": "2022"}) == ["2019", "2022"]
    assert dates(type=["visit", "mission.opened"]) == ["1997-12", "2019-05"]
    assert dates(domain="economic") == ["2019"]
    assert dates(limit=2, offset=1) == ["2019", "2019-05"]
    assert dates(as_of="2019-05") == ["1997-12", "2019", "2019-05"]
    recorded = chronicle.events()[1].recorded_at
    assert dates(known_at=format_timestamp(recorded)) == ["2019", "2019-05"]
    assert dates(known_at=format_timestamp(recorded - timedelta(days=1))) == []


def test_sources_are_listed_and_read_with_their_text(client, chronicle, ids):
    chronicle.append([quoting({"title": "Другой", "text": "Визит."}, "Визит")])
    listed = client.get("/api/sources").json()
    assert listed["limit"] == 100 and [s["events"] for s in listed["sources"]] == [2, 1]
    assert client.get("/api/sources", params={"limit": 1, "offset": 1}).json()["sources"] == listed["sources"][1:]
    source = client.get(f"/api/sources/{SOURCE_KEY}").json()
    assert source["text"] == TEXT and source["title"] == "A test article"
    assert sorted(c["event_id"] for c in source["citations"]) == sorted(ids)
    without = client.get(f"/api/sources/{SOURCE_KEY}", params={"text": "false"}).json()
    assert "text" not in without and without["has_text"] is True
    assert client.get(f"/api/sources/{'0' * 64}").status_code == 404
    response = client.get("/api/sources/not-a-key")
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "path.sha256"


def test_the_head_is_the_last_event(client, chronicle, ids):
    head = client.get("/api/head").json()
    assert head == {**chronicle.head().to_json(), "sources": 1, "sources_digest": chronicle.verify().sources_digest}
    assert client.get("/api/head").json()["position"] == 2
