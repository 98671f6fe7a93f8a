"""``POST /api/imports``: an article (uploaded file or pasted text, plus metadata) becomes cited events.

The document is read and extracted as ``chronicle import`` does, then appended atomically with its source;
``dry_run=true`` only reports the candidates and what would happen to each (added, corroborated, skipped,
rejected) and answers 200. Both need the write token (a dry run costs the extraction's CPU all the same), which
is checked before the form; one import runs at a time (another gets 429), and a document is at most
``MAX_IMPORT_CHARACTERS`` long (413): longer ones are for ``chronicle import``.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile

from api.deps import ChronicleDep, SignalDep, require_write
from api.errors import ApiError
from api.schemas import WRITE_ERRORS

# The importer (its extractor, dictionaries and document readers) is loaded by the first import request, not
# when the server starts.

router = APIRouter(tags=["imports"], responses=WRITE_ERRORS)

METADATA = ("title", "publisher", "url", "published", "language")
MAX_IMPORT_CHARACTERS = 300_000  # the longest article of the corpus has 125 kB; extraction time grows with length
_one_at_a_time = threading.BoundedSemaphore(1)


@router.post(
    "/imports",
    summary="Import an article",
    status_code=201,
    dependencies=[Depends(require_write)],
    responses={200: {"description": "A dry run's report."}, 429: {"description": "Another import is running."}},
)
def create_import(
    response: Response,
    chronicle: ChronicleDep,
    signal: SignalDep,
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
    if len(document.text) > MAX_IMPORT_CHARACTERS:
        raise ApiError(413, "content too large", f"the document is longer than {MAX_IMPORT_CHARACTERS} characters;"
                       " import it with chronicle import")
    if not _one_at_a_time.acquire(blocking=False):
        raise ApiError(429, "too many requests", "another import is running; retry shortly",
                       headers={"Retry-After": "5"})
    try:
        report = import_document(chronicle, document, name, dry_run=dry_run)
    finally:
        _one_at_a_time.release()
    if report.count("added") or report.count("corroborated"):
        signal.notify()
    if dry_run:
        response.status_code = 200
    return report.to_json()
