"""A newcomer's first minutes, in a real browser: Debian's chromium driven by Playwright against a real
``chronicle serve`` (uvicorn) on 127.0.0.1, over a fresh database that the server loads with the bundle.

Open the relationships, open Belarus–Korea, move the as-of date from 2022 to 2019 with the year slider and
see the 2021 business council vanish, then open a document whose text is stored and audit an event, its quote
highlighted in context. Screenshots go to test-artifacts/web/<engine>/. Every wait is bounded (Playwright's
timeouts, the server's start-up limit), and the browser is never downloaded: it is /usr/bin/chromium.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from chronicle.application import Chronicle
from importers.importing import import_paths
from tests.api.servers import serving
from tests.conftest import SHARED
from tests.web.conftest import TIMEOUT_MS
from tests.web.helpers import COUNCIL

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOCUMENT_000 = SHARED / "corpus" / "000_64f971c32c62d019.txt"


def bodies_named(page, name: str):
    return page.locator("#section-bodies .what", has_text=name)


def test_a_newcomer_moves_through_time_and_audits_a_quote(browser, database_url, tmp_path, shots):
    if not DOCUMENT_000.is_file():
        pytest.fail(f"the corpus is expected at {DOCUMENT_000}")
    with serving(database_url, tmp_path, bundle=True) as url:
        # A document with its text, so that a quote can be read in its context (the bundle has none).
        chronicle = Chronicle(database_url=database_url)
        try:
            ((_, report, error),) = import_paths(chronicle, [DOCUMENT_000])
        finally:
            chronicle.close()
        assert error is None and report is not None, error
        text_source = report.source

        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.set_default_navigation_timeout(TIMEOUT_MS)
        try:
            page.goto(f"{url}/")
            expect(page.get_by_role("heading", level=1)).to_contain_text("Belarus")
            korea = page.get_by_role("link", name="Belarus – Republic of Korea")
            expect(korea).to_be_visible()
            page.screenshot(path=str(shots / "1-relationships.png"), full_page=True)

            korea.click()
            expect(page).to_have_url(re.compile(r"/relations/BY/KR$"))
            expect(page.get_by_role("heading", level=1)).to_have_text("Belarus – Republic of Korea")

            # As of 2022, typed in the date field: the council of July 2021 is among the joint bodies.
            page.get_by_role("textbox", name="As of").fill("2022")
            page.get_by_role("button", name="Show").click()
            expect(page).to_have_url(re.compile(r"/relations/BY/KR\?as_of=2022$"))
            expect(bodies_named(page, COUNCIL)).to_have_count(1)
            expect(page.locator("#as_of_year")).to_have_value("2022")
            page.screenshot(path=str(shots / "2-korea-as-of-2022.png"), full_page=False)

            # The year slider back to 2019: the page reloads as of 2019, and the council is not there yet.
            page.locator("#as_of_year").fill("2019")
            expect(page).to_have_url(re.compile(r"as_of=2019"))
            expect(page.locator("#as_of")).to_have_value("2019")
            expect(page.locator("#section-bodies")).to_be_visible()
            expect(bodies_named(page, COUNCIL)).to_have_count(0)
            expect(page.locator("#y2021")).to_have_count(0)  # the timeline stops at 2019 too
            page.screenshot(path=str(shots / "3-korea-as-of-2019.png"), full_page=False)

            # The imported document, every cited passage highlighted; then one event's audit page.
            page.goto(f"{url}/sources/{text_source}")
            expect(page.locator(".document mark").first).to_be_visible()
            page.screenshot(path=str(shots / "4-source-with-text.png"), full_page=False)
            cited = page.locator("ol.quotes li > a[href^='/events/']")
            council = cited.filter(has_text="business council")
            (council.first if council.count() else cited.first).click()
            expect(page).to_have_url(re.compile(r"/events/[0-9a-f-]{36}$"))
            quote = page.locator("blockquote.context mark.quote").first
            expect(quote).to_be_visible()
            assert len(quote.inner_text().strip()) > 20
            expect(page.get_by_role("heading", name=re.compile(r"^Sources"))).to_be_visible()
            quote.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "5-audit-quote-in-context.png"), full_page=False)
        finally:
            context.close()
    log = next(tmp_path.glob("server-*.log")).read_text()
    assert "loading the bundled chronicle" in log
