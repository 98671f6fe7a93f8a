"""The rules an append must obey, as pure decisions over what the store has read: a quote is at its span in
its source, a correction applies to its target's current version, an ``expected_version`` matches the
relationship's stream, and an idempotency key names one content only.

The store's append transaction (:mod:`chronicle.store.append`) reads the sources, fact versions, streams and
keys under its lock, asks these functions, and writes the rows they allow; it decides nothing itself. Each
function raises the error the caller hands back to the user (``index`` is the event's place in its batch).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chronicle.domain.events import EnvelopeError, FieldError
from chronicle.domain.fact_types import FACT_TYPE, REGISTRY
from chronicle.domain.sources import quote_mismatch
from chronicle.domain.versions import CannotApply, FactVersion, RecordedEvent, evolve


class ConflictError(Exception):
    """An append conflicts with what is stored: an idempotency key reused for other content, or a stale
    ``expected_version``. Nothing was appended."""

    def __init__(self, kind: str, message: str, index: int | None = None, **details: Any):
        self.kind = kind
        self.index = index
        self.details = details
        where = f"event {index + 1}: " if index is not None else ""
        super().__init__(where + message)


# --- citations ----------------------------------------------------------------------------------------------


def check_quote(index: int, where: str, text: str | None, quote: str, span: tuple[int, int]) -> None:
    """A quote must be the source's text at its span (up to :data:`canonical.QUOTE_NOISE`); a source stored
    without text (metadata only) takes the quote as given."""
    if text is None:
        return
    problem = quote_mismatch(text, quote, span)
    if problem:
        raise EnvelopeError([FieldError(f"{where}.quote", problem)], index)


def unknown_source(index: int, where: str) -> EnvelopeError:
    return EnvelopeError([FieldError(f"{where}.source.sha256", "no stored source has this key")], index)


# --- idempotency --------------------------------------------------------------------------------------------


def is_repeat(index: int, key: str, payload: str, stored_payload: str, stored_id: str) -> bool:
    """An event whose idempotency key is already used repeats that event when its content is the same (it is
    then a duplicate, not appended again); other content under the same key is refused."""
    if stored_payload != payload:
        raise ConflictError(
            "idempotency",
            f"the idempotency key {key!r} was used for different content (event {stored_id})",
            index,
            idempotency_key=key,
            event_id=stored_id,
        )
    return True


# --- corrections --------------------------------------------------------------------------------------------


def unknown_target_key(index: int) -> EnvelopeError:
    reason = "no event was appended with this idempotency key"
    return EnvelopeError([FieldError("target.idempotency_key", reason)], index)


def checked_target(index: int, target: str, version: FactVersion | str | None) -> FactVersion:
    """A correction's target must be a stored (or earlier in the batch) fact, not a correction."""
    if version is None:
        raise EnvelopeError([FieldError("target", f"no event has the id {target}")], index)
    if isinstance(version, str):
        raise EnvelopeError([FieldError("target", f"{target} is a {version}, not a fact")], index)
    return version


def checked_changes(index: int, target: FactVersion, changes: Mapping[str, Any]) -> dict[str, Any]:
    """An ``event.corrected``'s changes as stored: a figure only on a type that carries one, attributes
    validated by the target type's model (the registry's)."""
    changes = dict(changes)
    if "figure" in changes and not FACT_TYPE[target.type].carries_figure:
        carriers = ", ".join(t.name for t in REGISTRY if t.carries_figure)
        raise EnvelopeError(
            [FieldError("changes.figure", f"only {carriers} carries a figure; the target is {target.type}")],
            index,
        )
    if "attributes" in changes:
        from pydantic import ValidationError

        from chronicle.domain.events import errors_from, validate_attributes

        try:
            changes["attributes"] = validate_attributes(target.type, changes["attributes"])
        except ValidationError as exc:
            errors = [FieldError(f"changes.attributes.{e.field}".rstrip("."), e.reason) for e in errors_from(exc)]
            raise EnvelopeError(errors, index) from None
    return changes


def folded(index: int, version: FactVersion, event: RecordedEvent) -> FactVersion:
    """The target's version after a correction, or the reason it cannot apply (a retracted fact, say)."""
    try:
        return evolve(version, event)
    except CannotApply as exc:
        raise EnvelopeError([FieldError("target", str(exc))], index) from None


# --- streams ------------------------------------------------------------------------------------------------


def expected_versions(
    index: int, expected: int | Mapping[str, int], relationships: list[str]
) -> dict[str, int]:
    """An ``expected_version`` as relationship -> version: a bare number only for an event of one relationship,
    and every key one of the event's relationships."""
    if isinstance(expected, int):
        if len(relationships) != 1:
            reason = (
                f"this event belongs to {len(relationships)} relationships"
                f" ({', '.join(relationships) or 'none'}); give a mapping of relationship to version"
            )
            raise EnvelopeError([FieldError("expected_version", reason)], index)
        return {relationships[0]: expected}
    for key in expected:
        if key not in relationships:
            raise EnvelopeError(
                [FieldError(f"expected_version.{key}", "the event does not belong to this relationship")], index
            )
    return dict(expected)


def check_version(index: int, relationship: str, current: int, expected: int) -> None:
    """Optimistic concurrency: the relationship's stream must be at the version the writer read."""
    if current != expected:
        raise ConflictError(
            "version",
            f"relationship {relationship} is at version {current}, not the expected {expected}",
            index,
            relationship=relationship,
            current_version=current,
            expected_version=expected,
        )
