"""What a relationship's state says, as of a date and as known at a moment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from chronicle.domain.parties import PartyError, Relationship
from tests.builders import correction, fact, figure, retraction

Q = {
    "established": "Diplomatic relations were established on 10 February 1992",
    "embassy": "The embassy of Belarus in Seoul opened in December 1997",
    "council": "The business council was set up in 2009 and held its first session in 2010",
    "trade": "In 2019 trade amounted to 182 million dollars",
    "trade2": "Another estimate put 2019 trade at 175 million dollars",
    "agreement": "The agreement on trade was signed in 2015 and entered into force in 2016",
    "visit": "The minister visited Minsk in May 2019",
    "controls": "Export controls were imposed in 2022",
}
BYKR = ["BY", "KR"]


@pytest.fixture
def korea(chronicle):
    chronicle.append([
        fact("relations.established", "1992-02-10", BYKR, Q["established"]),
        fact("mission.opened", "1997-12", BYKR, Q["embassy"], attributes={"kind": "embassy", "of": "BY", "in": "KR", "city": "Seoul"}),
        fact("body.established", "2009", BYKR, Q["council"], attributes={"name": "Business Council", "kind": "business_council"}),
        fact("meeting.held", "2010", BYKR, Q["council"], attributes={"body": "business council", "session_number": 1}),
        fact("meeting.held", "2021-06", ["BY-MI", "KR"], Q["council"], attributes={"body": "Business council"}),
        fact("agreement.signed", "2015", BYKR, Q["agreement"], attributes={"title": "Agreement on Trade", "level": "intergovernmental"}),
        fact("agreement.in_force", "2016", BYKR, Q["agreement"], attributes={"title": "agreement on trade"}),
        fact("visit", "2019-05", BYKR, Q["visit"], attributes={"visitor": "The minister", "level": "minister", "from": "KR", "to": "BY"}),
        figure("2019", 182e6, Q["trade"]),
        fact("restriction.imposed", "2022", BYKR, Q["controls"], attributes={"by": "KR", "kind": "export_control"}),
    ])
    return chronicle


def test_the_full_state_of_a_relationship(korea):
    state = korea.state("KR", "BY")
    assert state["relationship"] == ["BY", "KR"]
    assert state["established"]["date"] == "1992-02-10"
    assert [(m["kind"], m["of"], m["in"], m["opened"]) for m in state["missions"]] == [("embassy", "BY", "KR", "1997-12")]
    agreement = state["agreements"][0]
    assert (agreement["title"], agreement["level"], agreement["signed"], agreement["in_force"]) == (
        "Agreement on Trade", "intergovernmental", "2015", "2016")
    assert len(agreement["event_ids"]) == 2
    body = state["bodies"][0]
    assert (body["name"], body["established"], body["sessions"], body["last_session"]) == ("Business Council", "2009", 2, "2021-06")
    assert state["visits"][0]["visitor"] == "The minister"
    assert state["figures"][0]["value"] == 182e6 and not state["figures"][0]["conflict"]
    assert state["restrictions"][0]["by"] == "KR"
    every_id = {i for section in ("missions", "agreements", "bodies", "visits", "figures", "restrictions") for item in state[section] for i in item["event_ids"]}
    assert len(every_id | set(state["established"]["event_ids"])) == 10


def test_as_of_hides_what_had_not_happened_yet(korea):
    state = korea.state("BY", "KR", as_of="2015-06")
    assert state["agreements"][0]["signed"] == "2015" and state["agreements"][0]["in_force"] is None
    assert state["bodies"][0]["sessions"] == 1 and state["bodies"][0]["last_session"] == "2010"
    assert state["visits"] == [] and state["figures"] == [] and state["restrictions"] == []
    assert korea.state("BY", "KR", as_of="1991")["established"] is None


def test_an_event_whose_span_contains_as_of_is_included_and_uncertain(korea):
    mid = korea.state("BY", "KR", as_of="2015-06-30")["agreements"][0]
    assert mid["uncertain"] is True
    end = korea.state("BY", "KR", as_of="2015")["agreements"][0]
    assert end["uncertain"] is False
    assert korea.state("BY", "KR", as_of="2014")["agreements"] == []


def test_two_sources_disagreeing_on_one_period_are_marked_as_a_conflict(korea):
    korea.append([figure("2019", 175e6, Q["trade2"], full_source=False)])
    point = korea.state("BY", "KR")["figures"][0]
    assert point["conflict"] is True
    assert [v["value"] for v in point["values"]] == [182e6, 175e6]
    korea.append([figure("2019", 182.5e6, Q["trade2"], full_source=False)])
    assert len(korea.state("BY", "KR")["figures"][0]["values"]) == 3


def test_known_at_shows_what_the_chronicle_had_recorded_then(korea):
    before_fix = korea.head().recorded_at
    trade_id = korea.state("BY", "KR")["figures"][0]["event_ids"][0]
    visit_id = korea.state("BY", "KR")["visits"][0]["event_ids"][0]
    fixed = korea.append([correction(trade_id, figure={"metric": "trade.turnover", "value": 180e6, "unit": "USD"}),
                          retraction(visit_id)]).results[0].recorded_at
    assert korea.state("BY", "KR")["figures"][0]["value"] == 180e6
    assert korea.state("BY", "KR")["visits"] == []
    then = korea.state("BY", "KR", known_at=before_fix)
    assert then["figures"][0]["value"] == 182e6 and len(then["visits"]) == 1
    assert korea.state("BY", "KR", known_at=fixed)["visits"] == []
    assert korea.state("BY", "KR", known_at=fixed - timedelta(microseconds=1))["visits"] != []
    assert korea.state("BY", "KR", known_at=before_fix - timedelta(days=1))["established"] is None


def test_a_correction_can_move_a_fact_to_another_relationship(korea):
    visit_id = korea.state("BY", "KR")["visits"][0]["event_ids"][0]
    korea.append([correction(visit_id, parties=["BY", "CN"])])
    assert korea.state("BY", "KR")["visits"] == []
    assert korea.state("BY", "CN")["visits"][0]["event_ids"] == [visit_id]


def test_sections_list_the_newest_items_up_to_the_limit_and_say_if_there_are_more(korea):
    korea.append([fact("visit", f"{2000 + i}", BYKR, Q["visit"], full_source=False) for i in range(5)])
    state = korea.state("BY", "KR", limit=3)
    assert [v["date"] for v in state["visits"]] == ["2019-05", "2004", "2003"]
    assert state["more"]["visits"] is True and state["more"]["agreements"] is False and state["limit"] == 3
    assert "totals" not in state
    counted = korea.state("BY", "KR", limit=3, totals=True)
    assert counted["totals"]["visits"] == 6 and counted["totals"]["agreements"] == 1
    assert korea.state("BY", "KR", limit=6)["more"]["visits"] is False


def test_activity_counts_the_trailing_three_years_per_domain(korea):
    korea.append([fact("meeting.held", f"{y}", BYKR, Q["visit"], full_source=False, attributes={"domain": "cultural"})
                  for y in (2013, 2017, 2018, 2019, 2020)])
    activity = {a["domain"]: a for a in korea.state("BY", "KR", as_of="2020")["activity"]}
    cultural = activity["cultural"]
    assert (cultural["last_3_years"], cultural["previous_3_years"], cultural["last_event"]) == (3, 1, "2020")
    assert cultural["trend"] == "rising"
    assert activity["education"]["trend"] == "none"
    assert korea.state("BY", "KR", today=date(2030, 1, 1))["activity"][1]["window_end"] == "2030-01-01"


def test_an_unknown_or_single_state_pair_is_refused(korea):
    with pytest.raises(PartyError):
        korea.state("BY", "XX")
    with pytest.raises(PartyError):
        korea.state("BY", "BY-HO")


def test_relationships_are_listed_with_counts_dates_and_years(korea):
    korea.append([fact("visit", "2019", ["BY", "CN", "KR"], Q["visit"], full_source=False)])
    listed = {tuple(r["relationship"]): r for r in korea.records.relationships(include_all=True)}
    assert listed[("BY", "KR")]["events"] == 11
    assert listed[("BY", "KR")]["first_event"] == "1992-02-10" and listed[("BY", "KR")]["last_event"] == "2022-01-01"
    assert listed[("BY", "KR")]["years"]["2019"] == 3
    assert listed[("CN", "KR")]["events"] == 1 and listed[("CN", "KR")]["partner"] is None
    assert listed[("BY", "CN")]["partner"] == "CN" and listed[("BY", "CN")]["asian"]


def test_relationships_are_belaruss_and_a_forum_shows_on_each_as_multilateral(korea):
    korea.append([fact("meeting.held", "2019-09", ["BY", "CN", "KR", "LV"], Q["visit"], full_source=False),
                  fact("visit", "2018", ["CN", "KR"], Q["visit"], full_source=False)])
    belarus = [tuple(r["relationship"]) for r in korea.records.relationships()]
    assert set(belarus) == {("BY", "KR"), ("BY", "CN"), ("BY", "LV")}
    everything = {tuple(r["relationship"]) for r in korea.records.relationships(include_all=True)}
    assert everything == set(belarus) | {("CN", "KR"), ("CN", "LV"), ("KR", "LV")}
    latvia = next(r for r in korea.records.relationships() if r["partner"] == "LV")
    assert not latvia["asian"]
    for partner in ("KR", "CN", "LV"):
        forum = [m for m in korea.state("BY", partner)["meetings"] if m["date"] == "2019-09"]
        assert len(forum) == 1 and forum[0]["multilateral"], partner
        timeline = korea.records.timeline(Relationship.of("BY", partner), types=["meeting.held"])
        assert [t["multilateral"] for t in timeline if t["date"] == "2019-09"] == [True]
    assert not any(v["multilateral"] for v in korea.state("BY", "KR")["visits"])


def test_the_timeline_lists_facts_in_date_order(korea):
    from chronicle.domain.parties import Relationship

    timeline = korea.records.timeline(Relationship.of("BY", "KR"), date_from=date(2015, 1, 1), date_to=date(2019, 12, 31))
    assert [t["type"] for t in timeline] == ["agreement.signed", "agreement.in_force", "figure.reported", "visit"]
    only = korea.records.timeline(Relationship.of("BY", "KR"), types=["visit"])
    assert len(only) == 1 and only[0]["section"] == "visits"


def test_the_newest_items_are_chosen_only_when_no_unread_row_could_change_them():
    from chronicle.queries.state import chosen_items

    rows = [("b", "2020-01-01"), ("a", "2020-01-01"), ("b", "2019-01-01"), ("c", "2018-01-01")]
    assert chosen_items(rows, 2, complete=False) == ["a", "b"]
    # the last row read has the boundary day: an unread item of that day could sort before "b"
    assert chosen_items(rows[:2], 2, complete=False) is None
    assert chosen_items(rows[:2], 2, complete=True) == ["a", "b"]
    assert chosen_items(rows[:3], 3, complete=False) is None  # fewer items than wanted, and more rows may exist
    assert chosen_items(rows, 3, complete=True) == ["a", "b", "c"]
