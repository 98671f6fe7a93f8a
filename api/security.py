"""Security headers on every response, pages and API alike.

- ``Content-Security-Policy``: scripts, styles, images and forms from this origin only, no inline script
  (the pages' one script, the slider's, is ``/static/chronicle.js``), no plugins, and no framing.
- ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` (for browsers without ``frame-ancestors``),
  ``Referrer-Policy: no-referrer`` (an address holds the as-of date and the relation asked about).

The OpenAPI page (``/docs``) is FastAPI's Swagger UI, started by an inline script: it gets the other headers and
a policy that allows inline script and style, still from this origin only.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
    " base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


def headers_for(path: str) -> tuple[tuple[bytes, bytes], ...]:
    docs = path == "/docs" or path.startswith("/docs/")
    return (*COMMON, (b"content-security-policy", (DOCS_POLICY if docs else POLICY).encode()))


def _adding(send: Send, headers: tuple[tuple[bytes, bytes], ...]) -> Send:
    """``send`` with ``headers`` added to the response's start (where the route did not set them itself)."""

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            given = list(message.get("headers", []))
            present = {name.lower() for name, _ in given}
            message["headers"] = given + [h for h in headers if h[0] not in present]
        await send(message)

    return send_with_headers


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            send = _adding(send, headers_for(scope.get("path", "")))
        await self.app(scope, receive, send)
