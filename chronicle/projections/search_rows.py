"""The search rows a batch of events adds and closes, and how they are written (for the projector).

One ``search_facts`` row per version of a fact (none for a retracted one), keyed by the position of the event
that made it; a correction or retraction closes the version it supersedes (``tx_to``), as the projector closes
the rows of ``relationship_facts``. The words of each version go to the engine's index in the same statement
batch: SQLite's FTS5 table ``search_index``, PostgreSQL's ``document`` column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chronicle.domain.canonical import canonical_json
from chronicle.domain.fact_types import FACT_TYPE
from chronicle.domain.versions import FactVersion
from chronicle.projections.search_text import facet_words, indexed_text, partners, result_payload, search_key
from chronicle.store.bulk import close_current_rows
from chronicle.store.dialect import INFINITE_POSITION, Dialect

if TYPE_CHECKING:
    from sqlalchemy import Connection

COLUMNS = "key, position, event_id, tx_to, type, domain, year, partners"
INSERT_SQLITE = f"INSERT INTO search_facts ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
INSERT_WORDS_SQLITE = "INSERT INTO search_index (rowid, body) VALUES (?, ?)"
INSERT_RESULT = "INSERT INTO search_results (key, payload) VALUES (?, ?)"
INSERT_POSTGRES = f"""
INSERT INTO search_facts ({COLUMNS}, document)
SELECT t.key, t.position, t.event_id, t.tx_to, t.type, t.domain, t.year, t.partners,
       to_tsvector('russian', t.body) || to_tsvector('english', t.body)
FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS text[]),
            CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS text[]))
     AS t(key, position, event_id, tx_to, type, domain, year, partners, body)
"""
INSERT_RESULTS_POSTGRES = "INSERT INTO search_results (key, payload) SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]))"
class SearchBatch:
    """The search rows of one batch, as the projector folds its events."""

    def __init__(self, sources: dict[str, tuple[str | None, str | None]]):
        self.sources = sources
        self._open: dict[str, list[list[Any]]] = {}  # by fact id: [position, version, tx_to]

    def close(self, fact_id: str, position: int) -> None:
        """A correction at ``position`` supersedes the fact's version opened in this batch, if any."""
        for row in self._open.get(fact_id, ()):
            if row[2] == INFINITE_POSITION:
                row[2] = position

    def open(self, version: FactVersion, position: int) -> None:
        if not version.retracted:
            self._open.setdefault(version.event_id, []).append([position, version, INFINITE_POSITION])

    def rows(self) -> list[tuple[Any, ...]]:
        out = []
        for rows in self._open.values():
            for position, version, tx_to in rows:
                domain = version.attributes.get("domain") or FACT_TYPE[version.type].default_domain
                earliest = version.date.earliest
                out.append((search_key(earliest, position), position, version.event_id, tx_to, version.type,
                            domain, earliest.year, partners(version.parties),
                            indexed_text(version, self.sources) + "\n" + facet_words(version, domain),
                            canonical_json(result_payload(version, self.sources))))
        out.sort(key=lambda row: row[0])
        return out


class SearchRows:
    """Reads what a batch needs (the cited sources' titles and publishers) and writes its rows."""

    def __init__(self, dialect: Dialect):
        self.dialect = dialect
        self._sources: dict[str, tuple[str | None, str | None]] = {}  # sources are immutable: kept once read

    def batch(self, conn: Connection, bodies: list[dict[str, Any]]) -> SearchBatch:
        keys = set()
        for body in bodies:
            for citation in body.get("citations", ()):
                keys.add(citation["source"])
            if "citation" in body:
                keys.add(body["citation"]["source"])
        missing = sorted(keys - self._sources.keys())
        for i in range(0, len(missing), 400):
            part = missing[i : i + 400]
            where, params = self.dialect.one_of("sha256", part, "text")
            sql = self.dialect.sql(f"SELECT sha256, title, publisher FROM sources WHERE {where}")
            for sha, title, publisher in conn.exec_driver_sql(sql, params):
                self._sources[sha] = (title, publisher)
        return SearchBatch(self._sources)

    def store(self, conn: Connection, closed: list[tuple[int, str]], rows: list[tuple[Any, ...]]) -> None:
        """Close the stored versions that the batch's corrections supersede, then add the batch's rows."""
        d = self.dialect
        close_current_rows(conn, d, "search_facts", closed)
        if not rows:
            return
        if d.name == "postgresql":
            columns = [list(column) for column in zip(*rows, strict=True)]
            conn.exec_driver_sql(d.sql(INSERT_POSTGRES), tuple(columns[:9]))
            conn.exec_driver_sql(d.sql(INSERT_RESULTS_POSTGRES), (columns[0], columns[9]))
            return
        conn.exec_driver_sql(INSERT_SQLITE, [row[:8] for row in rows])
        conn.exec_driver_sql(INSERT_WORDS_SQLITE, [(row[0], row[8]) for row in rows])
        conn.exec_driver_sql(INSERT_RESULT, [(row[0], row[9]) for row in rows])

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql("DELETE FROM search_facts")
        conn.exec_driver_sql("DELETE FROM search_results")
        if self.dialect.name == "sqlite":
            conn.exec_driver_sql("INSERT INTO search_index (search_index) VALUES ('delete-all')")
