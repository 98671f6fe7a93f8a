"""Appending: positions, ids, idempotency, optimistic concurrency, atomic batches, sources and citations."""

from __future__ import annotations

import uuid

import pytest

from chronicle.application import Chronicle
from chronicle.domain.canonical import canonical_json, sha256_hex
from chronicle.domain.events import EnvelopeError
from chronicle.store.recorder import ConflictError
from tests.builders import SOURCE, SOURCE_KEY, TEXT, added_citation, citation, correction, fact, figure, retraction

VISIT = "The minister visited Minsk in May 2019"
TRADE = "In 2019 trade amounted to 182 million dollars"


def stream_versions(chronicle, keys: list[str]) -> dict[str, int]:
    """The version of each relationship's stream (0 for one without events)."""
    with chronicle.db.read() as conn:
        found = chronicle.recorder.fetch_streams(conn, keys)
    return {key: found.get(key, [0, 0])[0] for key in keys}


def count(chronicle: Chronicle, table: str) -> int:
    with chronicle.db.read() as conn:
        return conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar_one()


def visit(**fields):
    return fact("visit", "2019-05", ["BY", "KR"], VISIT, **fields)


def test_positions_are_gapless_and_ids_unique_across_appends(chronicle):
    first = chronicle.append([visit(), figure("2019", 182e6, TRADE)]).results
    second = chronicle.append([visit()]).results
    assert [r.position for r in first + second] == [1, 2, 3]
    ids = {r.id for r in first + second}
    assert len(ids) == 3 and all(uuid.UUID(i).version == 7 for i in ids)
    assert chronicle.head().position == 3


def test_a_batch_shares_one_recorded_at_and_transaction_time_never_goes_back(chronicle):
    first = chronicle.append([visit(), visit()]).results
    second = chronicle.append([visit()]).results
    assert first[0].recorded_at == first[1].recorded_at
    assert second[0].recorded_at >= first[0].recorded_at
    assert first[0].recorded_at.tzinfo is not None


def test_the_same_idempotency_key_returns_the_original_event(chronicle):
    original = chronicle.append([visit(idempotency_key="visit-1")]).results[0]
    again = chronicle.append([visit(idempotency_key="visit-1")]).results[0]
    assert again.duplicate and not original.duplicate
    assert (again.id, again.position, again.recorded_at) == (original.id, original.position, original.recorded_at)
    assert chronicle.head().position == 1


def test_idempotency_keys_are_durable_across_restarts(chronicle, database_url):
    original = chronicle.append([visit(idempotency_key="k")]).results[0]
    chronicle.close()
    reopened = Chronicle(database_url=database_url)
    try:
        again = reopened.append([visit(idempotency_key="k")]).results[0]
        assert again.duplicate and again.id == original.id
    finally:
        reopened.close()


def test_the_same_key_with_other_content_is_a_conflict_and_appends_nothing(chronicle):
    chronicle.append([visit(idempotency_key="k")])
    with pytest.raises(ConflictError) as caught:
        chronicle.append([figure("2019", 182e6, TRADE), fact("visit", "2018", ["BY", "KR"], VISIT, idempotency_key="k")])
    assert caught.value.kind == "idempotency" and caught.value.index == 1
    assert chronicle.head().position == 1


def test_a_key_repeated_inside_one_batch_is_one_event(chronicle):
    results = chronicle.append([visit(idempotency_key="k"), visit(idempotency_key="k")]).results
    assert results[1].duplicate and results[1].id == results[0].id
    assert chronicle.head().position == 1


def test_expected_version_guards_a_relationship_stream(chronicle):
    chronicle.append([visit(expected_version=0)])
    chronicle.append([visit(expected_version=1), visit(expected_version=2)])
    with pytest.raises(ConflictError) as caught:
        chronicle.append([visit(expected_version=2)])
    assert caught.value.kind == "version"
    assert caught.value.details == {"relationship": "BY:KR", "current_version": 3, "expected_version": 2}
    assert stream_versions(chronicle, ["BY:KR", "BY:CN"]) == {"BY:KR": 3, "BY:CN": 0}


def test_expected_version_for_an_event_of_several_relationships_is_a_mapping(chronicle):
    three = fact("meeting.held", "2019", ["BY", "KR", "CN"], VISIT)
    with pytest.raises(EnvelopeError, match="3 relationships"):
        chronicle.append([{**three, "expected_version": 0}])
    chronicle.append([{**three, "expected_version": {"BY:KR": 0, "BY:CN": 0}}])
    assert stream_versions(chronicle, ["BY:KR", "BY:CN", "CN:KR"]) == {"BY:KR": 1, "BY:CN": 1, "CN:KR": 1}
    with pytest.raises(EnvelopeError, match="does not belong"):
        chronicle.append([visit(expected_version={"BY:CN": 1})])


def test_an_invalid_event_anywhere_in_a_batch_appends_nothing(chronicle):
    chronicle.append([visit()])
    with pytest.raises(EnvelopeError) as caught:
        chronicle.append([visit(), visit(), fact("visit", "2019", ["BY", "KR"], "not in the text at all")])
    assert caught.value.index == 2
    assert caught.value.errors[0].field == "citations.0.quote"
    assert chronicle.head().position == 1
    for table, rows in (("events", 1), ("citations", 1), ("sources", 1), ("transactions", 1)):
        assert count(chronicle, table) == rows


def test_a_large_batch_is_atomic_across_chunks(chronicle):
    chronicle.recorder.CHUNK = 7
    batch = [visit() for _ in range(30)] + [fact("visit", "2019-02-30", ["BY", "KR"], VISIT)]
    with pytest.raises(EnvelopeError) as caught:
        chronicle.append(batch)
    assert caught.value.index == 30
    assert count(chronicle, "events") == 0 and count(chronicle, "sources") == 0
    assert chronicle.append(batch[:30]).results[-1].position == 30


def test_a_source_is_stored_once_by_the_sha256_of_its_text(chronicle):
    chronicle.append([visit(), figure("2019", 182e6, TRADE)])
    chronicle.append([fact("visit", "2019", ["BY", "KR"], VISIT, full_source=False)])
    with chronicle.db.read() as conn:
        rows = conn.exec_driver_sql("SELECT sha256, title, text FROM sources").all()
    assert rows == [(SOURCE_KEY, SOURCE["title"], TEXT)]


def test_a_source_without_text_is_keyed_by_its_metadata(chronicle):
    source = {"title": "Embassy page", "url": "https://example.org/embassy"}
    event = fact("visit", "2019", ["BY", "KR"], VISIT)
    event["citations"] = [{"source": source, "quote": "a quote that cannot be checked", "span": [0, 30]}]
    chronicle.append([event, event])
    assert count(chronicle, "sources") == 1


def test_a_source_keeps_its_authors_and_a_source_without_keeps_its_key(chronicle):
    page = {"title": "Embassy page", "url": "https://example.org/embassy"}
    # the key of a source without authors is what it was before sources had authors
    old_key = sha256_hex("meta\n" + canonical_json({**dict.fromkeys(
        ("title", "publisher", "url", "published", "language")), **page}))
    interview = {**page, "authors": ["Lee, Joel", "Yonhap"]}
    events = []
    for source in (page, interview):
        event = fact("visit", "2019", ["BY", "KR"], VISIT)
        event["citations"] = [{"source": source, "quote": "a quote that cannot be checked", "span": [0, 30]}]
        events.append(event)
    chronicle.append(events)
    sources = {s["sha256"]: s for s in chronicle.records.sources()}
    assert len(sources) == 2 and sources[old_key]["authors"] == []
    (new_key,) = set(sources) - {old_key}
    assert sources[new_key]["authors"] == ["Lee, Joel", "Yonhap"]
    assert chronicle.records.source(new_key)["authors"] == ["Lee, Joel", "Yonhap"]
    assert chronicle.verify().ok


def test_every_quote_must_be_found_at_its_span_when_the_text_is_stored(chronicle):
    moved = visit()
    moved["citations"][0]["span"] = [0, len(VISIT)]
    with pytest.raises(EnvelopeError, match="not the source's text at span"):
        chronicle.append([moved])
    beyond = visit()
    beyond["citations"][0]["span"] = [len(TEXT) - 5, len(TEXT) + 10]
    with pytest.raises(EnvelopeError, match="runs past the end"):
        chronicle.append([beyond])


def test_a_quote_may_normalize_white_space_and_line_break_hyphenation(chronicle):
    source_text = "Между Респуб-\nликой Беларусь и   Республикой Корея\nподписан договор в 2019 г."
    quote = "Между Республикой Беларусь и Республикой Корея подписан договор"
    event = fact("agreement.signed", "2019", ["BY", "KR"], VISIT)
    end = source_text.index("договор") + len("договор")
    event["citations"] = [{"source": {"title": "ru", "text": source_text}, "quote": quote, "span": [0, end]}]
    assert chronicle.append([event]).appended == 1


def test_a_citation_may_name_a_stored_source_by_key_only_if_it_exists(chronicle):
    with pytest.raises(EnvelopeError) as caught:
        chronicle.append([fact("visit", "2019", ["BY", "KR"], VISIT, full_source=False)])
    assert caught.value.errors[0].field == "citations.0.source.sha256"


def test_corrections_are_new_events_that_never_change_the_old_row(chronicle):
    fact_id = chronicle.append([figure("2019", 182e6, TRADE)]).results[0].id
    before = chronicle.recorder.get(fact_id)
    chronicle.append([correction(fact_id, figure={"metric": "trade.turnover", "value": 175e6, "unit": "USD"})])
    chronicle.append([added_citation(fact_id, "Another estimate put 2019 trade at 175 million dollars")])
    chronicle.append([retraction(fact_id)])
    assert chronicle.recorder.get(fact_id) == before
    detail = chronicle.records.event(fact_id)
    assert detail["status"] == "retracted"
    assert [c["type"] for c in detail["current"]["corrections"]] == ["event.corrected", "citation.added", "event.retracted"]
    assert len(detail["citations_all"]) == 2
    assert detail["current"]["figure"]["value"] == 175e6


def test_corrections_need_a_fact_that_is_still_standing(chronicle):
    missing = str(uuid.uuid4())
    with pytest.raises(EnvelopeError, match="no event has the id"):
        chronicle.append([retraction(missing)])
    fact_id = chronicle.append([visit()]).results[0].id
    retraction_id = chronicle.append([retraction(fact_id)]).results[0].id
    with pytest.raises(EnvelopeError, match="retracted"):
        chronicle.append([correction(fact_id, date="2018")])
    with pytest.raises(EnvelopeError, match="not a fact"):
        chronicle.append([retraction(retraction_id)])


def test_a_correction_may_target_a_fact_earlier_in_the_same_batch(chronicle):
    chronicle.recorder.CHUNK = 2
    first = chronicle.append([visit()]).results[0]
    batch = [figure("2019", 1e6, TRADE), visit(), correction(first.id, date="2019-06"), correction(first.id, date="2019-07")]
    chronicle.append(batch)
    assert chronicle.records.event(first.id)["current"]["date"] == "2019-07"


def test_corrected_attributes_are_validated_against_the_target_type(chronicle):
    fact_id = chronicle.append([visit()]).results[0].id
    with pytest.raises(EnvelopeError) as caught:
        chronicle.append([correction(fact_id, attributes={"level": "emperor"})])
    assert caught.value.errors[0].field == "changes.attributes.level"
    with pytest.raises(EnvelopeError, match="only figure.reported carries a figure"):
        chronicle.append([correction(fact_id, figure={"metric": "other", "value": 1, "unit": "count"})])
    chronicle.append([correction(fact_id, attributes={"level": "minister", "from": "kr"})])
    assert chronicle.records.event(fact_id)["current"]["attributes"] == {"level": "minister", "from": "KR"}


def test_events_are_read_in_position_order_by_party_and_type(chronicle):
    ids = [r.id for r in chronicle.append([
        visit(),
        fact("visit", "2019", ["BY-HO", "CN"], VISIT),
        figure("2019", 182e6, TRADE),
    ]).results]
    chronicle.append([retraction(ids[1])])
    assert [e.position for e in chronicle.events(after=1, limit=2)] == [2, 3]
    assert [e.position for e in chronicle.events(party="CN")] == [2, 4]
    assert [e.position for e in chronicle.events(party="BY-HO")] == [2, 4]
    assert [e.position for e in chronicle.events(party="by")] == [1, 2, 3, 4]
    assert [e.position for e in chronicle.events(types=["figure.reported", "event.retracted"])] == [3, 4]


def test_stored_events_carry_their_citations_in_the_payload(chronicle):
    chronicle.append([visit(attributes={"level": "minister"}, actors=["A Minister"])])
    event = chronicle.events()[0].to_json()
    assert event["citations"] == [
        {"source": SOURCE_KEY, "quote": VISIT, "span": citation(VISIT)["span"], "reference": None}
    ]
    assert event["attributes"] == {"level": "minister"} and event["actors"] == ["A Minister"]
    assert len(event["hash"]) == 64


def test_a_correction_may_name_its_target_by_idempotency_key(chronicle):
    chronicle.recorder.CHUNK = 2
    batch = [visit(idempotency_key="fact-1"), figure("2019", 1e6, TRADE),
             {"type": "event.corrected", "target": {"idempotency_key": "fact-1"}, "reason": "r", "changes": {"date": "2019-06"}}]
    results = chronicle.append(batch).results
    later = chronicle.append([{"type": "event.retracted", "target": {"idempotency_key": "fact-1"}, "reason": "r"}]).results
    assert chronicle.records.event(results[0].id)["status"] == "retracted"
    assert chronicle.recorder.get(later[0].id).body["target"] == results[0].id
    with pytest.raises(EnvelopeError) as caught:
        chronicle.append([{"type": "event.retracted", "target": {"idempotency_key": "nobody"}, "reason": "r"}])
    assert caught.value.errors[0].field == "target.idempotency_key"


def test_filtered_pages_look_at_a_bounded_window_and_say_where_to_go_on(chronicle):
    chronicle.append([visit() for _ in range(10)] + [fact("visit", "2019", ["BY", "CN"], VISIT)] + [visit() for _ in range(5)])
    events, next_after, head = chronicle.recorder.read_page(0, 5, scan=8, party="CN")
    assert (events, next_after, head) == ([], 8, 16)
    events, next_after, _ = chronicle.recorder.read_page(8, 5, scan=8, party="CN")
    assert [e.position for e in events] == [11] and next_after == 16
    events, next_after, _ = chronicle.recorder.read_page(0, 5)
    assert [e.position for e in events] == [1, 2, 3, 4, 5] and next_after == 5


def test_events_are_filtered_by_date_overlap(chronicle):
    chronicle.append([fact("visit", y, ["BY", "KR"], VISIT) for y in ("2015", "2016-03", "2017/2019")])
    from datetime import date

    positions = lambda **kw: [e.position for e in chronicle.recorder.read(**kw)]  # noqa: E731
    assert positions(date_from=date(2016, 3, 31)) == [2, 3]
    assert positions(date_to=date(2016, 2, 28)) == [1]
    assert positions(date_from=date(2018, 1, 1), date_to=date(2018, 1, 1)) == [3]


def test_a_fact_that_only_gained_a_citation_is_still_original(chronicle):
    fact_id = chronicle.append([figure("2019", 182e6, TRADE)]).results[0].id
    chronicle.append([added_citation(fact_id, "Another estimate put 2019 trade at 175 million dollars")])
    assert chronicle.records.event(fact_id)["status"] == "original"
    chronicle.append([correction(fact_id, date="2018")])
    assert chronicle.records.event(fact_id)["status"] == "corrected"


def test_a_read_far_past_the_head_is_empty_not_an_overflow(chronicle):
    chronicle.append([visit()])
    events, next_after, head = chronicle.recorder.read_page(2**63 - 10, 10, party="KR")
    assert (events, head) == ([], 1) and next_after == 2**63 - 10


def test_a_bulk_append_defers_the_checkpoint_and_keeps_every_event(chronicle):
    """A bulk append's commit leaves the write-ahead log for a later checkpoint (SQLite), and the connection
    goes back to the pool with SQLite's automatic checkpoint restored; the events are all there."""
    n = chronicle.recorder.CHUNK + 5
    events = [fact("visit", "2019-05", ["BY", "KR"], VISIT, idempotency_key=f"bulk-{i}") for i in range(n)]
    assert chronicle.append(events, project=False).appended == n
    assert count(chronicle, "events") == n
    if chronicle.db.dialect == "sqlite":
        for write in (chronicle.db.write, chronicle.db.lean_write):  # SQLAlchemy's pool, and the driver's
            with write() as conn:
                assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    assert chronicle.append([visit()]).results[0].position == n + 1
    assert chronicle.recorder.head().position == n + 1
