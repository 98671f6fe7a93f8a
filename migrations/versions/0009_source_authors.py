"""A source's authors: ``sources.authors``, a JSON array of names as the source gives them, or NULL.

Sources recorded before this column keep NULL, and their keys and digests stay what they were: a key or
digest covers the authors only where a source has them (:func:`chronicle.domain.sources.keyed_metadata`).
The column is added, not rewritten, so the triggers that keep ``sources`` append-only are untouched.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("authors", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("sources", "authors")
