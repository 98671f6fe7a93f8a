"""A source's digest covers its time of recording, and the head's digest the texts attached to sources.

``sources.recorded_at`` (shown on a source's page and in the API) was outside ``source_digests``: rewritten
with the triggers out of the way, verify said ok. Each digest is now the SHA-256 of the source's key, its
metadata and its ``recorded_at`` (:func:`chronicle.domain.sources.source_digest`); this revision recomputes the
stored ones, the only time they are rewritten, with their triggers set aside for it. The texts the review
queue attached (``source_texts``) join the head's digest as they are read; no table changes for them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from chronicle.domain.canonical import canonical_json, sha256_hex

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

REFUSE_UPDATE = (
    "CREATE TRIGGER source_digests_no_update BEFORE UPDATE ON source_digests "
    "BEGIN SELECT RAISE(ABORT, 'chronicle: source_digests are append-only; UPDATE is refused'); END"
)


def _text(value) -> str:
    """``recorded_at`` as the chronicle writes timestamps (``2026-12-03T07:11:22.415534Z``)."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _digest(key, title, publisher, url, published, language, recorded_at) -> str:
    meta = {"title": title, "publisher": publisher, "url": url, "published": published, "language": language}
    body = {"sha256": key, **meta}
    if recorded_at is not None:
        body["recorded_at"] = _text(recorded_at)
    return sha256_hex("source\n" + canonical_json(body))


def _rewrite(with_time: bool) -> None:
    bind = op.get_bind()
    rows = bind.exec_driver_sql(
        "SELECT sha256, title, publisher, url, published, language, recorded_at FROM sources"
    ).all()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER source_digests_no_update")
    else:
        op.execute("ALTER TABLE source_digests DISABLE TRIGGER source_digests_append_only")
    if rows:
        bind.execute(
            sa.text("UPDATE source_digests SET digest = :digest WHERE sha256 = :sha256"),
            [{"sha256": r[0], "digest": _digest(*r[:6], r[6] if with_time else None)} for r in rows],
        )
    if sqlite:
        op.execute(REFUSE_UPDATE)
    else:
        op.execute("ALTER TABLE source_digests ENABLE TRIGGER source_digests_append_only")


def upgrade() -> None:
    _rewrite(with_time=True)


def downgrade() -> None:
    _rewrite(with_time=False)
