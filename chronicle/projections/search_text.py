"""What full-text search indexes of a fact, and how text becomes terms: pure functions.

A fact version is indexed by its words — its label and headline, its attributes, actors and parties (their
English and Russian names), the quotes of its citations and the titles and publishers of the sources they
cite. Russian words are indexed by every dictionary form pymorphy3 gives them ("Кореи", "Корее" → "корея"),
so that a query in any case finds a text in any other; a query's Russian words are reduced the same way.
English words are left to the engine's stemmer (SQLite's ``porter`` tokenizer, PostgreSQL's ``english``
configuration), which folds plurals ("agreements" → "agreement").

Snowball's Russian stemmer, which both engines have, does not do this: it stems "Корея" to "коре" and
"Кореи" to "кор", so the one would not find the other (tests/queries/test_search.py shows it); nor does a
trigram index, which finds substrings, not forms.
"""

from __future__ import annotations

import gettext
import re
from datetime import date
from functools import lru_cache
from typing import Any

import pycountry

from chronicle.domain.fact_types import FACT_TYPE, headline
from chronicle.domain.parties import HOME, display_name, states_of
from chronicle.domain.versions import FactVersion

WORD = re.compile(r"[^\W_]+")  # letters and digits
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
MAX_TERMS = 12  # words of a query that count; the rest are ignored
MAX_QUOTE = 300  # characters of a quote shown with a result


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> tuple[str, ...]:
    """The forms a word is indexed and searched by: for a Russian word its dictionary forms (every reading's),
    for any other the word itself, lower-cased."""
    lower = word.lower()
    if not CYRILLIC.search(lower):
        return (lower,)
    forms = sorted({parse.normal_form.replace("ё", "е") for parse in _morph().parse(lower)})
    return tuple(forms) or (lower,)


@lru_cache(maxsize=200_000)
def _word_terms(word: str) -> str:
    return " ".join(word_forms(word))


def _terms(text: str) -> str:
    return " ".join(map(_word_terms, WORD.findall(text)))


def normalize(text: str) -> str:
    """The text as the engine indexes it: each Russian word replaced by its dictionary forms."""
    if not CYRILLIC.search(text):
        return text
    return _terms(text)


# The parts of documents repeat (a source's quotes, parties' names, labels): each part's terms are kept once made.
_part_terms = lru_cache(maxsize=100_000)(_terms)


def indexed_text(version: FactVersion, sources: dict[str, tuple[str | None, str | None]]) -> str:
    """``normalize(document(version, sources))``, made part by part: no word spans two parts of a document (they
    are joined by a line break), so the terms of the whole are the terms of its parts, in order."""
    parts = document_parts(version, sources)
    text = "\n".join(parts)
    if not CYRILLIC.search(text):
        return text
    return " ".join(terms for terms in map(_part_terms, parts) if terms)


def query_terms(query: str) -> list[tuple[str, ...]]:
    """A query's words (at most :data:`MAX_TERMS`), each as the forms any of which a fact must contain."""
    return [word_forms(w) for w in WORD.findall(query)[:MAX_TERMS]]


@lru_cache(maxsize=1)
def _russian() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:
        return gettext.NullTranslations()


@lru_cache(maxsize=1024)
def party_words(code: str) -> str:
    """A party's names to search it by: its code, English name and, for a state, its Russian name."""
    names = [code, display_name(code)]
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is not None:
        names += [country.name, _russian().gettext(country.name)]
    return " ".join(dict.fromkeys(names))


def partners(parties: tuple[str, ...] | list[str]) -> str:
    """The states of a fact other than Belarus, as ``|CN|KR|`` (what the partner facet counts and filters)."""
    return "|" + "|".join(s for s in states_of(parties) if s != HOME) + "|"


FACET_MARK = "zzf"  # the words that carry a fact's facet values in the index (no word of a text begins so)


@lru_cache(maxsize=8192)
def facet_word(facet: str, value: Any) -> str:
    """The one word that stands for a facet's value in the index (``zzfpartnerkr``, ``zzfyear2019``): a chosen
    facet is then one more word to match, which the engine intersects, rather than a filter of every match."""
    return FACET_MARK + facet + "".join(ch for ch in str(value).lower() if ch.isalnum())


def facet_words(version: FactVersion, domain: str) -> str:
    words = [facet_word("partner", code) for code in partners(version.parties).strip("|").split("|") if code]
    words += [facet_word("type", version.type), facet_word("domain", domain), facet_word("year", version.date.earliest.year)]
    return " ".join(words)


def _values(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [v for item in value.values() for v in _values(item)]
    if isinstance(value, list):
        return [v for item in value for v in _values(item)]
    if value is None or isinstance(value, bool):
        return []
    return [str(value).replace("_", " ")]


def document(version: FactVersion, sources: dict[str, tuple[str | None, str | None]]) -> str:
    """Every word of a fact version that search finds it by (before :func:`normalize`); ``sources`` gives the
    title and publisher of each cited source's key."""
    return "\n".join(document_parts(version, sources))


def document_parts(version: FactVersion, sources: dict[str, tuple[str | None, str | None]]) -> list[str]:
    """The non-empty parts of :func:`document`, in order."""
    entry = FACT_TYPE[version.type]
    parts = [version.type.replace(".", " ").replace("_", " "), entry.label,
             headline(version.type, version.attributes, version.figure) or ""]
    parts += _values(version.attributes)
    parts += version.actors
    parts += [party_words(p) for p in version.parties]
    if version.figure:
        parts += _values(version.figure)
    for citation in version.citations:
        parts.append(citation.get("quote") or "")
        parts += _values(citation.get("reference") or {})
        title, publisher = sources.get(citation["source"], (None, None))
        parts += [title or "", publisher or ""]
    return [p for p in parts if p]


POSITION_BITS = 32  # a key is the earliest day's ordinal, shifted left this far, plus the position


def search_key(day: date, position: int) -> int:
    """Versions in the order search lists them: by earliest day, then position."""
    if not 0 < position < 1 << POSITION_BITS:
        raise ValueError(f"position {position} does not fit a search key")
    return (day.toordinal() << POSITION_BITS) | position


def last_key_of(day: date) -> int:
    """The largest key of a version whose earliest day is ``day`` (``as_of`` as a range of keys)."""
    return ((day.toordinal() + 1) << POSITION_BITS) - 1


def result_payload(version: FactVersion, sources: dict[str, tuple[str | None, str | None]]) -> dict[str, Any]:
    """What a search result shows of a fact version without another lookup."""
    first = version.citations[0] if version.citations else None
    cited = []
    for key in dict.fromkeys(c["source"] for c in version.citations):
        title, publisher = sources.get(key, (None, None))
        cited.append({"sha256": key, "title": title, "publisher": publisher})
    return {
        "title": headline(version.type, version.attributes, version.figure),
        "date": version.date.text,
        "parties": list(version.parties),
        "actors": list(version.actors),
        "quote": (first.get("quote") or "")[:MAX_QUOTE] if first else None,
        "sources": cited,
        "corrected": bool(version.history),
    }
