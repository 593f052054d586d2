"""Threads: how many independent routes reach a decision-maker, and who can cut them.

The **threads** to a person are the most routes from our team to them that share nobody
but that person (Menger: local node connectivity), over the relations that carry
introductions (:mod:`kamgraph.analysis.routing`), with our whole team merged into one source
(so two of ours who know the same client person are one thread, through that person). A
direct relationship is one thread, and nobody can cut it.

The **single points** are every person outside our team whose loss alone leaves no thread:
the articulation points between our team and the person, read off the graph's biconnected
structure (worked out once per account, not by a max-flow per person). When there is none,
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

from collections.abc import Collection, Iterable
from typing import Any

import networkx as nx
from networkx.algorithms.connectivity import (
    build_auxiliary_node_connectivity,
    local_node_connectivity,
    minimum_st_node_cut,
)
from networkx.algorithms.flow import build_residual_network
from pydantic import BaseModel, Field

from ..graph import TEAM, collapse, gc_paused
from .routing import DEFAULT_MIN_STRENGTH, routable

__all__ = ["ThreadMap", "Threads", "threads"]


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
    return ThreadMap(routable(G, min_strength), team, {person}).of(person)


class ThreadMap:
    """Threads from ``team`` to any of ``targets`` in the introduction graph ``G``, for
    asking about each in turn: the collapsed graph, its biconnected structure, the flow
    networks and where routes can start are worked out once. ``G`` must hold only what can
    carry a route (see :func:`~kamgraph.analysis.routing.routable`)."""

    def __init__(self, G: nx.Graph, team: Collection[str], targets: Iterable[str]) -> None:
        self.G = G
        self.team = set(team)
        self.H = _core(collapse(G, self.team), set(targets))
        self.separators = separators(self.H, TEAM)
        self.outside = _outside(G, self.team)
        self._flow: tuple[Any, Any] | None = None

    def _networks(self) -> tuple[Any, Any]:
        if self._flow is None:
            aux = build_auxiliary_node_connectivity(self.H)
            self._flow = aux, build_residual_network(aux, "capacity")
        return self._flow

    def of(self, person: str) -> Threads:
        """The threads to ``person``."""
        G, H = self.G, self.H
        name = G.nodes[person]["person"].name if "person" in G.nodes.get(person, {}) else person
        if person in self.team or person not in H or person not in self.separators:
            # ours, unknown, or left out as out of our team's reach
            return Threads(person=person, name=name, threads=0, direct=False, entry_points=[])
        direct = H.has_edge(TEAM, person)
        single = self.single_points(person)
        smallest: list[str] = []
        if single:  # then nobody of ours knows them directly, and one thread is all there is
            n = 1
        else:  # a direct relationship counts as one thread, and nobody can cut it
            aux, res = self._networks()
            n = local_node_connectivity(H, TEAM, person, auxiliary=aux, residual=res)
            if not direct:
                smallest = sorted(minimum_st_node_cut(H, TEAM, person, auxiliary=aux, residual=res))
        entry = sorted(self.outside[person]) if n else []
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
        head = self.separators.get(person)
        while head is not None and head != TEAM:
            chain.append(head)
            head = self.separators[head]
        return chain[::-1]


def separators(H: nx.Graph, root: Any) -> dict[Any, Any]:
    """Each node that ``root`` reaches in ``H`` → the nearest node whose loss alone cuts it
    off from ``root`` (``root`` itself when none does; ``None`` for ``root``). Following the
    chain from a node to ``root`` names every such node: the articulation points between
    them (Tarjan's biconnected components in one depth-first search: a block's first node
    separates the rest of the block from ``root``).

    >>> import networkx as nx
    >>> H = nx.Graph([("r", "a"), ("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> sorted(separators(H, "r").items(), key=str)
    [('a', 'r'), ('b', 'a'), ('c', 'a'), ('d', 'c'), ('r', None)]
    """
    adj = H.adj
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


def _core(H: nx.Graph, keep: set[str]) -> nx.Graph:
    """``H`` without what no route from our team to ``keep`` can pass through: people our
    team cannot reach, and dead ends (one relation, peeled repeatedly: a route that goes in
    must come back the same way). Menger's counts and cuts are the same on the rest, which
    is far smaller on tree-like org charts. Orders are kept, so the same cut is found."""
    adj = H.adj
    seen, stack = {TEAM}, [TEAM]
    while stack:
        for v in adj[stack.pop()]:
            if v not in seen:
                seen.add(v)
                stack.append(v)
    protected = keep | {TEAM}
    degree = {n: len(adj[n]) for n in seen}
    todo = [n for n, d in degree.items() if d <= 1 and n not in protected]
    gone: set[str] = set()
    while todo:
        n = todo.pop()
        if n in gone:
            continue
        gone.add(n)
        for v in adj[n]:
            if v not in gone:
                degree[v] -= 1
                if degree[v] <= 1 and v not in protected:
                    todo.append(v)
    if len(seen) - len(gone) == len(H):
        return H
    nodes = [n for n in H if n in seen and n not in gone]
    kept = set(nodes)
    C = nx.Graph()
    C.add_nodes_from((n, H.nodes[n]) for n in nodes)
    C.add_edges_from((u, v, d) for u in nodes for v, d in adj[u].items() if v in kept)
    return C


def _outside(G: nx.Graph, team: set[str]) -> dict[str, set[str]]:
    """Each person outside our team → the people of ours next to their connected part of the
    world once our team is left out: where routes to them can start (worked out once, for
    every decision-maker)."""
    part: dict[str, int] = {}
    adj = G.adj
    for start in G:
        if start in team or start in part:
            continue
        part[start] = n = len(part)
        stack = [start]
        while stack:
            for v in adj[stack.pop()]:
                if v not in team and v not in part:
                    part[v] = n
                    stack.append(v)
    entries: dict[int, set[str]] = {}
    for m in team:
        if m in G:
            for x in adj[m]:
                if x in part:
                    entries.setdefault(part[x], set()).add(m)
    return {x: entries.get(n, set()) for x, n in part.items()}
