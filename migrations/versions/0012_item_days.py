"""Each item's visible days for the state card: ``relationship_item_days``.

For the sections whose newest items the card finds by reading backwards from ``as_of`` (agreements, ventures,
figures), one row per item, day and span of positions in which some row of the item on that day is visible
(``chronicle/projections/item_days.py``), written by the projector in the transaction of its other output. A
derived table: the projection is emptied so that the next read (or ``chronicle rebuild``) projects every event
again and fills it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

KEY = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")
PROJECTION = (
    "relationship_facts", "relationship_summary", "relationship_years", "relationship_counts", "source_citations",
    "search_facts", "search_results",
)


def upgrade() -> None:
    op.create_table(
        "relationship_item_days",
        sa.Column("relationship", sa.String(8), primary_key=True),
        sa.Column("section", sa.String(16), primary_key=True),
        sa.Column("item_key", KEY, primary_key=True),
        sa.Column("date_start", sa.Date, primary_key=True),
        sa.Column("tx_from", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("tx_to", sa.BigInteger, nullable=False),
    )
    op.create_index(
        "ix_item_days_recent", "relationship_item_days",
        ["relationship", "section", "date_start", "tx_from", "tx_to", "item_key"],
    )
    for table in PROJECTION:
        op.execute(f"DELETE FROM {table}")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
    op.execute("DELETE FROM projection_checkpoints WHERE name = 'relationship_state'")


def downgrade() -> None:
    op.drop_index("ix_item_days_recent", table_name="relationship_item_days")
    op.drop_table("relationship_item_days")
