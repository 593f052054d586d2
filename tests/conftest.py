"""Shared fixtures. ``store`` is the store contract's fixture: every test that takes it runs
on each backend, from an empty graph.

The Neo4j store runs against ONE Neo4j Community server per test session, started from Maven
Central's jars (tests/servers/neo4j_server.py); Community has one database, emptied after each
test. With ``NEO4J_URI`` set (and ``NEO4J_USERNAME``/``NEO4J_PASSWORD``/``NEO4J_DATABASE`` as
needed) the same tests run against that server instead (a database per test on Enterprise).
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kamgraph import clock
from kamgraph.store import SQLiteStore, Store
from tests.servers import IN_CI, BoltServer, unavailable

__all__ = ["IN_CI", "ROOT", "SAMPLES", "SHARED", "BoltServer", "unavailable"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
REAL_NEO4J = bool(os.environ.get("NEO4J_URI"))

# what the store tests ran on, for the line at the end of the run
_SERVER: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _one_clock_per_test() -> Iterator[None]:
    """Every test starts and ends with "today" unfixed: a test that fixes it (clock.set_today)
    and fails, or forgets to put it back, must not move the dates of the tests after it."""
    clock.set_today(None)
    yield
    clock.set_today(None)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _SERVER:
        terminalreporter.write_line(f"store tests on {_SERVER['name']} (Bolt {_SERVER['address']})")


def _community(tmp: Path) -> Iterator[BoltServer]:
    """Neo4j Community from Maven Central's jars (tests/servers/neo4j_server.py), one per session."""
    from tests.servers.neo4j_server import Neo4jServerError, neo4j_server

    started = neo4j_server(tmp)
    try:
        server = started.__enter__()
    except Neo4jServerError as exc:
        unavailable(f"Neo4j Community did not start: {exc}")
    try:
        yield from _serve(server.uri, server.user, server.password, "neo4j", probe_many=False)
    finally:
        started.__exit__(None, None, None)


def _real_neo4j() -> Iterator[BoltServer]:
    """NEO4J_URI's server."""
    from kamgraph.store.neo4j import Neo4jSettings

    s = Neo4jSettings.from_url("neo4j")
    yield from _serve(s.uri, s.user or "neo4j", s.password or "", s.database, probe_many=True)


def _serve(uri: str, user: str, password: str, database: str, *, probe_many: bool) -> Iterator[BoltServer]:
    """A new database per test where the server can make them (Enterprise), else the one
    database, which must be empty to start with, emptied after each test."""
    import neo4j

    driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), warn_notification_severity="OFF")
    counter = itertools.count()
    try:
        driver.verify_connectivity()
        [component] = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition",
            database_="system",
        ).records
        _SERVER.update(
            name=f"Neo4j {component['version']} {component['edition'].title()}", address=uri.split("://", 1)[1]
        )
        many = probe_many and _can_create_databases(driver)
        wipe = _Wipe(driver, database)
        if not many:
            if _count(driver, database):
                pytest.fail(
                    f"{uri}/{database} holds data; the tests need an empty database (set NEO4J_DATABASE)", pytrace=False
                )
            wipe.learn_the_stores_schema(BoltServer(uri, user, password, lambda: database, lambda _: None))

        def create() -> str:
            if not many:
                return database
            name = f"kamgraphtest{next(counter)}x{secrets.token_hex(3)}"
            driver.execute_query("CREATE DATABASE $name WAIT", {"name": name}, database_="system")
            return name

        def drop(name: str) -> None:
            if many:
                driver.execute_query("DROP DATABASE $name", {"name": name}, database_="system")
            else:
                wipe()

        yield BoltServer(uri, user, password, create, drop)
    finally:
        driver.close()


def _can_create_databases(driver: Any) -> bool:
    import neo4j

    try:
        probe = f"kamgraphtest{secrets.token_hex(3)}"
        driver.execute_query("CREATE DATABASE $name WAIT", {"name": probe}, database_="system")
        driver.execute_query("DROP DATABASE $name", {"name": probe}, database_="system")
        return True
    except neo4j.exceptions.Neo4jError:
        return False


def _count(driver: Any, database: str) -> int:
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
    return int(records[0]["n"])


class _Wipe:
    """Empties the one database between tests: every node and relationship, and every index or
    constraint that is not the store's own (those the store makes on a fresh database are kept,
    so that each test does not pay for making them again)."""

    def __init__(self, driver: Any, database: str) -> None:
        self.driver, self.database = driver, database
        self.keep = self._schema()  # what a new database has (Neo4j's lookup indexes)

    def learn_the_stores_schema(self, server: BoltServer) -> None:
        from kamgraph.io.files import load_graph
        from kamgraph.store.neo4j import Neo4jStore

        try:
            with Neo4jStore.from_url(server.url(self.database), env={}) as store:
                store.import_graph(load_graph(ROOT / "tests" / "data" / "mini.yaml"))
            self.keep |= self._schema()
        except Exception:  # noqa: BLE001 - a broken store: its own tests say why; keep nothing of it
            pass
        finally:
            self()

    def _schema(self) -> set[tuple[str, str, str]]:
        """(kind, name, definition) of each index and constraint."""
        found = set()
        for kind in ("CONSTRAINT", "INDEX"):
            records, _, _ = self.driver.execute_query(
                f"SHOW {kind}ES YIELD name, type, labelsOrTypes, properties"
                if kind == "INDEX"
                else f"SHOW {kind}S YIELD name, type, labelsOrTypes, properties",
                database_=self.database,
            )
            found |= {(kind, r["name"], f"{r['type']} {r['labelsOrTypes']} {r['properties']}") for r in records}
        return found

    def __call__(self) -> None:
        with self.driver.session(database=self.database) as session:
            session.run("MATCH (n) DETACH DELETE n").consume()
        extra = sorted(self._schema() - self.keep)  # constraints sort before the indexes they own
        for kind, name, _ in extra:
            quoted = name.replace("`", "``")
            self.driver.execute_query(f"DROP {kind} `{quoted}` IF EXISTS", database_=self.database)


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """One Bolt server for the whole session: Neo4j Community started here, or NEO4J_URI's server."""
    if REAL_NEO4J:
        yield from _real_neo4j()
    else:
        yield from _community(tmp_path_factory.mktemp("neo4j"))


@pytest.fixture
def neo4j_url(bolt_server: BoltServer) -> Iterator[str]:
    """The URL (credentials included) of a new, empty database, dropped after the test."""
    name = bolt_server.create()
    try:
        yield bolt_server.url(name)
    finally:
        bolt_server.drop(name)


@pytest.fixture
def neo4j_store(neo4j_url: str) -> Iterator[Store]:
    from kamgraph.store.neo4j import Neo4jStore

    with Neo4jStore.from_url(neo4j_url, env={}) as s:
        yield s


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """An empty store of each backend."""
    if request.param == "neo4j":
        yield request.getfixturevalue("neo4j_store")
        return
    with SQLiteStore(tmp_path / "kamgraph.db") as s:
        yield s


@pytest.fixture(params=["samples", "shared"])
def crm(request: pytest.FixtureRequest) -> Any:
    """A corpus of CRM exports (tests/crm_corpus.py): the project's samples, and ../shared's
    exports where that folder exists (skipped without it, "not CI"; a failure under CI)."""
    from tests.crm_corpus import CORPORA

    return CORPORA[request.param].require()


@pytest.fixture
def graphviz_dot() -> str:
    """The path of Graphviz's ``dot``: tests marked ``exe`` that need it skip without it,
    except under CI, where a missing ``dot`` fails them."""
    import shutil

    found = shutil.which("dot")
    if found is None:
        if IN_CI:
            pytest.fail("Graphviz's dot is not installed (apt-get install graphviz)")
        pytest.skip("Graphviz's dot is not installed")
    return found
