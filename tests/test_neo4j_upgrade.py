"""A Neo4j database written by kamgraph's first layout (JSON `data` properties) is
converted in place on first open, with one line saying so, and exports exactly as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kamgraph.cli import cli
from kamgraph.io.files import load_files
from kamgraph.store import SQLiteStore
from kamgraph.store.neo4j import Neo4jSettings
from tests.old_neo4j_layout import write_old_layout

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

pytestmark = pytest.mark.neo4j


def kamgraph(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_a_store_of_the_first_layout_is_converted_on_first_open(neo4j_url: str, tmp_path: Path) -> None:
    import neo4j

    graph, _ = load_files(sorted(SAMPLES.glob("*.yaml")))
    with SQLiteStore(tmp_path / "k.db") as lite:
        lite.import_graph(graph)
    before = kamgraph("--store", str(tmp_path / "k.db"), "export").stdout
    assert len(before) > 10_000

    s = Neo4jSettings.from_url(neo4j_url, env={})
    with neo4j.GraphDatabase.driver(s.uri, auth=s.auth) as driver:

        def run(cypher: str, **params: Any) -> list[dict[str, Any]]:
            return [r.data() for r in driver.execute_query(cypher, params, database_=s.database)[0]]

        write_old_layout(run, graph)
        run("MATCH (p:Person {id: 'mer-rachel-okafor'}) SET p.my_tag = 'keep me'")
        [old] = run("MATCH (n) WHERE n.data IS NOT NULL RETURN count(n) AS n")
        assert old["n"] == sum(
            len(getattr(graph, c)) for c in ("organisations", "units", "products", "people", "opportunities")
        )

        first = kamgraph("--store", neo4j_url, "export")
        assert first.exit_code == 0, first.output
        records = sum(
            len(getattr(graph, c))
            for c in (
                "organisations",
                "units",
                "products",
                "people",
                "knows",
                "influences",
                "adoption",
                "opportunities",
            )
        )
        assert first.stderr == (
            f"kamgraph: converted {s.display} to the native graph layout ({records} records; JSON properties removed)\n"
        )
        assert first.stdout == before
        again = kamgraph("--store", neo4j_url, "export")
        assert (again.stdout, again.stderr) == (before, "")

        # nothing of the first layout is left, and what the user added stays
        assert (
            run("MATCH (n) WHERE n.data IS NOT NULL OR n.search IS NOT NULL OR n.org IS NOT NULL RETURN n.id AS id")
            == []
        )
        assert run("MATCH ()-[r]->() WHERE r.data IS NOT NULL RETURN type(r) AS t") == []
        assert run("MATCH (p:Person {id: 'mer-rachel-okafor'}) RETURN p.my_tag AS t") == [{"t": "keep me"}]
        indexes = {r["name"] for r in run("SHOW INDEXES YIELD name RETURN name")}
        assert not indexes & {"kamgraph_person_org", "kamgraph_unit_org", "kamgraph_opportunity_account"}
        assert "kamgraph_person_search" in indexes
        # and it is a kamgraph store like any other: a re-import changes nothing
        result = kamgraph("--store", neo4j_url, "import", *sorted(str(p) for p in SAMPLES.glob("*.yaml")))
        assert result.exit_code == 0 and ": nothing changed\n" in result.stdout, result.output
        assert kamgraph("--store", neo4j_url, "export").stdout == before
