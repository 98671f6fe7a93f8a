"""Fixtures of the web tests: a chronicle loaded with the bundled data (data/), shared by a module's read-only
tests, and a TestClient over it.

The bundle is loaded as ``chronicle load data/`` loads it, file by file; the engine is the suite's
(``CHRONICLE_TEST_DATABASE``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from chronicle.application import Chronicle  # noqa: E402
from chronicle.cli import BUNDLED_DATA, jsonl_files, load_files  # noqa: E402
from chronicle.config import Settings  # noqa: E402
from tests.api.conftest import WRITE_TOKEN  # noqa: E402
from tests.conftest import ENGINE  # noqa: E402

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


# --- the browser tests: Debian's chromium, never a downloaded browser ---------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bash bin/setup-system)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000)
        yield browser
        browser.close()


@pytest.fixture
def shots() -> Path:
    """The folder of this engine's screenshots, kept as test artifacts."""
    folder = ARTIFACTS / ("sqlite" if ENGINE == "sqlite" else "postgresql")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def served_offline(browser, database_url: str, log_dir: Path, *, bundle: bool = True) -> Iterator[tuple[Any, str]]:
    """A real ``chronicle serve`` (with the bundle) and a page that may reach only it: yields (page, base URL);
    at the end, no request may have tried to leave the server."""
    from tests.api.servers import serving

    blocked: list[str] = []
    with serving(database_url, log_dir, bundle=bundle) as url:
        page = offline_page(browser, url, blocked)
        try:
            yield page, url
        finally:
            page.context.close()
    assert blocked == [], blocked


def offline_page(browser, base_url: str, blocked: list[str]):
    """A new page (in its own context) that may reach only ``base_url``: every other request is aborted, as
    with no network, and its URL appended to ``blocked``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")

    def route(request_route):
        url = request_route.request.url
        if url.startswith(base_url + "/") or url == base_url or url.startswith("data:"):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort("internetdisconnected")

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page
