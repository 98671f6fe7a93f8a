"""Every error leaves the API as JSON ``{"error": "...", "detail": ...}`` with its status.

- 401/403 bad or missing credentials, 404 nothing there, 409 an append conflict (``detail`` names the kind),
  413 a body over the limit, 422 invalid input (``detail`` lists ``{"field", "reason"}``, and ``index`` for an
  event of a batch).
- Anything unexpected is a 500 ``{"error": "internal error"}``; its traceback goes to the server's log only.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chronicle.application import ConflictError
from chronicle.domain.clock import TimestampError
from chronicle.domain.dates import DateError
from chronicle.domain.events import EnvelopeError
from chronicle.domain.parties import PartyError

log = logging.getLogger("chronicle.api")

INVALID = "invalid request"


def no_relationship(reason: Exception) -> ApiError:
    """The 404 of a pair that cannot exist (both sides one state): no relationship of a state with itself."""
    return ApiError(404, "not found", f"no relationship of a state with itself ({reason})")


class ApiError(Exception):
    """An error response raised from a route or a dependency."""

    def __init__(self, status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None):
        super().__init__(error)
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = headers


def invalid(field: str | None, reason: str) -> ApiError:
    return ApiError(422, INVALID, [{"field": field, "reason": reason}])


def error_response(status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)


def too_large(max_bytes: int) -> JSONResponse:
    return error_response(413, "content too large", f"the request body is larger than {max_bytes} bytes")


async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.error, exc.detail, exc.headers)


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """An HTTP exception as the API's JSON error (the pages hand back to it what is not theirs)."""
    if exc.status_code == 413:
        return too_large(request.app.state.settings.max_body_bytes)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = None if exc.detail == phrase else exc.detail
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return error_response(exc.status_code, phrase.lower(), detail, headers)


def _allowed_methods(request: Request) -> str:
    """Every method some route takes at the request's path (the router's 405 names only the first route's)."""
    routes = request.app.router.routes
    allowed = [method for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
               if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)]
    return ", ".join(allowed)


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _reason(message: str) -> str:
    return message.removeprefix("Value error, ")


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    detail = [{"field": _field(e["loc"]), "reason": _reason(e["msg"])} for e in exc.errors()]
    return error_response(422, INVALID, detail)


async def _envelope_error(_request: Request, exc: EnvelopeError) -> JSONResponse:
    return error_response(422, "invalid event", exc.as_dicts())


async def _conflict(_request: Request, exc: ConflictError) -> JSONResponse:
    detail = {"kind": exc.kind, "message": str(exc), "index": exc.index, **exc.details}
    return error_response(409, "conflict", detail)


async def _domain_value_error(_request: Request, exc: ValueError) -> JSONResponse:
    return error_response(422, INVALID, [{"field": None, "reason": str(exc)}])


class CatchAll:
    """The last resort: an exception no handler took becomes a 500 without its details, logged here."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            log.exception("internal error in %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise  # too late for a response: let the server drop the connection
            await error_response(500, "internal error")(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers, and the catch-all as the outermost middleware added so far."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(EnvelopeError, _envelope_error)
    app.add_exception_handler(ConflictError, _conflict)
    for domain_error in (PartyError, DateError, TimestampError):
        app.add_exception_handler(domain_error, _domain_value_error)
    app.add_middleware(CatchAll)
