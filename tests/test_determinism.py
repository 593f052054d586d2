"""The same question gets the same answer: every command's output — tables, JSON, DOT, SVG,
PNG, PDF, PPTX — is byte-identical under different hash seeds, on both stores.

Sets and dicts of strings iterate in an order that changes with ``PYTHONHASHSEED``; a tie
broken by that order (two routes of the same probability, say) shows up here as a
difference between two runs of tests/determinism_run.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from tests.conftest import ROOT, SAMPLES

SEEDS = ("1", "2")


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def loaded_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store holding the samples."""
    url = request.getfixturevalue("neo4j_url") if request.param == "neo4j" else str(tmp_path / "k.db")
    files = sorted(str(p) for p in SAMPLES.glob("*.yaml"))
    result = CliRunner().invoke(cli, ["--store", url, "import", *files])
    assert result.exit_code == 0, result.output
    yield url


def _runs(url: str, tmp_path: Path) -> list[Path]:
    """tests/determinism_run.py once per seed, side by side."""
    outs = [tmp_path / f"seed{s}" for s in SEEDS]
    procs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "determinism_run.py"), url, str(out)],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": "120"},
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed, out in zip(SEEDS, outs, strict=True)
    ]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    return outs


@pytest.mark.exe
def test_every_output_is_the_same_under_any_hash_seed(loaded_store: str, tmp_path: Path, graphviz_dot: str) -> None:
    first, second = _runs(loaded_store, tmp_path)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert not [n for n in names if n.endswith(".error")], [
        (first / n).read_text() for n in names if n.endswith(".error")
    ]
    assert {"deck.pptx", "nordhavn-org.pdf", "andina-committee.png", "path-cfo.json"} <= set(names)
    differ = [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert differ == []
    # the runs answered something: each table names the people it is about
    assert "Rachel Okafor" in (first / "path-cfo.json").read_text(encoding="utf-8")
