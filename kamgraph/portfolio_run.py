"""``risk --portfolio`` over a store, account by account, in a few processes: a service
over the analyses (which take graphs, never a store).

Reading each account's map is half the work of a portfolio, so it is done where the risk is
worked out, in worker processes that each open the store themselves.
:func:`kamgraph.analysis.portfolio_risk` stays the library call over maps; this function
gives the same result (the same ranking, the same figures), only sooner.

>>> from kamgraph.store import SQLiteStore
>>> with SQLiteStore(":memory:") as store:
...     store_portfolio_risk(store).accounts
0
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from . import clock
from .analysis.maxflow import load_compiled
from .analysis.portfolio import (
    RISK_READS,
    AccountPart,
    PortfolioOptions,
    PortfolioRisk,
    account_part,
    combine_parts,
    packed,
)
from .analysis.routing import DEFAULT_MIN_STRENGTH
from .graph import DEFAULT_REPORTS_STRENGTH, gc_paused
from .model import DEFAULT_STALE_DAYS
from .money import Rates
from .store import Store, is_neo4j, open_store

__all__ = ["DEFAULT_JOBS", "store_portfolio_risk"]

#: Worker processes by default: the machines kamgraph runs on have two cores or more.
DEFAULT_JOBS = 2

#: Accounts each worker is handed at a time (fewer round trips), and how many such chunks
#: each worker may have waiting: results come back in order and are consumed as they come,
#: so no more than ``jobs × IN_FLIGHT × CHUNK`` accounts are ever held at once.
CHUNK = 16
IN_FLIGHT = 2

#: Below this many accounts, starting workers costs more than it saves.
PARALLEL_FROM = 16


def store_portfolio_risk(
    store: Store,
    accounts: Sequence[str] | None = None,
    *,
    url: str | None = None,
    jobs: int = DEFAULT_JOBS,
    stale_days: int = DEFAULT_STALE_DAYS,
    today: dt.date | None = None,
    reports_strength: float = DEFAULT_REPORTS_STRENGTH,
    min_strength: float = DEFAULT_MIN_STRENGTH,
    avoid: Sequence[str] = (),
    top: float = 0.2,
    currency: str | None = None,
    rates: Mapping[str, float] | None = None,
    progress: Callable[[int], None] | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> PortfolioRisk:
    """:func:`~kamgraph.analysis.portfolio_risk` over ``accounts`` (ids; every client
    account of ``store`` by default), reading each map from the store as it goes.

    With ``jobs`` above 1, ``url`` naming the store (an SQLite path or a Neo4j URI), and at
    least ``parallel_from`` accounts, ``jobs`` worker processes each open the store at
    ``url`` and work out a share of the accounts; otherwise (or when a worker cannot open
    the store) it all happens here, through ``store``. Either way the result is the same.
    ``progress`` is called with how many more accounts are done. The other options are
    :func:`~kamgraph.analysis.portfolio_risk`'s.
    """
    ids = list(accounts) if accounts is not None else store.account_ids()
    # bad rates or options fail here, before any work
    args = PortfolioOptions(
        Rates(currency, rates), stale_days, today or clock.today(), reports_strength, min_strength, tuple(avoid)
    )

    def here(todo: Sequence[str]) -> Iterator[AccountPart]:
        def each() -> Iterator[AccountPart]:
            for account_id in todo:
                yield _read_and_assess(store, account_id, args)
                if progress is not None:
                    progress(1)

        return packed(each())  # (the parts from workers come packed: see packed)

    load_compiled()  # many accounts: the compiled max-flow is worth loading (before workers fork)
    if jobs > 1 and len(ids) >= max(2, parallel_from) and _reopenable(url):
        assert url is not None
        parts = _in_workers(url, ids, jobs, args, progress, here)
    else:
        parts = here(ids)
    return combine_parts(parts, args.conv, top)


def _reopenable(url: str | None) -> bool:
    """Whether another process can open the same store from ``url``."""
    if not url:
        return False
    return is_neo4j(url) or (url != ":memory:" and "://" not in url and Path(url).is_file())


def _in_workers(
    url: str,
    ids: list[str],
    jobs: int,
    args: PortfolioOptions,
    progress: Callable[[int], None] | None,
    here: Callable[[Sequence[str]], Iterator[AccountPart]],
) -> Iterator[AccountPart]:
    """Each account's part, in the order of ``ids``, worked out by ``jobs`` processes."""
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    methods = multiprocessing.get_all_start_methods()
    # fork: workers start at once with kamgraph and networkx already imported (spawn would
    # import them again in each); each opens its own connection, never the parent's
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_open, initargs=(url,)) as pool:
        pending: deque[Future[list[AccountPart]]] = deque()
        todo = iter(chunks)
        done = 0
        try:
            # A worker that cannot open the store breaks the pool: submit() raises then, as
            # result() does, and both fall back alike.
            for chunk in todo:
                pending.append(pool.submit(_work, chunk, args))
                if len(pending) >= jobs * IN_FLIGHT:
                    break
            while pending:
                parts = pending.popleft().result()
                following = next(todo, [])
                if following:
                    pending.append(pool.submit(_work, following, args))
                done += len(parts)
                yield from parts
                if progress is not None:
                    progress(len(parts))
        except BrokenProcessPool:
            if done:
                raise
            # a worker could not open the store there: do it all here instead
            pool.shutdown(cancel_futures=True)
            yield from here(ids)


_store: Store | None = None  # the worker's own connection


def _open(url: str) -> None:
    global _store
    from multiprocessing.util import Finalize

    _store = open_store(url)
    Finalize(_store, _store.close, exitpriority=10)


def _work(chunk: list[str], args: PortfolioOptions) -> list[AccountPart]:
    assert _store is not None
    return [_read_and_assess(_store, account_id, args) for account_id in chunk]


@gc_paused
def _read_and_assess(store: Store, account_id: str, args: PortfolioOptions) -> AccountPart:
    # reading a map allocates thousands of records while the portfolio so far is alive:
    # with the cycle collector on, each burst walks all of it (a cost growing with the run).
    # The map's team records are the store's own (shared_account): the risk only reads them,
    # and only the collections it reads are read (RISK_READS).
    return account_part((account_id, store.shared_account(account_id, RISK_READS)), args)
