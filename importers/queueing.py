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

from .extraction.candidates import ATTRIBUTE_KEYS, COMMON_KEYS, Candidate
from .reading.documents import Document
from .extraction.extractor import extract
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


def queue_paths(chronicle, paths, *, by: str, overrides: dict[str, Any] | None = None, on_done=None, accept=False):
    """Queue (with ``accept``: queue and accept unseen) each document on its own; a failing document is reported
    and the others go on."""
    step = accept_document if accept else queue_document
    from .reading.decoding import DocumentError
    from .reading.documents import document_paths, read_document

    outcomes = []
    for path in document_paths(paths):
        try:
            outcome = (path, step(chronicle, read_document(path, overrides), str(path), by=by), None)
        except (DocumentError, EnvelopeError, ValueError) as exc:
            outcome = (path, None, str(exc))
        outcomes.append(outcome)
        if on_done is not None:
            on_done(*outcome)
    return outcomes


OUTCOME_ACTIONS = {"added": "added", "corroborated": "corroborated", "known": "skipped"}


def accept_document(chronicle, document: Document, name: str = "", *, by: str):
    """``chronicle import --accept``: queue the document, then accept every open proposal unseen, in one batch.

    The same rules as a review decide what each proposal appends (a new fact, a corroboration, or nothing when
    the chronicle already has it from this source), so a document the chronicle knows adds no duplicate source
    and no duplicate fact. The report is a direct import's: added, corroborated, skipped, rejected.
    """
    from chronicle.review.queue import ReviewError

    from .importing import ImportReport

    queued = queue_document(chronicle, document, name, by=by)
    report = ImportReport(name or document.title or queued.document, queued.source, document.title, dry_run=False)
    try:
        result = chronicle.accept_rest(queued.document, by=by, reviewed=False)
        decided = {d["proposal"]: d for d in result.decisions}
    except ReviewError:
        decided = {}
    for proposal in chronicle.review_document(queued.document)["proposals"]:
        line = {k: proposal["envelope"].get(k) for k in ("type", "date", "parties")} | {"quote": proposal["quote"]}
        now = decided.get(proposal["id"])
        if now is None:  # decided before (an earlier import or review)
            before = proposal["decision"] or {}
            action = "rejected" if before.get("action") == "rejected" else "skipped"
            report.events.append({**line, "action": action, "id": before.get("event_id")})
            continue
        event = {**line, "action": OUTCOME_ACTIONS[now["outcome"]], "id": now["event_id"]}
        if now["target"]:
            event["target"] = now["target"]
        report.events.append(event)
    for refused in queued.refused:
        report.events.append({**refused, "action": "rejected"})
    return report
