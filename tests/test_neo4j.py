"""What only the Neo4j store has: connection settings, the driver's errors as one line, the
graph as Neo4j users browse it, schema, and `kamgraph copy` between SQLite and Neo4j.

The shared behaviour is in test_store.py (the ``store`` fixture runs it on both backends).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner, Result

from kamgraph.cli import cli
from kamgraph.errors import StoreError
from kamgraph.io.files import load_graph
from kamgraph.store import neo4j_write, open_store, redact
from kamgraph.store.neo4j import LABELS, RELATIONSHIP_TYPES, Neo4jSettings, Neo4jStore
from kamgraph.store.neo4j_records import INTERACTION_FIELDS
from kamgraph.store.queries import all_queries
from tests.servers import BoltServer

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def kamgraph(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def rows(store: Neo4jStore, cypher: str) -> list[dict[str, Any]]:
    """Test-only Cypher, straight through the driver."""
    records, _, _ = store.driver.execute_query(cypher, database_=store.settings.database)
    return [r.data() for r in records]


# --- settings: URI, variables, no credentials in messages ------------------------------------


def test_settings_from_the_standard_variables() -> None:
    env = {
        "NEO4J_URI": "neo4j+s://abc.databases.neo4j.io",
        "NEO4J_USERNAME": "kam",
        "NEO4J_PASSWORD": "pw",
        "NEO4J_DATABASE": "sales",
    }
    s = Neo4jSettings.from_url("neo4j", env)
    assert (s.uri, s.user, s.password, s.database, s.auth) == (
        "neo4j+s://abc.databases.neo4j.io",
        "kam",
        "pw",
        "sales",
        ("kam", "pw"),
    )
    # what the URI says wins over the variables
    s = Neo4jSettings.from_url("bolt://ann:p%40ss@10.0.0.1:7687/crm", env)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://10.0.0.1:7687", "ann", "p@ss", "crm")
    assert Neo4jSettings.from_url("neo4j://h", {}).database == "neo4j"
    assert Neo4jSettings.from_url("neo4j://h", {}).auth is None


@pytest.mark.parametrize(
    "url, message",
    [
        ("neo4j", "--store neo4j needs $NEO4J_URI"),
        ("bolt://u:secret@host:notaport", "host:notaport: not a Neo4j URI"),
        ("neo4j://u:secret@host/a/b", "host/a/b: a Neo4j URI takes at most a database name"),
        ("neo4j://u:secret@host/db?x=1", "a Neo4j URI takes at most a database name"),
    ],
)
def test_bad_settings_are_one_line_without_the_password(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=re.escape(message)) as info:
        Neo4jSettings.from_url(url, {})
    assert "secret" not in str(info.value) and "\n" not in str(info.value)


def test_redact() -> None:
    assert redact("bolt://kam:pw@host:7687/db") == "bolt://host:7687/db"
    assert redact("out/k.db") == "out/k.db"
    result = kamgraph("--store", "http://kam:pw@host/x", "accounts")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: http://host/x: unknown store; give a file path (SQLite) or a neo4j:// or bolt:// URI\n",
    )


# --- the driver's errors: one line, exit 1, fast ---------------------------------------------


def _one_line_error(result: Result, *, started: float, password: str) -> str:
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output and password not in result.output
    assert elapsed < 8, f"took {elapsed:.1f}s: the driver retried instead of failing"
    return result.stderr


@pytest.mark.neo4j
def test_unreachable_server(bolt_server: BoltServer) -> None:
    from tests.servers.neo4j_server import free_port as _free_port

    url = f"bolt://kam:hush-hush@127.0.0.1:{_free_port()}/kam"
    t0 = time.monotonic()
    err = _one_line_error(kamgraph("--store", url, "accounts"), started=t0, password="hush-hush")
    assert err == f"Error: {redact(url)}: cannot reach the Neo4j server: Connection refused\n"


@pytest.mark.neo4j
def test_bad_credentials(bolt_server: BoltServer, neo4j_url: str) -> None:
    wrong = neo4j_url.replace(f":{bolt_server.password}@", ":not-the-password@")
    t0 = time.monotonic()
    err = _one_line_error(kamgraph("--store", wrong, "accounts"), started=t0, password="not-the-password")
    assert err == f"Error: {redact(wrong)}: authentication failed for user '{bolt_server.user}'\n"


@pytest.mark.neo4j
def test_missing_database(bolt_server: BoltServer, neo4j_url: str) -> None:
    url = neo4j_url.rsplit("/", 1)[0] + "/nosuchdb"
    t0 = time.monotonic()
    err = _one_line_error(
        kamgraph("--store", url, "import", str(DATA / "mini.yaml")), started=t0, password=bolt_server.password
    )
    assert err == (
        f"Error: {redact(url)}: no database 'nosuchdb' on this server (set NEO4J_DATABASE or end the URI with /NAME)\n"
    )


@pytest.mark.neo4j
def test_credentials_from_the_variables(bolt_server: BoltServer, neo4j_url: str) -> None:
    parts = urlsplit(neo4j_url)
    env = {
        "NEO4J_URI": f"{parts.scheme}://{parts.hostname}:{parts.port}",
        "NEO4J_USERNAME": bolt_server.user,
        "NEO4J_PASSWORD": bolt_server.password,
        "NEO4J_DATABASE": parts.path.strip("/"),
        "KAMGRAPH_STORE": "",
    }
    result = kamgraph("--store", "neo4j", "import", str(DATA / "mini.yaml"), env=env)
    assert result.exit_code == 0, result.output
    assert f"into {env['NEO4J_URI']}/{env['NEO4J_DATABASE']}" in result.stdout
    assert bolt_server.password not in result.output
    result = kamgraph("accounts", "--json", env={**env, "KAMGRAPH_STORE": env["NEO4J_URI"]})
    assert result.exit_code == 0 and '"acme"' in result.stdout
    # without a password: the message says which variable to set
    result = kamgraph("--store", "neo4j", "accounts", env={**env, "NEO4J_PASSWORD": ""})
    if result.exit_code:  # a server that allows no auth would let us in
        assert "set NEO4J_PASSWORD" in result.stderr


@pytest.mark.neo4j
def test_a_uniqueness_violation_is_a_store_error(loaded_neo4j: Neo4jStore) -> None:
    def duplicate(tx: Any) -> None:
        tx.run("CREATE (:Person {id: $id})", id="acme-ceo").consume()

    with pytest.raises(StoreError, match=r"write refused, nothing was changed: .*acme-ceo") as info:
        loaded_neo4j.bolt.write(duplicate)
    assert "\n" not in str(info.value)
    assert len(rows(loaded_neo4j, "MATCH (p:Person {id: 'acme-ceo'}) RETURN p")) == 1


# --- the graph as Neo4j users see it -----------------------------------------------------------


@pytest.fixture
def loaded_neo4j(neo4j_store: Neo4jStore) -> Neo4jStore:
    neo4j_store.import_graph(load_graph(DATA / "mini.yaml"))
    return neo4j_store


def _shape(store: Neo4jStore) -> tuple[dict[str, int], dict[str, int]]:
    labels = {
        r["label"]: r["n"] for r in rows(store, "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
    }
    types = {r["type"]: r["n"] for r in rows(store, "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")}
    return labels, types


@pytest.mark.neo4j
def test_records_are_nodes_and_relationships(loaded_neo4j: Neo4jStore) -> None:
    labels, types = _shape(loaded_neo4j)
    # the change log: change sets, each holding several consecutive entries
    changes = [c.seq for c in loaded_neo4j.changes()]
    sets = [r["seqs"] for r in rows(loaded_neo4j, "MATCH (c:ChangeSet) RETURN c.seqs AS seqs")]
    assert labels.pop("ChangeSet") == len(sets) < len(changes) / 2
    assert sorted(seq for seqs in sets for seq in seqs) == changes
    assert labels == {
        "Organisation": 2,
        "Unit": 3,
        "Product": 2,
        "Person": 6,
        "Opportunity": 2,
        "Note": 1,
        "KamgraphLock": 1,
    }
    assert types == {
        "MEMBER_OF": 6,
        "IN_UNIT": 3,
        "REPORTS_TO": 4,
        "UNIT_OF": 3,
        "PART_OF": 1,
        "KNOWS": 2,
        "INFLUENCES": 1,
        "ADOPTS": 2,
        "FOR_ACCOUNT": 2,
        "ON_COMMITTEE": 4,
        "HAS_NOTE": 1,
    }
    assert set(labels) <= set(LABELS.values()) and set(types) <= set(RELATIONSHIP_TYPES.values())
    # native: no JSON anywhere, and the references are relationships, not copies
    assert (
        rows(
            loaded_neo4j,
            # a change-log entry's org is a fact of history, kept when the organisation goes
            "MATCH (n) WHERE NOT n:ChangeSet "
            "AND (n.data IS NOT NULL OR n.org IS NOT NULL OR n.reports_to IS NOT NULL) RETURN n",
        )
        == []
    )
    assert rows(loaded_neo4j, "MATCH ()-[r]->() WHERE r.data IS NOT NULL RETURN r") == []
    [typed] = rows(
        loaded_neo4j,
        "MATCH (o:Opportunity {id: 'acme-deal'}) RETURN valueType(o.close_date) AS date, "
        "valueType(o.amount) AS amount, valueType(o.empty_seats) AS seats, o.open AS open",
    )
    assert typed == {
        "date": "DATE NOT NULL",
        "amount": "FLOAT NOT NULL",
        "seats": "LIST<STRING NOT NULL> NOT NULL",
        "open": True,
    }
    [cfo] = rows(
        loaded_neo4j,
        "MATCH (p:Person {id: 'acme-cfo'})-[:REPORTS_TO]->(m:Person) "
        "RETURN p.name AS name, p.roles AS roles, m.id AS manager",
    )
    assert cfo == {"name": "Íñigo Peñalver", "roles": ["economic_buyer"], "manager": "acme-ceo"}
    [seat] = rows(
        loaded_neo4j,
        "MATCH (:Person {id: 'acme-cio'})-[s:ON_COMMITTEE]->(:Opportunity {id: 'acme-deal'}) "
        "RETURN s.roles AS roles, s.stance AS stance",
    )
    assert seat == {"roles": ["technical_buyer"], "stance": "supporter"}


@pytest.mark.neo4j
def test_relationships_follow_updates_and_erasure(loaded_neo4j: Neo4jStore) -> None:
    from kamgraph.model import Graph

    moved = loaded_neo4j.person("acme-ap1").model_copy(update={"reports_to": "acme-cio", "unit": "acme-it"})
    loaded_neo4j.import_graph(Graph(people=[moved]))
    assert rows(
        loaded_neo4j,
        "MATCH (:Person {id: 'acme-ap1'})-[r:MEMBER_OF|IN_UNIT|REPORTS_TO]->(n) "
        "RETURN type(r) AS t, n.id AS n "
        "ORDER BY t",
    ) == [{"t": "IN_UNIT", "n": "acme-it"}, {"t": "MEMBER_OF", "n": "acme"}, {"t": "REPORTS_TO", "n": "acme-cio"}]
    loaded_neo4j.forget("acme-cio")
    _, types = _shape(loaded_neo4j)
    assert types["REPORTS_TO"] == 3 and types["ON_COMMITTEE"] == 3 and types["IN_UNIT"] == 2
    assert rows(loaded_neo4j, "MATCH (:Person {id: 'acme-ap1'})-[:REPORTS_TO]->(m) RETURN m.id AS m") == [
        {"m": "acme-ceo"}
    ]


@pytest.mark.neo4j
def test_schema_is_made_on_first_write(neo4j_store: Neo4jStore) -> None:
    neo4j_store.import_graph(load_graph(DATA / "mini.yaml"))
    names = {r["name"] for r in rows(neo4j_store, "SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {
        "kamgraph_person_id",
        "kamgraph_organisation_id",
        "kamgraph_unit_id",
        "kamgraph_product_id",
        "kamgraph_opportunity_id",
    } <= names


@pytest.mark.neo4j
def test_an_import_spanning_many_batches_is_one_transaction(neo4j_url: str) -> None:
    from kamgraph.model import Graph, Knows, Organisation, Person

    people = [Person(id=f"p{i}", name=f"P {i}", org="o") for i in range(120)]
    graph = Graph(
        organisations=[Organisation(id="o", name="O")],
        people=people,
        knows=[Knows(a=f"p{i}", b=f"p{i + 1}") for i in range(119)],
    )
    with Neo4jStore.from_url(neo4j_url, env={}, batch_size=7) as store:
        assert store.import_graph(graph).counts["knows"].added == 119
        assert store.dump() == graph.canonical()
        before = store.dump()
        broken = Graph(
            people=[p.model_copy(update={"title": "x"}) for p in people],
            knows=[Knows(a="p0", b=f"p{i}", strength=0.9) for i in range(1, 50)] + [Knows(a="p0", b="zz")],
        )
        with pytest.raises(StoreError, match="1 people of knows records not in the store"):
            store._write(broken, {})
        assert store.dump() == before


@pytest.mark.neo4j
def test_any_failure_half_way_rolls_the_import_back(loaded_neo4j: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """People and links are written, then the relationships step blows up: nothing stays."""
    from kamgraph.model import Graph, Knows, Person

    before = loaded_neo4j.dump()
    _, types_before = _shape(loaded_neo4j)

    def boom(*args: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(neo4j_write, "upsert_relationships", boom)
    graph = Graph(
        people=[
            Person(id="new", name="New", org="acme", reports_to="acme-ceo"),
            loaded_neo4j.person("acme-ap1").model_copy(update={"reports_to": "acme-cio"}),
        ],
        knows=[Knows(a="new", b="us-sam")],
    )
    with pytest.raises(RuntimeError, match="disk on fire"):
        loaded_neo4j.import_graph(graph)
    assert loaded_neo4j.dump() == before
    assert _shape(loaded_neo4j)[1] == types_before


# --- kamgraph copy -----------------------------------------------------------------------------


@pytest.mark.neo4j
def test_copy_sqlite_to_neo4j_to_sqlite_loses_nothing(neo4j_url: str, tmp_path: Path, bolt_server: BoltServer) -> None:
    first, last = str(tmp_path / "first.db"), str(tmp_path / "last.db")
    samples = sorted(str(p) for p in SAMPLES.glob("*.yaml"))
    assert kamgraph("--store", first, "import", *samples).exit_code == 0
    there = kamgraph("copy", "--from", first, "--to", neo4j_url)
    assert there.exit_code == 0, there.output
    assert f"Copied {first} into {redact(neo4j_url)}" in there.stdout and bolt_server.password not in there.output
    again = kamgraph("--store", neo4j_url, "copy", "--to", last)  # --from defaults to --store
    assert again.exit_code == 0, again.output
    exported = [kamgraph("--store", db, "export").stdout for db in (first, last)]
    assert exported[0] == exported[1] and len(exported[0]) > 10_000
    with open_store(first) as a, open_store(neo4j_url) as b:
        assert a.dump() == b.dump()
        # and every question asked of either store gets the same answer
        assert a.accounts() == b.accounts()
        for account in a.accounts():
            assert a.account(account.id).canonical() == b.account(account.id).canonical()
        for text in ("ana", "director", "Ñ", "@"):
            assert [p.id for p in a.find_people(text, limit=500)] == [p.id for p in b.find_people(text, limit=500)]
    # copying again changes nothing
    assert "nothing changed" in kamgraph("copy", "--from", first, "--to", neo4j_url).stdout


def test_copy_refuses_the_same_store(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    result = kamgraph("copy", "--from", db, "--to", db)
    assert result.exit_code == 2 and "same store" in result.output


# --- only a real Neo4j can show these ------------------------------------------------------------


@pytest.mark.neo4j_only
def test_neo4j_plans_every_query_without_warnings(neo4j_store: Neo4jStore) -> None:
    """EXPLAIN each query on the real server: no deprecation, no performance warning."""
    import neo4j

    from kamgraph.io.files import load_files

    neo4j_store.import_graph(load_files(sorted(SAMPLES.glob("*.yaml")))[0])  # every label and type in use
    with neo4j_store.driver.session(
        database=neo4j_store.settings.database, notifications_min_severity=neo4j.NotificationMinimumSeverity.INFORMATION
    ) as s:
        # what the samples do not hold, made known to the server (names outlive their nodes): a
        # piece of evidence, and the change log's first layout, which the upgrade reads
        s.run(
            "CREATE (a:Change)-[r:INTERACTED_WITH]->(a) SET a.seq = 1, r = $evidence DETACH DELETE a",
            evidence=dict.fromkeys(INTERACTION_FIELDS, 1),
        ).consume()
        for q in all_queries():
            if q.name.startswith("schema_"):
                continue
            summary = s.run(f"EXPLAIN {q.text}").consume()
            # 01N60: a parameter not given, which EXPLAIN without values always says
            found = [
                (o.gql_status, o.status_description)
                for o in summary.gql_status_objects
                if o.is_notification and o.gql_status != "01N60"
            ]
            assert found == [], q.name


@pytest.mark.neo4j_only
def test_a_real_neo4j_5_or_later(neo4j_store: Neo4jStore) -> None:
    info = neo4j_store.driver.get_server_info()
    assert info.agent.startswith("Neo4j/") and int(info.agent.split("/")[1].split(".")[0]) >= 5
    assert "ArcadeDB" not in info.agent


# --- every command, unchanged ----------------------------------------------------------------

SAME_ANSWERS = [
    ["accounts"],
    ["show", "meridian"],
    ["show", "andina", "--json"],
    ["people", "nunez"],
    ["path", "--from", "team", "--to", "role:economic_buyer", "--account", "andina", "--avoid", "stance:detractor"],
    ["path", "--from", "team", "--to", "mer-rachel-okafor", "--k", "2"],
    ["risk", "meridian"],
    ["risk", "--portfolio"],
    ["whitespace", "meridian"],
    ["influence", "nordhavn"],
]


@pytest.mark.neo4j
def test_every_command_answers_the_same_on_both_stores(neo4j_url: str, tmp_path: Path) -> None:
    lite = str(tmp_path / "k.db")
    samples = sorted(str(p) for p in SAMPLES.glob("*.yaml"))
    for store in (lite, neo4j_url):
        result = kamgraph("--store", store, "import", *samples)
        assert result.exit_code == 0, result.output
    for args in SAME_ANSWERS:
        on_sqlite, on_neo4j = (kamgraph("--store", store, *args) for store in (lite, neo4j_url))
        assert on_sqlite.exit_code == 0, on_sqlite.output
        assert on_neo4j.stdout == on_sqlite.stdout, args
    for store, out in ((lite, tmp_path / "a.dot"), (neo4j_url, tmp_path / "b.dot")):
        assert kamgraph("--store", store, "map", "andina", "-o", str(out)).exit_code == 0
    # the same drawing; the order of its lines follows the order the store lists people in
    drawings = [sorted((tmp_path / f).read_text().splitlines()) for f in ("a.dot", "b.dot")]
    assert drawings[0] == drawings[1]


#: Queries that read the whole graph (or all of one label) on purpose: export, copy, lint,
#: erasure's superset, a search with nothing to look up, the first layout's conversion (and
#: the explore pack's portfolio-wide questions for Browser).
WHOLE_GRAPH = re.compile(r"_all$|_naming$|^people_find_everyone$|^migrate_|^store_layout$")
SCANS = {
    "AllNodesScan",
    "NodeByLabelScan",
    "NodeIndexScan",
    "NodeUniqueIndexScan",
    "DirectedRelationshipTypeScan",
    "UndirectedRelationshipTypeScan",
    "DirectedAllRelationshipsScan",
    "UndirectedAllRelationshipsScan",
}


def _operators(plan: Any) -> Iterator[str]:
    yield plan["operatorType"].split("@")[0]
    for child in plan.get("children", []):
        yield from _operators(child)


@pytest.mark.neo4j_only
def test_look_ups_use_indexes_not_label_scans(neo4j_store: Neo4jStore) -> None:
    """EXPLAIN every query that is not a whole-graph read: an index or an element id finds
    its first node, never a scan of a label or of an index: on an empty store (whose plans
    Neo4j keeps for a while after it fills) and on a full one."""
    for full in (False, True):
        if full:
            neo4j_store.import_graph(load_graph(DATA / "mini.yaml"))
        checked = 0
        with neo4j_store.driver.session(database=neo4j_store.settings.database) as s:
            for q in all_queries():
                if q.name.startswith("schema_") or WHOLE_GRAPH.search(q.name) or q.file == "queries/explore.cypher":
                    continue
                plan = s.run(f"EXPLAIN CYPHER replan=force {q.text}").consume().plan
                assert plan is not None, q.name
                assert not set(_operators(plan)) & SCANS, (full, q.name, sorted(set(_operators(plan))))
                checked += 1
        assert checked > 30


DRIVER_PROBE = """
import json, sys
first = sys.argv[2] == "numpy first"
if first:
    import numpy
from kamgraph.store.neo4j import Neo4jStore
with Neo4jStore.from_url(sys.argv[1], env={}) as store:
    accounts = len(store.accounts())
import neo4j._optional_deps as extras
loaded = "numpy" in sys.modules
import numpy
print(json.dumps({"accounts": accounts, "numpy_loaded": loaded, "driver_has_numpy": extras.np is numpy,
                  "numpy_works": int(numpy.arange(4).sum())}))
"""


@pytest.mark.parametrize("order", ["store first", "numpy first"])
def test_opening_the_store_leaves_numpy_unloaded_and_numpy_whole(neo4j_url: str, order: str) -> None:
    """A Neo4j command does not pay for numpy (the driver imports it only to take numpy values
    as parameters, which kamgraph never gives); numpy imported later is whole, and a process
    that had numpy first keeps the driver's numpy support."""
    done = subprocess.run(
        [sys.executable, "-c", DRIVER_PROBE, neo4j_url, order], capture_output=True, text=True, check=True
    )
    got = json.loads(done.stdout)
    assert got["numpy_works"] == 6
    if order == "store first":
        assert got == {"accounts": 0, "numpy_loaded": False, "driver_has_numpy": False, "numpy_works": 6}
    else:
        assert got == {"accounts": 0, "numpy_loaded": True, "driver_has_numpy": True, "numpy_works": 6}
