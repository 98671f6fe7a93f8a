"""Figures become ``figure.reported`` candidates: dated by the nearest date before them, kept only when
they are about Belarus and a foreign party, continued from the sentence before ("In 2017. - 10 million")."""

from __future__ import annotations

import re

from . import attributes as attr
from .candidates import Candidate, Figure
from .citations import quote_of, reference_for, sentence_quote
from ..reading.documents import Document
from .event_dates import SINCE
from .event_parties import BELARUS, parties_of, reporter_first
from ..recognition.figures import FigureMention
from ..recognition.modality import is_unreal
from ..recognition.parties import PartyMention, find_parties
from .reading_state import Dated, ReadingState
from ..reading.sentences import Sentence
from ..recognition.tables import find_table
from ..recognition.vocabulary import lexicon

# a currency sign several states share ("Rs."): the state of the figure decides ("rupee" -> NPR in Nepal)
SHARED_CURRENCIES = {name: entry["by_state"] for name, entry in lexicon("figures")["shared_currency_signs"].items()}

_CUMULATIVE = re.compile(r"\bsince\b|с\s+момента|с\s+тех\s+пор|за\s+всю\s+историю|\bin\s+total\b", re.I)

_BILATERAL = re.compile(
    r"\b(?:between|of)\s+the\s+(?:two\s+)?countries|\bboth\s+countries|\bthe\s+(?:two\s+)?countries\s+(?:are|have|were|had)\b|\bbilateral\b|(?<![а-яё])(?:двух\s+стран|двумя\s+странами|обеих\s+стран|между\s+странами)",
    re.I,
)

_THIS_FIGURE = re.compile(
    r"\b(?:this|that|the\s+same)\s+(?:figure|indicator|number)\b|(?<![а-яё])(?:этот|данный)\s+показатель|"
    r"\bit\s+(?:\w+\s+)?(?:reached|amounted|totall?ed|stood|exceeded)\b|(?<![а-яё])(?:он|она|оно)\s+(?:\S+\s+)?(?:составил|достиг|превысил)\w*",
    re.I,
)

# the whole foreign trade of one state, not its trade with Belarus
_ONE_STATES_TOTAL = re.compile(
    r"\b(?:total|overall|entire)\s+(?:foreign\s+|external\s+)?trade\b|\bforeign\s+trade\s+(?:turnover\s+)?of\b|"
    r"(?<![а-яё])(?:(?:общ\w+|совокупн\w+)\s+(?:объем\w*\s+)?)?(?:внешн\w+\s+торговл\w+|внешнеторгов\w+\s+оборот\w*)",
    re.I,
)

_NOT_BILATERAL = re.compile(
    r"\b(?:countries|continent|the\s+region\s+as\s+a\s+whole|world|Asian\s+countries|far\s+arc|this\s+region|all\s+markets)\b|"
    r"(?<![а-яё])(?:стран(?:ы|ам|ах)?\s+(?:мира|Азии|региона)|регион\w*\s+в\s+целом)",
    re.I,
)


# A date straight after a figure is its own ("$68 million in January — June 2025")
_DATE_RIGHT_AFTER = re.compile(r"\s*(?:in|for|during|over|as\s+of|в|за)?\s*", re.I)

# Between a figure and a date of its own clause: no clause break, a few words at most.
_SAME_CLAUSE = re.compile(r"[^,;:.!?()\n]{0,40}")
_CLAUSE_BREAK = re.compile(r"[,;:]")


def add_figure(document: Document, sentence: Sentence, state: ReadingState, figure: FigureMention, dated: list[Dated],
                mentions: list[PartyMention], fallback: str | None, signed: str | None = None) -> None:
    """A figure of the sentence as a ``figure.reported`` candidate: its metric (or that of the figure just
    before it continues), its date, Belarus and the foreign party with the reporting side first, its currency.
    ``signed`` is the date of a signing told in the same sentence, which a contract's value shares ("contracts
    worth $25 million were signed")."""
    text = sentence.text
    continues = state.last_metric is not None and state.figure_sentence == state.sentence_index - 1 and (len(text) < 80 or _THIS_FIGURE.search(text))
    metric = figure.metric
    if metric is None and continues and (figure.unit == "count") == state.last_metric[0].endswith(".count"):
        metric = state.last_metric[0]
    if metric is None or is_unreal(text, figure.start, figure.end):
        return
    chosen = _date_of_figure(text, figure, dated)
    value = _figure_value(text, figure, metric, chosen, state, fallback, signed)
    if value is None:
        return
    parties = _figure_parties(text, figure, metric, mentions, state, continues)
    if parties is None:
        return
    unit = figure.unit
    if unit in SHARED_CURRENCIES:
        unit = next((SHARED_CURRENCIES[unit].get(p[:2]) for p in parties if SHARED_CURRENCIES[unit].get(p[:2])), None)
        if unit is None:
            return  # "Rs. 5 million" in a text about no state that pays in rupees
    _append_figure(document, sentence, state, figure, chosen, Figure(metric, figure.value, unit, figure.qualifier), value,
                   parties)


def _date_of_figure(text: str, figure: FigureMention, dated: list[Dated]) -> Dated | None:
    """The date before the figure, or one right after it or in its own clause after it."""
    usable = [d for d in dated if not d.mention.scope]
    before = [d for d in usable if d.mention.end <= figure.start]
    chosen = before[-1] if before else (usable[0] if usable else None)
    after = next((d for d in usable if d.mention.start >= figure.end), None)
    if after is not None and _DATE_RIGHT_AFTER.fullmatch(text, figure.end, after.mention.start):
        chosen = after  # "$133 million in 2024 and $68 million in January — June 2025"
    elif before:
        if after is not None and _CLAUSE_BREAK.search(text, before[-1].mention.end, figure.start) and _SAME_CLAUSE.fullmatch(
            text, figure.end, after.mention.start
        ):
            chosen = after  # "..., adding that exports were worth $12 million in 2022": the clause's own date
    return chosen


def _figure_value(text: str, figure: FigureMention, metric: str, chosen: Dated | None, state: ReadingState,
                  fallback: str | None, signed: str | None) -> str | None:
    """The figure's date: the mention chosen, else the period of the figure before, the context's date, a
    contract's signing, or for a count the publication; None for a figure "since" a date or a total without one."""
    if chosen is not None and SINCE.search(text[max(0, chosen.mention.start - 8):chosen.mention.start]):
        return None
    if chosen is None and _CUMULATIVE.search(text):
        return None
    value = chosen.value if chosen else None
    if value is None and state.figure_sentence >= state.sentence_index - 1 and state.last_figure_date:
        value = state.last_figure_date  # "Of the total, exports were ...": the period of the figure before
    value = value or fallback
    if value is None and metric == "other" and signed is not None:
        value = signed
    if value is None and figure.unit == "count":
        value = state.publication_date()  # "more than 50 treaties bind the countries", "signed 15 documents"
    return value


def _figure_parties(text: str, figure: FigureMention, metric: str, mentions: list[PartyMention], state: ReadingState,
                    continues) -> tuple[str, ...] | None:
    """Belarus and the foreign party (those of the figure continued, else none), the reporting side first; None
    for a figure about many countries or a region and not the two."""
    window = text[max(0, figure.start - 120):figure.end + 40]
    local = [m for m in mentions if m.kind != "organization"]
    foreign = {m.code[:2] for m in local if not m.code.startswith(BELARUS)}
    if not foreign and _NOT_BILATERAL.search(window) and not _BILATERAL.search(window):
        return None
    if len(foreign) == 1 and not any(m.code.startswith(BELARUS) for m in local) and _ONE_STATES_TOTAL.search(window) \
            and not _BILATERAL.search(window):
        return None  # "Общий объем внешней торговли Казахстана составил $133 млрд": one state's trade with the world
    parties = parties_of(text, local, state, figure.end, "figure.reported")
    if parties is None:
        if not continues:
            return None
        parties = state.last_metric[1]
    previous_reporter = (  # of an export or import figure told before in this sentence
        state.last_metric[1][0] if state.last_metric is not None and state.figure_sentence == state.sentence_index
        and state.last_metric[0] in ("trade.exports", "trade.imports") else None
    )
    return reporter_first(text, figure, parties, metric, local, previous_reporter)


def _append_figure(document: Document, sentence: Sentence, state: ReadingState, mention: FigureMention,
                   chosen: Dated | None, figure: Figure, value: str, parties: tuple[str, ...]) -> None:
    """The candidate, quoted from its date to the figure; the reader notes the figure for the next sentence."""
    text = sentence.text
    anchor = mention.end
    start = min(mention.start, chosen.mention.start) if chosen else mention.start
    quoted = sentence_quote(document, sentence, start, max(anchor, chosen.mention.end if chosen else anchor), mention.start)
    if quoted is None:
        return
    quote, span = quoted
    paragraph_end = document.layout.paragraphs[sentence.paragraph][1]
    reference = reference_for(document.layout, sentence.start, sentence.start + anchor, paragraph_end)
    state.last_metric = (figure.metric, parties)
    state.last_figure_date = value
    state.figure_sentence = state.sentence_index
    state.candidates.append(Candidate(
        type="figure.reported", date=value, parties=parties, quote=quote, span=span, actors=(),
        figure=figure, reference=reference,
        attributes=(("domain", attr.domain("figure.reported", text)), ("summary", " ".join(text.split())[:160])),
    ))


def add_table(document: Document, sentence: Sentence, state: ReadingState) -> bool:
    """A table of years in this sentence (a paragraph the layout joined into one line) becomes one figure per
    cell; the exports and imports are the side's named first just before the table. True when it was one."""
    layout = document.layout
    before = layout.clean.text[max(0, sentence.start - 400):sentence.start]
    cells = find_table(sentence.text, before)
    if not cells:
        return False
    named = [m for m in find_parties(before) if m.kind != "organization"]
    foreign = next((m.code[:2] for m in named if not m.code.startswith(BELARUS)), None) or next(iter(state.topic), None)
    if foreign is None:
        return False
    reporter = next((m.code[:2] for m in named), foreign)
    parties = (reporter, foreign if reporter == BELARUS else BELARUS)
    for cell in cells:
        o_start, o_end = layout.clean.source_span(sentence.start + cell.start, sentence.start + cell.end)
        quote = quote_of(document.text, o_start, o_end)
        if not quote:
            continue
        state.candidates.append(Candidate(
            type="figure.reported", date=cell.year, parties=parties, quote=quote, span=(o_start, o_end), actors=(),
            figure=Figure(cell.metric, cell.value, cell.unit, None), reference=None,
            attributes=(("domain", "economic"), ("summary", " ".join(quote.split())[:160])),
        ))
    return True
