"""Store data → the influence graph: who sways whom (the ``INFLUENCES`` records, and
reporting lines both ways), as a networkx digraph and as the integer arcs and sparse matrix
the compiled PageRank and betweenness read (:mod:`kamgraph.analysis.influence`). The people
and introduction graphs are :mod:`kamgraph.graph`'s.
"""

from __future__ import annotations

from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from .model import Graph, Person

if TYPE_CHECKING:  # networkx is imported when a graph is built, not when kamgraph is
    import networkx as nx

__all__ = ["InfluenceMatrix", "influence_arcs", "influence_graph", "influence_matrix"]


def influence_arcs(
    graph: Graph, org: str | None = None, to_manager: float = 0.6, to_report: float = 0.2
) -> tuple[list[str], list[dict[int, float]]]:
    """The edges of :func:`influence_graph` on integers: the people's ids (in the map's
    order) and, for each, their out-arcs ``{target index: weight}`` in the order
    :func:`influence_graph` inserts them (so both give the same matrix, summed in the same
    order).

    >>> from kamgraph.model import Graph, Organisation, Person, Influences
    >>> g = Graph(organisations=[Organisation(id="o", name="O")],
    ...           people=[Person(id="a", name="A", org="o"), Person(id="b", name="B", org="o", reports_to="a")],
    ...           influences=[Influences(source="b", target="a", weight=0.9)])
    >>> ids, out = influence_arcs(g)
    >>> ids, [{ids[v]: round(w, 2) for v, w in arcs.items()} for arcs in out]
    (['a', 'b'], [{'b': 1.1}, {'a': 0.6}])
    """
    people = [p for p in graph.people if org is None or p.org == org]
    index: dict[str, int] = {}
    for p in people:
        index.setdefault(p.id, len(index))
    ids = list(index)
    out: list[dict[int, float]] = [{} for _ in ids]
    get = index.get
    arcs = [(p.id, p.reports_to) for p in graph.people if p.reports_to]
    # written out (no call per arc): reporting lines up and down, then INFLUENCES target → source
    for u, v in arcs:
        a, b = get(u), get(v)
        if a is None or b is None or a == b:
            continue
        for x, y, w in ((a, b, to_manager), (b, a, to_report)):
            if w > 0:
                mine = out[x]
                mine[y] = mine[y] + w if y in mine else w
    for i in graph.influences:
        a, b, w = get(i.target), get(i.source), i.weight
        if a is None or b is None or a == b or w <= 0:
            continue
        mine = out[a]
        mine[b] = mine[b] + w if b in mine else w
    return ids, out


class InfluenceMatrix(NamedTuple):
    """What :func:`influence_matrix` reads off a map for :func:`kamgraph.analysis.influence`."""

    #: The organisation's people in the map's order, one per id (of a repeated id, its last record).
    people: list[Person]
    #: Their ids (row and column ``x`` of ``matrix`` is ``ids[x]``).
    ids: list[str]
    #: The influence graph's arcs: a scipy CSR array, ``matrix[x, y]`` the weight of ``x → y``.
    matrix: Any
    #: For each of the map's INFLUENCES, in its order: the index of its source, of its target
    #: (-1 for someone not among ``people``) and its weight (numpy arrays).
    swayers: Any
    swayed: Any
    weights: Any


def influence_matrix(
    graph: Graph, org: str | None = None, to_manager: float = 0.6, to_report: float = 0.2
) -> InfluenceMatrix:
    """:func:`influence_arcs` as the matrix PageRank works on: a scipy CSR array whose row
    ``x`` holds ``x``'s out-arcs, each row's columns in increasing order, with the very
    arrays (the same weights, summed in the same order) that scipy makes of
    :func:`influence_arcs` (``tests/test_centrality.py``), worked out in numpy rather than one
    dict update per relation; with the people and where each INFLUENCES record stands.

    >>> from kamgraph.model import Graph, Organisation, Person, Influences
    >>> g = Graph(organisations=[Organisation(id="o", name="O")],
    ...           people=[Person(id="a", name="A", org="o"), Person(id="b", name="B", org="o", reports_to="a")],
    ...           influences=[Influences(source="b", target="a", weight=0.9)])
    >>> m = influence_matrix(g)
    >>> m.ids, m.matrix.toarray().round(2).tolist(), m.swayers.tolist(), m.swayed.tolist()
    (['a', 'b'], [[0.0, 1.1], [0.6, 0.0]], [1], [0])
    """
    import numpy as np
    from scipy.sparse import csr_array

    index: dict[str, int] = {}
    people = [p for p in graph.people if org is None or p.org == org]
    for p in people:
        index.setdefault(p.id, len(index))
    ids = list(index)
    if len(ids) < len(people):  # a repeated id: its last record, its first place
        last = {p.id: p for p in people}
        people = [last[pid] for pid in ids]
    n = len(ids)
    get = index.get
    lines = [p for p in graph.people if p.reports_to]
    # each contribution's place in influence_arcs' loop: a reporting line's up then down
    # (2k, 2k + 1), then the INFLUENCES (2K + j); a pair's weights are summed in that order
    reports = np.fromiter(map(get, [p.id for p in lines], repeat(-1)), np.int64, len(lines))
    managers = np.fromiter(map(get, [p.reports_to or "" for p in lines], repeat(-1)), np.int64, len(lines))
    infl = graph.influences
    swayed = np.fromiter(map(get, [i.target for i in infl], repeat(-1)), np.int64, len(infl))
    swayers = np.fromiter(map(get, [i.source for i in infl], repeat(-1)), np.int64, len(infl))
    weights = np.fromiter((i.weight for i in infl), float, len(infl))
    k, m = len(lines), len(infl)
    tails = np.concatenate([reports, managers, swayed])
    heads = np.concatenate([managers, reports, swayers])
    w = np.concatenate([np.full(k, float(to_manager)), np.full(k, float(to_report)), weights])
    seq = np.concatenate([2 * np.arange(k), 2 * np.arange(k) + 1, 2 * k + np.arange(m)])
    keep = (tails >= 0) & (heads >= 0) & (tails != heads) & (w > 0)
    tails, heads, w, seq = tails[keep], heads[keep], w[keep], seq[keep]
    width = max(n, 1)
    key = tails * width + heads
    by = np.argsort(key, kind="stable")
    key, w, seq = key[by], w[by], seq[by]
    starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]])) if len(key) else np.zeros(0, np.int64)
    sizes = np.diff(np.append(starts, len(key)))
    data = np.add.reduceat(w, starts) if len(key) else np.zeros(0)  # one weight, or two (either order)
    for g in np.flatnonzero(sizes > 2).tolist():  # three or more: influence_arcs' order, left to right
        at = slice(int(starts[g]), int(starts[g] + sizes[g]))
        first, *rest = w[at][np.argsort(seq[at], kind="stable")].tolist()
        for x in rest:
            first += x
        data[g] = first
    pairs = key[starts]
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(pairs // width, minlength=n), out=indptr[1:])
    matrix = csr_array((data, pairs % width, indptr), shape=(n, n))
    return InfluenceMatrix(people, ids, matrix, swayers, swayed, weights)


def influence_graph(
    graph: Graph, org: str | None = None, to_manager: float = 0.6, to_report: float = 0.2
) -> nx.DiGraph:
    """Who defers to whom, for PageRank: an edge ``x → y`` means some of ``x``'s standing
    passes to ``y``. ``INFLUENCES`` source → target (the source sways the target) gives
    ``target → source`` with its weight; a reporting line gives ``report → manager`` with
    ``to_manager`` (the report's opinion flows up and they defer to the manager) and
    ``manager → report`` with ``to_report`` (the manager listens, less). Parallel relations
    add up. With ``org``, only that organisation's people.

    >>> from kamgraph.model import Graph, Organisation, Person, Influences
    >>> g = Graph(organisations=[Organisation(id="o", name="O")],
    ...           people=[Person(id="a", name="A", org="o"), Person(id="b", name="B", org="o", reports_to="a")],
    ...           influences=[Influences(source="b", target="a", weight=0.9)])
    >>> sorted((u, v, round(d["weight"], 2)) for u, v, d in influence_graph(g).edges(data=True))
    [('a', 'b', 1.1), ('b', 'a', 0.6)]
    """
    import networkx as nx

    D = nx.DiGraph()
    for p in graph.people:
        if org is None or p.org == org:
            D.add_node(p.id, person=p)

    def add(u: str, v: str, w: float) -> None:
        if u == v or u not in D or v not in D or w <= 0:
            return
        if D.has_edge(u, v):
            D[u][v]["weight"] += w
        else:
            D.add_edge(u, v, weight=w)

    for p in graph.people:
        if p.reports_to:
            add(p.id, p.reports_to, to_manager)
            add(p.reports_to, p.id, to_report)
    for i in graph.influences:
        add(i.target, i.source, i.weight)
    return D
