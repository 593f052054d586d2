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

import datetime as dt
import functools
import gc
import math
from collections.abc import Callable, Set
from typing import TYPE_CHECKING, NamedTuple, ParamSpec, TypeVar

from . import clock
from .graph_influence import InfluenceMatrix, influence_arcs, influence_graph, influence_matrix  # re-exported
from .model import Graph
from .record_rules import is_ownership, own_people  # re-exported: their home has no pydantic

if TYPE_CHECKING:  # networkx is imported when a graph is built, not when kamgraph is
    import networkx as nx

__all__ = [
    "DEFAULT_MIN_STRENGTH",
    "DEFAULT_REPORTS_STRENGTH",
    "TEAM",
    "InfluenceMatrix",
    "Introduction",
    "collapse",
    "gc_paused",
    "influence_arcs",
    "influence_graph",
    "influence_matrix",
    "introduction_edges",
    "introduction_graph",
    "is_ownership",
    "own_people",
    "departed",
    "people_graph",
    "present",
]

#: How well a person is taken to know their manager (and the manager them) when no KNOWS says.
DEFAULT_REPORTS_STRENGTH = 0.6

#: Relationships weaker than this carry no route or thread by default: all of them count
#: (a strength of 0 never does; see :mod:`kamgraph.analysis.routing`).
DEFAULT_MIN_STRENGTH = 0.0

#: The node that stands for our whole team once :func:`collapse` has merged it.
TEAM = "@team"

_P = ParamSpec("_P")
_R = TypeVar("_R")


def gc_paused(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` with Python's cycle collector paused. Building a networkx graph allocates
    many small dicts, and each allocation burst triggers a collection that walks every live
    object (the whole loaded map): a third of the time on big accounts. Nothing is leaked:
    reference counting still frees as usual, and the young objects (``fn``'s graphs, which
    hold cycles) are collected once ``fn`` returns.

    That last collection matters: the collector only runs on an allocation made while it is
    on, and a loop that goes from one paused call straight into the next (the portfolio,
    account after account) makes none, so every account's graphs piled up (7.3 GB over
    5,000 accounts)."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
            gc.collect(0)  # what the next allocation would have done: free this call's cycles

    return wrapper


def departed(graph: Graph, today: dt.date | None = None) -> set[str]:
    """The ids of the people who had left by ``today`` (the one clock's by default)."""
    when = today or clock.today()
    return {p.id for p in graph.people if p.left is not None and p.left <= when}


def present(graph: Graph, today: dt.date | None = None, keep: Set[str] = frozenset()) -> Graph:
    """``graph`` as it stands on ``today`` (the one clock's by default): the people who had
    left by then are gone with their relations, so they are no route and no thread; each
    committee seat of theirs becomes an empty seat for the roles they held there (unless
    someone left on the committee holds it); whoever reported to them reports one level up.
    Every analysis reads its graph through this; ``graph`` itself is not changed, and is
    returned as it is when nobody has left. Those in ``keep`` stay as they are (a map draws
    them struck through).

    >>> import datetime as dt
    >>> from kamgraph.model import Graph, Membership, Opportunity, Organisation, Person
    >>> g = Graph(organisations=[Organisation(id="o", name="O")],
    ...           people=[Person(id="a", name="A", org="o", left=dt.date(2026, 10, 1)),
    ...                   Person(id="b", name="B", org="o", reports_to="a")],
    ...           opportunities=[Opportunity(id="x", account="o", name="X",
    ...                                      committee=[Membership(person="a", roles=["economic_buyer"])])])
    >>> now = present(g, dt.date(2026, 12, 1))
    >>> [p.id for p in now.people], now.opportunities[0].committee, now.opportunities[0].empty_seats
    (['b'], [], [<Role.economic_buyer: 'economic_buyer'>])
    >>> present(g, dt.date(2026, 9, 30)) is g
    True
    """
    gone = departed(graph, today) - keep
    if not gone:
        return graph
    people = {p.id: p for p in graph.people}

    def manager(pid: str | None) -> str | None:
        seen: set[str] = set()
        while pid is not None and pid in gone and pid not in seen:
            seen.add(pid)
            pid = people[pid].reports_to
        return None if pid in gone else pid

    stayed = [
        p.model_copy(update={"reports_to": manager(p.reports_to)}) if p.reports_to in gone else p
        for p in graph.people
        if p.id not in gone
    ]
    deals = []
    for o in graph.opportunities:
        if not any(m.person in gone for m in o.committee):
            deals.append(o)
            continue
        seats = [m for m in o.committee if m.person not in gone]
        held = {r for m in seats for r in (m.roles or (people[m.person].roles if m.person in people else []))}
        left_empty = [
            r for m in o.committee if m.person in gone for r in (m.roles or people[m.person].roles) if r not in held
        ]
        empty = list(dict.fromkeys([*o.empty_seats, *left_empty]))
        deals.append(o.model_copy(update={"committee": seats, "empty_seats": empty}))
    return graph.model_copy(
        update={
            "people": stayed,
            "knows": [k for k in graph.knows if k.a not in gone and k.b not in gone],
            "influences": [i for i in graph.influences if i.source not in gone and i.target not in gone],
            "opportunities": deals,
        }
    )


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


def introduction_graph(graph: Graph, reports_strength: float = DEFAULT_REPORTS_STRENGTH) -> nx.Graph:
    """The relations that can carry a warm introduction, as an undirected simple graph.

    ``KNOWS`` counts with its effective strength as of the one clock's today (evidence and
    age, :mod:`kamgraph.strength`; CRM record ownership not at all), a reporting line as
    known with ``reports_strength`` (a manager can introduce a report and the other way
    round); ``INFLUENCES`` carries no introduction. Where a pair has both, the stronger edge
    wins. Each edge has ``rel``, ``strength``, ``last_contact``, ``manager`` (for a reporting
    line) and ``cost`` (−ln strength; missing for strength 0, which introduces nobody).
    Nodes carry ``person`` and ``org_kind``.

    >>> from kamgraph.model import Graph, Organisation, Person, Knows
    >>> g = Graph(organisations=[Organisation(id="o", name="O")],
    ...           people=[Person(id="a", name="A", org="o"), Person(id="b", name="B", org="o", reports_to="a"),
    ...                   Person(id="c", name="C", org="o")],
    ...           knows=[Knows(a="b", b="c", strength=0.4)])
    >>> sorted((u, v, d["rel"], d["strength"]) for u, v, d in introduction_graph(g).edges(data=True))
    [('a', 'b', 'REPORTS_TO', 0.6), ('b', 'c', 'KNOWS', 0.4)]
    """
    import networkx as nx

    kinds = {o.id: o.kind for o in graph.organisations}
    G = nx.Graph()
    G.add_nodes_from((p.id, {"person": p, "org_kind": kinds.get(p.org)}) for p in graph.people)
    # one bulk insert of plain dicts: the same graph as edge-by-edge insertion, several times faster
    G.add_edges_from((u, v, _attrs(i)) for (u, v), i in introduction_edges(graph, reports_strength).items())
    return G


def _attrs(i: Introduction) -> dict[str, object]:
    attrs: dict[str, object] = {
        "rel": i.rel,
        "strength": i.strength,
        "last_contact": i.last_contact,
        "manager": i.manager,
    }
    if i.strength > 0:
        attrs["cost"] = -math.log(i.strength)
    return attrs


class Introduction(NamedTuple):
    """One pair's strongest relation that can carry an introduction (see
    :func:`introduction_graph`)."""

    rel: str
    strength: float
    last_contact: dt.date | None = None
    manager: str | None = None


def introduction_edges(
    graph: Graph, reports_strength: float = DEFAULT_REPORTS_STRENGTH
) -> dict[tuple[str, str], Introduction]:
    """The edges of :func:`introduction_graph` as plain records, one per pair in the order
    pairs first appear (for analyses that work on integers rather than networkx). A
    ``KNOWS`` counts with its effective strength as of the one clock's today."""
    from .strength import current_model, effective_strength

    today, model = clock.today(), current_model()
    nodes = {p.id for p in graph.people}
    edges: dict[tuple[str, str], Introduction] = {}
    get = edges.get
    new = tuple.__new__  # Introduction(...) without its Python-level __new__: the same record, faster
    # what add(u, v, …) did, written out: the loops run once per relation of the account; the
    # fields read straight from each record's __dict__ (where pydantic keeps them), a fifth
    # quicker than attribute look-ups through the model's __getattr__ hook
    for p in graph.people:
        d = p.__dict__
        u, v = d["id"], d["reports_to"]
        if v is None or u == v or v not in nodes:
            continue
        key = (u, v)
        old = get(key)
        if old is None:
            back = (v, u)
            old = get(back)
            if old is not None:
                key = back
        if old is None or old.strength < reports_strength:
            edges[key] = new(Introduction, ("REPORTS_TO", reports_strength, None, v))
    for k in graph.knows:
        d = k.__dict__
        u, v = d["a"], d["b"]
        if u == v or u not in nodes or v not in nodes:
            continue
        last = d["last_contact"]
        if d["source"] == "crm":
            if not d["evidence"]:
                continue  # CRM record ownership: no relationship (is_ownership)
            strength = effective_strength(k, today, model)
        elif d["evidence"] or d["strength_set"] is not None or last is not None:
            strength = effective_strength(k, today, model)
        else:
            strength = d["strength"]  # effective_strength's fast path: nothing dated, nothing ages
        key = (u, v)
        old = get(key)
        if old is None:
            back = (v, u)
            old = get(back)
            if old is not None:
                key = back
        if old is None or old.strength < strength:
            edges[key] = new(Introduction, ("KNOWS", strength, last, None))
    return edges


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
