"""Decision paths: the warmest route from a seller, or from our whole team, to a target.

A route is a chain of people who know each other; its probability is the product of the
strengths along it. The best route maximises that product (Dijkstra on −ln strength),
``fewest_hops`` minimises hops first, and ``k`` gives loop-free alternatives in order
(Yen's algorithm, networkx's :func:`~networkx.shortest_simple_paths`).

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("me", "ana", strength=0.9)
>>> G.add_edge("ana", "cfo", strength=0.5)
>>> G.add_edge("me", "bob", strength=0.6)
>>> G.add_edge("bob", "cfo", strength=0.6)
>>> [(p.people, round(p.probability, 2)) for p in best_paths(G, ["me"], ["cfo"], k=2)]
[(['me', 'ana', 'cfo'], 0.45), (['me', 'bob', 'cfo'], 0.36)]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from ..errors import InvalidInput, NotFound
from ..graph import (
    DEFAULT_REPORTS_STRENGTH,
    Introduction,
    gc_paused,
    introduction_edges,
    introduction_graph,
    own_people,
    present,
)
from ..model import Graph, Role
from .best_route import best_route, best_routes
from .routing import DEFAULT_MIN_STRENGTH, carries
from .routing import avoided as avoid_ids

if TYPE_CHECKING:  # networkx loads when a route is searched: `kamgraph risk` never needs it
    import networkx as nx

__all__ = ["Hop", "Path", "PathResult", "best_paths", "decision_paths", "role_holders", "route_order"]

_SOURCE = ("@", "source")  # virtual end points: tuples never clash with string ids
_TARGET = ("@", "target")


class Hop(BaseModel):
    """One step of a route: ``source`` reaches ``target`` (and, past the first step,
    introduces the route's first person to them)."""

    source: str
    target: str
    source_name: str
    target_name: str
    relation: str = Field(description="KNOWS or REPORTS_TO")
    strength: float
    last_contact: dt.date | None = None
    says: str = Field(description="the step in words")
    evidence: str | None = Field(default=None, description="where a KNOWS comes from, in words (see kamgraph.evidence)")


class Path(BaseModel):
    people: list[str] = Field(description="ids from source to target")
    names: list[str]
    probability: float = Field(description="product of the strengths along the route")
    hops: int
    edges: list[Hop]


class PathResult(BaseModel):
    source: str
    target: str
    targets: list[str] = Field(description="the people the target stands for")
    paths: list[Path]
    reason: str | None = Field(default=None, description="why there is no route, when there is none")


def _name(G: nx.Graph, n: str) -> str:
    person = G.nodes[n].get("person") if n in G else None
    return person.name if person is not None else n


#: How a route's steps are told: each person's name, and each relation's attributes (what an
#: introduction graph's edge holds: ``rel``, ``strength``, ``last_contact``, ``manager``)
Names = Callable[[str], str]
Relation = Callable[[str, str], Mapping[str, Any]]


def _hop(name: Names, relation: Relation, first: str, u: str, v: str) -> Hop:
    d = relation(u, v)
    rel = d.get("rel", "KNOWS")
    un, vn, fn = name(u), name(v), name(first)
    strength = float(d.get("strength", 1.0))
    how = f"{strength:.2f}"
    if d.get("last_contact"):
        how += f", last contact {d['last_contact']}"
    if u == first:
        if rel == "REPORTS_TO":
            says = f"{vn} is {un}'s manager" if d.get("manager") == v else f"{vn} reports to {un}"
        else:
            says = f"{un} knows {vn}"
        says += f" ({how})"
    else:
        whom = (
            ("their manager" if d.get("manager") == v else "who reports to them")
            if rel == "REPORTS_TO"
            else "whom they know"
        )
        says = f"{un} introduces {fn} to {vn}, {whom} ({how})"
    return Hop(
        source=u,
        target=v,
        source_name=un,
        target_name=vn,
        relation=rel,
        strength=strength,
        last_contact=d.get("last_contact"),
        says=says,
    )


def _path(G: nx.Graph, people: list[str]) -> Path:
    return _told(people, lambda n: _name(G, n), lambda u, v: G[u][v])


def _told(people: list[str], name: Names, relation: Relation) -> Path:
    edges = [_hop(name, relation, people[0], u, v) for u, v in zip(people, people[1:], strict=False)]
    return Path(
        people=people,
        names=[name(n) for n in people],
        probability=math.prod(e.strength for e in edges),
        hops=len(edges),
        edges=edges,
    )


def _routing_graph(
    G: nx.Graph, sources: set[str], targets: set[str], min_strength: float, avoid: Collection[str]
) -> nx.DiGraph:
    """Directed copy with the virtual end points: routes leave a source and stop at a target,
    so no route runs through another source or target on its way."""
    import networkx as nx

    D = nx.DiGraph()  # built in id order: networkx breaks ties by insertion order
    D.add_nodes_from(sorted(n for n in G if n not in avoid))
    arcs = []
    for u, v, d in G.edges(data=True):
        if u in avoid or v in avoid:
            continue
        s = d.get("strength", 1.0)
        if not carries(s, min_strength):
            continue
        cost = d.get("cost", -math.log(s))
        for a, b in ((u, v), (v, u)):
            if a in targets or (b in sources and b not in targets):
                continue
            arcs.append((a, b, {"cost": cost}))
    arcs.sort(key=lambda arc: (arc[0], arc[1]))
    D.add_edges_from(arcs)
    for s in sorted(sources):
        if s in D:
            D.add_edge(_SOURCE, s, cost=0.0, virtual=True)
    for t in sorted(targets):
        if t in D:
            D.add_edge(t, _TARGET, cost=0.0, virtual=True)
    return D


@gc_paused
def best_paths(
    G: nx.Graph,
    sources: Iterable[str],
    targets: Iterable[str],
    *,
    k: int = 1,
    max_hops: int | None = None,
    min_strength: float = DEFAULT_MIN_STRENGTH,
    avoid: Collection[str] = (),
    fewest_hops: bool = False,
) -> list[Path]:
    """Up to ``k`` loop-free routes from any of ``sources`` to any of ``targets`` in an
    undirected graph whose edges carry ``strength`` (0–1), best first.

    Best means the highest product of strengths or, with ``fewest_hops``, the fewest hops
    and then the highest product. Edges weaker than ``min_strength`` (and strength 0) are not
    used, nor are the people in ``avoid``; routes longer than ``max_hops`` are left out. A
    person who is both a source and a target is a route of 0 hops.
    """
    if k < 1:
        raise InvalidInput("k must be at least 1")
    sources, targets = {s for s in sources if s in G}, {t for t in targets if t in G}
    if max_hops is None and not fewest_hops:  # the best routes by probability: on integers
        edges = list(G.edges(data="strength", default=1.0))
        if k == 1:
            route = best_route(G, edges, sources, targets, min_strength=min_strength, avoid=set(avoid))
            return [] if route is None else [_path(G, route)]
        routes = best_routes(G, edges, sources, targets, k, min_strength=min_strength, avoid=set(avoid))
        return [_path(G, r) for r in routes]
    return _yen_paths(G, sources, targets, k, max_hops, min_strength, set(avoid), fewest_hops)


def _yen_paths(
    G: nx.Graph,
    sources: set[str],
    targets: set[str],
    k: int,
    max_hops: int | None,
    min_strength: float,
    avoid: set[str],
    fewest_hops: bool,
) -> list[Path]:
    """:func:`best_paths` by networkx's Yen (``shortest_simple_paths``) on the routing
    digraph: ``k`` routes, hop limits, fewest hops first."""
    import networkx as nx

    D = _routing_graph(G, sources, targets, min_strength, avoid)
    if _SOURCE not in D or _TARGET not in D:
        return []
    if max_hops is not None:
        # only people on some route of at most max_hops can matter
        near = nx.single_source_shortest_path_length(D, _SOURCE, cutoff=max_hops + 2)
        far = nx.single_source_shortest_path_length(D.reverse(copy=False), _TARGET, cutoff=max_hops + 2)
        D = D.subgraph(n for n in near if n in far and near[n] + far[n] <= max_hops + 2).copy()
        if _SOURCE not in D or _TARGET not in D:
            return []
    if fewest_hops:
        # hops first, strength as the tie-break: one hop outweighs any route's whole cost
        big = 1.0 + max((d["cost"] for _, _, d in D.edges(data=True)), default=0.0) * D.number_of_nodes()
        for _, _, d in D.edges(data=True):
            d["weight"] = d["cost"] if d.get("virtual") else big + d["cost"]
    else:
        for _, _, d in D.edges(data=True):
            d["weight"] = d["cost"]
    routes: Iterable[list[Any]] = nx.shortest_simple_paths(D, _SOURCE, _TARGET, weight="weight")
    if max_hops is not None:
        routes = (r for r in routes if len(r) - 3 <= max_hops)
    try:
        found = _first_k_with_ties(routes, k, lambda r: nx.path_weight(D, r, "weight"))
    except nx.NetworkXNoPath:
        return []
    paths = [_path(G, r[1:-1]) for r in found]
    paths.sort(key=lambda p: route_order(p, fewest_hops))
    return paths[:k]


#: At most this many tied routes beyond the k-th are weighed (the stream itself is in a
#: fixed order, so even a longer tie is cut the same way every time).
_MAX_TIES = 64
#: Costs closer than this are a tie (sums of logarithms in another order differ in the last bits).
_TIE = 1e-9


def route_order(path: Path, fewest_hops: bool = False) -> tuple[Any, ...]:
    """The documented order of routes: the highest probability first (or, with
    ``fewest_hops``, the fewest hops first), then fewer hops, then the people's ids in order.
    Probabilities within a relative 1e-9 of each other are equal.

    >>> a = Path(people=["me", "b"], names=["me", "b"], probability=0.5, hops=1, edges=[])
    >>> b = Path(people=["me", "a"], names=["me", "a"], probability=0.5, hops=1, edges=[])
    >>> [p.people for p in sorted([a, b], key=route_order)]
    [['me', 'a'], ['me', 'b']]
    """
    cost = round(-math.log(path.probability), 9) if path.probability > 0 else math.inf
    return (path.hops, cost, path.people) if fewest_hops else (cost, path.hops, path.people)


def _first_k_with_ties(routes: Iterable[list[Any]], k: int, cost: Any) -> list[list[Any]]:
    """The first ``k`` routes of a cheapest-first stream, plus every later route that ties
    the k-th, so that the caller can order the ties by a rule instead of by discovery order
    (which follows the graph's insertion order, and so hash order)."""
    found: list[list[Any]] = []
    last = math.inf
    for r in routes:
        c = cost(r)
        if len(found) >= k and (c > last + _TIE * max(1.0, abs(last)) or len(found) >= k + _MAX_TIES):
            break
        found.append(r)
        if len(found) == k:
            last = c
    return found


def role_holders(graph: Graph, account: str, role: Role, opportunity: str | None = None) -> list[str]:
    """People of ``account`` who hold ``role``: as their own role or on one of the account's
    open opportunities; with ``opportunity``, only that deal's committee members holding it
    there (a seat with no roles of its own takes the person's)."""
    people = {p.id: p for p in graph.people if p.org == account}
    if opportunity is not None:
        deal = next((o for o in graph.opportunities if o.id == opportunity), None)
        if deal is None:
            raise NotFound(f"no opportunity with id '{opportunity}'")
        return sorted(
            m.person for m in deal.committee if m.person in people and role in (m.roles or people[m.person].roles)
        )
    on_deals = {
        m.person
        for o in graph.opportunities
        if o.account == account and o.is_open
        for m in o.committee
        if role in m.roles
    }
    return sorted(pid for pid, p in people.items() if role in p.roles or pid in on_deals)


def _parse_role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise InvalidInput(f"unknown role '{text}'; use one of: {', '.join(Role)}") from None


@gc_paused
def decision_paths(
    graph: Graph,
    source: str,
    target: str,
    *,
    account: str | None = None,
    opportunity: str | None = None,
    k: int = 1,
    max_hops: int | None = None,
    min_strength: float = DEFAULT_MIN_STRENGTH,
    avoid: Iterable[str] = (),
    fewest_hops: bool = False,
    reports_strength: float = DEFAULT_REPORTS_STRENGTH,
) -> PathResult:
    """Routes from ``source`` (a person id, or ``team``: anyone in our own organisation) to
    ``target`` (a person id, or ``role:ROLE`` for anyone holding that role in ``account``, or
    on ``opportunity``'s committee when one is given), over who knows whom and reporting
    lines (counted with ``reports_strength``).

    No route is an empty ``paths`` with a ``reason``; an unknown id is :class:`NotFound`.
    """
    if k < 1:
        raise InvalidInput("k must be at least 1")
    graph = present(graph)  # who has left is no route
    people = {p.id: p for p in graph.people}
    if source == "team":
        sources = own_people(graph)
    elif source in people:
        sources = {source}
    else:
        raise NotFound(f"no person with id '{source}'")
    if opportunity is not None and account is None:
        deal = next((o for o in graph.opportunities if o.id == opportunity), None)
        if deal is None:
            raise NotFound(f"no opportunity with id '{opportunity}'")
        account = deal.account
    if target.startswith("role:"):
        role = _parse_role(target.removeprefix("role:"))
        if account is None:
            raise InvalidInput(f"'{target}' needs --account: whose {role.value.replace('_', ' ')}?")
        if graph.organisation(account) is None:
            raise NotFound(f"no account with id '{account}'")
        targets = set(role_holders(graph, account, role, opportunity))
    elif target in people:
        targets = {target}
    else:
        raise NotFound(f"no person with id '{target}'")
    avoided = avoid_ids(graph, avoid)

    paths: list[Path] = []
    if max_hops is None and not fewest_hops:
        # the best routes by probability, on integers straight from the records: no networkx graph
        intro = introduction_edges(graph, reports_strength)
        edges = [(u, v, i.strength) for (u, v), i in intro.items()]
        if k == 1:
            route = best_route(people, edges, sources, targets, min_strength=min_strength, avoid=avoided)
            routes = [] if route is None else [route]
        else:
            routes = best_routes(people, edges, sources, targets, k, min_strength=min_strength, avoid=avoided)
        name, relation = (lambda n: people[n].name), _relation(intro)
        paths = [_told(r, name, relation) for r in routes]
    else:
        paths = best_paths(
            introduction_graph(graph, reports_strength),
            sources,
            targets,
            k=k,
            max_hops=max_hops,
            min_strength=min_strength,
            avoid=avoided,
            fewest_hops=fewest_hops,
        )
    result = PathResult(source=source, target=target, targets=sorted(targets), paths=paths)
    if not paths:
        G = introduction_graph(graph, reports_strength)
        result.reason = _why_not(G, sources, targets, avoided, max_hops, min_strength, target, account)
    return result


def _relation(intro: Mapping[tuple[str, str], Introduction]) -> Relation:
    """A relation's attributes, looked up in :func:`~kamgraph.graph.introduction_edges`
    (either way round)."""

    def relation(u: str, v: str) -> Mapping[str, Any]:
        i = intro.get((u, v)) or intro[(v, u)]
        return {"rel": i.rel, "strength": i.strength, "last_contact": i.last_contact, "manager": i.manager}

    return relation


def _why_not(
    G: nx.Graph,
    sources: set[str],
    targets: set[str],
    avoided: set[str],
    max_hops: int | None,
    min_strength: float,
    target: str,
    account: str | None,
) -> str:
    if not sources:
        return "there is nobody of our own organisation in the map (an organisation of kind 'own')"
    if not targets:
        return f"nobody at {account} is recorded as {target.removeprefix('role:')}"
    who = ", ".join(sorted(_name(G, t) for t in targets))
    if not best_paths(G, sources, targets):
        return f"nobody we know is connected to {who}, even through introductions"
    limits = [
        x
        for x in [
            f"of at most {max_hops} hop{'s' if max_hops != 1 else ''}" if max_hops is not None else "",
            f"with every strength at least {min_strength:g}" if min_strength > 0 else "",
            f"avoiding {', '.join(sorted(_name(G, a) for a in avoided if a in G))}" if avoided else "",
        ]
        if x
    ]
    said = limits[0] if len(limits) == 1 else ", ".join(limits[:-1]) + " and " + limits[-1]
    return f"there are routes to {who}, but none {said}"
