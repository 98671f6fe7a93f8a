"""Figures become ``figure.reported`` candidates: dated by the nearest date before them, kept only when
they are about Belarus and a foreign party, continued from the sentence before ("In 2017. - 10 million")."""

from __future__ import annotations

import re

from . import attributes as attr
from .candidates import Candidate, Figure
from .citations import reference_for, sentence_quote
from .documents import Document
from .event_dates import SINCE
from .event_parties import BELARUS, parties_of, reporter_first
from .figures import FigureMention
from .modality import is_unreal
from .parties import PartyMention
from .reading_state import Dated, ReadingState
from .sentences import Sentence

_CUMULATIVE = re.compile(r"\bsince\b|с\s+момента|с\s+тех\s+пор|за\s+всю\s+историю|\bin\s+total\b", re.I)

_BILATERAL = re.compile(
    r"\b(?:between|of)\s+the\s+(?:two\s+)?countries|\bboth\s+countries|(?<![а-яё])(?:двух\s+стран|двумя\s+странами|обеих\s+стран|между\s+странами)",
    re.I,
)

_THIS_FIGURE = re.compile(r"\b(?:this|that|the\s+same)\s+(?:figure|indicator|number)\b|(?<![а-яё])(?:этот|данный)\s+показатель", re.I)

_NOT_BILATERAL = re.compile(
    r"\b(?:countries|continent|the\s+region\s+as\s+a\s+whole|world|Asian\s+countries|far\s+arc|this\s+region|all\s+markets)\b|"
    r"(?<![а-яё])(?:стран(?:ы|ам|ах)?\s+(?:мира|Азии|региона)|регион\w*\s+в\s+целом)",
    re.I,
)


# Between a figure and a date of its own clause: no clause break, a few words at most.
_SAME_CLAUSE = re.compile(r"[^,;:.!?()\n]{0,40}")
_CLAUSE_BREAK = re.compile(r"[,;:]")


def add_figure(document: Document, sentence: Sentence, state: ReadingState, figure: FigureMention, dated: list[Dated],
                mentions: list[PartyMention], fallback: str | None) -> None:
    text = sentence.text
    metric = figure.metric
    continues = state.last_metric is not None and state.figure_sentence == state.sentence_index - 1 and (len(text) < 80 or _THIS_FIGURE.search(text))
    if metric is None and continues and (figure.unit == "count") == state.last_metric[0].endswith(".count"):
        metric = state.last_metric[0]
    if metric is None:
        return
    if is_unreal(text, figure.start, figure.end):
        return
    usable = [d for d in dated if not d.mention.scope]
    before = [d for d in usable if d.mention.end <= figure.start]
    chosen = before[-1] if before else (usable[0] if usable else None)
    if before:
        after = next((d for d in usable if d.mention.start >= figure.end), None)
        if after is not None and _CLAUSE_BREAK.search(text, before[-1].mention.end, figure.start) and _SAME_CLAUSE.fullmatch(
            text, figure.end, after.mention.start
        ):
            chosen = after  # "..., adding that exports were worth $12 million in 2022": the clause's own date
    if chosen is not None and SINCE.search(text[max(0, chosen.mention.start - 8):chosen.mention.start]):
        return
    if chosen is None and _CUMULATIVE.search(text):
        return
    value = chosen.value if chosen else fallback
    if value is None:
        return
    window = text[max(0, figure.start - 120):figure.end + 40]
    local = [m for m in mentions if m.kind != "organization"]
    if not [m for m in local if not m.code.startswith(BELARUS)] and _NOT_BILATERAL.search(window) and not _BILATERAL.search(window):
        return
    parties = parties_of(text, local, state, figure.end, "figure.reported")
    if parties is None:
        if continues:
            parties = state.last_metric[1]
        else:
            return
    parties = reporter_first(text, figure, parties, metric, local)
    anchor = figure.end
    start = min(figure.start, chosen.mention.start) if chosen else figure.start
    quoted = sentence_quote(document, sentence, start, max(anchor, chosen.mention.end if chosen else anchor), figure.start)
    if quoted is None:
        return
    quote, span = quoted
    paragraph_end = document.layout.paragraphs[sentence.paragraph][1]
    reference = reference_for(document.layout, sentence.start, sentence.start + anchor, paragraph_end)
    state.last_metric = (metric, parties)
    state.figure_sentence = state.sentence_index
    state.candidates.append(Candidate(
        type="figure.reported", date=value, parties=parties, quote=quote, span=span, actors=(),
        figure=Figure(metric, figure.value, figure.unit, figure.qualifier), reference=reference,
        attributes=(("domain", attr.domain("figure.reported", text)), ("summary", " ".join(text.split())[:160])),
    ))
