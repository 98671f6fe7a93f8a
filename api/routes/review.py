"""The review queue over HTTP (``/api/review``): queued documents, their proposals, and decisions on them.

Reads follow the read rule; decisions need a write token, whose name is recorded as who decided. A decision
on a proposal someone else decided first is refused with 409 and the decision that counts.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, Field

from api.deps import ChronicleDep, Credentials, SignalDep, check_read, writer_name
from api.errors import ApiError
from api.schemas import NOT_FOUND, WRITE_ERRORS
from chronicle.application import AlreadyDecided, ReviewError

router = APIRouter(prefix="/review", tags=["review"])


class DecisionIn(BaseModel):
    action: Literal["accept", "reject"]
    reason: str | None = Field(None, description="Why; needed for a rejection.")
    edits: dict[str, Any] | None = Field(
        None, description="Fields changed before accepting: type, date, parties, actors, attributes, figure."
    )


def review_error(exc: ReviewError) -> ApiError:
    if isinstance(exc, AlreadyDecided):
        return ApiError(409, "already decided", {"message": str(exc), "decisions": exc.decisions})
    return ApiError(exc.status, "not found" if exc.status == 404 else "invalid decision", str(exc))


@router.get("", summary="Documents waiting for review, with counts")
def list_documents(request: Request, chronicle: ChronicleDep, credentials: Credentials) -> dict[str, Any]:
    check_read(request, credentials)
    return {"documents": chronicle.review_documents()}


@router.get("/record", summary="The importer's record: proposals accepted unchanged, edited, rejected, by type")
def importer_record(request: Request, chronicle: ChronicleDep, credentials: Credentials) -> dict[str, Any]:
    check_read(request, credentials)
    return chronicle.importer_record()


@router.get("/{document_id}", summary="A queued document, its text and proposals", responses=NOT_FOUND)
def get_document(document_id: str, request: Request, chronicle: ChronicleDep, credentials: Credentials) -> dict[str, Any]:
    check_read(request, credentials)
    try:
        document = chronicle.review_document(document_id)
    except ReviewError as exc:
        raise review_error(exc) from None
    document["history"] = chronicle.review_history(document_id)
    return document


@router.post("/proposals/{proposal_id}", summary="Accept, edit and accept, or reject a proposal",
             responses={**WRITE_ERRORS, **NOT_FOUND})
def decide(
    proposal_id: str,
    decision: Annotated[DecisionIn, Body()],
    request: Request,
    chronicle: ChronicleDep,
    signal: SignalDep,
    credentials: Credentials,
) -> dict[str, Any]:
    by = writer_name(request, credentials)
    try:
        result = chronicle.decide(proposal_id, decision.action, by=by, reason=decision.reason, edits=decision.edits)
    except ReviewError as exc:
        raise review_error(exc) from None
    if result.appended:
        signal.notify()
    return result.to_json()


@router.post("/{document_id}/accept-rest", summary="Accept every open proposal of a document",
             responses={**WRITE_ERRORS, **NOT_FOUND})
def accept_rest(
    document_id: str, request: Request, chronicle: ChronicleDep, signal: SignalDep, credentials: Credentials
) -> dict[str, Any]:
    by = writer_name(request, credentials)
    try:
        result = chronicle.accept_rest(document_id, by=by)
    except ReviewError as exc:
        raise review_error(exc) from None
    if result.appended:
        signal.notify()
    return result.to_json()
