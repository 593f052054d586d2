"""``risk --portfolio`` over a store in worker processes: the same answer as the library's
:func:`portfolio_risk` over the same maps, one process or several, on the samples and on a
small synthetic portfolio (the benchmark's accounts, shrunk)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.bench_analysis import synthetic_account
from kamgraph.analysis import portfolio_risk
from kamgraph.cli import cli
from kamgraph.model import COLLECTIONS, Graph, Organisation, Person, Product
from kamgraph.portfolio_run import store_portfolio_risk
from kamgraph.store import SQLiteStore, Store
from tests.conftest import SAMPLES

TODAY = dt.date(2025, 3, 1)
RATES = {"currency": "EUR", "rates": {"GBP": 1.17, "DKK": 0.134}}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("samples") / "kg.db"
    result = CliRunner().invoke(cli, ["--store", str(path), "import", *map(str, sorted(SAMPLES.glob("*.yaml")))])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 accounts of 40 people, sharing a team of 30 sellers (as in bench/bench_analysis.py)."""
    path = tmp_path_factory.mktemp("synthetic") / "kg.db"
    sellers = [f"us{i}" for i in range(30)]
    maps = [synthetic_account(40, seed=i, account=f"a{i:02d}", team=5, sellers=sellers) for i in range(20)]
    us = Graph(
        organisations=[Organisation(id="us", name="Us", kind="own")],
        products=[Product(id=f"prod{i}", name=f"Product {i}") for i in range(5)],
        people=[Person(id=s, name=f"Seller {s}", org="us") for s in sellers],
    )
    with SQLiteStore(path) as store:
        store.import_graph(Graph(**{c: [r for g in [us, *maps] for r in getattr(g, c)] for c in COLLECTIONS}))
    return path


def sequential(path: Path, today: dt.date = TODAY, **options: Any) -> dict[str, Any]:
    with SQLiteStore(path) as store:
        ids = [a.id for a in store.accounts()]
        return portfolio_risk(((a, store.account(a)) for a in ids), today=today, **options).model_dump()


@pytest.mark.parametrize("jobs", [1, 2, 3])
@pytest.mark.parametrize("options", [{}, RATES], ids=["as-is", "in-EUR"])
def test_same_as_sequential(samples: Path, synthetic: Path, jobs: int, options: dict[str, Any]) -> None:
    for path in (samples, synthetic):
        with SQLiteStore(path) as store:
            done: list[int] = []
            read_here: list[str] = []
            read = store.shared_account  # what a portfolio reads each map with (the team not copied)
            store.shared_account = lambda a, c=None, seen=read_here, read=read: seen.append(a) or read(a, c)  # type: ignore
            got = store_portfolio_risk(
                store, url=str(path), jobs=jobs, today=TODAY, parallel_from=1, progress=done.append, **options
            )
        assert got.model_dump() == sequential(path, **options)
        assert sum(done) == got.accounts
        assert len(read_here) == (got.accounts if jobs == 1 else 0)  # with jobs, the workers read the maps


def test_falls_back_to_one_process(synthetic: Path, tmp_path: Path) -> None:
    expected = sequential(synthetic)
    with SQLiteStore(synthetic) as store:
        # nothing to reopen: an in-memory store, or no URL at all
        assert store_portfolio_risk(store, url=None, jobs=2, today=TODAY, parallel_from=1).model_dump() == expected
        # the workers cannot open what the URL names: the work is done here instead
        not_a_store = tmp_path / "notes.txt"
        not_a_store.write_text("not a database", encoding="utf-8")
        got = store_portfolio_risk(store, url=str(not_a_store), jobs=2, today=TODAY, parallel_from=1)
        assert got.model_dump() == expected
    with SQLiteStore(":memory:") as empty:
        assert store_portfolio_risk(empty, url=":memory:", jobs=2, parallel_from=1).accounts == 0


@pytest.mark.parametrize("path_name", ["samples", "synthetic"])
def test_cli_jobs(path_name: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(path_name)

    def portfolio(*args: str) -> Any:
        result = CliRunner().invoke(cli, ["--store", str(path), "risk", "--portfolio", "--json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    one, two = portfolio("--jobs", "1"), portfolio("--jobs", "2")
    assert one == two == portfolio()
    assert [o["opportunity"] for o in one["opportunities"]] == [
        o["opportunity"] for o in sequential(path, dt.date.today())["opportunities"]
    ]


def test_jobs_needs_the_portfolio(samples: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", str(samples), "risk", "meridian", "--jobs", "2"])
    assert result.exit_code == 2 and "--jobs works with --portfolio" in result.output


def test_a_pool_broken_before_a_submit_falls_back_too(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: a worker that fails to start can break the pool before the next submit(),
    which then raises BrokenProcessPool itself (it did outside the try, now inside)."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    import kamgraph.portfolio_run as portfolio

    class BreaksOnSecondSubmit(ProcessPoolExecutor):
        submitted = 0

        def submit(self, *args: Any, **kwargs: Any) -> Any:
            BreaksOnSecondSubmit.submitted += 1
            if BreaksOnSecondSubmit.submitted > 1:
                raise BrokenProcessPool("a worker died while starting")
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(portfolio, "ProcessPoolExecutor", BreaksOnSecondSubmit)
    monkeypatch.setattr(portfolio, "CHUNK", 1)
    expected = sequential(synthetic)
    with SQLiteStore(synthetic) as store:
        got = store_portfolio_risk(store, url=str(synthetic), jobs=2, today=TODAY, parallel_from=1)
    assert got.model_dump() == expected and BreaksOnSecondSubmit.submitted == 2


def test_cycles_made_while_the_collector_is_paused_are_freed_at_once() -> None:
    """Issue 19: a portfolio goes from one paused account straight into the next, making no
    allocation in between, so the collector never ran and every account's graphs (cyclic)
    piled up: 7.3 GB over 5,000 accounts. Now each paused call frees its cycles on return."""
    import gc
    import weakref

    from kamgraph.graph import gc_paused

    class Node:
        other: object = None

    @gc_paused
    def account() -> weakref.ref[Node]:
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle, as a networkx graph and its views make
        return weakref.ref(a)

    assert gc.isenabled()
    gone = [account() for _ in range(3)]
    assert [r() for r in gone] == [None, None, None] and gc.isenabled()


def test_shared_accounts_are_the_accounts_and_the_portfolio_leaves_the_team_as_it_was(synthetic: Path) -> None:
    """A portfolio reads each map with our team's records shared with the store's cache
    (Store.shared_account): the same maps as account() gives, and the risk changes none of
    those records, so the cache holds what it held."""
    with SQLiteStore(synthetic) as store:
        ids = store.account_ids()
        team = store.shared_account(ids[0])
        before = [p.model_dump() for p in team.people if p.org == "us"]
        for a in ids:
            assert store.shared_account(a) == store.account(a)
        ours = {p.id: p for p in store.shared_account(ids[1]).people if p.org == "us"}
        assert all(ours[p.id] is p for p in team.people if p.org == "us")  # the very records: no copies
        store_portfolio_risk(store, ids, jobs=1, today=TODAY)
        assert [p.model_dump() for p in store.shared_account(ids[0]).people if p.org == "us"] == before
        copied = {p.id: p for p in store.account(ids[0]).people if p.org == "us"}
        assert all(copied[p.id] is not p for p in team.people if p.org == "us")  # account() still copies


def test_shared_account_on_either_store(store: Store) -> None:
    g = synthetic_account(20, seed=3, account="acct")
    store.import_graph(g)
    assert store.shared_account("acct") == store.account("acct")
