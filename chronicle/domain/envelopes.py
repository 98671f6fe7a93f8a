"""The envelope models: what an event may say, and how validation reads it and words its errors.

These pydantic models are the definition of a valid envelope; :func:`parse_envelope_with_models` validates
with them into a :class:`NewEvent`. :mod:`chronicle.domain.fast_envelopes` builds the same values for plain
envelopes without them, and :mod:`chronicle.domain.events` (what the rest of the chronicle reads) takes the
fast path first.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    TypeAdapter,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from chronicle.domain.dates import PartialDate
from chronicle.domain.fact_types import FACT_TYPE, FACT_TYPES, attributes_dict
from chronicle.domain.fields import (
    MAX_TEXT,
    DateText,
    EventId,
    Language,
    Party,
    Sha256,
    Text,
    json_integer,
    json_number,
    no_nul,
    unit_code,
)
from chronicle.domain.fields import Strict as _Strict

from chronicle.domain.events import (  # the plain values every reader of events uses, defined without pydantic
    CORRECTION_TYPES,
    EVENT_TYPES,
    MAX_AUTHORS,
    METRICS,
    QUALIFIERS,
    EnvelopeError,
    FieldError,
    NewEvent,
)



# --- sources and citations ---------------------------------------------------------------------------------


class SourceIn(_Strict):
    """A source document given in full: metadata and, optionally, its text."""

    title: Text | None = None
    publisher: Text | None = None
    url: Text | None = None
    published: DateText | None = None
    language: Language | None = None
    # Its authors as the source names them: a person as "Family, Given", an organization in one piece.
    authors: Annotated[list[Text], Field(min_length=1, max_length=MAX_AUTHORS)] | None = None
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(no_nul)] | None = None

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
    span: tuple[
        Annotated[int, BeforeValidator(json_integer), Field(ge=0, le=MAX_TEXT)],
        Annotated[int, BeforeValidator(json_integer), Field(ge=0, le=MAX_TEXT)],
    ]
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
    value: Annotated[float, BeforeValidator(json_number), Field(ge=0, allow_inf_nan=False)]
    unit: Annotated[str, AfterValidator(unit_code)]
    qualifier: Literal[QUALIFIERS] | None = None  # type: ignore[valid-type]


def figure_json(figure: Figure) -> dict[str, Any]:
    """A figure as stored: an integral value is written as an integer (182000000, not 182000000.0)."""
    value = figure.value
    if value.is_integer() and value < 2**53:
        value = int(value)
    return {"metric": figure.metric, "value": value, "unit": figure.unit, "qualifier": figure.qualifier}


# --- type-specific attributes (their models are the registry's) ------------------------------------------


def validate_attributes(event_type: str, value: dict[str, Any]) -> dict[str, Any]:
    """Validate a type's attributes (used for corrections, whose target's type is known only at append)."""
    return attributes_dict(FACT_TYPE[event_type].attributes.model_validate(value))


# --- envelopes ---------------------------------------------------------------------------------------------

Version = Annotated[int, BeforeValidator(json_integer), Field(ge=0)]
ExpectedVersion = Version | dict[str, Version] | None
Key = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(no_nul)]
IdempotencyKey = Key | None


class _Envelope(_Strict):
    idempotency_key: IdempotencyKey = None
    expected_version: ExpectedVersion = None


def _dedupe(parties: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for p in parties:
        seen.setdefault(p, None)
    return list(seen)


# In a JSON Schema: two or more parties (a repeated code is dropped, so two of one code are one party: no schema
# says "two distinct")
TWO_PARTIES_SCHEMA = {"minItems": 2}


class _Fact(_Envelope):
    date: DateText
    parties: Annotated[list[Party], Field(min_length=1, max_length=64, json_schema_extra=TWO_PARTIES_SCHEMA)]
    actors: Annotated[list[Text], Field(max_length=200)] = []
    citations: Annotated[list[Citation], Field(min_length=1, max_length=200)]

    @field_validator("parties")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        return _two_or_more(_dedupe(value))


TWO_PARTIES = "a fact names at least two distinct parties (a relation is between two)"


def _two_or_more(parties: list[str]) -> list[str]:
    if len(parties) < 2:
        raise ValueError(TWO_PARTIES)
    return parties


def _fact_model(event_type: str) -> type[_Fact]:
    fields: dict[str, Any] = {
        "type": (Literal[event_type], ...),
        "attributes": (FACT_TYPE[event_type].attributes, FACT_TYPE[event_type].attributes()),
    }
    if FACT_TYPE[event_type].carries_figure:
        fields["figure"] = (Figure, ...)
    name = "Fact_" + event_type.replace(".", "_")
    return create_model(name, __base__=_Fact, **fields)


class TargetByKey(_Strict):
    """A correction's target named by the idempotency key it was appended with."""

    idempotency_key: Key


Target = EventId | TargetByKey


class _ActsOnTarget(_Envelope):
    """A correction of any kind: it names its target and carries no date or parties of its own."""

    date: None = None
    parties: None = None
    target: Target

    @field_validator("date", "parties", mode="before")
    @classmethod
    def _acts_on_target(cls, value: Any) -> None:
        if value not in (None, [], ""):
            raise ValueError("a correction carries no date or parties of its own; it acts on its target")
        return None


class _Reasoned(_ActsOnTarget):
    reason: Text


class Retraction(_Reasoned):
    type: Literal["event.retracted"]


class Changes(_Strict):
    date: DateText | None = None
    parties: Annotated[list[Party], Field(min_length=1, max_length=64, json_schema_extra=TWO_PARTIES_SCHEMA)] | None = None
    figure: Figure | None = None
    attributes: dict[str, Any] | None = None

    @field_validator("parties")
    @classmethod
    def _two_parties(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            _two_or_more(_dedupe(value))
        return value

    @model_validator(mode="after")
    def _something(self) -> Changes:
        if self.date is None and self.parties is None and self.figure is None and self.attributes is None:
            raise ValueError("changes must name at least one of date, parties, figure, attributes")
        return self


class Correction(_Reasoned):
    type: Literal["event.corrected"]
    changes: Changes


class CitationAdded(_ActsOnTarget):
    type: Literal["citation.added"]
    citation: Citation


_ENVELOPES = tuple(_fact_model(t) for t in FACT_TYPES) + (Retraction, Correction, CitationAdded)
_ENVELOPE = TypeAdapter(Annotated[Union[_ENVELOPES], Field(discriminator="type")])  # type: ignore[valid-type]


def envelope_json_schema(ref_template: str) -> dict[str, Any]:
    """The JSON Schema of one envelope, made from these models: a ``oneOf`` by ``type``, each fact type with
    the attributes model of its registry entry, and its shared definitions under ``$defs`` (referenced by
    ``ref_template``). What no JSON Schema says the validation still checks: a quote at its span of its
    source's text, a source named by a key that is stored, two parties that stay distinct once normalized."""
    return _json_schema_words(_ENVELOPE.json_schema(ref_template=ref_template))


def _json_schema_words(schema: Any) -> Any:
    """A bound that pydantic could not attach to its core schema (behind a BeforeValidator) is written as its
    own ``ge``/``le``; JSON Schema's words for them are ``minimum``/``maximum``."""
    if isinstance(schema, list):
        return [_json_schema_words(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    words = {"ge": "minimum", "le": "maximum"} if schema.get("type") in ("integer", "number") else {}
    return {words.get(key, key): _json_schema_words(value) for key, value in schema.items()}


# --- errors (FieldError and EnvelopeError are in chronicle.domain.events) ----------------------------------


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


# --- the validated value (NewEvent, in chronicle.domain.events) -------------------------------------------


def parse_envelope_with_models(data: Any) -> NewEvent:
    """Validate one envelope with the pydantic models: the definition of what is valid and how it reads."""
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
