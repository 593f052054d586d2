"""QBR slide decks with python-pptx: a title slide, a portfolio slide when several accounts
are given, then per account a summary, one committee slide per open deal, a power map and
an action plan, each with speaker notes that explain its numbers.

Committee maps are native PowerPoint shapes and connectors placed from Graphviz's layout
(so building a deck needs ``dot``); ``pictures=True`` puts Graphviz's images instead.
No text is under 10 pt: a committee too big for a slide at that size is split, and the
slide says what was left out.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR
from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches

from ... import clock
from ...errors import NotFound
from ...model import Graph
from ..plan import MapOptions
from .account import account_slides
from .base import ACCENT, HEIGHT, INK, MUTED, WIDTH, Deck, rect
from .portfolio import portfolio_slide

if TYPE_CHECKING:
    from ...diff import AccountDiff

__all__ = ["build_deck", "stable_zip", "write_deck"]


def _title_slide(deck: Deck, names: list[str]) -> None:
    slide = deck.slide([deck.t("notes.title")])
    rect(slide, 0, 0, Inches(0.35), HEIGHT, ACCENT)
    n = len(names)
    when = deck.today.isoformat()
    subtitle = deck.t("deck.subtitle1", date=when) if n == 1 else deck.t("deck.subtitle", n=n, date=when)
    deck.text(
        slide,
        Inches(1.2),
        Inches(2.3),
        Inches(11),
        Inches(1.2),
        [(deck.t("deck.title"), 44, True, INK)],
        anchor=MSO_ANCHOR.BOTTOM,
    )
    deck.text(slide, Inches(1.2), Inches(3.6), Inches(11), Inches(0.6), [(subtitle, 20, False, MUTED)])
    rect(slide, Inches(1.2), Inches(4.45), Inches(1.5), Inches(0.04), ACCENT)
    deck.text(slide, Inches(1.2), Inches(4.75), Inches(11), Inches(2), [(" · ".join(names), 16, False, INK)])


def build_deck(
    accounts: Sequence[tuple[str, Graph]],
    options: MapOptions | None = None,
    *,
    opportunities: Sequence[str] = (),
    pictures: bool = False,
    since: Mapping[str, AccountDiff] | None = None,
) -> PresentationType:
    """A deck for ``(account id, account graph)`` pairs. ``opportunities`` names the deals to
    show (default: every open deal); ``options`` gives the language, redaction and day;
    ``since`` (account → what changed, :func:`kamgraph.diff.diff`) opens each of those
    accounts with a "Since last review" slide."""
    options = options or MapOptions(view="committee")
    when = options.today or clock.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    props = prs.core_properties  # the template's own say 2013 and its author
    props.author = props.last_modified_by = "kamgraph"
    props.created = props.modified = dt.datetime(when.year, when.month, when.day)
    props.description = "Account review built by kamgraph"
    deck = Deck(prs=prs, lang=options.lang, today=when, redact=options.redact, pictures=pictures)
    for _, graph in accounts:
        deck.learn(graph)
    known = {o.id for _, g in accounts for o in g.opportunities}
    for opp in opportunities:
        if opp not in known:
            raise NotFound(f"no opportunity with id '{opp}' in {', '.join(a for a, _ in accounts)}")
    names = []
    for account, graph in accounts:
        org = graph.organisation(account)
        if org is None:
            raise NotFound(f"no account with id '{account}'")
        names.append(org.name)
    # Deals named: the deck is about their accounts only (title, portfolio and slides alike).
    shown = [(a, g, _named(a, g, opportunities)) for a, g in accounts]
    shown = [(a, g, mine) for a, g, mine in shown if mine or not opportunities]
    _title_slide(deck, [name for name, (a, _) in zip(names, accounts, strict=True) if any(a == s[0] for s in shown)])
    if len(shown) > 1:
        portfolio_slide(deck, [(a, g) for a, g, _ in shown])
    for account, graph, mine in shown:
        if since and account in since:
            from .review import review_slide

            review_slide(deck, since[account])
        account_slides(deck, graph, account, mine)
    return prs


def _named(account: str, graph: Graph, opportunities: Sequence[str]) -> list[str]:
    """The deals of ``opportunities`` that are ``account``'s."""
    return [o for o in opportunities if any(x.id == o and x.account == account for x in graph.opportunities)]


def write_deck(
    accounts: Sequence[tuple[str, Graph]],
    path: Path | str,
    options: MapOptions | None = None,
    *,
    opportunities: Sequence[str] = (),
    pictures: bool = False,
    since: Mapping[str, AccountDiff] | None = None,
) -> int:
    """:func:`build_deck`, saved to ``path``; returns how many slides it has."""
    deck = build_deck(accounts, options, opportunities=opportunities, pictures=pictures, since=since)
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
