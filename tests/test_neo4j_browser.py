"""What a Neo4j user changes with plain Cypher (as in Neo4j Browser), kamgraph reads: each
edit shows in the next command and nothing else moves; a value that breaks the model stops
the command with one line naming the node, and `kamgraph lint` lists every such node."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kamgraph.cli import cli
from kamgraph.io.files import dump_graph, load_graph
from kamgraph.model import Graph, Person, Stance
from kamgraph.store.neo4j import Neo4jSettings

DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.neo4j


def kamgraph(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def browser(neo4j_url: str) -> Iterator[Any]:
    """Runs Cypher as a user would in Browser: straight through the driver."""
    import neo4j

    s = Neo4jSettings.from_url(neo4j_url, env={})
    driver = neo4j.GraphDatabase.driver(s.uri, auth=s.auth)

    def run(cypher: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = driver.execute_query(cypher, params, database_=s.database)
        return [r.data() for r in records]

    yield run
    driver.close()


@pytest.fixture
def mini(neo4j_url: str) -> Graph:
    assert kamgraph("--store", neo4j_url, "import", str(DATA / "mini.yaml")).exit_code == 0
    return load_graph(DATA / "mini.yaml")


def _export(url: str) -> str:
    result = kamgraph("--store", url, "export")
    assert result.exit_code == 0, result.output
    return result.stdout


def _changed(graph: Graph, collection: str, key: Any, **changes: Any) -> Graph:
    records = [
        r.model_copy(update=changes) if (getattr(r, "id", None) or r.key) == key else r
        for r in getattr(graph, collection)
    ]
    return graph.model_copy(update={collection: records})


def test_a_stance_set_in_browser_is_what_kamgraph_reads(neo4j_url: str, mini: Graph, browser: Any) -> None:
    browser("MATCH (p:Person {id: 'acme-cio'}) SET p.stance = 'supporter'")
    show = kamgraph("--store", neo4j_url, "people", "marta", "--json")
    assert show.exit_code == 0 and '"stance": "supporter"' in show.stdout
    assert _export(neo4j_url) == dump_graph(_changed(mini, "people", "acme-cio", stance=Stance.supporter).canonical())


def test_a_strength_set_in_browser_and_a_date(neo4j_url: str, mini: Graph, browser: Any) -> None:
    import datetime as dt

    browser(
        "MATCH (:Person {id: 'acme-ap1'})-[k:KNOWS]-(:Person {id: 'us-eve'}) "
        "SET k.strength = 0.25, k.last_contact = date('2026-11-30')"
    )
    expected = _changed(
        mini.canonical(), "knows", ("acme-ap1", "us-eve"), strength=0.25, last_contact=dt.date(2026, 11, 30)
    )
    assert _export(neo4j_url) == dump_graph(expected)


def test_a_person_created_in_browser_with_just_id_and_name(neo4j_url: str, mini: Graph, browser: Any) -> None:
    browser(
        "MATCH (o:Organisation {id: 'acme'}) CREATE (:Person {id: 'acme-new', name: 'Nora Nueva'})-[:MEMBER_OF]->(o)"
    )
    found = kamgraph("--store", neo4j_url, "people", "nueva")
    assert found.exit_code == 0 and "acme-new" in found.stdout
    expected = mini.model_copy(update={"people": [*mini.people, Person(id="acme-new", name="Nora Nueva", org="acme")]})
    assert _export(neo4j_url) == dump_graph(expected.canonical())
    show = kamgraph("--store", neo4j_url, "show", "acme")
    assert show.exit_code == 0 and "5 people" in show.stdout


def test_a_reporting_line_drawn_in_browser(neo4j_url: str, mini: Graph, browser: Any) -> None:
    browser("MATCH (p:Person {id: 'acme-ceo'}), (m:Person {id: 'us-sam'}) RETURN p, m")  # nothing changes
    browser("MATCH (p:Person {id: 'acme-ap1'})-[r:REPORTS_TO]->() DELETE r")
    browser("MATCH (p:Person {id: 'acme-ap1'}), (m:Person {id: 'acme-cio'}) CREATE (p)-[:REPORTS_TO]->(m)")
    assert _export(neo4j_url) == dump_graph(_changed(mini, "people", "acme-ap1", reports_to="acme-cio").canonical())


def test_a_person_detach_deleted_from_a_committee(neo4j_url: str, mini: Graph, browser: Any) -> None:
    before = kamgraph("--store", neo4j_url, "show", "acme").stdout
    assert "Marta Ruiz" in before
    browser("MATCH (p:Person {id: 'acme-cio'}) DETACH DELETE p")
    after = kamgraph("--store", neo4j_url, "show", "acme")
    assert after.exit_code == 0 and "Marta Ruiz" not in after.stdout and "3 people" in after.stdout
    deal = next(o for o in mini.opportunities if o.id == "acme-deal")
    expected = mini.model_copy(
        update={
            "people": [p for p in mini.people if p.id != "acme-cio"],
            "opportunities": [
                o
                if o.id != "acme-deal"
                else deal.model_copy(update={"committee": [m for m in deal.committee if m.person != "acme-cio"]})
                for o in mini.opportunities
            ],
        }
    )
    assert _export(neo4j_url) == dump_graph(expected.canonical())
    # and a re-import of the file puts her back, seat and all
    assert kamgraph("--store", neo4j_url, "import", str(DATA / "mini.yaml")).exit_code == 0
    assert _export(neo4j_url) == dump_graph(mini.canonical())


def test_properties_of_your_own_survive_a_reimport(neo4j_url: str, mini: Graph, browser: Any) -> None:
    browser("MATCH (p:Person {id: 'acme-cfo'}) SET p.nickname = 'Íñi', p.title = 'CFO'")
    assert kamgraph("--store", neo4j_url, "import", str(DATA / "mini.yaml")).exit_code == 0
    assert browser("MATCH (p:Person {id: 'acme-cfo'}) RETURN p.nickname AS n, p.title AS t") == [
        {"n": "Íñi", "t": "Director Financiero"}
    ]
    assert _export(neo4j_url) == dump_graph(mini.canonical())


BROKEN = [
    (
        "MATCH (p:Person {id: 'acme-cfo'}) SET p.stance = 'sorcerer'",
        "Person 'acme-cfo': stance = 'sorcerer' breaks the model; allowed: 'supporter', 'neutral', 'detractor' "
        "or 'unknown'",
    ),
    (
        "MATCH (:Person {id: 'acme-cfo'})-[k:KNOWS]-(:Person {id: 'us-sam'}) SET k.strength = 7",
        "KNOWS from 'acme-cfo' to 'us-sam': strength = 7 breaks the model; allowed: a number less than or equal to 1",
    ),
    (
        "CREATE (:Person {id: 'ghost', name: 'Nobody Knows'})",
        "Person 'ghost': no MEMBER_OF relationship to an Organisation; allowed: exactly one",
    ),
]


@pytest.mark.parametrize("cypher, line", BROKEN)
def test_a_value_that_breaks_the_model_is_one_line_naming_the_node(
    neo4j_url: str, mini: Graph, browser: Any, cypher: str, line: str
) -> None:
    browser(cypher)
    for args in (["export"], ["lint"]):
        result = kamgraph("--store", neo4j_url, *args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    assert kamgraph("--store", neo4j_url, "export").stderr == f"Error: {line}\n"
    assert kamgraph("--store", neo4j_url, "lint").stdout == f"{line}\n"


def test_lint_lists_every_broken_node_at_once(neo4j_url: str, mini: Graph, browser: Any) -> None:
    assert kamgraph("--store", neo4j_url, "lint").exit_code == 0
    for cypher, _ in BROKEN:
        browser(cypher)
    browser("MATCH (p:Person {id: 'acme-cio'}) SET p.influence = 'huge', p.last_contact = 'yesterday'")
    browser("MATCH (:Person {id: 'acme-ap1'})-[s:ON_COMMITTEE]->() SET s.stance = 'maybe'")
    browser("MATCH (:Person {id: 'acme-cfo'})-[:HAS_NOTE]->(n:Note) REMOVE n.text")
    browser("MATCH (o:Organisation {id: 'acme'}) CREATE (:Unit {name: 'No id'})-[:UNIT_OF]->(o)")
    result = kamgraph("--store", neo4j_url, "lint")
    assert result.exit_code == 1
    # the order: by collection (organisations, units, …, people, knows, …), then as stored
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Unit (node ")
    assert lines[0].endswith(", no id): id is missing; allowed: a unique text id")
    assert sorted(lines[1:]) == sorted(
        [line for _, line in BROKEN]
        + [
            "Person 'acme-cio': influence = 'huge' breaks the model; allowed: 'high', 'medium' or 'low'",
            "ON_COMMITTEE from Person 'acme-ap1' to Opportunity 'acme-deal': stance = 'maybe' breaks the model; "
            "allowed: 'supporter', 'neutral', 'detractor' or 'unknown'",
        ]
    ), lines
    # a command that reads only sound parts goes on; one that reads a broken part stops
    assert kamgraph("--store", neo4j_url, "accounts").exit_code == 0
    assert kamgraph("--store", neo4j_url, "show", "acme").exit_code == 1


def test_a_person_drawn_into_two_organisations(neo4j_url: str, mini: Graph, browser: Any) -> None:
    browser("MATCH (p:Person {id: 'acme-cfo'}), (o:Organisation {id: 'us'}) CREATE (p)-[:MEMBER_OF]->(o)")
    assert kamgraph("--store", neo4j_url, "lint").stdout == (
        "Person 'acme-cfo': 2 MEMBER_OF relationships (to 'acme', 'us'); allowed: exactly one Organisation\n"
    )
    browser("MATCH (:Person {id: 'acme-cfo'})-[m:MEMBER_OF]->(:Organisation {id: 'us'}) DELETE m")
    assert _export(neo4j_url) == dump_graph(mini.canonical())


def test_a_date_that_is_not_a_date(neo4j_url: str, mini: Graph, browser: Any) -> None:
    browser("MATCH (p:Person {id: 'acme-cio'}) SET p.last_contact = 'yesterday'")
    assert kamgraph("--store", neo4j_url, "lint").stdout == (
        "Person 'acme-cio': last_contact = 'yesterday' breaks the model; allowed: a DATE, e.g. date('2026-01-31')\n"
    )


def test_lint_on_sqlite(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    assert kamgraph("--store", db, "import", str(DATA / "mini.yaml")).exit_code == 0
    result = kamgraph("--store", db, "lint")
    assert (result.exit_code, result.stdout) == (
        0,
        f"{db}: every record fits the model (the hygiene list: kamgraph lint ACCOUNT or --all)\n",
    )


@pytest.mark.parametrize(
    "edit",
    [
        "MATCH (p:Person {id: 'acme-ceo'}) SET p.stance = 'neutral'",
        "MATCH (u:Unit {id: 'acme-it'}) SET u.headcount = 25",
    ],
)
def test_an_import_after_a_browser_edit_reports_it_as_updated(
    neo4j_url: str, mini: Graph, browser: Any, edit: str
) -> None:
    browser(edit)
    result = kamgraph("--store", neo4j_url, "import", str(DATA / "mini.yaml"))
    assert result.exit_code == 0
    assert _export(neo4j_url) == dump_graph(mini.canonical())
