"""Influence: PageRank worked out by hand on a four-person team, brokers, and the ranking
checked against a plain power iteration on random small maps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.analysis import influence
from kamgraph.errors import NotFound
from kamgraph.graph_influence import influence_graph
from kamgraph.model import Graph, Influences, Organisation, Person
from tests.analysis_helpers import fixture_graph


def _team(extra: list[Influences] | None = None) -> Graph:
    return Graph(
        organisations=[Organisation(id="o", name="O")],
        people=[
            Person(id="ceo", name="Carla", org="o", seniority="executive"),
            Person(id="cfo", name="Tom", org="o", seniority="vp", reports_to="ceo"),
            Person(id="cto", name="Ivan", org="o", seniority="vp", reports_to="ceo"),
            Person(id="pa", name="Pia", org="o", seniority="staff", reports_to="ceo"),
        ],
        influences=extra
        if extra is not None
        else [Influences(source="pa", target=t, weight=1.0) for t in ("ceo", "cfo", "cto")],
    )


def test_pagerank_by_hand() -> None:
    # Deference edges (x → y: x's standing flows to y), reports up 0.6, down 0.2, pa's sway 1.0:
    #   ceo → cfo 0.2, cto 0.2, pa 0.2+1.0   → shares 1/8, 1/8, 3/4
    #   cfo → ceo 0.6, pa 1.0 (cto the same) → shares 3/8, 5/8
    #   pa  → ceo 0.6                         → share 1
    # With d = 0.85 and (1-d)/4 = 0.0375:
    #   f = t = 0.0375 + 0.85·c/8
    #   p = 0.0375 + 0.85·(3/4·c + 5/8·f + 5/8·t)
    #   c = 0.0375 + 0.85·(3/8·f + 3/8·t + p)
    # Substituting f into p: p = 0.07734375 + 0.750390625·c; then c = 0.12714844 + 0.70556641·c.
    c = 0.12714844 / (1 - 0.70556641)
    f = 0.0375 + 0.85 * c / 8
    p = 0.07734375 + 0.750390625 * c
    ranking = {r.id: r for r in influence(_team(), "o")}
    assert ranking["ceo"].pagerank == pytest.approx(c, abs=1e-5)
    assert ranking["pa"].pagerank == pytest.approx(p, abs=1e-5)
    assert ranking["cfo"].pagerank == pytest.approx(f, abs=1e-5) == ranking["cto"].pagerank
    # pa is second by influence though three people outrank her: a hidden power broker
    assert [(r.id, r.place, r.broker) for r in influence(_team(), "o")][:2] == [("ceo", 1, False), ("pa", 2, True)]
    assert ranking["pa"].outranked_by == 3 and ranking["ceo"].score == 100


def test_without_sway_nobody_is_a_broker() -> None:
    ranking = influence(_team(extra=[]), "o")
    assert ranking[0].id == "ceo" and not any(r.broker for r in ranking)


def test_fixture_broker_and_errors() -> None:
    g = fixture_graph()
    ranking = influence(g, "acme")
    assert {r.id for r in ranking} == {p.id for p in g.people if p.org == "acme"}
    assert [r.id for r in ranking if r.broker] == ["pa"]  # the assistant who sways the CEO and CFO
    assert influence(g, "globex")[0].id == "gx-ceo"
    with pytest.raises(NotFound):
        influence(g, "nope")


def _power_iteration(graph: Graph, org: str, d: float = 0.85, steps: int = 300) -> dict[str, float]:
    D = influence_graph(graph, org=org)
    nodes = list(D)
    n = len(nodes)
    rank = dict.fromkeys(nodes, 1 / n)
    for _ in range(steps):
        new = dict.fromkeys(nodes, (1 - d) / n)
        for u in nodes:
            out = sum(w for _, _, w in D.out_edges(u, data="weight"))
            if out == 0:  # dangling: spread evenly
                for v in nodes:
                    new[v] += d * rank[u] / n
            else:
                for _, v, w in D.out_edges(u, data="weight"):
                    new[v] += d * rank[u] * w / out
        rank = new
    return rank


def _exact_pagerank(graph: Graph, org: str, d: float = 0.85) -> dict[str, float]:
    """PageRank solved as the linear system it is: x = (1-d)/n + d·x·M (M row-stochastic,
    a dangling row spread evenly), by numpy, independent of any graph library."""
    import numpy as np

    D = influence_graph(graph, org=org)
    nodes = list(D)
    n = len(nodes)
    at = {v: i for i, v in enumerate(nodes)}
    M = np.zeros((n, n))
    for u in nodes:
        out = sum(w for _, _, w in D.out_edges(u, data="weight"))
        if out == 0:
            M[at[u], :] = 1 / n
        for _, v, w in D.out_edges(u, data="weight"):
            M[at[u], at[v]] = w / out
    x = np.linalg.solve(np.eye(n) - d * M.T, np.full(n, (1 - d) / n))
    return {v: float(x[at[v]]) for v in nodes}


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 7), st.data())
def test_pagerank_matches_power_iteration(n: int, data: st.DataObject) -> None:
    ids = [f"p{i}" for i in range(n)]
    people = [Person(id=ids[0], name="P0", org="o")]
    for i in range(1, n):
        boss = data.draw(st.sampled_from([None, *ids[:i]]))
        people.append(Person(id=ids[i], name=f"P{i}", org="o", reports_to=boss))
    pairs = [(a, b) for a in ids for b in ids if a != b]
    sways = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=6))
    weights = data.draw(st.lists(st.sampled_from([0.2, 0.5, 1.0]), min_size=len(sways), max_size=len(sways)))
    g = Graph(
        organisations=[Organisation(id="o", name="O")],
        people=people,
        influences=[Influences(source=a, target=b, weight=w) for (a, b), w in zip(sways, weights, strict=True)],
    )
    expected = _power_iteration(g, "o")
    exact = _exact_pagerank(g, "o")
    ranking = influence(g, "o")
    for r in ranking:
        assert r.pagerank == pytest.approx(expected[r.id], abs=1e-4)
        # converged tightly (PAGERANK_TOL): the reported 6 decimals are the exact fixed point's
        assert abs(r.pagerank - exact[r.id]) <= 5e-7 + 1e-9
    assert [r.place for r in ranking] == list(range(1, n + 1))
    assert all(a.pagerank >= b.pagerank - 1e-12 for a, b in zip(ranking, ranking[1:], strict=False))
