"""The words a fact is indexed by, made part by part (the projector's path), are those of its whole document."""

from __future__ import annotations

import pytest

from chronicle.domain.dates import PartialDate
from chronicle.domain.versions import FactVersion
from chronicle.projections.search_text import document, document_parts, indexed_text, normalize

SOURCES = {"s1": ("Визит в Сеул", "БелТА"), "s2": ("Trade talks", None)}


def version(quote: str, source: str, actors: tuple[str, ...] = ()) -> FactVersion:
    citation = {"source": source, "quote": quote, "span": None, "reference": {"label": "p. 2"}, "position": 1}
    return FactVersion("00000000-0000-4000-8000-000000000001", 1, "meeting.held", PartialDate.parse("2019-06"),
                       ("BY", "KR"), actors, {"format": "talks", "venue": "Минск_центр"}, None, (citation,))


@pytest.mark.parametrize(
    "quote, source, actors",
    [
        ("Стороны обсудили торговлю с Кореей.", "s1", ("Министр Иванов",)),
        ("The two sides discussed trade.", "s2", ()),  # Russian words only from the parties' names
        ("— … —", "s2", ("«»",)),  # parts without a word
        ("", "missing", ()),
    ],
)
def test_indexed_text_is_the_normalized_document(quote, source, actors):
    fact = version(quote, source, actors)
    assert indexed_text(fact, SOURCES) == normalize(document(fact, SOURCES))
    assert "\n".join(document_parts(fact, SOURCES)) == document(fact, SOURCES)
    # the second time the parts' terms come from the cache, the same
    assert indexed_text(fact, SOURCES) == normalize(document(fact, SOURCES))
