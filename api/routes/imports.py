"""``POST /api/imports``: an article (uploaded file or pasted text, plus metadata) goes to the review queue.

The document is read and extracted as ``chronicle import`` does; by default the document and its proposals
are queued for review (``/review/{document}``, ``/api/review/...``) and nothing enters the record.
``accept=true`` appends every proposal at once, atomically with its source (the direct path, for scripts);
``dry_run=true`` only reports the candidates and what accepting each would do (added, corroborated, skipped,
rejected) and answers 200. All need the write token (a dry run costs the extraction's CPU all the same), which
is checked before the form; one import runs at a time (another gets 429), and a document is at most
``MAX_IMPORT_CHARACTERS`` long (413): longer ones are for ``chronicle import``. A file that is empty, binary
or undecodable is refused with one 422, and nothing is queued.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile

from api.deps import ChronicleDep, Credentials, SignalDep, require_write, writer_name
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
    request: Request,
    response: Response,
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
    accept: Annotated[bool, Form(description="Append every proposal now, without review (for scripts).")] = False,
) -> dict[str, Any]:
    from importers import DocumentError, document_from_bytes, document_from_text
    from importers.importing import import_document
    from importers.queueing import accept_document, queue_document

    by = writer_name(request, credentials)
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
        if not dry_run and not accept:
            queued = queue_document(chronicle, document, name, by=by).to_json()
            return {**queued, "review": f"/review/{queued['document']}"}
        if dry_run:
            report = import_document(chronicle, document, name, dry_run=True)
        else:
            report = accept_document(chronicle, document, name, by=f"{by} (accept=true)")
    finally:
        _one_at_a_time.release()
    if report.count("added") or report.count("corroborated"):
        signal.notify()
    if dry_run:
        response.status_code = 200
    return report.to_json()
