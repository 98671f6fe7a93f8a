"""A fact as the chronicle knows it after its corrections: the pure reducer ``evolve(version, event)``.

A fact event starts a :class:`FactVersion`. ``event.corrected`` replaces the date, parties, figure or some
attributes; ``citation.added`` adds a citation; ``event.retracted`` marks it retracted. The original event
row never changes; its version is always the fold of the fact and the corrections recorded after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from chronicle.domain.dates import PartialDate


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as read back from the store: its position, id, recorded time and canonical content."""

    position: int
    id: str
    type: str
    body: dict[str, Any]
    recorded_at: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """One correction applied to a fact (kept for the fact's history)."""

    position: int
    event_id: str
    type: str
    reason: str | None
    changes: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class FactVersion:
    event_id: str
    position: int
    type: str
    date: PartialDate
    parties: tuple[str, ...]
    actors: tuple[str, ...]
    attributes: dict[str, Any]
    figure: dict[str, Any] | None
    citations: tuple[dict[str, Any], ...]  # each with "source", "quote", "span", "reference", "position"
    retracted: bool = False
    history: tuple[Change, ...] = field(default=())

    @property
    def status(self) -> str:
        """``retracted``, ``corrected`` (by an ``event.corrected``) or ``original`` (added citations included)."""
        if self.retracted:
            return "retracted"
        return "corrected" if any(c.type == "event.corrected" for c in self.history) else "original"

    @property
    def last_position(self) -> int:
        return self.history[-1].position if self.history else self.position

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.event_id,
            "position": self.position,
            "type": self.type,
            "date": self.date.text,
            "parties": list(self.parties),
            "actors": list(self.actors),
            "attributes": dict(self.attributes),
            "retracted": self.retracted,
            "corrections": [
                {"position": c.position, "id": c.event_id, "type": c.type, "reason": c.reason, "changes": c.changes}
                for c in self.history
            ],
        }
        if self.figure is not None:
            out["figure"] = dict(self.figure)
        return out


class CannotApply(ValueError):
    """A correction does not fit its target (a retracted fact, or a correction as target)."""


def _citations_of(event: RecordedEvent) -> tuple[dict[str, Any], ...]:
    return tuple({**c, "position": event.position} for c in event.body.get("citations", ()))


def start(event: RecordedEvent) -> FactVersion:
    body = event.body
    return FactVersion(
        event_id=event.id,
        position=event.position,
        type=event.type,
        date=PartialDate.parse(body["date"]),
        parties=tuple(body["parties"]),
        actors=tuple(body.get("actors", ())),
        attributes=dict(body.get("attributes", {})),
        figure=body.get("figure"),
        citations=_citations_of(event),
    )


def evolve(version: FactVersion | None, event: RecordedEvent) -> FactVersion:
    """The next version of a fact after ``event`` (a fact starts one; a correction needs the current one)."""
    if version is None:
        if event.type in ("event.retracted", "event.corrected", "citation.added"):
            raise CannotApply(f"{event.type} needs an existing fact as its target")
        return start(event)
    if version.retracted:
        raise CannotApply(f"the target {version.event_id} is retracted; nothing more can be applied to it")
    body = event.body
    if event.type == "event.retracted":
        change = Change(event.position, event.id, event.type, body.get("reason"))
        return replace(version, retracted=True, history=version.history + (change,))
    if event.type == "event.corrected":
        changes = body["changes"]
        updated = version
        if "date" in changes:
            updated = replace(updated, date=PartialDate.parse(changes["date"]))
        if "parties" in changes:
            updated = replace(updated, parties=tuple(changes["parties"]))
        if "figure" in changes:
            updated = replace(updated, figure=changes["figure"])
        if "attributes" in changes:
            updated = replace(updated, attributes={**updated.attributes, **changes["attributes"]})
        change = Change(event.position, event.id, event.type, body.get("reason"), changes)
        return replace(updated, history=version.history + (change,))
    if event.type == "citation.added":
        citation = {**body["citation"], "position": event.position}
        change = Change(event.position, event.id, event.type, None)
        return replace(version, citations=version.citations + (citation,), history=version.history + (change,))
    raise CannotApply(f"{event.type} is a fact, not a correction of {version.event_id}")
