"""``/api/relations``: the relationships, one relationship's state, and its timeline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from api import params
from api.deps import ChronicleDep, require_read
from api.errors import INVALID, ApiError, no_relationship
from api.schemas import NO_RELATIONSHIP, READ_ERRORS
from chronicle.domain.parties import PartyError, Relationship, SameState, normalize_party

router = APIRouter(prefix="/relations", tags=["relations"], dependencies=[Depends(require_read)], responses=READ_ERRORS)


State = Annotated[str, Path(description="A state by its ISO 3166-1 alpha-2 code (the other side is another state).",
                            json_schema_extra={"enum": params.STATE_SCHEMA["enum"]})]


async def relationship(a: State, b: State) -> Relationship:
    """The relationship of the path's two states; a 422 names the code that is not a state, a 404 says that a
    state has no relationship with itself."""
    problems = []
    for name, code in (("a", a), ("b", b)):
        try:
            normalize_party(code)
        except PartyError as exc:
            problems.append({"field": f"path.{name}", "reason": str(exc)})
    if not problems:
        try:
            return Relationship.of(a, b)
        except SameState as exc:
            raise no_relationship(exc) from None
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


@router.get("/{a}/{b}", summary="The state of a relationship", responses=NO_RELATIONSHIP)
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


def timeline_filters(
    date_from: params.DateFrom = None,
    date_to: params.DateTo = None,
    type: params.FactTypes = None,
    domain: params.DomainFilter = None,
) -> dict[str, Any]:
    """Which of a relationship's facts its timeline lists (by date, type and domain), as records.timeline names
    them."""
    return {"date_from": date_from, "date_to": date_to, "types": type, "domain": domain}


@router.get("/{a}/{b}/timeline", summary="The facts of a relationship in date order", responses=NO_RELATIONSHIP)
def relation_timeline(
    rel: RelationshipDep,
    chronicle: ChronicleDep,
    filters: Annotated[dict[str, Any], Depends(timeline_filters)],
    as_of: params.AsOfDay = None,
    known_at: params.KnownAt = None,
    limit: params.Limit = 500,
    offset: params.Offset = 0,
) -> dict[str, Any]:
    known = chronicle.records.known_position(known_at)
    items = chronicle.records.timeline(rel, as_of=as_of, known=known, limit=limit, offset=offset, **filters)
    return {"relationship": rel.parties, "items": items, "limit": limit, "offset": offset}


@router.get("/{a}/{b}/compare", summary="What changed in a relationship between two points", responses=NO_RELATIONSHIP)
def relation_compare(
    rel: RelationshipDep,
    chronicle: ChronicleDep,
    date_from: Annotated[
        params.AsOfDateText | None, Query(alias="from", description="Valid time of the first side: as of this (partial) date.")
    ] = None,
    date_to: Annotated[
        params.AsOfDateText | None, Query(alias="to", description="Valid time of the second side: as of this (partial) date.")
    ] = None,
    known_from: Annotated[
        params.Timestamp | None, Query(description="Transaction time of the first side: as known at this UTC moment.")
    ] = None,
    known_to: Annotated[
        params.Timestamp | None, Query(description="Transaction time of the second side (default: now).")
    ] = None,
) -> dict[str, Any]:
    """The same JSON as `chronicle diff A B`: the facts that `appeared`, `changed` (the fields, before and after,
    and `why`: the corrections recorded in between with their reasons) and `vanished` (retracted, with the
    reason) from the first side to the second, and each figure series whose latest point moved. Give `from`
    and `to` (valid time), `known_from` and `known_to` (transaction time), or both."""
    if date_from is None and known_from is None:
        raise ApiError(422, INVALID, [{"field": "query.from", "reason": "give from (a date) or known_from (a moment)"}])
    return chronicle.compare(rel.a, rel.b, date_from=date_from, date_to=date_to, known_from=known_from,
                             known_to=known_to)
