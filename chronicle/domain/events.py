"""Events: the eleven fact types, the three correction types, and the envelope they are appended in.

An envelope is validated into a :class:`NewEvent`, a normalized, immutable value. Validation errors name the
field (``citations.0.span``) and the reason; see :class:`EnvelopeError`.

Facts carry a date, parties, citations and type-specific ``attributes`` (see the registry,
:mod:`chronicle.domain.fact_types`); a type that carries a figure has a ``figure``. Corrections
(``event.retracted``, ``event.corrected``, ``citation.added``) carry no date or parties of their own: they act
on their ``target``.

This module is what the rest of the chronicle reads: the event types, the validated value and the errors,
defined here without pydantic, so that a command that only reads never builds the envelope models. The models
are in :mod:`chronicle.domain.envelopes`, the fast path for plain envelopes in
:mod:`chronicle.domain.fast_envelopes`; both are loaded by the first validation (``parse_envelope``) or the
first use of a model's name from here (``Citation``, ``SourceIn``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chronicle.domain.dates import PartialDate
from chronicle.domain.fact_types import DOMAINS, FACT_TYPES

if TYPE_CHECKING:
    from chronicle.domain.envelopes import Citation

__all__ = [
    "CORRECTION_TYPES", "DOMAINS", "EVENT_TYPES", "FACT_TYPES", "METRICS", "QUALIFIERS", "Citation", "EnvelopeError",
    "FieldError", "Figure", "NewEvent", "Reference", "SourceIn", "SourceRef", "errors_from", "figure_json",
    "parse_batch", "parse_envelope", "parse_envelope_with_models", "validate_attributes",
]

MAX_AUTHORS = 50
CORRECTION_TYPES = ("event.retracted", "event.corrected", "citation.added")
EVENT_TYPES = FACT_TYPES + CORRECTION_TYPES

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

# The names of the envelope models' module, loaded from it on first use.
_FROM_MODELS = ("Citation", "Figure", "Reference", "SourceIn", "SourceRef", "errors_from", "figure_json",
                "parse_envelope_with_models", "validate_attributes")


def __getattr__(name: str) -> Any:
    if name in _FROM_MODELS:
        from chronicle.domain import envelopes

        return getattr(envelopes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


# --- validation --------------------------------------------------------------------------------------------


_parsers: tuple[Any, Any] | None = None  # (fast_envelope, parse_envelope_with_models), imported on first use


def _load_parsers() -> tuple[Any, Any]:
    global _parsers
    from chronicle.domain.envelopes import parse_envelope_with_models
    from chronicle.domain.fast_envelopes import fast_envelope

    _parsers = (fast_envelope, parse_envelope_with_models)
    return _parsers


def parse_envelope(data: Any) -> NewEvent:
    """Validate one envelope (a dict decoded from JSON).

    Plain envelopes take the fast path (:func:`fast_envelope`), which builds exactly what the models build; any
    other input, and every invalid one, goes through the models, which decide and word the errors.
    """
    fast_envelope, with_models = _parsers or _load_parsers()
    if type(data) is dict:
        event = fast_envelope(data)
        if event is not None:
            return event
    return with_models(data)


def parse_batch(items: list[Any]) -> list[NewEvent]:
    """Validate every envelope of a batch; the first failure raises with its index."""
    events = []
    for index, item in enumerate(items):
        try:
            events.append(parse_envelope(item))
        except EnvelopeError as exc:
            raise exc.at(index) from None
    return events
