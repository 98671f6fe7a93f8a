"""The pages' charts, drawn as SVG by the templates: activity per year, and the trade figures over the years."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from chronicle.domain.parties import display_name
from chronicle.domain.wording import METRIC_LABELS, format_value

TRADE_METRICS = ("trade.turnover", "trade.exports", "trade.imports")


def short_number(value: float) -> str:
    for size, word in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:,.1f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.0f}"


def year_bars(counts: dict[str, int], span: tuple[int, int], width: int = 240, height: int = 28) -> dict[str, Any]:
    first, last = span
    n = last - first + 1
    step = width / n
    top = max(counts.values(), default=0) or 1
    bars = []
    for year in range(first, last + 1):
        count = counts.get(str(year), 0)
        h = 0 if count == 0 else max(2.0, height * count / top)
        bars.append({"year": year, "count": count, "x": round((year - first) * step, 2), "w": round(max(step - 1, 1), 2),
                     "y": round(height - h, 2), "h": round(h, 2)})
    busiest = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return {"width": width, "height": height, "bars": bars, "busiest": busiest}


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where a year and a value stand on the chart."""

    x0: int
    x1: int
    ymax: float
    width: int = 440
    height: int = 260
    left: int = 56
    right: int = 16
    top: int = 14
    bottom: int = 34

    def x(self, year: float) -> float:
        return round(self.left + (year - self.x0) / (self.x1 - self.x0) * (self.width - self.left - self.right), 1)

    def y(self, value: float) -> float:
        return round(self.top + (1 - value / self.ymax) * (self.height - self.top - self.bottom), 1)


def trade_chart(figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """An SVG line chart of the yearly trade figures (USD), one line per metric and reporting side; a point
    whose sources disagree is marked, and each source's value drawn beside it."""
    points = [f for f in figures if f["metric"] in TRADE_METRICS and f["unit"] == "USD" and re.fullmatch(r"\d{4}", f["period"])]
    if not points:
        return None
    years = sorted({int(p["period"]) for p in points})
    x0, x1 = years[0], years[-1]
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    vmax = max(max(v["value"] for v in p["values"]) for p in points)
    frame = _Frame(x0, x1, _nice_ceiling(vmax * 1.08))
    series: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for p in sorted(points, key=lambda p: p["period"]):
        series[(p["metric"], p.get("reporter"))].append(p)
    out_series = []
    disagreements: list[dict[str, Any]] = []
    for index, ((metric, reporter), rows) in enumerate(sorted(series.items(), key=lambda kv: TRADE_METRICS.index(kv[0][0]))):
        name = METRIC_LABELS[metric] + (f" reported by {display_name(reporter)}" if reporter else "")
        marks = [_mark(frame, name, row) for row in rows]
        disagreements += [_disagreement(name, row) for row in rows if row["conflict"]]
        path = " ".join(f"{'M' if i == 0 else 'L'}{m['x']},{m['y']}" for i, m in enumerate(marks))
        out_series.append({"name": name, "index": index % 3, "marks": marks, "path": path})
    step = max(1, (x1 - x0) // 8)
    xticks = [{"x": frame.x(year), "label": str(year)} for year in range(x0, x1 + 1, step)]
    yticks = [{"y": frame.y(frame.ymax * i / 4), "label": short_number(frame.ymax * i / 4)} for i in range(5)]
    return {"width": frame.width, "height": frame.height, "left": frame.left, "right": frame.right, "top": frame.top,
            "bottom": frame.bottom, "series": out_series, "xticks": xticks, "yticks": yticks,
            "conflicts": bool(disagreements), "disagreements": sorted(disagreements, key=lambda d: d["year"])}


def _usd(value: dict[str, Any]) -> str:
    return format_value(value["value"], "USD", value.get("qualifier"))


def _mark(frame: _Frame, name: str, row: dict[str, Any]) -> dict[str, Any]:
    """One year's point of a series; where its sources disagree, each other source's value beside it and the
    range they span (drawn as a red bar behind the point)."""
    year = int(row["period"])
    values = row["values"]
    conflict = row["conflict"]
    title = f"{name}, {year}: {_usd(row)}"
    if conflict:
        title += " — sources disagree: " + "; ".join(_usd(v) for v in values)
    return {
        "x": frame.x(year), "y": frame.y(row["value"]), "year": year, "conflict": conflict,
        "event_id": values[0]["event_id"] if values else None,
        "title": title,
        "others": [{"x": frame.x(year) + 7, "y": frame.y(v["value"]), "event_id": v["event_id"],
                    "title": f"{year}: {_usd(v)} (another source)"} for v in values[1:]] if conflict else [],
        "spread": {"top": frame.y(max(v["value"] for v in values)), "bottom": frame.y(min(v["value"] for v in values))}
                  if conflict and values else None,
    }


def _disagreement(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A year whose sources give different values, for the note under the chart."""
    return {"year": int(row["period"]), "name": name,
            "values": [{"text": _usd(v), "event_id": v["event_id"]} for v in row["values"]]}


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10.0 * magnitude
