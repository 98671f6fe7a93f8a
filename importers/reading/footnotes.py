"""Footnotes and references: the footnote list (label → title, URL) and the markers in the body.

Markers come in two shapes:

- bracket references: ``[7]``, ``[12—14]``, ``[17; 18]``, ``[6, с. 88]`` (label ``6``: the page is dropped);
- footnote numbers glued to the text by PDF extraction: ``...the council"24 .``, ``,"40 ,``,
  ``process.29 .``, ``circles .12``, ``133These``. A glued number counts as a marker only where it fits
  the running sequence of footnote numbers or is a label of the footnote list, so that a number of the
  text ("Br222.6", "COVID-19") is never taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Footnote:
    label: str
    title: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Marker:
    """A reference marker: its label and its span in the text it was found in."""

    label: str
    start: int
    end: int
    leading: bool = False  # glued before the first word of a sentence ("133These")


# ---------------------------------------------------------------- footnote entries

_URL_START = re.compile(r"(?:URL\s*:\s*)?(https?\s*:\s*//|www\s*\.)", re.I)
_TITLE_END = re.compile(
    r"\s*(?:\[\s*(?:Electronic\s+resource|Электронный\s+ресурс|Online)\s*\]|\s//\s|\s/\s|URL\s*:|"
    r"\s[-–—]\s(?:URL|Режим\s+доступа|Access))",
    re.I,
)


def parse_entry(label: str, body: str) -> Footnote:
    """Title and URL of one footnote or reference-list entry (``body`` without its label)."""
    text = " ".join(body.split())
    url = None
    m = _URL_START.search(text)
    if m:
        raw = text[m.start(1):]
        raw = re.split(r"\s+\(?(?:дата\s+обращения|accessed|date\s+of\s+access)", raw, maxsplit=1, flags=re.I)[0]
        url = re.sub(r"\s+", "", raw).rstrip(".,;")
        if url.lower().startswith("www."):
            url = "http://" + url
        text_before = text[:m.start()]
    else:
        text_before = text
    end = _TITLE_END.search(text_before)
    title = text_before[:end.start()] if end else text_before
    title = title.strip(" .-–—,;")
    return Footnote(label, title or None, url)


# ---------------------------------------------------------------- markers

BRACKET_REF = re.compile(
    r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*(?:\s*[—–-]\s*\d{1,3})?)"
    r"(?:\s*[,;]\s*(?:с|c|p|pp|s|стр|S)\.\s*[\dIVXivx]+(?:\s*[—–-]\s*\d+)?)?\s*\]"
)
# A number glued after a quotation mark, a closing bracket, a letter or a sentence stop, and followed
# by a stop, a comma or the end of the line: `"24 .`, `process.29 .`, `circles .12`, `”40 ,`.
GLUED_AFTER = re.compile(
    r"(?<=[\"”»“'’)\].…a-zа-яё])(\d{1,3})(?=\s*[.,;:]?\s*(?:$|\n|\s[A-ZА-Яa-zа-я(\"“«,.;]|[.,;:]\s*$)|\s*[.,;:](?!\d))",
    re.M,
)
# A number glued before the first word of a sentence: `. 133These documents`, `58As for`.
GLUED_BEFORE = re.compile(r"(?:(?<=[.\"”»]\s)|(?<=\n)|(?<=^))(\d{1,3})(?=[A-ZА-Я][a-zа-яё])", re.M)


def bracket_label(inner: str) -> str:
    return re.sub(r"\s+", " ", inner.strip())


def find_markers(text: str, known: set[str]) -> list[Marker]:
    """Bracket references and glued footnote numbers of ``text``, in order."""
    markers = [Marker(bracket_label(m.group(1)), m.start(), m.end()) for m in BRACKET_REF.finditer(text)]
    taken = [(mk.start, mk.end) for mk in markers]
    glued = []
    for pattern in (GLUED_AFTER, GLUED_BEFORE):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if pattern is GLUED_AFTER and _is_quantity(text, m):
                continue
            glued.append(Marker(m.group(1), m.start(1), m.end(1), pattern is GLUED_BEFORE))
    glued.sort(key=lambda mk: mk.start)
    markers.extend(_in_sequence(text, glued, known))
    markers.sort(key=lambda mk: mk.start)
    return markers


def _is_quantity(text: str, m: re.Match[str]) -> bool:
    """A glued number that is part of the prose: "Br222", "COVID-19", "$5", "No.9", an ordinal."""
    before = text[max(0, m.start() - 8):m.start()]
    after = text[m.end():m.end() + 12]
    if re.search(r"(?:\bNo|\bNr|\bp|\bpp|\bс|\bст|№)\.?\s?$", before):
        return True
    if re.search(r"(?:[A-Za-zА-Яа-я]{1,3}|\$|€|№|No\.|№\s?|-)$", before) and not re.search(r"[\"”».)]$", before):
        # letters straight before the digits: a marker only if a stop or quote follows directly
        if not re.match(r"\s*[.,;:]\s", after) or re.search(r"(?:Br|No|USD|EUR|\$)$", before):
            return True
    if re.match(r"\s*(?:%|percent|процент|млн|млрд|тыс|million|billion|thousand|th\b|st\b|nd\b|rd\b)", after, re.I):
        return True
    if re.match(r"[.,]\d", after):
        return True
    return False


def _in_sequence(text: str, glued: list[Marker], known: set[str]) -> list[Marker]:
    """Keep glued numbers that are footnote labels or continue the running sequence of markers.

    Without a footnote list the first marker must stand where markers stand (after a quotation mark, a
    bracket or a stop); later ones must follow it by at most twelve.
    """
    kept: list[Marker] = []
    last = 0
    for mk in glued:
        n = int(mk.label)
        if n == 0:
            continue
        strong = mk.leading or text[mk.start - 1:mk.start] in ('"', "”", "»", "'", "’", ".", ")", "]", "…")
        if known and mk.label in known and n >= last:
            ok = True
        elif last:
            ok = last < n <= last + 12
        else:
            ok = strong and (not known or n <= 12)
        if ok:
            kept.append(mk)
            last = n
    return kept
