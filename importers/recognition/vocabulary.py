"""Word lists kept as data (``importers/lexicon/*.json``), loaded once.

Each file is a JSON object of named lists; a key starting with ``_`` is a comment. Lists of regular
expression fragments are joined into one alternation by :func:`alternation`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

LEXICON = Path(__file__).parents[1] / "lexicon"


@lru_cache(maxsize=None)
def lexicon(name: str) -> dict[str, list[str]]:
    """The named lists of ``lexicon/<name>.json``."""
    data = json.loads((LEXICON / f"{name}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def words(name: str, key: str) -> frozenset[str]:
    return frozenset(lexicon(name)[key])


@lru_cache(maxsize=None)
def alternation(name: str, key: str, flags: int = re.IGNORECASE | re.UNICODE) -> re.Pattern[str]:
    """One pattern matching any of the fragments of a list."""
    return re.compile("|".join(f"(?:{p})" for p in lexicon(name)[key]), flags)


def counterpart_titles(language: str) -> str:
    """The words naming a counterpart after "met with" / "встретился с" (``lexicon/triggers.json``), as one group."""
    return "(?:" + "|".join(lexicon("triggers")[f"counterpart_{language}"]) + ")"
