"""``/api/sources``: the documents cited, with their text and the citations into them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api import params
from api.deps import ChronicleDep, require_read
from api.errors import ApiError
from api.schemas import NOT_FOUND, READ_ERRORS

router = APIRouter(prefix="/sources", tags=["sources"], dependencies=[Depends(require_read)], responses=READ_ERRORS)


@router.get("", summary="The sources, in the order they were recorded")
def list_sources(chronicle: ChronicleDep, limit: params.Limit = 100, offset: params.Offset = 0) -> dict[str, Any]:
    """Each source's metadata, whether its text is stored, and how many events cite it."""
    return {"sources": chronicle.records.sources(limit, offset), "limit": limit, "offset": offset}


@router.get("/{sha256}", responses=NOT_FOUND, summary="One source")
def read_source(
    sha256: params.Sha256,
    chronicle: ChronicleDep,
    text: Annotated[bool, Query(description="Include the source's full text.")] = True,
) -> dict[str, Any]:
    """A source's metadata, its text (what a replica needs to check its key) and every citation into it."""
    source = chronicle.records.source(sha256, with_text=text)
    if source is None:
        raise ApiError(404, "not found", f"no source has the key {sha256}")
    return source
