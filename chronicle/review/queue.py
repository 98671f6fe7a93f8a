"""The review queue: the importer proposes, a person decides, and only decisions become record.

A queued document keeps its text, its metadata, the source its facts will cite (see :mod:`chronicle.review.
identity`) and its *proposals*: the facts the importer found, each with its passage (quote and span), the work
the passage cites and the importer's reasons. Nothing of it is in the event log.

A *decision* on a proposal is one of

- ``accepted``: the proposal is appended as it is: a new fact citing the document, or — when it tells a fact
  the chronicle already has — a ``citation.added`` on that fact (a *corroboration*), or nothing at all when
  that fact already cites this document at this passage (*known*: the same citation);
- ``edited``: the same with some fields changed by the reviewer (which ones is kept);
- ``rejected``: nothing is appended; the reason is kept.

The events of one decision (or of *accept the rest*, one decision over the proposals still open) are one atomic
append, and the decision rows are written in the same transaction, naming who decided and when and which
positions the append recorded. Each proposal has at most one decision: of two reviewers deciding the same
proposal, the first counts and the second gets :class:`AlreadyDecided` (nothing of it is written).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from chronicle.domain.clock import format_timestamp, utc_now
from chronicle.domain.events import EnvelopeError, parse_envelope
from chronicle.domain.sources import quote_mismatch
from chronicle.review import identity
from chronicle.store.database import sqlalchemy_error

if TYPE_CHECKING:
    from sqlalchemy import Connection

# A decision is accepted, edited, rejected or unreviewed (accepted unseen: import --accept).
EDITABLE = ("type", "date", "parties", "actors", "attributes", "figure")
MAX_REASON = 2000


class ReviewError(Exception):
    """A request the queue cannot carry out (an unknown document or proposal, a missing reason)."""

    def __init__(self, message: str, *, status: int = 422):
        self.status = status
        super().__init__(message)


class AlreadyDecided(ReviewError):
    """Someone decided on the proposal first; their decision counts, this one was not recorded."""

    def __init__(self, decisions: list[dict[str, Any]]):
        self.decisions = decisions
        first = decisions[0]
        super().__init__(
            f"proposal {first['proposal']} was already {first['action']} by {first['decided_by']}"
            f" at {first['decided_at']}; this decision was not recorded",
            status=409,
        )


@dataclass
class QueuedDocument:
    id: str
    source: str
    proposals: int
    new: bool  # False: this text was queued before, nothing was added
    source_match: str | None = None  # how the source was recognized (None: a new source)

    def to_json(self) -> dict[str, Any]:
        return {"document": self.id, "source": self.source, "proposals": self.proposals, "queued": self.new,
                "source_match": self.source_match}


@dataclass
class DecisionResult:
    batch: str
    decisions: list[dict[str, Any]] = field(default_factory=list)
    appended: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"batch": self.batch, "appended": self.appended, "decisions": self.decisions}


def _json(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _loads(value: str | None) -> Any:
    return None if value is None else orjson.loads(value)


PROPOSAL_COLUMNS = "id, document_id, ordinal, type, quote, span_start, span_end, reference, reasons, envelope, import_key"
DECISION_COLUMNS = (
    "id, proposal_id, document_id, batch_id, action, outcome, reason, edited_fields, envelope, event_id,"
    " first_position, last_position, decided_by, decided_at"
)
DOCUMENT_COLUMNS = "id, text_sha256, source_sha256, name, title, publisher, url, published, language, queued_by, queued_at"


class ReviewQueue:
    def __init__(self, chronicle):
        self.chronicle = chronicle
        self.db = chronicle.db
        self.recorder = chronicle.recorder
        self.d = chronicle.recorder.dialect

    # -- queueing ---------------------------------------------------------------------------------------------

    def queue(self, document: dict[str, Any], proposals: list[dict[str, Any]], *, by: str) -> QueuedDocument:
        """Store a document and its proposals for review (a text queued before adds nothing).

        ``document``: ``name``, ``text`` and the metadata fields; each proposal: ``envelope`` (the fact's fields
        without citations), ``quote``, ``span``, ``reference``, ``reasons`` (a list of strings), ``import_key``.
        """
        text = document.get("text") or ""
        if not text.strip():
            raise ReviewError("the document is empty")
        for index, proposal in enumerate(proposals):
            problem = quote_mismatch(text, proposal["quote"], tuple(proposal["span"]))
            if problem:
                raise ReviewError(f"proposal {index + 1}: {problem}")
        text_sha = hashlib.sha256(text.encode()).hexdigest()
        d = self.d
        self.chronicle.projector.ensure_current()  # identify reads the projected source_citations
        with self.db.write() as conn:
            row = conn.exec_driver_sql(
                d.sql("SELECT id, source_sha256 FROM review_documents WHERE text_sha256 = ?"), (text_sha,)
            ).first()
            if row is not None:
                count = conn.exec_driver_sql(
                    d.sql("SELECT COUNT(*) FROM review_proposals WHERE document_id = ?"), (row[0],)
                ).scalar_one()
                return QueuedDocument(row[0], row[1], count, new=False)
            found = identity.identify(conn, d, text, document)
            now = d.encode_timestamp(utc_now())
            if found.attach:
                conn.exec_driver_sql(
                    d.sql("INSERT INTO source_texts (source_sha256, text_sha256, text, recorded_at) VALUES (?, ?, ?, ?)"),
                    (found.key, text_sha, text, now),
                )
            doc_id = str(uuid.uuid4())
            meta = [document.get(name) for name in ("title", "publisher", "url", "published", "language")]
            conn.exec_driver_sql(
                d.sql(
                    "INSERT INTO review_documents (id, text_sha256, source_sha256, name, title, publisher, url,"
                    " published, language, text, queued_by, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                (doc_id, text_sha, found.key, document.get("name") or meta[0] or text_sha[:12], *meta, text, by, now),
            )
            rows = [
                (
                    str(uuid.uuid4()),
                    doc_id,
                    ordinal,
                    p["envelope"]["type"],
                    p["quote"],
                    p["span"][0],
                    p["span"][1],
                    _json(p.get("reference")) if p.get("reference") else None,
                    _json(list(p.get("reasons") or [])),
                    _json(p["envelope"]),
                    p["import_key"],
                )
                for ordinal, p in enumerate(proposals)
            ]
            if rows:
                conn.exec_driver_sql(
                    d.sql(f"INSERT INTO review_proposals ({PROPOSAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    rows,
                )
        return QueuedDocument(doc_id, found.key, len(rows), new=True, source_match=found.how)

    # -- reading ----------------------------------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """Every queued document with its counts of proposals, decided ones and open ones, newest first."""
        sql = (
            f"SELECT {', '.join('d.' + c.strip() for c in DOCUMENT_COLUMNS.split(','))},"
            " (SELECT COUNT(*) FROM review_proposals p WHERE p.document_id = d.id),"
            " (SELECT COUNT(*) FROM review_decisions r WHERE r.document_id = d.id)"
            " FROM review_documents d ORDER BY d.queued_at DESC, d.id"
        )
        with self.db.read() as conn:
            rows = conn.exec_driver_sql(sql).all()
        out = []
        for row in rows:
            doc = self._document(row[:11])
            doc.update(proposals=row[11], decided=row[12], open=row[11] - row[12])
            out.append(doc)
        return out

    def _document(self, row) -> dict[str, Any]:
        keys = [c.strip() for c in DOCUMENT_COLUMNS.split(",")]
        doc = dict(zip(keys, row, strict=True))
        doc["queued_at"] = format_timestamp(self.d.decode_timestamp(doc["queued_at"]))
        return doc

    def document(self, document_id: str) -> dict[str, Any]:
        """A queued document: its text, and each proposal with its decision (if any) and what accepting it does
        now (``plan``: ``new``, ``corroborates`` with the fact, or ``known``: the fact already cites this passage)."""
        d = self.d
        self.chronicle.projector.ensure_current()  # citations_of reads the projected source_citations
        with self.db.read() as conn:
            doc = self._full_document(conn, document_id)
            proposals = [self._proposal(r) for r in conn.exec_driver_sql(
                d.sql(f"SELECT {PROPOSAL_COLUMNS} FROM review_proposals WHERE document_id = ? ORDER BY ordinal"),
                (document_id,),
            )]
            decisions = self._decisions(conn, "document_id = ?", (document_id,))
            cited = identity.citations_of(conn, d, doc["source_sha256"])
        by_proposal = {dec["proposal"]: dec for dec in decisions}
        plans = self._plans(proposals, cited)
        for proposal, plan in zip(proposals, plans, strict=True):
            proposal["decision"] = by_proposal.get(proposal["id"])
            proposal["plan"] = plan
        doc["proposals"] = proposals
        doc["open"] = sum(1 for p in proposals if p["decision"] is None)
        return doc

    def _full_document(self, conn: Connection, document_id: str) -> dict[str, Any]:
        row = conn.exec_driver_sql(
            self.d.sql(f"SELECT {DOCUMENT_COLUMNS}, text FROM review_documents WHERE id = ?"), (document_id,)
        ).first()
        if row is None:
            raise ReviewError(f"no queued document has the id {document_id!r}", status=404)
        doc = self._document(row[:11])
        doc["text"] = row[11]
        return doc

    def _proposal(self, row) -> dict[str, Any]:
        return {
            "id": row[0],
            "document": row[1],
            "ordinal": row[2],
            "type": row[3],
            "quote": row[4],
            "span": [row[5], row[6]],
            "reference": _loads(row[7]),
            "reasons": _loads(row[8]),
            "envelope": _loads(row[9]),
            "import_key": row[10],
        }

    def _decisions(self, conn: Connection, where: str, params: tuple) -> list[dict[str, Any]]:
        rows = conn.exec_driver_sql(
            self.d.sql(f"SELECT {DECISION_COLUMNS} FROM review_decisions WHERE {where} ORDER BY decided_at, id"), params
        ).all()
        return [
            {
                "id": r[0],
                "proposal": r[1],
                "document": r[2],
                "batch": r[3],
                "action": r[4],
                "outcome": r[5],
                "reason": r[6],
                "edited_fields": _loads(r[7]) or [],
                "envelope": _loads(r[8]),
                "event_id": r[9],
                "first_position": r[10],
                "last_position": r[11],
                "decided_by": r[12],
                "decided_at": format_timestamp(self.d.decode_timestamp(r[13])),
            }
            for r in rows
        ]

    def history(self, document_id: str | None = None) -> list[dict[str, Any]]:
        with self.db.read() as conn:
            if document_id is None:
                return self._decisions(conn, "1 = 1", ())
            return self._decisions(conn, "document_id = ?", (document_id,))

    def _plans(self, proposals: list[dict[str, Any]], cited: list[identity.Cited]) -> list[dict[str, Any]]:
        """What accepting each proposal (as it stands) appends: known, a corroboration, or a new fact."""
        plans: list[dict[str, Any] | None] = [None] * len(proposals)
        used = self.chronicle.corroborator.existing_keys([p["import_key"] for p in proposals])
        parsed: list[tuple[int, Any]] = []
        for i, p in enumerate(proposals):
            same = identity.same_citation(cited, p["type"], tuple(p["span"]))
            if p["import_key"] in used:
                plans[i] = {"kind": "known", "target": used[p["import_key"]]}
            elif same is not None:
                plans[i] = {"kind": "known", "target": same}
            else:
                try:
                    parsed.append((i, parse_envelope(self._fact(p, p["envelope"], {"title": "check"}, p["import_key"]))))
                except EnvelopeError as exc:
                    plans[i] = {"kind": "invalid", "reason": str(exc)}
        matches = self.chronicle.corroborator.matches([event for _, event in parsed])
        for (i, _), target in zip(parsed, matches, strict=True):
            plans[i] = {"kind": "new"} if target is None else {"kind": "corroborates", "target": target}
        return plans  # type: ignore[return-value]

    @staticmethod
    def _fact(proposal: dict[str, Any], fields: dict[str, Any], source: dict[str, Any], key: str) -> dict[str, Any]:
        envelope = {k: fields[k] for k in EDITABLE if fields.get(k) is not None}
        envelope["citations"] = [ReviewQueue._citation(proposal, source)]
        envelope["idempotency_key"] = key
        return envelope

    @staticmethod
    def _citation(proposal: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
        citation = {"source": source, "quote": proposal["quote"], "span": proposal["span"]}
        if proposal.get("reference"):
            citation["reference"] = proposal["reference"]
        return citation

    # -- deciding ---------------------------------------------------------------------------------------------

    def decide(
        self,
        proposal_id: str,
        action: str,
        *,
        by: str,
        reason: str | None = None,
        edits: dict[str, Any] | None = None,
    ) -> DecisionResult:
        """Accept (``edits`` given: edit and accept) or reject (``reason`` needed) one proposal."""
        if action not in ("accept", "reject"):
            raise ReviewError(f"the action is accept or reject, not {action!r}")
        reason = (reason or "").strip() or None
        if reason is not None and len(reason) > MAX_REASON:
            raise ReviewError(f"the reason is longer than {MAX_REASON} characters")
        proposal, document = self._load(proposal_id)
        if action == "reject":
            if reason is None:
                raise ReviewError("a rejection needs a reason")
            if edits:
                raise ReviewError("a rejection takes no edits")
            return self._commit(document, [(proposal, "rejected", None, [])], by=by, reason=reason)
        fields = dict(proposal["envelope"])
        changed: list[str] = []
        for name, value in (edits or {}).items():
            if name not in EDITABLE:
                raise ReviewError(f"{name!r} cannot be edited; editable fields: {', '.join(EDITABLE)}")
            if value != fields.get(name):
                changed.append(name)
                fields[name] = value
        action_name = "edited" if changed else "accepted"
        return self._commit(document, [(proposal, action_name, fields, changed)], by=by, reason=reason)

    def accept_rest(self, document_id: str, *, by: str, reviewed: bool = True) -> DecisionResult:
        """Accept, unchanged and in one atomic batch, every proposal of the document that has no decision yet.

        ``reviewed=False`` (``chronicle import --accept``) records the decisions as ``unreviewed``: appended
        without a person looking, and left out of the importer's record."""
        doc = self.document(document_id)
        open_ = [p for p in doc["proposals"] if p["decision"] is None and p["plan"]["kind"] != "invalid"]
        if not open_:
            raise ReviewError("no proposal of this document is waiting for a decision", status=409)
        items = [(p, "accepted" if reviewed else "unreviewed", dict(p["envelope"]), []) for p in open_]
        return self._commit(doc, items, by=by, reason=None)

    def _load(self, proposal_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        d = self.d
        with self.db.read() as conn:
            row = conn.exec_driver_sql(
                d.sql(f"SELECT {PROPOSAL_COLUMNS} FROM review_proposals WHERE id = ?"), (proposal_id,)
            ).first()
            if row is None:
                raise ReviewError(f"no proposal has the id {proposal_id!r}", status=404)
            proposal = self._proposal(row)
            decided = self._decisions(conn, "proposal_id = ?", (proposal_id,))
            if decided:
                raise AlreadyDecided(decided)
            return proposal, self._full_document(conn, proposal["document"])

    def _source(self, conn_keys: set[str], document: dict[str, Any]) -> dict[str, Any]:
        key = document["source_sha256"]
        if key in conn_keys:
            return {"sha256": key}
        full = {name: document.get(name) for name in ("title", "publisher", "url", "published", "language")}
        return {**{k: v for k, v in full.items() if v is not None}, "text": document["text"]}

    def _plan(
        self,
        items: list[tuple[dict[str, Any], str, dict[str, Any] | None, list[str]]],
        used: dict[str, Any],
        cited: Any,
        key: str,
    ) -> tuple[list[dict[str, Any]], list[tuple[int, Any]]]:
        """One entry per item (its decision, and the envelope it appends) and the envelopes still to match."""
        planned: list[dict[str, Any]] = []
        checks: list[tuple[int, Any]] = []
        for proposal, action, fields, changed in items:
            entry = {"proposal": proposal, "action": action, "changed": changed, "envelope": None, "outcome": None,
                     "target": None}
            planned.append(entry)
            if action == "rejected":
                continue
            unchanged = action in ("accepted", "unreviewed")
            idem = proposal["import_key"] if unchanged else f"review:{proposal['id']}"
            same = identity.same_citation(cited, fields["type"], tuple(proposal["span"])) if not changed else None
            if unchanged and proposal["import_key"] in used:
                entry.update(outcome="known", target=used[proposal["import_key"]])
                continue
            if same is not None:
                entry.update(outcome="known", target=same)
                continue
            envelope = self._fact(proposal, fields, {"sha256": key}, idem)
            try:
                parsed = parse_envelope({**envelope, "citations": [self._citation(proposal, {"title": "check"})]})
            except EnvelopeError as exc:
                raise ReviewError(f"the proposal as edited is not a valid fact: {exc}") from None
            entry["envelope"] = envelope
            checks.append((len(planned) - 1, parsed))
        return planned, checks

    def _commit(
        self,
        document: dict[str, Any],
        items: list[tuple[dict[str, Any], str, dict[str, Any] | None, list[str]]],
        *,
        by: str,
        reason: str | None,
    ) -> DecisionResult:
        batch = str(uuid.uuid4())
        key = document["source_sha256"]
        self.chronicle.projector.ensure_current()  # citations_of reads the projected source_citations
        with self.db.read() as conn:
            stored = set(self.recorder.fetch_sources(conn, [key]))
            cited = identity.citations_of(conn, self.d, key)
        source = self._source(stored, document)
        accepted = [item for item in items if item[1] != "rejected"]
        used = self.chronicle.corroborator.existing_keys([p["import_key"] for p, *_r in accepted])
        planned, checks = self._plan(items, used, cited, key)
        for (index, _), target in zip(checks, self.chronicle.corroborator.matches([p for _, p in checks]), strict=True):
            entry = planned[index]
            if target is None:
                entry["outcome"] = "added"
            else:
                entry["outcome"] = "corroborated"
                entry["target"] = target
                entry["envelope"] = {
                    "type": "citation.added",
                    "target": target,
                    "citation": entry["envelope"]["citations"][0],
                    "idempotency_key": entry["envelope"]["idempotency_key"],
                }
        envelopes = [e["envelope"] for e in planned if e["envelope"] is not None]
        if envelopes and source.get("text") is not None:  # the first event carries the document itself
            first = envelopes[0]
            (first["citation"] if first["type"] == "citation.added" else first["citations"][0])["source"] = source
        decided_at = utc_now()
        written: list[bool] = []

        def rows(results: list[Any]) -> list[tuple]:
            out, it = [], iter(results)
            positions = [r.position for r in results]
            first_pos, last_pos = (min(positions), max(positions)) if positions else (None, None)
            for e in planned:
                event_id = e["target"] if e["outcome"] == "known" else None
                if e["envelope"] is not None:
                    result = next(it)
                    event_id = result.id
                e["event_id"] = event_id
                out.append((
                    str(uuid.uuid4()), e["proposal"]["id"], document["id"], batch, e["action"], e["outcome"],
                    reason, _json(e["changed"]) if e["changed"] else None,
                    _json(e["envelope"]) if e["envelope"] is not None else None,
                    event_id, first_pos, last_pos, by, self.d.encode_timestamp(decided_at),
                ))
            return out

        def record(conn: Connection, results: list[Any]) -> None:
            ids = [e["proposal"]["id"] for e in planned]
            marks = self.d.placeholders(len(ids))
            already = self._decisions(conn, f"proposal_id IN ({marks})", tuple(ids))
            if already:
                raise AlreadyDecided(already)
            try:
                conn.exec_driver_sql(
                    self.d.sql(f"INSERT INTO review_decisions ({DECISION_COLUMNS}) VALUES ({self.d.placeholders(14)})"),
                    rows(results),
                )
            except sqlalchemy_error("IntegrityError"):
                raise AlreadyDecided(self._decisions_now(ids)) from None
            written.append(True)

        appended = 0
        if envelopes:
            projected: list[bool] = []

            def then(conn: Connection) -> None:
                # the recorder's results are not returned before ``then``; read them from the session's rows
                results = self._results_of(conn, envelopes)
                record(conn, results)
                projected.append(self.chronicle.projector.project_within(conn))

            try:
                summary = self.recorder.append([parse_envelope(e) for e in envelopes], then=then)
            except sqlalchemy_error("IntegrityError"):
                raise AlreadyDecided(self._decisions_now([e["proposal"]["id"] for e in planned])) from None
            appended = summary.appended
            if summary.appended and projected != [True]:
                self.chronicle.projector.catch_up()
            if not written:  # every event was there already (an earlier import or decision appended them)
                with self.db.write() as conn:
                    record(conn, summary.results)
        else:
            with self.db.write() as conn:
                record(conn, [])
        result = DecisionResult(batch, appended=appended)
        for e in planned:
            result.decisions.append({
                "proposal": e["proposal"]["id"],
                "action": e["action"],
                "outcome": e["outcome"],
                "event_id": e.get("event_id"),
                "target": e["target"],
                "edited_fields": e["changed"],
                "reason": reason,
                "decided_by": by,
                "decided_at": format_timestamp(decided_at),
            })
        return result

    def _results_of(self, conn: Connection, envelopes: list[dict[str, Any]]) -> list[Any]:
        found = self.recorder.fetch_by_keys(conn, [e["idempotency_key"] for e in envelopes])
        return [found[e["idempotency_key"]][1] for e in envelopes]

    def _decisions_now(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        ids = list(ids)
        with self.db.read() as conn:
            found = self._decisions(conn, f"proposal_id IN ({self.d.placeholders(len(ids))})", tuple(ids))
        return found or [{"proposal": ids[0], "action": "decided", "decided_by": "another reviewer",
                          "decided_at": "the same moment"}]

    # -- the importer's record --------------------------------------------------------------------------------

    def importer_record(self) -> dict[str, Any]:
        """How the importer's proposals fared in review: accepted unchanged, edited (which fields), rejected, by type."""
        sql = (
            "SELECT p.type, r.action, r.edited_fields FROM review_decisions r"
            " JOIN review_proposals p ON p.id = r.proposal_id WHERE r.action <> 'unreviewed'"
        )
        with self.db.read() as conn:
            rows = conn.exec_driver_sql(sql).all()
            total = conn.exec_driver_sql("SELECT COUNT(*) FROM review_proposals").scalar_one()
            unreviewed = conn.exec_driver_sql(
                "SELECT COUNT(*) FROM review_decisions WHERE action = 'unreviewed'"
            ).scalar_one()
        by_type: dict[str, dict[str, Any]] = {}
        overall = {"accepted": 0, "edited": 0, "rejected": 0, "fields": {}}
        for type_, action, fields in rows:
            entry = by_type.setdefault(type_, {"accepted": 0, "edited": 0, "rejected": 0, "fields": {}})
            for bucket in (entry, overall):
                bucket[action] += 1
                for name in _loads(fields) or []:
                    bucket["fields"][name] = bucket["fields"].get(name, 0) + 1
        decided = overall["accepted"] + overall["edited"] + overall["rejected"]
        for bucket in (*by_type.values(), overall):
            n = bucket["accepted"] + bucket["edited"] + bucket["rejected"]
            bucket["decided"] = n
            bucket["precision"] = round((bucket["accepted"] + bucket["edited"]) / n, 3) if n else None
            bucket["unchanged_rate"] = round(bucket["accepted"] / n, 3) if n else None
        return {"proposals": total, "decided": decided, "unreviewed": unreviewed, "open": total - decided - unreviewed,
                "overall": overall,
                "by_type": dict(sorted(by_type.items()))}

