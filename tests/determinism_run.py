"""Run every read command of kamgraph on a loaded store and keep each output as a file.

    python tests/determinism_run.py STORE_URL OUTDIR

tests/test_determinism.py runs this under different ``PYTHONHASHSEED`` values and compares
the folders byte for byte: an output that depends on hash order or on the wall clock shows
up as a difference. Outputs are written with their own names; no path appears in them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from kamgraph.cli import cli

TODAY = "2026-06-30"

#: (output file, arguments). ``{out}`` is the output folder; a map or deck is its own file.
COMMANDS: list[tuple[str, list[str]]] = [
    ("accounts.txt", ["accounts"]),
    ("accounts.json", ["accounts", "--json"]),
    ("show-meridian.txt", ["show", "meridian"]),
    ("show-andina.json", ["show", "andina", "--json"]),
    ("people.txt", ["people", "a"]),
    (
        "path-andina-eb.txt",
        [
            "path",
            "--from",
            "team",
            "--to",
            "role:economic_buyer",
            "--account",
            "andina",
            "--avoid",
            "stance:detractor",
            "--k",
            "3",
        ],
    ),
    ("path-cfo.json", ["path", "--from", "team", "--to", "mer-rachel-okafor", "--k", "4", "--json"]),
    (
        "path-meridian-eb.txt",
        ["path", "--from", "team", "--to", "role:economic_buyer", "--account", "meridian", "--k", "3", "--fewest-hops"],
    ),
    ("risk-meridian.txt", ["risk", "meridian"]),
    ("risk-andina.json", ["risk", "andina", "--json"]),
    ("risk-without.txt", ["risk", "--opportunity", "mer-opp-analytics", "--without", "mer-anjali-desai"]),
    ("risk-portfolio.txt", ["risk", "--portfolio", "--currency", "EUR", "--rate", "GBP=1.17", "--rate", "DKK=0.134"]),
    ("whitespace-meridian.txt", ["whitespace", "meridian"]),
    ("whitespace-andina.json", ["whitespace", "andina", "--json"]),
    ("influence-meridian.txt", ["influence", "meridian"]),
    ("influence-andina.json", ["influence", "andina", "--json"]),
    ("export.yaml", ["export", "--format", "yaml"]),
    ("export.json", ["export", "--format", "json"]),
]
#: maps and decks: (file name, arguments before -o)
DRAWINGS: list[tuple[str, list[str]]] = [
    ("meridian-org.dot", ["map", "meridian"]),
    (
        "meridian-committee.svg",
        ["map", "meridian", "--view", "committee", "--highlight-path", "team:role:economic_buyer"],
    ),
    ("andina-committee.png", ["map", "andina", "--view", "committee", "--highlight-path", "team:role:economic_buyer"]),
    ("andina-influence.dot", ["map", "andina", "--view", "influence", "--lang", "es"]),
    ("nordhavn-org.pdf", ["map", "nordhavn"]),
    ("deck.pptx", ["slides", "andina", "nordhavn"]),
]


def main(store: str, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    base = ["--store", store, "--today", TODAY]
    for name, args in COMMANDS:
        result = runner.invoke(cli, [*base, *args])
        (out / name).write_text(f"exit {result.exit_code}\n{result.output}", encoding="utf-8")
    for name, args in DRAWINGS:
        result = runner.invoke(cli, [*base, *args, "-o", str(out / name)])
        if result.exit_code:
            (out / f"{name}.error").write_text(result.output, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
