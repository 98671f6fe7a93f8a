"""Envelopes for tests: a source text and facts that quote it at the right span."""

from __future__ import annotations

import hashlib
from typing import Any

TEXT = (
    "Diplomatic relations were established on 10 February 1992. "
    "The embassy of Belarus in Seoul opened in December 1997. "
    "The business council was set up in 2009 and held its first session in 2010. "
    "In 2019 trade amounted to 182 million dollars. "
    "Another estimate put 2019 trade at 175 million dollars. "
    "The agreement on trade was signed in 2015 and entered into force in 2016. "
    "The minister visited Minsk in May 2019. "
    "Export controls were imposed in 2022. "
)

SOURCE = {"title": "A test article", "publisher": "Test Press", "url": "https://example.org/a", "published": "2024",
          "language": "en", "text": TEXT}
SOURCE_KEY = hashlib.sha256(TEXT.encode()).hexdigest()


def citation(quote: str, *, text: str = TEXT, source: dict[str, Any] | None = None, label: str | None = None) -> dict:
    start = text.find(quote)
    start = max(start, 0)  # a quote not in the text gets a span anyway, for tests of the quote check
    return {
        "source": source if source is not None else {"sha256": hashlib.sha256(text.encode()).hexdigest()},
        "quote": quote,
        "span": [start, start + len(quote)],
        "reference": {"label": label} if label else None,
    }


def first_citation(quote: str, **kw) -> dict:
    """A citation that carries the whole source (for the first event that cites it)."""
    return citation(quote, source=SOURCE, **kw)


def fact(type_: str, date: str, parties: list[str], quote: str, *, full_source: bool = True, **fields: Any) -> dict:
    cite = first_citation(quote) if full_source else citation(quote)
    return {"type": type_, "date": date, "parties": parties, "citations": [cite], **fields}


def figure(date: str, value: float, quote: str, *, metric: str = "trade.turnover", parties=("BY", "KR"), **fields) -> dict:
    return fact(
        "figure.reported", date, list(parties), quote,
        figure={"metric": metric, "value": value, "unit": "USD", "qualifier": None}, **fields,
    )


def retraction(target: str, reason: str = "wrong") -> dict:
    return {"type": "event.retracted", "target": target, "reason": reason}


def correction(target: str, reason: str = "fix", **changes: Any) -> dict:
    return {"type": "event.corrected", "target": target, "reason": reason, "changes": changes}


def added_citation(target: str, quote: str) -> dict:
    return {"type": "citation.added", "target": target, "citation": citation(quote)}
