"""`kamgraph lint`: the hygiene list on an account built to have each finding once
(tests/data/lint.yaml), the expected list written down; exit 0 when clean, 1 on errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner, Result

from kamgraph import clock
from kamgraph.cli import cli
from kamgraph.io.files import import_files, load_files
from kamgraph.lint import lint_account, lint_store
from kamgraph.model import Role
from kamgraph.store import Store

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 12, 1)

EXPECTED = [
    ("error", "overdue", "lint-late"),
    ("error", "left-seated", "lint-gone"),
    ("warning", "unknown-stance", "lint-champ"),
    ("warning", "no-economic-buyer", "lint-thin"),
    ("warning", "no-champion", "lint-thin"),
    ("warning", "stale-decision-maker", "lint-eb"),
    ("warning", "duplicate-email", "lint-dup2"),
    ("warning", "duplicate-name", "lint-jose2"),
    ("info", "missing-title", "lint-bare"),
    ("info", "missing-unit", "lint-bare"),
    ("info", "missing-seniority", "lint-bare"),
    ("info", "map-not-updated", "lint"),
]


def test_each_finding_once_with_its_fix() -> None:
    graph, _ = load_files([DATA / "lint.yaml"])
    found = lint_account(graph, "lint", today=TODAY)
    assert [(f.severity, f.code, f.id) for f in found] == EXPECTED
    said = {f.code: (f.message, f.fix) for f in found}
    assert said["overdue"][0] == "open, but its close date 2026-10-01 has passed"
    assert said["left-seated"] == (
        "left on 2026-11-01 but still sits on lint-thin's committee",
        "kamgraph set lint-gone --opportunity lint-thin --unseat",
    )
    assert said["unknown-stance"][1] == "kamgraph set lint-champ stance=supporter|neutral|detractor"
    assert said["no-economic-buyer"] == (
        "no economic buyer identified (an empty seat says so)",
        "kamgraph set PERSON --opportunity lint-thin --add roles=economic_buyer",
    )
    assert said["stale-decision-maker"] == (
        "decision-maker on lint-late: last contact 2026-06-01 (more than 90 days)",
        "kamgraph log-contact lint-eb --by OURPERSON",
    )
    assert said["duplicate-email"][0] == "probably a duplicate: the same e-mail as lint-dup1"
    assert said["duplicate-name"][0] == "probably a duplicate: the same name as lint-jose1"
    assert said["map-not-updated"][0] == (
        "map not updated since 2026-09-02: the latest change, contact or note is of 2026-06-01"
    )


def test_the_thresholds_move_the_findings() -> None:
    graph, _ = load_files([DATA / "lint.yaml"])
    codes = {f.code for f in lint_account(graph, "lint", today=TODAY, stale_days=365)}
    assert "stale-decision-maker" not in codes and "map-not-updated" not in codes
    early = {f.code for f in lint_account(graph, "lint", today=dt.date(2026, 9, 1))}
    assert "overdue" not in early and "left-seated" not in early  # neither had happened yet
    assert "map-not-updated" in {
        f.code for f in lint_account(graph, "lint", today=TODAY, stale_days=365, since=dt.date(2026, 7, 1))
    }


def test_on_each_store_and_the_fix_commands_work(store: Store) -> None:
    clock.set_today(TODAY)  # the import is recorded today, whatever day the suite runs
    import_files(store, [DATA / "lint.yaml"])
    clock.set_today(None)
    report = lint_store(store, None, today=TODAY)
    assert report.accounts == ["lint"] and (report.errors, report.warnings, report.info) == (2, 6, 3)
    # the import itself is in the change log: the map was updated today
    assert [(f.severity, f.code, f.id) for f in report.findings] == EXPECTED[:-1]
    later = lint_store(store, ["lint"], today=dt.date(2100, 6, 1)).findings  # the change log's entries are old then
    [stale] = [f.message for f in later if f.code == "map-not-updated"]
    assert stale.startswith("map not updated since 2100-03-03: the latest change, contact or note is of ")
    from kamgraph import edits

    edits.set_all(store, "lint-gone", {}, [("lint-thin", None)])  # what the fix command does
    edits.set_person(store, "lint-champ", {"stance": "supporter"})
    [deal] = store.get("opportunities", ["lint-thin"]).values()
    assert deal.committee == [] and deal.empty_seats == [Role.economic_buyer, Role.decision_maker]  # type: ignore[attr-defined]
    codes = [f.code for f in lint_store(store, ["lint"], today=TODAY).findings]
    assert "left-seated" not in codes and "unknown-stance" not in codes
    assert lint_store(store, [], today=TODAY).findings == []  # the model check only: a sound store


def kamgraph(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", db, "--today", "2026-12-01", *args])


def test_the_command_exits_1_on_errors_and_0_when_clean(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    assert kamgraph(db, "import", str(DATA / "lint.yaml")).exit_code == 0
    assert kamgraph(db, "import", str(DATA / "mini.yaml")).exit_code == 0  # both have our "us"
    done = kamgraph(db, "lint", "Lint Industries")
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["SEVERITY", "RECORD", "MESSAGE", "FIX"]
    assert lines[1].startswith("error     opportunity lint-late (Late deal)  open, but its close date")
    assert lines[-1] == "2 errors, 6 warnings, 3 info in 1 account"  # imported today: the map is up to date
    data = json.loads(kamgraph(db, "lint", "lint", "--json").stdout)
    assert (data["errors"], data["warnings"], data["info"]) == (2, 6, 3)
    assert {"severity", "code", "kind", "id", "name", "account", "message", "fix"} <= set(data["findings"][0])
    csv = kamgraph(db, "lint", "lint", "--csv")
    assert csv.exit_code == 1 and csv.stdout.splitlines()[0] == "SEVERITY,RECORD,MESSAGE,FIX"
    assert len(csv.stdout.splitlines()) == len(EXPECTED)
    # the model check alone, as before: a sound store
    plain = kamgraph(db, "lint")
    assert plain.exit_code == 0 and "every record fits the model" in plain.stdout
    # warnings and info only: exit 0
    assert kamgraph(db, "set", "lint-gone", "--opportunity", "lint-thin", "--unseat").exit_code == 0
    assert kamgraph(db, "lint", "acme").exit_code == 0
    everything = kamgraph(db, "lint", "--all")
    assert everything.exit_code == 1 and everything.stdout.splitlines()[-1].endswith("in 2 accounts")
    assert kamgraph(db, "lint", "acme", "--all").exit_code == 2
