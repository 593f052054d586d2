"""The "Since last review" slide (``slides --since DATE``): what :func:`kamgraph.diff.diff`
found moved in an account since that date — people who joined and left, stance and roles,
relationships, deals, new empty seats — and each open deal's risk then and now. The lines
that do not fit are counted on the slide and listed in full in its speaker notes."""

from __future__ import annotations

from pptx.util import Inches

from ...diff import AccountDiff
from ...model import Role
from ..i18n import role_name
from .base import ACCENT, INK, MARGIN, MUTED, Deck, rect

__all__ = ["LINES_PER_SLIDE", "review_lines", "review_slide"]

#: Lines the slide shows at 14 pt before it says how many more there are.
LINES_PER_SLIDE = 12


def _arrow(old: object, new: object) -> str:
    return f"{'—' if old is None else old} → {'—' if new is None else new}"


def review_lines(deck: Deck, d: AccountDiff) -> list[tuple[str, str]]:
    """``(kind, what)`` per change, in the order the slide shows them."""
    t = deck.t
    deals = {r.opportunity: r.name for r in d.risk} | {x.opportunity: x.name for x in d.deals}
    out = [(t("review.joined"), p.name + (f" ({p.title})" if p.title else "")) for p in d.joined]
    out += [(t("review.left"), p.name + (f" ({p.why})" if p.why else "")) for p in d.left]
    for m in d.moves:
        where = f" {t('review.on')} {deals.get(m.opportunity, m.opportunity)}" if m.opportunity else ""
        out.append((t("review.moved"), f"{m.name}: {m.field}{where} {_arrow(m.old, m.new)}"))
    for role in d.roles:
        named = {x: role_name(deck.lang, Role(x)) for x in [*role.gained, *role.lost]}
        change = ", ".join([*(f"+{named[x]}" for x in role.gained), *(f"−{named[x]}" for x in role.lost)])
        deal = deals.get(role.opportunity, role.opportunity)
        out.append((t("review.roles"), f"{role.name} {t('review.on')} {deal}: {change}"))
    for rel in d.relationships:
        out.append((t(f"review.{rel.change}"), f"{rel.ours_name} – {rel.theirs_name}"))
    for x in d.deals:
        out.append((t("review.deal"), f"{x.name}: {x.field} {_arrow(x.old, x.new)}"))
    out += [(t("review.seat"), f"{s.name}: {s.role}") for s in d.empty_seats]
    for risk in d.risk:
        if (risk.threads_then, risk.score_then) != (risk.threads_now, risk.score_now):
            out.append(
                (
                    t("review.risk"),
                    f"{risk.name}: {t('review.threads')} {_arrow(risk.threads_then, risk.threads_now)}, "
                    f"{t('review.score')} {_arrow(risk.score_then, risk.score_now)}",
                )
            )
    return out


def review_slide(deck: Deck, d: AccountDiff) -> None:
    """One slide: what changed in ``d.account`` since ``d.since``."""
    lines = review_lines(deck, d)
    date = d.since.isoformat()
    slide = deck.slide([deck.t("review.notes", date=date)] + [f"{kind}: {what}" for kind, what in lines])
    deck.header(slide, f"{deck.t('review.title')} · {d.name}", deck.t("review.sub", date=date))
    y: int = Inches(1.5)
    if not lines:
        deck.text(slide, MARGIN, y, Inches(12), Inches(0.5), [(deck.t("review.none", date=date), 14, False, MUTED)])
        return
    shown = lines if len(lines) <= LINES_PER_SLIDE else lines[: LINES_PER_SLIDE - 1]
    for kind, what in shown:
        rect(slide, MARGIN, y + Inches(0.1), Inches(0.08), Inches(0.28), ACCENT)
        deck.text(slide, MARGIN + Inches(0.25), y, Inches(2.6), Inches(0.45), [(kind, 14, True, INK)])
        deck.text(slide, MARGIN + Inches(2.9), y, Inches(9.4), Inches(0.45), [(what, 14, False, INK)])
        y += Inches(0.46)
    if len(shown) < len(lines):
        more = deck.t("review.more", n=len(lines) - len(shown))
        deck.text(slide, MARGIN + Inches(0.25), y, Inches(12), Inches(0.45), [(more, 12, False, MUTED)])
