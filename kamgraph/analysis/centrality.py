"""PageRank and betweenness on integer-indexed arcs, in compiled code (scipy and igraph).

:func:`kamgraph.analysis.influence` works on the matrix :func:`kamgraph.graph_influence.influence_matrix`
reads off the records (the one scipy makes of :func:`kamgraph.graph_influence.influence_arcs`), never
on a networkx graph: building that graph and networkx's pure-Python Brandes were almost all
of its time (issue 19). The answers are networkx's:

- :func:`pagerank` is networkx's ``pagerank`` (its scipy power iteration) step for step, on
  the same matrix built in the same order, so the scores are the same floats;
- :func:`betweenness` is networkx's ``betweenness_centrality`` (unweighted, directed,
  ``normalized=True``, endpoints left out, networkx 3.5's scaling for sampled sources):
  Brandes' counting of shortest paths from the same sources in igraph, whose sums come in
  another order (equal to about 1e-15).

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

__all__ = ["arcs_matrix", "betweenness", "pagerank"]


#: A weighted digraph: each node's out-arcs ``{target: weight}`` (a sequence of dicts), or
#: the scipy CSR array :func:`arcs_matrix` makes of them.
Arcs = Sequence[dict[int, float]] | Any


def _as_matrix(out: Arcs) -> Any:
    from scipy.sparse import csr_array

    return out if isinstance(out, csr_array) else arcs_matrix(out)


def arcs_matrix(out: Sequence[dict[int, float]]) -> Any:
    """The arcs as a CSR matrix, entries in networkx's order (``to_scipy_sparse_array``:
    node by node, each node's arcs in insertion order; scipy sorts each row's columns)."""
    import numpy as np
    from scipy.sparse import coo_array

    n = len(out)
    rows = np.repeat(np.arange(n, dtype=np.int64), [len(arcs) for arcs in out])
    cols = np.fromiter((v for arcs in out for v in arcs), dtype=np.int64, count=len(rows))
    data = np.fromiter((w for arcs in out for w in arcs.values()), dtype=float, count=len(rows))
    return coo_array((data, (rows, cols)), shape=(n, n), dtype=float).asformat("csr")


def pagerank(out: Arcs, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 100) -> Any:
    """The PageRank of each node of the weighted digraph ``out`` (each node's out-arcs,
    ``{target: weight}``, or their :func:`arcs_matrix`), as networkx's
    ``pagerank(G, alpha, tol=tol, max_iter=max_iter)`` computes it (uniform teleport,
    dangling nodes spread evenly): a numpy array.

    Raises networkx's ``PowerIterationFailedConvergence`` as it would."""
    import numpy as np
    from scipy.sparse import dia_array

    A = _as_matrix(out)
    N = A.shape[0]
    if N == 0:
        return np.zeros(0)
    # from here on, networkx's _pagerank_scipy line for line (the same floats)
    S = A.sum(axis=1)
    S[S != 0] = 1.0 / S[S != 0]
    Q = dia_array((S.T, 0), shape=A.shape).tocsr()
    A = Q @ A
    x = np.repeat(1.0 / N, N)
    p = np.repeat(1.0 / N, N)
    dangling_weights = p
    is_dangling = np.where(S == 0)[0]
    # x @ A as A's transpose (CSR) times x: the same products summed in the same order (each
    # node's from the lowest-numbered node up), with less of scipy's dispatch per step; and
    # the dangling term, when nobody dangles, is + 0.0: left out, the same floats
    AT = A.T.tocsr()
    teleport = (1 - alpha) * p
    for _ in range(max_iter):
        xlast = x
        spread = AT @ x
        if len(is_dangling):
            spread = spread + sum(x[is_dangling]) * dangling_weights
        x = alpha * spread + teleport
        err = np.absolute(x - xlast).sum()
        if err < N * tol:
            return x
    import networkx as nx

    raise nx.PowerIterationFailedConvergence(max_iter)


def betweenness(out: Arcs, sources: Sequence[int]) -> np.ndarray[Any, Any]:
    """The normalised betweenness of each node of the digraph ``out`` (arcs unweighted; out-arcs
    or their :func:`arcs_matrix`),
    counting the shortest paths from ``sources`` (every node: exact; fewer: networkx's
    sampled estimate, with the same scaling). A numpy array.

    Brandes' counting runs in igraph's compiled code (``Graph.betweenness`` from the given
    sources, endpoints left out): numpy's batched version of it was three times igraph's
    time on the same sources (issue 19, docs/benchmarks.md)."""
    import igraph
    import numpy as np

    A = _as_matrix(out)
    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    tails = np.repeat(np.arange(n), np.diff(A.indptr)).tolist()
    heads = A.indices.tolist()  # the order of the arcs does not change igraph's sums
    g = igraph.Graph(n=n, edges=zip(tails, heads, strict=True), directed=True)  # an iterator: igraph's quickest
    total = np.asarray(g.betweenness(directed=True, sources=list(sources)), dtype=float)
    return _rescale(total, n, sources)


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
