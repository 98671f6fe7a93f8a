"""Month and weekday words of Russian and English, and the parsing of a date written out in full.

General knowledge only: month names (all Russian case forms by their stems, English full names and
abbreviations) and weekday names.
"""

from __future__ import annotations

import re
from datetime import date

EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Russian months by stem: январь, января, январе ... ("ма" needs its endings spelled out: май/мая/мае).
RU_MONTH_STEMS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}

# Month names as regular-expression alternatives: English in full, Russian by stem (any case form follows).
EN_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
RU_MONTH_STEMS_RE = "январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр"

EN_MONTH_RE = (
    rf"(?:{EN_MONTH_NAMES}|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
RU_MONTH_RE = (
    r"(?:январ[ьяе]|феврал[ьяе]|марте?а?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августе?а?|"
    r"сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
)
MONTH_RE = rf"(?:{EN_MONTH_RE}|{RU_MONTH_RE})"

EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
RU_WEEKDAY_STEMS = {"понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5, "воскресень": 6}


def month_number(word: str) -> int | None:
    """The month a month word names (``"July"``, ``"Sept."``, ``"июле"``, ``"мая"``), else None."""
    w = word.lower().rstrip(".")
    if w in EN_MONTHS:
        return EN_MONTHS[w]
    if re.fullmatch(r"ма[йяе]", w):
        return 5
    for stem, number in RU_MONTH_STEMS.items():
        if stem != "ма" and w.startswith(stem) and len(w) - len(stem) <= 2:
            return number
    return None


def weekday_number(word: str) -> int | None:
    w = word.lower()
    if w in EN_WEEKDAYS:
        return EN_WEEKDAYS[w]
    for stem, number in RU_WEEKDAY_STEMS.items():
        if w.startswith(stem):
            return number
    return None


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_MDY_WORDS = re.compile(rf"({EN_MONTH_RE}|[A-Za-z]+)\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})")
_DMY_WORDS = re.compile(rf"(\d{{1,2}})\s+({MONTH_RE}|[A-Za-zА-Яа-яё]+)\.?,?\s+(\d{{4}})")


def parse_day(text: str) -> date | None:
    """A calendar day written in one of the usual ways: ISO, dd.mm.yyyy, "Feb. 6, 2017", "6 сентября 2018"."""
    s = text.strip()
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy")):
        m = pattern.search(s)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups())))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    m = _MDY_WORDS.search(s)
    if m and month_number(m.group(1)):
        try:
            return date(int(m.group(3)), month_number(m.group(1)), int(m.group(2)))
        except ValueError:
            return None
    m = _DMY_WORDS.search(s)
    if m and month_number(m.group(2)):
        try:
            return date(int(m.group(3)), month_number(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    return None
