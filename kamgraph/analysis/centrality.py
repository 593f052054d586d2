"""PageRank and betweenness on integer-indexed arcs, in compiled code (numpy and scipy).

:func:`kamgraph.analysis.influence` works on the arcs :func:`kamgraph.graph.influence_arcs`
reads off the records, never on a networkx graph: building that graph and networkx's
pure-Python Brandes were almost all of its time (issue 19). The answers are networkx's:

- :func:`pagerank` is networkx's ``pagerank`` (its scipy power iteration) step for step, on
  the same matrix built in the same order, so the scores are the same floats;
- :func:`betweenness` is networkx's ``betweenness_centrality`` (unweighted, directed,
  ``normalized=True``, endpoints left out, networkx 3.5's scaling for sampled sources):
  Brandes' counting of shortest paths, one breadth-first level at a time for a batch of
  sources at once, so its sums come in another order (equal to about 1e-15).

``tests/test_centrality.py`` compares both with networkx on random graphs.

>>> out = [{1: 1.0}, {2: 1.0}, {}]
>>> [round(x, 4) for x in pagerank(out).tolist()]
[0.1844, 0.3412, 0.4744]
>>> betweenness(out, [0, 1, 2]).tolist()
[0.0, 0.5, 0.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["betweenness", "pagerank"]

#: How many (source, arc) cells one batch of betweenness sources may span: bounds the
#: memory of a batch (a few arrays of this many entries) whatever the account's size.
BATCH_CELLS = 2_000_000


def _matrix(out: Sequence[dict[int, float]], weighted: bool = True) -> Any:
    """The arcs as a CSR matrix, entries in networkx's order (``to_scipy_sparse_array``:
    node by node, each node's arcs in insertion order)."""
    import numpy as np
    from scipy.sparse import coo_array

    n = len(out)
    rows = np.repeat(np.arange(n, dtype=np.int64), [len(arcs) for arcs in out])
    cols = np.fromiter((v for arcs in out for v in arcs), dtype=np.int64, count=len(rows))
    if weighted:
        data = np.fromiter((w for arcs in out for w in arcs.values()), dtype=float, count=len(rows))
    else:
        data = np.ones(len(rows))
    return coo_array((data, (rows, cols)), shape=(n, n), dtype=float).asformat("csr")


def pagerank(out: Sequence[dict[int, float]], alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 100) -> Any:
    """The PageRank of each node of the weighted digraph ``out`` (each node's out-arcs,
    ``{target: weight}``), as networkx's ``pagerank(G, alpha, tol=tol, max_iter=max_iter)``
    computes it (uniform teleport, dangling nodes spread evenly): a numpy array.

    Raises networkx's ``PowerIterationFailedConvergence`` as it would."""
    import numpy as np
    from scipy.sparse import dia_array

    N = len(out)
    if N == 0:
        return np.zeros(0)
    A = _matrix(out)
    # from here on, networkx's _pagerank_scipy line for line (the same floats)
    S = A.sum(axis=1)
    S[S != 0] = 1.0 / S[S != 0]
    Q = dia_array((S.T, 0), shape=A.shape).tocsr()
    A = Q @ A
    x = np.repeat(1.0 / N, N)
    p = np.repeat(1.0 / N, N)
    dangling_weights = p
    is_dangling = np.where(S == 0)[0]
    for _ in range(max_iter):
        xlast = x
        x = alpha * (x @ A + sum(x[is_dangling]) * dangling_weights) + (1 - alpha) * p
        err = np.absolute(x - xlast).sum()
        if err < N * tol:
            return x
    import networkx as nx

    raise nx.PowerIterationFailedConvergence(max_iter)


def betweenness(out: Sequence[dict[int, float]], sources: Sequence[int]) -> np.ndarray[Any, Any]:
    """The normalised betweenness of each node of the digraph ``out`` (arcs unweighted),
    counting the shortest paths from ``sources`` (every node: exact; fewer: networkx's
    sampled estimate, with the same scaling). A numpy array."""
    import numpy as np

    n = len(out)
    total = np.zeros(n)
    A = _matrix(out, weighted=False)
    tails = np.repeat(np.arange(n, dtype=np.int64), np.diff(A.indptr))
    heads = A.indices.astype(np.int64)
    m = len(heads)
    batch = max(1, BATCH_CELLS // max(m, n, 1))
    for first in range(0, len(sources), batch):
        src = np.asarray(sources[first : first + batch], dtype=np.int64)
        B = len(src)
        # levels from each source; -2: not reached (so no arc leads on from it to level -1)
        D = np.full((B, n), -2, dtype=np.int32)
        for row, s in enumerate(src.tolist()):
            reached, level = _levels(A, s)
            D[row, reached] = level
        start = src + np.arange(B, dtype=np.int64) * n  # each source's cell in the flattened B × n
        Dh = D[:, heads]
        on = np.flatnonzero(Dh == D[:, tails] + 1)  # (source, arc) cells on a shortest path from the source
        rows, arcs = np.divmod(on, m)
        level = Dh.ravel()[on]
        top = int(level.max()) if len(level) else 0
        order = np.argsort(level.astype(np.int16) if top < 2**15 else level, kind="stable")
        u = (tails[arcs] + rows * n)[order]
        v = (heads[arcs] + rows * n)[order]
        bounds = np.searchsorted(level[order], np.arange(1, top + 2))
        sigma = np.zeros(B * n)
        sigma[start] = 1.0
        for lvl in range(1, top + 1):  # path counts, level by level away from each source
            part = slice(bounds[lvl - 1], bounds[lvl])
            np.add.at(sigma, v[part], sigma[u[part]])
        delta = np.zeros(B * n)
        for lvl in range(top, 0, -1):  # dependencies, level by level back towards each source
            part = slice(bounds[lvl - 1], bounds[lvl])
            tail, head = u[part], v[part]
            np.add.at(delta, tail, sigma[tail] * ((1.0 + delta[head]) / sigma[head]))
        delta[start] = 0.0  # a source's own paths do not pass through it
        total += delta.reshape(B, n).sum(axis=0)
    return _rescale(total, n, sources)


def _levels(A: Any, source: int) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The nodes ``source`` reaches in ``A`` and how many arcs away each is: one compiled
    breadth-first search, then the depth in the search tree by pointer jumping (each step
    doubles how far every node looks up its chain of parents)."""
    import numpy as np
    from scipy.sparse.csgraph import breadth_first_order

    order, parent = breadth_first_order(A, source, directed=True, return_predecessors=True)
    position = np.empty(A.shape[0], dtype=np.int64)
    position[order] = np.arange(len(order))
    up = np.zeros(len(order), dtype=np.int64)  # each reached node's ancestor, by position (the source: itself)
    up[1:] = position[parent[order[1:]]]
    depth = np.ones(len(order), dtype=np.int32)  # how many arcs below that ancestor
    depth[0] = 0
    while up.any():
        depth += depth[up]
        up = up[up]
    return order, depth


def _rescale(total: np.ndarray[Any, Any], n: int, sources: Sequence[int]) -> np.ndarray[Any, Any]:
    """networkx's normalisation (3.5 on) without endpoints: over the (source, target) pairs
    that could pass through each node; a sampled source cannot be one of its own pairs."""
    N = n - 1
    if N < 2:
        return total
    k = len(sources)
    if k >= n:
        return total * (1 / (N * (N - 1)))
    import numpy as np

    scale = np.full(n, 1 / (k * (N - 1)))
    scale[np.asarray(sources, dtype=np.int64)] = 1 / ((k - 1) * (N - 1)) if k > 1 else np.nan
    scaled: np.ndarray[Any, Any] = total * scale
    return scaled
