"""Shared fixtures. ``store`` is the store contract's fixture: every test that takes it runs
on each backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamgraph.store import SQLiteStore, Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(params=["sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend."""
    with SQLiteStore(tmp_path / "kamgraph.db") as s:
        yield s


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
