"""The append rules as pure decisions (chronicle.domain.appending), without a database."""

import pytest

from chronicle.domain import appending as rules
from chronicle.domain.events import EnvelopeError
from chronicle.domain.versions import RecordedEvent, start

FACT = {
    "date": "2021-07",
    "parties": ["BY", "KR"],
    "attributes": {"domain": "economy"},
    "citations": [{"source": "a" * 64, "quote": "signed", "span": [0, 6], "reference": None}],
}


def signing():
    return start(RecordedEvent(1, "fact-1", "agreement.signed", FACT))


def fields(exc: EnvelopeError) -> list[str]:
    return [e.field for e in exc.errors]


def test_a_quote_must_be_at_its_span_unless_the_source_has_no_text():
    rules.check_quote(0, "citations.0", "They signed it.", "signed", (5, 11))
    rules.check_quote(0, "citations.0", None, "anything at all", (0, 3))
    with pytest.raises(EnvelopeError) as caught:
        rules.check_quote(2, "citations.0", "They signed it.", "opened", (5, 11))
    assert fields(caught.value) == ["citations.0.quote"] and caught.value.index == 2


def test_an_idempotency_key_names_one_content_only():
    assert rules.is_repeat(0, "k1", '{"a":1}', '{"a":1}', "ev-1")
    with pytest.raises(rules.ConflictError) as caught:
        rules.is_repeat(3, "k1", '{"a":2}', '{"a":1}', "ev-1")
    assert caught.value.kind == "idempotency" and caught.value.details == {"idempotency_key": "k1", "event_id": "ev-1"}
    assert str(caught.value).startswith("event 4: ")


def test_a_correction_needs_a_fact_as_its_target():
    version = signing()
    assert rules.checked_target(0, "fact-1", version) is version
    with pytest.raises(EnvelopeError, match="no event has the id x"):
        rules.checked_target(0, "x", None)
    with pytest.raises(EnvelopeError, match="is a event.retracted, not a fact"):
        rules.checked_target(0, "r", "event.retracted")


def test_changes_are_checked_against_the_target_type():
    version = signing()
    with pytest.raises(EnvelopeError) as caught:
        rules.checked_changes(0, version, {"figure": {"metric": "trade", "value": 1}})
    assert fields(caught.value) == ["changes.figure"]
    assert "figure.reported" in caught.value.errors[0].reason
    assert rules.checked_changes(0, version, {"date": "2021-07-15"}) == {"date": "2021-07-15"}


def test_nothing_folds_onto_a_retracted_fact():
    retracted = rules.folded(0, signing(), RecordedEvent(2, "r-1", "event.retracted", {"target": "fact-1"}))
    assert retracted.retracted
    with pytest.raises(EnvelopeError, match="is retracted"):
        rules.folded(1, retracted, RecordedEvent(3, "c-1", "event.corrected", {"target": "fact-1", "changes": {}}))


def test_expected_versions_name_the_event_s_relationships():
    assert rules.expected_versions(0, 4, ["BY:KR"]) == {"BY:KR": 4}
    assert rules.expected_versions(0, {"BY:KR": 4}, ["BY:CN", "BY:KR"]) == {"BY:KR": 4}
    with pytest.raises(EnvelopeError, match="belongs to 2 relationships"):
        rules.expected_versions(0, 4, ["BY:CN", "BY:KR"])
    with pytest.raises(EnvelopeError) as caught:
        rules.expected_versions(0, {"BY:VN": 1}, ["BY:KR"])
    assert fields(caught.value) == ["expected_version.BY:VN"]


def test_a_stale_expected_version_is_a_conflict():
    rules.check_version(0, "BY:KR", 7, 7)
    with pytest.raises(rules.ConflictError) as caught:
        rules.check_version(0, "BY:KR", 8, 7)
    assert caught.value.kind == "version"
    assert caught.value.details == {"relationship": "BY:KR", "current_version": 8, "expected_version": 7}
