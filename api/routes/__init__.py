"""The API's routes, under ``/api``."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import actors, attachments, corrections, events, head, imports, relations, review, search, sources

api_router = APIRouter(prefix="/api")
for module in (events, corrections, relations, actors, sources, attachments, head, imports, review, search):
    api_router.include_router(module.router)
