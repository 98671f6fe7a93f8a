"""A string that remembers where each of its characters came from in the original document.

Normalization (dropping footnote blocks, joining hyphenated words, collapsing white space) changes the
text the recognizers read; citations must still point into the document as it was decoded. A
:class:`MappedText` carries, for every character, the index of the original character it stands for, so
a span found in the normalized text maps back to a span of the original with :meth:`MappedText.source_span`.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MappedText:
    """``text`` plus ``origin[i]``, the original index of ``text[i]`` (``origin[len(text)]`` is the end)."""

    text: str
    origin: array  # array('q'), never mutated once built

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, array("q", range(len(text) + 1)))

    def __len__(self) -> int:
        return len(self.text)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering ``text[start:end]`` (``end`` exclusive, ``start < end``)."""
        if end <= start:
            position = self.origin[start]
            return position, position
        return self.origin[start], self.origin[end - 1] + 1

    def sub(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None]) -> MappedText:
        """Replace every match of ``pattern`` by ``replace(match)``; ``None`` keeps the match as it is.

        A replacement that is a substring of the match keeps the origins of those characters (the first
        occurrence is used); any other replacement text stands at the match's first character.
        """
        pieces: list[str] = []
        origin = array("q")
        last = 0
        source = self.text
        for match in pattern.finditer(source):
            new = replace(match)
            if new is None:
                continue
            start, end = match.span()
            pieces.append(source[last:start])
            origin.extend(self.origin[last:start])
            pieces.append(new)
            found = match.group(0).find(new) if new else -1
            if new and found >= 0:
                origin.extend(self.origin[start + found:start + found + len(new)])
            else:
                origin.extend([self.origin[start]] * len(new))
            last = end
        if last == 0 and not pieces:
            return self
        pieces.append(source[last:])
        origin.extend(self.origin[last:])
        return MappedText("".join(pieces), origin)

    def drop_spans(self, spans: list[tuple[int, int]] | list[tuple[int, int, str]], keep: str = "") -> MappedText:
        """Remove the given (sorted, disjoint) spans; each is replaced by its own third item or by ``keep``."""
        if not spans:
            return self
        pieces: list[str] = []
        origin = array("q")
        last = 0
        for span in spans:
            start, end = span[0], span[1]
            put = span[2] if len(span) > 2 else keep
            pieces.append(self.text[last:start])
            origin.extend(self.origin[last:start])
            pieces.append(put)
            origin.extend([self.origin[start]] * len(put))
            last = end
        pieces.append(self.text[last:])
        origin.extend(self.origin[last:])
        return MappedText("".join(pieces), origin)
