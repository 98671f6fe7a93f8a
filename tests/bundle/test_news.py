"""The news layer of the bundle: gold events of news items as cited facts, with the importer's attributes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bundle.corpus import load_scorer
from bundle.news import locate, news_items, news_layer
from bundle.passages import MAX_QUOTE, ReviewError
from chronicle.domain.events import parse_envelope
from chronicle.domain.sources import quote_mismatch
from tests.conftest import SHARED

NEWS = SHARED / "eval" / "news"
SCORER_DIR = SHARED / "eval" / "gold"

ITEM = """---
title: "Belarus and Laos sign a memorandum"
publisher: "Example News (example.org)"
url: "https://example.org/by-la"
published: "2024-05-02"
language: "en"
---

VIENTIANE, May 2. On 1 May 2024 the foreign ministers of Belarus and Laos signed a memorandum on
consultations between the two ministries. The trade between the two countries amounted to $3 million in 2023.
"""

GOLD = [
    {"type": "agreement.signed", "date": "2024-05-01", "parties": ["BY", "LA"], "actors": [],
     "quote": "On 1 May 2024 the foreign ministers of Belarus and Laos signed a memorandum on consultations",
     "reference": None},
    {"type": "figure.reported", "date": "2023", "parties": ["BY", "LA"], "actors": [],
     "figure": {"metric": "trade.turnover", "value": 3000000, "unit": "USD", "qualifier": None},
     "quote": "The trade between the two countries … amounted to $3 million in 2023", "reference": None},
]


@pytest.fixture(scope="module")
def scorer():
    return load_scorer(SCORER_DIR)


def news_dir(tmp_path: Path, gold: list[dict]) -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "corpus" / "n01_laos.txt").write_text(ITEM, encoding="utf-8")
    (tmp_path / "gold" / "n01_laos.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")
    return tmp_path


def test_each_gold_event_becomes_a_fact_citing_the_item_by_its_metadata(tmp_path, scorer):
    envelopes, counts = news_layer(news_dir(tmp_path, GOLD), scorer)
    assert counts["news_items"] == 1 and counts["news_facts"] == 2
    signed, trade = envelopes
    assert signed["idempotency_key"] == "news:n01:1" and trade["idempotency_key"] == "news:n01:2"
    assert (signed["type"], signed["date"], signed["parties"]) == ("agreement.signed", "2024-05-01", ["BY", "LA"])
    assert trade["figure"] == {"qualifier": None, "metric": "trade.turnover", "value": 3000000, "unit": "USD"}
    source = signed["citations"][0]["source"]
    assert source == {"title": "Belarus and Laos sign a memorandum", "publisher": "Example News (example.org)",
                      "url": "https://example.org/by-la", "published": "2024-05-02", "language": "en"}
    assert trade["citations"][0]["quote"] == "The trade between the two countries amounted to $3 million in 2023"
    text = news_items(tmp_path)[0].document.text
    for envelope in envelopes:
        parse_envelope(envelope)
        citation = envelope["citations"][0]
        assert quote_mismatch(text, citation["quote"], tuple(citation["span"])) is None
        assert "summary" not in envelope["attributes"]


def test_a_passage_joined_by_an_ellipsis_spans_its_pieces_when_short():
    text = "Alpha beta gamma. Delta epsilon zeta. Eta theta."
    quote, span = locate("Alpha beta … epsilon zeta", text, "here")
    assert quote == "Alpha beta gamma. Delta epsilon zeta" and text[span[0]:span[1]] == quote
    with pytest.raises(ReviewError, match="not in the text"):
        locate("Iota kappa", text, "here")


def test_an_item_without_gold_or_with_a_passage_not_in_it_is_refused(tmp_path, scorer):
    wrong = [{**GOLD[0], "quote": "a sentence the item does not have"}]
    with pytest.raises(ReviewError, match="n01_laos.txt gold event 1"):
        news_layer(news_dir(tmp_path, wrong), scorer)
    (tmp_path / "gold" / "n01_laos.jsonl").unlink()
    with pytest.raises(ReviewError, match="has no gold events"):
        news_items(tmp_path)


def test_the_shared_news_items_give_valid_short_cited_facts(scorer):
    if not NEWS.is_dir():
        pytest.fail(f"the news items are expected at {NEWS}")
    envelopes, counts = news_layer(NEWS, scorer)
    gold = sum(1 for p in (NEWS / "gold").glob("n*.jsonl") for line in p.read_text().splitlines() if line.strip())
    assert counts["news_items"] == 26 and counts["news_facts"] == gold == len(envelopes)
    assert 0 < counts["news_facts_with_importer_attributes"] < len(envelopes)
    for envelope in envelopes:
        parse_envelope(envelope)
        citation = envelope["citations"][0]
        assert 0 < len(citation["quote"]) <= MAX_QUOTE
        assert citation["source"]["url"].startswith("http") and citation["source"]["publisher"]
