"""``--csv`` on every command that prints a table: only the tables, as CSV a spreadsheet reads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from tests.conftest import SAMPLES

COMMANDS = [
    (["accounts"], "ID,NAME,INDUSTRY"),
    (["show", "meridian"], None),
    (["people", "a"], "ID,NAME,TITLE,ORGANISATION,STANCE"),
    (["risk", "meridian"], "DECISION-MAKER,THREADS"),
    (["influence", "andina"], "#,NAME,TITLE"),
    (["whitespace", "andina"], "unit,name"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("csv") / "k.db")
    files = sorted(str(p) for p in SAMPLES.glob("*.yaml"))
    result = CliRunner().invoke(cli, ["--store", db, "import", "--csv", *files])
    assert result.exit_code == 0 and result.stdout.startswith("RECORDS,ADDED,UPDATED,UNCHANGED\n"), result.output
    return db


@pytest.mark.parametrize(("args", "head"), COMMANDS)
def test_csv_prints_only_tables(store: str, args: list[str], head: str | None) -> None:
    result = CliRunner().invoke(cli, ["--store", store, "--today", "2026-06-30", *args, "--csv"])
    assert result.exit_code == 0, result.output
    tables = [t for t in result.stdout.split("\n\n") if t.strip()]
    assert tables
    for t in tables:
        rows = list(csv.reader(io.StringIO(t)))
        assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows), t
    if head:
        assert result.stdout.startswith(head)


def test_csv_and_json_together_is_a_usage_error(store: str) -> None:
    result = CliRunner().invoke(cli, ["--store", store, "accounts", "--csv", "--json"])
    assert result.exit_code == 2 and "choose one of --json and --csv" in result.output


def test_a_long_cell_is_whole_in_csv(store: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", store, "accounts", "--csv"])
    assert "Grupo Andina de Retail S.A." in result.stdout and "…" not in result.stdout


def test_a_search_that_finds_no_one_is_a_header_with_no_rows(store: str) -> None:
    """A spreadsheet or script reading the CSV gets the columns, not an empty file."""
    result = CliRunner().invoke(cli, ["--store", store, "people", "nobody-is-called-this", "--csv"])
    assert result.exit_code == 0 and result.stdout == "ID,NAME,TITLE,ORGANISATION,STANCE\n"
