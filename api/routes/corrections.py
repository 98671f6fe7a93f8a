"""``/api/events/{id}/retractions|corrections|citations``: correct a fact named by the path.

Each appends one correction event whose ``target`` is the path's id: ``event.retracted`` {reason},
``event.corrected`` {reason, changes}, ``citation.added`` {citation}; ``idempotency_key`` and
``expected_version`` may be given as for any event.
"""

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


def _route(path: str, name: str, summary: str, kind: str, description: str, example: dict[str, Any]) -> None:
    """One ``POST /events/{event_id}/<path>`` that appends a correction of ``kind`` to the path's event."""
    Payload = Annotated[dict[str, Any], Body(description=description, examples=[example])]

    def endpoint(
        event_id: params.EventId,
        appender: AppenderDep,
        body: Payload,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        return _append_correction(appender, kind, event_id, body, idempotency_key)

    endpoint.__name__ = endpoint.__qualname__ = name
    router.add_api_route(path, endpoint, methods=["POST"], status_code=201, response_model=Appended,
                         summary=summary, name=name)


_route("/retractions", "retract", "Retract a fact", "event.retracted", "`{reason}`", {"reason": "the source was misread"})
_route("/corrections", "correct", "Correct a fact", "event.corrected",
       "`{reason, changes}`; changes names any of date, parties, figure, attributes.",
       {"reason": "the month was wrong", "changes": {"date": "2019-06"}})
_route("/citations", "add_citation", "Add a citation to a fact", "citation.added",
       "`{citation}`: `{source, quote, span, reference?}`; source is `{sha256}` or a full source.",
       {"citation": {"source": {"sha256": "…"}, "quote": "…", "span": [0, 10]}})
