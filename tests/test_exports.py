"""Exports: facts as JSON lines and CSV with PLOVER categories, sources as CSL-JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from chronicle.cli import app
from chronicle.exports import PLOVER, csl_name
from chronicle.domain.events import FACT_TYPES
from tests.builders import SOURCE, SOURCE_KEY, correction, fact, figure, retraction

VISIT = "The minister visited Minsk in May 2019"
TRADE = "In 2019 trade amounted to 182 million dollars"


@pytest.fixture
def exported(chronicle, database_url, monkeypatch):
    monkeypatch.setenv("CHRONICLE_DATABASE_URL", database_url)
    ids = [r.id for r in chronicle.append([
        fact("visit", "2019-05", ["BY", "KR"], VISIT, attributes={"visitor": "A minister"}),
        figure("2019", 182e6, TRADE, full_source=False),
        fact("visit", "2010", ["BY", "CN"], VISIT, full_source=False),
        fact("agreement.signed", "2015", ["BY", "KR"], VISIT, full_source=False,
             citations=[{"source": {"sha256": SOURCE_KEY}, "quote": VISIT, "span": [SOURCE["text"].index(VISIT), SOURCE["text"].index(VISIT) + len(VISIT)],
                         "reference": {"label": "7", "title": "Cited report", "url": "https://example.org/report"}}]),
    ]).results]
    chronicle.append([correction(ids[1], figure={"metric": "trade.turnover", "value": 180e6, "unit": "USD"}),
                      retraction(ids[2])])

    def run(*args):
        result = CliRunner().invoke(app, ["export", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    return ids, run


def test_every_fact_type_has_a_documented_plover_choice():
    assert set(PLOVER) == set(FACT_TYPES)


def test_jsonl_exports_facts_as_they_stand_with_citations(exported):
    ids, run = exported
    records = [json.loads(line) for line in run("--format", "jsonl").splitlines()]
    assert [r["id"] for r in records] == [ids[0], ids[1], ids[3]]
    assert records[1]["figure"]["value"] == 180e6 and records[1]["status"] == "corrected"
    assert records[0]["plover"] == "CONSULT" and records[2]["plover"] == "AGREE"
    assert records[0]["citations"][0]["source"]["title"] == SOURCE["title"]
    with_retracted = run("--format", "jsonl", "--include-retracted").splitlines()
    assert json.loads(with_retracted[2])["status"] == "retracted"


def test_csv_filters_by_relationship_and_as_of(exported):
    ids, run = exported
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv", "--relationship", "KR", "BY", "--as-of", "2018"))))
    assert [r["id"] for r in rows] == [ids[3]]
    assert rows[0]["reference_title"] == "Cited report" and rows[0]["plover"] == "AGREE"
    assert rows[0]["parties"] == "BY KR" and rows[0]["quote"] == VISIT


def test_csv_with_bom_starts_with_a_byte_order_mark(exported):
    ids, run = exported
    plain, marked = run("--format", "csv"), run("--format", "csv", "--bom")
    assert not plain.startswith("\ufeff") and marked == "\ufeff" + plain
    rows = list(csv.DictReader(io.StringIO(marked.encode("utf-8").decode("utf-8-sig"))))
    assert rows[0]["id"] == ids[0]
    result = CliRunner().invoke(app, ["export", "--format", "jsonl", "--bom"])
    assert result.exit_code == 2 and "--bom is for --format csv" in result.stderr


def test_csl_json_lists_documents_and_cited_works(exported):
    _, run = exported
    items = json.loads(run("--format", "csl-json"))
    document = next(i for i in items if i["id"] == f"chronicle-{SOURCE_KEY[:16]}")
    assert document["title"] == SOURCE["title"] and document["issued"] == {"date-parts": [[2024]]}
    assert document["URL"] == SOURCE["url"] and document["publisher"] == SOURCE["publisher"]
    cited = [i for i in items if i["id"] != document["id"]]
    assert cited == [{"id": f"chronicle-{SOURCE_KEY[:16]}-ref-7", "type": "webpage", "title": "Cited report",
                      "URL": "https://example.org/report", "note": f"Cited as [7] in {SOURCE['title']}"}]


def test_an_unknown_format_is_refused(exported):
    result = CliRunner().invoke(app, ["export", "--format", "xml"])
    assert result.exit_code == 2 and "unknown format" in result.stderr


def test_an_author_is_a_person_family_given_or_an_organization_literal():
    assert csl_name("Lee, Joel") == {"family": "Lee", "given": "Joel"}
    assert csl_name("Ким, Чон Ун") == {"family": "Ким", "given": "Чон Ун"}
    assert csl_name("Korea Herald") == {"literal": "Korea Herald"}
    assert csl_name("Belarus, ") == {"literal": "Belarus, "}


def test_csl_json_gives_a_sources_authors(chronicle, database_url, monkeypatch):
    monkeypatch.setenv("CHRONICLE_DATABASE_URL", database_url)
    event = fact("visit", "2019", ["BY", "KR"], VISIT)
    event["citations"] = [{"source": {"title": "An interview", "url": "https://example.org/i",
                                      "authors": ["Lee, Joel", "Yonhap"]},
                           "quote": "a quote that cannot be checked", "span": [0, 30]}]
    chronicle.append([event])
    result = CliRunner().invoke(app, ["export", "--format", "csl-json"])
    (item,) = json.loads(result.stdout)
    assert item["author"] == [{"family": "Lee", "given": "Joel"}, {"literal": "Yonhap"}]
