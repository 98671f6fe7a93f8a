"""Finding a quote in a text as the store compares quotes, and trimming long quotes with their spans."""

from __future__ import annotations

import pytest

from bundle.passages import MAX_QUOTE, Passages, ReviewError, bundled_citation_parts, normalize_passage, trim
from chronicle.domain.sources import quote_mismatch

TEXT = "Первая фраза.\nВ июле 2021 года палата и ассо-\nциация создали совет делового сотрудничества. Третья."


def test_a_quote_is_found_across_line_breaks_and_hyphenation():
    passages = Passages(TEXT)
    (span,) = passages.find_all("палата и ассоциация создали совет")
    assert TEXT[span[0] : span[1]].startswith("палата") and TEXT[span[0] : span[1]].endswith("совет")
    assert passages.find("нет такого") is None
    assert normalize_passage("ассо-\nциация  создали\nсовет") == "ассоциация создали совет"


def test_the_nearest_of_several_occurrences_is_found():
    text = "trade grew. " * 3
    passages = Passages(text)
    assert len(passages.find_all("trade grew")) == 3
    assert passages.find("trade grew", near=25)[0] == 24


def test_a_long_quote_is_cut_at_a_sentence_end_with_its_span():
    sentence = "Belarus and Korea signed an agreement on cooperation in science and technology. "
    text = "Intro. " + sentence * 5
    start = len("Intro. ")
    quote = (sentence * 5).strip()
    short, span = trim(quote, [start, start + len(quote)], text)
    assert len(short) <= MAX_QUOTE and short.endswith("technology.")
    assert quote_mismatch(text, short, tuple(span)) is None
    assert trim("short", [0, 5], "short text") == ("short", [0, 5])


def test_a_citation_that_does_not_match_its_text_is_refused():
    with pytest.raises(ReviewError, match="n99"):
        bundled_citation_parts("something else", [0, 5], "short text", None, "n99")
