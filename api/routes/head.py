"""``/api/head`` (what a replica checks against) and ``/api/health``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy.exc import SQLAlchemyError

from api.deps import ChronicleDep, require_read
from api.errors import ApiError, log
from api.schemas import READ_ERRORS, Error, Head

router = APIRouter(tags=["head"])


@router.get("/head", dependencies=[Depends(require_read)], response_model=Head, responses=READ_ERRORS)
def read_head(chronicle: ChronicleDep) -> dict[str, Any]:
    """The position and hash of the last event: two chronicles with the same head hold the same events."""
    return chronicle.head().to_json()


@router.get("/health", responses={503: {"model": Error, "description": "The database cannot be read."}})
def health(chronicle: ChronicleDep) -> dict[str, str]:
    """Whether the server can read its database; public, and tells nothing of the chronicle."""
    try:
        chronicle.head()
    except SQLAlchemyError:
        log.warning("health check: the database cannot be read", exc_info=True)
        raise ApiError(503, "service unavailable", "the database cannot be read") from None
    return {"status": "ok"}
