"""The review queue in a real browser (Debian's chromium driven by Playwright, against ``chronicle serve``).

Enter the write token, upload an article, see its proposals highlighted in the text, edit one's date, reject
one with a reason, accept the rest; then the timeline shows the accepted facts with the edited date, the
rejected one is nowhere in the record, and the importer's record counts 1 edited and 1 rejected. Screenshots
go to test-artifacts/web/<engine>/review-*.png.
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.api.servers import serving
from tests.web.conftest import TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOKEN = "browser-review-token"
ARTICLE = (
    "---\ntitle: Belarus and Korea widen their cooperation\npublished: 2019-05-20\nlanguage: en\n---\n\n"
    "On 14 May 2019 the Foreign Ministers of Belarus and the Republic of Korea signed a memorandum of "
    "understanding on cooperation in education in Seoul.\n\n"
    "In 2018 the trade turnover between Belarus and the Republic of Korea amounted to $120 million.\n\n"
    "On 16 May 2019 the Belarus-Korea Business Council held its first session in Minsk.\n"
)


def test_upload_edit_reject_and_accept_the_rest(browser, database_url, tmp_path, shots):
    article = tmp_path / "cooperation.md"
    article.write_text(ARTICLE, encoding="utf-8")
    with serving(database_url, tmp_path, CHRONICLE_API_TOKENS=TOKEN) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.set_default_navigation_timeout(TIMEOUT_MS)
        try:
            page.goto(f"{url}/review")
            expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
            page.get_by_label("Write token").fill(TOKEN)
            page.get_by_role("button", name="Use this token").click()
            expect(page.locator("#writer")).to_have_text("CHRONICLE_API_TOKENS #1")
            cookies = {c["name"]: c for c in context.cookies()}
            assert cookies["chronicle_token"]["httpOnly"] and cookies["chronicle_token"]["sameSite"] == "Strict"
            assert page.evaluate("document.cookie") == ""  # neither cookie is readable by scripts

            page.locator("#file").set_input_files(str(article))
            page.get_by_role("button", name="Queue for review").click()
            expect(page).to_have_url(re.compile(r"/review/[0-9a-f-]{36}$"))
            proposals = page.locator("li.proposal-item")
            expect(proposals).to_have_count(3)
            expect(page.locator(".document mark.proposal")).to_have_count(3)  # each passage highlighted
            page.screenshot(path=str(shots / "review-1-proposals.png"), full_page=True)

            memo = proposals.filter(has_text="signed a memorandum")
            memo.locator("input[name=date]").fill("2019-05-15")
            memo.get_by_role("button", name="Edit and accept").click()
            expect(proposals.filter(has_text="signed a memorandum").locator(".decided")).to_have_text("edited")

            figure = proposals.filter(has_text="$120 million")
            figure.locator("input[name=reason]").fill("the figure is from another report")
            figure.get_by_role("button", name="Reject").click()
            expect(proposals.filter(has_text="$120 million").locator(".decided")).to_have_text("rejected")

            page.get_by_role("button", name=re.compile(r"^Accept the rest")).click()
            expect(page.locator("#open-count")).to_have_text("0")
            page.screenshot(path=str(shots / "review-2-decided.png"), full_page=True)

            page.goto(f"{url}/relations/BY/KR")
            timeline = page.locator("#timeline li.event")
            expect(timeline).to_have_count(2)
            expect(timeline.filter(has_text="Memorandum").locator(".when")).to_have_text("2019-05-15")
            expect(page.locator("#timeline")).not_to_contain_text("120 million")
            page.screenshot(path=str(shots / "review-3-timeline.png"), full_page=False)

            page.goto(f"{url}/review/record")
            total = page.locator("#record-total")
            expect(total.locator(".edited")).to_have_text("1")
            expect(total.locator(".rejected")).to_have_text("1")
            expect(total.locator(".accepted")).to_have_text("1")
        finally:
            context.close()
        events = httpx.get(f"{url}/api/events?limit=1000", timeout=10).text
        assert "120 million" not in events and "120000000" not in events  # the rejected fact is nowhere
        record = httpx.get(f"{url}/api/review/record", timeout=10).json()
        assert record["overall"]["edited"] == 1 and record["overall"]["rejected"] == 1
        assert record["overall"]["fields"] == {"date": 1}
