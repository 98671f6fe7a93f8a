"""Sentences that tell several events of one kind: missions "of X in Y" one after another, signings listed
with their years ("Changchun (1992), Shenzhen (2014)") or their titles ("two agreements were signed: A; B"),
and two meetings joined by "and"."""

from __future__ import annotations

import re

from . import attributes as attr
from .candidates import Candidate
from .citations import reference_for, sentence_quote
from ..reading.documents import Document
from .event_parties import BELARUS, belarus_first, fold_duplicates
from .event_dates import reported_signing
from ..recognition.modality import is_unreal
from ..recognition.parties import PartyMention, find_parties
from .reading_state import Dated, ReadingState
from ..reading.sentences import Sentence
from ..recognition.triggers import MEETING_NOUN, MISSION_NOUN, Trigger
from ..recognition.vocabulary import counterpart_titles

_COORDINATED = re.compile(r"\s+(?:и|and)\s+")

_YEAR_ITEM = re.compile(r"(?P<name>[A-ZА-ЯЁ][\w'’-]*(?:\s+[A-ZА-ЯЁ][\w'’-]*){0,3})\s*\((?P<year>1[6-9]\d\d|20\d\d)\)")

_DOCUMENT_ITEM = re.compile(
    r"[:;]\s*[\"«“]?(?P<title>(?:Agreement|Memorandum|Protocol|Treaty|Declaration|Programme|Contract|Соглашение|Меморандум|"
    r"Протокол|Договор|Декларация|Программа|Контракт)\b[^;]{10,300})"
)


def add_missions(document: Document, sentence: Sentence, state: ReadingState, trigger: Trigger, dated: list[Dated],
                  mentions: list[PartyMention]) -> bool:
    """A sentence naming several missions "of X in Y" tells one opening each ("..., а спустя 10 лет — Посольство ...")."""
    text = sentence.text
    phrases = []
    for m in MISSION_NOUN.finditer(text):
        after = [p for p in mentions if p.start >= m.end() and p.start - m.end() < 40]
        if len(after) >= 2 and re.fullmatch(r"\s+(?:в|во|in)\s+(?:the\s+)?", text[after[0].end:after[1].start]):
            phrases.append((m.start(), after[1].end, after[0].code[:2], after[1].code[:2]))
    if len(phrases) < 2 or is_unreal(text, trigger.start, trigger.end):
        return False
    usable = [d for d in dated if not d.mention.scope]
    for start, end, sender, host in phrases:
        before = [d for d in usable if d.mention.end <= start]
        if not before:
            continue
        chosen = before[-1]
        quoted = sentence_quote(document, sentence, min(start, chosen.mention.start), end, start)
        if quoted is None or sender == host:
            continue
        quote, span = quoted
        paragraph_end = document.layout.paragraphs[sentence.paragraph][1]
        attributes = {"domain": "political", "kind": attr.mission_kind(text, start, end), "of": sender, "in": host,
                      "summary": " ".join(text[start:end].split())}
        state.candidates.append(Candidate(
            type="mission.opened", date=chosen.value, parties=belarus_first((sender, host)), quote=quote, span=span,
            reference=reference_for(document.layout, sentence.start, sentence.start + end, paragraph_end),
            attributes=tuple(attributes.items()),
        ))
    return True


_Item = tuple[int, int, str, "str | None"]  # start, end, title, date


def add_listed_documents(document: Document, sentence: Sentence, state: ReadingState, trigger: Trigger,
                          dated: list[Dated], mentions: list[PartyMention], fallback: str | None = None) -> bool:
    """One signing per item of a list: "Changchun (1992), Shenzhen (2014)", "two agreements were signed: A; B",
    or documents coordinated after the verb ("signed a communique on A, an agreement on B and a memorandum on C")."""
    text = sentence.text
    if is_unreal(text, trigger.start, trigger.end):
        return False
    items = next((found for shape in _LIST_SHAPES if (found := shape(text, trigger, dated, state, fallback))), [])
    if not items:
        return False
    _add_signings(document, sentence, state, trigger, mentions, items)
    return True


def _items_with_years(text: str, trigger: Trigger, dated: list[Dated], state: ReadingState,
                      fallback: str | None) -> list[_Item]:
    """"Changchun (1992), Shenzhen (2014)": each name with its year."""
    year_items = list(_YEAR_ITEM.finditer(text))
    if len(year_items) < 2:
        return []
    return [(m.start(), m.end(), m.group("name"), m.group("year")) for m in year_items]


def _coordinated_items(text: str, trigger: Trigger, dated: list[Dated], state: ReadingState,
                       fallback: str | None) -> list[_Item]:
    """Documents coordinated after a signing verb, each dated by the sentence's date or by its own."""
    verb = re.search(r"sign|ink|conclu|подпис|заключ", text[trigger.start:trigger.end], re.I)
    coordinated = _coordinated_documents(text, trigger.end) if verb else []
    if len(coordinated) < 2:
        return []
    value = _date_of_signing(text, trigger, dated, state, fallback)
    items = []
    for start, end in coordinated:  # a document dated in its own words keeps that date ("the agreement of March 11, 1998")
        own_date = next((d.value for d in dated if start <= d.mention.start < end and not d.mention.scope), value)
        items.append((start, end, text[start:end].strip(' ,;."»”'), own_date))
    return items


def _date_of_signing(text: str, trigger: Trigger, dated: list[Dated], state: ReadingState,
                     fallback: str | None) -> str | None:
    """The date of a signing of several documents: the sentence's date before the verb (or its only one after),
    the paragraph's, the context's; an undated report of a news item, its publication; "among the documents
    signed", the signing told before."""
    before = [d.value for d in dated if d.mention.end <= trigger.start and not d.mention.scope]
    inside = [d.value for d in dated if d.mention.start >= trigger.end and not d.mention.scope]
    value = (before[-1] if before else None) or (inside[0] if len(inside) == 1 else None) or state.paragraph_date or fallback
    if value is None and reported_signing(text, trigger):
        value = state.publication_date()
    if value is None and _AMONG_SIGNED.search(text, 0, trigger.start):
        value = _last_signing_date(state)
    return value


def _items_after_colon(text: str, trigger: Trigger, dated: list[Dated], state: ReadingState,
                       fallback: str | None) -> list[_Item]:
    """"two agreements were signed: A; B": the titles after a colon close to the verb."""
    colon = text.find(":", trigger.end)
    if colon < 0 or colon - trigger.end >= 40:
        return []
    found = list(_DOCUMENT_ITEM.finditer(text, colon))
    if len(found) < 2:
        return []
    before = [d.value for d in dated if d.mention.end <= trigger.start and not d.mention.scope]
    value = before[-1] if before else state.paragraph_date
    return [(m.start("title"), m.end("title"), m.group("title").strip(' "»”.'), value) for m in found]


# The shapes of a list of signed documents, tried in turn; the first that finds items gives them.
_LIST_SHAPES = (_items_with_years, _coordinated_items, _items_after_colon)


def _add_signings(document: Document, sentence: Sentence, state: ReadingState, trigger: Trigger,
                  mentions: list[PartyMention], items: list[_Item]) -> None:
    """One ``agreement.signed`` per dated item: Belarus and the state its title names, else the sentence's or
    the topic's."""
    text = sentence.text
    own = [m.code for m in mentions if m.code.startswith(BELARUS)] or [BELARUS]
    paragraph_end = document.layout.paragraphs[sentence.paragraph][1]
    for start, end, title, value in items:
        if value is None:
            continue
        named = [m.code for m in find_parties(title) if not m.code.startswith(BELARUS)]
        foreign = named or [m.code for m in mentions if not m.code.startswith(BELARUS)] or list(state.topic)
        if not foreign:
            continue
        quoted = sentence_quote(document, sentence, min(trigger.start, start), end, start)
        if quoted is None:
            continue
        quote, span = quoted
        attributes = {"domain": attr.domain("agreement.signed", text), "title": title,
                      "kind": attr.document_kind(title, 0, len(title)), "level": attr.document_level(text),
                      "summary": " ".join(text.split())[:160], "_item": title}
        state.candidates.append(Candidate(
            type="agreement.signed", date=value, parties=fold_duplicates(own[:1] + foreign[:1]), quote=quote, span=span,
            reference=reference_for(document.layout, sentence.start, sentence.start + end, paragraph_end),
            attributes=tuple(attributes.items()),
        ))


_DOCUMENT_HEAD = re.compile(
    r"(?P<sep>^|,\s+(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+(?:attended\s+the\s+signing\s+of\s+)?|;\s*|\s+и\s+|,\s+а\s+также\s+|\s+)"
    r"(?P<head>(?:(?:a|an|the)\s+)?(?:joint\s+|interstate\s+|intergovernmental\s+|interagency\s+|bilateral\s+)?"
    r"(?:agreement|memorandum|protocol|communiqu[eé]|treaty|declaration|road\s?map|programme|program|plan|contract|convention)"
    r"|(?:совместн\w+\s+|межгосударственн\w+\s+|межправительственн\w+\s+|межведомственн\w+\s+)?"
    r"(?:соглашени[ея]|меморандум|протокол|договор|коммюнике|деклараци[юя]|программ[ау]|дорожн\w+\s+карт[ау]|план|контракт|конвенци[юя]))\b",
    re.I,
)
# what makes a document one of its own: a subject or parties after the noun
_DOCUMENT_SUBJECT = re.compile(r"\s+(?:\S+\s+){0,4}?(?:(?:on|of|between|about|for|о|об|по|между|на|в\s+области|в\s+сфере)\s|"
                               r"(?:cooperation|сотрудничеств\w*|взаимодействи\w*|партнерств\w*)\b)", re.I)
# what introduces the documents of a package by name: "подписан ряд документов, в том числе A и B",
# "signed a package of documents, including A and B", "Среди подписанных документов — A, B и C"
_NAMED_AMONG = re.compile(r"\s*(?:,\s*)?(?:в\s+том\s+числе|в\s+частности|среди\s+них|среди\s+которых|including|among\s+them|"
                          r"among\s+which|such\s+as):?|\s+(?:—|–|-)(?=\s)|\s*:", re.I)
# "Среди подписанных документов — ...", "Among the documents signed are ...": the signing told before
_AMONG_SIGNED = re.compile(r"(?:(?<![а-яё])(?:среди|в\s+числе)|\bamong(?:\s+the)?(?:\s+\w+)?)\s+$", re.I)
PACKAGE = re.compile(r"(?<![а-яё])(?:пакет\w*|ряд\w*|документ\w*)|\b(?:package|set|documents|agreements)\b", re.I)


# a sentence that goes on to name the documents of the package told just before: "В их числе соглашение о ...",
# "Among them are an agreement on ... and a memorandum on ..."
_AMONG_THEM = re.compile(
    r"\s*(?:в\s+их\s+числе|среди\s+них|среди\s+подписанных\s+документов|among\s+them|among\s+the\s+documents(?:\s+signed)?|"
    r"these\s+include|they\s+include|the\s+documents\s+include)\b\s*(?:[:—–-]\s*)?(?:(?:are|were|is|was|—)\s+)?",
    re.I,
)


def add_documents_of_package(document: Document, sentence: Sentence, state: ReadingState,
                             mentions: list[PartyMention]) -> bool:
    """The documents a sentence names right after a package's signing ("Подписан пакет документов. В их числе
    соглашение о A и меморандум о B"): one signing each, on the package's date. True when it named any."""
    text = sentence.text
    opener = _AMONG_THEM.match(text)
    last = state.candidates[-1] if state.candidates else None
    if opener is None or last is None or last.type != "agreement.signed" or not PACKAGE.search(last.quote):
        return False
    after = opener.start() + len(opener.group(0).rstrip())  # the space before the first document is its separator
    spans = _coordinated_documents(text, after)
    if not spans:
        head = _DOCUMENT_HEAD.search(text, after)
        if head is None or head.start("head") - after > 5 or not _DOCUMENT_SUBJECT.match(text, head.end("head")):
            return False
        spans = [(head.start("head"), len(text))]
    items = [(start, end, text[start:end].strip(' ,;."»”'), last.date) for start, end in spans]
    _add_signings(document, sentence, state, Trigger("agreement.signed", opener.start(), opener.end()), mentions, items)
    return True


def _last_signing_date(state: ReadingState) -> str | None:
    return next((c.date for c in reversed(state.candidates) if c.type == "agreement.signed"), None)


def _named_after_package(text: str, after: int) -> tuple[re.Match[str], int] | None:
    """The package noun after ``after`` and where the documents it introduces by name begin, if it does."""
    package = PACKAGE.search(text, after, after + 60)
    if not package:
        return None
    among = _NAMED_AMONG.search(text, package.end(), package.end() + 60)
    if among and re.fullmatch(r"[\w\s-]*", text[package.end():among.start()]):
        return package, among.end()
    return None


def names_package(text: str, trigger: Trigger) -> bool:
    """A signing of a package whose documents the sentence then names ("подписан ряд документов, в том числе
    A и B"): the package is an event of its own beside each named document."""
    named = _named_after_package(text, trigger.end)
    return (named is not None and named[0].group(0).lower() != "agreements" and reported_signing(text, trigger)
            and len(_coordinated_documents(text, trigger.end)) >= 2)


def _coordinated_documents(text: str, after: int) -> list[tuple[int, int]]:
    """Spans of the documents named one after another after a signing verb, each with its own subject."""
    named = _named_after_package(text, after)
    if named is not None:  # the documents named after the package noun that introduces them
        after = named[1]
    heads = [m for m in _DOCUMENT_HEAD.finditer(text, after) if m.start() - after < 300]
    if not heads or heads[0].start("head") - after > 40:
        return []
    heads = heads[:1] + [m for m in heads[1:] if m.group("sep").strip() or re.fullmatch(r"\s+(?:and|и)\s+.*", m.group("sep"))]
    if len(heads) < 2:
        return []
    spans = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        if not _DOCUMENT_SUBJECT.match(text, m.end("head")):
            return []
        spans.append((m.start("head"), end))
    return spans


# a further counterpart of a meeting told with whom it was: "провел встречи с X, а также с Y", "met with X and with Y"
_ALSO_WITH = re.compile(
    r"(?:,\s*а\s+также|,?\s+и|,\s*as\s+well\s+as|,?\s+and)\s+(с|with)\s+(?:the\s+)?(?=[A-ZА-ЯЁ]|"
    rf"(?i:{counterpart_titles('ru')}|{counterpart_titles('en')})\w*)",
)


def coordinated_meetings(text: str, trigger: Trigger) -> list[Trigger]:
    """A second meeting joined to the first by "and" in the trigger's clause ("бизнес-форум и круглый стол"),
    or a further counterpart of a meeting told with whom ("встречи с Государственным секретарем ..., а также с
    Министром торговли ...")."""
    if trigger.type != "meeting.held":
        return []
    out = []
    if trigger.attributes.get("_with"):
        clause_end = re.search(r"[.;:!?]", text[trigger.end:])
        limit = trigger.end + (clause_end.start() if clause_end else len(text) - trigger.end)
        out = [Trigger(trigger.type, m.start(1), m.end(1), {"_with": " ".join(text[m.start(1):m.end(1) + 40].split()[:8])},
                       weak=trigger.weak)
               for m in _ALSO_WITH.finditer(text, trigger.end, limit)]
    nouns = [m for m in MEETING_NOUN.finditer(text) if abs(m.start() - trigger.end) < 120 or abs(trigger.start - m.end()) < 120]
    for a, b in zip(nouns, nouns[1:]):
        between = text[a.end():b.start()]
        kind_a = attr.meeting_kind(text, a.start(), a.end())
        kind_b = attr.meeting_kind(text, b.start(), b.end())
        if kind_a != kind_b and len(between) < 60 and _COORDINATED.search(between) and not re.search(r"[,;]", between):
            out.append(Trigger(trigger.type, b.start(), b.end(), {"kind": kind_b}, weak=trigger.weak))
    return out


def one_meeting_per_date(candidates: list[Candidate], first: int, text: str) -> None:
    """A sentence tells one meeting per date, unless it names two meetings joined by "and" ("форум и круглый стол")."""
    seen: dict[str, int] = {}
    keep: list[Candidate] = []
    for c in candidates[first:]:
        if c.type != "meeting.held":
            keep.append(c)
            continue
        key = c.date
        items = (keep[seen[key]].attrs.get("_item"), c.attrs.get("_item")) if key in seen else (None, None)
        if key in seen and not (all(items) and items[0] != items[1]) and not _coordinated_kinds(
            text, keep[seen[key]].attrs.get("kind"), c.attrs.get("kind")
        ):
            continue  # a sentence tells one meeting per date, unless each names its own counterpart
        seen.setdefault(key, len(keep))
        keep.append(c)
    candidates[first:] = keep


# a second meeting told with a verb of its own: "принял участие в форуме ..., а также провел переговоры с ..."
_ALSO_HELD = re.compile(r",\s+(?:а\s+также|и\s+также|and\s+also|as\s+well\s+as)\s+\S+(?:\s+\S+)?\s*$", re.I)


def _coordinated_kinds(text: str, kind_a, kind_b) -> bool:
    if kind_a == kind_b:
        return False
    nouns = list(MEETING_NOUN.finditer(text))
    for a, b in zip(nouns, nouns[1:]):
        between = text[a.end():b.start()]
        if len(between) < 60 and _COORDINATED.search(between) and not re.search(r"[,;]", between):
            return True
        if len(between) < 80 and _ALSO_HELD.search(between) and not re.search(r";", between):
            return True
    return False
