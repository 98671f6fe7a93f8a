"""Imports into the review queue (the default of ``chronicle import`` and ``POST /api/imports``).

The document is read and extracted as for a direct import; each candidate becomes a *proposal* — the fact it
would append, with its passage, the work the passage cites and the importer's reasons — and the document and
its proposals are stored in the review queue through :meth:`chronicle.application.Chronicle.queue_document`.
Nothing enters the event log until a person decides (see ``docs/review.md``). A candidate the store would
refuse (a quote not at its span, an invalid field) is not queued; it is reported with its reason.

The importer's *reasons* for a proposal are what it knew beyond the fact's fields: the hints it used while
extracting (the item it names, ...), the precision of the date and whether the passage cites a work.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from chronicle.domain.events import EnvelopeError, parse_envelope
from chronicle.domain.sources import quote_mismatch

from .candidates import ATTRIBUTE_KEYS, COMMON_KEYS, Candidate
from .documents import Document
from .extractor import extract
from .importing import _citation, _fact, _numbered, import_key, source_of

PRECISION = {4: "year", 7: "month", 10: "day"}


@dataclass
class QueueReport:
    name: str
    document: str | None = None
    source: str | None = None
    queued: bool = False
    proposals: int = 0
    source_match: str | None = None
    refused: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "document": self.document, "source": self.source, "queued": self.queued,
                "proposals": self.proposals, "source_match": self.source_match, "refused": self.refused}


def reasons(candidate: Candidate) -> list[str]:
    allowed = ATTRIBUTE_KEYS.get(candidate.type, set()) | COMMON_KEYS
    out = [f"{k.lstrip('_')}: {v}" for k, v in candidate.attributes if k not in allowed and v not in (None, "")]
    out.append(f"dated to the {PRECISION.get(len(candidate.date), 'period')} by the passage")
    if candidate.reference is not None:
        out.append(f"the passage cites [{candidate.reference.label}]" + (f" {candidate.reference.title}"
                                                                           if candidate.reference.title else ""))
    return out


def proposals_of(document: Document) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The document's candidates as proposals, and the candidates refused (with their reasons)."""
    sha = hashlib.sha256(document.text.encode()).hexdigest()
    candidates = extract(document)
    keys = _numbered([import_key(sha, c) for c in candidates])
    full = source_of(document)
    proposals, refused = [], []
    for candidate, key in zip(candidates, keys, strict=True):
        line = candidate.to_json()
        problem = quote_mismatch(document.text, candidate.quote, candidate.span)
        if problem is None:
            envelope = _fact(candidate, full, key)
            try:
                parse_envelope({**envelope, "citations": [_citation(candidate, full)]})
            except EnvelopeError as exc:
                problem = str(exc)
        if problem is not None:
            refused.append({"type": candidate.type, "date": candidate.date, "quote": candidate.quote, "reason": problem})
            continue
        fields = {k: line[k] for k in ("type", "date", "parties", "actors", "attributes", "figure") if k in line}
        proposals.append({"envelope": fields, "quote": line["quote"], "span": line["span"],
                          "reference": line["reference"], "reasons": reasons(candidate), "import_key": key})
    return proposals, refused


def queue_document(chronicle, document: Document, name: str = "", *, by: str) -> QueueReport:
    """Store one document and its proposals in the review queue (a document queued before adds nothing)."""
    proposals, refused = proposals_of(document)
    meta = {k: v for k, v in source_of(document).items() if k != "text"}
    queued = chronicle.queue_document({"name": name or document.title, "text": document.text, **meta}, proposals, by=by)
    return QueueReport(name or queued.id, queued.id, queued.source, queued.new, queued.proposals,
                       queued.source_match, refused)
