"""What an account map shows: the people, boxes and lines chosen for one view.

:func:`plan_map` decides *what* is drawn (who is shown, what collapses into a count, which
lines join whom); :mod:`kamgraph.render.dot` decides *how* (colours, shapes, layout). The
plan is plain data, so tests can check it without Graphviz.

>>> from kamgraph.model import Graph, Organisation, Person, Role
>>> g = Graph(organisations=[Organisation(id="acme", name="Acme")],
...           people=[Person(id="ceo", name="Carla Reyes", org="acme"),
...                   Person(id="cfo", name="Tom Baker", org="acme", reports_to="ceo",
...                          roles=[Role.economic_buyer])])
>>> m = plan_map(g, "acme")
>>> [(n.id, n.badges) for n in m.nodes]
[('ceo', []), ('cfo', ['EB'])]
>>> [(e.source, e.target, e.kind) for e in m.edges]
[('ceo', 'cfo', 'reports_to')]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from ..errors import InvalidInput, NotFound
from ..graph import own_people
from ..model import (
    Graph,
    Influence,
    Knows,
    Membership,
    Opportunity,
    OrgKind,
    Person,
    Role,
    Seniority,
    Stance,
    effective_influence,
    effective_stance,
)
from .i18n import Lang, badge, role_name, text
from .layout import ROW, TARGET_ASPECT, arrange

__all__ = ["AccountMap", "MapCluster", "MapEdge", "MapNode", "MapOptions", "View", "initials", "is_coverage",
           "plan_map"]

View = Literal["org", "influence", "committee"]
VIEWS: tuple[View, ...] = ("org", "influence", "committee")

#: Above this many people in scope, the org view collapses the people of no interest.
COLLAPSE_ABOVE = 40
#: When more than this share of the people in scope have no manager recorded (and more than
#: one does), the subtitle says the reporting lines are the CRM's partial view.
PARTIAL_LINES = 0.1


def is_coverage(k: Knows) -> bool:
    """A relationship that comes only from CRM record ownership (every contact has an owner,
    one of our sellers): coverage, drawn as a mark on the person, not a line."""
    return k.source == "crm"


class MapOptions(BaseModel):
    """How to draw one account map."""

    view: View = "org"
    lang: Lang = "en"
    redact: bool = Field(default=False, description="initials instead of names")
    unit: str | None = Field(default=None, description="only this unit and the units under it")
    depth: int | None = Field(default=None, ge=1, description="reporting levels shown from the top (1 = the top only)")
    collapse: bool | None = Field(default=None, description="collapse people of no interest; default: when many")
    opportunity: str | None = Field(default=None, description="committee view: which deal (default the biggest open)")
    highlight: list[str] = Field(default_factory=list, description="a decision path, as person ids, drawn in bold")
    also: list[str] = Field(default_factory=list, description="people to draw besides the view's own (committee "
                            "view: the routes to its members)")
    aspect: float | None = Field(default=None, gt=0, description="width over height to wrap wide subtrees towards "
                                 "(default: about 16:9 for the org view; the committee view does not wrap)")
    legend: bool = True
    title: bool = True
    today: dt.date | None = None


NodeKind = Literal["person", "team", "group", "seat"]
EdgeKind = Literal["reports_to", "influences", "knows", "path", "group", "stack", "grid"]


class MapNode(BaseModel):
    id: str
    kind: NodeKind
    name: str
    title: str | None = None
    badges: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    stance: Stance | None = None
    influence: Influence | None = None
    cluster: str | None = Field(default=None, description="the unit cluster it sits in; 'team' for our team")
    count: int | None = Field(default=None, description="a group: how many people it stands for")
    parts: list[tuple[str, int]] = Field(default_factory=list, description="a group of units: (unit, people)")
    highlighted: bool = False
    near: str | None = Field(default=None, description="an empty seat: the committee member it is drawn beside")
    owners: list[str] = Field(default_factory=list, description="the short codes of our people who own this "
                              "contact in the CRM (coverage, drawn as a mark, not a line)")


class MapEdge(BaseModel):
    source: str
    target: str
    kind: EdgeKind
    weight: float | None = None
    highlighted: bool = False
    minlen: int = Field(default=1, description="ranks between the ends: staggers long rows of reports")


class MapCluster(BaseModel):
    id: str
    label: str
    parent: str | None = None
    hidden: int = Field(default=0, description="people of this unit not drawn (collapsed)")


class AccountMap(BaseModel):
    account: str
    account_name: str
    view: View
    lang: Lang
    title: str
    subtitle: str
    nodes: list[MapNode]
    edges: list[MapEdge]
    clusters: list[MapCluster]
    total_people: int = Field(description="people of the account in scope")
    owners: list[tuple[str, str]] = Field(default_factory=list, description="CRM record owners marked on the "
                                          "people: (code, name), for the legend")
    options: MapOptions

    def node(self, node_id: str) -> MapNode:
        return next(n for n in self.nodes if n.id == node_id)

    @property
    def people(self) -> list[MapNode]:
        """The people drawn one by one (client and team), not groups or empty seats."""
        return [n for n in self.nodes if n.kind in ("person", "team")]


def initials(name: str) -> str:
    """``"María José Núñez"`` → ``"M.J.N."``: what ``--redact`` shows instead of a name.

    >>> initials("María José Núñez")
    'M.J.N.'
    """
    return "".join(part[0].upper() + "." for part in name.replace("-", " ").split() if part[0].isalpha())


def _is_of_interest(p: Person, deal_roles: set[Role], on_committee: bool, known: bool) -> bool:
    """Someone a KAM wants on the map even when the account is large."""
    return bool(p.roles or deal_roles or on_committee or known
                or p.influence == Influence.high
                or p.stance in (Stance.supporter, Stance.detractor)
                or p.seniority in (Seniority.executive, Seniority.vp))


class _Builder:
    """Collects nodes and edges, once each, in a stable order."""

    def __init__(self, graph: Graph, options: MapOptions):
        self.graph = graph
        self.options = options
        self.people = {p.id: p for p in graph.people}
        self.nodes: dict[str, MapNode] = {}
        self.edges: dict[tuple[str, str, str], MapEdge] = {}
        self.hidden: dict[str, int] = defaultdict(int)  # unit → people not drawn in it

    def name(self, p: Person) -> str:
        return initials(p.name) if self.options.redact else p.name

    def person(self, p: Person, kind: NodeKind, cluster: str | None, roles: Iterable[Role] = (),
               stance: Stance | None = None, influence: Influence | None = None) -> None:
        if p.id in self.nodes:
            return
        ordered = sorted(set(roles), key=list(Role).index)
        self.nodes[p.id] = MapNode(
            id=p.id, kind=kind, name=self.name(p), title=p.title, roles=ordered, badges=[badge(r) for r in ordered],
            stance=None if kind == "team" else (stance or p.stance),
            influence=influence if influence is not None else p.influence, cluster=cluster)

    def edge(self, source: str, target: str, kind: EdgeKind, weight: float | None = None) -> None:
        if source in self.nodes and target in self.nodes and source != target:
            key = (min(source, target), max(source, target), kind) if kind == "knows" else (source, target, kind)
            if key not in self.edges:
                self.edges[key] = MapEdge(source=source, target=target, kind=kind, weight=weight)

    def relations(self, client_knows: bool, influence_only: bool = False) -> None:
        """Reporting lines, influence and (team ↔ client, or all) acquaintance among the drawn."""
        for i in self.graph.influences:
            self.edge(i.source, i.target, "influences", i.weight)
        if influence_only:
            return
        for p in self.graph.people:
            if p.reports_to:
                self.edge(p.reports_to, p.id, "reports_to")
        for k in self.graph.knows:
            a, b = self.nodes.get(k.a), self.nodes.get(k.b)
            if a and b and not is_coverage(k) and (client_knows or (a.kind == "team") != (b.kind == "team")):
                self.edge(k.a, k.b, "knows", k.strength)

    def owners(self) -> list[tuple[str, str]]:
        """Mark each drawn client person with the code of our people who own them in the CRM;
        returns the codes used, with the names they stand for."""
        team = own_people(self.graph)
        marks: dict[str, list[str]] = defaultdict(list)
        for k in self.graph.knows:
            if not is_coverage(k):
                continue
            for ours, theirs in ((k.a, k.b), (k.b, k.a)):
                node = self.nodes.get(theirs)
                if ours in team and ours in self.people and node is not None and node.kind == "person":
                    marks[theirs].append(ours)
        used = sorted({o for owners in marks.values() for o in owners}, key=lambda o: (self.people[o].name, o))
        codes: dict[str, str] = {}
        for o in used:
            base = initials(self.people[o].name).replace(".", "") or "?"
            code, n = base, 1
            while code in codes.values():
                n += 1
                code = f"{base}{n}"
            codes[o] = code
        for pid, owners in marks.items():
            self.nodes[pid].owners = sorted({codes[o] for o in owners})
        return [(codes[o], self.name(self.people[o])) for o in used]

    def team(self, cluster: str = "team") -> None:
        """Our people who know someone drawn."""
        team = own_people(self.graph)
        drawn = {n for n, node in self.nodes.items() if node.kind == "person"}
        for k in self.graph.knows:
            if is_coverage(k):  # a mark on the person they own, not a box of ours
                continue
            for ours, theirs in ((k.a, k.b), (k.b, k.a)):
                if ours in team and theirs in drawn:
                    self.person(self.people[ours], "team", cluster)

    def highlight(self, path: Sequence[str]) -> None:
        for pid in path:
            if pid in self.nodes:
                self.nodes[pid].highlighted = True
        for a, b in zip(path, path[1:], strict=False):
            found = False
            for e in self.edges.values():
                if {e.source, e.target} == {a, b} and e.kind != "stack":
                    e.highlighted = found = True
            if not found:
                self.edge(a, b, "path")
                if (a, b, "path") in self.edges:
                    self.edges[(a, b, "path")].highlighted = True


def _deal_roles(opps: Iterable[Opportunity]) -> tuple[dict[str, set[Role]], set[str]]:
    roles: dict[str, set[Role]] = defaultdict(set)
    seated: set[str] = set()
    for o in opps:
        if o.is_open:
            for m in o.committee:
                roles[m.person].update(m.roles)
                seated.add(m.person)
    return roles, seated


def _unit_subtree(graph: Graph, account: str, unit: str) -> set[str]:
    units = [u for u in graph.units if u.org == account]
    match = [u.id for u in units if u.id == unit] or [u.id for u in units if u.name.casefold() == unit.casefold()]
    if not match:
        raise NotFound(f"no unit '{unit}' in account '{account}'")
    found = {match[0]}
    grew = True
    while grew:
        below = {u.id for u in units if u.parent in found}
        grew = not below <= found
        found |= below
    return found


def _levels(scope: dict[str, Person]) -> dict[str, int]:
    """Reporting depth of each person in scope, 0 for those whose manager is outside it."""
    levels: dict[str, int] = {}

    def level(pid: str, seen: frozenset[str] = frozenset()) -> int:
        if pid in levels:
            return levels[pid]
        boss = scope[pid].reports_to
        n = 0 if boss not in scope or boss in seen or boss is None else level(boss, seen | {pid}) + 1
        levels[pid] = n
        return n

    for pid in scope:
        level(pid)
    return levels


def _ancestors(pid: str, scope: dict[str, Person]) -> list[str]:
    out: list[str] = []
    boss = scope[pid].reports_to
    while boss in scope and boss not in out and boss != pid:
        out.append(boss)
        boss = scope[boss].reports_to
    return out


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
    return [MapCluster(id=u, label=units[u].name, parent=units[u].parent if units[u].parent in needed else None)
            for u in order]


def plan_map(graph: Graph, account: str, options: MapOptions | None = None) -> AccountMap:
    """Choose what an account map of ``account`` shows, for ``options.view``.

    ``graph`` is an account's subgraph (what :meth:`Store.account` returns) or any graph
    holding the account.
    """
    options = options or MapOptions()
    graph = graph.canonical()  # the same drawing whatever order a store returns records in
    org = graph.organisation(account)
    if org is None:
        raise NotFound(f"no account with id '{account}'")
    for pid in options.highlight:
        if graph.person(pid) is None:
            raise NotFound(f"no person with id '{pid}' on the path to highlight")
    b = _Builder(graph, options)
    staff = {p.id: p for p in graph.people if p.org == account}
    lang = options.lang
    detail: list[str] = []
    if options.view == "org":
        total = _plan_org(b, graph, account, staff, detail)
    elif options.view == "influence":
        total = _plan_influence(b, graph, account, staff)
    else:
        total = _plan_committee(b, graph, account, staff, detail)
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
    when = options.today or dt.date.today()
    title = f"{org.name} · {text(lang, f'view.{options.view}')}"
    if options.view != "influence" and _partial_lines(staff):
        detail.append(text(lang, "partial_lines"))
    subtitle = " · ".join([*detail, text(lang, "people_shown", shown=shown, total=total),
                           text(lang, "as_of", date=when.isoformat())])
    return AccountMap(account=account, account_name=org.name, view=options.view, lang=lang, title=title,
                      subtitle=subtitle, nodes=nodes, edges=list(b.edges.values()),
                      clusters=clusters,
                      total_people=total, owners=owners, options=options)


def _partial_lines(staff: dict[str, Person]) -> bool:
    """Whether many of the account's people have no manager recorded (several tops of the
    hierarchy): reporting lines as a CRM knows them, partial."""
    loose = sum(1 for p in staff.values() if p.reports_to not in staff)
    return loose > 1 and loose > PARTIAL_LINES * len(staff)


def _grid_loners(b: _Builder) -> None:
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


def _plan_org(b: _Builder, graph: Graph, account: str, staff: dict[str, Person], detail: list[str]) -> int:
    options = b.options
    scope = staff
    if options.unit:
        subtree = _unit_subtree(graph, account, options.unit)
        scope = {pid: p for pid, p in staff.items() if p.unit in subtree}
        detail.append(next(u.name for u in graph.units if u.id in subtree and u.org == account
                           and (u.id == options.unit or u.name.casefold() == options.unit.casefold())))
    levels = _levels(scope)
    deal_roles, seated = _deal_roles(o for o in graph.opportunities if o.account == account)
    team = own_people(graph)
    # Known by a real relationship: CRM record ownership makes everyone "known", so it does not count.
    known = {t for k in graph.knows if not is_coverage(k) for ours, t in ((k.a, k.b), (k.b, k.a)) if ours in team}
    within_depth = {pid for pid in scope if options.depth is None or levels[pid] < options.depth}
    collapse = options.collapse if options.collapse is not None else len(within_depth) > COLLAPSE_ABOVE
    if collapse:
        chosen = {pid for pid in within_depth
                  if _is_of_interest(scope[pid], deal_roles.get(pid, set()), pid in seated, pid in known)}
    else:
        chosen = set(within_depth)
    chosen |= {pid for pid in options.highlight if pid in scope}
    for pid in list(chosen):
        chosen.update(_ancestors(pid, scope))
    if options.depth is not None:
        detail.append(f"depth {options.depth}" if options.lang == "en" else f"profundidad {options.depth}")

    # Top-down, so the drawing's order follows the hierarchy.
    for pid in sorted(chosen, key=lambda q: (levels[q], scope[q].name)):
        p = scope[pid]
        b.person(p, "person", p.unit, roles=set(p.roles) | deal_roles.get(pid, set()))

    _collapse_rest(b, graph, scope, chosen)
    b.team()
    return len(scope)


def _collapse_rest(b: _Builder, graph: Graph, scope: dict[str, Person], chosen: set[str]) -> None:
    """Count the people not drawn: in a drawn unit, as "+N more" in its label; elsewhere, one
    box under their nearest drawn manager listing their units (each folded to its outermost
    undrawn unit), so a large account stays a few boxes wide."""
    lang = b.options.lang
    units = {u.id: u for u in graph.units}
    drawn_units = {n.cluster for n in b.nodes.values()}
    more: dict[tuple[str, str | None], int] = defaultdict(int)  # counted in the unit's label, not a box
    rest: dict[str | None, dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    for pid, p in scope.items():
        if pid in chosen:
            continue
        anchor = next((a for a in _ancestors(pid, scope) if a in chosen), None)
        if p.unit in drawn_units and p.unit is not None:
            more[(p.unit, anchor)] += 1
            continue
        top = p.unit
        while top in units and units[top].parent in units and units[top].parent not in drawn_units:
            top = units[top].parent
        rest[anchor][top] += 1

    def people(n: int) -> str:
        return text(lang, "unit_person") if n == 1 else text(lang, "unit_people", n=n)

    for (uid, _anchor), n in more.items():
        b.hidden[uid] += n
    for anchor, tops in sorted(rest.items(), key=lambda kv: str(kv[0])):
        gid = f"group:rest:{anchor or '-'}"
        parts = sorted(((units[t].name if t in units else "—", n) for t, n in tops.items()),
                       key=lambda part: (-part[1], part[0]))
        total = sum(n for _, n in parts)
        # Inside the unit the boxes' units hang from (the anchor's, when they agree).
        parents = {units[t].parent if t in units else None for t in tops}
        cluster = parents.pop() if len(parents) == 1 else (scope[anchor].unit if anchor else None)
        if len(parts) == 1:
            name, title = parts[0][0], people(total)
        else:
            name, title = text(lang, "units_people", n=total, k=len(parts)), None
        b.nodes[gid] = MapNode(id=gid, kind="group", name=name, title=title, count=total, cluster=cluster,
                               parts=parts if len(parts) > 1 else [])
        if anchor is not None:
            b.edges[(anchor, gid, "group")] = MapEdge(source=anchor, target=gid, kind="group")


def _plan_influence(b: _Builder, graph: Graph, account: str, staff: dict[str, Person]) -> int:
    deal_roles, _ = _deal_roles(o for o in graph.opportunities if o.account == account)
    team = own_people(graph)
    involved: list[str] = []
    for i in graph.influences:
        if i.source in staff or i.target in staff:
            involved += [pid for pid in (i.source, i.target) if pid not in involved]
    for pid in involved:
        p = b.people.get(pid)
        if p is None:
            continue
        if pid in team:
            b.person(p, "team", "team")
        else:
            b.person(p, "person", None, roles=set(p.roles) | deal_roles.get(pid, set()))
    return len(staff)


def _plan_committee(b: _Builder, graph: Graph, account: str, staff: dict[str, Person], detail: list[str]) -> int:
    options = b.options
    opps = [o for o in graph.opportunities if o.account == account]
    if options.opportunity:
        opp = next((o for o in opps if o.id == options.opportunity), None)
        if opp is None:
            raise NotFound(f"no opportunity '{options.opportunity}' on account '{account}'")
    else:
        open_opps = sorted((o for o in opps if o.is_open), key=lambda o: (-(o.amount or 0), o.id))
        if not open_opps:
            raise InvalidInput(f"account '{account}' has no open opportunity: draw --view org instead")
        opp = open_opps[0]
    detail.append(opp.name)
    team = own_people(graph)
    members: dict[str, Membership] = {m.person: m for m in opp.committee if m.person in b.people}
    for pid, m in members.items():
        p = b.people[pid]
        b.person(p, "person", p.unit, roles=m.roles, stance=effective_stance(p, m),
                 influence=effective_influence(p, m))
    # Everyone else is context: no badges, so a badge always means a role on this deal.
    for pid in list(members):
        boss = b.people[pid].reports_to
        if boss in staff:
            b.person(staff[boss], "person", staff[boss].unit)
    # People between our team and the committee: they know one of ours and are close to a member.
    links: dict[str, set[str]] = defaultdict(set)
    for k in graph.knows:
        if not is_coverage(k):
            links[k.a].add(k.b)
            links[k.b].add(k.a)
    for i in graph.influences:
        links[i.source].add(i.target)
        links[i.target].add(i.source)
    for pid, p in staff.items():
        if pid not in b.nodes and links[pid] & team and links[pid] & set(members):
            b.person(p, "person", p.unit)
    for pid in [*options.highlight, *options.also]:
        if pid in staff:
            b.person(staff[pid], "person", staff[pid].unit)
    b.team()
    # Empty seats sit beside the committee's most senior member, not wherever dot drops them.
    levels = _levels(staff)
    senior = min(members, key=lambda q: (levels.get(q, len(staff)), list(members).index(q)), default=None)
    for n, role in enumerate(opp.empty_seats):
        sid = f"seat:{n}"
        b.nodes[sid] = MapNode(id=sid, kind="seat", name=role_name(options.lang, role), roles=[role],
                               badges=[badge(role)], near=senior,
                               title=f"{text(options.lang, 'empty_seat')}: {text(options.lang, 'nobody_yet')}")
    return len(staff)
