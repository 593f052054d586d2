"""Imports of 100,000 people end to end, against the floor of inserting the same rows.

    .venv/bin/python bench/bench_import.py [--people 100000] [--runs 3] [--before DIR [--paired]] [--write]

1. ``kamgraph import map.json``: the bench portfolio (see bench_neo4j.py: ``--people`` client
   people in accounts of 200, a reporting tree, 1.5 acquaintances and 0.5 influences each,
   2 deals per account) as one JSON account map (what ``kamgraph export --format json``
   writes), into an empty SQLite store; then the same file again (nothing changes).
2. ``kamgraph import-crm salesforce``: the synthetic Data Loader export of bench_crm.py
   (``--people`` contacts, 200 accounts), into an empty SQLite store; then again.
3. The floor: the rows the first import stored (every table, the ``data`` JSON and the
   indexed columns), inserted into an empty store of the same schema with ``executemany``,
   in one transaction: what any import must at least do.

Every import is a new process (``python -m kamgraph``), as a user runs it, timed in CPU
seconds (user + system: less sensitive than wall time to other work on the machine). With ``--before
DIR`` (a checkout of other code) each import also runs from that tree's code, in turn with
this tree's, so both meet the same machine; with ``--paired`` too the two run at the same
time, each import beside its twin (on a machine others load, a pair meets the same load: the
ratio of each pair is steadier than medians taken minutes apart). ``--write`` replaces the "Imports of 100,000
people" section of docs/benchmarks.md. Aims (issue 19): each first import under 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_crm import generate  # noqa: E402
from bench_neo4j import portfolio  # noqa: E402

from kamgraph.io.files import dump_graph  # noqa: E402


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def kamgraph(code: Path, store: Path, *args: str) -> float:
    """CPU seconds (user + system) of ``kamgraph --store STORE ARGS`` run from the tree
    ``code``: CPU, not wall time, so that other work on a shared machine counts less."""
    env = {**os.environ, "PYTHONPATH": str(code), "KAMGRAPH_STORE": ""}
    start = _children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "kamgraph", "--store", str(store), *args],
        cwd=store.parent,  # not this tree: -m finds the code PYTHONPATH names
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = _children_cpu() - start
    if done.returncode:
        raise SystemExit(f"kamgraph {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return elapsed


def kamgraph_pair(codes: dict[str, Path], stores: dict[str, Path], *args: str) -> dict[str, float]:
    """:func:`kamgraph` from each tree of ``codes`` at the same time (into its own store of
    ``stores``): the CPU seconds of each, read from its own resource usage (``wait4``)."""
    running = {}
    for name, code in codes.items():
        env = {**os.environ, "PYTHONPATH": str(code), "KAMGRAPH_STORE": ""}
        argv = [sys.executable, "-m", "kamgraph", "--store", str(stores[name]), *args]
        running[name] = subprocess.Popen(
            argv, cwd=stores[name].parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
    by_pid = {p.pid: name for name, p in running.items()}
    out: dict[str, float] = {}
    while by_pid:
        pid, status, usage = os.wait4(-1, 0)
        name = by_pid.pop(pid, None)
        if name is None:
            continue
        proc = running[name]
        err = proc.stderr.read() if proc.stderr else ""
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise SystemExit(f"kamgraph {' '.join(args)} ({name}) failed: {err.strip()[-500:]}")
        out[name] = usage.ru_utime + usage.ru_stime
    return out


def floor(stored: Path, empty: Path) -> float:
    """CPU seconds to insert every row of ``stored`` into ``empty`` (same schema, no rows;
    the change log's tables included), in one transaction, the store's own settings on."""
    with sqlite3.connect(stored) as src:
        tables = [t for (t,) in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    db = sqlite3.connect(empty, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    start = time.process_time()
    db.execute("BEGIN")
    for t, data in rows.items():
        if data:
            db.executemany(f"INSERT INTO {t} VALUES ({', '.join('?' * len(data[0]))})", data)
    db.execute("COMMIT")
    elapsed = time.process_time() - start
    db.close()
    return elapsed


def empty_copy(stored: Path, target: Path) -> None:
    """A store with ``stored``'s schema and no rows."""
    shutil.copy(stored, target)
    db = sqlite3.connect(target, isolation_level=None)
    for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        db.execute(f"DELETE FROM {t}")
    db.execute("VACUUM")
    db.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--before", type=Path, help="a checkout of other code to time alongside")
    ap.add_argument("--paired", action="store_true", help="with --before: both trees' imports at the same time")
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = ap.parse_args()
    trees = {"now": ROOT, **({"before": args.before.resolve()} if args.before else {})}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        graph = portfolio(args.people)
        doc = folder / "map.json"
        doc.write_text(dump_graph(graph, "json"), encoding="utf-8")
        size = f"{doc.stat().st_size / 1e6:.0f} MB of JSON"
        contacts, accounts = generate(folder, args.people)
        crm = ["import-crm", "salesforce", "--contacts", str(contacts), "--accounts", str(accounts)]
        jobs = {"map": ["import", str(doc)], "crm": crm}
        times: dict[tuple[str, str, str], list[float]] = {}
        floors: dict[str, list[float]] = {"map": [], "crm": []}
        for run in range(args.runs):
            for job, argv in jobs.items():
                if args.paired and args.before:
                    stores = {name: folder / f"{job}-{name}-{run}.db" for name in trees}
                    for when in ("first", "again"):
                        for name, cpu in kamgraph_pair(trees, stores, *argv).items():
                            times.setdefault((job, name, when), []).append(cpu)
                    print(
                        f"run {run + 1} {job}: "
                        + ", ".join(
                            f"{name} {times[job, name, 'first'][-1]:.1f} s, again {times[job, name, 'again'][-1]:.1f} s"
                            for name in trees
                        ),
                        file=sys.stderr,
                        flush=True,
                    )
                    blank = folder / f"{job}-floor-{run}.db"
                    empty_copy(stores["now"], blank)
                    floors[job].append(floor(stores["now"], blank))
                    for store in stores.values():
                        store.unlink()
                    continue
                for name, code in trees.items():
                    store = folder / f"{job}-{name}-{run}.db"
                    times.setdefault((job, name, "first"), []).append(kamgraph(code, store, *argv))
                    times.setdefault((job, name, "again"), []).append(kamgraph(code, store, *argv))
                    print(
                        f"run {run + 1} {job} {name}: {times[job, name, 'first'][-1]:.1f} s, "
                        f"again {times[job, name, 'again'][-1]:.1f} s",
                        file=sys.stderr,
                        flush=True,
                    )
                    if name == "now":
                        blank = folder / f"{job}-floor-{run}.db"
                        empty_copy(store, blank)
                        floors[job].append(floor(store, blank))
                    store.unlink()
        med = statistics.median
        people = len(graph.people)
        relations = sum(1 for p in graph.people if p.reports_to) + len(graph.knows) + len(graph.influences)
        head = (
            "| import | now (CPU s) |"
            + (" before (CPU s) | before / now |" if args.before else "")
            + " floor (CPU s) | now / floor | aim |"
        )
        rule = "|---|---:|" + ("---:|---:|" if args.before else "") + "---:|---:|---|"
        rows = []
        for job, label in (("map", "`kamgraph import` JSON map"), ("crm", "`kamgraph import-crm salesforce`")):
            for when, what in (("first", "into an empty store"), ("again", "the same again (nothing changes)")):
                now = med(times[job, "now", when])
                cells = [f"{label}, {what}", f"{now:.1f}"]
                if args.before:
                    before = med(times[job, "before", when])
                    pairs = zip(times[job, "before", when], times[job, "now", when], strict=True)
                    ratio = med([b / n for b, n in pairs]) if args.paired else before / now  # each pair's own
                    cells += [f"{before:.1f}", f"{ratio:.2f}×"]
                low = med(floors[job])
                cells += [f"{low:.2f}", f"{now / low:.1f}×"] if when == "first" else ["", ""]
                cells += ["< 5 s" if when == "first" else ""]
                rows.append("| " + " | ".join(cells) + " |")
        table = "\n".join([head, rule, *rows])
        print(table)
    section = (
        f"## Imports of {args.people:,} people\n\n"
        f"`python bench/bench_import.py` on {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, SQLite {sqlite3.sqlite_version}, load average {os.getloadavg()[0]:.1f} at the end; "
        "CPU time (user + system) of each import, a new `python -m kamgraph` "
        f"process into an empty SQLite store, median of {args.runs} runs"
        + (
            (
                ", the code before and now run side by side (each pair at the same time; before / now is "
                "the median of the pairs' ratios)"
                if args.paired
                else ", the code before and now taking turns"
            )
            if args.before
            else ""
        )
        + f". The JSON map: {people:,} people and {relations:,} relationships in {len(graph.organisations):,} "
        f"organisations ({size}); the CRM export: {args.people:,} Salesforce contacts and their "
        "accounts (bench_crm.py's). The floor: inserting the rows the first import stored (its change "
        "log's included) into an empty store of the same schema, one transaction, measured in the same "
        "run.\n\n" + table + "\n"
    )
    print(section)
    if args.write:
        path = ROOT / "docs" / "benchmarks.md"
        text = path.read_text(encoding="utf-8")
        pattern = re.compile(r"^## Imports of [0-9,]+ people\n.*?(?=^## |\Z)", re.S | re.M)
        if pattern.search(text):
            text = pattern.sub(lambda _: section + "\n", text)
        else:
            text = text.replace("## CRM import", section + "\n## CRM import", 1)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
