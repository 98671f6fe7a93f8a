"""``chronicle verify``: recompute the hash chain and check every stored row against the events' payloads.

For each event in position order it checks that positions have no gap, that the hash is SHA-256 over the
previous hash, the header and the payload, that the columns derived from the payload (type, dates, target)
agree with it, and that its party rows and citation rows are exactly those the payload implies. Sources
are checked against their keys. The first failure is reported with its position.
"""

from __future__ import annotations

from collections import defaultdict
from hashlib import sha256
from collections.abc import Callable
from dataclasses import dataclass

import orjson

from chronicle.domain.clock import format_timestamp
from chronicle.domain.canonical import GENESIS_HASH, canonical_json, chain_hash, sha256_hex
from chronicle.domain.dates import PartialDate
from chronicle.store import attached
from chronicle.store.database import Database
from chronicle.store.dialect import dialect_for
from chronicle.domain.versions import FactVersion, RecordedEvent, evolve, start
from chronicle.domain.sources import authors_of, metadata_key, quote_mismatch, source_digest
from chronicle.store.recorder import Recorder
from chronicle.store.stored import cited_in, event_header, parties_column

PAGE = 5000


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int
    head_position: int
    head_hash: str
    failed_position: int | None = None
    reason: str | None = None
    sources: int | None = None  # sources stored (when they all check)
    sources_digest: str | None = None  # the digest of their keys, metadata and attached texts (as the API's head)
    projection: str | None = None  # "matches a replay", "differs from a replay", or None (not compared)
    projection_behind: int | None = None  # events after the projection's checkpoint

    def to_json(self) -> dict:
        out = {
            "ok": self.ok,
            "checked": self.checked,
            "head_position": self.head_position,
            "head_hash": self.head_hash,
            "failed_position": self.failed_position,
            "reason": self.reason,
            "sources": self.sources,
            "sources_digest": self.sources_digest,
        }
        if self.projection is not None:
            out["projection"] = self.projection
            out["projection_behind"] = self.projection_behind
        return out


class _Failure(Exception):
    def __init__(self, position: int | None, reason: str):
        self.position = position
        self.reason = reason


def verify(db: Database, progress: Callable[[int], None] | None = None) -> VerifyReport:
    d = dialect_for(db.dialect)
    recorder = Recorder(db)
    prev_hash = GENESIS_HASH
    expected = 1
    checked = 0
    last_recorded_at = None
    recorded_text = ""
    try:
        while True:
            with db.read() as conn:
                events = conn.exec_driver_sql(
                    d.sql(
                        "SELECT position, id, type, date_text, date_start, date_end, target_id, parties, payload,"
                        " recorded_at, idempotency_key, hash FROM events WHERE position >= ? ORDER BY position LIMIT ?"
                    ),
                    (expected, PAGE),
                ).all()
                if not events:
                    break
                low, high = events[0][0], events[-1][0]
                citations: dict[int, list[tuple]] = defaultdict(list)
                for row in conn.exec_driver_sql(
                    d.sql(
                        "SELECT position, ordinal, event_id, source_sha256, quote, span_start, span_end, ref_label,"
                        " ref_title, ref_url FROM citations WHERE position BETWEEN ? AND ? ORDER BY position, ordinal"
                    ),
                    (low, high),
                ):
                    citations[row[0]].append(tuple(row[1:]))
                transactions = conn.exec_driver_sql(
                    d.sql(
                        "SELECT first_position, last_position, recorded_at FROM transactions"
                        " WHERE last_position >= ? AND first_position <= ? ORDER BY last_position"
                    ),
                    (low, high),
                ).all()
                targets = {row[6] for row in events if row[6] is not None}
                versions = recorder.fetch_versions(conn, sorted(targets), before=low) if targets else {}
            times = _transaction_times(transactions, d)
            for row in events:
                position, event_id, etype, date_text, start, end, target, parties, payload, recorded_at, key, stored_hash = row
                if position != expected:
                    raise _Failure(expected, f"position {expected} is missing (next stored is {position})")
                recorded = d.decode_timestamp(recorded_at)
                if recorded != last_recorded_at:
                    recorded_text = format_timestamp(recorded)
                header = event_header(position, event_id, recorded_text, key)
                computed = chain_hash(prev_hash, header, payload)
                if computed != stored_hash:
                    raise _Failure(position, "the stored hash does not match the event's content and chain")
                if times.get(position) != recorded:
                    raise _Failure(position, "the event's recorded_at disagrees with its transaction")
                if last_recorded_at is not None and recorded < last_recorded_at:
                    raise _Failure(position, "recorded_at goes back in time")
                last_recorded_at = recorded
                _check_columns(position, payload, etype, date_text, d.decode_date(start), d.decode_date(end), target)
                body = orjson.loads(payload)
                _check_citations(position, event_id, body, citations.get(position, []))
                _check_parties(position, event_id, body, parties, versions, targets)
                prev_hash = stored_hash
                expected += 1
                checked += 1
            if progress is not None:
                progress(checked)
        _check_transactions(db, d, expected - 1)
        sources, digest = _check_sources(db, d)
    except _Failure as failure:
        return VerifyReport(False, checked, expected - 1, prev_hash, failure.position, failure.reason)
    return VerifyReport(True, checked, expected - 1, prev_hash, sources=sources, sources_digest=digest)


def _transaction_times(transactions, d) -> dict[int, object]:
    times = {}
    for first, last, recorded_at in transactions:
        when = d.decode_timestamp(recorded_at)
        for position in range(first, last + 1):
            if position in times:
                raise _Failure(position, "two transactions record this position")
            times[position] = when
    return times


def _check_parties(
    position: int, event_id: str, body: dict, stored: str | None, versions: dict, targets: set[str]
) -> None:
    """A fact's parties column follows from its parties; a correction's from its target's before and after."""
    if "target" not in body:
        expected = parties_column(body["parties"])
        if event_id in targets:  # corrected later in this page
            versions[event_id] = start(RecordedEvent(position, event_id, body["type"], body))
    else:
        before = versions.get(body["target"])
        if not isinstance(before, FactVersion):
            raise _Failure(position, "the correction's target is not a fact recorded before it")
        after = evolve(before, RecordedEvent(position, event_id, body["type"], body))
        versions[body["target"]] = after
        expected = parties_column(set(before.parties) | set(after.parties))
    if stored != expected:
        raise _Failure(position, "the parties column disagrees with the event's parties")


def _check_columns(position, payload, etype, date_text, start, end, target) -> None:
    body = orjson.loads(payload)
    if canonical_json(body) != payload:
        raise _Failure(position, "the payload is not in canonical form")
    if body.get("type") != etype:
        raise _Failure(position, f"the type column ({etype}) disagrees with the payload ({body.get('type')})")
    if body.get("target") != target:
        raise _Failure(position, "the target column disagrees with the payload")
    if "date" in body:
        date = PartialDate.parse(body["date"])
        if (date.text, date.earliest, date.latest) != (date_text, start, end):
            raise _Failure(position, "the date columns disagree with the payload's date")
    elif (date_text, start, end) != (None, None, None):
        raise _Failure(position, "a correction has date columns")


def _check_citations(position: int, event_id: str, body: dict, rows: list[tuple]) -> None:
    cited = cited_in(body)
    supported = body.get("target", event_id)
    expected = [
        (
            n,
            supported,
            c["source"],
            c["quote"],
            c["span"][0],
            c["span"][1],
            (c.get("reference") or {}).get("label"),
            (c.get("reference") or {}).get("title"),
            (c.get("reference") or {}).get("url"),
        )
        for n, c in enumerate(cited)
    ]
    if expected != rows:
        raise _Failure(position, "the citation rows disagree with the event's citations")


def _check_sources(db: Database, d) -> tuple[int, str]:
    """Each source's key from its text (or, known by its metadata, from that), and its digest of key, metadata
    and time of recording; each text the review queue attached to a source, and each document it queued, against
    its SHA-256 (and the queued document's proposals against its text); each text copied from another
    chronicle's attachments by the local rule; every attached text holding the passages cited from its source.
    Returns how many sources there are and the digest of them all with the attached texts (the head's,
    :func:`sources_digest`)."""
    digests: list[tuple[str, str]] = []
    with db.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT s.sha256, s.title, s.publisher, s.url, s.published, s.language, s.authors, s.text, s.recorded_at,"
            " g.digest FROM sources s LEFT JOIN source_digests g ON g.sha256 = s.sha256"
        )
        for sha, title, publisher, url, published, language, authors, text, recorded_at, stored in rows:
            meta = {"title": title, "publisher": publisher, "url": url, "published": published, "language": language,
                    "authors": authors_of(authors)}
            if text is not None:
                if sha256_hex(text) != sha:
                    raise _Failure(None, f"source {sha} has text whose SHA-256 is not its key")
            elif metadata_key(meta) != sha:
                raise _Failure(None, f"source {sha} is known by its metadata, whose SHA-256 is not its key")
            digest = source_digest(sha, title, publisher, url, published, language,
                                   format_timestamp(d.decode_timestamp(recorded_at)), meta["authors"])
            if stored is None:
                raise _Failure(None, f"source {sha} has no digest")
            if stored != digest:
                raise _Failure(None, f"source {sha}: its metadata is not what was recorded (the digest of its key,"
                                     " metadata and recorded_at differs)")
            digests.append((sha, digest))
        orphans = conn.exec_driver_sql(
            "SELECT g.sha256 FROM source_digests g WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.sha256 = g.sha256)"
        ).first()
        if orphans is not None:
            raise _Failure(None, f"source {orphans[0]} has a digest but is not stored")
        # texts the review queue attached to sources known by their metadata: each its own SHA-256, of a source,
        # and the text of a document the queue holds, queued for that source at that time
        texts = conn.exec_driver_sql(
            "SELECT t.source_sha256, t.text_sha256, t.text, t.recorded_at, s.sha256, r.queued_at FROM source_texts t"
            " LEFT JOIN sources s ON s.sha256 = t.source_sha256"
            " LEFT JOIN review_documents r ON r.text_sha256 = t.text_sha256 AND r.source_sha256 = t.source_sha256"
        ).all()
        copied = conn.exec_driver_sql("SELECT source_sha256, text_sha256, text FROM replicated_source_texts").all()
        passages = attached.cited_passages(conn, d, [row[0] for row in texts] + [row[0] for row in copied])
        for key, text_sha, text, recorded_at, stored_key, queued_at in texts:
            if stored_key is None:
                raise _Failure(None, f"a text is attached to source {key}, which is not stored")
            if sha256_hex(text) != text_sha:
                raise _Failure(None, f"the text attached to source {key} is not the one recorded (SHA-256 differs)")
            if queued_at is None or d.decode_timestamp(queued_at) != d.decode_timestamp(recorded_at):
                raise _Failure(None, f"the text attached to source {key} is not a document the review queue"
                                     " queued for it, then")
            if attached.passage_problem(text, passages.get(key, [])) is not None:
                raise _Failure(None, f"the text attached to source {key} does not hold a passage cited from it")
        # texts another chronicle attached, copied here by sync: the local rule (attached.replicated_problem);
        # the head's digest covers them, and the other chronicle witnesses the rest
        for key, text_sha, text in copied:
            problem = attached.replicated_problem(conn, d, key, text_sha, text, passages.get(key, []))
            if problem is not None:
                raise _Failure(None, f"the text copied for source {key} from another chronicle: {problem}")
        twice = conn.exec_driver_sql(
            "SELECT r.source_sha256 FROM replicated_source_texts r JOIN source_texts t"
            " ON t.source_sha256 = r.source_sha256 OR t.text_sha256 = r.text_sha256"
        ).first()
        if twice is not None:
            raise _Failure(None, f"source {twice[0]} has two attached texts (the review queue's and a copied one)")
        attachments = attached.digest_lines(conn, d)
        # the documents the review queue holds: each text its SHA-256 (what a reviewer reads is what was queued),
        # and each proposal's quote found at its span
        quotes: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for doc_id, quote, start, end in conn.exec_driver_sql(
            "SELECT document_id, quote, span_start, span_end FROM review_proposals"
        ):
            quotes[doc_id].append((quote, start, end))
        for doc_id, text_sha, text in conn.exec_driver_sql("SELECT id, text_sha256, text FROM review_documents"):
            if sha256_hex(text) != text_sha:
                raise _Failure(None, f"the text of queued document {doc_id} is not the one queued (SHA-256 differs)")
            for quote, start, end in quotes.get(doc_id, ()):
                if quote_mismatch(text, quote, (start, end)):
                    raise _Failure(None, f"queued document {doc_id}: a proposal's quote is not in its text")
    return len(digests), _combine(digests, attachments)


def _combine(digests: list[tuple[str, str]], attachments: list[tuple[str, str]]) -> str:
    h = sha256()
    for sha, digest in sorted(digests):
        h.update(f"{sha} {digest}\n".encode())
    for sha, digest in sorted(attachments):  # none: the digest of the sources alone, as before 0011
        h.update(f"{sha} attached {digest}\n".encode())
    return h.hexdigest()


def sources_digest(conn, d) -> tuple[int, str]:
    """How many sources are stored and the SHA-256 over their keys and recorded digests, in key order, and over
    the texts attached to them later (:func:`chronicle.store.attached.digest_lines`): two chronicles with the
    same head and the same sources digest show the same documents."""
    rows = [tuple(r) for r in conn.exec_driver_sql("SELECT sha256, digest FROM source_digests")]
    return len(rows), _combine(rows, attached.digest_lines(conn, d))


def _check_transactions(db: Database, d, head: int) -> None:
    """Every transaction row covers recorded positions (none past the head: a truncated chain leaves its
    transaction behind)."""
    with db.read() as conn:
        row = conn.exec_driver_sql(
            d.sql(
                "SELECT first_position, last_position FROM transactions"
                " WHERE last_position > ? OR first_position > last_position OR first_position < 1"
                " ORDER BY last_position LIMIT 1"
            ),
            (head,),
        ).first()
    if row is not None:
        first, last = row
        raise _Failure(
            min(max(first, 1), head + 1),
            f"the transaction of positions {first}..{last} records events that are not stored (an orphan:"
            f" the chain ends at {head})",
        )
