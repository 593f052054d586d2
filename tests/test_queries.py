"""The Cypher in queries/*.cypher: loaded by name, linted by Neo4j's own linter, shipped in
the wheel, and only ever the store's fixed labels and relationship types."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kamgraph.store.neo4j import LABELS, RELATIONSHIP_TYPES
from kamgraph.store.queries import QueryFileError, all_queries, explore_queries, parse_queries, query
from tests.servers import unavailable

ROOT = Path(__file__).resolve().parent.parent
LINTER = ROOT / "tools" / "cypherlint"


# Known-bad queries linted beside ours: the test proves something only if these fail.
NEO4J_5_REJECTS = [
    "MATCH (n) WHERE exists(n.id) RETURN n",
    "CREATE CONSTRAINT ON (n:P) ASSERT n.id IS UNIQUE",
    "MATCH (a)-[]-(b) RETURN a {.*, ids: collect(b.id)}",
]


@pytest.mark.exe
def test_every_query_passes_neo4js_linter() -> None:
    """No errors, no warnings, no deprecations (Cypher 5, as Neo4j 5 and Aura run it)."""
    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed (needed for Neo4j's Cypher linter)")
    if not (LINTER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        unavailable("the linter is not installed: make setup (npm ci --prefix tools/cypherlint)")
    items = [{"name": q.name, "file": f"{q.file}:{q.line}", "query": q.text} for q in all_queries() + explore_queries()]
    items += [{"name": f"bad{i}", "file": "known bad", "query": q} for i, q in enumerate(NEO4J_5_REJECTS)]
    done = subprocess.run(
        [node, str(LINTER / "lint.mjs")],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    diagnostics = json.loads(done.stdout)
    caught = {d["name"] for d in diagnostics if d["file"] == "known bad" and d["severity"] == "error"}
    assert caught == {f"bad{i}" for i in range(len(NEO4J_5_REJECTS))}, "the linter let a bad query through"
    ours = [d for d in diagnostics if d["file"] != "known bad"]
    assert ours == [], "\n".join(f"{d['file']} {d['name']}: {d['severity']}: {d['message']}" for d in ours)


def test_queries_are_documented_single_statements_with_parameters_only() -> None:
    queries = all_queries() + explore_queries()
    assert len(queries) > 40 and len({q.name for q in queries}) == len(queries)
    allowed_labels = set(LABELS.values())
    allowed_types = set(RELATIONSHIP_TYPES.values())
    for q in queries:
        assert q.doc and q.text, q.name
        assert ";" not in q.text
        body = re.sub(r"//.*", "", q.text)
        # labels and relationship types: only the store's fixed list
        assert set(re.findall(r"\(\w*:(\w+)", body)) <= allowed_labels, q.name
        types = {t for group in re.findall(r"\[\w*:([\w|]+)", body) for t in group.split("|")}
        assert types <= allowed_types, q.name
        # values come in as $parameters: no quoted strings in any query
        assert "'" not in body and '"' not in body, q.name


def test_every_look_up_by_id_is_pinned_to_an_index_seek() -> None:
    """Each MATCH of a node by id carries ``USING INDEX SEEK`` for it. Without the hint, a plan
    made while the label is empty (every estimate 0) may scan the whole id index for each row,
    and Neo4j keeps that cached plan for a while after the store fills: an update of 20,000
    people then took 30 to 90 s instead of 2 (bench/bench_history.py, docs/neo4j.md)."""
    node = re.compile(r"\((\w*):(\w+) \{id: [^}]+\}\)")
    checked = 0
    for q in all_queries():
        lines = re.sub(r"//.*", "", q.text).splitlines()
        for n, line in enumerate(lines):
            if not re.match(r"\s*(OPTIONAL )?MATCH ", line):
                continue
            for var, label in node.findall(line):
                assert var, (q.name, line)
                hints = {h.strip() for h in lines[n + 1 :]}
                assert f"USING INDEX SEEK {var}:{label}(id)" in hints, (q.name, line)
                checked += 1
    assert checked > 50


def test_every_query_the_store_runs_exists_and_every_query_is_used() -> None:
    from kamgraph.store.neo4j import MODELS

    source = "".join(
        (ROOT / "kamgraph" / "store" / f).read_text(encoding="utf-8")
        for f in (
            "neo4j.py",
            "neo4j_upgrade.py",
            "neo4j_write.py",
            "neo4j_schema.py",
            "neo4j_transactions.py",
            "neo4j_changes.py",
        )
    )
    literal = set(re.findall(r'"([a-z]+(?:_[a-z]+)+)"', source))
    built = {f"{c}_{op}" for c in MODELS for op in ("get", "all", "upsert", "create", "delete")}  # f"{c}_get" …
    built |= {f"migrate_{c}" for c in MODELS}
    built |= {f"{c}_{op}" for c in ("knows", "influences") for op in ("among", "team")}
    names = {q.name for q in all_queries()}
    prefixes = {*MODELS, "schema", "accounts", "store", "migrate", "changes"}
    runs = {n for n in literal if n.split("_")[0] in prefixes} | built | {"ping"}
    assert runs - names == set(), "the store runs queries that no file defines"
    assert names - runs == set(), "queries that the store never runs"


@pytest.mark.parametrize(
    "text, message",
    [
        ("MATCH (n) RETURN n", "x.cypher:1: Cypher before the first '// name:' line"),
        ("// name: a\nRETURN 1", "x.cypher:1: query 'a' needs a // comment"),
        ("// file\n\n// name: a\n// doc\n", "x.cypher:3: query 'a' has no Cypher"),
        ("// name: Bad-Name\n// doc\nRETURN 1", "x.cypher:1: bad query name 'Bad-Name'"),
        ("// name: a\n// doc\nRETURN 1;\nRETURN 2", "x.cypher:3: query 'a': one statement per query"),
    ],
)
def test_a_malformed_query_file_is_cited_by_file_and_line(text: str, message: str) -> None:
    with pytest.raises(QueryFileError, match=re.escape(message)):
        parse_queries(text, "x.cypher")


def test_parse_reads_several_named_queries() -> None:
    [a, b] = parse_queries(
        "// header\n\n// name: a\n// does a\n// and more\nRETURN 1\n\n// name: b\n// b\n"
        "MATCH (n)\n// inner comment\nRETURN n\n",
        "x.cypher",
    )
    assert (a.name, a.doc, a.text, a.line) == ("a", "does a and more", "RETURN 1", 3)
    assert (b.name, b.text, b.line) == ("b", "MATCH (n)\n// inner comment\nRETURN n", 8)


def test_an_unknown_query_name_is_an_error() -> None:
    with pytest.raises(QueryFileError, match="no query named 'nope'"):
        query("nope")


def test_the_wheel_ships_the_queries(tmp_path: Path) -> None:
    """Build the wheel, unpack it alone, and load every query from there."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "-w",
            str(tmp_path),
            "--no-deps",
            "-q",
            "--disable-pip-version-check",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("kamgraph-*.whl")
    with zipfile.ZipFile(wheel) as z:
        shipped = {n for n in z.namelist() if n.endswith(".cypher")}
        z.extractall(tmp_path / "site")
    assert shipped == {f"kamgraph/queries/{p.name}" for p in (ROOT / "queries").glob("*.cypher")}
    probe = (
        "import kamgraph, sys; assert kamgraph.__file__.startswith(sys.argv[1]), kamgraph.__file__; "
        "from kamgraph.store.queries import all_queries; print(len(all_queries()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path / "site")},
        cwd=tmp_path,
        check=True,
    )
    assert int(done.stdout) == len(all_queries())


def test_the_cli_starts_without_the_neo4j_driver() -> None:
    probe = "import sys, kamgraph.cli; print('neo4j' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --- planned by the real server ----------------------------------------------------------------

# Known-bad queries planned beside ours: the test proves something only if Neo4j flags these.
PLANNER_FLAGS = {
    "MATCH (n) WHERE id(n) = $x RETURN n": "01N02",  # deprecated id()
    "MATCH (a:Person), (b:Person) RETURN a, b": "03N90",  # a cartesian product
    "MATCH (n:Persn) RETURN n": "01N50",
}  # a label the store never writes


# The property keys of kamgraph's first Neo4j layout (a record's JSON in `data`, copies of its
# references), which the upgrade in place reads and removes: a database written by today's
# store never had them, and Neo4j would rightly call them unknown.
FIRST_LAYOUT_KEYS = ("data", "org", "account", "parent", "unit", "reports_to", "search", "mentions")


def _explain(session: Any, text: str) -> list[tuple[str, str]]:
    """EXPLAIN ``text`` with every $parameter given (null: EXPLAIN plans, never runs): the
    server's notifications, as (GQL status, description)."""
    params = dict.fromkeys(re.findall(r"\$(\w+)", re.sub(r"//.*", "", text)))
    summary = session.run(f"EXPLAIN {text}", params).consume()
    return [(o.gql_status, o.status_description) for o in summary.gql_status_objects if o.is_notification]


@pytest.mark.neo4j
def test_neo4j_plans_every_named_query_without_a_notice(neo4j_url: str) -> None:
    """Every query of queries/*.cypher, EXPLAINed on the tests' Neo4j: it parses and plans, and
    Neo4j says nothing about it (no deprecation, no performance hint, no unknown label,
    relationship type or property once the samples are in)."""
    import neo4j
    from click.testing import CliRunner

    from kamgraph.cli import cli
    from kamgraph.store import open_store

    samples = sorted(str(p) for p in (ROOT / "samples").glob("*.yaml"))
    assert CliRunner().invoke(cli, ["--store", neo4j_url, "import", *samples]).exit_code == 0
    with open_store(neo4j_url) as store:
        # and evidence on one relationship (INTERACTED_WITH), as the activity imports write it
        from kamgraph.model import Graph, Interaction

        first = store.dump().knows[0]
        meeting = Interaction(kind="meeting", date="2026-11-03", source="calendar", ref="uid", note="QBR")
        store.import_graph(Graph(knows=[first.model_copy(update={"evidence": [meeting]})]))
        driver = store.driver  # type: ignore[attr-defined]
        with driver.session(
            database=store.settings.database,  # type: ignore[attr-defined]
            notifications_min_severity=neo4j.NotificationMinimumSeverity.INFORMATION,
        ) as session:
            session.run("CREATE (n:KamgraphLock) SET n = $keys DELETE n", keys=dict.fromkeys(FIRST_LAYOUT_KEYS, 1))
            # the change log's first layout, one (:Change) per entry, which the upgrade reads and removes
            session.run("CREATE (n:Change) SET n.seq = 1 DELETE n")
            for text, status in PLANNER_FLAGS.items():
                assert status in {s for s, _ in _explain(session, text)}, text
            noticed = {
                f"{q.file}:{q.line} {q.name}": found
                for q in all_queries() + explore_queries()
                if (found := _explain(session, q.text))
            }
    assert noticed == {}
