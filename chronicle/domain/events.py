"""Events: the eleven fact types, the three correction types, and the envelope they are appended in.

An envelope is validated into a :class:`NewEvent`, a normalized, immutable value. Validation errors name the
field (``citations.0.span``) and the reason; see :class:`EnvelopeError`.

Facts carry a date, parties, citations and type-specific ``attributes`` (see the registry,
:mod:`chronicle.domain.fact_types`); a type that carries a figure has a ``figure``. Corrections
(``event.retracted``, ``event.corrected``, ``citation.added``) carry no date or parties of their own: they act
on their ``target``.

This module is what the rest of the chronicle reads. The models are in :mod:`chronicle.domain.envelopes`,
the fast path for plain envelopes in :mod:`chronicle.domain.fast_envelopes`.
"""

from __future__ import annotations

from typing import Any

from chronicle.domain.envelopes import (
    CORRECTION_TYPES,
    EVENT_TYPES,
    FACT_TYPES,
    METRICS,
    QUALIFIERS,
    Citation,
    EnvelopeError,
    FieldError,
    Figure,
    NewEvent,
    Reference,
    SourceIn,
    SourceRef,
    errors_from,
    figure_json,
    parse_envelope_with_models,
    validate_attributes,
)
from chronicle.domain.fast_envelopes import fast_envelope
from chronicle.domain.fields import DOMAINS

__all__ = [
    "CORRECTION_TYPES", "DOMAINS", "EVENT_TYPES", "FACT_TYPES", "METRICS", "QUALIFIERS", "Citation", "EnvelopeError",
    "FieldError", "Figure", "NewEvent", "Reference", "SourceIn", "SourceRef", "errors_from", "figure_json",
    "parse_batch", "parse_envelope", "parse_envelope_with_models", "validate_attributes",
]


def parse_envelope(data: Any) -> NewEvent:
    """Validate one envelope (a dict decoded from JSON).

    Plain envelopes take the fast path (:func:`fast_envelope`), which builds exactly what the models build; any
    other input, and every invalid one, goes through the models, which decide and word the errors.
    """
    if type(data) is dict:
        event = fast_envelope(data)
        if event is not None:
            return event
    return parse_envelope_with_models(data)


def parse_batch(items: list[Any]) -> list[NewEvent]:
    """Validate every envelope of a batch; the first failure raises with its index."""
    events = []
    for index, item in enumerate(items):
        try:
            events.append(parse_envelope(item))
        except EnvelopeError as exc:
            raise exc.at(index) from None
    return events
