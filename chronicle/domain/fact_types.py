"""The fact types: one entry each, with everything the chronicle knows about a type.

An entry (:class:`FactType`) holds the type's attributes model (what its ``attributes`` may say), the domain a
fact of it has when it names none, where it shows in the state of a relationship (section, role and the key
that groups the rows of one item), its PLOVER category for exports, its label and how its headline reads.
Validation, the projection, exports and the pages all read this registry; adding a fact type is one entry
here (and its tests). ``docs/fact_types.md`` shows an example.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal

from chronicle.domain.parties import display_name, state_of
from chronicle.domain.versions import FactVersion
from chronicle.domain.wording import METRIC_LABELS, format_value, in_english_script, label, short_summary

# --- attributes ------------------------------------------------------------------------------------------------

DOMAINS = ("political", "economic", "science-tech", "cultural", "education")  # a fact's domain of cooperation
COMMON_ATTRIBUTES = frozenset({"domain", "summary"})


@lru_cache(maxsize=1)
def _attribute_models() -> dict[str, Any]:
    """The pydantic model of each type's attributes (what its ``attributes`` may say), made on first use.

    Validation needs them; readers (the state, the pages, the CLI's read commands) need only the rest of the
    registry, so importing it does not load pydantic. An entry names its model; ``FactType.attributes`` is it."""
    from pydantic import BeforeValidator, Field

    from chronicle.domain.fields import Party, Strict, Text, json_integer

    class Attributes(Strict):
        """What every fact's attributes may say."""

        domain: Literal[DOMAINS] | None = None  # type: ignore[valid-type]
        summary: Text | None = None

    class MissionAttributes(Attributes):
        kind: Literal["embassy", "consulate", "honorary_consulate", "trade_office", "representative_office",
                      "other"] | None = None
        of: Party | None = None
        in_: Party | None = Field(default=None, alias="in")
        city: Text | None = None

    class AgreementAttributes(Attributes):
        title: Text | None = None
        kind: Literal[
            "agreement", "treaty", "memorandum", "protocol", "declaration", "roadmap", "programme", "contract", "other"
        ] | None = None
        level: Literal["interstate", "intergovernmental", "interagency", "regional", "corporate", "other"] | None = None

    class BodyAttributes(Attributes):
        name: Text | None = None
        kind: Literal["business_council", "joint_commission", "committee", "working_group", "centre",
                      "other"] | None = None

    class MeetingAttributes(Attributes):
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
        session_number: Annotated[int, BeforeValidator(json_integer), Field(ge=1)] | None = None
        city: Text | None = None

    class VisitAttributes(Attributes):
        visitor: Text | None = None
        level: Literal["head_of_state", "head_of_government", "minister", "parliament", "delegation",
                       "other"] | None = None
        from_: Party | None = Field(default=None, alias="from")
        to: Party | None = None

    class VentureAttributes(Attributes):
        name: Text | None = None
        sector: Text | None = None
        city: Text | None = None

    class RestrictionAttributes(Attributes):
        by: Party | None = None
        kind: Literal["sanctions", "export_control", "other"] | None = None
        measure: Text | None = None

    class StatementAttributes(Attributes):
        speaker: Text | None = None
        topic: Text | None = None

    models = {model.__name__: model for model in (
        Attributes, MissionAttributes, AgreementAttributes, BodyAttributes, MeetingAttributes, VisitAttributes,
        VentureAttributes, RestrictionAttributes, StatementAttributes)}
    for model in models.values():
        model.__module__, model.__qualname__ = __name__, model.__name__
        model.model_config["populate_by_name"] = True
        model.model_rebuild(force=True)
    return models


def attribute_model(name: str) -> Any:
    """The attributes model of that name (``"MissionAttributes"``)."""
    return _attribute_models()[name]


def __getattr__(name: str) -> Any:
    if name.endswith("Attributes"):
        try:
            return attribute_model(name)
        except KeyError:
            pass
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def attributes_dict(model: Any) -> dict[str, Any]:
    """Attributes as plain JSON, by their public names, without unset values."""
    return model.model_dump(by_alias=True, exclude_none=True)


# --- item keys: which rows of the state are one item -------------------------------------------------------------

_NAME_NOISE = re.compile(r"[\s\"'«»“”„.,;:()\[\]]+")


def name_key(value: str | None) -> str | None:
    """A name reduced for grouping: case, spacing, quotes and punctuation ignored."""
    if not value:
        return None
    key = _NAME_NOISE.sub(" ", value.casefold()).strip()
    return key[:180] or None


def _own(version: FactVersion) -> None:
    """The fact is an item of its own."""
    return None


def _mission_key(version: FactVersion) -> str | None:
    a = version.attributes
    if not (a.get("kind") and (a.get("of") or a.get("in"))):
        return None
    return "|".join(p or "" for p in (a.get("of"), a.get("in"), a.get("kind"), name_key(a.get("city"))))


def figure_key(version: FactVersion) -> str:
    """One point of a series: metric, period, reporting side (for exports and imports) and unit."""
    figure = version.figure or {}
    metric = figure.get("metric", "other")
    reporter = ""
    if metric in ("trade.exports", "trade.imports") and version.parties:
        reporter = state_of(version.parties[0]) or version.parties[0]
    period = f"{version.date.earliest.isoformat()}/{version.date.latest.isoformat()}"
    return f"{metric}|{period}|{reporter}|{figure.get('unit', '')}"


def _named(field: str) -> Callable[[FactVersion], str | None]:
    def key(version: FactVersion) -> str | None:
        return name_key(version.attributes.get(field))

    key.__doc__ = f"The item named by the attribute {field!r}."
    return key


# --- headlines ----------------------------------------------------------------------------------------------------

Headline = Callable[[dict[str, Any], dict[str, Any]], str]  # (attributes, figure) -> a few words

# A headline is in one language. Its own words are English; a name or title in another script (an agreement's
# Russian title, a Russian speaker's office) is the whole headline, told alone (pages show the type's label
# beside it), and a place in another script is left out for the English name of its country
# (:func:`chronicle.domain.wording.in_english_script`).


def _english(value: str | None) -> str | None:
    return value if in_english_script(value) else None


def _mission_headline(a: dict[str, Any], figure: dict[str, Any]) -> str:
    where = _english(a.get("city")) or (display_name(a["in"]) if a.get("in") else "")
    of = f" of {display_name(a['of'])}" if a.get("of") else ""
    return f"{label(a.get('kind') or 'mission').capitalize()}{of} opened" + (f" in {where}" if where else "")


def _named_headline(field: str, fallback: str, done: str) -> Headline:
    def headline(a: dict[str, Any], figure: dict[str, Any]) -> str:
        name = a.get(field)
        if name and not in_english_script(name):
            return name
        return (name or label(a.get("kind") or fallback).capitalize()) + done

    return headline


def _meeting_headline(a: dict[str, Any], figure: dict[str, Any]) -> str:
    if a.get("name") and not in_english_script(a["name"]):
        return a["name"]
    name = a.get("name") or label(a.get("kind") or "meeting").capitalize()
    if _english(a.get("body")) and a.get("body") != a.get("name"):
        number = f" {a['session_number']}" if a.get("session_number") else ""
        name += f" (session{number} of {a['body']})"
    return name + (f", {a['city']}" if _english(a.get("city")) else "")


def _visit_headline(a: dict[str, Any], figure: dict[str, Any]) -> str:
    if a.get("visitor") and not in_english_script(a["visitor"]):
        return a["visitor"]
    who = a.get("visitor") or label(a.get("level") or "official").capitalize() + " visit"
    route = ""
    if a.get("from") or a.get("to"):
        start = display_name(a["from"]) if a.get("from") else "?"
        end = display_name(a["to"]) if a.get("to") else "?"
        route = f" ({start} → {end})"
    return f"Visit: {who}{route}"


def _figure_headline(a: dict[str, Any], figure: dict[str, Any]) -> str:
    metric = METRIC_LABELS.get(figure.get("metric"), figure.get("metric") or "figure")
    return f"{metric.capitalize()}: {format_value(figure.get('value'), figure.get('unit'), figure.get('qualifier'))}"


def _restriction_headline(a: dict[str, Any], figure: dict[str, Any]) -> str:
    if a.get("measure") and not in_english_script(a["measure"]):
        return a["measure"]
    by = f" by {display_name(a['by'])}" if a.get("by") else ""
    return (a.get("measure") or label(a.get("kind") or "restriction")).capitalize() + by


def _statement_headline(a: dict[str, Any], figure: dict[str, Any]) -> str:
    speaker, topic = a.get("speaker"), a.get("topic")
    if all(in_english_script(t) for t in (speaker, topic) if t):
        return (speaker or "Statement") + (f" on {topic}" if topic else "")
    return " — ".join(t for t in (speaker, topic) if t)  # no English word beside a name in another script


# --- the registry ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Joins:
    """Where a fact shows instead when it belongs to another item (a meeting of a named body is one of its
    sessions): the section and role it then has, and the key of that item (None: it belongs to none)."""

    section: str
    role: str
    key: Callable[[FactVersion], str | None]


@dataclass(frozen=True, slots=True)
class FactType:
    name: str
    model: str  # the name of its attributes model (made on first use: see _attribute_models)
    default_domain: str  # a fact's domain when its attributes name none
    section: str  # where it shows in the state of a relationship ...
    role: str  # ... as which row of its item ...
    item_key: Callable[[FactVersion], str | None]  # ... and which item (None: an item of its own)
    plover: str | None  # its PLOVER category (docs/exports.md explains each choice)
    label: str  # a word or two, on a timeline
    headline: Headline
    carries_figure: bool = False
    joins: Joins | None = None
    shows_quote: bool = False  # pages show the quote it was recorded with where its attributes name no topic

    @property
    def attributes(self) -> Any:
        """The type's attributes model (a pydantic model: loading it loads pydantic)."""
        return attribute_model(self.model)

    @property
    def attribute_keys(self) -> frozenset[str]:
        """The public names of the type's own attributes (besides domain and summary)."""
        return frozenset(info.alias or name for name, info in self.attributes.model_fields.items()) - COMMON_ATTRIBUTES


REGISTRY: tuple[FactType, ...] = (
    FactType("relations.established", "Attributes", "political", "established", "established",
             lambda version: "established", "COOPERATE", "relations",
             lambda a, figure: "Diplomatic relations established"),
    FactType("mission.opened", "MissionAttributes", "political", "missions", "opened", _mission_key, "COOPERATE",
             "mission", _mission_headline),
    FactType("agreement.signed", "AgreementAttributes", "political", "agreements", "signed", _named("title"), "AGREE",
             "agreement", _named_headline("title", "agreement", " — signed")),
    FactType("agreement.in_force", "AgreementAttributes", "political", "agreements", "in_force", _named("title"),
             "AGREE", "in force", _named_headline("title", "agreement", " — entered into force")),
    FactType("body.established", "BodyAttributes", "economic", "bodies", "established", _named("name"), "COOPERATE",
             "joint body", _named_headline("name", "joint body", " — established")),
    FactType("meeting.held", "MeetingAttributes", "political", "meetings", "meeting", _own, "CONSULT", "meeting",
             _meeting_headline, joins=Joins("bodies", "session", _named("body"))),
    FactType("visit", "VisitAttributes", "political", "visits", "visit", _own, "CONSULT", "visit", _visit_headline),
    FactType("venture.started", "VentureAttributes", "economic", "ventures", "started", _named("name"), "COOPERATE",
             "venture",
             lambda a, figure: a.get("name") or a.get("sector") or short_summary(a) or "Joint venture or project started"),
    FactType("figure.reported", "Attributes", "economic", "figures", "figure", figure_key, None, "figure",
             _figure_headline, carries_figure=True),
    FactType("restriction.imposed", "RestrictionAttributes", "political", "restrictions", "imposed", _own, "SANCTION",
             "restriction", _restriction_headline),
    FactType("statement.made", "StatementAttributes", "political", "statements", "statement", _own, "SUPPORT",
             "statement", _statement_headline, shows_quote=True),
)

FACT_TYPE: dict[str, FactType] = {t.name: t for t in REGISTRY}
FACT_TYPES: tuple[str, ...] = tuple(FACT_TYPE)

# The sections of a relationship's state, in the order the state lists them, and the roles each section's rows
# can have (in the registry's order).
SECTIONS = (
    "established", "missions", "agreements", "bodies", "visits", "meetings", "ventures", "figures", "restrictions",
    "statements",
)


def _section_roles() -> dict[str, tuple[str, ...]]:
    roles: dict[str, list[str]] = {section: [] for section in SECTIONS}
    for t in REGISTRY:
        for section, role in ((t.section, t.role), *(((t.joins.section, t.joins.role),) if t.joins else ())):
            if role not in roles[section]:
                roles[section].append(role)
    assert all(roles.values()), "every section needs a fact type"
    return {section: tuple(found) for section, found in roles.items()}


SECTION_ROLES = _section_roles()
# The fact types whose own section each section is (a fact that joins another item shows there too).
SECTION_TYPES: dict[str, tuple[str, ...]] = {
    section: tuple(t.name for t in REGISTRY if t.section == section) for section in SECTIONS
}
QUOTED_TYPES = frozenset(t.name for t in REGISTRY if t.shows_quote)


def headline(event_type: str, attributes: dict[str, Any], figure: dict[str, Any] | None = None) -> str | None:
    """What a fact is, in a few words; None for what is not a fact type."""
    entry = FACT_TYPE.get(event_type)
    return None if entry is None else entry.headline(attributes, figure or {})
