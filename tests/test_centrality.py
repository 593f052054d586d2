"""The compiled PageRank and betweenness give networkx's answers (issue 19: influence within
2× of igraph, networkx the reference): PageRank the same floats, betweenness within 1e-9,
and ``influence`` the same ranking as networkx's scores give, on random graphs and maps."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.analysis import influence
from kamgraph.analysis.centrality import arcs_matrix, betweenness, pagerank
from kamgraph.analysis.influence import PAGERANK_MAX_ITER, PAGERANK_TOL, PersonInfluence
from kamgraph.graph_influence import influence_arcs, influence_graph, influence_matrix
from kamgraph.model import Graph, Influences, Organisation, Person, Seniority


@st.composite
def digraphs(draw: st.DrawFn, max_nodes: int = 12) -> tuple[list[dict[int, float]], nx.DiGraph]:
    """The same random weighted digraph as out-arcs and as networkx, arcs in the same order."""
    n = draw(st.integers(1, max_nodes))
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
    arcs = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    out: list[dict[int, float]] = [{} for _ in range(n)]
    D = nx.DiGraph()
    D.add_nodes_from(range(n))
    for u, v in arcs:
        w = draw(st.sampled_from([0.2, 0.5, 0.6, 1.0, 1.7]))
        out[u][v] = w
    for u in range(n):  # networkx's order: node by node, each node's arcs as inserted
        for v, w in out[u].items():
            D.add_edge(u, v, weight=w)
    return out, D


@settings(max_examples=200, deadline=None)
@given(digraphs(), st.floats(0.5, 0.95))
def test_pagerank_is_networkx_float_for_float(g: tuple[list[dict[int, float]], nx.DiGraph], alpha: float) -> None:
    out, D = g
    mine = pagerank(out, alpha=alpha, tol=PAGERANK_TOL, max_iter=PAGERANK_MAX_ITER).tolist()
    theirs = nx.pagerank(D, alpha=alpha, weight="weight", tol=PAGERANK_TOL, max_iter=PAGERANK_MAX_ITER)
    assert mine == [theirs[v] for v in range(len(out))]


@settings(max_examples=300, deadline=None)
@given(digraphs(), st.data())
def test_betweenness_is_networkx_within_1e_9(g: tuple[list[dict[int, float]], nx.DiGraph], data: st.DataObject) -> None:
    out, D = g
    n = len(out)
    k = data.draw(st.one_of(st.none(), st.integers(1, n)))
    sources = random.Random(0).sample(range(n), k) if k is not None else list(range(n))
    mine = betweenness(out, sources).tolist()
    theirs = nx.betweenness_centrality(D, normalized=True, k=k, seed=0)
    for v in range(n):
        if theirs[v] != theirs[v]:  # networkx's NaN: one sampled source cannot scale itself
            assert mine[v] != mine[v]
        else:
            assert mine[v] == pytest.approx(theirs[v], rel=0, abs=1e-9)


def test_betweenness_on_deep_chains() -> None:
    # a reporting chain 300 deep with a few shortcuts: many levels
    rnd = random.Random(3)
    n = 300
    out: list[dict[int, float]] = [{} for _ in range(n)]
    for i in range(1, n):
        out[i][i - 1] = 0.6
        out[i - 1][i] = 0.2
    for _ in range(40):
        u, v = rnd.randrange(n), rnd.randrange(n)
        if u != v:
            out[u][v] = 0.5
    D = nx.DiGraph()
    D.add_nodes_from(range(n))
    D.add_weighted_edges_from((u, v, w) for u in range(n) for v, w in out[u].items())
    theirs = nx.betweenness_centrality(D, normalized=True, k=50, seed=0)
    sources = random.Random(0).sample(range(n), 50)
    mine = betweenness(out, sources).tolist()
    for v in range(n):
        assert mine[v] == pytest.approx(theirs[v], rel=0, abs=1e-9)


@st.composite
def maps(draw: st.DrawFn) -> Graph:
    n = draw(st.integers(1, 14))
    ids = [f"p{i}" for i in range(n)]
    levels = list(Seniority)
    people = []
    for i in range(n):
        boss = draw(st.sampled_from([None, *ids[:i]])) if i else None
        seniority = draw(st.sampled_from([None, *levels]))
        # names repeat on purpose: ties in score are broken by seniority, then name, then id
        people.append(Person(id=ids[i], name=f"P{i % 3}", org="o", reports_to=boss, seniority=seniority))
    pairs = [(a, b) for a in ids for b in ids if a != b]
    sways = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=10)) if pairs else []
    weights = draw(st.lists(st.sampled_from([0.2, 0.5, 0.7, 1.0]), min_size=len(sways), max_size=len(sways)))
    return Graph(
        organisations=[Organisation(id="o", name="O")],
        people=people,
        influences=[Influences(source=a, target=b, weight=w) for (a, b), w in zip(sways, weights, strict=True)],
    )


@settings(max_examples=150, deadline=None)
@given(maps(), st.sampled_from([3, 5, 100]))
def test_influence_ranks_as_networkx_scores_do(g: Graph, sample: int) -> None:
    D = influence_graph(g, org="o")
    ids, _ = influence_arcs(g, org="o")
    assert ids == list(D)
    pr = nx.pagerank(D, weight="weight", tol=PAGERANK_TOL, max_iter=PAGERANK_MAX_ITER)
    k = sample if len(D) > sample else None
    bc = nx.betweenness_centrality(D, normalized=True, k=k, seed=0)
    people = {p.id: p for p in g.people}

    def rank(pid: str) -> int:
        s = people[pid].seniority
        return s.rank if s is not None else len(Seniority)

    expected = sorted(D, key=lambda v: (-pr[v], rank(v), people[v].name, v))
    got = influence(g, "o", betweenness_sample=sample)
    assert [r.id for r in got] == expected
    for r in got:
        assert r.pagerank == round(pr[r.id], 6)
        assert r.betweenness_sample == k
        if bc[r.id] == bc[r.id]:
            assert abs(r.betweenness - bc[r.id]) <= 0.5e-4 + 1e-9


@settings(max_examples=150, deadline=None)
@given(maps(), st.sampled_from([3, 5, 100]))
def test_influence_records_are_what_validation_would_make(g: Graph, sample: int) -> None:
    # the records are built without pydantic's validation: each must be the record
    # validating its own values makes, value for value and type for type, every field set
    for r in influence(g, "o", betweenness_sample=sample):
        checked = PersonInfluence.model_validate(dict(r.__dict__))
        assert r == checked and r.model_dump_json() == checked.model_dump_json()
        assert list(r.__dict__) == list(checked.__dict__) == list(PersonInfluence.model_fields)
        assert [type(v) for v in r.__dict__.values()] == [type(v) for v in checked.__dict__.values()]
        assert r.model_fields_set == checked.model_fields_set
        assert r.__pydantic_extra__ is None and r.__pydantic_private__ is None


def test_influence_records_own_their_lists() -> None:
    g = Graph(
        organisations=[Organisation(id="o", name="O")],
        people=[Person(id=f"p{i}", name=f"P{i}", org="o", seniority="staff") for i in range(4)],
    )
    a, b, *_ = influence(g, "o")
    a.sways.append("x")
    assert b.sways == [] and influence(g, "o")[0].sways == []
    b.why = "set by hand"  # records stay ordinary models: assignment works, one record only
    assert a.why is None and "why" in b.model_fields_set


@st.composite
def tangled_maps(draw: st.DrawFn) -> tuple[Graph, float, float]:
    """Maps with everything influence_arcs skips or adds up: reporting cycles and self-lines,
    managers in another organisation or unknown, repeated and zero-weight influences, a
    person's id given twice."""
    n = draw(st.integers(0, 10))
    ids = [f"p{i}" for i in range(n)]
    people = [
        Person(
            id=pid,
            name=pid,
            org=draw(st.sampled_from(["o", "o", "o", "x"])),
            reports_to=draw(st.sampled_from([None, "nobody", *ids])),
        )
        for pid in ids
    ]
    for x in draw(st.lists(st.integers(0, n - 1), max_size=2)) if n else []:  # an id repeated
        people.append(Person(id=ids[x], name="again", org="o", reports_to=draw(st.sampled_from([None, *ids]))))
    names = [*ids, "nobody"]
    influences = [
        Influences(source=a, target=b, weight=w)
        for a, b, w in draw(
            st.lists(
                st.tuples(st.sampled_from(names), st.sampled_from(names), st.sampled_from([0.0, 0.1, 0.3, 0.7, 1.0])),
                max_size=25,
            )
        )
    ]
    g = Graph(organisations=[Organisation(id="o", name="O"), Organisation(id="x", name="X")], people=people)
    g = g.model_copy(update={"influences": influences})  # repeats kept, as a hand-edited store may hold
    return g, draw(st.sampled_from([0.0, 0.6, 0.35])), draw(st.sampled_from([0.0, 0.2, 0.1]))


@settings(max_examples=400, deadline=None)
@given(tangled_maps(), st.sampled_from(["o", None]))
def test_influence_matrix_is_scipys_matrix_of_the_arcs(drawn: tuple[Graph, float, float], org: str | None) -> None:
    g, up, down = drawn
    m = influence_matrix(g, org=org, to_manager=up, to_report=down)
    ids, A = m.ids, m.matrix
    same_ids, out = influence_arcs(g, org=org, to_manager=up, to_report=down)
    B = arcs_matrix(out)
    assert ids == same_ids
    people = {p.id: p for p in g.people if org is None or p.org == org}
    assert m.people == [people[pid] for pid in ids]
    at = {pid: x for x, pid in enumerate(ids)}
    assert m.swayers.tolist() == [at.get(i.source, -1) for i in g.influences]
    assert m.swayed.tolist() == [at.get(i.target, -1) for i in g.influences]
    assert m.weights.tolist() == [i.weight for i in g.influences]
    assert A.shape == B.shape
    assert A.indptr.tolist() == B.indptr.tolist() and A.indices.tolist() == B.indices.tolist()
    assert A.data.tolist() == B.data.tolist()  # the same floats: summed in the same order


def test_influence_matrix_sums_a_pair_in_the_records_order() -> None:
    # a and b report to each other (as a hand-edited store may say) and b sways a three
    # times: a → b collects 0.6 + 0.2 + 0.1 + 0.7 + 0.3, which other orders sum to 1.8999999999999997 or 1.9
    g = Graph(
        organisations=[Organisation(id="o", name="O")],
        people=[Person(id="a", name="A", org="o", reports_to="b"), Person(id="b", name="B", org="o", reports_to="a")],
    ).model_copy(update={"influences": [Influences(source="b", target="a", weight=w) for w in (0.1, 0.7, 0.3)]})
    m = influence_matrix(g)
    A = m.matrix
    assert m.ids == ["a", "b"] and A[0, 1] == 1.9000000000000001 and A[1, 0] == 0.6 + 0.2
