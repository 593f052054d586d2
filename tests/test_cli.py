"""Each command through click's CliRunner, and the installed entry point once for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = str(tmp_path / "k.db")

    def invoke(*args: str, code: int = 0, input: str | None = None):  # type: ignore[no-untyped-def]
        result = CliRunner().invoke(cli, ["--store", db, *args], input=input)
        assert result.exit_code == code, result.output
        return result

    invoke("import", str(DATA / "mini.yaml"))
    return invoke


def test_import_says_what_changed(run) -> None:  # type: ignore[no-untyped-def]
    out = run("import", str(DATA / "mini.yaml")).stdout
    assert "nothing changed" in out
    assert [line.split() for line in out.splitlines() if line.strip().startswith("people")] == [
        ["people", "0", "0", "6"]
    ]


def test_accounts_table_and_json(run) -> None:  # type: ignore[no-untyped-def]
    table = run("accounts").stdout
    assert "Acme Ibérica" in table and "120,000 EUR" in table
    [row] = json.loads(run("accounts", "--json").stdout)
    assert (row["id"], row["name"], row["people"], row["value"]) == ("acme", "Acme Ibérica", 4, 120000)


def test_show_lists_committee_and_who_knows_them(run) -> None:  # type: ignore[no-untyped-def]
    out = run("show", "acme").stdout
    assert "Opportunity Plataforma (acme-deal)" in out
    assert "Empty seats: legal" in out
    cfo = next(line for line in out.splitlines() if "Íñigo Peñalver" in line and "Sam Seller (0.8)" in line)
    assert "economic_buyer" in cfo and "2026-10-01" in cfo
    data = json.loads(run("show", "acme", "--json").stdout)
    assert data["account"]["id"] == "acme"
    people = {p["id"]: p for p in data["people"]}
    assert {"id", "name", "title", "roles", "stance"} <= set(people["acme-cfo"])
    assert people["acme-cfo"]["known_by"][0]["id"] == "us-sam"
    # the CIO is a detractor in person but backs this deal: the committee shows the deal's stance
    [deal] = [o for o in data["opportunities"] if o["id"] == "acme-deal"]
    assert {s["person"]: s["stance"] for s in deal["committee"]}["acme-cio"] == "supporter"
    assert people["acme-cio"]["stance"] == "detractor"
    # committee members come first, the economic buyer at the top
    assert data["people"][0]["id"] == "acme-cfo"


def test_show_unknown_account_is_one_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("show", "nope", code=1)
    assert result.stderr == "Error: no account matches 'nope'\n"


def test_people_finds_by_name(run) -> None:  # type: ignore[no-untyped-def]
    assert [p["id"] for p in json.loads(run("people", "gomez", "--json").stdout)] == ["acme-ap1"]


def test_forget_asks_then_erases(run) -> None:  # type: ignore[no-untyped-def]
    run("forget", "acme-cio", input="n\n", code=1)
    assert "Marta Ruiz" in run("show", "acme").stdout
    out = run("forget", "acme-cio", input="y\n").stdout
    assert "Erased Marta Ruiz (acme-cio)." in out and "removed: 1 committee seat," in out
    assert "Marta Ruiz" not in run("export").stdout
    assert run("forget", "acme-cio", "--yes", code=1).stderr == "Error: no person matches 'acme-cio'\n"


def test_export_to_a_file_and_back(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "all.json"
    run("export", "-o", str(out))
    assert json.loads(out.read_text())["version"] == 1
    other = CliRunner().invoke(cli, ["--store", str(tmp_path / "b.db"), "import", str(out)])
    assert other.exit_code == 0
    again = CliRunner().invoke(cli, ["--store", str(tmp_path / "b.db"), "export", "--format", "yaml"])
    assert again.stdout == run("export").stdout


def test_schema_is_json_schema(run) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")


def test_store_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = CliRunner().invoke(cli, ["import", str(DATA / "mini.yaml")], env={"KAMGRAPH_STORE": str(db)})
    assert result.exit_code == 0 and db.exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["--store", str(tmp_path / "x.db"), "show"]).exit_code == 2
    assert CliRunner().invoke(cli, ["frobnicate"]).exit_code == 2


def _commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert f"kamgraph {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_installed_entry_point_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "kamgraph"
    assert exe.exists(), "kamgraph is not installed in this environment"
    env = {**os.environ, "KAMGRAPH_STORE": str(tmp_path / "e.db")}
    done = subprocess.run([str(exe), "import", str(DATA / "mini.yaml")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([str(exe), "show", "nope"], env=env, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (1, "Error: no account matches 'nope'\n")
    done = subprocess.run([str(exe), "accounts", "--json"], env=env, capture_output=True, text=True)
    assert json.loads(done.stdout)[0]["id"] == "acme"


def test_the_readme_python_example_runs(tmp_path: Path) -> None:
    import re
    import shutil

    code = re.search(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert code is not None
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    done = subprocess.run([sys.executable, "-c", code.group(1)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "James Whitfield → Anjali Desai → Rachel Okafor" in done.stdout
    assert "1 ['mer-anjali-desai']" in done.stdout


def test_a_read_command_on_a_missing_store_says_so_and_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "kamgraph.db"
    result = CliRunner().invoke(cli, ["--store", str(typo), "show", "acme"])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {typo}: no kamgraph store here yet; create one with: kamgraph import FILE...\n",
    )
    assert not typo.parent.exists()


def test_enter_at_the_erasure_prompt_erases_nothing(run) -> None:  # type: ignore[no-untyped-def]
    run("forget", "acme-cio", input="\n", code=1)
    assert "Marta Ruiz" in run("show", "acme").stdout


@pytest.mark.parametrize("command", [["export"], ["map", "acme"], ["slides", "acme"]])
def test_writing_to_an_impossible_path_is_one_line(run, tmp_path: Path, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "no" / "such" / ("x.pptx" if command[0] == "slides" else "x.svg")
    result = run(*command, "-o", str(target), code=1)
    assert result.stderr.startswith("Error: ") and "cannot write" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_reading_never_waits_for_a_writer(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    writer = sqlite3.connect(tmp_path / "k.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of an import
    try:
        assert "Acme Ibérica" in run("accounts").stdout
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_map_file_with_an_unknown_suffix_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("map", "acme", "-o", str(tmp_path / "map.gif"), code=1)
    assert "cannot tell the format from '.gif'" in result.stderr
    assert not (tmp_path / "map.gif").exists()


# command → (the README row it is documented in, which half of a "A / B" row)
JSON_ROWS = {
    "accounts --json": ("accounts --json", 0),
    "show meridian --json": ("show ACCOUNT --json", 0),
    "path --from team --to mer-rachel-okafor --json": ("path --json", 0),
    "whitespace meridian --json": ("whitespace ACCOUNT --json", 0),
    "risk --opportunity mer-opp-analytics --json": ("risk --opportunity OPP --json", 0),
    "risk meridian --json": ("risk ACCOUNT --json", 0),
    "risk --portfolio --json": ("risk ACCOUNT --json", 1),
    "influence meridian --json": ("influence ACCOUNT --json", 0),
    "forget mer-daniel-osei --json": ("forget PERSON --json", 0),
    "show mer-anjali-desai --json": ("show PERSON --json", 0),
    "lint meridian --json": ("lint ACCOUNT --json", 0),
}


@pytest.mark.parametrize("command", sorted(JSON_ROWS))
def test_the_readme_json_shapes_are_what_commands_print(tmp_path: Path, command: str) -> None:
    """Every key the README's JSON table names for a command appears in that command's output."""
    import re

    prefix, half = JSON_ROWS[command]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| `{prefix}`"))
    shape = row.split(" | ")[1].split("` / `")[half]
    documented = set(re.findall(r'"(\w+)"', shape))
    db = str(tmp_path / "k.db")
    CliRunner().invoke(cli, ["--store", db, "import", *map(str, sorted((ROOT / "samples").glob("*.yaml")))])
    result = CliRunner().invoke(cli, ["--store", db, *command.split()])
    assert result.exit_code == 0, result.output

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    printed = keys(json.loads(result.stdout))
    assert documented and documented <= printed, documented - printed
