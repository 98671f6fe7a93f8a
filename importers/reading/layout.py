"""From the text as decoded to the clean text the recognizers read, keeping offsets to the original.

Steps, each a :class:`MappedText` transformation so that every clean character keeps its origin:

1. footnote blocks that interrupt the body at page breaks (a separator line, then numbered entries)
   and a trailing reference list are cut out and parsed (:mod:`importers.reading.footnotes`);
2. page-number lines are dropped;
3. line breaks are classified: a paragraph break becomes ``"\\n\\n"``, a break inside a paragraph a
   space, a hyphenated word across a break is joined ("Респуб-\\nлики") unless it is a real compound
   ("торгово-\\nэкономической", "2018-\\n2020"); documents whose every line is followed by a blank line
   (PDF copies) get paragraph breaks from short lines instead of blank lines;
4. reference markers are cut out of the text and kept with their clean positions;
5. runs of white space become one space.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass

from .morphology import is_adjective, is_known
from .footnotes import Footnote, Marker, find_markers, parse_entry
from .textmap import MappedText


@dataclass(frozen=True, slots=True)
class Layout:
    clean: MappedText
    paragraphs: tuple[tuple[int, int], ...]  # spans in clean text
    markers: tuple[Marker, ...]  # spans in clean text are empty: (pos, pos)
    footnotes: dict[str, Footnote]
    cuts: tuple[tuple[int, int], ...]  # original spans removed as footnote blocks or page numbers


_SEPARATOR = re.compile(r"^(?:[ \t\u00a0]{10,}|\s*[_—–-]{5,}\s*)$")
_ENTRY = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_LIST_HEADING = re.compile(
    r"^\s*(?:References|Notes|Sources|Bibliography|Литература|Список\s+(?:использованной\s+)?(?:литературы|источников)|"
    r"Примечания|Источники|Библиографический\s+список)\s*:?\s*$",
    re.I,
)
_LIST_ENTRY = re.compile(r"^\s*\[?(\d{1,3})[\].)]?\s+(\S.*)$")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    spans = []
    start = 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _footnote_blocks(text: str) -> tuple[list[tuple[int, int]], dict[str, Footnote]]:
    """Spans of footnote blocks and of a trailing reference list, with their parsed entries."""
    lines = _lines(text)
    spans: list[tuple[int, int]] = []
    entries: dict[str, Footnote] = {}
    i = 0
    n = len(lines)
    while i < n:
        s, e = lines[i]
        line = text[s:e]
        if _SEPARATOR.match(line) and i + 1 < n and _ENTRY.match(text[lines[i + 1][0]:lines[i + 1][1]]):
            j = i + 1
            current: list[str] = []
            label = None
            while j < n:
                ls, le = lines[j]
                body = text[ls:le]
                if not body.strip() or body[:1].isspace():
                    break
                m = _ENTRY.match(body)
                if m and (label is None or _next_label(label, m.group(1))):
                    if label is not None:
                        entries.setdefault(label, parse_entry(label, " ".join(current)))
                    label, current = m.group(1), [m.group(2)]
                else:
                    current.append(body)
                j += 1
            if label is not None:
                entries.setdefault(label, parse_entry(label, " ".join(current)))
            spans.append((s, lines[j - 1][1] + 1 if j - 1 < n else len(text)))
            i = j
            continue
        if _LIST_HEADING.match(line) and line.strip():
            block_entries, end = _reference_list(text, lines, i + 1)
            if block_entries:
                entries.update({k: v for k, v in block_entries.items() if k not in entries})
                spans.append((s, end))
                break
        i += 1
    return spans, entries


def _next_label(previous: str, candidate: str) -> bool:
    return 0 < int(candidate) - int(previous) <= 3


def _reference_list(text: str, lines: list[tuple[int, int]], first: int) -> tuple[dict[str, Footnote], int]:
    entries: dict[str, Footnote] = {}
    label = None
    current: list[str] = []
    end = lines[first - 1][1]
    for ls, le in lines[first:]:
        body = text[ls:le]
        if not body.strip():
            continue
        m = _LIST_ENTRY.match(body)
        if m:
            if label is not None:
                entries[label] = parse_entry(label, " ".join(current))
            label, current = m.group(1), [m.group(2)]
        elif label is not None:
            current.append(body)
        else:
            return {}, end
        end = le
    if label is not None:
        entries[label] = parse_entry(label, " ".join(current))
    return entries, end


def _drop_joining(mt: MappedText, cuts: list[tuple[int, int]]) -> MappedText:
    """Cut page furniture; where the text runs on across the cut ("it ... looks as follows"), the white
    space around the cut goes too, so that no paragraph break is left in the middle of a sentence."""
    text = mt.text
    spans = []
    for start, end in cuts:
        a = start
        while a > 0 and text[a - 1] in " \t\n":
            a -= 1
        b = end
        while b < len(text) and text[b] in " \t\n":
            b += 1
        runs_on = a > 0 and b < len(text) and (text[b].islower() or text[a - 1] not in ".!?:;\"”»)")
        spans.append((a, b, " " if runs_on else "\n\n"))
    merged = []
    for a, b, keep in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]), merged[-1][2])
        else:
            merged.append((a, b, keep))
    return mt.drop_spans(merged)


def _page_numbers(text: str) -> list[tuple[int, int]]:
    """Lines holding only a page number, between blank lines."""
    spans = []
    lines = _lines(text)
    for k, (s, e) in enumerate(lines):
        if _PAGE_NUMBER.match(text[s:e]):
            before = k == 0 or not text[lines[k - 1][0]:lines[k - 1][1]].strip()
            after = k + 1 >= len(lines) or not text[lines[k + 1][0]:lines[k + 1][1]].strip()
            if before and after:
                spans.append((s, min(e + 1, len(text))))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# ---------------------------------------------------------------- line breaks


def hyphen_joins(left: str, right: str) -> bool:
    """Whether ``left-\\nright`` is one word broken across lines (True) or a real compound (False).

    Russian only (a dictionary decides); Latin-script compounds and numbers ("2018-\\n2020") keep the
    hyphen. A compound of an adverb-like first part and an adjective ("торгово-\\nэкономической",
    "научно-\\nтехнической") keeps it even where the dictionary knows the joined word.
    """
    if not left or not right or not re.match(r"[а-яё]", right[0]) or not re.search(r"[а-яёА-ЯЁ]$", left):
        return False
    if left[-1].lower() in "ое" and len(left) > 3 and len(right) >= 4 and is_adjective(right):
        stem = left[:-1].lower()
        if any(is_adjective(stem + ending) for ending in ("ый", "ий", "ой")):
            return False
    return is_known(left + right)


_HYPHEN_BREAK = re.compile(r"(\w+)-[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=(\w+))")


def _double_spaced(text: str) -> bool:
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 8:
        return False
    followed = sum(1 for i in content if i + 2 < len(lines) and not lines[i + 1].strip() and lines[i + 2].strip())
    lengths = sorted(len(lines[i].strip()) for i in content)
    wrapped = lengths[int(0.8 * (len(lengths) - 1))] <= 130  # lines of a page, not whole paragraphs
    return wrapped and followed / len(content) > 0.7


_END_PUNCT = re.compile(r"[.!?…:;\"”»)]\s*(?:\d{1,3}\s*)?[.]?\s*$")


def _paragraph_end_lines(text: str) -> set[int]:
    """Indices (in ``text.split('\\n')``) of content lines that end a paragraph in a wrapped text."""
    lines = text.split("\n")
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if not lengths:
        return set()
    typical = statistics.quantiles(lengths, n=10)[7] if len(lengths) >= 10 else max(lengths)
    ends = set()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        short = len(line.rstrip()) < 0.8 * typical
        if short and _END_PUNCT.search(stripped):
            ends.add(i)
        elif (
            short
            and len(stripped) < 70
            and not re.search(r"[,\-–—]$|(?:^|\s)[a-zа-яё]{1,3}$", stripped)
            and _next_is_capital(lines, i)
        ):
            ends.add(i)  # a heading
    return ends


def _next_is_capital(lines: list[str], i: int) -> bool:
    for line in lines[i + 1:]:
        if line.strip():
            return line.strip()[0].isupper()
    return False


def _classify_breaks(mt: MappedText, line_paragraphs: bool = False) -> MappedText:
    double = _double_spaced(mt.text)

    def join_hyphen(m: re.Match[str]) -> str:
        return m.group(1) if hyphen_joins(m.group(1), m.group(2)) else m.group(1) + "-"

    mt = mt.sub(_HYPHEN_BREAK, join_hyphen)
    text = mt.text
    line_of = _line_index(text)
    ends = _paragraph_end_lines(text) if double else set()

    def newline_run(m: re.Match[str]) -> str:
        blank_lines = m.group(0).count("\n") - 1
        if double:
            return "\n\n" if line_of(m.start()) in ends else " "
        return "\n\n" if blank_lines >= 1 or line_paragraphs else " "

    return mt.sub(re.compile(r"[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)*[ \t\u00a0]*"), newline_run)


def _line_index(text: str):
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(starts, pos) - 1

    return line_of


# ---------------------------------------------------------------- the whole layout


_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_SOURCE_LINE = re.compile(r"^[ \t]*\[(?:Original\s+source|Source|Источник|Оригинал)[^\]\n]*\]\([^)\n]*\)[ \t]*$", re.M | re.I)
_MD_DATE_LINE = re.compile(r"^#{1,6}[ \t]*\d{1,4}[-./]\d{1,2}[-./]\d{1,4}[ \t]*$", re.M)
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^)\s]+)(?:[ \t]+\"[^\"\n]*\")?\)")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M)


def _strip_markdown(mt: MappedText) -> MappedText:
    """Markdown markup out, link texts kept: images, source links, date lines, headings' hashes."""
    for pattern in (_MD_IMAGE, _MD_SOURCE_LINE, _MD_DATE_LINE, _MD_RULE, _MD_HEADING, _MD_EMPHASIS):
        mt = mt.sub(pattern, lambda m: "")
    return mt.sub(_MD_LINK, lambda m: m.group(1))


def analyse(original: str, skip_to: int = 0, markdown: bool = False, line_paragraphs: bool = False) -> Layout:
    """Clean text, paragraphs, markers and footnotes of a document's text (from ``skip_to`` on).

    ``line_paragraphs``: every line is a paragraph (text extracted from HTML).
    """
    mt = MappedText.identity(original)
    if skip_to:
        mt = mt.drop_spans([(0, skip_to)])
    if markdown:
        mt = _strip_markdown(mt)
    mt = mt.sub(re.compile(r"\r\n?|\u2028|\u2029"), lambda m: "\n")
    mt = mt.sub(re.compile(r"\u00ad"), lambda m: "")
    blocks, footnotes = _footnote_blocks(mt.text)
    cuts = _merge(blocks + _page_numbers(mt.text))
    original_cuts = tuple(mt.source_span(s, e) for s, e in cuts)
    mt = _drop_joining(mt, cuts)
    mt = _classify_breaks(mt, line_paragraphs)
    raw_markers = find_markers(mt.text, set(footnotes))
    marker_origins = [mt.origin[mk.start] for mk in raw_markers]
    clean = mt.drop_spans(_merge([(mk.start, mk.end) for mk in raw_markers]))
    clean = clean.sub(_SPACE_RUN, lambda m: "" if _space_is_dropped(m) else " ")
    markers = tuple(
        Marker(mk.label, p, p, mk.leading)
        for mk, p in zip(raw_markers, (bisect.bisect_left(clean.origin, o) for o in marker_origins))
    )
    return Layout(clean, tuple(_paragraph_spans(clean.text)), markers, footnotes, original_cuts)


_SPACE_RUN = re.compile(r"[ \t\u00a0\u2009\u202f\f\v]{2,}|[\t\u00a0\u2009\u202f\f\v]|(?<=\n) +|^ +| +(?=[\n,.;:)\]»”]| *$)")


def _space_is_dropped(m: re.Match[str]) -> bool:
    """Spaces at a line's edges, at the text's edges or before a closing mark go; others become one."""
    text = m.string
    before = text[m.start() - 1:m.start()]
    after = text[m.end():m.end() + 1]
    return before in ("", "\n") or after in ("", "\n") or after in ",.;:)]»”"


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        if m.group(0).strip():
            spans.append((m.start(), m.end()))
    return spans
