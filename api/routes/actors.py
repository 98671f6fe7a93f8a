"""``/api/actors/{name}``: the facts that name a person or an organization among their actors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from api.deps import ChronicleDep, require_read
from api.schemas import READ_ERRORS

router = APIRouter(prefix="/actors", tags=["actors"], dependencies=[Depends(require_read)], responses=READ_ERRORS)


@router.get("/{name}", summary="An actor's facts across relationships")
def actor(
    chronicle: ChronicleDep,
    name: Annotated[str, Path(min_length=1, max_length=500, description="The actor as facts name it, exactly.")],
) -> dict[str, Any]:
    """Every current fact that names this actor (exactly as written in its `actors`), in date order, each with
    the relationships it belongs to; and those relationships with how many of the facts each has."""
    return chronicle.actor(name)
