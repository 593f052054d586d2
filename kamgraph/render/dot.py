"""Draw an account map with the ``graphviz`` package: a :class:`graphviz.Digraph`, built in
pure Python (no Graphviz needed until :mod:`kamgraph.render.run` lays it out).

Fill colours follow Paul Tol's *light* scheme, chosen to stay apart for colour-blind readers
and to carry black text; stance is also spelt out in the legend, and deciders' badges are
dark, so a map printed in grey still reads.

>>> import datetime as dt
>>> from kamgraph.model import Graph, Organisation, Person, Stance
>>> g = Graph(organisations=[Organisation(id="acme", name="Acme")],
...           people=[Person(id="ana", name="Ana Núñez", org="acme", stance=Stance.supporter)])
>>> d = account_map(g, "acme", MapOptions(today=dt.date(2026, 1, 5)))
>>> 'fillcolor="#44BB99"' in d.source and "Ana Núñez" in d.source
True
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from html import escape as _html_escape

import graphviz

from ..model import DECIDING_ROLES, Graph, Influence, Role, Stance
from .i18n import BADGES, Lang, role_name, text
from .plan import AccountMap, MapCluster, MapEdge, MapNode, MapOptions, plan_map

__all__ = [
    "EDGE_COLOURS",
    "FONT",
    "STANCE_FILL",
    "TEAM_FILL",
    "account_map",
    "clean",
    "dot_text",
    "draw",
    "edge_attrs",
    "escape",
    "legend_roles",
    "node_attrs",
    "stances_shown",
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


def account_map(graph: Graph, account: str, options: MapOptions | None = None) -> graphviz.Digraph:
    """The map of ``account``: :func:`~kamgraph.render.plan.plan_map`, then :func:`draw`."""
    return draw(plan_map(graph, account, options))


def legend_roles(m: AccountMap) -> list[Role]:
    """The buying roles whose badges the map shows, in the model's order."""
    used = {r for n in m.nodes for r in n.roles}
    return [r for r in Role if r in used]


def stances_shown(m: AccountMap) -> list[Stance]:
    """Every stance, for the legend; none when nobody drawn has one recorded (a CRM import
    carries none), so the legend says so instead of explaining four colours of which one is used."""
    recorded = any(n.stance not in (None, Stance.unknown) for n in m.nodes if n.kind == "person")
    return list(Stance) if recorded else []


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


def _owner_cells(codes: list[str]) -> list[str]:
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
    cells += _owner_cells(list(owners))
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
    label = attrs.get("label", "")
    row = (
        f'<tr><td colspan="3"><font point-size="9" color="{CHANGED_COLOUR}">'
        f"<b>● {escape(text(lang, f'since.{how}'))}</b></font></td></tr>"
    )
    if label.endswith("</table>>"):
        attrs["label"] = label[: -len("</table>>")] + row + "</table>>"


#: The colours of risk's critical contacts on a committee map: a single point, one of a smallest set.
CRITICAL_COLOUR = {"single": "#C62828", "set": "#E65100"}


def mark_critical(attrs: dict[str, str], how: str, lang: Lang) -> None:
    """A committee member or go-between that ``risk`` names: a mark under the name (``how``:
    ``single`` for a single point, ``set`` for one of the smallest set)."""
    label = attrs.get("label", "")
    row = (
        f'<tr><td colspan="3"><font point-size="9" color="{CRITICAL_COLOUR[how]}">'
        f"<b>▲ {escape(text(lang, f'critical.{how}'))}</b></font></td></tr>"
    )
    if label.endswith("</table>>"):
        attrs["label"] = label[: -len("</table>>")] + row + "</table>>"


def _critical_rows(m: AccountMap) -> list[str]:
    shown = {n.id for n in m.nodes}
    hows = sorted({how for pid, how in m.options.critical.items() if pid in shown}, key=["single", "set"].index)
    return [
        f'<tr><td align="left"><font color="{CRITICAL_COLOUR[how]}"><b>▲</b></font></td>'
        f'<td align="left">{escape(text(m.lang, f"critical.{how}.legend"))}</td></tr>'
        for how in hows
    ]


def _since_rows(m: AccountMap) -> list[str]:
    hows = sorted(set(m.options.changed.get(n.id, "") for n in m.nodes) - {""})
    return [
        f'<tr><td align="left"><font color="{CHANGED_COLOUR}"><b>●</b></font></td>'
        f'<td align="left">{escape(text(m.lang, f"since.{how}.legend"))}</td></tr>'
        for how in hows
    ]


def _legend(m: AccountMap) -> str:
    lang: Lang = m.lang
    sw = []
    for s in stances_shown(m) or [Stance.unknown]:
        name = text(lang, f"stance.{s.value}") if stances_shown(m) else text(lang, "stance.none")
        sw.append(
            f'<tr><td bgcolor="{STANCE_FILL[s]}" border="1" color="#222222" width="14" height="12"></td>'
            f'<td align="left">{escape(name)}</td></tr>'
        )
    if any(n.kind == "team" for n in m.nodes):
        sw.append(
            f'<tr><td bgcolor="{TEAM_FILL}" border="1" color="#222222"></td>'
            f'<td align="left">{escape(text(lang, "team"))}</td></tr>'
        )
    if any(n.influence == Influence.high for n in m.nodes):
        sw.append(
            f'<tr><td border="3" color="#222222"></td><td align="left">{escape(text(lang, "high_influence"))}</td></tr>'
        )
    if any(n.left for n in m.nodes):
        sw.append(
            f'<tr><td bgcolor="{LEFT_FILL}" border="1" color="#888888" style="dashed"></td>'
            f'<td align="left">{escape(text(lang, "left.legend"))}</td></tr>'
        )
    roles = [
        f'<tr><td align="left"><b>{BADGES[r]}</b></td><td align="left">{escape(role_name(lang, r))}</td></tr>'
        for r in legend_roles(m)
    ]
    kinds = {e.kind for e in m.edges} | ({"path"} if any(e.highlighted for e in m.edges) else set())
    marks = {
        "reports_to": ("━━━", "line.reports_to"),
        "influences": ("╍╍▶", "line.influences"),
        "knows": ("━━━", "line.knows"),
        "path": ("━━━", "line.path"),
    }
    lines = [
        f'<tr><td align="left"><font color="{EDGE_COLOURS[k]}"><b>{mark}</b></font></td>'
        f'<td align="left">{escape(text(lang, key))}</td></tr>'
        for k, (mark, key) in marks.items()
        if k in kinds
    ]

    owners = [
        f'<tr><td align="left"><table border="0" cellborder="0" cellspacing="0" cellpadding="0"><tr>'
        f'{"".join(_owner_cells([code]))}</tr></table></td><td align="left">{escape(name)}</td></tr>'
        for code, name in m.owners
    ]
    if owners:
        owners.append(
            f'<tr><td colspan="2" align="left"><font point-size="9" color="{MUTED}">'
            f"{escape(text(lang, 'owners.note'))}</font></td></tr>"
        )

    since = _since_rows(m)
    critical = _critical_rows(m)
    # Graphviz spreads a short table over its cell's height: pad the blocks to one length.
    tallest = max(len(sw), len(roles), len(lines), len(owners), len(since), len(critical))

    def block(head: str, rows: list[str]) -> str:
        if not rows:
            return ""
        filler = '<tr><td colspan="2"> </td></tr>' * (tallest - len(rows))
        return (
            f'<td valign="top"><table border="0" cellspacing="2" cellpadding="1">'
            f'<tr><td colspan="2" align="left"><b>{escape(head)}</b></td></tr>{"".join(rows)}{filler}</table></td>'
        )

    cells = [
        block(text(lang, "stance"), sw),
        block(text(lang, "roles"), roles),
        block(text(lang, "lines"), lines),
        block(text(lang, "owners"), owners),
        block(text(lang, "since", date=str(m.options.since)), since),
        block(text(lang, "critical"), critical),
    ]
    return (
        f'<table border="1" color="#CCCCCC" cellborder="0" cellspacing="6" bgcolor="#FFFFFF">'
        f"<tr>{''.join(c for c in cells if c)}</tr></table>"
    )


def _graph_label(m: AccountMap) -> str | None:
    rows = []
    if m.options.title:
        rows.append(f'<tr><td align="left"><font point-size="22"><b>{escape(m.title)}</b></font></td></tr>')
        rows.append(f'<tr><td align="left"><font point-size="11" color="{MUTED}">{escape(m.subtitle)}</font></td></tr>')
    if m.options.legend:
        rows.append(f'<tr><td align="left"><font point-size="10">{_legend(m)}</font></td></tr>')
    if not rows:
        return None
    return f'<<table border="0" cellspacing="4" cellpadding="0">{"".join(rows)}</table>>'


def draw(m: AccountMap) -> graphviz.Digraph:
    """The Graphviz drawing of a planned map: unit clusters, a title and a legend above the
    map, and our team's row (with any third party on our routes) below the people they know."""
    engine = "neato" if m.view == "influence" else "dot"
    d = graphviz.Digraph(name=dot_text(f"{m.account}-{m.view}"), engine=engine)
    # Lines first, boxes over them: a line passing behind a box never hides its text.
    d.attr(
        "graph",
        fontname=FONT,
        bgcolor="white",
        pad="0.3",
        labelloc="t",
        labeljust="l",
        nodesep="0.3",
        ranksep="0.4",
        newrank="true",
        tooltip=dot_text(m.title),
        outputorder="edgesfirst",
    )
    if engine == "neato":
        d.attr("graph", overlap="prism", overlap_scaling="-4", sep="+14", splines="true", mode="major")
    label = _graph_label(m)
    if label:
        d.attr("graph", label=label)
    d.attr("node", fontname=FONT, fontsize="11", fontcolor=INK, margin="0.12,0.06")
    d.attr("edge", fontname=FONT, arrowsize="0.7")

    names = {n.id: f"n{i}" for i, n in enumerate(m.nodes)}
    by_cluster: dict[str | None, list[MapNode]] = defaultdict(list)
    known = {c.id for c in m.clusters}
    for n in m.nodes:
        by_cluster[n.cluster if n.cluster in known else None].append(n)
    children: dict[str | None, list[MapCluster]] = defaultdict(list)
    for c in m.clusters:
        children[c.parent].append(c)
    counter = iter(range(10**6))

    def fill(g: graphviz.Digraph, cluster: str | None) -> None:
        for c in children[cluster]:
            with g.subgraph(name=f"cluster_{next(counter)}") as sub:
                if c.id == "team":
                    sub.attr(
                        label=dot_text(c.label),
                        style="rounded,filled",
                        fillcolor="#EAF6FB",
                        color="#77AADD",
                        fontcolor="#004488",
                        fontsize="12",
                        labeljust="l",
                        labelloc="b",  # under the row: our lines come in from above
                        margin="12",
                    )
                elif c.id.startswith("org:"):
                    sub.attr(
                        label=dot_text(c.label),
                        style="rounded,filled,dashed",
                        fillcolor="#FAFAFA",
                        color="#9E9E9E",
                        fontcolor=MUTED,
                        fontsize="11",
                        labeljust="l",
                        labelloc="b",
                        margin="10",
                    )
                else:
                    label = clean(c.label) + (f"  ·  {text(m.lang, 'more_people', n=c.hidden)}" if c.hidden else "")
                    sub.attr(
                        label=dot_text(label, 2 * MAX_TEXT),
                        style="rounded,filled",
                        fillcolor="#F6F6F6",
                        color="#C8C8C8",
                        fontcolor=MUTED,
                        fontsize="11",
                        labeljust="l",
                        # At the foot of the unit: the lines into it come from its manager above,
                        # so fewer cross its name (docs/maps.md measures it)
                        labelloc="b",
                        margin="10",
                    )
                fill(sub, c.id)
        for n in by_cluster[cluster]:
            attrs = node_attrs(n, m.lang)
            if n.id in m.options.changed:
                mark_changed(attrs, m.options.changed[n.id], m.lang)
            if n.id in m.options.critical and n.kind == "person":
                mark_critical(attrs, m.options.critical[n.id], m.lang)
            if m.options.redact:  # the id would spell the person's slug, often their name
                attrs["id"] = dot_text(f"node-{names[n.id]}")
            g.node(names[n.id], **attrs)
        if engine == "dot" and cluster is not None and cluster != "team" and not cluster.startswith("org:"):
            _peers(g, by_cluster[cluster], names)

    fill(d, None)
    if engine == "dot":
        _rows(d, m, names)
    ours = {n.id for n in m.nodes if _below(n)}
    for e in m.edges:
        attrs = edge_attrs(e)
        tail, head = e.source, e.target
        if (e.source in ours) != (e.target in ours):
            if e.source in ours:  # between them and us: their person above, ours below
                tail, head = e.target, e.source
        elif e.source in ours or e.kind == "knows":
            # Within our side: it stays one row; between two of theirs: acquaintance says
            # nothing about rank, only reporting lines do.
            attrs["constraint"] = "false"
        d.edge(names[tail], names[head], **attrs)
    return d


def _peers(g: graphviz.Digraph, nodes: list[MapNode], names: dict[str, str]) -> None:
    """People of one unit at the same formal level side by side, on one row."""
    levels: dict[int, list[str]] = defaultdict(list)
    for n in nodes:
        if n.kind == "person" and n.level is not None:
            levels[n.level].append(names[n.id])
    for level in sorted(levels):
        if len(levels[level]) > 1:
            with g.subgraph() as row:
                row.attr(rank="same")
                for name in levels[level]:
                    row.node(name)


def _below(n: MapNode) -> bool:
    """On our side of the map: our team, and third parties on our routes."""
    return n.kind == "team" or bool(n.cluster and n.cluster.startswith("org:"))


def _rows(d: graphviz.Digraph, m: AccountMap, names: dict[str, str]) -> None:
    """Tops of the hierarchy on the first row, our side on one row, and each empty seat on
    the row of the member it sits beside."""
    # The top of each reporting tree at the top: our row's pull must not drag a manager down.
    managed = {e.target for e in m.edges if e.kind in ("reports_to", "group")}
    tops = [
        names[n.id]
        for n in m.nodes
        if n.kind == "person"
        and not _below(n)
        and n.id not in managed
        and any(e.source == n.id and e.kind == "reports_to" for e in m.edges)
    ]
    if tops:
        with d.subgraph() as row:
            row.attr(rank="min")
            for name in tops:
                row.node(name)
    side = [names[n.id] for n in m.nodes if _below(n)]
    if side:
        with d.subgraph() as row:
            row.attr(rank="same")
            for name in side:
                row.node(name)
        # Our row below every box of theirs, not beside the lowest: dot cannot put one unit's
        # box inside another's, so a row sharing the bottom rank goes to the right of them all.
        leads = {e.source for e in m.edges if e.kind in ("reports_to", "group", "stack", "grid")}
        for n in m.nodes:
            if not _below(n) and n.id not in leads:
                d.edge(names[n.id], side[0], style="invis", weight="0")
    drawn = {n.id for n in m.nodes}
    for n in m.nodes:
        if n.kind == "seat" and n.near in drawn:
            with d.subgraph() as row:
                row.attr(rank="same")
                row.node(names[n.near])
                row.node(names[n.id])
            d.edge(names[n.near], names[n.id], style="invis", weight="4")
