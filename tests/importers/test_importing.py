"""Importing documents: atomic per document, idempotent, corroborating facts told by several sources."""

from __future__ import annotations

from importers.extraction.candidates import Candidate
from importers.reading.documents import document_from_text
from importers.importing import import_document, import_paths

CORPUS_000 = "corpus/000_64f971c32c62d019.txt"  # Russian passages of ...
CORPUS_004 = "corpus/004_9f3c7597e57b37f0.txt"  # ... the English chronicle that tells several of the same facts


def counts(report):
    data = report.to_json()
    return {k: data[k] for k in ("added", "corroborated", "skipped", "rejected")}


def test_two_sources_of_the_same_facts_corroborate_instead_of_duplicating(chronicle, shared_dir):
    (_, first, error), = import_paths(chronicle, [shared_dir / CORPUS_000])
    assert error is None and first.count("added") > 0
    (_, second, error), = import_paths(chronicle, [shared_dir / CORPUS_004])
    assert error is None and second.count("corroborated") >= 3
    for event in second.events:
        if event["action"] == "corroborated":
            detail = chronicle.records.event(event["target"])
            sources = {c["source"]["sha256"] for c in detail["citations_all"]}
            assert sources == {first.source, second.source}
    assert chronicle.verify().ok


def test_importing_the_same_document_again_appends_nothing(chronicle, shared_dir):
    (_, first, _), = import_paths(chronicle, [shared_dir / CORPUS_000])
    head = chronicle.head()
    (_, again, error), = import_paths(chronicle, [shared_dir / CORPUS_000])
    assert error is None
    assert counts(again) == {"added": 0, "corroborated": 0, "skipped": first.count("added"), "rejected": 0}
    assert chronicle.head() == head


def test_a_dry_run_reports_and_writes_nothing(chronicle, shared_dir):
    (_, report, _), = import_paths(chronicle, [shared_dir / CORPUS_000], dry_run=True)
    assert report.dry_run and report.count("added") > 0
    assert chronicle.head().position == 0


def test_a_document_is_stored_once_with_its_full_text(chronicle, shared_dir):
    (_, report, _), = import_paths(chronicle, [shared_dir / CORPUS_000])
    source = chronicle.records.source(report.source)
    assert source["text"] == (shared_dir / CORPUS_000).read_text(encoding="utf-8")
    assert len(source["citations"]) == report.count("added")


def test_a_bad_document_is_refused_and_the_others_go_on(chronicle, shared_dir, tmp_path):
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.md").write_text("")
    outcomes = import_paths(chronicle, [tmp_path / "junk.txt", tmp_path / "empty.md", shared_dir / CORPUS_000])
    errors = {path.name: error for path, _, error in outcomes}
    assert errors["junk.txt"] and errors["empty.md"] and errors["000_64f971c32c62d019.txt"] is None
    assert chronicle.head().position > 0


def test_a_folder_is_imported_recursively_by_suffix(chronicle, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    text = "---\ntitle: Visit\npublished: 2019-05-20\nlanguage: en\n---\n\nOn 14 May 2019 the Foreign Minister of Belarus visited Seoul.\n"
    (tmp_path / "a" / "b" / "visit.md").write_text(text)
    (tmp_path / "a" / "notes.bin").write_bytes(b"\x00\x01")
    outcomes = import_paths(chronicle, [tmp_path])
    assert [path.name for path, _, _ in outcomes] == ["visit.md"]


def test_candidates_the_store_would_refuse_are_rejected_with_a_reason(chronicle, monkeypatch):
    import importers.importing as importing

    text = "In 2019 Belarus and Korea signed a memorandum."
    document = document_from_text(text, overrides={"language": "en"})
    quote = "Belarus and Korea signed a memorandum"
    at = text.index(quote)
    good = Candidate("agreement.signed", "2019", ("BY", "KR"), quote, (at, at + len(quote)))
    misplaced = Candidate("agreement.signed", "2019", ("BY", "KR"), quote, (0, len(quote)))
    bad_date = Candidate("agreement.signed", "2019-13", ("BY", "KR"), quote, (at, at + len(quote)))
    monkeypatch.setattr(importing, "extract", lambda _doc: [good, misplaced, bad_date])
    report = import_document(chronicle, document, "memo")
    assert counts(report) == {"added": 1, "corroborated": 0, "skipped": 0, "rejected": 2}
    reasons = [e["reason"] for e in report.events if e["action"] == "rejected"]
    assert "not the source's text" in reasons[0] and "month 13" in reasons[1]
    assert chronicle.head().position == 1


def test_a_document_that_fails_midway_leaves_nothing(chronicle, shared_dir, monkeypatch):
    from chronicle.store.append import AppendSession

    written = AppendSession._write
    calls = []

    def write_then_fail(self, pending):
        calls.append(len(pending.events))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        written(self, pending)

    chronicle.recorder.CHUNK = 3  # the document's events span several chunks of one transaction
    monkeypatch.setattr(AppendSession, "_write", write_then_fail)
    try:
        import_paths(chronicle, [shared_dir / CORPUS_000])
    except RuntimeError:
        pass
    else:
        raise AssertionError("the failing write was not reached")
    assert calls[0] == 3
    assert chronicle.head().position == 0 and chronicle.records.sources() == []


def test_the_import_command_summarizes_each_document_and_fails_on_a_bad_one(database_url, monkeypatch, shared_dir, tmp_path):
    import json

    from typer.testing import CliRunner

    from chronicle.cli import app
    from importers.cli import register

    if "import" not in {c.name for c in app.registered_commands}:
        register(app)
    monkeypatch.setenv("CHRONICLE_DATABASE_URL", database_url)
    runner = CliRunner()
    dry = runner.invoke(app, ["import", str(shared_dir / CORPUS_000), "--dry-run", "--format", "jsonl"])
    assert dry.exit_code == 0, dry.output
    assert {json.loads(line)["action"] for line in dry.stdout.splitlines()} == {"added"}
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf at all")
    result = runner.invoke(app, ["import", str(shared_dir / CORPUS_000), str(tmp_path / "broken.pdf")])
    assert result.exit_code == 1
    assert "broken.pdf" in result.stderr and "000_64f971c32c62d019" in result.stdout
    assert "review queue" in result.stdout and "/review/" in result.stdout  # queued by default ...
    assert not runner.invoke(app, ["events", "--limit", "1"]).stdout.strip()  # ... so nothing is in the record
    direct = runner.invoke(app, ["import", str(shared_dir / CORPUS_000), "--accept"])
    assert direct.exit_code == 0, direct.output
    assert runner.invoke(app, ["events", "--limit", "1"]).stdout.strip()


def test_the_import_command_queues_a_document_once(database_url, monkeypatch, shared_dir):
    import json

    from typer.testing import CliRunner

    from chronicle.application import Chronicle
    from chronicle.cli import app
    from importers.cli import register

    if "import" not in {c.name for c in app.registered_commands}:
        register(app)
    monkeypatch.setenv("CHRONICLE_DATABASE_URL", database_url)
    runner = CliRunner()
    first = runner.invoke(app, ["import", str(shared_dir / CORPUS_000), "--format", "jsonl"])
    again = runner.invoke(app, ["import", str(shared_dir / CORPUS_000), "--format", "jsonl"])
    assert first.exit_code == again.exit_code == 0, first.output + again.output
    one, two = json.loads(first.stdout), json.loads(again.stdout)
    assert one["queued"] and one["proposals"] > 0 and not two["queued"] and two["document"] == one["document"]
    app_ = Chronicle(database_url=database_url)
    try:
        assert app_.head().position == 0 and len(app_.review_documents()) == 1
        assert app_.review_document(one["document"])["queued_by"].startswith("cli:")
    finally:
        app_.close()


def test_a_joint_body_links_its_establishment_and_sessions_across_languages(chronicle):
    english = document_from_text(
        "---\ntitle: Council set up\npublished: 2021-07-20\nlanguage: en\n---\n\n"
        "In July 2021 the Belarus-Korea Business Council was established in Minsk.\n"
    )
    russian = document_from_text(
        "---\ntitle: Заседание совета\npublished: 2021-12-20\nlanguage: ru\n---\n\n"
        "В декабре 2021 г. в Минске состоялось первое заседание Белорусско-Корейского совета делового "
        "сотрудничества.\n"
    )
    import_document(chronicle, english, "en")
    import_document(chronicle, russian, "ru")
    bodies = chronicle.state("BY", "KR")["bodies"]
    assert [(b["name"], b["established"], b["sessions"]) for b in bodies] == [
        ("Belarus–Republic of Korea business council", "2021-07", 1)
    ]
