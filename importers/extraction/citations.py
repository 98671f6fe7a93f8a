"""Quotes and references: a clean-text passage back to a verbatim quote of the original and its marker.

A quote is the original text of the passage with white space collapsed and Russian line-break
hyphenation joined; where one quote would need some hyphens joined and others kept (a broken word and
a real compound), every hyphen is kept, so that the quote is verbatim under either reading. A passage
never runs across a footnote block or a page number: it is cut to the side of its anchor.

The reference of a passage is the first marker at or after its anchor within its paragraph; a
marker glued before the first word of the sentence ("133These") belongs to that sentence.
"""

from __future__ import annotations

import bisect
import re

from .candidates import Reference
from ..reading.documents import Document
from ..reading.layout import Layout, hyphen_joins
from ..reading.sentences import Sentence

_BREAK_HYPHEN = re.compile(r"(\w*)-[ \t]*\n\s*(\w*)")


def passage(layout: Layout, start: int, end: int, anchor: int) -> tuple[int, int]:
    """Clean span [start, end) narrowed so that its original never crosses a cut (footnote block)."""
    clean = layout.clean
    pieces = [(start, end)]
    for cut_start, cut_end in layout.cuts:
        split = bisect.bisect_left(clean.origin, cut_start, start, end)
        if start < split < end and clean.origin[split - 1] < cut_start:
            new = []
            for a, b in pieces:
                if a < split < b:
                    new.extend([(a, split), (split, b)])
                else:
                    new.append((a, b))
            pieces = new
    for a, b in pieces:
        if a <= anchor < b:
            return _trim(clean.text, a, b)
    return _trim(clean.text, *pieces[-1])


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \n,;:—–-":
        a += 1
    while b > a and text[b - 1] in " \n,;:—–(-":
        b -= 1
    return a, b


def quote_of(original: str, start: int, end: int) -> str:
    """The verbatim quote of ``original[start:end]``.

    A hyphen before a line break either joins a broken word (every such hyphen of the quote does) or
    stays glued to the next word ("2018-2020", "region -the"): the two readings a verbatim check uses.
    """
    raw = original[start:end].replace("\u00ad", "")
    decisions = [bool(m.group(1)) and bool(m.group(2)) and hyphen_joins(m.group(1), m.group(2)) for m in _BREAK_HYPHEN.finditer(raw)]
    join = bool(decisions) and all(decisions)

    def repl(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2) if join else m.group(1) + "-" + m.group(2)

    text = _BREAK_HYPHEN.sub(repl, raw)
    return " ".join(text.split())


def reference_for(layout: Layout, sentence_start: int, anchor: int, paragraph_end: int) -> Reference | None:
    markers = layout.markers
    positions = [mk.start for mk in markers]
    i = bisect.bisect_left(positions, sentence_start)
    if i < len(markers) and markers[i].leading and markers[i].start == sentence_start:
        return _reference(layout, markers[i].label)
    j = bisect.bisect_left(positions, anchor)
    if j < len(markers) and markers[j].start <= paragraph_end:
        return _reference(layout, markers[j].label)
    return None


def _reference(layout: Layout, label: str) -> Reference:
    note = layout.footnotes.get(label)
    if note is None:
        return Reference(label)
    return Reference(label, note.title, note.url)


MAX_QUOTE = 320


def sentence_quote(document: Document, sentence: Sentence, start: int, end: int, anchor: int) -> tuple[str, tuple[int, int]] | None:
    """Quote and original span of the clause range [start, end) of a sentence (sentence offsets)."""
    layout = document.layout
    s, e = _clause_range(sentence.text, start, end)
    a, b = passage(layout, sentence.start + s, sentence.start + e, sentence.start + anchor)
    if b <= a:
        return None
    o_start, o_end = layout.clean.source_span(a, b)
    quote = quote_of(document.text, o_start, o_end)
    return (quote, (o_start, o_end)) if quote else None


def _clause_range(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole sentence, or for a long one the clauses from ``start`` to ``end``."""
    if len(text) <= MAX_QUOTE:
        return 0, len(text)
    left = 0
    for m in re.finditer(r"[;:]\s|,\s", text[:start]):
        left = m.end()
    m = re.search(r"[;,]\s|[.!?]$", text[end:])
    right = end + m.start() if m else len(text)
    if right - left > MAX_QUOTE * 2:
        right = min(len(text), max(end, left + MAX_QUOTE))
    return left, right
