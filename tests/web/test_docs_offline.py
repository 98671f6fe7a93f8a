"""``/docs`` renders with the network blocked: Swagger UI comes from a package's own static files.

A real ``chronicle serve``; the browser may reach only that server, every other request is aborted. The page
must show the API's operations, and no request may have tried another host.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.conftest import served_offline

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_swagger_ui_renders_offline(browser, database_url, tmp_path, shots):
    with served_offline(browser, database_url, tmp_path, bundle=False) as (page, url):
        page.goto(f"{url}/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Chronicle")
        expect(page.locator(".opblock-summary-path", has_text="/api/relations/{a}/{b}/timeline")).to_be_visible()
        page.screenshot(path=str(shots / "docs-offline.png"), full_page=False)
        page.locator(".opblock-summary-path", has_text="/api/relations/{a}/{b}/timeline").click()
        expect(page.get_by_role("button", name="Try it out")).to_be_visible()


def test_the_docs_page_names_only_local_files(web):
    html = web.get("/docs").text
    assert "/docs-static/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert web.get("/docs-static/swagger-ui-bundle.js").status_code == 200
