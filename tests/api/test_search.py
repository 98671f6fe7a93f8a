"""GET /api/search: results, facets, time parameters, and a clear 422 for what it cannot take."""

from __future__ import annotations

from tests.builders import fact, retraction


def _facts(chronicle) -> list[str]:
    out = chronicle.append([
        fact("agreement.signed", "2015", ["BY", "KR"], "The agreement on trade was signed in 2015 and entered into force in 2016",
             attributes={"title": "Agreement on Trade"}),
        fact("visit", "2019-05", ["BY", "VN"], "The minister visited Minsk in May 2019",
             attributes={"visitor": "The minister", "from": "VN", "to": "BY"}),
    ])
    return [r.id for r in out.results]


def test_search_answers_results_and_facets(client, chronicle):
    ids = _facts(chronicle)
    page = client.get("/api/search", params={"q": "Корее"})  # Korea's Russian name, another case
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == 1 and body["results"][0]["id"] == ids[0]
    assert body["results"][0]["relationships"] == [["BY", "KR"]]
    assert body["facets"]["partner"] == [{"value": "KR", "name": "Republic of Korea", "count": 1}]
    both = client.get("/api/search", params={"q": "test article"}).json()
    assert both["total"] == 2
    narrowed = client.get("/api/search", params={"q": "test article", "partner": "VN", "year": 2019}).json()
    assert [r["id"] for r in narrowed["results"]] == [ids[1]]
    assert narrowed["chosen"] == {"partner": "VN", "year": 2019}


def test_search_applies_as_of_and_known_at(client, chronicle):
    ids = _facts(chronicle)
    known = chronicle.head().recorded_at
    chronicle.append([retraction(ids[0])])
    assert client.get("/api/search", params={"q": "trade"}).json()["total"] == 0
    then = client.get("/api/search", params={"q": "trade", "known_at": known.isoformat().replace("+00:00", "Z")})
    assert [r["id"] for r in then.json()["results"]] == [ids[0]]
    assert client.get("/api/search", params={"q": "visit", "as_of": "2019-04"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "visit", "as_of": "2019"}).json()["total"] == 1


def test_bad_search_parameters_are_a_422_naming_them(client):
    cases = {
        (): "query.q",
        (("q", ""),): "query.q",
        (("q", "  "),): "query.q",
        (("q", "!!"),): "query.q",
        (("q", "x"), ("type", "event.retracted")): "query.type",
        (("q", "x"), ("domain", "sport")): "query.domain",
        (("q", "x"), ("partner", "XX1")): "query.partner",
        (("q", "x"), ("year", "twenty")): "query.year",
        (("q", "x"), ("limit", "0")): "query.limit",
        (("q", "x"), ("limit", "101")): "query.limit",
        (("q", "x"), ("offset", "-1")): "query.offset",
        (("q", "x"), ("as_of", "2019-13")): "query.as_of",
        (("q", "x"), ("known_at", "yesterday")): "query.known_at",
    }
    for params, field in cases.items():
        response = client.get("/api/search", params=dict(params))
        assert response.status_code == 422, params
        body = response.json()
        assert body["error"] == "invalid request"
        assert [d["field"] for d in body["detail"]] == [field], params


def test_search_is_in_the_openapi_document(client):
    spec = client.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert names == {"q", "partner", "type", "domain", "year", "as_of", "known_at", "limit", "offset"}
