"""Full-text search over the facts, with facets, as of a date and as known at a moment.

The rows are ``search_facts`` (one per version of a fact, kept by the projector) and the words the engine's
index: SQLite's FTS5 table ``search_index``, PostgreSQL's ``document`` column. A version is visible as the
state's rows are (``queries.state.visible_rows``): its earliest day on or before ``as_of``, made at or
before position ``known`` and not superseded by then — a retracted fact is found only as known before its
retraction, a corrected one by its words of the time. Results are the newest facts first; facets count the
matching facts by partner, type, domain and year, under every filter chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Connection

from chronicle.domain.fact_types import FACT_TYPE
from chronicle.domain.parties import display_name, relationships_of
from chronicle.domain.wording import label
from chronicle.projections.search_text import query_terms
from chronicle.queries.state import FAR_FUTURE
from chronicle.store.dialect import Dialect

FACETS = ("partner", "type", "domain", "year")


@dataclass(frozen=True)
class SearchFilters:
    partner: str | None = None
    type: str | None = None
    domain: str | None = None
    year: int | None = None

    def chosen(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FACETS if getattr(self, name) is not None}


def _fts5_string(form: str) -> str:
    return '"' + form.replace('"', '""') + '"'


def _match(dialect: Dialect, terms: list[tuple[str, ...]]) -> tuple[str, str, tuple[Any, ...]]:
    """The FROM clause, the matching condition and its parameters for the query's terms."""
    if dialect.name == "postgresql":
        groups, params = [], []
        for forms in terms:
            groups.append("(" + " || ".join(
                "plainto_tsquery('russian', ?) || plainto_tsquery('english', ?)" for _ in forms) + ")")
            params += [f for form in forms for f in (form, form)]
        return "search_facts AS s", f"s.document @@ ({' && '.join(groups)})", tuple(params)
    expression = " AND ".join("(" + " OR ".join(_fts5_string(f) for f in forms) + ")" for forms in terms)
    return ("search_index CROSS JOIN search_facts AS s ON s.position = search_index.rowid",
            "search_index MATCH ?", (expression,))


def _where(dialect: Dialect, terms, as_of: date | None, known: int, filters: SearchFilters) -> tuple[str, tuple]:
    source, match, params = _match(dialect, terms)
    conditions = [match, "s.date_start <= ?", "s.position <= ?", "s.tx_to > ?"]
    params += (dialect.encode_date(as_of or FAR_FUTURE), known, known)
    if filters.partner is not None:
        conditions.append("s.partners LIKE ?")
        params += (f"%|{filters.partner}|%",)
    for column in ("type", "domain", "year"):
        value = getattr(filters, column)
        if value is not None:
            conditions.append(f"s.{column} = ?")
            params += (value,)
    return f"FROM {source} WHERE {' AND '.join(conditions)}", params


def search(
    conn: Connection,
    dialect: Dialect,
    query: str,
    *,
    as_of: date | None,
    known: int,
    filters: SearchFilters,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """The facts matching every word of ``query`` (in any of its forms): ``total``, a page of ``results`` and
    the ``facets``, each a list of ``{value, name, count}`` by count."""
    terms = query_terms(query)
    where, params = _where(dialect, terms, as_of, known, filters)
    counted = conn.exec_driver_sql(
        dialect.sql(f"SELECT s.partners, s.type, s.domain, s.year, COUNT(*) {where}"
                    " GROUP BY s.partners, s.type, s.domain, s.year"),
        params,
    ).all()
    rows = conn.exec_driver_sql(
        dialect.sql(f"SELECT s.event_id, s.position, s.type, s.domain, s.payload {where}"
                    " ORDER BY s.date_start DESC, s.position DESC LIMIT ? OFFSET ?"),
        (*params, limit, offset),
    ).all()
    return {"total": sum(row[4] for row in counted), "results": [_result(*row) for row in rows],
            "facets": _facets(counted)}


def _result(event_id: str, position: int, type_: str, domain: str, payload: str) -> dict[str, Any]:
    shown = orjson.loads(payload)
    return {
        "id": event_id,
        "position": position,  # of the event that made this version (the fact or its correction)
        "type": type_,
        "label": FACT_TYPE[type_].label,
        "domain": domain,
        **shown,
        "relationships": [r.parties for r in relationships_of(shown["parties"])],
    }


def _facets(counted: list[Any]) -> dict[str, list[dict[str, Any]]]:
    sums: dict[str, dict[Any, int]] = {name: {} for name in FACETS}
    for partners, type_, domain, year, n in counted:
        for value, name in ((type_, "type"), (domain, "domain"), (int(year), "year")):
            sums[name][value] = sums[name].get(value, 0) + n
        for code in partners.strip("|").split("|"):
            if code:
                sums["partner"][code] = sums["partner"].get(code, 0) + n
    names = {"partner": display_name, "type": lambda t: FACT_TYPE[t].label, "domain": label, "year": str}
    out = {}
    for facet, counts in sums.items():
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out[facet] = [{"value": value, "name": names[facet](value), "count": n} for value, n in ordered]
    return out
