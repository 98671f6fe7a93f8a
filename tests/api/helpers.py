"""Events for the API tests, built on tests/builders.py."""

from __future__ import annotations

from tests.builders import citation, fact, figure

VISIT = "The minister visited Minsk in May 2019"
TRADE = "In 2019 trade amounted to 182 million dollars"
OTHER_TRADE = "Another estimate put 2019 trade at 175 million dollars"
EMBASSY = "The embassy of Belarus in Seoul opened in December 1997"
CONTROLS = "Export controls were imposed in 2022"


def visit(date: str = "2019-05", parties: tuple[str, ...] = ("BY", "KR"), **fields) -> dict:
    """A visit; the first event of a chronicle carries the whole source (later ones may refer to it)."""
    return fact("visit", date, list(parties), VISIT, **fields)


def trade(value: float = 182e6, **fields) -> dict:
    return figure("2019", value, TRADE, full_source=False, **fields)


def quoting(source: dict, quote: str, date: str = "2020", parties: tuple[str, ...] = ("BY", "KR")) -> dict:
    """A visit quoting another source, given in full (with its text or only its metadata)."""
    cited = citation(quote, text=source.get("text", ""), source=source)
    return {"type": "visit", "date": date, "parties": list(parties), "citations": [cited]}
