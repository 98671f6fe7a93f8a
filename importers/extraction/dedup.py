"""One fact told twice is one candidate.

Two candidates tell the same fact when they have the same type, the same parties (regions as their
states), dates of which one contains the other, and the same distinguishing details: the metric and
value of a figure, the kind and ordinal of a meeting, the kind of a body, mission or document. The
first one is kept, with the more precise of the two dates. Statements are never merged: two
statements on one day are two statements.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .candidates import Candidate
from ..recognition.dates import contains, precision_rank
from ..recognition.vocabulary import alternation, words


def _states(parties: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p[:2] if len(p) > 2 and p[2] == "-" else p for p in parties)


_KIND_FAMILY = {"business_forum": "forum"}


def _detail(c: Candidate) -> tuple:
    a = c.attrs
    if c.type == "figure.reported" and c.figure is not None:
        return (c.figure.metric, round(c.figure.value, 2), c.figure.unit)
    if c.type == "meeting.held":
        return (_KIND_FAMILY.get(a.get("kind"), a.get("kind")),)
    if c.type in ("body.established", "mission.opened"):
        return (a.get("kind"),)
    return ()


@lru_cache(maxsize=4096)
def _quote_words(quote: str) -> frozenset[str]:
    return frozenset(w[:5].lower() for w in re.findall(r"[^\W\d_]{4,}", quote))


def _words(c: Candidate) -> frozenset[str]:
    """Stems of the longer words of a candidate's quote, for telling two facts of one kind apart."""
    return _quote_words(c.quote)


# A second, definite mention of an event already told: "the document was signed", "during the visit",
# "Документ был подписан", "в ходе визита".
_AT_OCCASION = alternation("occasions", "at_occasion_ru").pattern
_ANAPHORA = {
    "agreement.signed": re.compile(
        r"\b(?:the|this|that)\s+(?:document|agreement|memorandum|roadmap|treaty|protocol|declaration)s?\b|"
        r"\b(?:документ|соглашение|меморандум|протокол|договор)\w*\s+(?:был\w*\s+)?подписан",
        re.IGNORECASE,
    ),
    "visit": re.compile(
        rf"\b(?:the|this|that)\s+visit\b|(?<![а-яё])(?:{_AT_OCCASION})\s+(?:\w+\s+){{0,2}}?визит|"
        r"(?<![а-яё])(?:в|во)\s+(?:перв\w+|втор\w+|трет\w+|последн\w+|заключительн\w+)\s+день\s+визит|"
        r"(?<![а-яё])программ\w+\s+визит|\bday\s+of\s+the\s+visit\b",
        re.IGNORECASE,
    ),
    "meeting.held": re.compile(
        r"\b(?:the|this|that)\s+(?:meeting|session|talks|negotiations|forum|conversation)\b|"
        rf"(?<![а-яё])(?:{_AT_OCCASION})\s+(?:\w+\s+){{0,2}}?(?:встреч|заседани|переговор|форум|бесед)",
        re.IGNORECASE,
    ),
}
_ANAPHORA["agreement.in_force"] = _ANAPHORA["agreement.signed"]


def _anaphoric(a: Candidate, b: Candidate) -> bool:
    """On the same day, one of two events of a type refers back to the other ("during the visit")."""
    pattern = _ANAPHORA.get(a.type)
    if pattern is None:
        return False
    if a.type == "visit":  # a visit told again ("during the visit") is the same visit, dated by its day or month
        if not (contains(a.date, b.date) or contains(b.date, a.date)):
            return False
    elif a.date != b.date or len(a.date) != 10:
        return False
    return any(pattern.search(c.quote) and not c.attrs.get("title") for c in (a, b))


# "the document was signed", "these agreements provide ...": a document named by a bare definite noun
_BARE_DOCUMENT = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?:documents?|agreements?|memorand(?:um|a|ums)|roadmaps?|treat(?:y|ies)|protocols?|"
    r"declarations?)\s+(?:was|were|has|have|had|is|are|will|signed|provides?|envisages?)\b|"
    r"(?<![а-яё])(?:документ|соглашение|меморандум|протокол|договор)\w*\s+(?:был\w*\s+)?подписан",
    re.IGNORECASE,
)


def _anaphoric_signing(a: Candidate, b: Candidate) -> bool:
    return any(_BARE_DOCUMENT.search(c.quote) for c in (a, b))


@lru_cache(maxsize=4096)
def _distinct_quote_words(quote: str) -> frozenset[str]:
    """The words of a signing's quote that tell which document and signatories it is about: not the
    vocabulary of signing (``lexicon/signing.json``) nor the names of states."""
    from ..recognition.parties import find_parties

    spans = [(m.start, m.end) for m in find_parties(quote)]
    generic = words("signing", "generic_words")
    out = set()
    for m in re.finditer(r"[^\W\d_]{4,}", quote):
        if any(s <= m.start() < e for s, e in spans):
            continue
        stem = m.group(0)[:5].lower()
        if stem not in generic and not any(stem.startswith(g) for g in generic if len(g) < 5):
            out.add(stem)
    return frozenset(out)


def _distinct_words(c: Candidate) -> frozenset[str]:
    return _distinct_quote_words(c.quote)


def _similar(a: Candidate, b: Candidate) -> bool:
    if _anaphoric(a, b):
        return True
    items = (a.attrs.get("_item"), b.attrs.get("_item"))
    if all(items):
        return items[0] == items[1]
    if any(items):
        if a.type == "meeting.held" and a.date == b.date and items[0] and not items[1]:
            return True  # "провел переговоры с X. Переговоры прошли в узком составе": the talks told again
        return bool(items[0] and items[0] in b.quote or items[1] and items[1] in a.quote)
    rule = _SIMILAR_BY_TYPE.get(a.type)
    verdict = rule(a, b) if rule is not None else None
    if verdict is not None:
        return verdict
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.5


def _similar_meetings(a: Candidate, b: Candidate) -> bool:
    """Two meetings are one unless their session numbers differ, or neither has one and their dates differ."""
    na, nb = a.attrs.get("session_number"), b.attrs.get("session_number")
    if na is not None and nb is not None:
        return na == nb
    if na is None and nb is None and a.date != b.date:
        return False
    return True


def _similar_visits(a: Candidate, b: Candidate) -> bool | None:
    """The guests' programme on the day of their visit ("Гости посетили завод"): the same visit."""
    if a.date == b.date and a.attrs.get("to") and (a.attrs.get("from"), a.attrs.get("to")) == (b.attrs.get("from"), b.attrs.get("to")):
        return True
    return None


def _similar_signings(a: Candidate, b: Candidate) -> bool | None:
    """Two signings told in different places are one when their distinctive words overlap."""
    if a.span != b.span and not _anaphoric_signing(a, b):
        da, db = _distinct_words(a), _distinct_words(b)
        return not da or not db or len(da & db) / min(len(da), len(db)) >= 0.5
    return None


# The rules by type that decide (True or False) before the wording is compared; None leaves it to the wording.
_SIMILAR_BY_TYPE = {
    "meeting.held": _similar_meetings,
    "relations.established": lambda a, b: True,
    "mission.opened": lambda a, b: True,
    "figure.reported": lambda a, b: True,
    "visit": _similar_visits,
    "agreement.signed": _similar_signings,
    # one imposer's measures against the same states told again in the same period ("added 52 items to the list")
    "restriction.imposed": lambda a, b: a.attrs.get("by") == b.attrs.get("by") or None,
}


def same_fact(a: Candidate, b: Candidate) -> bool:
    if a.type != b.type:
        return False
    if a.type == "statement.made":
        # two speech verbs of one sentence, unless two speakers of two sides speak in it ("X said ..., while Y noted")
        return a.span == b.span and a.date == b.date and a.attrs.get("_side") == b.attrs.get("_side")
    if _states(a.parties) != _states(b.parties):
        return False
    if _detail(a) != _detail(b) and not _told_again_that_day(a, b):
        return False
    return (contains(a.date, b.date) or contains(b.date, a.date)) and _similar(a, b)


def _told_again_that_day(a: Candidate, b: Candidate) -> bool:
    """A meeting of no particular kind told after a meeting with a named counterpart on its day ("held talks with
    X. ... the two sides discussed trade"): the same meeting told again. (Told before, it is not: the meetings
    with named counterparts after it are each their own.)"""
    return (a.type == "meeting.held" and a.date == b.date and len(a.date) == 10
            and b.attrs.get("kind") == "other" and bool(a.attrs.get("_item")) and not b.attrs.get("_item"))


def with_finer_date(kept: Candidate, again: Candidate) -> Candidate:
    """The candidate kept for a fact told twice, with the more precise date when the second telling's lies
    inside the first's."""
    if precision_rank(again.date) > precision_rank(kept.date) and contains(kept.date, again.date):
        return replace(kept, date=again.date)
    return kept


# a sentence that opens on the meeting just told: "В ходе встречи стороны обсудили ...", "Стороны обсудили ...",
# "During the talks, the sides discussed ..."
_BACK_TO_MEETING = re.compile(
    r"\s*(?:(?:в\s+ходе|во\s+время|на)\s+(?:\w+\s+)?(?:встреч|переговор|бесед|консультаци)\w*\s*,?\s*)?"
    r"(?:стороны|собеседники)\s+(?:также\s+)?(?:обсудили|рассмотрели|обменялись)|"
    r"\s*(?:(?:during|at|in\s+the\s+course\s+of)\s+the\s+(?:meeting|talks|conversation|consultations)\s*,?\s*)?"
    r"the\s+(?:sides|parties|two\s+sides)\s+(?:also\s+)?(?:discussed|exchanged|reviewed)",
    re.IGNORECASE,
)


def _back_to_last_meeting(kept: list[Candidate], candidate: Candidate) -> int | None:
    """The index of the meeting a "the sides discussed" sentence goes on telling: the last one kept."""
    if candidate.type != "meeting.held" or not _BACK_TO_MEETING.match(candidate.quote):
        return None
    for i in range(len(kept) - 1, -1, -1):
        if kept[i].type == "meeting.held":
            last = kept[i]
            same = _states(last.parties) == _states(candidate.parties)
            return i if same and (contains(last.date, candidate.date) or contains(candidate.date, last.date)) else None
    return None


def merge_duplicates(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for candidate in candidates:
        last = _back_to_last_meeting(kept, candidate)
        if last is not None:
            kept[last] = with_finer_date(kept[last], candidate)
            continue
        for i, earlier in enumerate(kept):
            if same_fact(earlier, candidate):
                kept[i] = with_finer_date(earlier, candidate)
                break
        else:
            kept.append(candidate)
    return kept
