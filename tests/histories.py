"""Random chronicles for property tests: batches of facts and corrections of earlier facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from tests.builders import SOURCE, TEXT, citation

QUOTES = [s.strip() + "." for s in TEXT.split(". ") if s.strip()]
PARTIES = [["BY", "KR"], ["BY-HO", "KR"], ["BY", "KR", "CN"], ["BY", "CN"], ["KR", "CN"], ["BY", "EAEU"], ["BY", "EAEU", "KR"]]
TITLES = ["Trade agreement", "Visa agreement", "Culture programme"]
BODIES = ["Business council", "Joint commission"]
DOMAINS = [None, "political", "economic", "science-tech", "cultural", "education"]


@st.composite
def partial_dates(draw, low: int = 2000, high: int = 2008) -> str:
    year = draw(st.integers(low, high))
    kind = draw(st.sampled_from(["year", "month", "day", "interval"]))
    if kind == "year":
        return str(year)
    month = draw(st.integers(1, 12))
    if kind == "month":
        return f"{year}-{month:02d}"
    if kind == "day":
        return f"{year}-{month:02d}-{draw(st.integers(1, 28)):02d}"
    return f"{year}/{year + draw(st.integers(0, 2))}"


@st.composite
def attributes(draw, type_: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    domain = draw(st.sampled_from(DOMAINS))
    if domain:
        attrs["domain"] = domain
    if type_ in ("agreement.signed", "agreement.in_force") and draw(st.booleans()):
        attrs["title"] = draw(st.sampled_from(TITLES))
    if type_ == "body.established":
        attrs["name"] = draw(st.sampled_from(BODIES))
    if type_ == "meeting.held" and draw(st.booleans()):
        attrs["body"] = draw(st.sampled_from(BODIES)).upper()
    if type_ == "mission.opened" and draw(st.booleans()):
        attrs.update(kind="embassy", of="BY", **{"in": "KR"})
    return attrs


@st.composite
def facts(draw) -> dict[str, Any]:
    type_ = draw(st.sampled_from([
        "relations.established", "mission.opened", "agreement.signed", "agreement.in_force", "body.established",
        "meeting.held", "visit", "venture.started", "figure.reported", "restriction.imposed", "statement.made",
    ]))
    quote = draw(st.sampled_from(QUOTES))
    envelope = {
        "type": type_,
        "date": draw(partial_dates()),
        "parties": draw(st.sampled_from(PARTIES)),
        "attributes": draw(attributes(type_)),
        "citations": [citation(quote, source=SOURCE)],
    }
    if type_ == "figure.reported":
        envelope["figure"] = {
            "metric": draw(st.sampled_from(["trade.turnover", "trade.exports"])),
            "value": draw(st.sampled_from([100.0, 100.5, 150.0])),
            "unit": "USD",
        }
    return envelope


@st.composite
def corrections(draw) -> tuple[str, int, dict[str, Any]]:
    """An abstract correction of the n-th earlier fact (resolved when the history is written)."""
    kind = draw(st.sampled_from(["retract", "date", "parties", "figure", "attributes", "cite"]))
    index = draw(st.integers(0, 10_000))
    if kind == "retract":
        return kind, index, {"type": "event.retracted", "reason": "test"}
    if kind == "cite":
        return kind, index, {"type": "citation.added", "citation": citation(draw(st.sampled_from(QUOTES)), source=SOURCE)}
    changes: dict[str, Any]
    if kind == "date":
        changes = {"date": draw(partial_dates())}
    elif kind == "parties":
        changes = {"parties": draw(st.sampled_from(PARTIES))}
    elif kind == "figure":
        changes = {"figure": {"metric": "trade.turnover", "value": draw(st.sampled_from([100.0, 120.0])), "unit": "USD"}}
    else:
        changes = {"attributes": {"domain": draw(st.sampled_from(DOMAINS[1:]))}}
    return kind, index, {"type": "event.corrected", "reason": "test", "changes": changes}


histories = st.lists(st.lists(st.one_of(facts(), corrections()), min_size=1, max_size=8), min_size=1, max_size=5)


@dataclass
class Written:
    """What writing a history produced: the recorded time and last position of each batch."""

    batches: list[tuple[Any, int]] = field(default_factory=list)


def write(chronicle, history, *, project_each: bool = True) -> Written:
    """Append each batch; corrections pick a standing earlier fact of a fitting type, or are dropped."""
    written = Written()
    standing: list[tuple[str, str]] = []  # (id, type) of facts not retracted, from earlier batches
    for batch in history:
        envelopes = []
        for item in batch:
            if isinstance(item, dict):
                envelopes.append(item)
                continue
            kind, index, envelope = item
            fitting = [f for f in standing if kind != "figure" or f[1] == "figure.reported"]
            if not fitting:
                continue
            target_id = fitting[index % len(fitting)][0]
            envelopes.append({**envelope, "target": target_id})
            if kind == "retract":
                standing = [f for f in standing if f[0] != target_id]
        if not envelopes:
            continue
        summary = chronicle.append(envelopes, project=project_each)
        for envelope, result in zip(envelopes, summary.results, strict=True):
            if envelope["type"] not in ("event.retracted", "event.corrected", "citation.added"):
                standing.append((result.id, envelope["type"]))
        written.batches.append((summary.results[0].recorded_at, summary.results[-1].position))
    return written
