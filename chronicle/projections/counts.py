"""Pre-aggregated counts of projected rows, in both times (``relationship_counts``; pure functions, no SQL).

What is counted, per relationship:

- every row, by its domain (``counted`` = the domain), for the state card's activity;
- a joint body's sessions (rows of section ``bodies``, role ``session``; ``counted`` = ``session:`` + the
  body's item key), for the number of sessions it shows.

Counts are kept per *bucket* of valid time: the calendar years ``bucket .. bucket + span - 1`` of the rows'
earliest day, for each span of :data:`SPANS` (a body's sessions) or years only (activity). Each change is a
new *version* of a bucket's count: ``events`` is the count of rows visible at every position from
``position`` until the bucket's next version, so the count as known at position ``k`` is the latest version
at or before ``k`` — one index seek per bucket, however many rows it counts. Rows are counted from their
``tx_from`` and no longer from their ``tx_to``, exactly as ``relationship_facts`` says they are visible.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

# The spans of the buckets of a body's sessions, widest first (years): a count up to any day needs at most
# nine buckets of each span, plus the rows of that day's year.
SPANS = (1000, 100, 10, 1)
SESSIONS = ("bodies", "session")  # (section, role) of the rows counted per body
SESSION_PREFIX = "session:"

Cell = tuple[str, str, int, int]  # (relationship, counted, span, bucket)


def session_counted(item_key: str) -> str:
    return SESSION_PREFIX + item_key


def row_cells(relationship: str, section: str, item_key: str, role: str, domain: str, year: int) -> list[Cell]:
    """The buckets a projected row is counted in."""
    cells = [(relationship, domain, 1, year)]
    if (section, role) == SESSIONS:
        counted = session_counted(item_key)
        cells.extend((relationship, counted, span, year - year % span) for span in SPANS)
    return cells


def prefix_buckets(year: int) -> list[tuple[int, int]]:
    """The (span, bucket) pairs that together cover the years before ``year`` exactly once (from year 0)."""
    out = []
    start = 0
    for span in SPANS:
        end = year - year % span  # the buckets of this span fill [start, end)
        out.extend((span, bucket) for bucket in range(start, end, span))
        start = end
    return out


def versions(deltas: Iterable[tuple[str, str, int, int, int, int]]) -> list[tuple[Any, ...]]:
    """From changes ``(relationship, counted, span, bucket, position, +1 or -1)``, the versions to store: one
    per bucket and position where its count changes, as ``(*cell, position, change since the last stored
    version)``; the stored count before the batch is added when they are written."""
    by_cell: dict[Cell, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for relationship, counted, span, bucket, position, change in deltas:
        by_cell[(relationship, counted, span, bucket)][position] += change
    out = []
    for cell in sorted(by_cell):
        total = 0
        for position, change in sorted(by_cell[cell].items()):
            if change:
                total += change
                out.append((*cell, position, total))
    return out


def year_start(year: int) -> date:
    return date(year, 1, 1)


def year_end(year: int) -> date:
    return date(year, 12, 31)
