"""``POST /api/imports``: an article (uploaded file or pasted text, plus metadata) becomes cited events.

The document is read and extracted as ``chronicle import`` does, then appended atomically with its source;
``dry_run=true`` only reports the candidates and what would happen to each (added, corroborated, skipped,
rejected), and needs no more than read access.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from api.deps import ChronicleDep, Credentials, SignalDep, check_read, check_write
from api.errors import ApiError
from api.schemas import WRITE_ERRORS

# The importer (its extractor, dictionaries and document readers) is loaded by the first import request, not
# when the server starts.

router = APIRouter(tags=["imports"], responses=WRITE_ERRORS)

METADATA = ("title", "publisher", "url", "published", "language")


@router.post("/imports", summary="Import an article", status_code=201)
def create_import(
    request: Request,
    chronicle: ChronicleDep,
    signal: SignalDep,
    credentials: Credentials,
    file: Annotated[UploadFile | None, File(description="The article: text, Markdown, HTML or PDF.")] = None,
    text: Annotated[str | None, Form(description="The article's text, instead of a file.")] = None,
    title: Annotated[str | None, Form()] = None,
    publisher: Annotated[str | None, Form()] = None,
    url: Annotated[str | None, Form()] = None,
    published: Annotated[str | None, Form(description="A (partial) date; resolves relative dates.")] = None,
    language: Annotated[str | None, Form(description="ru or en; detected when not given.")] = None,
    dry_run: Annotated[bool, Form(description="Only report the candidates; write nothing.")] = False,
) -> dict[str, Any]:
    from importers import DocumentError, document_from_bytes, document_from_text
    from importers.importing import import_document

    if dry_run:
        check_read(request, credentials)
    else:
        check_write(request, credentials)
    if (file is None) == (text is None):
        raise ApiError(422, "invalid document", "give either a file or text, not both and not neither")
    given = {"title": title, "publisher": publisher, "url": url, "published": published, "language": language}
    overrides = {k: v for k, v in given.items() if v}
    try:
        if file is not None:
            name = file.filename or "upload"
            document = document_from_bytes(file.file.read(), name=name, overrides=overrides)
        else:
            name = title or "pasted text"
            document = document_from_text(text or "", overrides=overrides)
    except DocumentError as exc:
        raise ApiError(422, "invalid document", str(exc)) from None
    report = import_document(chronicle, document, name, dry_run=dry_run)
    if report.count("added") or report.count("corroborated"):
        signal.notify()
    return report.to_json()
