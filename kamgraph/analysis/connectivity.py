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

import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from ..graph import gc_paused
from .routing import DEFAULT_MIN_STRENGTH, carries

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "COMPILED_FROM",
    "LOAD_COMPILED_FROM",
    "SCIPY_FROM",
    "ThreadMap",
    "Threads",
    "load_compiled",
    "separators",
    "threads",
]

#: From this many arcs in the flow network (about 8 per person left in play), Menger's
#: max-flows run in igraph's compiled push-relabel instead of plain Python augmenting
#: paths, once igraph is loaded; loading it (about 40 ms) only pays for itself from
#: :data:`LOAD_COMPILED_FROM` arcs, so a one-off ``risk`` on a small account never does. Both
#: give the same answers (the count is the max-flow's value, the smallest set the one cut
#: nearest the decision-maker, unique whatever the flow); the tests run each kernel.
COMPILED_FROM = 200
LOAD_COMPILED_FROM = 10_000
#: From this many arcs, scipy's compiled Dinic instead: igraph's push-relabel, four times
#: quicker than plain Python at 1,600 arcs (a portfolio's account), is eight times slower
#: than Dinic at 157,000 (a 20,000-person account); they are even near 23,000.
SCIPY_FROM = 25_000


def load_compiled() -> None:
    """Load the compiled max-flow now (igraph), for work on many accounts (a portfolio):
    from then on every flow network of :data:`COMPILED_FROM` arcs or more uses it."""
    import igraph  # noqa: F401


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
        self._arcs: _Arcs | None = None

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
                self._arcs = _Arcs(self.adj, self.T)
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


class _Arcs:
    """The flow network for Menger on ``adj``: each person split into an in-node (2v) and an
    out-node (2v + 1) joined by an arc of capacity 1, each relation an arc of capacity 1 each
    way (out-node to in-node), as networkx's ``build_auxiliary_node_connectivity`` builds it.
    Arc ``a``'s reverse is ``a ^ 1``. Built for the plain-Python max-flow, or (big enough,
    see :data:`COMPILED_FROM` and :data:`SCIPY_FROM`) as an igraph graph or a scipy matrix
    of the forward arcs."""

    def __init__(self, adj: list[list[int]], T: int) -> None:
        self.adj = adj
        arcs = sum(map(len, adj)) + sum(1 for a in adj if a)
        self.compiled: Any = None
        self.sparse: Any = None
        if arcs >= SCIPY_FROM:
            self.sparse = _sparse_network(adj)
            return
        if arcs >= (COMPILED_FROM if "igraph" in sys.modules else LOAD_COMPILED_FROM):
            self.compiled = _compiled_network(adj)
            return
        to: list[int] = []
        out: list[list[int]] = [[] for _ in range(2 * len(adj))]
        # arc x → y is number len(to) (to[a] = y), its reverse the next (to[a ^ 1] = x): written
        # out, as this runs once per arc of every account of a portfolio
        for v, nbrs in enumerate(adj):
            if nbrs:
                x = 2 * v + 1
                a = len(to)
                out[2 * v].append(a)
                out[x].append(a + 1)
                to += (x, 2 * v)
                mine = out[x]
                for w in nbrs:
                    a = len(to)
                    mine.append(a)
                    out[2 * w].append(a + 1)
                    to += (2 * w, x)
        self.to, self.out = to, out
        self.cap = [1 - (a & 1) for a in range(len(to))]  # forward arcs 1, reverse arcs 0

    def max_flow(self, s: int, t: int) -> tuple[int, list[int]]:
        """The most vertex-disjoint routes from ``s`` to ``t``, and the minimum node cut
        nearest ``t``: networkx's (the people on the saturated arcs into what can still reach
        ``t`` in the residual network, a set the same for every maximum flow)."""
        src, sink = 2 * s + 1, 2 * t
        if self.sparse is not None:
            value, reach = _sparse_flow(self.sparse, src, sink)
        elif self.compiled is not None:
            value, reach = _compiled_flow(self.compiled, 2 * len(self.adj), src, sink)
        else:
            value, reach = self._python(src, sink, min(len(self.adj[s]), len(self.adj[t])))
        # the saturated arcs from those who cannot reach t to those who can: a person's own
        # arc (in-node out, out-node in), or a relation straight into t
        near = {w for w in self.adj[t] if w != s and not reach[2 * w + 1]}
        cut = [
            v for v in range(len(self.adj)) if v not in (s, t) and (v in near or reach[2 * v + 1] and not reach[2 * v])
        ]
        return value, cut

    def _python(self, src: int, sink: int, most: int) -> tuple[int, list[bool]]:
        """Edmonds–Karp from ``src`` to ``sink``; ``most`` bounds the flow (the fewer
        relations of either end): once it is reached, no search for one more route."""
        to, out = self.to, self.out
        res = self.cap[:]
        value = 0
        while value < most:  # Edmonds–Karp: shortest augmenting paths, one unit each
            via = [-1] * len(out)
            via[src] = -2
            queue = [src]
            for x in queue:
                for a in out[x]:
                    y = to[a]
                    if res[a] and via[y] == -1:
                        via[y] = a
                        queue.append(y)
                if via[sink] != -1:
                    break
            if via[sink] == -1:
                break
            y = sink
            while y != src:
                a = via[y]
                res[a] -= 1
                res[a ^ 1] += 1
                y = to[a ^ 1]
            value += 1
        reach = [False] * len(out)  # who can still reach the sink
        reach[sink] = True
        queue = [sink]
        for y in queue:
            for a in out[y]:
                x = to[a]
                if not reach[x] and res[a ^ 1]:
                    reach[x] = True
                    queue.append(x)
        return value, reach


def _forward_arcs(adj: list[list[int]]) -> tuple[Any, Any]:
    """The flow network's forward arcs (each capacity 1) as numpy arrays of tails and heads:
    a person's own arc 2v → 2v + 1, and 2v + 1 → 2w for each relation v–w (the arcs' order
    changes neither the flow's value nor who can reach the sink)."""
    import numpy as np

    sizes = np.fromiter(map(len, adj), np.int64, len(adj))
    live = np.flatnonzero(sizes)
    heads = 2 * np.fromiter(chain.from_iterable(adj), np.int64, int(sizes.sum()))
    tails = np.repeat(2 * np.arange(len(adj), dtype=np.int64) + 1, sizes)
    return np.concatenate([2 * live, tails]), np.concatenate([2 * live + 1, heads])


def _compiled_network(adj: list[list[int]]) -> Any:
    """The flow network as an igraph digraph (see :func:`_forward_arcs`)."""
    import igraph

    tails, heads = _forward_arcs(adj)
    return igraph.Graph(n=2 * len(adj), edges=zip(tails.tolist(), heads.tolist(), strict=True), directed=True)


def _sparse_network(adj: list[list[int]]) -> Any:
    """The flow network as scipy's CSR capacity matrix (see :func:`_forward_arcs`)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    tails, heads = _forward_arcs(adj)
    size = 2 * len(adj)
    return csr_matrix((np.ones(len(heads), dtype=np.int32), (tails, heads)), shape=(size, size))


def _sparse_flow(capacity: Any, src: int, sink: int) -> tuple[int, list[bool]]:
    """scipy's Dinic from ``src`` to ``sink``, and who can still reach the sink in the
    residual network (a breadth-first search from the sink over the reversed residual arcs)."""
    import numpy as np
    from scipy.sparse.csgraph import breadth_first_order, maximum_flow

    flow = maximum_flow(capacity, src, sink, method="dinic")
    residual = (capacity - flow.flow).tocsr()
    residual.data[residual.data < 0] = 0
    residual.eliminate_zeros()
    reached = breadth_first_order(residual.T.tocsr(), sink, directed=True, return_predecessors=False)
    reach = np.zeros(capacity.shape[0], dtype=bool)
    reach[reached] = True
    return int(flow.flow_value), reach.tolist()


def _compiled_flow(network: Any, size: int, src: int, sink: int) -> tuple[int, list[bool]]:
    """igraph's maximum flow from ``src`` to ``sink``, and who can still reach the sink in
    the residual network: igraph's cut leaves exactly them on the sink's side (the cut
    nearest the sink; ``tests/test_risk.py`` checks it against networkx and the Python
    kernel)."""
    from igraph import GraphBase

    value, _, _, source_side = GraphBase.maxflow(network, src, sink, None)
    reach = [True] * size
    for x in source_side:
        reach[x] = False
    return int(value), reach
