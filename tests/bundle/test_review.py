"""The bundle's review rules (bundle.corpus.apply_review) and its check against the gold (gold_check), on a small
import made here: two documents' facts as the importer would propose them and a review.yaml written for them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from bundle.corpus import Cite, Fact, Imported, Review, apply_review, gold_check
from bundle.passages import ReviewError
from tests.conftest import SHARED

TEXT = ("On 1 May 2024 the foreign ministers of Belarus and Laos signed a memorandum on consultations. "
        "The ministers met again in Minsk on 3 June 2024. The ministers met again in Minsk on 3 June 2024. "
        "Trade between the two countries amounted to $3 million in 2023.")


def _fact(n: int, kind: str, date: str, quote: str, **envelope: object) -> Fact:
    start = TEXT.index(quote)
    base = {"type": kind, "date": date, "parties": ["BY", "LA"], "actors": [], "attributes": {}, **envelope}
    return Fact("001", n, n, f"id-{n}", base, {"quote": quote, "span": [start, start + len(quote)], "reference": None},
                current=json.loads(json.dumps(base)))


def _imported() -> Imported:
    facts = [
        _fact(1, "agreement.signed", "2024-05-01", "signed a memorandum on consultations",
              attributes={"kind": "memorandum"}),
        _fact(2, "meeting.held", "2024-06", "The ministers met again in Minsk"),
        _fact(3, "figure.reported", "2023", "amounted to $3 million in 2023",
              figure={"metric": "trade.turnover", "value": 3000000, "unit": "USD", "qualifier": None}),
    ]
    return Imported({"001": TEXT}, {"001": {}}, facts, [])


def _review(tmp_path: Path, imported: Imported, decisions: dict) -> Review:
    path = tmp_path / "review.yaml"
    path.write_text(yaml.safe_dump(decisions, allow_unicode=True), encoding="utf-8")
    return Review(path, imported)


def test_a_correction_changes_only_what_the_import_does_not_already_say(tmp_path):
    imported = _imported()
    review = _review(tmp_path, imported, {"corrections": [
        {"doc": 1, "type": "meeting.held", "quote": "met again in Minsk", "reason": " a day is given ",
         "changes": {"date": "2024-06-03", "attributes": {"city": "Minsk"}}},
        {"doc": 1, "type": "agreement.signed", "quote": "memorandum", "reason": "as imported",
         "changes": {"attributes": {"kind": "memorandum"}}},
    ]})
    reviewed = apply_review(review, imported)
    ((fact, reason, changes),) = reviewed.corrections
    assert fact.key == "bundle:001:2" and reason == "a day is given"
    assert changes == {"date": "2024-06-03", "attributes": {"city": "Minsk"}}
    assert fact.current["date"] == "2024-06-03" and fact.current["attributes"] == {"city": "Minsk"}
    assert reviewed.already_right == ["bundle:001:1"]


def test_a_correction_of_a_field_that_cannot_change_is_refused(tmp_path):
    imported = _imported()
    review = _review(tmp_path, imported, {"corrections": [
        {"doc": 1, "type": "meeting.held", "quote": "Minsk", "reason": "no", "changes": {"type": "visit"}}]})
    with pytest.raises(ReviewError, match="type cannot be changed"):
        apply_review(review, imported)


def test_a_fact_is_not_both_corrected_and_retracted(tmp_path):
    imported = _imported()
    selector = {"doc": 1, "type": "meeting.held", "quote": "Minsk"}
    review = _review(tmp_path, imported, {
        "corrections": [{**selector, "reason": "r", "changes": {"date": "2024-06-03"}}],
        "retractions": [{**selector, "reason": "r"}],
    })
    with pytest.raises(ReviewError, match="bundle:001:2 is both corrected and retracted"):
        apply_review(review, imported)


def test_a_duplicates_retraction_names_the_fact_kept_and_lapses_when_that_fact_is_gone(tmp_path):
    imported = _imported()
    review = _review(tmp_path, imported, {"retractions": [
        {"doc": 1, "type": "meeting.held", "quote": "Minsk", "reason": "told twice",
         "duplicate_of": {"doc": 1, "type": "agreement.signed", "quote": "memorandum"}},
        {"doc": 1, "type": "figure.reported", "quote": "$3 million", "reason": "gone",
         "duplicate_of": {"doc": 1, "type": "visit", "quote": "memorandum"}},
    ]})
    reviewed = apply_review(review, imported)
    assert [(f.key, reason) for f, reason in reviewed.retractions] == [
        ("bundle:001:2", "told twice (kept as bundle:001:1)")]
    assert [f.retracted for f in imported.facts] == [False, True, False]
    assert review.stale == ["duplicate_of: 001 visit 'memorandum' names no imported fact"]


def test_a_decision_naming_several_facts_is_an_error(tmp_path):
    imported = _imported()
    review = _review(tmp_path, imported, {"kept": [{"doc": 1, "type": "meeting.held", "quote": "", "why": "w"}]})
    imported.facts.append(_fact(4, "meeting.held", "2024-06", "Minsk on 3 June 2024"))
    with pytest.raises(ReviewError, match="must name exactly one imported fact"):
        apply_review(review, imported)


def test_a_merge_makes_the_dropped_passage_a_citation_of_the_kept_fact(tmp_path):
    imported = _imported()
    review = _review(tmp_path, imported, {"merges": [
        {"keep": {"doc": 1, "type": "agreement.signed", "quote": "memorandum"},
         "drop": {"doc": 1, "type": "meeting.held", "quote": "Minsk"}, "reason": "the same occasion"}]})
    reviewed = apply_review(review, imported)
    ((cite, drop, reason),) = reviewed.merges
    assert cite.key == "bundle:001:m1" and cite.target.key == "bundle:001:1" and cite.origin == "merge"
    assert cite.citation == drop.citation and drop.retracted
    assert reason == "the same occasion (kept as bundle:001:1, which now cites this passage)"


def test_a_merge_the_importer_already_made_is_passed_over(tmp_path):
    imported = _imported()
    kept = imported.facts[0]
    imported.cites.append(Cite("001", 1, kept, {"quote": "The ministers met again in Minsk", "span": [0, 1]}, "import"))
    review = _review(tmp_path, imported, {"merges": [
        {"keep": {"doc": 1, "type": "agreement.signed", "quote": "memorandum"},
         "drop": {"doc": 1, "type": "meeting.held", "quote": "Minsk"}, "reason": "r"}]})
    reviewed = apply_review(review, imported)
    assert reviewed.merges == [] and not imported.facts[1].retracted


def test_an_addition_quotes_its_text_exactly_once(tmp_path):
    imported = _imported()
    addition = {"doc": 1, "type": "relations.established", "date": "1993", "parties": ["BY", "LA"],
                "quote": "On 1 May 2024 the foreign ministers", "note": " added "}
    reviewed = apply_review(_review(tmp_path, imported, {"additions": [addition]}), imported)
    (added,) = reviewed.added
    assert added["doc"] == "001" and added["n"] == 1 and added["note"] == "added"
    assert added["citation"]["span"] == [0, len("On 1 May 2024 the foreign ministers")]
    assert added["envelope"] == {"type": "relations.established", "date": "1993", "parties": ["BY", "LA"],
                                 "actors": [], "attributes": {}}
    twice = {**addition, "quote": "The ministers met again in Minsk on 3 June 2024."}
    with pytest.raises(ReviewError, match="found 2 times"):
        apply_review(_review(tmp_path, _imported(), {"additions": [twice]}), _imported())


def _gold_dir(tmp_path: Path, events: list[dict]) -> Path:
    """A gold folder beside the shared scorer (gold_check loads score.py from the gold folder's parent)."""
    root = tmp_path / "eval"
    (root / "gold").mkdir(parents=True)
    shutil.copy(SHARED / "eval" / "score.py", root / "score.py")
    lines = [json.dumps({"actors": [], "reference": None, **e}) for e in events]
    (root / "gold" / "001_test.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root / "gold"


GOLD_SIGNED = {"type": "agreement.signed", "date": "2024-05-01", "parties": ["BY", "LA"],
               "quote": "signed a memorandum on consultations"}
GOLD_FIGURE = {"type": "figure.reported", "date": "2023", "parties": ["BY", "LA"], "quote": "amounted to $3 million in 2023",
               "figure": {"metric": "trade.turnover", "value": 3000000, "unit": "USD", "qualifier": None}}
GOLD_VISIT = {"type": "visit", "date": "2024-07", "parties": ["BY", "LA"], "quote": "Trade between the two countries"}


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(), reason="needs ../shared/eval/score.py")
def test_the_gold_check_counts_what_the_review_keeps_and_declines(tmp_path):
    imported = _imported()
    review = _review(tmp_path, imported, {
        "kept": [{"doc": 1, "type": "meeting.held", "quote": "Minsk", "why": "the gold has no meetings"}],
        "declined": [{"doc": 1, "quote": "Trade between the two", "why": "not a visit"}],
    })
    counts, matched = gold_check(imported, apply_review(review, imported),
                                 _gold_dir(tmp_path, [GOLD_SIGNED, GOLD_FIGURE, GOLD_VISIT]))
    assert counts == {"gold": 3, "matched": 2, "kept_without_gold": 1, "declined": 1}
    assert matched["bundle:001:1"]["type"] == "agreement.signed" and matched["bundle:001:3"]["type"] == "figure.reported"


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(), reason="needs ../shared/eval/score.py")
def test_the_gold_check_names_what_the_review_leaves_uncovered(tmp_path):
    imported = _imported()
    review = _review(tmp_path, imported, {
        "kept": [{"doc": 1, "type": "figure.reported", "quote": "$3 million", "why": "matched anyway"}]})
    with pytest.raises(ReviewError) as raised:
        gold_check(imported, apply_review(review, imported), _gold_dir(tmp_path, [GOLD_SIGNED, GOLD_FIGURE, GOLD_VISIT]))
    message = str(raised.value)
    assert "bundle:001:2 (meeting.held 2024-06 ['BY', 'LA']) matches no gold event of 001" in message
    assert "gold 001 visit 2024-07 ['BY', 'LA'] is not in the bundle and not declined by the review" in message
    assert "the review keeps bundle:001:3, but it matches a gold event" in message
