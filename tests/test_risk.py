"""Single-thread risk: hand-worked deals on tests/data/analysis.yaml, tiny graphs for the
thread rules, and threads/cuts checked against brute force on random small graphs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import combinations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.analysis import account_risk, opportunity_risk, portfolio_risk, threads
from kamgraph.analysis.connectivity import Threads
from kamgraph.errors import InvalidInput, NotFound
from kamgraph.model import Graph, Knows, Opportunity, Organisation
from kamgraph.money import Rates, parse_rates, rates_from_env
from tests.analysis_helpers import fixture_graph, small_graphs

TODAY = dt.date(2025, 3, 1)  # ctl last seen 2025-01-10 (50 days: fresh), cio 2024-01-01 (stale)


@pytest.fixture(scope="module")
def g() -> Graph:
    return fixture_graph()


def test_two_threads_to_the_cfo(g: Graph) -> None:
    # Our team merged into T: T–ctl (sam, kim), T–cio (lee), T–pa (kim). cfo's only neighbours
    # are ctl and ceo, so at most 2 threads: T–ctl–cfo and T–cio–ceo–cfo. The cut must take ctl,
    # and ceo (T reaches ceo through both cio and pa): the one minimum cut is {ceo, ctl}.
    # Score: 2 threads +15; we know ctl and cio of 3 → +round(20/3) = 7; cio stale +5;
    # cio a high-influence detractor +10; one empty seat +5 → 42.
    r = opportunity_risk(g, "acme-erp", today=TODAY)
    assert (r.threads, r.critical_contacts) == (2, ["ceo", "ctl"])
    assert r.coverage == pytest.approx(2 / 3, abs=1e-4)
    assert (r.stale, r.detractors, r.own_single_points) == (["cio"], ["cio"], [])
    assert r.score == 42 and len(r.reasons) == 5
    assert r.reasons[0].startswith("+15 only two threads to Tom Baker;")
    assert r.exposure == pytest.approx(0.42 * 500_000)
    [cfo] = r.decision_makers
    assert (cfo.person, cfo.direct, cfo.entry_points) == ("cfo", False, ["kim", "lee", "sam"])


def test_single_threaded_through_the_ceo(g: Graph) -> None:
    # ops1's only relation is her reporting line to the CEO: one thread, the CEO critical.
    # 1 thread +35; nobody of 1 known directly +20 → 55.
    r = opportunity_risk(g, "acme-ops", today=TODAY)
    assert (r.threads, r.critical_contacts, r.coverage, r.score) == (1, ["ceo"], 0.0, 55)


def test_what_if_the_champion_leaves(g: Graph) -> None:
    # Without ctl, cfo hangs on the CEO alone; sam knew only ctl, so kim and lee are our entries.
    # +35 one thread; committee is cfo and cio, we know cio → +10; +5 stale; +10 detractor; +5 seat.
    r = opportunity_risk(g, "acme-erp", without=["ctl"], today=TODAY)
    assert (r.threads, r.critical_contacts, r.score) == (1, ["ceo"], 65)
    assert r.decision_makers[0].entry_points == ["kim", "lee"]


def test_our_own_single_point_of_failure(g: Graph) -> None:
    # Without sam and kim only lee is left, and every thread starts from lee: T–cio–…–cfo.
    # One thread; cio and ceo each alone cut it: both are single points, cio first (our side).
    r = opportunity_risk(g, "acme-erp", without=["sam", "kim"], today=TODAY)
    assert r.threads == 1 and r.own_single_points == ["lee"]
    assert (r.critical_contacts, r.single_points) == (["ceo", "cio"], ["ceo", "cio"])
    assert r.decision_makers[0].single_points == ["cio", "ceo"] and r.decision_makers[0].smallest_set == []
    assert r.reasons[0] == "+35 single-threaded: one thread to Tom Baker, through Ivan Petrov and Carla Reyes"
    assert any(x.startswith("+10 on our side, threads hang on Lee Engineer") for x in r.reasons)


def test_empty_committee(g: Graph) -> None:
    r = opportunity_risk(g, "gx-pilot", today=TODAY)
    assert (r.threads, r.coverage, r.decision_makers, r.score) == (0, 0.0, [], 40)
    assert r.reasons == ["+40 no buying committee recorded"]


def test_account_and_portfolio(g: Graph) -> None:
    # exposures: erp 0.42 × 500k = 210k, ops 0.55 × 100k = 55k, gx 0.40 × 50k = 20k.
    # values: acme 3M, globex 1M; the top 20% of 2 accounts is 1 account: 3M / 4M = 75%.
    acme = account_risk(g, "acme", today=TODAY)
    assert [r.opportunity for r in acme.opportunities] == ["acme-erp", "acme-ops"]
    p = portfolio_risk([("acme", g), ("globex", g)], today=TODAY)
    assert [r.opportunity for r in p.opportunities] == ["acme-erp", "acme-ops", "gx-pilot"]
    assert (p.accounts, p.value, p.top_share) == (2, 3_000_000 + 1_000_000, 0.75)
    assert [a.account for a in p.top_accounts] == ["acme"]


def test_unknown_ids(g: Graph) -> None:
    with pytest.raises(NotFound):
        opportunity_risk(g, "nope")
    with pytest.raises(NotFound):
        account_risk(g, "nope")
    with pytest.raises(NotFound):
        opportunity_risk(g, "acme-erp", without=["nope"])


def test_thread_rules_on_tiny_graphs() -> None:
    # a direct relationship is one thread, and nobody can cut it
    G = nx.Graph()
    G.add_edge("me", "dm", strength=0.5)
    t = threads(G, {"me"}, "dm")
    assert (t.threads, t.single_points, t.smallest_set) == (1, [], [])
    # direct plus one more route through x: two threads, still uncuttable
    G.add_edges_from([("me", "x"), ("x", "dm")], strength=0.5)
    assert (threads(G, {"me"}, "dm").threads, threads(G, {"me"}, "dm").direct) == (2, True)
    # two of ours who both know x are one thread through x, and x is a single point
    H = nx.Graph()
    H.add_edges_from([("a", "x"), ("b", "x"), ("a", "b"), ("x", "dm")], strength=0.5)
    t = threads(H, {"a", "b"}, "dm")
    assert (t.threads, t.single_points, t.smallest_set, t.entry_points) == (1, ["x"], [], ["a", "b"])
    # a contact and their manager in series: both are single points, in route order
    S = nx.Graph([("me", "c"), ("c", "m"), ("m", "dm"), ("me", "y"), ("y", "c")], strength=0.5)
    t = threads(S, {"me"}, "dm")
    assert (t.threads, t.single_points, t.smallest_set) == (1, ["c", "m"], [])
    # two threads through p and q, each joined again at r: r alone cuts both
    D = nx.Graph([("me", "p"), ("me", "q"), ("p", "r"), ("q", "r"), ("r", "dm")], strength=0.5)
    assert threads(D, {"me"}, "dm").single_points == ["r"]
    # two disjoint threads: no single point; the smallest set is the pair nearest the decision-maker
    D = nx.Graph([("me", "p"), ("me", "q"), ("p", "s"), ("q", "u"), ("s", "dm"), ("u", "dm")], strength=0.5)
    t = threads(D, {"me"}, "dm")
    assert (t.threads, t.single_points, t.smallest_set) == (2, [], ["s", "u"])
    # nobody connected
    H.add_node("alone")
    assert threads(H, {"a", "b"}, "alone").threads == 0


# --- brute force ----------------------------------------------------------------------------


def _interiors(G: nx.Graph, team: set[str], d: str) -> list[frozenset[str]]:
    """The people between us and d on each route that leaves the team once (minimal sets)."""
    theirs = G.subgraph(n for n in G if n not in team)
    found: set[frozenset[str]] = set()
    for m in team:
        for x in G[m]:
            if x == d:
                found.add(frozenset())
            elif x not in team:
                for p in nx.all_simple_paths(theirs, x, d):
                    found.add(frozenset(p[:-1]))
    # keep the minimal ones (a superset never helps); the direct route is disjoint from all
    return [s for s in found if not any(o and o < s for o in found)]


def _most_disjoint(sets: list[frozenset[str]]) -> int:
    best = 0

    def grow(i: int, used: frozenset[str], n: int) -> None:
        nonlocal best
        best = max(best, n)
        for j in range(i, len(sets)):
            if not sets[j] & used:
                grow(j + 1, used | sets[j], n + 1)

    grow(0, frozenset(), 0)
    return best


def _cut_off(G: nx.Graph, team: set[str], d: str, gone: set[str]) -> bool:
    H = G.subgraph(n for n in G if n not in gone)
    return not any(nx.has_path(H, m, d) for m in team)


@settings(max_examples=300, deadline=None)
@given(small_graphs(), st.data())
def test_threads_against_brute_force(G: nx.Graph, data: st.DataObject) -> None:
    nodes = sorted(G)
    team = set(data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3)))
    others = [n for n in nodes if n not in team]
    if not others:
        return
    d = data.draw(st.sampled_from(others))
    t = threads(G, team, d)
    assert t.threads == _most_disjoint(_interiors(G, team, d))
    middle = [n for n in others if n != d]
    if t.threads == 0:
        assert t.single_points == t.smallest_set == [] and _cut_off(G, team, d, set())
        return
    # removing any reported single point leaves no thread; removing anyone else leaves one
    assert {x for x in middle if _cut_off(G, team, d, {x})} == set(t.single_points)
    assert len(set(t.single_points)) == len(t.single_points)
    assert (t.threads == 1 and not t.direct) == bool(t.single_points)
    if t.direct or t.single_points:
        assert t.smallest_set == []
    else:
        # Menger: the smallest set of their people whose loss cuts us off has `threads` people
        smallest = next(
            k for k in range(len(middle) + 1) if any(_cut_off(G, team, d, set(c)) for c in combinations(middle, k))
        )
        assert len(t.smallest_set) == smallest == t.threads
        assert not set(t.smallest_set) & (team | {d})
        assert _cut_off(G, team, d, set(t.smallest_set))  # losing them together really cuts us off
    # the same answer whatever order the graph was built in (ties by the stated rule)
    R = nx.Graph()
    R.add_nodes_from(reversed(list(G)))
    R.add_edges_from(reversed([(v, u, dd) for u, v, dd in G.edges(data=True)]))
    assert threads(R, team, d) == t


@settings(max_examples=200, deadline=None)
@given(small_graphs(), st.data())
def test_risk_and_path_agree_on_what_carries(G: nx.Graph, data: st.DataObject) -> None:
    """A strength of 0 and --min-strength mean the same in risk as in path: there is a
    thread exactly when there is a route."""
    from kamgraph.analysis import best_paths

    for u, v in G.edges():
        G.edges[u, v]["strength"] = data.draw(st.sampled_from([0.0, 0.2, 0.5, 0.9]))
    nodes = sorted(G)
    team = set(data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=2)))
    others = [n for n in nodes if n not in team]
    if not others:
        return
    d = data.draw(st.sampled_from(others))
    floor = data.draw(st.sampled_from([0.0, 0.2, 0.5]))
    t = threads(G, team, d, min_strength=floor)
    assert (t.threads > 0) == bool(best_paths(G, team, [d], min_strength=floor))


def _brit() -> Graph:
    # a GBP account: value 2M; one deal with no committee (+40) and no currency of its own (so GBP)
    return Graph(
        organisations=[Organisation(id="brit", name="Brit plc", value=2_000_000, currency="GBP")],
        opportunities=[Opportunity(id="brit-deal", account="brit", name="Grid", amount=400_000)],
    )


def test_mixed_currencies_are_not_added_up(g: Graph) -> None:
    # exposures: erp 210k EUR (score 42), ops 55k EUR (55), gx 20k EUR (40), brit 160k GBP (40).
    # No rates: EUR and GBP apart; within each, by score then amount: ops, erp, gx | brit.
    # Concentration per currency: EUR acme 3M of 4M = 75%; GBP brit alone = 100%.
    maps = [("acme", g), ("globex", g), ("brit", _brit())]
    p = portfolio_risk(maps, today=TODAY)
    assert [r.opportunity for r in p.opportunities] == ["acme-ops", "acme-erp", "gx-pilot", "brit-deal"]
    assert p.opportunities[-1].currency == "GBP" and p.opportunities[-1].converted_exposure is None
    assert (p.currency, p.value, p.top_share, p.missing_rates) == (None, None, None, ["EUR", "GBP"])
    assert [(c.currency, c.accounts, c.value, c.top_share) for c in p.by_currency] == [
        ("EUR", 2, 4_000_000, 0.75),
        ("GBP", 1, 2_000_000, 1.0),
    ]
    assert p.note is not None and "EUR and GBP" in p.note


def test_rates_bring_currencies_together(g: Graph) -> None:
    maps = [("acme", g), ("globex", g), ("brit", _brit())]
    # GBP = 1.2 EUR: brit's 160k GBP at risk is 192k EUR, behind erp's 210k and ahead of ops's 55k.
    # Value 3M + 1M + 2.4M = 6.4M EUR; the top 1 of 3 accounts (acme, 3M) holds 46.875%.
    p = portfolio_risk(maps, today=TODAY, currency="EUR", rates={"GBP": 1.2})
    assert [(r.opportunity, r.converted_exposure) for r in p.opportunities] == [
        ("acme-erp", 210_000),
        ("brit-deal", 192_000),
        ("acme-ops", 55_000),
        ("gx-pilot", 20_000),
    ]
    assert (p.currency, p.value, p.top_share, p.missing_rates, p.note) == ("EUR", 6_400_000, 0.4688, [], None)
    # at GBP = 0.2 EUR the same deal is worth 32k at risk: behind ops now
    cheap = portfolio_risk(maps, today=TODAY, currency="EUR", rates={"GBP": 0.2})
    assert [r.opportunity for r in cheap.opportunities] == ["acme-erp", "acme-ops", "brit-deal", "gx-pilot"]
    # reporting in GBP instead: EUR 0.85; erp 178.5k, brit 160k, ops 46.75k, gx 17k; value 2M + 3.4M
    gbp = portfolio_risk(maps, today=TODAY, currency="gbp", rates={"eur": 0.85})
    assert [(r.opportunity, r.converted_exposure) for r in gbp.opportunities] == [
        ("acme-erp", 178_500),
        ("brit-deal", 160_000),
        ("acme-ops", 46_750),
        ("gx-pilot", 17_000),
    ]
    assert (gbp.currency, gbp.value, gbp.top_accounts[0].account) == ("GBP", 5_400_000, "acme")
    # a reporting currency with a rate missing: what converts is together, the rest apart
    part = portfolio_risk(maps, today=TODAY, currency="EUR")
    assert part.missing_rates == ["GBP"] and [c.currency for c in part.by_currency] == ["EUR", "GBP"]
    assert [r.opportunity for r in part.opportunities][-1] == "brit-deal"


def test_bad_rates() -> None:
    with pytest.raises(InvalidInput):
        Rates(None, {"GBP": 1.2})  # into what?
    with pytest.raises(InvalidInput):
        Rates("EUR", {"EUR": 1.1})
    for bad in ["GBP", "GBP=", "GBP=-1", "=2", "GBP=abc", "GBP=nan"]:
        with pytest.raises(InvalidInput):
            parse_rates([bad])
    assert parse_rates(["GBP=1.17, dkk=0.134", "GBP=1.2"]) == {"GBP": 1.2, "DKK": 0.134}
    assert rates_from_env({"KAMGRAPH_RATES": "GBP=1.17"}) == {"GBP": 1.17} and rates_from_env({}) == {}


# --- CRM record ownership is coverage to show, never a relationship ---------------------------


@pytest.mark.parametrize("source", ["crm", "meeting"])
def test_owning_a_crm_record_is_no_thread_and_no_coverage(source: str) -> None:
    from kamgraph.analysis import decision_paths, whitespace
    from kamgraph.model import Graph, Knows, Membership, Opportunity, Organisation, Person, Unit

    g = Graph(
        organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="acme", name="Acme")],
        units=[Unit(id="fin", org="acme", name="Finance")],
        people=[
            Person(id="sam", name="Sam Seller", org="us"),
            Person(id="cfo", name="Cara Fo", org="acme", unit="fin", roles=["economic_buyer"]),
        ],
        knows=[Knows(a="cfo", b="sam", strength=0.5, source=source)],
        opportunities=[
            Opportunity(
                id="deal", account="acme", name="Deal", committee=[Membership(person="cfo", roles=["economic_buyer"])]
            )
        ],
    )
    risk = opportunity_risk(g, "deal", today=dt.date(2026, 6, 1))
    paths = decision_paths(g, "team", "cfo").paths
    covered = [u.contacts for u in whitespace(g, "acme").units]
    if source == "crm":  # Sam merely owns Cara's record: nobody of ours knows her
        assert (risk.threads, risk.coverage, paths, covered) == (0, 0.0, [], [0])
        assert risk.score >= 50
    else:
        assert (risk.threads, risk.coverage, [p.people for p in paths], covered) == (1, 1.0, [["sam", "cfo"]], [1])


def _floor_graph() -> Graph:
    from kamgraph.model import Membership, Person

    return Graph(
        organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="acme", name="Acme")],
        people=[
            Person(id="sam", name="Sam", org="us"),
            Person(id="champ", name="Champ", org="acme"),
            Person(id="cfo", name="Cfo", org="acme", stance="neutral"),
        ],
        knows=[
            Knows(a="sam", b="champ", strength=0.3),
            Knows(a="champ", b="cfo", strength=0.9),
            Knows(a="sam", b="cfo", strength=0.0),  # recorded, and known to be no relationship
        ],
        opportunities=[
            Opportunity(
                id="deal", account="acme", name="Deal", committee=[Membership(person="cfo", roles=["economic_buyer"])]
            )
        ],
    )


@pytest.mark.parametrize(
    ("options", "threads_", "route"),
    [
        ({}, 1, ["sam", "champ", "cfo"]),  # the strength-0 tie is neither a thread nor a route
        ({"min_strength": 0.5}, 0, None),  # sam–champ (0.3) is too weak for both
        ({"min_strength": 0.3}, 1, ["sam", "champ", "cfo"]),  # at least: 0.3 counts
        ({"avoid": ["champ"]}, 0, None),
        ({"avoid": ["stance:neutral"]}, 0, None),  # the cfo is neutral: no route to them at all
    ],
)
def test_risk_takes_paths_routing_options(options: dict[str, object], threads_: int, route: list[str] | None) -> None:
    from kamgraph.analysis import decision_paths

    g = _floor_graph()
    r = opportunity_risk(g, "deal", today=TODAY, **options)  # type: ignore[arg-type]
    paths = decision_paths(g, "team", "cfo", **options).paths  # type: ignore[arg-type]
    assert r.threads == threads_ and [p.people for p in paths][:1] == ([route] if route else [])
    assert r.coverage == 0.0  # nobody of ours knows the cfo: the 0 says so
    assert account_risk(g, "acme", today=TODAY, **options).opportunities[0].threads == threads_  # type: ignore[arg-type]
    if threads_:
        assert r.single_points == ["champ"] and r.reasons[0] == "+35 single-threaded: one thread to Cfo, through Champ"


def test_reports_strength_zero_carries_no_thread() -> None:
    from kamgraph.model import Membership, Person

    g = Graph(
        organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="acme", name="Acme")],
        people=[
            Person(id="sam", name="Sam", org="us"),
            Person(id="boss", name="Boss", org="acme"),
            Person(id="cfo", name="Cfo", org="acme", reports_to="boss"),
        ],
        knows=[Knows(a="sam", b="boss", strength=0.8)],
        opportunities=[
            Opportunity(
                id="deal", account="acme", name="Deal", committee=[Membership(person="cfo", roles=["economic_buyer"])]
            )
        ],
    )
    assert opportunity_risk(g, "deal", today=TODAY).threads == 1
    assert opportunity_risk(g, "deal", today=TODAY, reports_strength=0.0).threads == 0


def test_portfolio_avoids_stances_only(g: Graph) -> None:
    with pytest.raises(InvalidInput):
        portfolio_risk([("acme", g)], avoid=["ceo"])
    assert portfolio_risk([("acme", g)], avoid=["stance:detractor"], today=TODAY).accounts == 1


@settings(max_examples=200, deadline=None)
@given(small_graphs(max_nodes=9), st.data())
def test_threads_are_networkx_answers_with_either_flow_kernel(G: nx.Graph, data: st.DataObject) -> None:
    """Issue 19: the integer kernel gives networkx's answers exactly (its thread count, and
    its minimum_st_node_cut on the graph with our team merged), with the plain-Python
    max-flow, with igraph's and with scipy's (forced here on small graphs)."""
    from networkx.algorithms.connectivity import local_node_connectivity, minimum_st_node_cut

    from kamgraph.graph import TEAM, collapse

    nodes = sorted(G)
    team = set(data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3)))
    others = [n for n in nodes if n not in team]
    if not others:
        return
    d = data.draw(st.sampled_from(others))
    H = collapse(G, team)
    reachable = nx.has_path(H, TEAM, d)
    n = local_node_connectivity(H, TEAM, d) if reachable else 0
    cut = sorted(minimum_st_node_cut(H, TEAM, d)) if reachable and not H.has_edge(TEAM, d) else []
    python, compiled, sparse = _with_each_flow_kernel(lambda: threads(G, team, d))
    assert python == compiled == sparse
    assert python.threads == n
    if not python.single_points:
        assert python.smallest_set == cut
    else:
        assert len(cut) == 1 and cut[0] in python.single_points


@settings(max_examples=150, deadline=None)
@given(st.integers(8, 40), st.floats(0.05, 0.4), st.integers(0, 10**6), st.data())
def test_flow_kernels_agree_on_bigger_graphs(n: int, density: float, seed: int, data: st.DataObject) -> None:
    """igraph's push-relabel, scipy's Dinic and the plain-Python augmenting paths give the
    same counts and the same cut nearest the decision-maker on graphs with many routes, and
    the count is networkx's."""
    from networkx.algorithms.connectivity import local_node_connectivity

    from kamgraph.graph import TEAM, collapse

    G = nx.gnp_random_graph(n, density, seed=seed)
    G = nx.relabel_nodes(G, {i: f"p{i:02d}" for i in G})
    nx.set_edge_attributes(G, 0.5, "strength")
    nodes = sorted(G)
    team = set(data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=4)))
    others = [x for x in nodes if x not in team]
    if not others:
        return
    d = data.draw(st.sampled_from(others))
    python, compiled, sparse = _with_each_flow_kernel(lambda: threads(G, team, d))
    assert python == compiled == sparse
    H = collapse(G, team)
    assert compiled.threads == (local_node_connectivity(H, TEAM, d) if nx.has_path(H, TEAM, d) else 0)


def _with_each_flow_kernel(run: Callable[[], Threads]) -> tuple[Threads, Threads, Threads]:
    """``run()`` with the plain-Python max-flow, igraph's and scipy's, each forced."""
    import kamgraph.analysis.maxflow as kernel

    kernel.load_compiled()
    old = kernel.COMPILED_FROM, kernel.SCIPY_FROM
    try:
        kernel.COMPILED_FROM, kernel.SCIPY_FROM = 10**9, 10**9
        python = run()
        kernel.COMPILED_FROM = 0
        compiled = run()
        kernel.SCIPY_FROM = 0
        sparse = run()
    finally:
        kernel.COMPILED_FROM, kernel.SCIPY_FROM = old
    return python, compiled, sparse
