import pytest

from chronicle.domain.parties import (
    PartyError,
    Relationship,
    display_name,
    normalize_party,
    relationships_of,
    states_of,
)


def test_states_regions_and_organizations_are_accepted_in_canonical_form():
    assert normalize_party("by") == "BY"
    assert normalize_party(" kr ") == "KR"
    assert normalize_party("BY-HO") == "BY-HO"
    assert normalize_party("IR-02") == "IR-02"
    assert normalize_party("eaeu") == "EAEU"


@pytest.mark.parametrize("code", ["XX", "BY-ZZ", "Belarus", "", "B", "NATO1"])
def test_unknown_parties_are_refused(code):
    with pytest.raises(PartyError):
        normalize_party(code)


def test_a_region_folds_into_its_state_and_organizations_are_not_states():
    assert states_of(["BY-HO", "KR", "EAEU", "BY"]) == ("BY", "KR")


def test_an_event_belongs_to_every_pair_of_distinct_states():
    rels = relationships_of(["BY", "CN", "KR-11", "EAEU"])
    assert [r.key for r in rels] == ["BY:CN", "BY:KR", "CN:KR"]
    assert relationships_of(["BY", "BY-HO", "EAEU"]) == ()


def test_relationships_are_unordered_and_between_two_states():
    assert Relationship.of("KR", "BY") == Relationship.of("by", "kr") == Relationship("BY", "KR")
    assert Relationship.of("BY-MI", "KR").key == "BY:KR"
    with pytest.raises(PartyError, match="two different states"):
        Relationship.of("BY", "BY-HO")
    with pytest.raises(PartyError, match="organizations"):
        Relationship.of("BY", "EU")


def test_display_names_are_readable():
    assert display_name("KR") == "Republic of Korea"
    assert display_name("BY") == "Belarus"
    assert display_name("EAEU") == "Eurasian Economic Union"
