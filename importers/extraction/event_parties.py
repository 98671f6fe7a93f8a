"""The parties of an event: Belarus or its region, and the foreign states of the sentence or of the topic;
who sends a mission and who hosts it, where a visit goes, whose exports a figure reports."""

from __future__ import annotations

import re

from ..recognition.figures import FigureMention
from ..recognition.parties import PartyMention
from .reading_state import ReadingState
from ..recognition.triggers import MISSION_NOUN, Trigger

BELARUS = "BY"

MEMBER_ORGANIZATIONS = {"EAEU", "CIS", "CSTO", "UN"}

LOCATION_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$|(?<![а-яё])(?:в|во)\s+(?:г\.\s*)?$", re.I)

# where an envoy or an embassy sits ("Посол Беларуси в ОАЭ", "the Embassy of Nepal in Moscow"): not a party when the
# sentence names another foreign state (the one the envoy is accredited to or meets)
_POSTED_IN = re.compile(
    r"\b(?:ambassador|embassy|envoy|consul(?:ate)?|charg[ée]\s+d'affaires)\s+(?:of\s+(?:the\s+)?(?:Republic\s+of\s+)?\w+\s+)?(?:in|to)\s+(?:the\s+)?$|"
    r"(?<![а-яё])(?:посол|посла|послом|посольств\w*|временн\w+\s+поверенн\w+)\s+(?:\w+\s+){0,2}?(?:в|во)\s+$",
    re.I,
)

_BETWEEN = re.compile(r"\b(?:between|между)\s+", re.I)


def parties_of(text: str, mentions: list[PartyMention], state: ReadingState, anchor: int, event_type: str) -> tuple[str, ...] | None:
    """The parties of an event: Belarus (or its region) and the foreign states of the sentence or topic."""
    cut = plan_cut(text, anchor)
    usable = [m for m in mentions if m.start < cut]
    between = between_pair(text, usable, anchor)
    if between and event_type in ("agreement.signed", "agreement.in_force"):
        usable = between
    usable = _without_venues(text, usable)
    usable = [m for m in usable if not (m.kind == "organization" and _MEMBERS_AFTER.match(text, m.end))]
    foreign = _foreign_codes(usable, state, between)
    if event_type in ("agreement.signed", "agreement.in_force"):
        foreign += [c for c in _joined_organizations(text, usable) if c not in foreign]
    if not foreign:
        return None
    belarus = [m.code for m in usable if m.code.startswith(BELARUS)]
    if not belarus and not (set(foreign) & MEMBER_ORGANIZATIONS and between):
        belarus = [BELARUS]
    codes = fold_duplicates(belarus + foreign)
    if len({c[:2] if len(c) > 2 and c[2] == "-" else c for c in codes}) < 2:
        return None
    return codes


def _without_venues(text: str, usable: list[PartyMention]) -> list[PartyMention]:
    """The mentions without the foreign places that are only a venue ("in Beijing") or where an envoy sits,
    when the sentence names another foreign state."""
    places = [m for m in usable if not m.code.startswith(BELARUS) and m.kind in ("city", "capital") and LOCATION_BEFORE.search(text[max(0, m.start - 12):m.start])]
    places += [m for m in usable if not m.code.startswith(BELARUS) and _POSTED_IN.search(text[max(0, m.start - 60):m.start])]
    # the state of a venue named in brackets after it: "in Phnom Penh (Cambodia)"
    places += [m for m in usable if any(p.code[:2] == m.code[:2] and re.fullmatch(r"\s*\(\s*", text[p.end:m.start]) for p in places)]
    others = {m.code[:2] for m in usable if not m.code.startswith(BELARUS) and m not in places}
    return [m for m in usable if not (m in places and others and m.code[:2] not in others)]


# an organization's members, not the organization: "ASEAN countries", "EAEU member states", "стран ЕАЭС" is named before
_MEMBERS_AFTER = re.compile(r"\s+(?:member\s+)?(?:countries|states|nations)\b|\s+(?:стран\w*|государств\w*)(?![а-яё])", re.I)


def _joined_organizations(text: str, usable: list[PartyMention]) -> list[str]:
    """Organizations named as one side of a document's hyphenated pair: "the Vietnam-Eurasian Economic Union Free
    Trade Agreement", "EAEU–Iran"."""
    ordered = sorted(usable, key=lambda m: m.start)
    out = []
    for a, b in zip(ordered, ordered[1:]):
        if re.fullmatch(r"\s*[-–]\s*", text[a.end:b.start]):
            out += [m.code for m in (a, b) if m.code in MEMBER_ORGANIZATIONS and m.kind == "organization"]
    return out


def _foreign_codes(usable: list[PartyMention], state: ReadingState, between: list[PartyMention] | None) -> list[str]:
    """The foreign parties named, else the topic's; states before organizations, an organization kept only as
    one side of "between"."""
    foreign = [m.code for m in usable if not m.code.startswith(BELARUS)] or list(state.topic)
    states = [c for c in foreign if len(c) == 2 or "-" in c]
    if states:
        foreign = states + [c for c in foreign if c in MEMBER_ORGANIZATIONS and between and any(m.code == c for m in between)]
    return foreign


def fold_duplicates(codes: list[str]) -> tuple[str, ...]:
    """Unique codes; a state's region stands for it, so the bare state goes where a region is named."""
    unique = list(dict.fromkeys(codes))
    regions = {c[:2] for c in unique if len(c) > 2 and c[2] == "-"}
    return tuple(c for c in unique if c not in regions)


def plan_cut(text: str, anchor: int) -> int:
    """Where a clause of plans starts after the trigger ("..., and then to supply them to ...")."""
    m = re.search(
        r"[,;]\s+(?:and\s+then|and\s+(?:later|then)|а\s+затем|и\s+затем)\b|\b(?:will|intends?|intended|plans?|planned|planning)\b|"
        r"(?<![а-яё])(?:будет|будут|планиру\w*)",
        text[anchor:], re.I,
    )
    return anchor + m.start() if m else len(text)


def between_pair(text: str, mentions: list[PartyMention], anchor: int) -> list[PartyMention] | None:
    for m in _BETWEEN.finditer(text):
        pair: list[PartyMention] = []
        for p in mentions:
            if p.start >= m.end() and p.start - m.end() < 80 and all(q.code != p.code for q in pair):
                pair.append(p)
        if len(pair) >= 2:
            return pair[:2]
    return None


def update_topic(state: ReadingState, mentions: list[PartyMention]) -> None:
    """The states the text is about: those of the last sentence that names one to three of them."""
    states = list(dict.fromkeys(m.code[:2] for m in mentions if not m.code.startswith(BELARUS) and m.kind != "organization"))
    if not states or len(states) > 3:
        return
    if len(states) > 1:
        plain = list(dict.fromkeys(m.code[:2] for m in mentions if not m.code.startswith(BELARUS) and m.kind != "organization" and not m.in_name))
        states = plain or states
    state.topic = tuple(states)


def visit_mentions(text: str, trigger: Trigger, mentions: list[PartyMention]) -> list[PartyMention]:
    """A visit is between the visitor's state and the host: the place it goes to, else who comes."""
    foreign = [m for m in mentions if not m.code.startswith(BELARUS)]
    after = [m for m in foreign if 0 <= m.start - trigger.end < 90]
    before = [m for m in foreign if 0 <= trigger.start - m.end < 90]
    chosen = after[:1] or before[-1:] or foreign[:1]
    return [m for m in mentions if m.code.startswith(BELARUS)] + chosen


def visit_host(text: str, mentions: list[PartyMention], after: int) -> str | None:
    """The state a visit goes to: the first place named after "to"/"в" following the trigger."""
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start >= after and m.start - after < 80 and re.search(r"(?:\bto|\bin|(?<![а-яё])в|(?<![а-яё])во|(?<![а-яё])на)\s+(?:the\s+|г\.\s*)?(?:[\w-]+\s+){0,3}$", text[after:m.start], re.I):
            return m.code[:2]
    return None


def mission_direction(text: str, mentions: list[PartyMention], foreign: str | None) -> tuple[str | None, str | None]:
    """Sender and host of a mission: the state named with the mission noun ("Посольство Республики Беларусь",
    "a Belarusian embassy") sends it, the place it is in ("в Республике Корея", "in Islamabad") hosts it."""
    sender = _mission_sender(text, mentions)
    places = [m for m in mentions if LOCATION_BEFORE.search(text[max(0, m.start - 12):m.start]) and m.code[:2] != sender]
    host = places[0].code[:2] if places else None
    codes = [m.code[:2] for m in mentions]
    if sender is None:
        sender = next((c for c in codes if c != host), None)
    if host is None:
        host = next((c for c in codes if c != sender), BELARUS if sender != BELARUS else foreign)
    return sender, host


def _mission_sender(text: str, mentions: list[PartyMention]) -> str | None:
    """The state named with the mission noun: after it ("Embassy of Belarus") or as an adjective before it."""
    noun = MISSION_NOUN.search(text)
    if not noun:
        return None
    after = [m for m in mentions if 0 <= m.start - noun.end() < 40 and re.fullmatch(r"\s*(?:of\s+(?:the\s+)?)?", text[noun.end():m.start])]
    before = [m for m in mentions if 0 <= noun.start() - m.end < 25 and m.kind == "adjective"]
    own = after[:1] or before[-1:]
    return own[0].code[:2] if own else None


# "Belarus's exports", "белорусский экспорт": the side named before the keyword owns the trade flow ...
_OWNER_BEFORE = re.compile(r"(?:['’]s)?[\s\w-]{0,20}")
# ... as does one named after it ("exports of Pakistan", "экспорт Пакистана"), but not a destination or an
# origin ("exports to Malaysia", "импорт из Пакистана")
_OWNER_AFTER = re.compile(
    r"\s*(?:of\s+)?(?:the\s+)?(?!(?:to|into|from|for|в|во|из|изо|с|со|на|к|ко)\s)(?:\w+\s+)?$", re.IGNORECASE
)


# a trade flow named right after the sum: "$22 million is exports from Kyrgyzstan", "$46 million — imports"
_FLOW_AFTER = re.compile(
    r"\s*(?:is|are|was|were|—|–|-|:)\s*(?:the\s+)?(?:(exports?|экспорт\w*)|imports?|импорт\w*)(\s+(?:from|of|из)\s+(?:the\s+)?)?", re.I
)


def reporter_first(text: str, figure: FigureMention, parties: tuple[str, ...], metric: str,
                    mentions: list[PartyMention], previous_reporter: str | None = None) -> tuple[str, ...]:
    """For exports and imports the reporting side comes first: Belarus unless the text names another."""
    if metric not in ("trade.exports", "trade.imports"):
        return parties
    after = _FLOW_AFTER.match(text, figure.end)
    if after is not None:
        return _reporter_after(after, parties, mentions, previous_reporter)
    reporter = _reporter_before(text, figure, mentions)
    if reporter is None and previous_reporter in parties and _ITS_FLOW.search(text, max(0, figure.start - 80), figure.start):
        return _first(previous_reporter, parties)  # "Vietnam exported $110 million ..., while its imports ..."
    if reporter is None or reporter.code.startswith(BELARUS):
        return belarus_first(parties)
    return _first(reporter.code, parties)


# a flow owned by the side named before: "its imports", "their exports", "его импорт"
_ITS_FLOW = re.compile(r"\b(?:its|their)\s+(?:\w+\s+)?(?:exports?|imports?)\b|(?<![а-яё])(?:его|её|ее|их)\s+(?:экспорт|импорт)\w*", re.I)


def _first(code: str, parties: tuple[str, ...]) -> tuple[str, ...]:
    """``code`` first when it is one of the parties."""
    return (code,) + tuple(p for p in parties if p != code) if code in parties else parties


def _reporter_after(after: re.Match[str], parties: tuple[str, ...], mentions: list[PartyMention],
                    previous_reporter: str | None) -> tuple[str, ...]:
    """The flow named right after the sum: "$22 million is exports from Kyrgyzstan"; "... and $46 million —
    imports", the same side's as the figure before."""
    origin = next((m for m in mentions if m.start == after.end()), None) if after.group(2) else None
    if origin is not None and not origin.code.startswith(BELARUS) and after.group(1):
        return _first(origin.code, parties)
    if previous_reporter is not None and previous_reporter in parties:
        return _first(previous_reporter, parties)
    return belarus_first(parties)


def _reporter_before(text: str, figure: FigureMention, mentions: list[PartyMention]) -> PartyMention | None:
    """The state that owns the last flow word before the sum ("Belarusian exports", "exports of Kyrgyzstan")."""
    window_start = max(0, figure.start - 120)
    keyword = None
    for m in re.finditer(r"exports?|imports?|экспорт\w*|импорт\w*|supplies|deliveries|поставк\w*", text[window_start:figure.start], re.I):
        keyword = (window_start + m.start(), window_start + m.end())
    if keyword is None:
        return None
    near = [m for m in mentions if abs(m.start - keyword[0]) < 40 or abs(keyword[1] - m.start) < 40]
    adjective = next((m for m in near if m.end <= keyword[0] + 1 and _OWNER_BEFORE.fullmatch(text[m.end:keyword[0]])), None)
    owner = next((m for m in near if m.start >= keyword[1] and m.start - keyword[1] < 25 and _OWNER_AFTER.match(text[keyword[1]:m.start])), None)
    return adjective or owner


def belarus_first(parties: tuple[str, ...]) -> tuple[str, ...]:
    own = tuple(p for p in parties if p.startswith(BELARUS))
    return own + tuple(p for p in parties if not p.startswith(BELARUS))


# the targets of a restriction follow a preposition ("against Russia and Belarus", "против Беларуси"); what it is
# tied to ("over the war in Ukraine", "в связи с", "since the outbreak of") is no party
_TARGET_BEFORE = re.compile(r"\b(?:against|on|to|targeting|towards)\s+(?:the\s+)?(?:\w+\s+and\s+)?$|(?<![а-яё])(?:против|в\s+отношении|для|к)\s+(?:\w+\s+и\s+)?$", re.I)
_TIED_TO = re.compile(r"\b(?:over|because\s+of|due\s+to|in\s+connection\s+with|since|amid|war|conflict|invasion)\b|(?<![а-яё])(?:в\s+связи\s+с|из-за|войн\w*|конфликт\w*)", re.I)


def restriction_parties(text: str, trigger: Trigger, mentions: list[PartyMention], state: ReadingState) -> tuple[str, ...] | None:
    """A restriction is between the state that imposes it (the subject, else the state the text is about) and
    its targets; the war or the allies it is tied to are not its parties."""
    cut = _TIED_TO.search(text, trigger.end)
    window_end = cut.start() if cut else len(text)
    targets = [m for m in mentions if m.start >= trigger.start - 60 and m.start < window_end and _TARGET_BEFORE.search(text[max(0, m.start - 30):m.start])]
    if not any(m.code.startswith(BELARUS) for m in targets):
        # no state named as the target ("sanctions on Belaruskali", "Belarus has been under EU sanctions"):
        # the states of the sentence up to what the restriction is tied to
        return parties_of(text, [m for m in mentions if m.start < window_end], state, trigger.end, trigger.type)
    imposer = _imposer(text, trigger, mentions, targets, state)
    if imposer is None or any(imposer == t.code[:2] for t in targets):
        return None
    return fold_duplicates([imposer] + [t.code for t in targets])


def _imposer(text: str, trigger: Trigger, mentions: list[PartyMention], targets: list[PartyMention],
             state: ReadingState) -> str | None:
    """The one foreign state named before the trigger and not as a target, else the one the text is about."""
    target_codes = {t.code[:2] for t in targets}
    before = [m for m in mentions if m.end <= trigger.start and not m.code.startswith(BELARUS) and m.code[:2] not in target_codes
              and not _TARGET_BEFORE.search(text[max(0, m.start - 30):m.start])]
    subjects = list(dict.fromkeys(m.code[:2] for m in before))
    if subjects:
        return subjects[0] if len(subjects) == 1 else None
    # the text's state that is not a target ("Taiwan ... against Russia and Belarus"; "Previously, the ministry had ...")
    topic = [c for c in state.topic if c not in target_codes]
    return topic[0] if len(topic) == 1 else None
