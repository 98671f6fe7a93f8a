"""A digest of every source's key and metadata, append-only, which ``chronicle verify`` recomputes.

A source with text is keyed by the SHA-256 of its text, so its title, publisher, URL, date and language were
outside everything verify checked: rewritten (with the triggers out of the way), verify still said ok and
replicas copied the forgery. ``source_digests`` holds, for each source, the SHA-256 of its key and metadata
as recorded (:func:`chronicle.domain.sources.source_digest`), written in the same transaction as the source
and protected like it; verify recomputes each from the ``sources`` row, and the API's head carries a digest
of them all, which a replica or a client compares.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from chronicle.domain.canonical import canonical_json, sha256_hex

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def source_digest(key, title, publisher, url, published, language) -> str:
    """The digest as this revision defined it (key and metadata; 0008 adds the time of recording)."""
    meta = {"title": title, "publisher": publisher, "url": url, "published": published, "language": language}
    return sha256_hex("source\n" + canonical_json({"sha256": key, **meta}))


def upgrade() -> None:
    op.create_table(
        "source_digests",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
    )
    bind = op.get_bind()
    rows = bind.exec_driver_sql("SELECT sha256, title, publisher, url, published, language FROM sources").all()
    if rows:
        bind.execute(
            sa.text("INSERT INTO source_digests (sha256, digest) VALUES (:sha256, :digest)"),
            [{"sha256": r[0], "digest": source_digest(r[0], *r[1:])} for r in rows],
        )
    dialect = bind.dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER source_digests_no_{action.lower()} BEFORE {action} ON source_digests "
                f"BEGIN SELECT RAISE(ABORT, 'chronicle: source_digests are append-only; {action} is refused'); END"
            )
        op.execute(
            "CREATE TRIGGER source_digests_no_replace BEFORE INSERT ON source_digests"
            " WHEN EXISTS (SELECT 1 FROM source_digests WHERE sha256 = NEW.sha256)"
            " BEGIN SELECT RAISE(ABORT, 'chronicle: source_digests are append-only; a row with a recorded key"
            " is refused (REPLACE)'); END"
        )
    else:
        op.execute(
            "CREATE TRIGGER source_digests_append_only BEFORE UPDATE OR DELETE ON source_digests "
            "FOR EACH ROW EXECUTE FUNCTION chronicle_refuse_change()"
        )
        op.execute(
            "CREATE TRIGGER source_digests_no_truncate BEFORE TRUNCATE ON source_digests "
            "FOR EACH STATEMENT EXECUTE FUNCTION chronicle_refuse_change()"
        )


def downgrade() -> None:
    op.drop_table("source_digests")
