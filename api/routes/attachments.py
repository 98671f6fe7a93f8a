"""``/api/attachments``: the texts attached to sources after they were recorded, which a replica copies."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from api import params
from api.deps import ChronicleDep, require_read
from api.schemas import READ_ERRORS, Attachments

router = APIRouter(tags=["sources"])


@router.get(
    "/attachments", dependencies=[Depends(require_read)], response_model=Attachments, responses=READ_ERRORS,
    summary="Texts attached to sources known by their metadata",
)
def list_attachments(chronicle: ChronicleDep, after: params.AfterKey = None, limit: params.Limit = 100) -> dict[str, Any]:
    """Each text the review queue attached to a source recorded by its metadata alone (or that this chronicle
    copied from another's), in source-key order: the source, the text's SHA-256 and when it was attached. The
    text itself is the source's `text` (`GET /api/sources/{sha256}`). An attachment appends no event: a replica
    reads this list to copy them, and the head's `sources_digest` covers them."""
    found = chronicle.attachments(after, limit + 1)
    page = found[:limit]
    return {"attachments": page, "next_after": page[-1]["source"] if len(found) > limit else None}
