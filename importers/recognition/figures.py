"""Figures of a sentence: sums of money and counts, with their metric and qualifier.

Money: "173 млн дол. США", "159, 4 млн", "$1.25 billion", "USD 850 thousand", "four and a half million
euros", "a million and a half dollars", "Br222.6 million". A sum written without its currency takes the
currency of the sum nearest to it in the same sentence, so that a list whose currency is named only at
its end ("173 млн ..., 182 млн, ... 120, 3 млн дол. США") gets it everywhere. Counts: a number followed by
what is counted (agreements, students, tractors). Percentages and multiples ("3 times") are not figures.

The metric is read from the words before the number (trade turnover, exports, imports, investment,
surplus or contract value); a count takes its metric from the counted noun. The qualifier comes from
"more than", "exceeded", "about", "almost", "less than" and their Russian equivalents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..reading.calendar_words import EN_MONTH_NAMES, RU_MONTH_STEMS_RE
from .numbers import NUMBER, NUMBER_AFTER_SIGN, SCALE, parse_number, scale_value

CURRENCY_WORDS = {
    "USD": r"U\.?\s?S\.?\s+dollars?|US\s+dollars?|dollars?|USD|дол\.?\s*США|долл?\.?(?:\s*США)?|долларов(?:\s+США)?|доллара(?:\s+США)?",
    "EUR": r"euros?|EUR|евро",
    "BYN": r"BYN|белорусских\s+рублей|бел\.\s*руб\.?|Belarusian\s+rubles?",
    "CNY": r"yuan|CNY|юаней",
    "KRW": r"won|KRW|вон",
    "RUB": r"Russian\s+rubles?|RUB|российских\s+рублей",
}
_PREFIX = {"Rs.": "rupee", "Rs": "rupee", "$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "BYN": "BYN", "Br": "BYN", "CNY": "CNY", "¥": "CNY", "£": "GBP"}
_CURRENCY_AFTER = "|".join(f"(?P<c_{code}>{pattern})" for code, pattern in CURRENCY_WORDS.items())

MONEY = re.compile(
    rf"(?P<pre>US\$|\$|€|£|¥|\bUSD|\bEUR|\bBYN|\bCNY|\bBr|\bRs\.?)\s?(?P<num1>{NUMBER_AFTER_SIGN})(?:\s*(?P<scale1>{SCALE})(?P<half1>\s+and\s+a\s+half)?)?"
    rf"|(?P<num2>{NUMBER})\s*(?:(?P<scale2>{SCALE})(?P<half2>\s+and\s+a\s+half)?\s*)?(?:(?<=\s)|(?<=\.)|(?<=\d))(?:{_CURRENCY_AFTER})\b"
    rf"|(?P<num3>{NUMBER})\s*(?P<scale3>{SCALE})(?P<half3>\s+and\s+a\s+half)?",
    re.UNICODE,
)

COUNT_NOUNS = {
    "agreements.count": r"agreements?|memorand(?:a|ums?)|MoUs|documents?|treaties|treaty|contracts?|protocols?|соглашени\w*|меморандум\w*|документ\w*|договор\w*|контракт\w*",
    "people.count": r"students?|citizens?|graduates?|nationals|Belarusians|[A-Z][a-z]+(?:ian|ese|i)s|specialists|jobs|студент\w*|граждан\w*|выпускник\w*|белорус(?:ов|ы)|специалист\w*|рабочих\s+мест",
    "goods.count": r"units?|tractors?|harvesters?|combines?|machines|vehicles|trucks|buses|(?:commodity\s+)?items|единиц\w*|трактор\w*|комбайн\w*|машин\w*|автомобил\w*|товарн\w+\s+позици\w*|наименовани\w*",
    "other": r"projects|companies|enterprises|joint\s+ventures|проект(?:а|ов)|компани(?:и|й)|предприяти(?:я|й)|совместных\s+предприятий",
}
_NOT_NUMBER_WORD = rf"(?!(?:{NUMBER})\b|hundreds?\b|thousands?\b)"
COUNT = re.compile(
    rf"(?P<num>(?i:{NUMBER}))(?:\s+(?P<scale>thousand|тысяч\w*))?\s+(?:(?:{_NOT_NUMBER_WORD}[A-Za-zА-Яа-яё-]+\s+){{0,3}}?)(?:"
    + "|".join(f"(?P<n_{i}>{p})" for i, p in enumerate(COUNT_NOUNS.values()))
    + r")\b",
    re.UNICODE,
)
_COUNT_METRICS = list(COUNT_NOUNS)
_MONTHS = f"(?:{EN_MONTH_NAMES}|{RU_MONTH_STEMS_RE})"
_MONTH_AFTER = re.compile(rf"\s+{_MONTHS}", re.I)
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\s+$", re.I)
# "projects with investments of more than 50 million dollars": a condition, not a reported figure
_THRESHOLD = re.compile(
    r"\b(?:projects?|companies|investors|enterprises)\s+with\s+(?:an?\s+)?(?:investments?|volume|capital)\s+of\s+"
    r"(?:more\s+than\s+|over\s+|at\s+least\s+)?$|(?<![а-яё])(?:не\s+менее|не\s+ниже|от)\s+$",
    re.I,
)
_IN_FORCE = re.compile(
    r"\b(?:signed|concluded|in\s+place|in\s+force|includes?|there\s+are|adopted|ratified|bound\s+by|binding)\b|"
    r"(?<![а-яё])(?:подписа[нл]\w*|заключ[еи][нл]\w*|действу\w*|включа\w*|принят\w*|насчитыва\w*)",
    re.I,
)
_SHIPPED = re.compile(
    r"\b(?:sold|shipped|supplied|delivered|exported|produced|assembled|manufactured|sent|supplying|exporting|"
    r"bought|purchased|imported)\b|"
    r"(?<![а-яё])(?:продан\w*|отгружен\w*|поставлен\w*|поставил\w*|поставля\w*|экспортирова\w*|произвед\w*|выпущен\w*|собран\w*|"
    r"купил\w*|закупил\w*|закуплен\w*|приобрел\w*|приобрёл\w*|приобретен\w*)",
    re.I,
)
_PEOPLE_CONTEXT = re.compile(r"stud|enrol|graduat|work|live|resid|created|учат|обуча|выпуск|прожива|работа|создан", re.I)
# companies or projects counted where they operate ("there are three Belarusian companies in Singapore")
_PRESENCE = re.compile(
    r"\b(?:there\s+(?:are|were)|had|has|have|operat\w*|working|registered|implement\w*)\b|"
    r"(?<![а-яё])(?:работа\w*|действу\w*|зарегистрирован\w*|реализ\w*|насчитыва\w*)",
    re.I,
)
_IN_A_PLACE = re.compile(r"(?:\s+\S+){0,2}?\s+(?:in|в|во)\s+(?:the\s+)?[A-ZА-ЯЁ]")
_BELARUSIAN = re.compile(r"Belarus|белорус", re.I)
# items counted on a list of controls or restrictions
_LISTED = re.compile(r"\b(?:export\s+controls?|control\s+list|sanctions?|restrict\w*|list)\b|(?<![а-яё])(?:экспортн\w+\s+контрол|санкци|ограничени|перечень|список)", re.I)

METRIC_WORDS = [
    ("trade.turnover", r"trade\s+turnover|turnover|товарооборот\w*|imports?\s+and\s+exports?|exports?\s+and\s+imports?|"
                       r"(?:bilateral|mutual|foreign)\s+trade|volume\s+of\s+(?:bilateral\s+|mutual\s+)?trade|trade\s+(?:volume|between)|"
                       r"объем\w*\s+(?:взаимной\s+)?торговли|взаимн\w+\s+торговл\w+|внешнеторгов\w+\s+оборот\w*|"
                       r"trade(?!\s+(?:mission|office|agreement|house|union|fair|zone|show|cent(?:re|er)|policy|and))|торговл[яи]"),
    ("trade.exports", r"exports?|export\s+supplies|supplies|supply|deliveries|delivered|shipped|sold\s+to|экспорт\w*|поставк\w+|поставлен\w*|отгруж\w+"),
    ("trade.imports", r"imports?|импорт\w*"),
    ("investment", r"investments?|invested|инвестици\w*|вложени\w*"),
    ("other", r"surplus|сальдо|профицит\w*|contracts?\s+(?:worth|for)|contracts?\s+(?:was|were)\s+signed|worth|credit\s+line|loan|will\s+finance|finance|кредит\w*|contract"),
]
_METRIC_RE = [(metric, re.compile(rf"\b(?:{pattern})", re.I)) for metric, pattern in METRIC_WORDS]

_QUALIFIERS = [
    ("more than", r"more\s+than|over|above|in\s+excess\s+of|upwards\s+of|a\s+little\s+over|exceed\w*|surpass\w*|свыше|более|больше|превыс\w*|превзош\w*"),
    ("almost", r"almost|nearly|почти|практически|без\s+малого"),
    ("about", r"about|around|some|approximately|roughly|circa|approx\.|около|порядка|примерно|приблизительно|почти\s+около"),
    ("less than", r"less\s+than|under|below|fewer\s+than|менее|меньше|не\s+более"),
]
_QUALIFIER_BEFORE = [(q, re.compile(rf"\b(?:{p})\W*(?:\$|USD|EUR|€|Br)?\s*$", re.I)) for q, p in _QUALIFIERS]
_EXCEEDED = re.compile(r"\b(?:exceed\w*|surpass\w*|превыс\w*)\b[^.;]{0,40}$", re.I)
_NOT_A_FIGURE_AFTER = re.compile(r"^\s*(?:%|per\s*cent|percent|процент\w*|times|раз\b|-fold|fold\b)", re.I)


@dataclass(frozen=True, slots=True)
class FigureMention:
    start: int
    end: int
    value: float
    unit: str  # ISO 4217 or "count"
    metric: str | None
    qualifier: str | None


def _money_currency(m: re.Match[str]) -> str | None:
    if m.group("pre"):
        return _PREFIX.get(m.group("pre").strip())
    for code in CURRENCY_WORDS:
        if m.group(f"c_{code}"):
            return code
    return None


_MONEY_GATE = re.compile(r"[$€£¥]|Rs|USD|EUR|BYN|Br\d|CNY|dollar|euro|yuan|won\b|rubl|дол|евро|руб|юан|млн|млрд|тыс|million|billion|thousand", re.I)
_COUNT_GATE = re.compile(r"\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundred|dozen|"
                         r"half|thousand|million|billion|"
                         r"дв|тр|четыр|пят|шест|сем|восем|восьм|девят|десят|сорок|сто|полтор", re.I)


def find_figures(sentence: str) -> list[FigureMention]:
    """Money and count figures of one sentence, left to right."""
    if not _COUNT_GATE.search(sentence):
        return []
    out: list[FigureMention] = []
    taken = []
    for start, end, value, currency in _propagate_currency(_money_sums(sentence)):
        if currency is None:
            continue
        out.append(FigureMention(start, end, value, currency, _metric(sentence, start, end), _qualifier(sentence, start)))
        taken.append((start, end))
    for m in COUNT.finditer(sentence):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        count = _count(sentence, m)
        if count is not None:
            out.append(count)
    out.sort(key=lambda f: f.start)
    return out


def _money_sums(sentence: str) -> list[tuple[int, int, float, str | None]]:
    """The sums of money (start, end, value, currency if written) of a sentence."""
    sums: list[tuple[int, int, float, str | None]] = []
    for m in MONEY.finditer(sentence) if _MONEY_GATE.search(sentence) else ():
        total = _sum(sentence, m)
        if total is not None:
            sums.append((m.start(), m.end(), total, _money_currency(m)))
    return sums


def _sum(sentence: str, m: re.Match[str]) -> float | None:
    """The value of a sum of money, scale and "and a half" included; None for a percentage or a multiple, a
    year, or a threshold ("projects with investments of more than 50 million dollars")."""
    number = m.group("num1") or m.group("num2") or m.group("num3")
    scale = m.group("scale1") or m.group("scale2") or m.group("scale3")
    half = m.group("half1") or m.group("half2") or m.group("half3")
    value = parse_number(number)
    if value is None or _NOT_A_FIGURE_AFTER.match(sentence[m.end():]):
        return None
    if re.fullmatch(r"(?:1[6-9]|20)\d\d", number.strip()) and not scale and not m.group("pre"):
        return None  # a year
    if _THRESHOLD.search(sentence[max(0, m.start() - 80):m.start()]):
        return None
    factor = scale_value(scale)
    return value * factor + (0.5 * factor if half else 0.0)


def _other_counted(sentence: str, m: re.Match[str], value: float) -> bool:
    """Only "three Belarusian companies in Singapore", "Belarus had three projects in Viet Nam"."""
    return bool(_PRESENCE.search(sentence) and _IN_A_PLACE.match(sentence, m.end())
                and _BELARUSIAN.search(sentence, max(0, m.start() - 40), m.end()))


# What a sentence must say for a count of each metric to be a figure it reports.
_COUNT_CONTEXT: dict[str, Callable[[str, re.Match[str], float], bool]] = {
    "agreements.count": lambda sentence, m, value: not value < 5 and bool(_IN_FORCE.search(sentence)),
    "people.count": lambda sentence, m, value: bool(_PEOPLE_CONTEXT.search(sentence)),
    "goods.count": lambda sentence, m, value: bool(_SHIPPED.search(sentence) or _LISTED.search(sentence)),
    "other": _other_counted,
}


def _count(sentence: str, m: re.Match[str]) -> FigureMention | None:
    """A count ("15 documents", "300 students"), unless it is a day of a date, a year, one, or the sentence
    does not say what makes the count of its metric a figure."""
    if _MONTH_AFTER.match(sentence, m.end("num")) or _MONTH_BEFORE.search(sentence, 0, m.start()):
        return None  # a day of a date ("17 июня подписали меморандум", "on June 17 signed two agreements")
    number = m.group("num")
    value = parse_number(number)
    if value is None or value < 2 or re.fullmatch(r"(?:1[6-9]|20)\d\d", number.strip()):
        return None
    if m.group("scale"):
        value *= 1000
    metric = next(_COUNT_METRICS[i] for i in range(len(_COUNT_METRICS)) if m.group(f"n_{i}"))
    if not _COUNT_CONTEXT[metric](sentence, m, value):
        return None
    return FigureMention(m.start(), m.end(), value, "count", metric, _qualifier(sentence, m.start()))


def _propagate_currency(money: list[tuple[int, int, float, str | None]]):
    """Sums without a currency take the currency of the nearest sum after them, else before them."""
    out = []
    for i, (start, end, value, currency) in enumerate(money):
        if currency is None:
            after = next((c for _, _, _, c in money[i + 1:] if c), None)
            before = next((c for _, _, _, c in reversed(money[:i]) if c), None)
            currency = after or before
        out.append((start, end, value, currency))
    return out


_CONTRACT_VALUE = re.compile(
    r"(?:\bfor|\bworth|\bvalued\s+at|на\s+сумму|стоимостью)\s+(?:more\s+than\s+|over\s+|about\s+|almost\s+|nearly\s+|свыше\s+|более\s+|около\s+)?$",
    re.I,
)
_CONTRACT_WORD = re.compile(
    r"\b(?:contracts?|agreements?|deals?|documents?)\b|(?<![а-яё])(?:контракт\w*|договор\w*|соглашени\w*|сделк\w*|документ\w*)", re.I
)


# a metric named right after the sum: "$22 million is exports from Kyrgyzstan", "$46 million — imports"
_METRIC_AFTER = re.compile(
    r"\s*(?:is|are|was|were|—|–|-|:)\s*(?:the\s+)?(?:(exports?|экспорт\w*)|(imports?|импорт\w*))\b", re.I
)


def _metric(sentence: str, position: int, end: int | None = None) -> str | None:
    """The metric named closest before ``position`` (turnover wins a tie with exports or imports), or right
    after the sum ("$46 million — imports"); the value of a contract ("a contract ... for $1.5 million") is "other"."""
    if end is not None:
        after = _METRIC_AFTER.match(sentence, end)
        if after:
            return "trade.exports" if after.group(1) else "trade.imports"
    window = sentence[max(0, position - 160):position]
    if _CONTRACT_VALUE.search(window) and _CONTRACT_WORD.search(window):
        return "other"
    best: tuple[int, int, str] | None = None
    for rank, (metric, pattern) in enumerate(_METRIC_RE):
        for m in pattern.finditer(window):
            key = (m.end(), -rank)
            if best is None or key > best[:2]:
                best = (m.end(), -rank, metric)
    if best is None:
        return None
    if best[2] == "other" and window[: best[0]].lower().endswith("worth"):
        clause = re.split(r"[;:]|,\s+(?:and|but|while|adding|а|но)\b", window[: best[0]])[-1]
        traded = _TRADED_WORTH.search(clause)
        if traded:
            return "trade.exports" if traded.group(1) else "trade.imports"  # "exported goods worth $5 million"
    return best[2]


_TRADED_WORTH = re.compile(
    r"\b(?:(exported|supplied|delivered|shipped|sold)|imported|purchased|bought)\b(?!.*\b(?:contracts?|deals?)\b)", re.I
)


def _qualifier(sentence: str, position: int) -> str | None:
    before = sentence[max(0, position - 40):position]
    for qualifier, pattern in _QUALIFIER_BEFORE:
        if pattern.search(before):
            return qualifier
    if _EXCEEDED.search(sentence[max(0, position - 60):position]):
        return "more than"
    return None
