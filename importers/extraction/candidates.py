"""A candidate event: what the extractor proposes, as the JSON line of the extraction contract."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from chronicle.domain.canonical import quote_key
from chronicle.domain.dates import DateError, PartialDate
from chronicle.domain.fact_types import COMMON_ATTRIBUTES, FACT_TYPES, REGISTRY
from chronicle.domain.fact_types import DOMAINS as FIELD_DOMAINS
from chronicle.domain.parties import PartyError, normalize_party

TYPES = FACT_TYPES
DOMAINS = FIELD_DOMAINS
ATTRIBUTE_KEYS = {entry.name: set(entry.attribute_keys) for entry in REGISTRY}
COMMON_KEYS = set(COMMON_ATTRIBUTES)


@dataclass(frozen=True, slots=True)
class Figure:
    metric: str
    value: float
    unit: str
    qualifier: str | None

    def to_json(self) -> dict:
        value = int(self.value) if float(self.value).is_integer() else round(self.value, 6)
        return {"metric": self.metric, "value": value, "unit": self.unit, "qualifier": self.qualifier}


@dataclass(frozen=True, slots=True)
class Reference:
    label: str
    title: str | None = None
    url: str | None = None

    def to_json(self) -> dict:
        return {"label": self.label, "title": self.title, "url": self.url}


@dataclass(frozen=True, slots=True)
class Candidate:
    type: str
    date: str
    parties: tuple[str, ...]
    quote: str
    span: tuple[int, int]
    actors: tuple[str, ...] = ()
    figure: Figure | None = None
    reference: Reference | None = None
    attributes: tuple[tuple[str, object], ...] = field(default=())

    @property
    def attrs(self) -> dict:
        return dict(self.attributes)

    def to_json(self) -> dict:
        """The contract line: GUIDELINES.md's fields plus span, reference and attributes."""
        allowed = ATTRIBUTE_KEYS.get(self.type, set()) | COMMON_KEYS
        attributes = {k: v for k, v in self.attributes if k in allowed and v not in (None, "")}
        out = {
            "type": self.type,
            "date": self.date,
            "parties": list(self.parties),
            "actors": list(self.actors),
        }
        if self.figure is not None:
            out["figure"] = self.figure.to_json()
        out["quote"] = self.quote
        out["span"] = [self.span[0], self.span[1]]
        out["reference"] = self.reference.to_json() if self.reference else None
        out["attributes"] = attributes
        return out

    def to_line(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)


def quote_matches(text: str, span: tuple[int, int], quote: str) -> bool:
    """The store's citation check: the quote is ``text[start:end]`` up to white space and hyphens."""
    start, end = span
    return 0 <= start < end <= len(text) and quote_key(text[start:end]) == quote_key(quote)


def passes_store_checks(candidate: Candidate, text: str) -> bool:
    """Whether a candidate passes the checks the store will make: type, date, parties, citation."""
    if candidate.type not in TYPES:
        return False
    try:
        PartialDate.parse(candidate.date)
        parties = [normalize_party(p) for p in candidate.parties]
    except (DateError, PartyError):
        return False
    if len(set(parties)) < 2:
        return False
    if (candidate.type == "figure.reported") != (candidate.figure is not None):
        return False
    return bool(candidate.quote) and quote_matches(text, candidate.span, candidate.quote)
