"""``GET /api/export``: JSON lines, CSV and CSL-JSON over chronicle/exports.py, with content types, file names,
the relationship and as-of filters, retracted facts on demand, and the read-token rule."""

from __future__ import annotations

import csv
import io
import json

from chronicle.exports import CSV_COLUMNS
from tests.web.helpers import web_for


def test_json_lines_of_one_relationship(web):
    reply = web.get("/api/export?format=jsonl&a=BY&b=KR")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/x-ndjson; charset=utf-8"
    assert reply.headers["content-disposition"] == 'attachment; filename="chronicle-BY-KR.jsonl"'
    records = [json.loads(line) for line in reply.text.splitlines()]
    assert records and all({"BY", "KR"} <= {p[:2] for p in r["parties"]} for r in records)
    assert all(r["status"] != "retracted" and r["citations"] for r in records)
    council = [r for r in records if r["type"] == "body.established" and r["attributes"].get("kind") == "business_council"]
    assert council and council[0]["date"].startswith("2021") and council[0]["plover"] == "COOPERATE"


def test_csv_with_a_byte_order_mark_for_excel(web):
    plain = web.get("/api/export?format=csv&a=BY&b=KR").content
    marked = web.get("/api/export?format=csv&a=BY&b=KR&bom=true").content
    assert marked == "\ufeff".encode() + plain and not plain.startswith("\ufeff".encode())
    assert web.get("/api/export?format=jsonl&bom=true").status_code == 422


def test_csv_with_as_of(web):
    reply = web.get("/api/export?format=csv&a=KR&b=BY&as_of=2019")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "text/csv; charset=utf-8"
    assert reply.headers["content-disposition"] == 'attachment; filename="chronicle-BY-KR-as-of-2019.csv"'
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert list(rows[0]) == CSV_COLUMNS
    assert rows and all(row["date_start"][:4] <= "2019" for row in rows)
    everything = list(csv.DictReader(io.StringIO(web.get("/api/export?format=csv&a=BY&b=KR").text)))
    assert len(everything) > len(rows)


def test_csl_json_of_the_sources(web, bundled):
    reply = web.get("/api/export?format=csl-json")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert reply.headers["content-disposition"] == 'attachment; filename="chronicle-sources.csl.json"'
    items = reply.json()
    documents = [i for i in items if "-ref-" not in i["id"]]
    assert len(documents) == len(bundled.records.sources())
    assert any(i.get("URL", "").startswith("https://www.belta.by/") for i in items)  # works the footnotes cite


def test_retracted_facts_only_when_asked(web):
    plain = web.get("/api/export?format=jsonl").text.splitlines()
    every = [json.loads(line) for line in web.get("/api/export?format=jsonl&include_retracted=true").text.splitlines()]
    retracted = [r for r in every if r["status"] == "retracted"]
    assert retracted and len(every) == len(plain) + len(retracted)


def test_bad_parameters_are_a_422(web):
    assert web.get("/api/export?format=xml").status_code == 422
    half = web.get("/api/export?a=BY")
    assert half.status_code == 422 and half.json()["detail"][0]["field"] == "query.b"
    assert web.get("/api/export?a=BY&b=BY").status_code == 404  # no relationship of a state with itself
    assert web.get("/api/export?as_of=soon").status_code == 422


def test_the_export_follows_the_read_token_rule(bundled):
    private = web_for(bundled, read_token="secret-read")
    assert private.get("/api/export").status_code == 401
    reply = private.get("/api/export?format=csv", headers={"Authorization": "Bearer secret-read"})
    assert reply.status_code == 200 and reply.text.startswith("id,position,type")
