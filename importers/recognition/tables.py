"""Tables of years written as text ("Year Export Import Balance" then "2015 1303 3249871 -3248568" a row):
one figure per cell, with the column's metric, the row's year and the unit named before the table.

The vocabulary (header words, column metrics, units and scales) is data: ``lexicon/tables.json``. A table is
read only when every row has one number per column; anything else is left to the sentence rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocabulary import lexicon


@dataclass(frozen=True, slots=True)
class Cell:
    start: int  # offsets of the row in the text given to :func:`find_table`
    end: int
    year: str
    metric: str
    value: float
    unit: str


def _columns() -> list[tuple[re.Pattern[str], str | None]]:
    return [(re.compile(rf"(?:{p})", re.I), m) for p, m in lexicon("tables")["columns"].items()]


_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")


def find_table(text: str, before: str) -> list[Cell]:
    """The cells of a year table in ``text`` (a paragraph); ``before`` is the text before it, where the unit
    ("(Value in US dollars)") is named. Empty when ``text`` is not such a table or no unit is named."""
    data = lexicon("tables")
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", text)]
    if not tokens or tokens[0][2].lower() not in data["year_words"]:
        return []
    metrics = _header(tokens)
    if not metrics or not any(metrics):
        return []
    unit = next((u for p, u in data["unit_words"].items() if re.search(p, before[-300:], re.I)), None)
    if unit is None:
        return []
    scale = next((s for p, s in data["scale_words"].items() if re.search(rf"\b(?:{p})", before[-300:], re.I)), 1)
    width = len(metrics) + 1
    rows = tokens[len(metrics) + 1:]
    if not rows or len(rows) % width:
        return []
    cells: list[Cell] = []
    for r in range(0, len(rows), width):
        row = _row_cells(rows[r:r + width], metrics, scale, unit)
        if row is None:
            return []
        cells.extend(row)
    return cells


def _header(tokens: list[tuple[int, int, str]]) -> list[str | None]:
    """The metric of each column named after the year word, up to the first year; empty when a word names
    no column."""
    metrics: list[str | None] = []
    columns = _columns()
    for _, _, word in tokens[1:]:
        if _YEAR.fullmatch(word):
            break
        metric = next((m for pattern, m in columns if pattern.fullmatch(word)), "?")
        if metric == "?":
            return []
        metrics.append(metric)
    return metrics


def _row_cells(row: list[tuple[int, int, str]], metrics: list[str | None], scale: float, unit: str) -> list[Cell] | None:
    """The cells of one row (a year, then one number per column); None when it is not such a row."""
    if not _YEAR.fullmatch(row[0][2]) or not all(_NUMBER.fullmatch(t[2]) for t in row[1:]):
        return None
    cells = []
    for (_, _, value), metric in zip(row[1:], metrics):
        number = float(value.replace(",", "."))
        if metric is None or number <= 0:
            continue  # a derived column, or a zero that reports nothing
        cells.append(Cell(row[0][0], row[-1][1], row[0][2], metric, number * scale, unit))
    return cells
