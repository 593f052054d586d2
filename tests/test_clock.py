"""One clock: ``--today`` and ``$KAMGRAPH_TODAY`` decide what is stale and what a map or deck
is "as of"; a date that is not one is a one-line error."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kamgraph import clock
from kamgraph.cli import cli
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("clock") / "k.db")
    r = CliRunner().invoke(cli, ["--store", path, "import", *sorted(str(p) for p in SAMPLES.glob("*.yaml"))])
    assert r.exit_code == 0, r.output
    return path


def _risk(db: str, *args: str, env: dict[str, str] | None = None) -> str:
    r = CliRunner().invoke(cli, ["--store", db, *args, "risk", "nordhavn"], env=env)
    assert r.exit_code == 0, r.output
    return r.output


def test_today_decides_what_is_stale(db: str) -> None:
    # our last contact with Jesper Nørgaard in samples/nordhavn.yaml is on 2026-09-30: 46 days
    # before 2026-11-15 (fresh), years before 2030 (stale: over 90 days)
    stale = "no contact for over 90 days with Jesper Nørgaard"
    assert stale in _risk(db, "--today", "2030-01-01")
    assert stale not in _risk(db, "--today", "2026-11-15")
    assert stale in _risk(db, env={"KAMGRAPH_TODAY": "2030-01-01"})
    # the flag wins over the variable
    assert stale not in _risk(db, "--today", "2026-11-15", env={"KAMGRAPH_TODAY": "2030-01-01"})


def test_a_map_says_the_date_it_is_as_of(db: str) -> None:
    r = CliRunner().invoke(
        cli, ["--store", db, "--today", "2031-02-03", "map", "nordhavn", "-o", "-", "--format", "dot"]
    )
    assert r.exit_code == 0, r.output
    assert "2031-02-03" in r.output


@pytest.mark.parametrize("bad", ["2020-13-01", "tomorrow", "01/02/2026"])
def test_a_bad_date_is_one_line(db: str, bad: str) -> None:
    r = CliRunner().invoke(cli, ["--store", db, "--today", bad, "accounts"])
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [f"Error: --today: '{bad}' is not a date (use YYYY-MM-DD)"]
    r = CliRunner().invoke(cli, ["--store", db, "accounts"], env={"KAMGRAPH_TODAY": bad})
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [f"Error: --today: '{bad}' is not a date (use YYYY-MM-DD)"]


def test_library_default_is_the_one_clock() -> None:
    import datetime as dt

    clock.set_today(dt.date(2001, 2, 3))
    try:
        assert clock.today() == dt.date(2001, 2, 3)
    finally:
        clock.set_today(None)
    assert clock.today() == dt.date.today()
