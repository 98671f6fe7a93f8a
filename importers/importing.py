"""``chronicle import``: documents become cited events, one document per atomic append.

For each document: its candidates are turned into envelopes citing the document (stored with its full text
and SHA-256); candidates whose import key is already used are *skipped* (the document was imported before);
candidates that tell a fact already in the chronicle become ``citation.added`` on it (*corroborated*);
the rest are *added* as new facts. A candidate the store would refuse (an invalid field, a quote not at its
span) is *rejected* with its reason and the others go on. The whole document is then appended as one batch:
all of it, or — on an error — nothing.

This module never touches SQL: it talks to the chronicle through :class:`chronicle.application.Chronicle`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronicle.domain.canonical import canonical_json
from chronicle.domain.events import EnvelopeError, parse_envelope
from chronicle.domain.parties import states_of
from chronicle.domain.sources import quote_mismatch

from .extraction.candidates import Candidate
from .reading.documents import Document, document_paths, read_document
from .extraction.extractor import extract



@dataclass
class ImportReport:
    """What importing one document did (or, with ``dry_run``, would do)."""

    name: str
    source: str
    title: str | None
    dry_run: bool
    events: list[dict[str, Any]] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for e in self.events if e["action"] == action)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.name,
            "source": self.source,
            "title": self.title,
            "dry_run": self.dry_run,
            "added": self.count("added"),
            "corroborated": self.count("corroborated"),
            "skipped": self.count("skipped"),
            "rejected": self.count("rejected"),
            "events": self.events,
        }


def source_of(document: Document) -> dict[str, Any]:
    """The document as a source envelope: metadata and full text."""
    source = {
        "title": document.title,
        "publisher": document.publisher,
        "url": document.url,
        "published": document.published,
        "language": document.language,
        "text": document.text,
    }
    return {k: v for k, v in source.items() if v is not None}


def import_key(source_sha: str, candidate: Candidate) -> str:
    """A key that names one candidate of one document, the same at every import of that document."""
    identity = canonical_json(
        {
            "type": candidate.type,
            "date": candidate.date,
            "states": list(states_of(tuple(candidate.parties))),
            "span": list(candidate.span),
            "figure": candidate.figure.to_json() if candidate.figure else None,
        }
    )
    return f"import:{source_sha[:32]}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"


def _numbered(keys: list[str]) -> list[str]:
    """Keys made unique within one document: a repeat gets ``#2``, ``#3``, ... in extraction order."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out


def _citation(candidate: Candidate, source: dict[str, Any]) -> dict[str, Any]:
    line = candidate.to_json()
    return {"source": source, "quote": line["quote"], "span": line["span"], "reference": line["reference"]}


def _fact(candidate: Candidate, source: dict[str, Any], key: str) -> dict[str, Any]:
    line = candidate.to_json()
    envelope = {
        "type": line["type"],
        "date": line["date"],
        "parties": line["parties"],
        "actors": line["actors"],
        "attributes": line["attributes"],
        "citations": [_citation(candidate, source)],
        "idempotency_key": key,
    }
    if "figure" in line:
        envelope["figure"] = line["figure"]
    return envelope


def plan(chronicle, document: Document, name: str = "") -> tuple[ImportReport, list[dict[str, Any]]]:
    """Decide, for each candidate of a document, whether it is added, corroborated, skipped or rejected."""
    sha = hashlib.sha256(document.text.encode()).hexdigest()
    report = ImportReport(name or document.title or sha[:12], sha, document.title, dry_run=False)
    candidates = extract(document)
    full, by_key = source_of(document), {"sha256": sha}
    keys = _numbered([import_key(sha, c) for c in candidates])
    existing = chronicle.corroborator.existing_keys(keys)
    fresh: list[tuple[Candidate, str, dict[str, Any]]] = []
    for candidate, key in zip(candidates, keys, strict=True):
        line = {"type": candidate.type, "date": candidate.date, "parties": list(candidate.parties),
                "quote": candidate.quote}
        if key in existing:
            report.events.append({**line, "action": "skipped", "id": existing[key]})
            continue
        problem = quote_mismatch(document.text, candidate.quote, candidate.span)
        if problem:
            report.events.append({**line, "action": "rejected", "reason": problem})
            continue
        envelope = _fact(candidate, by_key, key)
        try:
            parsed = parse_envelope({**envelope, "citations": [_citation(candidate, full)]})
        except EnvelopeError as exc:
            report.events.append({**line, "action": "rejected", "reason": str(exc)})
            continue
        fresh.append((candidate, key, {"line": line, "envelope": envelope, "parsed": parsed}))
    matches = chronicle.corroborator.matches([item["parsed"] for _, _, item in fresh])
    envelopes: list[dict[str, Any]] = []
    for (candidate, key, item), target in zip(fresh, matches, strict=True):
        if target is None:
            envelopes.append(item["envelope"])
            report.events.append({**item["line"], "action": "added"})
        else:
            envelopes.append({"type": "citation.added", "target": target, "citation": _citation(candidate, by_key),
                              "idempotency_key": key})
            report.events.append({**item["line"], "action": "corroborated", "target": target})
    if envelopes:  # the first envelope carries the document itself; the others name it by key
        first = envelopes[0]
        if first["type"] == "citation.added":
            first["citation"]["source"] = full
        else:
            first["citations"][0]["source"] = full
    return report, envelopes


def import_document(chronicle, document: Document, name: str = "", *, dry_run: bool = False) -> ImportReport:
    """Import one document atomically (or, with ``dry_run``, only report what would happen)."""
    report, envelopes = plan(chronicle, document, name)
    report.dry_run = dry_run
    if dry_run or not envelopes:
        return report
    results = chronicle.append(envelopes).results
    written = iter(results)
    for event in report.events:
        if event["action"] in ("added", "corroborated"):
            result = next(written)
            event["id"] = result.id
            event["position"] = result.position
    return report


def import_paths(
    chronicle,
    paths: Iterable[str | Path],
    *,
    overrides: dict[str, Any] | None = None,
    dry_run: bool = False,
    on_done: Callable[[Path, ImportReport | None, str | None], None] | None = None,
) -> list[tuple[Path, ImportReport | None, str | None]]:
    """Import each document on its own; a failing document is reported and the others go on."""
    from .reading.decoding import DocumentError

    outcomes = []
    for path in document_paths(paths):
        try:
            report = import_document(chronicle, read_document(path, overrides), str(path), dry_run=dry_run)
            outcome = (path, report, None)
        except (DocumentError, EnvelopeError) as exc:
            outcome = (path, None, str(exc))
        outcomes.append(outcome)
        if on_done is not None:
            on_done(*outcome)
    return outcomes
