"""The API's routes, under ``/api``."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import corrections, events, head, relations, sources

api_router = APIRouter(prefix="/api")
for module in (events, corrections, relations, sources, head):
    api_router.include_router(module.router)
