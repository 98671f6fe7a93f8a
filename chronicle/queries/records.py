"""Reads of the records behind the state: one event with its citations and corrections, its provenance,
sources, the list of relationships and a relationship's timeline."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import orjson

from chronicle.domain.clock import format_timestamp
from chronicle.domain.events import FACT_TYPES
from chronicle.domain.sources import authors_of
from chronicle.domain.parties import ASIA, Relationship, display_name, is_home, is_multilateral, partner_of
from chronicle.domain.versions import FactVersion
from chronicle.queries.state import FAR_FUTURE, LATEST
from chronicle.store.database import Database
from chronicle.store.dialect import INFINITE_POSITION
from chronicle.store.recorder import Recorder

if TYPE_CHECKING:
    from sqlalchemy import Connection

SOURCE_FIELDS = "sha256, title, publisher, url, published, language, recorded_at, authors"
SOURCE_COLUMNS = len(SOURCE_FIELDS.split(", "))
# A source's text: its own, or the text attached later to a source first known by its metadata (here, or on
# another chronicle and copied by sync).
TEXT = "COALESCE(s.text, t.text, r.text)"
SOURCE_TEXT = (
    "COALESCE(s.text, (SELECT t.text FROM source_texts t WHERE t.source_sha256 = s.sha256),"
    " (SELECT r.text FROM replicated_source_texts r WHERE r.source_sha256 = s.sha256))"
)
# The positions whose citations support a fact: its own, and those of the citation.added events targeting it.
CITING_POSITIONS = (
    "SELECT position FROM events WHERE id = ?"
    " UNION SELECT position FROM events WHERE target_id = ? AND type = 'citation.added'"
)


class RecordReader:
    def __init__(self, db: Database, recorder: Recorder, fresh: Callable[[], object] | None = None):
        self.db = db
        self.recorder = recorder
        self.d = recorder.dialect
        self._fresh = fresh or (lambda: None)  # brings the projection up to the head before it is read

    # -- events -----------------------------------------------------------------------------------------------

    def event(self, event_id: str) -> dict[str, Any] | None:
        """An event with every citation of it (original and added later) and its correction status."""
        with self.db.read() as conn:
            stored = self.recorder.get(event_id, conn)
            if stored is None:
                return None
            out = stored.to_json()
            if stored.type not in FACT_TYPES:
                return out
            version = self.recorder.fetch_versions(conn, [event_id])[event_id]
            assert isinstance(version, FactVersion)
            out["status"] = version.status
            out["current"] = version.to_json()
            out["citations_all"] = self.citations(conn, event_id)
            return out

    def citations(self, conn: Connection, event_id: str) -> list[dict[str, Any]]:
        """Every citation of a fact, original and added later, with its source and when it was recorded."""
        d = self.d
        source_fields = ", ".join(f"s.{f}" for f in SOURCE_FIELDS.split(", "))
        rows = conn.exec_driver_sql(
            d.sql(
                "SELECT c.position, c.ordinal, c.quote, c.span_start, c.span_end, c.ref_label, c.ref_title, c.ref_url,"
                f" e.recorded_at, e.id, {SOURCE_TEXT} IS NOT NULL, {source_fields}"
                " FROM citations c JOIN events e ON e.position = c.position"
                " JOIN sources s ON s.sha256 = c.source_sha256"
                f" WHERE c.position IN ({CITING_POSITIONS}) ORDER BY c.position, c.ordinal"
            ),
            (event_id, event_id),
        )
        return [
            {
                "position": position,
                "ordinal": ordinal,
                "recorded_by": by_id,
                "recorded_at": format_timestamp(d.decode_timestamp(recorded_at)),
                "quote": quote,
                "span": [start, end],
                "reference": {"label": label, "title": ref_title, "url": ref_url},
                "source": {**self._source_json(source), "has_text": bool(has_text)},
            }
            for (position, ordinal, quote, start, end, label, ref_title, ref_url, recorded_at, by_id, has_text,
                 *source) in rows
        ]

    # -- sources ----------------------------------------------------------------------------------------------

    def _source_json(self, row: Any) -> dict[str, Any]:
        sha, title, publisher, url, published, language, recorded_at, authors = row[:SOURCE_COLUMNS]
        return {
            "sha256": sha,
            "title": title,
            "publisher": publisher,
            "url": url,
            "published": published,
            "language": language,
            "authors": authors_of(authors) or [],
            "recorded_at": format_timestamp(self.d.decode_timestamp(recorded_at)),
        }

    def sources(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        self._fresh()
        with self.db.read() as conn:
            rows = conn.exec_driver_sql(
                self.d.sql(
                    f"SELECT {SOURCE_FIELDS}, {SOURCE_TEXT} IS NOT NULL,"
                    " (SELECT COUNT(DISTINCT event_id) FROM source_citations c WHERE c.source_sha256 = s.sha256)"
                    " FROM sources s ORDER BY recorded_at, sha256 LIMIT ? OFFSET ?"
                ),
                (limit, offset),
            ).all()
        return [{**self._source_json(r), "has_text": bool(r[SOURCE_COLUMNS]), "events": r[SOURCE_COLUMNS + 1]}
                for r in rows]

    def source(self, sha256: str, *, with_text: bool = True) -> dict[str, Any] | None:
        self._fresh()
        with self.db.read() as conn:
            row = conn.exec_driver_sql(
                self.d.sql(f"SELECT {SOURCE_FIELDS}, {SOURCE_TEXT} FROM sources s WHERE sha256 = ?"), (sha256,)
            ).first()
            if row is None:
                return None
            out = self._source_json(row)
            out["has_text"] = row[SOURCE_COLUMNS] is not None
            if with_text:
                out["text"] = row[SOURCE_COLUMNS]
            out["citations"] = [
                {"event_id": event_id, "position": position, "quote": quote, "span": [start, end], "label": label}
                for event_id, position, quote, start, end, label in conn.exec_driver_sql(
                    self.d.sql(
                        "SELECT sc.event_id, c.position, c.quote, c.span_start, c.span_end, c.ref_label"
                        " FROM source_citations sc JOIN citations c ON c.position = sc.position AND c.ordinal = sc.ordinal"
                        " WHERE sc.source_sha256 = ? ORDER BY c.span_start, c.position"
                    ),
                    (sha256,),
                )
            ]
            return out

    # -- relationships ----------------------------------------------------------------------------------------

    def relationships(self, *, include_all: bool = False) -> list[dict[str, Any]]:
        """Belarus's relationships (``include_all``: every pair of states that shares an event) with current
        event counts, first and last event dates, and counts per year; each says Belarus's ``partner`` in it
        (None for a pair without Belarus) and whether that partner is in Asia."""
        self._fresh()
        with self.db.read() as conn:
            years: dict[str, dict[int, int]] = {}
            for rel, year, count in conn.exec_driver_sql(
                "SELECT relationship, year, events FROM relationship_years ORDER BY relationship, year"
            ):
                years.setdefault(rel, {})[year] = count
            rows = conn.exec_driver_sql(
                "SELECT relationship, events, first_date, last_date FROM relationship_summary"
                " ORDER BY events DESC, relationship"
            ).all()
        out = []
        for rel, count, first, last in rows:
            relationship = Relationship.from_key(rel)
            home = is_home(relationship)
            if not home and not include_all:
                continue
            partner = partner_of(relationship) if home else None
            out.append(
                {
                    "relationship": relationship.parties,
                    "names": [display_name(relationship.a), display_name(relationship.b)],
                    "partner": partner,
                    "asian": partner in ASIA,
                    "events": count,
                    "first_event": _iso(self.d.decode_date(first)),
                    "last_event": _iso(self.d.decode_date(last)),
                    "years": {str(y): n for y, n in sorted(years.get(rel, {}).items())},
                }
            )
        return out

    def activity(
        self, year_from: int, year_to: int, *, as_of: date | None = None, known: int = LATEST
    ) -> dict[str, int]:
        """Belarus's partners, each with its number of facts whose earliest day falls in ``year_from`` ..
        ``year_to`` (and not after ``as_of``), as the chronicle knew them at position ``known``; a partner of a
        relationship with no such facts has 0."""
        self._fresh()
        d = self.d
        upper = min(x for x in (date(year_to, 12, 31), as_of, FAR_FUTURE) if x is not None)
        sql = (
            "SELECT relationship, COUNT(DISTINCT event_id) FROM relationship_facts"
            " WHERE date_start >= ? AND date_start <= ? AND tx_from <= ? AND tx_to > ? GROUP BY relationship"
        )
        with self.db.read() as conn:
            counts = dict(conn.exec_driver_sql(
                d.sql(sql), (d.encode_date(date(year_from, 1, 1)), d.encode_date(upper), known, known)
            ).all())
            keys = [r for (r,) in conn.exec_driver_sql("SELECT relationship FROM relationship_summary")]
        out = {}
        for key in sorted(set(keys) | set(counts)):
            relationship = Relationship.from_key(key)
            if is_home(relationship):
                out[partner_of(relationship)] = int(counts.get(key, 0))
        return out

    def timeline(
        self,
        relationship: Relationship,
        *,
        as_of: date | None = None,
        known: int = LATEST,
        date_from: date | None = None,
        date_to: date | None = None,
        types: list[str] | None = None,
        domain: str | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """The facts of a relationship in date order, as they stood at position ``known`` and as of ``as_of``
        (the point in both times first), narrowed to the dates from ``date_from`` to ``date_to``, to ``types``
        and to ``domain``."""
        self._fresh()
        d = self.d
        upper = min(x for x in (date_to, as_of, FAR_FUTURE) if x is not None)
        where = ["relationship = ?", "date_start <= ?", "tx_from <= ?", "tx_to > ?"]
        params: list[Any] = [relationship.key, d.encode_date(upper), known, known]
        if date_from is not None:
            where.append("date_end >= ?")
            params.append(d.encode_date(date_from))
        if types:
            where.append(f"type IN ({d.placeholders(len(types))})")
            params.extend(types)
        if domain:
            where.append("domain = ?")
            params.append(domain)
        sql = (
            "SELECT section, domain, position, date_start, date_end, payload FROM relationship_facts"
            f" WHERE {' AND '.join(where)} ORDER BY date_start, position LIMIT ? OFFSET ?"
        )
        params.extend([limit, offset])
        with self.db.read() as conn:
            rows = conn.exec_driver_sql(d.sql(sql), tuple(params)).all()
        out = []
        for section, domain_name, position, start, end, payload in rows:
            item = orjson.loads(payload)
            item.update(
                {
                    "section": section,
                    "domain": domain_name,
                    "position": position,
                    "uncertain": as_of is not None and d.decode_date(start) <= as_of < d.decode_date(end),
                    "multilateral": is_multilateral(item.get("parties", [])),
                }
            )
            out.append(item)
        return out

    def corrections_of(self, event_id: str) -> list[dict[str, Any]]:
        """A fact's corrections and retraction, in position order, each with its reason (none for another event)."""
        with self.db.read() as conn:
            version = self.recorder.fetch_versions(conn, [event_id]).get(event_id)
        return version.to_json()["corrections"] if isinstance(version, FactVersion) else []

    def actor_facts(self, name: str, *, limit: int = 1000) -> list[dict[str, Any]]:
        """The current facts that name ``name`` among their actors (exactly), in date order, each once with
        every relationship it belongs to."""
        self._fresh()
        token = orjson.dumps(name).decode()  # the name as the payload's JSON writes it, quotes included
        pattern = "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql = (
            "SELECT relationship, payload, domain FROM relationship_facts"
            " WHERE tx_to = ? AND payload LIKE ? ESCAPE '\\' ORDER BY date_start, position"
        )
        facts: dict[str, dict[str, Any]] = {}
        with self.db.read() as conn:
            for relationship, payload, domain in conn.exec_driver_sql(self.d.sql(sql), (INFINITE_POSITION, pattern)):
                item = orjson.loads(payload)
                if name not in item.get("actors", []):
                    continue  # the name in another field, or inside a longer name
                fact = facts.setdefault(item["id"], {**item, "domain": domain, "relationships": [],
                                                     "multilateral": is_multilateral(item.get("parties", []))})
                fact["relationships"].append(Relationship.from_key(relationship).parties)
                if len(facts) > limit:
                    break
        return list(facts.values())[:limit]

    def known_position(self, known_at: datetime | None) -> int:
        """The position ``timeline`` takes as ``known`` for a transaction time (``LATEST`` for None)."""
        if known_at is None:
            return LATEST
        with self.db.read() as conn:
            return self.recorder.position_at(known_at, conn)

    # -- provenance -------------------------------------------------------------------------------------------

    def provenance(self, event_id: str, context: int = 300) -> dict[str, Any] | None:
        """Every citation of a fact (original and added later) with its document, the cited work, when each was
        recorded, and up to ``context`` characters of the document each side of the span where its text is
        stored. A correction has no citations of its own here: its target's are the ones that count."""
        n = int(context)
        before_start = f"CASE WHEN c.span_start > {n} THEN c.span_start - {n} + 1 ELSE 1 END"
        before_length = f"CASE WHEN c.span_start > {n} THEN {n} ELSE c.span_start END"
        sql = (
            f"SELECT c.position, c.ordinal, s.recorded_at, SUBSTR({TEXT}, {before_start}, {before_length}),"
            f" SUBSTR({TEXT}, c.span_start + 1, c.span_end - c.span_start),"
            f" SUBSTR({TEXT}, c.span_end + 1, {n})"
            " FROM citations c JOIN sources s ON s.sha256 = c.source_sha256"
            " LEFT JOIN source_texts t ON t.source_sha256 = s.sha256"
            " LEFT JOIN replicated_source_texts r ON r.source_sha256 = s.sha256"
            f" WHERE c.position IN ({CITING_POSITIONS})"
        )
        with self.db.read() as conn:
            stored = self.recorder.get(event_id, conn)
            if stored is None:
                return None
            citations = self.citations(conn, event_id) if stored.type in FACT_TYPES else []
            around = {(r[0], r[1]): r[2:] for r in conn.exec_driver_sql(self.d.sql(sql), (event_id, event_id))}
        for citation in citations:
            source_recorded_at, before, passage, after = around[(citation["position"], citation["ordinal"])]
            citation["source"]["recorded_at"] = format_timestamp(self.d.decode_timestamp(source_recorded_at))
            citation["context"] = None if passage is None else {"before": before, "passage": passage, "after": after}
        event = {"id": stored.id, "type": stored.type, "position": stored.position,
                 "recorded_at": format_timestamp(stored.recorded_at)}
        return {"event": event, "citations": citations}

    def source_titles(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Title, publisher, date and URL of the given sources, by key, and whether their text is stored."""
        out: dict[str, dict[str, Any]] = {}
        sql = "SELECT sha256, title, publisher, url, published, text IS NOT NULL FROM sources WHERE sha256 IN ({marks})"
        with self.db.read() as conn:
            for sha, title, publisher, url, published, has_text in self._in_chunks(conn, sql, sorted(set(keys))):
                out[sha] = {"sha256": sha, "title": title, "publisher": publisher, "url": url,
                            "published": published, "has_text": bool(has_text)}
        return out

    def own_quotes(self, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The quote each fact was recorded with (its first citation, not one added later) and the language of
        its source, by fact id: what a statement said, where its attributes name no topic."""
        sql = (
            "SELECT c.event_id, c.quote, s.language FROM citations c"
            " JOIN events e ON e.position = c.position AND e.id = c.event_id"
            " JOIN sources s ON s.sha256 = c.source_sha256"
            " WHERE c.ordinal = 0 AND c.event_id IN ({marks})"
        )
        with self.db.read() as conn:
            return {event_id: {"quote": quote, "language": language}
                    for event_id, quote, language in self._in_chunks(conn, sql, sorted(set(event_ids)))}

    def moments(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest recorded batches (transactions), newest first: when, and which positions — the moments
        ``known_at`` can name."""
        d = self.d
        with self.db.read() as conn:
            rows = conn.exec_driver_sql(
                d.sql("SELECT first_position, last_position, recorded_at FROM transactions"
                      " ORDER BY last_position DESC LIMIT ?"),
                (limit,),
            ).all()
        return [{"first": first, "last": last, "recorded_at": format_timestamp(d.decode_timestamp(at))}
                for first, last, at in rows]

    def missing_sources(self, keys: Iterable[str]) -> list[str]:
        """The keys among ``keys`` of sources not stored here."""
        wanted = sorted(set(keys))
        with self.db.read() as conn:
            found = {row[0] for row in self._in_chunks(conn, "SELECT sha256 FROM sources WHERE sha256 IN ({marks})", wanted)}
        return [key for key in wanted if key not in found]

    def _in_chunks(self, conn: Connection, sql: str, values: list[Any], size: int = 500) -> Iterator[Any]:
        """The rows of ``sql`` for every value, read ``size`` values at a time (``{marks}`` stands for them)."""
        for i in range(0, len(values), size):
            part = values[i : i + size]
            yield from conn.exec_driver_sql(self.d.sql(sql.format(marks=self.d.placeholders(len(part)))), tuple(part))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
