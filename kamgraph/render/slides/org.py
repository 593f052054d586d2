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
(:mod:`kamgraph.render.plan.fit`), under budgets of boxes from 40 down to 8: the one that
fits and draws the most people is kept; if even the smallest does not fit, the divisions are
spread over several slides, the top row on each. When the overview leaves out members of an
open deal's committee, a second slide puts the top-level units that hold them side by side.
The subtitle always says what was left out: how many of the account's people are drawn,
which units collapsed, and which units have no slide. :mod:`.org_layout` places the boxes.
"""

from __future__ import annotations

from typing import Any

from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Inches, Pt

from ...model import Graph
from ..plan import COLLAPSE_ABOVE, AccountMap, MapNode, plan_map
from .base import MARGIN, MUTED, RULE, Deck, rect, rgb
from .legend import legend
from .lines import BOTTOM, TOP, add_line, plan_line
from .native import EMU_PER_PT, add_lines, person_box
from .org_layout import (
    BUDGETS,
    MAP_TOP,
    MAP_W,
    PAD,
    Box,
    Column,
    OrgPage,
    Run,
    arrange_page,
    columns_of,
    counts_below,
    known_by,
    paragraphs,
    plan_options,
    subtree,
    tree_of,
)

__all__ = ["FACTS", "MAX_FOCUS", "focus_units", "org_pages", "org_slides", "unit_pages"]


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
FACTS = 140
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
        m = plan_map(graph, account, plan_options(deck, budget, unit))
        known, _ = known_by(graph, m, deck)
        top, columns = columns_of(m, graph, deck)
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
    extra = [deck.t("org.next", units=", ".join(names[u] for u in shown[:3]) + (", …" if len(shown) > 3 else ""))]
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
            m = plan_map(graph, account, plan_options(deck, budget, unit))
            mine, _ = known_by(graph, m, deck)
            below, roots = tree_of(m)
            heads = [r for r in roots if r.kind == "person"] or roots
            entries = [e for h in heads for e in subtree(h, below)]
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
        if len(said) > FACTS:  # the plan's lists of units collapsed, in the notes only
            facts = [f.split(":")[0].rstrip() if f[:1].isdigit() and ":" in f else f for f in facts]
        facts += extra[:1]
        if extra[1:] and (scope or len(" · ".join([*facts, *extra[1:]])) <= FACTS):
            facts += extra[1:]  # the units with no slide: else the next slide names them
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
