"""A new fact that tells a stored fact again is found, so an import can cite it instead of repeating it."""

from __future__ import annotations

import pytest

from chronicle.domain.events import parse_envelope
from tests.builders import fact, figure, retraction

TRADE = "In 2019 trade amounted to 182 million dollars"
VISIT = "The minister visited Minsk in May 2019"
AGREEMENT = "The agreement on trade was signed in 2015 and entered into force in 2016"


@pytest.fixture
def stored(chronicle):
    ids = [r.id for r in chronicle.append([
        figure("2019", 182e6, TRADE),
        fact("visit", "2019-05", ["BY", "KR"], VISIT, attributes={"visitor": "Minister Kim"}),
        fact("agreement.signed", "2015", ["BY", "KR"], AGREEMENT, attributes={"title": "Agreement on Trade"}),
    ]).results]
    return chronicle, ids


def match(chronicle, envelope):
    return chronicle.corroborator.matches([parse_envelope(envelope)])[0]


def test_the_same_figure_from_another_source_matches(stored):
    chronicle, ids = stored
    assert match(chronicle, figure("2019", 182.5e6, TRADE, parties=["KR", "BY"])) == ids[0]
    assert match(chronicle, figure("2019", 175e6, TRADE)) is None  # a different figure: a conflict, not a match
    assert match(chronicle, figure("2018", 182e6, TRADE)) is None
    assert match(chronicle, figure("2019", 182e6, TRADE, metric="trade.exports")) is None


def test_compatible_dates_and_the_same_states_match(stored):
    chronicle, ids = stored
    assert match(chronicle, fact("visit", "2019", ["BY-MI", "KR"], VISIT)) == ids[1]
    assert match(chronicle, fact("visit", "2019-05-14", ["BY", "KR"], VISIT)) == ids[1]
    assert match(chronicle, fact("visit", "2019-06", ["BY", "KR"], VISIT)) is None
    assert match(chronicle, fact("visit", "2019-05", ["BY", "KR", "CN"], VISIT)) is None
    assert match(chronicle, fact("meeting.held", "2019-05", ["BY", "KR"], VISIT)) is None


def test_names_must_agree_where_both_give_one(stored):
    chronicle, ids = stored
    assert match(chronicle, fact("agreement.signed", "2015", ["BY", "KR"], AGREEMENT,
                                 attributes={"title": "agreement on trade"})) == ids[2]
    assert match(chronicle, fact("agreement.signed", "2015", ["BY", "KR"], AGREEMENT,
                                 attributes={"title": "Agreement on Visas"})) is None
    assert match(chronicle, fact("visit", "2019-05", ["BY", "KR"], VISIT, attributes={"visitor": "Minister Lee"})) is None


def test_retracted_facts_are_not_matched(stored):
    chronicle, ids = stored
    chronicle.append([retraction(ids[1])])
    assert match(chronicle, fact("visit", "2019-05", ["BY", "KR"], VISIT)) is None


def test_existing_import_keys_are_reported(stored):
    chronicle, _ = stored
    result = chronicle.append([fact("visit", "2001", ["BY", "KR"], VISIT, idempotency_key="doc:1")]).results[0]
    assert chronicle.corroborator.existing_keys(["doc:1", "doc:2"]) == {"doc:1": result.id}
