"""The tables of the chronicle, as SQLModel classes.

Alembic's ``env.py`` reads this metadata; the tables themselves (with their indexes and triggers) are created
only by the migrations in ``migrations/versions``.

Append-only tables, protected by triggers against UPDATE and DELETE: ``events``, ``transactions``,
``sources``, ``source_digests``, ``citations``, ``replicated_source_texts``. ``streams`` keeps the relationship
stream versions; everything else is derived and rebuilt by the projector.

The append path writes one ``events`` row and one ``citations`` row per citation, with as few indexes as
lookups need (the id, the idempotency key, the targets of corrections): everything found by other keys is
read from projections or by scanning a bounded window.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Date, DateTime, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlmodel import Field, SQLModel


# SQLite only makes an INTEGER PRIMARY KEY an alias of the rowid, which is what makes appends fast there.
Position = BigInteger().with_variant(Integer(), "sqlite")

# Items are ordered by key in code-point order on both engines (SQLite's default, PostgreSQL's "C").
ItemKey = String(200).with_variant(String(200, collation="C"), "postgresql")


class EventRow(SQLModel, table=True):
    __tablename__ = "events"
    __table_args__ = (
        Index(
            "ix_events_target",
            "target_id",
            sqlite_where=text("target_id IS NOT NULL"),
            postgresql_where=text("target_id IS NOT NULL"),
        ),
    )

    position: int = Field(sa_column=Column(Position, primary_key=True, autoincrement=False))
    id: str = Field(sa_column=Column(String(36), nullable=False, unique=True))
    type: str = Field(sa_column=Column(String(32), nullable=False))
    date_text: str | None = Field(default=None, sa_column=Column(String(32)))
    date_start: date | None = Field(default=None, sa_column=Column(Date))
    date_end: date | None = Field(default=None, sa_column=Column(Date))
    target_id: str | None = Field(default=None, sa_column=Column(String(36)))
    # "|BY|BY-HO|KR|": the parties and the states they fold into (a correction: its target's, before and after)
    parties: str | None = Field(default=None, sa_column=Column(Text))
    payload: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    idempotency_key: str | None = Field(default=None, sa_column=Column(String(200), unique=True))
    hash: str = Field(sa_column=Column(String(64), nullable=False))


class TransactionRow(SQLModel, table=True):
    """One append: the positions it recorded and its transaction time (shared by all its events)."""

    __tablename__ = "transactions"
    __table_args__ = (Index("ix_transactions_recorded_at", "recorded_at"),)

    last_position: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    first_position: int = Field(sa_column=Column(BigInteger, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class SourceRow(SQLModel, table=True):
    __tablename__ = "sources"

    sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    title: str | None = Field(default=None, sa_column=Column(Text))
    publisher: str | None = Field(default=None, sa_column=Column(Text))
    url: str | None = Field(default=None, sa_column=Column(Text))
    published: str | None = Field(default=None, sa_column=Column(String(32)))
    language: str | None = Field(default=None, sa_column=Column(String(8)))
    text: str | None = Field(default=None, sa_column=Column(Text))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    authors: str | None = Field(default=None, sa_column=Column(Text))  # a JSON array of names (migration 0009)


class SourceDigestRow(SQLModel, table=True):
    """The digest of a source's key and metadata as recorded (``chronicle.domain.sources.source_digest``)."""

    __tablename__ = "source_digests"

    sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    digest: str = Field(sa_column=Column(String(64), nullable=False))


class ReplicatedSourceTextRow(SQLModel, table=True):
    """A text another chronicle's review queue attached to a source known by its metadata, copied here by
    ``chronicle sync`` (migration 0011); ``recorded_at`` is when it was attached there."""

    __tablename__ = "replicated_source_texts"

    source_sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    text_sha256: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class CitationRow(SQLModel, table=True):
    """A citation of a fact: recorded with the fact itself or later by ``citation.added`` (``position`` is the
    recording event's)."""

    __tablename__ = "citations"
    __table_args__ = {"sqlite_with_rowid": False}

    position: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    ordinal: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    event_id: str = Field(sa_column=Column(String(36), nullable=False))
    source_sha256: str = Field(sa_column=Column(String(64), nullable=False))
    quote: str = Field(sa_column=Column(Text, nullable=False))
    span_start: int = Field(sa_column=Column(Integer, nullable=False))
    span_end: int = Field(sa_column=Column(Integer, nullable=False))
    ref_label: str | None = Field(default=None, sa_column=Column(Text))
    ref_title: str | None = Field(default=None, sa_column=Column(Text))
    ref_url: str | None = Field(default=None, sa_column=Column(Text))


class StreamRow(SQLModel, table=True):
    """The version of each relationship's stream, for optimistic concurrency."""

    __tablename__ = "streams"

    relationship: str = Field(sa_column=Column(String(8), primary_key=True))
    version: int = Field(sa_column=Column(BigInteger, nullable=False))
    last_position: int = Field(sa_column=Column(BigInteger, nullable=False))


# --- projections -------------------------------------------------------------------------------------------


class FactRow(SQLModel, table=True):
    """One version of one fact as it shows in one relationship.

    Valid time: ``date_start``..``date_end``. Transaction time: the version is what the chronicle knew from
    position ``tx_from`` until just before ``tx_to`` (``INFINITE_POSITION`` while current).
    """

    __tablename__ = "relationship_facts"
    __table_args__ = (
        # Items of a section and their rows per role, oldest to newest (covering the visibility columns).
        Index(
            "ix_facts_item", "relationship", "section", "item_key", "role", "date_start", "position", "tx_from",
            "tx_to",
        ),
        # A relationship's rows by date: the timeline, and activity (covered).
        Index("ix_facts_timeline", "relationship", "date_start", "tx_from", "tx_to", "domain", "date_text"),
        Index("ix_facts_event", "event_id", "tx_to"),
        Index("ix_facts_recent", "relationship", "section", "date_start", "tx_from", "tx_to", "item_key"),
    )

    id: int | None = Field(default=None, sa_column=Column(Position, primary_key=True, autoincrement=True))
    relationship: str = Field(sa_column=Column(String(8), nullable=False))
    section: str = Field(sa_column=Column(String(16), nullable=False))
    item_key: str = Field(sa_column=Column(ItemKey, nullable=False))
    role: str = Field(sa_column=Column(String(16), nullable=False))
    domain: str = Field(sa_column=Column(String(16), nullable=False))
    event_id: str = Field(sa_column=Column(String(36), nullable=False))
    position: int = Field(sa_column=Column(BigInteger, nullable=False))
    type: str = Field(sa_column=Column(String(32), nullable=False))
    date_text: str = Field(sa_column=Column(String(32), nullable=False))
    date_start: date = Field(sa_column=Column(Date, nullable=False))
    date_end: date = Field(sa_column=Column(Date, nullable=False))
    tx_from: int = Field(sa_column=Column(BigInteger, nullable=False))
    tx_to: int = Field(sa_column=Column(BigInteger, nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))


class SourceCitationRow(SQLModel, table=True):
    """Which citations quote each source (for a document's page), kept by the projector."""

    __tablename__ = "source_citations"

    source_sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    position: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    ordinal: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    event_id: str = Field(sa_column=Column(String(36), nullable=False))


class CheckpointRow(SQLModel, table=True):
    __tablename__ = "projection_checkpoints"

    name: str = Field(sa_column=Column(String(64), primary_key=True))
    position: int = Field(sa_column=Column(BigInteger, nullable=False))


class RelationshipSummaryRow(SQLModel, table=True):
    """Current counts per relationship, for listings."""

    __tablename__ = "relationship_summary"

    relationship: str = Field(sa_column=Column(String(8), primary_key=True))
    events: int = Field(sa_column=Column(BigInteger, nullable=False))
    first_date: date | None = Field(default=None, sa_column=Column(Date))
    last_date: date | None = Field(default=None, sa_column=Column(Date))


class RelationshipYearRow(SQLModel, table=True):
    """Current event counts per relationship and year (of the event's earliest day)."""

    __tablename__ = "relationship_years"

    relationship: str = Field(sa_column=Column(String(8), primary_key=True))
    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    events: int = Field(sa_column=Column(BigInteger, nullable=False))


class RelationshipCountRow(SQLModel, table=True):
    """Versions of the counts of projected rows per relationship, what is counted and bucket of years, in both
    times (``chronicle/projections/counts.py``): ``events`` rows were visible from ``position`` until the
    bucket's next version."""

    __tablename__ = "relationship_counts"

    relationship: str = Field(sa_column=Column(String(8), primary_key=True))
    counted: str = Field(sa_column=Column(Text, primary_key=True))
    span: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    bucket: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    position: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    events: int = Field(sa_column=Column(BigInteger, nullable=False))


class ItemDayRow(SQLModel, table=True):
    """The days on which an item has a visible row, in transaction time (``chronicle/projections/item_days.py``):
    some row of the item on ``date_start`` is visible at every position in ``[tx_from, tx_to)``."""

    __tablename__ = "relationship_item_days"
    __table_args__ = (
        # A section's newest items as of a day and known at a position (covered).
        Index("ix_item_days_recent", "relationship", "section", "date_start", "tx_from", "tx_to", "item_key"),
    )

    relationship: str = Field(sa_column=Column(String(8), primary_key=True))
    section: str = Field(sa_column=Column(String(16), primary_key=True))
    item_key: str = Field(sa_column=Column(ItemKey, primary_key=True))
    date_start: date = Field(sa_column=Column(Date, primary_key=True))
    tx_from: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    tx_to: int = Field(sa_column=Column(BigInteger, nullable=False))


class SearchFactRow(SQLModel, table=True):
    """One version of one fact as full-text search finds it (``chronicle/projections/search_rows.py``).

    ``key`` orders the versions by their earliest day, then position: the day's ordinal shifted left by 32
    bits, plus ``position`` (the event that made the version: the fact or its correction, which is also the
    version's transaction-time start); ``tx_to`` closes it as in ``relationship_facts``. The words are
    indexed by the engine: on PostgreSQL in ``document`` (the ``russian`` and ``english`` configurations, a
    GIN index); on SQLite in the FTS5 table ``search_index`` (rowid = ``key``, so that its own order is the
    results' and ``as_of`` a range of it), made by the migration and not a model, while ``document`` stays
    NULL. What a result shows is in ``search_results``, apart, so that these rows stay small.
    """

    __tablename__ = "search_facts"
    __table_args__ = (Index("ix_search_facts_event", "event_id"),)

    key: int = Field(sa_column=Column(Position, primary_key=True, autoincrement=False))
    position: int = Field(sa_column=Column(BigInteger, nullable=False))
    event_id: str = Field(sa_column=Column(String(36), nullable=False))
    tx_to: int = Field(sa_column=Column(BigInteger, nullable=False))
    type: str = Field(sa_column=Column(String(32), nullable=False))
    domain: str = Field(sa_column=Column(String(16), nullable=False))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    partners: str = Field(sa_column=Column(Text, nullable=False))  # "|CN|KR|": the states but Belarus
    document: str | None = Field(default=None, sa_column=Column(Text().with_variant(TSVECTOR(), "postgresql")))


class SearchResultRow(SQLModel, table=True):
    """What a search result shows of a fact version (its ``search_facts`` key)."""

    __tablename__ = "search_results"

    key: int = Field(sa_column=Column(Position, primary_key=True, autoincrement=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))


class ApiTokenRow(SQLModel, table=True):
    """A bearer token for the HTTP API, stored as the SHA-256 of the token (the token is shown once)."""

    __tablename__ = "api_tokens"

    id: str = Field(sa_column=Column(String(36), primary_key=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    token_sha256: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    scope: str = Field(sa_column=Column(String(8), nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


metadata = SQLModel.metadata

# The review queue's tables live beside their code; importing them here puts them in the one metadata.
from chronicle.review import schema as _review_schema  # noqa: E402,F401
