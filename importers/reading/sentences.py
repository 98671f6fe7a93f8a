"""Sentences of the clean text (razdel), with razdel's splits after abbreviations undone.

razdel splits after "дол." in "173 млн дол. США", after "Jan." in "Jan. 1, 2015" and before a lowercase
continuation; those pieces are merged back. Sentences never cross a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from razdel import sentenize


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    text: str


_ABBREVIATION_END = re.compile(
    r"(?:\b(?:Rs|дол|долл|руб|млн|млрд|тыс|г|гг|ст|им|т\.\s?е|т\.\s?д|т\.\s?п|т\.\s?ч|в т|см|напр|англ|пер|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|No|Nos|Inc|Ltd|Co|Corp|vs|approx|U\.S|U\.K|[A-ZА-Я])\.)$"
)
_CONTINUATION_START = re.compile(r"^(?:[a-zа-яё(\[«\"“,;:—–-]|\d|США|USD|EUR|РФ|РБ)")


# razdel keeps "в 2018 г. В мае того же года" together: a year's "г." before a capital ends a sentence.
_YEAR_ABBREVIATION_STOP = re.compile(r"\d{4}(?:\s*[-–—]\s*\d{4})?\s*гг?\.\s+(?=[А-ЯЁ])")


def _unbalanced_guillemets(text: str) -> bool:
    """An opened «name» still short when razdel cut it («Наука. Инновации. Производство»)."""
    if text.count("«") <= text.count("»"):
        return False
    return len(text) - text.rfind("«") < 40


def split(text: str, paragraphs: tuple[tuple[int, int], ...]) -> list[Sentence]:
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs):
        pieces: list[tuple[int, int]] = []
        for s in sentenize(text[p_start:p_end]):
            start, end = p_start + s.start, p_start + s.stop
            cut = start
            for m in _YEAR_ABBREVIATION_STOP.finditer(text, start, end):
                pieces.append((cut, m.end() - (len(m.group(0)) - len(m.group(0).rstrip()))))
                cut = m.end()
            pieces.append((cut, end))
        merged: list[tuple[int, int]] = []
        for start, end in pieces:
            if merged:
                previous = text[merged[-1][0]:merged[-1][1]]
                current = text[start:end]
                if (
                    _ABBREVIATION_END.search(previous) and _CONTINUATION_START.match(current)
                    or (re.match(r"^[a-zа-яё]", current) and not previous.rstrip().endswith(("!", "?")))
                    or _unbalanced_guillemets(previous)
                    or previous.rstrip().endswith((";", ","))
                    or (re.match(r"^[-–—]\s", current) and len(previous) < 40)
                ):
                    merged[-1] = (merged[-1][0], end)
                    continue
            merged.append((start, end))
        for s, e in merged:
            for a, b in _chunks(text, s, e):
                out.append(Sentence(a, b, number, text[a:b]))
    return out


MAX_SENTENCE = 1500


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A run-on "sentence" (a table, a list without stops) cut at white space into pieces of bounded length."""
    if end - start <= MAX_SENTENCE:
        return [(start, end)]
    out = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        out.append((start, cut))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    out.append((start, end))
    return out
