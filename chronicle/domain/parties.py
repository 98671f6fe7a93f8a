"""Parties of an event: states, regions and international organizations.

- A state is an ISO 3166-1 alpha-2 code (``BY``, ``KR``).
- A region is an ISO 3166-2 code (``BY-HO``, ``IR-02``); it folds into its state.
- An organization is one of :data:`ORGANIZATIONS`.

An event belongs to the relationship of every unordered pair of distinct states among its parties.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import pycountry

ORGANIZATIONS: dict[str, str] = {
    "EAEU": "Eurasian Economic Union",
    "EU": "European Union",
    "CIS": "Commonwealth of Independent States",
    "ASEAN": "Association of Southeast Asian Nations",
    "SCO": "Shanghai Cooperation Organisation",
    "UN": "United Nations",
    "CSTO": "Collective Security Treaty Organization",
    "BRICS": "BRICS",
    "GCC": "Gulf Cooperation Council",
}

# The chronicle is Belarus's: its relationships are the pairs of Belarus and one other state.
HOME = "BY"

# The states of Asia, as the UN's M49 regions group them (Central, Eastern, South-eastern, Southern and Western
# Asia), with Taiwan: the partners this chronicle is about. Russia is in Eastern Europe there.
ASIA = frozenset(
    "KZ KG TJ TM UZ "  # Central Asia
    "CN HK MO KP JP MN KR TW "  # Eastern Asia
    "BN KH ID LA MY MM PH SG TH TL VN "  # South-eastern Asia
    "AF BD BT IN IR MV NP PK LK "  # Southern Asia
    "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE".split()  # Western Asia
)

# Short names where ISO's official ones read awkwardly in a relationship title.
_DISPLAY_NAMES = {"KR": "Republic of Korea", "KP": "DPRK", "IR": "Iran", "SY": "Syria", "VN": "Vietnam"}


def state_codes() -> list[str]:
    """Every state's ISO 3166-1 alpha-2 code, sorted: the two sides a relationship can have."""
    return sorted(country.alpha_2 for country in pycountry.countries)


def state_and_organization_codes() -> list[str]:
    """Every state's code and every organization's, sorted: the parties a document can list (regions, ISO
    3166-2, are accepted too but too many to list)."""
    return sorted({*state_codes(), *ORGANIZATIONS})


class PartyError(ValueError):
    """A party code is neither a state, a region nor a known organization."""


class SameState(PartyError):
    """Two sides of a relationship that are one state: no such relationship exists (the API answers 404)."""


@lru_cache(maxsize=4096)
def normalize_party(code: str) -> str:
    """Validate a party code and return it in canonical (upper-case) form."""
    if not isinstance(code, str) or not code.strip():
        raise PartyError("a party must be a non-empty code such as 'BY', 'BY-HO' or 'EAEU'")
    value = code.strip().upper()
    if value in ORGANIZATIONS:
        return value
    if len(value) == 2:
        if pycountry.countries.get(alpha_2=value) is None:
            raise PartyError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
        return value
    if len(value) > 3 and value[2] == "-":
        if pycountry.subdivisions.get(code=value) is None:
            raise PartyError(f"{code!r} is not an ISO 3166-2 region code")
        return value
    known = ", ".join(sorted(ORGANIZATIONS))
    raise PartyError(f"{code!r} is not a state (ISO 3166-1), a region (ISO 3166-2) or an organization ({known})")


def state_of(code: str) -> str | None:
    """The state a party belongs to: itself for a state, its country for a region, None for an organization."""
    if code in ORGANIZATIONS:
        return None
    return code[:2]


def states_of(parties: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The distinct states among normalized parties, sorted."""
    return _states(tuple(parties))


@lru_cache(maxsize=4096)
def _states(parties: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({s for s in (state_of(p) for p in parties) if s is not None}))


@dataclass(frozen=True, slots=True, order=True)
class Relationship:
    """The unordered pair of two distinct states; ``a`` sorts before ``b``."""

    a: str
    b: str

    @classmethod
    def of(cls, first: str, second: str) -> Relationship:
        x, y = normalize_party(first), normalize_party(second)
        sx, sy = state_of(x), state_of(y)
        if sx is None or sy is None:
            raise PartyError("a relationship is between two states; organizations have none")
        if sx == sy:
            raise SameState(f"a relationship needs two different states, got {sx} twice")
        return cls(*sorted((sx, sy)))

    @classmethod
    def from_key(cls, key: str) -> Relationship:
        a, _, b = key.partition(":")
        return cls.of(a, b)

    @property
    def key(self) -> str:
        return f"{self.a}:{self.b}"

    @property
    def parties(self) -> list[str]:
        return [self.a, self.b]

    def __str__(self) -> str:
        return f"{display_name(self.a)} – {display_name(self.b)}"


def is_multilateral(parties: list[str] | tuple[str, ...]) -> bool:
    """Whether an event concerns more than two states (a forum, an exhibition): it then belongs to several
    relationships, and each shows it as multilateral."""
    return len(states_of(parties)) > 2


def is_home(relationship: Relationship) -> bool:
    """Whether the relationship is one of Belarus's (the pair of Belarus and another state)."""
    return HOME in (relationship.a, relationship.b)


def partner_of(relationship: Relationship) -> str:
    """Belarus's partner in one of its relationships (for another pair: its second state)."""
    return relationship.b if relationship.a == HOME else relationship.a if relationship.b == HOME else relationship.b


def relationships_of(parties: list[str] | tuple[str, ...]) -> tuple[Relationship, ...]:
    """Every relationship an event with these (normalized) parties belongs to."""
    return _pairs(states_of(parties))


@lru_cache(maxsize=4096)
def _pairs(states: tuple[str, ...]) -> tuple[Relationship, ...]:
    return tuple(Relationship(a, b) for a, b in combinations(states, 2))


@lru_cache(maxsize=1024)
def display_name(code: str) -> str:
    """A readable name for a party code."""
    if code in ORGANIZATIONS:
        return ORGANIZATIONS[code]
    if code in _DISPLAY_NAMES:
        return _DISPLAY_NAMES[code]
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return code
        return getattr(country, "common_name", None) or country.name
    region = pycountry.subdivisions.get(code=code)
    return region.name if region is not None else code
