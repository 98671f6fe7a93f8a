"""The date of each trigger: the mention nearest to it, a list of dates for plural triggers, an
anniversary's base year minus its age, or, with none in the sentence, what the context gives."""

from __future__ import annotations

import re
from datetime import timedelta

from . import attributes as attr
from ..recognition.anniversaries import find_anniversary
from ..recognition.dates import bounds, find_dates, is_valid, resolve, shift_years
from .event_parties import BELARUS
from ..recognition.modality import is_unreal
from ..recognition.parties import PartyMention
from .reading_state import Dated, ReadingState
from ..recognition.triggers import Trigger
from ..recognition.vocabulary import alternation


# Undated past-tense reports of these types in a news item happened at its publication ("the ministers signed a
# memorandum", "held talks"); facts of other types need a date of their own.
PUBLICATION_DATED = frozenset({"statement.made", "meeting.held", "visit", "agreement.signed", "body.established", "restriction.imposed"})

_SINCE_UNDATED = re.compile(r"\bsince\s+(?:the\s+)?[a-z]|(?<![а-яё])с\s+(?:начала|момента)\b", re.I)

_FIRST_SESSION = re.compile(r"inaugural|first|инаугурационн|перв", re.I)

SINCE = re.compile(r"(?:\bsince|\bstarting\s+in|\bstarting\s+from|(?<![а-яё])с|(?<![а-яё])начиная\s+с)\s*$", re.I)

_PRESENT = re.compile(r"реализует|реализуют|реализуются|оказывается|работа(?:ют|ет)|присутству(?:ют|ет)|is\s+implementing|"
                      r"(?:has|have)\s+been\s+(?:implementing|working|present)|provides|operat", re.I)

_SPEECH_AT_END = re.compile(r"[,—–-]\s*(?:[\"”»]\s*)?(?:\S+\s+){0,6}$")

_OF = re.compile(r"\s*(?:of\s+)?")

_SAYING = re.compile(r"^(?:said|says|stated|noted|stressed|emphasi[sz]ed|underlined|told|added)$|"
                     r"^(?:сказал|заявил|отметил|подчеркнул|сообщил|добавил)\w*$", re.I)

_CONTENT_START = re.compile(r"\bthat\b|(?<![а-яё])что(?![а-яё])|[:«\"“]|\$|\d", re.I)


def resolve_dates(text: str, state: ReadingState) -> list[Dated]:
    """Resolved date mentions of a sentence; ``state.vague`` tells whether it also has an unresolvable one."""
    out: list[Dated] = []
    state.vague = False
    for mention in find_dates(text):
        if mention.kind == "same_period" and out and out[-1].mention.kind == "last_year" and state.ctx.period:
            shifted = shift_years(state.ctx.period, -1)
            out[-1] = Dated(out[-1].mention, shifted) if shifted else out[-1]
            continue
        if mention.kind == "same_year" and out and out[-1].mention.kind in ("month", "day_month") and _OF.fullmatch(
            text, out[-1].mention.end, mention.start
        ):
            continue  # "in May of the same year", "в мае того же года": the month has its year already
        value = resolve(mention, state.ctx)
        if value is None or not is_valid(value):
            state.vague = state.vague or mention.kind == "vague"
            continue
        out.append(Dated(mention, value))
        if mention.kind not in ("now", "same", "same_day", "same_year", "same_period") and not mention.scope:
            state.ctx.note(value)
    return out


def recent_date(state: ReadingState) -> str | None:
    """In a news item, the last date mentioned when it lies within a month before publication (the story
    goes on in a new paragraph: "During the visit, ..."); None otherwise."""
    published, last = state.ctx.published, state.ctx.last
    if published is None or last is None:
        return None
    span = bounds(last)
    if span is None or not (published - timedelta(days=31) <= span[0] <= published):
        return None
    return last


def session_reference(text: str, triggers: list[Trigger], state: ReadingState, mentions: list[PartyMention]) -> str | None:
    """The date of an earlier meeting that a numbered session refers back to ("At the fifth meeting of the council")."""
    for trigger in triggers:
        if trigger.type != "meeting.held" or not trigger.weak:
            continue
        number = attr.session_number(text, trigger.start, trigger.end)
        if number is None:
            continue
        named = {m.code[:2] for m in mentions if not m.code.startswith(BELARUS)} or set(state.topic)
        for c in reversed(state.candidates):
            states = {p[:2] for p in c.parties if not p.startswith(BELARUS)}
            if c.type == "meeting.held" and c.attrs.get("session_number") == number and states & named:
                return c.date
    return None


# a sentence that opens on the occasion just told: "Following the consultations, ...", "По итогам переговоров ..."
_AFTER_OCCASION = re.compile(
    rf"\s*(?:{alternation('occasions', 'at_occasion_en').pattern})\s+the\s+"
    r"(?:(?:\w+\s+){0,2}?(talks|consultations|negotiations|meeting|session|forum)|(visit))\b|"
    rf"\s*(?:{alternation('occasions', 'at_occasion_ru').pattern})\s+"
    r"(?:(?:\w+\s+){0,2}?(переговор\w*|консультаци\w*|встреч\w*|заседани\w*|форума)|(визита))(?![а-яё])",
    re.I,
)


def occasion_reference(text: str, state: ReadingState) -> str | None:
    """The day of the meeting (or visit) a sentence opens on ("Following the consultations, the plan was
    signed"): the last one told, when it has a day."""
    m = _AFTER_OCCASION.match(text)
    if m is None:
        return None
    kind = "visit" if (m.group(2) or m.group(4)) else "meeting.held"
    last = next((c for c in reversed(state.candidates) if c.type == kind), None)
    return last.date if last is not None and len(last.date) == 10 else None


# an event held for an anniversary: "a reception dedicated to the 25th anniversary", "посвященном 25-летию"
_CELEBRATION_OF = re.compile(r"\b(?:dedicated\s+to|devoted\s+to|in\s+honou?r\s+of|on\s+the\s+occasion\s+of|to\s+celebrate|"
                             r"celebrating)\b|(?<![а-яё])(?:посвящ[её]нн\w*|по\s+случаю|в\s+честь|в\s+ознаменование)", re.I)


def _time_of_speaking(state: ReadingState) -> str | None:
    """When an undated statement of a news item was made: on the day of the meeting or visit it told last, when
    that lies within a month before publication; not in the period of a figure told before ("в 2016 году ...")."""
    occasion = next((c for c in reversed(state.candidates) if c.type == "meeting.held"), None) or next(
        (c for c in reversed(state.candidates) if c.type == "visit"), None)  # said at the talks, not on arrival
    if occasion is None or len(occasion.date) != 10:
        return None
    span = bounds(occasion.date)
    published = state.ctx.published
    if span is None or not (published - timedelta(days=31) <= span[0] <= published):
        return None
    return occasion.date


_ANNIVERSARY_TYPES = ("relations.established", "agreement.signed", "body.established", "mission.opened")


# a sentence that opens on a signing and says what it will bring or what it is: the signing is done, at the occasion
# ("The signing of the Avoidance of Double Taxation Agreement will provide a stronger framework", "is a good first
# step"; "Подписание соглашения позволит ..."); not what is still to come ("will take place", "is expected")
_SIGNING_ASSESSED = re.compile(
    r"\s*(?:(?:the|this|today['’]s)\s+signing\s+of\s+[^.;]{5,180}?\s+(?:will\s+(?:provide|give|open|strengthen|boost|"
    r"facilitate|contribute|create|promote|enhance|help|allow|enable|serve|lay)|is\s+(?:a|an)\s+(?!plan|possibility)|"
    r"marks|represents|opens|constitutes)\b|"
    r"(?:подписани\w+)\s+[^.;]{5,180}?\s+(?:позволит|станет|является|откроет|даст|создаст|будет\s+способствовать|"
    r"послужит|укрепит)(?![а-яё]))",
    re.I,
)


def trigger_dates(text: str, trigger: Trigger, dated: list[Dated], state: ReadingState, fallback: str | None):
    """(date, anchor) pairs for one trigger: usually one, one per date of a list for plural triggers."""
    anniversary = find_anniversary(text)
    if anniversary and trigger.type in _ANNIVERSARY_TYPES:
        return _before_anniversary(text, trigger, anniversary, dated, state)
    if trigger.type == "agreement.signed" and trigger.start < 20 and _SIGNING_ASSESSED.match(text):
        published = state.publication_date()  # "The signing of the agreement will provide ...": signed at the occasion
        return [(published, trigger.end)] if published else []
    if trigger.type != "statement.made" and is_unreal(text, trigger.start, trigger.end, relative=trigger.weak):
        return []
    usable = _usable_dates(text, trigger, dated)
    if not usable:
        return _undated(text, trigger, state, fallback)
    return _nearest_dates(text, trigger, usable)


def _before_anniversary(text: str, trigger: Trigger, anniversary: tuple[int, int, int], dated: list[Dated],
                        state: ReadingState) -> list[tuple[str, int]]:
    """"30 years since ...": the date the anniversary is counted from (the nearest date, else the publication)
    minus its age."""
    years, a_start, a_end = anniversary
    refs = [d for d in dated if not (a_start <= d.mention.start < a_end) and d.mention.kind not in ("same", "same_day", "same_year")]
    reference = nearest([d for d in refs if d.mention.kind != "now"], a_start, a_end) or nearest(refs, a_start, a_end)
    if reference is not None:
        base = reference.value.split("/")[-1]
    elif state.ctx.published is not None:
        base = state.ctx.published.isoformat()
    elif state.ctx.reference_year:
        base = f"{state.ctx.reference_year:04d}"
    else:
        return []
    if _CELEBRATION_OF.search(text):
        base = base[:4]  # the day of an event held for the anniversary is not the day of what it marks
    shifted = shift_years(base, -years)
    return [(shifted, trigger.end)] if shifted else []


def _usable_dates(text: str, trigger: Trigger, dated: list[Dated]) -> list[Dated]:
    """The mentions that may date the trigger: not a plan's scope, not "since" for a meeting, not what a
    speaker talked about."""
    usable = [d for d in dated if not d.mention.scope and not (trigger.type == "meeting.held" and is_since(text, d))]
    if trigger.type == "statement.made":
        usable = [d for d in usable if not reported_content(text, trigger, d)]
        if _SPEECH_AT_END.search(text[:trigger.start]) and re.fullmatch(r"[\s.!?\"”»]*", text[trigger.end:]):
            usable = [d for d in usable if d.mention.start > trigger.start]  # "..., the ambassador said."
    return usable


def _undated(text: str, trigger: Trigger, state: ReadingState, fallback: str | None) -> list[tuple[str, int]]:
    """No usable date in the sentence: the first session of a body established before, the context's date
    (``fallback``; for a statement the time of speaking), else for a news item its publication."""
    if state.vague or trigger.type == "relations.established" or (trigger.type == "venture.started" and _PRESENT.search(text[trigger.start:trigger.end])):
        return []
    if trigger.weak and trigger.type == "meeting.held" and _FIRST_SESSION.search(text[trigger.start:trigger.end]):
        body = next((c for c in reversed(state.candidates) if c.type == "body.established"), None)
        if body is not None:
            return [(body.date, trigger.end)]
    noun_visit = trigger.type == "visit" and re.fullmatch(r"visits?|визит\w*", text[trigger.start:trigger.end], re.I)
    if trigger.type == "statement.made" and state.ctx.published is not None and not (fallback and len(fallback) == 10):
        fallback = _time_of_speaking(state) or state.publication_date(day=True)  # the day of the story, not a period
    if fallback and not (noun_visit and state.ctx.published is None):
        return [(fallback, trigger.end)]
    return _publication_dated(text, trigger, state)


def _publication_dated(text: str, trigger: Trigger, state: ReadingState) -> list[tuple[str, int]]:
    """An undated report of a news item happened at publication, for the types that take it."""
    if _SINCE_UNDATED.search(text, trigger.end):
        return []  # "... have announced export controls since the outbreak of the war": a span with no date
    published = state.publication_date(day=trigger.type == "statement.made")
    if published and trigger.type == "agreement.signed" and not reported_signing(text, trigger):
        return []
    if published and trigger.type in PUBLICATION_DATED:
        return [(published, trigger.end)]
    return []


def _nearest_dates(text: str, trigger: Trigger, usable: list[Dated]) -> list[tuple[str, int]]:
    """The mention nearest to the trigger, or every date of the list it stands in."""
    chosen = nearest(usable, trigger.start, trigger.end, text)
    if trigger.type == "venture.started" and _PRESENT.search(text[trigger.start:trigger.end]):
        if not SINCE.search(text[max(0, chosen.mention.start - 12):chosen.mention.start]):
            return []
    if chosen.mention.in_list:
        group = list_group(usable, chosen)
        if len(group) > 1:  # "visited Beijing in 2003, 2010 and 2019": one event per date, never one interval
            return [(d.value, max(trigger.end, d.mention.end)) for d in group]
    return [(chosen.value, max(trigger.end, chosen.mention.end))]


def reported_signing(text: str, trigger: Trigger) -> bool:
    """Whether a signing word tells a past signing (``lexicon/signing.json``): "signed", "подписано", "resulted
    in the signing of", not "the signed agreement" nor "подписанных соглашений"."""
    word = text[trigger.start:trigger.end]
    before = text[max(0, trigger.start - 60):trigger.start]
    if alternation("signing", "reported_word").fullmatch(word):
        return not alternation("signing", "attributive_before").search(before) or bool(re.match(r"\s+(?:by|between|with|in|on|at)\b", text[trigger.end:]))
    return bool(alternation("signing", "reported_noun_before").search(before))


def reported_content(text: str, trigger: Trigger, d: Dated) -> bool:
    """Whether a date after a speech verb belongs to what was said ("said that in 2020 ...")."""
    if d.mention.start < trigger.end:
        return False
    if _CONTENT_START.search(text, trigger.end, d.mention.start):
        return True
    # "said the cooperation has grown since the agreement came into force in October 2016": a clause
    return bool(_SAYING.search(text[trigger.start:trigger.end])) and len(text[trigger.end:d.mention.start].split()) >= 6


def is_since(text: str, d: Dated) -> bool:
    return bool(SINCE.search(text[max(0, d.mention.start - 14):d.mention.start]))


# a clause with a subject of its own begins ("..., and India opened ...")
NEW_CLAUSE = re.compile(
    r",\s+(?:and|while|whereas|but|its|their|it|they|а|но|его|её|ее|их|он|она|оно|они)\s+", re.I
)


def nearest(dated: list[Dated], start: int, end: int, text: str | None = None) -> Dated | None:
    """The mention closest to ``[start, end)``; one after it counts less, and little beyond a comma."""
    best = None
    for d in dated:
        if d.mention.end <= start:
            distance = start - d.mention.end
            if text is not None and ";" in text[d.mention.end:start]:
                distance += 500  # another item of a list
            elif text is not None and NEW_CLAUSE.search(text, d.mention.end, start):
                distance *= 4  # "X opened ... in 1998, and Y opened ... in 1992": the date of the clause before
        elif d.mention.start >= end:
            distance = (d.mention.start - end) * 1.5
            if text is not None and ";" in text[end:d.mention.start]:
                distance += 500
            elif text is not None and re.search(r"[,:]", text[end:d.mention.start]):
                distance *= 4
        else:
            distance = 0
        if best is None or distance < best[0]:
            best = (distance, d)
    return best[1] if best else None


def list_group(dated: list[Dated], chosen: Dated) -> list[Dated]:
    i = dated.index(chosen)
    lo = i
    while lo > 0 and dated[lo - 1].mention.in_list and dated[lo].mention.in_list:
        lo -= 1
    hi = i
    while hi + 1 < len(dated) and dated[hi + 1].mention.in_list:
        hi += 1
    return dated[lo:hi + 1]
