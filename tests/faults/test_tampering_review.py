"""The review queue's stored texts and a source's time of recording, changed behind the chronicle's back (as a
superuser would: triggers dropped on SQLite, skipped on PostgreSQL). ``chronicle verify`` names each; a
source's ``recorded_at`` is in its digest, which the head carries and a replica compares."""

from __future__ import annotations

import warnings

import pytest

from chronicle.application import Chronicle
from chronicle.domain.canonical import sha256_hex
from chronicle.domain.clock import format_timestamp
from chronicle.domain.sources import source_digest
from chronicle.witness import compare
from importers.reading.documents import document_from_text
from importers.queueing import queue_document
from tests.faults.test_tampering_records import tamper
from tests.review.test_sources import QUOTE, article, cite_by_metadata

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from api.replica import Replica  # noqa: E402
from chronicle.config import Settings  # noqa: E402

MEMO = {"title": "Memorandum (agency wire)", "url": "http://www.example.org/memo/"}
OTHER_BODY = (
    "On 2 June 2021 the Prime Ministers of Belarus and the Republic of Korea met in Minsk and "
    "discussed trade and investment between the two countries.\n"
)


@pytest.fixture
def app(database_url):
    """A metadata-only source with a text the review queue attached (same URL), and a second document waiting
    in the queue as a source of its own."""
    chronicle = Chronicle(database_url=database_url)
    text = article()
    cite_by_metadata(chronicle, text, MEMO)
    attached = queue_document(chronicle, document_from_text(text), "memo.md", by="t")
    assert attached.source_match == "same url"
    other = article(title="Prime ministers meet", url="https://example.org/meeting", published="2021-06-03",
                    body=OTHER_BODY)
    queue_document(chronicle, document_from_text(other), "meeting.md", by="t")
    report = chronicle.verify()
    assert report.ok, report
    yield chronicle
    chronicle.close()


def _ts(app: Chronicle, value: str) -> str:
    return value + "+00" if app.db.dialect == "postgresql" else value


# name -> (table, statement, what the reason says)
CASES = {
    "a source's recorded_at": (
        "sources", "UPDATE sources SET recorded_at = {ts}", "metadata is not what was recorded"),
    "an attached text": (
        "source_texts", "UPDATE source_texts SET text = text || ' forged'", "not the one recorded"),
    "an attached text with its SHA-256": (
        "source_texts", "UPDATE source_texts SET text = '{forged}', text_sha256 = '{forged_sha}'",
        "not a document the review queue queued"),
    "an attached text's recorded_at": (
        "source_texts", "UPDATE source_texts SET recorded_at = {ts}", "not a document the review queue queued"),
    "a queued document's text": (
        "review_documents", "UPDATE review_documents SET text = text || ' forged'", "not the one queued"),
    "a queued document's text with its SHA-256": (
        "review_documents",
        "UPDATE review_documents SET text = '{forged}', text_sha256 = '{forged_sha}' WHERE name = 'meeting.md'",
        "a proposal's quote is not in its text"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_verify_names_a_changed_review_text_or_source_time(app, case):
    table, statement, reason = CASES[case]
    forged = "A forged document that says something else entirely."
    statement = statement.format(ts=f"'{_ts(app, '2001-01-01 00:00:00')}'", forged=forged,
                                 forged_sha=sha256_hex(forged))
    tamper(app, table, statement)
    report = app.verify()
    assert not report.ok, f"verify did not see {case}"
    assert reason in report.reason, report.reason


def test_a_queued_document_keeps_its_quotes_in_its_text(app):
    """The review queue itself leaves nothing for verify to name (the fixture's verify is ok), and the quote
    the attached document was recognized by is in the attached text."""
    with app.db.read() as conn:
        (text,) = conn.exec_driver_sql("SELECT text FROM source_texts").one()
    assert QUOTE in text


def test_a_source_time_rewritten_with_its_digest_is_named_against_a_replica(app, fresh_database):
    replica = Chronicle(database_url=fresh_database())
    try:
        Replica(replica, TestClient(create_app(Settings(), app))).run()
        replica_client = TestClient(create_app(Settings(), replica))
        assert compare(app, "replica", client=replica_client).ok
        assert replica.witness()["sources_digest"] == app.witness()["sources_digest"]
        forged_at = "2001-01-01T00:00:00.000000Z"
        with app.db.read() as conn:
            key, *meta = conn.exec_driver_sql(
                "SELECT sha256, title, publisher, url, published, language FROM sources").one()
        tamper(app, "sources", f"UPDATE sources SET recorded_at = '{_ts(app, '2001-01-01 00:00:00')}'")
        tamper(app, "source_digests", f"UPDATE source_digests SET digest = '{source_digest(key, *meta, forged_at)}'")
        assert format_timestamp(app.recorder.dialect.decode_timestamp(
            app.db.engine.connect().exec_driver_sql("SELECT recorded_at FROM sources").scalar())) == forged_at
        assert app.verify().ok  # nothing local shows it
        found = compare(app, "replica", client=replica_client)
        assert not found.ok and "sources differ" in found.reason
    finally:
        replica.close()
