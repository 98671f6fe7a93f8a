"""The review queue's tables (created by migration 0003).

All four are append-only, protected by triggers like the event store: a queued document, its proposals, the
decisions taken on them and the texts attached to sources known by their metadata are never changed or
deleted. A proposal has at most one decision (``review_decisions.proposal_id`` is unique): the first
reviewer's decision counts and a second one is refused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Text
from sqlmodel import Field, SQLModel


class ReviewDocumentRow(SQLModel, table=True):
    """A document waiting for review: its text, metadata and the source its accepted facts will cite."""

    __tablename__ = "review_documents"

    id: str = Field(sa_column=Column(String(36), primary_key=True))
    text_sha256: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    source_sha256: str = Field(sa_column=Column(String(64), nullable=False))
    name: str = Field(sa_column=Column(Text, nullable=False))
    title: str | None = Field(default=None, sa_column=Column(Text))
    publisher: str | None = Field(default=None, sa_column=Column(Text))
    url: str | None = Field(default=None, sa_column=Column(Text))
    published: str | None = Field(default=None, sa_column=Column(String(32)))
    language: str | None = Field(default=None, sa_column=Column(String(8)))
    text: str = Field(sa_column=Column(Text, nullable=False))
    queued_by: str = Field(sa_column=Column(String(200), nullable=False))
    queued_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ReviewProposalRow(SQLModel, table=True):
    """One candidate fact the importer proposed: the envelope it would append, with passage and reasons."""

    __tablename__ = "review_proposals"
    __table_args__ = (Index("ix_review_proposals_document", "document_id", "ordinal", unique=True),)

    id: str = Field(sa_column=Column(String(36), primary_key=True))
    document_id: str = Field(sa_column=Column(String(36), nullable=False))
    ordinal: int = Field(sa_column=Column(Integer, nullable=False))
    type: str = Field(sa_column=Column(String(32), nullable=False))
    quote: str = Field(sa_column=Column(Text, nullable=False))
    span_start: int = Field(sa_column=Column(Integer, nullable=False))
    span_end: int = Field(sa_column=Column(Integer, nullable=False))
    reference: str | None = Field(default=None, sa_column=Column(Text))  # JSON
    reasons: str = Field(sa_column=Column(Text, nullable=False))  # JSON list of the importer's reasons
    envelope: str = Field(sa_column=Column(Text, nullable=False))  # JSON: the fact as proposed
    import_key: str = Field(sa_column=Column(String(200), nullable=False))


class ReviewDecisionRow(SQLModel, table=True):
    """What a reviewer decided on one proposal, who, when, why, and which events it appended."""

    __tablename__ = "review_decisions"
    __table_args__ = (Index("ix_review_decisions_document", "document_id"),)

    id: str = Field(sa_column=Column(String(36), primary_key=True))
    proposal_id: str = Field(sa_column=Column(String(36), nullable=False, unique=True))
    document_id: str = Field(sa_column=Column(String(36), nullable=False))
    batch_id: str = Field(sa_column=Column(String(36), nullable=False))
    action: str = Field(sa_column=Column(String(16), nullable=False))  # accepted, edited, rejected
    outcome: str | None = Field(default=None, sa_column=Column(String(16)))  # added, corroborated, known
    reason: str | None = Field(default=None, sa_column=Column(Text))
    edited_fields: str | None = Field(default=None, sa_column=Column(Text))  # JSON list of field names
    envelope: str | None = Field(default=None, sa_column=Column(Text))  # JSON: what was appended
    event_id: str | None = Field(default=None, sa_column=Column(String(36)))
    first_position: int | None = Field(default=None, sa_column=Column(BigInteger))
    last_position: int | None = Field(default=None, sa_column=Column(BigInteger))
    decided_by: str = Field(sa_column=Column(String(200), nullable=False))
    decided_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class SourceTextRow(SQLModel, table=True):
    """The text of a document attached to a source the chronicle knew only by its metadata."""

    __tablename__ = "source_texts"

    source_sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    text_sha256: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
