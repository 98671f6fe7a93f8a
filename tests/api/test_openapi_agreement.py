"""The OpenAPI document's constraints on parties and dates agree with the server: a value the document's
schema refuses is refused by the server (422), and a value it accepts is answered (200). The schemas are read
from the served document and checked with jsonschema (formats too); the server is the real app."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from chronicle.domain.envelopes import EVENT_TYPES
from chronicle.domain.fact_types import COMMON_ATTRIBUTES, REGISTRY
from chronicle.domain.fields import party_code
from tests.api.conftest import AUTH

# operation, parameter, where, a request path built from a value
PARAMETERS = {
    "party of the feed": ("/api/events", "get", "party", lambda v: ("/api/events", {"party": v})),
    "a side of a relationship": ("/api/relations/{a}/{b}", "get", "a", lambda v: (f"/api/relations/{v}/KR", {})),
    "as_of of a state": ("/api/relations/{a}/{b}", "get", "as_of", lambda v: ("/api/relations/BY/KR", {"as_of": v})),
    "from of the feed": ("/api/events", "get", "from", lambda v: ("/api/events", {"from": v})),
    "partner of a search": ("/api/search", "get", "partner", lambda v: ("/api/search", {"q": "visit", "partner": v})),
    "known_at of a state": ("/api/relations/{a}/{b}", "get", "known_at",
                            lambda v: ("/api/relations/BY/KR", {"known_at": v})),
}

REFUSED = {  # each refused by the schema (asserted) and by the server
    "party of the feed": ["XX", "0", "", "B Y", "EAEU2"],
    "a side of a relationship": ["XX", "0", "EAEU", "ZZ"],
    "as_of of a state": ["2019-02-30", "0001", "0999-12-31", "2019-13", "２０１９", "20190", "2019-6"],
    "from of the feed": ["2019-02-30", "2019-00", "0000", "19", "2019-06-31"],
    "partner of a search": ["BY", "EAEU", "XX"],
    # the first two were a 500 (the moment is in the year 0 or 10000 in UTC)
    "known_at of a state": ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "yesterday", ".",
                            "2019-01-01T23:59:60Z", "2019-13-01T00:00:00Z"],
}
ACCEPTED = {  # each valid by the schema (asserted) and answered by the server
    "party of the feed": ["BY", "KR", "EAEU", "CN"],
    "a side of a relationship": ["CN", "JP", "AD"],
    "as_of of a state": ["2019", "2019-06", "2019-06-30", "1000", "9999-12-31", "2020-02-29"],
    "from of the feed": ["2019", "1991-12", "1992-01-01"],
    "partner of a search": ["KR", "CN"],
    "known_at of a state": ["2026-11-21T09:30:00.123456Z", "2019-06-30T12:00:00+05:30", "1000-01-01T00:00:00Z",
                            "9998-12-31T23:59:59-01:00", "2019-06-30t12:00:00z"],
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
    # a form's field is text, never null (an empty one is not given); the language one of those the server takes
    assert validator.is_valid({"text": "An article.", "language": "", "title": ""})
    assert not validator.is_valid({"text": "An article.", "language": None})
    assert not validator.is_valid({"text": "An article.", "language": "de"})


def test_a_405_allows_every_method_the_document_lists_for_its_path(client, document):
    for template, concrete in (("/api/events", "/api/events"), ("/api/relations/{a}/{b}", "/api/relations/BY/KR"),
                               ("/api/imports", "/api/imports")):
        listed = sorted(method.upper() for method in document["paths"][template])
        response = client.request("OPTIONS", concrete)
        assert response.status_code == 405
        assert sorted(response.headers["allow"].split(", ")) == listed, template  # /api/events said POST only


def _envelope_validator(document: dict) -> Draft202012Validator:
    body = document["paths"]["/api/events"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return Draft202012Validator({**body, "components": document["components"]}, format_checker=FormatChecker())


def test_each_fact_types_attributes_in_the_document_are_its_registry_entrys(document):
    envelope = document["components"]["schemas"]["Envelope"]
    mapping = envelope["discriminator"]["mapping"]
    assert set(mapping) == set(EVENT_TYPES)
    for entry in REGISTRY:
        fact_schema = document["components"]["schemas"][mapping[entry.name].rsplit("/", 1)[1]]
        attributes = document["components"]["schemas"][fact_schema["properties"]["attributes"]["$ref"].rsplit("/", 1)[1]]
        assert set(attributes["properties"]) == entry.attribute_keys | COMMON_ATTRIBUTES, entry.name
        assert attributes["additionalProperties"] is False
        assert ("figure" in fact_schema["required"]) == entry.carries_figure, entry.name


def _visit(**attributes) -> dict:
    # a metadata-only source: no text, so no quote to find at its span
    return {"type": "visit", "date": "2019-06", "parties": ["BY", "KR"], "attributes": attributes,
            "citations": [{"source": {"title": "A visit", "url": "https://example.org/visit"}, "quote": "visited",
                           "span": [0, 7]}]}


def test_an_envelope_the_document_takes_is_appended_and_one_it_refuses_is_refused(client, document):
    validator = _envelope_validator(document)
    taken = [_visit(level="minister", **{"from": "BY", "to": "KR"}), [_visit(), _visit(visitor="A minister")]]
    for body in taken:
        assert validator.is_valid(body), body
        assert client.post("/api/events", json=body, headers=AUTH).status_code == 201, body
    refused = [
        _visit(title="An agreement's title"),  # another type's attribute
        _visit(level="emperor"),  # not one of a visit's levels
        {**_visit(), "parties": ["BY", "XX"]},  # not a party
        {**_visit(), "type": "visit.paid"},  # not a type
        {**_visit(), "parties": ["BY"]},  # one party
        _visit(visitor="   "),  # a text of spaces (stripped, it is empty)
        {k: v for k, v in _visit().items() if k != "citations"},  # a fact without its citation
        [],  # a batch of nothing
    ]
    for body in refused:
        assert not validator.is_valid(body), body
        response = client.post("/api/events", json=body, headers=AUTH)
        assert response.status_code == 422, (body, response.status_code, response.text[:200])


def test_the_same_side_twice_is_documented_as_not_found(document):
    for path in ("/api/relations/{a}/{b}", "/api/relations/{a}/{b}/timeline", "/api/relations/{a}/{b}/compare",
                 "/api/export"):
        assert "itself" in document["paths"][path]["get"]["responses"]["404"]["description"], path
