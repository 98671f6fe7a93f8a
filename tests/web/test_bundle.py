"""The bundled chronicle (data/) and ``chronicle load``: what the bundle holds, that it loads idempotently,
that ``chronicle serve`` loads it into an empty database, and how ``load`` reports bad input."""

from __future__ import annotations

import json
import re

import httpx
import pytest
import yaml

from chronicle.cli import BUNDLED_DATA, jsonl_files
from chronicle.domain.events import FACT_TYPES
from tests.api.servers import run_chronicle, serving
from tests.builders import fact

FILES = jsonl_files([BUNDLED_DATA])
MAX_QUOTE = 250


def bundle_lines() -> list[dict]:
    return [json.loads(line) for path in FILES for line in path.read_text(encoding="utf-8").splitlines() if line]


def citations_of(envelope: dict) -> list[dict]:
    return envelope.get("citations") or ([envelope["citation"]] if "citation" in envelope else [])


def test_the_bundle_is_event_json_lines_without_the_articles_text():
    assert [p.name for p in FILES] == ["10-imported.jsonl", "20-corrections.jsonl", "30-added.jsonl", "40-news.jsonl"]
    lines = bundle_lines()
    keys = [e["idempotency_key"] for e in lines]
    assert len(keys) == len(set(keys)) == len(lines)  # every event has its own stable key
    for envelope in lines:
        for citation in citations_of(envelope):
            source = citation["source"]
            assert "text" not in source and source.get("title"), envelope["idempotency_key"]
            assert 0 < len(citation["quote"]) <= MAX_QUOTE, envelope["idempotency_key"]
            start, end = citation["span"]
            assert 0 <= start < end
        if envelope["type"] in ("event.retracted", "event.corrected", "citation.added"):
            assert set(envelope["target"]) == {"idempotency_key"}
        if envelope["type"] in ("event.retracted", "event.corrected"):
            assert len(envelope["reason"]) > 20  # a reason a reader can follow
    facts = [e for e in lines if e["type"] in FACT_TYPES]
    assert all(re.fullmatch(r"bundle:\d{3}:a?\d+|news:n\d\d:\d+", e["idempotency_key"]) for e in facts)


def test_the_bundle_covers_the_far_arc_from_traceable_sources(bundled):
    partners = [r for r in bundled.records.relationships() if r["asian"]]
    assert len(partners) >= 20, [r["partner"] for r in partners]
    sources = bundled.records.sources(limit=1000)
    assert len(sources) >= 30
    undated = [s["title"] for s in sources if not s.get("published")]
    assert len(undated) <= 1, undated  # an embassy's page of the Kuwait section carries no date
    news = [e for e in bundle_lines() if e["idempotency_key"].startswith("news:")]
    assert len({e["citations"][0]["source"]["url"] for e in news}) == 26
    assert not any("summary" in e["attributes"] for e in news)  # no sentence of the article beyond its quote


# The corpus documents that name no publisher and no URL (data/README.md, "Sources and their bibliographic
# data"): fragments without a first page, whose distinctive sentences a search of public pages did not find.
EXEMPT = {
    "000": ("[Белорусско-Корейский совет делового сотрудничества] как площадка для решения актуальных проблем",
            "an article fragment that starts at its section heading"),
    "001": ("[Сферы сотрудничества Республики Беларусь и Республики Корея: торговля, культура, наука, политика]",
            "a journal article from its abstract on, its authors unnamed"),
    "004": ("[Belarus and the states of Asia: a chronicle of cooperation, 2021–2022]",
            "book-length pages without a title page"),
}


def test_every_bundled_source_has_a_url_and_a_publisher_but_three(bundled):
    partners = [r for r in bundled.records.relationships() if r["asian"]]
    assert len(partners) >= 20, [r["partner"] for r in partners]
    sources = bundled.records.sources(limit=1000)
    untraced = {s["title"] for s in sources
                if not (s.get("url") or "").startswith(("http://", "https://")) or not s.get("publisher")}
    assert untraced == {title for title, _ in EXEMPT.values()}
    review = yaml.safe_load((BUNDLED_DATA / "review.yaml").read_text(encoding="utf-8"))
    for doc, (title, _why) in EXEMPT.items():
        meta = review["sources"][doc]
        assert meta["title"] == title and meta["unidentified"]  # the review records what was searched
        assert title.startswith("[")  # a supplied title, in brackets
        source = next(s for s in sources if s["title"] == title)
        assert not source.get("url") and not source.get("publisher") and not source["authors"]
    assert [k for k, meta in review["sources"].items() if meta.get("unidentified")] == list(EXEMPT)
    assert len(sources) - len(EXEMPT) >= 28  # the other 2 corpus documents and the 26 news items


def test_the_2021_business_council_is_in_the_bundle(bundled):
    bodies = bundled.state("BY", "KR")["bodies"]
    council = [b for b in bodies if b["kind"] == "business_council"]
    assert len(council) == 1
    assert council[0]["established"].startswith("2021")
    assert council[0]["sessions"] >= 1  # its inaugural session is linked to it
    assert not [b for b in bundled.state("BY", "KR", as_of="2020")["bodies"] if b["kind"] == "business_council"]


def test_the_counts_in_data_readme_are_the_files():
    readme = (BUNDLED_DATA / "README.md").read_text(encoding="utf-8")
    lines = bundle_lines()
    shown = dict(re.findall(r"^\| (.+?) \| (\d+) \|$", readme, re.M))
    assert int(shown["events in the bundle (all files)"]) == len(lines)
    news = [e for e in lines if e["idempotency_key"].startswith("news:")]
    assert int(shown["facts of the news items (their gold events)"]) == len(news)
    corrections = [e for e in lines if e["type"] in ("event.retracted", "event.corrected")]
    retracted = sum(e["type"] == "event.retracted" for e in corrections)
    merged = int(shown["facts merged into the same fact told by another document (retracted, their quote added to it)"])
    assert int(shown["facts retracted in review"]) + merged == retracted
    assert int(shown["facts corrected in review (`event.corrected`)"]) == sum(e["type"] == "event.corrected" for e in lines)
    added = [e for e in lines if e["idempotency_key"].split(":")[-1].startswith("a")]
    assert int(shown["facts added by hand"]) == len(added)


def test_chronicle_load_appends_the_bundle_once(database_url):
    first = run_chronicle(database_url, "load", str(BUNDLED_DATA))
    assert first.returncode == 0, first.stderr
    total = len(bundle_lines())
    summary = json.loads(first.stdout)
    assert summary == {"files": len(FILES), "appended": total, "duplicates": 0, "head": total}
    assert "10-imported.jsonl: " in first.stderr and "appended" in first.stderr
    again = run_chronicle(database_url, "load", str(BUNDLED_DATA / "20-corrections.jsonl"), str(BUNDLED_DATA))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["appended"] == 0
    assert json.loads(again.stdout)["duplicates"] == total + len(FILES[1].read_text().splitlines())
    verified = run_chronicle(database_url, "verify")
    assert verified.returncode == 0 and json.loads(verified.stdout)["ok"]


def test_chronicle_load_reads_a_folder_in_name_order_and_names_a_bad_line(database_url, tmp_path):
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "2-fix.jsonl").write_text(json.dumps(
        {"type": "event.corrected", "target": {"idempotency_key": "mine:1"}, "reason": "the month is known",
         "changes": {"date": "2019-05"}, "idempotency_key": "mine:fix"}) + "\n")
    (folder / "1-facts.jsonl").write_text(json.dumps({**fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019"),
                                                      "idempotency_key": "mine:1"}) + "\n")
    (folder / "notes.txt").write_text("not events")
    loaded = run_chronicle(database_url, "load", str(folder))
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout) == {"files": 2, "appended": 2, "duplicates": 0, "head": 2}

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "visit"}\n')
    refused = run_chronicle(database_url, "load", str(bad))
    assert refused.returncode == 2 and "bad.jsonl: line 1" in refused.stderr
    missing = run_chronicle(database_url, "load", str(tmp_path / "nothing"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run_chronicle(database_url, "load", str(empty))
    assert nothing.returncode == 2 and "no .jsonl files" in nothing.stderr


@pytest.mark.slow
def test_chronicle_serve_loads_an_empty_database_with_the_bundle_and_says_so(database_url, tmp_path):
    with serving(database_url, tmp_path, bundle=True) as url:
        head = httpx.get(f"{url}/api/head").json()
        assert head["position"] == len(bundle_lines())
        assert httpx.get(f"{url}/").status_code == 200
    log = next(tmp_path.glob("server-*.log")).read_text()
    assert "the database is empty: loading the bundled chronicle" in log
    assert f"loaded {len(bundle_lines())} events from {len(FILES)} files" in log
    # a second start finds the chronicle full and loads nothing
    with serving(database_url, tmp_path, bundle=True) as url:
        assert httpx.get(f"{url}/api/head").json()["position"] == len(bundle_lines())
    logs = sorted(tmp_path.glob("server-*.log"), key=lambda p: p.stat().st_mtime)
    assert "loading the bundled chronicle" not in logs[-1].read_text()
