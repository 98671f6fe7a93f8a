"""Comparing a relationship at two points: valid time (as of two dates) and transaction time (as known at two
moments), with the corrections' reasons."""

from __future__ import annotations

import pytest

from chronicle.domain.events import EnvelopeError
from chronicle.queries.compare import diff
from tests.builders import correction, fact, figure, retraction

Q = {  # passages of tests.builders.TEXT
    "council": "The business council was set up in 2009 and held its first session in 2010",
    "visit": "The minister visited Minsk in May 2019",
    "trade19": "In 2019 trade amounted to 182 million dollars",
    "trade21": "Another estimate put 2019 trade at 175 million dollars",
    "forum": "The agreement on trade was signed in 2015 and entered into force in 2016",
}
BYKR = ["BY", "KR"]


@pytest.fixture
def korea(chronicle):
    ids = [r.id for r in chronicle.append([
        fact("visit", "2019-05", BYKR, Q["visit"], attributes={"visitor": "The minister"}),
        figure("2019", 182e6, Q["trade19"]),
        fact("meeting.held", "2018", BYKR, Q["forum"], full_source=False),
        fact("body.established", "2021-07", BYKR, Q["council"], full_source=False,
             attributes={"name": "Business council", "kind": "business_council"}),
        figure("2021", 160e6, Q["trade21"], full_source=False),
    ]).results]
    return chronicle, ids


def test_between_two_dates_the_facts_dated_in_between_appear(korea):
    chronicle, ids = korea
    result = chronicle.compare("KR", "BY", date_from="2019", date_to="2022")
    assert result["relationship"] == BYKR and (result["from"], result["to"]) == ("2019", "2022")
    assert [i["id"] for i in result["appeared"]] == [ids[4], ids[3]]  # in date order: 2021, 2021-07
    assert result["changed"] == [] and result["vanished"] == []
    assert result["counts"] == {"before": 3, "after": 5, "appeared": 2, "changed": 0, "vanished": 0}
    (trade,) = result["figures"]
    assert trade["metric"] == "trade.turnover"
    assert trade["before"] == {"period": "2019", "value": 182e6, "event_id": ids[1]}
    assert trade["after"] == {"period": "2021", "value": 160e6, "event_id": ids[4]}
    nothing = chronicle.compare("BY", "KR", date_from="2019", date_to="2020")
    assert nothing["appeared"] == [] and nothing["figures"] == []


def test_between_two_moments_corrections_and_retractions_come_with_their_reasons(korea):
    chronicle, ids = korea
    moment = chronicle.events(0, 1)[0].recorded_at
    later = chronicle.append([
        correction(ids[0], "The visit was in June, as the ministry's note says", date="2019-06"),
        retraction(ids[2], "A forum the text does not tell"),
        fact("visit", "2020", BYKR, "The minister visited Minsk in May 2019", full_source=False,
             attributes={"visitor": "A deputy"}),
    ]).results
    result = chronicle.compare("BY", "KR", known_from=moment)
    assert [i["id"] for i in result["appeared"]] == [later[2].id]
    (changed,) = result["changed"]
    assert changed["id"] == ids[0] and changed["fields"] == ["date"]
    assert changed["before"] == {"date": "2019-05"} and changed["after"] == {"date": "2019-06"}
    assert [w["reason"] for w in changed["why"]] == ["The visit was in June, as the ministry's note says"]
    (vanished,) = result["vanished"]
    assert vanished["id"] == ids[2] and vanished["why"][0]["type"] == "event.retracted"
    assert vanished["why"][0]["reason"] == "A forum the text does not tell"
    # from a moment after the corrections, nothing changed
    assert chronicle.compare("BY", "KR", known_from=chronicle.head().recorded_at)["counts"]["changed"] == 0


def test_both_times_at_once_and_bad_orders(korea):
    chronicle, ids = korea
    moment = chronicle.events(0, 1)[0].recorded_at
    chronicle.append([correction(ids[3], "The council was founded in 2020", date="2020-12")])
    result = chronicle.compare("BY", "KR", date_from="2019", date_to="2022", known_from=moment)
    assert [i["id"] for i in result["appeared"]] == [ids[3], ids[4]]  # dated in between, as corrected
    with pytest.raises(EnvelopeError):
        chronicle.compare("BY", "KR", date_from="2022", date_to="2019")


def test_diff_is_a_pure_function_of_the_two_sides():
    a = {"id": "a", "type": "visit", "date": "2019", "parties": BYKR, "attributes": {}}
    b = {"id": "b", "type": "visit", "date": "2020", "parties": BYKR, "attributes": {}}
    history = {"a": [{"position": 5, "id": "c", "type": "event.corrected", "reason": "named"},
                     {"position": 9, "id": "d", "type": "event.corrected", "reason": "later"}]}
    named = {**a, "attributes": {"visitor": "X"}}
    result = diff([a], [named, b], lambda i: history.get(i, []), 3, 6)
    assert [i["id"] for i in result["appeared"]] == ["b"]
    assert result["changed"][0]["fields"] == ["attributes"]
    assert [w["reason"] for w in result["changed"][0]["why"]] == ["named"]  # only what was recorded in between
