"""A real Neo4j Community, started from Maven Central's jars: for the tests and `make neo4j`.

tests/servers/neo4j/ is a small Maven module pinned to one exact Neo4j release and a Java main
(``kamgraph.testserver.Neo4jServer``) that runs the embedded DBMS with Bolt on 127.0.0.1, auth
on. This module builds it once (Maven resolves the jars into ~/.m2 and writes the class path;
javac compiles the class; both cached under tests/servers/neo4j/target, rebuilt when the pom or
the Java source changes), starts it on a free port and stops it. Standard library only.

    with neo4j_server(tmp_path / "neo4j") as server:
        print(server.uri, server.password)      # bolt://127.0.0.1:NNNN, a random password

``python -m tests.servers.neo4j_server --data DIR [--port N]`` runs one in the foreground until
Ctrl-C (what `make neo4j` does).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import secrets
import selectors
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["INSTALL_HINT", "NEO4J_VERSION", "Neo4jServer", "Neo4jServerError", "build", "free_port", "neo4j_server"]

NEO4J_VERSION = "5.26.30"
MODULE = Path(__file__).resolve().parent / "neo4j"
SOURCE = MODULE / "src" / "main" / "java" / "kamgraph" / "testserver" / "Neo4jServer.java"
TARGET = MODULE / "target"
MAIN_CLASS = "kamgraph.testserver.Neo4jServer"
INSTALL_HINT = "install JDK 17+ and Maven: apt-get install -y default-jdk-headless maven"
_READY = re.compile(r"^ready bolt://127\.0\.0\.1:(\d+) (\S+) (\S+)$")


class Neo4jServerError(RuntimeError):
    """Neo4j could not be built or started; the message is one line."""


def free_port() -> int:
    """A loopback port nobody listens on (for a test of an unreachable server)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Neo4jServerError(f"{name} is not installed; {INSTALL_HINT}")
    return found


def _java_major(java: str) -> int:
    done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr)
    if not match:
        raise Neo4jServerError(f"cannot tell the version of {java}; {INSTALL_HINT}")
    major = int(match[1])
    return int(match[2] or 0) if major == 1 else major


def _build_key(java_major: int) -> str:
    digest = hashlib.sha256()
    for path in (MODULE / "pom.xml", SOURCE):
        digest.update(path.read_bytes())
    digest.update(str(java_major).encode())
    return digest.hexdigest()


def _cached(key: str) -> list[str] | None:
    try:
        built = json.loads((TARGET / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    classpath = built.get("classpath") if built.get("key") == key else None
    if not classpath or not all(Path(p).exists() for p in classpath):
        return None  # stale, or ~/.m2 was cleaned
    return list(classpath)


def _run(cmd: list[str], what: str, timeout: float) -> None:
    try:
        done = subprocess.run(cmd, cwd=MODULE, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Neo4jServerError(f"{what} took over {timeout:.0f} s") from None
    if done.returncode:
        lines = [ln for ln in (done.stdout + done.stderr).splitlines() if "ERROR" in ln or "error:" in ln]
        raise Neo4jServerError(f"{what} failed: {(lines or ['exit ' + str(done.returncode)])[0].strip()}")


def build(*, timeout: float = 900.0) -> list[str]:
    """The class path of the server (its class first), building the module if needed.

    Safe to call from several processes at once: one builds, the others wait for it."""
    java = _tool("java")
    major = _java_major(java)
    if major < 17:
        raise Neo4jServerError(f"Neo4j {NEO4J_VERSION} needs Java 17 or later, {java} is Java {major}; {INSTALL_HINT}")
    key = _build_key(major)
    classpath = _cached(key)
    if classpath:
        return classpath
    TARGET.mkdir(exist_ok=True)
    with open(TARGET / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        classpath = _cached(key)
        if classpath:
            return classpath
        mvn, javac = _tool("mvn"), _tool("javac")
        listing = TARGET / "classpath.txt"
        _run(
            [mvn, "-B", "-q", "dependency:build-classpath", f"-Dmdep.outputFile={listing}"],
            f"Maven (resolving Neo4j {NEO4J_VERSION})",
            timeout,
        )
        jars = listing.read_text(encoding="utf-8").strip().split(os.pathsep)
        classes = TARGET / "classes"
        shutil.rmtree(classes, ignore_errors=True)
        _run(
            [javac, "--release", "17", "-Xlint:-path", "-cp", os.pathsep.join(jars), "-d", str(classes), str(SOURCE)],
            "javac",
            timeout,
        )
        classpath = [str(classes), *jars]
        (TARGET / "build.json").write_text(json.dumps({"key": key, "classpath": classpath}), encoding="utf-8")
        return classpath


@dataclass
class Neo4jServer:
    """A running server. Created by :func:`neo4j_server`."""

    home: Path
    port: int
    password: str
    version: str
    edition: str
    process: subprocess.Popen[bytes] = field(repr=False)
    startup_seconds: float = 0.0
    user: str = "neo4j"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.home / "server.log"

    def is_running(self) -> bool:
        return self.process.poll() is None

    def stop(self, grace: float = 30.0) -> None:
        _stop(self.process, grace)


def _stop(proc: subprocess.Popen[bytes], grace: float) -> None:
    """Close the server's standard input (its signal to shut down), then TERM, then KILL."""
    if proc.stdin and not proc.stdin.closed:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    for step in (None, proc.terminate, proc.kill):
        if step is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                step()
        try:
            proc.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    if proc.stdout:
        proc.stdout.close()


def _read(path: Path, start: int) -> str:
    """What ``path`` holds from byte ``start`` on (this run's output, not an earlier one's)."""
    try:
        with open(path, "rb") as f:
            f.seek(start)
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def _tail(path: Path, start: int = 0, lines: int = 1) -> str:
    text = [ln.strip() for ln in _read(path, start).splitlines() if ln.strip()]
    useful = [ln for ln in text if "Exception" in ln or "Error" in ln or "Neo4jServer:" in ln] or text
    return " | ".join(useful[:lines]) if useful else "no output"


def _cause(log: Path, start: int) -> str:
    """Why the server did not start, in words, from its output since byte ``start``."""
    text = _read(log, start)
    if "locked by another process" in text:
        return f"its data folder {log.parent} is in use by another Neo4j (is one already running?)"
    if "Address already in use" in text or "BindException" in text:
        return "its port is in use (set another one)"
    return _tail(log, start)


def _wait_ready(proc: subprocess.Popen[bytes], log: Path, start: int, timeout: float) -> tuple[int, str, str]:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    buffer = b""
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Neo4jServerError(f"Neo4j did not answer within {timeout:.0f} s (see {log})")
            if sel.select(timeout=min(left, 1.0)):
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:  # the JVM ended before it was ready
                    proc.wait(timeout=30)
                    why = _cause(log, start)
                    raise Neo4jServerError(f"Neo4j exited ({proc.returncode}) before it was ready: {why}")
                buffer += chunk
                for line in buffer.decode(errors="replace").splitlines():
                    match = _READY.match(line.strip())
                    if match:
                        return int(match[1]), match[2], match[3]


@contextlib.contextmanager
def neo4j_server(
    home: Path,
    *,
    port: int = 0,
    password: str | None = None,
    heap: str = "512m",
    pagecache_mb: int = 64,
    lockout: bool = False,
    timeout: float = 180.0,
    gc: str = "SerialGC",
    jvm_options: tuple[str, ...] = (),
) -> Iterator[Neo4jServer]:
    """Run Neo4j for the block: data, logs and ``server.log`` (the JVM's output) under ``home``.

    ``port`` 0 takes a free one; ``password`` (8 characters or more) defaults to a random one;
    ``lockout`` keeps Neo4j's rule that three failed logins lock the user for five seconds (the
    tests try wrong passwords on purpose, so they turn it off). ``pagecache_mb``: Neo4j's page
    cache (the store's files held in memory); 64 MB keeps the tests small, a benchmark of a
    100,000-person graph wants its store to fit. ``gc``: the JVM's garbage collector (``SerialGC``,
    the smallest, for the tests; ``ParallelGC``, ``G1GC``). ``jvm_options``: more options for
    the JVM (the benchmark gives ``-Xms`` equal to the heap, as Neo4j advises for a server:
    one big import's transaction fills the heap, and a heap still growing collects far more)."""
    classpath = build()
    password = password if password is not None else secrets.token_urlsafe(18)
    if len(password) < 8:
        raise Neo4jServerError("the Neo4j password must be 8 characters or more")
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    log = home / "server.log"
    cmd = [
        _tool("java"),
        f"-Xmx{heap}",
        f"-Dkamgraph.pagecache.mb={pagecache_mb}",
        f"-XX:+Use{gc}",
        "-XX:+ExitOnOutOfMemoryError",
        *jvm_options,
        "-cp",
        os.pathsep.join(classpath),
        MAIN_CLASS,
        str(home),
        str(port),
        *([] if lockout else ["--no-lockout"]),
    ]
    env = {**os.environ, "NEO4J_PASSWORD": password}
    started = time.monotonic()
    start = log.stat().st_size if log.exists() else 0
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=out, env=env, start_new_session=True
        )  # Ctrl-C reaches us, and we stop it cleanly
    hook = functools.partial(_stop, proc, 10.0)
    atexit.register(hook)
    try:
        try:
            bolt, version, edition = _wait_ready(proc, log, start, timeout)
        except BaseException:
            _stop(proc, 10.0)
            raise
        server = Neo4jServer(home, bolt, password, version, edition, proc, time.monotonic() - started)
        yield server
    finally:
        _stop(proc, 30.0)
        atexit.unregister(hook)


def _password(data: Path) -> tuple[str, bool]:
    """$NEO4J_PASSWORD, or the one kept in DATA/password (made on first use): (password, new?)."""
    given = os.environ.get("NEO4J_PASSWORD")
    if given:
        return given, False
    kept = data / "password"
    if kept.exists():
        return kept.read_text(encoding="utf-8").strip(), False
    password = secrets.token_urlsafe(18)
    fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(password + "\n")
    return password, True


def main(argv: list[str] | None = None) -> int:
    """`make neo4j`: Neo4j in the foreground, data kept in DATA, until Ctrl-C."""
    import argparse
    import signal

    parser = argparse.ArgumentParser(prog="make neo4j", description=main.__doc__)
    parser.add_argument("--data", type=Path, default=Path(".neo4j"), help="data folder, kept between runs")
    parser.add_argument("--port", type=int, default=int(os.environ.get("NEO4J_PORT") or 7687))
    parser.add_argument("--heap", default=os.environ.get("NEO4J_HEAP") or "1g")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops it as Ctrl-C does
    data: Path = args.data.resolve()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex(("127.0.0.1", args.port)) == 0:
                raise Neo4jServerError(f"port {args.port} is in use (is a Neo4j running? set NEO4J_PORT)")
        data.mkdir(parents=True, exist_ok=True)
        password, new = _password(data)
        print(f"starting Neo4j {NEO4J_VERSION} Community (data in {data}) ...", flush=True)
        with neo4j_server(data / "home", port=args.port, password=password, heap=args.heap, lockout=True) as server:
            print(
                f"Neo4j {server.version} {server.edition.title()} on {server.uri} "
                f"(ready in {server.startup_seconds:.0f} s). Ctrl-C stops it.",
                flush=True,
            )
            shown = data if not data.is_relative_to(Path.cwd()) else data.relative_to(Path.cwd())
            if new:
                print(f"Its password, made now and kept in {shown / 'password'} (mode 0600): {password}")
            print("In another shell:")
            print(f"  export NEO4J_URI={server.uri}")
            print("  export NEO4J_USERNAME=neo4j")
            if os.environ.get("NEO4J_PASSWORD"):
                print("  export NEO4J_PASSWORD=...   # the $NEO4J_PASSWORD you gave")
            else:
                print(f'  export NEO4J_PASSWORD="$(cat {shown / "password"})"')
            print("  kamgraph --store neo4j import samples/*.yaml", flush=True)
            while server.is_running():
                time.sleep(0.5)
            print(f"Neo4j stopped by itself (see {server.log})", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("\nNeo4j stopped.", flush=True)
        return 0
    except (Neo4jServerError, OSError) as exc:
        print(f"make neo4j: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
