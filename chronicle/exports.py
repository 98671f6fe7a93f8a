"""Exports: the chronicle's facts as JSON lines or CSV, and its sources as CSL-JSON (for Zotero).

A fact is exported as it stands now: its corrections applied, retracted facts left out (unless asked for),
with its citations and its PLOVER category. Facts are read in position order, a page at a time, so an export
of a large chronicle runs in bounded memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from chronicle.domain.fact_types import FACT_TYPE, FACT_TYPES, REGISTRY
from chronicle.domain.parties import Relationship, states_of
from chronicle.domain.versions import FactVersion

# Our fact types in the PLOVER ontology of political events (docs/exports.md explains each choice).
PLOVER = {entry.name: entry.plover for entry in REGISTRY}

CSV_COLUMNS = [
    "id", "position", "type", "plover", "status", "date", "date_start", "date_end", "parties", "actors", "domain",
    "title_or_name", "metric", "value", "unit", "qualifier", "quote", "source_sha256", "source_title", "source_url",
    "reference_label", "reference_title", "reference_url", "citations",
]

PAGE = 2000

# A byte-order mark before a CSV tells spreadsheet programs (Excel above all) that the file is UTF-8, so that
# Cyrillic, Korean and other non-ASCII text opens ungarbled.
BOM = "\ufeff"


@dataclass(frozen=True)
class ExportFilter:
    relationship: Relationship | None = None
    as_of: date | None = None
    include_retracted: bool = False

    def admits(self, version: FactVersion) -> bool:
        if version.retracted and not self.include_retracted:
            return False
        if self.as_of is not None and version.date.earliest > self.as_of:
            return False
        if self.relationship is not None:
            states = states_of(version.parties)
            return self.relationship.a in states and self.relationship.b in states
        return True


def iter_facts(chronicle, selection: ExportFilter) -> Iterator[FactVersion]:
    """Every fact in position order, in its current version, that the filter admits."""
    recorder = chronicle.recorder
    after = 0
    while True:
        page = recorder.read(after, PAGE, types=FACT_TYPES)
        if not page:
            return
        with chronicle.db.read() as conn:
            versions = recorder.fetch_versions(conn, [e.id for e in page])
        for event in page:
            version = versions.get(event.id)
            if isinstance(version, FactVersion) and selection.admits(version):
                yield version
        after = page[-1].position


class SourceCatalog:
    """Source metadata by key, read once each."""

    def __init__(self, chronicle):
        self.records = chronicle.records
        self.cache: dict[str, dict[str, Any]] = {}

    def get(self, sha256: str) -> dict[str, Any]:
        if sha256 not in self.cache:
            self.cache[sha256] = self.records.source(sha256, with_text=False) or {"sha256": sha256}
        return self.cache[sha256]


def fact_json(version: FactVersion, sources: SourceCatalog) -> dict[str, Any]:
    out = version.to_json()
    out["plover"] = PLOVER[version.type]
    out["status"] = version.status
    out["domain"] = version.attributes.get("domain") or FACT_TYPE[version.type].default_domain
    out["citations"] = [
        {
            "quote": c["quote"],
            "span": c["span"],
            "reference": c.get("reference"),
            "source": {k: v for k, v in sources.get(c["source"]).items() if k != "citations"},
        }
        for c in version.citations
    ]
    return out


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    first = record["citations"][0] if record["citations"] else {}
    source = first.get("source", {})
    reference = first.get("reference") or {}
    figure = record.get("figure") or {}
    attributes = record.get("attributes", {})
    date_value = record["date"]
    start, _, end = date_value.partition("/")
    return {
        "id": record["id"],
        "position": record["position"],
        "type": record["type"],
        "plover": record["plover"] or "",
        "status": record["status"],
        "date": date_value,
        "date_start": start,
        "date_end": end or start,
        "parties": " ".join(record["parties"]),
        "actors": "; ".join(record["actors"]),
        "domain": record["domain"],
        "title_or_name": attributes.get("title") or attributes.get("name") or attributes.get("body") or "",
        "metric": figure.get("metric", ""),
        "value": figure.get("value", ""),
        "unit": figure.get("unit", ""),
        "qualifier": figure.get("qualifier") or "",
        "quote": first.get("quote", ""),
        "source_sha256": source.get("sha256", ""),
        "source_title": source.get("title") or "",
        "source_url": source.get("url") or "",
        "reference_label": reference.get("label") or "",
        "reference_title": reference.get("title") or "",
        "reference_url": reference.get("url") or "",
        "citations": len(record["citations"]),
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(value: Any) -> Any:
    """A text cell a spreadsheet would take for a formula (``=HYPERLINK(...)``, ``+1``, ``@SUM``), with a
    leading apostrophe so that it stays text (OWASP's advice for CSV injection); numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: list[dict[str, Any]], header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows({name: neutralized(value) for name, value in row.items()} for row in rows)
    return buffer.getvalue()


def _issued(published: str | None) -> dict[str, Any] | None:
    if not published:
        return None
    first = published.split("/")[0]
    return {"date-parts": [[int(part) for part in first.split("-")]]}


def csl_name(name: str) -> dict[str, str]:
    """A CSL name from an author as the chronicle keeps one: "Family, Given" for a person, an organization's
    name in one piece (a literal)."""
    family, comma, given = name.partition(",")
    if comma and family.strip() and given.strip():
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": name}


def csl_items(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CSL-JSON for the documents the records cite, and for the works their footnotes cite."""
    items: dict[str, dict[str, Any]] = {}
    for record in records:
        for citation in record["citations"]:
            source = citation["source"]
            key = f"chronicle-{source['sha256'][:16]}"
            if key not in items:
                item = {
                    "id": key,
                    "type": "webpage" if source.get("url") and not source.get("publisher") else "article",
                    "title": source.get("title") or source.get("url") or key,
                    "author": [csl_name(name) for name in source.get("authors") or []] or None,
                    "publisher": source.get("publisher"),
                    "URL": source.get("url"),
                    "issued": _issued(source.get("published")),
                    "language": source.get("language"),
                    "note": f"Chronicle source sha256:{source['sha256']}",
                }
                items[key] = {k: v for k, v in item.items() if v is not None}
            reference = citation.get("reference") or {}
            if reference.get("title") or reference.get("url"):
                cited_key = f"{key}-ref-{reference.get('label') or len(items)}"
                cited = {
                    "id": cited_key,
                    "type": "webpage" if reference.get("url") else "document",
                    "title": reference.get("title") or reference.get("url"),
                    "URL": reference.get("url"),
                    "note": f"Cited as [{reference.get('label')}] in {items[key]['title']}",
                }
                items.setdefault(cited_key, {k: v for k, v in cited.items() if v is not None})
    return list(items.values())
