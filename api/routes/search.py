"""``/api/search``: full-text search over the facts, with facets, as of a date and as known at a moment."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api import params
from api.deps import ChronicleDep, require_read
from api.errors import INVALID, ApiError
from api.schemas import READ_ERRORS
from chronicle.application import MAX_QUERY_CHARS, MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET
from chronicle.domain.events import EnvelopeError

router = APIRouter(prefix="/search", tags=["search"], dependencies=[Depends(require_read)], responses=READ_ERRORS)


def run_search(chronicle: Any, **asked: Any) -> dict[str, Any]:
    """The facade's search; its refusal of a parameter as a 422 naming ``query.<parameter>``."""
    try:
        return chronicle.search(**asked)
    except EnvelopeError as exc:
        detail = [{"field": f"query.{e.field}", "reason": e.reason} for e in exc.errors]
        raise ApiError(422, INVALID, detail) from None


@router.get("", summary="Search the facts, with facets")
def search(
    chronicle: ChronicleDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, pattern=r"[^\W_]", description="Words to find (Russian or English; every word must match, in any of its forms).")],
    partner: Annotated[params.PartnerCode | None, Query(description="Only facts concerning this state (a partner facet's value).")] = None,
    type: Annotated[params.FactType | None, Query(description="Only facts of this type.")] = None,
    domain: params.DomainFilter = None,
    year: Annotated[int | None, Query(ge=1, le=9999, description="Only facts whose earliest day is in this year.")] = None,
    as_of: params.AsOfText = None,
    known_at: params.KnownAt = None,
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH_LIMIT, description="Results per page.")] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_SEARCH_OFFSET, description="Skip this many results.")] = 0,
) -> dict[str, Any]:
    """The facts whose words, quotes, cited sources (title, publisher) or actors match every word of `q`:
    Russian words in any case ("Кореи" finds "Корея"), English ones in singular or plural. `as_of` (valid
    time) and `known_at` (transaction time) apply as in the state: a retracted fact is found only as known
    before its retraction. `total`, the newest `results` first (each with its event `id` and
    `relationships`), and `facets` — `partner`, `type`, `domain`, `year`, each a list of `{value, name, count}`
    counted under every filter chosen (`chosen`)."""
    return run_search(chronicle, query=q, partner=partner, type=type, domain=domain, year=year, as_of=as_of,
                      known_at=known_at, limit=limit, offset=offset)
