"""The CLI end to end on the samples: each command's wall time, start-up included.

    .venv/bin/python bench/bench_cli.py [--runs 5]

Runs the installed ``kamgraph`` on a fresh store of ``samples/*.yaml`` and writes the
"CLI end to end" section of docs/benchmarks.md (medians). The aim: under 1 s per command.
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
KAMGRAPH = Path(sys.executable).parent / "kamgraph"
COMMANDS = [
    "--help",
    "accounts",
    "show meridian",
    "path --from team --to role:economic_buyer --opportunity mer-opp-analytics --k 3",
    "risk meridian",
    "risk --portfolio",
    "whitespace meridian",
    "influence meridian",
    "map meridian -o {tmp}/m.svg",
    "map nordhavn -o {tmp}/n.png --view committee",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "KAMGRAPH_STORE": f"{tmp}/bench.db"}
        samples = sorted(str(p) for p in (ROOT / "samples").glob("*.yaml"))
        subprocess.run([str(KAMGRAPH), "import", *samples], env=env, check=True, capture_output=True)
        rows = []
        for command in COMMANDS:
            argv = [str(KAMGRAPH), *command.format(tmp=tmp).split()]
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run(argv, env=env, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            shown = command.format(tmp="out")
            rows.append(f"| `kamgraph {shown}` | {statistics.median(times):.2f} | {max(times):.2f} |")
            print(rows[-1], flush=True)
    body = "| command | median (s) | slowest (s) |\n|---|---:|---:|\n" + "\n".join(rows)
    write_section(body, args.runs)


def write_section(body: str, runs: int) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    section = (
        f"## CLI end to end\n\n`python bench/bench_cli.py` on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}: the installed `kamgraph` on a store of the "
        f"samples (216-person Meridian), start-up included, {runs} runs each. Aim: under 1 s.\n\n{body}\n"
    )
    pattern = re.compile(r"^## CLI end to end\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
