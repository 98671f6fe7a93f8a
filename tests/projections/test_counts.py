"""The pre-aggregated counts (relationship_counts) equal a naive replay at every position, after appends,
corrections and retractions, and the buckets of years cover each year once."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronicle.application import Chronicle
from chronicle.projections.counts import SPANS, prefix_buckets
from chronicle.projections.facts import fact_rows
from tests.histories import histories, write
from tests.oracle import replay


def expected_counts(events, known: int) -> Counter:
    """(relationship, counted, span, bucket) -> rows visible at ``known``, from the replayed versions."""
    out: Counter = Counter()
    for version in replay(events, known).values():
        for row in fact_rows(version):
            year = row.date_start.year
            out[(row.relationship, row.domain, 1, year)] += 1
            if row.section == "bodies" and row.role == "session":
                for span in SPANS:
                    out[(row.relationship, "session:" + row.item_key, span, year // span * span)] += 1
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories, batch=st.sampled_from([2, 3, 5000]))
def test_counts_equal_a_replay_at_every_position(fresh_database, history, batch):
    app = Chronicle(database_url=fresh_database())
    try:
        app.projector.BATCH = batch  # small batches: corrections meet rows of earlier batches
        write(app, history)
        events = app.events(limit=10_000)
        with app.db.read() as conn:
            stored = conn.exec_driver_sql("SELECT DISTINCT relationship, counted, span, bucket FROM relationship_counts")
            cells = {tuple(row) for row in stored}
        head = app.head().position
        for known in range(0, head + 1):
            expected = expected_counts(events, known)
            assert set(expected) <= cells  # every bucket with rows has versions
            by_relationship: dict[str, list[tuple[str, int, int]]] = {}
            for relationship, counted, span, bucket in sorted(cells):
                by_relationship.setdefault(relationship, []).append((counted, span, bucket))
            with app.db.read() as conn:
                for relationship, wanted in by_relationship.items():
                    served = app.states.counts(conn, relationship, wanted, known)
                    assert served == {
                        cell: expected[(relationship, *cell)] for cell in wanted if expected[(relationship, *cell)]
                    }
    finally:
        app.close()


def test_counts_follow_a_retraction_and_a_correction(fresh_database):
    from tests.builders import fact

    app = Chronicle(database_url=fresh_database())
    try:
        pair = ["BY", "KR"]
        first = app.append([fact("visit", "2001-05", pair, "held its first session in 2010") for _ in range(3)])
        ids = [r.id for r in first.results]
        retracted = app.append([{"type": "event.retracted", "target": ids[0], "reason": "test"}])
        moved = app.append([{"type": "event.corrected", "target": ids[1], "reason": "test",
                             "changes": {"date": "2003", "attributes": {"domain": "economic"}}}])
        cells = [("political", 1, 2001), ("economic", 1, 2003)]
        with app.db.read() as conn:
            at = {
                "appended": app.states.counts(conn, "BY:KR", cells, first.head_position),
                "retracted": app.states.counts(conn, "BY:KR", cells, retracted.head_position),
                "moved": app.states.counts(conn, "BY:KR", cells, moved.head_position),
            }
        assert at == {
            "appended": {("political", 1, 2001): 3},
            "retracted": {("political", 1, 2001): 2},
            "moved": {("political", 1, 2001): 1, ("economic", 1, 2003): 1},
        }
    finally:
        app.close()


@settings(max_examples=50, deadline=None)
@given(year=st.integers(1, 9999))
def test_the_buckets_before_a_year_cover_each_earlier_year_once(year):
    covered = Counter()
    buckets = prefix_buckets(year)
    for span, bucket in buckets:
        assert bucket % span == 0
        covered.update(range(bucket, bucket + span))
    assert covered == Counter(range(0, year))
    assert len(buckets) <= 9 * len(SPANS)
