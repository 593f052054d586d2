"""A committee map as native PowerPoint shapes: boxes, badges and connectors placed where
Graphviz's own layout (``dot -Tjson``) puts them, at their real size, so nothing is
shrunk below 10 pt and everything can be nudged before a meeting.

The slide's drawing is compact: one row per formal level (seniority), at most
``PER_ROW`` boxes a row, our team in a row below; unit names go in each box's title.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from html import escape
from typing import Any

import graphviz
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Pt

from ...model import DECIDING_ROLES, Graph, Influence, Role, Stance
from ..dot_style import (
    EDGE_COLOURS,
    FONT,
    LEFT_FILL,
    PATH_COLOUR,
    SEAT_COLOUR,
    STANCE_FILL,
    TEAM_FILL,
    clean,
    dot_text,
    node_attrs,
)
from ..i18n import BADGES, Lang, text
from ..plan import AccountMap, MapNode
from ..run import layout
from .base import INK, Deck, rect, rgb, unbroken
from .lines import BOTTOM, TOP, Point, add_line, corners, plan_line

__all__ = [
    "PER_ROW",
    "Placed",
    "add_lines",
    "box_label",
    "compact_drawing",
    "elbow_path",
    "fixed_drawing",
    "level_order",
    "name_lines",
    "paint",
    "person_box",
    "place",
    "shared_length",
    "wrap_words",
]

PER_ROW = 6
#: Influence as a border: three widths that can be told apart, the legend says which is which.
BORDER_PT = {Influence.high: 3.0, Influence.medium: 1.5, Influence.low: 0.75}
#: Relationship strength as a line width, in three steps.
STRENGTH_PT = ((0.7, 3.0), (0.4, 1.75), (0.0, 0.75))
EMU_PER_PT = 12700
MAX_ZOOM = 1.3


def strength_pt(weight: float | None) -> float:
    w = 0.5 if weight is None else weight
    return next(pt for limit, pt in STRENGTH_PT if w >= limit)


def _level(graph: Graph, n: MapNode) -> int:
    people = {p.id: p for p in graph.people}
    p = people.get(n.id)
    if n.kind == "seat":
        p = people.get(n.near or "")
    return p.seniority.rank if p is not None and p.seniority is not None else 7


def box_label(n: MapNode, lang: Lang = "en") -> str:
    """The box's text as the slide shows it (name 11 pt, title 10 pt in up to three lines of
    22 characters, badges 10 pt): Graphviz sizes the box for exactly this."""
    rows = [f"<tr><td><b>{'<br/>'.join(escape(x) for x in name_lines(n.name)) or '&#160;'}</b></td></tr>"]
    if n.left:
        rows.append(f'<tr><td><font point-size="10">{escape(_left(n, lang))}</font></td></tr>')
    if n.title:
        for line in wrap_words(n.title, 22, 3):
            rows.append(f'<tr><td><font point-size="10">{escape(line)}</font></td></tr>')
    marks = [BADGES[r] for r in n.roles] + list(n.owners)
    if marks:
        rows.append(f'<tr><td><font point-size="10"><b>{escape("  ".join(marks))}</b></font></td></tr>')
    return f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{"".join(rows)}</table>>'


def _left(n: MapNode, lang: Lang) -> str:
    assert n.left is not None
    return text(lang, "left_on", date=n.left.isoformat())


#: A name longer than this many characters goes over two lines ("Alejandro Ortiz de / Zárate Gil").
NAME_WIDTH = 22


def name_lines(name: str) -> list[str]:
    """A name in one line, or two when long, broken between words (never cut)."""
    if len(name) <= NAME_WIDTH:
        return [name]
    lines = textwrap.wrap(clean(name, 400), NAME_WIDTH, break_long_words=False, break_on_hyphens=False)
    return [lines[0], " ".join(lines[1:])] if len(lines) > 1 else lines or [name]


def wrap_words(s: str, width: int, lines: int) -> list[str]:
    """``s`` in at most ``lines`` lines of about ``width`` characters, broken between words.

    >>> wrap_words("Group Analytics Platform (kx-platform + kx-connect)", 22, 3)
    ['Group Analytics', 'Platform (kx-platform', '+ kx-connect)']
    """
    out = textwrap.wrap(clean(s, 400), width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def compact_drawing(
    m: AccountMap, graph: Graph, nodes: list[MapNode] | None = None, per_row: int = PER_ROW, merge: bool = False
) -> graphviz.Digraph:
    """The committee as a Graphviz drawing with one row per formal level (wrapped at
    ``PER_ROW``) and our side below; every line leaves the rows alone. ``merge``: levels
    that share a row while it has room (most senior first), for a committee too tall for
    one row per level."""
    nodes = nodes if nodes is not None else m.nodes
    shown = {n.id for n in nodes}
    names = {n.id: f"n{i}" for i, n in enumerate(nodes)}
    d = graphviz.Digraph(name="committee", engine="dot")
    d.attr(
        "graph",
        fontname=FONT,
        nodesep="0.25",
        ranksep="0.3",
        newrank="true",
        outputorder="edgesfirst",
        pad="0.1",
        splines="ortho",  # straight and elbow lines, as a native connector draws them
    )
    d.attr("node", fontname=FONT, fontsize="11", margin="0.1,0.05")
    levels: dict[int, list[MapNode]] = defaultdict(list)
    for n in nodes:
        levels[99 if _ours(n) else _level(graph, n)].append(n)
    rows: list[list[MapNode]] = []
    # A report never shares a row with their manager: the line between them would run
    # along the row, behind the boxes between them.
    reports = {(e.source, e.target) for e in m.edges if e.kind == "reports_to"}
    for lvl in sorted(levels):
        group = levels[lvl]
        if merge and lvl != 99 and rows and rows[-1] and len(rows[-1]) < per_row and not _ours(rows[-1][0]):
            above = {n.id for n in rows[-1]}
            joins = [n for n in group if not any((a, n.id) in reports or (n.id, a) in reports for a in above)]
            room = per_row - len(rows[-1])
            rows[-1] += joins[:room]
            group = [n for n in group if n not in joins[:room]]
        rows += [group[i : i + per_row] for i in range(0, len(group), per_row)]
    for n in nodes:
        attrs = node_attrs(n, m.lang)
        attrs["label"] = box_label(n, m.lang)
        attrs["id"] = dot_text(f"node-{names[n.id]}")
        d.node(names[n.id], **attrs)
    for i, row in enumerate(rows):
        with d.subgraph() as r:
            r.attr(rank="same")
            for n in row:
                r.node(names[n.id])
        if i:  # rows in order: an invisible line from the row above
            d.edge(names[rows[i - 1][0].id], names[row[0].id], style="invis")
    for e in m.edges:
        if e.source in shown and e.target in shown and e.kind in ("reports_to", "influences", "knows"):
            d.edge(
                names[e.source],
                names[e.target],
                constraint="false",
                dir="forward" if e.kind == "influences" else "none",
                **{"class": e.kind},
            )
    return d


def _ours(n: MapNode) -> bool:
    """On our side of the map: our team, and third parties on our routes."""
    return n.kind == "team" or bool(n.cluster and n.cluster.startswith("org:"))


class Placed:
    """Graphviz's layout of a compact drawing, in points (y downwards), with the map's nodes."""

    def __init__(self, m: AccountMap, nodes: list[MapNode], data: dict[str, Any]):
        _, _, width, height = (float(v) for v in str(data["bb"]).split(","))
        self.width, self.height = width, height
        self.boxes: dict[str, tuple[float, float, float, float]] = {}  # id → left, top, w, h
        #: (source, target, kind) → the corners of the line Graphviz routed, from source to target
        self.routes: dict[tuple[str, str, str], list[Point]] = {}
        by_name = {f"n{i}": n for i, n in enumerate(nodes)}
        by_gvid: dict[int, str] = {}
        for o in data.get("objects", []):
            if "pos" in o and o.get("name") in by_name:
                x, y = (float(v) for v in o["pos"].split(","))
                w, h = float(o["width"]) * 72, float(o["height"]) * 72
                self.boxes[by_name[o["name"]].id] = (x - w / 2, height - y - h / 2, w, h)
                by_gvid[int(o["_gvid"])] = by_name[o["name"]].id
        for e in data.get("edges", []):
            if e.get("class") and e.get("tail") in by_gvid and e.get("head") in by_gvid:
                route = _route(str(e.get("pos", "")), height)
                if len(route) >= 2:
                    self.routes[(by_gvid[e["tail"]], by_gvid[e["head"]], str(e["class"]))] = route
        self.nodes = nodes


def _route(pos: str, height: float) -> list[Point]:
    """A Graphviz edge's ``pos`` ("e,x,y x,y …": an arrowhead's tip, then the spline's
    points) as corners from tail to head, y downwards."""
    start: Point | None = None
    tip: Point | None = None
    points: list[Point] = []
    for item in pos.split():
        parts = item.split(",")
        if parts[0] in ("s", "e") and len(parts) == 3:
            p = (float(parts[1]), height - float(parts[2]))
            start, tip = (p, tip) if parts[0] == "s" else (start, p)
        elif len(parts) == 2:
            points.append((float(parts[0]), height - float(parts[1])))
    return corners([*([start] if start else []), *points, *([tip] if tip else [])])


#: Points between two boxes of a row, and between two rows: room for the lines between them.
BOX_GAP, ROW_GAP = 16.0, 24.0


def place(
    m: AccountMap, graph: Graph, nodes: list[MapNode] | None = None, per_row: int = PER_ROW, merge: bool = False
) -> Placed:
    """The committee laid out: dot sizes the boxes and orders each row (fewest crossings);
    the rows are then packed side by side, centred, with room between them for the lines,
    and Graphviz routes every line orthogonally around the boxes where they now stand
    (``neato -n2``, ``splines=ortho``)."""
    nodes = nodes if nodes is not None else m.nodes
    return Placed(m, nodes, layout(fixed_drawing(m, graph, nodes, per_row, merge), fixed_positions=True))


def fixed_drawing(
    m: AccountMap, graph: Graph, nodes: list[MapNode] | None = None, per_row: int = PER_ROW, merge: bool = False
) -> graphviz.Digraph:
    """:func:`compact_drawing` with each box pinned where the slide puts it (``pos="x,y!"``,
    rows packed and centred, ROW_GAP apart), for ``neato -n2`` to route the lines only."""
    nodes = nodes if nodes is not None else m.nodes
    drawing = compact_drawing(m, graph, nodes, per_row, merge)
    first = Placed(m, nodes, layout(drawing))
    rows: dict[float, list[str]] = defaultdict(list)
    for nid, (_, y, _, h) in sorted(first.boxes.items(), key=lambda kv: (kv[1][1] + kv[1][3] / 2, kv[1][0])):
        rows[round(y + h / 2)].append(nid)
    widths = {r: sum(first.boxes[n][2] for n in ids) + BOX_GAP * (len(ids) - 1) for r, ids in rows.items()}
    width = max(widths.values(), default=0.0)
    centre: dict[str, tuple[float, float]] = {}
    top = 0.0
    for r in sorted(rows):
        ids = rows[r]
        height = max(first.boxes[n][3] for n in ids)
        x = (width - widths[r]) / 2
        for n in ids:
            w = first.boxes[n][2]
            centre[n] = (x + w / 2, top + height / 2)
            x += w + BOX_GAP
        top += height + ROW_GAP
    total = top - ROW_GAP
    names = {n.id: f"n{i}" for i, n in enumerate(nodes)}
    fixed = drawing.copy()
    fixed.engine = "neato"
    for node in nodes:
        if node.id in centre:
            cx, cy = centre[node.id]
            fixed.node(names[node.id], pos=f"{cx:.1f},{total - cy:.1f}!")
    return fixed


def level_order(graph: Graph, nodes: list[MapNode]) -> list[MapNode]:
    """``nodes`` from the most senior formal level down (the map's order within a level)."""
    return sorted(nodes, key=lambda n: _level(graph, n))


def paint(
    deck: Deck, slide: Slide, m: AccountMap, placed: Placed, left: int, top: int, width: int, height: int
) -> None:
    """Lines, then boxes with names, titles and badges, centred in the given area at 1:1."""
    # A small committee is drawn larger (up to 1.3×, text with it); a big one never smaller.
    scale = max(1.0, min(MAX_ZOOM, width / (placed.width * EMU_PER_PT), height / (placed.height * EMU_PER_PT)))
    unit = EMU_PER_PT * scale
    off_x = left + max(0, (width - int(placed.width * unit)) // 2)
    off_y = top + max(0, (height - int(placed.height * unit)) // 2)

    def at(x: float, y: float) -> tuple[int, int]:
        return off_x + int(x * unit), off_y + int(y * unit)

    shapes: dict[str, Any] = {}
    drawn: list[list[Point]] = []  # the lines so far, as drawn (slide EMUs)
    for n in placed.nodes:
        if n.id in placed.boxes:
            shapes[n.id] = person_box(deck, slide, n, placed.boxes[n.id], at, scale)
    for e in m.edges:
        if e.source not in shapes or e.target not in shapes or e.kind not in ("reports_to", "influences", "knows"):
            continue
        one, two = e.source, e.target
        route = placed.routes.get((one, two, e.kind)) or _facing(placed, one, two)
        first, last, (start, end), bend = plan_line(route, placed.boxes[one], placed.boxes[two])
        vertical = first in (TOP, BOTTOM)
        if bend is not None:
            bend = (at(0, bend)[1]) if vertical else at(bend, 0)[0]
        ends = (shapes[one], first, shapes[two], last)
        a, b = at(*start), at(*end)
        path = elbow_path(a, b, bend, vertical)
        if bend is not None and any(shared_length(path, other) > SHARED_EMU for other in drawn):
            bend, path = None, [a, b]  # an elbow along another line's path: straight, so both read
        drawn.append(path)
        line = add_line(slide, a, b, bend, vertical, ends)
        colour = PATH_COLOUR if e.highlighted else EDGE_COLOURS[e.kind]
        line.line.color.rgb = rgb(colour)
        line.line.width = Pt(4 if e.highlighted else strength_pt(e.weight) if e.kind == "knows" else 1.25)
        if e.kind == "influences":
            line.line.dash_style = MSO_LINE.DASH
            _arrow(line)
        line.name = deck.say(f"line {e.kind}: {e.source} – {e.target}")
    # connectors first in z-order: move them behind the boxes
    tree = slide.shapes._spTree
    for cxn in [el for el in tree if el.tag.endswith("}cxnSp")]:
        tree.remove(cxn)
        tree.insert(2, cxn)


#: Two elbows may run along one path for this long (EMUs: 6 pt) before the later one is drawn straight.
SHARED_EMU = 6 * EMU_PER_PT


def elbow_path(start: Point, end: Point, bend: float | None, vertical: bool) -> list[Point]:
    """The corners a connector from ``start`` to ``end`` draws: straight, or turning at ``bend``.

    >>> elbow_path((0, 0), (10, 20), 5, vertical=True)
    [(0, 0), (0, 5), (10, 5), (10, 20)]
    """
    if bend is None:
        return [start, end]
    if vertical:
        return [start, (start[0], bend), (end[0], bend), end]
    return [start, (bend, start[1]), (bend, end[1]), end]


def shared_length(a: list[Point], b: list[Point], tol: float = EMU_PER_PT) -> float:
    """How long two polylines run along the same path (their collinear, overlapping
    segments across or down), in their units.

    >>> shared_length([(0, 0), (0, 100)], [(0, 50), (0, 300)], tol=1)
    50
    >>> shared_length([(0, 0), (0, 100)], [(5, 0), (5, 100)], tol=1)
    0
    """
    total: float = 0
    for p1, p2 in zip(a, a[1:], strict=False):
        for q1, q2 in zip(b, b[1:], strict=False):
            for along in (0, 1):
                across = 1 - along
                if max(abs(p1[across] - p2[across]), abs(q1[across] - q2[across]), abs(p1[across] - q1[across])) > tol:
                    continue
                lo = max(min(p1[along], p2[along]), min(q1[along], q2[along]))
                hi = min(max(p1[along], p2[along]), max(q1[along], q2[along]))
                if hi - lo > tol:
                    total += hi - lo
    return total


def _facing(placed: Placed, a: str, b: str) -> list[Point]:
    """Not routed by Graphviz (never expected): a line between the facing sides' middles."""
    p, q = placed.boxes[a], placed.boxes[b]
    if p[1] + p[3] <= q[1]:
        return [(p[0] + p[2] / 2, p[1] + p[3]), (q[0] + q[2] / 2, q[1])]
    if q[1] + q[3] <= p[1]:
        return [(p[0] + p[2] / 2, p[1]), (q[0] + q[2] / 2, q[1] + q[3])]
    if p[0] <= q[0]:
        return [(p[0] + p[2], p[1] + p[3] / 2), (q[0], q[1] + q[3] / 2)]
    return [(p[0], p[1] + p[3] / 2), (q[0] + q[2], q[1] + q[3] / 2)]


def _arrow(line: Any) -> None:
    """An arrowhead at the connector's end (who is influenced)."""
    ln = line.line._get_or_add_ln()
    tail = ln.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": "med", "len": "med"})
    ln.append(tail)


def person_box(
    deck: Deck,
    slide: Slide,
    n: MapNode,
    box: tuple[float, float, float, float],
    at: Any,
    scale: float,
    paragraphs: list[list[tuple[str, float, bool, Any]]] | None = None,
) -> Any:
    """One person's box: filled by stance, bordered by influence; its text is name, title and
    badges, or ``paragraphs`` (each a list of runs: text, size, bold, colour) when given."""
    x, y = at(box[0], box[1])
    w, h = int(box[2] * EMU_PER_PT * scale), int(box[3] * EMU_PER_PT * scale)
    if n.kind == "seat":
        fill, line, line_pt = rgb("#FFFFFF"), rgb(SEAT_COLOUR), 2.0
    elif n.kind == "team":
        fill, line, line_pt = rgb(TEAM_FILL), INK, 0.75
    else:
        fill, line = rgb(STANCE_FILL[n.stance or Stance.unknown]), INK
        line_pt = BORDER_PT.get(n.influence, 0.75) if n.influence else 0.75
    if n.left and n.kind == "person":  # who has left: grey, dashed, struck through
        fill, line = rgb(LEFT_FILL), rgb("#555555")
    if n.highlighted:
        line, line_pt = rgb(PATH_COLOUR), 3.0
    shape: Any = rect(slide, x, y, w, h, fill, line=line, shape=MSO_SHAPE.ROUNDED_RECTANGLE, line_pt=line_pt)
    assert hasattr(shape, "text_frame")
    if n.kind == "seat" or n.left:
        shape.line.dash_style = MSO_LINE.DASH
    shape.name = deck.say(f"person {n.name}")
    shape.adjustments[0] = 0.12
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = Pt(3)
    frame.margin_top = frame.margin_bottom = Pt(1)
    runs: list[tuple[str, float, bool, Any]] = [("\n".join(name_lines(n.name)), 11, True, INK)]
    if n.left:
        runs.append((_left(n, deck.lang), 10, False, rgb("#555555")))
    if n.title:
        runs.append(("\n".join(wrap_words(n.title, 22, 3)), 10, False, rgb("#333333")))
    marks = [BADGES[r] for r in n.roles] + list(n.owners)
    if marks:
        runs.append(("  ".join(marks), 10, True, INK))
    if marks and any(r in DECIDING_ROLES or r == Role.blocker for r in n.roles):
        runs[-1] = (runs[-1][0], 10, True, rgb("#AA3377") if n.kind != "team" else INK)
    for i, para_runs in enumerate(paragraphs if paragraphs is not None else [[r] for r in runs]):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = PP_ALIGN.CENTER
        for words, size, bold, colour in para_runs:
            for run in add_lines(para, unbroken(deck.say(words)), round(size * scale * 2) / 2, bold, colour):
                if i == 0 and n.left:
                    run.font._rPr.set("strike", "sngStrike")  # python-pptx has no property for it
    return shape


def add_lines(para: Any, words: str, size: float, bold: bool, colour: Any) -> list[Any]:
    """``words`` as runs of ``para``, one a line, with a line break (of the same size, so the
    line height is the text's) where ``words`` has a newline; returns the runs."""
    runs = []
    for j, line in enumerate(words.split("\n")):
        if j:
            br = para._p.add_br()
            br.get_or_add_rPr().set("sz", str(int(size * 100)))
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        run.font.color.rgb = colour
        runs.append(run)
    return runs
