"""Mentions of states, regions, capitals and organizations in a sentence.

English: the longest capitalized token sequence that is a state name, a capital, a region or an
organization, else a capitalized adjective or demonym derived from a state name ("Iranian",
"Pakistani"); parts of hyphenated compounds count one by one ("Belarus-Pakistan", "Sino-Belarusian").
Russian: the same on pymorphy3 lemmas, so every case form matches ("Республикой Корея", "южнокорейских",
"корейской стороной", "Белорусско-Корейского"). "Korea" and "корейский" are the Republic of Korea unless
the DPRK (КНДР, Pyongyang, North Korea) is named in the same text span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import REGION_WORDS_EN, en_adjective, fold, places, ru_adjective, subdivisions, tables
from ..reading.morphology import lemma


@dataclass(frozen=True, slots=True)
class PartyMention:
    start: int
    end: int
    code: str
    kind: str  # state, adjective, capital, city, region, subdivision, organization
    in_name: bool = False  # part of a proper name ("Китайско-Белорусский индустриальный парк", "Korea Herald")


_MAX_NAME = 6
_DPRK = re.compile(r"\b(?:DPRK|North\s+Korea|Pyongyang|КНДР|Северн\w+\s+Коре\w+|Пхеньян\w*|северокорейск\w+)", re.I)


@lru_cache(maxsize=1)
def _en_lookup():
    names, _ = tables()
    place_en, _ = places()
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for key, code in subdivisions().items():
        table[key] = (code, "subdivision")
    for key, (code, kind) in place_en.items():
        table[key] = (code, kind)
    for key, code in names.items():
        table[key] = (code, "state")
    return table


@lru_cache(maxsize=1)
def _ru_lookup():
    _, names = tables()
    _, place_ru = places()
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for key, (code, kind) in place_ru.items():
        table[key] = (code, kind)
    for key, code in names.items():
        table[key] = (code, "state")
    return table


def find_parties(text: str) -> list[PartyMention]:
    """State, region and organization mentions in ``text`` (one sentence or a paragraph), in order."""
    mentions = _find_english(text) + _find_russian(text)
    mentions.sort(key=lambda m: (m.start, -m.end))
    out: list[PartyMention] = []
    last_end = -1
    for m in mentions:
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
    out = [_mark_name(text, m) for m in out]
    if _DPRK.search(text):
        out = [PartyMention(m.start, m.end, "KP", m.kind) if m.code == "KR" and _bare_korea(text[m.start:m.end]) else m for m in out]
    return out


_NAME_TAIL_RU = re.compile(r"^(?:-[А-ЯЁа-яё]+)*\s+[а-яё]+\s+(?:[а-яё]+\s+)?(?:парк|центр|университет|банк|компани|завод)\w*", re.U)
_NAME_TAIL_EN = re.compile(r"^(?:-[A-Z][a-z]+)*\s+(?:[A-Z][a-z]+\s+){0,3}(?:Park|Center|Centre|University|Bank|Company|Herald|Times|Daily|Agency|Association|Institute|Academy)\b")


def _mark_name(text: str, m: PartyMention) -> PartyMention:
    """Mark an adjective that belongs to an organization's name rather than naming a party."""
    after = text[m.end:m.end + 80]
    word = text[m.start:m.end]
    in_name = False
    if m.kind == "adjective" and word[:1].isupper() and re.match(r"[А-ЯЁ]", word) and m.start > 0 and _NAME_TAIL_RU.match(after):
        in_name = True
    elif m.kind in ("adjective", "state") and re.match(r"[A-Z]", word) and _NAME_TAIL_EN.match(after):
        in_name = True
    return PartyMention(m.start, m.end, m.code, m.kind, in_name) if in_name else m


def _bare_korea(span: str) -> bool:
    return bool(re.fullmatch(r"(?:Korea|Korean|Коре\w*|корейск\w*)", span))


def _find_english(text: str) -> list[PartyMention]:
    if not re.search(r"[A-Za-z]", text):
        return []
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+(?:['’][A-Za-z]+)?(?:\.(?=[A-Z]\.|\s*,))?", text)]
    table = _en_lookup()
    # a possessive names its state ("Tajikistan’s Accounts Chamber", "Iran's Agriculture Support Company")
    folded = [fold(re.sub(r"['’]s$", "", w.rstrip("."))) for _, _, w in tokens]
    joins = [text[a_end:b_start].strip() in ("", "-", "'", "of") for (_, a_end, _), (b_start, _, _) in zip(tokens, tokens[1:])]
    out: list[PartyMention] = []
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        if not word[:1].isupper():
            i += 1
            continue
        found = None
        for n in range(min(_MAX_NAME, len(tokens) - i), 0, -1):
            if not all(joins[i:i + n - 1]):
                continue
            window = tokens[i:i + n]
            key = tuple(folded[i:i + n])
            hit = table.get(key)
            if hit and hit[1] == "subdivision" and not _plausible_region(text, window, n):
                continue
            if hit:
                if not window[-1][2][:1].isupper() and n > 1:
                    continue
                if key == ("us",) and word != "US":
                    continue  # "Us" is a pronoun; only "US" is the country
                found = (n, hit)
                break
        if found:
            n, (code, kind) = found
            out.append(PartyMention(start, tokens[i + n - 1][1], code, kind))
            i += n
            continue
        code = en_adjective(word)
        if code:
            out.append(PartyMention(start, end, code, "adjective"))
        i += 1
    return out


_STREET = re.compile(r"^\s+(?:street|avenue|st\.|road|boulevard|lane|square|reservoir|river)\b", re.I)


def _plausible_region(text: str, window: list[tuple[int, int, str]], n: int) -> bool:
    """A foreign region's name counts when it is long or followed by a word like "province"."""
    after = text[window[-1][1]:]
    if _STREET.match(after):
        return False
    return n > 1 or len(window[0][2]) >= 6 or bool(REGION_WORDS_EN.match(after))


def _find_russian(text: str) -> list[PartyMention]:
    if not re.search(r"[А-Яа-яЁё]", text):
        return []
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", text)]
    table = _ru_lookup()
    out: list[PartyMention] = []
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        found = None
        if word[:1].isupper():
            for n in range(min(_MAX_NAME, len(tokens) - i), 0, -1):
                window = tokens[i:i + n]
                if any(text[a_end:b_start] not in (" ", "\u00a0") for (_, a_end, _), (b_start, _, _) in zip(window, window[1:])):
                    continue
                key = tuple(lemma(w) for _, _, w in window)
                hit = table.get(key)
                if hit:
                    found = (n, hit)
                    break
        if found:
            n, (code, kind) = found
            out.append(PartyMention(start, tokens[i + n - 1][1], code, kind))
            i += n
            continue
        for part_start, part_end, code in _russian_adjective_parts(word, start):
            out.append(PartyMention(part_start, part_end, code, "adjective"))
        i += 1
    return out


def _russian_adjective_parts(word: str, offset: int):
    """States named by a Russian adjective or each part of a compound one ("белорусско-корейский")."""
    position = offset
    for part in word.split("-"):
        low = part.lower()
        code = None
        if low.endswith(("ско", "цко")) and len(low) > 5:
            code = ru_adjective(low[:-1] + "ий")
        elif len(low) > 5:
            code = ru_adjective(lemma(part))
        if code:
            yield position, position + len(part), code
        position += len(part) + 1
