import pytest

from chronicle.domain.events import FACT_TYPES, EnvelopeError, parse_batch, parse_envelope
from tests.builders import correction, fact, figure, retraction

TARGET = "01a20027-bd89-7155-929c-0b5f20991e11"


def errors(envelope) -> dict[str, str]:
    with pytest.raises(EnvelopeError) as caught:
        parse_envelope(envelope)
    return {e.field: e.reason for e in caught.value.errors}


def test_a_valid_figure_is_normalized():
    event = parse_envelope(figure("2019", 182e6, "In 2019 trade amounted to 182 million dollars", parties=["by", "KR", "BY"]))
    assert event.type == "figure.reported"
    assert event.parties == ("BY", "KR")
    assert event.date.text == "2019"
    assert event.content["figure"] == {"metric": "trade.turnover", "value": 182e6, "unit": "USD", "qualifier": None}


@pytest.mark.parametrize("type_", [t for t in FACT_TYPES if t != "figure.reported"])
def test_every_fact_type_is_accepted_with_a_citation(type_):
    event = parse_envelope(fact(type_, "2019", ["BY", "KR"], "The minister visited Minsk in May 2019"))
    assert event.is_fact and event.type == type_


def test_each_failing_field_is_named_with_its_reason():
    bad = fact("visit", "2019-13", ["BY", "XX"], "The minister visited Minsk in May 2019",
               attributes={"level": "emperor", "colour": "red", "from": "ZZ"})
    found = errors(bad)
    assert "month 13" in found["date"]
    assert "ISO 3166-1" in found["parties.1"]
    assert found["attributes.colour"] == "unknown field"
    assert "level" in " ".join(found) and "attributes.from" in found


def test_facts_need_a_citation_and_figures_need_a_figure():
    no_citation = fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019")
    no_citation["citations"] = []
    assert errors(no_citation)["citations"] == "must not be empty"
    no_figure = figure("2019", 1, "In 2019 trade amounted to 182 million dollars")
    del no_figure["figure"]
    assert "required" in errors(no_figure)["figure"]


def test_figure_units_metrics_and_qualifiers_are_checked():
    bad = figure("2019", 1, "In 2019 trade amounted to 182 million dollars")
    bad["figure"] = {"metric": "trade.volume", "value": -1, "unit": "DOLLARS", "qualifier": "roughly"}
    found = errors(bad)
    assert set(found) == {"figure.metric", "figure.value", "figure.unit", "figure.qualifier"}


def test_spans_and_unknown_types_are_reported():
    bad = fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019")
    bad["citations"][0]["span"] = [10, 5]
    assert "end must come after" in errors(bad)["citations.0.span"]
    assert "unknown event type" in errors({"type": "visit.planned"})["type"]
    assert "every event needs a type" in errors({"date": "2019"})["type"]
    assert errors({**bad, "colour": 1})["colour"] == "unknown field"


def test_corrections_act_on_a_target_and_carry_no_date_or_parties():
    event = parse_envelope(correction(TARGET, date="2018"))
    assert event.target == TARGET and event.date is None and event.parties == ()
    assert event.content["changes"] == {"date": "2018"}
    assert "no date or parties" in errors({**retraction(TARGET), "date": "2019"})["date"]
    assert "at least one of" in errors(correction(TARGET))["changes"]
    assert "not an event id" in errors(retraction("not-a-uuid"))["target"]
    assert errors(retraction(TARGET, reason="  "))["reason"] == "must not be empty"


def test_a_batch_error_names_the_envelope():
    good = fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019")
    with pytest.raises(EnvelopeError) as caught:
        parse_batch([good, good, {**good, "date": "May"}])
    assert caught.value.index == 2
    assert str(caught.value).startswith("event 3: date:")


def test_expected_version_is_a_number_or_a_mapping():
    good = fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019")
    assert parse_envelope({**good, "expected_version": 3}).expected_version == 3
    assert parse_envelope({**good, "expected_version": {"BY:KR": 0}}).expected_version == {"BY:KR": 0}
    assert "expected_version" in " ".join(errors({**good, "expected_version": -1}))


def test_values_no_column_could_hold_are_refused():
    too_far = fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019")
    too_far["citations"][0]["span"] = [0, 2**40]
    assert "less than or equal" in errors(too_far)["citations.0.span.1"]
    nul = fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019", actors=["A\x00B"])
    assert "NUL" in errors(nul)["actors.0"]
    assert "NUL" in errors({**nul, "actors": [], "idempotency_key": "k\x00"})["idempotency_key"]
