"""Texts attached to sources after they were recorded: by the local review queue (``source_texts``) or copied
from another chronicle's (``replicated_source_texts``, migration 0011).

An attachment appends no event, so a replica following the feed never hears of it: :func:`listing` is what a
replica reads (``GET /api/attachments``) to copy the ones it lacks with :func:`copy_replicated`, and what the
head's digest covers (:func:`digest_lines`). A copied text is kept only where the local rule of
:func:`replicated_problem` holds; verify applies the same rule to each stored one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chronicle.domain.canonical import sha256_hex
from chronicle.domain.clock import format_timestamp, parse_timestamp
from chronicle.domain.sources import attachment_digest, quote_mismatch
from chronicle.store.bulk import in_chunks
from chronicle.store.database import Database
from chronicle.store.dialect import Dialect

if TYPE_CHECKING:
    from sqlalchemy import Connection

TABLES = ("source_texts", "replicated_source_texts")

# Both tables' attachments (no texts), by source key; "{after}" is a condition on the key, or nothing.
LISTING_SQL = " UNION ALL ".join(
    f"SELECT source_sha256, text_sha256, recorded_at FROM {table}{{after}}" for table in TABLES
) + " ORDER BY 1, 2"


class AttachmentError(Exception):
    """A text another chronicle attached to a source cannot be kept here (the message names the source and
    why); nothing of its batch was kept."""


@dataclass(frozen=True, slots=True)
class Attached:
    source: str
    text_sha256: str
    recorded_at: str  # as format_timestamp writes it

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "text_sha256": self.text_sha256, "recorded_at": self.recorded_at}


def listing(conn: Connection, d: Dialect, after: str | None = None, limit: int | None = None) -> list[Attached]:
    """The attached texts of both tables in source-key order, after the key ``after``, at most ``limit``."""
    condition = " WHERE source_sha256 > ?" if after is not None else ""
    sql = LISTING_SQL.format(after=condition) + (f" LIMIT {int(limit)}" if limit is not None else "")
    params = (after, after) if after is not None else ()
    return [Attached(key, text_sha, format_timestamp(d.decode_timestamp(at)))
            for key, text_sha, at in conn.exec_driver_sql(d.sql(sql), params)]


def digest_lines(conn: Connection, d: Dialect) -> list[tuple[str, str]]:
    """Each attached text's source key and :func:`attachment_digest`, as the head's digest takes them."""
    return [(a.source, attachment_digest(a.source, a.text_sha256, a.recorded_at)) for a in listing(conn, d)]


def cited_passages(conn: Connection, d: Dialect, keys: list[str]) -> dict[str, list[tuple[str, int, int]]]:
    """The quote and span of every citation of each source of ``keys`` (as the citations table holds them);
    one scan of the citations for them all."""
    sql = "SELECT source_sha256, quote, span_start, span_end FROM citations WHERE source_sha256 IN ({marks})"
    out: dict[str, list[tuple[str, int, int]]] = {}
    for key, quote, start, end in in_chunks(conn, d, sql, sorted(set(keys))):
        out.setdefault(key, []).append((quote, start, end))
    return out


def passage_problem(text: str, passages: list[tuple[str, int, int]]) -> str | None:
    """Why a text attached to a source cannot be its text: a passage cited from the source that is not in it at
    its span (as the review queue attached it, and as every later citation of it was checked); or None."""
    for quote, start, end in passages:
        problem = quote_mismatch(text, quote, (start, end))
        if problem is not None:
            return f"a passage cited from it is not in the attached text at its span ({problem})"
    return None


def replicated_problem(
    conn: Connection, d: Dialect, key: str, text_sha256: str, text: str, passages: list[tuple[str, int, int]]
) -> str | None:
    """Why ``text`` cannot be the text attached to the source ``key`` here, or None: it must be its SHA-256,
    the source must be stored by its metadata alone, and ``passages`` (those cited from the source,
    :func:`cited_passages`) must be in the text at their spans."""
    if sha256_hex(text) != text_sha256:
        return "the attached text is not the one recorded (SHA-256 differs)"
    row = conn.exec_driver_sql(d.sql("SELECT text IS NULL FROM sources WHERE sha256 = ?"), (key,)).first()
    if row is None:
        return "a text is attached to it, but the source is not stored"
    if not row[0]:
        return "a text is attached to it, but the source has a text of its own"
    return passage_problem(text, passages)


def attached_here(conn: Connection, d: Dialect, keys: list[str]) -> dict[str, str]:
    """The SHA-256 of the text attached here to each of ``keys`` that has one."""
    out: dict[str, str] = {}
    for table in TABLES:
        sql = f"SELECT source_sha256, text_sha256 FROM {table} WHERE source_sha256 IN ({{marks}})"
        out.update({key: text_sha for key, text_sha in in_chunks(conn, d, sql, keys)})
    return out


def copy_replicated(db: Database, d: Dialect, items: list[dict[str, Any]]) -> int:
    """Keep texts another chronicle attached (each ``source``, ``text_sha256``, ``recorded_at``, ``text``), in
    one transaction: a text already attached here the same is skipped; one that differs from the text
    attached here, or fails :func:`replicated_problem`, raises :class:`AttachmentError` and nothing is kept.
    Returns how many were copied."""
    rows = []
    with db.write() as conn:
        keys = sorted({item["source"] for item in items})
        here = attached_here(conn, d, keys)
        passages = cited_passages(conn, d, keys)
        for item in items:
            key, text_sha = item["source"], item["text_sha256"]
            if key in here:
                if here[key] != text_sha:
                    raise AttachmentError(f"source {key}: the text attached to it there differs from the one attached here")
                continue
            if sha256_hex(item["text"]) != text_sha:
                raise AttachmentError(f"source {key}: the text served for it is not the one its listing and head's"
                                      " digest name (SHA-256 differs)")
            problem = replicated_problem(conn, d, key, text_sha, item["text"], passages.get(key, []))
            if problem is not None:
                raise AttachmentError(f"source {key}: {problem}")
            rows.append((key, text_sha, item["text"], d.encode_timestamp(parse_timestamp(item["recorded_at"]))))
            here[key] = text_sha
        if rows:
            conn.exec_driver_sql(
                d.sql("INSERT INTO replicated_source_texts (source_sha256, text_sha256, text, recorded_at)"
                      " VALUES (?, ?, ?, ?)"),
                rows,
            )
    return len(rows)
