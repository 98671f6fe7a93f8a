"""Anniversaries and ages: "30 лет с момента установления", "the silver jubilee", "a quarter of a century
since" — the age in years of a fact whose date is the anniversary's date minus that age."""

from __future__ import annotations

import re

from .dates import has_any

_ANNIVERSARY = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)?[\s-]+(?:year\s+)?anniversary|\b(\d{1,3})\s+years\s+(?:since|of|after|ago)|"
    r"\b(quarter\s+of\s+a\s+century|half\s+a\s+century|silver\s+jubilee|golden\s+jubilee|diamond\s+jubilee)|"
    r"(?<![\d])(\d{1,3})\s*-?\s*(?:летие|летия|летию|летием|летнего|летний)|(?<![\d])(\d{1,3})\s+(?:лет|года?)\s+(?:с\s+момента|со\s+дня|с\s+даты|назад)|"
    r"(четверть\s+века|полвека|полувеков\w*)|(?<![\d])(\d{1,3})-?(?:й|я|ю)?\s+годовщин\w+",
    re.I,
)
_WORD_YEARS = {"quarter of a century": 25, "half a century": 50, "silver jubilee": 25, "golden jubilee": 50,
               "diamond jubilee": 60, "четверть века": 25, "полвека": 50}


_ANNIVERSARY_WORDS = ("anniversar", "years", "jubilee", "century", "лет", "годовщин", "четверть", "полвек", "полувек")


def find_anniversary(sentence: str) -> tuple[int, int, int] | None:
    """(years, start, end) of an anniversary or "N years since" phrase, the first in the sentence."""
    if not has_any(sentence.lower(), _ANNIVERSARY_WORDS):
        return None
    m = _ANNIVERSARY.search(sentence)
    if not m:
        return None
    for group in (1, 2, 4, 5, 7):
        if m.group(group):
            years = int(m.group(group))
            return (years, m.start(), m.end()) if 0 < years < 200 else None
    words = " ".join((m.group(3) or m.group(6) or "").lower().split())
    years = _WORD_YEARS.get(words, 50 if words.startswith("полувек") else None)
    return (years, m.start(), m.end()) if years else None
