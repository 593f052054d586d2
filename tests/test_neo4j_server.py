"""Talking to a Neo4j server as a user meets it: bad input is one line that never shows a
credential, a server older than Neo4j 5 is refused, and the driver's notices and retries stay
off stderr (on an empty database, a full one, after a restart, under contention).

The store's own behaviour is in test_store.py and test_neo4j.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kamgraph.cli import cli
from kamgraph.errors import StoreError
from kamgraph.store.neo4j_connection import Neo4jSettings, server_problem
from tests.servers import BoltServer, unavailable
from tests.servers.neo4j_server import Neo4jServer, Neo4jServerError, free_port, neo4j_server
from tests.servers.old_bolt import old_neo4j

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(str(p) for p in (ROOT / "samples").glob("*.yaml"))
MINI = str(ROOT / "tests" / "data" / "mini.yaml")


def kamgraph(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def run_kamgraph(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """kamgraph in its own process: stderr is exactly what a user's terminal shows."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KAMGRAPH_"))}
    return subprocess.run(
        [sys.executable, "-m", "kamgraph", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**clean, **(env or {})},
        cwd=ROOT,
    )


def one_line(result: Result, *secrets: str) -> str:
    """The one error line of a failed command, checked: exit 1, nothing else, no secret."""
    assert result.exit_code == 1, result.output
    assert result.stdout == "" and result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.output
    assert "Traceback" not in result.output
    for secret in secrets:
        assert secret not in result.output, f"{secret!r} shown"
    return result.stderr.removeprefix("Error: ").rstrip("\n")


# --- bad input: one line, exit 1, no credential ---------------------------------------------------


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "bolt://kamuser:Zq/x9Secret@db.example.com/sales",
            "bolt://db.example.com/sales: the user name or password in the URI holds '/', '?' or '#': percent-encode "
            "them (%2F, %3F, %23) or give the password in $NEO4J_PASSWORD",
        ),
        ("neo4j://kamuser:Zq?x9Secret@db.example.com", "neo4j://db.example.com: the user name or password"),
        ("neo4j+s://kamuser:Zq#x9Secret@db.example.com", "neo4j+s://db.example.com: the user name or password"),
        (
            "bolt://kamuser:Zqx9Secret@db.example.com:7o87/sales",
            "bolt://db.example.com:7o87/sales: not a Neo4j URI: Port could not be cast to integer value as '7o87'",
        ),
        ("bolt://kamuser:Zqx9Secret@[::1/sales", "bolt://[::1/sales: not a Neo4j URI"),
        ("bolt://kamuser:Zqx9Secret@db.example.com/a/b", "bolt://db.example.com/a/b: a Neo4j URI takes at most"),
    ],
)
def test_a_malformed_uri_never_shows_its_credentials(url: str, message: str) -> None:
    line = one_line(kamgraph("--store", url, "accounts"), "kamuser", "Zq", "x9Secret")
    assert line.startswith(message)
    # the same from $NEO4J_URI
    line = one_line(kamgraph("--store", "neo4j", "accounts", env={"NEO4J_URI": url}), "kamuser", "Zq", "x9Secret")
    assert line.startswith(message)


def test_a_percent_encoded_password_is_the_password() -> None:
    s = Neo4jSettings.from_url("bolt://kam:Zq%2Fx9%40Secret%3F@db.example.com/sales", {})
    assert (s.user, s.password, s.display) == ("kam", "Zq/x9@Secret?", "bolt://db.example.com/sales")


@pytest.mark.neo4j
def test_wrong_password_from_the_variables(bolt_server: BoltServer, neo4j_url: str) -> None:
    env = {
        "NEO4J_URI": bolt_server.uri,
        "NEO4J_USERNAME": bolt_server.user,
        "NEO4J_PASSWORD": "Not-The-Pw-4711",
        "NEO4J_DATABASE": neo4j_url.rsplit("/", 1)[1],
    }
    line = one_line(kamgraph("--store", "neo4j", "accounts", env=env), "Not-The-Pw-4711", bolt_server.password)
    assert line == f"{bolt_server.uri}/{env['NEO4J_DATABASE']}: authentication failed for user '{bolt_server.user}'"


@pytest.mark.neo4j
def test_unknown_database_in_the_variables(bolt_server: BoltServer) -> None:
    env = {
        "NEO4J_URI": bolt_server.uri,
        "NEO4J_USERNAME": bolt_server.user,
        "NEO4J_PASSWORD": bolt_server.password,
        "NEO4J_DATABASE": "sales2031",
    }
    line = one_line(kamgraph("--store", "neo4j", "show", "acme", env=env), bolt_server.password)
    assert line == (
        f"{bolt_server.uri}/sales2031: no database 'sales2031' on this server "
        "(set NEO4J_DATABASE or end the URI with /NAME)"
    )


@pytest.mark.parametrize("scheme, reason", [("bolt", "Connection refused"), ("neo4j", "Connection refused")])
def test_unreachable_server_is_one_line_at_once(scheme: str, reason: str) -> None:
    port = free_port()  # nobody listens there
    started = time.monotonic()
    done = run_kamgraph("--store", f"{scheme}://kam:Hush-Hush-99@127.0.0.1:{port}/neo4j", "import", MINI)
    assert time.monotonic() - started < 10, "the driver retried instead of failing"
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"Error: {scheme}://127.0.0.1:{port}/neo4j: cannot reach the Neo4j server: {reason}\n"


def test_a_server_older_than_neo4j_5_is_refused() -> None:
    with old_neo4j() as port:
        line = one_line(
            kamgraph("--store", f"bolt://neo4j:Old-Server-99@127.0.0.1:{port}/neo4j", "accounts"), "Old-Server-99"
        )
    assert line == f"bolt://127.0.0.1:{port}/neo4j: Neo4j 4.4.0 is too old: kamgraph needs Neo4j 5 or later (or Aura)"


def test_which_servers_are_too_old() -> None:
    assert server_problem("Neo4j/3.5.35") == "Neo4j 3.5.35 is too old: kamgraph needs Neo4j 5 or later (or Aura)"
    assert server_problem("Neo4j/5.0.0") is None and server_problem("Neo4j/2025.01.0") is None
    assert server_problem("Memgraph/2.1") is None  # not Neo4j: its own answers decide


def test_the_settings_never_repr_a_password() -> None:
    s = Neo4jSettings.from_url("bolt://kam:Zqx9Secret@host/db", {})
    assert "Zqx9Secret" not in repr(s) and "Zqx9Secret" not in s.display
    with pytest.raises(StoreError) as info:
        Neo4jSettings.from_url("bolt://kam:Zq/x9Secret@host/db", {})
    assert "x9Secret" not in str(info.value) and "kam" not in str(info.value)


# --- quiet: no driver notices or retry warnings on stderr ------------------------------------------


@pytest.fixture(scope="module")
def fresh_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A Neo4j of its own, never written before: labels and property keys unknown to it (the
    session's server has seen them all after the first test)."""
    try:
        with neo4j_server(tmp_path_factory.mktemp("fresh-neo4j")) as server:
            yield server
    except Neo4jServerError as exc:
        unavailable(f"Neo4j Community did not start: {exc}")


def _url(server: Neo4jServer) -> str:
    return f"bolt://{server.user}:{server.password}@127.0.0.1:{server.port}/neo4j"


@pytest.mark.neo4j
def test_no_driver_notices_on_an_empty_database_or_a_full_one(fresh_neo4j: Neo4jServer) -> None:
    url = _url(fresh_neo4j)
    first = run_kamgraph("--store", url, "import", *SAMPLES)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    for args in (["import", *SAMPLES], ["show", "meridian"], ["export"]):
        done = run_kamgraph("--store", url, *args)
        assert (done.returncode, done.stderr) == (0, ""), args


_SURVIVOR = """
import sys
from kamgraph.store import open_store
store = open_store(sys.argv[1])
print(len(store.accounts()), flush=True)
sys.stdin.readline()  # the server restarts meanwhile
print(len(store.accounts()), flush=True)
store.close()
"""


@pytest.mark.neo4j
def test_a_server_restart_under_an_open_store_prints_nothing(fresh_neo4j: Neo4jServer) -> None:
    """A long-lived process (the web app, a script) keeps its store across a restart of Neo4j:
    the driver finds its connections dead and reconnects, without a word on stderr."""
    url = _url(fresh_neo4j)
    assert run_kamgraph("--store", url, "import", MINI).returncode == 0
    with subprocess.Popen(
        [sys.executable, "-c", _SURVIVOR, url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as proc:
        assert proc.stdout is not None and proc.stdin is not None
        before = proc.stdout.readline().strip()
        fresh_neo4j.stop()
        with neo4j_server(fresh_neo4j.home, port=fresh_neo4j.port, password=fresh_neo4j.password):
            proc.stdin.write("go\n")
            proc.stdin.flush()
            out, err = proc.communicate(timeout=120)
    assert (proc.returncode, out.strip(), err) == (0, before, "")
    assert int(before) >= 1  # mini.yaml's client account


_CONTENDERS = """
import sys, threading
from kamgraph.store import open_store
store = open_store(sys.argv[1])
db = store.settings.database
store.driver.execute_query("CREATE (:KamgraphTestLock {id: 'lock-a'}), (:KamgraphTestLock {id: 'lock-b'})",
                           database_=db)
both = threading.Barrier(2, timeout=20)
attempts = []

def lock(tx, first, second):
    attempts.append(first)
    tx.run("MATCH (p:KamgraphTestLock {id: $id}) SET p.at = timestamp()", id=first).consume()
    if len(attempts) <= 2:
        both.wait()  # each holds one lock and wants the other's: a deadlock, which the driver retries
    tx.run("MATCH (p:KamgraphTestLock {id: $id}) SET p.at = timestamp()", id=second).consume()

def writer(first, second):
    with store.driver.session(database=db) as session:
        session.execute_write(lock, first, second)

threads = [threading.Thread(target=writer, args=pair) for pair in (("lock-a", "lock-b"), ("lock-b", "lock-a"))]
[t.start() for t in threads]
[t.join() for t in threads]
store.driver.execute_query("MATCH (p:KamgraphTestLock) DELETE p", database_=db)
print(len(attempts))
store.close()
"""


@pytest.mark.neo4j
def test_retries_under_contention_print_nothing(neo4j_url: str) -> None:
    """Two writers that deadlock: Neo4j aborts one, the driver retries it (3 attempts in all),
    and nothing reaches stderr."""
    done = subprocess.run(
        [sys.executable, "-c", _CONTENDERS, neo4j_url], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert int(done.stdout) >= 3, "no retry happened: the test proved nothing"


def test_the_driver_log_still_reaches_a_program_that_asks_for_it() -> None:
    """Quiet means debug level, not gone: a program logging at debug level sees the driver's notices."""
    import logging

    import kamgraph.store.neo4j_connection  # noqa: F401 - installs the filter

    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    handler = Keep(level=logging.DEBUG)
    logger = logging.getLogger("neo4j.session")
    logger.addHandler(handler)
    try:
        logger.warning("Transaction failed and will be retried in %ss (%s)", 1.0, "DeadlockDetected")
        logging.getLogger("neo4j.pool").error("Unable to retrieve routing information")
    finally:
        logger.removeHandler(handler)
    assert [(r.levelname, r.getMessage()) for r in seen] == [
        ("DEBUG", "Transaction failed and will be retried in 1.0s (DeadlockDetected)")
    ]


# --- no Java: one line saying what to install; in CI a failure, never a skip ------------------------


@pytest.mark.parametrize("ci, outcome", [("true", "1 error"), ("", "1 skipped")])
def test_without_java_the_store_tests_say_what_to_install(ci: str, outcome: str) -> None:
    env = {**os.environ, "PATH": "/nonexistent", "CI": ci}
    env.pop("NEO4J_URI", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            "tests/test_neo4j_server.py::test_retries_under_contention_print_nothing",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )
    assert outcome in done.stdout, done.stdout
    assert (
        "Neo4j Community did not start: java is not installed; install JDK 17+ and Maven: "
        "apt-get install -y default-jdk-headless maven"
    ) in done.stdout
