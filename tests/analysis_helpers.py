"""Helpers shared by the analysis tests: the hand-worked fixture and random small graphs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
from hypothesis import strategies as st

from kamgraph.io.files import load_graph
from kamgraph.model import Graph

FIXTURE = Path(__file__).resolve().parent / "data" / "analysis.yaml"
#: The day the fixture's routes were worked out for. Its two dated relationships age (a typed
#: strength ages from its last contact): sam–ctl 0.8, last seen 2025-01-10, is 75 days old and
#: fresh (0.8); lee–cio 0.4, last seen 2024-01-01, is 450 days old: 360 days past the 90 fresh
#: ones, two half-lives of 180, so 0.4 × 0.25 = 0.1. The undated strengths do not age.
AS_OF = dt.date(2025, 3, 26)
STRENGTHS = [0.1, 0.2, 0.3, 0.5, 0.6, 0.8, 0.9, 1.0]


def fixture_graph() -> Graph:
    return load_graph(FIXTURE)


@st.composite
def small_graphs(draw: st.DrawFn, max_nodes: int = 7) -> nx.Graph:
    """A random undirected graph on 2..max_nodes nodes with strengths on the edges."""
    n = draw(st.integers(2, max_nodes))
    G = nx.Graph()
    G.add_nodes_from(str(i) for i in range(n))
    pairs = [(str(i), str(j)) for i in range(n) for j in range(i + 1, n)]
    for u, v in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []:
        G.add_edge(u, v, strength=draw(st.sampled_from(STRENGTHS)))
    return G
