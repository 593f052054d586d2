"""The legend strip under a map on a slide: stance colours, our team, the badges shown,
and the three widths of a border (influence) and of a line (strength)."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE
from pptx.slide import Slide
from pptx.util import Inches

from ...model import Stance
from ..dot import STANCE_FILL, TEAM_FILL, legend_roles, stances_shown
from ..i18n import BADGES, role_name
from ..plan import AccountMap
from .base import INK, MUTED, Deck, rect, rgb

__all__ = ["legend"]


def legend(deck: Deck, slide: Slide, m: AccountMap, left: int, top: int, width: int, lines: str | None = None) -> None:
    """The legend strip; ``lines`` says what the slide's lines (and marks) mean, when not the usual."""
    lang = m.lang
    x = left
    size = Inches(0.18)
    items: list[tuple[str, str]] = [(STANCE_FILL[s], deck.t(f"stance.{s.value}")) for s in stances_shown(m)]
    if not stances_shown(m):
        items.append((STANCE_FILL[Stance.unknown], f"{deck.t('stance')}: {deck.t('stance.none')}"))
    if any(n.kind == "team" for n in m.nodes):
        items.append((TEAM_FILL, deck.t("team")))
    for colour, label in items:
        rect(slide, x, top + Inches(0.03), size, size, rgb(colour), line=INK, shape=MSO_SHAPE.ROUNDED_RECTANGLE)
        label_width = Inches(0.085 * len(label) + 0.2)
        deck.text(slide, x + size + Inches(0.06), top, label_width, Inches(0.3), [(label, 10, False, INK)])
        x += size + Inches(0.06) + label_width
    # the three border widths: influence high / medium / low
    for pt, key in ((3.0, "influence.high"), (1.5, "influence.medium"), (0.75, "influence.low")):
        rect(
            slide,
            x,
            top + Inches(0.03),
            size,
            size,
            rgb("#FFFFFF"),
            line=INK,
            shape=MSO_SHAPE.ROUNDED_RECTANGLE,
            line_pt=pt,
        )
        label = deck.t(key)
        label_width = Inches(0.085 * len(label) + 0.2)
        deck.text(slide, x + size + Inches(0.06), top, label_width, Inches(0.3), [(label, 10, False, INK)])
        x += size + Inches(0.06) + label_width
    roles = "   ".join(f"{BADGES[r]} {role_name(lang, r)}".replace(" ", "\u00a0") for r in legend_roles(m))
    if m.owners:
        owners = ", ".join(f"{code} {name}" for code, name in m.owners)
        note = f"{deck.t('owners')}: {owners} ({deck.t('owners.note')})"
        roles = "   ".join(part for part in (roles, note.replace(" ", "\u00a0")) if part)
    roles = "   ".join(p for p in (roles, deck.t("legend.lines") if lines is None else lines) if p)
    deck.text(slide, left, top + Inches(0.3), width, Inches(0.45), [(roles, 10, False, MUTED)])
