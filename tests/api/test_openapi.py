"""The OpenAPI document, and schemathesis against it: generated requests to every operation get no 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.main import create_app
from chronicle.application import Chronicle
from chronicle.config import Settings
from tests.api.conftest import AUTH, WRITE_TOKEN
from tests.api.helpers import trade, visit
from tests.builders import correction


def test_the_openapi_document_lists_every_operation(client):
    spec = client.get("/openapi.json").json()
    operations = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    assert operations == {
        ("POST", "/api/events"),
        ("GET", "/api/events"),
        ("GET", "/api/events/{event_id}"),
        ("GET", "/api/events/{event_id}/provenance"),
        ("POST", "/api/events/{event_id}/retractions"),
        ("POST", "/api/events/{event_id}/corrections"),
        ("POST", "/api/events/{event_id}/citations"),
        ("GET", "/api/relations"),
        ("GET", "/api/relations/{a}/{b}"),
        ("GET", "/api/relations/{a}/{b}/timeline"),
        ("GET", "/api/relations/{a}/{b}/compare"),
        ("GET", "/api/search"),
        ("GET", "/api/actors/{name}"),
        ("GET", "/api/sources"),
        ("GET", "/api/sources/{sha256}"),
        ("GET", "/api/attachments"),
        ("GET", "/api/head"),
        ("GET", "/api/health"),
        ("POST", "/api/imports"),
        ("GET", "/api/export"),
        ("GET", "/api/review"),
        ("GET", "/api/review/record"),
        ("GET", "/api/review/{document_id}"),
        ("POST", "/api/review/proposals/{proposal_id}"),
        ("POST", "/api/review/{document_id}/accept-rest"),
    }
    feed = spec["paths"]["/api/events"]["get"]
    assert {p["name"] for p in feed["parameters"]} == {"after", "limit", "party", "type", "from", "to", "wait"}
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert spec["paths"]["/api/events"]["post"]["security"] == [{"HTTPBearer": []}]
    assert spec["paths"]["/api/events"]["get"]["security"] == [{}, {"HTTPBearer": []}]  # reads: optional
    assert "security" not in spec["paths"]["/api/health"]["get"]
    assert client.get("/docs").status_code == 200


def _openapi() -> dict:
    """The document, from an app over a database it never opens (the document does not depend on it)."""
    unused = Chronicle(database_url="sqlite://")
    try:
        return create_app(Settings(), unused).openapi()
    finally:
        unused.close()


# Loaded here rather than with schemathesis.pytest.from_fixture, which fails on pytest 9 (Function._nodeid).
schema = schemathesis.openapi.from_dict(_openapi())


@pytest.fixture
def seeded_app(chronicle):
    ids = [r.id for r in chronicle.append([visit(), trade()]).results]
    chronicle.append([correction(ids[1], date="2018")])
    return create_app(Settings(api_tokens=(WRITE_TOKEN,)), chronicle)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case, seeded_app):
    if case.query and "wait" in case.query:
        case.query["wait"] = 0  # the long poll works; holding each generated request 30 s only costs time
    case.call_and_validate(app=seeded_app, headers=AUTH, checks=[not_a_server_error])
