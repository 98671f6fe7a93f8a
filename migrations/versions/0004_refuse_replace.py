"""Refuse, in the database, an insert that names the key of a recorded row (SQLite's REPLACE).

SQLite's ``REPLACE`` and ``INSERT OR REPLACE`` resolve a key conflict by deleting the old row, and those
deletions fire no DELETE trigger (unless a connection turns ``recursive_triggers`` on): the UPDATE and DELETE
triggers of 0001 let a source's title or URL, an event or a citation be rewritten. A BEFORE INSERT trigger
on each append-only table (the event store's and the review queue's) refuses a row whose key (or any unique column) is already recorded, whatever
conflict resolution the statement asks for. A plain INSERT of such a row failed before as well (on the
constraint); it now fails on the trigger.

PostgreSQL has no REPLACE; ``INSERT ... ON CONFLICT DO UPDATE`` is an UPDATE and meets the trigger of 0001.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Each append-only table and the conditions under which a new row would collide with a recorded one.
KEYS = {
    "events": (
        "position = NEW.position",
        "id = NEW.id",
        "idempotency_key = NEW.idempotency_key",
    ),
    "transactions": ("last_position = NEW.last_position",),
    "sources": ("sha256 = NEW.sha256",),
    "citations": ("position = NEW.position AND ordinal = NEW.ordinal",),
    # the review queue's (0003)
    "review_documents": ("id = NEW.id", "text_sha256 = NEW.text_sha256"),
    "review_proposals": ("id = NEW.id", "document_id = NEW.document_id AND ordinal = NEW.ordinal"),
    "review_decisions": ("id = NEW.id", "proposal_id = NEW.proposal_id"),
    "source_texts": ("source_sha256 = NEW.source_sha256", "text_sha256 = NEW.text_sha256"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, conditions in KEYS.items():
        collides = " OR ".join(f"EXISTS (SELECT 1 FROM {table} WHERE {c})" for c in conditions)
        op.execute(
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} WHEN {collides} "
            f"BEGIN SELECT RAISE(ABORT, 'chronicle: {table} are append-only; a row with a recorded key "
            "is refused (REPLACE)'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in KEYS:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
