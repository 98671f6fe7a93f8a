"""The HTTP API: a FastAPI application over one :class:`~chronicle.application.Chronicle`.

``create_app()`` reads the settings from the environment and opens the database they name;
``chronicle serve`` runs it with uvicorn (or ``uvicorn --factory api.main:create_app``). OpenAPI is at
``/openapi.json`` and ``/docs`` (Swagger UI from local files, ``api/docs.py``); see docs/api.md. The web pages (``api/routes/pages.py``) are served at ``/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from api import docs
from api.errors import install_error_handlers
from api.feed import FeedSignal
from api.limits import BodyLimit
from api.routes import api_router, exports, pages, review_pages
from api.security import SecurityHeaders
from chronicle.application import Chronicle
from chronicle.config import Settings

DESCRIPTION = (
    "An event-sourced, cited, bitemporal chronicle of Belarus's relations with Korea and other Asian states.\n\n"
    "Writes need `Authorization: Bearer <token>`; reads are public unless the server sets a read token. "
    'Errors are `{"error": ..., "detail": ...}`.'
)


def create_app(settings: Settings | None = None, chronicle: Chronicle | None = None) -> FastAPI:
    """The application. Without ``chronicle`` it opens (and at shutdown closes) the database of ``settings``,
    which refuses to start on a schema that is not current."""
    owned = chronicle is None
    if chronicle is None:
        chronicle = Chronicle(settings)
        chronicle.ensure_current()
    settings = settings or chronicle.settings

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # A projection left behind the head (a crash between an append's commit and its projection) is caught
        # up before the first request; reads check again (one query) and catch up themselves.
        await anyio.to_thread.run_sync(chronicle.ensure_projected)
        yield
        if owned:
            chronicle.close()

    app = FastAPI(
        title="Chronicle",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from local files by api.docs, never from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.chronicle = chronicle
    app.state.tokens = chronicle.tokens(settings)
    app.state.feed_signal = FeedSignal()
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)  # outermost: on every response, the catch-all's 500 too
    docs.install(app)
    app.include_router(api_router)
    app.include_router(exports.router, prefix="/api")
    app.include_router(review_pages.router)  # the review queue's pages (/review)
    pages.install(app)  # the web pages at /, outside /api and the OpenAPI document
    _reads_may_go_without_a_token(app)
    return app


def _an_import_is_a_file_or_a_text(schema: dict) -> None:
    """The import form as the route takes it: exactly one of a file (binary, not null) and a text."""
    body = schema.get("components", {}).get("schemas", {}).get("Body_create_import_api_imports_post")
    if body is None:
        return
    fields = body["properties"]
    fields["file"] = {"type": "string", "format": "binary", "description": fields["file"].get("description", "")}
    fields["text"] = {"type": "string", "minLength": 1, "description": fields["text"].get("description", "")}
    for name in ("title", "publisher", "url", "published", "language"):  # a form's field is text, never null;
        fields[name] = {"type": "string", **{k: v for k, v in fields[name].items() if k != "anyOf"}}  # empty: not given
    fields["language"]["enum"] = ["", "ru", "en"]
    body["oneOf"] = [{"required": ["file"]}, {"required": ["text"]}]


def _an_envelope_by_its_type(schema: dict) -> None:
    """The body of ``POST /api/events`` as the chronicle validates it: an envelope (a ``oneOf`` by ``type``, each
    fact type with its registry's attributes model) or a non-empty list of them, made from the domain's models."""
    from chronicle.domain.envelopes import envelope_json_schema  # the models, loaded when the document is first asked

    operation = schema.get("paths", {}).get("/api/events", {}).get("post")
    if operation is None:
        return
    envelope = envelope_json_schema("#/components/schemas/{model}")
    definitions = schema.setdefault("components", {}).setdefault("schemas", {})
    shared = set(envelope["$defs"]) & set(definitions)
    assert not shared, f"the envelope's definitions would replace the document's: {sorted(shared)}"
    definitions.update(envelope.pop("$defs"))
    definitions["Envelope"] = {**envelope, "title": "Envelope"}
    body = operation["requestBody"]["content"]["application/json"]
    one = {"$ref": "#/components/schemas/Envelope"}
    body["schema"] = {
        "oneOf": [one, {"type": "array", "items": one, "minItems": 1}],
        "description": body["schema"].get("description", ""),
    }


def _reads_may_go_without_a_token(app: FastAPI) -> None:
    """In the OpenAPI document, a read's bearer token is optional (``{}`` among its security requirements):
    reads are public unless the server sets a read token. Writes keep theirs required."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            for operations in schema.get("paths", {}).values():
                for method, operation in operations.items():
                    if method == "get" and operation.get("security"):
                        operation["security"] = [{}, *operation["security"]]
            _an_import_is_a_file_or_a_text(schema)
            _an_envelope_by_its_type(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
