"""The review pages: the queue (``/review``), one document's proposals (``/review/{document}``), the importer's
record (``/review/record``), and their forms.

Writes from the browser need the write token, entered once on ``/review`` and kept in an HttpOnly,
SameSite=Strict cookie; without it the pages are read-only. Every form carries a CSRF token that must equal
the ``chronicle_csrf`` cookie (double submit; SameSite=Strict cookies are not sent by other sites' forms
either). Decisions go through the ``Chronicle`` facade, like the API's.
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import ChronicleDep
from api.routes.pages.formatting import headline, render
from api.routes.pages.routes import PageError, page_read
from chronicle.domain.events import FACT_TYPES
from chronicle.application import AlreadyDecided, ReviewError

# The importer is loaded by the first upload, not when the server starts (as for POST /api/imports).

TOKEN_COOKIE = "chronicle_token"
CSRF_COOKIE = "chronicle_csrf"

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_read)])


def _writer(request: Request) -> str | None:
    """The name of the write token in the cookie, or None (read-only)."""
    token = request.cookies.get(TOKEN_COOKIE)
    if not token:
        return None
    return request.app.state.tokens.name_of(token)


def _csrf(request: Request) -> str:
    """This browser's CSRF token: its cookie's, or a new one (set with the page)."""
    csrf = request.cookies.get(CSRF_COOKIE)
    if not csrf:
        csrf = getattr(request.state, "csrf", None) or secrets.token_urlsafe(24)
        request.state.csrf = csrf
    return csrf


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    csrf = _csrf(request)
    response = render(request, name, status_code, csrf=csrf, writer=_writer(request), **context)
    if request.cookies.get(CSRF_COOKIE) != csrf:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
    return response


def _check_csrf(request: Request, given: str | None) -> None:
    expected = request.cookies.get(CSRF_COOKIE)
    if not expected or not given or not hmac.compare_digest(expected, given):
        raise PageError(403, "The form has expired", "The form's security token does not match this browser's.",
                        "Reload the page and submit the form again.")


def _require_writer(request: Request, csrf: str | None) -> str:
    _check_csrf(request, csrf)
    who = _writer(request)
    if who is None:
        raise PageError(403, "A write token is needed", "Deciding on proposals needs the write token.",
                        "Enter it on the review page: it is kept in this browser until you forget it.")
    return who


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# --- the queue ----------------------------------------------------------------------------------------------


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, chronicle: ChronicleDep) -> HTMLResponse:
    return _page(request, "review.html", documents=chronicle.review_documents(), error=None)


@router.post("/review/token")
def enter_token(
    request: Request,
    token: Annotated[str, Form()] = "",
    csrf: Annotated[str | None, Form()] = None,
    forget: Annotated[str | None, Form()] = None,
):
    _check_csrf(request, csrf)
    response = _back("/review")
    if forget:
        response.delete_cookie(TOKEN_COOKIE, path="/", httponly=True, samesite="strict")
        return response
    if request.app.state.tokens.name_of(token.strip()) is None:
        raise PageError(403, "Not a write token", "The token entered does not allow writes.",
                        "Create one with `chronicle token create NAME`, or use one of CHRONICLE_API_TOKENS.")
    response.set_cookie(TOKEN_COOKIE, token.strip(), httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")
    return response


@router.post("/review/upload", response_class=HTMLResponse)
def upload(
    request: Request,
    chronicle: ChronicleDep,
    csrf: Annotated[str | None, Form()] = None,
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str | None, Form()] = None,
    published: Annotated[str | None, Form()] = None,
    url: Annotated[str | None, Form()] = None,
):
    from importers import DocumentError, document_from_bytes, document_from_text
    from importers.queueing import queue_document

    who = _require_writer(request, csrf)
    overrides = {k: v.strip() for k, v in (("published", published), ("url", url)) if v and v.strip()}
    data = file.file.read() if file is not None and file.filename else None
    try:
        if data is not None:
            name = file.filename
            document = document_from_bytes(data, name=name, overrides=overrides)
        elif text and text.strip():
            name = "pasted text"
            document = document_from_text(text, overrides=overrides)
        else:
            raise DocumentError("give a file or paste the text")
        report = queue_document(chronicle, document, name, by=who)
    except (DocumentError, ReviewError, ValueError) as exc:
        return _page(request, "review.html", 422, documents=chronicle.review_documents(),
                     error=f"The document was not queued: {exc}")
    return _back(f"/review/{report.document}")


# --- one document ---------------------------------------------------------------------------------------------


def _segments(text: str, proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every proposal's span boundary, each piece with the proposals covering it."""
    bounds = {0, len(text)}
    for p in proposals:
        bounds.update(p["span"])
    cuts = sorted(b for b in bounds if 0 <= b <= len(text))
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        covering = [p for p in proposals if p["span"][0] <= lo and hi <= p["span"][1]]
        out.append({"text": text[lo:hi], "proposals": covering, "starts": [p for p in proposals if p["span"][0] == lo]})
    return out


@router.get("/review/record", response_class=HTMLResponse)
def record_page(request: Request, chronicle: ChronicleDep) -> HTMLResponse:
    return _page(request, "review_record.html", record=chronicle.importer_record())


@router.get("/review/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, chronicle: ChronicleDep, document_id: str, note: str | None = None) -> HTMLResponse:
    try:
        doc = chronicle.review_document(document_id)
    except ReviewError as exc:
        raise PageError(exc.status, "No such document", str(exc)) from None
    for number, p in enumerate(doc["proposals"], 1):
        p["number"] = number
        p["headline"] = headline(p["envelope"])
        target = p["plan"].get("target")
        p["existing"] = chronicle.records.event(target) if target else None
        if p["existing"]:
            p["existing"]["headline"] = headline(p["existing"].get("current") or p["existing"])
    return _page(request, "review_document.html", doc=doc, segments=_segments(doc["text"], doc["proposals"]),
                 history=chronicle.review_history(document_id), FACT_TYPES=FACT_TYPES, note=note)


def _edits(envelope: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    """The fields of the edit form, as the envelope's values (only those given)."""
    edits: dict[str, Any] = {}
    if form.get("type"):
        edits["type"] = form["type"].strip()
    if form.get("date") is not None:
        edits["date"] = form["date"].strip()
    if form.get("parties") is not None:
        edits["parties"] = [p.strip() for p in form["parties"].split(",") if p.strip()]
    if form.get("actors") is not None:
        edits["actors"] = [a.strip() for a in form["actors"].split(";") if a.strip()]
    for name in ("attributes", "figure"):
        raw = form.get(name)
        if raw is not None and raw.strip():
            try:
                edits[name] = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ReviewError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno})") from None
    return {k: v for k, v in edits.items() if v != envelope.get(k)}


@router.post("/review/{document_id}/proposals/{proposal_id}", response_class=HTMLResponse)
async def decide(request: Request, chronicle: ChronicleDep, document_id: str, proposal_id: str):
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    who = _require_writer(request, form.get("csrf"))
    action = form.get("action", "")
    try:
        if action == "reject":
            chronicle.decide(proposal_id, "reject", by=who, reason=form.get("reason"))
        elif action in ("accept", "edit"):
            doc_proposals = chronicle.review_document(document_id)["proposals"]
            proposal = next((p for p in doc_proposals if p["id"] == proposal_id), None)
            if proposal is None:
                raise ReviewError(f"the document has no proposal {proposal_id!r}", status=404)
            edits = _edits(proposal["envelope"], form) if action == "edit" else None
            chronicle.decide(proposal_id, "accept", by=who, edits=edits, reason=form.get("reason") if edits else None)
        else:
            raise ReviewError("choose accept, edit and accept, or reject")
    except AlreadyDecided as exc:
        raise PageError(409, "Already decided", str(exc), "Reload the document to see the decision that counts.") from None
    except ReviewError as exc:
        raise PageError(exc.status, "The decision was not recorded", str(exc),
                        "Go back, change the fields and try again.") from None
    return _back(f"/review/{document_id}#p-{proposal_id}")


@router.post("/review/{document_id}/accept-rest", response_class=HTMLResponse)
def accept_rest(request: Request, chronicle: ChronicleDep, document_id: str, csrf: Annotated[str | None, Form()] = None):
    who = _require_writer(request, csrf)
    try:
        chronicle.accept_rest(document_id, by=who)
    except ReviewError as exc:
        raise PageError(exc.status, "Nothing was accepted", str(exc)) from None
    return _back(f"/review/{document_id}")
