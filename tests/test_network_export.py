"""GraphML and GEXF exports read back by networkx: the same people, relationships and attributes."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.io.network import network
from kamgraph.store import open_store
from tests.conftest import SAMPLES


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_reads_back_the_same(tmp_path: Path, fmt: str) -> None:
    db = str(tmp_path / "k.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", db, "import", *sorted(str(p) for p in SAMPLES.glob("*.yaml"))]).exit_code == 0
    out = tmp_path / f"andina.{fmt}"
    result = runner.invoke(cli, ["--store", db, "export", "andina", "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    with open_store(db) as store:
        want = network(store.account("andina"), "andina")
    assert set(back.nodes) == set(want.nodes) and len(back.nodes) > 50
    assert back.number_of_edges() == want.number_of_edges() > 50
    for node, attrs in want.nodes(data=True):
        got = back.nodes[node]
        for key, value in attrs.items():
            assert got[key] == value, (node, key)
    relations = sorted(d["relation"] for _, _, d in back.edges(data=True))
    assert {"knows", "reports_to", "influences"} <= set(relations)
    strengths = sorted(d["strength"] for _, _, d in back.edges(data=True) if d["relation"] == "knows")
    assert strengths == sorted(d["strength"] for _, _, d in want.edges(data=True) if d["relation"] == "knows")
