"""The front page's map in a real browser (Debian's chromium, Playwright) against ``chronicle serve`` with the
bundle and no network: a partner state is a link to its relationship page, and the year range reshades the
map. Screenshots go to test-artifacts/web/<engine>/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import served_offline

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_clicking_a_partner_on_the_map_opens_its_relationship(browser, database_url, tmp_path, shots):
    with served_offline(browser, database_url, tmp_path) as (page, url):
        page.goto(f"{url}/")
        korea = page.locator("svg.worldmap a.partner[data-code='KR']")
        expect(korea).to_have_attribute("href", "/relations/BY/KR")
        expect(korea.locator("path")).to_have_class(re.compile(r"\ba[1-5]\b"))
        box = page.locator("svg.worldmap").bounding_box()
        assert box is not None and box["width"] > 600, box  # drawn, not an empty element
        page.locator("#map").screenshot(path=str(shots / "map-all-years.png"))

        page.locator("#map-from").fill("2021")
        page.locator("#map-to").fill("2021")
        page.locator("#map-controls button").click()
        expect(page).to_have_url(re.compile(r"from=2021&to=2021"))
        expect(page.locator("#map-heading")).to_have_text("The far arc, 2021")
        page.locator("#map").screenshot(path=str(shots / "map-2021.png"))

        korea = page.locator("svg.worldmap a.partner[data-code='KR']")
        korea.locator("path").click()  # a click on the state's shape, where a reader clicks
        expect(page).to_have_url(re.compile(r"/relations/BY/KR$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Republic of Korea")
        page.screenshot(path=str(shots / "map-to-korea.png"), full_page=False)


def test_a_small_partner_is_a_dot_that_can_be_clicked(browser, database_url, tmp_path, shots):
    with served_offline(browser, database_url, tmp_path) as (page, url):
        page.goto(f"{url}/")
        singapore = page.locator("svg.worldmap a.partner[data-code='SG']")
        singapore.locator("circle.dot").click()
        expect(page).to_have_url(re.compile(r"/relations/BY/SG$"))
