"""``/api/events/{id}/retractions|corrections|citations``: correct a fact named by the path.

Each appends one correction event whose ``target`` is the path's id: ``event.retracted`` {reason},
``event.corrected`` {reason, changes}, ``citation.added`` {citation}; ``idempotency_key`` and
``expected_version`` may be given as for any event.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from api import params
from api.deps import Appender, AppenderDep, IdempotencyKey, require_write
from api.errors import ApiError, invalid
from api.schemas import NOT_FOUND, WRITE_ERRORS, Appended

router = APIRouter(
    prefix="/events/{event_id}",
    tags=["corrections"],
    dependencies=[Depends(require_write)],
    responses={**WRITE_ERRORS, **NOT_FOUND},
)


def _append_correction(
    appender: Appender, kind: str, event_id: str, body: dict[str, Any], idempotency_key: str | None
) -> dict[str, Any]:
    for field in ("type", "target"):
        if field in body:
            raise invalid(field, "given by the path; leave it out of the body")
    if appender.chronicle.get(event_id) is None:
        raise ApiError(404, "not found", f"no event has the id {event_id}")
    return appender.append_one({**body, "type": kind, "target": event_id}, idempotency_key)


@router.post("/retractions", status_code=201, response_model=Appended, summary="Retract a fact")
def retract(
    event_id: params.EventId,
    appender: AppenderDep,
    body: Annotated[dict[str, Any], Body(description="`{reason}`", examples=[{"reason": "the source was misread"}])],
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    return _append_correction(appender, "event.retracted", event_id, body, idempotency_key)


@router.post("/corrections", status_code=201, response_model=Appended, summary="Correct a fact")
def correct(
    event_id: params.EventId,
    appender: AppenderDep,
    body: Annotated[
        dict[str, Any],
        Body(
            description="`{reason, changes}`; changes names any of date, parties, figure, attributes.",
            examples=[{"reason": "the month was wrong", "changes": {"date": "2019-06"}}],
        ),
    ],
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    return _append_correction(appender, "event.corrected", event_id, body, idempotency_key)


@router.post("/citations", status_code=201, response_model=Appended, summary="Add a citation to a fact")
def add_citation(
    event_id: params.EventId,
    appender: AppenderDep,
    body: Annotated[
        dict[str, Any],
        Body(
            description="`{citation}`: `{source, quote, span, reference?}`; source is `{sha256}` or a full source.",
            examples=[{"citation": {"source": {"sha256": "…"}, "quote": "…", "span": [0, 10]}}],
        ),
    ],
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    return _append_correction(appender, "citation.added", event_id, body, idempotency_key)
