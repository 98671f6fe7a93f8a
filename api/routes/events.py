"""``/api/events``: append events, read the feed (long polling with ``wait``), one event and its provenance."""

from __future__ import annotations

import time
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Depends, Response

from api import params
from api.deps import AppenderDep, ChronicleDep, IdempotencyKey, SignalDep, require_read, require_write
from api.errors import ApiError, invalid
from api.schemas import ENVELOPE_DOC, NOT_FOUND, READ_ERRORS, WRITE_ERRORS, Appended, FeedPage

router = APIRouter(prefix="/events", tags=["events"])

PROVENANCE_CONTEXT = 300  # characters of the source shown each side of a quoted span


@router.post(
    "",
    status_code=201,
    dependencies=[Depends(require_write)],
    response_model=Appended | list[Appended],
    responses=WRITE_ERRORS,
    summary="Append one event or a batch",
)
def append_events(
    appender: AppenderDep,
    body: Annotated[dict[str, Any] | list[Any], Body(description=ENVELOPE_DOC)],
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """201 with `{id, position, recorded_at, duplicate}` for one event, a list of them for a list."""
    if isinstance(body, dict):
        return _created(appender.append_one(body, idempotency_key))
    if idempotency_key is not None:
        raise invalid("Idempotency-Key", "the header applies to a single event; give each event its idempotency_key")
    if not body:
        raise invalid("body", "the list holds no events")
    return _created(appender.append(body))


def _created(appended: Any) -> Response:
    """The 201 answer, encoded as it is: the results are already what `Appended` says (``to_json``), and having
    FastAPI validate them against the response model again cost 15 % of the server's time per one-event append
    (py-spy, 8 clients); the model still documents the answer."""
    return Response(orjson.dumps(appended), status_code=201, media_type="application/json")


@router.get(
    "",
    dependencies=[Depends(require_read)],
    response_model=FeedPage,
    responses=READ_ERRORS,
    summary="The feed: events in position order",
)
def read_events(
    chronicle: ChronicleDep,
    signal: SignalDep,
    after: params.After = 0,
    limit: params.Limit = 100,
    party: params.Party = None,
    type: params.Types = None,
    date_from: params.DateFrom = None,
    date_to: params.DateTo = None,
    wait: params.Wait = 0,
) -> Response:
    """Events after position `after`, as stored (`StoredEvent.to_json()`); continue with `after=next_after`.

    `from`/`to` keep the facts whose date overlaps them; corrections have no date and always pass. A filtered
    page looks at a bounded stretch of positions, so it may hold fewer than `limit` events while `next_after`
    moves on. With `wait`, a caught-up empty page is held until a matching event is appended or `wait`
    seconds have passed.
    """
    deadline = time.monotonic() + wait
    while True:
        seen = signal.generation
        events, next_after, head = chronicle.read_page(
            after, limit, party=party, types=type, date_from=date_from, date_to=date_to
        )
        remaining = deadline - time.monotonic()
        if events or remaining <= 0:
            break
        if next_after >= head:  # caught up: wait for an append; otherwise read on at once
            signal.wait(seen, remaining)
        after = next_after
    page = {"events": [event.to_json() for event in events], "next_after": next_after, "last_position": head}
    return Response(orjson.dumps(page), media_type="application/json")


@router.get(
    "/{event_id}", dependencies=[Depends(require_read)], responses={**READ_ERRORS, **NOT_FOUND}, summary="One event"
)
def read_event(event_id: params.EventId, chronicle: ChronicleDep) -> dict[str, Any]:
    """The event; for a fact also every citation of it (original and added later) and its correction status."""
    event = chronicle.records.event(event_id)
    if event is None:
        raise ApiError(404, "not found", f"no event has the id {event_id}")
    return event


@router.get(
    "/{event_id}/provenance",
    dependencies=[Depends(require_read)],
    responses={**READ_ERRORS, **NOT_FOUND},
    summary="Where it comes from",
)
def read_provenance(event_id: params.EventId, chronicle: ChronicleDep) -> dict[str, Any]:
    """Every source behind a fact: the document, the quote and its span with the text around it (where the
    source's text is stored), the cited work, and when each was recorded."""
    provenance = chronicle.records.provenance(event_id, PROVENANCE_CONTEXT)
    if provenance is None:
        raise ApiError(404, "not found", f"no event has the id {event_id}")
    return provenance
