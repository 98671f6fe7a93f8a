"""Numbers written with digits or words, in English and Russian.

Digits: ``173``, ``1.25``, ``159, 4`` (a decimal comma followed by a space, as PDF copies write it),
``1,250,000``, ``12 500``. Words: ``four``, ``twenty``, ``three hundred``, ``four and a half``, ``half a``,
``a million and a half`` (with the scale), ``два``, ``пять``, ``полтора``.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12,
    "один": 1, "одна": 1, "одного": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3,
    "четыре": 4, "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7,
    "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
    "одиннадцать": 11, "одиннадцати": 11, "двенадцать": 12, "двенадцати": 12, "тринадцать": 13, "тринадцати": 13,
    "четырнадцать": 14, "четырнадцати": 14, "пятнадцать": 15, "пятнадцати": 15, "шестнадцать": 16,
    "шестнадцати": 16, "семнадцать": 17, "семнадцати": 17, "восемнадцать": 18, "восемнадцати": 18,
    "девятнадцать": 19, "девятнадцати": 19,
    "двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40, "пятьдесят": 50, "пятидесяти": 50, "шестьдесят": 60, "шестидесяти": 60,
    "семьдесят": 70, "семидесяти": 70, "восемьдесят": 80, "восьмидесяти": 80, "девяносто": 90, "девяноста": 90,
    "сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500,
    "полтора": 1.5, "полторы": 1.5,
}
HUNDRED = {"hundred": 100}
SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6, "bn": 1e9, "m": 1e6,
    "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6,
    "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "трлн": 1e12,
}

_WORD = "|".join(sorted((re.escape(w) for w in list(UNITS) + list(HUNDRED)), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![.,]\d)|\d+(?:[.,]\s?\d+)?"
# "four and a half", "three hundred", "twenty five", "half a"
_WORDS = rf"(?:half\s+an?|(?:{_WORD})(?:[\s-]+(?:{_WORD}))*(?:\s+and\s+a\s+half)?)"
NUMBER = rf"(?:(?<![\w.,])(?:{_DIGITS})(?![\w])|\b{_WORDS}\b)"
NUMBER_AFTER_SIGN = rf"(?:(?:{_DIGITS})(?![\w]))"  # straight after a currency sign: "$5", "Br222.6"
SCALE = r"(?:thousand|million|billion|trillion|mln|bn|тыс\.?|тысяч[аи]?|млн\.?|миллион(?:а|ов)?|млрд\.?|миллиард(?:а|ов)?|трлн\.?)"


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words (without its scale), or None."""
    t = text.strip().lower()
    if not t:
        return None
    if re.match(r"^\d", t):
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
            return float(t.replace(",", ""))
        if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+", t):
            return float(re.sub(r"\s", "", t))
        t = re.sub(r"[,]\s?", ".", t)
        try:
            return float(t)
        except ValueError:
            return None
    if re.fullmatch(r"half\s+an?", t):
        return 0.5
    half = 0.5 if re.search(r"\band\s+a\s+half$", t) else 0.0
    t = re.sub(r"\s+and\s+a\s+half$", "", t)
    total = 0.0
    current = 0.0
    seen = False
    for word in re.split(r"[\s-]+", t):
        if word in UNITS:
            current += UNITS[word]
            seen = True
        elif word in HUNDRED:
            current = (current or 1) * 100
            seen = True
        elif word == "and":
            continue
        else:
            return None
    if not seen:
        return None
    total += current
    return total + half if total or half else None


def scale_value(word: str | None) -> float:
    if not word:
        return 1.0
    return SCALES.get(word.lower().rstrip("."), 1.0)
