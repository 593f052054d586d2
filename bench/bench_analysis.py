"""Time the analyses on synthetic accounts (run by hand: ``python bench/bench_analysis.py
[SIZES...] [--no-portfolio]``, or ``make bench``).

Each analysis runs on a graph already loaded (the store is not timed), a few times; the
medians are printed as a Markdown table and written to the "Analyses" section of
docs/benchmarks.md.
"""

# ruff: noqa: E402  (the thread settings below come before any compiled library loads)
from __future__ import annotations

import os

# One thread for every compiled library, set before any loads: igraph's PageRank (PRPACK)
# runs on OpenMP, whose idle threads spin and bill CPU time, so on a shared machine its
# time swung 1 ms to 300 ms at 3,000 people. Both sides are timed on one thread.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kamgraph.analysis import account_risk, decision_paths, influence, whitespace
from kamgraph.model import (
    COLLECTIONS,
    Adoption,
    AdoptionStatus,
    Graph,
    Influences,
    Knows,
    Membership,
    Opportunity,
    Organisation,
    Person,
    Product,
    Role,
    Seniority,
    Unit,
)
from kamgraph.portfolio_run import store_portfolio_risk
from kamgraph.store import SQLiteStore

SENIORITY = list(Seniority)


def synthetic_account(
    n: int, seed: int = 1, account: str = "acct", team: int = 25, sellers: list[str] | None = None
) -> Graph:
    """``n`` people in a reporting tree (about 6 reports per manager), units by subtree,
    3 acquaintances and 1 influence per person, our team of ``team`` knowing 5% of them,
    5 products, 3 open deals with committees of 8. The economic buyers of the second and
    third deal (from 16 people on) are known only through their reporting line:
    single-threaded, with their manager a single point. With ``sellers`` (ids of our people
    already in the store), the team is ``team`` of them instead of new people."""
    rnd = random.Random(seed)
    orgs = [Organisation(id=account, name=account.title(), value=1e6)]
    if sellers is None:
        orgs.insert(0, Organisation(id="us", name="Us", kind="own"))
    ids = [f"{account}-p{i}" for i in range(n)]
    depth = [0] * n
    people, units = [], []
    for i, pid in enumerate(ids):
        boss = None if i == 0 else (i - 1) // 6
        if boss is not None:
            depth[i] = depth[boss] + 1
        unit = f"{account}-u{i}" if i == 0 or depth[i] <= 2 and i % 2 else None
        if unit:
            units.append(Unit(id=unit, org=account, name=f"Unit {i}", headcount=rnd.randint(5, 500), parent=None))
        manager = ids[boss] if boss is not None else None
        people.append(
            Person(
                id=pid,
                name=f"Person {i}",
                org=account,
                reports_to=manager,
                seniority=SENIORITY[min(depth[i], len(SENIORITY) - 1)],
                unit=units[rnd.randrange(len(units))].id,
                stance=rnd.choice(["supporter", "neutral", "detractor", "unknown"]),
            )
        )
    ours = (
        [Person(id=f"{account}-us{i}", name=f"Seller {i}", org="us") for i in range(team)]
        if sellers is None
        else [Person(id=s, name=s, org="us") for s in rnd.sample(sellers, team)]
    )
    knows = {}
    for i in range(n):
        for _ in range(3):
            j = min(n - 1, max(0, i + rnd.randint(-40, 40)))
            if i != j:
                k = Knows(a=ids[i], b=ids[j], strength=round(rnd.uniform(0.1, 0.95), 2)).normalised()
                knows[k.key] = k
    for p in rnd.sample(ids, max(1, n // 20)):
        k = Knows(a=rnd.choice(ours).id, b=p, strength=round(rnd.uniform(0.2, 0.95), 2)).normalised()
        knows[k.key] = k
    # two decision-makers known only through their reporting line (leaves of the tree, no
    # acquaintances): single-threaded, their manager a single point (an articulation point)
    lone = [ids[n - 1], ids[n - 2]] if n >= 16 else []
    knows = {key: k for key, k in knows.items() if k.a not in lone and k.b not in lone}
    influences = {}
    for i in range(1, n):
        j = rnd.randrange(n)
        if i != j:
            influences[(ids[i], ids[j])] = Influences(source=ids[i], target=ids[j], weight=round(rnd.random(), 2))
    products = [Product(id=f"prod{i}", name=f"Product {i}") for i in range(5)]
    adoption = [
        Adoption(unit=u.id, product=p.id, status=rnd.choice(list(AdoptionStatus)))
        for u in units
        for p in products
        if rnd.random() < 0.4
    ]
    opps = []
    for o in range(3):
        members = rnd.sample(ids[: max(8, n // 4)], 8)
        if o and lone:
            members[0] = lone[o - 1]
        committee = [Membership(person=members[0], roles=[Role.economic_buyer])] + [
            Membership(person=m, roles=[rnd.choice([Role.champion, Role.influencer, Role.user_buyer])])
            for m in members[1:]
        ]
        opps.append(
            Opportunity(
                id=f"{account}-o{o}", account=account, name=f"Deal {o}", amount=100_000 * (o + 1), committee=committee
            )
        )
    return Graph(
        organisations=orgs,
        units=units,
        products=products if sellers is None else [],
        people=people + (ours if sellers is None else []),
        knows=list(knows.values()),
        influences=list(influences.values()),
        adoption=adoption,
        opportunities=opps,
    )


def median_ms(fn: Callable[[], Any], runs: int = 5) -> float:
    """The median CPU time of ``fn`` in ms: on a machine shared with other work, CPU time
    moves far less than wall time (everything timed here runs on one thread)."""
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        times.append((time.process_time() - t) * 1000)
    return statistics.median(times)


SELLERS = 500  # our team, shared by every account: 25 of them know 5% of each account


def portfolio_db(accounts: int, people: int = 200, batch: int = 100) -> Path:
    """A SQLite store holding ``accounts`` synthetic accounts of ``people`` each, built once
    and kept in the temp directory (written through ``import_graph``, ``batch`` accounts a
    transaction)."""
    # v3: rebuilt in session 7, so the rows hold the fields added since v2 (left, strength_set, evidence);
    # v4: session 8, a new store file's pages of 16 KiB
    path = Path(tempfile.gettempdir()) / f"kamgraph-bench-portfolio-{accounts}x{people}-v4.db"
    if path.exists():
        return path
    part = path.with_name(path.name + ".part")
    for f in part.parent.glob(part.name + "*"):
        f.unlink()
    t = time.perf_counter()
    sellers = [f"us{i}" for i in range(SELLERS)]
    with SQLiteStore(part) as store:
        store.import_graph(
            Graph(
                organisations=[Organisation(id="us", name="Us", kind="own")],
                products=[Product(id=f"prod{i}", name=f"Product {i}") for i in range(5)],
                people=[Person(id=s, name=f"Seller {s}", org="us") for s in sellers],
            )
        )
        for first in range(0, accounts, batch):
            maps = [
                synthetic_account(people, seed=i, account=f"a{i:05d}", sellers=sellers)
                for i in range(first, min(accounts, first + batch))
            ]
            store.import_graph(Graph(**{c: [r for g in maps for r in getattr(g, c)] for c in COLLECTIONS}))
            print(
                f"  built {min(accounts, first + batch):,} accounts ({time.perf_counter() - t:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
    part.rename(path)
    return path


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec, whereas
    ``ru_maxrss`` keeps the high-water mark of the parent that forked us."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_portfolio(db: Path, accounts: int, jobs: int = 2) -> dict[str, float]:
    """What ``kamgraph risk --portfolio --jobs JOBS`` does, on the first ``accounts``
    accounts: :func:`store_portfolio_risk` (``jobs`` worker processes each reading their
    accounts from the store). Time and peak memory, here and in the largest worker."""
    floor = _floor_ms()
    rss_start = peak_rss_mb()
    t = time.perf_counter()
    cpu = _cpu_seconds()
    with SQLiteStore(db) as store:
        ids = store.account_ids()[:accounts]  # as `risk --portfolio` does
        result = store_portfolio_risk(store, ids, url=str(db), jobs=jobs)
    seconds = time.perf_counter() - t
    cpu = _cpu_seconds() - cpu
    rss_peak = peak_rss_mb()
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if jobs > 1 else 0.0
    return {
        "accounts": result.accounts,
        "opportunities": len(result.opportunities),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": rss_peak,
        "rss_growth_mb": rss_peak - rss_start,
        "worker_rss_mb": worker,
        "floor_ms": floor,
        "load": os.getloadavg()[0],
    }


def _floor_ms(runs: int = 5) -> float:
    """The median CPU ms of ``python -c pass`` (the interpreter alone), run here before the
    portfolio: machines (and loads) differ, so the seconds are stated beside it."""
    times = []
    for _ in range(runs):
        before = _cpu_seconds()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(1000 * (_cpu_seconds() - before))
    return statistics.median(times)


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def portfolio_split(db: Path, accounts: int) -> dict[str, float]:
    """Where a portfolio's time goes, account by account in this process (CPU ms per
    account): reading each map from the store (``store.shared_account`` of what the risk
    reads), and assessing it (:func:`~kamgraph.analysis.portfolio.account_part`: the
    introduction edges, the threads, the reasons), as ``store_portfolio_risk`` does in each
    worker."""
    from kamgraph import clock
    from kamgraph.analysis.portfolio import RISK_READS, PortfolioOptions, account_part
    from kamgraph.graph import gc_paused
    from kamgraph.money import Rates

    args = PortfolioOptions(Rates(None, None), today=clock.today())
    spent = {"read": 0.0, "assess": 0.0}

    @gc_paused
    def one(store: SQLiteStore, account: str) -> None:
        t = time.process_time()
        g = store.shared_account(account, RISK_READS)
        t1 = time.process_time()
        account_part((account, g), args)
        spent["read"] += t1 - t
        spent["assess"] += time.process_time() - t1

    with SQLiteStore(db) as store:
        ids = [a.id for a in store.accounts()][:accounts]
        for a in ids:
            one(store, a)
    return {k: 1000 * v / len(ids) for k, v in spent.items()}


def main() -> None:
    if sys.argv[1:2] == ["--portfolio-split"]:  # in a fresh process: python bench/bench_analysis.py --portfolio-split N
        db = portfolio_db(5000)
        print(json.dumps(portfolio_split(db, int(sys.argv[2]))))
        return
    if sys.argv[1:2] == ["--portfolio-run"]:  # one measurement in a fresh process (peak RSS is per process)
        print(json.dumps(run_portfolio(Path(sys.argv[3]), int(sys.argv[2]), int(sys.argv[4]))))
        return
    jobs_list = [int(j) for a in sys.argv[1:] if a.startswith("--jobs=") for j in a.split("=", 1)[1].split(",")] or [
        1,
        2,
    ]
    sizes = [int(s) for s in sys.argv[1:] if s.isdigit()] or [200, 3000, 20000]
    counts = [int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--accounts=")] or [5000]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    try:
        from bench import igraph_reference as ref
    except ImportError as e:  # pip install -e '.[bench]'
        print(f"no igraph column: {e}", file=sys.stderr)
        ref = None  # type: ignore[assignment]
    lines = [
        "| people | analysis | kamgraph ms | igraph ms | ratio |",
        "|---:|---|---:|---:|---:|",
    ]
    for n in sizes:
        g = synthetic_account(n)
        runs = 5 if n <= 5000 else 3
        same: dict[str, Callable[[], Any]] = {}
        if ref is not None:
            same = {
                "path": lambda g=g: ref.path(g, "acct"),  # type: ignore[misc]
                "risk": lambda g=g: ref.risk(g, "acct"),  # type: ignore[misc]
                "influence": lambda g=g: ref.influence(g, "acct"),  # type: ignore[misc]
            }
        timed = [
            (
                "path team → role:economic_buyer",
                "path",
                lambda g=g: decision_paths(g, "team", "role:economic_buyer", account="acct"),
            ),
            ("path --k 5", None, lambda g=g: decision_paths(g, "team", "role:economic_buyer", account="acct", k=5)),
            ("risk ACCOUNT (3 deals)", "risk", lambda g=g: account_risk(g, "acct")),
            ("whitespace", None, lambda g=g: whitespace(g, "acct")),
            ("influence", "influence", lambda g=g: influence(g, "acct")),
        ]
        for what, key, fn in timed:
            ours = median_ms(fn, runs)
            theirs = median_ms(same[key], runs) if key in same else None
            ratio = f"{ours / theirs:.1f}×" if theirs else ""
            lines.append(f"| {n:,} | {what} | {ours:,.1f} | {f'{theirs:,.1f}' if theirs else ''} | {ratio} |")
            print(lines[-1], flush=True)

    if "--no-portfolio" in sys.argv[1:]:  # the analyses alone, printed: docs/benchmarks.md is left as it is
        return
    db = portfolio_db(max(counts))
    rows = [
        "| accounts | people | --jobs | seconds | CPU s | ms per account | peak RSS (MB) | of which the run (MB) "
        "| largest worker (MB) | floor (ms) | load |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in counts:
        for jobs in jobs_list:
            out = subprocess.run(
                [sys.executable, __file__, "--portfolio-run", str(n), str(db), str(jobs)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out.splitlines()[-1])
            rows.append(
                f"| {n:,} | {n * 200:,} | {jobs} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} | "
                f"{1000 * r['seconds'] / n:.1f} | "
                f"{r['peak_rss_mb']:.0f} | {r['rss_growth_mb']:.0f} | {r['worker_rss_mb'] or 0:.0f} | "
                f"{r['floor_ms']:.0f} | {r['load']:.1f} |"
            )
            print(rows[-1], flush=True)
    split_of = min(500, max(counts))
    split = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--portfolio-split", str(split_of)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    print(f"split over {split_of} accounts: {split}", flush=True)
    portfolio = (
        f"`risk --portfolio` through the store: a SQLite file of {max(counts):,} synthetic accounts × 200 "
        f"people ({db.stat().st_size / 2**20:,.0f} MB; our team of {SELLERS}, 25 of whom know 5% of each "
        f"account), each run in a fresh process: `store_portfolio_risk` with N worker processes "
        f"(`risk --portfolio --jobs N`) for the first N accounts; CPU s is the run's and its workers'; "
        f"the floor is `python -c pass`'s CPU in the same process just before, the load the 1-minute "
        f"load average as it ended:\n\n"
        + "\n".join(rows)
        + f"\n\nWhere the CPU goes, account by account in one process over the first {split_of} accounts "
        f"(`--portfolio-split`): reading each map from the store {split['read']:.1f} ms, assessing it "
        f"{split['assess']:.1f} ms per account."
    )
    write_section("\n".join(lines) + "\n\n" + portfolio)


def write_section(body: str) -> None:
    doc = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    section = (
        f"## Analyses\n\n`python bench/bench_analysis.py` on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}; medians of 3–5 runs (CPU time) on a synthetic account "
        f"(reporting tree, 3 acquaintances and 1 influence per person, our team of 25 knowing 5%, 3 deals "
        f"with committees of 8, two of whose economic buyers hang on a single point), the map already "
        f"loaded. The igraph column does the same work from the same records in the same run "
        f"(bench/igraph_reference.py: build its graph, then the same question); ratio = kamgraph / igraph."
        f"\n\n{body}\n"
    )
    pattern = re.compile(r"^## Analyses\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
