"""Does a new fact tell something the chronicle already holds? (corroboration at import)

A candidate fact *matches* a stored fact — and is then recorded as ``citation.added`` on it, not as a second
event — when, against the stored fact's current version:

- the type is the same and the parties fold into the same set of states;
- the dates are compatible: one's span contains the other's (``2021-06`` and ``2021``, not ``2020``);
- where both name the item (an agreement's title, a body's name, the body a session belongs to, a venture's
  name, a mission's kind and sides, a visitor), the names agree, ignoring case, spacing and punctuation;
- for figures: the same metric, unit and reporting side, and values within 1 % of each other. Two sources
  with different figures for one period stay two events, and the state marks the conflict.

Only facts of at least one relationship (two distinct states) are looked up.
"""

from __future__ import annotations

from typing import Any

import orjson

from chronicle.domain.dates import PartialDate
from chronicle.domain.events import NewEvent
from chronicle.domain.fact_types import FACT_TYPE
from chronicle.domain.parties import relationships_of, states_of
from chronicle.domain.versions import FactVersion
from chronicle.projections.facts import name_key, placement
from chronicle.store.database import Database
from chronicle.store.dialect import dialect_for
from chronicle.store.recorder import Recorder
from chronicle.store.dialect import INFINITE_POSITION

FIGURE_TOLERANCE = 0.01
NAMING_ATTRIBUTES = ("title", "name", "body", "visitor", "kind", "of", "in")

CANDIDATES_SQL = (
    "SELECT event_id, date_text, payload FROM relationship_facts"
    f" WHERE relationship = ? AND section = ? AND type = ? AND tx_to = {INFINITE_POSITION}"
    " AND date_start <= ? AND date_end >= ? ORDER BY position"
)


def _version(event: NewEvent) -> FactVersion:
    content = event.content
    return FactVersion(
        event_id="",
        position=0,
        type=event.type,
        date=event.date,
        parties=event.parties,
        actors=tuple(content.get("actors", ())),
        attributes=content.get("attributes", {}),
        figure=content.get("figure"),
        citations=(),
    )


def _compatible(a: PartialDate, b: PartialDate) -> bool:
    contains = lambda outer, inner: outer.earliest <= inner.earliest and inner.latest <= outer.latest  # noqa: E731
    return contains(a, b) or contains(b, a)


def _names_agree(mine: dict[str, Any], theirs: dict[str, Any]) -> bool:
    for attribute in NAMING_ATTRIBUTES:
        a, b = mine.get(attribute), theirs.get(attribute)
        if a and b and name_key(str(a)) != name_key(str(b)):
            return False
    return True


def _figures_agree(mine: dict[str, Any] | None, theirs: dict[str, Any] | None) -> bool:
    if mine is None or theirs is None:
        return mine is theirs
    if (mine["metric"], mine["unit"]) != (theirs["metric"], theirs["unit"]):
        return False
    high = max(mine["value"], theirs["value"])
    return high == 0 or abs(mine["value"] - theirs["value"]) / high <= FIGURE_TOLERANCE


def same_fact(candidate: NewEvent, stored: dict[str, Any]) -> bool:
    """Whether a candidate fact and a stored fact's row payload tell the same fact (the rules above)."""
    if candidate.type != stored["type"] or states_of(candidate.parties) != states_of(stored["parties"]):
        return False
    if not _compatible(candidate.date, PartialDate.parse(stored["date"])):
        return False
    if not _names_agree(candidate.content.get("attributes", {}), stored.get("attributes", {})):
        return False
    if FACT_TYPE[candidate.type].carries_figure:
        mine, theirs = candidate.content.get("figure"), stored.get("figure")
        if mine and theirs and mine["metric"] in ("trade.exports", "trade.imports"):
            if states_of(candidate.parties[:1]) != states_of(stored["parties"][:1]):
                return False
        return _figures_agree(mine, theirs)
    return True


class Corroborator:
    """Finds, for candidate facts, the stored facts they corroborate, and which import keys are already used."""

    def __init__(self, db: Database, recorder: Recorder):
        self.db = db
        self.recorder = recorder
        self.d = dialect_for(db.dialect)

    def existing_keys(self, keys: list[str]) -> dict[str, str]:
        """Idempotency key -> event id, for the keys already used."""
        with self.db.read() as conn:
            found = self.recorder.fetch_by_keys(conn, sorted(set(keys)))
        return {key: result.id for key, (_, result) in found.items()}

    def matches(self, candidates: list[NewEvent]) -> list[str | None]:
        """For each candidate fact, the id of the stored fact it tells again, or None."""
        out: list[str | None] = []
        with self.db.read() as conn:
            for candidate in candidates:
                out.append(self._match(conn, candidate) if candidate.is_fact else None)
        return out

    def _match(self, conn, candidate: NewEvent) -> str | None:
        relationships = relationships_of(candidate.parties)
        if not relationships or candidate.date is None:
            return None
        where = placement(_version(candidate))
        params = (
            relationships[0].key,
            where.section,
            candidate.type,
            self.d.encode_date(candidate.date.latest),
            self.d.encode_date(candidate.date.earliest),
        )
        for event_id, _date_text, payload in conn.exec_driver_sql(self.d.sql(CANDIDATES_SQL), params):
            if same_fact(candidate, orjson.loads(payload)):
                return event_id
        return None
