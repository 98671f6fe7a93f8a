"""The news layer of the bundle: the 26 news items of ``../shared/eval/news`` and their gold events.

The gold events of a news item were annotated and reviewed by hand (``../shared/eval/GUIDELINES.md``), so each
becomes a fact of the bundle as it is: its type, date, parties, actors and figure, cited with its passage in
the item. What gold does not annotate, the attributes (an agreement's title, a visitor, a meeting's kind), comes
from the importer where the importer proposes the same event (the scorer's own matching decides which), and
is left out where it does not. The importer's ``summary`` (a sentence of the article) is never bundled.

A news item is a source known by its metadata — the title, publisher, URL, date and language of its front
matter — with its quotes; its text stays in ``../shared``. Keys are ``news:<item>:<n>`` for the n-th gold
event of item ``nNN``, so that loading the layer twice appends nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bundle.passages import ELLIPSIS, GOLD_QUOTE_MAX, Passages, ReviewError, bundled_citation_parts, normalize_passage
from importers import read_document
from importers.extraction.candidates import passes_store_checks
from importers.reading.documents import Document
from importers.extraction.extractor import extract

SOURCE_FIELDS = ("title", "publisher", "url", "published", "language")
GIVEN_FIELDS = ("authors",)  # what the review's ``sources`` may add to an item's front matter (data/review.yaml)
UNBUNDLED_ATTRIBUTES = {"summary"}  # a sentence of the article: the quote is what the bundle keeps of its text


@dataclass
class NewsItem:
    id: str  # n01 ... n26
    path: Path
    document: Document
    gold: list[dict[str, Any]]
    given: dict[str, Any] = field(default_factory=dict)  # the review's additions (its authors)

    @property
    def source(self) -> dict[str, Any]:
        """The item as a source known by its metadata (no text)."""
        meta = {name: getattr(self.document, name) for name in SOURCE_FIELDS}
        meta.update({name: self.given[name] for name in GIVEN_FIELDS if self.given.get(name)})
        return {k: v for k, v in meta.items() if v is not None}


def news_items(news_dir: Path, given: dict[str, dict[str, Any]] | None = None) -> list[NewsItem]:
    """Every news item (``corpus/nNN_*.txt``) with its gold events (``gold/<same name>.jsonl``), in order;
    ``given`` maps an item (``n09``) to what the review adds to its metadata."""
    corpus, gold_dir = news_dir / "corpus", news_dir / "gold"
    paths = sorted(p for p in corpus.glob("n*.txt") if re.match(r"n\d\d_", p.name))
    if not paths:
        raise ReviewError(f"no news items (nNN_*.txt) in {corpus}")
    items = []
    for path in paths:
        gold_path = gold_dir / f"{path.stem}.jsonl"
        if not gold_path.is_file():
            raise ReviewError(f"{path.name} has no gold events ({gold_path} is missing)")
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        name = path.name.split("_", 1)[0]
        items.append(NewsItem(name, path, read_document(path), gold, dict((given or {}).get(name) or {})))
    return items


def locate(quote: str, text: str, where: str) -> tuple[str, list[int]]:
    """A gold passage as a citation of the text: its quote (pieces joined by an ellipsis become the text between
    them when that is short, else the first piece) and its span."""
    pieces = [p for p in ELLIPSIS.split(quote) if p.strip()]
    passages = Passages(text)
    first = passages.find(pieces[0]) if pieces else None
    if first is None:
        raise ReviewError(f"{where}: the gold passage {quote[:60]!r} is not in the text")
    if len(pieces) > 1:
        last = passages.find(pieces[-1], first[1])
        if last is not None and first[0] < last[1] and last[1] - first[0] <= GOLD_QUOTE_MAX:
            return normalize_passage(text[first[0] : last[1]]), [first[0], last[1]]
    return normalize_passage(text[first[0] : first[1]]), [first[0], first[1]]


def importer_attributes(item: NewsItem, scorer: Any) -> dict[int, dict[str, Any]]:
    """For each gold event the importer also proposes (the scorer's matching), the importer's attributes."""
    text = item.document.text
    proposed = [c.to_json() for c in extract(item.document) if passes_store_checks(c, text)]
    matching = scorer.max_matching(item.gold, proposed)
    return {
        g: {k: v for k, v in proposed[p]["attributes"].items() if k not in UNBUNDLED_ATTRIBUTES}
        for g, p in matching.items()
    }


def news_envelopes(item: NewsItem, scorer: Any) -> list[dict[str, Any]]:
    """The item's gold events as fact envelopes citing it."""
    attributes = importer_attributes(item, scorer)
    out = []
    for n, event in enumerate(item.gold, 1):
        where = f"{item.path.name} gold event {n}"
        quote, span = locate(event["quote"], item.document.text, where)
        quote, span = bundled_citation_parts(quote, span, item.document.text, None, where)
        citation: dict[str, Any] = {"source": item.source, "quote": quote, "span": span}
        reference = {k: v for k, v in (event.get("reference") or {}).items() if k in ("label", "title", "url") and v}
        if reference:
            citation["reference"] = {"label": None, "title": None, "url": None, **reference}
        envelope: dict[str, Any] = {
            "type": event["type"],
            "date": str(event["date"]),
            "parties": list(event["parties"]),
            "actors": list(event.get("actors") or []),
            "attributes": attributes.get(n - 1, {}),
        }
        if event.get("figure"):
            envelope["figure"] = {"qualifier": None, **event["figure"]}
        envelope["citations"] = [citation]
        envelope["idempotency_key"] = f"news:{item.id}:{n}"
        out.append(envelope)
    return out


def news_layer(news_dir: Path, scorer: Any, given: dict[str, dict[str, Any]] | None = None
               ) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every news item's envelopes, in item order, and their counts."""
    items = news_items(news_dir, given)
    envelopes = [e for item in items for e in news_envelopes(item, scorer)]
    counts = {
        "news_items": len(items),
        "news_facts": len(envelopes),
        "news_facts_with_importer_attributes": sum(1 for e in envelopes if e["attributes"]),
    }
    return envelopes, counts
