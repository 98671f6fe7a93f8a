"""Order the item index by role before date, so that a role's newest and earliest rows are bounded reads.

The state card reads, for each item it shows and each role (a body's establishment, its sessions), the three
newest rows and the earliest. With the role after the date in ``ix_facts_item`` such a read had to sort the
rows of each date it passed; with the role first and the position after the date, the index is already in
the order asked for.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BEFORE = ["relationship", "section", "item_key", "date_start", "tx_from", "tx_to", "role", "position"]
AFTER = ["relationship", "section", "item_key", "role", "date_start", "position", "tx_from", "tx_to"]


def upgrade() -> None:
    op.drop_index("ix_facts_item", table_name="relationship_facts")
    op.create_index("ix_facts_item", "relationship_facts", AFTER)


def downgrade() -> None:
    op.drop_index("ix_facts_item", table_name="relationship_facts")
    op.create_index("ix_facts_item", "relationship_facts", BEFORE)
