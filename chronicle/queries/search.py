"""Full-text search over the facts, with facets, as of a date and as known at a moment.

The rows are ``search_facts`` (one per version of a fact, kept by the projector) and the words the engine's
index: SQLite's FTS5 table ``search_index``, PostgreSQL's ``document`` column. A version is visible as the
state's rows are (``queries.state.visible_rows``): its earliest day on or before ``as_of``, made at or
before position ``known`` and not superseded by then — a retracted fact is found only as known before its
retraction, a corrected one by its words of the time. Results are the newest facts first (the order of the
keys); facets count the matching facts by partner, type, domain and year, under every filter chosen, over the
newest :data:`COUNTED` matches at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from chronicle.domain.fact_types import FACT_TYPE
from chronicle.domain.parties import display_name, relationships_of
from chronicle.domain.wording import label
from chronicle.projections.search_text import facet_word, last_key_of, query_terms
from chronicle.queries.state import FAR_FUTURE
from chronicle.store.dialect import Dialect

if TYPE_CHECKING:
    from sqlalchemy import Connection

FACETS = ("partner", "type", "domain", "year")
# The matches counted, newest first: when more match, ``total`` is a lower bound (``total_exact`` false: the
# newest COUNTED + 1 are counted, by every facet). Counting costs a few microseconds a match, so this bounds a
# broad query's time (a partner's name matches every fact of the partner); a facet chosen narrows it to exact counts.
COUNTED = 5000


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
        return "search_facts AS s", f"s.document @@ ({' && '.join(groups)}) AND s.key <= ?", tuple(params)
    expression = " AND ".join("(" + " OR ".join(_fts5_string(f) for f in forms) + ")" for forms in terms)
    # the index's rowid is the key: its range is as_of, its order the results' (read backwards, newest first)
    return ("search_index CROSS JOIN search_facts AS s ON s.key = search_index.rowid",
            "search_index MATCH ? AND search_index.rowid <= ?", (expression,))


def _where(dialect: Dialect, terms, as_of: date | None, known: int, filters: SearchFilters) -> tuple[str, tuple]:
    source, match, params = _match(dialect, terms)
    conditions = [match, "s.position <= ?", "s.tx_to > ?"]
    params += (last_key_of(as_of or FAR_FUTURE), known, known)
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
    terms = query_terms(query) + [(facet_word(name, value),) for name, value in filters.chosen().items()]
    where, params = _where(dialect, terms, as_of, known, filters)
    order = "s.key DESC" if dialect.name == "postgresql" else "search_index.rowid DESC"
    # the newest COUNTED + 1 matches, counted by each facet in one statement (one walk of the index)
    newest = f"SELECT s.partners AS p, s.type AS t, s.domain AS d, s.year AS y {where} ORDER BY {order} LIMIT {COUNTED + 1}"
    counted = conn.exec_driver_sql(
        dialect.sql(f"WITH newest AS MATERIALIZED ({newest})"
                    " SELECT 'partner', p, CAST(NULL AS integer), COUNT(*) FROM newest GROUP BY p"
                    " UNION ALL SELECT 'type', t, NULL, COUNT(*) FROM newest GROUP BY t"
                    " UNION ALL SELECT 'domain', d, NULL, COUNT(*) FROM newest GROUP BY d"
                    " UNION ALL SELECT 'year', CAST(NULL AS text), y, COUNT(*) FROM newest GROUP BY y"),
        params,
    ).all()
    total = sum(row[3] for row in counted if row[0] == "type")
    rows = conn.exec_driver_sql(
        dialect.sql(f"SELECT s.key, s.event_id, s.position, s.type, s.domain {where} ORDER BY {order} LIMIT ? OFFSET ?"),
        (*params, limit, offset),
    ).all()
    shown: dict[int, str] = {}
    if rows:
        keys, more = dialect.one_of("key", [row[0] for row in rows], "bigint")
        shown = dict(conn.exec_driver_sql(dialect.sql(f"SELECT key, payload FROM search_results WHERE {keys}"), more).all())
    return {"total": total, "total_exact": total <= COUNTED,
            "results": [_result(*row[1:], shown[row[0]]) for row in rows],
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
    for facet, text, number, n in counted:
        if facet == "partner":
            for code in text.strip("|").split("|"):
                if code:
                    sums["partner"][code] = sums["partner"].get(code, 0) + n
        else:
            sums[facet][int(number) if facet == "year" else text] = n
    names = {"partner": display_name, "type": lambda t: FACT_TYPE[t].label, "domain": label, "year": str}
    out = {}
    for facet, counts in sums.items():
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out[facet] = [{"value": value, "name": names[facet](value), "count": n} for value, n in ordered]
    return out
