"""The front page's map: Natural Earth's country shapes (world-atlas, vendored under static/world-atlas/) decoded
from TopoJSON, projected onto a view of Belarus and Asia and drawn as SVG paths, each of Belarus's Asian partners
shaded by its number of events and linked to its relationship.

The projection is equirectangular with a standard parallel at 35° N (x = λ·cos 35°, y = φ), which keeps the
far arc's shapes recognisable at this scale; rings are clipped to the view (Sutherland–Hodgman) so that Russia
and Africa do not fill the page with points nobody sees.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

from chronicle.domain.parties import ASIA, HOME, display_name

ATLAS = Path(__file__).resolve().parents[2] / "static" / "world-atlas" / "countries-50m.json"
WEST, EAST, SOUTH, NORTH = 18.0, 150.0, -12.0, 60.0  # the view, in degrees
WIDTH = 960
PARALLEL = math.cos(math.radians(35.0))
SCALE = WIDTH / ((EAST - WEST) * PARALLEL)
HEIGHT = round((NORTH - SOUTH) * SCALE)
SMALL = 40.0  # a state drawn in fewer square pixels than this also gets a dot, to be seen and clicked
TOLERANCE = 0.5  # pixels a border may move when simplified
LEVELS = 5  # shades of activity, 1 (least) .. LEVELS (most); 0 is a partner without events in the years

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    code: str  # ISO 3166-1 alpha-2
    name: str  # Natural Earth's name
    path: str  # SVG path data in the view's pixels
    centre: Point  # the centre of its largest ring's bounding box
    small: bool


def project(lon: float, lat: float) -> Point:
    return ((lon - WEST) * PARALLEL * SCALE, (NORTH - lat) * SCALE)


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """TopoJSON's quantized, delta-encoded arcs as lists of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the points of a line that keep it within ``tolerance`` of itself, ends kept (so that
    arcs simplified once still meet their neighbours: the states' borders stay shared)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        far, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            d = (abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length) if length else math.hypot(px - ax, py - ay)
            if d > far:
                far, index = d, i
        if index is not None and far > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, k in zip(points, keep) if k]


def ring_points(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A ring's (projected) points from its arc indices (a negative index ~i is arc i reversed); arcs share their ends."""
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip(points: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """A ring clipped to a rectangle (x0, y0, x1, y1): Sutherland–Hodgman, edge by edge."""
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda p, q: (x0, p[1] + (q[1] - p[1]) * (x0 - p[0]) / (q[0] - p[0]))),
        (lambda p: p[0] <= x1, lambda p, q: (x1, p[1] + (q[1] - p[1]) * (x1 - p[0]) / (q[0] - p[0]))),
        (lambda p: p[1] >= y0, lambda p, q: (p[0] + (q[0] - p[0]) * (y0 - p[1]) / (q[1] - p[1]), y0)),
        (lambda p: p[1] <= y1, lambda p, q: (p[0] + (q[0] - p[0]) * (y1 - p[1]) / (q[1] - p[1]), y1)),
    )
    for inside, cross in edges:
        if not points:
            break
        out: list[Point] = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
        points = out
    return points


def _path(rings: list[list[Point]]) -> str:
    parts = []
    for ring in rings:
        steps, last = [], None
        for x, y in ring:
            here = (round(x), round(y))  # whole pixels: the view is 960 wide
            if here != last:
                steps.append(f"{here[0]},{here[1]}")
                last = here
        if len(steps) >= 3:
            parts.append("M" + "L".join(steps) + "Z")
    return "".join(parts)


def _area(ring: list[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def _alpha_2(numeric: str | None) -> str | None:
    if not numeric:
        return None
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country is not None else None


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    """Every state of the atlas that shows in the view, projected and clipped (read once per process)."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = [simplify([project(lon, lat) for lon, lat in arc], TOLERANCE) for arc in decode_arcs(topology)]
    margin = 2.0
    box = (-margin, -margin, WIDTH + margin, HEIGHT + margin)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = _alpha_2(geometry.get("id"))
        if code is None:
            continue  # a disputed area without an ISO code: drawn as part of no state
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for ring in polygon:
                clipped = clip(ring_points(ring, arcs), box)
                if len(clipped) >= 3:
                    rings.append(clipped)
        if not rings:
            continue
        largest = max(rings, key=_area)
        xs, ys = [p[0] for p in largest], [p[1] for p in largest]
        centre = (round((min(xs) + max(xs)) / 2, 1), round((min(ys) + max(ys)) / 2, 1))
        out.append(Shape(code, geometry["properties"]["name"], _path(rings), centre,
                         sum(_area(r) for r in rings) < SMALL))
    return tuple(out)


def level(count: int, top: int) -> int:
    """The shade of a partner with ``count`` events when the busiest has ``top``: 1..LEVELS on a log scale."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * math.log1p(count) / math.log1p(top))))


def partner_map(activity: dict[str, int]) -> dict[str, Any]:
    """The map's states: Belarus, its Asian partners (``activity``: events per partner in the chosen years; a
    partner with a relationship but no events in them has 0), and the rest as plain land; with the legend."""
    top = max(activity.values(), default=0)
    states = []
    for shape in shapes():
        partner = shape.code in activity and shape.code in ASIA
        count = activity.get(shape.code, 0) if partner else None
        states.append({
            "code": shape.code, "path": shape.path, "centre": shape.centre, "small": shape.small,
            "name": display_name(shape.code), "home": shape.code == HOME, "partner": partner,
            "events": count, "level": level(count, top) if partner else None,
            "href": f"/relations/{min(HOME, shape.code)}/{max(HOME, shape.code)}" if partner else None,
        })
    states.sort(key=lambda s: (s["partner"], s["home"]))  # partners drawn last, over their neighbours' borders
    legend = []
    for shade in range(1, LEVELS + 1):
        counts = [n for n in range(1, top + 1) if level(n, top) == shade]
        if counts:
            legend.append({"level": shade, "label": f"{counts[0]}" if counts[0] == counts[-1] else f"{counts[0]}–{counts[-1]}"})
    return {"width": WIDTH, "height": HEIGHT, "states": states, "legend": legend, "top": top,
            "partners": sum(1 for s in states if s["partner"]),
            "missing": sorted(c for c in activity if c in ASIA and c not in {s.code for s in shapes()})}
