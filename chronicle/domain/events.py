"""Events: the eleven fact types, the three correction types, and the envelope they are appended in.

An envelope is validated into a :class:`NewEvent`, a normalized, immutable value. Validation errors name the
field (``citations.0.span``) and the reason; see :class:`EnvelopeError`.

Facts carry a date, parties, citations and type-specific ``attributes``; ``figure.reported`` carries a
``figure``. Corrections (``event.retracted``, ``event.corrected``, ``citation.added``) carry no date or
parties of their own: they act on their ``target``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from chronicle.domain.dates import DateError, PartialDate
from chronicle.domain.parties import PartyError, normalize_party

FACT_TYPES = (
    "relations.established",
    "mission.opened",
    "agreement.signed",
    "agreement.in_force",
    "body.established",
    "meeting.held",
    "visit",
    "venture.started",
    "figure.reported",
    "restriction.imposed",
    "statement.made",
)
CORRECTION_TYPES = ("event.retracted", "event.corrected", "citation.added")
EVENT_TYPES = FACT_TYPES + CORRECTION_TYPES

DOMAINS = ("political", "economic", "science-tech", "cultural", "education")
METRICS = (
    "trade.turnover",
    "trade.exports",
    "trade.imports",
    "investment",
    "agreements.count",
    "people.count",
    "goods.count",
    "other",
)
QUALIFIERS = ("more than", "about", "almost", "less than")

MAX_TEXT = 20_000_000  # characters of a source's full text
MAX_FIELD = 10_000  # characters of a quote, title, reason, ...


# --- field types -------------------------------------------------------------------------------------------


def _party(value: str) -> str:
    try:
        return normalize_party(value)
    except PartyError as exc:
        raise ValueError(str(exc)) from None


def _date_text(value: str) -> str:
    try:
        return PartialDate.parse(value).text
    except DateError as exc:
        raise ValueError(str(exc)) from None


def _language(value: str) -> str:
    code = value.strip().lower()
    if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
        raise ValueError(f"{value!r} is not an ISO 639-1 language code such as 'ru' or 'en'")
    return code


def _unit(value: str) -> str:
    unit = value.strip()
    if unit == "count":
        return unit
    if pycountry.currencies.get(alpha_3=unit.upper()) is None:
        raise ValueError(f"{value!r} is neither an ISO 4217 currency code nor 'count'")
    return unit.upper()


def _uuid(value: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise ValueError(f"{value!r} is not an event id (a UUID)") from None


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


Party = Annotated[str, AfterValidator(_party)]
DateText = Annotated[str, AfterValidator(_date_text)]
Language = Annotated[str, AfterValidator(_language)]
Text = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=MAX_FIELD)]
EventId = Annotated[str, AfterValidator(_uuid)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# --- sources and citations ---------------------------------------------------------------------------------


class SourceIn(_Strict):
    """A source document given in full: metadata and, optionally, its text."""

    title: Text | None = None
    publisher: Text | None = None
    url: Text | None = None
    published: DateText | None = None
    language: Language | None = None
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)] | None = None

    @model_validator(mode="after")
    def _identifiable(self) -> SourceIn:
        if self.text is None and self.title is None and self.url is None:
            raise ValueError("a source needs at least a title, a url or its text")
        return self


class SourceRef(_Strict):
    """A source already stored (or given earlier in the same batch), named by its key."""

    sha256: Sha256


def _source_kind(value: Any) -> str:
    return "ref" if isinstance(value, dict) and "sha256" in value else "full"


class Reference(_Strict):
    """What a passage cites: its footnote or bracket label, and the cited work where known."""

    label: Text | None = None
    title: Text | None = None
    url: Text | None = None


class Citation(_Strict):
    source: Annotated[
        Union[Annotated[SourceIn, "full"], Annotated[SourceRef, "ref"]],
        Field(union_mode="left_to_right"),
    ]
    quote: Text
    span: tuple[Annotated[int, Field(ge=0)], Annotated[int, Field(ge=0)]]
    reference: Reference | None = None

    @field_validator("source", mode="before")
    @classmethod
    def _pick_source(cls, value: Any) -> Any:
        if _source_kind(value) == "ref":
            return SourceRef.model_validate(value)
        return SourceIn.model_validate(value) if isinstance(value, dict) else value

    @field_validator("span")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[1] <= value[0]:
            raise ValueError("the span's end must come after its start")
        return value

    @field_validator("reference")
    @classmethod
    def _empty_reference(cls, value: Reference | None) -> Reference | None:
        if value is not None and value.label is None and value.title is None and value.url is None:
            return None
        return value


class Figure(_Strict):
    metric: Literal[METRICS]  # type: ignore[valid-type]
    value: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    unit: Annotated[str, AfterValidator(_unit)]
    qualifier: Literal[QUALIFIERS] | None = None  # type: ignore[valid-type]


def figure_json(figure: Figure) -> dict[str, Any]:
    """A figure as stored: an integral value is written as an integer (182000000, not 182000000.0)."""
    value = figure.value
    if value.is_integer() and value < 2**53:
        value = int(value)
    return {"metric": figure.metric, "value": value, "unit": figure.unit, "qualifier": figure.qualifier}


# --- type-specific attributes ------------------------------------------------------------------------------


class _Attributes(_Strict):
    domain: Literal[DOMAINS] | None = None  # type: ignore[valid-type]
    summary: Text | None = None


class MissionAttributes(_Attributes):
    kind: Literal["embassy", "consulate", "honorary_consulate", "trade_office", "representative_office", "other"] | None = None
    of: Party | None = None
    in_: Party | None = Field(default=None, alias="in")
    city: Text | None = None


class AgreementAttributes(_Attributes):
    title: Text | None = None
    kind: Literal[
        "agreement", "treaty", "memorandum", "protocol", "declaration", "roadmap", "programme", "contract", "other"
    ] | None = None
    level: Literal["interstate", "intergovernmental", "interagency", "regional", "corporate", "other"] | None = None


class BodyAttributes(_Attributes):
    name: Text | None = None
    kind: Literal["business_council", "joint_commission", "committee", "working_group", "centre", "other"] | None = None


class MeetingAttributes(_Attributes):
    name: Text | None = None
    kind: Literal[
        "session",
        "forum",
        "business_forum",
        "round_table",
        "seminar",
        "conference",
        "consultations",
        "negotiations",
        "exhibition",
        "cultural_event",
        "other",
    ] | None = None
    body: Text | None = None
    session_number: Annotated[int, Field(ge=1)] | None = None
    city: Text | None = None


class VisitAttributes(_Attributes):
    visitor: Text | None = None
    level: Literal["head_of_state", "head_of_government", "minister", "parliament", "delegation", "other"] | None = None
    from_: Party | None = Field(default=None, alias="from")
    to: Party | None = None


class VentureAttributes(_Attributes):
    name: Text | None = None
    sector: Text | None = None
    city: Text | None = None


class RestrictionAttributes(_Attributes):
    by: Party | None = None
    kind: Literal["sanctions", "export_control", "other"] | None = None
    measure: Text | None = None


class StatementAttributes(_Attributes):
    speaker: Text | None = None
    topic: Text | None = None


ATTRIBUTES: dict[str, type[_Attributes]] = {
    "relations.established": _Attributes,
    "mission.opened": MissionAttributes,
    "agreement.signed": AgreementAttributes,
    "agreement.in_force": AgreementAttributes,
    "body.established": BodyAttributes,
    "meeting.held": MeetingAttributes,
    "visit": VisitAttributes,
    "venture.started": VentureAttributes,
    "figure.reported": _Attributes,
    "restriction.imposed": RestrictionAttributes,
    "statement.made": StatementAttributes,
}

for _model in set(ATTRIBUTES.values()):
    _model.model_config["populate_by_name"] = True
    _model.model_rebuild(force=True)


def attributes_dict(model: _Attributes) -> dict[str, Any]:
    """Attributes as plain JSON, by their public names, without unset values."""
    return model.model_dump(by_alias=True, exclude_none=True)


def validate_attributes(event_type: str, value: dict[str, Any]) -> dict[str, Any]:
    """Validate a type's attributes (used for corrections, whose target's type is known only at append)."""
    return attributes_dict(ATTRIBUTES[event_type].model_validate(value))


# --- envelopes ---------------------------------------------------------------------------------------------

ExpectedVersion = Annotated[int, Field(ge=0)] | dict[str, Annotated[int, Field(ge=0)]] | None
IdempotencyKey = Annotated[str, Field(min_length=1, max_length=200)] | None


class _Envelope(_Strict):
    idempotency_key: IdempotencyKey = None
    expected_version: ExpectedVersion = None


def _dedupe(parties: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for p in parties:
        seen.setdefault(p, None)
    return list(seen)


class _Fact(_Envelope):
    date: DateText
    parties: Annotated[list[Party], Field(min_length=1, max_length=64)]
    actors: Annotated[list[Text], Field(max_length=200)] = []
    citations: Annotated[list[Citation], Field(min_length=1, max_length=200)]

    @field_validator("parties")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        return _dedupe(value)


def _fact_model(event_type: str) -> type[_Fact]:
    fields: dict[str, Any] = {
        "type": (Literal[event_type], ...),
        "attributes": (ATTRIBUTES[event_type], ATTRIBUTES[event_type]()),
    }
    if event_type == "figure.reported":
        fields["figure"] = (Figure, ...)
    name = "Fact_" + event_type.replace(".", "_")
    return create_model(name, __base__=_Fact, **fields)


class TargetByKey(_Strict):
    """A correction's target named by the idempotency key it was appended with."""

    idempotency_key: Annotated[str, Field(min_length=1, max_length=200)]


Target = EventId | TargetByKey


class _NoOwnDateOrParties(_Envelope):
    date: None = None
    parties: None = None

    @field_validator("date", "parties", mode="before")
    @classmethod
    def _acts_on_target(cls, value: Any) -> None:
        if value not in (None, [], ""):
            raise ValueError("a correction carries no date or parties of its own; it acts on its target")
        return None


class Retraction(_NoOwnDateOrParties):
    type: Literal["event.retracted"]
    target: Target
    reason: Text


class Changes(_Strict):
    date: DateText | None = None
    parties: Annotated[list[Party], Field(min_length=1, max_length=64)] | None = None
    figure: Figure | None = None
    attributes: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _something(self) -> Changes:
        if self.date is None and self.parties is None and self.figure is None and self.attributes is None:
            raise ValueError("changes must name at least one of date, parties, figure, attributes")
        return self


class Correction(_NoOwnDateOrParties):
    type: Literal["event.corrected"]
    target: Target
    reason: Text
    changes: Changes


class CitationAdded(_NoOwnDateOrParties):
    type: Literal["citation.added"]
    target: Target
    citation: Citation


_ENVELOPES = tuple(_fact_model(t) for t in FACT_TYPES) + (Retraction, Correction, CitationAdded)
_ENVELOPE = TypeAdapter(Annotated[Union[_ENVELOPES], Field(discriminator="type")])  # type: ignore[valid-type]


# --- errors ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}" if self.field else self.reason


class EnvelopeError(ValueError):
    """An envelope (or a batch) failed validation; nothing was appended.

    ``errors`` names every field that failed and why; ``index`` is the 0-based position of the envelope in its
    batch when known.
    """

    def __init__(self, errors: list[FieldError], index: int | None = None):
        self.errors = errors
        self.index = index
        where = f"event {index + 1}: " if index is not None else ""
        super().__init__(where + "; ".join(str(e) for e in errors))

    def at(self, index: int) -> EnvelopeError:
        return EnvelopeError(self.errors, index)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [{"index": self.index, "field": e.field, "reason": e.reason} for e in self.errors]


_ALIASES = {"in_": "in", "from_": "from"}


def _field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for i, item in enumerate(loc):
        if i == 0 and isinstance(item, str) and item in EVENT_TYPES:
            continue  # the discriminator's tag
        if isinstance(item, str) and (item in ("full", "ref") or item.startswith(("function-", "SourceIn", "SourceRef"))):
            continue
        parts.append(_ALIASES.get(str(item), str(item)))
    return ".".join(parts)


def _reason(error: dict[str, Any]) -> str:
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "union_tag_invalid":
        return f"unknown event type {error['input'].get('type')!r}; expected one of {', '.join(EVENT_TYPES)}"
    if error["type"] == "union_tag_not_found":
        return "missing; every event needs a type"
    if error["type"] == "missing" or (error.get("input") is None and error["type"].endswith("_type")):
        return "missing; this field is required"
    if error["type"] in ("too_short", "string_too_short") and (error.get("ctx") or {}).get("actual_length") == 0:
        return "must not be empty"
    return message


def errors_from(exc: ValidationError) -> list[FieldError]:
    out: list[FieldError] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"] in ("union_tag_not_found", "union_tag_invalid"):
            loc = ("type",)
        out.append(FieldError(_field_path(loc), _reason(error)))
    return out


# --- the validated value -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewEvent:
    """One validated envelope, ready for the store to resolve its sources and append it."""

    type: str
    date: PartialDate | None
    parties: tuple[str, ...]
    content: dict[str, Any]  # the event's own fields, JSON-ready, without citations
    citations: tuple[Citation, ...]
    target: str | None  # a correction's target id ...
    target_key: str | None  # ... or the idempotency key of its target, resolved when appended
    idempotency_key: str | None
    expected_version: int | dict[str, int] | None

    @property
    def is_fact(self) -> bool:
        return self.type in FACT_TYPES

    @property
    def is_correction(self) -> bool:
        return self.type in CORRECTION_TYPES


def parse_envelope(data: Any) -> NewEvent:
    """Validate one envelope (a dict decoded from JSON)."""
    if not isinstance(data, dict):
        raise EnvelopeError([FieldError("", "an event must be a JSON object")])
    try:
        model = _ENVELOPE.validate_python(data)
    except ValidationError as exc:
        raise EnvelopeError(errors_from(exc)) from None
    common = {"idempotency_key": model.idempotency_key, "expected_version": model.expected_version}
    if isinstance(model, _Fact):
        content: dict[str, Any] = {
            "type": model.type,
            "date": model.date,
            "parties": list(model.parties),
            "actors": list(model.actors),
            "attributes": attributes_dict(model.attributes),
        }
        figure = getattr(model, "figure", None)
        if figure is not None:
            content["figure"] = figure_json(figure)
        return NewEvent(
            type=model.type,
            date=PartialDate.parse(model.date),
            parties=tuple(model.parties),
            content=content,
            citations=tuple(model.citations),
            target=None,
            target_key=None,
            **common,
        )
    by_key = isinstance(model.target, TargetByKey)
    target = None if by_key else model.target
    content = {"type": model.type, "target": target}
    citations: tuple[Citation, ...] = ()
    if isinstance(model, Retraction):
        content["reason"] = model.reason
    elif isinstance(model, Correction):
        content["reason"] = model.reason
        content["changes"] = model.changes.model_dump(exclude_none=True)
        if model.changes.figure is not None:
            content["changes"]["figure"] = figure_json(model.changes.figure)
    else:
        citations = (model.citation,)
    return NewEvent(
        type=model.type,
        date=None,
        parties=(),
        content=content,
        citations=citations,
        target=target,
        target_key=model.target.idempotency_key if by_key else None,
        **common,
    )


def parse_batch(items: list[Any]) -> list[NewEvent]:
    """Validate every envelope of a batch; the first failure raises with its index."""
    events = []
    for index, item in enumerate(items):
        try:
            events.append(parse_envelope(item))
        except EnvelopeError as exc:
            raise exc.at(index) from None
    return events
