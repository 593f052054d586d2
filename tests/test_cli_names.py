"""A command line a KAM enjoys (issue 20): people and accounts named by name, tables that
fit the terminal, committees by importance, every silence said, through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import kamgraph.cli._common as common
from kamgraph.cli import cli
from kamgraph.cli._common import table
from kamgraph.errors import NotFound
from kamgraph.resolve import Ambiguous, pick
from tests.analysis_helpers import AS_OF, FIXTURE

EXTRA = """\
version: 1
organisations:
  - id: bea
    name: Beaulieu Énergie
    people:
      - {id: b-ceo, name: Éloïse Marchand, title: Directrice générale, seniority: executive}
      - {id: b-tom1, name: Tom Ashdown, title: Buyer, reports_to: b-ceo}
      - {id: b-tom2, name: Tom Ashdown, title: Engineer, reports_to: b-ceo}
      - {id: b-low, name: Léa User, title: Analyst, seniority: staff, reports_to: b-ceo}
      - {id: b-fin, name: Marc Dupont, title: CFO, seniority: vp, reports_to: b-ceo}
    opportunities:
      - id: bea-deal
        name: Grid
        amount: 10000
        currency: EUR
        close_date: 2020-01-31
        committee:
          - {person: b-low, roles: [user_buyer], influence: low}
          - {person: b-tom1, roles: [influencer], influence: high}
          - {person: b-ceo, roles: [executive_sponsor], influence: medium}
          - {person: b-fin, roles: [economic_buyer], influence: medium}
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("names")
    extra = tmp / "bea.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    path = tmp / "kg.db"
    result = CliRunner().invoke(cli, ["--store", str(path), "import", str(FIXTURE), str(extra)])
    assert result.exit_code == 0, result.output
    return path


def run(db: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--store", str(db), *args], env=env)


def test_accounts_by_name_part_accents_and_case(db: Path) -> None:
    by_id = run(db, "show", "bea")
    for text in ("Beaulieu", "beaulieu energie", "ÉNERGIE", "Beaulieu Énergie"):
        named = run(db, "show", text)
        assert named.exit_code == 0, named.output
        assert named.output == by_id.output
    assert run(db, "whitespace", "acme").output == run(db, "whitespace", "Acme").output
    assert run(db, "influence", "acme").output == run(db, "influence", "acme corp").output
    assert run(db, "risk", "glob", "--json").exit_code == 0


def test_unknown_account_suggests_the_closest(db: Path) -> None:
    result = run(db, "show", "Bealieu")
    assert result.exit_code == 1
    assert result.stderr == "Error: no account matches 'Bealieu'; did you mean Beaulieu Énergie (bea)?\n"
    assert run(db, "show", "zzzz").stderr == "Error: no account matches 'zzzz'\n"


def test_people_by_name_and_ambiguous_lists_candidates(db: Path) -> None:
    # as of the fixture's day (sam–ctl fresh at 0.8: sam–ctl–cfo 0.72 beats sam–kim–ctl–cfo 0.405)
    as_of = {"KAMGRAPH_TODAY": AS_OF.isoformat()}
    route = json.loads(run(db, "path", "--from", "sam seller", "--to", "tom baker", "--json", env=as_of).output)
    assert route["paths"][0]["people"] == ["sam", "ctl", "cfo"]
    accents = json.loads(run(db, "path", "--from", "team", "--to", "eloise", "--json").output)
    assert accents["target"] == "b-ceo"
    twins = run(db, "path", "--from", "team", "--to", "Tom Ashdown")
    assert twins.exit_code == 1
    assert twins.stderr == (
        "Error: 'Tom Ashdown' fits 2 people: Tom Ashdown (b-tom1), Tom Ashdown (b-tom2); "
        "give more of the name, or the id\n"
    )
    many = run(db, "path", "--from", "team", "--to", "a").stderr
    assert many.startswith("Error: 'a' fits ") and " and " in many and many.count("(") == 5
    typo = run(db, "risk", "acme", "--without", "Ana Ruis")
    assert typo.stderr == "Error: no person matches 'Ana Ruis'; did you mean Ana Ruiz (ctl)?\n"
    gone = json.loads(run(db, "risk", "acme", "--without", "ana ruiz", "--json").output)
    assert gone == json.loads(run(db, "risk", "acme", "--without", "ctl", "--json").output)


def test_forget_and_map_take_names(db: Path, tmp_path: Path) -> None:
    dry = run(db, "forget", "hugo", "--dry-run")
    assert dry.exit_code == 0 and dry.output.startswith("Would erase Hugo Solo (hermit)")
    dot = run(db, "map", "acme", "-o", "-", "--format", "dot", "--highlight-path", "sam seller:tom baker")
    assert dot.exit_code == 0, dot.output


def test_pick_rule() -> None:
    people = [("p1", "Ana Ruiz"), ("p2", "Ana Ruizton"), ("p3", "Tom")]
    assert pick("ana ruiz", people, "person") == "p1"  # the whole name beats a part of another
    assert pick("p3", people, "person") == "p3"
    with pytest.raises(Ambiguous, match="fits 2 people"):
        pick("ruiz", [("p1", "Ana Ruiz"), ("p2", "Luis Ruiz")], "person")
    with pytest.raises(NotFound, match="did you mean Tom"):
        pick("Tim", people, "person")


def test_risk_shows_names_only_and_ids_when_names_clash(db: Path) -> None:
    out = run(db, "risk", "acme").output
    assert "OUR ENTRY POINTS" in out and "Kim Keyaccount, Lee Engineer, Sam Seller" in out
    assert "(ceo)" not in out and "(ctl)" not in out
    data = json.loads(run(db, "risk", "bea", "--json").output)
    assert data["opportunities"][0]["names"]["b-fin"] == "Marc Dupont"


def test_committee_ordered_by_importance(db: Path) -> None:
    out = run(db, "show", "bea").output.splitlines()
    rows = [
        line.split("  ")[1].strip()
        for line in out
        if line.startswith("  ")
        and "Analyst" in line
        or line.startswith("  ")
        and any(t in line for t in ("CFO", "Directrice", "Buyer"))
    ][:4]
    # the economic buyer, then high influence, then medium, then the low-influence user buyer
    assert [r for r in rows] == ["Marc Dupont", "Tom Ashdown", "Éloïse Marchand", "Léa User"]


def test_overdue_deals_are_marked(db: Path) -> None:
    shown = run(db, "show", "bea", env={"KAMGRAPH_TODAY": "2026-01-01"}).output
    assert "closes 2020-01-31 (overdue)" in shown
    listed = run(db, "accounts", env={"KAMGRAPH_TODAY": "2026-01-01"}).output
    assert "1 (1 overdue)" in listed
    risk = run(db, "risk", "bea", env={"KAMGRAPH_TODAY": "2026-01-01"}).output
    assert "OVERDUE: was to close 2020-01-31" in risk
    assert "overdue" not in run(db, "risk", "bea", env={"KAMGRAPH_TODAY": "2019-01-01"}).output.lower()


def test_silences_are_said(db: Path) -> None:
    assert run(db, "people", "zzzz").output == "no one matches 'zzzz'\n"
    assert run(db, "people", "zzzz", "--account", "acme").output == "no one at acme matches 'zzzz'\n"
    limited = run(db, "influence", "acme", "--limit", "1").output
    assert "HIDDEN POWER: WHY" in limited and "BROKER" not in limited
    lines = [line for line in limited.splitlines() if line[:3] in ("1  ", "2  ", "3  ")]
    assert [line.split("  ")[0] for line in lines] == ["1", "2"]  # the hidden broker at #2 is kept
    assert "2 of 7 people shown" in limited
    assert "sways Carla Reyes and Tom Baker strongly" in limited


ROWS = [
    (
        "Ana Ruiz",
        "Controller of the whole European finance function",
        "champion",
        "supporter",
        "Kim Keyaccount, Lee Engineer, Sam Seller, Pia Soto",
    )
]
HEADERS = ["NAME", "TITLE", "ROLES", "STANCE", "OUR ENTRY POINTS"]


@pytest.mark.parametrize("columns", [80, 200])
def test_table_fits_the_terminal(columns: int, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "_is_terminal", lambda: True)
    out = run(db, "risk", "acme", env={"COLUMNS": str(columns)}).output
    assert max(len(line) for line in out.splitlines()) <= columns
    assert "Kim Keyaccount" in out and "…" not in out
    wide = table(HEADERS, ROWS * 3, width=columns)
    assert max(len(line) for line in wide.splitlines()) <= columns
    assert "Ana Ruiz" in wide and "Sam Seller" in wide
    narrow = table(HEADERS, ROWS, width=30, drop=("TITLE", "ROLES", "STANCE"))
    assert " ".join(narrow.split()).endswith(
        "(not shown, to fit 30 columns: TITLE, ROLES, STANCE; a wider terminal or piped output shows them)"
    )
    assert max(len(line) for line in narrow.splitlines()) <= 30


def test_piped_tables_are_full(db: Path) -> None:
    out = run(db, "influence", "acme", env={"COLUMNS": "40"}).output  # not a terminal: COLUMNS does not apply
    assert "sways Carla Reyes and Tom Baker strongly; 5 outrank them formally" in out
    assert max(len(line) for line in out.splitlines()) > 40
    assert table(HEADERS, ROWS, width=None).splitlines()[1].endswith("Sam Seller, Pia Soto")


def test_without_people_is_a_deprecated_alias() -> None:
    from kamgraph.analysis import opportunity_risk
    from tests.analysis_helpers import fixture_graph

    g = fixture_graph()
    with pytest.warns(DeprecationWarning, match="use without="):
        old = opportunity_risk(g, "acme-erp", without_people=["ctl"])
    assert old == opportunity_risk(g, "acme-erp", without=["ctl"])


BAD = """\
version: 1
organisations:
  - id: o
    name: O
    people:
      - {id: p1, name: A, knows: {p2: 0.5, p9: 0.3}, reports_to: zz}
      - {id: p3, name: B, knows: {p1: 0.4, q1: 0.2, q2: 0.2}}
"""


def test_every_problem_is_listed_up_to_a_limit(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    db = tmp_path / "kg.db"
    result = run(db, "import", str(bad))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    unknown = "is not a person in these files or the store"
    assert lines == [
        "Error: 5 problems; nothing was written:",
        f"  {bad}: person 'p1': reports_to: unknown person 'zz'",
        f"  {bad}: knows 'p1 -> p2': 'p2' {unknown} (the one 'p1' knows)",
        f"  {bad}: knows 'p1 -> p9': 'p9' {unknown} (the one 'p1' knows)",
        f"  {bad}: knows 'p3 -> q1': 'q1' {unknown} (the one 'p3' knows)",
        f"  {bad}: knows 'p3 -> q2': 'q2' {unknown} (the one 'p3' knows)",
    ]
    limited = run(db, "import", "--errors", "2", str(bad)).stderr.splitlines()
    assert len(limited) == 4 and limited[-1] == "  … and 3 more (see them all with: kamgraph import --errors 0 FILE...)"
    assert run(db, "import", "--errors", "0", str(bad)).stderr == result.stderr


def test_every_field_problem_of_every_file_is_listed(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(
        "version: 1\norganisations:\n  - {id: o, name: O, people: [{id: p, name: P, stance: maybe},"
        " {id: q, name: Q, influence: huge}]}\n",
        encoding="utf-8",
    )
    two.write_text(
        "version: 1\norganisations:\n  - {id: t, name: T, tier: 5, people: [{id: r, name: R, seniority: boss}]}\n",
        encoding="utf-8",
    )
    err = run(tmp_path / "kg.db", "import", str(one), str(two)).stderr
    assert err.startswith("Error: 3 problems") or err.startswith("Error: 4 problems")
    assert "(got 'maybe')" in err and "(got 'huge')" in err and "(got 'boss')" in err


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_white_space_one_rule_on_cli_json_and_slides(tmp_path: Path) -> None:
    from pptx import Presentation

    db = tmp_path / "kg.db"
    assert run(db, "import", *map(str, sorted(SAMPLES.glob("*.yaml")))).exit_code == 0
    deck = tmp_path / "deck.pptx"
    accounts = ["andina", "meridian", "nordhavn"]
    assert run(db, "slides", *accounts, "-o", str(deck)).exit_code == 0
    said = " ".join(
        shape.text_frame.text
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ).replace("\u2011", "-")  # slides keep in-word hyphens unbroken
    for account in accounts:
        data = json.loads(run(db, "whitespace", account, "--json").output)
        for u in data["units"]:  # the rule: nothing adopted, whoever we know there
            assert u["white_space"] == all(s not in ("active", "pilot") for s in u["adoption"].values())
        ranked = [u["name"] for u in data["units"] if u["white_space"] and u["potential"] > 0]
        assert ranked, account
        text = run(db, "whitespace", account).output
        assert f"Top white space: {ranked[0]}:" in text
        for name in ranked[:3]:
            assert name in said, (account, name)
    known = [
        u
        for a in accounts
        for u in json.loads(run(db, "whitespace", a, "--json").output)["units"]
        if u["white_space"] and u["covered"]
    ]
    assert known  # a unit that buys nothing is white space even where someone is known


def test_budget_basis_without_budgets_says_so(db: Path) -> None:
    out = run(db, "whitespace", "acme", "--basis", "budget").output
    assert "No unit of Acme Corp has a budget recorded" in out and "450" not in out


def test_a_units_open_pipeline_is_shown(db: Path) -> None:
    ops = next(line for line in run(db, "whitespace", "acme").output.splitlines() if "Operations" in line)
    assert "100,000 EUR" in ops  # Ops payroll: Olga Berg of Operations sits on its committee
    unit = next(u for u in json.loads(run(db, "whitespace", "acme", "--json").output)["units"] if u["id"] == "ops")
    assert (unit["open_deals"], unit["pipeline"]) == (["acme-ops"], {"EUR": 100000.0})


def test_the_deck_marks_an_overdue_deal(db: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    deck = tmp_path / "bea.pptx"
    assert run(db, "slides", "beaulieu", "-o", str(deck), env={"KAMGRAPH_TODAY": "2026-01-01"}).exit_code == 0
    said = " ".join(
        shape.text_frame.text
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ).replace("\u2011", "-")  # slides keep in-word hyphens unbroken
    assert "overdue: was to close 2020-01-31" in said


def test_the_kept_name_wraps_between_words_only_as_a_last_resort() -> None:
    rows = [("Grupo Andina de Retail S.A.", "Analítica financiera y cierre mensual (kx-insights + kx-platform)", "19")]
    out = table(["ACCOUNT", "OPPORTUNITY", "RISK"], rows, keep=(1,), drop=("RISK",), width=50)
    assert max(len(line) for line in out.splitlines()) <= 50
    words = " ".join(line[line.index("  ") + 2 :] if "  " in line else line for line in out.splitlines()[1:])
    for word in rows[0][1].split():
        assert word in words.split()  # every word of the name whole, none cut


def test_an_executive_sponsor_of_unknown_influence_comes_above_a_low_influence_user() -> None:
    from kamgraph.model import Graph, Membership, Opportunity, Organisation, Person
    from kamgraph.views import account_view

    g = Graph(
        organisations=[Organisation(id="o", name="O")],
        people=[
            Person(id="u", name="Ann User", org="o", seniority="staff"),
            Person(id="s", name="Zed Sponsor", org="o", seniority="executive"),
        ],
        opportunities=[
            Opportunity(
                id="d",
                account="o",
                name="D",
                committee=[
                    Membership(person="u", roles=["user_buyer"], influence="low"),
                    Membership(person="s", roles=["executive_sponsor"]),
                ],
            )
        ],
    )
    assert [s.person for s in account_view(g, "o").opportunities[0].committee] == ["s", "u"]
