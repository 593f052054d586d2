"""Time the analyses on synthetic accounts (run by hand: ``python bench/bench_analysis.py
[SIZES...]``, or ``make bench``).

Each analysis runs on a graph already loaded (the store is not timed), a few times; the
medians are printed as a Markdown table and written to the "Analyses" section of
docs/benchmarks.md.
"""

from __future__ import annotations

import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kamgraph.analysis import account_risk, decision_paths, influence, portfolio_risk, whitespace
from kamgraph.model import (
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

SENIORITY = list(Seniority)


def synthetic_account(n: int, seed: int = 1, account: str = "acct", team: int = 25) -> Graph:
    """``n`` people in a reporting tree (about 6 reports per manager), units by subtree,
    3 acquaintances and 1 influence per person, our team of ``team`` knowing 5% of them,
    5 products, 3 open deals with committees of 8."""
    rnd = random.Random(seed)
    orgs = [Organisation(id="us", name="Us", kind="own"), Organisation(id=account, name=account.title(), value=1e6)]
    ids = [f"{account}-p{i}" for i in range(n)]
    depth = [0] * n
    people, units = [], []
    for i, pid in enumerate(ids):
        boss = None if i == 0 else (i - 1) // 6
        if boss is not None:
            depth[i] = depth[boss] + 1
        unit = f"{account}-u{i}" if i == 0 or depth[i] <= 2 and i % 2 else None
        if unit:
            units.append(Unit(id=unit, org=account, name=f"Unit {i}", headcount=rnd.randint(5, 500),
                              parent=None))
        manager = ids[boss] if boss is not None else None
        people.append(Person(id=pid, name=f"Person {i}", org=account, reports_to=manager,
                             seniority=SENIORITY[min(depth[i], len(SENIORITY) - 1)],
                             unit=units[rnd.randrange(len(units))].id, stance=rnd.choice(["supporter", "neutral",
                                                                                          "detractor", "unknown"])))
    ours = [Person(id=f"{account}-us{i}", name=f"Seller {i}", org="us") for i in range(team)]
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
    influences = {}
    for i in range(1, n):
        j = rnd.randrange(n)
        if i != j:
            influences[(ids[i], ids[j])] = Influences(source=ids[i], target=ids[j], weight=round(rnd.random(), 2))
    products = [Product(id=f"prod{i}", name=f"Product {i}") for i in range(5)]
    adoption = [Adoption(unit=u.id, product=p.id, status=rnd.choice(list(AdoptionStatus)))
                for u in units for p in products if rnd.random() < 0.4]
    opps = []
    for o in range(3):
        members = rnd.sample(ids[: max(8, n // 4)], 8)
        committee = [Membership(person=members[0], roles=[Role.economic_buyer])] + \
                    [Membership(person=m, roles=[rnd.choice([Role.champion, Role.influencer, Role.user_buyer])])
                     for m in members[1:]]
        opps.append(Opportunity(id=f"{account}-o{o}", account=account, name=f"Deal {o}", amount=100_000 * (o + 1),
                                committee=committee))
    return Graph(organisations=orgs, units=units, products=products, people=people + ours,
                 knows=list(knows.values()), influences=list(influences.values()), adoption=adoption,
                 opportunities=opps)


def median_ms(fn: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    sizes = [int(s) for s in sys.argv[1:] if s.isdigit()] or [200, 3000, 20000]
    lines = ["| people | analysis | median ms |", "|---:|---|---:|"]
    for n in sizes:
        g = synthetic_account(n)
        runs = 5 if n <= 5000 else 3
        timed = [
            ("path team → role:economic_buyer",
             lambda g=g: decision_paths(g, "team", "role:economic_buyer", account="acct")),
            ("path --k 5", lambda g=g: decision_paths(g, "team", "role:economic_buyer", account="acct", k=5)),
            ("risk ACCOUNT (3 deals)", lambda g=g: account_risk(g, "acct")),
            ("whitespace", lambda g=g: whitespace(g, "acct")),
            ("influence", lambda g=g: influence(g, "acct")),
        ]
        for what, fn in timed:
            lines.append(f"| {n:,} | {what} | {median_ms(fn, runs):,.1f} |")
            print(lines[-1], flush=True)

    accounts = 100
    maps = [(f"a{i}", synthetic_account(200, seed=i, account=f"a{i}")) for i in range(accounts)]
    t = time.perf_counter()
    portfolio_risk(iter(maps))
    total = time.perf_counter() - t
    portfolio = (f"`risk --portfolio` on {accounts} synthetic accounts × 200 people (maps in memory, store not "
                 f"timed): {total:.2f} s, {1000 * total / accounts:.1f} ms per account.")
    print(portfolio)
    write_section("\n".join(lines) + "\n\n" + portfolio)


def write_section(body: str) -> None:
    doc = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    section = (f"## Analyses\n\n`python bench/bench_analysis.py` on {platform.python_implementation()} "
               f"{platform.python_version()}, {platform.machine()}; medians of 3–5 runs on a synthetic account "
               f"(reporting tree, 3 acquaintances and 1 influence per person, our team of 25 knowing 5%, 3 deals "
               f"with committees of 8), graph already loaded.\n\n{body}\n")
    pattern = re.compile(r"^## Analyses\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
