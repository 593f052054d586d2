"""The portfolio slide: each account placed by risk (its riskiest open deal) and by value,
and how much of the value the top 20% of accounts hold (the 80/20 share)."""

from __future__ import annotations

from collections.abc import Sequence

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from ...analysis import account_risk, portfolio_risk
from ...errors import KamgraphError
from ...model import Graph
from .base import INK, MARGIN, MUTED, PANEL, RULE, WARN, Deck, money, rect, rgb

__all__ = ["portfolio_slide"]


def portfolio_slide(deck: Deck, accounts: Sequence[tuple[str, Graph]]) -> None:
    rows: list[tuple[str, float, str | None, int]] = []  # name, value, currency, worst score
    for account, graph in accounts:
        org = graph.organisation(account)
        assert org is not None
        try:
            scores = [r.score for r in account_risk(graph, account, today=deck.today).opportunities]
        except KamgraphError:
            scores = []
        pipeline = sum(o.amount or 0 for o in graph.opportunities if o.account == account and o.is_open)
        rows.append((org.name, org.value or pipeline, org.currency, max(scores, default=0)))
    share = portfolio_risk(list(accounts), today=deck.today)
    parts = [f"{c.currency or '—'}: {c.top_share:.0%} ({len(c.top_accounts)}/{c.accounts})" for c in share.by_currency]
    if share.top_share is not None:
        parts = [f"{share.top_share:.0%} ({len(share.top_accounts)}/{share.accounts})"]
    notes = [deck.t("notes.portfolio")] + [f"{n}: {money(v, c)}, {deck.t('slide.risk')} {s}" for n, v, c, s in rows]
    if share.note:
        notes.append(share.note)
    slide = deck.slide(notes)
    deck.header(slide, deck.t("portfolio.title"), deck.t("portfolio.sub", share="; ".join(parts)))
    # risk (up) × value rank (right): value ranks, since currencies are not compared
    left, top, w, h = MARGIN + Inches(0.8), Inches(1.5), Inches(8.2), Inches(4.9)
    rect(slide, left, top, w, h, PANEL, line=RULE)
    rect(slide, left, top, w // 2, h // 2, rgb("#FBE3DB"))
    deck.text(
        slide,
        left + Inches(0.1),
        top + Inches(0.05),
        w // 2,
        Inches(0.3),
        [(deck.t("portfolio.protect"), 10, True, WARN)],
    )
    deck.text(slide, MARGIN, top, Inches(0.75), h, [(deck.t("portfolio.y"), 10, True, MUTED)], anchor=MSO_ANCHOR.MIDDLE)
    deck.text(
        slide,
        left,
        top + h + Inches(0.05),
        w,
        Inches(0.3),
        [(deck.t("portfolio.x"), 10, True, MUTED)],
        align=PP_ALIGN.CENTER,
    )
    order = sorted(range(len(rows)), key=lambda i: (rows[i][1], rows[i][0]))
    rank = {i: r for r, i in enumerate(order)}
    for i, (name, value, currency, score) in enumerate(rows):
        x = left + int(w * (rank[i] + 0.5) / len(rows))
        y = top + int(h * (1 - score / 100))
        d = Inches(0.3)
        rect(slide, x - d // 2, y - d // 2, d, d, WARN if score >= 50 else rgb("#4477AA"), shape=MSO_SHAPE.OVAL)
        deck.text(
            slide,
            x - Inches(1.3),
            y + d // 2 + Inches(0.02),
            Inches(2.6),
            Inches(0.5),
            [(name, 10, True, INK), (f"{money(value, currency)} · {score}/100", 10, False, MUTED)],
            align=PP_ALIGN.CENTER,
        )
    x = left + w + Inches(0.4)
    runs: list[tuple[str, float, bool, object]] = [(deck.t("portfolio.table"), 10, True, MUTED)]
    for name, value, currency, score in sorted(rows, key=lambda r: (-r[3], r[0])):
        runs.append((f"{name}: {score}/100 · {money(value, currency)}", 11, False, WARN if score >= 50 else INK))
    deck.text(slide, x, top, Inches(3.3), h, runs)  # type: ignore[arg-type]
