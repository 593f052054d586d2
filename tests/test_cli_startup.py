"""Start-up stays light: ``kamgraph --help`` or ``kamgraph accounts`` must not pay for
networkx, scipy or python-pptx, which load only when a command needs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kamgraph.cli import COMMANDS, cli

HEAVY = ("networkx", "scipy", "pptx")


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = f"import json, sys, kamgraph.cli; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert json.loads(out) == []


# --- what each command loads: a read command imports only what it uses (issue 13, issue 19) ---

SAMPLES = sorted(str(p) for p in (Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))

#: Modules no read command of the store needs: the file and CRM readers, the renderers, the
#: web app, the Neo4j driver (on an SQLite store), the analyses' heavy libraries.
NOT_FOR_READING = (
    "yaml",
    "kamgraph.io.files",
    "kamgraph.io.crm",
    "kamgraph.render",
    "kamgraph.web",
    "graphviz",
    "pptx",
    "starlette",
    "uvicorn",
    "neo4j",
    "numpy",
    "scipy",
    "multiprocessing",
    "kamgraph.cli.crm",
    "kamgraph.cli.render",
    "kamgraph.cli.serve",
    "kamgraph.cli.files",
)
NO_ANALYSIS = ("networkx", "kamgraph.analysis", "kamgraph.cli.analysis", "kamgraph.cli.risk")


def _loaded_by(args: list[str], db: Path) -> set[str]:
    """The modules a fresh interpreter holds after running ``kamgraph ARGS`` (exit 0)."""
    code = (
        "import json, sys; from click.testing import CliRunner; from kamgraph.cli import cli; "
        f"r = CliRunner().invoke(cli, ['--store', {str(db)!r}, *{args!r}]); "
        "print(json.dumps([r.exit_code, sorted(sys.modules)]))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    exit_code, modules = json.loads(out)
    assert exit_code == 0, (args, exit_code)
    return set(modules)


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("startup") / "kg.db"
    assert CliRunner().invoke(cli, ["--store", str(db), "import", *SAMPLES]).exit_code == 0
    return db


def _found(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n in modules or any(m.startswith(n + ".") for m in modules))


@pytest.mark.parametrize("args", [["accounts"], ["show", "meridian"], ["people", "ruiz"], ["accounts", "--json"]])
def test_reading_the_store_loads_no_reader_renderer_or_analysis(samples_db: Path, args: list[str]) -> None:
    loaded = _loaded_by(args, samples_db)
    assert _found(loaded, NOT_FOR_READING + NO_ANALYSIS) == []
    assert "kamgraph.cli.core" in loaded  # the command's own module, and only that one


@pytest.mark.parametrize(
    "args", [["accounts"], ["accounts", "--json"], ["accounts", "--csv"], ["--today", "2027-01-01", "accounts"]]
)
def test_accounts_on_sqlite_loads_no_pydantic(samples_db: Path, args: list[str]) -> None:
    # it formats the store's rows as they are (kamgraph.store.sqlite_plain): pydantic and
    # kamgraph's models are about two thirds of a command's start-up
    loaded = _loaded_by(args, samples_db)
    assert _found(loaded, ("pydantic", "kamgraph.model", "kamgraph.store.base", "kamgraph.strength")) == []


@pytest.mark.parametrize(
    "args",
    [
        ["show", "meridian"],
        ["show", "meridian", "--json"],
        ["show", "andina", "--csv"],
        ["--today", "2027-01-01", "--half-life", "30", "show", "nordhavn"],
        ["show", "mer-anjali-desai"],  # a person's card
        ["show", "kes-anna-berg", "--json"],
    ],
)
def test_show_on_sqlite_loads_no_pydantic(samples_db: Path, args: list[str]) -> None:
    # the account's rows read as plain records (kamgraph.store.plain_reader), the same views
    loaded = _loaded_by(args, samples_db)
    assert _found(loaded, ("pydantic", "kamgraph.model", "kamgraph.store.base", "kamgraph.store.sqlite")) == []
    assert "kamgraph.views" in loaded


@pytest.mark.parametrize(
    "args", [["people", "ruiz"], ["people", "ruiz", "--json"], ["people", "a", "--account", "Meridian", "--csv"]]
)
def test_people_on_sqlite_loads_no_pydantic(samples_db: Path, args: list[str]) -> None:
    loaded = _loaded_by(args, samples_db)
    assert _found(loaded, ("pydantic", "kamgraph.model", "kamgraph.store.base")) == []


def test_show_by_name_on_sqlite_loads_no_pydantic(samples_db: Path) -> None:
    # names are resolved by the same look-ups over the plain records (kamgraph.resolve)
    for args in (["show", "Meridian"], ["show", "Anjali"], ["show", "nordhavn logistics", "--json"]):
        loaded = _loaded_by(args, samples_db)
        assert _found(loaded, ("pydantic", "kamgraph.model", "kamgraph.store.base")) == [], args
        assert "kamgraph.resolve" in loaded


def test_accounts_still_reads_through_the_store_when_it_must(samples_db: Path) -> None:
    # no store file to read (here an in-memory store): the store answers, with its models
    assert "kamgraph.store.base" in _loaded_by(["accounts"], Path(":memory:"))
    # --half-life is checked (and set) by kamgraph.strength, which loads the models
    assert "kamgraph.strength" in _loaded_by(["--half-life", "30", "accounts"], samples_db)


@pytest.mark.parametrize(
    ("args", "analysis"),
    [
        (
            ["path", "--from", "team", "--to", "role:economic_buyer", "--opportunity", "mer-opp-analytics", "--k", "3"],
            "kamgraph.analysis.paths",
        ),
        (["risk", "meridian"], "kamgraph.analysis.risk"),
    ],
)
def test_an_analysis_loads_its_own_module_and_nothing_it_does_not_use(
    samples_db: Path, args: list[str], analysis: str
) -> None:
    loaded = _loaded_by(args, samples_db)
    assert _found(loaded, NOT_FOR_READING) == []
    assert analysis in loaded
    assert _found(loaded, ("kamgraph.portfolio_run",)) == []


def test_whitespace_loads_no_reader_renderer_or_web_app(samples_db: Path) -> None:
    assert _found(_loaded_by(["whitespace", "meridian"], samples_db), NOT_FOR_READING) == []


@pytest.mark.parametrize(
    "args", [["risk", "meridian"], ["risk", "meridian", "--json"], ["risk", "--portfolio"], ["whitespace", "meridian"]]
)
def test_risk_and_whitespace_load_no_networkx(samples_db: Path, args: list[str]) -> None:
    # risk counts its threads on integers (kamgraph.analysis.connectivity) and whitespace
    # counts coverage from the records: networkx (~90 ms of start-up) is for path and influence
    loaded = _loaded_by(args, samples_db)
    assert _found(loaded, ("networkx",)) == []
    assert "kamgraph.analysis" in loaded  # the whole package, eagerly: its names stay its functions


def test_a_route_search_still_finds_networkx_when_it_runs(samples_db: Path) -> None:
    path = ["path", "--from", "team", "--to", "role:economic_buyer", "--opportunity", "mer-opp-analytics"]
    assert "networkx" not in _loaded_by(path, samples_db)  # the one best route: on plain lists
    # and the k best by probability: Yen's algorithm on the same plain lists
    assert "networkx" not in _loaded_by([*path, "--k", "3"], samples_db)
    # fewest hops first is networkx's Yen, imported inside the function that searches
    assert "networkx" in _loaded_by([*path, "--k", "3", "--fewest-hops"], samples_db)


def test_help_lists_every_command_and_loads_none() -> None:
    code = (
        "import json, sys; from click.testing import CliRunner; from kamgraph.cli import cli; "
        "r = CliRunner().invoke(cli, ['--help']); "
        "print(json.dumps([r.output, sorted(m for m in sys.modules if m.startswith(('kamgraph', 'pydantic')))]))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    text, modules = json.loads(out)
    assert modules == sorted(
        [
            "kamgraph",
            "kamgraph.cli",
            "kamgraph.cli._common",
            "kamgraph.cli._csv",
            "kamgraph.cli.group",
            "kamgraph.clock",
            "kamgraph.errors",
            "kamgraph.text",
        ]
    )
    listed = [line.split()[0] for line in text.split("Commands:\n", 1)[1].splitlines() if line.strip()]
    assert listed == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_short_help_is_the_commands_own(name: str) -> None:
    command = cli.commands[name]  # imports it
    where = COMMANDS[name]
    assert command.name == name and command.callback is not None
    assert command.callback.__module__ == f"kamgraph.cli.{where.module}"
    for limit in (20, 45, 60, 72, 200, 10_000):
        stub = click.Command(name, help=where.short_help)
        assert stub.get_short_help_str(limit) == command.get_short_help_str(limit), (name, limit)


def test_the_program_ends_with_its_exit_code_and_all_its_output(samples_db: Path, tmp_path: Path) -> None:
    # main() freezes what is alive as the process ends (Python's last collections would walk
    # it all): the output, the one-line errors and the exit codes stay as they were
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "kamgraph", "--store", str(samples_db), *args]
        return subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path)

    shown = run("show", "meridian")
    assert (
        shown.returncode == 0
        and shown.stdout == CliRunner().invoke(cli, ["--store", str(samples_db), "show", "meridian"]).stdout
    )
    listed = run("accounts", "--json")
    assert listed.returncode == 0 and [a["id"] for a in json.loads(listed.stdout)] == ["andina", "meridian", "nordhavn"]
    missing = run("show", "atlantis")
    assert (
        missing.returncode == 1 and missing.stderr.startswith("Error: no account") and missing.stderr.count("\n") == 1
    )
    assert run("nosuch").returncode == 2
    assert not list(tmp_path.iterdir())  # nothing left behind where it ran


def test_the_lazy_store_package_names_its_classes_whatever_was_imported_first() -> None:
    # kamgraph.store loads its classes on first use (PEP 562): importing a submodule sets an
    # attribute of the package by the submodule's name, which must never hide a public name
    code = (
        "import importlib, json, pkgutil, types, kamgraph.store as s; "
        "[importlib.import_module('kamgraph.store.' + m.name) for m in pkgutil.iter_modules(s.__path__)]; "
        "print(json.dumps({n: isinstance(getattr(s, n), types.ModuleType) for n in s.__all__}))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    names = json.loads(out)
    assert {"SQLiteStore", "Store", "open_store", "AccountSummary"} <= names.keys()
    assert [n for n, is_module in names.items() if is_module] == []
