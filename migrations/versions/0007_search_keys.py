"""Search rows keyed by their order: ``search_facts.key`` is a version's earliest day, then its position.

With the position alone as the key (0006), listing the newest matches first and applying ``as_of`` meant
reading every match's row and sorting them. Keyed by the day's ordinal shifted left by 32 bits plus the
position, the FTS5 index (whose rowid is the key) already holds the matches in that order, and ``as_of`` is a
range of it. What a result shows moves to ``search_results``, so that the rows read for every match stay
small. Derived tables only: they are made again, and the projection is emptied so that the next read (or
``chronicle rebuild``) projects every event again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PROJECTION = ("relationship_facts", "relationship_summary", "relationship_years", "source_citations")
SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE search_index USING fts5(body, content='', columnsize=0,"
    " tokenize='porter unicode61 remove_diacritics 2')"
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TABLE search_index")
    op.drop_table("search_facts")
    key = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # the rowid on SQLite
    op.create_table(
        "search_facts",
        sa.Column("key", key, primary_key=True, autoincrement=False),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("tx_to", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("domain", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("partners", sa.Text, nullable=False),
        sa.Column("document", sa.Text().with_variant(TSVECTOR(), "postgresql")),
    )
    op.create_table(
        "search_results",
        sa.Column("key", key, primary_key=True, autoincrement=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_index("ix_search_facts_event", "search_facts", ["event_id"])
    if sqlite:
        op.execute(SQLITE_INDEX)
    else:
        op.execute("CREATE INDEX ix_search_facts_document ON search_facts USING gin (document)")
    for table in PROJECTION:
        op.execute(f"DELETE FROM {table}")
    op.execute("DELETE FROM projection_checkpoints WHERE name = 'relationship_state'")


def downgrade() -> None:
    raise NotImplementedError("0007 makes derived tables again; downgrade by rebuilding at 0006")
