"""Texts the review queue attached to a source known by its metadata, replicated: ``chronicle sync`` copies them
(also when attached after the source was copied; an attachment appends no event), the replica's verify checks
them by its local rule, the head's digest covers them on both sides, so that a witness names an attached text
rewritten together with its SHA-256 and its queued document's, and sync refuses a tampered one.

Changes are made as a superuser would (``tamper``: triggers dropped on SQLite, skipped on PostgreSQL).
"""

from __future__ import annotations

import re
import warnings

import pytest

from chronicle.application import Chronicle
from chronicle.domain.canonical import sha256_hex
from chronicle.witness import compare
from importers.reading.documents import document_from_text
from importers.queueing import queue_document
from tests.faults.test_tampering_records import tamper
from tests.review.test_sources import QUOTE, article, cite_by_metadata

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from api.replica import Replica, SyncError  # noqa: E402
from chronicle.config import Settings  # noqa: E402

MEMO = {"title": "Memorandum (agency wire)", "url": "http://www.example.org/memo/"}
TEXT = article()
# the attached text rewritten outside every cited passage (same length: the proposals' spans still hold)
KEPT_PASSAGES = TEXT.replace("Minsk and Seoul sign", "Minsk and Tokyo sign", 1)
# ... and rewritten so that the cited passage is gone
NO_PASSAGE = TEXT.replace("Republic of Korea", "Republic of Kenya", 1)


def client_of(chronicle: Chronicle) -> TestClient:
    return TestClient(create_app(Settings(), chronicle))


def sync(replica: Chronicle, primary: Chronicle) -> int:
    return Replica(replica, client_of(primary)).run()


def key_of(chronicle: Chronicle) -> str:
    (source,) = chronicle.records.sources()
    return source["sha256"]


def attach(chronicle: Chronicle) -> None:
    found = queue_document(chronicle, document_from_text(TEXT), "memo.md", by="t")
    assert found.source_match == "same url"


@pytest.fixture
def primary(database_url):
    """A fact citing a source known by its metadata, and the document's text attached to it by the queue."""
    chronicle = Chronicle(database_url=database_url)
    cite_by_metadata(chronicle, TEXT, MEMO)
    attach(chronicle)
    assert chronicle.verify().ok
    yield chronicle
    chronicle.close()


@pytest.fixture
def replica(fresh_database):
    chronicle = Chronicle(database_url=fresh_database())
    yield chronicle
    chronicle.close()


def forge_attached(chronicle: Chronicle, text: str, *, with_sha: bool = True, queued: bool = True) -> None:
    """Rewrite the attached text (with its SHA-256), and the queued document's text the same way."""
    sha = sha256_hex(text)
    sets = "text = ?, text_sha256 = ?" if with_sha else "text = ?"
    params = (text, sha) if with_sha else (text,)
    tamper(chronicle, "source_texts", f"UPDATE source_texts SET {sets}", params)
    if queued:
        tamper(chronicle, "review_documents", f"UPDATE review_documents SET {sets} WHERE name = 'memo.md'", params)


def test_a_replica_holds_the_attached_text_and_the_same_digest(primary, replica):
    sync(replica, primary)
    key = key_of(primary)
    assert replica.records.source(key)["text"] == TEXT  # what a reader of the source sees, there as here
    assert replica.attachments() == primary.attachments() and len(replica.attachments()) == 1
    report = replica.verify()
    assert report.ok, report
    assert replica.witness() == primary.witness()
    assert report.sources_digest == primary.verify().sources_digest
    assert compare(primary, "replica", client=client_of(replica)).ok
    assert compare(replica, "primary", client=client_of(primary)).ok


def test_a_text_attached_after_the_source_was_copied_reaches_the_replica(database_url, replica):
    primary = Chronicle(database_url=database_url)
    try:
        cite_by_metadata(primary, TEXT, MEMO)
        sync(replica, primary)
        key = key_of(primary)
        assert replica.records.source(key)["text"] is None
        head = primary.head()
        attach(primary)
        assert primary.head() == head  # no event: the feed alone would never tell the replica
        found = compare(primary, "replica", client=client_of(replica))
        assert not found.ok and f"source {key}: a text is attached to it here, but not at replica" == found.reason
        assert sync(replica, primary) == 0  # no event copied; the attached text is
        assert replica.records.source(key)["text"] == TEXT
        assert replica.verify().ok and replica.witness() == primary.witness()
        assert compare(primary, "replica", client=client_of(replica)).ok
    finally:
        primary.close()


def test_a_replica_of_the_replica_holds_it_too(primary, replica, fresh_database):
    sync(replica, primary)
    second = Chronicle(database_url=fresh_database())
    try:
        sync(second, replica)
        assert second.records.source(key_of(primary))["text"] == TEXT
        assert second.verify().ok and second.witness() == primary.witness()
    finally:
        second.close()


def test_an_attached_text_forged_with_its_sha256_and_its_queued_document_is_named_against_a_replica(
    primary, replica
):
    sync(replica, primary)
    forge_attached(primary, KEPT_PASSAGES)
    assert primary.records.source(key_of(primary))["text"] == KEPT_PASSAGES
    assert primary.verify().ok  # nothing local shows it
    found = compare(primary, "replica", client=client_of(replica))
    assert not found.ok and found.sources_compared
    assert found.reason == (f"source {key_of(primary)}: the text attached to it here (SHA-256"
                            f" {sha256_hex(KEPT_PASSAGES)}) is not the one replica holds ({sha256_hex(TEXT)})")
    # and from the replica's side, against the primary
    assert not compare(replica, "primary", client=client_of(primary), may_lag=True).ok


@pytest.mark.parametrize("case", ["the text alone", "with its SHA-256, a cited passage gone"])
def test_a_new_replica_refuses_a_tampered_attached_text(primary, replica, case):
    if case == "the text alone":
        forge_attached(primary, KEPT_PASSAGES, with_sha=False, queued=False)
        reason = "not the one its listing and head's digest name (SHA-256 differs)"
    else:
        forge_attached(primary, NO_PASSAGE)
        reason = "a passage cited from it is not in the attached text at its span"
        local = primary.verify()  # here the forger left something local to see
        assert not local.ok and local.reason == (
            f"the text attached to source {key_of(primary)} does not hold a passage cited from it"), local
    with pytest.raises(SyncError, match=re.escape(reason)):
        sync(replica, primary)
    assert replica.attachments() == []  # nothing of it kept


def test_a_replica_refuses_an_attached_text_rewritten_after_it_copied_it(primary, replica):
    sync(replica, primary)
    forge_attached(primary, KEPT_PASSAGES)
    assert primary.verify().ok
    with pytest.raises(SyncError, match="the text attached to it there differs from the one attached here"):
        sync(replica, primary)
    assert replica.records.source(key_of(primary))["text"] == TEXT


def test_sync_refuses_when_an_attached_text_was_removed_there(primary, replica):
    """The head's digest covers attached texts: the other's no longer matches the texts copied here."""
    sync(replica, primary)
    key = key_of(primary)
    tamper(primary, "source_texts", "DELETE FROM source_texts")
    with pytest.raises(SyncError, match="do not match its head's digest"):
        sync(replica, primary)
    assert replica.records.source(key)["text"] == TEXT


# on the replica: name -> (statement on replicated_source_texts, what verify says; None: only a witness sees it)
REPLICA_CASES = {
    "the copied text": ("UPDATE replicated_source_texts SET text = ?", (KEPT_PASSAGES,), "SHA-256 differs"),
    "the copied text with its SHA-256, a cited passage gone": (
        "UPDATE replicated_source_texts SET text = ?, text_sha256 = ?", (NO_PASSAGE, sha256_hex(NO_PASSAGE)),
        "a passage cited from it is not in the attached text"),
    "the copied text's source": (
        "UPDATE replicated_source_texts SET source_sha256 = ?", ("0" * 64,), "the source is not stored"),
    "the copied text with its SHA-256, the passages kept": (
        "UPDATE replicated_source_texts SET text = ?, text_sha256 = ?", (KEPT_PASSAGES, sha256_hex(KEPT_PASSAGES)),
        None),
    "the copied text's recorded_at": ("UPDATE replicated_source_texts SET recorded_at = ?", ("{ts}",), None),
}


@pytest.mark.parametrize("case", list(REPLICA_CASES))
def test_a_copied_text_changed_on_the_replica_is_named(primary, replica, case):
    sync(replica, primary)
    statement, params, reason = REPLICA_CASES[case]
    if params == ("{ts}",):
        params = ("2001-01-01 00:00:00" + ("+00" if replica.db.dialect == "postgresql" else ""),)
    tamper(replica, "replicated_source_texts", statement, params)
    report = replica.verify()
    if reason is not None:
        assert not report.ok and reason in report.reason, report
    else:
        assert report.ok, report  # the local rule holds: the primary witnesses it
        found = compare(replica, "primary", client=client_of(primary), may_lag=True)
        assert not found.ok and found.reason.startswith(f"source {key_of(primary)}: the text attached to it here ")
        assert not compare(primary, "replica", client=client_of(replica)).ok


def test_a_source_with_two_attached_texts_is_named(primary, replica):
    """A second text given to a copied one's source, with a queued document to match: each passes its own rule."""
    sync(replica, primary)
    with replica.db.read() as conn:
        key, at = conn.exec_driver_sql("SELECT source_sha256, recorded_at FROM replicated_source_texts").one()
    sha = sha256_hex(KEPT_PASSAGES)
    tamper(replica, "review_documents", "INSERT INTO review_documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           ("d" * 36, sha, key, "forged.md", None, None, None, None, None, KEPT_PASSAGES, "forger", at))
    tamper(replica, "source_texts", "INSERT INTO source_texts VALUES (?, ?, ?, ?)", (key, sha, KEPT_PASSAGES, at))
    report = replica.verify()
    assert not report.ok and report.reason == (
        f"source {key} has two attached texts (the review queue's and a copied one)"), report


def test_the_quote_stays_in_the_copied_text(primary, replica):
    sync(replica, primary)
    with replica.db.read() as conn:
        (text,) = conn.exec_driver_sql("SELECT text FROM replicated_source_texts").one()
    assert QUOTE in text and text == TEXT
