"""An account's organisation on a slide, readable from the back row: every name at 11 pt,
every other word at 10 pt, never shrunk.

A slide holds some 25 boxes at that size, so the slide shows the part of the org chart a
KAM talks about: the people of interest (a buying role, a seat on an open deal, someone of
ours who knows them, high influence, a stance, executive rank) and their managers, as the
org view's plan picks them (:func:`kamgraph.render.plan.plan_map`, ``view="org"``). The
layout is a *hanging* org chart, wide and shallow: the top of the hierarchy in one row, one
column per division under it, each division's people stacked in it, indented by level, with
bracket lines from each manager to their reports; a division's caption, at its foot, says how
many of its people are drawn ("Finance · 8 of 42"). Who of ours knows someone is a line on
their box (``↔ JW, PR``), not a line across the slide.

When that is still more than a slide holds, whole units collapse, the least relevant first
(:mod:`kamgraph.render.plan.fit`), with a smaller and smaller budget of boxes; if even the
smallest does not fit, the divisions are spread over several slides, the top row on each.
The subtitle always says what was left out: how many of the account's people are drawn,
and which units collapsed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import graphviz
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Inches, Pt

from ...graph import own_people
from ...model import DECIDING_ROLES, Graph, Person, Role
from ...strength import effective_strength
from ..dot import FONT, dot_text, escape
from ..i18n import BADGES, Lang, text
from ..plan import COLLAPSE_ABOVE, AccountMap, MapNode, MapOptions, initials, is_coverage, plan_map
from ..run import layout
from .base import INK, MARGIN, MUTED, RULE, WIDTH, Deck, rect, rgb
from .legend import legend
from .lines import BOTTOM, TOP, Point, add_line, plan_line
from .native import EMU_PER_PT, add_lines, person_box, wrap_words

__all__ = [
    "BUDGETS",
    "MAX_FOCUS",
    "OrgPage",
    "focus_units",
    "arrange_page",
    "known_by",
    "org_pages",
    "org_slides",
    "paragraphs",
]

#: The box budgets tried, largest first, for an account whose people of interest are many:
#: the first whose drawing fits the slide is kept.
BUDGETS = (40, 32, 26, 20, 16, 12, 8)
MAP_TOP = Inches(1.45)
MAP_W, MAP_H = WIDTH - 2 * MARGIN, Inches(5.15)
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


def _options(deck: Deck, budget: int | None, unit: str | None = None) -> MapOptions:
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


def _tree(m: AccountMap) -> tuple[dict[str, list[MapNode]], list[MapNode]]:
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


def _subtree(n: MapNode, below: dict[str, list[MapNode]], depth: int = 0) -> list[tuple[MapNode, int]]:
    """``n`` and the people under them, depth first; a count under a person is a line on
    their box (:func:`counts_below`), not a box of its own."""
    out = [(n, depth)]
    for child in below.get(n.id, []):
        if child.kind != "group" or n.kind == "group":
            out += _subtree(child, below, depth + 1)
    return out


def counts_below(m: AccountMap, skip: set[str]) -> dict[str, str]:
    """Each drawn person's line for the people under them not drawn ("+14 people in 2 units"),
    but for the counts drawn as boxes (``skip``: a count heading a column)."""
    below, _ = _tree(m)
    out = {}
    for pid, kids in below.items():
        groups = [k for k in kids if k.kind == "group" and k.id not in skip]
        if groups and m.node(pid).kind == "person":
            out[pid] = "; ".join(f"+{g.count}: {g.name}" if g.title else f"+{g.name}" for g in groups)
    return out


def _columns(m: AccountMap, graph: Graph, deck: Deck) -> tuple[list[MapNode], list[Column]]:
    """The top row and the columns under it. One top (a chief executive): the top row is
    them, a column per report. Several: a column per top with reports; the people with
    neither a manager nor a report drawn (a CRM's partial lines) stacked by unit."""
    below, roots = _tree(m)
    units = {c.id: c.label for c in m.clusters}
    staff = {p.id: p for p in graph.people if p.org == m.account}
    heads = [r for r in roots if below.get(r.id)]
    top = heads if len(heads) == 1 else []
    starts = below[heads[0].id] if len(heads) == 1 else heads
    columns = [Column(_subtree(h, below), _caption(deck, h, _subtree(h, below), units, staff)) for h in starts]
    loners: dict[str | None, list[MapNode]] = defaultdict(list)
    for r in roots:
        if not below.get(r.id) and r not in top:
            loners[r.cluster].append(r)
    for unit, people in loners.items():
        label = units.get(unit or "", deck.t("org.no_unit"))
        total = sum(1 for p in staff.values() if p.unit == unit) if unit else len(people)
        shown = sum(1 for p in people if p.kind == "person")
        columns.append(Column([(p, 0) for p in people], deck.t("org.caption", unit=label, shown=shown, total=total)))
    return top, columns


def _caption(
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


def _subunits(graph: Graph, account: str, unit: str) -> set[str]:
    units = [u for u in graph.units if u.org == account]
    found, grew = {unit}, True
    while grew:
        below = {u.id for u in units if u.parent in found}
        grew = not below <= found
        found |= below
    return found


def focus_units(graph: Graph, account: str, drawn: set[str]) -> list[tuple[str, int]]:
    """The top-level units holding members of an open deal's committee that ``drawn`` (the
    overview) leaves out, with how many: most first, then by name; at most MAX_FOCUS."""
    seated = {m.person for o in graph.opportunities if o.account == account and o.is_open for m in o.committee}
    unit_of = {p.id: p.unit for p in graph.people if p.org == account}
    out = []
    for u in graph.units:
        if u.org == account and u.parent is None:
            inside = _subunits(graph, account, u.id)
            missing = sum(1 for pid in seated - drawn if unit_of.get(pid) in inside)
            if missing:
                out.append((u.id, missing, u.name))
    out.sort(key=lambda x: (-x[1], x[2], x[0]))
    return [(uid, n) for uid, n, _ in out]


#: The characters of a 12 pt subtitle that one line holds: past them, lists of names are
#: left to the speaker notes ("12 units collapsed: Legal, …" becomes "12 units collapsed").
FACTS = 125
#: At most this many units get a slide of their own after the overview.
MAX_FOCUS = 4


def org_pages(deck: Deck, graph: Graph, account: str, unit: str | None = None) -> list[OrgPage]:
    """The account's org chart (or ``unit``'s) as slides that fit at full size: everyone
    when few, else the people of interest under the box budget that fits the most of them on
    one slide, else the smallest budget's divisions spread over slides."""
    scope = _subunits(graph, account, unit) if unit else None
    staff = sum(1 for p in graph.people if p.org == account and (scope is None or p.unit in scope))
    tries: list[int | None] = [None] if staff <= COLLAPSE_ABOVE else []
    tries += list(BUDGETS)
    page: OrgPage | None = None
    best: OrgPage | None = None
    for budget in tries:
        m = plan_map(graph, account, _options(deck, budget, unit))
        known, _ = known_by(graph, m, deck)
        top, columns = _columns(m, graph, deck)
        heads = {c.entries[0][0].id for c in columns}
        for pid, line in counts_below(m, skip=heads).items():
            known[pid] = "\n".join(x for x in (known.get(pid), line) if x)
        page = arrange_page(m, top, columns, known)
        if page.fits() and (best is None or page.shown > best.shown):
            best = page  # the most people that fit: a smaller budget can draw narrower columns
    if best is not None:
        return [best]
    assert page is not None
    # The smallest budget is still too wide: its columns over as many slides as they need.
    pages: list[OrgPage] = []
    group: list[Column] = []
    for c in page.columns:
        trial = arrange_page(page.m, page.top, [*group, c], page.known)
        if group and not trial.fits():
            pages.append(arrange_page(page.m, page.top, group, page.known))
            group = []
        group.append(c)
    if group:
        pages.append(arrange_page(page.m, page.top, group, page.known))
    return pages


def org_slides(deck: Deck, graph: Graph, account: str) -> None:
    """The org slides of ``account``: an overview, then the top-level units whose committee
    members the overview leaves out, side by side (most such members first, at most
    MAX_FOCUS). The title says the account, the subtitle what is drawn and what was left
    out, the notes the rule that chose it."""
    org = graph.organisation(account)
    assert org is not None
    overview = org_pages(deck, graph, account)
    drawn = {n.id for page in overview for n in page.nodes}
    focus = focus_units(graph, account, drawn)
    names = {u.id: u.name for u in graph.units}
    extra: list[str] = []
    if not focus:
        _org_slides(deck, graph, org.name, overview, extra)
        return
    # One slide of those units: the ones that do not fit it are named on both slides.
    pages = unit_pages(deck, graph, account, [u for u, _ in focus[:MAX_FOCUS]])
    on_it = {n.id for n in pages[0].nodes}
    shown = [u for u, _ in focus[:MAX_FOCUS] if any(n.cluster in _subunits(graph, account, u) for n in pages[0].nodes)]
    rest = [u for u, _ in focus if u not in shown]
    extra = [deck.t("org.next", units=", ".join(names[u] for u in shown))]
    if rest:
        extra.append(deck.t("org.no_slide", units=", ".join(names[u] for u in rest)))
    _org_slides(deck, graph, org.name, overview, extra)
    seated = {m.person for o in graph.opportunities if o.account == account and o.is_open for m in o.committee}
    missing = len(seated - drawn - on_it)
    title = f"{org.name} · {deck.t('org.units')}"
    notes = [deck.t("org.no_slide", units=", ".join(names[u] for u in rest))] if rest else []
    said = deck.t("org.missing", n=missing) if missing else deck.t("org.all_seated")
    total = sum(
        1 for p in graph.people if p.org == account and any(p.unit in _subunits(graph, account, u) for u in shown)
    )
    _org_slides(deck, graph, title, pages[:1], [said, *notes], scope=True, total=total)


def unit_pages(deck: Deck, graph: Graph, account: str, units: list[str]) -> list[OrgPage]:
    """The ``units`` side by side, each a column of its own org view: its people of interest
    under the largest budget whose column takes at most half the slide; while they do not
    fit one slide together, the widest column steps down to a smaller budget; then over as
    many slides as they need."""
    options: list[list[tuple[Column, dict[str, str], AccountMap]]] = []
    for unit in units:
        staff = sum(1 for p in graph.people if p.org == account and p.unit in _subunits(graph, account, unit))
        tried: list[tuple[int, Column, dict[str, str], AccountMap]] = []
        for budget in ([None] if staff <= COLLAPSE_ABOVE else []) + list(BUDGETS):
            m = plan_map(graph, account, _options(deck, budget, unit))
            mine, _ = known_by(graph, m, deck)
            below, roots = _tree(m)
            heads = [r for r in roots if r.kind == "person"] or roots
            entries = [e for h in heads for e in _subtree(h, below)]
            for pid, line in counts_below(m, skip=set()).items():
                mine[pid] = "\n".join(x for x in (mine.get(pid), line) if x)
            unit_name = m.subtitle.split(" · ")[0]  # the plan's subtitle starts with the unit it draws
            caption = deck.t("org.caption", unit=unit_name, shown=_people(entries), total=m.total_people)
            column = Column(entries, caption)
            page = arrange_page(m, [], [column], mine)
            if page.fits() and page.width * EMU_PER_PT <= MAP_W / 2 or budget == BUDGETS[-1]:
                tried.append((page.shown, column, mine, m))
        kept: dict[int, tuple[Column, dict[str, str], AccountMap]] = {}
        for shown, column, mine, m in tried:
            kept.setdefault(shown, (column, mine, m))  # one per size, the largest budget's
        options.append([kept[k] for k in sorted(kept, reverse=True)])
    pick = [0] * len(units)

    def build(columns: list[Column] | None = None) -> tuple[AccountMap, dict[str, str], list[Column]]:
        chosen = [options[i][pick[i]] for i in range(len(units))]
        maps = [m for _, _, m in chosen]
        known = {k: v for _, mine, _ in chosen for k, v in mine.items()}
        merged = maps[0].model_copy(
            update={
                "nodes": [n for m in maps for n in m.nodes],
                "edges": [e for m in maps for e in m.edges],
                "total_people": sum(m.total_people for m in maps),
                "owners": sorted({o for m in maps for o in m.owners}),
            }
        )
        return merged, known, [c for c, _, _ in chosen]

    merged, known, columns = build()
    page = arrange_page(merged, [], columns, known)
    while not page.fits():
        steps = [i for i in range(len(units)) if pick[i] + 1 < len(options[i])]
        if not steps:
            break
        widest = max(steps, key=lambda i: (page_width(columns[i]), -i))
        pick[widest] += 1
        merged, known, columns = build()
        page = arrange_page(merged, [], columns, known)
    if page.fits():
        return [page]
    pages: list[OrgPage] = []
    group: list[Column] = []
    for c in columns:
        if group and not arrange_page(merged, [], [*group, c], known).fits():
            pages.append(arrange_page(merged, [], group, known))
            group = []
        group.append(c)
    pages.append(arrange_page(merged, [], group, known))
    return pages


def page_width(c: Column) -> float:
    """A column's width as last arranged (points)."""
    return c.width


def _people(entries: list[tuple[MapNode, int]]) -> int:
    return sum(1 for n, _ in entries if n.kind == "person")


def _org_slides(
    deck: Deck,
    graph: Graph,
    name: str,
    pages: list[OrgPage],
    extra: list[str],
    scope: bool = False,
    total: int | None = None,
) -> None:
    m = pages[0].m
    _, codes = known_by(graph, m, deck)
    total = m.total_people if total is None else total
    # the plan's own subtitle, less the date (a page of several units: each caption says its own)
    detail = [part for part in m.subtitle.split(" · ")[:-1] if part] if not scope else []
    for i, page in enumerate(pages, start=1):
        part = f" ({i}/{len(pages)})" if len(pages) > 1 else ""
        shown = page.shown
        facts = [f for f in detail if not _is_count(f) and f not in names_of(graph)]
        facts.insert(0, deck.t("org.shown_units" if scope else "org.shown", shown=shown, total=total))
        if len(pages) > 1:
            facts.append(deck.t("org.split", n=len(pages)))
        said = " · ".join([*facts, *extra])  # all of it in the notes; on the slide, one line
        if len(said) > FACTS:  # the plan's lists of names, in the notes only
            facts = [f.split(":")[0].rstrip() for f in facts]
        facts += extra
        slide = deck.slide()
        deck.header(slide, f"{deck.t('org.title')} · {name}{part}", " · ".join(facts))
        paint_org(deck, slide, page)
        line = deck.t("org.known", codes=", ".join(f"{c} {n}" for c, n in codes)) if codes else ""
        drawn = m.model_copy(update={"nodes": [n for n in m.nodes if n.kind != "team"]})
        legend(deck, slide, drawn, MARGIN, Inches(6.7), Inches(12.3), lines="   ".join([deck.t("org.reporting"), line]))
        notes = [deck.t("notes.org"), deck.t("notes.left_out", what=said)]
        if codes:
            notes.append(line)
        frame = slide.notes_slide.notes_text_frame
        assert frame is not None
        frame.text = "\n".join(deck.say(n) for n in notes)


def names_of(graph: Graph) -> set[str]:
    """The units' names (the plan's subtitle names the unit it focuses on: the title says it here)."""
    return {u.name for u in graph.units}


def _is_count(part: str) -> bool:
    """The plan's "N of M people" part of a subtitle (the slide says its own)."""
    words = part.split()
    return len(words) >= 3 and words[0].isdigit() and words[2].isdigit()


def paint_org(deck: Deck, slide: Slide, page: OrgPage) -> None:
    """The page at full size, centred in the map area: column panels, lines, then boxes."""
    unit = EMU_PER_PT
    off_x = MARGIN + max(0, (MAP_W - int(page.width * unit)) // 2)
    off_y = MAP_TOP

    def at(x: float, y: float) -> tuple[int, int]:
        return off_x + int(x * unit), off_y + int(y * unit)

    col_top = min((page.boxes[c.entries[0][0].id][1] for c in page.columns), default=0.0) - PAD
    for c in page.columns:
        x0, y0 = at(c.left, col_top)
        bottom = max(page.boxes[n.id][1] + page.boxes[n.id][3] for n, _ in c.entries) + PAD + c.caption_h
        panel: Any = rect(
            slide,
            x0,
            y0,
            int(c.width * unit),
            int((bottom - col_top) * unit),
            rgb("#F6F6F6"),
            line=RULE,
            shape=MSO_SHAPE.ROUNDED_RECTANGLE,
        )
        panel.adjustments[0] = 0.04
        panel.name = "unit"
        deck.text(
            slide,
            x0 + int(PAD * unit),
            at(0, bottom - c.caption_h)[1],
            int((c.width - 2 * PAD) * unit),
            int(c.caption_h * unit),
            [(c.caption, 10, False, MUTED)],
            anchor=MSO_ANCHOR.MIDDLE,
        )
    shapes: dict[str, Any] = {}
    heads = {c.entries[0][0].id for c in page.columns}
    for n in [*page.top, *(e for c in page.columns for e, _ in c.entries)]:
        paras = paragraphs(n, page.m.lang, page.known.get(n.id), n.id in heads)
        if n.kind == "group":
            shapes[n.id] = _group_box(deck, slide, n, page.boxes[n.id], at, paras)
        else:
            shapes[n.id] = person_box(deck, slide, n, page.boxes[n.id], at, 1.0, paras)
    for one, two, route in page.lines:
        first, last, (start, end), bend = plan_line(route, page.boxes[one], page.boxes[two])
        vertical = first in (TOP, BOTTOM)
        if bend is not None:
            bend = at(0, bend)[1] if vertical else at(bend, 0)[0]
        line = add_line(slide, at(*start), at(*end), bend, vertical, (shapes[one], first, shapes[two], last))
        line.line.color.rgb = rgb("#555555")
        line.line.width = Pt(1.25)
        if page.m.node(two).kind == "group":
            line.line.dash_style = MSO_LINE.DASH
        line.name = deck.say(f"line reports_to: {one} – {two}")
    if shapes:  # lines behind the boxes, in front of the panels
        tree = slide.shapes._spTree
        first = next(iter(shapes.values()))._element
        for cxn in [el for el in tree if el.tag.endswith("}cxnSp")]:
            tree.remove(cxn)
            first.addprevious(cxn)


def _group_box(deck: Deck, slide: Slide, n: MapNode, box: Box, at: Any, paras: list[list[Run]]) -> Any:
    """A count of people not drawn: a white box with a dashed grey border."""
    x, y = at(box[0], box[1])
    w, h = int(box[2] * EMU_PER_PT), int(box[3] * EMU_PER_PT)
    shape: Any = rect(slide, x, y, w, h, rgb("#FFFFFF"), line=rgb("#999999"), shape=MSO_SHAPE.ROUNDED_RECTANGLE)
    shape.line.dash_style = MSO_LINE.DASH
    shape.name = "people not drawn"
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = Pt(3)
    frame.margin_top = frame.margin_bottom = Pt(1)
    for i, para_runs in enumerate(paras):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = PP_ALIGN.CENTER
        for words, size, bold, colour in para_runs:
            add_lines(para, deck.say(words), size, bold, colour)
    return shape
