"""``kamgraph serve`` itself: it starts on a free loopback port and says where, refuses to
share the store beyond this machine without a token, and refuses a store that is not there."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from kamgraph.cli import cli
from tests.conftest import SAMPLES


def test_serve_starts_says_where_and_stops(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    assert (
        CliRunner()
        .invoke(cli, ["--store", str(db), "import", str(SAMPLES / "team.yaml"), str(SAMPLES / "nordhavn.yaml")])
        .exit_code
        == 0
    )
    exe = Path(sys.executable).parent / "kamgraph"
    proc = subprocess.Popen(
        [str(exe), "--store", str(db), "serve", "--port", "0", "--read-only"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "KAMGRAPH_TODAY": "2026-12-01"},
    )
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 30
        line = ""
        while "http://" not in line and time.monotonic() < deadline:
            line = proc.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found and "(read-only)" in line, line
        with urllib.request.urlopen(f"http://127.0.0.1:{found.group(1)}/api/session") as r:
            assert json.loads(r.read())["read_only"] is True
        with urllib.request.urlopen(f"http://127.0.0.1:{found.group(1)}/api/accounts/nordhavn") as r:
            assert json.loads(r.read())["account"]["name"] == "Nordhavn Logistics A/S"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode in (0, 1, -signal.SIGINT)


def test_serve_refuses_to_share_without_a_token(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    CliRunner().invoke(cli, ["--store", str(db), "import", str(SAMPLES / "team.yaml")])
    r = CliRunner().invoke(cli, ["--store", str(db), "serve", "--host", "0.0.0.0"])
    assert r.exit_code == 1 and "add --token" in r.output
    r = CliRunner().invoke(cli, ["--store", str(db), "serve", "--host", "0.0.0.0", "--token", "short"])
    assert r.exit_code == 1 and "at least 8 characters" in r.output


def test_serve_needs_a_store(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "missing.db"), "serve"])
    assert r.exit_code == 1 and "no kamgraph store here yet" in r.output
    assert not (tmp_path / "missing.db").exists()
