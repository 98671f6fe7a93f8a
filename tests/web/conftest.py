"""Fixtures of the web tests: a chronicle loaded with the bundled data (data/), shared by a module's read-only
tests, and a TestClient over it.

The bundle is loaded as ``chronicle load data/`` loads it, file by file; the engine is the suite's
(``CHRONICLE_TEST_DATABASE``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from chronicle.application import Chronicle  # noqa: E402
from chronicle.cli import BUNDLED_DATA, jsonl_files, load_files  # noqa: E402
from chronicle.config import Settings  # noqa: E402
from tests.api.conftest import WRITE_TOKEN  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"


def load_bundle(chronicle: Chronicle) -> dict[str, int]:
    return load_files(chronicle, jsonl_files([BUNDLED_DATA]))


@pytest.fixture(scope="module")
def bundled(database_factory) -> Iterator[Chronicle]:
    """A chronicle holding the bundled data, for the tests of one module that only read it."""
    url = database_factory.create()
    chronicle = Chronicle(database_url=url)
    load_bundle(chronicle)
    yield chronicle
    chronicle.close()
    database_factory.drop(url)


@pytest.fixture(scope="module")
def web(bundled) -> TestClient:
    return TestClient(create_app(Settings(api_tokens=(WRITE_TOKEN,)), bundled))
