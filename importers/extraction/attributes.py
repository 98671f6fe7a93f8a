"""Attributes of a candidate read from its sentence: domain, kinds, names, numbers, who and where."""

from __future__ import annotations

import re

from chronicle.domain.fact_types import FACT_TYPE
from chronicle.domain.parties import display_name

from ..recognition.parties import PartyMention
from .statements import speaker_follows
from ..recognition.triggers import (
    BODY_KINDS,
    DOCUMENT_KINDS,
    DOCUMENT_NOUN,
    MEETING_KINDS,
    MEETING_NOUN,
    MISSION_KINDS,
    kind_near,
)

_DOMAINS = [
    ("education", r"universit|student|graduat|education|academic|school|университет|студент|выпускник|образован|вуз|учебн"),
    ("cultural", r"\bcultur|\bart\b|artist|museum|concert|festival|theat|film|music|tourism|(?<![а-яё])культур|художествен|искусств|музей|концерт|фестивал|театр|туризм"),
    ("science-tech", r"scien|technolog|innovat|research|\bIT\b|digital|high[\s-]tech|informati|научн|наук|технолог|инновац|исследован|цифров|информац|ПВТ|Парк\s+высоких"),
    ("economic", r"trade|export|import|invest|business|econom|industr|compan|contract|tractor|supply|supplies|market|bank|торгов|экспорт|импорт|инвест|бизнес|экономи|промышлен|компани|контракт|предприят|поставк|рын|банк|товарооборот"),
    ("political", r"diplomat|political|embass|ministry\s+of\s+foreign|foreign\s+minist|president|head\s+of\s+state|parliament|дипломат|политическ|посольств|министерств\w*\s+иностранных|президент|глав\w+\s+государств|парламент"),
]
_DOMAIN_RE = [(d, re.compile(p, re.I)) for d, p in _DOMAINS]

def domain(event_type: str, text: str) -> str:
    if event_type in ("relations.established", "mission.opened"):
        return "political"
    if event_type == "figure.reported":
        return "education" if _DOMAIN_RE[0][1].search(text) else "economic"
    counts = {d: len(p.findall(text)) for d, p in _DOMAIN_RE}
    best = max(counts.items(), key=lambda kv: kv[1])
    return best[0] if best[1] else FACT_TYPE[event_type].default_domain


_ORDINALS = {
    "inaugural": 1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "инаугурационн": 1, "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10,
}
_ORDINAL = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|-?(?:й|я|е|ое|ая|ий|го))\b|\b(inaugural|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\b|"
    r"(?<![а-яё])(инаугурационн|перв|втор|трет|четверт|пят|шест|седьм|восьм|девят|десят)\w*",
    re.I,
)


_SEVERAL = re.compile(r"\s+(?:two|three|four|five|six|\d+|два|две|три|четыре|пять)\s", re.I)


def session_number(text: str, start: int, end: int) -> int | None:
    """The ordinal of a session named near the trigger ("the 14th meeting", "шестой форум")."""
    window_start = max(0, start - 80)
    best = None
    for m in _ORDINAL.finditer(text, window_start, min(len(text), end + 80)):
        noun = MEETING_NOUN.match(text, m.end() + 1) or re.match(r"\s+(?:\S+\s+){0,3}?(?:meeting|session|заседани|сесси|форум|forum|round)", text[m.end():], re.I)
        if not noun or _SEVERAL.match(text, m.end()):
            continue  # "the first three meetings": several sessions, no one number
        if m.group(1):
            value = int(m.group(1))
        else:
            word = (m.group(2) or m.group(3)).lower()
            value = next((v for k, v in _ORDINALS.items() if word.startswith(k)), None)
        if value is None:
            continue
        distance = min(abs(m.start() - start), abs(m.start() - end))
        if best is None or distance < best[0]:
            best = (distance, value)
    return best[1] if best else None


_NAME_WORD = r"(?:[A-ZА-ЯЁ][\w’'.&-]*|of|on|for|and|in|the|по|и|в|de|\"|«|»|“|”)"
_BODY_NAME = re.compile(
    rf"((?:[A-ZА-ЯЁ][\w’'-]*\s+)(?:{_NAME_WORD}\s+){{0,6}}?(?:Business\s+(?:Cooperation\s+)?Council|Council|Commission|Committee|Working\s+Group|Cent(?:re|er))"
    rf"(?:\s+(?:on|for|of|in)\s+(?:[A-Z][\w-]*\s*)+)?)|"
    r"((?:[А-ЯЁ][\w-]*\s+)(?:[\w-]+\s+){0,3}?(?:совет\w*|комисси\w*|комитет\w*|центр\w*)(?:\s+[а-яё]+){0,4}?(?:\s+сотрудничества)?)",
)


def body_name(text: str) -> str | None:
    """The name of a joint body in the sentence ("Belarus-Korea Business Cooperation Council")."""
    m = _BODY_NAME.search(text)
    if not m:
        return None
    name = " ".join((m.group(1) or m.group(2)).split()).strip(" ,.")
    return name if len(name) > 6 else None


# Kinds of joint body of which a relationship has one: named by kind and states, so that its establishment and
# its sessions link up whatever language or grammatical case a document names it in.
_SINGULAR_BODIES = {"business_council": "business council", "joint_commission": "joint commission"}


def canonical_body(kind: str | None, parties: tuple[str, ...]) -> str | None:
    """``Belarus–Republic of Korea business council`` for a business council of two states, else None."""
    states = [p for p in dict.fromkeys(p[:2] for p in parties) if len(p) == 2]
    if kind not in _SINGULAR_BODIES or len(states) != 2:
        return None
    states.sort(key=lambda code: (code != "BY", code))
    return f"{display_name(states[0])}–{display_name(states[1])} {_SINGULAR_BODIES[kind]}"


def joint_body(text: str, start: int, end: int, parties: tuple[str, ...]) -> tuple[str | None, str]:
    """The name and kind of the joint body a sentence names: the canonical name for a body of a kind a
    relationship has one of, else the name as written."""
    written = body_name(text)
    kind = body_kind(text, start, end)
    return canonical_body(kind, parties) or written, kind


def document_title(text: str, start: int, end: int) -> str | None:
    """A document's name near the trigger: a capitalized title or a quoted one."""
    for m in re.finditer(r"[«\"“]([^»\"”]{8,160})[»\"”]", text):
        if DOCUMENT_NOUN.search(m.group(1)) and abs(m.start() - start) < 200:
            return m.group(1).strip()
    m = re.search(
        r"((?:Roadmap|Agreement|Memorandum|Treaty|Protocol|Declaration|Programme|Directive|Соглашени\w+|Меморандум\w*|Протокол\w*|Договор\w*|Деклараци\w+|Программ\w+)"
        r"(?:\s+(?:[\w’'-]+)){0,12}?)(?=[,.;:(]|\s+(?:was|were|which|между|был|была|было)\b|$)",
        text,
    )
    return " ".join(m.group(1).split()) if m else None


def document_kind(text: str, start: int, end: int) -> str:
    return kind_near(DOCUMENT_KINDS, text, start, end, "agreement")


def document_level(text: str) -> str:
    low = text.lower()
    if re.search(r"intergovernmental|between\s+the\s+governments?|межправительствен|government\s+of\s+the", low):
        return "intergovernmental"
    if re.search(r"interstate|межгосударствен|head\s+of\s+state|at\s+the\s+highest\s+level|на\s+высшем\s+уровне|president", low):
        return "interstate"
    if re.search(r"ministr|министерств|agency|агентств|interagency|межведомствен|academy|university|университет|chamber|палат", low):
        return "interagency"
    if re.search(r"region|province|oblast|city|cities|twin|област|провинци|город|побратим|executive\s+committee|исполком", low):
        return "regional"
    if re.search(r"\b(?:llc|ojsc|jsc|cjsc|company|plant|works|holding|ооо|оао|зао|компани|завод|холдинг)\b", low):
        return "corporate"
    return "other"


def meeting_kind(text: str, start: int, end: int) -> str:
    return kind_near(MEETING_KINDS, text, start, end, "other")


def body_kind(text: str, start: int, end: int) -> str:
    return kind_near(BODY_KINDS, text, start, end, "other")


def mission_kind(text: str, start: int, end: int) -> str:
    return kind_near(MISSION_KINDS, text, start, end, "other")




def city(text: str, mentions: list[PartyMention]) -> str | None:
    """The capital or great city named in the sentence, as written."""
    for m in mentions:
        if m.kind in ("capital", "city"):
            return text[m.start:m.end]
    return None


def speaker(text: str, start: int) -> str | None:
    """Who speaks: the name or body in front of the speech verb, or a person named after it."""
    before = text[max(0, start - 120):start]
    m = re.search(
        r"((?:the\s+)?(?:[A-ZА-ЯЁ][\w.-]*\s+){0,4}[A-ZА-ЯЁ][\w-]+|(?:the\s+)?(?:\w+\s+)?(?:side|sides|parties|ministry|Ministry)[\w\s]{0,40}?)\s*(?:,\s*[^,]{0,40},\s*)?$",
        before,
    )
    if m and not speaker_follows(before):  # "Как заявил X", "Такое мнение высказал X": X follows the verb
        return " ".join(m.group(1).split())
    after = text[start:start + 120]
    m = re.search(r"((?:[А-ЯЁA-Z]\.\s*){1,2}[А-ЯЁA-Z][\w-]+|[А-ЯЁA-Z][\w-]+\s+[А-ЯЁA-Z][\w-]+)", after)
    return m.group(1) if m else None


def visit_level(text: str) -> str:
    low = text.lower()
    if re.search(r"president|head\s+of\s+(?:the\s+\w+\s+)?state|head\s+of\s+the\s+belarusian\s+state|king|emir|sultan|президент|глав\w+\s+государств", low):
        return "head_of_state"
    if re.search(r"prime\s+minister|premier|head\s+of\s+(?:the\s+)?(?:government|executive\s+power)|премьер|глав\w+\s+правительств", low):
        return "head_of_government"
    if re.search(r"minister|министр|вице-министр|deputy\s+minister", low):
        return "minister"
    if re.search(r"parliament|speaker|deput|парламент|депутат|спикер", low):
        return "parliament"
    if re.search(r"delegation|делегаци|businessmen|representatives", low):
        return "delegation"
    return "other"


_TITLE = re.compile(
    r"(?:\b(?:[Dd]eputy\s+|[Vv]ice[\s-]|[Ff]irst\s+)?(?:[A-Z][\w-]+\s+){0,2}(?:[Mm]inister|[Pp]resident|[Pp]rime\s+[Mm]inister|[Hh]ead|"
    r"[Aa]mbassador|[Cc]hairman|[Ss]peaker)|(?<![а-яё])(?:[Зз]аместител\w+\s+)?(?:[Мм]инистр\w*|[Пп]резидент\w*|[Пп]осол|[Пп]осл[аоу]|"
    r"[Пп]ремьер\w*|[Гг]лав\w+))"
)
_NAME_RUN = re.compile(r"[A-ZА-ЯЁ][\w-]+(?:\s+(?:[A-ZА-ЯЁ]\.\s*)*[A-ZА-ЯЁ][\w-]+)+")


def visitor(text: str) -> str | None:
    """Who visits: a title and the personal name that follows it ("Deputy Foreign Minister of Belarus Yevgeny
    Shestakov"), else a delegation."""
    m = _TITLE.search(text)
    if m:
        window = text[m.start():m.start() + 140]
        for name in _NAME_RUN.finditer(window, m.end() - m.start()):
            return " ".join(window[:name.end()].split())
        return " ".join(window[:m.end() - m.start()].split())
    m = re.search(r"((?:the\s+)?\w+\s+delegation|делегаци\w+(?:\s+\w+){0,3})", text, re.I)
    return m.group(1) if m else None
