"""The command line: append, events, state, rebuild, verify, db upgrade."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronicle.cli import app
from tests.builders import fact, figure

VISIT = "The minister visited Minsk in May 2019"
TRADE = "In 2019 trade amounted to 182 million dollars"


@pytest.fixture
def run(database_url, monkeypatch):
    monkeypatch.setenv("CHRONICLE_DATABASE_URL", database_url)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input)

    return invoke


def write_jsonl(path: Path, envelopes: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in envelopes) + "\n", encoding="utf-8")
    return path


def test_append_prints_one_result_per_event(run, tmp_path):
    file = write_jsonl(tmp_path / "ok.jsonl", [fact("visit", "2019-05", ["BY", "KR"], VISIT), figure("2019", 182e6, TRADE)])
    result = run("append", str(file))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["position"] for line in lines] == [1, 2]
    assert set(lines[0]) == {"id", "position", "recorded_at", "duplicate"}
    assert lines[0]["recorded_at"].endswith("Z")


def test_a_bad_line_is_named_and_nothing_is_appended(run, tmp_path):
    envelopes = [fact("visit", "2019-05", ["BY", "KR"], VISIT)] * 2 + [fact("visit", "2019-05", ["BY", "QQ"], VISIT)]
    file = write_jsonl(tmp_path / "bad.jsonl", envelopes)
    result = run("append", str(file))
    assert result.exit_code == 2
    assert "line 3: parties.1:" in result.stderr and "ISO 3166-1" in result.stderr
    assert run("events").stdout == ""


def test_invalid_json_and_missing_files_are_clear_errors(run, tmp_path):
    good = json.dumps(fact("visit", "2019", ["BY", "KR"], VISIT))
    (tmp_path / "broken.jsonl").write_text(good + "\n{not json\n")
    result = run("append", str(tmp_path / "broken.jsonl"))
    assert result.exit_code == 2 and "line 2: not valid JSON" in result.stderr
    result = run("append", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_a_conflict_exits_with_one(run, tmp_path):
    file = write_jsonl(tmp_path / "a.jsonl", [fact("visit", "2019", ["BY", "KR"], VISIT, idempotency_key="k")])
    assert run("append", str(file)).exit_code == 0
    changed = write_jsonl(tmp_path / "b.jsonl", [fact("visit", "2018", ["BY", "KR"], VISIT, idempotency_key="k")])
    result = run("append", str(changed))
    assert result.exit_code == 1 and "conflict" in result.stderr and "line 1" in result.stderr
    again = json.loads(run("append", str(file)).stdout)
    assert again["duplicate"] is True


def test_events_filter_by_party_type_and_position(run, tmp_path):
    run("append", str(write_jsonl(tmp_path / "e.jsonl", [
        fact("visit", "2019", ["BY", "KR"], VISIT), fact("visit", "2019", ["BY", "CN"], VISIT), figure("2019", 182e6, TRADE),
    ])))
    positions = lambda r: [json.loads(line)["position"] for line in r.stdout.splitlines()]  # noqa: E731
    assert positions(run("events")) == [1, 2, 3]
    assert positions(run("events", "--party", "CN")) == [2]
    assert positions(run("events", "--type", "figure.reported")) == [3]
    assert positions(run("events", "--after", "1", "--limit", "1")) == [2]
    assert run("events", "--type", "parade").exit_code == 2
    ids = run("events", "--party", "KR", "--field", "id").stdout.splitlines()
    assert ids == [json.loads(line)["id"] for line in run("events", "--party", "KR").stdout.splitlines()]
    assert run("events", "--field", "position").stdout == "1\n2\n3\n"
    assert run("events", "--field", "hash").exit_code == 2


def test_a_known_at_before_the_first_record_says_nothing_was_recorded_yet(run, tmp_path):
    empty = run("state", "BY", "KR", "--known-at", "2026-01-01T00:00:00Z")
    assert empty.exit_code == 0 and "the chronicle is still empty" in empty.stderr
    run("append", str(write_jsonl(tmp_path / "e.jsonl", [fact("visit", "2019-05", ["BY", "KR"], VISIT)])))
    first = run("events", "--field", "recorded_at").stdout.strip()
    before = run("state", "BY", "KR", "--known-at", "2001-01-01T00:00:00Z")
    assert before.exit_code == 0 and json.loads(before.stdout)["visits"] == []
    assert f"nothing had been recorded by 2001-01-01T00:00:00Z (the first record is of {first})" in before.stderr
    then = run("state", "BY", "KR", "--known-at", first)
    assert then.stderr == "" and json.loads(then.stdout)["visits"]


def test_state_as_json_and_as_a_table(run, tmp_path):
    run("append", str(write_jsonl(tmp_path / "e.jsonl", [fact("visit", "2019-05", ["BY", "KR"], VISIT), figure("2019", 182e6, TRADE)])))
    state = json.loads(run("state", "KR", "BY", "--as-of", "2019").stdout)
    for key in ("relationship", "as_of", "known_at", "established", "missions", "agreements", "bodies", "visits",
                "figures", "restrictions", "activity"):
        assert key in state
    assert state["figures"][0]["value"] == 182e6
    table = run("state", "BY", "KR", "--format", "table")
    assert table.exit_code == 0 and "182,000,000" in table.stdout
    recorded = json.loads(run("events", "--limit", "1").stdout)["recorded_at"]
    assert json.loads(run("state", "BY", "KR", "--known-at", recorded).stdout)["known_at"] == recorded
    bad = run("state", "BY", "KR", "--known-at", "yesterday")
    assert bad.exit_code == 2 and "ISO 8601" in bad.stderr
    assert run("state", "BY", "KR", "--as-of", "2019-13").exit_code == 2
    early = run("state", "BY", "KR", "--as-of", "0003")
    assert early.exit_code == 2 and "as_of is a date from 1000 to 9999" in early.stderr


def test_search_prints_matches_and_facets(run, tmp_path):
    run("append", str(write_jsonl(tmp_path / "e.jsonl", [fact("visit", "2019-05", ["BY", "KR"], VISIT), figure("2019", 182e6, TRADE)])))
    table = run("search", "Кореи", "--type", "visit")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.startswith("1 facts match 'Кореи'") and "[BY–KR]" in table.stdout
    assert "partner: Republic of Korea 1" in table.stdout
    found = json.loads(run("search", "visits", "--format", "json").stdout)
    assert found["total"] == 1 and found["results"][0]["type"] == "visit"
    assert run("search", "   ").exit_code == 2
    bad = run("search", "x", "--type", "event.retracted")
    assert bad.exit_code == 2 and "not a fact type" in bad.stderr


def test_rebuild_and_verify(run, tmp_path):
    run("append", str(write_jsonl(tmp_path / "e.jsonl", [fact("visit", "2019", ["BY", "KR"], VISIT)])))
    before = run("state", "BY", "KR").stdout
    assert run("rebuild").exit_code == 0
    assert run("state", "BY", "KR").stdout == before
    report = json.loads(run("verify").stdout)
    assert report["ok"] is True and report["checked"] == 1


def test_commands_refuse_an_unmigrated_database(tmp_path, monkeypatch):
    monkeypatch.setenv("CHRONICLE_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    result = CliRunner().invoke(app, ["events"])
    assert result.exit_code == 2 and "chronicle db upgrade" in result.stderr
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    assert CliRunner().invoke(app, ["events"]).exit_code == 0


def test_the_installed_command_has_help_for_every_command():
    out = subprocess.run([sys.executable, "-m", "chronicle", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("append", "events", "state", "rebuild", "verify", "db"):
        assert command in out


def test_diff_between_two_dates_and_two_moments(run, tmp_path):
    run("append", str(write_jsonl(tmp_path / "e.jsonl", [fact("visit", "2019-05", ["BY", "KR"], VISIT),
                                                         figure("2021", 182e6, TRADE)])))
    moment = run("events", "--limit", "1", "--field", "recorded_at").stdout.strip()
    result = json.loads(run("diff", "BY", "KR", "--from", "2019", "--to", "2022", "--format", "json").stdout)
    assert [i["type"] for i in result["appeared"]] == ["figure.reported"]
    table = run("diff", "KR", "BY", "--from", "2019", "--to", "2022")
    assert table.exit_code == 0 and "1 appeared" in table.stdout and "182,000,000" in table.stdout
    ids = run("events", "--field", "id").stdout.split()
    run("append", str(write_jsonl(tmp_path / "c.jsonl", [
        {"type": "event.corrected", "target": ids[0], "reason": "the month is June", "changes": {"date": "2019-06"}}])))
    since = run("diff", "BY", "KR", "--known-from", moment)
    assert since.exit_code == 0 and "the month is June" in since.stdout and "1 changed" in since.stdout
    assert run("diff", "BY", "KR").exit_code == 2
    assert run("diff", "BY", "KR", "--from", "2022", "--to", "2019").exit_code == 2

