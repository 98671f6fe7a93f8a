"""What the store hands back and refuses with: stored events, the head, append results and the errors of an
append; the canonical header of an event and the ``parties`` column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from chronicle.domain.appending import ConflictError  # noqa: F401 (the store's callers catch it from here)
from chronicle.domain.canonical import canonical_json
from chronicle.domain.clock import format_timestamp
from chronicle.domain.parties import state_of
from chronicle.domain.versions import RecordedEvent


def cited_in(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The citations an event's payload records: a fact's own, or the one ``citation.added`` adds."""
    if "citations" in body:
        return body["citations"]
    return [body["citation"]] if "citation" in body else []


def fields_json(record: Any, *names: str) -> dict[str, Any]:
    """The named fields of a record as JSON, in that order; a moment as :func:`format_timestamp` writes it."""
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(record, name)
        out[name] = format_timestamp(value) if isinstance(value, datetime) else value
    return out


class ReplicaError(Exception):
    """An event from another chronicle does not continue the local chain; nothing of its batch was kept."""

    def __init__(self, position: int, reason: str):
        self.position = position
        self.reason = reason
        super().__init__(f"position {position}: {reason}")


@dataclass(frozen=True, slots=True)
class AppendResult:
    id: str
    position: int
    recorded_at: datetime
    duplicate: bool

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, "id", "position", "recorded_at", "duplicate")


@dataclass(frozen=True, slots=True)
class Head:
    position: int
    hash: str
    recorded_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, "position", "hash", "recorded_at")


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
        return {**fields_json(self, "position", "id", "recorded_at", "idempotency_key", "hash"), **self.body}


def event_header(position: int, event_id: str, recorded_at: str, idempotency_key: str | None) -> str:
    """The canonical JSON of an event's header; ``recorded_at`` as :func:`format_timestamp` writes it."""
    return canonical_json(
        {"position": position, "id": event_id, "recorded_at": recorded_at, "idempotency_key": idempotency_key}
    )


def parties_column(parties: set[str] | tuple[str, ...] | list[str]) -> str:
    """The ``parties`` column: every party and the state it folds into, sorted, as ``|BY|BY-HO|KR|``."""
    folded = {s for s in (state_of(p) for p in parties) if s is not None}
    return "|" + "|".join(sorted(set(parties) | folded)) + "|" if parties else "||"



@dataclass(frozen=True, slots=True)
class AppendSummary:
    appended: int
    duplicates: int
    results: list[AppendResult]
    head_position: int
