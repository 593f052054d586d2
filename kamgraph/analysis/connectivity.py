"""Threads: how many independent routes reach a decision-maker, and who can cut them.

The **threads** to a person are the most routes from our team to them that share nobody
but that person (Menger: local node connectivity), over the relations that carry
introductions (:mod:`kamgraph.analysis.routing`), with our whole team merged into one source
(so two of ours who know the same client person are one thread, through that person). A
direct relationship is one thread, and nobody can cut it.

The **single points** are every person outside our team whose loss alone leaves no thread:
the articulation points between our team and the person, read off the graph's biconnected
structure (worked out once per account, not by a max-flow per person).

All of it runs on integer-indexed lists built once per account (:class:`ThreadMap`), not
on networkx graphs: building those (and networkx's flow networks) was most of the time.
The answers are networkx's: ``tests/test_risk.py`` checks them against its
``local_node_connectivity`` and ``minimum_st_node_cut``, and against brute force. When there is none,
the **smallest set** is a minimum node cut: the fewest people whose loss together leaves no
thread (as many as there are threads); of several, the one nearest the decision-maker.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("me", "champ", strength=0.8)
>>> G.add_edge("champ", "boss", strength=0.6)
>>> G.add_edge("boss", "cfo", strength=0.7)
>>> t = threads(G, {"me"}, "cfo")
>>> t.threads, t.single_points, t.smallest_set
(1, ['champ', 'boss'], [])
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from ..graph import gc_paused
from .maxflow import Arcs, load_compiled  # load_compiled re-exported: what a portfolio calls
from .routing import DEFAULT_MIN_STRENGTH, carries

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ThreadMap", "Threads", "load_compiled", "separators", "threads"]


class Threads(BaseModel):
    """How well one decision-maker is covered."""

    person: str
    name: str
    threads: int = Field(description="vertex-disjoint routes from our team (a direct relationship is one)")
    direct: bool = Field(description="someone of ours knows them directly")
    single_points: list[str] = Field(
        default_factory=list,
        description="every person whose loss alone leaves no thread, in the order each route meets them "
        "(from our side)",
    )
    smallest_set: list[str] = Field(
        default_factory=list,
        description="when there is no single point: the fewest people whose loss together leaves no thread "
        "(a minimum node cut, of several the one nearest the decision-maker; ids in order)",
    )
    entry_points: list[str] = Field(description="our people from whom some route starts")


@gc_paused
def threads(G: nx.Graph, team: Collection[str], person: str, *, min_strength: float = DEFAULT_MIN_STRENGTH) -> Threads:
    """The threads from ``team`` to ``person`` in the introduction graph ``G`` (not
    collapsed), over the edges that carry at least ``min_strength`` (never strength 0)."""
    edges = [(u, v) for u, v, s in G.edges(data="strength", default=1.0) if carries(s, min_strength)]
    names = {n: d["person"].name for n, d in G.nodes(data=True) if "person" in d}
    return ThreadMap(list(G), edges, team, [person], names).of(person)


class ThreadMap:
    """Threads from ``team`` to any of ``targets`` over ``edges`` (pairs of ids among
    ``people``, each able to carry a route), for asking about each target in turn: our team
    merged into one node, the part that can lead to the targets, its biconnected structure
    and where routes can start are worked out once, on integers. ``names`` shows people."""

    def __init__(
        self,
        people: Sequence[str],
        edges: Iterable[tuple[str, str]],
        team: Collection[str],
        targets: Iterable[str],
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.ids = list(people)
        self.index = {p: i for i, p in enumerate(self.ids)}
        self.names = names or {}
        n = len(self.ids)
        self.T = T = n  # our team, merged
        self.team = {self.index[m] for m in team if m in self.index}
        ours = self.team
        adj: list[list[int]] = [[] for _ in range(n + 1)]
        touching: dict[int, set[int]] = {}  # person outside our team → our people who know them
        for a, b in edges:
            u, v = self.index.get(a), self.index.get(b)
            if u is None or v is None or u == v:
                continue
            if u in ours and v in ours:
                continue
            if u in ours or v in ours:
                m, x = (u, v) if u in ours else (v, u)
                known = touching.setdefault(x, set())
                if not known:
                    adj[T].append(x)
                    adj[x].append(T)
                known.add(m)
            else:
                adj[u].append(v)
                adj[v].append(u)
        self._entries = _entry_points(adj, T, touching)
        keep = {self.index[t] for t in targets if t in self.index and self.index[t] not in ours}
        self.adj = _core(adj, T, keep)
        self.head = separators(self.adj, T)
        self._arcs: Arcs | None = None

    def of(self, person: str) -> Threads:
        """The threads to ``person``."""
        name = self.names.get(person, person)
        d = self.index.get(person)
        if d is None or d in self.team or d not in self.head:
            # unknown, ours, or out of our team's reach
            return Threads(person=person, name=name, threads=0, direct=False, entry_points=[])
        direct = self.T in self.adj[d]
        single = self.single_points(person)
        smallest: list[str] = []
        if single:  # then nobody of ours knows them directly, and one thread is all there is
            n = 1
        else:  # a direct relationship counts as one thread, and nobody can cut it
            if self._arcs is None:
                self._arcs = Arcs(self.adj, self.T)
            n, cut = self._arcs.max_flow(self.T, d)
            if not direct:
                smallest = sorted(self.ids[v] for v in cut)
        entry = sorted(self.ids[m] for m in self._entries.get(d, ())) if n else []
        return Threads(
            person=person,
            name=name,
            threads=n,
            direct=direct,
            single_points=single,
            smallest_set=smallest,
            entry_points=entry,
        )

    def single_points(self, person: str) -> list[str]:
        """Every person whose loss alone cuts our team off from ``person``, from our side."""
        chain = []
        d = self.index.get(person)
        head = self.head.get(d) if d is not None else None
        while head is not None and head != self.T:
            chain.append(self.ids[head])
            head = self.head[head]
        return chain[::-1]


def _entry_points(adj: list[list[int]], T: int, touching: dict[int, set[int]]) -> dict[int, set[int]]:
    """Each person outside our team → our people next to their connected part of the world
    once our team is left out: where routes to them can start."""
    part = [-1] * len(adj)
    entries: list[set[int]] = []
    for start in range(len(adj) - 1):
        if part[start] >= 0:
            continue
        k = len(entries)
        found: set[int] = set()
        part[start] = k
        stack = [start]
        while stack:
            u = stack.pop()
            found |= touching.get(u, set())
            for v in adj[u]:
                if v != T and part[v] < 0:
                    part[v] = k
                    stack.append(v)
        entries.append(found)
    return {x: entries[part[x]] for x in range(len(adj) - 1) if entries[part[x]]}


def _core(adj: list[list[int]], T: int, keep: set[int]) -> list[list[int]]:
    """``adj`` without what no route from our team to ``keep`` can pass through: people our
    team cannot reach, and dead ends (one relation, peeled repeatedly: a route that goes in
    must come back the same way). Menger's counts and cuts are the same on the rest, which
    is far smaller on tree-like org charts. Who is left out has no neighbours."""
    seen = [False] * len(adj)
    seen[T] = True
    stack = [T]
    while stack:
        for v in adj[stack.pop()]:
            if not seen[v]:
                seen[v] = True
                stack.append(v)
    degree = [len(a) if seen[i] else 0 for i, a in enumerate(adj)]
    alive = seen[:]
    todo = [i for i, dg in enumerate(degree) if alive[i] and dg <= 1 and i != T and i not in keep]
    while todo:
        u = todo.pop()
        if not alive[u]:
            continue
        alive[u] = False
        for v in adj[u]:
            if alive[v]:
                degree[v] -= 1
                if degree[v] <= 1 and v != T and v not in keep:
                    todo.append(v)
    return [[v for v in a if alive[v]] if alive[i] else [] for i, a in enumerate(adj)]


def separators(adj: Sequence[Sequence[Any]] | Any, root: Any) -> dict[Any, Any]:
    """Each node that ``root`` reaches in ``adj`` (a list of neighbour lists, or a networkx
    graph) → the nearest node whose loss alone cuts it off from ``root`` (``root`` itself
    when none does; ``None`` for ``root``). Following the chain from a node to ``root``
    names every such node: the articulation points between them (Tarjan's biconnected
    components in one depth-first search: a block's first node separates the rest of the
    block from ``root``).

    >>> import networkx as nx
    >>> H = nx.Graph([("r", "a"), ("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> sorted(separators(H, "r").items(), key=str)
    [('a', 'r'), ('b', 'a'), ('c', 'a'), ('d', 'c'), ('r', None)]
    """
    disc = {root: 0}
    low = {root: 0}
    head: dict[Any, Any] = {root: None}
    parent: dict[Any, Any] = {root: None}
    trail = []  # nodes discovered and not yet given to a block
    walk = [(root, iter(adj[root]))]
    while walk:
        u, it = walk[-1]
        for v in it:
            if v not in disc:
                disc[v] = low[v] = len(disc)
                parent[v] = u
                trail.append(v)
                walk.append((v, iter(adj[v])))
                break
            if v != parent[u] and disc[v] < low[u]:
                low[u] = disc[v]
        else:
            walk.pop()
            if walk:
                p = walk[-1][0]
                if low[u] < low[p]:
                    low[p] = low[u]
                if low[u] >= disc[p]:  # p heads the block holding u's part of the tree
                    while True:
                        w = trail.pop()
                        head[w] = p
                        if w == u:
                            break
    return head
