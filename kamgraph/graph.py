"""Store data → networkx: the one seam between storage and analysis.

>>> from kamgraph.model import Graph, Organisation, Person, Knows
>>> g = Graph(organisations=[Organisation(id="o", name="O")],
...           people=[Person(id="a", name="A", org="o"), Person(id="b", name="B", org="o", reports_to="a")],
...           knows=[Knows(a="a", b="b", strength=0.9)])
>>> G = people_graph(g)
>>> sorted((u, v, d["rel"]) for u, v, d in G.edges(data=True))
[('a', 'b', 'KNOWS'), ('b', 'a', 'KNOWS'), ('b', 'a', 'REPORTS_TO')]
"""

from __future__ import annotations

import functools
import gc
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from . import clock
from .model import Graph, Knows, OrgKind

if TYPE_CHECKING:  # networkx is imported when a graph is built, not when kamgraph is
    import networkx as nx

__all__ = [
    "DEFAULT_REPORTS_STRENGTH",
    "TEAM",
    "collapse",
    "gc_paused",
    "influence_graph",
    "introduction_graph",
    "is_ownership",
    "own_people",
    "people_graph",
]

#: How well a person is taken to know their manager (and the manager them) when no KNOWS says.
DEFAULT_REPORTS_STRENGTH = 0.6

#: The node that stands for our whole team once :func:`collapse` has merged it.
TEAM = "@team"

_P = ParamSpec("_P")
_R = TypeVar("_R")


def gc_paused(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` with Python's cycle collector paused. Building a networkx graph allocates
    many small dicts, and each allocation burst triggers a collection that walks every live
    object (the whole loaded map): a third of the time on big accounts. Nothing is leaked:
    reference counting still frees as usual, and cycles are collected after ``fn``."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper


def people_graph(graph: Graph) -> nx.MultiDiGraph:
    """People as nodes (attributes: ``person``, the record; ``org_kind``) and every relation
    as an edge with ``rel``: ``REPORTS_TO`` (person → manager), ``INFLUENCES`` (with
    ``weight``) and ``KNOWS`` (both directions, with ``strength``, the effective strength as
    of the one clock's today (see :mod:`kamgraph.strength`), ``last_contact``, ``source``)."""
    import networkx as nx

    from .strength import current_model, effective_strength

    today, model = clock.today(), current_model()

    kinds = {o.id: o.kind for o in graph.organisations}
    G = nx.MultiDiGraph()
    for p in graph.people:
        G.add_node(p.id, person=p, org_kind=kinds.get(p.org))
    for p in graph.people:
        if p.reports_to and p.reports_to in G:
            G.add_edge(p.id, p.reports_to, rel="REPORTS_TO")
    for i in graph.influences:
        if i.source in G and i.target in G:
            G.add_edge(i.source, i.target, rel="INFLUENCES", weight=i.weight)
    for k in graph.knows:
        if k.a in G and k.b in G:
            strength = effective_strength(k, today, model)
            attrs = {"rel": "KNOWS", "strength": strength, "last_contact": k.last_contact, "source": k.source}
            G.add_edge(k.a, k.b, **attrs)
            G.add_edge(k.b, k.a, **attrs)
    return G


def is_ownership(k: Knows) -> bool:
    """Whether ``k`` says only that one of our sellers owns the person's CRM record (every
    contact has an owner): coverage to show, never a relationship. It carries no route, no
    thread and no committee coverage. Once there is evidence of real contact (a meeting, a
    call, a LinkedIn connection …) it is a relationship, of that evidence's strength."""
    return k.source == "crm" and not k.evidence


def own_people(graph: Graph) -> set[str]:
    """Ids of the people in our own organisation(s): "the team"."""
    own = {o.id for o in graph.organisations if o.kind == OrgKind.own}
    return {p.id for p in graph.people if p.org in own}


def introduction_graph(graph: Graph, reports_strength: float = DEFAULT_REPORTS_STRENGTH) -> nx.Graph:
    """The relations that can carry a warm introduction, as an undirected simple graph.

    ``KNOWS`` counts with its effective strength as of the one clock's today (evidence and
    age, :mod:`kamgraph.strength`; CRM record ownership not at all), a reporting line as known with ``reports_strength``
    (a manager can introduce a report and the other way round); ``INFLUENCES`` carries no
    introduction. Where a pair has both, the stronger edge wins. Each edge has ``rel``,
    ``strength``, ``last_contact``, ``manager`` (for a reporting line) and ``cost`` (−ln strength;
    missing for strength 0, which introduces nobody). Nodes carry ``person`` and ``org_kind``.

    >>> from kamgraph.model import Graph, Organisation, Person, Knows
    >>> g = Graph(organisations=[Organisation(id="o", name="O")],
    ...           people=[Person(id="a", name="A", org="o"), Person(id="b", name="B", org="o", reports_to="a"),
    ...                   Person(id="c", name="C", org="o")],
    ...           knows=[Knows(a="b", b="c", strength=0.4)])
    >>> sorted((u, v, d["rel"], d["strength"]) for u, v, d in introduction_graph(g).edges(data=True))
    [('a', 'b', 'REPORTS_TO', 0.6), ('b', 'c', 'KNOWS', 0.4)]
    """
    import networkx as nx

    from .strength import current_model, effective_strength

    today, model = clock.today(), current_model()
    kinds = {o.id: o.kind for o in graph.organisations}
    nodes = {p.id: {"person": p, "org_kind": kinds.get(p.org)} for p in graph.people}
    # plain dicts first (one entry per pair, in the order pairs first appear), then one bulk
    # insert: the same graph as edge-by-edge insertion, several times faster
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def add(u: str, v: str, rel: str, strength: float, last_contact: object = None, manager: str | None = None) -> None:
        if u == v or u not in nodes or v not in nodes:
            return
        key = (v, u) if (v, u) in edges else (u, v)
        old = edges.get(key)
        if old is not None and old["strength"] >= strength:
            return
        attrs: dict[str, Any] = {"rel": rel, "strength": strength, "last_contact": last_contact, "manager": manager}
        if strength > 0:
            attrs["cost"] = -math.log(strength)
        edges[key] = attrs

    for p in graph.people:
        if p.reports_to:
            add(p.id, p.reports_to, "REPORTS_TO", reports_strength, manager=p.reports_to)
    for k in graph.knows:
        if not is_ownership(k):
            add(k.a, k.b, "KNOWS", effective_strength(k, today, model), k.last_contact)
    G = nx.Graph()
    G.add_nodes_from(nodes.items())
    G.add_edges_from((u, v, d) for (u, v), d in edges.items())
    return G


def collapse(G: nx.Graph, team: set[str], node: str = TEAM) -> nx.Graph:
    """``G`` with the people in ``team`` merged into one ``node``: an edge from any of them
    to someone else becomes an edge from ``node`` (the strongest one is kept, and its
    ``via`` names the team member it came from); edges among the team disappear. Menger on
    the result counts threads that share none of *their* people, whoever of ours they start
    from."""
    import networkx as nx

    # what G.subgraph(others).copy() builds, without the filtered views' overhead
    H = nx.Graph()
    others = [n for n in G if n not in team]
    H.add_nodes_from((n, G.nodes[n]) for n in others)
    adj = G.adj
    H.add_edges_from((u, v, d) for u in others for v, d in adj[u].items() if v not in team)
    H.add_node(node)
    for m in sorted(team):  # in id order: equal strengths keep the first member's edge, cuts follow the order
        if m not in G:
            continue
        for other, data in adj[m].items():
            if other in team:
                continue
            old = H.get_edge_data(node, other)
            if old is None or data["strength"] > old["strength"]:
                H.add_edge(node, other, **data, via=m)
    return H


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
