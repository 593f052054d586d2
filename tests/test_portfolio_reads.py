"""The portfolio through the store reads less than a whole map (issue 19): only the
collections the risk reads (``RISK_READS``), and keeps each account's part packed until the
last. On random stores (several accounts sharing our team, people known and swaying across
accounts, people who left, CRM record ownership, names shared) its answer is the library's
:func:`portfolio_risk` over the store's whole maps (the pydantic reference path), field for
field, in one process and in workers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.bench_analysis import synthetic_account
from kamgraph.analysis import portfolio_risk
from kamgraph.analysis.portfolio import RISK_READS, PortfolioOptions, account_part, packed
from kamgraph.model import COLLECTIONS, Graph, Influences, Knows, Organisation, Person, Product
from kamgraph.money import Rates
from kamgraph.portfolio_run import store_portfolio_risk
from kamgraph.store import SQLiteStore

TODAY = dt.date(2025, 3, 1)


@st.composite
def stores(draw: st.DrawFn) -> Graph:
    """A few synthetic accounts sharing a small team, then edited at random."""
    sellers = [f"us{i}" for i in range(draw(st.integers(2, 8)))]
    maps = [
        synthetic_account(
            draw(st.integers(8, 30)), seed=draw(st.integers(0, 10**6)), account=f"a{i}", team=2, sellers=sellers
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    graph = Graph(
        organisations=[Organisation(id="us", name="Us", kind="own")],
        products=[Product(id=f"prod{i}", name=f"Product {i}") for i in range(5)],
        people=[Person(id=s, name=f"Seller {s}", org="us") for s in sellers],
    ).merged(Graph(**{c: [r for g in maps for r in getattr(g, c)] for c in COLLECTIONS}))
    pids = [p.id for p in graph.people]
    pair = st.tuples(st.sampled_from(pids), st.sampled_from(pids)).filter(lambda t: t[0] != t[1])
    knows = {k.key: k for k in graph.knows}
    for a, b in draw(st.lists(pair, max_size=12)):  # across accounts, among our team, CRM ownership
        source = draw(st.sampled_from([None, "crm", "meeting"]))
        k = Knows(a=a, b=b, strength=draw(st.sampled_from([0.0, 0.3, 0.9])), source=source).normalised()
        knows[k.key] = k
    sways = {i.key: i for i in graph.influences}
    for a, b in draw(st.lists(pair, max_size=8)):
        sways[(a, b)] = Influences(source=a, target=b, weight=0.7)
    people = []
    for p in graph.people:
        change: dict[str, Any] = {}
        if p.org != "us" and draw(st.integers(0, 9)) == 0:
            change["left"] = draw(st.sampled_from([dt.date(2024, 6, 1), dt.date(2026, 1, 1)]))
        if draw(st.integers(0, 9)) == 0:
            change["name"] = "Person 1"  # a name shared across the portfolio
        people.append(p.model_copy(update=change) if change else p)
    return graph.model_copy(
        update={"people": people, "knows": list(knows.values()), "influences": list(sways.values())}
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(stores(), st.sampled_from([{}, {"avoid": ["stance:detractor"]}, {"min_strength": 0.5, "reports_strength": 0.0}]))
def test_the_portfolio_through_the_store_is_the_librarys_over_whole_maps(
    tmp_path: Path, graph: Graph, options: dict[str, Any]
) -> None:
    path = tmp_path / "p.db"
    path.unlink(missing_ok=True)
    with SQLiteStore(path) as store:
        store.import_graph(graph)
        ids = store.account_ids()
        want = portfolio_risk(((a, store.account(a)) for a in ids), today=TODAY, **options).model_dump()
        for jobs in (1, 2):
            got = store_portfolio_risk(store, url=str(path), jobs=jobs, today=TODAY, parallel_from=1, **options)
            assert got.model_dump() == want
        # each account's part from the reduced read is the part from the whole map
        args = PortfolioOptions(Rates(None, None), today=TODAY)
        for a in ids:
            reduced = store.shared_account(a, RISK_READS)
            whole = store.account(a)
            assert all(getattr(reduced, c) == getattr(whole, c) for c in RISK_READS)
            assert not (reduced.units or reduced.adoption or reduced.products or reduced.influences)
            assert _dumped(account_part((a, reduced), args)) == _dumped(account_part((a, whole), args))


def _dumped(part: Any) -> Any:
    risks, share = part
    return [r.model_dump() for r in risks], share


def test_packed_parts_are_the_same_records(tmp_path: Path) -> None:
    """Packing keeps every record as it was: values, types, fields-set, order."""
    g = synthetic_account(40, seed=5, account="acct")
    args = PortfolioOptions(Rates(None, None), today=TODAY)
    parts = [account_part((g.organisations[-1].id, g), args) for _ in range(3)]
    back = list(packed(iter(parts)))
    assert len(back) == len(parts)
    for (risks, share), (risks2, share2) in zip(parts, back, strict=True):
        assert share2 == share
        assert [r.model_dump() for r in risks2] == [r.model_dump() for r in risks]
        assert [r.model_fields_set for r in risks2] == [r.model_fields_set for r in risks]
        assert [type(r) for r in risks2] == [type(r) for r in risks]
        assert [[type(v) for v in r.__dict__.values()] for r in risks2] == [
            [type(v) for v in r.__dict__.values()] for r in risks
        ]
