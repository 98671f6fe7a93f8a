"""CSV cells a spreadsheet would run as formulas are neutralized; every response carries security headers."""

from __future__ import annotations

import csv
import io

import pytest

from tests.api.conftest import AUTH
from tests.builders import fact

FORMULAS = ["=HYPERLINK(\"https://phish.example/\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tx", "\rx"]


def _quoting(text: str) -> dict:
    """A visit whose source text, title and actors begin with ``text``."""
    body = text + " The minister visited Minsk in May 2019."
    source = {"title": text, "publisher": "Press", "url": "https://example.org/x", "text": body}
    envelope = fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019", actors=[text])
    envelope["citations"][0]["source"] = source
    start = body.index("The minister")
    envelope["citations"][0]["span"] = [start, start + len("The minister visited Minsk in May 2019")]
    envelope["attributes"] = {"summary": text}
    return envelope


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_that_start_a_formula_are_text(client, formula):
    response = client.post("/api/events", json=_quoting(formula + "x"), headers=AUTH)
    assert response.status_code == 201, response.text
    exported = client.get("/api/export", params={"format": "csv"})
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows
    for row in rows:
        for name, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    if formula[0] in "=+-@":  # (a leading tab or carriage return is white space the envelope strips)
        assert rows[0]["actors"] == "'" + formula + "x"
        assert rows[0]["source_title"] == "'" + formula + "x"


def test_numbers_and_dates_are_left_alone(client):
    from chronicle.exports import neutralized

    assert neutralized(-5) == -5 and neutralized(1.5) == 1.5 and neutralized("2019-05") == "2019-05"
    assert neutralized("- a list item") == "'- a list item"


PATHS = ["/", "/relations/BY/KR", "/sources", "/api/relations", "/api/head", "/api/nothing", "/static/chronicle.js"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client, path):
    client.post("/api/events", json=fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019"),
                headers=AUTH)
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def test_the_pages_hold_no_inline_script(client):
    client.post("/api/events", json=fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019"),
                headers=AUTH)
    for path in ("/", "/relations/BY/KR", "/sources"):
        html = client.get(path).text
        for tag in html.split("<script")[1:]:
            assert tag.lstrip().startswith("src=") or " src=" in tag.split(">")[0], path
            assert tag.split(">", 1)[1].startswith("</script"), f"inline script in {path}"
        assert " onclick=" not in html and " onload=" not in html and "javascript:" not in html


def test_an_internal_error_carries_them_too(client, chronicle, monkeypatch):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(chronicle.records, "relationships", broken)
    response = client.get("/api/relations")
    assert response.status_code == 500 and response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers


def test_the_openapi_page_may_run_its_inline_start_script(client):
    response = client.get("/docs")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy and "http" not in policy
    assert response.headers["x-frame-options"] == "DENY"
