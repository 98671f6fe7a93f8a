"""The OpenAPI document's constraints on parties and dates agree with the server: a value the document's
schema refuses is refused by the server (422), and a value it accepts is answered (200). The schemas are read
from the served document and checked with jsonschema (formats too); the server is the real app."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from chronicle.domain.fields import party_code

# operation, parameter, where, a request path built from a value
PARAMETERS = {
    "party of the feed": ("/api/events", "get", "party", lambda v: ("/api/events", {"party": v})),
    "a side of a relationship": ("/api/relations/{a}/{b}", "get", "a", lambda v: (f"/api/relations/{v}/KR", {})),
    "as_of of a state": ("/api/relations/{a}/{b}", "get", "as_of", lambda v: ("/api/relations/BY/KR", {"as_of": v})),
    "from of the feed": ("/api/events", "get", "from", lambda v: ("/api/events", {"from": v})),
    "partner of a search": ("/api/search", "get", "partner", lambda v: ("/api/search", {"q": "visit", "partner": v})),
}

REFUSED = {  # each refused by the schema (asserted) and by the server
    "party of the feed": ["XX", "0", "", "B Y", "EAEU2"],
    "a side of a relationship": ["XX", "0", "EAEU", "ZZ"],
    "as_of of a state": ["2019-02-30", "0001", "0999-12-31", "2019-13", "２０１９", "20190", "2019-6"],
    "from of the feed": ["2019-02-30", "2019-00", "0000", "19", "2019-06-31"],
    "partner of a search": ["BY", "EAEU", "XX"],
}
ACCEPTED = {  # each valid by the schema (asserted) and answered by the server
    "party of the feed": ["BY", "KR", "EAEU", "CN"],
    "a side of a relationship": ["CN", "JP", "AD"],
    "as_of of a state": ["2019", "2019-06", "2019-06-30", "1000", "9999-12-31", "2020-02-29"],
    "from of the feed": ["2019", "1991-12", "1992-01-01"],
    "partner of a search": ["KR", "CN"],
}


@pytest.fixture
def document(client) -> dict:
    return client.get("/openapi.json").json()


def _validator(document: dict, name: str) -> Draft202012Validator:
    path, method, parameter, _ = PARAMETERS[name]
    (found,) = [p for p in document["paths"][path][method]["parameters"] if p["name"] == parameter]
    schema = dict(found["schema"])
    return Draft202012Validator(_without_null(schema), format_checker=FormatChecker())


def _without_null(schema: dict) -> dict:
    """An optional parameter's ``anyOf [X, null]`` as X (a query parameter is absent, never null)."""
    options = schema.get("anyOf")
    if options and any(o.get("type") == "null" for o in options):
        rest = [o for o in options if o.get("type") != "null"]
        return rest[0] if len(rest) == 1 else {**schema, "anyOf": rest}
    return schema


@pytest.mark.parametrize("name", list(PARAMETERS))
def test_a_value_the_document_refuses_the_server_refuses(client, document, name):
    validator = _validator(document, name)
    for value in REFUSED[name]:
        assert not validator.is_valid(value), f"the document takes {value!r} for {name}"
        path, query = PARAMETERS[name][3](value)
        response = client.get(path, params=query)
        assert response.status_code == 422, (name, value, response.status_code, response.text[:200])


@pytest.mark.parametrize("name", list(PARAMETERS))
def test_a_value_the_document_accepts_the_server_answers(client, document, name):
    validator = _validator(document, name)
    for value in ACCEPTED[name]:
        assert validator.is_valid(value), f"the document refuses {value!r} for {name}"
        path, query = PARAMETERS[name][3](value)
        response = client.get(path, params=query)
        assert response.status_code == 200, (name, value, response.status_code, response.text[:200])


def test_every_party_the_document_lists_is_one_the_server_takes(document):
    (found,) = [p for p in document["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "party"]
    codes = _without_null(found["schema"])["enum"]
    assert len(codes) > 240 and {"BY", "KR", "EAEU", "ASEAN"} <= set(codes)
    assert [party_code(code) for code in codes] == codes  # each taken, already canonical


def test_the_import_form_is_a_file_or_a_text(document):
    body = document["components"]["schemas"]["Body_create_import_api_imports_post"]
    validator = Draft202012Validator(body)
    assert validator.is_valid({"text": "An article."}) and validator.is_valid({"file": "bytes"})
    assert not validator.is_valid({}) and not validator.is_valid({"text": "a", "file": "b"})
