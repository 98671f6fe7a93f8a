"""An actor's facts across relationships: exact names, however they are spelled with quotes or wildcards."""

from __future__ import annotations

import pytest

from chronicle.domain.events import EnvelopeError
from tests.builders import correction, fact, retraction

QUOTE = "The minister visited Minsk in May 2019"


def test_an_actors_facts_across_relationships_with_exact_names(chronicle):
    ids = [r.id for r in chronicle.append([
        fact("visit", "2019-05", ["BY", "KR"], QUOTE, actors=["Ann_Lee", "Bo 100%"]),
        fact("visit", "2020", ["BY", "CN", "KR"], QUOTE, full_source=False, actors=["Ann_Lee"]),
        fact("visit", "2021", ["BY", "CN"], QUOTE, full_source=False, actors=["AnnXLee", 'Ann "the" Lee']),
        fact("visit", "2018", ["BY", "VN"], QUOTE, full_source=False, actors=["Ann_Lee Junior"],
             attributes={"visitor": "Ann_Lee"}),
    ]).results]
    result = chronicle.actor("Ann_Lee")
    assert [f["id"] for f in result["facts"]] == [ids[0], ids[1]]  # not AnnXLee, not a longer name, not a visitor
    assert result["facts"][1]["relationships"] == [["BY", "CN"], ["BY", "KR"], ["CN", "KR"]]
    assert result["facts"][1]["multilateral"]
    assert {tuple(r["relationship"]): r["facts"] for r in result["relationships"]} == {
        ("BY", "KR"): 2, ("BY", "CN"): 1, ("CN", "KR"): 1}
    assert [f["id"] for f in chronicle.actor("Bo 100%")["facts"]] == [ids[0]]
    assert [f["id"] for f in chronicle.actor('Ann "the" Lee')["facts"]] == [ids[2]]
    chronicle.append([retraction(ids[0]), correction(ids[1], date="2020-03")])
    now = chronicle.actor("Ann_Lee")["facts"]  # as the facts stand now: one retracted, one corrected
    assert [(f["id"], f["date"]) for f in now] == [(ids[1], "2020-03")]
    with pytest.raises(EnvelopeError):
        chronicle.actor("  ")
