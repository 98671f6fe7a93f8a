"""Shapes of request and response bodies, for the OpenAPI document.

Envelopes themselves are validated by the chronicle (``chronicle.domain.events``), which names the failing
field and the event's index; the API passes them on as JSON objects.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Error(BaseModel):
    error: str = Field(description="What went wrong, in a few words.")
    detail: Any = Field(None, description="More: a message, or a list of {field, reason} (and index) for 422.")


class Appended(BaseModel):
    id: str
    position: int
    recorded_at: str
    duplicate: bool = Field(description="True when the idempotency key had already appended this very event.")


class FeedPage(BaseModel):
    events: list[dict[str, Any]] = Field(description="Events as stored: header, payload and hash.")
    next_after: int = Field(description="Pass as `after` to continue.")
    last_position: int = Field(description="The position of the chronicle's last event when read.")


class Attachment(BaseModel):
    source: str = Field(description="The key of a source recorded by its metadata alone.")
    text_sha256: str = Field(description="The SHA-256 of the text attached to it (`GET /api/sources/{sha256}`).")
    recorded_at: str = Field(description="When the text was attached.")


class Attachments(BaseModel):
    attachments: list[Attachment]
    next_after: str | None = Field(description="Pass as `after` for the next page; null after the last.")


class Head(BaseModel):
    position: int
    hash: str
    recorded_at: str | None
    sources: int | None = None
    sources_digest: str | None = None


ENVELOPE_DOC = (
    "One event envelope (a JSON object) or a list of them, appended atomically: all or nothing. See"
    " docs/envelope.md. A fact: `type`, `date`, `parties`, `citations` (each with `source`, `quote`, `span`),"
    " `attributes`; optional `idempotency_key` and `expected_version`."
)

READ_ERRORS = {
    401: {"model": Error, "description": "No bearer token given."},
    403: {"model": Error, "description": "The token does not allow this, or writes are disabled."},
    422: {"model": Error, "description": "Invalid input: detail lists {field, reason} (and index)."},
}
WRITE_ERRORS = {
    **READ_ERRORS,
    409: {"model": Error, "description": "A stale expected_version, or an idempotency key reused for other content."},
    413: {"model": Error, "description": "The body is larger than the limit (CHRONICLE_MAX_BODY_BYTES)."},
    400: {"model": Error, "description": "The body cannot be parsed (not JSON, or a broken form)."},
}
NOT_FOUND = {404: {"model": Error, "description": "Nothing has this id."}}
NO_RELATIONSHIP = {404: {"model": Error, "description": "The two sides are one state: no relationship of a state with itself."}}

