"""The /search page over the bundled chronicle: the form, results linking their events and relationships,
facet links that narrow, and error pages for what cannot be searched."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import served_offline


def test_the_navigation_links_the_search_page(web):
    page = web.get("/")
    assert '<a href="/search">Search</a>' in page.text
    empty = web.get("/search")
    assert empty.status_code == 200 and '<form class="search"' in empty.text and 'id="summary"' not in empty.text


def test_results_link_events_and_relationships_and_facets_narrow(web, bundled):
    asked = bundled.search("Кореи", limit=20)
    assert asked["total"] > 0
    page = web.get("/search", params={"q": "Кореи"})
    assert page.status_code == 200
    text = page.text
    assert f"{asked['total']} fact" in text
    first = asked["results"][0]
    assert f'href="/events/{first["id"]}"' in text
    assert 'href="/relations/BY/KR"' in text
    year = asked["facets"]["year"][0]
    link = f'/search?q=%D0%9A%D0%BE%D1%80%D0%B5%D0%B8&amp;year={year["value"]}'
    assert link in text
    narrowed = web.get(html_lib.unescape(link))
    assert narrowed.status_code == 200
    assert f"{year['count']} fact" in narrowed.text
    assert re.search(r'class="chosen"[^>]*>Year: ' + str(year["value"]), narrowed.text)
    events = re.findall(r'<a class="what" href="/events/([0-9a-f-]{36})"', narrowed.text)
    assert events == [r["id"] for r in bundled.search("Кореи", year=year["value"])["results"]]


@pytest.mark.parametrize("params", [{"q": "?!"}, {"q": "visit", "type": "nothing"}, {"q": "visit", "year": "x"},
                                    {"q": "visit", "as_of": "2019-13"}, {"q": "visit", "known_at": "noon"}])
def test_what_cannot_be_searched_is_a_400_page(web, params):
    page = web.get("/search", params=params)
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")


@pytest.mark.browser
@pytest.mark.slow
def test_search_and_choose_a_facet_in_a_browser(browser, database_url, tmp_path, shots):
    with served_offline(browser, database_url, tmp_path) as (page, url):
        page.goto(url)
        page.get_by_role("navigation", name="Site").get_by_role("link", name="Search").click()
        page.locator("#q").fill("Кореи")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#summary")).to_contain_text("match")
        total = int(page.locator("#summary").inner_text().split()[0])
        assert total > 0
        page.screenshot(path=str(shots / "search-korea.png"), full_page=False)
        facet = page.locator("#facet-type li a").first
        name = facet.inner_text()
        count = int(page.locator("#facet-type li").first.locator(".count").inner_text())
        facet.click()
        expect(page).to_have_url(re.compile(r"type="))
        expect(page.locator("#summary")).to_contain_text(f"{count} fact")
        expect(page.locator("a.chosen")).to_contain_text("Type:")
        assert page.locator("li.result").count() == min(count, 20)
        assert count <= total
        page.screenshot(path=str(shots / "search-korea-facet.png"), full_page=False)
        page.locator("li.result a.what").first.click()
        expect(page).to_have_url(re.compile(r"/events/[0-9a-f-]{36}$"))
        assert name
