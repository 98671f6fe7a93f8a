"""Reads of what appends and projections build on: source texts, events by idempotency key, the current
version of facts (folded from their events), and the versions of relationship streams."""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from chronicle.domain.events import CORRECTION_TYPES
from chronicle.domain.versions import FactVersion, RecordedEvent, evolve, start
from chronicle.store.bulk import in_chunks
from chronicle.store.dialect import Dialect
from chronicle.store.stored import AppendResult

if TYPE_CHECKING:
    from sqlalchemy import Connection


def fetch_sources(conn: Connection, d: Dialect, keys: list[str]) -> dict[str, str | None]:
    """Each stored source's text: its own, or the text attached to it later (``source_texts``, or copied from
    another chronicle: ``replicated_source_texts``)."""
    sql = (
        "SELECT s.sha256, COALESCE(s.text, t.text, r.text) FROM sources s"
        " LEFT JOIN source_texts t ON t.source_sha256 = s.sha256"
        " LEFT JOIN replicated_source_texts r ON r.source_sha256 = s.sha256 WHERE s.sha256 IN ({marks})"
    )
    return {row[0]: row[1] for row in in_chunks(conn, d, sql, keys)}


def fetch_by_keys(conn: Connection, d: Dialect, keys: list[str]) -> dict[str, tuple[str, AppendResult]]:
    """The stored events with these idempotency keys: their payload, and their result as a duplicate."""
    out = {}
    sql = "SELECT idempotency_key, id, position, recorded_at, payload FROM events WHERE idempotency_key IN ({marks})"
    for key, event_id, position, recorded_at, payload in in_chunks(conn, d, sql, keys):
        out[key] = (payload, AppendResult(event_id, position, d.decode_timestamp(recorded_at), True))
    return out


def fetch_versions(conn: Connection, d: Dialect, ids: list[str], before: int | None = None) -> dict[str, FactVersion | str]:
    """The version of each fact id from the events before position ``before`` (default: all of them), or
    the type of an id that is a correction."""
    rows: dict[str, list[RecordedEvent]] = {}
    kinds: dict[str, str] = {}
    limit = "" if before is None else f" AND position < {int(before)}"
    for i in range(0, len(ids), 400):
        part = ids[i : i + 400]
        marks = d.placeholders(len(part))
        sql = (
            f"SELECT position, id, type, payload, target_id FROM events WHERE id IN ({marks}){limit}"
            f" UNION SELECT position, id, type, payload, target_id FROM events WHERE target_id IN ({marks}){limit}"
            " ORDER BY 1"
        )
        for position, event_id, event_type, payload, target_id in conn.exec_driver_sql(d.sql(sql), tuple(part) * 2):
            fact_id = target_id or event_id
            if target_id is None:
                kinds[event_id] = event_type
            rows.setdefault(fact_id, []).append(RecordedEvent(position, event_id, event_type, orjson.loads(payload)))
    out: dict[str, FactVersion | str] = {}
    for fact_id, history in rows.items():
        if fact_id not in kinds:
            continue
        if history[0].type in CORRECTION_TYPES:
            out[fact_id] = history[0].type
            continue
        version = start(history[0])
        for event in history[1:]:
            version = evolve(version, event)
        out[fact_id] = version
    for event_id in ids:
        if event_id not in out:
            row = conn.exec_driver_sql(d.sql(f"SELECT type FROM events WHERE id = ?{limit}"), (event_id,)).first()
            if row is not None:
                out[event_id] = row[0]
    return out


def fetch_streams(conn: Connection, d: Dialect, keys: list[str]) -> dict[str, list[int]]:
    """``[version, last_position]`` of each relationship stream that has one."""
    sql = "SELECT relationship, version, last_position FROM streams WHERE relationship IN ({marks})"
    return {row[0]: [row[1], row[2]] for row in in_chunks(conn, d, sql, keys)}
