"""Building a relationship's state card from the rows selected for it (pure functions, no SQL).

Selection rules (what the SQL in ``state.py`` implements, and what tests replay naively):

- A row is *visible* when its relationship matches, its earliest day is on or before ``as_of`` and it was
  current at position ``known``: ``tx_from <= known < tx_to``.
- Rows of a section are grouped into items by ``item_key``. Items are ordered by their latest row's
  earliest day, newest first, then by key; the first ``limit`` items are listed and ``more`` says whether
  there are others; ``total``, counted only when asked for, says how many there are in all.
- Within an item, rows are grouped by role (``signed``/``in_force``, ``established``/``session``, ...). For
  each role the view knows how many rows are visible, the earliest one, and the :data:`EXPLAINED` newest
  (by day, then position): those are the events an item lists in ``event_ids`` and draws its attributes and
  sources from.
- An item is ``uncertain`` when one of its rows has a date span that contains ``as_of`` but does not end
  before it (an event dated ``2021`` seen as of 2021-06-30).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chronicle.domain.events import DOMAINS
from chronicle.domain.parties import is_multilateral

# How many of an item's newest events per role it lists (with its earliest): what explains what it shows.
EXPLAINED = 3

# How the activity trend compares the trailing three years with the three before.
TREND_RISING = 1.2
TREND_FALLING = 0.8


@dataclass(frozen=True, slots=True)
class Row:
    item_key: str
    role: str
    event_id: str
    position: int
    date_text: str
    date_start: date
    date_end: date
    payload: dict[str, Any]


@dataclass(slots=True)
class RoleRows:
    count: int | None  # how many rows of the role are visible (counted where an item shows it: see state.py)
    first: Row
    newest: list[Row] = field(default_factory=list)  # newest first

    def rows(self) -> list[Row]:
        """The rows known of this role, earliest first, without repeats."""
        rows = sorted({r.position: r for r in [self.first, *self.newest]}.values(), key=lambda r: (r.date_start, r.position))
        return rows


@dataclass(slots=True)
class SectionRows:
    more: bool = False  # the section has more items than the ``limit`` listed
    total: int | None = None  # how many items it has, when counted (``totals=True``)
    keys: list[str] = field(default_factory=list)
    roles: dict[tuple[str, str], RoleRows] = field(default_factory=dict)
    _by_key: dict[str, dict[str, RoleRows]] | None = field(default=None, repr=False, compare=False)

    def item_roles(self, key: str) -> dict[str, RoleRows]:
        if self._by_key is None:  # once roles are filled in, group them by item (one pass, not one per item)
            self._by_key = {}
            for (k, role), rows in self.roles.items():
                self._by_key.setdefault(k, {})[role] = rows
        return self._by_key.get(key, {})


def _uncertain(rows: list[Row], as_of: date | None) -> bool:
    return as_of is not None and any(r.date_start <= as_of < r.date_end for r in rows)


def _sources(rows: list[Row]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for row in rows:
        for s in row.payload.get("sources", ()):
            seen.setdefault((s["source"], s.get("label")), s)
    return list(seen.values())


def _event_ids(rows: list[Row]) -> list[str]:
    return list(dict.fromkeys(r.event_id for r in rows))


def _attributes(rows: list[Row]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for row in rows:
        for key, value in row.payload.get("attributes", {}).items():
            merged.setdefault(key, value)
    return merged


def _common(rows: list[Row], as_of: date | None) -> dict[str, Any]:
    return {"uncertain": _uncertain(rows, as_of), "event_ids": _event_ids(rows), "sources": _sources(rows)}


def _single(rows: list[Row], as_of: date | None) -> dict[str, Any]:
    """An item made of one event (a visit, a meeting, a restriction, a statement)."""
    row = rows[0]
    item = {"date": row.date_text, **_attributes(rows), "actors": row.payload.get("actors", [])}
    item["parties"] = row.payload.get("parties", [])
    item["multilateral"] = is_multilateral(item["parties"])
    return {**item, **_common(rows, as_of)}


def _first_date(roles: dict[str, RoleRows], role: str) -> str | None:
    found = roles.get(role)
    return found.first.date_text if found else None


def _mission(roles: dict[str, RoleRows], as_of: date | None) -> dict[str, Any]:
    rows = roles["opened"].rows()
    attrs = _attributes(rows)
    return {
        "kind": attrs.get("kind"),
        "of": attrs.get("of"),
        "in": attrs.get("in"),
        "city": attrs.get("city"),
        "opened": _first_date(roles, "opened"),
        "actors": list(dict.fromkeys(a for r in rows for a in r.payload.get("actors", []))),
        **_common(rows, as_of),
    }


def _agreement(roles: dict[str, RoleRows], as_of: date | None) -> dict[str, Any]:
    rows = [r for role in ("signed", "in_force") if role in roles for r in roles[role].rows()]
    attrs = _attributes(rows)
    return {
        "title": attrs.get("title"),
        "kind": attrs.get("kind"),
        "level": attrs.get("level"),
        "signed": _first_date(roles, "signed"),
        "in_force": _first_date(roles, "in_force"),
        "actors": list(dict.fromkeys(a for r in rows for a in r.payload.get("actors", []))),
        **_common(rows, as_of),
    }


def _body(roles: dict[str, RoleRows], as_of: date | None) -> dict[str, Any]:
    established = roles["established"].rows() if "established" in roles else []
    sessions = roles.get("session")
    session_rows = sessions.rows() if sessions else []
    rows = established + session_rows
    attrs = _attributes(established + session_rows)
    name = attrs.get("name") or attrs.get("body")
    return {
        "name": name,
        "kind": attrs.get("kind") if established else None,
        "established": established[0].date_text if established else None,
        "sessions": sessions.count if sessions else 0,
        "last_session": sessions.newest[0].date_text if sessions else None,
        **_common(rows, as_of),
    }


def _venture(roles: dict[str, RoleRows], as_of: date | None) -> dict[str, Any]:
    rows = roles["started"].rows()
    attrs = _attributes(rows)
    return {"name": attrs.get("name"), "sector": attrs.get("sector"), "city": attrs.get("city"),
            "started": _first_date(roles, "started"), **_common(rows, as_of)}


def _figure(roles: dict[str, RoleRows], as_of: date | None) -> dict[str, Any]:
    rows = sorted(roles["figure"].rows(), key=lambda r: r.position)
    first = rows[0].payload
    values = [
        {
            "value": r.payload["figure"]["value"],
            "qualifier": r.payload["figure"].get("qualifier"),
            "event_id": r.event_id,
            "date": r.date_text,
            "sources": r.payload.get("sources", []),
        }
        for r in rows
    ]
    numbers = [v["value"] for v in values]
    low, high = min(numbers), max(numbers)
    conflict = high > 0 and (high - low) / high > 0.01
    parties = first.get("parties", [])
    metric = first["figure"]["metric"]
    return {
        "period": rows[0].date_text,
        "metric": metric,
        "reporter": parties[0] if metric in ("trade.exports", "trade.imports") and parties else None,
        "value": values[0]["value"],
        "unit": first["figure"]["unit"],
        "qualifier": values[0]["qualifier"],
        "conflict": conflict,
        "values": values,
        **_common(rows, as_of),
    }


_GROUPED = {
    "missions": _mission,
    "agreements": _agreement,
    "bodies": _body,
    "ventures": _venture,
    "figures": _figure,
}
_SINGLE = {"visits", "meetings", "restrictions", "statements"}


def section_items(section: str, rows: SectionRows, as_of: date | None) -> list[dict[str, Any]]:
    out = []
    for key in rows.keys:
        roles = rows.item_roles(key)
        if section in _SINGLE:
            out.append(_single([r for role in roles.values() for r in role.rows()], as_of))
        else:
            out.append(_GROUPED[section](roles, as_of))
    if section == "figures":
        out.sort(key=lambda f: (f["metric"], f["period"]))
    return out


def established_item(rows: SectionRows, as_of: date | None) -> dict[str, Any] | None:
    roles = rows.item_roles("established")
    if not roles:
        return None
    role = roles["established"]
    all_rows = role.rows()
    return {"date": role.first.date_text, **_common(all_rows, as_of)}


@dataclass(frozen=True, slots=True)
class DomainActivity:
    recent: int  # events in the trailing three years
    previous: int  # events in the three years before
    last_event: str | None  # date of the latest event on or before as_of


def trend(recent: int, previous: int) -> str:
    if recent == 0 and previous == 0:
        return "none"
    if previous == 0:
        return "rising"
    ratio = recent / previous
    if ratio > TREND_RISING:
        return "rising"
    if ratio < TREND_FALLING:
        return "falling"
    return "steady"


def activity_items(by_domain: dict[str, DomainActivity], window_end: date) -> list[dict[str, Any]]:
    out = []
    for domain in DOMAINS:
        found = by_domain.get(domain, DomainActivity(0, 0, None))
        out.append(
            {
                "domain": domain,
                "last_3_years": found.recent,
                "previous_3_years": found.previous,
                "last_event": found.last_event,
                "trend": trend(found.recent, found.previous),
                "window_end": window_end.isoformat(),
            }
        )
    return out


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for 29 February); the first day there is, in the first
    centuries of the era."""
    if day.year - years < date.min.year:
        return date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
