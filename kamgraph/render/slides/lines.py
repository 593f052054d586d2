"""Native PowerPoint connectors drawn along the lines Graphviz routed (``splines=ortho``):
a straight connector where Graphviz drew one segment, an elbow connector (``bentConnector3``)
where it turned, with its bend where Graphviz put it. Both ends are glued to the boxes'
connection sites, so a line follows its box when a KAM nudges it.

An elbow connector runs across, down, across in its own frame; a route that leaves a box
downwards is the same shape turned a quarter: :func:`elbow_frame` works out the frame.

>>> corners([(0, 0), (0, 5), (0, 10), (0, 10), (8, 10)])
[(0, 0), (0, 10), (8, 10)]
>>> elbow_frame((0, 0), (10, 20), 10, vertical=True)
{'off': (-5.0, 5.0), 'ext': (20, 10), 'rot': 5400000, 'flipH': False, 'flipV': True, 'adj': 50000}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pptx.enum.shapes import MSO_CONNECTOR
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Emu

__all__ = [
    "BOTTOM",
    "LEFT",
    "RIGHT",
    "TOP",
    "Point",
    "add_line",
    "corners",
    "elbow_frame",
    "plan_line",
    "site",
    "site_point",
]

Point = tuple[float, float]
#: A rounded rectangle's connection sites: top, left, bottom, right (PowerPoint's own order).
TOP, LEFT, BOTTOM, RIGHT = 0, 1, 2, 3


def corners(points: Sequence[Point], tol: float = 0.5) -> list[Point]:
    """The route's corners: repeated and collinear points dropped (Graphviz writes an
    orthogonal route as a B-spline whose control points sit on its segments)."""
    out: list[Point] = []
    for p in points:
        if out and abs(p[0] - out[-1][0]) <= tol and abs(p[1] - out[-1][1]) <= tol:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (abs(ax - bx) <= tol and abs(bx - p[0]) <= tol) or (abs(ay - by) <= tol and abs(by - p[1]) <= tol):
                out[-1] = p  # the same segment goes on
                continue
        out.append(p)
    return out


def site(box: tuple[float, float, float, float], p: Point) -> int:
    """The connection site on the side of ``box`` (left, top, width, height) nearest ``p``."""
    left, top, w, h = box
    gaps = {TOP: abs(p[1] - top), BOTTOM: abs(p[1] - (top + h)), LEFT: abs(p[0] - left), RIGHT: abs(p[0] - (left + w))}
    return min(gaps, key=lambda s: (gaps[s], s))


def elbow_frame(start: Point, end: Point, bend: float, vertical: bool) -> dict[str, Any]:
    """The frame of an elbow connector from ``start`` to ``end`` that turns at ``bend`` (an
    x for a route that sets off across, a y for one that sets off down or up, ``vertical``).

    Across first: the connector's own frame, flipped to point the right way. Down first: a
    frame as wide as the route is high, turned 90° clockwise about its centre (its "across"
    then runs down the slide), flipped so that its start lands on ``start``.
    """
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    if vertical:
        adj = (bend - y1) / dy if dy else 0.5
        w, h = abs(dy), abs(dx)
        frame = {"off": (cx - w / 2, cy - h / 2), "ext": (w, h), "rot": 5400000, "flipH": dy < 0, "flipV": dx > 0}
    else:
        adj = (bend - x1) / dx if dx else 0.5
        w, h = abs(dx), abs(dy)
        frame = {"off": (cx - w / 2, cy - h / 2), "ext": (w, h), "rot": 0, "flipH": dx < 0, "flipV": dy < 0}
    frame["adj"] = round(adj * 100000)  # beyond 0–100000: the bend outside the frame (a U)
    return frame


def site_point(box: tuple[float, float, float, float], where: int) -> Point:
    """Where connection site ``where`` of ``box`` (left, top, width, height) is."""
    left, top, w, h = box
    return {
        TOP: (left + w / 2, top),
        LEFT: (left, top + h / 2),
        BOTTOM: (left + w / 2, top + h),
        RIGHT: (left + w, top + h / 2),
    }[where]


def plan_line(
    route: Sequence[Point], one: tuple[float, float, float, float], two: tuple[float, float, float, float]
) -> tuple[int, int, list[Point], float | None]:
    """How to draw Graphviz's ``route`` between boxes ``one`` and ``two`` as a connector:
    (first site, second site, [start, end], bend). The ends move to the middle of the sides
    the route leaves and reaches (the only places a connector can be glued to, and where
    PowerPoint puts them again when a box moves); the bend stays where Graphviz turned.
    ``bend`` is None for a straight line.

    >>> plan_line([(50, 20), (50, 40)], (0, 0, 100, 20), (0, 40, 100, 20))
    (2, 0, [(50.0, 20), (50.0, 40)], None)
    >>> plan_line([(60, 20), (60, 30), (200, 30), (200, 40)], (0, 0, 100, 20), (150, 40, 100, 20))
    (2, 0, [(50.0, 20), (200.0, 40)], 30)
    """
    first, last = site(one, route[0]), site(two, route[-1])
    start, end = site_point(one, first), site_point(two, last)
    vertical = first in (TOP, BOTTOM)
    axis = 0 if vertical else 1  # the coordinate that must agree for a straight line
    if abs(start[axis] - end[axis]) <= 1 and (last in (TOP, BOTTOM)) == vertical:
        return first, last, [start, end], None
    corners_ = corners(route)
    if (last in (TOP, BOTTOM)) != vertical:  # leaves down, arrives across (or the reverse): an L
        bend = end[1 - axis]
    elif len(corners_) >= 4:  # across or down, turn, back: Graphviz's bend
        bend = corners_[1][1 - axis]
    else:  # straight between points the sites' middles miss: turn half-way
        bend = (start[1 - axis] + end[1 - axis]) / 2
    return first, last, [start, end], bend


def add_line(
    slide: Slide, start: Point, end: Point, bend: float | None, vertical: bool, ends: tuple[Any, int, Any, int]
) -> Any:
    """A connector from ``start`` to ``end`` (slide EMUs): straight when ``bend`` is None,
    else an elbow turning at ``bend``; glued to ``ends``: (first shape, its site, second
    shape, its site)."""
    kind = MSO_CONNECTOR.STRAIGHT if bend is None else MSO_CONNECTOR.ELBOW
    line = slide.shapes.add_connector(kind, Emu(int(start[0])), Emu(int(start[1])), Emu(int(end[0])), Emu(int(end[1])))
    if bend is not None:
        _set_frame(line, elbow_frame(start, end, bend, vertical))
    one, one_site, two, two_site = ends
    line._connect_begin_to(one, one_site)  # type: ignore[no-untyped-call]
    line._connect_end_to(two, two_site)  # type: ignore[no-untyped-call]
    return line


def _set_frame(line: Any, frame: dict[str, Any]) -> None:
    xfrm = line._element.spPr.find(qn("a:xfrm"))
    for flag in ("flipH", "flipV", "rot"):
        xfrm.attrib.pop(flag, None)
    if frame["rot"]:
        xfrm.set("rot", str(frame["rot"]))
    for flag in ("flipH", "flipV"):
        if frame[flag]:
            xfrm.set(flag, "1")
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    off.set("x", str(int(frame["off"][0])))
    off.set("y", str(int(frame["off"][1])))
    ext.set("cx", str(int(frame["ext"][0])))
    ext.set("cy", str(int(frame["ext"][1])))
    geom = line._element.spPr.find(qn("a:prstGeom"))
    avlst = geom.find(qn("a:avLst"))
    if avlst is None:
        avlst = geom.makeelement(qn("a:avLst"), {})
        geom.append(avlst)
    for gd in list(avlst):
        avlst.remove(gd)
    avlst.append(avlst.makeelement(qn("a:gd"), {"name": "adj1", "fmla": f"val {frame['adj']}"}))
