"""Decision paths: hand-worked routes on tests/data/analysis.yaml, and the search checked
against brute force (every simple path) on random small graphs."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kamgraph.analysis.best_route as best_route
from kamgraph import clock
from kamgraph.analysis import best_paths, decision_paths
from kamgraph.errors import InvalidInput, NotFound
from kamgraph.model import Graph
from tests.analysis_helpers import AS_OF, fixture_graph, small_graphs

ROOT = Path(__file__).resolve().parent.parent

# --- hand-worked: the fixture's edges are listed at the top of tests/data/analysis.yaml --------


@pytest.fixture(scope="module")
def g() -> Graph:
    return fixture_graph()


@pytest.fixture(autouse=True)
def as_of() -> Iterator[None]:
    # the fixture's dated relationships age: the routes below are worked out as of AS_OF, where
    # sam–ctl is 0.8 (fresh) and lee–cio 0.1 (0.4 two half-lives on; see analysis_helpers)
    clock.set_today(AS_OF)
    yield
    clock.set_today(None)


def test_warmest_routes_to_the_economic_buyer(g: Graph) -> None:
    # cfo's neighbours are ctl (knows 0.9) and ceo (reporting line 0.6). By hand, as of AS_OF:
    #   sam–ctl–cfo 0.8×0.9 = 0.72;  kim–ctl–cfo 0.5×0.9 = 0.45;  kim–pa–ceo–cfo 0.3×0.6×0.6 = 0.108
    #   (next: kim–pa–cio–ceo–cfo 0.3×0.7×0.6×0.6 = 0.0756; lee's old contact makes
    #   lee–cio–ceo–cfo 0.1×0.6×0.6 = 0.036, where fresh it was 0.144, third).
    #   sam–kim is among ourselves: no route uses it.
    r = decision_paths(g, "team", "role:economic_buyer", account="acme", k=4)
    assert r.targets == ["cfo"]
    assert [p.people for p in r.paths] == [
        ["sam", "ctl", "cfo"],
        ["kim", "ctl", "cfo"],
        ["kim", "pa", "ceo", "cfo"],
        ["kim", "pa", "cio", "ceo", "cfo"],
    ]
    assert [p.probability for p in r.paths] == pytest.approx([0.72, 0.45, 0.108, 0.0756])
    assert [p.hops for p in r.paths] == [2, 2, 3, 4]
    first = r.paths[0].edges
    assert (first[0].relation, first[0].strength, str(first[0].last_contact)) == ("KNOWS", 0.8, "2025-01-10")
    assert first[1].says == "Ana Ruiz introduces Sam Seller to Tom Baker, whom they know (0.90)"
    # the third route climbs to the CEO and back down: reporting lines both ways
    third = r.paths[2].edges
    assert [e.relation for e in third] == ["KNOWS", "REPORTS_TO", "REPORTS_TO"]
    assert third[2].says.endswith("to Tom Baker, who reports to them (0.60)")


def test_avoiding_detractors(g: Graph) -> None:
    # cio is the detractor; without him the fourth route, kim–pa–cio–ceo–cfo (0.0756), goes and
    # lee, who knows only cio, has none: three routes in all, the third kim–pa–ceo–cfo 0.108
    r = decision_paths(g, "team", "cfo", k=4, avoid=["stance:detractor"])
    assert [p.people for p in r.paths] == [["sam", "ctl", "cfo"], ["kim", "ctl", "cfo"], ["kim", "pa", "ceo", "cfo"]]
    assert r.paths[2].probability == pytest.approx(0.108)
    assert all("cio" not in p.people for p in r.paths)


def test_fewest_hops_against_best(g: Graph) -> None:
    # to the CEO: best is sam–ctl–cfo–ceo 0.8×0.9×0.6 = 0.432 (3 hops); the 2-hop routes are
    # kim–pa–ceo 0.3×0.6 = 0.18 and lee–cio–ceo 0.1×0.6 = 0.06 (lee–cio aged from 0.4), so
    # fewest hops picks kim's, then lee's.
    best = decision_paths(g, "team", "ceo").paths[0]
    assert best.people == ["sam", "ctl", "cfo", "ceo"] and best.probability == pytest.approx(0.432)
    short = decision_paths(g, "team", "ceo", fewest_hops=True, k=2).paths
    assert [p.people for p in short] == [["kim", "pa", "ceo"], ["lee", "cio", "ceo"]]
    assert [p.probability for p in short] == pytest.approx([0.18, 0.06])
    capped = decision_paths(g, "team", "ceo", max_hops=2).paths[0]
    assert capped.people == ["kim", "pa", "ceo"]


def test_min_strength_drops_weak_relationships(g: Graph) -> None:
    # at ≥ 0.5, lee–cio (0.4) and kim–pa (0.3) go: every route to the CEO runs through ctl
    r = decision_paths(g, "team", "ceo", min_strength=0.5, k=10)
    assert r.paths and all(e.strength >= 0.5 for p in r.paths for e in p.edges)
    assert all("ctl" in p.people for p in r.paths)


def test_an_old_contact_is_no_longer_the_best_route(g: Graph) -> None:
    # the case: sam typed 0.8 for ctl, last seen 2025-01-10. As of 2026-07-10, 18 months
    # (546 days) on, that is 456 days past the 90 fresh ones: 0.8 × 0.5^(456/180) = 0.138, so
    # sam–ctl–cfo is 0.138 × 0.9 = 0.124, behind kim–ctl–cfo 0.5 × 0.9 = 0.45 (undated: no age)
    # and just ahead of kim–pa–ceo–cfo 0.108.
    clock.set_today(dt.date(2026, 7, 10))
    r = decision_paths(g, "team", "cfo", k=3)
    assert [p.people for p in r.paths] == [["kim", "ctl", "cfo"], ["sam", "ctl", "cfo"], ["kim", "pa", "ceo", "cfo"]]
    assert [p.probability for p in r.paths] == pytest.approx([0.45, 0.124372, 0.108], abs=1e-6)
    assert r.paths[1].edges[0].strength == pytest.approx(0.138191, abs=1e-6)


def test_single_source_and_reporting_strength(g: Graph) -> None:
    # lee only knows cio (0.1 as of AS_OF): lee–cio–ceo–cfo = 0.1 × s × s for reporting strength s
    r = decision_paths(g, "lee", "cfo", reports_strength=0.5)
    assert r.paths[0].people == ["lee", "cio", "ceo", "cfo"]
    assert r.paths[0].probability == pytest.approx(0.1 * 0.5 * 0.5)


def test_no_route_says_why(g: Graph) -> None:
    nobody = decision_paths(g, "team", "hermit")
    assert nobody.paths == [] and nobody.reason is not None and "nobody we know is connected" in nobody.reason
    capped = decision_paths(g, "team", "cfo", max_hops=1)
    assert capped.paths == [] and capped.reason is not None and capped.reason.endswith("but none of at most 1 hop")
    seatless = decision_paths(g, "team", "role:legal", account="acme")
    assert seatless.paths == [] and seatless.reason is not None and "legal" in seatless.reason


def test_source_is_target(g: Graph) -> None:
    r = decision_paths(g, "ctl", "ctl")
    assert [(p.people, p.hops, p.probability, p.edges) for p in r.paths] == [(["ctl"], 0, 1.0, [])]


def test_bad_input(g: Graph) -> None:
    with pytest.raises(NotFound):
        decision_paths(g, "nobody", "cfo")
    with pytest.raises(NotFound):
        decision_paths(g, "team", "nobody")
    with pytest.raises(NotFound):
        decision_paths(g, "team", "cfo", avoid=["nobody"])
    with pytest.raises(InvalidInput):
        decision_paths(g, "team", "role:economic_buyer")  # which account?
    with pytest.raises(InvalidInput):
        decision_paths(g, "team", "role:king", account="acme")
    with pytest.raises(NotFound):
        decision_paths(g, "team", "role:economic_buyer", account="nowhere")


# --- brute force ----------------------------------------------------------------------------


def _prob(G: nx.Graph, path: list[str]) -> float:
    return float(math.prod(G[u][v]["strength"] for u, v in zip(path, path[1:], strict=False)))


def _all_routes(
    G: nx.Graph, sources: set[str], targets: set[str], min_strength: float = 0.0, avoid: frozenset[str] = frozenset()
) -> list[list[str]]:
    """Every simple path from a source to a target that passes through no other source or
    target (a route stops at the first target), over edges at least min_strength strong."""
    H = nx.Graph((u, v, d) for u, v, d in G.edges(data=True) if d["strength"] >= min_strength)
    H.add_nodes_from(G)
    H.remove_nodes_from(avoid)
    routes = []
    for s in sources - avoid:
        for t in targets - avoid:
            if s == t:
                routes.append([s])
            elif s not in targets:
                for p in nx.all_simple_paths(H, s, t):
                    if not set(p[1:-1]) & (sources | targets):
                        routes.append(p)
    return routes


ends = st.sets(st.sampled_from([str(i) for i in range(7)]), min_size=1, max_size=3)


@settings(max_examples=150, deadline=None)
@given(small_graphs(), ends, ends)
def test_best_is_the_best_simple_path(G: nx.Graph, sources: set[str], targets: set[str]) -> None:
    sources, targets = sources & set(G), targets & set(G)
    found = best_paths(G, sources, targets)
    # every simple path, restriction-free: the best route is still the best of them all
    every = [[s, *p[1:]] for s in sources for t in targets for p in ([[s]] if s == t else nx.all_simple_paths(G, s, t))]
    if not every:
        assert found == []
        return
    assert found[0].probability == pytest.approx(max(_prob(G, p) for p in every))


@settings(max_examples=150, deadline=None)
@given(small_graphs(), ends, ends, st.integers(1, 6))
def test_k_routes_are_the_top_k_loop_free_routes(G: nx.Graph, sources: set[str], targets: set[str], k: int) -> None:
    sources, targets = sources & set(G), targets & set(G)
    found = best_paths(G, sources, targets, k=k)
    routes = _all_routes(G, sources, targets)
    expected = sorted((_prob(G, r) for r in routes), reverse=True)[:k]
    assert [p.probability for p in found] == pytest.approx(expected)
    assert len({tuple(p.people) for p in found}) == len(found)
    for p in found:
        assert len(set(p.people)) == len(p.people)  # loop-free
        assert p.people[0] in sources and p.people[-1] in targets and p.hops == len(p.people) - 1
        assert p.probability == pytest.approx(_prob(G, p.people))
    probs = [p.probability for p in found]
    assert all(a >= b - 1e-12 for a, b in zip(probs, probs[1:], strict=False))


@settings(max_examples=150, deadline=None)
@given(
    small_graphs(),
    ends,
    ends,
    st.integers(0, 4),
    st.sampled_from([0.0, 0.3, 0.6]),
    st.sets(st.sampled_from([str(i) for i in range(7)]), max_size=2),
)
def test_limits_against_brute_force(
    G: nx.Graph, sources: set[str], targets: set[str], max_hops: int, min_strength: float, avoid: set[str]
) -> None:
    sources, targets = sources & set(G), targets & set(G)
    routes = [r for r in _all_routes(G, sources, targets, min_strength, frozenset(avoid)) if len(r) - 1 <= max_hops]
    found = best_paths(G, sources, targets, max_hops=max_hops, min_strength=min_strength, avoid=avoid)
    if not routes:
        assert found == []
        return
    assert found[0].probability == pytest.approx(max(_prob(G, r) for r in routes))
    assert found[0].hops <= max_hops and not set(found[0].people) & avoid


@settings(max_examples=150, deadline=None)
@given(small_graphs(), ends, ends)
def test_fewest_hops_then_strength(G: nx.Graph, sources: set[str], targets: set[str]) -> None:
    sources, targets = sources & set(G), targets & set(G)
    routes = _all_routes(G, sources, targets)
    found = best_paths(G, sources, targets, fewest_hops=True)
    if not routes:
        assert found == []
        return
    fewest = min(len(r) - 1 for r in routes)
    assert found[0].hops == fewest
    assert found[0].probability == pytest.approx(max(_prob(G, r) for r in routes if len(r) - 1 == fewest))


def _documented_order(G: nx.Graph, route: list[str]) -> tuple[float, int, list[str]]:
    """The documented order (paths.route_order) of a route given by its people."""
    prob = _prob(G, route)
    cost = round(-math.log(prob), 9) if prob > 0 else math.inf
    return (cost, len(route) - 1, route)


@settings(max_examples=500, deadline=None)
@given(
    small_graphs(max_nodes=8),
    ends,
    ends,
    st.sampled_from([0.0, 0.0, 0.3, 0.6]),
    st.sets(st.sampled_from([str(i) for i in range(8)]), max_size=2),
    st.booleans(),
)
def test_the_one_best_route_is_networkx_yens_and_brute_forces(
    G: nx.Graph, sources: set[str], targets: set[str], min_strength: float, avoid: set[str], compiled: bool
) -> None:
    """The best route alone is worked out on integers (kamgraph.analysis.best_route, in plain
    Python or in scipy's Dijkstra); with k=2 the routes come from networkx's Yen in the
    documented order. The first is the same route, and brute force's first in the
    documented order."""
    sources, targets = sources & set(G), targets & set(G)
    with pytest.MonkeyPatch.context() as patch:
        if compiled:
            patch.setattr(best_route, "SCIPY_FROM", 0)
        one = best_paths(G, sources, targets, min_strength=min_strength, avoid=avoid)
    routes = sorted(_documented_order(G, r) for r in _all_routes(G, sources, targets, min_strength, frozenset(avoid)))
    if not routes:
        assert one == []
        return
    assert [p.people for p in one] == [routes[0][2]]
    assert one[0].probability == pytest.approx(_prob(G, routes[0][2]))
    tied = sum(1 for r in routes if r[0] == routes[0][0])
    if tied <= 60:  # Yen weighs at most 64 tied routes (paths._MAX_TIES)
        yen = best_paths(G, sources, targets, k=2, min_strength=min_strength, avoid=avoid)[:1]
        assert [(p.people, p.probability, p.edges) for p in one] == [(p.people, p.probability, p.edges) for p in yen]


@settings(max_examples=400, deadline=None)
@given(
    small_graphs(max_nodes=8),
    ends,
    ends,
    st.integers(2, 6),
    st.sampled_from([0.0, 0.0, 0.3, 0.6]),
    st.sets(st.sampled_from([str(i) for i in range(8)]), max_size=2),
)
def test_k_routes_on_integers_are_networkx_yens_and_brute_forces(
    G: nx.Graph, sources: set[str], targets: set[str], k: int, min_strength: float, avoid: set[str]
) -> None:
    """``k`` routes by probability run Yen's algorithm on integers
    (kamgraph.analysis.best_route.best_routes); a hop limit no route can reach sends the
    same question to networkx's Yen (``shortest_simple_paths``). Both give brute force's
    first k in the documented order: the same routes, probabilities and steps."""
    sources, targets = sources & set(G), targets & set(G)
    mine = best_paths(G, sources, targets, k=k, min_strength=min_strength, avoid=avoid)
    routes = sorted(_documented_order(G, r) for r in _all_routes(G, sources, targets, min_strength, frozenset(avoid)))
    assert [p.people for p in mine] == [r[2] for r in routes[:k]]
    for p in mine:
        assert p.probability == _prob(G, p.people)
    if len(routes) <= k or sum(1 for r in routes if r[0] == routes[k - 1][0]) <= 60:  # networkx weighs 64 ties
        theirs = best_paths(G, sources, targets, k=k, max_hops=len(G), min_strength=min_strength, avoid=avoid)
        assert [(p.people, p.probability, p.edges) for p in mine] == [
            (p.people, p.probability, p.edges) for p in theirs
        ]


def test_a_role_on_one_deal_means_that_deals_holder() -> None:
    """Nordhavn has two economic buyers, one per deal. Worked by hand from the samples: on the
    forecasting deal the EB is Søren Dahl, whom none of us knows; Anna Berg knows Freja
    Mortensen (0.5), who reports to him (0.6): 0.30, better than Anna → Mette (0.8) → the CEO
    (0.6) → Søren (0.6) = 0.288. Account-wide, the best EB route is Anna → Mette (0.8)."""
    from kamgraph.io.files import load_files

    graph, _ = load_files(sorted((ROOT / "samples").glob("*.yaml")))
    deal = decision_paths(graph, "team", "role:economic_buyer", opportunity="nor-opp-forecast")
    assert deal.targets == ["nor-soren-dahl"]
    assert deal.paths[0].people == ["kes-anna-berg", "nor-freja-mortensen", "nor-soren-dahl"]
    assert deal.paths[0].probability == pytest.approx(0.5 * 0.6)
    anywhere = decision_paths(graph, "team", "role:economic_buyer", account="nordhavn")
    assert anywhere.targets == ["nor-mette-kjaer", "nor-soren-dahl"]
    assert anywhere.paths[0].people == ["kes-anna-berg", "nor-mette-kjaer"]
    with pytest.raises(NotFound, match="no opportunity with id 'nope'"):
        decision_paths(graph, "team", "role:economic_buyer", opportunity="nope")


# --- ties: the documented order, whatever order the graph was built in -----------------------


@pytest.mark.parametrize("reverse", [False, True])
def test_tied_routes_come_in_the_documented_order(reverse: bool) -> None:
    # me–z–t is 0.81; then four routes of 0.5: me–t (1 hop), me–a–t and me–b–t (1.0 × 0.5, 2 hops),
    # me–c–d–t (1 × 1 × 0.5, 3 hops).
    # Rule: probability, then fewer hops, then the people's ids in order.
    edges = [
        ("me", "t", 0.5),
        ("me", "b", 1.0),
        ("b", "t", 0.5),
        ("me", "a", 1.0),
        ("a", "t", 0.5),
        ("me", "c", 1.0),
        ("c", "d", 1.0),
        ("d", "t", 0.5),
        ("me", "z", 0.9),
        ("z", "t", 0.9),
    ]
    G = nx.Graph()
    for u, v, s in reversed(edges) if reverse else edges:
        G.add_edge(u, v, strength=s)
    got = [p.people for p in best_paths(G, ["me"], ["t"], k=5)]
    assert got == [["me", "z", "t"], ["me", "t"], ["me", "a", "t"], ["me", "b", "t"], ["me", "c", "d", "t"]]
    # k=2 cuts the tie at the same place: the ids decide, not the order of discovery
    assert [p.people for p in best_paths(G, ["me"], ["t"], k=2)] == got[:2]
    assert [p.people for p in best_paths(G, ["me"], ["t"], k=3)] == got[:3]
    fewest = [p.people for p in best_paths(G, ["me"], ["t"], k=3, fewest_hops=True)]
    assert fewest == [["me", "t"], ["me", "z", "t"], ["me", "a", "t"]]
    # the one best route (worked out on its own, on integers) follows the same rule
    assert [p.people for p in best_paths(G, ["me"], ["t"])] == [["me", "z", "t"]]
    G.remove_node("z")
    assert [p.people for p in best_paths(G, ["me"], ["t"])] == [["me", "t"]]  # 0.5 in 1 hop before 2 or 3
    G.remove_edge("me", "t")
    assert [p.people for p in best_paths(G, ["me"], ["t"])] == [["me", "a", "t"]]  # a before b
