"""The fact-type registry: each entry is whole, and what it says is what validation, the state, exports and the
pages do with a fact of that type."""

from __future__ import annotations

import pytest

from chronicle.domain.dates import PartialDate
from chronicle.domain.events import EnvelopeError, parse_envelope
from chronicle.domain.fact_types import DOMAINS, FACT_TYPE, FACT_TYPES, REGISTRY, SECTION_ROLES, SECTIONS, headline
from chronicle.domain.versions import FactVersion
from chronicle.exports import PLOVER
from chronicle.projections.facts import Placement, fact_rows, placement
from tests.builders import fact

OWN = "00000000-0000-4000-8000-000000000001"


def version(type_: str, **attributes) -> FactVersion:
    figure = attributes.pop("figure", None)
    return FactVersion(OWN, 1, type_, PartialDate.parse("2019-06"), ("BY", "CN"), (), attributes, figure, ())


def test_every_entry_is_whole_and_names_known_codes():
    assert len(REGISTRY) == len(set(FACT_TYPES)) == 11
    for entry in REGISTRY:
        assert entry.default_domain in DOMAINS
        assert entry.section in SECTIONS and entry.role in SECTION_ROLES[entry.section]
        assert entry.plover in (None, "COOPERATE", "AGREE", "CONSULT", "SANCTION", "SUPPORT")
        assert entry.label and entry.label == entry.label.strip()
    assert {role for roles in SECTION_ROLES.values() for role in roles} >= {"session", "in_force"}
    assert PLOVER == {entry.name: entry.plover for entry in REGISTRY}


def test_attribute_keys_are_the_models_public_names():
    assert FACT_TYPE["mission.opened"].attribute_keys == {"kind", "of", "in", "city"}
    assert FACT_TYPE["visit"].attribute_keys == {"visitor", "level", "from", "to"}
    assert FACT_TYPE["figure.reported"].attribute_keys == frozenset()


@pytest.mark.parametrize("type_", FACT_TYPES)
def test_validation_takes_the_entrys_attributes_and_refuses_others(type_):
    extra = {"figure": {"metric": "trade.turnover", "value": 5, "unit": "USD"}} if FACT_TYPE[type_].carries_figure else {}
    envelope = fact(type_, "2019-06", ["BY", "CN"], "Беларусь", attributes={"domain": "cultural"}, **extra)
    assert parse_envelope(envelope).content["attributes"] == {"domain": "cultural"}
    bad = fact(type_, "2019-06", ["BY", "CN"], "Беларусь", attributes={"no_such_field": "x"}, **extra)
    with pytest.raises(EnvelopeError, match="attributes.no_such_field: unknown field"):
        parse_envelope(bad)


def test_placement_follows_the_entry():
    assert placement(version("relations.established")) == Placement("established", "established", "established")
    assert placement(version("meeting.held", body="Joint Commission")) == Placement("bodies", "joint commission", "session")
    assert placement(version("meeting.held")) == Placement("meetings", OWN, "meeting")
    assert placement(version("agreement.in_force", title="«Agreement» on Trade.")) == Placement(
        "agreements", "agreement on trade", "in_force")
    assert placement(version("mission.opened", kind="embassy", of="BY", city="Beijing")) == Placement(
        "missions", "BY||embassy|beijing", "opened")
    assert placement(version("mission.opened", city="Beijing")) == Placement("missions", OWN, "opened")
    figure = {"metric": "trade.exports", "value": 1, "unit": "USD"}
    assert placement(version("figure.reported", figure=figure)).item_key == "trade.exports|2019-06-01/2019-06-30|BY|USD"


def test_a_fact_without_a_domain_gets_its_types_default():
    assert [r.domain for r in fact_rows(version("body.established"))] == ["economic"]
    assert [r.domain for r in fact_rows(version("visit"))] == ["political"]
    assert [r.domain for r in fact_rows(version("visit", domain="cultural"))] == ["cultural"]


def test_headlines():
    assert headline("visit", {"visitor": "Prime Minister", "from": "BY", "to": "CN"}) == "Visit: Prime Minister (Belarus → China)"
    assert headline("agreement.in_force", {"kind": "memorandum"}) == "Memorandum — entered into force"
    assert headline("figure.reported", {}, {"metric": "trade.turnover", "value": 1.5e9, "unit": "USD",
                                            "qualifier": "about"}) == "Trade turnover: about 1.5 billion USD"
    assert headline("meeting.held", {"name": "Session", "body": "Council", "session_number": 3, "city": "Minsk"}) == (
        "Session (session 3 of Council), Minsk")
    assert headline("event.retracted", {}) is None


def test_a_headline_is_in_one_language():
    # a place in another script gives way to its country's English name
    assert headline("mission.opened", {"kind": "embassy", "of": "BY", "in": "KR", "city": "Сеул"}) == (
        "Embassy of Belarus opened in Republic of Korea")
    assert headline("mission.opened", {"kind": "embassy", "of": "BY", "in": "VN", "city": "Hà Nội"}) == (
        "Embassy of Belarus opened in Hà Nội")
    # a title, name, visitor or speaker in another script is told alone
    title = "Соглашение о сотрудничестве в области образования"
    assert headline("agreement.signed", {"title": title}) == title
    assert headline("agreement.signed", {"title": "Education agreement"}) == "Education agreement — signed"
    assert headline("body.established", {"name": "Совет делового сотрудничества"}) == "Совет делового сотрудничества"
    assert headline("visit", {"visitor": "Президент Беларуси", "from": "BY", "to": "CN"}) == "Президент Беларуси"
    assert headline("meeting.held", {"name": "Session", "body": "Совет", "city": "Минск"}) == "Session"
    assert headline("statement.made", {"speaker": "МИД Белоруссии"}) == "МИД Белоруссии"
    assert headline("statement.made", {"speaker": "МИД", "topic": "торговля"}) == "МИД — торговля"
    assert headline("statement.made", {"speaker": "Liu Guozhong", "topic": "trade"}) == "Liu Guozhong on trade"
