

"""The pages' routes: each reads the chronicle through the facade and renders a template."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import ChronicleDep, Credentials, check_read
from api.errors import ApiError, http_error
from api.routes.pages.charts import trade_chart, year_bars
from api.routes.pages.formatting import API, headline, render, segments, squeeze_context
from api.routes.pages.worldmap import partner_map
from chronicle.domain.clock import TimestampError, format_timestamp, parse_timestamp
from chronicle.domain.dates import FIRST_AS_OF_YEAR, DateError, PartialDate, as_of_date
from chronicle.domain.events import DOMAINS, EnvelopeError
from chronicle.domain.fact_types import FACT_TYPE, FACT_TYPES, QUOTED_TYPES
from chronicle.domain.parties import PartyError, Relationship, relationships_of

SHA256 = re.compile(r"[0-9a-f]{64}")
SECTIONS = [  # (state key, heading)
    ("agreements", "Agreements"), ("bodies", "Joint bodies"), ("missions", "Missions"), ("visits", "Visits"),
    ("meetings", "Meetings"), ("ventures", "Ventures"), ("figures", "Figures"), ("restrictions", "Restrictions"),
    ("statements", "Statements"),
]
STATE_LIMIT = 200
TIMELINE_LIMIT = 1000


class PageError(Exception):
    """An error shown as an HTML page."""

    def __init__(self, status: int, title: str, message: str, hint: str | None = None):
        super().__init__(title)
        self.status = status
        self.title = title
        self.message = message
        self.hint = hint


async def page_read(request: Request, credentials: Credentials) -> None:
    """The API's read rule, answered with a page rather than JSON."""
    try:
        check_read(request, credentials)
    except ApiError as exc:
        raise PageError(exc.status, "A token is needed", str(exc.detail),
                        "This chronicle's reads are private: use the API with an Authorization header.") from None


router = APIRouter(include_in_schema=False, dependencies=[Depends(page_read)])


# --- reading the chronicle ------------------------------------------------------------------------------------


def _collect_sources(value: Any, into: set[str]) -> None:
    if isinstance(value, dict):
        source = value.get("source")
        if isinstance(source, str) and SHA256.fullmatch(source):
            into.add(source)
        for child in value.values():
            _collect_sources(child, into)
    elif isinstance(value, list):
        for child in value:
            _collect_sources(child, into)


def _statement_ids(state: dict[str, Any], items: list[dict[str, Any]]) -> list[str]:
    """The facts behind the statements of a relationship's state and timeline, whose quotes the page shows."""
    ids = [s["event_ids"][0] for s in state.get("statements") or [] if s.get("event_ids")]
    return ids + [item["id"] for item in items if item["type"] in QUOTED_TYPES]


def _form_value(raw: str | None, parse: Callable[[str], Any], error: type[Exception], title: str, hint: str) -> Any:
    """A form field read by ``parse`` (None when left empty); what it cannot read is a page of ``title``."""
    if raw is None or not raw.strip():
        return None
    try:
        return parse(raw.strip())
    except error as exc:
        raise PageError(400, title, str(exc), hint) from None


def _as_of(raw: str | None) -> PartialDate | None:
    return _form_value(raw, as_of_date, DateError, "That is not a date the chronicle reads",
                       f"Give a year (2019), a month (2019-06) or a day (2019-06-30), from {FIRST_AS_OF_YEAR} on.")


def _known_at(raw: str | None) -> datetime | None:
    return _form_value(raw, parse_timestamp, TimestampError, "That is not a moment the chronicle reads",
                       "Give an ISO 8601 UTC timestamp, as listed under the field, e.g. 2026-11-21T09:30:00Z.")


def _domain(raw: str | None) -> str | None:
    if raw is None or raw.strip() == "":
        return None
    if raw not in DOMAINS:
        raise PageError(400, "There is no such domain", f"{raw!r} is not one of {', '.join(DOMAINS)}.")
    return raw


# --- the front page -------------------------------------------------------------------------------------------


def _year(raw: str | None, default: int, span: tuple[int, int]) -> int:
    if raw is None or not raw.strip():
        return default
    if not re.fullmatch(r"\d{4}", raw.strip()):
        raise PageError(400, "That is not a year", f"{raw!r} is not a year of four digits.",
                        f"The chronicle's events run from {span[0]} to {span[1]}.")
    return int(raw)


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    chronicle: ChronicleDep,
    all: bool = False,
    year_from: str | None = Query(None, alias="from"),
    year_to: str | None = Query(None, alias="to"),
    as_of: str | None = None,
    known_at: str | None = None,
) -> HTMLResponse:
    relations = chronicle.records.relationships(include_all=all)
    years = [int(y) for r in relations for y in r["years"]]
    span = (min(years), max(years)) if years else (date.today().year, date.today().year)
    for r in relations:
        r["bars"] = year_bars(r["years"], span)
    first, last = _year(year_from, span[0], span), _year(year_to, span[1], span)
    if first > last:
        first, last = last, first
    when, moment = _as_of(as_of), _known_at(known_at)
    activity = chronicle.records.activity(first, last, as_of=when.latest if when else None,
                                          known=chronicle.records.known_position(moment))
    world = partner_map(activity)
    world.update(year_from=first, year_to=last, as_of=when.text if when else "",
                 known_at=known_at.strip() if moment else "")
    ours = [r for r in relations if r["partner"] is not None]
    asian = [r for r in ours if r["asian"]]
    elsewhere = [r for r in ours if not r["asian"]]
    others = [r for r in relations if r["partner"] is None]
    head = chronicle.head()
    return render(request, "index.html", ours=ours, asian=asian, elsewhere=elsewhere, others=others, all=all,
                  span=span, head=head, world=world,
                  sources=len(chronicle.records.sources(limit=1000)),
                  recorded_at=format_timestamp(head.recorded_at) if head.recorded_at else None)


# --- a relationship -------------------------------------------------------------------------------------------


@router.get("/relations/{a}/{b}/compare", response_class=HTMLResponse)
def relation_compare(
    request: Request,
    chronicle: ChronicleDep,
    a: str,
    b: str,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    known_from: str | None = None,
    known_to: str | None = None,
) -> HTMLResponse:
    """What appeared, changed and vanished in a relationship between two dates (valid time) or two recorded
    moments (transaction time)."""
    try:
        rel = Relationship.of(a, b)
    except PartyError as exc:
        raise PageError(404, "No such relationship", f"{a}–{b}: {exc}") from None
    first, second = _as_of(date_from), _as_of(date_to)
    since, until = _known_at(known_from), _known_at(known_to)
    result = None
    if first is not None or since is not None:
        try:
            result = chronicle.compare(rel.a, rel.b, date_from=first.text if first else None,
                                       date_to=second.text if second else None, known_from=since, known_to=until)
        except EnvelopeError as exc:
            raise PageError(400, "Those two points cannot be compared", "; ".join(str(e) for e in exc.errors)) from None
    keys: set[str] = set()
    if result is not None:
        _collect_sources([*result["appeared"], *result["vanished"], *(c["item"] for c in result["changed"])], keys)
    return render(request, "compare.html", rel=rel, result=result, sources=chronicle.records.source_titles(keys),
                  date_from=first.text if first else "", date_to=second.text if second else "",
                  known_from=known_from.strip() if since else "", known_to=known_to.strip() if until else "",
                  moments=chronicle.records.moments())


@router.get("/relations/{a}/{b}", response_class=HTMLResponse)
def relation(
    request: Request,
    chronicle: ChronicleDep,
    a: str,
    b: str,
    as_of: str | None = None,
    known_at: str | None = None,
    domain: str | None = None,
) -> HTMLResponse:
    try:
        rel = Relationship.of(a, b)
    except PartyError as exc:
        raise PageError(404, "No such relationship", f"{a}–{b}: {exc}") from None
    if [a, b] != rel.parties:  # one address per relationship: /relations/BY/KR
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/relations/{rel.a}/{rel.b}{query}", status_code=307)
    summary = next((r for r in chronicle.records.relationships(include_all=True) if r["relationship"] == rel.parties), None)
    if summary is None:
        raise PageError(404, "No such relationship in the chronicle",
                        f"The chronicle holds no events of {rel}.", "The front page lists the relationships it has.")
    when = _as_of(as_of)
    moment = _known_at(known_at)
    domain = _domain(domain)
    state = chronicle.state(rel.a, rel.b, as_of=when, known_at=moment, limit=STATE_LIMIT,
                            totals=True)
    known = chronicle.records.known_position(moment)
    items = chronicle.records.timeline(rel, as_of=when.latest if when else None, known=known, domain=domain,
                                       limit=TIMELINE_LIMIT)
    by_year: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_year[item["date"][:4]].append(item)
    keys: set[str] = set()
    _collect_sources(state, keys)
    _collect_sources(items, keys)
    first_year = int(summary["first_event"][:4]) if summary["first_event"] else date.today().year
    last_year = max(int(summary["last_event"][:4]) if summary["last_event"] else first_year, first_year + 1)
    slider = when.latest.year if when else last_year
    moments = chronicle.records.moments()
    for moment_row in moments:
        params = {"as_of": when.text if when else None, "known_at": moment_row["recorded_at"], "domain": domain}
        moment_row["href"] = f"/relations/{rel.a}/{rel.b}?" + urlencode({k: v for k, v in params.items() if v})
    export_query = urlencode({"a": rel.a, "b": rel.b, **({"as_of": when.text} if when else {})})
    return render(
        request,
        "relation.html",
        rel=rel,
        summary=summary,
        state=state,
        sections=[(key, heading) for key, heading in SECTIONS],
        timeline=sorted(by_year.items()),
        timeline_count=len(items),
        sources=chronicle.records.source_titles(keys),
        quotes=chronicle.records.own_quotes(_statement_ids(state, items)),
        as_of=when.text if when else "",
        known_at=known_at.strip() if moment else "",
        known_through=state.get("known_through_position"),
        domain=domain or "",
        slider={"min": min(first_year, slider), "max": max(last_year, slider), "value": slider},
        moments=moments,
        chart=trade_chart(state["figures"]),
        export_query=export_query,
    )


# --- one event ------------------------------------------------------------------------------------------------


@router.get("/actors/{name}", response_class=HTMLResponse)
def actor_page(request: Request, chronicle: ChronicleDep, name: str) -> HTMLResponse:
    """A person's or an organization's facts across Belarus's relationships."""
    result = chronicle.actor(name)
    if not result["facts"]:
        raise PageError(404, "No such actor in the chronicle", f"No fact names {name!r} among its actors.",
                        "Actors are linked from the audit page of each fact that names them.")
    keys: set[str] = set()
    _collect_sources(result["facts"], keys)
    return render(request, "actor.html", actor=result, sources=chronicle.records.source_titles(keys))


SEARCH_PAGE = 20
SEARCH_FIELDS = ("q", "partner", "type", "domain", "year", "as_of", "known_at")


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    chronicle: ChronicleDep,
    q: str = "",
    partner: str = "",
    type: str = "",
    domain: str = "",
    year: str = "",
    as_of: str = "",
    known_at: str = "",
    offset: int = Query(0, ge=0, le=10_000),
) -> HTMLResponse:
    """Full-text search with facet links: each link adds its facet's value to the query, each chosen one can
    be taken off again."""
    asked = {"q": q.strip(), "partner": partner.strip(), "type": type.strip(), "domain": domain.strip(),
             "year": year.strip(), "as_of": as_of.strip(), "known_at": known_at.strip()}
    result = None
    if asked["q"]:
        if asked["year"] and not asked["year"].isdigit():
            raise PageError(400, "That is not a year", f"{asked['year']!r} is not a year.", "Give a year, e.g. 2019.")
        try:
            result = chronicle.search(
                asked["q"], partner=asked["partner"] or None, type=asked["type"] or None,
                domain=asked["domain"] or None, year=int(asked["year"]) if asked["year"] else None,
                as_of=_as_of(asked["as_of"]), known_at=_known_at(asked["known_at"]), limit=SEARCH_PAGE,
                offset=offset,
            )
        except EnvelopeError as exc:
            raise PageError(400, "The search cannot be run", str(exc), "Give a word or two to search for.") from None

    def link(**changes: Any) -> str:
        wanted = {**asked, **{k: str(v) for k, v in changes.items()}}
        return "/search?" + urlencode({k: v for k, v in wanted.items() if v})

    return render(request, "search.html", asked=asked, result=result, link=link, offset=offset, page=SEARCH_PAGE,
                  facet_titles={"partner": "Partner", "type": "Type", "domain": "Domain", "year": "Year"})


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, chronicle: ChronicleDep, event_id: str) -> HTMLResponse:
    try:
        event_id = str(uuid.UUID(event_id))
    except ValueError:
        raise PageError(404, "No such event", f"{event_id!r} is not an event id.") from None
    event = chronicle.records.event(event_id)
    if event is None:
        raise PageError(404, "No such event", f"The chronicle has no event {event_id}.")
    if event["type"] not in FACT_TYPES:  # a correction: show it, and send the reader to its target
        target = chronicle.records.event(event["target"]) if event.get("target") else None
        return render(request, "correction.html", event=event, target=target)
    provenance = chronicle.records.provenance(event_id) or {"citations": []}
    contexts = {(c["position"], c["ordinal"]): c for c in provenance["citations"]}
    citations = []
    for c in event["citations_all"]:
        full = contexts.get((c["position"], c["ordinal"]), c)
        context = full.get("context")
        citations.append({**c, "context": squeeze_context(context) if context else None,
                          "source_recorded_at": full["source"].get("recorded_at"),
                          "original": c["position"] == event["position"]})
    current = event["current"]
    history = []
    for change in current.get("corrections", []):
        stored = chronicle.get(change["id"])
        history.append({**change, "recorded_at": format_timestamp(stored.recorded_at) if stored else None})
    original = {k: event.get(k) for k in ("date", "parties", "attributes", "figure", "actors")}
    relationships = [r for r in relationships_of(current["parties"])]
    return render(request, "event.html", event=event, status=event.get("status", "original"), current=current,
                  original=original, citations=citations,
                  history=history, relationships=relationships,
                  domain=current["attributes"].get("domain") or FACT_TYPE[current["type"]].default_domain)


# --- sources --------------------------------------------------------------------------------------------------


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, chronicle: ChronicleDep) -> HTMLResponse:
    return render(request, "sources.html", sources=chronicle.records.sources(limit=1000))


@router.get("/sources/{sha256}", response_class=HTMLResponse)
def source_page(request: Request, chronicle: ChronicleDep, sha256: str) -> HTMLResponse:
    if not SHA256.fullmatch(sha256):
        raise PageError(404, "No such source", f"{sha256!r} is not a source key (64 lower-case hex digits).")
    source = chronicle.records.source(sha256)
    if source is None:
        raise PageError(404, "No such source", f"The chronicle has no source {sha256}.")
    events = {c["event_id"] for c in source["citations"]}
    facts = {e: chronicle.records.event(e) for e in sorted(events)}
    numbered = []
    for number, c in enumerate(source["citations"], 1):
        fact = facts.get(c["event_id"]) or {}
        status = fact.get("status", "original")
        numbered.append({**c, "number": number, "type": fact.get("type"), "status": status,
                         "headline": headline(fact.get("current") or fact) if fact else "",
                         "date": (fact.get("current") or {}).get("date") or fact.get("date")})
    pieces = segments(source.get("text"), numbered) if source.get("has_text") else None
    return render(request, "source.html", source=source, citations=numbered, segments=pieces)


# --- errors ---------------------------------------------------------------------------------------------------


async def _page_error(request: Request, exc: PageError) -> HTMLResponse:
    return render(request, "error.html", status_code=exc.status, error=exc)


async def _not_found(request: Request, exc: StarletteHTTPException):
    """An unknown address outside the API gets the 404 page; the API keeps its JSON errors."""
    if exc.status_code == 404 and not request.url.path.startswith("/api"):
        error = PageError(404, "Nothing here", f"There is no page at {request.url.path}.")
        return render(request, "error.html", status_code=404, error=error)
    return await http_error(request, exc)


def install(app: FastAPI) -> None:
    """Add the pages, their static files and their error pages to the app."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(API / "static")), name="static")
    app.add_exception_handler(PageError, _page_error)
    app.add_exception_handler(StarletteHTTPException, _not_found)

