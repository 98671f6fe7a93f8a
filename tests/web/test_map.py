"""The front page's map: the activity it shades (per partner, in a range of years, as of a date and as known
at a moment) checked against the timeline, the page's links and shades, bad input, and the vendored shapes."""

from __future__ import annotations

import re
from datetime import date

from api.routes.pages import worldmap
from api.routes.pages.worldmap import LEVELS, clip, decode_arcs, level, partner_map, ring_points, shapes, simplify
from chronicle.domain.parties import ASIA, HOME, Relationship
from chronicle.queries.state import LATEST


def timeline_count(chronicle, partner: str, first: int, last: int, *, as_of: date | None = None, known: int = LATEST) -> int:
    """The oracle: the distinct facts of the relationship's timeline dated in the years."""
    rel = Relationship.of(HOME, partner)
    items = chronicle.records.timeline(rel, date_from=date(first, 1, 1), date_to=date(last, 12, 31), as_of=as_of,
                                       known=known, limit=100_000)
    return len({i["id"] for i in items if first <= int(i["date"][:4]) <= last})


def test_activity_counts_each_partners_facts_in_the_years_as_the_timeline_has_them(bundled):
    partners = {r["partner"] for r in bundled.records.relationships()}
    for first, last in ((1990, 2030), (2019, 2021), (2021, 2021)):
        activity = bundled.records.activity(first, last)
        assert set(activity) == partners
        for partner, count in activity.items():
            assert count == timeline_count(bundled, partner, first, last), (partner, first, last)
    assert bundled.records.activity(2021, 2021)["KR"] > 0


def test_activity_respects_as_of_and_known_at(bundled):
    as_of = date(2019, 6, 30)
    cut = bundled.records.activity(2010, 2030, as_of=as_of)
    whole = bundled.records.activity(2010, 2030)
    assert all(cut[p] == timeline_count(bundled, p, 2010, 2030, as_of=as_of) for p in cut)
    assert sum(cut.values()) < sum(whole.values())
    assert set(bundled.records.activity(1990, 2030, known=0).values()) == {0}  # nothing was recorded then
    middle = bundled.head().position // 2
    known = bundled.records.activity(1990, 2030, known=middle)
    assert all(known[p] == timeline_count(bundled, p, 1990, 2030, known=middle) for p in known)
    assert 0 < sum(known.values()) < sum(whole.values())


def test_the_front_page_maps_each_asian_partner_as_a_link_shaded_by_its_events(web, bundled):
    html = web.get("/").text
    svg = re.search(r'<svg class="worldmap".*?</svg>', html, re.S).group(0)
    links = dict(re.findall(r'<a class="partner" href="(/relations/[A-Z]{2}/[A-Z]{2})" data-code="([A-Z]{2})"', svg))
    activity = bundled.records.activity(1900, 2100)
    asian = {p for p in activity if p in ASIA}
    assert set(links.values()) == asian and len(asian) >= 20
    assert "/relations/BY/KR" in links and links["/relations/BY/KR"] == "KR"
    assert 'data-code="LV"' not in svg and 'data-code="RU"' not in svg  # Belarus's partners elsewhere: plain land
    top = max(activity[p] for p in asian)
    for partner in ("KR", "CN", "JP", "SG"):
        shade = re.search(rf'data-code="{partner}"[^>]*>\s*<path class="state a(\d)"', svg).group(1)
        assert int(shade) == level(activity[partner], top), partner
    assert re.search(r'data-code="SG".*?<circle class="state dot', svg, re.S)  # too small to see: a dot too
    assert '<path class="state home"' in svg


def test_the_year_range_reshades_the_map_and_a_bad_year_is_a_clear_error(web, bundled):
    html = web.get("/?from=2021&to=2021").text
    assert '<h2 id="map-heading">The far arc, 2021</h2>' in html
    activity = bundled.records.activity(2021, 2021)
    silent = sorted(p for p, n in activity.items() if p in ASIA and n == 0)
    assert silent, "some partner has no event in 2021"
    assert re.search(rf'data-code="{silent[0]}"[^>]*>\s*<path class="state a0"', html)
    assert "2019–2022" in web.get("/?from=2022&to=2019").text  # a range given backwards is read forwards
    bad = web.get("/?from=twenty")
    assert bad.status_code == 400 and "not a year" in bad.text
    early = web.get("/?known_at=2000-01-01T00:00:00Z").text
    assert not re.search(r'<path class="state a[1-5]"', early)  # nothing was known then: no partner shaded


def test_the_shapes_are_the_vendored_atlas_served_locally(web):
    served = web.get("/static/world-atlas/countries-50m.json")
    assert served.status_code == 200 and served.json()["type"] == "Topology"
    assert (worldmap.ATLAS.parent / "README.md").read_text().count("2.0.2") >= 2
    codes = {s.code for s in shapes()}
    assert {"BY", "KR", "CN", "SG", "BH", "MV", "JP"} <= codes
    assert partner_map({"KR": 3, "SG": 1})["missing"] == []
    assert all(s.path.startswith("M") and s.path.endswith("Z") for s in shapes())


def test_decoding_clipping_and_shading():
    topology = {"transform": {"scale": [1, 1], "translate": [10, 20]}, "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, -2]]]}
    arcs = decode_arcs(topology)
    assert arcs == [[(10, 20), (12, 20), (12, 22)], [(12, 22), (10, 20)]]
    assert ring_points([0, 1], arcs) == [(10, 20), (12, 20), (12, 22), (10, 20)]
    assert ring_points([~1], arcs) == [(10, 20), (12, 22)]
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    assert sorted(clip(square, (0, 0, 10, 10))) == [(0, 0), (0, 5), (5, 0), (5, 5)]
    assert clip(square, (20, 20, 30, 30)) == []
    assert simplify([(0, 0), (1, 0.1), (2, 0), (3, 5)], 0.5) == [(0, 0), (2, 0), (3, 5)]
    assert [level(n, 40) for n in (0, 1, 40)] == [0, 1, LEVELS]
    assert all(level(n, 40) <= level(n + 1, 40) for n in range(40))
