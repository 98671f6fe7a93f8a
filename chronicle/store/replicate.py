"""Replication: events read from another chronicle's feed appended as they are (ids, positions, times and
hashes), each checked to continue the local hash chain (see :meth:`Recorder.append_replicated`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chronicle.domain.canonical import canonical_json, chain_hash
from chronicle.domain.clock import format_timestamp, parse_timestamp
from chronicle.domain.dates import PartialDate
from chronicle.domain.events import SourceIn
from chronicle.domain.parties import relationships_of
from chronicle.domain.sources import authors_column, source_key
from chronicle.domain.versions import FactVersion, RecordedEvent, evolve
from chronicle.store.append import AppendSession, Pending
from chronicle.store.stored import AppendResult, ReplicaError, cited_in, event_header, parties_column

REPLICA_HEADER = frozenset({"position", "id", "recorded_at", "idempotency_key", "hash"})


class Replication(AppendSession):
    """One transaction appending another chronicle's events."""

    def replicate(self, chunk: list[dict[str, Any]], sources: dict[str, dict[str, Any]]) -> None:
        """Append events exactly as another chronicle recorded them, checking them against the local chain."""
        bodies = [{k: v for k, v in item.items() if k not in REPLICA_HEADER} for item in chunk]
        wanted = sorted({c["source"] for body in bodies for c in cited_in(body)} - self.sources.keys())
        self.sources.update(self.r.fetch_sources(self.conn, wanted))
        targets = sorted({b["target"] for b in bodies if "target" in b} - self.versions.keys())
        loaded = self.r.fetch_versions(self.conn, targets) if targets else {}
        chunk_facts: dict[str, FactVersion] = {}
        pending = Pending()
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
        self, position: int, key: str, given: dict[str, dict[str, Any]], pending: Pending, recorded_at: datetime
    ) -> None:
        if key in self.sources:
            return
        source = given.get(key)
        if source is None:
            raise ReplicaError(position, f"the source {key} is neither stored here nor given")
        fields = {name: source.get(name) or None
                  for name in ("title", "publisher", "url", "published", "language", "authors", "text")}
        if source_key(SourceIn.model_validate({k: v for k, v in fields.items() if v is not None})) != key:
            # a source known by its metadata, shown with a text the review queue attached there: the source
            # recorded is the metadata alone (sync copies the attached text apart, Chronicle.copy_attachments)
            fields["text"] = None
            if source_key(SourceIn.model_validate({k: v for k, v in fields.items() if v is not None})) != key:
                raise ReplicaError(position, f"the source given for {key} does not have that key")
        self.sources[key] = fields["text"]
        fields["authors"] = authors_column(fields["authors"])
        pending.sources.append((key, *fields.values(), self.d.encode_timestamp(recorded_at)))

    def _stage(
        self,
        pending: Pending,
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

