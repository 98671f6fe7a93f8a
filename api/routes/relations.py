"""``/api/relations``: the relationships, one relationship's state, and its timeline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api import params
from api.deps import ChronicleDep, require_read
from api.errors import INVALID, ApiError
from api.schemas import READ_ERRORS
from chronicle.domain.parties import PartyError, Relationship, normalize_party

router = APIRouter(prefix="/relations", tags=["relations"], dependencies=[Depends(require_read)], responses=READ_ERRORS)


async def relationship(a: str, b: str) -> Relationship:
    """The relationship of the path's two states; a 422 names the code that is not a state."""
    problems = []
    for name, code in (("a", a), ("b", b)):
        try:
            normalize_party(code)
        except PartyError as exc:
            problems.append({"field": f"path.{name}", "reason": str(exc)})
    if not problems:
        try:
            return Relationship.of(a, b)
        except PartyError as exc:
            problems.append({"field": "path", "reason": str(exc)})
    raise ApiError(422, INVALID, problems)


RelationshipDep = Annotated[Relationship, Depends(relationship)]


@router.get("", summary="Belarus's relationships")
def list_relations(
    chronicle: ChronicleDep,
    all: Annotated[
        bool, Query(description="Also the pairs of other states that share an event with several states (a forum).")
    ] = False,
) -> dict[str, Any]:
    """Each of Belarus's relationships with its event counts (in all and per year), its first and last event
    dates, Belarus's `partner` and whether it is `asian`. A multilateral event (a forum of many embassies)
    counts in each of Belarus's relationships it concerns; the pairs of other states it makes are listed only
    with `all=true`."""
    return {"relations": chronicle.records.relationships(include_all=all)}


@router.get("/{a}/{b}", summary="The state of a relationship")
def relation_state(
    rel: RelationshipDep,
    chronicle: ChronicleDep,
    as_of: params.AsOfText = None,
    known_at: params.KnownAt = None,
    limit: Annotated[int | None, Query(ge=1, le=params.MAX_LIMIT, description="Items listed per section (default 10).")] = None,
    totals: Annotated[
        bool, Query(description="Also count every section's items (reads every fact of the relationship).")
    ] = False,
) -> dict[str, Any]:
    """The same JSON as `chronicle state A B`: as of a date (valid time), as known at a moment (transaction time).
    Each section lists its newest items and says in `more` whether it has others."""
    return chronicle.state(rel.a, rel.b, as_of=as_of, known_at=known_at, limit=limit, totals=totals)


@router.get("/{a}/{b}/timeline", summary="The facts of a relationship in date order")
def relation_timeline(
    rel: RelationshipDep,
    chronicle: ChronicleDep,
    date_from: params.DateFrom = None,
    date_to: params.DateTo = None,
    type: params.FactTypes = None,
    domain: params.DomainFilter = None,
    as_of: params.AsOfDay = None,
    known_at: params.KnownAt = None,
    limit: params.Limit = 500,
    offset: params.Offset = 0,
) -> dict[str, Any]:
    items = chronicle.records.timeline(
        rel,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        known=chronicle.records.known_position(known_at),
        types=type,
        domain=domain,
        limit=limit,
        offset=offset,
    )
    return {"relationship": rel.parties, "items": items, "limit": limit, "offset": offset}
