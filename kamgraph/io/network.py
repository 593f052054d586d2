"""A map as a network file for Gephi, yEd and Cytoscape: GraphML or GEXF, with every
person's and relationship's attributes (lists joined with commas, missing values left out).

>>> from kamgraph.model import Graph, Organisation, Person, Knows
>>> g = Graph(organisations=[Organisation(id="acme", name="Acme")],
...           people=[Person(id="a", name="Ana", org="acme", roles=["champion"]),
...                   Person(id="b", name="Bo", org="acme")],
...           knows=[Knows(a="a", b="b", strength=0.7)])
>>> G = network(g)
>>> G.nodes["a"]["roles"], G.edges["a", "b", 0]["strength"], G.edges["a", "b", 0]["relation"]
('champion', 0.7, 'knows')
"""

from __future__ import annotations

import io
from typing import Any, Literal

import networkx as nx

from ..model import Graph

__all__ = ["NETWORK_FORMATS", "network", "write_network"]

NETWORK_FORMATS = ("graphml", "gexf")


def _flat(record: Any, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.model_dump(mode="json", by_alias=False).items():
        if key in drop or value is None or value == [] or value == {}:
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) if not isinstance(v, dict) else str(v.get("text", v)) for v in value)
        elif isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
        out[key] = value
    return out


def network(graph: Graph, account: str | None = None) -> nx.MultiDiGraph:
    """People as nodes (with their organisation's name), reporting lines, who knows whom and
    who influences whom as edges with a ``relation`` attribute; only ``account``'s people and
    ours when an account is given."""
    orgs = {o.id: o for o in graph.organisations}
    keep = {
        p.id
        for p in graph.people
        if account is None or p.org == account or (p.org in orgs and orgs[p.org].kind.value != "client")
    }
    G = nx.MultiDiGraph()
    for p in sorted(graph.people, key=lambda p: p.id):
        if p.id in keep:
            attrs = _flat(p, ("id", "notes"))
            attrs["label"] = p.name
            attrs["organisation"] = orgs[p.org].name if p.org in orgs else p.org
            G.add_node(p.id, **attrs)
    for p in sorted(graph.people, key=lambda p: p.id):
        if p.id in keep and p.reports_to in keep:
            G.add_edge(p.id, p.reports_to, relation="reports_to")
    for k in sorted(graph.knows, key=lambda k: (k.a, k.b)):
        if k.a in keep and k.b in keep:
            G.add_edge(k.a, k.b, relation="knows", **_flat(k, ("a", "b", "notes")))
    for i in sorted(graph.influences, key=lambda i: (i.source, i.target)):
        if i.source in keep and i.target in keep:
            G.add_edge(i.source, i.target, relation="influences", **_flat(i, ("source", "target", "notes")))
    return G


def write_network(graph: Graph, fmt: Literal["graphml", "gexf"], account: str | None = None) -> bytes:
    G = network(graph, account)
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(G, out)
    else:
        nx.write_gexf(G, out)
    return out.getvalue()
