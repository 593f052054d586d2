"""An account's slides: its summary, one committee slide per open deal, the power map and
the action plan."""

from __future__ import annotations

import io

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches

from ...analysis import OpportunityRisk, opportunity_risk
from ...errors import KamgraphError
from ...model import (
    DECIDING_ROLES,
    Graph,
    Influence,
    Note,
    Opportunity,
    Organisation,
    Stance,
    effective_influence,
    effective_stance,
)
from ..actions import Action, action_plan, open_deals
from ..dot import STANCE_FILL, draw
from ..facts import committee_routes, key_numbers
from ..i18n import BADGES, role_name
from ..i18n_reasons import risk_reason
from ..plan import AccountMap, MapNode, MapOptions, note_line, plan_map
from ..run import render
from .base import INK, MARGIN, MUTED, PANEL, RULE, WARN, WIDTH, Deck, money, rect, rgb
from .legend import legend
from .native import EMU_PER_PT, PER_ROW, Placed, level_order, paint, place, wrap_words
from .org import org_slides

__all__ = ["account_slides"]

MAP_TOP, MAP_H = Inches(1.4), Inches(5.3)
MAP_W = WIDTH - 2 * MARGIN


def account_slides(deck: Deck, graph: Graph, account: str, only: list[str]) -> None:
    org = graph.organisation(account)
    assert org is not None
    deck.learn(graph)
    deals = open_deals(graph, account, only)
    _summary(deck, graph, org, deals)
    org_slides(deck, graph, account)
    for deal in deals:
        _committee(deck, graph, org, deal)
    if deals:
        _power_map(deck, graph, org, deals)
    _plan(deck, org, action_plan(graph, account, [d.id for d in deals], today=deck.today))


def _summary(deck: Deck, graph: Graph, org: Organisation, deals: list[Opportunity]) -> None:
    k = key_numbers(graph, org.id, today=deck.today)
    notes = [deck.t("notes.summary")]
    slide = deck.slide()
    people = sum(1 for p in graph.people if p.org == org.id)
    facts = [
        org.industry,
        org.tier,
        f"{deck.t('slide.value')} {money(org.value, org.currency)}" if org.value else None,
        f"{deck.t('slide.people')} {people}",
    ]
    deck.header(slide, org.name, " · ".join(f for f in facts if f))
    heads = [
        deck.t("col.deal"),
        deck.t("col.amount"),
        deck.t("col.stage"),
        deck.t("col.close"),
        deck.t("slide.threads"),
        deck.t("slide.coverage"),
        deck.t("slide.risk"),
    ]
    widths = [4.3, 1.3, 1.5, 1.3, 1.3, 1.2, 1.4]
    y: int = Inches(1.5)
    x: int = MARGIN
    for head, w in zip(heads, widths, strict=True):
        deck.text(slide, x, y, Inches(w - 0.1), Inches(0.5), [(head, 10, True, MUTED)], anchor=MSO_ANCHOR.BOTTOM)
        x += Inches(w)
    y += Inches(0.55)
    rect(slide, MARGIN, y - Inches(0.04), Inches(sum(widths)), Emu(12700), RULE)
    for deal in deals[:8]:
        try:
            risk = opportunity_risk(graph, deal.id, today=deck.today)
        except KamgraphError:
            continue
        cells = [
            deal.name,
            money(deal.amount, deal.currency or org.currency),
            deal.stage or "—",
            deal.close_date.isoformat() if deal.close_date else "—",
            str(risk.threads),
            f"{risk.coverage:.0%}",
            str(risk.score),
        ]
        colours = [INK] * 3 + [
            WARN if risk.overdue else INK,
            WARN if risk.threads <= 1 else INK,
            INK,
            WARN if risk.score >= 50 else INK,
        ]
        x = int(MARGIN)
        for cell, w, colour in zip(cells, widths, colours, strict=True):
            deck.text(slide, x, y, Inches(w - 0.1), Inches(0.45), [(cell, 12, colour == WARN, colour)])
            x += Inches(w)
        y += Inches(0.5)
        if risk.overdue:  # said under the row, not only in colour
            deck.text(
                slide,
                MARGIN,
                y - Inches(0.12),
                Inches(sum(widths)),
                Inches(0.35),
                [(deck.t("slide.overdue", date=deal.close_date), 10, True, WARN)],
            )
            y += Inches(0.3)
        overdue = f" ({deck.t('slide.overdue', date=deal.close_date)})" if risk.overdue else ""
        notes.append(
            f"{deal.name}{overdue}: {deck.t('notes.risk', score=risk.score, threads=risk.threads)} "
            + "; ".join(_reasons(deck, risk))
        )
    if not deals:
        deck.text(slide, MARGIN, y, Inches(8), Inches(0.4), [(deck.t("slide.no_deal"), 12, False, MUTED)])
        y += Inches(0.5)
    y += Inches(0.2)
    spots = [s.name + (f" ({s.headcount:,})" if s.headcount else "") for s in k.white_space]
    runs = [(deck.t("slide.whitespace"), 10.0, False, MUTED)]
    runs += [(", ".join(spots) or deck.t("slide.no_whitespace"), 12.0, True, INK)]
    deck.text(slide, MARGIN, y, Inches(12), Inches(0.8), runs)
    notes.append(deck.t("notes.whitespace"))
    notes += _record_notes(deck, [(org.name, org.notes)])
    _notes(deck, slide, notes)


def _notes(deck: Deck, slide: Slide, notes: list[str]) -> None:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None
    frame.text = "\n".join(deck.say(n) for n in notes)


def _options(deck: Deck, deal: Opportunity, also: list[str]) -> MapOptions:
    return MapOptions(
        view="committee",
        opportunity=deal.id,
        lang=deck.lang,
        redact=deck.redact,
        legend=False,
        title=False,
        also=also,
        today=deck.today,
    )


def _fits(p: Placed) -> bool:
    return p.width * EMU_PER_PT <= MAP_W and p.height * EMU_PER_PT <= MAP_H


def _committee(deck: Deck, graph: Graph, org: Organisation, deal: Opportunity) -> None:
    also = committee_routes(graph, org.id, deal.id)
    m = plan_map(graph, org.id, _options(deck, deal, also))
    title = f"{deck.t('view.committee')} · {deal.name}"
    facts = f"{org.name} · {money(deal.amount, deal.currency or org.currency)}" + (
        f" · {deal.stage}" if deal.stage else ""
    )
    notes = _committee_notes(deck, graph, deal)
    if deck.pictures:
        slide = deck.slide()
        deck.header(slide, title, facts)
        _picture(deck, slide, render(draw(m), "png"), org.name)
        legend(deck, slide, m, MARGIN, Inches(6.85), Inches(12.3))
        _notes(deck, slide, notes)
        return
    placed, per_row = _fit(m, graph, m.nodes)
    left_out = ""
    if not _fits(placed) and also:
        m = plan_map(graph, org.id, _options(deck, deal, []))
        placed, per_row = _fit(m, graph, m.nodes)
        left_out = deck.t("left_out.routes", n=len(also))
    pages = [m.nodes]
    if not _fits(placed):
        pages = _pages(m, graph)
        left_out = "; ".join(x for x in (left_out, deck.t("left_out.pages", n=len(pages))) if x)
    for i, nodes in enumerate(pages, start=1):
        p = placed if len(pages) == 1 else _fit(m, graph, nodes)[0]
        slide = deck.slide()
        part = f" ({i}/{len(pages)})" if len(pages) > 1 else ""
        deck.header(slide, title + part, facts + (f" · {left_out}" if left_out else ""))
        paint(deck, slide, m, p, MARGIN, MAP_TOP, MAP_W, MAP_H)
        legend(deck, slide, m, MARGIN, Inches(6.78), Inches(12.3))
        _notes(deck, slide, notes + ([deck.t("notes.left_out", what=left_out)] if left_out else []))


def _fit(m: AccountMap, graph: Graph, nodes: list[MapNode]) -> tuple[Placed, int]:
    """The layout of ``nodes`` that fits the slide: one row per formal level with the most
    boxes a row (6 down to 3), else small levels sharing rows (a CRM committee spread over
    five levels of one or two people each), before anything is split off to another slide."""
    placed = place(m, graph, nodes, PER_ROW)
    for merge in (False, True):
        for per_row in range(PER_ROW, 2, -1):
            if (merge, per_row) != (False, PER_ROW):
                placed = place(m, graph, nodes, per_row, merge)
            if _fits(placed):
                return placed, per_row
    return placed, 3


def _pages(m: AccountMap, graph: Graph) -> list[list[MapNode]]:
    """The committee in as few parts as keep each one readable, the most senior first; our
    team on every part."""
    ours = [n for n in m.nodes if n.kind == "team"]
    theirs = level_order(graph, [n for n in m.nodes if n.kind != "team"])
    for parts in range(2, len(theirs) + 1):
        size = -(-len(theirs) // parts)
        pages = [theirs[i : i + size] + ours for i in range(0, len(theirs), size)]
        if all(_fits(_fit(m, graph, p)[0]) for p in pages):
            return pages
    return [m.nodes]


def _committee_notes(deck: Deck, graph: Graph, deal: Opportunity) -> list[str]:
    try:
        risk = opportunity_risk(graph, deal.id, today=deck.today)
    except KamgraphError:
        return [deck.t("notes.committee")]
    out = [deck.t("notes.committee"), deck.t("notes.risk", score=risk.score, threads=risk.threads)]
    out += [f"- {r}" for r in _reasons(deck, risk)]
    out += [deck.t("notes.dm", name=t.name, threads=t.threads) for t in risk.decision_makers]
    out.append(deck.t("notes.coverage", coverage=f"{risk.coverage:.0%}"))
    people = {p.id: p for p in graph.people}
    seated = [people[m.person] for m in deal.committee if m.person in people]
    return out + _record_notes(deck, [(deal.name, deal.notes), *((p.name, p.notes) for p in seated)])


def _record_notes(deck: Deck, records: list[tuple[str, list[Note]]]) -> list[str]:
    """The notes of these records, for the speaker notes: none at all when redacted (notes
    are personal data)."""
    lines = [f"- {name}: {note_line(n)}" for name, notes in records for n in notes]
    return [deck.t("notes.notes"), *lines] if lines and not deck.redact else []


def _reasons(deck: Deck, risk: OpportunityRisk) -> list[str]:
    """The risk's reasons in the deck's language."""
    return [risk_reason(deck.lang, f, risk.names) for f in risk.factors]


def _picture(deck: Deck, slide: Slide, png: bytes, account: str) -> None:
    import struct

    px_w, px_h = (int(v) for v in struct.unpack(">II", png[16:24]))
    scale = min(MAP_W / px_w, MAP_H / px_h)
    w, h = int(px_w * scale), int(px_h * scale)
    pic = slide.shapes.add_picture(
        io.BytesIO(png), Emu(MARGIN + (MAP_W - w) // 2), Emu(MAP_TOP + (MAP_H - h) // 2), Emu(w), Emu(h)
    )
    for props in pic._element.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr"):
        props.set("descr", deck.say(deck.t("slide.map_alt", view=deck.t("view.committee"), account=account)))
    pic.name = "Account map"


STANCES = [Stance.detractor, Stance.neutral, Stance.supporter, Stance.unknown]
LEVELS = [Influence.high, Influence.medium, Influence.low, None]


def _power_map(deck: Deck, graph: Graph, org: Organisation, deals: list[Opportunity]) -> None:
    """Influence (rows) × stance (columns); every committee member once, as on their biggest deal."""
    people = {p.id: p for p in graph.people}
    cells: dict[tuple[int, int], list[str]] = {}
    placed: set[str] = set()
    for deal in deals:
        for mem in deal.committee:
            p = people.get(mem.person)
            if p is None or p.id in placed:
                continue
            placed.add(p.id)
            col = STANCES.index(effective_stance(p, mem))
            row = LEVELS.index(effective_influence(p, mem))
            roles = mem.roles or p.roles
            mark = " ".join(BADGES[r] for r in roles)
            decider = any(r in DECIDING_ROLES for r in roles)
            cells.setdefault((row, col), []).append(("★ " if decider else "") + p.name + (f" · {mark}" if mark else ""))
    left, top, head_w, head_h = MARGIN, Inches(1.35), Inches(1.4), Inches(0.4)
    col_w = [Inches(2.9), Inches(2.9), Inches(2.9), Inches(2.2)]
    row_h = (Inches(6.95) - top - head_h) // 4
    shown: dict[tuple[int, int], list[str]] = {}
    rest: list[str] = []
    for (r, c), names in sorted(cells.items()):
        names.sort(key=lambda n: not n.startswith("★"))  # who decides first, then in committee order
        size = _power_size(col_w[c])
        shown[(r, c)], cut = _cell_fit(deck, names, col_w[c] - Inches(0.2), row_h - Inches(0.1), size)
        if cut:
            where = f"{deck.t(f'stance.{STANCES[c].value}')} · {_level(deck, LEVELS[r])}"
            rest.append(deck.t("notes.power_rest", cell=where, names=", ".join(cut)))
    slide = deck.slide([deck.t("notes.power"), *rest])
    deck.header(slide, f"{deck.t('power.title')} · {org.name}", deck.t("power.sub", n=len(placed)))
    x = left + head_w
    for s, w in zip(STANCES, col_w, strict=True):
        rect(slide, x + Inches(0.03), top, w - Inches(0.06), head_h, rgb(STANCE_FILL[s]))
        deck.text(
            slide,
            x,
            top,
            w,
            head_h,
            [(deck.t(f"stance.{s.value}"), 12, True, INK)],
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.MIDDLE,
        )
        x += w
    for r, lvl in enumerate(LEVELS):
        y = top + head_h + r * row_h
        label = [(_level(deck, lvl), 12, True, MUTED)]
        deck.text(slide, left, y, head_w - Inches(0.1), row_h, label, anchor=MSO_ANCHOR.MIDDLE)
        x = left + head_w
        for c, w in enumerate(col_w):
            rect(
                slide,
                x + Inches(0.03),
                y + Inches(0.03),
                w - Inches(0.06),
                row_h - Inches(0.06),
                PANEL if (r, c) != (0, 0) else rgb("#FBE3DB"),
                line=RULE,
                shape=MSO_SHAPE.RECTANGLE,
            )
            lines = shown.get((r, c), [])
            if lines:
                size = _power_size(w)
                deck.text(
                    slide,
                    x + Inches(0.1),
                    y + Inches(0.08),
                    w - Inches(0.2),
                    row_h - Inches(0.1),
                    [(n, size, n.startswith("★"), INK) for n in lines],
                )
            x += w
    deck.text(slide, left, Inches(7.0), Inches(12.3), Inches(0.3), [(deck.t("power.legend"), 10, False, MUTED)])


#: A power-map line's width per character and its height, in font sizes (DejaVu Sans bold,
#: as the action plan's :data:`PLAN_LINE` measured it, with room to spare).
POWER_CHAR_EM, POWER_LINE_EM = 0.66, 1.25


def _level(deck: Deck, level: Influence | None) -> str:
    return deck.t(f"influence.{level.value}") if level else deck.t("influence.none")


def _power_size(width: int) -> int:
    return 11 if width > Inches(2) else 10


def _cell_fit(deck: Deck, names: list[str], width: int, height: int, size: int) -> tuple[list[str], list[str]]:
    """The names a power-map cell ``width`` × ``height`` (EMU) shows at ``size`` pt, each
    wrapped between words, with "+N more" as the last line when some do not fit; and the
    names left out (the speaker notes list them)."""
    chars = max(8, int(width / EMU_PER_PT / (size * POWER_CHAR_EM)))
    room = int(height / EMU_PER_PT // (size * POWER_LINE_EM))

    def lines(text: str) -> int:
        return len(wrap_words(text, chars, 99))

    used = 0
    for i, name in enumerate(names):
        more = [deck.t("more_people", n=len(names) - i - 1)] if i + 1 < len(names) else []
        after = used + lines(name)
        if after + sum(lines(m) for m in more) > room:
            return names[:i] + [deck.t("more_people", n=len(names) - i)], names[i:]
        used = after
    return names, []


KIND_COLOUR = {"route": "#004488", "seat": "#EE7733", "stale": "#CCBB44", "protect": "#CC3311", "whitespace": "#117755"}


#: How many characters of a 14 pt bold line and of an 11 pt line fit the action's 10.6 in text
#: box (DejaVu Sans, measured on the samples' longest Spanish names), and the height of each.
PLAN_LINE = {14: (84, 0.25), 11: (118, 0.19)}
PLAN_ROOM = 5.7  # inches of the slide below the header for actions


def _plan_height(deck: Deck, a: Action) -> float:
    """The height in inches an action's two texts take, wrapped at word boundaries."""
    inches = 0.12
    for text, size in ((_sentence(deck, a), 14), (_why(deck, a), 11)):
        width, line = PLAN_LINE[size]
        inches += line * max(1, -(-len(text) // width))
    return max(0.8, inches)


def _plan_pages(deck: Deck, actions: list[Action]) -> list[list[Action]]:
    """The actions in order, as many on a slide as fit in :data:`PLAN_ROOM` (at least one)."""
    pages: list[list[Action]] = [[]]
    used = 0.0
    for a in actions:
        h = _plan_height(deck, a)
        if pages[-1] and used + h > PLAN_ROOM:
            pages.append([])
            used = 0.0
        pages[-1].append(a)
        used += h
    return pages


def _plan(deck: Deck, org: Organisation, actions: list[Action]) -> None:
    chunks = _plan_pages(deck, actions)
    for i, chunk in enumerate(chunks, start=1):
        part = f" ({i}/{len(chunks)})" if len(chunks) > 1 else ""
        slide = deck.slide([deck.t("notes.plan")] + [f"{_sentence(deck, a)}: {_why(deck, a)}" for a in chunk])
        deck.header(slide, f"{deck.t('plan.title')} · {org.name}{part}", deck.t("plan.sub", n=len(actions)))
        y: int = Inches(1.45)
        if not chunk:
            deck.text(slide, MARGIN, y, Inches(12), Inches(0.5), [(deck.t("plan.none"), 14, False, MUTED)])
        for a in chunk:
            rect(
                slide,
                MARGIN,
                y + Inches(0.05),
                Inches(1.5),
                Inches(0.34),
                rgb(KIND_COLOUR[a.kind]),
                shape=MSO_SHAPE.ROUNDED_RECTANGLE,
            )
            deck.text(
                slide,
                MARGIN,
                y + Inches(0.05),
                Inches(1.5),
                Inches(0.34),
                [(deck.t(f"kind.{a.kind}"), 11, True, rgb("#FFFFFF"))],
                align=PP_ALIGN.CENTER,
                anchor=MSO_ANCHOR.MIDDLE,
            )
            deck.text(
                slide,
                MARGIN + Inches(1.7),
                y,
                Inches(10.6),
                Inches(_plan_height(deck, a)),
                [(_sentence(deck, a), 14, True, INK), (_why(deck, a), 11, False, MUTED)],
            )
            y += Inches(_plan_height(deck, a))


def _sentence(deck: Deck, a: Action) -> str:
    deal = a.deal_name or ""
    if a.kind == "route":
        if a.ours and a.via:
            return deck.t("act.route", ours=a.ours, via=a.via_name, name=a.name)
        return deck.t("act.route_none", name=a.name)
    if a.kind == "seat":
        return deck.t("act.seat", role=role_name(deck.lang, a.role) if a.role else a.name, deal=deal)
    if a.kind == "stale":
        return deck.t("act.stale", ours=a.ours or deck.t("team.node"), name=a.name)
    if a.kind == "protect":
        return deck.t("act.protect", name=a.name, via=a.via_name)
    return deck.t("act.whitespace", name=a.name)


def _why(deck: Deck, a: Action) -> str:
    if a.kind == "route" and a.route:
        return deck.t("why.route", route=" → ".join(a.route), p=f"{a.probability or 0:.0%}", deal=a.deal_name)
    if a.kind == "route":
        return deck.t("why.route_none", name=a.name, deal=a.deal_name)
    if a.kind == "seat":
        return deck.t("why.seat", deal=a.deal_name)
    if a.kind == "stale":
        return deck.t("why.stale", date=a.last_contact.isoformat() if a.last_contact else "?", days=a.days)
    if a.kind == "protect":
        key = "why.protect_set" if a.together else "why.protect"
        return deck.t(key, threads=a.threads, via=a.via_name, deal=a.deal_name)
    if a.kind == "whitespace":
        if not a.headcount:
            return deck.t("why.whitespace_nohead", products=a.products)
        return deck.t("why.whitespace", people=f"{a.headcount:,}", products=a.products)
    return a.reason
