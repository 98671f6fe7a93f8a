"""``/api/head`` (what a replica checks against) and ``/api/health``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api import params
from api.deps import ChronicleDep, require_read
from api.errors import ApiError
from api.schemas import NOT_FOUND, READ_ERRORS, Error, Head

router = APIRouter(tags=["head"])


@router.get(
    "/head", dependencies=[Depends(require_read)], response_model=Head, responses={**READ_ERRORS, **NOT_FOUND}
)
def read_head(
    chronicle: ChronicleDep,
    at: Annotated[
        int | None, Query(ge=1, le=params.MAX_QUERY_POSITION, description="The head as it was at this position.")
    ] = None,
) -> dict[str, Any]:
    """The position and hash of the last event, and the number and digest of the stored sources (keys and
    metadata, and the texts attached to them later: `GET /api/attachments`): two chronicles with the same head
    hold the same events and show the same documents. Pin it,
    and ask later with `at` whether the chain still runs through it (`chronicle verify --against`)."""
    witness = chronicle.witness(at)
    if witness is None:
        raise ApiError(404, "not found", f"no event is at position {at}")
    return witness


@router.get("/health", responses={503: {"model": Error, "description": "The database cannot be read."}})
def health(chronicle: ChronicleDep) -> dict[str, str]:
    """Whether the server can read its database; public, and tells nothing of the chronicle."""
    if not chronicle.readable():
        raise ApiError(503, "service unavailable", "the database cannot be read")
    return {"status": "ok"}
