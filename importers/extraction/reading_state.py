"""What the reader knows while going through a document sentence by sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .candidates import Candidate
from ..recognition.dates import DateContext, DateMention


@dataclass(frozen=True, slots=True)
class Dated:
    """A date mention of the current sentence with the date it resolved to."""

    mention: DateMention
    value: str


@dataclass(slots=True)
class ReadingState:
    """Dates and states mentioned so far, the current paragraph, and the candidates found."""

    ctx: DateContext
    topic: tuple[str, ...] = ()  # the foreign states the text was last about
    paragraph: int = -1
    paragraph_date: str | None = None  # the last date mentioned in the current paragraph
    last_metric: tuple[str, tuple[str, ...]] | None = None  # metric and parties of the last figure
    vague: bool = False  # the current sentence has a date no context resolves ("a few months later")
    sentence_index: int = 0
    figure_sentence: int = -2  # index of the last sentence that reported a figure
    last_figure_date: str | None = None  # the period of the last figure
    candidates: list[Candidate] = field(default_factory=list)
    published_month: str | None = None  # the publication's month, also when only the month is known
    report_day: str | None = None  # the dateline's day: undated reports happened then
    occasion: int = 0  # how many occasions (meetings, visits, interviews) the text has told so far
    dated_sentence: bool = False  # the current sentence names a date of its own
    last_side: str | None = None  # the state the last statement's speaker spoke for
    last_title: int | None = None  # and the title its subject named (statements.speaker_title)
    labelled_speaker: tuple[str, str] | None = None  # a transcript's "Name, Title of State:" awaiting its words

    def publication_date(self, day: bool = False) -> str | None:
        """The date an undated past-tense report of a news item takes: the publication's month, or its day
        when the text marks the day (the dateline's day) or ``day`` asks for it; None without a publication date."""
        if self.report_day is not None:
            return self.report_day
        if self.ctx.published is not None:
            return self.ctx.published.isoformat() if day else self.ctx.published.isoformat()[:7]
        return self.published_month

    @classmethod
    def for_publication(cls, published: str | None) -> ReadingState:
        if not published:
            return cls(DateContext())
        if len(published) == 10:
            return cls(DateContext(published=date.fromisoformat(published)), published_month=published[:7])
        return cls(DateContext(year=int(published[:4])), published_month=published[:7] if len(published) == 7 else None)
