"""From a read document to candidate events.

Sentence by sentence, in reading order:

1. the date mentions are resolved against what came before (:mod:`importers.recognition.dates`);
2. parties, triggers and figures are found (:mod:`importers.recognition.parties`,
   :mod:`importers.recognition.triggers`, :mod:`importers.recognition.figures`);
3. each trigger that states a fact (:mod:`importers.recognition.modality`) becomes a candidate with the date
   nearest to it (:mod:`importers.extraction.event_dates`), the states of its sentence or, when the sentence
   names none, the states the text was last about ("the parties", "the two countries";
   :mod:`importers.extraction.event_parties`), a verbatim quote and its reference
   (:mod:`importers.extraction.citations`);
   sentences that tell several events of a kind are expanded (:mod:`importers.extraction.listings`), figures
   become ``figure.reported`` (:mod:`importers.extraction.figure_events`);
4. candidates telling one fact twice are merged (:mod:`importers.extraction.dedup`), and only candidates that
   pass the store's checks are returned.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import attributes as attr
from .candidates import Candidate, passes_store_checks
from .citations import reference_for, sentence_quote
from .dedup import merge_duplicates
from ..reading.documents import Document
from .event_dates import NEW_CLAUSE, occasion_reference, recent_date, resolve_dates, session_reference, trigger_dates
from .event_parties import BELARUS, mission_direction, parties_of, restriction_parties, update_topic, visit_host, visit_mentions
from .figure_events import add_figure, add_table
from ..recognition.figures import find_figures
from .listings import add_documents_of_package, add_listed_documents, add_missions, coordinated_meetings, names_package, one_meeting_per_date
from ..recognition.parties import PartyMention, find_parties
from .reading_state import Dated, ReadingState
from ..reading.sentences import Sentence, split
from .statements import (main_counterpart, one_per_speaker, opens_content, opens_occasion, speaker_label, speaker_side, speaker_follows,
                         speaker_subject, speaker_title, speech_speaker, statement_parties)
from ..recognition.triggers import MEETING_NOUN, MISSION_NOUN, Trigger, find_triggers


def extract(document: Document) -> list[Candidate]:
    """Candidate events of one document, in reading order, one per fact."""
    layout = document.layout
    state = ReadingState.for_publication(document.published)
    headline = _headline(document)
    speech = speech_speaker(document.title, layout.clean.text)
    for sentence in split(layout.clean.text, layout.paragraphs):
        if sentence.paragraph == headline:
            continue
        if speech is not None:  # the whole document is one speech: its first words stand for it
            _add_labelled_words(document, sentence, state, *speech, 0)
            speech = None
        if sentence.paragraph != state.paragraph:
            state.paragraph = sentence.paragraph
            state.paragraph_date = None
            state.ctx.new_paragraph()
        _sentence(document, sentence, state)
        state.sentence_index += 1
    checked = [c for c in merge_duplicates(state.candidates) if passes_store_checks(c, document.text)]
    return one_per_speaker(checked, news=document.published is not None)


def _headline(document: Document) -> int | None:
    """The paragraph that is the document's headline, if it opens with one: a headline restates the lead in
    the present tense ("Delegation visits Kuala Lumpur") and would date its event by the publication."""
    paragraphs = document.layout.paragraphs
    if len(paragraphs) < 2:
        return None
    start, end = paragraphs[0]
    first = " ".join(document.layout.clean.text[start:end].split()).strip("# ")
    if first and len(first) <= 150 and first[-1] not in ".!?…:;»\"”":
        return 0
    return None


def _sentence(document: Document, sentence: Sentence, state: ReadingState) -> None:
    """The events of one sentence: its triggers dated and given parties, its figures, then what the reader
    keeps for the sentences after it (the paragraph's date, the topic)."""
    text = sentence.text
    if _read_first(document, sentence, state):
        return
    recent = recent_date(state)  # of the sentences before this one
    dated = _resolved_dates(text, state)
    figures = find_figures(text)
    mentions = [m for m in find_parties(text) if not any(f.start <= m.start < f.end for f in figures)]
    triggers = find_triggers(text)
    fallback = state.paragraph_date or recent
    first = len(state.candidates)
    triggers, fallback = _kept_triggers(text, triggers, dated, figures, mentions, state, fallback)
    if add_documents_of_package(document, sentence, state, mentions):
        triggers = [t for t in triggers if t.type != "agreement.signed"]
    if opens_occasion(text) or any(t.type in ("meeting.held", "visit") and not t.weak and not _told_in_speech(text, t, triggers)
                                   for t in triggers):
        state.occasion += 1
    _add_trigger_events(document, sentence, state, triggers, dated, mentions, fallback)
    one_meeting_per_date(state.candidates, first, text)
    signed = next((c.date for c in state.candidates[first:] if c.type == "agreement.signed"), None)
    for figure in figures:
        add_figure(document, sentence, state, figure, dated, mentions, fallback, signed)
    explicit = [d for d in dated if d.mention.kind not in ("now",) and not d.mention.scope]
    if explicit:
        state.paragraph_date = None if _the_year_of_publication(explicit[-1], state) else explicit[-1].value
    update_topic(state, mentions)


def _the_year_of_publication(d: Dated, state: ReadingState) -> bool:
    """"This year" in a news item: no date for the undated reports after it, which happened at publication."""
    published = state.ctx.published
    return d.mention.kind == "this_year" and published is not None and d.value == f"{published.year:04d}"


def _read_first(document: Document, sentence: Sentence, state: ReadingState) -> bool:
    """A year table, a transcript's speaker label and the words after it, read before the sentence's events;
    True when nothing of the sentence is left to read."""
    text = sentence.text
    if text[:1] in "YyГг" and add_table(document, sentence, state):
        return True
    label = speaker_label(text)
    if label is not None:
        state.labelled_speaker = label[:2]
        if not text[label[2]:].strip():
            return True
    if state.labelled_speaker is not None:
        _add_labelled_words(document, sentence, state, *state.labelled_speaker, label[2] if label else 0)
        state.labelled_speaker = None
    return False


def _resolved_dates(text: str, state: ReadingState) -> list[Dated]:
    """The sentence's dates resolved; a dateline's day early in the text is the day of the report."""
    dated = resolve_dates(text, state)
    if state.sentence_index < 2 and state.report_day is None:
        state.report_day = next((d.value for d in dated if d.mention.dateline and len(d.value) == 10), None)
    state.dated_sentence = any(d.mention.kind != "now" and not d.mention.scope for d in dated)
    return dated


def _kept_triggers(text: str, triggers: list[Trigger], dated: list[Dated], figures: list, mentions: list[PartyMention],
                   state: ReadingState, fallback: str | None) -> tuple[list[Trigger], str | None]:
    """The triggers that tell an event of their own, and the date for those the sentence does not date (a
    numbered session told before, when the sentence has no date)."""
    strong_meeting = any(t.type == "meeting.held" and not t.weak for t in triggers)
    triggers = [t for t in triggers if not (t.weak and t.type == "meeting.held" and strong_meeting)]
    anchor_date = session_reference(text, triggers, state, mentions) or occasion_reference(text, state)
    if anchor_date and not [d for d in dated if not d.mention.scope]:
        fallback = anchor_date
    triggers = [t for t in triggers if not _reports_other_event(text, t, triggers) and not _tells_a_figure(text, t, figures)]
    return triggers, fallback


def _add_trigger_events(document: Document, sentence: Sentence, state: ReadingState, triggers: list[Trigger],
                        dated: list[Dated], mentions: list[PartyMention], fallback: str | None) -> None:
    """One candidate per trigger and date (missions and signings a sentence lists are their own events)."""
    text = sentence.text
    listed = False
    for trigger in triggers:
        if trigger.type == "mission.opened" and add_missions(document, sentence, state, trigger, dated, mentions):
            continue
        if trigger.type == "agreement.signed":
            trigger, listed = _signing(document, sentence, state, trigger, dated, mentions, fallback, listed)
            if trigger is None:
                continue
        own = [d for d in dated if not _date_of_nested_event(text, trigger, d, triggers)]
        own = [d for d in own if not _signing_date_before_entry_into_force(trigger, d, triggers, own)]
        own = _without_twins_dates(trigger, own, triggers)
        dates = trigger_dates(text, trigger, own, state, fallback)
        for i, (value, anchor) in enumerate(dates):
            for each in [trigger] + coordinated_meetings(text, trigger):
                _add_event(document, sentence, state, each, value, anchor, mentions, respective(text, mentions, len(dates), i))


_RESPECTIVELY = re.compile(r"\brespectively\b|(?<![а-яё])соответственно(?![а-яё])", re.I)
_STATES_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+|и\s+)?|\s+(?:and|и)\s+)(?:the\s+)?", re.I)


def respective(text: str, mentions: list[PartyMention], count: int, i: int) -> frozenset[str]:
    """For the ``i``-th of ``count`` dates of a sentence that pairs them "respectively" with as many states ("against
    Russia and Belarus ... in April and May, respectively"), the other states of that list: not its parties. Places
    paired with dates ("held in 2015 and 2016 in Riyadh and Minsk, respectively") are venues, not parties."""
    if count < 2 or not _RESPECTIVELY.search(text):
        return frozenset()
    ordered = sorted(mentions, key=lambda m: m.start)
    for k in range(len(ordered) - count + 1):
        group = ordered[k:k + count]
        if len({m.code for m in group}) == count and not any(m.kind in ("city", "capital") for m in group) and all(
                _STATES_GLUE.fullmatch(text, a.end, b.start) for a, b in zip(group, group[1:])):
            return frozenset(m.code for m in group if m is not group[i])
    return frozenset()


def _signing(document: Document, sentence: Sentence, state: ReadingState, trigger: Trigger, dated: list[Dated],
             mentions: list[PartyMention], fallback: str | None, listed: bool) -> tuple[Trigger | None, bool]:
    """A signing trigger: the documents the sentence lists become their own events (once a sentence), and the
    trigger is then kept only as the package's signing. Returns the trigger to date (None: none) and whether
    the sentence lists documents."""
    if listed or add_listed_documents(document, sentence, state, trigger, dated, mentions, fallback):
        listed = True
        if not names_package(sentence.text, trigger):
            return None, listed
        trigger = replace(trigger, attributes={**trigger.attributes, "_package": True})
    if trigger.weak:
        return None, listed
    return trigger, listed


# Verbs that only pass news on ("..., the minister told reporters"), unlike verbs of position ("stressed")
_REPORTING_VERB = re.compile(
    r"(?:said|says|told|added|announced|reported)$|(?<![а-яё])(?:сказал|сообщил|рассказал|добавил)\w*$", re.I
)


def _told_in_speech(text: str, trigger: Trigger, triggers: list[Trigger]) -> bool:
    """Whether a meeting or visit is told inside what a speaker said ("напомнил, что в ходе его визита ..."):
    it is not the occasion at which the speaker speaks."""
    return any(t.type == "statement.made" and t.end <= trigger.start and opens_content(text, t.end) for t in triggers)


_IN_A_STATEMENT = re.compile(r"\s+in\s+(?:a|an|its|their|the)\s+(?:\w+\s+)?(?:statement|communiqu[eé]|press\s+release)\b|"
                             r"\s+в\s+(?:своем\s+|своём\s+)?(?:заявлении|коммюнике|пресс-релизе)", re.I)


def _reports_other_event(text: str, trigger: Trigger, triggers: list[Trigger]) -> bool:
    """A reporting verb in a sentence that states another event reports that event; it is no statement."""
    if trigger.type != "statement.made" or not _REPORTING_VERB.search(text[trigger.start:trigger.end]):
        return False
    said = _IN_A_STATEMENT.match(text, trigger.end)
    if said and re.match(r"\s*,?\s*(?:that|что)\b", text[said.end():], re.I):
        return False  # "the ministry said in a statement that ...": a position of its own, not the source of a report
    return any(t.type != "statement.made" and not t.weak and not _IN_TIME_CLAUSE.search(text, trigger.end, t.start)
               for t in triggers)


# "said cooperation has grown, especially after the agreement came into force": the other event only times
# what is said, in a clause of its own; the saying is the statement
_IN_TIME_CLAUSE = re.compile(r"\b(?:after|since|following|when|before)\s+(?:\S+\s+){0,20}\S*$|"
                             r"(?<![а-яё])(?:после|с\s+тех\s+пор\s+как|с\s+момента|когда)\s+(?:\S+\s+){0,20}\S*$", re.I)


# "(the agreements) reached during the visit ...": a participle ties the phrase, and its date, to a noun
_REACHED_DURING = re.compile(
    r"\b(?:reached|achieved|made|concluded|signed|adopted)\s+(?:during|in\s+the\s+course\s+of|at)\s+"
    r"(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}$|"
    r"(?<![а-яё])(?:достигнут|подписанн|заключенн|принят)\w*\s+(?:в\s+ходе|во\s+время|в\s+рамках)\s+(?:\S+\s+){0,2}$",
    re.I,
)


def _date_of_nested_event(text: str, trigger: Trigger, d, triggers: list[Trigger]) -> bool:
    """A date after a trigger that belongs to another event told inside its phrase ("discussed the agreements
    reached during the visit ... in June"): the visit's date, not the discussion's."""
    if d.mention.start < trigger.end:
        return False
    for other in triggers:
        if other is trigger or other.weak or other.type not in ("visit", "meeting.held", "agreement.signed"):
            continue
        if trigger.end <= other.start and other.end <= d.mention.start:
            if _REACHED_DURING.search(text, max(trigger.end, other.start - 60), other.start):
                return True
    return False


def _without_twins_dates(trigger: Trigger, dated: list, triggers: list[Trigger]) -> list:
    """Dates beyond another trigger of the same type belong to that one ("in June 2012 with the visit of A to
    Belarus and the return visit of B in February 2013"): dropped, when the trigger keeps a date of its own."""
    twins = [t for t in triggers if t is not trigger and t.type == trigger.type and not t.weak]
    if not twins or trigger.type == "statement.made":
        return dated

    def beyond_twin(d) -> bool:
        if d.mention.end <= trigger.start:
            return any(d.mention.end <= t.start and t.end <= trigger.start for t in twins)
        return d.mention.start >= trigger.end and any(trigger.end <= t.start and t.end <= d.mention.start for t in twins)

    kept = [d for d in dated if not beyond_twin(d)]
    return kept if kept else dated


def _signing_date_before_entry_into_force(trigger: Trigger, d, triggers: list[Trigger], dated: list) -> bool:
    """An agreement's signing date right before its entry into force ("signed in 2019, entered into force on
    1 January 2022") is the signing's, when the entry into force has a date of its own after it."""
    if trigger.type != "agreement.in_force" or d.mention.end > trigger.start:
        return False
    if not any(e.mention.start >= trigger.end and not e.mention.scope for e in dated):
        return False
    return any(
        other.type == "agreement.signed" and not other.weak
        and other.end <= d.mention.start and d.mention.start - other.end <= 12
        for other in triggers
    )


# Verbs that pass a statement on without taking a position ("noted that trade amounted to ...")
_TELLING_VERB = re.compile(
    r"(?:said|says|told|added|noted|noting|stated|announced|reported|pointed\s+out)$|"
    r"(?<![а-яё])(?:сказал|сообщил|рассказал|добавил|отметил|заявил|констатировал)\w*$|(?<![а-яё])по\s+словам$",
    re.I,
)


def _tells_a_figure(text: str, trigger: Trigger, figures: list) -> bool:
    """A speech verb whose sentence reports a figure passes the figure on: the figure is the event, not the
    saying of it ("the ambassador noted that trade amounted to $14 million")."""
    return trigger.type == "statement.made" and bool(figures) and bool(_TELLING_VERB.search(text[trigger.start:trigger.end]))


# "on the eve of the visit", "накануне визита": a visit still to come
_AHEAD_OF = re.compile(
    r"\b(?:ahead\s+of|on\s+the\s+eve\s+of|in\s+preparation\s+for|prior\s+to)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}$|"
    r"(?<![а-яё])(?:накануне|в\s+преддверии|в\s+ходе\s+подготовки\s+к|перед)\s+(?:\S+\s+){0,2}$",
    re.I,
)

_OPERATING = re.compile(r"(?:has\s+been|have\s+been|was)\s+operating|функционир", re.I)
_BODY_NOUN = re.compile(r"\b(?:council|commission|committee|working\s+group|cent(?:re|er))\b|(?<![а-яё])(?:совет|комисси|комитет|групп|центр)", re.I)

_SPEAKER_SUBJECT = re.compile(
    r"\b(?:side|sides|parties|ministry|minister|president|ambassador|envoy|head|government|chairman|official|"
    r"[A-Z][a-z]+\s+[A-Z][a-z]+|[A-Z][a-z]{3,}|(?<=[Tt]he\s)[A-Z]{3,6})\b|(?<![а-яё])(?:сторон\w*|министерств\w*|министр\w*|президент\w*|посол|посл\w+|глав\w+|"
    r"правительств\w*|[А-ЯЁ]\.\s*[А-ЯЁ]\.\s*[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+)?)",
)

# a sentence of the speaker's own words, attributed after them: "«Мы рады гостям», — сказал ..."
_OCCASION_WORD = re.compile(r"\b(?:visit|talks|meeting|negotiations)\b|(?<![а-яё])(?:визит|переговор|встреч)\w*", re.I)
_NAMED_SUBJECT = re.compile(r"(?:[A-ZА-ЯЁ][\w’'-]+\s+){0,3}[A-ZА-ЯЁ][\w’'-]{2,}$|(?i:he|she|он|она)$")
_QUOTE_FIRST = re.compile(r"\s*[«“\"][^«»“”\"]+[»”\"]\s*[,.!?]?\s*[—–-]+\s*$")

_AGREED_TO_ACT = re.compile(
    r"\s+to\s+(?:establish|create|set\s+up|sign|hold|open|form|convene|meet|organi[sz]e|launch|resume|develop|"
    r"expand|increase|boost|bring|support|continue|step\s+up|work\s+out|prepare)\b|\s+(?:о|об)\s+(?:создании|учреждении|подписании|проведении)|"
    r"\s+(?:\S+\s+)?(?:провести|подписать|создать|учредить|открыть|организовать|подготовить|продолжить|рассмотреть|"
    r"проработать|активизировать|расширить|развивать|наладить|изучить)(?![а-яё])",
    re.I,
)

_OFFICIAL = re.compile(
    r"\b(?:president|head\s+of\s+(?:the\s+)?(?:\w+\s+)?state|prime\s+minister|minister|ambassador|foreign\s+minister|chairman|spokes\w+)\b|"
    r"(?<![а-яё])(?:президент\w*|министр\w*|посол|посл[аоу]|премьер\w*|глав\w+\s+государства|председател\w*)",
    re.I,
)

# a date the sentence gives: a year, a weekday, a month, "yesterday" ("the minister said on Tuesday that ...")
_HAS_YEAR = re.compile(
    r"\b(?:(?:1[89]|20)\d\d|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|January|February|"
    r"March|April|June|July|August|September|October|November|December)\b|"
    r"(?<![а-яё])(?:понедельник|вторник|сред[уа]|четверг|пятниц[уа]|суббот[уа]|воскресенье|вчера)(?![а-яё])",
    re.I,
)

# a weak speech verb with its speaker named right beside it: ", said Chinese Vice Premier Liu Guozhong",
# "..., Lukashenko said.", "Liu said that": a named person's words, not a relayed report
_NAMED_SPEAKER = re.compile(
    r"(?:^|[,—–]\s*|\b(?:also|then)\s+)(?:[A-Z][\w’'-]+\s+){0,1}[A-Z][\w’'-]+"
    r"(?:,\s*(?:for\s+(?:his|her|its|their)\s+part|in\s+(?:his|her|its|their)\s+turn|in\s+turn|however|meanwhile),)?"
    r"\s+said\b(?!\s+(?:reporters|journalists|the\s+press))|"
    r"[,—–]\s*said\s+(?:[A-Z][\w’'-]*\s+){1,6}[A-Z]"
)

_WEAK_SPEECH = re.compile(r"^(?:said|told|added|announced|highlighted|pointed\s+out)$", re.I)

_CELEBRATED = re.compile(r"\s+(?:\S+\s+){0,3}?(?:\d+-?\s*)?(?:летие|годовщин|юбиле|anniversary|jubilee)", re.I)

_RELATIONSHIP_WORDS = re.compile(
    r"\b(?:cooperation|relations|partners?|partnership|sides|parties|bilateral|dialogue|interaction|trade|turnover)\b|"
    r"(?<![а-яё])(?:сотрудничеств\w*|товарооборот\w*|торговл\w*|отношени(?:я|й|ям|ями|ях)(?![а-яё])|партн[её]р\w*|сторон\w*|двусторонн\w*|диалог\w*|взаимодействи\w*)",
    re.I,
)


def _add_event(document: Document, sentence: Sentence, state: ReadingState, trigger: Trigger, value: str, anchor: int,
               mentions: list[PartyMention], others: frozenset[str] = frozenset()) -> None:
    text = sentence.text
    if not _plausible(trigger, text, mentions, in_occasion=state.occasion > 0 and state.published_month is not None
                      and not state.dated_sentence):
        return
    if trigger.weak:
        mentions = [m for m in mentions if trigger.start - 40 <= m.start <= trigger.end + 80]
    if trigger.type == "visit":
        mentions = visit_mentions(text, trigger, mentions)
    if trigger.type == "restriction.imposed":
        parties = restriction_parties(text, trigger, mentions, state)
    else:
        parties = parties_of(text, mentions, state, trigger.end, trigger.type)
    if parties is not None and others:  # the states paired "respectively" with the other dates
        parties = tuple(p for p in parties if p not in others)
        parties = parties if len(parties) > 1 and any(p.startswith(BELARUS) for p in parties) else None
    if parties is None:
        return
    start = min(trigger.start, anchor)
    quoted = sentence_quote(document, sentence, start, max(trigger.end, anchor), trigger.start)
    if quoted is None:
        return
    quote, span = quoted
    paragraph_end = document.layout.paragraphs[sentence.paragraph][1]
    reference = reference_for(document.layout, sentence.start, sentence.start + max(trigger.end, anchor), paragraph_end)
    attributes = _attributes(trigger, text, mentions, parties)
    if trigger.type == "statement.made":
        side = speaker_side(text, trigger.start, trigger.end, document.layout.clean.text, state.last_side, sentence.start,
                            state.last_title)
        if side != "joint":
            state.last_side, state.last_title = side, speaker_title(text, trigger.start, trigger.end)
        attributes.update(_side=side, _occasion=state.occasion)
        if state.published_month is not None or state.ctx.published is not None:
            parties = statement_parties(parties, side, document.layout.clean.text)
    state.candidates.append(Candidate(
        type=trigger.type, date=value, parties=parties, quote=quote, span=span,
        actors=_actors(text), reference=reference, attributes=tuple(attributes.items()),
    ))


def _add_labelled_words(document: Document, sentence: Sentence, state: ReadingState, side: str, speaker: str, start: int) -> None:
    """The words after a transcript's speaker label are that speaker's statement, made at the occasion the
    text told last (the talks it transcribes), else on the day of publication."""
    occasion = next((c for c in reversed(state.candidates) if c.type in ("meeting.held", "visit")), None)
    value = occasion.date if occasion is not None else state.publication_date(day=True)
    counterpart = main_counterpart(document.layout.clean.text) if side == BELARUS else BELARUS
    text = sentence.text
    quoted = sentence_quote(document, sentence, start, len(text.rstrip()), start)
    if value is None or counterpart in (None, side) or quoted is None:
        return
    quote, span = quoted
    paragraph_end = document.layout.paragraphs[sentence.paragraph][1]
    attributes = {"domain": attr.domain("statement.made", text), "speaker": speaker, "summary": " ".join(text.split())[:160],
                  "_side": side, "_occasion": state.occasion}
    state.last_side = side
    state.candidates.append(Candidate(
        type="statement.made", date=value, parties=(side, counterpart), quote=quote, span=span, actors=(speaker,),
        reference=reference_for(document.layout, sentence.start + start, sentence.start + len(text), paragraph_end),
        attributes=tuple(attributes.items()),
    ))


def _plausible(trigger: Trigger, text: str, mentions: list[PartyMention], in_occasion: bool = False) -> bool:
    """Type-specific checks that the trigger really states an event of its type. ``in_occasion``: a news item
    has told a meeting or a visit, so a speaker's own quoted words are said there, about the relationship."""
    check = _PLAUSIBLE.get(trigger.type)
    return check is None or check(trigger, text, text[trigger.start:trigger.end], mentions, in_occasion)


_NAME_BEFORE_COLON = re.compile(r"(?:[A-ZА-ЯЁ][\w.’'-]*\s+){0,3}[A-ZА-ЯЁ][\w’'-]+")


def _plausible_statement(trigger: Trigger, text: str, word: str, mentions: list[PartyMention], in_occasion: bool) -> bool:
    """A statement: not an anniversary's celebration nor an agreement to act; a weak verb needs an official and a
    date, or a named speaker beside it; about the relationship; with a speaker."""
    if _CELEBRATED.match(text, trigger.end) or _AGREED_TO_ACT.match(text, trigger.end):
        return False
    if word.strip() == ":":  # "Лукашенко: «...»": only a name opening the sentence speaks before a colon
        return bool(_NAME_BEFORE_COLON.fullmatch(text[:trigger.start].strip()))
    if _WEAK_SPEECH.match(word) and not (_OFFICIAL.search(text[max(0, trigger.start - 80):trigger.start]) and _HAS_YEAR.search(text)) \
            and not _NAMED_SPEAKER.search(text[max(0, trigger.start - 40):trigger.end + 60]) and not _IN_A_STATEMENT.match(text, trigger.end):
        return False
    foreign = any(not m.code.startswith(BELARUS) and not _inside_quoted_name(text, m.start) for m in mentions)
    quoted_words = in_occasion and bool(_QUOTE_FIRST.match(text[:trigger.start]))
    # at the talks a news item told, a speaker named by name who speaks of the visit or the talks speaks about the
    # relationship ("Мин Аун Хлайн ... выразил надежду, что визит станет историческим"); his side is read later
    named_at_occasion = in_occasion and bool(_OCCASION_WORD.search(text)) and bool(
        _NAMED_SUBJECT.match(speaker_subject(text, trigger.start, trigger.end).strip()))
    if not foreign and not _RELATIONSHIP_WORDS.search(text) and not quoted_words and not named_at_occasion:
        return False
    before = text[max(0, trigger.start - 150):trigger.start]
    return (bool(_SPEAKER_SUBJECT.search(before)) or bool(re.search(r"заявлени|^по\s+(?:словам|мнению)", word, re.I))
            or bool((speaker_follows(before) or speaker_follows(" ".join(word.split()[:2])))
                    and _SPEAKER_SUBJECT.search(speaker_subject(text, trigger.start, trigger.end))))


def _plausible_visit(trigger: Trigger, text: str, word: str, mentions: list[PartyMention], in_occasion: bool) -> bool:
    """A visit: not visitors, an exchange of visits, a call on a person, or a visit still ahead."""
    if re.search(r"\bvisitors?\b|посетител", word, re.I):
        return False
    if re.match(r"\s*вежливости|\s*of\s+courtesy", text[trigger.end:], re.I) or re.search(r"courtesy\s+$", text[:trigger.start], re.I):
        return False  # a courtesy call ("визит вежливости") is a meeting with a person, not a visit to a state
    if re.search(r"(?:exchang\w*|обмен\w*)\s+(?:of\s+)?(?:\w+\s+)?$", text[max(0, trigger.start - 30):trigger.start], re.I):
        return False  # "exchanging visits at all levels", "обмен визитами": a practice, not a visit
    if re.search(r"\b(?:was|were)\s+$", text[max(0, trigger.start - 6):trigger.start]) and re.match(r"visited\s+by\b", word + text[trigger.end:trigger.end + 4], re.I):
        return False  # "the Speaker was visited by the minister": a call on a person, told as a meeting
    if _VISIT_SPOKEN_OF.search(text[max(0, trigger.start - 40):trigger.start]):
        return False  # "назвал визит историческим", "described the visit as": a visit told before, spoken of
    return not _AHEAD_OF.search(text[max(0, trigger.start - 40):trigger.start])


# a speaker's assessment of a visit told before: "назвал визит белорусского лидера историческим", "hailed the visit"
_VISIT_SPOKEN_OF = re.compile(
    r"(?:(?<![а-яё])(?:назвал\w*|оценил\w*|охарактеризовал\w*|приветствовал\w*)|"
    r"\b(?:described|called|termed|hailed|praised|welcomed|assessed))\s+(?:\w+\s+)?$",
    re.I,
)


# an accord to set a body up is not its setting up: "достигнута договоренность о создании комиссии", "an agreement was
# reached on the establishment of a commission"
_ACCORD_TO_CREATE = re.compile(
    r"(?:(?<![а-яё])договор[её]нност\w*|(?<![а-яё])договорились)\s+о\s+(?:создании|учреждении|формировании)|"
    r"\b(?:agreement|accord|understanding|consensus)\s+(?:was\s+|has\s+been\s+)?reached\s+on\s+(?:the\s+)?(?:establishment|creation|setting\s+up)|"
    r"\bagreed\s+on\s+(?:the\s+)?(?:establishment|creation|setting\s+up)",
    re.I,
)


def _plausible_body(trigger: Trigger, text: str, word: str, mentions: list[PartyMention], in_occasion: bool) -> bool:
    """A body established: not a participle used as an adjective, not a mission that has been operating, not an
    accord to set it up."""
    if _ACCORD_TO_CREATE.search(text, max(0, trigger.start - 60), trigger.start + 20):
        return False
    if trigger.start == 0 and re.match(r"[A-Z]\w+ed\s+(?!(?:a|an|the|its|their|in|on|by)\b)", text):
        return False  # "Formed mechanisms of partnership ...": a participle used as an adjective
    if _OPERATING.match(word):
        before = text[max(0, trigger.start - 100):trigger.start]
        if MISSION_NOUN.search(before) and not _BODY_NOUN.search(before):
            return False  # "the trade house ... has been operating since 2017": a mission
    return True


def _plausible_meeting(trigger: Trigger, text: str, word: str, mentions: list[PartyMention], in_occasion: bool) -> bool:
    """A meeting: a meeting noun near the trigger, or a verb that tells one."""
    window = text[max(0, trigger.start - 160):trigger.end + 160]
    return bool(MEETING_NOUN.search(window)) or bool(re.search(r"discuss|обсуд|^(?:received|receives|hosted|hosts|принял|приняла|приняли|принимал\w*)\b|^(?:was|were)\s+(?:also\s+)?(?:received|visited)|^(?:был|была|были)\s+(?:также\s+|тоже\s+)?принят|^met\b|\b(?:met|convened)$|встретил|собрал\w*сь$|заседал\w*$|credentials|верительн|вежливости$|courtesy\s+(?:call|visit)s?$|\bwith$|\bс$", word, re.I))


# a restriction named as what is discussed or obeyed, not imposed: "exchange views on expanding export controls",
# "comply with export control regulations", "обсудили санкции", "соблюдать санкции"
_NOT_IMPOSED_BEFORE = re.compile(
    r"(?:\b(?:views|discussions?|discussed|discuss|talks|consultations|debate)\s+(?:on|about|of|over)|"
    r"\b(?:comply|complying|compliance)\s+with|\b(?:observe|observing|violat\w+|circumvent\w*|evad\w+)|"
    r"(?<![а-яё])(?:обсу[дж]\w*|соблюд\w*|наруш\w*|обход\w*))\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


def _plausible_restriction(trigger: Trigger, text: str, word: str, mentions: list[PartyMention], in_occasion: bool) -> bool:
    return not _NOT_IMPOSED_BEFORE.search(text[max(0, trigger.start - 60):trigger.start])


# The checks of each type that has them; a type without one is plausible as found.
_PLAUSIBLE = {
    "restriction.imposed": _plausible_restriction,
    "statement.made": _plausible_statement,
    "visit": _plausible_visit,
    "body.established": _plausible_body,
    "meeting.held": _plausible_meeting,
}


def _inside_quoted_name(text: str, position: int) -> bool:
    """Whether a position lies inside a short quoted name (a newspaper, a company: «Корея жунганг Daily»)."""
    for m in re.finditer(r"[«“\"]([^«»“”\"]{1,60})[»”\"]", text):
        if m.start() < position < m.end() and len(m.group(1).split()) <= 6:
            return True
    return False


def _actors(text: str) -> tuple[str, ...]:
    names = re.findall(r"«([^»]{2,80})»|“([^”]{2,80})”", text)
    out = [a or b for a, b in names]
    for m in re.finditer(r"\b((?:[A-Z][\w&.-]+\s+){0,4}(?:LLC|OJSC|JSC|CJSC|JV|Holding|Company|Corporation|Bank|Plant|Works|University|Chamber of Commerce and Industry))\b", text):
        out.append(m.group(1).strip())
    return tuple(dict.fromkeys(x.strip() for x in out if x.strip()))[:6]


_VISIT_AND = re.compile(r"\bvisits?\b.*?\s(?:and|и)\s|(?<![а-яё])визит\w*.*?\s(?:and|и)\s", re.I)

_AND_VISIT = re.compile(r"\s(?:and|и)\s+(?:[\w-]+\s+){0,2}(?:visits?\b|визит)", re.I)


def _own_clause(text: str, trigger: Trigger, mentions: list[PartyMention]) -> tuple[str, list[PartyMention]]:
    """The sentence with only the trigger's clause left (the rest blanked, offsets kept) and the party
    mentions in it, when the sentence joins clauses with subjects of their own."""
    start, end = 0, len(text)
    for m in NEW_CLAUSE.finditer(text):
        if m.end() <= trigger.start:
            start = m.end()
        elif m.start() >= trigger.end:
            end = m.start()
            break
    if trigger.type == "visit":  # "the visit of A to Belarus and the return visit of B": B's conjunct only
        for m in _VISIT_AND.finditer(text, start, trigger.start):
            start = m.end()
        later = _AND_VISIT.search(text, trigger.end, end)
        end = later.start() if later else end
    if (start, end) == (0, len(text)):
        return text, mentions
    masked = " " * start + text[start:end] + " " * (len(text) - end)
    return masked, [m for m in mentions if start <= m.start < end]


def _attributes(trigger: Trigger, text: str, mentions: list[PartyMention], parties: tuple[str, ...]) -> dict:
    t = trigger.type
    if t in ("mission.opened", "visit", "venture.started", "meeting.held", "body.established"):
        text, mentions = _own_clause(text, trigger, mentions)
    out: dict = {"domain": attr.domain(t, text)}
    s, e = trigger.start, trigger.end
    foreign = next((p for p in parties if not p.startswith(BELARUS)), None)
    if t == "mission.opened":
        kind = attr.mission_kind(text, s, e)
        sender, host = mission_direction(text, mentions, foreign)
        out.update(kind=kind, of=sender, **{"in": host}, city=attr.city(text, mentions))
    elif t in ("agreement.signed", "agreement.in_force"):
        out.update(title=attr.document_title(text, s, e), kind=attr.document_kind(text, s, e), level=attr.document_level(text))
        if trigger.attributes.get("_package"):  # the package whose documents the sentence names one by one
            out.update(title=None, _item="package")
    elif t == "body.established":
        name, kind = attr.joint_body(text, s, e, parties)
        out.update(name=name, kind=kind)
    elif t == "meeting.held":
        body = attr.body_name(text) and attr.joint_body(text, s, e, parties)[0]
        out.update(kind=trigger.attributes.get("kind") or attr.meeting_kind(text, s, e), body=body, session_number=attr.session_number(text, s, e), city=attr.city(text, mentions))
        if trigger.attributes.get("_with"):
            out["_item"] = trigger.attributes["_with"]  # whom it was with: another counterpart, another meeting
    elif t == "visit":
        host = visit_host(text, mentions, e) or foreign
        guest = BELARUS if host != BELARUS else foreign
        out.update(visitor=attr.visitor(text), level=attr.visit_level(text), **{"from": guest, "to": host})
    elif t == "venture.started":
        out.update(city=attr.city(text, mentions))
    elif t == "restriction.imposed":
        by = parties[0] if parties and not parties[0].startswith(BELARUS) else next(
            (m.code for m in mentions if not m.code.startswith(BELARUS)), foreign)  # the imposer comes first
        kind = "sanctions" if re.search(r"sanction|санкци", text, re.I) else "export_control" if re.search(r"export\s+control|экспортн", text, re.I) else "other"
        out.update(by=by, kind=kind, measure=" ".join(text[s:e].split()))
    elif t == "statement.made":
        out.update(speaker=attr.speaker(text, s))
    out["summary"] = " ".join(text.split())[:160]
    return out
