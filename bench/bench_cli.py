"""The CLI end to end on the samples: each command's wall and CPU time, start-up included,
against the interpreter's own start-up.

    .venv/bin/python bench/bench_cli.py [--runs 9] [--before DIR]

Runs ``python -m kamgraph`` on a fresh store of ``samples/*.yaml``, each run of a command
paired with a run of ``python -c pass`` (the floor: the interpreter alone), taking turns so
that a machine whose speed drifts slows both alike. With ``--before DIR`` (a checkout of
another commit, e.g. ``git worktree add /tmp/before main``) the same commands also run from
that tree's code, in the same turns. Writes the "CLI end to end" section of
docs/benchmarks.md (medians, CPU time: user + system of the child). Aims (issue 19):
``accounts`` and ``show`` (an account, its JSON, a person's card) under 100 ms, ``path``
and ``risk`` under 200 ms, where the interpreter alone takes about 15 ms: each aim is also
stated scaled by the floor measured in the same run (aim × floor / 15 ms).

The code is compiled to bytecode first (``compileall``), as an installed wheel is: with
``PYTHONDONTWRITEBYTECODE`` set (as on the machines these sessions run on) every run would
otherwise compile kamgraph's modules from source again, tens of milliseconds that no
installed kamgraph pays.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What the aims assume the interpreter alone takes (issue 19: "about 15 ms").
ISSUE_FLOOR_MS = 15.0
COMMANDS = [
    ("--version", None),
    ("--help", None),
    ("accounts", 100),
    ("show meridian", 100),
    ("show meridian --json", 100),
    ("show mer-anjali-desai", 100),
    ("people ruiz", None),
    ("path --from team --to role:economic_buyer --opportunity mer-opp-analytics --k 3", 200),
    ("risk meridian", 200),
    ("risk --portfolio", None),
    ("whitespace meridian", None),
    ("influence meridian", None),
    ("map meridian -o {tmp}/m.svg", None),
    ("map nordhavn -o {tmp}/n.png --view committee", None),
]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One run: (wall seconds, CPU seconds of the child: user + system). It runs in the
    store's folder, so that ``-m kamgraph`` finds the code that PYTHONPATH names."""
    start = time.perf_counter()
    cwd = Path(env["KAMGRAPH_STORE"]).parent
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--before", type=Path, help="a checkout of other code to time alongside")
    args = parser.parse_args()
    python = sys.executable
    for tree in [ROOT, *([args.before] if args.before else [])]:
        subprocess.run([python, "-m", "compileall", "-q", str(Path(tree) / "kamgraph")], check=True)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "KAMGRAPH_STORE": f"{tmp}/bench.db", "PYTHONPATH": str(ROOT)}
        before_env = {**env, "PYTHONPATH": str(args.before)} if args.before else None
        samples = sorted(str(p) for p in (ROOT / "samples").glob("*.yaml"))
        load = [python, "-m", "kamgraph", "import", *samples]
        subprocess.run(load, env=env, cwd=tmp, check=True, capture_output=True)
        floor_wall: list[float] = []
        floor_cpu: list[float] = []
        rows: list[list[str]] = []
        aims: list[int | None] = []
        for command, aim in COMMANDS:
            argv = [python, "-m", "kamgraph", *command.format(tmp=tmp).split()]
            now: list[tuple[float, float]] = []
            then: list[tuple[float, float]] = []
            ratios: list[float] = []
            timed(argv, env)  # warm-up: the page cache
            for _ in range(args.runs):
                floor = timed([python, "-c", "pass"], env)
                floor_wall.append(floor[0])
                floor_cpu.append(floor[1])
                now.append(timed(argv, env))
                ratios.append(now[-1][1] / floor[1])
                if before_env is not None:
                    then.append(timed(argv, before_env))
            wall = statistics.median(t[0] for t in now) * 1000
            cpu = statistics.median(t[1] for t in now) * 1000
            cells = [f"`kamgraph {command.format(tmp='out')}`", f"{cpu:.0f}", f"{statistics.median(ratios):.1f}×"]
            if before_env is not None:
                cells.append(f"{statistics.median(t[1] for t in then) * 1000:.0f}")
            cells.append(f"{wall:.0f}")
            aims.append(aim)
            rows.append(cells)
            print("| " + " | ".join(cells) + " |", flush=True)
    floor_ms = statistics.median(floor_cpu) * 1000
    for cells, aim in zip(rows, aims, strict=True):
        scaled = aim * floor_ms / ISSUE_FLOOR_MS if aim else None
        cells.append(f"< {aim} (< {scaled:.0f})" if aim and scaled else "")
        cells.append(("yes" if float(cells[1]) < aim else "no") if aim else "")
        cells.append(("yes" if scaled and float(cells[1]) < scaled else "no") if aim else "")
    head = (
        "| command | CPU ms | CPU × floor |"
        + (" before: CPU ms |" if args.before else "")
        + " wall ms | aim, CPU ms (scaled by the floor) | met | met, scaled |"
    )
    rule = "|---|---:|---:|" + ("---:|" if args.before else "") + "---:|---|---|---|"
    load_after = os.getloadavg()[0]
    floor = (
        f"The floor, `python -c pass` (the interpreter alone), took {floor_ms:.0f} ms CPU and "
        f"{statistics.median(floor_wall) * 1000:.0f} ms wall (medians of its {len(floor_wall)} runs); the aims "
        f"assume {ISSUE_FLOOR_MS:.0f} ms, so scaled by this run's floor they are × {floor_ms / ISSUE_FLOOR_MS:.2f}. "
        f"Load average (1 min) {load_before:.1f} at the start, {load_after:.1f} at the end."
    )
    table = [head, rule, *("| " + " | ".join(c) + " |" for c in rows)]
    write_section("\n".join(table) + "\n\n" + floor, args.runs)


#: Where the generated part of the section ends: what follows (notes written by hand) is kept.
END = "<!-- what follows is written by hand: bench_cli.py keeps it -->"


def write_section(body: str, runs: int) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    section = (
        f"## CLI end to end\n\n`python bench/bench_cli.py` on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}: `python -m kamgraph` on a store of the "
        f"samples (216-person Meridian), start-up included, {runs} runs each, each paired with a run of "
        f"the floor; CPU × floor is the median of the pairs' ratios (CPU time).\n\n{body}\n\n{END}\n"
    )
    pattern = re.compile(r"^## CLI end to end\n.*?(?=^## |\Z)", re.S | re.M)
    found = pattern.search(text)
    if found is None:
        doc.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")
        return
    old = found.group(0)
    kept = old.split(END, 1)[1].lstrip("\n") if END in old else ""
    new = section + ("\n" + kept if kept else "\n")
    doc.write_text(text[: found.start()] + new + text[found.end() :], encoding="utf-8")


if __name__ == "__main__":
    main()
