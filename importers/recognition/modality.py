"""Plans, intentions, forecasts, possibilities and negations: facts that have not happened.

:func:`is_unreal` looks at the clause around a trigger (between the nearest stops, semicolons and
commas) and, where that clause is introduced by "that"/"что", at the clause before it too ("Планируется,
что ..."). A relative clause after the trigger counts when it holds a plan word ("..., which the parties
plan to hold in 2021"). "did not take place until August 2015" is not a negation.
"""

from __future__ import annotations

import re

from ..reading.morphology import is_perfective_future

_MODAL_EN = (
    r"will|would|shall|should|could|(?-i:may)|might|can(?:not)?|must|going\s+to|plans?|planned|planning|estimated|"
    r"agreed\s+to|talked\s+about|negotiations?\s+on|final\s+stage|in\s+the\s+future|"
    r"intends?|intended|intention|intend|expected|expects?|to\s+be\s+(?:held|signed|opened|launched|created|established)|"
    r"upcoming|forthcoming|possib(?:le|ility|ilities)|decided\s+to|decision\s+to|"
    r"ready\s+to|aims?\s+(?:to|at)|proposals?|proposed|propose|is\s+to|are\s+to|hopes?|hoped|wish(?:es)?|"
    r"wants?|preparing|prepare|under\s+(?:development|discussion|consideration|way)|in\s+the\s+works|"
    r"talking\s+about|idea|need(?:s)?\s+to|potentially|seeks?|seeking|considering|consider|envisag\w+|"
    r"next|scheduled|would-be|goals?|targets?|targeted|invited|invites|invitation"
)
_MODAL_RU = (
    r"будет|будут|будем|будете|буду|планиру\w*|планируемы\w*|запланирован\w*|намерен\w*|намерева\w*|намерени\w*|"
    r"предполага\w*|предполож\w*|ожида\w*|должен|должна|должны|должно|должен\s+был|может|могут|можно|могл\w*|"
    r"возможн\w*|предстоящ\w*|в\s+перспективе|готов\w*|нужно|необходим\w*|рассчитыва\w*|собира\w*|"
    r"предлож\w*|намечен\w*|станет|станут|хотел\w*|хотят|стремит\w*|стремятся|стремл\w*|"
    r"надо|пусть|бы|оценива\w*|договорились\s+о|согласились|подготов\w*|пригласил\w*|приглашени\w*|"
    r"договорились\s+(?:\S+\s+)?(?:провести|подписать|создать|открыть|организовать|продолжить|рассмотреть|"
    r"проработать|активизировать|расширить|развивать|наладить|изучить|обменяться)|"
    # a goal set for a figure: "поставили задачу довести товарооборот до $2 млрд"
    r"довести|доведени\w*|поставил\w*\s+задачу|поставлена\s+задача|ставят\s+задачу"
)
# Discourse phrases whose modal word does not touch the fact: "It should be recalled that ...".
_DISCOURSE = re.compile(
    r"\b(?:it\s+)?(?:should|must)\s+be\s+(?:noted|reminded|recalled|mentioned|said|stressed|emphasi[sz]ed|added|pointed\s+out|assumed)|"
    r"\bwe\s+(?:should|must)\s+(?:remember|recall|note|remind|assume)|\bit\s+is\s+worth\s+(?:noting|recalling)|"
    r"\b(?:let\s+us|we\s+can|one\s+can|we\s+may)\s+(?:note|recall|remind|say)|"
    r"(?<![а-яё])(?:следует|нужно|необходимо|надо|можно|стоит)\s+(?:отметить|напомнить|подчеркнуть|сказать|выделить|добавить)|"
    # a document's name, not a plan: "signed the plan of consultations", "the action plan"
    r"\b(?:plans?\s+of\s+(?:action|consultations|cooperation|events|measures)|action\s+plans?)\b|"
    # a document of intent is signed, not intended: "протокол о намерениях", "letter of intent"
    r"(?<![а-яё])(?:протокол|меморандум|соглашени|заявлени|письм)\w*\s+о\s+намерениях|"
    r"\b(?:letters?|protocols?|declarations?|memorand(?:um|a))\s+of\s+intent(?:ion)?\b",
    re.I,
)
_NEGATION_EN = r"not|never|no\s+longer|n't|neither|nor|none\s+of"
_NEGATION_RU = r"не|ни|нет|никогда|никакого|никаких"

MODAL = re.compile(rf"\b(?:{_MODAL_EN})\b|(?<![а-яё])(?:{_MODAL_RU})(?![а-яё])", re.I)
NEGATION = re.compile(rf"\b(?:{_NEGATION_EN})\b|(?<![а-яё])(?:{_NEGATION_RU})(?![а-яё])", re.I)
_NOT_REALLY_NEGATIVE = re.compile(
    r"^\s*(?:only|just|until|till|later\s+than|less|more|yet\s+\w+\s+until|только|менее|более|позднее|раньше|до\b|"
    r"случайно|зря|лишь)",
    re.I,
)
_NOT_UNTIL = re.compile(r"^(?:\s+\w+){0,3}\s+(?:until|till|before|до\s+(?:\d|[а-я]+\s+\d))", re.I)
_PLAN_IN_RELATIVE = re.compile(
    r"\b(?:plan|plans|planned|intend|intends|expected|will|to\s+be\s+held)\b|планиру\w*|намерен\w*|будет|будут|предстоит",
    re.I,
)
_RU_WORD = re.compile(r"(?<![а-яё-])[а-яё]{3,}(?![а-яё-])", re.I)
_BOUNDARY = re.compile(r"[.;:!?]|,|\s[—–]\s|\s-\s")
_THAT_START = re.compile(r"^\s*(?:that|что|чтобы|how|как)\b", re.I)
# a clause joined to the one before it that shares its verb: "..., а также подписание", "..., as well as"
_ALSO_START = re.compile(r"^\s*(?:а\s+также|и\s+также|as\s+well\s+as|and\s+also)\b", re.I)
_RELATIVE_START = re.compile(r"^\s*(?:which|that|who|where|когда|который|которая|которое|которые|которую|которых|которым)\b", re.I)


# "the ... agreement concluded in April 2019": a participle after its noun starts its own small clause
_REDUCED_RELATIVE = re.compile(
    r"\b(?:agreements?|treaty|memorandum|protocol|contracts?|documents?|council|commission|forum|meeting|exhibition|"
    r"соглашени\w*|договор\w*|меморандум\w*|протокол\w*|документ\w*|совет\w*|форум\w*)\s+(?=\w+(?:ed|ен\w*|ан\w*)\b)",
    re.I,
)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _BOUNDARY.finditer(text, 0, start):
        left = m.end()
    m = _BOUNDARY.search(text, end)
    right = m.start() if m else len(text)
    return left, right


def is_unreal(text: str, start: int, end: int, negations: bool = True, relative: bool = False) -> bool:
    """Whether the trigger at ``text[start:end]`` is planned, expected, possible or negated.

    ``relative``: also look for a plan in a relative clause after the trigger (for a trigger that is a
    noun, "the fourth meeting, which the parties plan to hold").
    """
    text = _DISCOURSE.sub(lambda m: " " * len(m.group(0)), text)
    left, right = _clause(text, start, end)
    for participle in _REDUCED_RELATIVE.finditer(text, max(left, start - 60), end):
        if participle.end() == start:
            left = participle.start()
    windows = [(left, right)]
    if _ALSO_START.match(text[left:start]) and left > 0:  # "запланированы переговоры, а также подписание ..."
        prev_left, _ = _clause(text, max(0, left - 2), max(0, left - 2))
        windows.append((prev_left, left))
    if _THAT_START.match(text[left:start]) and left > 0:
        prev_left, _ = _clause(text, max(0, left - 2), max(0, left - 2))
        windows.append((prev_left, left))
    if relative and right < len(text) and _RELATIVE_START.match(text[right + 1:]):
        nxt_left, nxt_right = _clause(text, right + 1, right + 1)
        if _PLAN_IN_RELATIVE.search(text[right + 1:nxt_right]):
            return True
    for a, b in windows:
        chunk = text[a:b]
        if MODAL.search(chunk) or _has_future_verb(chunk):
            return True
        if negations:
            for m in NEGATION.finditer(chunk):
                after = chunk[m.end():]
                if not _NOT_REALLY_NEGATIVE.match(after) and not _NOT_UNTIL.match(after):
                    return True
    return False


def _has_future_verb(chunk: str) -> bool:
    """A Russian verb that can only be a perfective future ("даст", "позволит", "откроет"): not yet happened."""
    return any(is_perfective_future(m.group(0)) for m in _RU_WORD.finditer(chunk))
