"""What can carry a route or a thread: the one rule every analysis shares.

A relationship carries an introduction when its strength is above 0 and at least the
``min_strength`` asked for; the people in ``avoid`` carry none (a person id, or
``stance:STANCE`` for everyone of that stance). ``path`` and ``risk`` take the same options
with the same defaults, so they never disagree about what counts.

>>> carries(0.0), carries(0.3), carries(0.3, min_strength=0.5)
(False, True, False)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from ..errors import InvalidInput, NotFound
from ..graph import DEFAULT_MIN_STRENGTH
from ..model import Graph, Stance

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["DEFAULT_MIN_STRENGTH", "avoided", "carries", "routable"]


def carries(strength: float, min_strength: float = DEFAULT_MIN_STRENGTH) -> bool:
    """Whether a relationship of ``strength`` can carry an introduction: above 0, and at
    least ``min_strength``."""
    return strength > 0 and strength >= min_strength


def avoided(graph: Graph, avoid: Iterable[str]) -> set[str]:
    """The ids of the people ``avoid`` names (ids, or ``stance:STANCE``); an unknown id is
    :class:`NotFound`, an unknown stance :class:`InvalidInput`."""
    ids = {p.id for p in graph.people}
    out: set[str] = set()
    for a in avoid:
        if a.startswith("stance:"):
            try:
                stance = Stance(a.removeprefix("stance:"))
            except ValueError:
                raise InvalidInput(f"unknown stance in '{a}'; use one of: {', '.join(Stance)}") from None
            out |= {p.id for p in graph.people if p.stance == stance}
        elif a in ids:
            out.add(a)
        else:
            raise NotFound(f"no person with id '{a}' to avoid")
    return out


def routable(G: nx.Graph, min_strength: float = DEFAULT_MIN_STRENGTH, avoid: Collection[str] = ()) -> nx.Graph:
    """``G`` (an introduction graph) with only what can carry a route: no edge that does not
    :func:`carry <carries>`, nobody in ``avoid``. ``G`` itself when nothing is left out;
    otherwise a new graph, nodes and edges in ``G``'s order.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"strength": 0.5}), ("b", "c", {"strength": 0.0})])
    >>> sorted(routable(G).edges()), sorted(routable(G, avoid={"a"}))
    ([('a', 'b')], ['b', 'c'])
    """
    import networkx as nx

    gone = {n for n in avoid if n in G}
    weak = [(u, v) for u, v, s in G.edges(data="strength", default=1.0) if not carries(s, min_strength)]
    if not gone and not weak:
        return G
    H = nx.Graph()
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n not in gone)
    drop = set(weak)
    H.add_edges_from(
        (u, v, d)
        for u, v, d in G.edges(data=True)
        if u not in gone and v not in gone and (u, v) not in drop and (v, u) not in drop
    )
    return H
