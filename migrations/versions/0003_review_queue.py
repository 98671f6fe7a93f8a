"""The review queue: documents waiting for review, their proposals, the decisions on them, and the texts
attached to sources known by their metadata. All append-only (triggers refuse UPDATE and DELETE).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("review_documents", "review_proposals", "review_decisions", "source_texts")
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "review_documents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("text_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("language", sa.String(8)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("queued_by", sa.String(200), nullable=False),
        sa.Column("queued_at", STAMP, nullable=False),
    )
    op.create_table(
        "review_proposals",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("document_id", sa.String(36), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("reference", sa.Text),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("envelope", sa.Text, nullable=False),
        sa.Column("import_key", sa.String(200), nullable=False),
    )
    op.create_index("ix_review_proposals_document", "review_proposals", ["document_id", "ordinal"], unique=True)
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("proposal_id", sa.String(36), nullable=False, unique=True),
        sa.Column("document_id", sa.String(36), nullable=False),
        sa.Column("batch_id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16)),
        sa.Column("reason", sa.Text),
        sa.Column("edited_fields", sa.Text),
        sa.Column("envelope", sa.Text),
        sa.Column("event_id", sa.String(36)),
        sa.Column("first_position", sa.BigInteger),
        sa.Column("last_position", sa.BigInteger),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", STAMP, nullable=False),
    )
    op.create_index("ix_review_decisions_document", "review_decisions", ["document_id"])
    op.create_table(
        "source_texts",
        sa.Column("source_sha256", sa.String(64), primary_key=True),
        sa.Column("text_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("recorded_at", STAMP, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'chronicle: {table} are append-only; {action} is refused'); END"
                )
        else:  # chronicle_refuse_change() comes with revision 0001
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION chronicle_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION chronicle_refuse_change()"
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
