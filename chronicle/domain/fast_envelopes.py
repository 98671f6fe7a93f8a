"""The fast path of envelope validation: plain envelopes validated without the pydantic models.

Almost every envelope is plain: each field of the JSON type expected, each code one seen before. For those,
:func:`fast_envelope` builds the same NewEvent the models build (the same values, the same model instances)
in a fraction of the time; on anything else — an unexpected type, an unknown key, a value that does not
pass — it returns None and the models decide, so acceptance and every error message stay theirs.
``tests/faults/test_fast_validation.py`` checks with hypothesis, on valid and broken envelopes alike, that
the fast path never accepts what the models refuse and that what it builds equals what they build.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, get_args

from pydantic import BaseModel

from chronicle.domain.canonical import has_surrogate
from chronicle.domain.dates import DateError, PartialDate
from chronicle.domain.envelopes import Citation, Figure, Reference, SourceIn, SourceRef, figure_json
from chronicle.domain.events import MAX_AUTHORS, METRICS, QUALIFIERS, NewEvent
from chronicle.domain.fact_types import FACT_TYPE, Attributes
from chronicle.domain.fields import MAX_FIELD, MAX_TEXT, language_code, unit_code
from chronicle.domain.parties import PartyError, normalize_party


_set = object.__setattr__
_MISSING = object()
_CACHE_LIMIT = 4096
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _instance(cls: type[BaseModel], values: dict[str, Any], fields_set: set[str]) -> Any:
    """A model instance exactly as validation leaves it (these models forbid extras and have no private
    attributes)."""
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


class _Cached:
    """Successful normalizations of a code (a party, a date, a language, a unit), by the raw input."""

    __slots__ = ("function", "errors", "values", "limit")

    def __init__(self, function: Any, errors: type[Exception] | tuple[type[Exception], ...], limit: int = _CACHE_LIMIT):
        self.function = function
        self.errors = errors
        self.values: dict[str, Any] = {}
        self.limit = limit

    def __call__(self, raw: Any) -> Any:
        if type(raw) is not str:
            return None
        found = self.values.get(raw)
        if found is None:
            try:
                found = self.function(raw)
            except self.errors:
                return None
            if len(self.values) >= self.limit:
                self.values.clear()
            self.values[raw] = found
        return found


_fast_party = _Cached(normalize_party, PartyError)
_fast_date = _Cached(PartialDate.parse, DateError, 65536)
_fast_language = _Cached(language_code, ValueError)
_fast_unit = _Cached(unit_code, ValueError)


def _fast_text(raw: Any) -> str | None:
    if type(raw) is not str:
        return None
    text = raw.strip()
    return text if 0 < len(text) <= MAX_FIELD and "\x00" not in text and not has_surrogate(text) else None


def _fast_key(raw: Any) -> bool:
    return type(raw) is str and 0 < len(raw) <= 200 and "\x00" not in raw and not has_surrogate(raw)


def _literal_values(model: type[BaseModel], name: str) -> frozenset[str]:
    annotation = model.model_fields[name].annotation
    options = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
    return frozenset(get_args(options[0]))


_ATTRIBUTE_KINDS = {
    "domain": "literal", "summary": "text", "kind": "literal", "of": "party", "in_": "party", "city": "text",
    "title": "text", "level": "literal", "name": "text", "body": "text", "session_number": "count",
    "visitor": "text", "from_": "party", "to": "party", "sector": "text", "by": "party", "measure": "text",
    "speaker": "text", "topic": "text",
}


def _attribute_spec(model: type[Attributes]) -> dict[str, tuple[str, frozenset[str] | None]]:
    """Public name -> (kind, literal values) for each field of an attributes model, in field order."""
    spec = {}
    for name, info in model.model_fields.items():
        kind = _ATTRIBUTE_KINDS[name]
        spec[info.alias or name] = (kind, _literal_values(model, name) if kind == "literal" else None)
    return spec


ATTRIBUTE_SPECS = {name: _attribute_spec(entry.attributes) for name, entry in FACT_TYPE.items()}
_METRICS = frozenset(METRICS)
_QUALIFIERS = frozenset(QUALIFIERS)
_FACT_KEYS = frozenset(
    {"type", "date", "parties", "actors", "attributes", "citations", "idempotency_key", "expected_version"}
)
_FIGURE_KEYS = _FACT_KEYS | {"figure"}
_CORRECTION_KEYS = {
    "event.retracted": frozenset({"type", "target", "reason", "idempotency_key", "expected_version"}),
    "event.corrected": frozenset({"type", "target", "reason", "changes", "idempotency_key", "expected_version"}),
    "citation.added": frozenset({"type", "target", "citation", "idempotency_key", "expected_version"}),
}
_SOURCE_FIELDS = ("title", "publisher", "url", "published", "language", "authors", "text")
_SOURCE_KEYS = frozenset(_SOURCE_FIELDS)
_REFERENCE_KEYS = frozenset({"label", "title", "url"})
_CITATION_KEYS = frozenset({"source", "quote", "span", "reference"})
_FIGURE_FIELDS = frozenset({"metric", "value", "unit", "qualifier"})
_CHANGES_KEYS = frozenset({"date", "parties", "figure", "attributes"})


def _fast_attributes(event_type: str, raw: Any) -> dict[str, Any] | None:
    if type(raw) is not dict:
        return None
    spec = ATTRIBUTE_SPECS[event_type]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        entry = spec.get(key)
        if entry is None:
            return None
        if value is None:
            continue
        kind, allowed = entry
        if kind == "text":
            value = _fast_text(value)
        elif kind == "literal":
            if type(value) is not str or value not in allowed:  # type: ignore[operator]
                return None
        elif kind == "party":
            value = _fast_party(value)
        elif type(value) is not int or value < 1:  # a count
            return None
        if value is None:
            return None
        values[key] = value
    if len(values) > 1:
        values = {key: values[key] for key in spec if key in values}
    return values


def _fast_figure(raw: Any) -> Figure | None:
    if type(raw) is not dict or not raw.keys() <= _FIGURE_FIELDS:
        return None
    metric, value, unit = raw.get("metric"), raw.get("value"), _fast_unit(raw.get("unit"))
    qualifier = raw.get("qualifier")
    if type(metric) is not str or metric not in _METRICS or unit is None:
        return None
    if qualifier is not None and (type(qualifier) is not str or qualifier not in _QUALIFIERS):
        return None
    if type(value) is int:
        try:
            value = float(value)
        except OverflowError:
            return None
    elif type(value) is not float:
        return None
    if not (value >= 0 and value != _INF):  # NaN fails the comparison
        return None
    return _instance(
        Figure, {"metric": metric, "value": value, "unit": unit, "qualifier": qualifier}, set(raw)
    )


_INF = float("inf")


_REFS: dict[str, SourceRef] = {}  # frozen and equal to what validation gives: shared between events
_REFERENCES: dict[tuple[Any, ...], Reference | None] = {}


T = TypeVar("T")


def _each(items: list[Any], parse: Callable[[Any], T | None]) -> list[T] | None:
    """Every item as ``parse`` gives it, or None when one of them is not plain."""
    parsed = [parse(item) for item in items]
    return None if None in parsed else parsed  # type: ignore[return-value]


def _fast_authors(raw: Any) -> list[str] | None:
    if type(raw) is not list or not 0 < len(raw) <= MAX_AUTHORS:
        return None
    return _each(raw, _fast_text)


def _fast_source(raw: Any) -> SourceIn | SourceRef | None:
    if type(raw) is not dict:
        return None
    if "sha256" in raw:
        sha = raw["sha256"]
        if len(raw) != 1 or type(sha) is not str:
            return None
        ref = _REFS.get(sha)
        if ref is None:
            if not _HEX64.fullmatch(sha):
                return None
            if len(_REFS) >= _CACHE_LIMIT:
                _REFS.clear()
            ref = _REFS[sha] = _instance(SourceRef, {"sha256": sha}, {"sha256"})
        return ref
    if not raw.keys() <= _SOURCE_KEYS:
        return None
    values: dict[str, Any] = dict.fromkeys(_SOURCE_FIELDS)
    for key, value in raw.items():
        if value is None:
            continue
        if key == "text":
            if type(value) is not str or not 0 < len(value) <= MAX_TEXT or "\x00" in value or has_surrogate(value):
                return None
        elif key == "published":
            date = _fast_date(value)
            if date is None:
                return None
            value = date.text
        elif key == "language":
            value = _fast_language(value)
        elif key == "authors":
            value = _fast_authors(value)
        else:
            value = _fast_text(value)
        if value is None:
            return None
        values[key] = value
    if values["text"] is None and values["title"] is None and values["url"] is None:
        return None
    return _instance(SourceIn, values, set(raw))


def _fast_reference(raw: dict[str, Any]) -> Any:
    """A citation's reference (None when it names nothing), or _MISSING when it is not plain."""
    try:
        cache_key = tuple(raw.items())
        return _REFERENCES[cache_key]
    except KeyError:
        pass
    except TypeError:  # an unhashable value
        return _MISSING
    if not raw.keys() <= _REFERENCE_KEYS:
        return _MISSING
    values = {"label": None, "title": None, "url": None}
    for key, value in raw.items():
        if value is not None:
            value = _fast_text(value)
            if value is None:
                return _MISSING
            values[key] = value
    if values["label"] is None and values["title"] is None and values["url"] is None:
        reference = None
    else:
        reference = _instance(Reference, values, set(raw))
    if len(_REFERENCES) >= _CACHE_LIMIT:
        _REFERENCES.clear()
    _REFERENCES[cache_key] = reference
    return reference


def _fast_citation(raw: Any) -> Citation | None:
    if type(raw) is not dict or not raw.keys() <= _CITATION_KEYS:
        return None
    source = _fast_source(raw.get("source"))
    quote = raw.get("quote")
    span = raw.get("span")
    if source is None or type(quote) is not str or (type(span) is not list and type(span) is not tuple):
        return None
    quote = _fast_text(quote)
    if quote is None or len(span) != 2:
        return None
    start, end = span
    if type(start) is not int or type(end) is not int or start < 0 or end <= start or end > MAX_TEXT:
        return None
    reference = raw.get("reference")
    if reference is not None:
        if type(reference) is not dict:
            return None
        reference = _fast_reference(reference)
        if reference is _MISSING:
            return None
    obj = _new(Citation)
    _set(obj, "__dict__", {"source": source, "quote": quote, "span": (start, end), "reference": reference})
    _set(obj, "__pydantic_fields_set__", set(raw))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_new = object.__new__


def _fast_common(data: dict[str, Any]) -> tuple[bool, Any, Any]:
    """The idempotency key and expected version, and whether they are plain."""
    key = data.get("idempotency_key")
    if key is not None and not _fast_key(key):
        return False, None, None
    expected = data.get("expected_version")
    if expected is not None:
        if type(expected) is int:
            if expected < 0:
                return False, None, None
        elif type(expected) is dict:
            for name, version in expected.items():
                if type(name) is not str or type(version) is not int or version < 0:
                    return False, None, None
            expected = dict(expected)
        else:
            return False, None, None
    return True, key, expected


def fast_envelope(data: dict[str, Any]) -> NewEvent | None:
    """The NewEvent the models would build from ``data``, or None when ``data`` is not plain."""
    event_type = data.get("type")
    if type(event_type) is not str:
        return None
    if event_type in ATTRIBUTE_SPECS:
        return _fast_fact(event_type, data)
    if event_type in _CORRECTION_KEYS:
        return _fast_correction(event_type, data)
    return None


_PARTY_LISTS: dict[tuple[Any, ...], tuple[str, ...]] = {}


def _fast_parties(raw: list[Any]) -> tuple[str, ...] | None:
    """Normalized and deduplicated parties (the list's length is checked by the caller)."""
    try:
        cache_key = tuple(raw)
        return _PARTY_LISTS[cache_key]
    except KeyError:
        pass
    except TypeError:
        return None
    parties: dict[str, None] = {}
    for item in raw:
        party = _fast_party(item)
        if party is None:
            return None
        parties[party] = None
    if len(_PARTY_LISTS) >= _CACHE_LIMIT:
        _PARTY_LISTS.clear()
    if len(parties) < 2:
        return None
    found = _PARTY_LISTS[cache_key] = tuple(parties)
    return found


def _fast_fact(event_type: str, data: dict[str, Any]) -> NewEvent | None:
    is_figure = FACT_TYPE[event_type].carries_figure
    if not data.keys() <= (_FIGURE_KEYS if is_figure else _FACT_KEYS):
        return None
    date = _fast_date(data.get("date"))
    raw_parties = data.get("parties")
    raw_citations = data.get("citations")
    if date is None or type(raw_parties) is not list or type(raw_citations) is not list:
        return None
    if not 0 < len(raw_parties) <= 64 or not 0 < len(raw_citations) <= 200:
        return None
    parties = _fast_parties(raw_parties)
    if parties is None:
        return None
    actors: list[str] | None = []
    raw_actors = data.get("actors", _MISSING)
    if raw_actors is not _MISSING:
        if type(raw_actors) is not list or len(raw_actors) > 200:
            return None
        actors = _each(raw_actors, _fast_text)
        if actors is None:
            return None
    raw_attributes = data.get("attributes", _MISSING)
    attributes = {} if raw_attributes is _MISSING else _fast_attributes(event_type, raw_attributes)
    if attributes is None:
        return None
    citations = _each(raw_citations, _fast_citation)
    if citations is None:
        return None
    key = data.get("idempotency_key")
    expected = data.get("expected_version")
    if (key is not None and not _fast_key(key)) or expected is not None:
        plain, key, expected = _fast_common(data)
        if not plain:
            return None
    content: dict[str, Any] = {
        "type": event_type,
        "date": date.text,
        "parties": list(parties),
        "actors": actors,
        "attributes": attributes,
    }
    if is_figure:
        figure = _fast_figure(data.get("figure"))
        if figure is None:
            return None
        content["figure"] = figure_json(figure)
    return NewEvent(event_type, date, parties, content, tuple(citations), None, None, key, expected)


def _fast_target(raw: Any) -> tuple[bool, str | None, str | None]:
    """(plain, target id, target key)."""
    if type(raw) is str:
        try:
            return True, str(uuid.UUID(raw)), None
        except (ValueError, AttributeError, TypeError):
            return False, None, None
    if type(raw) is dict and len(raw) == 1 and _fast_key(raw.get("idempotency_key")):
        return True, None, raw["idempotency_key"]
    return False, None, None


def _fast_correction(event_type: str, data: dict[str, Any]) -> NewEvent | None:
    if not data.keys() <= _CORRECTION_KEYS[event_type]:
        return None
    plain, target, target_key = _fast_target(data.get("target"))
    if not plain:
        return None
    plain, key, expected = _fast_common(data)
    if not plain:
        return None
    content: dict[str, Any] = {"type": event_type, "target": target}
    citations: tuple[Citation, ...] = ()
    if event_type == "citation.added":
        citation = _fast_citation(data.get("citation"))
        if citation is None:
            return None
        citations = (citation,)
    else:
        reason = _fast_text(data.get("reason"))
        if reason is None:
            return None
        content["reason"] = reason
        if event_type == "event.corrected":
            changes = _fast_changes(data.get("changes"))
            if changes is None:
                return None
            content["changes"] = changes
    return NewEvent(event_type, None, (), content, citations, target, target_key, key, expected)


def _fast_changes(raw: Any) -> dict[str, Any] | None:
    if type(raw) is not dict or not raw.keys() <= _CHANGES_KEYS:
        return None
    changes: dict[str, Any] = {}
    date = raw.get("date")
    if date is not None:
        parsed = _fast_date(date)
        if parsed is None:
            return None
        changes["date"] = parsed.text
    parties = raw.get("parties")
    if parties is not None:
        if type(parties) is not list or not 0 < len(parties) <= 64:
            return None
        normalized = _each(parties, _fast_party)
        if normalized is None or len(set(normalized)) < 2:
            return None
        changes["parties"] = normalized
    figure = raw.get("figure")
    if figure is not None:
        figure = _fast_figure(figure)
        if figure is None:
            return None
        changes["figure"] = figure_json(figure)
    attributes = raw.get("attributes")
    if attributes is not None:
        if type(attributes) is not dict:
            return None
        for name, value in attributes.items():
            if type(name) is not str or type(value) not in (str, int, float, bool):
                return None
            if type(value) is str and has_surrogate(value):
                return None
        changes["attributes"] = dict(attributes)
    return changes or None
