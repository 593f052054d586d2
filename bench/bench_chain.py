"""A reporting chain of N people (each reports to the one before) imported into a fresh
in-memory SQLite store: the cycle check walks every line once (issue 12, item 11).

    python bench/bench_chain.py [N ...]      # default: 2000 20000

It prints its table; the "Reporting chains" section of docs/benchmarks.md is kept by hand,
since its "before" column was measured once, on the code before the linear check.
"""

from __future__ import annotations

import statistics
import sys
import time

from kamgraph.model import Graph, Organisation, Person
from kamgraph.store import SQLiteStore


def chain(n: int) -> Graph:
    return Graph(
        organisations=[Organisation(id="o", name="O")],
        people=[Person(id=f"p{i}", name=f"P {i}", org="o", reports_to=f"p{i - 1}" if i else None) for i in range(n)],
    )


def main(sizes: list[int]) -> None:
    print("| people in the chain | import, median of 3 (s) |\n|---:|---:|")
    for n in sizes:
        graph = chain(n)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            with SQLiteStore(":memory:") as store:
                store.import_graph(graph)
            times.append(time.perf_counter() - start)
        print(f"| {n:,} | {statistics.median(times):.2f} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 20000])
