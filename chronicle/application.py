"""The chronicle as one application object: append, project, query, verify.

The CLI and the HTTP API are thin shells over :class:`Chronicle`. Appends are projected right after they
commit (``catch_up``), so a state query made after an append sees it; the projector's checkpoint makes that
safe to repeat from any process, and ``rebuild`` replays everything from scratch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from chronicle.config import Settings
from chronicle.domain.clock import format_timestamp
from chronicle.domain.appending import ConflictError
from chronicle.domain.dates import PartialDate, as_of_date, as_of_day
from chronicle.domain.events import DOMAINS, FACT_TYPES, EnvelopeError, FieldError, NewEvent, parse_envelope
from chronicle.domain.parties import HOME, Relationship, display_name, normalize_party, state_of
from chronicle.projections.check import check_projection
from chronicle.projections.projector import Projector
from chronicle.queries.matching import Corroborator
from chronicle.queries.records import RecordReader
from chronicle.queries.state import LATEST, StateReader, build_state
from chronicle.store import attached
from chronicle.store.attached import AttachmentError
from chronicle.store.database import Database, sqlalchemy_error
from chronicle.store.recorder import AppendSummary, Head, Recorder, ReplicaError, StoredEvent, cited_in
from chronicle.store.verify import VerifyReport, sources_digest, verify
from chronicle.witness import listed_attachments

if TYPE_CHECKING:
    from chronicle.review.queue import DecisionResult, QueuedDocument, ReviewQueue
    from chronicle.tokens import TokenStore


log = logging.getLogger("chronicle.api")

__all__ = ["AppendSummary", "AttachmentError", "Chronicle", "ConflictError", "ReplicaError", "StoredEvent", "cited_in",
           "listed_attachments", "parse_envelopes"]

# The review queue's errors, which the API catches from here; the queue (a writer) is loaded when first used.
_FROM_REVIEW = ("AlreadyDecided", "ReviewError")


def __getattr__(name: str) -> Any:
    if name in _FROM_REVIEW:
        from chronicle.review import queue

        return getattr(queue, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_envelopes(items: Iterable[Any]) -> Iterator[NewEvent]:
    """Validate envelopes lazily; an invalid one raises EnvelopeError naming its index."""
    for index, item in enumerate(items):
        try:
            yield parse_envelope(item)
        except EnvelopeError as exc:
            raise exc.at(index) from None


_GROUP_GUARD = threading.Lock()


class _Request:
    __slots__ = ("events", "outcome", "project")

    def __init__(self, events: list[NewEvent], project: bool):
        self.events = events
        self.project = project
        self.outcome: AppendSummary | BaseException | None = None


class _GroupCommit:
    """Concurrent appends of one process share a transaction (group commit).

    Each caller queues its (validated) events, then waits for the writer's turn; whoever gets the turn appends
    every request queued by then, each in a savepoint of its own, projects them, commits once and hands each
    request its summary or its error. A caller whose request an earlier turn took finds it done when its own
    turn comes. Answers are given only after the commit.
    """

    def __init__(self, recorder: Recorder, projector: Projector):
        self.recorder = recorder
        self.projector = projector
        self.queued: list[_Request] = []
        self.queue_lock = threading.Lock()
        self.turn = threading.Lock()

    def append(self, events: list[NewEvent], project: bool = True) -> AppendSummary:
        request = _Request(events, project)
        with self.queue_lock:
            self.queued.append(request)
        with self.turn:
            if request.outcome is None:
                with self.queue_lock:
                    group, self.queued = self.queued, []
                self._run(group)
        outcome = request.outcome
        if isinstance(outcome, BaseException):
            raise outcome
        assert outcome is not None
        return outcome

    def _run(self, group: list[_Request]) -> None:
        projected: list[bool] = []
        project = any(r.project for r in group)  # lean requests alone leave the group's projection to catch-up
        within = (lambda conn: projected.append(self.projector.project_within(conn))) if project else None
        try:
            outcomes = self.recorder.append_group([r.events for r in group], then=within)
        except BaseException as exc:  # the group's transaction failed: every request with it
            for request in group:
                request.outcome = exc
            raise
        for request, outcome in zip(group, outcomes, strict=True):
            request.outcome = outcome
        if project and projected != [True] and any(isinstance(o, AppendSummary) and o.appended for o in outcomes):
            try:
                self.projector.catch_up()
            except sqlalchemy_error():  # committed; the next read or append catches the projection up
                log.exception("projection after a group commit failed")


class Chronicle:
    def __init__(self, settings: Settings | None = None, *, database_url: str | None = None):
        self.settings = settings or Settings.from_env()
        self.db = Database(database_url or self.settings.database_url)
        self.recorder = Recorder(self.db)
        self.projector = Projector(self.db, self.recorder)
        self.states = StateReader(self.recorder.dialect)
        self.records = RecordReader(self.db, self.recorder, fresh=self.projector.ensure_current)
        self.corroborator = Corroborator(self.db, self.recorder)
        self._review: ReviewQueue | None = None
        self._group: _GroupCommit | None = None

    @classmethod
    def open(cls, database_url: str | None = None, *, upgrade: bool = False) -> Chronicle:
        chronicle = cls(database_url=database_url)
        if upgrade:
            chronicle.db.upgrade()
        else:
            chronicle.db.ensure_current()
        return chronicle

    def close(self) -> None:
        self.db.dispose()

    def ensure_current(self) -> None:
        """Refuse to go on with a database whose schema is not the current one."""
        self.db.ensure_current()

    def tokens(self, settings: Settings | None = None) -> TokenStore:
        """The API tokens stored in this chronicle's database."""
        from chronicle.tokens import TokenStore

        return TokenStore(self.db, settings or self.settings)

    # -- writing ----------------------------------------------------------------------------------------------

    def append(self, envelopes: Iterable[Any], *, collect: bool = True, project: bool = True) -> AppendSummary:
        """Validate and append envelopes (dicts) as one atomic batch, then project them."""
        return self.append_events(parse_envelopes(envelopes), collect=collect, project=project)

    def append_shared(self, envelopes: Iterable[Any], *, project: bool = True) -> AppendSummary:
        """Validate and append envelopes as one atomic batch, projected, sharing the transaction (and its
        commit) with the appends other threads of this process make meanwhile; for servers. ``project=False``:
        lean, as :meth:`append_unprojected` (a group whose requests are all lean is not projected)."""
        events = list(parse_envelopes(envelopes))
        if self._group is None:
            with _GROUP_GUARD:
                if self._group is None:
                    self._group = _GroupCommit(self.recorder, self.projector)
        return self._group.append(events, project)

    def append_unprojected(self, envelopes: Iterable[Any]) -> AppendSummary:
        """The lean append: validate and append envelopes as one atomic batch (every check, the hash chain and the
        database's triggers as in :meth:`append`), committed when this returns, and leave their projection to
        the projector's catch-up instead of running it in the append's transaction.

        Reads stay exact: every read of the projection (a state, a search, the records, the review queue's
        citations) first catches the projection up to the head (:meth:`Projector.ensure_current`), as does
        the next projected append or a server's start; the catch-up projects what is waiting in batches, far
        cheaper per event than one projection per append. A crash after the commit loses nothing: the events
        are stored and the checkpoint stays behind the head until a catch-up. For a writer that appends one
        event at a time and reads seldom; :meth:`append` (projected in the append's transaction) is the default.
        """
        return self.append_events(parse_envelopes(envelopes), project=False)

    def append_events(self, events: Iterable[NewEvent], *, collect: bool = True, project: bool = True) -> AppendSummary:
        """Append, then project: a small append in its own transaction, a large one after it commits."""
        projected: list[bool] = []
        within = (lambda conn: projected.append(self.projector.project_within(conn))) if project else None
        summary = self.recorder.append(events, collect=collect, then=within)
        if project and projected != [True]:
            if summary.appended:
                self.projector.catch_up()
            else:  # all duplicates: still, a projection a crash left behind catches up here
                self.projector.ensure_current()
        return summary

    def append_replicated(self, events: list[dict[str, Any]], sources: dict[str, dict[str, Any]]) -> AppendSummary:
        """Append another chronicle's events as they are (ids, positions, times, hashes), then project them.

        Raises :class:`ReplicaError` when they do not continue the local hash chain; nothing is kept then.
        """
        summary = self.recorder.append_replicated(events, sources)
        self.projector.catch_up()
        return summary

    def copy_attachments(self, items: list[dict[str, Any]]) -> int:
        """Keep the texts another chronicle attached to sources stored here by their metadata (each
        ``source``, ``text_sha256``, ``recorded_at``, ``text``), in one transaction; returns how many were new.

        Raises :class:`AttachmentError` for a text that differs from the one attached here, is not its SHA-256,
        belongs to no metadata-only source here or lacks a passage cited from it; nothing is kept then."""
        return attached.copy_replicated(self.db, self.recorder.dialect, items)

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        return self.projector.rebuild(progress)

    def catch_up(self, progress: Callable[[int, int], None] | None = None) -> int:
        return self.projector.catch_up(progress)

    def ensure_projected(self) -> int:
        """Project what the checkpoint is behind the head (after a crash); reads do this themselves."""
        return self.projector.ensure_current()

    # -- reading ----------------------------------------------------------------------------------------------

    def head(self) -> Head:
        return self.recorder.head()

    def witness(self, at: int | None = None) -> dict[str, Any] | None:
        """What another party can pin and compare later: the head's position, hash and time, with the number and
        digest of the stored sources (their keys and metadata); or, ``at`` a position, that event's position,
        hash and time (None when there is no such event)."""
        with self.db.read() as conn:
            if at is not None:
                found = self.recorder.read(at - 1, 1, conn=conn) if at > 0 else []
                if not found or found[0].position != at:
                    return None
                event = found[0]
                return {"position": at, "hash": event.hash, "recorded_at": format_timestamp(event.recorded_at),
                        "sources": None, "sources_digest": None}
            head = self.recorder.head(conn)
            count, digest = sources_digest(conn, self.recorder.dialect)
        return {**head.to_json(), "sources": count, "sources_digest": digest}

    def attachments(self, after: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """The texts attached to sources after they were recorded (by the review queue here, or copied from
        another chronicle), in source-key order after ``after``: each source, the text's SHA-256 and when it
        was attached. An attachment appends no event; this is how a replica hears of it."""
        with self.db.read() as conn:
            return [a.to_json() for a in attached.listing(conn, self.recorder.dialect, after, limit)]

    def attached_texts(self, keys: Iterable[str]) -> dict[str, str]:
        """The SHA-256 of the text attached here to each of the sources ``keys`` that has one."""
        with self.db.read() as conn:
            return attached.attached_here(conn, self.recorder.dialect, sorted(set(keys)))

    def readable(self) -> bool:
        """Whether the database can be read now (a health check); why not is logged."""
        try:
            self.head()
        except sqlalchemy_error():
            log.warning("health check: the database cannot be read", exc_info=True)
            return False
        return True

    def get(self, event_id: str) -> StoredEvent | None:
        """One event as stored, or None."""
        return self.recorder.get(event_id)

    def read_page(
        self,
        after: int,
        limit: int,
        *,
        party: str | None = None,
        types: Iterable[str] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> tuple[list[StoredEvent], int, int]:
        """A page of the feed: the matching events after ``after``, where to continue, and the head position."""
        return self.recorder.read_page(after, limit, party=party, types=types, date_from=date_from, date_to=date_to)

    def events(
        self, after: int = 0, limit: int = 1000, *, party: str | None = None, types: Iterable[str] | None = None
    ) -> list[StoredEvent]:
        if party is not None:
            party = normalize_party(party)
        return self.recorder.read(after, limit, party=party, types=types)

    def state(
        self,
        a: str,
        b: str,
        *,
        as_of: PartialDate | date | str | None = None,
        known_at: datetime | None = None,
        limit: int | None = None,
        today: date | None = None,
        totals: bool = False,
    ) -> dict[str, Any]:
        """The state of the relationship between states ``a`` and ``b``.

        ``as_of`` (valid time) is a partial date (parsed, or its text) and stands for its last day; ``known_at`` (transaction time)
        limits the chronicle to what had been recorded by then, corrections included. Each section lists its
        ``limit`` newest items and says whether it has ``more``; ``totals`` also counts every section's items,
        which reads every fact of the relationship (the rest of the query reads only what it shows).
        """
        relationship = Relationship.of(a, b)
        as_of_day, as_of_text = _as_of(as_of)
        self.projector.ensure_current()
        limit = limit or self.settings.state_limit
        if limit < 1:
            raise EnvelopeError([FieldError("limit", "must be at least 1")])
        with self.db.read() as conn:
            known = LATEST if known_at is None else self.recorder.position_at(known_at, conn)
            return build_state(
                self.states,
                conn,
                relationship,
                as_of=as_of_day,
                as_of_text=as_of_text,
                known_at=known_at,
                known=known,
                limit=limit,
                today=today or date.today(),
                totals=totals,
            )

    def compare(
        self,
        a: str,
        b: str,
        *,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
        known_from: datetime | None = None,
        known_to: datetime | None = None,
    ) -> dict[str, Any]:
        """The relationship between ``a`` and ``b`` at two points, and what appeared, changed (with the
        corrections' reasons) and vanished between them: ``date_from``/``date_to`` in valid time (partial
        dates, meaning their last day), ``known_from``/``known_to`` in transaction time (None: now)."""
        from chronicle.queries.compare import compare

        relationship = Relationship.of(a, b)
        day_from, text_from = _as_of(date_from)
        day_to, text_to = _as_of(date_to)
        if day_from is not None and day_to is not None and day_to < day_from:
            raise EnvelopeError([FieldError("to", f"{text_to} is before {text_from}")])
        if known_from is not None and known_to is not None and known_to < known_from:
            raise EnvelopeError([FieldError("known_to", "is before known_from")])
        records = self.records
        out = compare(
            records,
            relationship,
            date_from=day_from,
            date_to=day_to,
            known_from=records.known_position(known_from),
            known_to=records.known_position(known_to),
        )
        return {
            "relationship": relationship.parties,
            "names": [display_name(relationship.a), display_name(relationship.b)],
            "from": text_from,
            "to": text_to,
            "known_from": format_timestamp(known_from) if known_from else None,
            "known_to": format_timestamp(known_to) if known_to else None,
            **out,
        }

    def actor(self, name: str, *, limit: int = 1000) -> dict[str, Any]:
        """A person or organization named among facts' actors: the facts that name them, across every
        relationship, and those relationships with how many of the facts each has."""
        name = name.strip()
        if not name:
            raise EnvelopeError([FieldError("name", "must not be empty")])
        facts = self.records.actor_facts(name, limit=limit)
        counts: dict[tuple[str, str], int] = {}
        for fact in facts:
            for pair in fact["relationships"]:
                counts[tuple(pair)] = counts.get(tuple(pair), 0) + 1
        relationships = [
            {"relationship": list(pair), "names": [display_name(pair[0]), display_name(pair[1])], "facts": n}
            for pair, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        return {"name": name, "facts": facts, "relationships": relationships}

    def search(
        self,
        query: str,
        *,
        partner: str | None = None,
        type: str | None = None,
        domain: str | None = None,
        year: int | None = None,
        as_of: PartialDate | date | str | None = None,
        known_at: datetime | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> dict[str, Any]:
        """Full-text search over the facts (their words, quotes, sources and actors, Russian and English), as of
        a date (valid time) and as known at a moment (transaction time), narrowed by the facets chosen; each
        result links its event and relationships, and the facets count the matches (chronicle.queries.search)."""
        from chronicle.queries.search import SearchFilters, search

        filters = SearchFilters(**check_search(query, partner, type, domain, year, limit, offset))
        as_of_day, as_of_text = _as_of(as_of)
        self.projector.ensure_current()
        with self.db.read() as conn:
            known = LATEST if known_at is None else self.recorder.position_at(known_at, conn)
            found = search(conn, self.recorder.dialect, query, as_of=as_of_day, known=known, filters=filters,
                           limit=limit, offset=offset)
        return {"query": query, "as_of": as_of_text, "known_at": format_timestamp(known_at) if known_at else None,
                "chosen": filters.chosen(), "limit": limit, "offset": offset, **found}

    def first_recorded_at(self) -> datetime | None:
        """When the first event was recorded (None while the chronicle is empty)."""
        with self.db.read() as conn:
            return self.recorder.first_recorded_at(conn)

    def verify(self, progress: Callable[[int], None] | None = None, *, projection: bool = True) -> VerifyReport:
        """The chain and every stored row (:func:`verify`); then, with ``projection``, the projection tables
        against a replay of the events (rolled back)."""
        report = verify(self.db, progress)
        if not projection:
            return report
        check = check_projection(self.projector)
        found = "matches a replay" if check.ok else "differs from a replay"
        report = replace(report, projection=found, projection_behind=check.behind)
        if report.ok and check.behind < 0:
            reason = (f"the projection has projected up to position {check.checkpoint}, past the end of the chain"
                      f" ({report.head_position}): recorded events were removed")
            report = replace(report, ok=False, reason=reason, projection="differs from a replay")
        elif report.ok and not check.ok:
            reason = f"the projection differs from a replay of the events in {', '.join(check.differing)}"
            report = replace(report, ok=False, reason=reason)
        return report

    # -- the review queue (chronicle.review.queue) ------------------------------------------------------------

    @property
    def review(self) -> ReviewQueue:
        if self._review is None:
            from chronicle.review.queue import ReviewQueue

            self._review = ReviewQueue(self)
        return self._review

    def queue_document(self, document: dict[str, Any], proposals: list[dict[str, Any]], *, by: str) -> QueuedDocument:
        """Store a document and the importer's proposals for review; nothing enters the event log."""
        return self.review.queue(document, proposals, by=by)

    def review_documents(self) -> list[dict[str, Any]]:
        return self.review.documents()

    def review_document(self, document_id: str) -> dict[str, Any]:
        return self.review.document(document_id)

    def decide(
        self, proposal_id: str, action: str, *, by: str, reason: str | None = None, edits: dict[str, Any] | None = None
    ) -> DecisionResult:
        """Accept (with ``edits``: edit and accept) or reject one proposal; an accept is one atomic append."""
        return self.review.decide(proposal_id, action, by=by, reason=reason, edits=edits)

    def accept_rest(self, document_id: str, *, by: str, reviewed: bool = True) -> DecisionResult:
        return self.review.accept_rest(document_id, by=by, reviewed=reviewed)

    def review_history(self, document_id: str | None = None) -> list[dict[str, Any]]:
        return self.review.history(document_id)

    def importer_record(self) -> dict[str, Any]:
        return self.review.importer_record()


MAX_SEARCH_LIMIT = 100
MAX_SEARCH_OFFSET = 10_000
MAX_QUERY_CHARS = 500


def check_search(query: str, partner: str | None, type: str | None, domain: str | None, year: int | None,
                 limit: int, offset: int) -> dict[str, Any]:
    """A search's parameters checked (every problem named at once): its filters, the partner normalized."""
    from chronicle.projections.search_text import query_terms

    problems = []
    if not query.strip():
        problems.append(FieldError("q", "must not be empty: give a word to search for"))
    elif len(query) > MAX_QUERY_CHARS:
        problems.append(FieldError("q", f"must be at most {MAX_QUERY_CHARS} characters"))
    elif not query_terms(query):
        problems.append(FieldError("q", "has no words (letters or digits) to search for"))
    if partner is not None:
        try:
            partner = state_of(normalize_party(partner))
            if partner is None:
                problems.append(FieldError("partner", "must be a state (an organization is no partner)"))
            elif partner == HOME:
                problems.append(FieldError("partner", "Belarus is in every relationship: choose its partner"))
        except ValueError as exc:
            problems.append(FieldError("partner", str(exc)))
    if type is not None and type not in FACT_TYPES:
        problems.append(FieldError("type", f"{type!r} is not a fact type ({', '.join(FACT_TYPES)})"))
    if domain is not None and domain not in DOMAINS:
        problems.append(FieldError("domain", f"{domain!r} is not a domain ({', '.join(DOMAINS)})"))
    if year is not None and not 1 <= year <= 9999:
        problems.append(FieldError("year", "must be a year from 1 to 9999"))
    if not 1 <= limit <= MAX_SEARCH_LIMIT:
        problems.append(FieldError("limit", f"must be from 1 to {MAX_SEARCH_LIMIT}"))
    if not 0 <= offset <= MAX_SEARCH_OFFSET:
        problems.append(FieldError("offset", f"must be from 0 to {MAX_SEARCH_OFFSET}"))
    if problems:
        raise EnvelopeError(problems)
    return {"partner": partner, "type": type, "domain": domain, "year": year}


def _as_of(value: PartialDate | date | str | None) -> tuple[date | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, date):
        return as_of_day(value), value.isoformat()
    parsed = value if isinstance(value, PartialDate) else as_of_date(value)
    return as_of_day(parsed), parsed.text
