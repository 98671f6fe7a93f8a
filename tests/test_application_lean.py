"""The lean append (Chronicle.append_unprojected): the events are recorded as by an ordinary append (checks,
hash chain, triggers) and their projection is left to the catch-up that every read of the projection runs
first, so a read right after it sees them exactly as after a projected append."""

from __future__ import annotations

import pytest

from chronicle.application import Chronicle
from chronicle.domain.events import EnvelopeError
from tests.builders import correction, fact, figure, retraction
from tests.projections.test_rebuild_property import dump
from tests.review.test_queue import OMAN, queued

VISIT = "The minister visited Minsk in May 2019"
TRADE = "In 2019 trade amounted to 182 million dollars"
BYKR = ["BY", "KR"]


def visit(**fields) -> dict:
    attributes = {"visitor": "The minister", "level": "minister", "from": "KR", "to": "BY"}
    return fact("visit", "2019-05", BYKR, VISIT, attributes=attributes, **fields)


def test_a_read_right_after_a_lean_append_sees_the_event(chronicle):
    summary = chronicle.append_unprojected([visit()])
    event_id = summary.results[0].id
    assert summary.appended == 1 and summary.head_position == 1
    assert chronicle.projector.behind() == 1  # recorded, not projected: left to the catch-up

    state = chronicle.state("BY", "KR")
    assert [v["event_ids"] for v in state["visits"]] == [[event_id]]
    assert chronicle.projector.behind() == 0
    assert [r["id"] for r in chronicle.search("minister")["results"]] == [event_id]

    corrected = chronicle.append_unprojected([correction(event_id, date="2019-06")])
    assert corrected.appended == 1 and chronicle.projector.behind() == 1
    assert [v["date"] for v in chronicle.state("BY", "KR")["visits"]] == ["2019-06"]
    assert chronicle.records.event(event_id)["status"] == "corrected"

    chronicle.append_unprojected([retraction(event_id)])
    assert chronicle.state("BY", "KR")["visits"] == []
    assert chronicle.projector.behind() == 0


def test_another_process_reading_after_lean_appends_catches_up(chronicle, database_url):
    ids = [chronicle.append_unprojected([e]).results[0].id
           for e in (visit(), figure("2019", 182e6, TRADE, full_source=False))]
    reader = Chronicle(database_url=database_url)  # a reader of its own, as another process would be
    try:
        state = reader.state("BY", "KR")
        assert [v["event_ids"] for v in state["visits"]] == [[ids[0]]]
        assert [f["event_ids"] for f in state["figures"]] == [[ids[1]]]
    finally:
        reader.close()
    assert chronicle.projector.behind() == 0


def test_a_refused_lean_append_writes_nothing(chronicle):
    chronicle.append_unprojected([visit()])
    bad = fact("visit", "2019-05", BYKR, "words the source does not hold", full_source=False)
    with pytest.raises(EnvelopeError):
        chronicle.append_unprojected([visit(idempotency_key="k"), bad])
    assert chronicle.head().position == 1
    assert chronicle.verify().ok


def test_lean_and_projected_appends_give_the_projection_a_replay_gives(chronicle):
    first = chronicle.append([visit(idempotency_key="v")]).results[0].id
    chronicle.append_unprojected([figure("2019", 182e6, TRADE, full_source=False)])
    chronicle.append_unprojected([correction(first, date="2019-06")])
    chronicle.append([visit(idempotency_key="v")])  # a duplicate: the projected append catches up what waits
    assert chronicle.projector.behind() == 0
    chronicle.append_unprojected([fact("visit", "2020", BYKR, VISIT, full_source=False)])
    chronicle.state("BY", "KR")
    projected = dump(chronicle)
    chronicle.rebuild()
    assert dump(chronicle) == projected
    report = chronicle.verify()
    assert report.ok and report.projection == "matches a replay"


def test_the_review_queue_sees_the_facts_of_lean_appends(chronicle):
    """The review queue plans a proposal against the projected facts: after a lean append it catches the
    projection up before it looks, so a fact told again is a corroboration, not a new fact."""
    (existing,) = chronicle.append_unprojected([OMAN]).results
    _, doc = queued(chronicle)
    (proposal,) = [p for p in doc["proposals"] if p["type"] == "relations.established"]
    assert proposal["plan"] == {"kind": "corroborates", "target": existing.id}
    chronicle.append_unprojected([visit()])
    (decision,) = chronicle.decide(proposal["id"], "accept", by="alice").decisions
    assert decision["outcome"] == "corroborated" and decision["target"] == existing.id
