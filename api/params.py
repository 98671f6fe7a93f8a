"""Query and path parameters, parsed and checked before a route runs: a bad one is a 422 that names it.

The validators receive the parameter's text and turn it into what the chronicle takes: a normalized party,
a day, a timestamp, a canonical event id.
"""

from __future__ import annotations

from datetime import date, datetime
from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

from fastapi import Path, Query
from pydantic import PlainValidator, WithJsonSchema

from chronicle.domain.clock import TimestampError, parse_timestamp
from chronicle.domain.dates import DateError, PartialDate, as_of_date
from chronicle.domain.events import DOMAINS, EVENT_TYPES, FACT_TYPES
from chronicle.domain.fields import date_text, event_id, party_code
from chronicle.domain.parties import HOME, state_and_organization_codes, state_codes

MAX_QUERY_POSITION = 2**53 - 1  # far beyond any chronicle, and room to add a filtered read's scan to it in SQL
MAX_OFFSET = 2**63 - 1  # a signed 64-bit integer on both engines
MAX_LIMIT = 1000
MAX_WAIT = 30.0

T = TypeVar("T")


def _refusing(parse: Callable[[str], T]) -> Callable[[str], T]:
    """``parse`` with the chronicle's own error for a bad text made a ValueError (pydantic's 422)."""

    def validate(value: str) -> T:
        try:
            return parse(value)
        except (DateError, TimestampError) as exc:
            raise ValueError(str(exc)) from None

    return validate


_partial_date = _refusing(PartialDate.parse)
_as_of = _refusing(as_of_date)
_timestamp = _refusing(parse_timestamp)


def _earliest(value: str) -> date:
    return _partial_date(value).earliest


def _latest(value: str) -> date:
    return _partial_date(value).latest


def _as_of_day(value: str) -> date:
    return _as_of(value).latest


def _as_of_text(value: str) -> str:
    return _as_of(value).text


# What the document says a date parameter is: a year, a year and month, or a day, of the years 1000-9999 (the
# server takes an interval such as 2019-01/2019-06 too; docs/state.md).
DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": "^[1-9][0-9]{3}$"},
        {"type": "string", "pattern": "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"},
        {"type": "string", "format": "date", "pattern": "^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$"},
    ],
    "examples": ["2019", "2019-06", "2019-06-30", "2019-01/2019-06"],
}
# A party: a state or an organization by its code (a region's ISO 3166-2 code is taken too).
PARTY_SCHEMA = {"type": "string", "enum": state_and_organization_codes(), "examples": ["BY", "KR", "EAEU"]}
# A side of a relationship: a state (a relationship needs two different ones, which no schema can say).
STATE_SCHEMA = {"type": "string", "enum": state_codes(), "examples": ["BY", "KR"]}
# Belarus's partner: any other state.
PARTNER_SCHEMA = {"type": "string", "enum": [c for c in state_codes() if c != HOME], "examples": ["KR", "CN"]}

# A partial date (2019, 2019-06, 2019-06-30 or an interval) as the day a filter needs, or as its text.
EarliestDay = Annotated[date, PlainValidator(_earliest), WithJsonSchema(DATE_SCHEMA)]
LatestDay = Annotated[date, PlainValidator(_latest), WithJsonSchema(DATE_SCHEMA)]
DateText = Annotated[str, PlainValidator(date_text), WithJsonSchema(DATE_SCHEMA)]
# An as_of: a partial date whose last day is in the years 1000-9999 (chronicle.domain.dates.FIRST_AS_OF_YEAR).
AsOfLatest = Annotated[date, PlainValidator(_as_of_day), WithJsonSchema(DATE_SCHEMA)]
AsOfDateText = Annotated[str, PlainValidator(_as_of_text), WithJsonSchema(DATE_SCHEMA)]
# What the document says a moment is: an RFC 3339 date-time of the years 1000-9998 (any offset keeps it in the
# years a moment has in UTC), no leap second (the server also takes a bare day and other ISO 8601 forms).
TIMESTAMP_SCHEMA = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^(1[0-9]{3}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
               r"[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
    "examples": ["2026-11-21T09:30:00.123456Z"],
}
Timestamp = Annotated[datetime, PlainValidator(_timestamp), WithJsonSchema(TIMESTAMP_SCHEMA)]
PartyCode = Annotated[str, PlainValidator(party_code), WithJsonSchema(PARTY_SCHEMA)]
StateCode = Annotated[str, PlainValidator(party_code), WithJsonSchema(STATE_SCHEMA)]
PartnerCode = Annotated[str, PlainValidator(party_code), WithJsonSchema(PARTNER_SCHEMA)]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
FactType = Literal[FACT_TYPES]  # type: ignore[valid-type]
Domain = Literal[DOMAINS]  # type: ignore[valid-type]

# -- the parameters themselves --------------------------------------------------------------------------------

After = Annotated[int, Query(ge=0, le=MAX_QUERY_POSITION, description="Only events after this position.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip this many items.")]
Wait = Annotated[
    float,
    Query(ge=0, le=MAX_WAIT, description="When nothing newer exists, wait up to this many seconds for it (long poll)."),
]
Party = Annotated[
    PartyCode | None, Query(description="Only events concerning this party (state, region or organization).")
]
Types = Annotated[list[EventType] | None, Query(description="Only events of these types (repeatable).")]
FactTypes = Annotated[list[FactType] | None, Query(description="Only facts of these types (repeatable).")]
DomainFilter = Annotated[Domain | None, Query(description="Only facts of this domain.")]
DateFrom = Annotated[
    EarliestDay | None, Query(alias="from", description="Only what is dated on or after this (partial) date.")
]
DateTo = Annotated[
    LatestDay | None, Query(alias="to", description="Only what is dated on or before this (partial) date.")
]
AS_OF = "Valid time: the chronicle as of this (partial) date, that is as of its last day."
AsOfDay = Annotated[AsOfLatest | None, Query(description=AS_OF)]
AsOfText = Annotated[AsOfDateText | None, Query(description=AS_OF)]
KnownAt = Annotated[
    Timestamp | None, Query(description="Transaction time: only what had been recorded by this UTC moment.")
]
EventId = Annotated[
    str,
    PlainValidator(event_id),
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The event's id (a UUID)."),
]
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="The source's key: SHA-256, lower-case hex.")]
AfterKey = Annotated[
    str | None,
    Query(pattern=r"^[0-9a-f]{64}$", description="Only what comes after this source key (SHA-256, lower-case hex)."),
]
