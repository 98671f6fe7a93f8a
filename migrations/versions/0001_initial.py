"""The event store, its sources and citations, the projection tables, and the immutability triggers.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# Items are ordered by key in code-point order on both engines (SQLite's default, PostgreSQL's "C").
KEY = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")
IMMUTABLE = ("events", "transactions", "sources", "citations")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("position", POSITION, primary_key=True, autoincrement=False),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("date_text", sa.String(32)),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("target_id", sa.String(36)),
        sa.Column("parties", sa.Text),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idempotency_key", sa.String(200), unique=True),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index(
        "ix_events_target",
        "events",
        ["target_id"],
        sqlite_where=sa.text("target_id IS NOT NULL"),
        postgresql_where=sa.text("target_id IS NOT NULL"),
    )
    op.create_table(
        "transactions",
        sa.Column("last_position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("first_position", sa.BigInteger, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_transactions_recorded_at", "transactions", ["recorded_at"])
    op.create_table(
        "sources",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("language", sa.String(8)),
        sa.Column("text", sa.Text),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "citations",
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("ordinal", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("ref_label", sa.Text),
        sa.Column("ref_title", sa.Text),
        sa.Column("ref_url", sa.Text),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "streams",
        sa.Column("relationship", sa.String(8), primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("last_position", sa.BigInteger, nullable=False),
    )

    op.create_table(
        "relationship_facts",
        sa.Column("id", POSITION, primary_key=True, autoincrement=True),
        sa.Column("relationship", sa.String(8), nullable=False),
        sa.Column("section", sa.String(16), nullable=False),
        sa.Column("item_key", KEY, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("domain", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("date_text", sa.String(32), nullable=False),
        sa.Column("date_start", sa.Date, nullable=False),
        sa.Column("date_end", sa.Date, nullable=False),
        sa.Column("tx_from", sa.BigInteger, nullable=False),
        sa.Column("tx_to", sa.BigInteger, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_index(
        "ix_facts_item",
        "relationship_facts",
        ["relationship", "section", "item_key", "date_start", "tx_from", "tx_to", "role", "position"],
    )
    op.create_index(
        "ix_facts_timeline",
        "relationship_facts",
        ["relationship", "date_start", "tx_from", "tx_to", "domain", "date_text"],
    )
    op.create_index("ix_facts_event", "relationship_facts", ["event_id", "tx_to"])
    # A section's items newest first, read backwards until the state card's items are certain.
    op.create_index(
        "ix_facts_recent", "relationship_facts", ["relationship", "section", "date_start", "tx_from", "tx_to", "item_key"]
    )

    op.create_table(
        "source_citations",
        sa.Column("source_sha256", sa.String(64), primary_key=True),
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("ordinal", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False),
    )
    op.create_table(
        "projection_checkpoints",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "relationship_summary",
        sa.Column("relationship", sa.String(8), primary_key=True),
        sa.Column("events", sa.BigInteger, nullable=False),
        sa.Column("first_date", sa.Date),
        sa.Column("last_date", sa.Date),
    )
    op.create_table(
        "relationship_years",
        sa.Column("relationship", sa.String(8), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("events", sa.BigInteger, nullable=False),
    )

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )

    _create_immutability_triggers()


def _create_immutability_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in IMMUTABLE:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'chronicle: {table} are append-only; {action} is refused'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            """
            CREATE FUNCTION chronicle_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'chronicle: % are append-only; % is refused', TG_TABLE_NAME, TG_OP
                    USING ERRCODE = 'restrict_violation';
            END
            $$
            """
        )
        for table in IMMUTABLE:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION chronicle_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION chronicle_refuse_change()"
            )
    else:
        raise RuntimeError(f"the chronicle supports SQLite and PostgreSQL, not {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in (
        "api_tokens",
        "relationship_years",
        "relationship_summary",
        "projection_checkpoints",
        "relationship_facts",
        "source_citations",
        "streams",
        "citations",
        "sources",
        "transactions",
        "events",
    ):
        op.drop_table(table)
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS chronicle_refuse_change()")
