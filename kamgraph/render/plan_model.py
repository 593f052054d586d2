"""The plain data an account map's plan is (:class:`AccountMap` with its nodes, lines and
unit boxes, and the :class:`MapOptions` it is drawn with), and the builder that collects
them once each, in a stable order. :func:`kamgraph.render.plan.plan_map` fills them in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from ..graph import is_ownership, own_people
from ..model import Graph, Influence, Knows, Person, Role, Stance
from ..strength import effective_strength
from .i18n import Lang, badge

__all__ = ["AccountMap", "MapCluster", "MapEdge", "MapNode", "MapOptions", "View", "initials", "is_coverage"]

View = Literal["org", "influence", "committee"]
VIEWS: tuple[View, ...] = ("org", "influence", "committee")


def is_coverage(k: Knows) -> bool:
    """A relationship that comes only from CRM record ownership (every contact has an owner,
    one of our sellers): coverage, drawn as a mark on the person, not a line."""
    return is_ownership(k)


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
    also: list[str] = Field(
        default_factory=list,
        description="people to draw besides the view's own (committee view: the routes to its members)",
    )
    aspect: float | None = Field(
        default=None,
        gt=0,
        description="width over height to wrap wide subtrees towards "
        "(default: about 16:9 for the org view; the committee view does not wrap)",
    )
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
    level: int | None = Field(default=None, description="formal seniority (0 = executive): peers of a unit share a row")
    owners: list[str] = Field(
        default_factory=list,
        description="the short codes of our people who own this "
        "contact in the CRM (coverage, drawn as a mark, not a line)",
    )


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
    owners: list[tuple[str, str]] = Field(
        default_factory=list, description="CRM record owners marked on the people: (code, name), for the legend"
    )
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

    def person(
        self,
        p: Person,
        kind: NodeKind,
        cluster: str | None,
        roles: Iterable[Role] = (),
        stance: Stance | None = None,
        influence: Influence | None = None,
    ) -> None:
        if p.id in self.nodes:
            return
        ordered = sorted(set(roles), key=list(Role).index)
        self.nodes[p.id] = MapNode(
            id=p.id,
            kind=kind,
            name=self.name(p),
            title=p.title,
            roles=ordered,
            badges=[badge(r) for r in ordered],
            stance=None if kind == "team" else (stance or p.stance),
            influence=influence if influence is not None else p.influence,
            cluster=cluster,
            level=p.seniority.rank if p.seniority is not None else None,
        )

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
                self.edge(k.a, k.b, "knows", effective_strength(k))

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
