"""queries/explore.cypher, the questions a KAM pastes into Neo4j Browser: each runs on the
samples in the tests' Neo4j, with the parameters its `// params:` line gives, and answers what
the matching kamgraph command answers (risk, whitespace, path) or what the graph holds."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.model import Role
from kamgraph.store import open_store
from kamgraph.store.neo4j import Neo4jStore
from kamgraph.store.queries import explore_queries, query
from tests.servers import BoltServer

ROOT = Path(__file__).resolve().parent.parent
EXPLORE = ROOT / "queries" / "explore.cypher"
SAMPLES = sorted(str(p) for p in (ROOT / "samples").glob("*.yaml"))
TODAY = "2026-11-23"  # the samples' stories are told as of this day
CLIENTS = ["andina", "meridian", "nordhavn"]


def explore_params() -> dict[str, dict[str, Any]]:
    """Each query's `// params:` line, as JSON."""
    found: dict[str, dict[str, Any]] = {}
    name = None
    for line in EXPLORE.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"// name: (\w+)", line):
            name = m[1]
        elif (m := re.match(r"// params: (.*)", line)) and name:
            found[name] = json.loads(m[1])
    return found


QUERIES = {q.name: q for q in explore_queries()}
PARAMS = explore_params()


def kamgraph_json(url: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--store", url, "--today", TODAY, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def samples_url(bolt_server: BoltServer) -> Iterator[str]:
    """The samples, imported once for the module's tests (which only read, but one: it puts
    back what it adds)."""
    name = bolt_server.create()
    try:
        url = bolt_server.url(name)
        result = CliRunner().invoke(cli, ["--store", url, "import", *SAMPLES])
        assert result.exit_code == 0, result.output
        yield url
    finally:
        bolt_server.drop(name)


@pytest.fixture(scope="module")
def explore(samples_url: str) -> Iterator[Any]:
    """run(name, **overrides): the query's rows, with its params line's values."""
    with open_store(samples_url) as store:
        assert isinstance(store, Neo4jStore)

        def run(name: str, **overrides: Any) -> list[dict[str, Any]]:
            assert isinstance(store, Neo4jStore)
            records, _, _ = store.driver.execute_query(
                QUERIES[name].text, {**PARAMS[name], **overrides}, database_=store.settings.database
            )
            return [r.data() for r in records]

        yield run


@functools.cache
def risks(url: str) -> list[dict[str, Any]]:
    """`kamgraph risk` of every client account's open deals."""
    return [opp for account in CLIENTS for opp in kamgraph_json(url, "risk", account)["opportunities"]]


def test_the_store_never_runs_the_pack() -> None:
    from kamgraph.store.queries import QueryFileError

    with pytest.raises(QueryFileError, match="no query named 'warm_route_to'"):
        query("warm_route_to")


def test_the_pack_has_the_eight_questions_each_with_its_parameters() -> None:
    assert set(QUERIES) == {
        "decision_makers_nobody_knows",
        "deals_on_one_thread",
        "high_influence_detractors",
        "our_only_threads",
        "stale_relationships",
        "units_buying_nothing",
        "warm_route_to",
        "who_sways_the_economic_buyer",
    }
    for name, q in QUERIES.items():
        used = set(re.findall(r"\$(\w+)", re.sub(r"//.*", "", q.text)))
        assert set(PARAMS[name]) == used, name  # the params line gives each, and no other


@pytest.mark.neo4j
def test_decision_makers_nobody_knows_are_those_risk_finds_no_direct_thread_to(samples_url: str, explore: Any) -> None:
    rows = explore("decision_makers_nobody_knows")
    expected = {
        (o["opportunity"], d["person"], d["threads"] > 0)
        for o in risks(samples_url)
        for d in o["decision_makers"]
        if not d["direct"]
    }
    assert {(r["deal"], r["person"], r["reachable"]) for r in rows} == expected
    assert len(expected) >= 2  # the samples have some, or the test proves nothing
    assert explore("decision_makers_nobody_knows", account="nordhavn") == [
        r for r in rows if r["account"] == "Nordhavn Logistics A/S"
    ]


@pytest.mark.neo4j
def test_deals_on_one_thread_are_risks_single_threaded_deals(samples_url: str, explore: Any) -> None:
    points: dict[tuple[str, str], set[str]] = {}
    for r in explore("deals_on_one_thread"):
        points.setdefault((r["deal"], r["decision_maker"]), set()).add(r["single_point"])
    one = {
        (o["opportunity"], d["person"]): d["single_points"]
        for o in risks(samples_url)
        for d in o["decision_makers"]
        if d["threads"] == 1 and not d["direct"]
    }
    assert set(points) == set(one) and len(one) >= 2
    for key, single in one.items():  # risk and Cypher name every single point, the same ones
        assert set(single) == points[key], key


@pytest.mark.neo4j
def test_high_influence_detractors_are_risks(samples_url: str, explore: Any) -> None:
    rows = explore("high_influence_detractors")
    expected = {(o["opportunity"], p) for o in risks(samples_url) for p in o["detractors"]}
    assert {(r["deal"], r["person"]) for r in rows} == expected and expected


@pytest.mark.neo4j
def test_stale_relationships_include_risks_stale_committee_members(samples_url: str, explore: Any) -> None:
    rows = explore("stale_relationships")
    seats = {(o["opportunity"], s) for o in risks(samples_url) for s in o["stale"]}
    committee = {m for o in risks(samples_url) for m in o["stale"]}
    assert seats and committee <= {r["person"] for r in rows}
    for r in rows:
        assert r["last_contact"].iso_format() < TODAY and r["last_by"]
    # 90 days before the samples' today is 2026-08-25: a wider window drops those in between
    assert len(explore("stale_relationships", days=400)) < len(rows)


@pytest.mark.neo4j
def test_units_buying_nothing_are_whitespaces_units_with_nothing_adopted(samples_url: str, explore: Any) -> None:
    for account in CLIENTS:
        units = kamgraph_json(samples_url, "whitespace", account)["units"]
        nothing = {u["id"] for u in units if not {"active", "pilot"} & set(u["adoption"].values())}
        rows = explore("units_buying_nothing", account=account)
        assert {r["unit"] for r in rows} == nothing, account
    assert nothing and len(nothing) < len(units)


@pytest.mark.neo4j
@pytest.mark.parametrize("person", ["mer-rachel-okafor", "and-begona-munoz-arrieta", "nor-soren-dahl"])
def test_warm_route_is_as_short_as_kamgraphs_fewest_hops(samples_url: str, explore: Any, person: str) -> None:
    rows = explore("warm_route_to", person=person)
    [best] = kamgraph_json(samples_url, "path", "--from", "team", "--to", person, "--fewest-hops")["paths"]
    assert rows[0]["hops"] == best["hops"]
    assert [r["hops"] for r in rows] == sorted(r["hops"] for r in rows)
    assert rows[0]["people"][-1] == best["names"][-1]


@pytest.mark.neo4j
def test_who_sways_the_economic_buyer_is_what_the_graph_says(samples_url: str, explore: Any) -> None:
    with open_store(samples_url) as store:
        graph = store.dump()
    people = {p.id: p for p in graph.people}
    for opp in graph.opportunities:
        buyers = {m.person for m in opp.committee if Role.economic_buyer in (m.roles or people[m.person].roles)}
        rows = explore("who_sways_the_economic_buyer", deal=opp.id)
        expected = {(i.source, i.weight) for i in graph.influences if i.target in buyers}
        assert {(r["person"], r["weight"]) for r in rows} == expected, opp.id
    assert explore("who_sways_the_economic_buyer", deal="mer-opp-analytics")[0]["name"] == "Anjali Desai"


@pytest.mark.neo4j
def test_our_only_thread_to_an_account(samples_url: str, explore: Any, tmp_path: Path) -> None:
    """The samples cover every account with several of us; a new account that only one seller
    knows shows up, with that seller, and goes once a colleague knows someone there too."""
    assert explore("our_only_threads") == []
    solo = tmp_path / "solo.yaml"
    solo.write_text(
        """
organisations:
  - id: solo
    name: Solo Foods
    kind: client
    people:
      - {id: solo-ceo, name: Ana Solo, title: CEO}
      - {id: solo-cfo, name: Ben Solo, title: CFO, reports_to: solo-ceo}
knows:
  - {a: kes-helen-marsh, b: solo-ceo, strength: 0.7}
  - {a: kes-helen-marsh, b: solo-cfo, strength: 0.4}
  - {a: kes-tom-okonkwo, b: solo-cfo, strength: 0}
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--store", samples_url, "import", str(solo)])
    assert result.exit_code == 0, result.output
    try:
        assert explore("our_only_threads") == [
            {
                "account": "Solo Foods",
                "account_id": "solo",
                "person": "kes-helen-marsh",
                "name": "Helen Marsh",
                "people_known": 2,
            }
        ]
    finally:  # the module's other tests read the samples alone
        with open_store(samples_url) as store:
            assert isinstance(store, Neo4jStore)
            store.driver.execute_query(
                "MATCH (n) WHERE n.id IN $ids DETACH DELETE n",
                {"ids": ["solo", "solo-ceo", "solo-cfo"]},
                database_=store.settings.database,
            )
    assert explore("our_only_threads") == []
