"""Fixtures of the HTTP API tests: an app over the test's chronicle, a TestClient, and a write token."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest

# Starlette's TestClient prefers the httpx2 package and warns when it runs on httpx; it works on both.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from chronicle.config import Settings  # noqa: E402

WRITE_TOKEN = "test-write-token"
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


@pytest.fixture
def make_client(chronicle) -> Callable[..., TestClient]:
    """A client of an app over the test's chronicle; keyword arguments override its settings."""

    def make(**settings: object) -> TestClient:
        values = {"api_tokens": (WRITE_TOKEN,), **settings}
        return TestClient(create_app(Settings(**values), chronicle))  # type: ignore[arg-type]

    return make


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()
