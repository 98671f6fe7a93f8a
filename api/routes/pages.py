"""The web pages: server-rendered HTML over the same chronicle as the API (Jinja2, autoescaped).

- ``/`` — the relationships, with event counts, first and last event and activity per year;
- ``/relations/{a}/{b}`` — the state card as of a date (``as_of``) and as known at a moment (``known_at``),
  the timeline by year with a domain filter, and a chart of the trade figures;
- ``/events/{id}`` — the audit page of one event: the claim, every source with its quote in context, the
  cited works, when each piece was recorded, and the corrections;
- ``/sources`` and ``/sources/{sha256}`` — the documents, each with its cited passages highlighted.

The pages are outside ``/api`` and out of the OpenAPI document. Everything that comes from an article is
rendered as text by the templates (autoescape); nothing here marks such text safe. Reads follow the API's
read-token rule. Errors are HTML pages: 404 for what is not there, 400 for a bad date or moment.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import ChronicleDep, Credentials, check_read
from api.errors import ApiError, _http_error
from chronicle.domain.clock import TimestampError, format_timestamp, parse_timestamp
from chronicle.domain.dates import DateError, PartialDate
from chronicle.domain.events import DOMAINS, EnvelopeError
from chronicle.domain.fact_types import FACT_TYPE, FACT_TYPES, REGISTRY
from chronicle.domain.fact_types import headline as fact_headline
from chronicle.domain.parties import PartyError, Relationship, display_name, relationships_of
from chronicle.domain.wording import METRIC_LABELS, format_value, label, short_summary

HERE = Path(__file__).resolve().parents[1]
templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape is on for every template
SHA256 = re.compile(r"[0-9a-f]{64}")

TYPE_LABELS = {**{entry.name: entry.label for entry in REGISTRY},
               "event.retracted": "retraction", "event.corrected": "correction", "citation.added": "citation"}
SECTIONS = [  # (state key, heading)
    ("agreements", "Agreements"), ("bodies", "Joint bodies"), ("missions", "Missions"), ("visits", "Visits"),
    ("meetings", "Meetings"), ("ventures", "Ventures"), ("figures", "Figures"), ("restrictions", "Restrictions"),
    ("statements", "Statements"),
]
TRADE_METRICS = ("trade.turnover", "trade.exports", "trade.imports")
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


# --- formatting helpers (template filters) ---------------------------------------------------------------------


def short_number(value: float) -> str:
    for size, word in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:,.1f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.0f}"


def headline(item: dict[str, Any]) -> str:
    """What a fact is, in a few words, from its type and attributes."""
    attributes = item.get("attributes") or {}
    kind = item.get("type") or item.get("kind")
    told = fact_headline(kind, attributes, item.get("figure"))
    return told if told is not None else short_summary(attributes) or label(kind)


def moment(stamp: str | None) -> str:
    """A recorded moment for reading: 2026-11-21 09:30:00 UTC (the exact value stays in the markup)."""
    if not stamp:
        return ""
    return stamp.replace("T", " ").split(".")[0].rstrip("Z") + " UTC"


def link(url: str | None) -> str | None:
    """An address fit for an href: http(s) only, so that a javascript: URL from an article stays text."""
    if isinstance(url, str) and re.match(r"https?://", url.strip(), re.I):
        return url.strip()
    return None


def year(day: str | None) -> str:
    return day[:4] if day else ""


def names(parties: list[str] | tuple[str, ...]) -> str:
    return ", ".join(display_name(p) for p in parties)


templates.env.filters.update(label=label, headline=headline, value=format_value, names=names, name=display_name,
                             short_number=short_number, moment=moment, year=year, link=link)
templates.env.globals.update(TYPE_LABELS=TYPE_LABELS, METRIC_LABELS=METRIC_LABELS, DOMAINS=DOMAINS)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


# --- reading the chronicle ------------------------------------------------------------------------------------


def _source_titles(chronicle, keys: set[str]) -> dict[str, dict[str, Any]]:
    """Title, publisher, date and URL of the given sources, by key."""
    wanted = sorted(keys)
    out: dict[str, dict[str, Any]] = {}
    d = chronicle.recorder.dialect
    with chronicle.db.read() as conn:
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            sql = (f"SELECT sha256, title, publisher, url, published, text IS NOT NULL FROM sources"
                   f" WHERE sha256 IN ({d.placeholders(len(part))})")
            for sha, title, publisher, url, published, has_text in conn.exec_driver_sql(d.sql(sql), tuple(part)):
                out[sha] = {"sha256": sha, "title": title, "publisher": publisher, "url": url,
                            "published": published, "has_text": bool(has_text)}
    return out


def _moments(chronicle, limit: int = 50) -> list[dict[str, Any]]:
    """The latest recorded batches (transactions): when, and which positions — the moments ``known_at`` can name."""
    d = chronicle.recorder.dialect
    with chronicle.db.read() as conn:
        rows = conn.exec_driver_sql(
            d.sql("SELECT first_position, last_position, recorded_at FROM transactions"
                  " ORDER BY last_position DESC LIMIT ?"),
            (limit,),
        ).all()
    return [{"first": first, "last": last, "recorded_at": format_timestamp(d.decode_timestamp(at))}
            for first, last, at in rows]


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


def _as_of(raw: str | None) -> PartialDate | None:
    if raw is None or not raw.strip():
        return None
    try:
        return PartialDate.parse(raw.strip())
    except DateError as exc:
        raise PageError(400, "That is not a date the chronicle reads", str(exc),
                        "Give a year (2019), a month (2019-06) or a day (2019-06-30).") from None


def _known_at(raw: str | None):
    if raw is None or not raw.strip():
        return None
    try:
        return parse_timestamp(raw.strip())
    except TimestampError as exc:
        raise PageError(400, "That is not a moment the chronicle reads", str(exc),
                        "Give an ISO 8601 UTC timestamp, as listed under the field, e.g. 2026-11-21T09:30:00Z.") from None


# --- the front page -------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def index(request: Request, chronicle: ChronicleDep, all: bool = False) -> HTMLResponse:
    relations = chronicle.records.relationships(include_all=all)
    years = [int(y) for r in relations for y in r["years"]]
    span = (min(years), max(years)) if years else (date.today().year, date.today().year)
    for r in relations:
        r["bars"] = _year_bars(r["years"], span)
    ours = [r for r in relations if r["partner"] is not None]
    asian = [r for r in ours if r["asian"]]
    elsewhere = [r for r in ours if not r["asian"]]
    others = [r for r in relations if r["partner"] is None]
    head = chronicle.head()
    return render(request, "index.html", ours=ours, asian=asian, elsewhere=elsewhere, others=others, all=all,
                  span=span, head=head,
                  sources=len(chronicle.records.sources(limit=1000)),
                  recorded_at=format_timestamp(head.recorded_at) if head.recorded_at else None)


def _year_bars(counts: dict[str, int], span: tuple[int, int], width: int = 240, height: int = 28) -> dict[str, Any]:
    first, last = span
    n = last - first + 1
    step = width / n
    top = max(counts.values(), default=0) or 1
    bars = []
    for year in range(first, last + 1):
        count = counts.get(str(year), 0)
        h = 0 if count == 0 else max(2.0, height * count / top)
        bars.append({"year": year, "count": count, "x": round((year - first) * step, 2), "w": round(max(step - 1, 1), 2),
                     "y": round(height - h, 2), "h": round(h, 2)})
    busiest = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return {"width": width, "height": height, "bars": bars, "busiest": busiest}


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
    return render(request, "compare.html", rel=rel, result=result, sources=_source_titles(chronicle, keys),
                  date_from=first.text if first else "", date_to=second.text if second else "",
                  known_from=known_from.strip() if since else "", known_to=known_to.strip() if until else "",
                  moments=_moments(chronicle))


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
    if domain is not None and domain.strip() == "":
        domain = None
    if domain is not None and domain not in DOMAINS:
        raise PageError(400, "There is no such domain", f"{domain!r} is not one of {', '.join(DOMAINS)}.")
    state = chronicle.state(rel.a, rel.b, as_of=when.text if when else None, known_at=moment, limit=STATE_LIMIT,
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
    moments = _moments(chronicle)
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
        sources=_source_titles(chronicle, keys),
        as_of=when.text if when else "",
        known_at=known_at.strip() if moment else "",
        known_through=state.get("known_through_position"),
        domain=domain or "",
        slider={"min": min(first_year, slider), "max": max(last_year, slider), "value": slider},
        moments=moments,
        chart=trade_chart(state["figures"]),
        export_query=export_query,
    )


def trade_chart(figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """An SVG line chart of the yearly trade figures (USD), one line per metric and reporting side; a point
    whose sources disagree is marked, and each source's value drawn beside it."""
    points = [f for f in figures if f["metric"] in TRADE_METRICS and f["unit"] == "USD" and re.fullmatch(r"\d{4}", f["period"])]
    if not points:
        return None
    width, height, left, right, top, bottom = 440, 260, 56, 16, 14, 34
    years = sorted({int(p["period"]) for p in points})
    x0, x1 = years[0], years[-1]
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    vmax = max(max(v["value"] for v in p["values"]) for p in points)
    ymax = _nice_ceiling(vmax * 1.08)

    def x(year: float) -> float:
        return round(left + (year - x0) / (x1 - x0) * (width - left - right), 1)

    def y(value: float) -> float:
        return round(top + (1 - value / ymax) * (height - top - bottom), 1)

    series: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for p in sorted(points, key=lambda p: p["period"]):
        series[(p["metric"], p.get("reporter"))].append(p)
    out_series = []
    for index, ((metric, reporter), rows) in enumerate(sorted(series.items(), key=lambda kv: TRADE_METRICS.index(kv[0][0]))):
        name = METRIC_LABELS[metric] + (f" reported by {display_name(reporter)}" if reporter else "")
        marks = []
        for row in rows:
            year = int(row["period"])
            values = row["values"]
            detail = "; ".join(f"{format_value(v['value'], 'USD', v.get('qualifier'))}" for v in values)
            marks.append({
                "x": x(year), "y": y(row["value"]), "year": year, "conflict": row["conflict"],
                "event_id": values[0]["event_id"] if values else None,
                "title": f"{name}, {year}: {format_value(row['value'], 'USD', row.get('qualifier'))}"
                         + (f" — sources disagree: {detail}" if row["conflict"] else ""),
                "others": [{"x": x(year) + 7, "y": y(v["value"]), "event_id": v["event_id"],
                            "title": f"{year}: {format_value(v['value'], 'USD', v.get('qualifier'))} (another source)"}
                           for v in values[1:] if row["conflict"]],
            })
        path = " ".join(f"{'M' if i == 0 else 'L'}{m['x']},{m['y']}" for i, m in enumerate(marks))
        out_series.append({"name": name, "index": index % 3, "marks": marks, "path": path})
    step = max(1, (x1 - x0) // 8)
    xticks = [{"x": x(year), "label": str(year)} for year in range(x0, x1 + 1, step)]
    yticks = [{"y": y(ymax * i / 4), "label": short_number(ymax * i / 4)} for i in range(5)]
    return {"width": width, "height": height, "left": left, "right": right, "top": top, "bottom": bottom,
            "series": out_series, "xticks": xticks, "yticks": yticks,
            "conflicts": any(m["conflict"] for s in out_series for m in s["marks"])}


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10.0 * magnitude


# --- one event ------------------------------------------------------------------------------------------------


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
        citations.append({**c, "context": _squeeze_context(context) if context else None,
                          "source_recorded_at": full["source"].get("recorded_at"),
                          "original": c["position"] == event["position"]})
    current = event["current"]
    history = []
    for change in current.get("corrections", []):
        stored = chronicle.recorder.get(change["id"])
        history.append({**change, "recorded_at": format_timestamp(stored.recorded_at) if stored else None})
    original = {k: event.get(k) for k in ("date", "parties", "attributes", "figure", "actors")}
    relationships = [r for r in relationships_of(current["parties"])]
    return render(request, "event.html", event=event, status=event.get("status", "original"), current=current,
                  original=original, citations=citations,
                  history=history, relationships=relationships,
                  domain=current["attributes"].get("domain") or FACT_TYPE[current["type"]].default_domain)


def _squeeze_context(context: dict[str, str]) -> dict[str, str]:
    """The text around a quote with its white space collapsed, for reading (the offsets are not needed here)."""
    def squeeze(text: str | None) -> str:
        return re.sub(r"\s+", " ", text or "")
    before, passage, after = squeeze(context["before"]), squeeze(context["passage"]).strip(), squeeze(context["after"])
    return {"before": ("…" + before.lstrip()) if before.strip() else "", "passage": passage,
            "after": (after.rstrip() + "…") if after.strip() else ""}


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
    segments = _segments(source.get("text"), numbered) if source.get("has_text") else None
    return render(request, "source.html", source=source, citations=numbered, segments=segments)


def _segments(text: str | None, citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every span boundary: each piece with the citations covering it, and the numbers of
    those that start at it."""
    if text is None:
        return []
    bounds = {0, len(text)}
    for c in citations:
        start, end = c["span"]
        bounds.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    cuts = sorted(bounds)
    starts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in citations:
        starts[c["span"][0]].append(c)
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        covering = [c for c in citations if c["span"][0] <= lo and hi <= c["span"][1]]
        out.append({"text": text[lo:hi], "citations": covering, "starts": starts.get(lo, [])})
    return out


# --- errors ---------------------------------------------------------------------------------------------------


async def _page_error(request: Request, exc: PageError) -> HTMLResponse:
    return render(request, "error.html", status_code=exc.status, error=exc)


async def _not_found(request: Request, exc: StarletteHTTPException):
    """An unknown address outside the API gets the 404 page; the API keeps its JSON errors."""
    if exc.status_code == 404 and not request.url.path.startswith("/api"):
        error = PageError(404, "Nothing here", f"There is no page at {request.url.path}.")
        return render(request, "error.html", status_code=404, error=error)
    return await _http_error(request, exc)


def install(app: FastAPI) -> None:
    """Add the pages, their static files and their error pages to the app."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_exception_handler(PageError, _page_error)
    app.add_exception_handler(StarletteHTTPException, _not_found)

