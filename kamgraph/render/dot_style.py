"""How an account map's parts look in DOT: the palette (Paul Tol's *light* scheme, chosen to
stay apart for colour-blind readers and to carry black text), user text made safe for DOT
strings and HTML-like labels, and each person's and relation's attributes.
:mod:`kamgraph.render.dot` draws the map with them; the slides use the same palette and text.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from html import escape as _html_escape

import graphviz

from ..model import DECIDING_ROLES, Influence, Role, Stance
from .i18n import BADGES, Lang, text
from .plan import MapEdge, MapNode

__all__ = [
    "EDGE_COLOURS",
    "FONT",
    "STANCE_FILL",
    "TEAM_FILL",
    "clean",
    "dot_text",
    "edge_attrs",
    "escape",
    "mark_changed",
    "mark_critical",
    "node_attrs",
    "owner_cells",
    "tooltip",
]


FONT = "DejaVu Sans"

#: Paul Tol's light scheme: mint, light yellow, orange, pale grey.
STANCE_FILL: dict[Stance, str] = {
    Stance.supporter: "#44BB99",
    Stance.neutral: "#EEDD88",
    Stance.detractor: "#EE8866",
    Stance.unknown: "#DDDDDD",
}
TEAM_FILL = "#99DDFF"
#: Someone who has left: a grey box, struck through.
LEFT_FILL = "#E8E8E8"
EDGE_COLOURS = {
    "reports_to": "#555555",
    "influences": "#4477AA",
    "knows": "#0077BB",
    "path": "#AA3377",
    "group": "#AAAAAA",
    "stack": "#FFFFFF",
    "grid": "#FFFFFF",
}
PATH_COLOUR = EDGE_COLOURS["path"]
SEAT_COLOUR = "#EE7733"
INK = "#222222"
OWNER_COLOUR = "#0077BB"
OWNER_INK = "#004488"
MUTED = "#555555"
BORDER_WIDTH = {Influence.high: "2.8", Influence.medium: "1.3", Influence.low: "0.8"}
#: Strength or weight as a line width, in three steps that can be told apart (the legend says which).
LINE_STEPS = ((0.7, "4"), (0.4, "2.2"), (0.0, "1"))


def step_width(weight: float | None) -> str:
    """The line width for a strength or weight (0.5 when unknown).

    >>> step_width(0.9), step_width(0.5), step_width(0.1), step_width(None)
    ('4', '2.2', '1', '2.2')
    """
    w = 0.5 if weight is None else weight
    return next(width for limit, width in LINE_STEPS if w >= limit)


#: The longest text one label line shows (Graphviz refuses strings past about 16 kB).
MAX_TEXT = 200
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(s: str, limit: int = MAX_TEXT) -> str:
    """``s`` fit for a map whatever it holds: control characters (which XML, hence SVG,
    cannot carry) and lone surrogates become U+FFFD, line breaks spaces, and a text
    past ``limit`` characters is cut with an ellipsis.

    >>> clean("Ana\\x1b[31m\\nRuiz"), clean("x" * 300)[-3:]
    ('Ana\ufffd[31m Ruiz', 'xx…')
    """
    s = _UNPRINTABLE.sub(lambda m: " " if m[0] in "\n\r\t" else "\ufffd", s)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def escape(s: str, limit: int = MAX_TEXT) -> str:
    """User text for an HTML-like label: :func:`clean`, then every markup character escaped."""
    return _html_escape(clean(s, limit))


def dot_text(s: str, limit: int = MAX_TEXT) -> str:
    """User text for a plain DOT string (a cluster's label, a tooltip, an id): :func:`clean`,
    backslashes doubled (DOT reads ``\\N``, ``\\l`` … as escapes, and a trailing one would eat
    the closing quote), and never taken as an HTML-like label, even shaped like ``<…>``.

    >>> import graphviz
    >>> g = graphviz.Digraph()
    >>> g.node("n0", label=dot_text('<<a href="javascript:x">y</a>>'), tooltip=dot_text("end\\\\"))
    >>> print(g.source.splitlines()[1].strip())
    n0 [label="<<a href=\\"javascript:x\\">y</a>>" tooltip="end\\\\"]
    """
    plain: str = graphviz.nohtml(clean(s, limit).replace("\\", "\\\\"))
    return plain


def _wrap(s: str, width: int = 28, lines: int = 2) -> list[str]:
    """At most ``lines`` lines, broken between words (never inside "kx-connect")."""
    out = textwrap.wrap(s, width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def _badge_cells(roles: list[Role]) -> list[str]:
    cells = []
    for r in roles:
        dark = r in DECIDING_ROLES or r == Role.blocker
        bg, fg = ("#222222", "#FFFFFF") if dark else ("#FFFFFF", INK)
        # A fixed size: a lone badge would otherwise stretch to the width of the box.
        cells.append(
            f'<td bgcolor="{bg}" border="1" color="#222222" fixedsize="true" '
            f'width="{8 + 6.2 * len(BADGES[r]):.0f}" height="12">'
            f'<font point-size="8" color="{fg}"><b>{BADGES[r]}</b></font></td>'
        )
    return cells


def owner_cells(codes: list[str]) -> list[str]:
    """Our CRM record owners of a person: small rounded chips in our team's colour, with their initials."""
    return [
        f'<td bgcolor="{TEAM_FILL}" border="1" color="{OWNER_COLOUR}" style="rounded" fixedsize="true" '
        f'width="{9 + 5 * len(c)}" height="12"><font point-size="7" color="{OWNER_INK}">{escape(c)}</font></td>'
        for c in codes
    ]


def _badges(roles: list[Role], owners: Sequence[str] = ()) -> str:
    cells = _badge_cells(roles)
    if roles and owners:
        cells.append('<td width="4"></td>')
    cells += owner_cells(list(owners))
    return f'<table border="0" cellborder="0" cellspacing="2" cellpadding="0"><tr>{"".join(cells)}</tr></table>'


def _bold(name: str) -> str:
    """A name in bold; Graphviz refuses an empty ``<b></b>`` (a name redacted to no initials)."""
    shown = escape(name)
    return f"<b>{shown}</b>" if shown.strip() else "\u00a0"


def _node_label(n: MapNode, lang: Lang = "en") -> str:
    marks = bool(n.roles or n.owners)
    span = ' colspan="3"' if marks else ""
    name = f"<s>{_bold(n.name)}</s>" if n.left else _bold(n.name)
    rows = [f"<tr><td{span}>{name}</td></tr>"]
    if n.left:
        gone = escape(text(lang, "left_on", date=n.left.isoformat()))
        rows.append(f'<tr><td{span}><font point-size="9" color="{MUTED}">{gone}</font></td></tr>')
    if n.title:
        title = "<br/>".join(escape(line) for line in _wrap(clean(n.title, 2 * MAX_TEXT)))
        rows.append(f'<tr><td{span}><font point-size="9" color="{MUTED}">{title}</font></td></tr>')
    if marks:
        # Empty cells either side keep the badges their own size instead of the node's width.
        rows.append(f'<tr><td width="1"></td><td>{_badges(n.roles, n.owners)}</td><td width="1"></td></tr>')
    return f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{"".join(rows)}</table>>'


def _group_label(n: MapNode, shown: int = 5) -> str:
    rows = [f'<tr><td colspan="3">{_bold(n.name)}</td></tr>']
    if n.title:
        rows.append(f'<tr><td colspan="3"><font point-size="9">{escape(n.title)}</font></td></tr>')
    parts = (
        n.parts if len(n.parts) <= shown else [*n.parts[: shown - 1], ("…", sum(c for _, c in n.parts[shown - 1 :]))]
    )
    for name, count in parts:
        rows.append(
            f'<tr><td align="left"><font point-size="9">{escape(_wrap(clean(name), 30, 1)[0])}</font></td>'
            # An empty column keeps a unit's long name off its count.
            f'<td width="8"></td><td align="right"><font point-size="9">{count}</font></td></tr>'
        )
    return f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{"".join(rows)}</table>>'


#: How many of a person's notes their tooltip shows (the newest last, as stored).
TOOLTIP_NOTES = 5


def tooltip(n: MapNode, lang: Lang = "en") -> str:
    """A node's tooltip: name and title, when they left, and their notes, one per line."""
    parts = [dot_text(clean(n.name) + (f" — {clean(n.title)}" if n.title else ""), 2 * MAX_TEXT + 3)]
    if n.left:
        parts.append(dot_text(text(lang, "left_on", date=n.left.isoformat())))
    parts += [dot_text(f"• {note}") for note in n.notes[-TOOLTIP_NOTES:]]
    joined: str = graphviz.nohtml("\\n".join(parts))  # DOT's escaped line break, between escaped texts
    return joined


def node_attrs(n: MapNode, lang: Lang = "en") -> dict[str, str]:
    """Graphviz attributes of one node: shape, fill by stance, border by influence; someone
    who has left is grey, dashed and struck through."""
    tip = tooltip(n, lang)
    if n.kind == "group":
        attrs = {
            "shape": "box",
            "style": "rounded,dashed,filled",
            "fillcolor": "#FFFFFF",
            "color": "#999999",
            "fontcolor": MUTED,
            "label": _group_label(n),
            "tooltip": tip,
        }
    elif n.kind == "seat":
        attrs = {
            "shape": "box",
            "style": "rounded,dashed,filled",
            "fillcolor": "#FFFFFF",
            "color": SEAT_COLOUR,
            "penwidth": "2",
            "label": _node_label(n, lang),
            "fontcolor": MUTED,
            "tooltip": tip,
        }
    else:
        fill = TEAM_FILL if n.kind == "team" else STANCE_FILL[n.stance or Stance.unknown]
        attrs = {
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": fill,
            "color": INK,
            "penwidth": BORDER_WIDTH.get(n.influence, "0.8") if n.influence else "0.8",
            "label": _node_label(n, lang),
            "tooltip": tip,
        }
    if n.left and n.kind == "person":
        attrs.update(style="rounded,dashed,filled", fillcolor=LEFT_FILL, color=MUTED, fontcolor=MUTED)
    if n.highlighted:
        attrs.update(color=PATH_COLOUR, penwidth="4")
    attrs["id"] = dot_text(f"node-{n.id}", 2 * MAX_TEXT)
    return attrs


def edge_attrs(e: MapEdge) -> dict[str, str]:
    """Graphviz attributes of one line; only reporting lines shape an org chart's ranks."""
    colour = EDGE_COLOURS[e.kind]
    attrs: dict[str, str] = {"color": colour}
    # Reporting lines weigh more than acquaintance, so pulling our team's contacts towards
    # our row never moves anyone down the hierarchy.
    if e.kind == "reports_to":
        attrs.update(arrowhead="none", penwidth="1.2", weight="8")
    elif e.kind == "group":
        attrs.update(arrowhead="none", style="dashed", weight="8")
    elif e.kind == "influences":
        attrs.update(style="dashed", arrowsize="0.7", penwidth=step_width(e.weight), constraint="false")
    elif e.kind == "stack":  # keeps a wrapped band of the org chart under the band above
        return {"style": "invis", "constraint": "false", "weight": "4"}
    elif e.kind == "grid":  # stacks people with no reporting line into rows
        return {"style": "invis", "weight": "0"}
    elif e.kind == "knows":
        # Constrained, so our team sits below the people they know, and pulling a little
        # so that each of ours sits under their contacts rather than at the row's far end.
        attrs.update(dir="none", penwidth=step_width(e.weight), weight="1")
    else:
        attrs.update(dir="none", constraint="false")
    if e.minlen > 1:
        attrs["minlen"] = str(e.minlen)
    if e.highlighted:
        attrs.update(color=PATH_COLOUR, penwidth="4.5", style="bold")
    return attrs


#: The colour of what is new or moved since a date (map --since): a border and a mark.
CHANGED_COLOUR = "#C2185B"


def mark_changed(attrs: dict[str, str], how: str, lang: Lang) -> None:
    """A person new or moved since the map's ``since`` date: a coloured border and a mark
    under the name (``how``: ``new`` or ``moved``)."""
    attrs["color"] = CHANGED_COLOUR  # the border's width still says influence
    row = (
        f'<tr><td colspan="3"><font point-size="9" color="{CHANGED_COLOUR}">'
        f"<b>● {escape(text(lang, f'since.{how}'))}</b></font></td></tr>"
    )
    _add_row(attrs, row)


#: The colours of risk's critical contacts on a committee map: a single point, one of a smallest set.
CRITICAL_COLOUR = {"single": "#C62828", "set": "#E65100"}


def mark_critical(attrs: dict[str, str], how: str, lang: Lang) -> None:
    """A committee member or go-between that ``risk`` names: a mark under the name (``how``:
    ``single`` for a single point, ``set`` for one of the smallest set)."""
    row = (
        f'<tr><td colspan="3"><font point-size="9" color="{CRITICAL_COLOUR[how]}">'
        f"<b>▲ {escape(text(lang, f'critical.{how}'))}</b></font></td></tr>"
    )
    _add_row(attrs, row)


def _add_row(attrs: dict[str, str], row: str) -> None:
    """``row`` added at the foot of the node's HTML-like table label (a label of another
    shape is left as it is)."""
    label = attrs.get("label", "")
    if label.endswith("</table>>"):
        attrs["label"] = label[: -len("</table>>")] + row + "</table>>"
