"""The layout of an organisation slide: which boxes, how big (Graphviz sizes their text),
where they stand and where the reporting lines run, in points, y downwards. A *hanging*
org chart: the top of the hierarchy in one row, one column per division under it, each
division's people stacked in it, indented by level, with bracket lines from each manager
to their reports; a column taller than the slide goes on in a second stack beside the first.
:mod:`.org` decides what goes on which slide and paints it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import graphviz
from pptx.util import Inches

from ...graph import own_people
from ...model import DECIDING_ROLES, Graph, Person, Role
from ...strength import effective_strength
from ..dot_style import FONT, dot_text, escape
from ..i18n import BADGES, Lang, text
from ..plan import AccountMap, MapNode, MapOptions, initials, is_coverage
from ..run import layout
from .base import INK, MARGIN, MUTED, WIDTH, Deck, rgb
from .lines import Point
from .native import EMU_PER_PT, wrap_words

__all__ = [
    "BUDGETS",
    "CAPTION",
    "MAP_H",
    "MAP_TOP",
    "MAP_W",
    "PAD",
    "Box",
    "Column",
    "OrgPage",
    "Run",
    "arrange_page",
    "columns_of",
    "counts_below",
    "known_by",
    "paragraphs",
    "plan_options",
    "subtree",
    "tree_of",
]

#: The box budgets tried, largest first, for an account whose people of interest are many:
#: of those whose drawing fits the slide, the one drawing the most people is kept.
BUDGETS = (40, 32, 26, 20, 16, 12, 8)
MAP_TOP = Inches(1.62)  # room for a subtitle of two lines
MAP_W, MAP_H = WIDTH - 2 * MARGIN, Inches(5.0)
#: Gaps in points: between columns, between the top row and the columns, between stacked
#: boxes, the indent of each level, and the caption under a column.
GAP_X, GAP_TOP, GAP_Y, INDENT, CAPTION, PAD = 10.0, 16.0, 5.0, 10.0, 15.0, 4.0
OUR_BLUE = "#004488"

Box = tuple[float, float, float, float]  # left, top, width, height in points, y downwards


@dataclass
class Column:
    """A division under the top row: its people, each with their depth, and its caption."""

    entries: list[tuple[MapNode, int]]
    caption: str
    left: float = 0.0
    width: float = 0.0
    caption_h: float = CAPTION


@dataclass
class OrgPage:
    """One org slide's drawing, in points (y downwards): the boxes and the lines between them."""

    m: AccountMap
    top: list[MapNode]
    columns: list[Column]
    boxes: dict[str, Box] = field(default_factory=dict)
    lines: list[tuple[str, str, list[Point]]] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    known: dict[str, str] = field(default_factory=dict)  # person → "↔ JW, PR"

    def fits(self) -> bool:
        return self.width * EMU_PER_PT <= MAP_W and self.height * EMU_PER_PT <= MAP_H

    @property
    def shown(self) -> int:
        return sum(1 for n in [*self.top, *(e for c in self.columns for e, _ in c.entries)] if n.kind == "person")

    @property
    def nodes(self) -> list[MapNode]:
        return [*self.top, *(e for c in self.columns for e, _ in c.entries)]


def plan_options(deck: Deck, budget: int | None, unit: str | None = None) -> MapOptions:
    return MapOptions(
        view="org",
        unit=unit,
        lang=deck.lang,
        redact=deck.redact,
        legend=False,
        title=False,
        today=deck.today,
        collapse=None if budget is None else True,
        max_boxes=budget,
    )


def known_by(graph: Graph, m: AccountMap, deck: Deck) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each drawn person's line of who of ours knows them (a real relationship, strongest
    first, then by code), and the codes used with the names they stand for."""
    team = own_people(graph)
    people = {p.id: p for p in graph.people}
    drawn = {n.id for n in m.nodes if n.kind == "person"}
    ours: dict[str, dict[str, float]] = defaultdict(dict)
    for k in graph.knows:
        if is_coverage(k):
            continue
        for x, y in ((k.a, k.b), (k.b, k.a)):
            if x in team and y in drawn and x in people:
                ours[y][x] = max(ours[y].get(x, 0.0), effective_strength(k, deck.today))
    used = sorted({x for by in ours.values() for x in by}, key=lambda x: (people[x].name, x))
    codes: dict[str, str] = {}
    for x in used:
        base = initials(people[x].name).replace(".", "") or "?"
        code, n = base, 1
        while code in codes.values():
            n += 1
            code = f"{base}{n}"
        codes[x] = code
    lines = {}
    for pid, by in ours.items():
        order = sorted(by, key=lambda x: (-by[x], codes[x]))
        lines[pid] = "↔ " + ", ".join(codes[x] for x in order[:2]) + (f" +{len(order) - 2}" if len(order) > 2 else "")
    name = (lambda p: initials(p.name)) if deck.redact else (lambda p: p.name)
    return lines, [(codes[x], name(people[x])) for x in used]


Run = tuple[str, float, bool, Any]  # text, size in points, bold, colour


def paragraphs(n: MapNode, lang: Lang, known: str | None, head: bool = False) -> list[list[Run]]:
    """A box's text on the org slide: the name (11 pt) with the badges beside it, the title in
    up to two lines, who of ours knows them (10 pt). A count is one line ("14 people in 2
    units"); at the head of a column it lists up to four of its units with their people."""
    if n.kind == "group":
        if not head:  # "+6: Financial Accounting…", "+14 people in 2 units"
            what = f"+{n.count}: {n.name}" if n.title else f"+{n.name}"
            return [[(wrap_words(what, 26, 1)[0], 10, True, MUTED)]]
        parts = n.parts if len(n.parts) <= 4 else [*n.parts[:3], ("…", sum(c for _, c in n.parts[3:]))]
        lines = ([n.title] if n.title else []) + [f"{wrap_words(name, 20, 1)[0]}  {count}" for name, count in parts]
        rows: list[list[Run]] = [[(n.name, 11, True, INK)]]
        return rows + [[(line, 10, False, MUTED)] for line in lines]
    name = wrap_words(n.name, 20, 2)
    first: list[Run] = [("\n".join(name), 11, True, INK)]
    out: list[list[Run]] = [first]
    marks = " ".join([BADGES[r] for r in n.roles] + list(n.owners))
    if marks:
        decides = any(r in DECIDING_ROLES or r == Role.blocker for r in n.roles)
        badges: Run = (marks, 10, True, rgb("#AA3377") if decides else INK)
        if len(name[-1]) + len(marks) <= 24:  # beside the name when short, else a line of their own
            first.append(("  " + marks, *badges[1:]))
        else:
            out.append([badges])
    if n.left:
        out.append([(text(lang, "left_on", date=n.left.isoformat()), 10, False, MUTED)])
    if n.title:
        out.append([("\n".join(wrap_words(n.title, 22, 2)), 10, False, rgb("#333333"))])
    for line in (known or "").split("\n"):
        if line:  # who of ours knows them, in our blue; the people under them not drawn, muted
            colour = rgb(OUR_BLUE) if line.startswith("↔") else MUTED
            out.append([(wrap_words(line, 28, 1)[0], 10, False, colour)])
    return out


def _html(paras: list[list[Run]]) -> str:
    rows = []
    for para in paras:
        cells = "".join(
            f'<font point-size="{size:g}">{"<b>" if bold else ""}'
            f"{'<br/>'.join(escape(t) for t in words.split(chr(10)))}{'</b>' if bold else ''}</font>"
            for words, size, bold, _ in para
        )
        rows.append(f"<tr><td>{cells}</td></tr>")
    return f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{"".join(rows)}</table>>'


def _sizes(
    m: AccountMap, nodes: list[MapNode], known: dict[str, str], heads: set[str]
) -> dict[str, tuple[float, float]]:
    """Each box's width and height in points, as Graphviz sizes its text (the slide's)."""
    d = graphviz.Digraph(name="sizes", engine="dot")
    d.attr("node", shape="box", fontname=FONT, fontsize="11", margin="0.08,0.025", width="0.3", height="0.2")
    names = {f"n{i}": n for i, n in enumerate(nodes)}
    for name, n in names.items():
        d.node(name, label=_html(paragraphs(n, m.lang, known.get(n.id), n.id in heads)), id=dot_text(f"node-{name}"))
    data: dict[str, Any] = layout(d)
    out: dict[str, tuple[float, float]] = {}
    for o in data.get("objects", []):
        if o.get("name") in names:
            # PowerPoint's words are a little wider than Graphviz measures them
            out[names[o["name"]].id] = (float(o["width"]) * 72 * 1.04 + 3, float(o["height"]) * 72)
    return out


def tree_of(m: AccountMap) -> tuple[dict[str, list[MapNode]], list[MapNode]]:
    """Each drawn box's reports (people, then counts), and the boxes nobody drawn manages."""
    theirs = [n for n in m.nodes if n.kind in ("person", "group")]
    ids = {n.id for n in theirs}
    boss: dict[str, str] = {}
    for e in m.edges:
        if e.kind in ("reports_to", "group") and e.source in ids and e.target in ids:
            boss.setdefault(e.target, e.source)
    below: dict[str, list[MapNode]] = defaultdict(list)
    for n in theirs:
        if n.id in boss:
            below[boss[n.id]].append(n)
    return below, [n for n in theirs if n.id not in boss]


def subtree(n: MapNode, below: dict[str, list[MapNode]], depth: int = 0) -> list[tuple[MapNode, int]]:
    """``n`` and the people under them, depth first; a count under a person is a line on
    their box (:func:`counts_below`), not a box of its own."""
    out = [(n, depth)]
    for child in below.get(n.id, []):
        if child.kind != "group" or n.kind == "group":
            out += subtree(child, below, depth + 1)
    return out


def counts_below(m: AccountMap, skip: set[str]) -> dict[str, str]:
    """Each drawn person's line for the people under them not drawn ("+14 people in 2 units"),
    but for the counts drawn as boxes (``skip``: a count heading a column)."""
    below, _ = tree_of(m)
    out = {}
    for pid, kids in below.items():
        groups = [k for k in kids if k.kind == "group" and k.id not in skip]
        if groups and m.node(pid).kind == "person":
            out[pid] = "; ".join(f"+{g.count}: {g.name}" if g.title else f"+{g.name}" for g in groups)
    return out


def columns_of(m: AccountMap, graph: Graph, deck: Deck) -> tuple[list[MapNode], list[Column]]:
    """The top row and the columns under it. One top (a chief executive): the top row is
    them, a column per report. Several: a column per top with reports; the people with
    neither a manager nor a report drawn (a CRM's partial lines) stacked by unit."""
    below, roots = tree_of(m)
    units = {c.id: c.label for c in m.clusters}
    staff = {p.id: p for p in graph.people if p.org == m.account}
    heads = [r for r in roots if below.get(r.id)]
    top = heads if len(heads) == 1 else []
    starts = below[heads[0].id] if len(heads) == 1 else heads
    columns = [Column(subtree(h, below), caption_of(deck, h, subtree(h, below), units, staff)) for h in starts]
    loners: dict[str | None, list[MapNode]] = defaultdict(list)
    for r in roots:
        if r.kind == "group" and r not in top:  # people with no manager, in units not drawn: counted
            columns.append(Column([(r, 0)], deck.t("org.collapsed")))
        elif not below.get(r.id) and r not in top:
            loners[r.cluster].append(r)
    for unit, people in loners.items():
        label = units.get(unit or "", deck.t("org.no_unit"))
        total = sum(1 for p in staff.values() if p.unit == unit) if unit else len(people)
        shown = sum(1 for p in people if p.kind == "person")
        columns.append(Column([(p, 0) for p in people], deck.t("org.caption", unit=label, shown=shown, total=total)))
    return top, columns


def caption_of(
    deck: Deck, head: MapNode, entries: list[tuple[MapNode, int]], units: dict[str, str], staff: dict[str, Person]
) -> str:
    """``Finance · 8 of 42``: the head's unit, and how many of the people under them are drawn."""
    if head.kind == "group":
        return deck.t("org.collapsed")
    reports: dict[str, list[str]] = defaultdict(list)
    for p in staff.values():
        if p.reports_to in staff and p.reports_to != p.id:
            reports[p.reports_to].append(p.id)
    seen, todo = {head.id}, [head.id]
    while todo:
        for r in reports.get(todo.pop(), []):
            if r not in seen:
                seen.add(r)
                todo.append(r)
    shown = sum(1 for n, _ in entries if n.kind == "person")
    unit = units.get(head.cluster or "", "")
    return deck.t("org.caption", unit=unit, shown=shown, total=len(seen)).lstrip(" ·")


def arrange_page(m: AccountMap, top: list[MapNode], columns: list[Column], known: dict[str, str]) -> OrgPage:
    """Place the top row and the columns (points, y downwards) and route the reporting lines:
    the top row to each column's head from above, brackets down a column's left side. A
    column taller than the slide goes on in a second stack beside the first."""
    page = OrgPage(m=m, top=top, columns=columns, known=known)
    nodes = [*top, *(n for c in columns for n, _ in c.entries)]
    heads = {c.entries[0][0].id for c in columns}
    sizes = _sizes(m, nodes, known, heads) if nodes else {}
    x = 0.0
    col_top = (max(sizes[n.id][1] for n in top) + GAP_TOP) if top else 0.0
    height = col_top
    stack_of: dict[str, int] = {}
    for c in columns:
        c.left = x
        stack_w = max(d * INDENT + sizes[n.id][0] for n, d in c.entries)
        # 10 pt DejaVu Sans is about 6 pt a character: a caption wider than the column takes two lines
        lines = 1 if len(c.caption) * 6.0 <= stack_w else 2
        room = MAP_H / EMU_PER_PT - col_top - 2 * PAD - lines * CAPTION
        stack, y = 0, col_top + PAD
        for n, d in c.entries:
            w, h = sizes[n.id]
            if y > col_top + PAD and y + h - col_top - PAD > room:
                stack, y = stack + 1, col_top + PAD
            left = x + PAD + stack * (stack_w + GAP_X) + d * INDENT
            page.boxes[n.id] = (left, y, stack_w - d * INDENT, h)
            stack_of[n.id] = stack
            y += h + GAP_Y
            height = max(height, y - GAP_Y + PAD + CAPTION)
        c.width = (stack + 1) * stack_w + stack * GAP_X + 2 * PAD
        c.caption_h = CAPTION * (1 if len(c.caption) * 6.0 <= c.width - 2 * PAD else 2)
        height = max(height, y - GAP_Y + PAD + c.caption_h)
        x += c.width + GAP_X
    width = max(x - GAP_X, 0.0)
    if top:
        row_w = sum(sizes[n.id][0] for n in top) + GAP_X * (len(top) - 1)
        width = max(width, row_w)
        tx = (width - row_w) / 2
        for n in top:
            w, h = sizes[n.id]
            page.boxes[n.id] = (tx, 0.0, w, h)
            tx += w + GAP_X
    page.width, page.height = width, height
    # Lines: the top to each head, from above; in a column, a bracket down the left side
    # (or across, to a report in the next stack).
    boss = {e.target: e.source for e in m.edges if e.kind in ("reports_to", "group")}
    for c in columns:
        head = c.entries[0][0]
        if head.id in boss and boss[head.id] in page.boxes and top:
            a, b = page.boxes[boss[head.id]], page.boxes[head.id]
            mid = a[1] + a[3] + GAP_TOP / 2
            sx, ex = a[0] + a[2] / 2, b[0] + b[2] / 2
            page.lines.append((boss[head.id], head.id, [(sx, a[1] + a[3]), (sx, mid), (ex, mid), (ex, b[1])]))
        for n, _ in c.entries[1:]:
            mgr = boss.get(n.id)
            if mgr not in page.boxes:
                continue
            a, b = page.boxes[mgr], page.boxes[n.id]
            ay, by = a[1] + a[3] / 2, b[1] + b[3] / 2
            if stack_of.get(mgr) == stack_of[n.id]:
                side = a[0] - PAD / 2 - 1
                page.lines.append((mgr, n.id, [(a[0], ay), (side, ay), (side, by), (b[0], by)]))
            else:
                side = b[0] - GAP_X / 2
                page.lines.append((mgr, n.id, [(a[0] + a[2], ay), (side, ay), (side, by), (b[0], by)]))
    return page
