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

from collections import defaultdict

import graphviz

from ..model import Graph, Influence, Role, Stance
from .dot_style import (
    CHANGED_COLOUR,
    CRITICAL_COLOUR,
    EDGE_COLOURS,
    FONT,
    INK,
    LEFT_FILL,
    MAX_TEXT,
    MUTED,
    STANCE_FILL,
    TEAM_FILL,
    clean,
    dot_text,
    edge_attrs,
    escape,
    mark_changed,
    mark_critical,
    node_attrs,
    owner_cells,
)
from .i18n import BADGES, Lang, role_name, text
from .plan import AccountMap, MapCluster, MapNode, MapOptions, plan_map

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
        f'{"".join(owner_cells([code]))}</tr></table></td><td align="left">{escape(name)}</td></tr>'
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
