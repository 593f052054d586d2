"""Start-up stays light: ``kamgraph --help`` or ``kamgraph accounts`` must not pay for
networkx, scipy or python-pptx, which load only when a command needs them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("networkx", "scipy", "pptx")


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = f"import json, sys, kamgraph.cli; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert json.loads(out) == []


def test_an_analysis_command_still_finds_them() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from kamgraph.cli import cli; "
        "r = CliRunner().invoke(cli, ['--store', ':memory:', 'influence', 'nobody']); "
        "print(r.exit_code, 'networkx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["1", "True"]
