"""The review queue: proposals wait outside the record; decisions append atomic batches and are kept."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.exc import DBAPIError

from chronicle.review.queue import AlreadyDecided, ReviewError
from importers.reading.documents import document_from_text
from importers.queueing import queue_document

ARTICLE = (
    "---\ntitle: Minsk and Seoul sign a memorandum\npublisher: Test Agency\nurl: https://example.org/memo\n"
    "published: 2019-05-20\nlanguage: en\n---\n\n"
    "On 14 May 2019 the Foreign Ministers of Belarus and the Republic of Korea signed a memorandum of "
    "understanding on cooperation in education in Seoul.\n\n"
    "In 2018 the trade turnover between Belarus and the Republic of Korea amounted to $120 million.\n\n"
    "Belarus and Oman established diplomatic relations on 3 June 1993.\n"
)


def queued(chronicle, text=ARTICLE, by="alice"):
    report = queue_document(chronicle, document_from_text(text), "memo.md", by=by)
    return report, chronicle.review_document(report.document)


def test_queueing_stores_the_document_and_its_proposals_but_appends_nothing(chronicle):
    report, doc = queued(chronicle)
    assert report.queued and report.proposals == len(doc["proposals"]) >= 3
    assert chronicle.head().position == 0
    assert doc["text"] == ARTICLE and doc["title"] == "Minsk and Seoul sign a memorandum"
    first = doc["proposals"][0]
    assert doc["text"][first["span"][0]:first["span"][1]] == first["quote"]
    assert first["reasons"] and first["plan"] == {"kind": "new"} and first["decision"] is None
    listed = chronicle.review_documents()
    assert [(d["id"], d["proposals"], d["open"]) for d in listed] == [(report.document, report.proposals, report.proposals)]


def test_queueing_the_same_text_twice_adds_nothing(chronicle):
    first, _ = queued(chronicle)
    again, _ = queued(chronicle, by="bob")
    assert not again.queued and again.document == first.document
    assert len(chronicle.review_documents()) == 1


def test_accepting_appends_one_fact_citing_the_stored_document_and_records_who(chronicle):
    _, doc = queued(chronicle)
    proposal = doc["proposals"][0]
    result = chronicle.decide(proposal["id"], "accept", by="alice")
    (decision,) = result.decisions
    assert result.appended == 1 and decision["outcome"] == "added" and decision["decided_by"] == "alice"
    event = chronicle.records.event(decision["event_id"])
    citation = event["citations_all"][0]
    assert citation["quote"] == proposal["quote"]
    assert chronicle.records.source(citation["source"]["sha256"])["text"] == ARTICLE
    (kept,) = chronicle.review_history(doc["id"])
    assert kept["first_position"] == kept["last_position"] == chronicle.head().position
    assert kept["decided_by"] == "alice" and kept["action"] == "accepted"


def test_edit_and_accept_keeps_which_fields_changed(chronicle):
    _, doc = queued(chronicle)
    proposal = doc["proposals"][0]
    result = chronicle.decide(proposal["id"], "accept", by="alice", edits={"date": "2019-05-15"}, reason="typo")
    (decision,) = result.decisions
    assert decision["action"] == "edited" and decision["edited_fields"] == ["date"]
    event = chronicle.records.event(decision["event_id"])
    assert event["date"] == "2019-05-15"
    (kept,) = chronicle.review_history(doc["id"])
    assert kept["action"] == "edited" and kept["edited_fields"] == ["date"] and kept["reason"] == "typo"
    record = chronicle.importer_record()
    assert record["overall"]["edited"] == 1 and record["overall"]["fields"] == {"date": 1}


def test_an_invalid_edit_is_refused_and_nothing_is_recorded(chronicle):
    _, doc = queued(chronicle)
    proposal = doc["proposals"][0]
    with pytest.raises(ReviewError):
        chronicle.decide(proposal["id"], "accept", by="alice", edits={"date": "the fifth of never"})
    with pytest.raises(ReviewError):
        chronicle.decide(proposal["id"], "accept", by="alice", edits={"citations": []})
    assert chronicle.head().position == 0 and chronicle.review_history() == []


def test_a_rejection_needs_a_reason_appends_nothing_and_is_kept(chronicle):
    _, doc = queued(chronicle)
    proposal = doc["proposals"][1]
    with pytest.raises(ReviewError):
        chronicle.decide(proposal["id"], "reject", by="alice")
    chronicle.decide(proposal["id"], "reject", by="alice", reason="a plan, not a fact")
    assert chronicle.head().position == 0
    (kept,) = chronicle.review_history()
    assert (kept["action"], kept["reason"], kept["event_id"]) == ("rejected", "a plan, not a fact", None)


def test_accept_the_rest_is_one_batch_over_the_open_proposals(chronicle):
    _, doc = queued(chronicle)
    chronicle.decide(doc["proposals"][0]["id"], "reject", by="alice", reason="not told")
    result = chronicle.accept_rest(doc["id"], by="bob")
    assert len(result.decisions) == len(doc["proposals"]) - 1
    positions = {(d["first_position"], d["last_position"]) for d in chronicle.review_history() if d["action"] != "rejected"}
    assert positions == {(1, chronicle.head().position)}  # one atomic append
    assert chronicle.review_document(doc["id"])["open"] == 0
    with pytest.raises(ReviewError):
        chronicle.accept_rest(doc["id"], by="bob")
    record = chronicle.importer_record()
    assert record["overall"]["accepted"] == len(doc["proposals"]) - 1 and record["overall"]["rejected"] == 1


def test_deciding_twice_is_refused_and_appends_nothing_twice(chronicle):
    _, doc = queued(chronicle)
    proposal = doc["proposals"][0]
    chronicle.decide(proposal["id"], "accept", by="alice")
    head = chronicle.head()
    with pytest.raises(AlreadyDecided) as refused:
        chronicle.decide(proposal["id"], "reject", by="bob", reason="no")
    assert "alice" in str(refused.value)
    with pytest.raises(AlreadyDecided):
        chronicle.decide(proposal["id"], "accept", by="bob")
    assert chronicle.head() == head and len(chronicle.review_history()) == 1


def test_two_reviewers_at_once_exactly_one_decision_counts(chronicle, database_url):
    from chronicle.application import Chronicle

    _, doc = queued(chronicle)
    proposal = doc["proposals"][0]
    others = [Chronicle(database_url=database_url) for _ in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def decide(app, who, action):
        barrier.wait()
        try:
            app.decide(proposal["id"], action, by=who, reason="why" if action == "reject" else None)
            outcomes.append(("ok", who))
        except AlreadyDecided:
            outcomes.append(("refused", who))

    threads = [threading.Thread(target=decide, args=(others[0], "alice", "accept")),
               threading.Thread(target=decide, args=(others[1], "bob", "reject"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for app in others:
        app.close()
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    (kept,) = chronicle.review_history()
    winner = next(who for kind, who in outcomes if kind == "ok")
    assert kept["decided_by"] == winner
    assert chronicle.head().position == (1 if winner == "alice" else 0)


def test_the_queue_tables_are_append_only(chronicle):
    queued(chronicle)
    for table in ("review_documents", "review_proposals"):
        with pytest.raises(DBAPIError), chronicle.db.write() as conn:
            conn.exec_driver_sql(f"DELETE FROM {table}")
    _, doc = queued(chronicle)
    chronicle.decide(doc["proposals"][0]["id"], "reject", by="alice", reason="no")
    with pytest.raises(DBAPIError), chronicle.db.write() as conn:
        conn.exec_driver_sql("UPDATE review_decisions SET action = 'accepted'")


# A fact the queued ARTICLE tells too, recorded from another source (metadata only).
OMAN = {
    "type": "relations.established", "date": "1993-06-03", "parties": ["BY", "OM"],
    "citations": [{"source": {"title": "A register of relations"}, "quote": "Oman, 3 June 1993", "span": [0, 17]}],
}


def test_a_proposal_telling_a_fact_already_recorded_is_a_corroboration(chronicle):
    chronicle.append([OMAN])
    (existing,) = chronicle.events()
    _, doc = queued(chronicle)
    (proposal,) = [p for p in doc["proposals"] if p["type"] == "relations.established"]
    assert proposal["plan"] == {"kind": "corroborates", "target": existing.id}
    (decision,) = chronicle.decide(proposal["id"], "accept", by="alice").decisions
    assert decision["outcome"] == "corroborated" and decision["target"] == existing.id
    last = chronicle.events()[-1]
    assert last.id == decision["event_id"] and last.type == "citation.added" and last.body["target"] == existing.id
    assert len(chronicle.records.event(existing.id)["citations_all"]) == 2
