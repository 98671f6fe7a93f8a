"""Full-text search: ``search_facts``, one row per version of a fact, and the engine's index of its words.

A derived read model, kept by the projector in the same transaction as the other projection tables and its
checkpoint (``chronicle rebuild`` makes it again from the events). On SQLite the words go to an FTS5 table,
``search_index`` (contentless, rowid = the version's position; the ``porter`` tokenizer over ``unicode61``
folds English plurals, Russian words arrive as their dictionary forms); on PostgreSQL to the ``document``
column (``russian`` and ``english`` configurations) under a GIN index.

The projection is emptied and its checkpoint set back to 0: the next read (or ``chronicle rebuild``)
projects every event again, the search rows with them. No append-only table is touched.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PROJECTION = ("relationship_facts", "relationship_summary", "relationship_years", "source_citations")


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "search_facts",
        sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
                  autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("tx_to", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("domain", sa.String(16), nullable=False),
        sa.Column("date_start", sa.Date, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("partners", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("document", sa.Text().with_variant(TSVECTOR(), "postgresql")),
    )
    op.create_index("ix_search_facts_event", "search_facts", ["event_id"])
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5(body, content='', columnsize=0,"
            " tokenize='porter unicode61 remove_diacritics 2')"
        )
    else:
        op.execute("CREATE INDEX ix_search_facts_document ON search_facts USING gin (document)")
    for table in PROJECTION:
        op.execute(f"DELETE FROM {table}")
    op.execute("DELETE FROM projection_checkpoints WHERE name = 'relationship_state'")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_index")
    op.drop_table("search_facts")
