"""The same work as kamgraph's ``path``, ``risk`` and ``influence``, done with igraph from
the same records: the yardstick of bench/bench_analysis.py (issue 19: within 2× of it).

Each function starts from the account's map (the pydantic records, as kamgraph's analyses
do), builds its igraph graph and answers the same question. igraph is a bench/dev extra,
never needed at run time. Each returns a small answer the bench checks against kamgraph's.
"""

from __future__ import annotations

import math
import random

import igraph as ig

from kamgraph.graph import DEFAULT_REPORTS_STRENGTH, is_ownership
from kamgraph.model import DECIDING_ROLES, Graph, OrgKind, Role


def _introductions(
    graph: Graph, reports: float = DEFAULT_REPORTS_STRENGTH
) -> tuple[dict[str, int], dict[tuple[int, int], float]]:
    """Ids → vertex numbers, and the strongest strength per pair (reporting lines at ``reports``,
    KNOWS that are not CRM ownership), strength 0 left out."""
    index = {p.id: i for i, p in enumerate(graph.people)}
    pairs: dict[tuple[int, int], float] = {}

    def add(a: str, b: str, s: float) -> None:
        u, v = index.get(a), index.get(b)
        if u is None or v is None or u == v or s <= 0:
            return
        key = (u, v) if u < v else (v, u)
        if pairs.get(key, -1.0) < s:
            pairs[key] = s

    for p in graph.people:
        if p.reports_to:
            add(p.id, p.reports_to, reports)
    for k in graph.knows:
        if not is_ownership(k):
            add(k.a, k.b, k.strength)
    return index, pairs


def _team(graph: Graph, index: dict[str, int]) -> list[int]:
    own = {o.id for o in graph.organisations if o.kind == OrgKind.own}
    return [index[p.id] for p in graph.people if p.org in own]


def path(graph: Graph, account: str) -> float:
    """The best route's probability from our team to the account's economic buyers."""
    index, pairs = _introductions(graph)
    team = _team(graph, index)
    buyers = [index[p.id] for p in graph.people if p.org == account and Role.economic_buyer in p.roles] or sorted(
        {
            index[m.person]
            for o in graph.opportunities
            if o.account == account
            for m in o.committee
            if Role.economic_buyer in m.roles and m.person in index
        }
    )
    n = len(index)
    edges = list(pairs)
    weights = [-math.log(s) for s in pairs.values()]
    edges += [(n, t) for t in team] + [(b, n + 1) for b in buyers]
    weights += [0.0] * (len(team) + len(buyers))
    g = ig.Graph(n=n + 2, edges=edges)
    [dist] = g.distances(source=n, target=n + 1, weights=weights)
    return math.exp(-dist[0]) if dist[0] != math.inf else 0.0


def risk(graph: Graph, account: str) -> list[int]:
    """Threads to each decision-maker of the account's open deals (our team merged into one
    source; a direct relationship is one thread) and the articulation points once."""
    index, pairs = _introductions(graph)
    team = set(_team(graph, index))
    n = len(index)
    source = n  # our team, merged
    merged: dict[tuple[int, int], float] = {}
    for (u, v), s in pairs.items():
        u2, v2 = (source if u in team else u), (source if v in team else v)
        if u2 == v2:
            continue
        key = (u2, v2) if u2 < v2 else (v2, u2)
        if merged.get(key, -1.0) < s:
            merged[key] = s
    g = ig.Graph(n=n + 1, edges=list(merged))
    g.biconnected_components(return_articulation_points=True)
    people = {p.id: p for p in graph.people}
    out = []
    for o in graph.opportunities:
        if o.account != account or not o.is_open:
            continue
        for m in o.committee:
            roles = set(m.roles) or set(people[m.person].roles)
            if not roles & DECIDING_ROLES:
                continue
            d = index[m.person]
            direct = g.are_adjacent(source, d)
            if direct:
                g.delete_edges([(source, d)])
            threads = g.vertex_connectivity(source=source, target=d, neighbors="ignore") if g.degree(d) else 0
            if direct:
                g.add_edge(source, d)
                threads += 1
            out.append(threads)
    return out


def influence(graph: Graph, account: str, sample: int = 100) -> list[int]:
    """PageRank over the influence graph (reporting lines 0.6 up and 0.2 down, INFLUENCES
    target → source), and betweenness from ``sample`` sources: the top 10 by PageRank.

    The same work as kamgraph's: the same sources (``random.Random(0).sample``, as
    kamgraph.analysis.influence draws them), PageRank by igraph's default solver (PRPACK,
    which solves the equations directly and takes no tolerance; kamgraph iterates until the
    scores move by under 1e-12 per person). Only what kamgraph adds is left out: its
    record for every person (names, rounded scores, the brokers' reasons)."""
    people = [p for p in graph.people if p.org == account]
    index = {p.id: i for i, p in enumerate(people)}
    arcs: dict[tuple[int, int], float] = {}

    def add(a: str | None, b: str | None, w: float) -> None:
        u, v = index.get(a or ""), index.get(b or "")
        if u is None or v is None or u == v or w <= 0:
            return
        arcs[(u, v)] = arcs.get((u, v), 0.0) + w

    for p in people:
        add(p.id, p.reports_to, 0.6)
        add(p.reports_to, p.id, 0.2)
    for i in graph.influences:
        add(i.target, i.source, i.weight)
    g = ig.Graph(n=len(people), edges=list(arcs), directed=True)
    pr = g.pagerank(weights=list(arcs.values()), damping=0.85)
    sources = random.Random(0).sample(range(len(people)), min(sample, len(people)))
    g.betweenness(sources=sources)
    return sorted(range(len(people)), key=lambda i: -pr[i])[:10]
