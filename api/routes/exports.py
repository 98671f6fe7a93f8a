"""``GET /api/export``: the facts as JSON lines or CSV, or their sources as CSL-JSON (see docs/exports.md).

The same as ``chronicle export``: facts as they stand now (corrections applied, retracted facts left out
unless ``include_retracted``), optionally of one relationship (``a`` and ``b``) and dated on or before
``as_of``. JSON lines and CSV are streamed a page of facts at a time; CSL-JSON is one document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import StreamingResponse

from api import params
from api.deps import ChronicleDep, require_read
from api.errors import INVALID, ApiError, no_relationship
from api.schemas import NO_RELATIONSHIP, READ_ERRORS
from chronicle.domain.parties import PartyError, Relationship, SameState
from chronicle.exports import BOM, ExportFilter, SourceCatalog, csl_items, csv_row, csv_text, fact_json, iter_facts

router = APIRouter(tags=["exports"], dependencies=[Depends(require_read)], responses=READ_ERRORS)

MEDIA_TYPES = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "csl-json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}
SUFFIXES = {"jsonl": "jsonl", "csv": "csv", "csl-json": "csl.json"}

Format = Annotated[
    Literal["jsonl", "csv", "csl-json"],
    Query(description="jsonl (facts, one JSON object a line), csv (facts, one row each) or csl-json (sources)."),
]
State = Annotated[params.StateCode | None, Query(description="With the other of `a`, `b`: only facts of this pair.")]
Bom = Annotated[bool, Query(description="CSV only: start with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.")]
IncludeRetracted = Annotated[bool, Query(description="Keep retracted facts, marked \"status\": \"retracted\".")]


def _relationship(a: str | None, b: str | None) -> Relationship | None:
    if a is None and b is None:
        return None
    if a is None or b is None:
        missing = "a" if a is None else "b"
        raise ApiError(422, INVALID, [{"field": f"query.{missing}", "reason": "give both a and b, or neither"}])
    try:
        return Relationship.of(a, b)
    except SameState as exc:
        raise no_relationship(exc) from None
    except PartyError as exc:
        raise ApiError(422, INVALID, [{"field": "query", "reason": str(exc)}]) from None


def _filename(fmt: str, relationship: Relationship | None, as_of: str | None) -> str:
    parts = ["chronicle"]
    if relationship is not None:
        parts += [relationship.a, relationship.b]
    if as_of:
        parts.append(f"as-of-{as_of.replace('/', '_')}")
    if fmt == "csl-json":
        parts.append("sources")
    name = "-".join(parts) + "." + SUFFIXES[fmt]
    return _UNSAFE_IN_FILENAME.sub("_", name)  # a header is latin-1, and a name is better plain ASCII


_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]")


@router.get(
    "/export",
    summary="Export facts (JSON lines, CSV) or their sources (CSL-JSON)",
    response_class=Response,
    responses={
        200: {
            "description": "The export, as an attachment.",
            "content": {media.split(";")[0]: {} for media in MEDIA_TYPES.values()},
        },
        **NO_RELATIONSHIP,
    },
)
def export(
    chronicle: ChronicleDep,
    format: Format = "jsonl",
    a: State = None,
    b: State = None,
    as_of: params.AsOfText = None,
    include_retracted: IncludeRetracted = False,
    bom: Bom = False,
) -> Response:
    """Facts as they stand now, with their citations and PLOVER category; or the documents and cited works
    behind them as CSL-JSON, for Zotero. `a` and `b` keep the facts of one relationship; `as_of` those dated
    on or before the (partial) date's last day."""
    relationship = _relationship(a, b)
    if bom and format != "csv":
        raise ApiError(422, INVALID, [{"field": "query.bom", "reason": "bom is for format=csv only"}])
    selection = ExportFilter(
        relationship=relationship,
        as_of=params._latest(as_of) if as_of else None,
        include_retracted=include_retracted,
    )
    headers = {"Content-Disposition": f'attachment; filename="{_filename(format, relationship, as_of)}"'}
    sources = SourceCatalog(chronicle)

    def records() -> Iterator[dict[str, Any]]:
        return (fact_json(version, sources) for version in iter_facts(chronicle, selection))

    if format == "csl-json":
        body = orjson.dumps(csl_items(list(records())), option=orjson.OPT_INDENT_2) + b"\n"
        return Response(body, media_type=MEDIA_TYPES[format], headers=headers)

    def stream() -> Iterator[bytes]:
        if format == "csv":
            yield ((BOM if bom else "") + csv_text([], header=True)).encode()
            for record in records():
                yield csv_text([csv_row(record)], header=False).encode()
        else:
            for record in records():
                yield orjson.dumps(record) + b"\n"

    return StreamingResponse(stream(), media_type=MEDIA_TYPES[format], headers=headers)
