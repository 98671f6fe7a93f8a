"""Texts attached to sources on another chronicle, copied here by ``chronicle sync``.

The review queue attaches a document's text to a source the chronicle knew only by its metadata
(``source_texts``, 0003); verify takes such a text only as one of the local queue's documents, which a replica
does not hold. ``replicated_source_texts`` keeps the attached texts a replica copied, with the time they were
attached there. Append-only like the event store: UPDATE, DELETE (and TRUNCATE) are refused by triggers, and on
SQLite an insert that names a recorded key (``REPLACE``) as well. Verify's rule for them is a local one (the
text is its SHA-256, its source is stored by its metadata alone, and every passage cited from that source is in
it at its span); the head's digest covers them, so that the other chronicle witnesses the rest.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLE = "replicated_source_texts"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("source_sha256", sa.String(64), primary_key=True),
        sa.Column("text_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, 'chronicle: {TABLE} are append-only; {action} is refused'); END"
            )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_replace BEFORE INSERT ON {TABLE}"
            f" WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE source_sha256 = NEW.source_sha256)"
            f" OR EXISTS (SELECT 1 FROM {TABLE} WHERE text_sha256 = NEW.text_sha256)"
            f" BEGIN SELECT RAISE(ABORT, 'chronicle: {TABLE} are append-only; a row with a recorded key"
            " is refused (REPLACE)'); END"
        )
    else:  # chronicle_refuse_change() comes with revision 0001
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION chronicle_refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION chronicle_refuse_change()"
        )


def downgrade() -> None:
    op.drop_table(TABLE)
