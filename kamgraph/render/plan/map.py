"""An account map's plan: :func:`plan_map` runs the view asked for (:mod:`.org`,
:mod:`.influence` or :mod:`.committee`), then adds what every view shares: the people on a
highlighted path, the lines among the drawn, CRM owners' marks, the rows the org chart wraps
into, the unit boxes, the title and the subtitle.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from ... import clock
from ...errors import NotFound
from ...graph import departed, own_people, present
from ...model import Graph, OrgKind, Person
from ..i18n import text
from ..layout import ROW, TARGET_ASPECT, arrange
from .builder import MapBuilder
from .committee import plan_committee
from .influence import plan_influence
from .model import AccountMap, MapCluster, MapEdge, MapNode, MapOptions, is_coverage
from .org import plan_org

__all__ = ["PARTIAL_LINES", "plan_map"]

#: When more than this share of the people in scope have no manager recorded (and more than
#: one does), the subtitle says the reporting lines are the CRM's partial view.
PARTIAL_LINES = 0.1


def _unit_clusters(graph: Graph, account: str, nodes: Iterable[MapNode]) -> list[MapCluster]:
    """The unit clusters that hold a drawn node, with their ancestors (for nesting)."""
    units = {u.id: u for u in graph.units if u.org == account}
    needed: list[str] = []
    for n in nodes:
        uid = n.cluster
        while uid in units and uid not in needed:
            needed.append(uid)
            uid = units[uid].parent
    order = [u.id for u in graph.units if u.id in needed]
    return [
        MapCluster(id=u, label=units[u].name, parent=units[u].parent if units[u].parent in needed else None)
        for u in order
    ]


def plan_map(graph: Graph, account: str, options: MapOptions | None = None) -> AccountMap:
    """Choose what an account map of ``account`` shows, for ``options.view``.

    ``graph`` is an account's subgraph (what :meth:`Store.account` returns) or any graph
    holding the account.
    """
    options = options or MapOptions()
    graph = graph.canonical()  # the same drawing whatever order a store returns records in
    graph = _still_drawn(graph, options.today or clock.today())
    org = graph.organisation(account)
    if org is None:
        raise NotFound(f"no account with id '{account}'")
    for pid in options.highlight:
        if graph.person(pid) is None:
            raise NotFound(f"no person with id '{pid}' on the path to highlight")
    b = MapBuilder(graph, options)
    staff = {p.id: p for p in graph.people if p.org == account}
    lang = options.lang
    detail: list[str] = []
    if options.view == "org":
        total = plan_org(b, graph, account, staff, detail)
    elif options.view == "influence":
        total = plan_influence(b, graph, account, staff)
    else:
        total = plan_committee(b, graph, account, staff, detail)
    # People on the path who are not drawn yet (a former colleague at a partner, say).
    for pid in [*options.highlight, *(options.also if options.view == "committee" else [])]:
        p = b.people.get(pid)
        if p is not None and p.id not in b.nodes:
            is_ours = any(o.id == p.org and o.kind == OrgKind.own for o in graph.organisations)
            b.person(p, "team" if is_ours else "person", "team" if is_ours else f"org:{p.org}")
    b.relations(client_knows=options.view != "org", influence_only=options.view == "influence")
    owners = b.owners() if options.view != "influence" else []
    b.highlight(options.highlight)
    if options.view != "influence":
        # By default only the org chart wraps wide subtrees: a committee is small, and its
        # ranks say who is senior; a slide asks for its map box's shape.
        aspect = options.aspect or (TARGET_ASPECT if options.view == "org" else None)
        stacks = arrange(list(b.edges.values()), aspect=aspect)
        for above, below in stacks:
            b.edges[(above, below, "stack")] = MapEdge(source=above, target=below, kind="stack")
        _grid_loners(b)

    nodes = list(b.nodes.values())
    clusters = _unit_clusters(graph, account, nodes) if options.view != "influence" else []
    for c in clusters:
        c.hidden = b.hidden.get(c.id, 0)
    if options.view != "influence":
        # People of a third party (a partner on a route, say) in a box named after it.
        orgs = {o.id: o.name for o in graph.organisations}
        for oid in dict.fromkeys(n.cluster[4:] for n in nodes if n.cluster and n.cluster.startswith("org:")):
            clusters.append(MapCluster(id=f"org:{oid}", label=orgs.get(oid, oid)))
    if options.view != "influence" and any(n.cluster == "team" for n in nodes):
        ours = [o.name for o in graph.organisations if o.kind == OrgKind.own]
        clusters.append(MapCluster(id="team", label=" · ".join([text(lang, "team"), *ours[:1]])))
    shown = sum(1 for n in nodes if n.kind == "person" and n.id in staff)
    when = options.today or clock.today()
    title = f"{org.name} · {text(lang, f'view.{options.view}')}"
    if options.view != "influence" and _partial_lines(staff):
        detail.append(text(lang, "partial_lines"))
    subtitle = " · ".join(
        [*detail, text(lang, "people_shown", shown=shown, total=total), text(lang, "as_of", date=when.isoformat())]
    )
    return AccountMap(
        account=account,
        account_name=org.name,
        view=options.view,
        lang=lang,
        title=title,
        subtitle=subtitle,
        nodes=nodes,
        edges=list(b.edges.values()),
        clusters=clusters,
        total_people=total,
        owners=owners,
        options=options,
    )


def _still_drawn(graph: Graph, today: dt.date) -> Graph:
    """``graph`` without the people who have left and no longer matter: those who still sit
    on an open deal's committee (a seat now empty) or whom one of ours knows (a lost thread)
    stay, to be drawn struck through."""
    gone = departed(graph, today)
    if not gone:
        return graph
    team = own_people(graph)
    seated = {m.person for o in graph.opportunities if o.is_open for m in o.committee}
    threads = {end for k in graph.knows if not is_coverage(k) and (k.a in team or k.b in team) for end in (k.a, k.b)}
    return present(graph, today, keep=gone & (seated | threads))


def _partial_lines(staff: dict[str, Person]) -> bool:
    """Whether many of the account's people have no manager recorded (several tops of the
    hierarchy): reporting lines as a CRM knows them, partial."""
    loose = sum(1 for p in staff.values() if p.reports_to not in staff)
    return loose > 1 and loose > PARTIAL_LINES * len(staff)


def _grid_loners(b: MapBuilder) -> None:
    """People with no reporting line drawn (common in CRM imports, where managers are rarely
    filled in) would all sit on the top rank side by side: stack each unit's into rows of
    ROW, with invisible lines from each to the one ROW places before it."""
    linked = {end for e in b.edges.values() if e.kind in ("reports_to", "group") for end in (e.source, e.target)}
    loners: dict[str | None, list[str]] = defaultdict(list)
    for n in b.nodes.values():
        if n.kind == "person" and n.id not in linked and not (n.cluster or "").startswith("org:"):
            loners[n.cluster].append(n.id)
    for ids in loners.values():
        for above, below in zip(ids, ids[ROW:], strict=False):
            b.edges[(above, below, "grid")] = MapEdge(source=above, target=below, kind="grid")
