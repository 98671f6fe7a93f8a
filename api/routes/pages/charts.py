"""The pages' charts, drawn as SVG by the templates: activity per year, and the trade figures over the years."""

from __future__ import annotations

import re
from collections import defaultdict
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


def trade_chart(figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """An SVG line chart of the yearly trade figures (USD), one line per metric and reporting side; a point
    whose sources disagree is marked, and each source's value drawn beside it."""
    points = [f for f in figures if f["metric"] in TRADE_METRICS and f["unit"] == "USD" and re.fullmatch(r"\d{4}", f["period"])]
    if not points:
        return None
    width, height, left, right, top, bottom = 440, 260, 56, 16, 14, 34
    years = sorted({int(p["period"]) for p in points})
    x0, x1 = years[0], years[-1]
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    vmax = max(max(v["value"] for v in p["values"]) for p in points)
    ymax = _nice_ceiling(vmax * 1.08)

    def x(year: float) -> float:
        return round(left + (year - x0) / (x1 - x0) * (width - left - right), 1)

    def y(value: float) -> float:
        return round(top + (1 - value / ymax) * (height - top - bottom), 1)

    series: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for p in sorted(points, key=lambda p: p["period"]):
        series[(p["metric"], p.get("reporter"))].append(p)
    out_series = []
    disagreements: list[dict[str, Any]] = []
    for index, ((metric, reporter), rows) in enumerate(sorted(series.items(), key=lambda kv: TRADE_METRICS.index(kv[0][0]))):
        name = METRIC_LABELS[metric] + (f" reported by {display_name(reporter)}" if reporter else "")
        marks = []
        for row in rows:
            year = int(row["period"])
            values = row["values"]
            detail = "; ".join(f"{format_value(v['value'], 'USD', v.get('qualifier'))}" for v in values)
            marks.append({
                "x": x(year), "y": y(row["value"]), "year": year, "conflict": row["conflict"],
                "event_id": values[0]["event_id"] if values else None,
                "title": f"{name}, {year}: {format_value(row['value'], 'USD', row.get('qualifier'))}"
                         + (f" — sources disagree: {detail}" if row["conflict"] else ""),
                "others": [{"x": x(year) + 7, "y": y(v["value"]), "event_id": v["event_id"],
                            "title": f"{year}: {format_value(v['value'], 'USD', v.get('qualifier'))} (another source)"}
                           for v in values[1:] if row["conflict"]],
                # the range the sources span, drawn as a red bar behind the point
                "spread": {"top": y(max(v["value"] for v in values)), "bottom": y(min(v["value"] for v in values))}
                          if row["conflict"] and values else None,
            })
            if row["conflict"]:
                disagreements.append({
                    "year": year, "name": name,
                    "values": [{"text": format_value(v["value"], "USD", v.get("qualifier")), "event_id": v["event_id"]}
                               for v in values],
                })
        path = " ".join(f"{'M' if i == 0 else 'L'}{m['x']},{m['y']}" for i, m in enumerate(marks))
        out_series.append({"name": name, "index": index % 3, "marks": marks, "path": path})
    step = max(1, (x1 - x0) // 8)
    xticks = [{"x": x(year), "label": str(year)} for year in range(x0, x1 + 1, step)]
    yticks = [{"y": y(ymax * i / 4), "label": short_number(ymax * i / 4)} for i in range(5)]
    return {"width": width, "height": height, "left": left, "right": right, "top": top, "bottom": bottom,
            "series": out_series, "xticks": xticks, "yticks": yticks,
            "conflicts": bool(disagreements), "disagreements": sorted(disagreements, key=lambda d: d["year"])}


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10.0 * magnitude
