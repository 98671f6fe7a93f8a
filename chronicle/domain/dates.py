"""Partial dates and intervals (ISO 8601 / EDTF level 0).

A chronicle date keeps the precision its source gives: ``2021`` (a year), ``2021-07`` (a month),
``2021-07-15`` (a day), or an interval of any two of these, ``2021-01/2021-04``. Every date is stored as
its original text together with its earliest and latest day, so that queries compare plain days while
nothing of the original precision is lost.

``as_of`` dates given to queries are partial dates too; a query *as of* ``2019`` means "as of the end of
2019" and uses the latest day (see :func:`as_of_day`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

# ASCII digits only: ``\d`` would take fullwidth and other scripts' digits, and store such a date for ever.
_PART = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

class DateError(ValueError):
    """A date string is not an ISO 8601 / EDTF level 0 date or interval."""


def _bounds(part: str) -> tuple[date, date, str]:
    m = _PART.fullmatch(part)
    if not m:
        raise DateError(f"{part!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    if year < 1:
        raise DateError(f"{part!r}: year 0000 is not supported")
    if m.group(2) is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    month = int(m.group(2))
    if not 1 <= month <= 12:
        raise DateError(f"{part!r}: month {month} is not between 01 and 12")
    last = calendar.monthrange(year, month)[1]
    if m.group(3) is None:
        return date(year, month, 1), date(year, month, last), "month"
    day = int(m.group(3))
    if not 1 <= day <= last:
        raise DateError(f"{part!r}: day {day} does not exist in {year}-{month:02d}")
    d = date(year, month, day)
    return d, d, "day"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date at the precision a source gives it: its text, earliest and latest day."""

    text: str
    earliest: date
    latest: date
    precision: str

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        if not isinstance(value, str):
            raise DateError(f"expected a date string, got {type(value).__name__}")
        return _parse(value.strip())

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        if "/" in text:
            start_text, _, end_text = text.partition("/")
            start, _, _ = _bounds(start_text)
            _, end, _ = _bounds(end_text)
            if end < start:
                raise DateError(f"{text!r}: the interval ends before it starts")
            return cls(text, start, end, "interval")
        earliest, latest, precision = _bounds(text)
        return cls(text, earliest, latest, precision)

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=65536)
def _parse(text: str) -> PartialDate:
    """Dates repeat a lot in a chronicle; a parsed date is an immutable value, so it is shared."""
    return PartialDate._parse(text)


# The valid time a query may stand at: an ``as_of`` whose last day is in the years 1000 to 9999. Events may be
# dated from the year 1; a state as of 1000 or later shows them. An as_of in the first millennium (0201, 0019) is
# a digit missed, not a question the chronicle of a modern state answers, and its six-year activity window
# would reach before the calendar's first day: it is refused, not answered with an empty state.
FIRST_AS_OF_YEAR = 1000


def _check_as_of(text: str, latest: date) -> None:
    if latest.year < FIRST_AS_OF_YEAR:
        raise DateError(f"{text!r} is before the year {FIRST_AS_OF_YEAR}: as_of is a date from "
                        f"{FIRST_AS_OF_YEAR} to 9999 (a state as of {FIRST_AS_OF_YEAR} shows any earlier event)")


def as_of_date(value: str) -> PartialDate:
    """A query's ``as_of`` (a partial date standing for its last day), refused outside the years 1000–9999."""
    parsed = PartialDate.parse(value)
    _check_as_of(parsed.text, parsed.latest)
    return parsed


def as_of_day(value: str | date | PartialDate | None) -> date | None:
    """The day a query ``as_of`` stands for: the latest day of a partial date, or the day itself; a
    :class:`DateError` outside the years 1000–9999."""
    if value is None:
        return None
    if isinstance(value, date):
        _check_as_of(value.isoformat(), value)
        return value
    if isinstance(value, PartialDate):
        _check_as_of(value.text, value.latest)
        return value.latest
    return as_of_date(value).latest
