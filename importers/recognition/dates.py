"""Date mentions in a sentence (Russian and English) and their resolution to ISO 8601 / EDTF dates.

:func:`find_dates` finds the mentions of one sentence: absolute dates at the precision written
("10 февраля 1992 г.", "June 2021", "2018"), periods ("January–April 2021", "for eight months of 2021",
"2014—2023 гг."), and the mentions that need context: a month without a year ("In January"), "this year",
"last year [2021]", "the same year", "тогда же", "Tuesday", "currently", "five years later".
:func:`resolve` turns one mention into a date with a :class:`DateContext` (the publication date and the
dates the text mentioned before). Mentions that only scope a plan or a document ("roadmap for
2018-2020", "until 2025") are marked ``scope`` and are not taken as the date of an event.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from chronicle.domain.dates import DateError, PartialDate

from ..reading.calendar_words import MONTH_RE, RU_MONTH_STEMS_RE, month_number, weekday_number

# ---------------------------------------------------------------- ISO helpers


def iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def span_iso(first: str, last: str) -> str:
    return first if first == last else f"{first}/{last}"


def bounds(value: str) -> tuple[date, date] | None:
    try:
        parsed = PartialDate.parse(value)
    except DateError:
        return None
    return parsed.earliest, parsed.latest


def is_valid(value: str | None) -> bool:
    return value is not None and bounds(value) is not None


def year_of(value: str) -> int:
    """The last year a date reaches (``2021-01/2021-04`` → 2021)."""
    return int(value.split("/")[-1][:4])


def shift_years(value: str, years: int) -> str | None:
    parts = []
    for part in value.split("/"):
        y = int(part[:4]) + years
        if y < 1:
            return None
        text = f"{y:04d}{part[4:]}"
        if text.endswith("-02-29"):
            text = text[:-2] + "28"
        parts.append(text)
    return "/".join(parts)


# ---------------------------------------------------------------- mentions


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression of a sentence; ``start``/``end`` are offsets in the sentence text.

    ``kind`` says how to resolve it: ``absolute`` (``value`` holds the date), ``month`` (``month`` of a
    year the context gives), ``day_month``, ``this_year``, ``last_year``, ``same`` (the date mentioned
    before), ``same_year`` (its year), ``now``, ``weekday``, ``yesterday``, ``last_month``, ``later`` (``offset`` years after the
    date before) or ``months_of`` (``month``..``month_end`` of a context year).
    """

    start: int
    end: int
    kind: str
    value: str | None = None
    month: int | None = None
    month_end: int | None = None
    day: int | None = None
    offset: int = 0
    scope: bool = False
    in_list: bool = False
    dateline: bool = False  # the dateline of a news item ("MINSK, May 22 (Xinhua) --"): the day of the report


_SP = r"[\s\u00a0]+"
_YEAR = r"(1[6-9]\d\d|20\d\d)"
_YEAR_WORD = r"(?:\s*(?:г\.|гг\.|года|году|год|годах|годы|годов))?"
_DASH = r"\s*(?:-|–|—|‑|to|through|until|по|до)\s*"
_EDIT_YEAR = r"(?:\s*\[(\d{4})\])?"  # an editor's insertion: "last year [2021]"
_THIS_YEAR = r"(?:(?:of\s+)?this\s+(?:\[(\d{4})\]\s+)?year|этого\s+года|текущего\s+года|нынешнего\s+года|(?:в\s+)?(?:этом|текущем|нынешнем)\s+году)"
_LAST_YEAR = r"(?:(?:of\s+)?last\s+year|прошлого\s+года|минувшего\s+года|(?:в\s+)?(?:прошлом|минувшем|прошедшем)\s+году)"
_YEAR_OR_REL = rf"(?:(?:of{_SP})?{_YEAR}{_YEAR_WORD}|{_THIS_YEAR}|{_LAST_YEAR}){_EDIT_YEAR}"

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "один": 1, "одного": 1, "два": 2, "двух": 2, "три": 3, "трех": 3,
    "трёх": 3, "четыре": 4, "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6,
    "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
    "одиннадцать": 11, "одиннадцати": 11,
}
_NUM = r"(\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"


def _num(token: str) -> int | None:
    token = token.lower()
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token)


def _flags() -> int:
    return re.IGNORECASE | re.UNICODE


P_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}}){_SP}({MONTH_RE})\.?,?{_SP}{_YEAR}{_YEAR_WORD}|"
    rf"\b({MONTH_RE})\.?{_SP}(\d{{1,2}})(?:st|nd|rd|th)?,?{_SP}{_YEAR}\b",
    _flags(),
)
P_DAY_RANGE = re.compile(
    rf"\b(\d{{1,2}})(?:\s*(?:-|–|—)\s*|\s+(?:по|to|until|till|through)\s+)(\d{{1,2}}){_SP}({MONTH_RE})\.?(?:,?{_SP}{_YEAR})?|"
    rf"\b({MONTH_RE})\.?{_SP}(\d{{1,2}})\s*(?:-|–|—)\s*(\d{{1,2}})(?:,?{_SP}{_YEAR})?\b",
    _flags(),
)
# "ISLAMABAD, Oct. 14 —", "Минск, 15 июня.", "MINSK, 2 March (BelTA) –": the dateline of a news item dates the report, not an event
_DATELINE = re.compile(r"^\s*[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё.' -]{1,30},\s*$")
# ... ending in a dash or a full stop, maybe after the agency's name: "MINSK, 2 March (BelTA) –"
_DATELINE_END = re.compile(r"\.?\s*(?:\([^()\n]{1,30}\)\s*)?(?:[—–-]|\.|$)")
P_MONTH_RANGE = re.compile(
    rf"(?:\bfrom{_SP}|\bс{_SP})?\b({MONTH_RE})\.?{_DASH}({MONTH_RE})\.?{_SP}{_YEAR_OR_REL}",
    _flags(),
)
P_MONTHS_OF = re.compile(
    rf"\b(?:(?:for|during|in|over|за|в)\s+)?(?:the\s+)?(?:first\s+|первые\s+)?{_NUM}\s+(?:months?|месяц\w*)"
    rf"(?:\s+of)?{_SP}{_YEAR_OR_REL}",
    _flags(),
)
P_HALF = re.compile(
    rf"\b(?:in\s+|for\s+|during\s+|в\s+|во\s+|за\s+)?(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|перв\w+|втор\w+|"
    rf"трет\w+|четверт\w+|(?-i:IV|I{{1,3}})|[1-4](?:-?(?:м|й|ом|ем|го))?)\s+"
    rf"(half|quarter|полугоди\w+|квартал\w*|половин\w+)(?:\s+of)?{_SP}{_YEAR_OR_REL}",
    _flags(),
)
P_QUARTERS_OF = re.compile(
    rf"\b(?:for\s+|in\s+|за\s+)?{_NUM}\s+(?:quarters|квартал\w*)(?:\s+of)?{_SP}{_YEAR_OR_REL}", _flags()
)
P_MONTH_YEAR = re.compile(
    rf"\b(?:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+(?:first|second)\s+half\s+of|"
    rf"начале|конце|середине)[\s-]+)?({MONTH_RE})\.?,?{_SP}(?:of\s+)?{_YEAR}\b{_YEAR_WORD}",
    _flags(),
)
P_YEAR_RANGE = re.compile(rf"\b{_YEAR}\s*(?:-|–|—|‑)\s*{_YEAR}\b{_YEAR_WORD}|\b{_YEAR}\s+(?:to|по)\s+{_YEAR}\b", _flags())
P_YEAR_PAIR = re.compile(rf"\b{_YEAR}(?:{_YEAR_WORD})?\s+(?:and|и)\s+{_YEAR}\b{_YEAR_WORD}", _flags())
P_DECADE = re.compile(rf"\b(1[6-9]\d0|20\d0)(?:-?х|-?s|'s)\b{_YEAR_WORD}", _flags())
P_MID_YEAR = re.compile(rf"\b(?:mid-|середин[еаы]\s+){_YEAR}\b{_YEAR_WORD}", _flags())
P_YEAR = re.compile(rf"(?<![\d.,/#№$€£\[-]){_YEAR}(?![\d]|-\d|\.\d|%){_YEAR_WORD}{_EDIT_YEAR}", _flags())
P_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}}){_SP}({MONTH_RE})\b(?!\.?,?{_SP}\d{{4}})|\b({MONTH_RE})\.?{_SP}(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?{_SP}\d{{4}}|\d)",
    _flags(),
)
P_MONTH_ALONE = re.compile(
    rf"(?:(?<![\w])(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|of|[Вв]о?|[Сс]|[Кк]|[Дд]о)\s+(?:(?:early|mid|late|the\s+(?:first|second)\s+half\s+of|"
    rf"начале|конце|середине)[\s-]+)?|^|(?<=\s)(?=[A-ZА-Я])|mid-)({MONTH_RE})\b\.?{_EDIT_YEAR}",
    re.UNICODE,
)
P_BRACKET_YEAR = re.compile(r"\[(1[6-9]\d\d|20\d\d)\]")
P_THIS_YEAR = re.compile(rf"\b{_THIS_YEAR}{_EDIT_YEAR}", _flags())
P_LAST_YEAR = re.compile(rf"\b{_LAST_YEAR}{_EDIT_YEAR}", _flags())
# "the same year" names the year of the date before, whatever that date's precision
P_SAME_YEAR = re.compile(
    r"\b(?:the\s+same\s+year|that\s+same\s+year|того\s+же\s+года|в\s+том\s+же\s+году|в\s+этом\s+же\s+году)", _flags()
)
P_SAME = re.compile(
    r"\b(?:in\s+the\s+same\s+period|the\s+same\s+period|at\s+that\s+time|"
    r"at\s+the\s+same\s+time|тогда\s+же|"
    r"в\s+то\s+же\s+время|в\s+тот\s+же\s+период|(?:^|(?<=[\s,]))then\b|after\s+that|после\s+этого)",
    _flags(),
)
# "в тот же день", "on the same day": the day last named, even when a coarser date came up since
P_SAME_DAY = re.compile(r"\b(?:в\s+тот\s+же\s+день|в\s+этот\s+же\s+день|(?:on\s+)?the\s+same\s+day|(?:on\s+)?that\s+same\s+day)", _flags())
P_NOW = re.compile(
    r"\b(?:currently|today|now|at\s+present|at\s+the\s+moment|сегодня|сейчас|в\s+настоящее\s+время|"
    r"на\s+данный\s+момент|на\s+сегодняшний\s+день|ныне|this\s+week|на\s+этой\s+неделе)\b",
    _flags(),
)
P_WEEKDAY = re.compile(
    r"\b(?:on\s+|last\s+|this\s+past\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(?:в|во)\s+(?:минувш\w+\s+|прошл\w+\s+)?(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b",
    _flags(),
)
# "накануне" alone is the day before ("Накануне в Лахоре открылась ..."); "накануне визита" is not a date
P_YESTERDAY = re.compile(r"\b(?:yesterday|вчера|накануне(?!\s+[а-яё]*(?:а|я|ы|и|ов|ей|ий)(?![а-яё])))\b", _flags())
P_LAST_WEEK = re.compile(r"\b(?:last\s+week|the\s+previous\s+week|на\s+прошлой\s+неделе|прошлой\s+недели)\b", _flags())
P_LAST_MONTH = re.compile(r"\b(?:last\s+month|в\s+прошлом\s+месяце|прошлого\s+месяца)\b", _flags())
P_VAGUE = re.compile(
    r"\b(?:a\s+few|several|some|many)\s+(?:months|years|weeks)\s+(?:later|ago|earlier)|\bsome\s+time\s+(?:later|ago)|"
    r"\brecently\b|(?<![а-яё])(?:несколько|через\s+несколько|спустя\s+несколько)\s+(?:месяцев|лет|недель)|недавно",
    _flags(),
)
P_SAME_PERIOD = re.compile(r"\b(?:during|in|for)?\s*the\s+same\s+period|за\s+аналогичный\s+период|за\s+тот\s+же\s+период", _flags())
P_LATER = re.compile(
    rf"\b{_NUM}\s+years?\s+later\b|\b(?:спустя|через)\s+{_NUM}\s+(?:лет|года?)\b|\ba\s+year\s+later\b|"
    rf"\b(?:спустя|через)\s+год\b",
    _flags(),
)
# A date that only scopes a plan or a document: "roadmap for 2018-2020", "until 2025", "на 2016—2022 гг.".
# A date that scopes a plan or a document ("roadmap for 2018-2020", "Стратегия ... на 2016—2022 гг.",
# "until 2025") or that is only compared with ("up 4% compared to 2019") is not the date of an event.
_SCOPE_BEFORE = re.compile(
    r"(?:(?:road\s?map|strategy|programme|program|plan|agenda|concept|framework|tasks?|priorit\w+|directive|"
    r"стратеги\w*|программ\w*|план\w*|концепци\w*|карт\w*|задач\w*|директив\w*)[^.;]{0,100}?"
    r"(?:\bfor(?:\s+the\s+(?:period|years?))?(?:\s+(?:up\s+)?to|\s+until|\s+till)?|\buntil|\bthrough|\bup\s+to|\bна(?:\s+период)?|\bдо|\bпо)"
    r"|\bcompared\s+(?:to|with)|\bas\s+against|\bversus|\bvs\.?|\bthan\s+in|по\s+сравнению\s+с|\bк\s+уровню"
    r"|\bк|\bна\s+\d{4}\s*[-–—])\s*(?:the\s+)?$",
    _flags(),
)
# "Expo 2020", "Vision 2030", "EXPO-2020": a year inside a name
_NAME_BEFORE = re.compile(
    r"(?:\b(?:Expo|EXPO|Экспо|ЭКСПО|Vision|Agenda|Strategy|Cup|Games|Olympics|Olympiad|Summit|Show|Week|Fest|"
    r"World|Forum|Festival|Стратегия|Программа)|[A-Z]{3,}|[a-z][A-Z][a-z]+)[\s-]?$"
)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _year_from(match: re.Match[str], group_year: int, group_this: int, group_edit: int) -> tuple[str, int | None]:
    """For a ``_YEAR_OR_REL`` tail: ('abs', year) / ('this', edited) / ('last', edited)."""
    if match.group(group_year):
        return "abs", int(match.group(group_year))
    text = match.group(0).lower()
    edited = match.group(group_edit) or match.group(group_this)
    edited_year = int(edited) if edited else None
    if "last" in text or "прошл" in text:
        return "last", edited_year
    return "this", edited_year


_ANY_DIGIT = re.compile(r"\d")
_ANY_MONTH = re.compile(rf"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|{RU_MONTH_STEMS_RE}")
# cheap tests, on the lower-cased sentence, that a family of patterns can match at all
_PERIOD_WORDS = ("month", "месяц", "quarter", "квартал", "half", "полугод", "половин")
_LATER_WORDS = ("later", "спустя", "через", "ago", "earlier", "recently", "несколько", "недавно")


def has_any(low: str, words: tuple[str, ...]) -> bool:
    return any(w in low for w in words)


@dataclass(slots=True)
class _Scan:
    """One sentence being read for dates: the mentions found so far and the spans they take.

    ``months`` is the cheap test that a month name can match. A count of months or quarters ("for five
    months of 2021") replaces it with that count, which is what later month patterns then test.
    """

    sentence: str
    months: int | bool | None
    periods: bool = False
    found: list[DateMention] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def scoped(self, start: int) -> bool:
        return bool(_SCOPE_BEFORE.search(self.sentence[max(0, start - 120):start]))

    def read(self, steps: tuple[tuple[re.Pattern[str], str | None, bool, _Builder], ...]) -> None:
        """Each step in turn: its pattern's matches (only where nothing is taken yet, unless the step may
        overlap), each built into mentions by its builder; a step whose gate is false is skipped."""
        for pattern, gate, may_overlap, build in steps:
            if gate is not None and not getattr(self, gate):
                continue
            for m in pattern.finditer(self.sentence):
                if not may_overlap and _overlaps(m.span(), self.taken):
                    continue
                mentions = build(self, m)
                if mentions:
                    self.taken.append((m.start(), m.end()))
                    self.found.extend(mentions)


_Builder = Callable[[_Scan, re.Match[str]], list[DateMention]]


def _whole(m: re.Match[str], kind: str, value: str | None = None, **fields) -> list[DateMention]:
    """The one mention that is the whole match."""
    return [DateMention(m.start(), m.end(), kind, value, **fields)]


def _day_month_year(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    if m.group(1):
        d, mo, y = int(m.group(1)), month_number(m.group(2)), int(m.group(3))
    else:
        mo, d, y = month_number(m.group(4)), int(m.group(5)), int(m.group(6))
    value = iso(y, mo, d) if mo else None
    if value and is_valid(value):
        return _whole(m, "absolute", value, scope=scan.scoped(m.start()))
    return []


def _day_range(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    if m.group(1):
        d1, d2, mo, y = int(m.group(1)), int(m.group(2)), month_number(m.group(3)), m.group(4)
    else:
        mo, d1, d2, y = month_number(m.group(5)), int(m.group(6)), int(m.group(7)), m.group(8)
    if not mo or not 1 <= d1 < d2 <= 31:
        return []
    if not y:
        return _whole(m, "day_month", month=mo, day=d1, month_end=d2)
    value = span_iso(iso(int(y), mo, d1), iso(int(y), mo, d2))
    return _whole(m, "absolute", value) if is_valid(value) else []


def _months(m: re.Match[str], how: str, year: int | None, first: int, last: int) -> list[DateMention]:
    """Months ``first``..``last`` of a year written (or edited in), else of this or last year."""
    if year is not None:
        return _whole(m, "absolute", span_iso(iso(year, first), iso(year, last)))
    return _whole(m, "months_of" if how == "this" else "months_of_last", month=first, month_end=last)


def _month_range(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    first, last = month_number(m.group(1)), month_number(m.group(2))
    if not first or not last or last < first:
        return []
    return _months(m, *_year_from(m, 3, 4, 5), first, last)


def _months_counted(per: int) -> _Builder:
    """"for five months of 2021", "за три квартала": the first ``n * per`` months of the year."""

    def build(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
        n = _num(m.group(1))
        scan.months = n * per if n else None
        if not scan.months or scan.months > 12:
            return []
        return _months(m, *_year_from(m, 2, 3, 4), 1, scan.months)

    return build


def _decade(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    start = int(m.group(1))
    return _whole(m, "absolute", f"{start:04d}/{start + 9:04d}", scope=scan.scoped(m.start()))


_ORDINALS = (("1", "i", "first", "перв"), ("2", "ii", "second", "втор"), ("3", "iii", "third", "трет"), ("4", "iv", "fourth", "четверт"))


def _ordinal(word: str) -> int:
    """1-4 for "first", "2nd", "II", "3-м", "четвертом"."""
    low = word.lower()
    for n, forms in enumerate(_ORDINALS, 1):
        if low == forms[1] or low[:1] == forms[0] or any(low.startswith(f) for f in forms[2:]):
            return n
    return 0


def _half(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    """"the first half of 2021", "в I квартале 2022 года", "в 3-м квартале": its months."""
    n = _ordinal(m.group(1))
    quarter = m.group(2).lower().startswith(("quarter", "квартал"))
    if not 1 <= n <= (4 if quarter else 2):
        return []
    size = 3 if quarter else 6
    return _months(m, *_year_from(m, 3, 4, 5), size * n - size + 1, size * n)


def _month_year(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    mo = month_number(m.group(1))
    return _whole(m, "absolute", iso(int(m.group(2)), mo), scope=scan.scoped(m.start())) if mo else []


def _year_range(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    a, b = (int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4)))
    return _whole(m, "absolute", f"{a:04d}/{b:04d}", scope=scan.scoped(m.start())) if b > a else []


def _year_pair(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    """"in 2015 and 2017": two years of a list."""
    a, b = int(m.group(1)), int(m.group(2))
    if b <= a:
        return []
    scope = scan.scoped(m.start())
    return [DateMention(m.start(1), m.end(1), "absolute", iso(a), scope=scope, in_list=True),
            DateMention(m.start(2), m.end(), "absolute", iso(b), scope=scope, in_list=True)]


def _mid_year(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    return _whole(m, "absolute", iso(int(m.group(1))), scope=scan.scoped(m.start()))


def _year(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    """A year alone, unless a name comes before it ("Expo 2020"), it stands in a URL, or an age or an ordinal
    follows it ("1000-летие", "2000th")."""
    sentence = scan.sentence
    before = sentence[max(0, m.start() - 12):m.start()]
    if _NAME_BEFORE.search(before) or re.search(r"https?://\S*$|www\.\S*$", sentence[max(0, m.start() - 200):m.start()]):
        return []
    if re.match(r"\s*(?:-|–)?\s*(?:year|летие|лет|years|th\b)", sentence[m.end():m.end() + 8], re.I):
        return []
    year = int(m.group(2)) if m.group(2) else int(m.group(1))
    return _whole(m, "absolute", iso(year), scope=scan.scoped(m.start()))


# The mentions written with digits, most precise first: pattern, the cheap test that gates it, whether it
# may overlap what is taken, its builder.
_WITH_DIGITS: tuple[tuple[re.Pattern[str], str | None, bool, _Builder], ...] = (
    (P_DAY_RANGE, "months", True, _day_range),
    (P_DAY_MONTH_YEAR, "months", False, _day_month_year),  # not the last day of a range ("16-17 октября 2024 г.")
    (P_MONTH_RANGE, "months", False, _month_range),
    (P_MONTHS_OF, "periods", False, _months_counted(1)),
    (P_QUARTERS_OF, "periods", False, _months_counted(3)),
    (P_DECADE, None, False, _decade),
    (P_HALF, "periods", False, _half),
    (P_MONTH_YEAR, "months", False, _month_year),
    (P_YEAR_RANGE, None, False, _year_range),
    (P_YEAR_PAIR, None, False, _year_pair),
    (P_MID_YEAR, None, False, _mid_year),
    (P_YEAR, None, False, _year),
)


def find_dates(sentence: str) -> list[DateMention]:
    """Every date mention of one sentence, left to right, without overlaps."""
    scan = _Scan(sentence, bool(_ANY_MONTH.search(sentence)))
    if _ANY_DIGIT.search(sentence):
        scan.periods = has_any(sentence.lower(), _PERIOD_WORDS)
        scan.read(_WITH_DIGITS)
    return _find_relative(scan)


def _this_year(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    edited = m.group(1) or m.group(2)
    return _whole(m, "absolute", iso(int(edited))) if edited else _whole(m, "this_year")


def _last_year(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    return _whole(m, "absolute", iso(int(m.group(1)))) if m.group(1) else _whole(m, "last_year")


def _day_month(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    if m.group(1):
        d, mo = int(m.group(1)), month_number(m.group(2))
    else:
        mo, d = month_number(m.group(3)), int(m.group(4))
    return _whole(m, "day_month", month=mo, day=d) if mo and 1 <= d <= 31 else []


def _month_alone(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    """A month without a year; "May" and "March" only after a preposition (else the verbs)."""
    word = m.group(1)
    mo = month_number(word)
    if not mo or (word.lower() in ("may", "march") and not m.group(0)[:1].isalpha() and m.start() == 0):
        return []
    if word in ("May", "March", "may", "march") and not re.search(r"\b(?:in|since|by|until|from|of)\s", m.group(0), re.I):
        return []
    if m.group(2):
        return _whole(m, "absolute", iso(int(m.group(2)), mo))
    if _EARLIER_BEFORE.search(scan.sentence, max(0, m.start() - 20), m.start() + 1):
        return _whole(m, "past_month", month=mo)  # "Ранее, в феврале, ...": the last February before publication
    return _whole(m, "month", month=mo)


# "earlier" before a month without a year: the month before the report, not one of the year told last
_EARLIER_BEFORE = re.compile(r"(?:\bearlier|(?<![а-яё])ранее)[\s,]*(?:(?:in|в|во)\s+)?.?$", re.I)


def _bracket_year(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    return _whole(m, "absolute", iso(int(m.group(1))))


def _kind(kind: str) -> _Builder:
    """A mention whose kind says it all ("the same year", "yesterday")."""
    return lambda scan, m: _whole(m, kind)


def _weekday(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    return _whole(m, "weekday", day=weekday_number(m.group(1) or m.group(2)))


def _later(scan: _Scan, m: re.Match[str]) -> list[DateMention]:
    n = _num(m.group(1) or m.group(2)) if (m.group(1) or m.group(2)) else 1
    return _whole(m, "later", offset=n) if n else []


_RELATIVE_HEAD: tuple[tuple[re.Pattern[str], str | None, bool, _Builder], ...] = (
    (P_THIS_YEAR, None, False, _this_year),
    (P_LAST_YEAR, None, False, _last_year),
    (P_DAY_MONTH, "months", False, _day_month),
    (P_MONTH_ALONE, "months", False, _month_alone),
    (P_BRACKET_YEAR, None, False, _bracket_year),
)
_VAGUE = ((P_VAGUE, None, False, _kind("vague")),)
_RELATIVE_TAIL: tuple[tuple[re.Pattern[str], str | None, bool, _Builder], ...] = tuple(
    (pattern, None, False, _kind(kind)) for pattern, kind in (
        (P_SAME_PERIOD, "same_period"), (P_SAME_YEAR, "same_year"), (P_SAME_DAY, "same_day"), (P_SAME, "same"),
        (P_NOW, "now"), (P_YESTERDAY, "yesterday"), (P_LAST_WEEK, "last_week"), (P_LAST_MONTH, "last_month"))
) + ((P_WEEKDAY, None, False, _weekday),)
_LATER = ((P_LATER, None, False, _later),)


def _find_relative(scan: _Scan) -> list[DateMention]:
    """The mentions that need no digits: "this year", a month alone, "the same year", weekdays, ...; then
    all mentions in order, datelines marked, a month joined to its relative year, lists marked."""
    sentence = scan.sentence
    later = has_any(sentence.lower(), _LATER_WORDS)
    scan.read(_RELATIVE_HEAD + (_VAGUE if later else ()) + _RELATIVE_TAIL + (_LATER if later else ()))
    found = sorted(scan.found, key=lambda x: x.start)
    found = [replace(x, scope=True, dateline=True) if x.start < 40 and _DATELINE.match(sentence[:x.start]) and _DATELINE_END.match(sentence, x.end) else x for x in found]
    return _mark_lists(sentence, _share_the_year(sentence, _join_month_and_year(sentence, found)))


def _join_month_and_year(sentence: str, found: list[DateMention]) -> list[DateMention]:
    """A month and the relative year right after it are one date: "в июне текущего года", "in March last year"."""
    out: list[DateMention] = []
    for x in found:
        last = out[-1] if out else None
        if (last is not None and last.kind == "month" and x.kind in ("this_year", "last_year")
                and re.fullmatch(r"\s*(?:of\s+)?", sentence[last.end:x.start])):
            out[-1] = DateMention(last.start, x.end, "months_of" if x.kind == "this_year" else "months_of_last",
                                  month=last.month, month_end=last.month)
            continue
        out.append(x)
    return out


_MONTHS_GLUE = re.compile(r"\s*(?:,|,?\s+(?:and|or|и|или))\s+(?:in\s+|в\s+)?", re.I)


_RANGE_START = re.compile(r"(?:\bbetween|\bfrom|(?<![а-яё])между|(?<![а-яё])с)\s+\w+$", re.I)


def _share_the_year(sentence: str, found: list[DateMention]) -> list[DateMention]:
    """Months listed before a month with its year share that year: "in April and May 2021", "в апреле и мае 2021
    года" are April 2021 and May 2021."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if (a.kind == "month" and b.kind == "absolute" and b.value and len(b.value) == 7 and a.month
                and _MONTHS_GLUE.fullmatch(sentence, a.end, b.start)
                and not _RANGE_START.search(sentence[max(0, a.start - 9):a.start + 9], 0, min(a.start, 9) + (a.end - a.start))):
            out[i] = replace(a, kind="absolute", value=iso(int(b.value[:4]), a.month))
    return out


_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+|и\s+)?(?:in\s+|в\s+)?|\s+(?:and|и)\s+(?:in\s+|в\s+)?)$", re.I)


def _mark_lists(sentence: str, found: list[DateMention]) -> list[DateMention]:
    """Mark absolute mentions joined by commas or "and" ("in August 2015, in March 2016 and 2017")."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.kind == "absolute" and b.kind == "absolute" and _LIST_GLUE.match(sentence[a.end:b.start]):
            out[i] = replace(a, in_list=True)
            out[i + 1] = replace(b, in_list=True)
    return out


# ---------------------------------------------------------------- resolution


@dataclass(slots=True)
class DateContext:
    """What earlier text tells about dates: the publication day, the last date and year mentioned.

    ``month_year`` is the year of the last month-precise date of the current paragraph: a month named
    without a year ("In the second half of December") belongs to it before any bare year mentioned since.
    """

    published: date | None = None
    last: str | None = None
    year: int | None = None
    month_year: int | None = None
    latest_year: int | None = None
    period: str | None = None
    last_day: str | None = None

    def note(self, value: str) -> None:
        self.last = value
        if len(value) == 10:
            self.last_day = value
        self.year = year_of(value)
        if "/" in value:
            self.period = value
        elif len(value) >= 7:
            self.month_year = self.year
        if self.latest_year is None or self.year > self.latest_year:
            self.latest_year = self.year

    def new_paragraph(self) -> None:
        self.month_year = None

    @property
    def reference_year(self) -> int | None:
        if self.published is not None:
            return self.published.year
        return self.year


def resolve(mention: DateMention, ctx: DateContext) -> str | None:
    """The date a mention stands for in its context, or None when the context does not say."""
    resolver = _RESOLVERS.get(mention.kind)
    return resolver(mention, ctx) if resolver is not None else None


def _month(mention: DateMention, ctx: DateContext) -> str | None:
    """A month without a year: the year of the paragraph's last month, else of the last date, else the last
    such month before publication."""
    year = ctx.month_year or ctx.year
    if year is None:
        year = _year_of_past_month(ctx.published, mention.month)
    return iso(year, mention.month) if year else None


def _past_month(mention: DateMention, ctx: DateContext) -> str | None:
    """"Ранее, в феврале": the last such month before publication."""
    if ctx.published is not None:
        return iso(_year_of_past_month(ctx.published, mention.month), mention.month)
    return _month(mention, ctx)


def _day_of_month(mention: DateMention, ctx: DateContext) -> str | None:
    """A day (or days) of a month without a year: the publication's year, else the last date's."""
    year = ctx.published.year if ctx.published else ctx.year
    if year is None:
        return None
    value = iso(year, mention.month, mention.day)
    if mention.month_end:
        value = span_iso(value, iso(year, mention.month, mention.month_end))
    return value if is_valid(value) else None


def _months_of_year(back: int) -> Callable[[DateMention, DateContext], str | None]:
    """Months of this year (``back`` 0) or of last year (1)."""

    def resolve_months(mention: DateMention, ctx: DateContext) -> str | None:
        year = ctx.reference_year
        if year is None:
            return None
        year -= back
        return span_iso(iso(year, mention.month), iso(year, mention.month_end))

    return resolve_months


def _now(mention: DateMention, ctx: DateContext) -> str | None:
    if ctx.published is not None:
        return ctx.published.isoformat()
    return iso(ctx.latest_year) if ctx.latest_year else None


def _weekday_before(mention: DateMention, ctx: DateContext) -> str | None:
    """A weekday: its last day on or before publication."""
    if ctx.published is None or mention.day is None:
        return None
    back = (ctx.published.weekday() - mention.day) % 7
    return (ctx.published - timedelta(days=back)).isoformat()


def _last_week(mention: DateMention, ctx: DateContext) -> str | None:
    if ctx.published is None:
        return None
    monday = ctx.published - timedelta(days=ctx.published.weekday() + 7)
    return span_iso(monday.isoformat(), (monday + timedelta(days=6)).isoformat())


def _last_month(mention: DateMention, ctx: DateContext) -> str | None:
    if ctx.published is None:
        return None
    first = ctx.published.replace(day=1) - timedelta(days=1)
    return iso(first.year, first.month)


def _years_later(mention: DateMention, ctx: DateContext) -> str | None:
    if ctx.last is None:
        return None
    return shift_years(ctx.last.split("/")[0][:4], mention.offset)


# How each kind of mention is resolved; a kind without a resolver ("vague") gives no date.
_RESOLVERS: dict[str, Callable[[DateMention, DateContext], str | None]] = {
    "absolute": lambda mention, ctx: mention.value,
    "past_month": _past_month,
    "month": _month,
    "day_month": _day_of_month,
    "months_of": _months_of_year(0),
    "months_of_last": _months_of_year(1),
    "this_year": lambda mention, ctx: iso(ctx.reference_year) if ctx.reference_year else None,
    "last_year": lambda mention, ctx: iso(ctx.reference_year - 1) if ctx.reference_year else None,
    "same": lambda mention, ctx: ctx.last,
    "same_day": lambda mention, ctx: ctx.last_day or ctx.last,
    "same_year": lambda mention, ctx: ctx.last[:4] if ctx.last else None,
    "now": _now,
    "same_period": lambda mention, ctx: ctx.period,
    "weekday": _weekday_before,
    "yesterday": lambda mention, ctx: (ctx.published - timedelta(days=1)).isoformat() if ctx.published else None,
    "last_week": _last_week,
    "last_month": _last_month,
    "later": _years_later,
}


def _year_of_past_month(published: date | None, month: int | None) -> int | None:
    if published is None or month is None:
        return None
    return published.year if month <= published.month else published.year - 1


def precision_rank(value: str) -> int:
    """Higher is more precise: day 3, month 2, year 1, interval 0."""
    if "/" in value:
        return 0
    return {4: 1, 7: 2, 10: 3}.get(len(value), 0)


def contains(outer: str, inner: str) -> bool:
    a, b = bounds(outer), bounds(inner)
    return a is not None and b is not None and a[0] <= b[0] and b[1] <= a[1]
