"""Every web page over the bundled chronicle, through a TestClient: status, key content, filters, the as_of
and known_at parameters in the address, the audit page, sources, and the error pages."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.builders import SOURCE_KEY, fact
from tests.web.helpers import COUNCIL, council, find, listed, section, text_of, web_for


def test_the_front_page_lists_belarus_relationships_with_counts_and_activity(web, bundled):
    page = web.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    korea = next(r for r in bundled.records.relationships() if r["relationship"] == ["BY", "KR"])
    row = re.search(r'<a href="/relations/BY/KR">Belarus – Republic of Korea</a>.*?</tr>', html, re.S).group(0)
    assert f'<td class="num">{korea["events"]}</td>' in row
    assert korea["first_event"][:4] in row and korea["last_event"][:4] in row
    assert row.count("<rect ") == len(korea["years"])  # one bar per year with events
    assert "<title>2021: " in row
    assert 'role="img"' in row and "Events per year" in row
    assert '<link rel="stylesheet" href="/static/chronicle.css">' in html


def test_the_front_page_lists_only_belaruss_relationships_unless_asked(web, bundled):
    html = web.get("/").text
    linked = set(re.findall(r'<a href="/relations/([A-Z]{2})/([A-Z]{2})">', html))
    assert linked and all("BY" in pair for pair in linked)
    asian = html.split("Belarus and its Asian partners", 1)[1].split("</table>", 1)[0]
    assert "/relations/BY/KR" in asian and "/relations/BY/LV" not in asian
    everything = set(re.findall(r'<a href="/relations/([A-Z]{2})/([A-Z]{2})">', web.get("/?all=1").text))
    assert everything > linked and any("BY" not in pair for pair in everything)
    api = web.get("/api/relations").json()["relations"]
    assert {tuple(r["relationship"]) for r in api} == linked
    assert len(web.get("/api/relations?all=true").json()["relations"]) == len(everything)


def test_a_multilateral_event_is_marked_on_each_of_its_relationships(web, bundled):
    multilateral = [e for e in bundled.events(0, 1000) if e.type == "meeting.held"
                    and len({p[:2] for p in e.body["parties"]}) > 2 and "BY" in e.body["parties"]]
    assert multilateral, "the bundle has a forum of several states"
    event = multilateral[0]
    partners = sorted({p[:2] for p in event.body["parties"]} - {"BY"})
    for partner in partners[:3]:
        a, b = sorted(["BY", partner])
        html = web.get(f"/relations/{a}/{b}").text
        entry = re.search(rf'<li class="event">(?:(?!</li>).)*?href="/events/{event.id}".*?</li>', html, re.S)
        assert entry and 'class="status multilateral"' in entry.group(0), partner
    assert '<link rel="stylesheet" href="/static/chronicle.css">' in html


def test_the_static_files_are_served(web):
    css = web.get("/static/chronicle.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = web.get("/static/chronicle.js")
    assert js.status_code == 200 and "as_of_year" in js.text


def test_the_relation_page_shows_the_state_card_the_timeline_and_the_controls(web):
    page = web.get("/relations/BY/KR")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Belarus – Republic of Korea</h1>" in html
    assert listed(html, "section-bodies", COUNCIL)
    assert "1992-02-10" in html  # relations established, as corrected in review
    # the controls: labelled fields, a slider, the moments known_at can name, the domain filter
    for field in ('for="as_of"', 'for="as_of_year"', 'for="known_at"', 'for="domain"'):
        assert field in html
    assert 'type="range"' in html and '<datalist id="moments">' in html
    assert '<button type="submit">Show</button>' in html
    # the timeline grouped by year, with type badges and links to the audit pages
    assert re.search(r'<h3 id="y2021">2021</h3>', html)
    assert 'class="badge t-body-established"' in html
    assert re.search(r'href="/events/[0-9a-f-]{36}"', html)
    # the trade chart: an inline SVG with the turnover series
    chart = re.search(r'<svg class="chart".*?</svg>', html, re.S).group(0)
    assert "trade turnover" in html and chart.count("<circle") >= 3
    assert "/api/export?format=csv&amp;a=BY&amp;b=KR" in html


def test_as_of_is_kept_in_the_address_and_the_council_exists_only_from_2021(web):
    then = web.get("/relations/BY/KR?as_of=2022").text
    before = web.get("/relations/BY/KR?as_of=2019").text
    assert listed(then, "section-bodies", COUNCIL)
    assert not listed(before, "section-bodies", COUNCIL)
    assert 'value="2019"' in before and "as of 2019" in before
    assert "2021" not in re.findall(r'<h3 id="y(\d{4})">', before)
    # a month within 2021 includes the council (July 2021) as of its last day; June does not
    assert listed(web.get("/relations/BY/KR?as_of=2021-07").text, "section-bodies", COUNCIL)
    assert not listed(web.get("/relations/BY/KR?as_of=2021-06").text, "section-bodies", COUNCIL)


def test_an_event_dated_with_a_year_is_uncertain_within_that_year(web):
    html = web.get("/relations/BY/KR?as_of=2021-09").text
    agreements = section(html, "section-agreements")
    protocol = re.search(r"<li>\s*<span class=\"when\">2021</span>.*?</li>", agreements, re.S).group(0)
    assert "Протокол об учреждении" in protocol  # signed "in 2021": maybe, maybe not by September
    assert 'class="uncertain"' in protocol


def test_known_at_shows_the_chronicle_as_it_stood_before_the_review(web, bundled):
    moments = [e.to_json()["recorded_at"] for e in bundled.events(0, 1)]
    imported_at = moments[0]  # the first file of the bundle, before the corrections were recorded
    now = web.get("/relations/BY/KR").text
    then = web.get(f"/relations/BY/KR?known_at={imported_at}").text
    assert "established 1992-02-10" in text_of(now)
    assert "established 1992 " in text_of(then)  # 000 gave the year only; the review dated it
    assert f'value="{imported_at}"' in then and "as the chronicle knew it at" in then
    # before anything was recorded, the chronicle knew nothing
    empty = web.get("/relations/BY/KR?known_at=2000-01-01T00:00:00Z")
    assert empty.status_code == 200 and "not recorded" in empty.text


def test_the_domain_filter_narrows_the_timeline(web):
    html = web.get("/relations/BY/KR?domain=cultural").text
    timeline = html[html.index('id="timeline"'):]
    domains = set(re.findall(r'<span class="domain">([a-z-]+)</span>', timeline))
    assert domains == {"cultural"}
    assert '<option value="cultural" selected>' in html
    assert len(re.findall(r'<li class="event">', timeline)) < len(
        re.findall(r'<li class="event">', web.get("/relations/BY/KR").text)
    )


def test_a_conflict_between_sources_is_marked_in_the_chart_and_the_card(web, bundled):
    def charted(f):
        return f["conflict"] and f["metric"].startswith("trade.") and f["unit"] == "USD" and len(f["period"]) == 4

    conflicted = [r["relationship"] for r in bundled.records.relationships()
                  if any(charted(f) for f in bundled.state(*r["relationship"])["figures"])]
    assert conflicted, "the bundle has a yearly trade figure on which its sources disagree"
    a, b = conflicted[0]
    html = web.get(f"/relations/{a}/{b}").text
    chart = re.search(r'<svg class="chart".*?</svg>', html, re.S).group(0)
    assert re.search(r'class="point s\d conflict"', chart) and '<rect class="other"' in chart
    assert "sources disagree" in chart  # in the point's title
    assert '<span class="conflict"' in section(html, "section-figures")
    # clearly marked: a ≠ flag, a red bar over the values the sources give, and a note listing them
    assert '<g class="disagree">' in chart and '<line class="spread"' in chart and ">≠</text>" in chart
    note = re.search(r'<div class="disagreements" id="disagreements".*?</div>', html, re.S).group(0)
    assert "Sources disagree" in note and " vs " in text_of(note)


def test_statements_show_their_topic_or_their_quote(web, bundled):
    html = web.get("/relations/BY/CN").text
    rows = re.findall(r"<li>.*?</li>", section(html, "section-statements"), re.S)
    assert rows and all('<q class="said"' in row or " on " in text_of(row) for row in rows)
    assert "all-weather comprehensive strategic partnership" in section(html, "section-statements")
    timeline = html[html.index('id="timeline"'):]
    said = [li for li in re.findall(r'<li class="event">.*?</li>', timeline, re.S) if "t-statement-made" in li]
    assert said and all('<q class="said"' in li for li in said)


def test_a_facts_title_is_in_one_language(web, bundled):
    html = web.get("/relations/BY/KR").text
    page = text_of(html)
    assert "opened in Сеул" not in page and "opened in Минск" not in page
    assert "Embassy of Belarus opened in Republic of Korea" in page  # the timeline's headline
    assert ", Сеул" not in text_of(section(html, "section-missions"))
    for title in re.findall(r'<a class="what" href="/events/[^"]+">([^<]*)</a>', html):
        cyrillic = re.search(r"[А-Яа-яЁё]", title)
        english = re.search(r"\b(opened|signed|established|entered into force|session of|Visit:|on)\b", title)
        assert not (cyrillic and english), title


def test_the_relation_address_is_canonical(web):
    moved = web.get("/relations/kr/by?as_of=2019", follow_redirects=False)
    assert moved.status_code == 307
    assert moved.headers["location"] == "/relations/BY/KR?as_of=2019"


def test_bad_as_of_known_at_and_domain_get_a_friendly_400_page(web):
    for query, words in (
        ("as_of=20x9", "not a date"),
        ("as_of=2019-13", "not a date"),
        ("known_at=yesterday", "not a moment"),
        ("domain=sports", "no such domain"),
    ):
        page = web.get(f"/relations/BY/KR?{query}")
        assert page.status_code == 400, query
        assert page.headers["content-type"].startswith("text/html")
        assert words in page.text.lower() and "Traceback" not in page.text
        assert '<section class="error" role="alert"' in page.text


def test_unknown_relationships_events_sources_and_pages_get_the_404_page(web):
    for path in (
        "/relations/BY/FR",  # states, but nothing recorded between them
        "/relations/XX/KR",  # not a state
        "/relations/BY/BY",
        f"/events/{uuid.uuid4()}",
        "/events/not-an-id",
        "/sources/" + "0" * 64,
        "/sources/xyz",
        "/no/such/page",
    ):
        page = web.get(path)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html"), path
        assert '<p class="code">404</p>' in page.text
    api = web.get("/api/no/such")
    assert api.status_code == 404 and api.json()["error"] == "not found"


def test_the_audit_page_shows_the_claim_every_source_the_cited_works_and_when_recorded(web, bundled):
    fact = council(bundled)
    html = web.get(f"/events/{fact['id']}").text
    assert COUNCIL in html and "2021-07" in html and "Correction history" in html
    citations = re.findall(r'<article class="citation"', html)
    assert len(citations) == len(fact["citations_all"]) >= 2
    for citation in fact["citations_all"]:
        assert f'href="/sources/{citation["source"]["sha256"]}"' in html
    # bundled sources have no text: the quote is shown as recorded, with the cited work's link
    assert "metadata only, the text is not stored" in html
    assert '<blockquote class="quote-only"' in html and '<mark class="quote">' in html
    works = [c["reference"] for c in fact["citations_all"] if (c["reference"] or {}).get("url")]
    assert works and f'href="{works[0]["url"]}"' in html
    assert "Cites [" in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+Z">', html)  # when each piece was recorded


def test_the_audit_page_shows_the_correction_history(web, bundled):
    established = find(bundled, "relations.established", lambda f: f["status"] == "corrected")
    html = web.get(f"/events/{established['id']}").text
    assert "This fact was <strong>corrected</strong>" in html
    assert "1992-02-10" in html and "As first recorded" in html
    (change,) = [c for c in established["current"]["corrections"] if c["type"] == "event.corrected"]
    assert change["reason"][:40] in html and f'href="/events/{change["id"]}"' in html
    correction = web.get(f"/events/{change['id']}").text
    assert "Correction of" in correction and f'href="/events/{established["id"]}"' in correction


def test_a_retracted_fact_says_so_and_why(web, bundled):
    retracted = find(bundled, "venture.started", lambda f: f["status"] == "retracted", party="CN")
    html = web.get(f"/events/{retracted['id']}").text
    assert "This fact was <strong>retracted</strong>" in html
    assert "Needle Med" in html and "no Chinese" in html
    retraction = next(c for c in retracted["current"]["corrections"] if c["type"] == "event.retracted")
    correction = web.get(f"/events/{retraction['id']}").text
    assert "Retraction of" in correction and f'href="/events/{retracted["id"]}"' in correction


def test_a_source_without_text_lists_its_quotes(web, bundled):
    sources = bundled.records.sources()
    korea_herald = next(s for s in sources if s["publisher"] == "The Korea Herald")
    html = web.get(f"/sources/{korea_herald['sha256']}").text
    assert "metadata only" not in html or "not stored" in html
    assert "Its text is not stored here" in html
    assert "Popkov" in html and '<ol class="quotes">' in html
    assert 'class="document"' not in html
    assert 'by <span class="authors">Joel Lee</span>' in html  # its byline, kept as "Lee, Joel"


def test_a_source_with_text_highlights_every_cited_passage(chronicle_with_text):
    chronicle, sha = chronicle_with_text
    source = chronicle.records.source(sha)
    html = web_for(chronicle).get(f"/sources/{sha}").text
    assert '<div class="document"' in html
    marks = re.findall(r'<mark class="cited[^"]*"', html)
    markers = re.findall(r'<a class="marker" id="c(\d+)" href="/events/([0-9a-f-]{36})"', html)
    assert marks and len(markers) == len(source["citations"])


def test_the_sources_page_lists_the_documents(web, bundled):
    html = web.get("/sources").text
    assert len(re.findall(r'<a href="/sources/[0-9a-f]{64}"', html)) == len(bundled.records.sources())
    assert "metadata only" in html


def test_the_pages_are_not_in_the_openapi_document(web):
    paths = web.get("/openapi.json").json()["paths"]
    assert "/api/export" in paths
    assert not [p for p in paths if not p.startswith("/api/")]


# -- a chronicle of our own, for what the bundle does not have --------------------------------------------------


@pytest.fixture
def chronicle_with_text(chronicle):
    quotes = ["Diplomatic relations were established on 10 February 1992",
              "The embassy of Belarus in Seoul opened in December 1997",
              "The business council was set up in 2009"]
    chronicle.append([
        fact("relations.established", "1992-02-10", ["BY", "KR"], quotes[0]),
        fact("mission.opened", "1997-12", ["BY", "KR"], quotes[1], full_source=False,
             attributes={"kind": "embassy", "of": "BY", "in": "KR", "city": "Seoul"}),
        fact("body.established", "2009", ["BY", "KR"], quotes[2], full_source=False,
             attributes={"kind": "business_council", "name": "Business council"}),
    ])
    return chronicle, SOURCE_KEY


HOSTILE = '<script>alert("x")</script>'


def test_everything_from_articles_is_escaped(chronicle):
    text = f"Headline {HOSTILE} and <img src=x onerror=alert(1)>. The council was set up in 2009 by {HOSTILE}."
    quote = f"The council was set up in 2009 by {HOSTILE}"
    start = text.index(quote)
    source = {"title": f"Title {HOSTILE}", "publisher": "<b>Press</b>", "url": "https://example.org/x?a=1&b=<2>",
              "published": "2024", "language": "en", "text": text}
    event = {"type": "body.established", "date": "2009", "parties": ["BY", "KR"], "actors": [HOSTILE],
             "attributes": {"kind": "business_council", "name": f"Council {HOSTILE}", "summary": HOSTILE},
             "citations": [{"source": source, "quote": quote, "span": [start, start + len(quote)],
                            "reference": {"label": "1", "title": f"Work {HOSTILE}", "url": "javascript:alert(1)"}}]}
    (result,) = chronicle.append([event]).results
    client = web_for(chronicle)
    sha = chronicle.records.sources()[0]["sha256"]
    pages = ["/", "/relations/BY/KR", f"/events/{result.id}", f"/sources/{sha}", "/sources"]
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html and "<b>Press</b>" not in html, path
    event_page = client.get(f"/events/{result.id}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in event_page
    assert "Council &lt;script&gt;" in client.get("/relations/BY/KR").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get(f"/sources/{sha}").text
    assert 'href="javascript:' not in event_page  # only http(s) addresses become links
    assert "javascript:alert(1)" in event_page  # shown as text


def test_pages_follow_the_read_token_rule(bundled):
    private = web_for(bundled, read_token="secret-read")
    refused = private.get("/relations/BY/KR")
    assert refused.status_code == 401 and refused.headers["content-type"].startswith("text/html")
    assert "A token is needed" in refused.text
    assert private.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert private.get("/", headers={"Authorization": "Bearer secret-read"}).status_code == 200


def test_an_empty_chronicle_says_how_to_fill_it(chronicle):
    html = web_for(chronicle).get("/").text
    assert "The chronicle is empty" in html and "chronicle load data/" in html


def test_compare_2019_with_2022_shows_the_2021_business_council_appearing(web, bundled):
    page = web.get("/relations/BY/KR/compare?from=2019&to=2022")
    assert page.status_code == 200
    appeared = section_of(page.text, "appeared")
    assert COUNCIL in text_of(appeared)
    assert f'href="/events/{council(bundled)["id"]}"' in appeared
    api = web.get("/api/relations/BY/KR/compare?from=2019&to=2022").json()
    assert council(bundled)["id"] in [i["id"] for i in api["appeared"]]
    assert api["counts"]["appeared"] == len(api["appeared"]) == appeared.count('<li class="event">')
    assert web.get("/relations/BY/KR/compare?from=2022&to=2019").status_code == 400
    assert web.get("/api/relations/BY/KR/compare?from=2022&to=2019").status_code == 422
    assert web.get("/api/relations/BY/KR/compare").status_code == 422
    assert "Give a <em>from</em> date" in web.get("/relations/BY/KR/compare").text


def test_compare_two_recorded_moments_lists_the_reviews_corrections_with_reasons(web, bundled):
    first = bundled.events(0, 1)[0].to_json()["recorded_at"]
    result = web.get(f"/api/relations/BY/KR/compare?known_from={first}").json()
    assert result["changed"] and all(c["why"] for c in result["changed"])
    assert all(v["why"][0]["type"] == "event.retracted" for v in result["vanished"])
    html = web.get(f"/relations/BY/KR/compare?known_from={first}").text
    assert section_of(html, "changed").count('class="why"') >= len(result["changed"])


def section_of(html: str, section_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{section_id}-h" id="{section_id}">.*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_an_actor_page_lists_the_actors_facts_across_relationships(web, bundled):
    named = [a for e in bundled.events(0, 2000) for a in e.body.get("actors") or []]
    busiest = max(set(named), key=lambda a: (named.count(a), a))
    api = web.get(f"/api/actors/{busiest}").json()
    assert len(api["facts"]) >= 2 and len(api["relationships"]) >= 2
    assert all(busiest in f["actors"] for f in api["facts"])
    page = web.get(f"/actors/{busiest}")
    assert page.status_code == 200 and f"<h1>{busiest}</h1>" in page.text
    assert page.text.count('<li class="event">') == len(api["facts"])
    audit = web.get(f"/events/{api['facts'][0]['id']}").text
    assert 'class="actor" href="/actors/' in audit
    assert web.get("/actors/Nobody%20at%20all").status_code == 404
