"""Pre-aggregated counts for the state card: ``relationship_counts``.

The rows of each relationship counted per domain and year (the card's activity) and a joint body's sessions
per bucket of years, each change a new version at the position it happened (both times; see
``chronicle/projections/counts.py``), written by the projector in the transaction of its checkpoint. A
derived table: the projection is emptied so that the next read (or ``chronicle rebuild``) projects every
event again and fills it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PROJECTION = (
    "relationship_facts", "relationship_summary", "relationship_years", "source_citations", "search_facts",
    "search_results",
)


def upgrade() -> None:
    op.create_table(
        "relationship_counts",
        sa.Column("relationship", sa.String(8), primary_key=True),
        sa.Column("counted", sa.Text, primary_key=True),
        sa.Column("span", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("bucket", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("events", sa.BigInteger, nullable=False),
    )
    for table in PROJECTION:
        op.execute(f"DELETE FROM {table}")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
    op.execute("DELETE FROM projection_checkpoints WHERE name = 'relationship_state'")


def downgrade() -> None:
    op.drop_table("relationship_counts")
