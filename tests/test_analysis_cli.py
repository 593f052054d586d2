"""The analysis commands through click's CliRunner on a store loaded from
tests/data/analysis.yaml (answers as worked out in tests/test_paths.py and friends)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import kamgraph.analysis
from kamgraph.cli import cli
from tests.analysis_helpers import AS_OF, FIXTURE


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analysis") / "kg.db"
    result = CliRunner().invoke(cli, ["--store", str(path), "import", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    return path


def run(db: Path, *args: str, today: str = AS_OF.isoformat()) -> Result:
    # as of the day the fixture's routes were worked out for (its dated relationships age)
    return CliRunner().invoke(cli, ["--store", str(db), *args], env={"KAMGRAPH_TODAY": today})


def test_path_table_and_json(db: Path) -> None:
    table = run(db, "path", "--from", "team", "--to", "role:economic_buyer", "--account", "acme", "--k", "2")
    assert table.exit_code == 0
    assert "1. Sam Seller → Ana Ruiz → Tom Baker  probability 0.72 · 2 hops" in table.output
    assert "Ana Ruiz introduces Sam Seller to Tom Baker, whom they know (0.90)" in table.output
    data = json.loads(run(db, "path", "--from", "team", "--to", "cfo", "--k", "2", "--json").output)
    assert [p["people"] for p in data["paths"]] == [["sam", "ctl", "cfo"], ["kim", "ctl", "cfo"]]
    assert data["paths"][0]["hops"] == 2 and data["paths"][0]["probability"] == pytest.approx(0.72)
    assert set(data["paths"][0]["edges"][0]) >= {"source", "target", "relation", "strength", "last_contact"}


def test_path_options(db: Path) -> None:
    # as worked out in test_paths: the 2-hop routes to the CEO are kim–pa–ceo 0.18 and
    # lee–cio–ceo 0.06 (lee–cio aged to 0.1); avoiding pa leaves lee's, avoiding the detractor
    # cio leaves kim's and then the best 3-hop one, sam–ctl–cfo–ceo 0.432
    out = json.loads(run(db, "path", "--from", "team", "--to", "ceo", "--fewest-hops", "--json").output)
    assert out["paths"][0]["people"] == ["kim", "pa", "ceo"]
    out = json.loads(
        run(db, "path", "--from", "team", "--to", "ceo", "--fewest-hops", "--avoid", "pa", "--json").output
    )
    assert out["paths"][0]["people"] == ["lee", "cio", "ceo"]
    out = json.loads(
        run(
            db,
            "path",
            "--from",
            "team",
            "--to",
            "ceo",
            "--fewest-hops",
            "--avoid",
            "stance:detractor",
            "--k",
            "2",
            "--json",
        ).output
    )
    assert [p["people"] for p in out["paths"]] == [["kim", "pa", "ceo"], ["sam", "ctl", "cfo", "ceo"]]
    out = json.loads(
        run(db, "path", "--from", "team", "--to", "ceo", "--min-strength", "0.5", "--max-hops", "3", "--json").output
    )
    assert out["paths"][0]["people"] == ["sam", "ctl", "cfo", "ceo"]
    # a seller from our team to someone at another account: the source's map is merged in
    out = json.loads(run(db, "path", "--from", "sam", "--to", "ctl", "--json").output)
    assert out["paths"][0]["people"] == ["sam", "ctl"]


def _bold(dot: str) -> set[str]:
    """The people on the map's bold (highlighted) edges."""
    node = {m[1]: m[2] for m in re.finditer(r'(n\d+) \[label=.*? id="node-([^"]+)"', dot)}
    return {node[end] for m in re.finditer(r"(n\d+) -> (n\d+) \[[^\]]*style=bold", dot) for end in m.groups()}


def test_an_old_contact_is_no_longer_bold_on_the_committee_map(db: Path) -> None:
    # as in test_paths: as of AS_OF sam–ctl (0.8, seen 2025-01-10) is fresh and sam–ctl–cfo the
    # best route (0.72); 18 months on (2026-07-10) it has aged to 0.138 and kim–ctl–cfo (0.45)
    # is drawn bold instead
    args = ("map", "acme", "--view", "committee", "--highlight-path", "team:role:economic_buyer", "--format", "dot")
    then = run(db, *args, "-o", "-")
    assert then.exit_code == 0 and _bold(then.stdout) == {"sam", "ctl", "cfo"}
    later = run(db, *args, "-o", "-", today="2026-07-10")
    assert later.exit_code == 0 and _bold(later.stdout) == {"kim", "ctl", "cfo"}
    best = json.loads(run(db, "path", "--from", "team", "--to", "cfo", "--json", today="2026-07-10").output)
    assert best["paths"][0]["people"] == ["kim", "ctl", "cfo"]


def test_no_route_is_not_an_error(db: Path) -> None:
    table = run(db, "path", "--from", "team", "--to", "hermit")
    assert table.exit_code == 0 and table.output.startswith("No route from team to Hugo Solo: nobody we know")
    data = run(db, "path", "--from", "team", "--to", "hermit", "--json")
    assert data.exit_code == 0 and json.loads(data.output)["paths"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["path", "--from", "team", "--to", "ghost"],
        ["path", "--from", "ghost", "--to", "cfo"],
        ["path", "--from", "team", "--to", "role:economic_buyer"],
        ["path", "--from", "team", "--to", "role:economic_buyer", "--account", "ghost"],
        ["whitespace", "ghost"],
        ["risk", "ghost"],
        ["risk", "--opportunity", "ghost"],
        ["risk", "--opportunity", "acme-erp", "--without", "ghost"],
        ["influence", "ghost"],
    ],
)
def test_bad_ids_exit_1_with_one_line(db: Path, args: list[str]) -> None:
    result = run(db, *args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["risk"],
        ["risk", "acme", "--portfolio"],
        ["risk", "--portfolio", "--without", "ctl"],
        ["whitespace", "acme", "--json", "--csv"],
    ],
)
def test_usage_errors_exit_2(db: Path, args: list[str]) -> None:
    assert run(db, *args).exit_code == 2


def test_whitespace_views(db: Path) -> None:
    table = run(db, "whitespace", "acme")
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[2].split()[-2:] == ["WHITE", "SPACE"] and "OPEN PIPELINE" in lines[2]
    assert lines[3].split()[:5] == ["Operations", "-", "compet.", "0/1", "nobody"] and lines[3].endswith("yes")
    data = json.loads(run(db, "whitespace", "acme", "--json").output)
    assert (data["account"], data["products"]) == ("acme", ["ledger", "payroll"])
    assert [(u["id"], u["potential"], u["covered"], u["contacts"]) for u in data["units"]] == [
        ("ops", 450, False, 0),
        ("it", 120, True, 1),
        ("fin", 40, True, 1),
        ("tre", 15, False, 0),
    ]
    rows = list(csv.DictReader(io.StringIO(run(db, "whitespace", "acme", "--csv").output)))
    assert [r["unit"] for r in rows] == ["ops", "it", "fin", "tre"]
    assert (rows[0]["ledger"], rows[0]["payroll"], rows[0]["potential"]) == ("none", "competitor", "450.0")


def test_risk_views(db: Path) -> None:
    opp = json.loads(run(db, "risk", "--opportunity", "acme-ops", "--json").output)
    assert (opp["opportunity"], opp["account"], opp["threads"], opp["critical_contacts"]) == (
        "acme-ops",
        "acme",
        1,
        ["ceo"],
    )
    assert opp["coverage"] == 0 and opp["score"] == 55 and opp["reasons"][0].startswith("+35 single-threaded")
    gone = json.loads(run(db, "risk", "--opportunity", "acme-erp", "--without", "ctl", "--json").output)
    assert (gone["threads"], gone["critical_contacts"]) == (1, ["ceo"])
    acme = json.loads(run(db, "risk", "acme", "--json").output)
    assert [o["opportunity"] for o in acme["opportunities"]] == ["acme-erp", "acme-ops"]
    table = run(db, "risk", "acme")
    lines = table.output.splitlines()
    [row] = [line for line in lines if line.startswith("  Tom Baker ")]
    head = lines[lines.index(row) - 1]
    # two threads, no single point: the smallest set is the pair, in its own column
    assert re.split(r"\s{2,}", row.strip()) == [
        "Tom Baker",
        "2",
        "Carla Reyes, Ana Ruiz",
        "Kim Keyaccount, Lee Engineer, Sam Seller",
    ]
    assert row.index("Carla") == head.index("SMALLEST SET") and row.index("Kim") == head.index("OUR ENTRY POINTS")
    [olga] = [line for line in lines if line.startswith("  Olga Berg ")]
    assert olga.index("Carla") == lines[lines.index(olga) - 1].index("SINGLE POINTS")
    floor = json.loads(run(db, "risk", "--opportunity", "acme-ops", "--min-strength", "0.95", "--json").output)
    assert floor["threads"] == 0 and floor["reasons"][0].startswith("+50 no route at all")
    same = run(db, "path", "--from", "team", "--to", "ops1", "--min-strength", "0.95")
    assert "none with every strength at least 0.95" in same.output
    avoid = json.loads(run(db, "risk", "acme", "--avoid", "ceo", "--json").output)
    assert [o["threads"] for o in avoid["opportunities"]] == [1, 0]
    assert run(db, "risk", "--portfolio", "--avoid", "ceo").exit_code == 2
    portfolio = json.loads(run(db, "risk", "--portfolio", "--json").output)
    assert [o["opportunity"] for o in portfolio["opportunities"]][-1] == "gx-pilot"
    assert portfolio["top_share"] == 0.75
    text = run(db, "risk", "--portfolio").output
    assert "The top account of 2, Acme Corp, holds 75% of the value" in text


def test_influence_views(db: Path) -> None:
    data = json.loads(run(db, "influence", "acme", "--json").output)
    assert data[0]["id"] == "ceo" and [p["id"] for p in data if p["broker"]] == ["pa"]
    assert set(data[0]) >= {"id", "name", "score", "seniority", "broker"}
    table = run(db, "influence", "acme").output
    assert "Pia Soto" in table and "#2 by influence" in table


def test_public_api() -> None:
    for name in kamgraph.analysis.__all__:
        assert getattr(kamgraph.analysis, name) is not None


def test_portfolio_in_several_currencies(tmp_path: Path) -> None:
    # acme and globex in EUR (see tests/test_risk.py), brit in GBP: 160k GBP at risk (score 40)
    brit = tmp_path / "brit.yaml"
    brit.write_text(
        "version: 1\norganisations:\n  - {id: brit, name: Brit plc, value: 2000000, currency: GBP,\n"
        "     opportunities: [{id: brit-deal, name: Grid, amount: 400000}]}\n",
        encoding="utf-8",
    )
    db = tmp_path / "kg.db"
    assert CliRunner().invoke(cli, ["--store", str(db), "import", str(FIXTURE), str(brit)]).exit_code == 0
    plain = run(db, "risk", "--portfolio").output
    assert plain.startswith("Amounts in EUR and GBP and no rates to compare them") and "$KAMGRAPH_RATES" in plain
    assert "The top account of 2, Acme Corp, holds 75% of the value (4,000,000 EUR)." in plain
    assert "Brit plc holds all of the value (2,000,000 GBP)." in plain
    together = run(db, "risk", "--portfolio", "--currency", "EUR", "--rate", "GBP=1.2")
    assert together.exit_code == 0 and "rate" not in together.output.splitlines()[0]
    rows = [line.split()[0] for line in together.output.splitlines()[1:5]]
    assert rows == ["Acme", "Brit", "Acme", "Globex"]
    assert "holds 47% of the value (6,400,000 EUR)" in together.output
    env = CliRunner().invoke(
        cli,
        ["--store", str(db), "risk", "--portfolio", "--json"],
        env={"KAMGRAPH_RATES": "GBP=1.2", "KAMGRAPH_CURRENCY": "EUR"},
    )
    data = json.loads(env.output)
    assert (data["currency"], data["value"], data["opportunities"][1]["converted_exposure"]) == ("EUR", 6.4e6, 192e3)
    assert run(db, "risk", "--portfolio", "--rate", "GBP=1.2").exit_code == 1  # into what?
    assert run(db, "risk", "--portfolio", "--currency", "EUR", "--rate", "GBP").exit_code == 1
    assert run(db, "risk", "acme", "--rate", "GBP=1.2").exit_code == 2
