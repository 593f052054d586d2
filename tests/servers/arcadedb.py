"""Start a throw-away ArcadeDB server (with its Bolt plugin) for tests.

Dependencies: the standard library, plus the PyPI wheel
``arcadedb-embedded==26.10.2.post1`` which bundles a JRE (``<pkg>/jre/bin/java``)
and the server jars (``<pkg>/jars/*``).  The wheel is *not* imported (that would
boot JPype); it is only located on disk.  The ``neo4j`` driver is imported
lazily, only by :meth:`ArcadeDB.driver`.

Usage::

    from tests.servers.arcadedb import arcadedb_server

    with arcadedb_server(tmp_path) as adb:
        adb.create_database("kam")
        with adb.driver() as drv:
            drv.execute_query("RETURN 1", database_="kam")

Or by hand: ``python tests/servers/arcadedb.py [WORKDIR]`` prints the URI and
password, then waits for Ctrl-C.

Notes (see tools/NOTES-arcadedb.md): start-up takes ~1-2 s here; ArcadeDB's
Bolt endpoint needs an explicit ``database=`` (create one first).
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import functools
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import neo4j

__all__ = ["ArcadeDB", "ArcadeDBError", "arcadedb_server", "find_arcadedb_package"]

ARCADEDB_WHEEL = "arcadedb-embedded==26.10.2.post1"
_LOG_NAME = "server.log"


class ArcadeDBError(RuntimeError):
    """The server could not be started, or an HTTP admin command failed."""


def find_arcadedb_package() -> Path:
    """Directory of the installed ``arcadedb_embedded`` package (not imported)."""
    env = os.environ.get("ARCADEDB_EMBEDDED_DIR")
    if env:
        return Path(env)
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        raise ArcadeDBError(f"arcadedb_embedded is not installed; pip install '{ARCADEDB_WHEEL}'")
    return Path(list(spec.submodule_search_locations)[0])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _tcp_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"<no log: {exc}>"
    return "\n".join(text.splitlines()[-lines:])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: SIGTERM the server if the Python process that started it dies."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except Exception:
        pass


@dataclass
class ArcadeDB:
    """A running ArcadeDB server. Created by :func:`arcadedb_server`."""

    workdir: Path
    http_port: int
    bolt_port: int
    password: str
    process: subprocess.Popen[bytes] = field(repr=False)
    log_path: Path = field(repr=False)
    user: str = "root"
    startup_seconds: float = 0.0
    _atexit_hook: Any = field(default=None, repr=False)

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    # -- HTTP admin -------------------------------------------------------
    def _request(self, method: str, path: str, body: Any = None, timeout: float = 30.0) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.http_url + path, data=data, method=method)
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")
            raise ArcadeDBError(f"{method} {path} -> HTTP {exc.code}: {detail}") from None
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode(errors="replace")

    def server_command(self, command: str) -> Any:
        """POST /api/v1/server {"command": ...} (e.g. "create database x")."""
        return self._request("POST", "/api/v1/server", {"command": command})

    def create_database(self, name: str) -> None:
        self.server_command(f"create database {name}")

    def drop_database(self, name: str) -> None:
        self.server_command(f"drop database {name}")

    def list_databases(self) -> list[str]:
        return list(self._request("GET", "/api/v1/databases").get("result", []))

    # -- Bolt -------------------------------------------------------------
    def driver(self, **kwargs: Any) -> neo4j.Driver:
        """A ``neo4j.Driver`` for this server (caller closes it)."""
        import neo4j  # lazy: keep the module importable without the driver

        return neo4j.GraphDatabase.driver(self.bolt_uri, auth=self.auth, **kwargs)

    # -- lifecycle --------------------------------------------------------
    def is_running(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_path, lines)

    def stop(self, grace: float = 10.0) -> None:
        _stop(self.process, grace)


def _stop(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    try:
        proc.terminate()  # ArcadeDB has a shutdown hook; SIGTERM is a clean stop
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def _java_command(
    pkg: Path, root: Path, heap: str, http_port: int, bolt_port: int, password: str, extra: list[str]
) -> list[str]:
    java = pkg / "jre" / "bin" / ("java.exe" if os.name == "nt" else "java")
    jars = pkg / "jars"
    if not java.exists() or not jars.is_dir():
        raise ArcadeDBError(f"no bundled JRE/jars under {pkg} (want {ARCADEDB_WHEEL})")
    return [
        str(java),
        f"-Xmx{heap}",
        "-XX:+UseSerialGC",  # fewer GC threads/less RSS; plenty for tests
        "--add-modules",
        "jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED",
        f"-Darcadedb.server.rootPath={root}",
        f"-Darcadedb.server.databaseDirectory={root / 'databases'}",
        f"-Darcadedb.server.rootPassword={password}",
        "-Darcadedb.server.httpIncomingHost=127.0.0.1",
        f"-Darcadedb.server.httpIncomingPort={http_port}",
        "-Darcadedb.bolt.host=127.0.0.1",
        f"-Darcadedb.bolt.port={bolt_port}",
        "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        *extra,
        "-cp",
        str(jars / "*"),
        "com.arcadedb.server.ArcadeDBServer",
    ]


def _http_ready(http_port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/api/v1/ready", timeout=1.0) as resp:
            return bool(200 <= resp.status < 300)
    except (OSError, urllib.error.URLError):
        return False


def _start_once(workdir: Path, heap: str, timeout: float, extra: list[str]) -> ArcadeDB:
    pkg = find_arcadedb_package()
    root = workdir.resolve()
    (root / "databases").mkdir(parents=True, exist_ok=True)
    http_port, bolt_port = _free_port(), _free_port()
    while bolt_port == http_port:
        bolt_port = _free_port()
    password = secrets.token_urlsafe(18)  # ArcadeDB wants >= 8 chars
    log_path = root / _LOG_NAME
    cmd = _java_command(pkg, root, heap, http_port, bolt_port, password, extra)
    t0 = time.monotonic()
    with open(log_path, "ab") as log, warnings.catch_warnings():
        # Python >= 3.12 warns about preexec_fn/fork in threaded processes; the
        # hook only calls prctl(), and pytest runs with filterwarnings=error.
        warnings.simplefilter("ignore", DeprecationWarning)
        log.write(f"\n=== starting: http={http_port} bolt={bolt_port}\n".encode())
        log.flush()
        proc = subprocess.Popen(
            cmd,
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in a terminal is handled by us, not the JVM
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    server = ArcadeDB(root, http_port, bolt_port, password, proc, log_path)
    hook = functools.partial(_stop, proc, 5.0)  # unique object: unregister only ours
    server._atexit_hook = hook
    atexit.register(hook)
    deadline = t0 + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise ArcadeDBError(
                    f"ArcadeDB exited with code {proc.returncode} during start-up "
                    f"(http={http_port}, bolt={bolt_port}). Log tail ({log_path}):\n" + _tail(log_path)
                )
            if _tcp_open(bolt_port) and _http_ready(http_port):
                break
            if time.monotonic() > deadline:
                raise ArcadeDBError(
                    f"ArcadeDB not ready after {timeout:.1f}s (http={http_port}, "
                    f"bolt={bolt_port}). Log tail ({log_path}):\n" + _tail(log_path)
                )
            time.sleep(0.1)
    except BaseException:
        _stop(proc, 5.0)
        atexit.unregister(hook)
        raise
    server.startup_seconds = time.monotonic() - t0
    return server


@contextlib.contextmanager
def arcadedb_server(
    workdir: Path,
    *,
    heap: str = "512m",
    timeout: float = 60.0,
    extra_jvm_args: list[str] | tuple[str, ...] = (),
    attempts: int = 3,
) -> Iterator[ArcadeDB]:
    """Run an ArcadeDB server (HTTP + Bolt on free loopback ports) for the block.

    ``workdir`` becomes the server root (config/, databases/, log/, server.log).
    ``extra_jvm_args`` are appended before ``-cp`` (e.g.
    ``["-Darcadedb.server.defaultDatabases=kam[root]"]``). Port races with other
    processes are retried ``attempts`` times.
    """
    workdir = Path(workdir)
    last: ArcadeDBError | None = None
    server = None
    for _ in range(max(1, attempts)):
        try:
            server = _start_once(workdir, heap, timeout, list(extra_jvm_args))
            break
        except ArcadeDBError as exc:
            last = exc
            # Only a lost port race is worth a retry.
            if "Address already in use" not in str(exc) and "BindException" not in str(exc):
                raise
    if server is None:
        assert last is not None
        raise last
    try:
        yield server
    finally:
        server.stop()
        atexit.unregister(server._atexit_hook)


def _main(argv: list[str]) -> int:
    """python tests/servers/arcadedb.py [WORKDIR] -- run a server until Ctrl-C."""
    import shutil
    import tempfile

    def _interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C and `kill` both stop the server cleanly (SIGINT may be inherited
    # as "ignored" when started in the background).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    keep = bool(argv)  # a WORKDIR given on the command line is kept
    workdir = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="arcadedb-"))
    try:
        with arcadedb_server(workdir) as adb:
            print(f"ArcadeDB up in {adb.startup_seconds:.1f}s (pid {adb.process.pid})")
            print(f"  bolt_uri : {adb.bolt_uri}")
            print(f"  http_url : {adb.http_url}  (studio: {adb.http_url}/)")
            print(f"  user     : {adb.user}")
            print(f"  password : {adb.password}")
            print(f"  workdir  : {adb.workdir}  (log: {adb.log_path})")
            print(
                "create a database: curl -u root:PASSWORD -d "
                '\'{"command":"create database kam"}\' ' + adb.http_url + "/api/v1/server"
            )
            print("Bolt needs database=NAME on every session (see tools/NOTES-arcadedb.md).")
            print("Ctrl-C to stop.", flush=True)
            try:
                while adb.is_running():
                    time.sleep(0.5)
                print("server exited by itself; log tail:\n" + adb.log_tail(), file=sys.stderr)
                return 1
            except KeyboardInterrupt:
                print("\nstopping...", flush=True)
        return 0
    except KeyboardInterrupt:  # interrupted during start-up; server already stopped
        return 130
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
