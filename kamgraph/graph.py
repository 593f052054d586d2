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

import networkx as nx

from .model import Graph, OrgKind

__all__ = ["people_graph", "own_people"]


def people_graph(graph: Graph) -> nx.MultiDiGraph:
    """People as nodes (attributes: ``person``, the record; ``org_kind``) and every relation
    as an edge with ``rel``: ``REPORTS_TO`` (person → manager), ``INFLUENCES`` (with
    ``weight``) and ``KNOWS`` (both directions, with ``strength``, ``last_contact``,
    ``source``)."""
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
            attrs = {"rel": "KNOWS", "strength": k.strength, "last_contact": k.last_contact, "source": k.source}
            G.add_edge(k.a, k.b, **attrs)
            G.add_edge(k.b, k.a, **attrs)
    return G


def own_people(graph: Graph) -> set[str]:
    """Ids of the people in our own organisation(s): "the team"."""
    own = {o.id for o in graph.organisations if o.kind == OrgKind.own}
    return {p.id for p in graph.people if p.org in own}
