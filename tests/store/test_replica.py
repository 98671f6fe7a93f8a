"""A replica appends another chronicle's events with the same ids, positions and hashes."""

from __future__ import annotations

import pytest

from chronicle.application import Chronicle
from chronicle.store.recorder import ReplicaError
from tests.builders import added_citation, correction, fact, figure, retraction

VISIT = "The minister visited Minsk in May 2019"
TRADE = "In 2019 trade amounted to 182 million dollars"


def feed_and_sources(app: Chronicle, after: int = 0):
    events = [e.to_json() for e in app.events(after=after, limit=10_000)]
    keys = {c["source"] for e in events for c in e.get("citations", []) + ([e["citation"]] if "citation" in e else [])}
    return events, {k: app.records.source(k) for k in keys}


@pytest.fixture
def pair(fresh_database):
    source, replica = Chronicle(database_url=fresh_database()), Chronicle(database_url=fresh_database())
    yield source, replica
    source.close()
    replica.close()


def test_a_replica_reproduces_the_chain_and_the_state(pair):
    source, replica = pair
    ids = [r.id for r in source.append([fact("visit", "2019-05", ["BY", "KR"], VISIT), figure("2019", 182e6, TRADE)]).results]
    source.append([correction(ids[1], date="2018"), added_citation(ids[0], VISIT), retraction(ids[0])])
    events, sources = feed_and_sources(source)
    replica.recorder.append_replicated(events[:2], sources)
    replica.recorder.append_replicated(events[2:], sources)
    replica.catch_up()
    assert replica.head() == source.head()
    assert [e.to_json() for e in replica.events()] == events
    assert replica.verify().ok
    assert replica.state("BY", "KR") == source.state("BY", "KR")


def test_a_tampered_event_is_refused_and_nothing_of_its_batch_is_kept(pair):
    source, replica = pair
    source.append([fact("visit", f"{2000 + i}", ["BY", "KR"], VISIT) for i in range(3)])
    events, sources = feed_and_sources(source)
    events[2]["date"] = "1999"
    with pytest.raises(ReplicaError) as caught:
        replica.recorder.append_replicated(events, sources)
    assert caught.value.position == 3
    assert replica.head().position == 0


def test_a_gap_or_a_missing_source_is_refused(pair):
    source, replica = pair
    source.append([fact("visit", f"{2000 + i}", ["BY", "KR"], VISIT) for i in range(3)])
    events, sources = feed_and_sources(source)
    with pytest.raises(ReplicaError, match="expected position 1"):
        replica.recorder.append_replicated(events[1:], sources)
    with pytest.raises(ReplicaError, match="neither stored here nor given"):
        replica.recorder.append_replicated(events, {})
    forged = {k: {**v, "text": v["text"] + "!"} for k, v in sources.items()}
    with pytest.raises(ReplicaError, match="does not have that key"):
        replica.recorder.append_replicated(events, forged)


def test_a_source_with_authors_replicates_with_its_key_and_digest(pair):
    source, replica = pair
    event = fact("visit", "2019", ["BY", "KR"], VISIT)
    event["citations"] = [{"source": {"title": "An interview", "url": "https://example.org/i", "authors": ["Lee, Joel"]},
                           "quote": "a quote that cannot be checked", "span": [0, 30]}]
    source.append([event, fact("visit", "2020", ["BY", "KR"], VISIT)])
    events, sources = feed_and_sources(source)
    replica.recorder.append_replicated(events, sources)
    assert replica.verify().ok and replica.verify().sources_digest == source.verify().sources_digest
    assert {s["sha256"]: s["authors"] for s in replica.records.sources()} == {
        s["sha256"]: s["authors"] for s in source.records.sources()}
