"""Appending: one append transaction reads what a chunk of new events needs (sources, fact versions, streams,
idempotency keys), has each event checked by the append rules of :mod:`chronicle.domain.appending`, gives the
events gapless positions, chains them by hash and writes their rows (see
:class:`chronicle.store.recorder.Recorder.append`)."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import sha256
from typing import TYPE_CHECKING, Any

import orjson

from chronicle.domain import appending as rules
from chronicle.domain.clock import format_timestamp
from chronicle.domain.dates import PartialDate
from chronicle.domain.events import Citation, NewEvent, SourceIn, SourceRef
from chronicle.domain.parties import relationships_of
from chronicle.domain.sources import authors_column, quote_mismatch, source_digest, source_key, source_metadata
from chronicle.domain.versions import FactVersion, RecordedEvent, start
from chronicle.store.bulk import COPY_FROM, copy_rows
from chronicle.store.stored import AppendResult, parties_column

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from chronicle.store.recorder import Recorder


@lru_cache(maxsize=4096)
def _fact_parties(parties: tuple[str, ...]) -> tuple[str, list[str]]:
    """A fact's ``parties`` column and the keys of its relationships, sorted."""
    return parties_column(parties), sorted({r.key for r in relationships_of(parties)})


def _header(position: int, event_id: str, recorded_at: str, idempotency_key: str | None) -> bytes:
    """:func:`event_header` as UTF-8, for an id this recorder made and a ``recorded_at`` it formatted (neither
    needs escaping): the same bytes, written directly."""
    key = b"null" if idempotency_key is None else orjson.dumps(idempotency_key)
    return b'{"id":"%s","idempotency_key":%s,"position":%d,"recorded_at":"%s"}' % (
        event_id.encode(), key, position, recorded_at.encode()
    )


_NO_DATE = (None, None, None)


_NO_REFERENCE_COLUMNS = (None, None, None)

_random = random.Random(int.from_bytes(os.urandom(16), "big"))


_VARIANT = str.maketrans("0123456789abcdef", "89ab89ab89ab89ab")


def new_event_ids(n: int) -> list[str]:
    """``n`` UUIDs version 7 (RFC 9562): 48 bits of Unix milliseconds (made together, they share it), then random
    bits; time-ordered, so ids index as cheaply as positions."""
    millis = f"{(time.time_ns() // 1_000_000) & 0xFFFF_FFFF_FFFF:012x}"
    head = f"{millis[:8]}-{millis[8:]}-7"
    rand = _random.randbytes(10 * n).hex()
    variant = rand.translate(_VARIANT)
    return [
        f"{head}{rand[i : i + 3]}-{variant[i + 3]}{rand[i + 4 : i + 7]}-{rand[i + 7 : i + 19]}"
        for i in range(0, 20 * n, 20)
    ]


# --- SQL ---------------------------------------------------------------------------------------------------

INSERT_EVENT = (
    "INSERT INTO events (position, id, type, date_text, date_start, date_end, target_id, parties, payload,"
    " recorded_at, idempotency_key, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_TRANSACTION = "INSERT INTO transactions (last_position, first_position, recorded_at) VALUES (?, ?, ?)"
INSERT_CITATION = (
    "INSERT INTO citations (position, ordinal, event_id, source_sha256, quote, span_start, span_end,"
    " ref_label, ref_title, ref_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_SOURCE = (
    "INSERT INTO sources (sha256, title, publisher, url, published, language, authors, text, recorded_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_SOURCE_DIGEST = "INSERT INTO source_digests (sha256, digest) VALUES (?, ?)"


# What a chunk of COPY_FROM or more events is written with on PostgreSQL.
COPY_EVENT = (
    "COPY events (position, id, type, date_text, date_start, date_end, target_id, parties, payload, recorded_at,"
    " idempotency_key, hash) FROM STDIN"
)
COPY_CITATION = (
    "COPY citations (position, ordinal, event_id, source_sha256, quote, span_start, span_end, ref_label, ref_title,"
    " ref_url) FROM STDIN"
)


def _reference_json(citation: Citation) -> dict[str, Any] | None:
    ref = citation.reference
    return None if ref is None else {"label": ref.label, "title": ref.title, "url": ref.url}


@dataclass
class Pending:
    """Rows of one chunk waiting to be written."""

    events: list[tuple] = field(default_factory=list)
    citations: list[tuple] = field(default_factory=list)
    sources: list[tuple] = field(default_factory=list)


class AppendSession:
    """The state of one append transaction: the chain's head, the sources, facts and streams it has read,
    and what it has appended so far."""

    VERSION_CACHE = 50_000

    def __init__(self, recorder: Recorder, conn: Connection, collect: bool):
        self.r = recorder
        self.d = recorder.dialect
        self.conn = conn
        self.collect = collect
        self.d.lock_appends(conn)
        head = recorder.head(conn)
        self.prev_hash = head.hash
        self.next_position = head.position + 1
        now = self.d.now(conn)
        self.recorded_at = max(now, head.recorded_at) if head.recorded_at else now
        self.recorded_at_db = self.d.encode_timestamp(self.recorded_at)
        self.recorded_at_text = format_timestamp(self.recorded_at)
        self.sources: dict[str, str | None] = {}  # key -> text (None: stored without text)
        self.versions: dict[str, FactVersion] = {}  # facts touched by corrections, current version
        self.streams: dict[str, list[int]] = {}  # relationship -> [version, last_position]
        self.touched_streams: set[str] = set()
        self.results: list[AppendResult] = []
        self.transactions: list[list[Any]] = []  # [first_position, last_position, recorded_at] per run
        self.appended = 0
        self.duplicates = 0
        self._date_columns: dict[str, tuple[Any, Any, Any]] = {}
        self._full_keys: dict[int, str] = {}  # id of a full source of the current chunk -> its key

    # -- per chunk ------------------------------------------------------------------------------------------

    def add(self, chunk: list[tuple[int, NewEvent]]) -> None:
        self._load_sources(chunk)
        stored_keys = self._load_keys(chunk)
        loaded = self._load_targets(chunk, stored_keys)
        self._load_streams(chunk, loaded, stored_keys)
        # key -> (payload, id, position, AppendResult or None) of events with keys, in this chunk or stored
        seen_keys: dict[str, tuple[str, str, int, AppendResult | None]] = {
            key: (payload, result.id, result.position, result) for key, (payload, result) in stored_keys.items()
        }
        chunk_facts: dict[str, tuple[int, str, str, dict[str, Any]]] = {}
        pending = Pending()
        event_rows, citation_rows = pending.events, pending.citations
        streams, touched = self.streams, self.touched_streams
        recorded_at_db, recorded_at_text = self.recorded_at_db, self.recorded_at_text
        date_cache = self._date_columns
        collect, results = self.collect, self.results
        first_position = position = self.next_position
        prev_hash = self.prev_hash.encode()
        dumps, sort_keys = orjson.dumps, orjson.OPT_SORT_KEYS
        ids = iter(new_event_ids(len(chunk)))
        for index, event in chunk:
            citations = self._cited(index, event, pending)
            content = dict(event.content)
            event_type = event.type
            key = event.idempotency_key
            target = event.target
            if target is None and event.target_key is None:  # a fact
                content["citations"] = citations
                payload = dumps(content, option=sort_keys)
                text = payload.decode()
                if key is not None and self._repeats(index, key, text, seen_keys):
                    continue
                event_id = next(ids)
                parties, relationships = _fact_parties(event.parties)
                if event.expected_version is not None:
                    self._check_expected(index, event, relationships)
                for name in relationships:
                    stream = streams.get(name) or self._stream(name)
                    stream[0] += 1
                    stream[1] = position
                    touched.add(name)
                date = event.date
                date_columns = date_cache.get(date.text) or self._encode_date(date)
                supported = event_id
                chunk_facts[event_id] = (position, event_id, event_type, content)
            else:
                staged = self._correction(index, event, content, citations, position, ids, seen_keys, chunk_facts, loaded)
                if staged is None:
                    continue
                event_id, payload, text, parties, target = staged
                date_columns = _NO_DATE
                supported = target
            header = _header(position, event_id, recorded_at_text, key)
            prev_hash = sha256(b"%s\n%s\n%s" % (prev_hash, header, payload)).hexdigest().encode()
            event_rows.append(
                (position, event_id, event_type, *date_columns, target, parties, text, recorded_at_db, key,
                 prev_hash.decode())
            )
            for ordinal, citation in enumerate(citations):
                ref = citation["reference"]
                span = citation["span"]
                citation_rows.append(
                    (position, ordinal, supported, citation["source"], citation["quote"], span[0], span[1],
                     *(_NO_REFERENCE_COLUMNS if ref is None else (ref.get("label"), ref.get("title"), ref.get("url"))))
                )
            if key is not None:
                seen_keys[key] = (text, event_id, position, None)
            if collect:
                results.append(AppendResult(event_id, position, self.recorded_at, False))
            position += 1
        self.appended += position - first_position
        self.next_position = position
        self.prev_hash = prev_hash.decode()
        if position > first_position:
            self._extend_transaction(first_position, position - 1, recorded_at_db)
        self._write(pending)
        if len(self.versions) > self.VERSION_CACHE:
            self.versions.clear()  # safe: everything is written, and versions reload from the database

    def _correction(
        self,
        index: int,
        event: NewEvent,
        content: dict[str, Any],
        citations: list[dict[str, Any]],
        position: int,
        ids: Iterator[str],
        seen_keys: dict[str, tuple[str, str, int, AppendResult | None]],
        chunk_facts: dict[str, tuple[int, str, str, dict[str, Any]]],
        loaded: dict[str, FactVersion | str],
    ) -> tuple[str, bytes, str, str, str] | None:
        """A correction's id, payload (bytes and text), parties column and target, its target's version folded
        and its streams bumped; None when it repeats an event with its idempotency key."""
        event_type = event.type
        if event_type == "citation.added":
            content["citation"] = citations[0]
        target = self._target_id(index, event, seen_keys)
        content["target"] = target
        version_before = self._target(index, target, chunk_facts, loaded)
        if event_type == "event.corrected":
            content["changes"] = rules.checked_changes(index, version_before, event.content["changes"])
        payload = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
        text = payload.decode()
        key = event.idempotency_key
        if key is not None and self._repeats(index, key, text, seen_keys):
            return None
        event_id = next(ids)
        version_after = rules.folded(index, version_before, RecordedEvent(position, event_id, event_type, content))
        parties = parties_column(set(version_after.parties) | set(version_before.parties))
        relationships = sorted({r.key for r in relationships_of(version_after.parties + version_before.parties)})
        self._check_and_bump_streams(index, event, relationships, position)
        self.versions[target] = version_after
        return event_id, payload, text, parties, target

    def _extend_transaction(self, first: int, last: int, recorded_at_db: Any) -> None:
        run = self.transactions[-1] if self.transactions else None
        if run is not None and run[2] == recorded_at_db and run[1] == first - 1:
            run[1] = last
        else:
            self.transactions.append([first, last, recorded_at_db])

    def _encode_date(self, date: PartialDate) -> tuple[Any, Any, Any]:
        columns = (date.text, self.d.encode_date(date.earliest), self.d.encode_date(date.latest))
        if len(self._date_columns) > 100_000:
            self._date_columns.clear()
        self._date_columns[date.text] = columns
        return columns

    def _check_expected(self, index: int, event: NewEvent, relationships: list[str]) -> None:
        """Check a fact's expected_version (streams are bumped by the caller)."""
        self._check_and_bump_streams(index, event, relationships, None)

    def _record(self, result: AppendResult) -> None:
        if result.duplicate:
            self.duplicates += 1
        else:
            self.appended += 1
        if self.collect:
            self.results.append(result)

    def _repeats(
        self, index: int, key: str, payload: str, seen_keys: dict[str, tuple[str, str, int, AppendResult | None]]
    ) -> bool:
        """Whether an event with this idempotency key is stored or earlier in this append: then it is recorded as
        a duplicate of that one, or refused when its content differs."""
        seen = seen_keys.get(key)
        if seen is None:
            return False
        stored_payload, event_id, position, original = seen
        rules.is_repeat(index, key, payload, stored_payload, event_id)
        recorded_at = original.recorded_at if original is not None else self.recorded_at
        self._record(AppendResult(event_id, position, recorded_at, True))
        return True

    # -- sources and citations -------------------------------------------------------------------------------

    def _load_sources(self, chunk: list[tuple[int, NewEvent]]) -> None:
        wanted: set[str] = set()
        sources, full_keys = self.sources, self._full_keys
        full_keys.clear()
        for _, event in chunk:
            for citation in event.citations:
                source = citation.source
                if type(source) is SourceRef:
                    key = source.sha256
                else:  # a full source: its key is the SHA-256 of its text, worked out once per chunk
                    key = full_keys.get(id(source))
                    if key is None:
                        key = full_keys[id(source)] = source_key(source)
                if key not in sources:
                    wanted.add(key)
        if wanted:
            for key, text in self.r.fetch_sources(self.conn, sorted(wanted)).items():
                sources[key] = text

    def _cited(self, index: int, event: NewEvent, pending: Pending) -> list[dict[str, Any]]:
        """An event's citations as stored, each quote checked against its source; the common case (one
        citation of a source already read) without the general path's bookkeeping."""
        cited = event.citations
        source = cited[0].source if len(cited) == 1 else None
        if type(source) is not SourceRef or source.sha256 not in self.sources:
            return self._citations(index, event, pending)
        citation = cited[0]
        key = source.sha256
        text = self.sources[key]
        span = citation.span
        if text is not None and (span[1] > len(text) or text[span[0] : span[1]] != citation.quote):
            if quote_mismatch(text, citation.quote, span):
                return self._citations(index, event, pending)  # raises, naming the field
        ref = citation.reference
        return [
            {
                "source": key,
                "quote": citation.quote,
                "span": [span[0], span[1]],
                "reference": None if ref is None else {"label": ref.label, "title": ref.title, "url": ref.url},
            }
        ]

    def _citations(self, index: int, event: NewEvent, pending: Pending) -> list[dict[str, Any]]:
        out = []
        prefix = "citation" if event.type == "citation.added" else "citations"
        for n, citation in enumerate(event.citations):
            where = prefix if event.type == "citation.added" else f"{prefix}.{n}"
            source = citation.source
            if isinstance(source, SourceIn):
                key = self._full_keys.get(id(source)) or source_key(source)
                if key not in self.sources:
                    self.sources[key] = source.text
                    meta = source_metadata(source)
                    pending.sources.append(
                        (key, *(meta[f] for f in ("title", "publisher", "url", "published", "language")),
                         authors_column(source.authors), source.text, self.recorded_at_db)
                    )
                text = source.text if source.text is not None else self.sources[key]
            else:
                key = source.sha256
                if key not in self.sources:
                    raise rules.unknown_source(index, where)
                text = self.sources[key]
            rules.check_quote(index, where, text, citation.quote, citation.span)
            out.append(
                {
                    "source": key,
                    "quote": citation.quote,
                    "span": list(citation.span),
                    "reference": _reference_json(citation),
                }
            )
        return out

    # -- idempotency ------------------------------------------------------------------------------------------

    def _load_keys(self, chunk: list[tuple[int, NewEvent]]) -> dict[str, tuple[str, AppendResult]]:
        """Stored events with the chunk's idempotency keys, and with the keys its corrections target."""
        keys = {e.idempotency_key for _, e in chunk if e.idempotency_key is not None}
        keys |= {e.target_key for _, e in chunk if e.target_key is not None}
        return self.r.fetch_by_keys(self.conn, sorted(keys)) if keys else {}

    # -- corrections ------------------------------------------------------------------------------------------

    @staticmethod
    def _known_target(event: NewEvent, stored_keys: dict[str, tuple[str, AppendResult]]) -> str | None:
        """A correction's target id where it is known before the chunk is processed."""
        if event.target_key is not None and event.target_key in stored_keys:
            return stored_keys[event.target_key][1].id
        return event.target

    def _target_id(
        self, index: int, event: NewEvent, seen_keys: dict[str, tuple[str, str, int, AppendResult | None]]
    ) -> str | None:
        if event.target_key is None:
            return event.target
        seen = seen_keys.get(event.target_key)
        if seen is None:
            raise rules.unknown_target_key(index)
        return seen[1]

    def _load_targets(
        self, chunk: list[tuple[int, NewEvent]], stored_keys: dict[str, tuple[str, AppendResult]]
    ) -> dict[str, FactVersion | str]:
        known = {
            self._known_target(e, stored_keys) for _, e in chunk if e.target is not None or e.target_key is not None
        }
        wanted = sorted(t for t in known if t is not None and t not in self.versions)
        return self.r.fetch_versions(self.conn, wanted) if wanted else {}

    def _target(
        self,
        index: int,
        target: str,
        chunk_facts: dict[str, tuple[int, str, str, dict[str, Any]]],
        loaded: dict[str, FactVersion | str],
    ) -> FactVersion:
        version = self.versions.get(target) or loaded.get(target)
        if version is None and target in chunk_facts:
            version = start(RecordedEvent(*chunk_facts[target]))
        return rules.checked_target(index, target, version)

    # -- streams ----------------------------------------------------------------------------------------------

    def _load_streams(
        self,
        chunk: list[tuple[int, NewEvent]],
        loaded: dict[str, FactVersion | str],
        stored_keys: dict[str, tuple[str, AppendResult]],
    ) -> None:
        wanted: set[str] = set()
        seen_parties: set[tuple[str, ...]] = set()
        for _, event in chunk:
            parties = event.parties
            if event.target is None and event.target_key is None:  # a fact
                if parties not in seen_parties:
                    seen_parties.add(parties)
                    wanted.update(_fact_parties(parties)[1])
                continue
            target = self._known_target(event, stored_keys)
            if target is not None:
                version = self.versions.get(target) or loaded.get(target)
                parties = version.parties if isinstance(version, FactVersion) else ()
                if event.type == "event.corrected":
                    parties = parties + tuple(event.content["changes"].get("parties", ()))
            wanted.update(r.key for r in relationships_of(parties))
        missing = sorted(wanted - self.streams.keys())
        if missing:
            self.streams.update(self.r.fetch_streams(self.conn, missing))

    def _stream(self, key: str) -> list[int]:
        if key not in self.streams:
            self.streams.update(self.r.fetch_streams(self.conn, [key]))
            self.streams.setdefault(key, [0, 0])
        return self.streams[key]

    def _check_and_bump_streams(
        self, index: int, event: NewEvent, relationships: list[str], position: int | None
    ) -> None:
        expected = event.expected_version
        if expected is not None:
            for key, version in rules.expected_versions(index, expected, relationships).items():
                rules.check_version(index, key, self._stream(key)[0], version)
        if position is None:
            return
        for key in relationships:
            stream = self._stream(key)
            stream[0] += 1
            stream[1] = position
            self.touched_streams.add(key)

    # -- writing ----------------------------------------------------------------------------------------------

    def _write(self, pending: Pending) -> None:
        d, conn = self.d, self.conn
        if pending.sources:
            conn.exec_driver_sql(d.sql(INSERT_SOURCE), pending.sources)
            conn.exec_driver_sql(
                d.sql(INSERT_SOURCE_DIGEST),
                [(row[0], source_digest(*row[:6], format_timestamp(d.decode_timestamp(row[8])), row[6]))
                 for row in pending.sources],
            )
        if d.name == "postgresql" and len(pending.events) >= COPY_FROM:
            copy_rows(conn, COPY_EVENT, pending.events)
            copy_rows(conn, COPY_CITATION, pending.citations)
            return
        if pending.events:
            conn.exec_driver_sql(d.sql(INSERT_EVENT), pending.events)
        if pending.citations:
            conn.exec_driver_sql(d.sql(INSERT_CITATION), pending.citations)

    def finish(self) -> None:
        if self.transactions:
            self.conn.exec_driver_sql(
                self.d.sql(INSERT_TRANSACTION), [(last, first, at) for first, last, at in self.transactions]
            )
        rows = [(key, *self.streams[key]) for key in sorted(self.touched_streams)]
        if rows:
            self.conn.exec_driver_sql(
                self.d.sql(
                    "INSERT INTO streams (relationship, version, last_position) VALUES (?, ?, ?)"
                    " ON CONFLICT (relationship) DO UPDATE SET version = excluded.version,"
                    " last_position = excluded.last_position"
                ),
                rows,
            )


