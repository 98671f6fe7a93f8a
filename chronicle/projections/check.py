"""The projection against a replay: ``chronicle verify`` replays every projected event into temporary copies
of the projection tables, in one snapshot that is rolled back, and compares a digest of each table before and after.

A projection that a crash, a bug or a hand left different from what the events imply is named by table. The
replay goes as far as the checkpoint read in the same snapshot; how far the checkpoint is behind the head is
reported beside it (reads catch up by themselves). It takes no lock a writer waits for: the replay's rows go
to temporary tables, rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import sha256
from typing import TYPE_CHECKING

from chronicle.projections.projector import Projector

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Each projection table with its columns but its surrogate id: rows compare by content.
TABLES = {
    "relationship_facts": (
        "relationship, section, item_key, role, domain, event_id, position, type, date_text, date_start, date_end,"
        " tx_from, tx_to, payload"
    ),
    "relationship_summary": "relationship, events, first_date, last_date",
    "relationship_years": "relationship, year, events",
    "relationship_counts": "relationship, counted, span, bucket, position, events",
    "relationship_item_days": "relationship, section, item_key, date_start, tx_from, tx_to",
    "source_citations": "source_sha256, position, ordinal, event_id",
    "search_facts": "key, position, event_id, tx_to, type, domain, year, partners",
    "search_results": "key, payload",
}
# The tables the projector writes, which the replay shadows (SQLite keeps the search words in an FTS5 table).
SHADOWED = {"sqlite": (*TABLES, "search_index"), "postgresql": tuple(TABLES)}


@dataclass(frozen=True)
class ProjectionCheck:
    checkpoint: int
    behind: int  # events after the checkpoint (not yet projected)
    differing: tuple[str, ...]  # tables whose rows differ from the replay's

    @property
    def ok(self) -> bool:
        return not self.differing


def _digest(conn: Connection, table: str, columns: str) -> str:
    h = sha256()
    for row in conn.exec_driver_sql(f"SELECT {columns} FROM {table} ORDER BY {columns}"):
        h.update(repr(tuple(row)).encode())
        h.update(b"\n")
    return h.hexdigest()


def check_projection(projector: Projector) -> ProjectionCheck:
    """Replay the events up to the checkpoint and compare; nothing is changed, and no writer waits for it.

    Everything is read in one snapshot (the checkpoint, the projection's rows and the events up to the
    checkpoint), and the replay writes temporary tables of the projection's names, which shadow the shared ones
    for this transaction only; it is rolled back. Appends and their projection go on meanwhile."""
    with projector.db.snapshot() as conn:
        checkpoint = projector.checkpoint(conn)
        behind = projector.behind(conn)
        stored = {table: _digest(conn, table, columns) for table, columns in TABLES.items()}
        projector.dialect.shadow_tables(conn, SHADOWED[projector.dialect.name])
        projector.replay(conn, checkpoint)
        differing = tuple(t for t, c in TABLES.items() if _digest(conn, t, c) != stored[t])
    return ProjectionCheck(checkpoint, behind, differing)
