"""Finding things in the bundled chronicle and in pages, for the web tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from api.main import create_app
from chronicle.application import Chronicle
from chronicle.config import Settings

COUNCIL = "Belarus–Republic of Korea business council"


def facts(chronicle: Chronicle, type_: str, party: str = "KR") -> list[dict[str, Any]]:
    """Every fact of a type concerning a party, as the API's event detail gives it (status, current version)."""
    return [chronicle.records.event(e.id) for e in chronicle.events(0, 1000, party=party, types=[type_])]


def find(chronicle: Chronicle, type_: str, test: Callable[[dict[str, Any]], bool], party: str = "KR") -> dict[str, Any]:
    found = [f for f in facts(chronicle, type_, party) if test(f)]
    assert found, f"no {type_} of {party} passes the test"
    return found[0]


def council(chronicle: Chronicle) -> dict[str, Any]:
    """The 2021 Belarus–Korea business council's body.established."""
    return find(chronicle, "body.established", lambda f: f["current"]["attributes"].get("kind") == "business_council")


def section(html: str, section_id: str) -> str:
    """The HTML of one <section id=...> of the relation page (up to the next section heading of its level)."""
    match = re.search(rf'<section class="section" id="{re.escape(section_id)}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def items(html: str, section_id: str) -> list[str]:
    """The text of each item's "what" in one section of the state card (not its source links)."""
    found = re.findall(r'<span class="what">(.*?)</span>\s*(?:<abbr|<span class="refs">)', section(html, section_id), re.S)
    return [text_of(x).strip() for x in found]


def listed(html: str, section_id: str, name: str) -> bool:
    return any(name in item for item in items(html, section_id))


def text_of(html: str) -> str:
    """The page's text without tags, white space collapsed (entities left as they are)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def web_for(chronicle: Chronicle, **settings: Any) -> TestClient:
    """A client of an app over this chronicle; keyword arguments set its settings."""
    return TestClient(create_app(Settings(**settings), chronicle))
