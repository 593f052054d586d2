"""QBR slide decks with python-pptx: a title slide, then one 16:9 slide per account with its
map, a legend and the key numbers.

The maps are drawn by Graphviz (so building a deck needs ``dot``); everything else is
native PowerPoint shapes and text, which stay editable.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from .. import clock
from ..errors import KamgraphError
from ..model import Graph, Stance
from ..money import format_totals
from .dot import STANCE_FILL, TEAM_FILL, clean, draw, legend_roles, stances_shown
from .facts import KeyNumbers, committee_routes, key_numbers
from .i18n import BADGES, Lang, role_name, text
from .plan import AccountMap, MapOptions, initials, plan_map
from .run import PNG_DPI, render

__all__ = ["build_deck", "write_deck"]


def _rgb(hex_colour: str) -> RGBColor:
    colour: RGBColor = RGBColor.from_string(hex_colour.lstrip("#"))  # type: ignore[no-untyped-call]
    return colour


WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: PowerPoint's own 16:9
MARGIN = Inches(0.5)
INK = _rgb("#222222")
MUTED = _rgb("#666666")
ACCENT = _rgb("#004488")
PANEL = _rgb("#F3F6F9")
RULE = _rgb("#D0D7DE")
WARN = _rgb("#CC3311")
OK = _rgb("#117755")




def _png_size(png: bytes) -> tuple[int, int]:
    """Pixel width and height from a PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return "—"
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if amount >= limit:
            value = f"{amount / limit:.1f}".rstrip("0").rstrip(".")
            return f"{value}{suffix} {currency or ''}".strip()
    return f"{amount:,.0f} {currency or ''}".strip()


def _text(slide: Slide, left: int, top: int, width: int, height: int, runs: Sequence[tuple[str, int, bool, RGBColor]],
          align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    """A text box; each run (text, size in points, bold, colour) is a paragraph."""
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    for i, (words, size, bold, colour) in enumerate(runs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = clean(words, 2000)  # XML (PPTX) cannot hold control characters
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour


def _rect(slide: Slide, left: int, top: int, width: int, height: int, fill: RGBColor,
          line: RGBColor | None = None, shape: MSO_SHAPE = MSO_SHAPE.RECTANGLE) -> None:
    box = slide.shapes.add_shape(shape, Emu(left), Emu(top), Emu(width), Emu(height))
    box.fill.solid()
    box.fill.fore_color.rgb = fill
    if line is None:
        box.line.fill.background()
    else:
        box.line.color.rgb = line
        box.line.width = Pt(0.75)
    box.shadow.inherit = False


def _title_slide(prs: PresentationType, names: list[str], lang: Lang, when: dt.date) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, 0, 0, Inches(0.35), HEIGHT, ACCENT)
    n = len(names)
    subtitle = text(lang, "deck.subtitle1", date=when.isoformat()) if n == 1 else \
        text(lang, "deck.subtitle", n=n, date=when.isoformat())
    _text(slide, Inches(1.2), Inches(2.3), Inches(11), Inches(1.2), [(text(lang, "deck.title"), 44, True, INK)],
          anchor=MSO_ANCHOR.BOTTOM)
    _text(slide, Inches(1.2), Inches(3.6), Inches(11), Inches(0.6), [(subtitle, 20, False, MUTED)])
    _rect(slide, Inches(1.2), Inches(4.45), Inches(1.5), Pt(3), ACCENT)
    _text(slide, Inches(1.2), Inches(4.75), Inches(11), Inches(2), [(" · ".join(names), 16, False, INK)])


def _legend(slide: Slide, m: AccountMap, left: int, top: int, width: int) -> None:
    """Stance swatches and the badges used on the map, in one strip."""
    lang = m.lang
    x = left
    size = Inches(0.18)
    items: list[tuple[str, str]] = [(STANCE_FILL[s], text(lang, f"stance.{s.value}")) for s in stances_shown(m)]
    if not stances_shown(m):
        items.append((STANCE_FILL[Stance.unknown], f"{text(lang, 'stance')}: {text(lang, 'stance.none')}"))
    if any(n.kind == "team" for n in m.nodes):
        items.append((TEAM_FILL, text(lang, "team")))
    for colour, label in items:
        _rect(slide, x, top + Inches(0.03), size, size, _rgb(colour), line=INK, shape=MSO_SHAPE.ROUNDED_RECTANGLE)
        label_width = Inches(0.08 * len(label) + 0.2)
        _text(slide, x + size + Inches(0.07), top, label_width, Inches(0.3), [(label, 10, False, INK)])
        x += size + Inches(0.07) + label_width
    # No-break spaces keep each badge with its meaning when the line wraps.
    roles = "   ".join(f"{BADGES[r]} {role_name(lang, r)}".replace(" ", "\u00a0") for r in legend_roles(m))
    if m.owners:  # CRM record owners: the initials on the people's boxes
        owners = ", ".join(f"{code} {name}" for code, name in m.owners)
        note = f"{text(lang, 'owners')}: {owners} ({text(lang, 'owners.note')})"
        roles = "   ".join(part for part in (roles, note.replace(" ", "\u00a0")) if part)
    if roles:
        _text(slide, x + Inches(0.2), top, max(left + width - x - Inches(0.2), Inches(1)), Inches(0.3),
              [(roles, 10, False, MUTED)])


def _stat(slide: Slide, left: int, top: int, width: int, value: str, label: str, colour: RGBColor = INK) -> int:
    _text(slide, left, top, width, Inches(0.45), [(value, 24, True, colour)])
    _text(slide, left, top + Inches(0.45), width, Inches(0.4), [(label, 10, False, MUTED)])
    return top + Inches(0.95)


def _numbers_panel(slide: Slide, k: KeyNumbers, lang: Lang, redact: bool, left: int, top: int, width: int,
                   height: int) -> None:
    _rect(slide, left, top, width, height, PANEL)
    pad = Inches(0.25)
    x, w = left + pad, width - 2 * pad
    y = top + Inches(0.2)
    _text(slide, x, y, w, Inches(0.3), [(text(lang, "slide.key_numbers").upper(), 11, True, ACCENT)])
    y += Inches(0.4)
    if k.deal is None:
        _text(slide, x, y, w, Inches(0.5), [(text(lang, "slide.no_deal"), 12, False, MUTED)])
        y += Inches(0.6)
    else:
        _text(slide, x, y, w, Inches(0.7), [(text(lang, "slide.biggest_deal"), 10, False, MUTED),
                                            (f"{k.deal} · {_money(k.amount, k.currency)}", 13, True, INK)])
        y += Inches(0.45 + 0.22 * min(3, 1 + len(k.deal) // 26))
        na = text(lang, "slide.not_available")
        threads = str(k.threads) if k.threads is not None else "—"
        colour = WARN if k.threads is not None and k.threads <= 1 else INK
        half = (w - Inches(0.1)) // 2
        _stat(slide, x, y, half, threads, text(lang, "slide.threads"), colour)
        score = str(k.score) if k.score is not None else "—"
        y = _stat(slide, x + half + Inches(0.1), y, half, score, text(lang, "slide.risk"),
                  WARN if (k.score or 0) >= 50 else INK)
        coverage = f"{k.coverage:.0%}" if k.coverage is not None else na
        _stat(slide, x, y, half, coverage, text(lang, "slide.coverage"))
        y = _stat(slide, x + half + Inches(0.1), y, half, f"{k.supporters} / {k.detractors}",
                  text(lang, "slide.supporters"), WARN if k.detractors > k.supporters else INK)
        critical = ", ".join(initials(c) if redact else c for c in k.critical) or text(lang, "slide.none")
        _text(slide, x, y, w, Inches(0.75), [(text(lang, "slide.critical"), 10, False, MUTED),
                                            (critical, 12, True, WARN if k.critical else INK)])
        y += Inches(0.75)
    _rect(slide, x, y, w, Pt(1), RULE)
    y += Inches(0.15)
    spots = [s.name + (f" ({s.headcount:,})" if s.headcount else "") for s in k.white_space]
    runs: list[tuple[str, int, bool, RGBColor]] = [(text(lang, "slide.whitespace"), 10, False, MUTED)]
    runs += [(s, 11, True, INK) for s in spots] or [(text(lang, "slide.no_whitespace"), 11, False, INK)]
    _text(slide, x, y, w, Inches(1.2), runs)


#: The map's names are drawn at 11 pt (PNG at 144 dpi): below this size on the account
#: slide (8 pt: a legend's size on a projected slide), the map gets a full-width slide too.
LEGIBLE_PT = 8.0
NAME_PT = 11.0


def _picture(slide: Slide, png: bytes, left: int, top: int, width: int, height: int, alt: str) -> float:
    """The map, as large as fits its box, centred; returns its names' size in points."""
    px_w, px_h = _png_size(png)
    scale = min(width / px_w, height / px_h)
    pic_w, pic_h = int(px_w * scale), int(px_h * scale)
    pic = slide.shapes.add_picture(io.BytesIO(png), Emu(left + (width - pic_w) // 2),
                                   Emu(top + (height - pic_h) // 2), Emu(pic_w), Emu(pic_h))
    # Alt text for screen readers: what the picture is, never who is on it.
    for props in pic._element.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr"):
        props.set("descr", clean(alt))
    pic.name = "Account map"
    return NAME_PT * pic_w / (px_w / PNG_DPI * 914400)


def _header(slide: Slide, title: str, facts: str) -> None:
    _rect(slide, 0, 0, WIDTH, Inches(0.12), ACCENT)
    _text(slide, MARGIN, Inches(0.3), Inches(12.3), Inches(0.6), [(title, 28, True, INK)])
    _text(slide, MARGIN, Inches(0.9), Inches(12.3), Inches(0.35), [(facts, 13, False, MUTED)])


def _account_slide(prs: PresentationType, graph: Graph, account: str, options: MapOptions, when: dt.date) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    lang = options.lang
    map_options = options.model_copy(update={"legend": False, "title": False, "today": when,
                                             "also": committee_routes(graph, account)})
    try:
        m = plan_map(graph, account, map_options)
    except KamgraphError:
        if options.view == "org":
            raise
        m = plan_map(graph, account, map_options.model_copy(update={"view": "org"}))
    png = render(draw(m), "png")
    org = graph.organisation(account)
    assert org is not None  # plan_map checked
    k = key_numbers(graph, account, today=when)

    facts = [org.industry, org.tier, f"{text(lang, 'slide.value')} {_money(org.value, org.currency)}"
             if org.value else None,
             f"{text(lang, 'slide.pipeline')} {format_totals(k.pipeline, _money)}" if k.pipeline else None,
             f"{text(lang, 'slide.people')} {m.total_people}", text(lang, f"view.{m.view}")]
    _header(slide, org.name, " · ".join(f for f in facts if f))
    view = text(lang, f"view.{m.view}") + (f" · {k.deal}" if m.view == "committee" and k.deal else "")
    alt = text(lang, "slide.map_alt", view=text(lang, f"view.{m.view}"), account=org.name)

    box_left, box_top, box_w, box_h = MARGIN, Inches(1.45), Inches(8.95), Inches(5.25)
    _rect(slide, box_left, box_top, box_w, box_h, _rgb("#FFFFFF"), line=RULE)
    pad = Inches(0.1)
    size = _picture(slide, png, box_left + pad, box_top + pad, box_w - 2 * pad, box_h - 2 * pad, alt)
    _legend(slide, m, MARGIN, Inches(6.85), Inches(12.3))
    _numbers_panel(slide, k, lang, options.redact, Inches(9.65), box_top, Inches(3.18), box_h)
    if size >= LEGIBLE_PT:
        return
    # Too small to read on the account slide: the same map again, on a slide of its own.
    big = prs.slides.add_slide(prs.slide_layouts[6])
    _header(big, org.name, view)
    _picture(big, png, MARGIN, Inches(1.4), WIDTH - 2 * MARGIN, Inches(5.35), alt)
    _legend(big, m, MARGIN, Inches(6.85), Inches(12.3))


def build_deck(accounts: Sequence[tuple[str, Graph]], options: MapOptions | None = None) -> PresentationType:
    """A deck: a title slide, then one slide per ``(account id, account graph)``, whose map
    is ``options.view`` (by default the committee of the account's biggest open deal; the org
    chart for an account with no open deal). A map too small to read beside the key numbers
    (names under 8 pt) is repeated, full width, on a slide of its own."""
    options = options or MapOptions(view="committee")
    when = options.today or clock.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    props = prs.core_properties  # the template's own say 2013 and its author
    props.author = props.last_modified_by = "kamgraph"
    props.created = props.modified = dt.datetime(when.year, when.month, when.day)
    props.description = "Account review built by kamgraph"
    names = []
    for account, graph in accounts:
        org = graph.organisation(account)
        names.append(org.name if org else account)
    _title_slide(prs, names, options.lang, when)
    for account, graph in accounts:
        _account_slide(prs, graph, account, options, when)
    return prs


def write_deck(accounts: Sequence[tuple[str, Graph]], path: Path | str, options: MapOptions | None = None) -> int:
    """:func:`build_deck`, saved to ``path``; returns how many slides it has."""
    deck = build_deck(accounts, options)
    buffer = io.BytesIO()
    deck.save(buffer)
    when = (options.today if options else None) or clock.today()
    Path(path).write_bytes(stable_zip(buffer.getvalue(), when))
    return len(deck.slides)


def stable_zip(data: bytes, when: dt.date) -> bytes:
    """The same zip (a PPTX is one) with every entry stamped ``when`` instead of the
    wall-clock time, so that the same deck is the same bytes on any day it is built."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
