"""The CSL-JSON export of the bundled chronicle's sources: valid against the CSL data schema (vendored in
tests/schemas/csl-data.json, see tests/schemas/README.md) and rendered by citeproc-py without a warning."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import jsonschema
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from chronicle.exports import ExportFilter, SourceCatalog, csl_items, fact_json, iter_facts

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
STYLE = "harvard-cite-them-right"  # the style citeproc-py ships


@pytest.fixture(scope="module")
def items(bundled) -> list[dict]:
    sources = SourceCatalog(bundled)
    records = [fact_json(version, sources) for version in iter_facts(bundled, ExportFilter())]
    return csl_items(records)


def render(items: list[dict]) -> tuple[list[str], list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        style = CitationStylesStyle(STYLE, validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    return entries, list(caught)


def test_the_export_validates_against_the_csl_data_schema(items):
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(items)]
    assert errors == []
    assert len([i for i in items if not i["id"].count("-ref-")]) >= 30  # every bundled source, each once


def test_the_export_renders_with_citeproc_py_without_warnings(items):
    entries, caught = render(items)
    assert [str(w.message) for w in caught] == []
    assert len(entries) == len(items)
    assert all(entry.strip() for entry in entries)
    korea_herald = next(e for e in entries if "The Korea Herald" in e)
    assert "http://www.koreaherald.com/view.php?ud=20170206000897" in korea_herald


def test_sources_with_authors_carry_them_and_print_their_title_once(items):
    authored = {i["title"]: i["author"] for i in items if "author" in i}
    assert authored == {
        "‘Belarus, Korea are partners in cutting-edge innovations’": [{"family": "Lee", "given": "Joel"}],
        "Speech by President Tony Tan at State Banquet in honour of HE Aleksandr Lukashenko, President of the "
        "Republic of Belarus": [{"family": "Tan", "given": "Tony"}],
    }
    entries, _ = render([i for i in items if "author" in i])
    assert entries[0].startswith("Lee, J. (2017)") and entries[1].startswith("Tan, T. (2013)")
    for entry, title in zip(entries, authored, strict=True):
        assert entry.count(title) == 1, entry
