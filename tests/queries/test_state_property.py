"""For random histories and random (as_of, known_at), the served state equals a naive replay."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronicle.application import Chronicle
from chronicle.domain.dates import PartialDate
from chronicle.queries.state import LATEST
from tests.histories import histories, partial_dates, write
from tests.oracle import naive_state

TODAY = date(2006, 6, 15)
PAIRS = [("BY", "KR"), ("BY", "CN"), ("CN", "KR")]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories, as_ofs=st.lists(st.one_of(st.none(), partial_dates(1999, 2011)), min_size=1, max_size=3),
       limit=st.sampled_from([1, 2, 50]), totals=st.booleans(), data=st.data())
def test_served_state_equals_naive_replay(fresh_database, history, as_ofs, limit, totals, data):
    app = Chronicle(database_url=fresh_database())
    # read as few candidates as possible, so that reading more happens often
    app.states.FIRST_READ = app.states.SINGLE_FIRST_READ = (1, 0)
    try:
        written = write(app, history)
        events = app.events(limit=10_000)
        moments: list[tuple[object, int]] = [(None, LATEST)]
        for recorded_at, last_position in written.batches:
            moments.append((recorded_at, last_position))
            moments.append((recorded_at - timedelta(microseconds=1), _position_before(written, recorded_at)))
        for as_of_text in as_ofs:
            known_at, known = data.draw(st.sampled_from(moments))
            as_of = PartialDate.parse(as_of_text).latest if as_of_text else None
            for a, b in PAIRS:
                served = app.state(a, b, as_of=as_of_text, known_at=known_at, limit=limit, today=TODAY, totals=totals)
                expected = naive_state(events, a, b, as_of=as_of, as_of_text=as_of_text, known=known,
                                       limit=limit, today=TODAY, known_at=known_at, totals=totals)
                assert served == expected
    finally:
        app.close()


def test_items_reported_many_times_equal_naive_replay(fresh_database):
    """Agreements signed and in force again and again, figures reported dozens of times and ventures told
    repeatedly, over several batches: more index entries per item and role than are ranked in Python (those
    sections' rows are then read by bounded reads), and first reads of candidates far too short (read again,
    sized by the items found). What the card shows equals a naive replay."""
    from tests.builders import fact, figure

    pair = ["BY", "KR"]
    agreement, trade = "The agreement on trade was signed in 2015", "In 2019 trade amounted to 182 million dollars"
    batches = [
        [fact("agreement.signed", f"{2010 + i % 7}-{1 + i % 12:02d}", pair, agreement,
              attributes={"title": f"Agreement on Trade {i % 3}", "level": "intergovernmental"}) for i in range(30)]
        + [figure(f"{2015 + i % 4}", 170e6 + i * 1e6, trade, metric=("trade.turnover", "investment")[i % 2])
           for i in range(40)],
        [fact("agreement.in_force", f"{2012 + i % 6}", pair, agreement, attributes={"title": f"agreement on trade {i % 3}"})
         for i in range(20)]
        + [fact("venture.started", f"{2014 + i % 5}-{1 + i % 12:02d}", pair, agreement,
                attributes={"name": f"Venture {i % 4}", "sector": "textiles"}) for i in range(25)],
        [figure(f"{2016 + i % 3}", 150e6 + i * 1e6, trade, metric="trade.turnover") for i in range(30)],
    ]
    app = Chronicle(database_url=fresh_database())
    app.states.FIRST_READ = app.states.SINGLE_FIRST_READ = (1, 0)  # read again nearly every time
    try:
        written = []
        for batch in batches:
            summary = app.append(batch)
            written.append((summary.results[-1].recorded_at, summary.head_position))
        events = app.events(limit=10_000)
        moments = [(None, LATEST)] + [
            (at, max(last for other, last in written if other <= at)) for at, _ in written
        ]
        for as_of_text in (None, "2013", "2015-06", "2016", "2017-03-01"):
            as_of = PartialDate.parse(as_of_text).latest if as_of_text else None
            for known_at, known in moments:
                for limit in (1, 2, 3, 10):
                    served = app.state("BY", "KR", as_of=as_of_text, known_at=known_at, limit=limit, today=TODAY)
                    expected = naive_state(events, "BY", "KR", as_of=as_of, as_of_text=as_of_text, known=known,
                                           limit=limit, today=TODAY, known_at=known_at)
                    assert served == expected
        state = app.state("BY", "KR", limit=10, today=TODAY)
        assert len(state["figures"]) == 6 and len(state["agreements"]) == 3 and len(state["ventures"]) == 4
    finally:
        app.close()


def _position_before(written, recorded_at) -> int:
    earlier = [position for at, position in written.batches if at < recorded_at]
    return max(earlier, default=0)


def test_items_with_many_rows_equal_naive_replay(fresh_database):
    """Joint bodies with dozens of sessions, a mission and the establishment told many times, and more
    bodies than one statement reads: what the card shows of them equals a naive replay."""
    from tests.builders import fact

    quote = "held its first session in 2010"
    pair = ["BY", "KR"]
    batches = [
        [fact("relations.established", f"{1992 + i % 3}", pair, quote) for i in range(7)]
        + [fact("mission.opened", f"{1995 + i}", pair, quote, attributes={"kind": "embassy", "of": "BY", "in": "KR"})
           for i in range(6)],
        [fact("body.established", f"{2000 + i % 4}", pair, quote, attributes={"name": f"Council {i % 40}"})
         for i in range(80)],
        [fact("meeting.held", f"{2001 + i % 20}-{1 + i % 12:02d}", pair, quote,
              attributes={"body": f"council {i % 3}"}) for i in range(90)],
    ]
    app = Chronicle(database_url=fresh_database())
    try:
        written = []  # (recorded_at, last position) of each batch
        for batch in batches:
            summary = app.append(batch)
            written.append((summary.results[-1].recorded_at, summary.head_position))
        events = app.events(limit=10_000)
        moments = [(None, LATEST)] + [
            (at, max(last for other, last in written if other <= at)) for at, _ in written  # equal times: both
        ]
        for as_of_text in (None, "1994", "2003-06", "2010", "2015-02-10"):
            as_of = PartialDate.parse(as_of_text).latest if as_of_text else None
            for known_at, known in moments:
                for limit in (3, 10, 50):
                    served = app.state("BY", "KR", as_of=as_of_text, known_at=known_at, limit=limit, today=TODAY)
                    expected = naive_state(events, "BY", "KR", as_of=as_of, as_of_text=as_of_text, known=known,
                                           limit=limit, today=TODAY, known_at=known_at)
                    assert served == expected
        bodies = app.state("BY", "KR", limit=50, today=TODAY)["bodies"]
        assert len(bodies) == 40 and sorted(b["sessions"] for b in bodies)[-3:] == [30, 30, 30]
    finally:
        app.close()
