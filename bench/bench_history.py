"""What the change log costs an import: the same imports with recording and without, on the
SQLite store and on a real Neo4j Community (started here from tests/servers/, or ``--uri``'s
server, whose one database must be empty).

    .venv/bin/python bench/bench_history.py [--people 20000] [--runs 3] [--uri bolt://…] [--no-neo4j] [--write]

For each store and each mode (recording on, recording off), ``--runs`` times into an empty
store, through ``Store.import_graph``:

1. load: the portfolio of bench_neo4j.py (``--people`` client people, about 3 relationships
   each, deals with committees) into the empty store — one "created" entry per record;
2. update: the same graph with one person in ten changing stance and title — two entries each;
3. again: the same graph once more — nothing changes, nothing is recorded.

"Off" replaces the store's recording (building the entries and appending them) with nothing,
so the difference is all that recording costs. SQLite is timed in CPU seconds of this process
(all its work is here; steady on a shared machine), Neo4j in wall-clock seconds (the server does
most of the work). Medians; the share is the time spent recording over the import's, in the
same run; the load average is taken before and after each store's runs.
``--write`` replaces the "History" section of docs/benchmarks.md with the results.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_neo4j import empty, neo4j, portfolio  # noqa: E402

from kamgraph.model import Graph, Stance  # noqa: E402
from kamgraph.store import SQLiteStore, Store  # noqa: E402

STEPS = ("load", "update", "again")

#: The clock of each store: CPU time for SQLite (in this process), wall-clock for Neo4j.
CLOCKS: dict[str, Callable[[], float]] = {"SQLite": time.process_time, "Neo4j": time.perf_counter}
#: The clock the timings below use (set per store by :func:`run`).
_clock: list[Callable[[], float]] = [time.process_time]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = _clock[0]()
    out = fn()
    return _clock[0]() - t0, out


def load() -> float:
    return os.getloadavg()[0]


#: What the figures mean (kept in docs/benchmarks.md when --write replaces the section).
NOTE = (
    "What it means: an update or a re-import pays little or nothing. A first load used to pay for one entry "
    "per record (on SQLite 43 % of the load: 60,906 rows, each with its `change_people` rows and three indexes). "
    "Now the records a write creates are logged as runs, a key and a name each (`Creations` in "
    "kamgraph/store/changes.py): SQLite keeps a run of up to 1,000 as one packed row (342 rows for this load, "
    "plus one row per organisation), read back as the same entries with the same numbers; Neo4j packs the "
    "entries into `(:ChangeSet)` nodes of up to 1,000 as before (19 nodes for this load), appended once as the "
    "import commits."
)


def updated(g: Graph) -> Graph:
    """``g`` with every tenth client person's stance and title changed."""
    people = [
        p.model_copy(update={"stance": Stance.supporter, "title": f"{p.title or ''} (new)"})
        if n % 10 == 0 and p.org != "us"
        else p
        for n, p in enumerate(g.people)
    ]
    return g.model_copy(update={"people": people})


def off(store: Store) -> None:
    """Recording off for this store: no entries built, none appended."""
    store._record = lambda *args, **kwargs: None  # type: ignore[method-assign]
    store._removals = lambda *args, **kwargs: []  # type: ignore[method-assign]


def clocked(store: Store) -> list[float]:
    """Time spent recording (building and appending the entries), added up per import."""
    spent = [0.0]
    record, removals = store._record, store._removals

    def timed_record(*args: Any, **kwargs: Any) -> None:
        t, _ = timed(lambda: record(*args, **kwargs))
        spent[0] += t

    def timed_removals(*args: Any, **kwargs: Any) -> Any:
        t, out = timed(lambda: removals(*args, **kwargs))
        spent[0] += t
        return out

    store._record = timed_record  # type: ignore[method-assign]
    store._removals = timed_removals  # type: ignore[method-assign]
    log = getattr(store, "log", None)  # Neo4j appends a transaction's entries as it commits
    if log is not None:
        pending = log.write_pending

        def timed_pending() -> None:
            t, _ = timed(pending)
            spent[0] += t

        log.write_pending = timed_pending
    return spent


def run(store: Store, full: Graph, changed: Graph, recording: bool) -> dict[str, float]:
    _clock[0] = CLOCKS["Neo4j" if type(store).__name__ == "Neo4jStore" else "SQLite"]
    spent = clocked(store) if recording else [0.0]
    if not recording:
        off(store)
    out = {}
    seen = 0
    for step, graph in zip(STEPS, (full, changed, changed), strict=True):
        spent[0] = 0.0
        out[step], report = timed(lambda g=graph: store.import_graph(g))
        out[f"{step} recording"] = spent[0]
        assert report.changed == (step != "again"), step
        if recording:  # counted outside the timing
            total = len(store.changes())
            out[f"{step} entries"], seen = total - seen, total
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--uri", help="a Neo4j whose database is empty (else one is started)")
    ap.add_argument("--no-neo4j", action="store_true", help="the SQLite store only")
    ap.add_argument("--write", action="store_true", help="write the results into docs/benchmarks.md")
    args = ap.parse_args()
    full = portfolio(args.people)
    changed = updated(full)
    records = sum(len(getattr(full, c)) for c in Graph.model_fields)
    print(f"portfolio: {len(full.people):,} people, {records:,} records", flush=True)
    results: dict[tuple[str, bool], list[dict[str, float]]] = {}
    loads: dict[str, list[float]] = {}
    server = ""
    with tempfile.TemporaryDirectory() as tmp:
        loads["SQLite"] = [load()]
        for n in range(args.runs):
            for recording in (True, False):
                with SQLiteStore(Path(tmp) / f"h{n}{recording}.db") as store:
                    results.setdefault(("SQLite", recording), []).append(run(store, full, changed, recording))
                print(f"sqlite run {n + 1} recording={recording}: {results['SQLite', recording][-1]}", flush=True)
        loads["SQLite"].append(load())
        if not args.no_neo4j:
            from kamgraph.store.neo4j import Neo4jStore

            with neo4j(args) as (url, server):
                loads["Neo4j"] = [load()]
                for n in range(args.runs):
                    for recording in (True, False):
                        empty(url)
                        with Neo4jStore.from_url(url, env={}) as nstore:
                            results.setdefault(("Neo4j", recording), []).append(run(nstore, full, changed, recording))
                        print(f"neo4j run {n + 1} recording={recording}: {results['Neo4j', recording][-1]}")
                loads["Neo4j"].append(load())
    section = report(args, full, records, results, server, loads)
    print()
    print(section)
    if args.write:
        doc = ROOT / "docs" / "benchmarks.md"
        old = doc.read_text(encoding="utf-8")
        pattern = re.compile(r"^## History\n.*?(?=^## |\Z)", re.S | re.M)
        new = pattern.sub(lambda _: section, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + section
        doc.write_text(new, encoding="utf-8")
        print(f"wrote {doc}")


def report(
    args: argparse.Namespace,
    full: Graph,
    records: int,
    results: dict[tuple[str, bool], list[dict[str, float]]],
    server: Any,
    loads: dict[str, list[float]],
) -> str:
    med = statistics.median
    stores = sorted({s for s, _ in results}, key=lambda s: s != "SQLite")
    lines = [
        "## History",
        "",
        f"`python bench/bench_history.py --people {args.people} --runs {args.runs}` on CPython "
        f"{platform.python_version()}, {platform.machine()}, 2 cores shared with other work"
        + (f"; Neo4j: {server}" if server else "")
        + f". The portfolio of the Neo4j benchmark: {len(full.people):,} people, {records:,} records in all, "
        "through `Store.import_graph` into an empty store; then one person in ten changes stance and title; then "
        "the same graph again. *Of which recording*: the time inside the import spent building and appending "
        "the entries, timed in the same run (the share is robust to the load of a shared machine; the imports "
        "with recording off, run separately, are less so). SQLite in CPU seconds, Neo4j in wall-clock seconds; "
        "load average (1 min) before and after: "
        + "; ".join(f"{s} {a:.1f}–{b:.1f}" for s, (a, b) in loads.items())
        + f". Medians of {args.runs} runs.",
        "",
        "| store | step | entries recorded | import, recording on (s) | of which recording (s) | share | import, "
        "recording off (s) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    moved = sum(1 for n, p in enumerate(full.people) if n % 10 == 0 and p.org != "us")
    names = {
        "load": "load (every record created)",
        "update": f"update ({moved:,} people, 2 fields each)",
        "again": "again (nothing changes)",
    }
    for store in stores:
        on, off_ = results[(store, True)], results[(store, False)]
        for step in STEPS:
            a, b = med(r[step] for r in on), med(r[step] for r in off_)
            rec = med(r[f"{step} recording"] for r in on)
            share = med(r[f"{step} recording"] / r[step] for r in on)
            entries = int(on[-1][f"{step} entries"])
            lines.append(f"| {store} | {names[step]} | {entries:,} | {a:.2f} | {rec:.2f} | {share:.0%} | {b:.2f} |")
    lines += [
        "",
        "Entries recorded: one per record created, one per field changed, none for an import that changes "
        "nothing. " + NOTE + " What recording adds is building the entries from the diff the import makes "
        "anyway, and appending them in the import's own transaction.",
        "",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
