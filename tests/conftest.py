"""Shared fixtures. ``store`` is the store contract's fixture: every test that takes it runs
on each backend, from an empty graph.

The Neo4j store runs against ONE ArcadeDB server per test session (its Bolt plugin speaks
to the official driver; see tests/servers/arcadedb.py), with a fresh database per test. With
``NEO4J_URI`` set (and ``NEO4J_USERNAME``/``NEO4J_PASSWORD``/``NEO4J_DATABASE`` as needed)
the same tests, and the ``neo4j_only`` ones, run against that server instead.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kamgraph.store import SQLiteStore, Store
from tests.servers import IN_CI, BoltServer, unavailable

__all__ = ["IN_CI", "ROOT", "SAMPLES", "SHARED", "BoltServer", "unavailable"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
REAL_NEO4J = bool(os.environ.get("NEO4J_URI"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if REAL_NEO4J:
        return
    skip = pytest.mark.skip(reason="needs a real Neo4j: set NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD)")
    for item in items:
        if "neo4j_only" in item.keywords:
            item.add_marker(skip)


def _arcadedb(tmp: Path) -> Iterator[BoltServer]:
    from tests.servers.arcadedb import ArcadeDBError, arcadedb_server, find_arcadedb_package

    try:
        find_arcadedb_package()
    except ArcadeDBError as exc:
        unavailable(str(exc))
    counter = itertools.count()
    try:
        server = arcadedb_server(tmp, heap="768m")
        adb = server.__enter__()
    except ArcadeDBError as exc:
        unavailable(f"ArcadeDB did not start: {exc}")
    try:
        def create() -> str:
            name = f"t{next(counter)}_{secrets.token_hex(3)}"
            adb.create_database(name)
            return name

        yield BoltServer(adb.bolt_uri, adb.user, adb.password, create, adb.drop_database)
    finally:
        adb.stop(grace=30.0)  # SIGTERM, then SIGKILL after 30 s
        server.__exit__(None, None, None)


def _real_neo4j() -> Iterator[BoltServer]:
    """NEO4J_URI's server: a new database per test where the server can make them
    (Enterprise), else the one database, which must be empty to start with, wiped after each test."""
    import neo4j

    from kamgraph.store.neo4j import Neo4jSettings

    s = Neo4jSettings.from_url("neo4j")
    driver = neo4j.GraphDatabase.driver(s.uri, auth=s.auth)
    counter = itertools.count()
    try:
        driver.verify_connectivity()
        try:
            probe = f"kamgraphtest{secrets.token_hex(3)}"
            driver.execute_query("CREATE DATABASE $name WAIT", {"name": probe}, database_="system")
            driver.execute_query("DROP DATABASE $name", {"name": probe}, database_="system")
            many = True
        except neo4j.exceptions.Neo4jError:
            many = False
        if not many:
            records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=s.database)
            if records[0]["n"]:
                pytest.fail(f"{s.display} holds data; the tests need an empty database (set NEO4J_DATABASE)",
                            pytrace=False)

        def create() -> str:
            if not many:
                return s.database
            name = f"kamgraphtest{next(counter)}x{secrets.token_hex(3)}"
            driver.execute_query("CREATE DATABASE $name WAIT", {"name": name}, database_="system")
            return name

        def drop(name: str) -> None:
            if many:
                driver.execute_query("DROP DATABASE $name", {"name": name}, database_="system")
            else:
                driver.execute_query("MATCH (n) DETACH DELETE n", database_=name)

        yield BoltServer(s.uri, s.user or "neo4j", s.password or "", create, drop)
    finally:
        driver.close()


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """One Bolt server for the whole session: ArcadeDB, or NEO4J_URI's server."""
    if REAL_NEO4J:
        yield from _real_neo4j()
    else:
        yield from _arcadedb(tmp_path_factory.mktemp("arcadedb"))


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
