"""Who makes a statement, and one statement per speaker per occasion.

A news report often gives one speaker's position in several sentences ("Глава государства отметил ...",
"«...», — подчеркнул Александр Лукашенко", "He also expressed ..."); the gold counts that as one statement.
:func:`speaker_side` reads which state the speaker speaks for from the subject of the speech verb: a state
named in it ("Вице-премьер Вьетнама", "Belarusian Prime Minister"), else the state the document names beside
the same person ("Lukashevich" → "Belarusian Deputy Foreign Minister Sergei Lukashevich") or the same title
("Глава государства" → "Президент Беларуси"), else the speaker before for a pronoun. :func:`one_per_speaker`
keeps the first statement of each side, states and occasion, and in a news item drops those whose speaker
is both sides or cannot be told (a participle, "agreed at the previous meeting"); a meeting, a visit, an interview or a press
conference opens a new occasion. The words are data (``lexicon/statements.json``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .candidates import Candidate
from ..recognition.dates import contains
from .dedup import with_finer_date
from ..recognition.parties import find_parties
from ..recognition.vocabulary import alternation, lexicon

JOINT = "joint"

# a speaker after the verb: "«...», — подчеркнул Александр Лукашенко", "..., said Chinese Vice Premier Liu"
_POSTPOSED = re.compile(r"(?:[»”\"]\s*[,.]?\s*[—–-]+|[»”\"],|,|[—–]|\s-)\s*$")
# a subject with two predicates: "Наваз Шариф поблагодарил хозяев за прием и (отметил)": the words before the first
_FIRST_PREDICATE = re.compile(r"\s(?:[а-яё]{3,}(?:ил|ал|ял|ел|ул|ыл)(?:а|и)?(?:сь|ся)?|[a-z]{3,}ed)\s")
_NAME = re.compile(r"(?:[A-ZА-ЯЁ]\.\s*){0,2}[A-ZА-ЯЁ][\w’'-]+(?:\s+[A-ZА-ЯЁ][\w’'-]+)*")


_CONTENT = re.compile(r"\s*(?:,\s*)?(?:что|чтобы|that|:)(?![\w-])", re.I)


def opens_content(text: str, position: int) -> bool:
    """Whether what a speaker said begins at ``position`` ("напомнил, что ...", "said that ...", "заявил: ...")."""
    return bool(_CONTENT.match(text, position))


def speaker_follows(words: str) -> bool:
    """Whether ``words`` (the sentence up to the speech verb, or after its last comma) open a sentence whose
    speaker comes after the verb (``lexicon/statements.json`` speaker_follows)."""
    last = re.split(r"[,;]", words)[-1]
    return bool(alternation("statements", "speaker_follows").fullmatch(last.strip()))


def speaker_subject(text: str, start: int, end: int) -> str:
    """The words naming who speaks: before the verb, or after it when the speech comes first; a
    parenthetical ("как сообщается", "reportedly") is passed over."""
    before = text[max(0, start - 140):start]
    # "Тхонглун Сисулит, в свою очередь, выразил": a parenthetical right before the verb is passed over
    aside = re.search(rf",\s*(?:{alternation('statements', 'parenthetical').pattern})\s*,\s*$", before, re.I)
    if aside:
        before = before[:aside.start()] + " "
    if (not before.strip() or _POSTPOSED.search(before) or speaker_follows(before)) and not _CONTENT.match(text, end):
        after = re.split(r"[,.;:!?(]", text[end:end + 120], maxsplit=1)[0]
        if after.strip():
            return after
    segments = [s for s in re.split(r"[,;:«»“”\"]", before) if re.search(r"\w", s)]
    parenthetical = alternation("statements", "parenthetical")
    segments = [s for s in segments if not parenthetical.fullmatch(" ".join(s.split()))] or segments
    subject = segments[-1] if segments else ""
    if re.search(r"\s(?:и|and)\s*$", subject):
        first = _FIRST_PREDICATE.search(subject)
        if first and re.search(r"\w", subject[:first.start()]):
            subject = subject[:first.start()]
    return subject


def _state_of(mentions) -> str | None:
    codes = [m.code for m in mentions if not m.in_name]
    if not codes:
        return None
    code = codes[0]
    return code[:2] if len(code) > 2 and code[2] == "-" else code


@lru_cache(maxsize=1)
def _title_patterns() -> list[re.Pattern[str]]:
    return [re.compile("|".join(f"(?<![\\w-])(?:{n})" for n in names), re.I) for names in lexicon("statements")["titles"]]


def _title_index(subject: str) -> int | None:
    for i, pattern in enumerate(_title_patterns()):
        if pattern.search(subject):
            return i
    return None


_PREPOSITION = re.compile(r"^(?:в|во|на|по|после|при|in|at|on|during|after|with|of|the|its)$", re.I)


def _phrase_state(words: str) -> str | None:
    """The state of the noun phrase that ends ``words``: the phrase starts at its last title, with the words
    right before it up to a preposition ("во вторник | заместитель министра иностранных дел Беларуси Андрей",
    "Belarusian Ambassador to Korea Andrei"); its first state. Without a title, the state nearest the end."""
    last = None
    for pattern in _title_patterns():
        for m in pattern.finditer(words):
            if last is None or m.start() > last:
                last = m.start()
    if last is None:
        mentions = [m for m in find_parties(words) if not m.in_name]
        return _state_of(mentions[-1:])
    head = words[:last].split()
    keep = 0
    for word in reversed(head[-3:]):
        if _PREPOSITION.match(word.strip(".,")):
            break
        keep += 1
    phrase = " ".join(head[len(head) - keep:] + [words[last:]]) if keep else words[last:]
    return _state_of(find_parties(phrase))


# the words right after a title that can name its state ("Президент Беларуси", "President of the Republic of
# Korea"); after a name they are its predicate ("Stanikzai described the Belarusian official's visit")
_ADJACENT = re.compile(r"(?:\s*[\w’'-]+){0,4}")


# a person named as the head of a delegation whose state the clause names
_HEADED_BY = re.compile(r"\b(?:headed|led)\s+by\b|(?<![а-яё])(?:во\s+главе\s+с|возглавля\w*|возглавил\w*)(?![а-яё])", re.I)


_DEFINED_AS = re.compile(r"([^()]{10,90})\(\s*[‘'\"“«]?$")


@lru_cache(maxsize=256)
def _state_beside(document_text: str, pattern: str) -> str | None:
    """The state the document names with the first mention of ``pattern`` that has one: in an apposition
    after it ("Sergei Lukashevich, Deputy Minister of Foreign Affairs of Belarus"), else in the noun phrase
    that it ends ("Министр иностранных дел Беларуси Владимир Макей"), else right after it ("Президент
    Беларуси")."""
    for m in re.finditer(pattern, document_text, re.I):
        left = re.split(r"[.!?;:\n]\s|[,«»“”\"(]", document_text[max(0, m.start() - 80):m.start()])[-1]
        right = re.split(r"[.!?;:\n]", document_text[m.end():m.end() + 60], maxsplit=1)[0]
        apposition = re.match(r"\s*,\s*([^,]*)", right)
        state = None
        if apposition and _title_index(apposition.group(1)) is not None:
            state = _state_of(find_parties(apposition.group(1)))
        state = state or _phrase_state(left + m.group(0))
        defined = _DEFINED_AS.search(document_text, max(0, m.start() - 90), m.start())
        if state is None and defined:  # an abbreviation defined in brackets: "Taiwan’s Ministry of Economic Affairs (‘MOEA’)"
            state = _state_of(find_parties(re.split(r"[.!?;:\n]\s", defined.group(1))[-1]))
        if state is None and _HEADED_BY.search(left):  # "The Belarusian delegation was headed by Deputy Minister X"
            state = _state_of(find_parties(left))
        if state is None and _title_index(m.group(0)) is not None:
            state = _state_of(find_parties(_ADJACENT.match(right.split(",")[0]).group(0)))
        if state is not None:
            return state
    return None


def _two_sides(subject: str) -> bool:
    """A subject that joins two parties or two people ("Беларусь и Иран", "Лукашенко и Пезешкиан")."""
    joined = re.search(r"\S\s+(?:и|and)\s+\S", subject)
    if not joined:
        return False
    codes = {m.code[:2] for m in find_parties(subject) if not m.in_name}
    names = re.findall(r"(?<![\w-])[A-ZА-ЯЁ][a-zа-яё]{3,}", subject)
    return len(codes) >= 2 or (len(codes) == 0 and len(names) >= 2 and bool(
        re.search(r"[A-ZА-ЯЁ][\w’'-]+\s+(?:и|and)\s+(?:[\w-]+\s+){0,3}?[A-ZА-ЯЁ]", subject)))


def _surname_pattern(surname: str) -> str:
    """A surname in any case: a long one by its stem ("Мясникович" -> "Мясников..."), a short one without
    an ending that declines ("Тинь" -> "Тинем", "Мулия" -> "Мулией")."""
    if len(surname) > 6:
        stem = surname[:-2]
    elif len(surname) >= 4 and surname[-1].lower() in "ьйаяоеиыу":
        stem = surname[:-1]
    else:
        stem = surname
    return rf"(?<!\w){re.escape(stem)}\w*"


def _last_person_state(before: str, document_text: str) -> str | None:
    """For a pronoun with no statement before it: the state of the last person the text named."""
    names = re.findall(r"(?<![\w-])[A-ZА-ЯЁ][a-zа-яё]+\s+([A-ZА-ЯЁ][a-zа-яё]{3,})(?![\w-])", before)
    for surname in reversed(names):
        if _title_index(surname) is None and not find_parties(surname):
            return _state_beside(document_text, _surname_pattern(surname))
    return None


def _office_holder_state(surname: str) -> str | None:
    """The state of a person every reader knows by surname (``lexicon/statements.json`` office_holders)."""
    for code, patterns in lexicon("statements")["office_holders"].items():
        if any(re.fullmatch(p, surname, re.I) for p in patterns):
            return code
    return None


def speaker_title(text: str, start: int, end: int) -> int | None:
    """Which title (an entry of ``lexicon/statements.json`` titles) the speaker's subject names, if any."""
    return _title_index(speaker_subject(text, start, end))


def speaker_side(text: str, start: int, end: int, document_text: str, previous: str | None, offset: int = 0,
                 previous_title: int | None = None) -> str | None:
    """The state a statement's speaker speaks for, :data:`JOINT` for both sides together, or None.

    A bare title ("Глава государства напомнил") is the speaker before when that speaker had the same title
    ("— сказал Президент Беларуси"), else the state the document names first beside that title."""
    subject = speaker_subject(text, start, end)
    if not subject.strip():
        return None
    if alternation("statements", "joint").search(subject) or _two_sides(subject):
        return JOINT
    stripped = " ".join(subject.split())
    if alternation("statements", "pronoun").search(stripped) or re.fullmatch(r"(?:\w+\s+)?(?:he|she|он|она)(?:\s+\w+)?", stripped, re.I):
        return previous or _last_person_state(document_text[max(0, offset - 400):offset], document_text)
    state = _phrase_state(subject)
    if state is not None:
        return state
    names = [n for n in _NAME.findall(subject) if _title_index(n) is None and len(n) > 3]
    if names:
        surname = re.split(r"[\s.]+", names[-1])[-1]  # "Е.Шестаков" -> "Шестаков"
        state = _state_beside(document_text, _surname_pattern(surname)) or _office_holder_state(surname)
        if state is not None:
            return state
    title = _title_index(subject)
    if title is not None and title == previous_title and previous not in (None, JOINT):
        return previous
    if title is not None:
        synonyms = lexicon("statements")["titles"][title]
        return _state_beside(document_text, "|".join(f"(?<![\\w-])(?:{n})" for n in synonyms))
    return None


# a transcript's speaker label: "Alexander Lukashenko, President of Belarus:", "Гурбангулы Бердымухамедов,
# Президент Туркменистана:" followed by the speaker's own words
_LABEL = re.compile(r"^((?:[A-ZА-ЯЁ][\w’'.-]+\s+){1,3}[A-ZА-ЯЁ][\w’'-]+),\s+([^:.!?,]{3,90}):(?:\s+|$)")


def speaker_label(text: str) -> tuple[str, str, int] | None:
    """The state and name of a transcript's speaker label opening ``text``, and where the words begin."""
    m = _LABEL.match(text)
    if m is None or _title_index(m.group(2)) is None:
        return None
    state = _state_of(find_parties(m.group(2)))
    return (state, m.group(1), m.end()) if state is not None else None


# a document that is one speech: "Speech by President Tony Tan at State Banquet ...", "Remarks by the Minister",
# "Выступление Президента Республики Беларусь ..."
_SPEECH_TITLE = re.compile(r"^(?:speech|remarks|address|statement|toast)\s+(?:delivered\s+)?by\s+(.+?)(?:\s+(?:at|on|in|during|to)\s+.*)?$|"
                           r"^(?:выступление|речь|обращение|заявление)\s+(.+?)(?:\s+(?:на|в|во|перед)\s+.*)?$", re.I)


def speech_speaker(title: str | None, document_text: str) -> tuple[str, str] | None:
    """The state and words naming the speaker of a document whose title says it is one speech: the state
    named with the speaker, else (a host speaking "in honour of" Belarus's guest) the document's main
    foreign counterpart."""
    m = _SPEECH_TITLE.match(" ".join((title or "").split()))
    if m is None:
        return None
    speaker = m.group(1) or m.group(2)
    state = _phrase_state(speaker)
    if state is None:
        state = main_counterpart(document_text)
    return (state, speaker) if state is not None else None


def opens_occasion(text: str) -> bool:
    """Whether a sentence names an occasion of its own for what is said in it and next."""
    return bool(alternation("statements", "occasion").search(text))


def _states(parties: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p[:2] if len(p) > 2 and p[2] == "-" else p for p in parties)


def one_per_speaker(candidates: list[Candidate], news: bool) -> list[Candidate]:
    """The first statement of each speaker's side, states and occasion; in a news item, no statement of both
    sides together. Other candidates pass unchanged; the internal ``_side`` and ``_occasion`` stay."""
    kept: list[Candidate] = []
    for c in candidates:
        if c.type != "statement.made":
            kept.append(c)
            continue
        side = c.attrs.get("_side")
        if news and side in (None, JOINT):
            continue  # in a news item a statement is a named speaker's: not both sides', not an unknown subject's
        if side in (None, JOINT):
            kept.append(c)
            continue
        for i, earlier in enumerate(kept):
            if (earlier.type == c.type and earlier.attrs.get("_side") == side
                    and earlier.attrs.get("_occasion") == c.attrs.get("_occasion")
                    and _states(earlier.parties) == _states(c.parties)
                    and (contains(earlier.date, c.date) or contains(c.date, earlier.date))):
                kept[i] = with_finer_date(earlier, c)
                break
        else:
            kept.append(c)
    return kept


@lru_cache(maxsize=64)
def main_counterpart(document_text: str) -> str | None:
    """The foreign state a document names most often (the first named among equals)."""
    counts: dict[str, int] = {}
    for m in find_parties(document_text):
        code = m.code[:2] if len(m.code) > 2 and m.code[2] == "-" else m.code
        if code != "BY" and not m.in_name and len(code) == 2:
            counts[code] = counts.get(code, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def statement_parties(parties: tuple[str, ...], side: str | None, document_text: str) -> tuple[str, ...]:
    """A news statement is between the speaker's state and its counterpart, not every state it mentions:
    a foreign speaker and Belarus; a Belarusian speaker and, among the states named, the one the
    document is about."""
    belarus = tuple(p for p in parties if p.startswith("BY")) or ("BY",)
    foreign = [p for p in parties if not p.startswith("BY")]
    if side not in (None, JOINT, "BY") and side in {p[:2] for p in foreign}:
        return belarus[:1] + tuple(p for p in foreign if p[:2] == side)[:1]
    if side not in (None, JOINT) and not side.startswith("BY") and len(side) == 2:
        return parties + (side,)  # a foreign speaker on Belarus and others: "the MOEA urges ... to Russia and Belarus"
    if len(foreign) > 1:
        main = main_counterpart(document_text)
        if main in {p[:2] for p in foreign}:
            return belarus[:1] + tuple(p for p in foreign if p[:2] == main)[:1]
    return parties
