"""The single best route on integers: one Dijkstra from our side, no networkx graph.

``path`` with its default options (one route, best probability, no hop limit) asks for the
best route by the documented order (:func:`kamgraph.analysis.paths.route_order`: the highest
probability, probabilities within a relative 1e-9 being equal; then fewer hops; then the
people's ids along the route). Building networkx's routing digraph for that was most of its
time (issue 19), so it is worked out here on plain lists and dicts, built once per call:

1. Dijkstra on −ln strength from every source at once, stopping past the best target, keeping
   every predecessor that ties (within the same 1e-9);
2. a breadth-first search back from the best targets over those ties: how many hops each
   person is from the end of a best route;
3. from the source with the fewest hops left (the smallest id of several), the smallest id
   that is one hop nearer, step by step.

A route leaves a source and stops at the first target: it never runs through another source
or target. ``tests/test_paths.py`` checks the routes are networkx's (Yen's
``shortest_simple_paths`` in the documented order) and brute force's on random graphs.

>>> best_route(["me", "a", "b", "cfo"], [("me", "a", 0.9), ("a", "cfo", 0.5), ("me", "b", 0.9), ("b", "cfo", 0.5)],
...            {"me"}, {"cfo"})
['me', 'a', 'cfo']
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Iterable, Mapping
from typing import TypeVar

from .routing import DEFAULT_MIN_STRENGTH

__all__ = ["SCIPY_FROM", "TIE", "best_route", "best_routes", "route_key"]

#: From this many relations (a few thousand people), Dijkstra runs in scipy's compiled code
#: instead of plain Python (the same route: the tests run both). Below it, plain Python is
#: as quick and ``path`` does not load scipy (about 0.1 s of a command's start).
SCIPY_FROM = 5_000

#: Costs (sums of −ln strength) closer than this, relative to the larger (at least 1), are a tie.
TIE = 1e-9


def best_route(
    people: Iterable[str],
    edges: Collection[tuple[str, str, float]],
    sources: Collection[str],
    targets: Collection[str],
    *,
    min_strength: float = DEFAULT_MIN_STRENGTH,
    avoid: Collection[str] = (),
) -> list[str] | None:
    """The best route (ids from a source to a target) over the undirected ``edges``
    (``(a, b, strength)`` among ``people``, each pair once) that :func:`carry
    <kamgraph.analysis.routing.carries>` at least ``min_strength``, through nobody in
    ``avoid``; ``None`` when there is none. A person both a source and a target is a route
    of 0 hops."""
    compiled = len(edges) >= SCIPY_FROM
    arcs = _arcs(people, edges, sources, targets, min_strength, avoid, compiled=compiled)
    if arcs is None:
        return None
    adj, start, ends, only_source = arcs
    if compiled:
        return _compiled(list(adj), edges, max(min_strength, 0.0), start, ends, only_source)
    return _search(adj, start, ends)


def best_routes(
    people: Iterable[str],
    edges: Collection[tuple[str, str, float]],
    sources: Collection[str],
    targets: Collection[str],
    k: int,
    *,
    min_strength: float = DEFAULT_MIN_STRENGTH,
    avoid: Collection[str] = (),
) -> list[list[str]]:
    """The ``k`` best loop-free routes, best first in the documented order, over the same
    arcs as :func:`best_route`: Yen's algorithm, each spur's best route found as the one
    best route is (so ties come in the documented order), the candidates weighed by
    :func:`route_key`.

    >>> edges = [("me", "a", 0.9), ("a", "cfo", 0.5), ("me", "b", 0.6), ("b", "cfo", 0.6), ("me", "cfo", 0.3)]
    >>> best_routes(["me", "a", "b", "cfo"], edges, {"me"}, {"cfo"}, 3)
    [['me', 'a', 'cfo'], ['me', 'b', 'cfo'], ['me', 'cfo']]
    """
    arcs = _arcs(people, edges, sources, targets, min_strength, avoid)
    if arcs is None:
        return []
    adj, start, ends, _ = arcs
    first = _search(adj, start, ends)
    if first is None:
        return []
    strength: dict[tuple[str, str], float] = {}
    for a, b, s in edges:
        strength[a, b] = strength[b, a] = s

    def key(route: list[str]) -> tuple[float, int, list[str]]:
        return route_key(math.prod(strength[u, v] for u, v in zip(route, route[1:], strict=False)), route)

    found = [first]
    seen = {tuple(first)}
    candidates: list[tuple[tuple[float, int, list[str]], list[str]]] = []
    while len(found) < k:
        last = found[-1]
        spent = [0.0]  # the cost of last up to each person
        for u, v in zip(last, last[1:], strict=False):
            spent.append(spent[-1] - math.log(strength[u, v]))
        # spur from the start (a route from another source) and from each person but the last
        for i in range(len(last)):
            # a route costlier than as many candidates as are still wanted is never wanted
            wanted = k - len(found)
            bound = heapq.nsmallest(wanted, candidates)[-1][0][0] if len(candidates) >= wanted else math.inf
            most = bound + 2 * TIE * max(1.0, bound) - (spent[i - 1] if i else 0.0)
            root = last[:i]  # the route up to the spur, which is last[i - 1] (none: the start)
            cut: dict[str, set[str]] = {}
            firsts: set[str] = set()
            for r in found:
                if len(r) > i and r[:i] == root:
                    if i == 0:
                        firsts.add(r[0])
                    else:
                        cut.setdefault(r[i - 1], set()).add(r[i])
            if i == 0:
                spur = _search(adj, [s for s in start if s not in firsts], ends, most=most)
                route = spur
            else:
                spur = _search(adj, [last[i - 1]], ends, blocked=set(root[:-1]), cut=cut, most=most)
                route = None if spur is None else root[:-1] + spur
            if route is not None and tuple(route) not in seen:
                seen.add(tuple(route))
                heapq.heappush(candidates, (key(route), route))
        if not candidates:
            break
        found.append(heapq.heappop(candidates)[1])
    return found


def route_key(probability: float, people: list[str]) -> tuple[float, int, list[str]]:
    """The documented order of routes (:func:`kamgraph.analysis.paths.route_order`): the
    highest probability first, probabilities within 1e-9 being equal (costs rounded to 9
    decimals), then fewer hops, then the people's ids in order."""
    cost = round(-math.log(probability), 9) if probability > 0 else math.inf
    return (cost, len(people) - 1, people)


def _arcs(
    people: Iterable[str],
    edges: Collection[tuple[str, str, float]],
    sources: Collection[str],
    targets: Collection[str],
    min_strength: float,
    avoid: Collection[str],
    compiled: bool = False,
) -> tuple[dict[str, list[tuple[str, float]]], list[str], set[str], set[str]] | None:
    """Each person's arcs ``(next, −ln strength)`` a route may take, the sources (sorted),
    the targets and the sources that are not targets; ``None`` when no route can start or
    end. With ``compiled``, everyone's arcs are left empty (scipy's Dijkstra reads ``edges``
    itself)."""
    # on the ids themselves: a string compares as its number in id order would
    adj: dict[str, list[tuple[str, float]]] = {p: [] for p in people if p not in avoid}
    start = sorted({s for s in sources if s in adj})
    ends = {t for t in targets if t in adj}
    if not start or not ends:
        return None
    only_source = set(start) - ends  # never a way in: a route leaves a source
    if compiled:
        return adj, start, ends, only_source
    weakest = max(min_strength, 0.0)
    log = math.log
    for a, b, s in edges:
        if s <= 0 or s < weakest or a == b or a not in adj or b not in adj:
            continue  # what carries() says: above 0 and at least min_strength
        c = -log(s)
        # no arc out of a target (a route stops there), none into a source that is not one
        if a not in ends and b not in only_source:
            adj[a].append((b, c))
        if b not in ends and a not in only_source:
            adj[b].append((a, c))
    return adj, start, ends, only_source


def _search(
    adj: Mapping[str, list[tuple[str, float]]],
    start: list[str],
    ends: Collection[str],
    blocked: Collection[str] = (),
    cut: Mapping[str, Collection[str]] | None = None,
    most: float = math.inf,
) -> list[str] | None:
    """The best route over the arcs ``adj`` from one of ``start`` (sorted) to one of
    ``ends``, in the documented order, entering nobody in ``blocked`` and taking no arc
    ``u → v`` for ``v`` in ``cut[u]``, costing at most ``most``: steps 1–3 above."""
    inf = math.inf
    dist = dict.fromkeys(start, 0.0)
    before: dict[str, list[str]] = {s: [] for s in start}  # each person's tied predecessors on best routes
    heap = [(0.0, s) for s in start]  # sorted: a heap
    done: set[str] = set()
    best = inf
    limit = most
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, u = pop(heap)
        if d > limit:
            break
        if u in done:
            continue
        done.add(u)
        if u in ends:
            if d < best:
                best = d
                limit = d + TIE * max(1.0, d)
            continue
        skip = cut.get(u, ()) if cut else ()
        for v, c in adj[u]:
            if v in blocked or v in skip:
                continue
            nd = d + c
            old = dist.get(v, inf)
            if old == inf or nd < old - TIE * max(1.0, old):
                dist[v] = nd
                before[v] = [u]
                push(heap, (nd, v))
            elif nd <= old + TIE * max(1.0, old):
                before[v].append(u)
                if nd < old:
                    dist[v] = nd
    if best == inf:
        return None

    # hops from each person to the end of a best route, over tied predecessors only
    left, after = _hops_back([t for t in sorted(ends) if t in done and dist[t] <= limit], before)
    return _fewest_then_smallest(start, left, after)


K = TypeVar("K")  # a person: their id, or their number in an integer kernel


def _hops_back(ends: list[K], before: Mapping[K, list[K]]) -> tuple[dict[K, int], dict[K, list[K]]]:
    """Breadth first from ``ends`` (the people a best route may end at, in order) back over
    tied predecessors only: each person's hops to the end of a best route, and the tied
    successors each person has (in the order they were reached)."""
    left = dict.fromkeys(ends, 0)
    after: dict[K, list[K]] = {}
    queue = list(ends)
    for w in queue:
        for u in before.get(w, ()):
            after.setdefault(u, []).append(w)
            if u not in left:
                left[u] = left[w] + 1
                queue.append(u)
    return left, after


def _fewest_then_smallest(start: Iterable[str], left: Mapping[str, int], after: Mapping[str, list[str]]) -> list[str]:
    """From the start with the fewest hops ``left`` to the end (the smallest of several), the
    smallest next person one hop nearer, to the end."""
    firsts = [s for s in start if s in left]
    fewest = min(left[s] for s in firsts)
    u = min(s for s in firsts if left[s] == fewest)
    route = [u]
    while left[u]:
        u = min(w for w in after[u] if left[w] == left[u] - 1)
        route.append(u)
    return route


def _compiled(
    ids: list[str],
    edges: Iterable[tuple[str, str, float]],
    weakest: float,
    start: list[str],
    ends: set[str],
    only_source: set[str],
) -> list[str] | None:
    """:func:`best_route` for big accounts: Dijkstra in scipy's compiled code on the arcs
    (numpy arrays), the tied predecessors read off the distances (every arc that a best
    distance runs along, within the tie), then the same search back and the same choice."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    index = {p: i for i, p in enumerate(ids)}
    n = len(ids)
    ends_at = np.zeros(n, dtype=bool)
    ends_at[[index[t] for t in ends]] = True
    source_only = np.zeros(n, dtype=bool)
    source_only[[index[s] for s in only_source]] = True
    ones: list[int] = []
    others: list[int] = []
    strengths: list[float] = []
    get = index.get
    for a, b, s in edges:
        u, v = get(a), get(b)
        if u is None or v is None or u == v or s <= 0 or s < weakest:
            continue  # what carries() says: above 0 and at least min_strength
        ones.append(u)
        others.append(v)
        strengths.append(s)
    one, other = np.array(ones, dtype=np.int64), np.array(others, dtype=np.int64)
    cost = -np.log(np.array(strengths, dtype=float))
    tails, heads, costs = np.concatenate([one, other]), np.concatenate([other, one]), np.concatenate([cost, cost])
    # no arc out of a target (a route stops there), none into a source that is not one
    keep = ~ends_at[tails] & ~source_only[heads]
    tails, heads, costs = tails[keep], heads[keep], costs[keep]
    graph = csr_matrix((costs, (tails, heads)), shape=(n, n))  # explicit zeros (strength 1) stay arcs
    dist = dijkstra(graph, directed=True, indices=[index[s] for s in start], min_only=True)
    best = float(dist[ends_at].min())
    if best == math.inf:
        return None
    limit = best + TIE * max(1.0, best)
    near = dist[heads]
    tied = (dist[tails] + costs <= near + TIE * np.maximum(1.0, near)) & (near <= limit)
    order = np.argsort(heads[tied], kind="stable")
    into, froms = heads[tied][order].tolist(), tails[tied][order].tolist()
    before: dict[int, list[int]] = {}
    for v, u in zip(into, froms, strict=True):
        before.setdefault(v, []).append(u)
    left, after = _hops_back(sorted(int(t) for t in np.flatnonzero(ends_at & (dist <= limit))), before)
    # the same choice, on the ids (numbered in the people's order, not in id order)
    return _fewest_then_smallest(
        [s for s in start if index[s] in left],
        {ids[i]: h for i, h in left.items()},
        {ids[u]: [ids[w] for w in ws] for u, ws in after.items()},
    )
