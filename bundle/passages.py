"""Finding quotes in a document's text as the store compares them, and trimming them to bundle size."""

from __future__ import annotations

import re
from typing import Any

from chronicle.domain.canonical import QUOTE_NOISE, quote_key
from chronicle.domain.sources import quote_mismatch

MAX_QUOTE = 250  # characters of a bundled quote
GOLD_QUOTE_MAX = 320  # a gold annotation's passage is used for a long quote when it is at most this long
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.|<\.\.\.>)\s*")


class ReviewError(Exception):
    """The build cannot accept a decision, a passage or a line: it stops with this message."""


class Passages:
    """A document's text with its white space and hyphens taken out, to find quotes as the store compares them."""

    def __init__(self, text: str):
        self.text = text
        keep = [i for i, ch in enumerate(text) if not QUOTE_NOISE.match(ch)]
        self.index = keep
        self.key = "".join(text[i] for i in keep)

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        needle = quote_key(quote)
        if not needle:
            return []
        out, start = [], 0
        while (at := self.key.find(needle, start)) >= 0:
            out.append((self.index[at], self.index[at + len(needle) - 1] + 1))
            start = at + 1
        return out

    def find(self, quote: str, near: int = 0) -> tuple[int, int] | None:
        found = self.find_all(quote)
        return min(found, key=lambda s: abs(s[0] - near)) if found else None


def normalize_passage(text: str) -> str:
    """A passage as a quote: white space collapsed, words hyphenated across lines joined."""
    text = re.sub(r"(?<=[a-zа-яё])-[ \t]*\n\s*(?=[a-zа-яё])", "", text)
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def trim(quote: str, span: list[int], text: str, limit: int = MAX_QUOTE) -> tuple[str, list[int]]:
    """Cut a long quote at its last sentence (or clause, or word) end within ``limit`` characters, and its
    span with it; short quotes are returned as they are."""
    if len(quote) <= limit:
        return quote, span
    head = quote[:limit]
    cut = None
    for pattern in (r"[.!?»\"”](?=\s)", r"[;:](?=\s)", r",(?=\s)|\s[—–](?=\s)", r"\s"):
        ends = [m.end() if not m.group().isspace() else m.start() for m in re.finditer(pattern, head)]
        ends = [e for e in ends if e >= 60]
        if ends:
            cut = ends[-1]
            break
    short = quote[: cut or limit].rstrip(" ,;:—–")
    passages = Passages(text[span[0] : span[1]])
    found = passages.find(short, 0)
    if found is None or found[0] != 0:
        raise ReviewError(f"cannot trim the quote {quote[:60]!r}: its beginning is not at its span")
    return short, [span[0], span[0] + found[1]]


def gold_passage(gold: dict[str, Any], text: str, span: list[int]) -> tuple[str, list[int]] | None:
    """The gold annotation's passage for the same event, found near the imported span, when it is shorter."""
    pieces = [p for p in ELLIPSIS.split(gold["quote"]) if p.strip()]
    passages = Passages(text)
    located = [passages.find(p, span[0]) for p in pieces]
    if not located or any(s is None for s in located):
        return None
    start, end = located[0][0], located[-1][1]  # type: ignore[index]
    if len(pieces) > 1 and (end <= start or end - start > GOLD_QUOTE_MAX):
        end = located[0][1]  # type: ignore[index]
    if end - start > GOLD_QUOTE_MAX or not (start < span[1] + 400 and end > span[0] - 400):
        return None
    quote = normalize_passage(text[start:end]) if len(pieces) > 1 else normalize_passage(pieces[0])
    if quote_mismatch(text, quote, (start, end)):
        quote = normalize_passage(text[start:end])
    return quote, [start, end]


def bundled_citation_parts(quote: str, span: list[int], text: str, gold: dict[str, Any] | None,
                           where: str) -> tuple[str, list[int]]:
    """A citation's quote and span as bundled: a long quote replaced by its gold passage where there is one,
    then trimmed to :data:`MAX_QUOTE`; checked as the store will check it."""
    if len(quote) > MAX_QUOTE and gold is not None:
        quote, span = gold_passage(gold, text, span) or (quote, span)
    quote, span = trim(quote, span, text)
    problem = quote_mismatch(text, quote, (span[0], span[1]))
    if problem:
        raise ReviewError(f"{where}: {problem}")
    return quote, span
