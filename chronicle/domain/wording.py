"""Words for codes: how a kind, a metric or an amount reads in a headline, a page or a table."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

KIND_LABELS = {"business_council": "business council", "joint_commission": "joint commission",
               "representative_office": "representative office", "trade_office": "trade office",
               "honorary_consulate": "honorary consulate", "business_forum": "business forum",
               "round_table": "round table", "cultural_event": "cultural event", "head_of_state": "head of state",
               "head_of_government": "head of government", "export_control": "export control",
               "working_group": "working group"}
METRIC_LABELS = {"trade.turnover": "trade turnover", "trade.exports": "exports", "trade.imports": "imports",
                 "investment": "investment", "agreements.count": "agreements", "people.count": "people",
                 "goods.count": "goods", "other": "other figure"}


@lru_cache(maxsize=8192)
def in_english_script(text: str | None) -> bool:
    """Whether a name can stand in an English sentence: every letter of it Latin (with its diacritics, so
    "Việt Nam" does, "Сеул" or "서울" does not). A headline is in one language: the chronicle's own words are
    English, so a name in another script is either told alone or left out."""
    if not text:
        return False
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def label(value: Any) -> str:
    """A code as words: ``business_council`` -> ``business council``."""
    if value is None:
        return ""
    text = str(value)
    return KIND_LABELS.get(text, text.replace("_", " "))


def format_value(value: Any, unit: str | None, qualifier: str | None = None) -> str:
    """An amount for reading: ``1.2 million USD``, ``about 3,400``."""
    if value is None:
        return ""
    number = float(value)
    if unit == "count" or unit is None:
        text = f"{int(number):,}" if number.is_integer() else f"{number:,}"
    else:
        for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
            if number >= size:
                amount = f"{number / size:,.2f}".rstrip("0").rstrip(".")
                text = f"{amount} {word} {unit}"
                break
        else:
            text = f"{number:,.0f} {unit}"
    return f"{qualifier} {text}" if qualifier else text


def short_summary(attributes: dict[str, Any]) -> str:
    """A fact's summary cut to 140 characters."""
    summary = attributes.get("summary") or ""
    return summary if len(summary) <= 140 else summary[:137].rstrip() + "…"
