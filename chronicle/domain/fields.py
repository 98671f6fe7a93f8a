"""The field types of events: party and language codes, dates, bounded texts, and the strict model base.

Each type normalizes what it accepts (``by`` -> ``BY``, ``' text '`` -> ``'text'``) and says why it refuses
the rest; :mod:`chronicle.domain.events` and :mod:`chronicle.domain.fact_types` build their models of them.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from chronicle.domain.canonical import has_surrogate
from chronicle.domain.dates import DateError, PartialDate
from chronicle.domain.parties import PartyError, normalize_party, state_and_organization_codes


MAX_TEXT = 20_000_000  # characters of a source's full text
MAX_FIELD = 10_000  # characters of a quote, title, reason, ...


def party_code(value: str) -> str:
    try:
        return normalize_party(value)
    except PartyError as exc:
        raise ValueError(str(exc)) from None


def date_text(value: str) -> str:
    try:
        return PartialDate.parse(value).text
    except DateError as exc:
        raise ValueError(str(exc)) from None


def language_code(value: str) -> str:
    code = value.strip().lower()
    if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
        raise ValueError(f"{value!r} is not an ISO 639-1 language code such as 'ru' or 'en'")
    return code


def unit_code(value: str) -> str:
    unit = value.strip()
    if unit == "count":
        return unit
    if pycountry.currencies.get(alpha_3=unit.upper()) is None:
        raise ValueError(f"{value!r} is neither an ISO 4217 currency code nor 'count'")
    return unit.upper()


def event_id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise ValueError(f"{value!r} is not an event id (a UUID)") from None


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters (\\x00)")
    if has_surrogate(value):
        raise ValueError(SURROGATE_REASON)
    return value


SURROGATE_REASON = "must not contain lone surrogates (U+D800..U+DFFF): they are not Unicode text"


def json_number(value: Any) -> Any:
    """A JSON number, as given: neither a boolean (``true`` is no figure) nor a string of digits."""
    if type(value) is bool or not isinstance(value, (int, float)):
        raise ValueError("must be a JSON number (not a boolean or a string)")
    return value


def json_integer(value: Any) -> Any:
    """A JSON integer, as given: not a boolean, a string or a fraction."""
    if type(value) is bool or not isinstance(value, int):
        raise ValueError("must be a JSON integer (not a boolean, a string or a fraction)")
    return value


# In a JSON Schema (the API's document), a party is one of the codes it lists (a region's code is taken too).
Party = Annotated[str, AfterValidator(party_code), WithJsonSchema({"type": "string", "enum": state_and_organization_codes()})]
DateText = Annotated[str, AfterValidator(date_text)]
Language = Annotated[str, AfterValidator(language_code)]
# (in a JSON Schema a text has a character that is not a space: it is stripped, then must not be empty)
Text = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=MAX_FIELD, json_schema_extra={"pattern": r"\S"}),
                 AfterValidator(no_nul)]
EventId = Annotated[str, AfterValidator(event_id)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Strict(BaseModel):
    """A frozen model that refuses unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)
