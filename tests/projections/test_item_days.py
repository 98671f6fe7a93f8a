"""Each item's visible days (relationship_item_days) equal a naive replay at every position, after appends,
corrections and retractions in batches of any size; their spans are disjoint and do not touch."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronicle.application import Chronicle
from chronicle.projections.facts import fact_rows
from chronicle.projections.item_days import DAY_SECTIONS, union
from chronicle.store.dialect import INFINITE_POSITION
from tests.builders import correction, figure, retraction
from tests.histories import histories, write
from tests.oracle import replay


def expected_days(events, known: int) -> set[tuple[str, str, str, str]]:
    """(relationship, section, item, day) with a row visible at ``known``, from the replayed versions."""
    return {
        (row.relationship, row.section, row.item_key, row.date_start.isoformat())
        for version in replay(events, known).values()
        for row in fact_rows(version)
        if row.section in DAY_SECTIONS
    }


def stored_spans(app) -> dict[tuple[str, str, str, str], list[tuple[int, int]]]:
    with app.db.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT relationship, section, item_key, date_start, tx_from, tx_to FROM relationship_item_days"
            " ORDER BY relationship, section, item_key, date_start, tx_from"
        ).all()
    spans: dict[tuple[str, str, str, str], list[tuple[int, int]]] = {}
    for relationship, section, key, day, tx_from, tx_to in rows:
        day = day if isinstance(day, str) else day.isoformat()
        spans.setdefault((relationship, section, key, day), []).append((int(tx_from), int(tx_to)))
    return spans


def visible_at(spans, known: int) -> set[tuple[str, str, str, str]]:
    return {group for group, found in spans.items() if any(start <= known < end for start, end in found)}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories, batch=st.sampled_from([2, 3, 5000]))
def test_item_days_equal_a_replay_at_every_position(fresh_database, history, batch):
    app = Chronicle(database_url=fresh_database())
    try:
        app.projector.BATCH = batch  # small batches: corrections meet rows of earlier batches
        write(app, history)
        events = app.events(limit=10_000)
        spans = stored_spans(app)
        for found in spans.values():
            assert found == union(found)  # disjoint, not touching, in order
        for known in range(0, app.head().position + 1):
            assert visible_at(spans, known) == expected_days(events, known)
    finally:
        app.close()


def test_a_figure_reported_again_is_one_span_until_its_last_report_of_the_day_goes(fresh_database):
    app = Chronicle(database_url=fresh_database())
    try:
        first = app.append([figure("2019", 100.0, "held its first session in 2010") for _ in range(3)])
        ids = [r.id for r in first.results]
        again = app.append([figure("2019", 101.0, "held its first session in 2010")])
        moved = app.append([correction(ids[0], date="2020")])
        gone = app.append([retraction(i) for i in [*ids[1:], again.results[0].id]])
        spans = stored_spans(app)
        by_day = {group[3]: found for group, found in spans.items()}
        assert set(by_day) == {"2019-01-01", "2020-01-01"}
        # from the first report until the last report of the day is retracted (the last of the three)
        assert by_day["2019-01-01"] == [(first.head_position - 2, gone.head_position)]
        assert by_day["2020-01-01"] == [(moved.head_position, INFINITE_POSITION)]
        assert app.verify().ok
    finally:
        app.close()
