"""The recorder: appends events to the ``events`` table and reads them back in position order.

One append is one transaction, however many events it holds: the events are checked, given gapless
positions, chained by hash and written together, or nothing is written. Appends are serialized (SQLite's
writer lock; a PostgreSQL advisory lock), so positions become visible in commit order.

Large appends stream: events are processed in chunks inside the one transaction, so memory stays bounded.
"""

from __future__ import annotations

import gc
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from hashlib import sha256
from itertools import islice
from typing import Any

import orjson
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from chronicle.domain.canonical import GENESIS_HASH, canonical_json, chain_hash
from chronicle.domain.clock import format_timestamp, parse_timestamp
from chronicle.domain.dates import PartialDate
from chronicle.domain.events import (
    Citation,
    EnvelopeError,
    FieldError,
    NewEvent,
    SourceIn,
    SourceRef,
    validate_attributes,
)
from chronicle.domain.fact_types import FACT_TYPE, REGISTRY
from chronicle.domain.parties import relationships_of, state_of
from chronicle.domain.sources import quote_mismatch, source_digest, source_key, source_metadata
from chronicle.domain.versions import CannotApply, FactVersion, RecordedEvent, evolve, start
from chronicle.store.database import Database
from chronicle.store.dialect import INFINITE_POSITION, dialect_for

HEADER_FIELDS = ("position", "id", "recorded_at", "idempotency_key")


REPLICA_HEADER = frozenset({"position", "id", "recorded_at", "idempotency_key", "hash"})


def cited_in(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The citations an event's payload records: a fact's own, or the one ``citation.added`` adds."""
    if "citations" in body:
        return body["citations"]
    return [body["citation"]] if "citation" in body else []


class ReplicaError(Exception):
    """An event from another chronicle does not continue the local chain; nothing of its batch was kept."""

    def __init__(self, position: int, reason: str):
        self.position = position
        self.reason = reason
        super().__init__(f"position {position}: {reason}")


class ConflictError(Exception):
    """An append conflicts with what is stored: an idempotency key reused for other content, or a stale
    ``expected_version``. Nothing was appended."""

    def __init__(self, kind: str, message: str, index: int | None = None, **details: Any):
        self.kind = kind
        self.index = index
        self.details = details
        where = f"event {index + 1}: " if index is not None else ""
        super().__init__(where + message)


@dataclass(frozen=True, slots=True)
class AppendResult:
    id: str
    position: int
    recorded_at: datetime
    duplicate: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "position": self.position,
            "recorded_at": format_timestamp(self.recorded_at),
            "duplicate": self.duplicate,
        }


@dataclass(frozen=True, slots=True)
class Head:
    position: int
    hash: str
    recorded_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "hash": self.hash,
            "recorded_at": format_timestamp(self.recorded_at) if self.recorded_at else None,
        }


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event row: its header (position, id, recorded_at, idempotency_key), canonical payload and hash."""

    position: int
    id: str
    type: str
    recorded_at: datetime
    idempotency_key: str | None
    payload: str
    hash: str

    @property
    def body(self) -> dict[str, Any]:
        return orjson.loads(self.payload)

    def header(self) -> str:
        return event_header(self.position, self.id, format_timestamp(self.recorded_at), self.idempotency_key)

    def recorded(self) -> RecordedEvent:
        return RecordedEvent(self.position, self.id, self.type, self.body, format_timestamp(self.recorded_at))

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "id": self.id,
            "recorded_at": format_timestamp(self.recorded_at),
            "idempotency_key": self.idempotency_key,
            "hash": self.hash,
            **self.body,
        }


def event_header(position: int, event_id: str, recorded_at: str, idempotency_key: str | None) -> str:
    """The canonical JSON of an event's header; ``recorded_at`` as :func:`format_timestamp` writes it."""
    return canonical_json(
        {"position": position, "id": event_id, "recorded_at": recorded_at, "idempotency_key": idempotency_key}
    )


def parties_column(parties: set[str] | tuple[str, ...] | list[str]) -> str:
    """The ``parties`` column: every party and the state it folds into, sorted, as ``|BY|BY-HO|KR|``."""
    folded = {s for s in (state_of(p) for p in parties) if s is not None}
    return "|" + "|".join(sorted(set(parties) | folded)) + "|" if parties else "||"


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


def new_event_id() -> str:
    """A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits; time-ordered, so ids index
    as cheaply as positions."""
    millis = time.time_ns() // 1_000_000
    rand = _random.getrandbits(74)
    value = (millis & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | rand & (2**62 - 1)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_VARIANT = str.maketrans("0123456789abcdef", "89ab89ab89ab89ab")


def new_event_ids(n: int) -> list[str]:
    """``n`` ids as :func:`new_event_id` makes them (made together, they share their millisecond)."""
    millis = f"{(time.time_ns() // 1_000_000) & 0xFFFF_FFFF_FFFF:012x}"
    head = f"{millis[:8]}-{millis[8:]}-7"
    rand = _random.randbytes(10 * n).hex()
    variant = rand.translate(_VARIANT)
    return [
        f"{head}{rand[i : i + 3]}-{variant[i + 3]}{rand[i + 4 : i + 7]}-{rand[i + 7 : i + 19]}"
        for i in range(0, 20 * n, 20)
    ]


# --- SQL ---------------------------------------------------------------------------------------------------

EVENT_COLUMNS = "position, id, type, recorded_at, idempotency_key, payload, hash"
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
    "INSERT INTO sources (sha256, title, publisher, url, published, language, text, recorded_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_SOURCE_DIGEST = "INSERT INTO source_digests (sha256, digest) VALUES (?, ?)"


# On PostgreSQL a chunk of this many events or more is written with COPY, which costs the server and the
# client about a third of what one INSERT per row costs (same rows, same transaction).
COPY_FROM = 100
COPY_EVENT = (
    "COPY events (position, id, type, date_text, date_start, date_end, target_id, parties, payload, recorded_at,"
    " idempotency_key, hash) FROM STDIN"
)
COPY_CITATION = (
    "COPY citations (position, ordinal, event_id, source_sha256, quote, span_start, span_end, ref_label, ref_title,"
    " ref_url) FROM STDIN"
)


def copy_rows(conn: Connection, statement: str, rows: list[tuple]) -> None:
    """COPY rows into a table through the connection's psycopg driver connection (its transaction); errors are
    raised as SQLAlchemy's, as an INSERT's would be."""
    if not rows:
        return
    import psycopg

    try:
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from None


@contextmanager
def paused_collector(pause: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk operation (a large append, a projection batch).

    Such an operation allocates hundreds of thousands of objects that live until it ends; the collector would
    traverse them again and again (and the rest of the heap with them) for nothing: they are freed by
    reference counting. Cyclic garbage made meanwhile is collected once the collector runs again. The
    collector is left as it was found (enabled, unless someone else had paused it).
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _reference_json(citation: Citation) -> dict[str, Any] | None:
    ref = citation.reference
    return None if ref is None else {"label": ref.label, "title": ref.title, "url": ref.url}


@dataclass
class _Pending:
    """Rows of one chunk waiting to be written."""

    events: list[tuple] = field(default_factory=list)
    citations: list[tuple] = field(default_factory=list)
    sources: list[tuple] = field(default_factory=list)


class _Append:
    """The state of one append transaction."""

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
        pending = _Pending()
        event_rows, citation_rows = pending.events, pending.citations
        streams, touched, sources = self.streams, self.touched_streams, self.sources
        recorded_at_db, recorded_at_text = self.recorded_at_db, self.recorded_at_text
        date_cache = self._date_columns
        collect, results = self.collect, self.results
        first_position = position = self.next_position
        prev_hash = self.prev_hash.encode()
        dumps, sort_keys = orjson.dumps, orjson.OPT_SORT_KEYS
        ids = iter(new_event_ids(len(chunk)))
        for index, event in chunk:
            cited = event.citations
            source = cited[0].source if len(cited) == 1 else None
            if type(source) is SourceRef and source.sha256 in sources:  # the common case, inline
                citation = cited[0]
                key = source.sha256
                text = sources[key]
                span = citation.span
                if text is not None and (span[1] > len(text) or text[span[0] : span[1]] != citation.quote):
                    if quote_mismatch(text, citation.quote, span):
                        citations = self._citations(index, event, pending)  # raises, naming the field
                ref = citation.reference
                citations = [
                    {
                        "source": key,
                        "quote": citation.quote,
                        "span": [span[0], span[1]],
                        "reference": None if ref is None else {"label": ref.label, "title": ref.title, "url": ref.url},
                    }
                ]
            else:
                citations = self._citations(index, event, pending)
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
                if event_type == "citation.added":
                    content["citation"] = citations[0]
                target = self._target_id(index, event, seen_keys)
                content["target"] = target
                version_before = self._target(index, target, chunk_facts, loaded)
                if event_type == "event.corrected":
                    content["changes"] = self._checked_changes(index, event, version_before)
                payload = dumps(content, option=sort_keys)
                text = payload.decode()
                if key is not None and self._repeats(index, key, text, seen_keys):
                    continue
                event_id = next(ids)
                try:
                    version_after = evolve(version_before, RecordedEvent(position, event_id, event_type, content))
                except CannotApply as exc:
                    raise EnvelopeError([FieldError("target", str(exc))], index) from None
                parties = parties_column(set(version_after.parties) | set(version_before.parties))
                relationships = sorted(
                    {r.key for r in relationships_of(version_after.parties + version_before.parties)}
                )
                self._check_and_bump_streams(index, event, relationships, position)
                date_columns = _NO_DATE
                supported = target
                self.versions[target] = version_after
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

    def _stage(
        self,
        pending: _Pending,
        position: int,
        event_id: str,
        event_type: str,
        date: PartialDate | None,
        target: str | None,
        payload: str,
        recorded_at_db: Any,
        key: str | None,
        parties: set[str],
        citations: list[dict[str, Any]],
    ) -> None:
        """Queue the rows of one event and its citations, and count it in its transaction."""
        d = self.d
        run = self.transactions[-1] if self.transactions else None
        if run is not None and run[2] == recorded_at_db and run[1] == position - 1:
            run[1] = position
        else:
            self.transactions.append([position, position, recorded_at_db])
        pending.events.append(
            (
                position,
                event_id,
                event_type,
                date.text if date else None,
                d.encode_date(date.earliest) if date else None,
                d.encode_date(date.latest) if date else None,
                target,
                parties_column(parties),
                payload,
                recorded_at_db,
                key,
                self.prev_hash,
            )
        )
        supported = target if target is not None else event_id
        for ordinal, citation in enumerate(citations):
            ref = citation.get("reference") or {}
            pending.citations.append(
                (
                    position,
                    ordinal,
                    supported,
                    citation["source"],
                    citation["quote"],
                    citation["span"][0],
                    citation["span"][1],
                    ref.get("label"),
                    ref.get("title"),
                    ref.get("url"),
                )
            )

    # -- replicas ---------------------------------------------------------------------------------------------

    def replicate(self, chunk: list[dict[str, Any]], sources: dict[str, dict[str, Any]]) -> None:
        """Append events exactly as another chronicle recorded them, checking them against the local chain."""
        bodies = [{k: v for k, v in item.items() if k not in REPLICA_HEADER} for item in chunk]
        wanted = sorted({c["source"] for body in bodies for c in cited_in(body)} - self.sources.keys())
        self.sources.update(self.r.fetch_sources(self.conn, wanted))
        targets = sorted({b["target"] for b in bodies if "target" in b} - self.versions.keys())
        loaded = self.r.fetch_versions(self.conn, targets) if targets else {}
        chunk_facts: dict[str, FactVersion] = {}
        pending = _Pending()
        for item, body in zip(chunk, bodies, strict=True):
            position = item.get("position")
            if position != self.next_position:
                raise ReplicaError(self.next_position, f"expected position {self.next_position}, got {position}")
            recorded_at = parse_timestamp(item["recorded_at"])
            payload = canonical_json(body)
            header = event_header(position, item["id"], format_timestamp(recorded_at), item.get("idempotency_key"))
            computed = chain_hash(self.prev_hash, header, payload)
            if computed != item.get("hash"):
                raise ReplicaError(position, "the event's hash does not follow from its content and the local chain")
            for citation in cited_in(body):
                self._ensure_source(position, citation["source"], sources, pending, recorded_at)
            target = body.get("target")
            before = None
            if target is not None:
                before = self.versions.get(target) or chunk_facts.get(target) or loaded.get(target)
                if not isinstance(before, FactVersion):
                    raise ReplicaError(position, f"the target {target} is not a fact of this chronicle")
            after = evolve(before, RecordedEvent(position, item["id"], body["type"], body))
            parties = set(after.parties) | (set(before.parties) if before else set())
            relationships = relationships_of(after.parties) + (relationships_of(before.parties) if before else ())
            for key in sorted({r.key for r in relationships}):
                stream = self._stream(key)
                stream[0] += 1
                stream[1] = position
                self.touched_streams.add(key)
            self.prev_hash = computed
            self.next_position += 1
            date = PartialDate.parse(body["date"]) if "date" in body else None
            self._stage(
                pending, position, item["id"], body["type"], date, target, payload,
                self.d.encode_timestamp(recorded_at), item.get("idempotency_key"), parties, cited_in(body),
            )
            if target is not None:
                self.versions[target] = after
            else:
                chunk_facts[item["id"]] = after
            self._record(AppendResult(item["id"], position, recorded_at, False))
        self._write(pending)

    def _ensure_source(
        self, position: int, key: str, given: dict[str, dict[str, Any]], pending: _Pending, recorded_at: datetime
    ) -> None:
        if key in self.sources:
            return
        source = given.get(key)
        if source is None:
            raise ReplicaError(position, f"the source {key} is neither stored here nor given")
        fields = {name: source.get(name) for name in ("title", "publisher", "url", "published", "language", "text")}
        if source_key(SourceIn.model_validate({k: v for k, v in fields.items() if v is not None})) != key:
            raise ReplicaError(position, f"the source given for {key} does not have that key")
        self.sources[key] = fields["text"]
        pending.sources.append((key, *fields.values(), self.d.encode_timestamp(recorded_at)))

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
        if stored_payload != payload:
            raise ConflictError(
                "idempotency",
                f"the idempotency key {key!r} was used for different content (event {event_id})",
                index,
                idempotency_key=key,
                event_id=event_id,
            )
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

    def _citations(self, index: int, event: NewEvent, pending: _Pending) -> list[dict[str, Any]]:
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
                         source.text, self.recorded_at_db)
                    )
                text = source.text if source.text is not None else self.sources[key]
            else:
                key = source.sha256
                if key not in self.sources:
                    raise EnvelopeError([FieldError(f"{where}.source.sha256", "no stored source has this key")], index)
                text = self.sources[key]
            if text is not None:
                problem = quote_mismatch(text, citation.quote, citation.span)
                if problem:
                    raise EnvelopeError([FieldError(f"{where}.quote", problem)], index)
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
            reason = "no event was appended with this idempotency key"
            raise EnvelopeError([FieldError("target.idempotency_key", reason)], index)
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
        if version is None:
            raise EnvelopeError([FieldError("target", f"no event has the id {target}")], index)
        if isinstance(version, str):
            raise EnvelopeError([FieldError("target", f"{target} is a {version}, not a fact")], index)
        return version

    def _checked_changes(self, index: int, event: NewEvent, target: FactVersion) -> dict[str, Any]:
        changes = dict(event.content["changes"])
        if "figure" in changes and not FACT_TYPE[target.type].carries_figure:
            carriers = ", ".join(t.name for t in REGISTRY if t.carries_figure)
            raise EnvelopeError(
                [FieldError("changes.figure", f"only {carriers} carries a figure; the target is {target.type}")],
                index,
            )
        if "attributes" in changes:
            from pydantic import ValidationError

            from chronicle.domain.events import errors_from

            try:
                changes["attributes"] = validate_attributes(target.type, changes["attributes"])
            except ValidationError as exc:
                errors = [FieldError(f"changes.attributes.{e.field}".rstrip("."), e.reason) for e in errors_from(exc)]
                raise EnvelopeError(errors, index) from None
        return changes

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
            if isinstance(expected, int):
                if len(relationships) != 1:
                    raise EnvelopeError(
                        [
                            FieldError(
                                "expected_version",
                                f"this event belongs to {len(relationships)} relationships"
                                f" ({', '.join(relationships) or 'none'}); give a mapping of relationship to version",
                            )
                        ],
                        index,
                    )
                expected = {relationships[0]: expected}
            for key, version in expected.items():
                if key not in relationships:
                    raise EnvelopeError(
                        [FieldError(f"expected_version.{key}", "the event does not belong to this relationship")],
                        index,
                    )
                current = self._stream(key)[0]
                if current != version:
                    raise ConflictError(
                        "version",
                        f"relationship {key} is at version {current}, not the expected {version}",
                        index,
                        relationship=key,
                        current_version=current,
                        expected_version=version,
                    )
        if position is None:
            return
        for key in relationships:
            stream = self._stream(key)
            stream[0] += 1
            stream[1] = position
            self.touched_streams.add(key)

    # -- writing ----------------------------------------------------------------------------------------------

    def _write(self, pending: _Pending) -> None:
        d, conn = self.d, self.conn
        if pending.sources:
            conn.exec_driver_sql(d.sql(INSERT_SOURCE), pending.sources)
            conn.exec_driver_sql(
                d.sql(INSERT_SOURCE_DIGEST), [(row[0], source_digest(*row[:6])) for row in pending.sources]
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


@dataclass(frozen=True, slots=True)
class AppendSummary:
    appended: int
    duplicates: int
    results: list[AppendResult]
    head_position: int


class Recorder:
    """Appends to and reads from the event store."""

    CHUNK = 2000

    def __init__(self, db: Database):
        self.db = db
        self.dialect = dialect_for(db.dialect)

    # -- writing ----------------------------------------------------------------------------------------------

    def append(
        self,
        events: Iterable[NewEvent],
        *,
        collect: bool = True,
        then: Callable[[Connection], object] | None = None,
    ) -> AppendSummary:
        """Append events atomically, in order. Raises EnvelopeError or ConflictError and appends nothing.

        ``then`` runs in the same transaction once the events are written (the projector, for small appends),
        so that both commit together."""
        numbered = enumerate(events)
        first = list(islice(numbered, self.CHUNK))
        with paused_collector(len(first) == self.CHUNK), self.db.write() as conn:
            session = _Append(self, conn, collect)
            if first:
                session.add(first)
                for chunk in _chunks(numbered, self.CHUNK):
                    session.add(chunk)
            session.finish()
            if then is not None and session.appended:
                then(conn)
        return AppendSummary(session.appended, session.duplicates, session.results, session.next_position - 1)

    def append_replicated(
        self, events: list[dict[str, Any]], sources: dict[str, dict[str, Any]] | None = None
    ) -> AppendSummary:
        """Append events read from another chronicle's feed, keeping their ids, positions, times and hashes.

        Each must continue the local chain exactly (the next position, a hash that follows from the local
        head); ``sources`` supplies the documents cited that are not stored here yet, keyed by sha256.
        Raises ReplicaError and appends nothing on the first event that does not fit.
        """
        with self.db.write() as conn:
            session = _Append(self, conn, collect=True)
            for chunk in _chunks(events, self.CHUNK):
                session.replicate(chunk, sources or {})
            session.finish()
        return AppendSummary(session.appended, session.duplicates, session.results, session.next_position - 1)

    # -- reading ----------------------------------------------------------------------------------------------

    def head(self, conn: Connection | None = None) -> Head:
        if conn is None:
            with self.db.read() as c:
                return self.head(c)
        row = conn.exec_driver_sql(
            "SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1"
        ).first()
        if row is None:
            return Head(0, GENESIS_HASH, None)
        return Head(row[0], row[1], self.dialect.decode_timestamp(row[2]))

    def _stored(self, row: Any) -> StoredEvent:
        return StoredEvent(row[0], row[1], row[2], self.dialect.decode_timestamp(row[3]), row[4], row[5], row[6])

    def read(
        self,
        after: int = 0,
        limit: int = 1000,
        *,
        party: str | None = None,
        types: Iterable[str] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        scan: int | None = None,
        conn: Connection | None = None,
    ) -> list[StoredEvent]:
        """Events after position ``after``, in position order.

        Filters: a (normalized) ``party`` — corrections count for their target's parties —, ``types``, and
        dates overlapping ``date_from``..``date_to`` (corrections have no date of their own and pass). With
        ``scan``, only positions up to ``after + scan`` are looked at, so a filtered read does bounded work;
        :meth:`read_page` says where to continue.
        """
        if conn is None:
            with self.db.read() as c:
                return self.read(
                    after, limit, party=party, types=types, date_from=date_from, date_to=date_to, scan=scan, conn=c
                )
        d = self.dialect
        where = ["position > ?"]
        params: list[Any] = [after]
        if scan is not None:
            where.append("position <= ?")
            params.append(min(after + scan, INFINITE_POSITION))
        if party is not None:
            where.append("parties LIKE ?")
            params.append(f"%|{party}|%")
        type_list = sorted(set(types or ()))
        if type_list:
            where.append(f"type IN ({d.placeholders(len(type_list))})")
            params.extend(type_list)
        if date_from is not None:
            where.append("(date_end IS NULL OR date_end >= ?)")
            params.append(d.encode_date(date_from))
        if date_to is not None:
            where.append("(date_start IS NULL OR date_start <= ?)")
            params.append(d.encode_date(date_to))
        sql = f"SELECT {EVENT_COLUMNS} FROM events WHERE {' AND '.join(where)} ORDER BY position LIMIT ?"
        params.append(limit)
        return [self._stored(r) for r in conn.exec_driver_sql(d.sql(sql), tuple(params))]

    def read_page(
        self, after: int = 0, limit: int = 1000, *, scan: int = 100_000, **filters: Any
    ) -> tuple[list[StoredEvent], int, int]:
        """One page of a (possibly filtered) feed: the events, the position to continue after, and the head.

        Unfiltered pages are contiguous; a filtered page looks at no more than ``scan`` positions, so a page
        may hold fewer than ``limit`` events (or none) while ``next_after`` still moves on.
        """
        filtered = any(v is not None and v != [] for v in filters.values())
        with self.db.read() as conn:
            head = self.head(conn).position
            events = self.read(after, limit, scan=scan if filtered else None, conn=conn, **filters)
        if len(events) == limit or not filtered:
            next_after = events[-1].position if events else after
        else:
            next_after = min(after + scan, head, INFINITE_POSITION)
        return events, max(next_after, after), head

    def iter_all(self, after: int = 0, page: int = 5000) -> Iterator[StoredEvent]:
        """Every event after ``after`` in position order, read in pages (each page its own transaction)."""
        while True:
            batch = self.read(after, page)
            if not batch:
                return
            yield from batch
            after = batch[-1].position

    def get(self, event_id: str, conn: Connection | None = None) -> StoredEvent | None:
        if conn is None:
            with self.db.read() as c:
                return self.get(event_id, c)
        row = conn.exec_driver_sql(
            self.dialect.sql(f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?"), (event_id,)
        ).first()
        return None if row is None else self._stored(row)

    def position_at(self, known_at: datetime, conn: Connection) -> int:
        """The last position recorded at or before ``known_at`` (0 if none)."""
        value = conn.exec_driver_sql(
            self.dialect.sql("SELECT MAX(last_position) FROM transactions WHERE recorded_at <= ?"),
            (self.dialect.encode_timestamp(known_at),),
        ).scalar()
        return int(value or 0)

    def first_recorded_at(self, conn: Connection) -> datetime | None:
        """When the first batch was recorded (None if nothing was)."""
        value = conn.exec_driver_sql("SELECT MIN(recorded_at) FROM transactions").scalar()
        return None if value is None else self.dialect.decode_timestamp(value)

    # -- lookups used while appending -------------------------------------------------------------------------

    def _in_chunks(self, conn: Connection, sql: str, values: list[Any], size: int = 500) -> Iterator[Any]:
        for i in range(0, len(values), size):
            part = values[i : i + size]
            yield from conn.exec_driver_sql(
                self.dialect.sql(sql.format(marks=self.dialect.placeholders(len(part)))), tuple(part)
            )

    def fetch_sources(self, conn: Connection, keys: list[str]) -> dict[str, str | None]:
        """Each stored source's text: its own, or the text attached to it later (``source_texts``)."""
        sql = (
            "SELECT s.sha256, COALESCE(s.text, t.text) FROM sources s"
            " LEFT JOIN source_texts t ON t.source_sha256 = s.sha256 WHERE s.sha256 IN ({marks})"
        )
        return {row[0]: row[1] for row in self._in_chunks(conn, sql, keys)}

    def fetch_by_keys(self, conn: Connection, keys: list[str]) -> dict[str, tuple[str, AppendResult]]:
        out = {}
        sql = "SELECT idempotency_key, id, position, recorded_at, payload FROM events WHERE idempotency_key IN ({marks})"
        for key, event_id, position, recorded_at, payload in self._in_chunks(conn, sql, keys):
            result = AppendResult(event_id, position, self.dialect.decode_timestamp(recorded_at), True)
            out[key] = (payload, result)
        return out

    def fetch_versions(
        self, conn: Connection, ids: list[str], before: int | None = None
    ) -> dict[str, FactVersion | str]:
        """The version of each fact id from the events before position ``before`` (default: all of them), or
        the type of an id that is a correction."""
        rows: dict[str, list[RecordedEvent]] = {}
        kinds: dict[str, str] = {}
        limit = "" if before is None else f" AND position < {int(before)}"
        for i in range(0, len(ids), 400):
            part = ids[i : i + 400]
            marks = self.dialect.placeholders(len(part))
            sql = (
                f"SELECT position, id, type, payload, target_id FROM events WHERE id IN ({marks}){limit}"
                f" UNION SELECT position, id, type, payload, target_id FROM events WHERE target_id IN ({marks}){limit}"
                " ORDER BY 1"
            )
            for position, event_id, event_type, payload, target_id in conn.exec_driver_sql(
                self.dialect.sql(sql), tuple(part) * 2
            ):
                fact_id = target_id or event_id
                if target_id is None:
                    kinds[event_id] = event_type
                rows.setdefault(fact_id, []).append(RecordedEvent(position, event_id, event_type, orjson.loads(payload)))
        out: dict[str, FactVersion | str] = {}
        for fact_id, history in rows.items():
            if fact_id not in kinds:
                continue
            if history[0].type in ("event.retracted", "event.corrected", "citation.added"):
                out[fact_id] = history[0].type
                continue
            version = start(history[0])
            for event in history[1:]:
                version = evolve(version, event)
            out[fact_id] = version
        for event_id in ids:
            if event_id not in out:
                row = conn.exec_driver_sql(
                    self.dialect.sql(f"SELECT type FROM events WHERE id = ?{limit}"), (event_id,)
                ).first()
                if row is not None:
                    out[event_id] = row[0]
        return out

    def fetch_streams(self, conn: Connection, keys: list[str]) -> dict[str, list[int]]:
        sql = "SELECT relationship, version, last_position FROM streams WHERE relationship IN ({marks})"
        return {row[0]: [row[1], row[2]] for row in self._in_chunks(conn, sql, keys)}

    def stream_versions(self, keys: list[str]) -> dict[str, int]:
        with self.db.read() as conn:
            found = self.fetch_streams(conn, keys)
        return {key: found.get(key, [0, 0])[0] for key in keys}
