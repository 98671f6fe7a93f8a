"""Transaction time: timestamps in UTC, written as ISO 8601 with microseconds and a ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """A naive datetime is taken to be UTC already; an aware one is converted."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def format_timestamp(value: datetime) -> str:
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class TimestampError(ValueError):
    """A string is not an ISO 8601 timestamp."""


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 timestamp; without an offset it is taken as UTC. A bare date means its first instant."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TimestampError(f"{value!r} is not an ISO 8601 timestamp such as 2026-11-21T09:30:00.123456Z") from None
    try:
        return as_utc(moment)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is in the year 0 in UTC
        raise TimestampError(f"{value!r} is outside the years 1 to 9999 in UTC") from None
