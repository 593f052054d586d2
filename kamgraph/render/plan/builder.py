"""The builder every view of an account map fills in: it collects the people drawn, the lines
between them and the unit boxes' hidden counts, once each, in a stable order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ... import clock
from ...graph import own_people
from ...model import Graph, Influence, Person, Role, Stance
from ...strength import effective_strength
from ..i18n import badge
from .model import EdgeKind, MapEdge, MapNode, MapOptions, NodeKind, initials, is_coverage, note_line

__all__ = ["MapBuilder"]


class MapBuilder:
    """Collects a map's nodes and edges, once each, in a stable order: what each view fills in."""

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
            left=p.left if p.left is not None and p.left <= (self.options.today or clock.today()) else None,
            notes=[] if self.options.redact else [note_line(n) for n in p.notes],
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
