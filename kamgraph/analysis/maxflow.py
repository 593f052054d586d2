"""Menger's max-flows for :mod:`kamgraph.analysis.connectivity`: the flow network of an
integer-indexed graph (each person split in two, joined by an arc of capacity 1) and three
kernels that give the same answers — plain-Python Edmonds–Karp for small networks, igraph's
compiled push-relabel from :data:`COMPILED_FROM` arcs, scipy's Dinic from :data:`SCIPY_FROM`
(``tests/test_risk.py`` forces each in turn and compares them with networkx).
"""

from __future__ import annotations

import sys
from itertools import chain
from typing import Any

__all__ = ["COMPILED_FROM", "LOAD_COMPILED_FROM", "SCIPY_FROM", "Arcs", "load_compiled"]

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


class Arcs:
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
