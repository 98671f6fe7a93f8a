"""An analyst in a real browser (Debian's chromium, Playwright) against a real ``chronicle serve`` with the
bundle: from Belarus–Korea's page to the comparison of 2019 with 2022, where the 2021 business council
appears. Screenshots go to test-artifacts/web/<engine>/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import served_offline
from tests.web.helpers import COUNCIL

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_compare_2019_with_2022_on_belarus_korea(browser, database_url, tmp_path, shots):
    with served_offline(browser, database_url, tmp_path) as (page, url):
        page.goto(f"{url}/relations/BY/KR?as_of=2022")
        page.locator("#compare-link").click()
        expect(page).to_have_url(re.compile(r"/relations/BY/KR/compare\?from=2019&to=2022$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("what changed")
        appeared = page.locator("#appeared li.event")
        expect(appeared.filter(has_text=COUNCIL).first).to_be_visible()  # the council (and its first session)
        page.screenshot(path=str(shots / "compare-2019-2022.png"), full_page=False)

        page.locator("#from").fill("2021")
        page.get_by_role("button", name="Compare").click()
        expect(page).to_have_url(re.compile(r"from=2021"))
        expect(page.locator("#appeared li.event").filter(has_text=COUNCIL)).to_have_count(0)

        appeared_2019 = page.goto(f"{url}/relations/BY/KR/compare?from=2019&to=2022")
        assert appeared_2019 is not None and appeared_2019.ok
        page.locator("#appeared li.event", has_text=COUNCIL).first.locator("a.what").click()
        expect(page).to_have_url(re.compile(r"/events/[0-9a-f-]{36}$"))


def test_an_actor_page_from_an_audit_page(browser, database_url, tmp_path, shots):
    with served_offline(browser, database_url, tmp_path) as (page, url):
        page.goto(f"{url}/api/actors/Liu%20Guozhong")
        fact = page.evaluate("() => JSON.parse(document.body.innerText).facts[0].id")
        page.goto(f"{url}/events/{fact}")
        page.locator("a.actor", has_text="Liu Guozhong").click()
        expect(page).to_have_url(re.compile(r"/actors/Liu%20Guozhong$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Liu Guozhong")
        expect(page.locator("#facts li.event").first).to_be_visible()
        expect(page.locator("#relationships a[href='/relations/BY/CN']")).to_be_visible()
        page.screenshot(path=str(shots / "actor-liu-guozhong.png"), full_page=False)


def test_disagreeing_figures_are_marked_clearly_and_statements_say_what_was_said(browser, database_url, tmp_path,
                                                                                  shots):
    with served_offline(browser, database_url, tmp_path) as (page, url):
        page.goto(f"{url}/relations/BY/VN")
        marker = page.locator("svg.chart g.disagree").first
        expect(marker).to_be_visible()
        box = marker.bounding_box()
        assert box is not None and box["width"] >= 20 and box["height"] >= 20, box  # not a tiny dot
        note = page.locator("#disagreements")
        expect(note).to_be_visible()
        expect(note).to_contain_text("2021, trade turnover")
        expect(note.locator("a")).to_have_count(2)
        page.locator("#trade").screenshot(path=str(shots / "trade-chart-disagreement-by-vn.png"))

        page.goto(f"{url}/relations/BY/CN")
        said = page.locator("#section-statements q.said")
        expect(said.first).to_be_visible()
        expect(page.locator("#section-statements")).to_contain_text("all-weather comprehensive strategic partnership")
        page.locator("#section-statements").screenshot(path=str(shots / "statements-by-cn.png"))
