"""Issue 14: a file that shrinks. ``import --prune`` makes the store match the files for the
organisations they contain (the same cascade as ``forget``, ``--dry-run`` first); without it
the summary counts what the files no longer have. The same for ``import-crm --prune`` over
the accounts its files cover. Also: integer ids, and seniority from titles in every import."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.io.files import dump_graph, load_graph
from kamgraph.io.maps import import_maps
from kamgraph.model import Seniority
from kamgraph.store import SQLiteStore, Store

DATA = Path(__file__).parent / "data" / "crm" / "salesforce"

FULL = """
organisations:
  - id: acme
    name: Acme
    units: [{id: acme-fin, name: Finance}, {id: acme-old, name: Old Unit}]
    people:
      - {id: 1, name: Ana Ruiz, title: CEO}
      - {id: 2, name: Bo Li, title: Mng Dir Finance, reports_to: 1, unit: acme-fin, knows: {1: 0.6}}
      - {id: 3, name: Cy Park, title: VP & Chief of Staff, reports_to: 2, influences: {1: 0.7}}
      - {id: 4, name: Di Moss, title: Analyst, reports_to: 3, unit: acme-old}
      - {id: 5, name: Ed Vance, title: Buyer, reports_to: 1, seniority: senior}
    opportunities:
      - {id: d1, name: Deal, committee: [2, 3]}
      - {id: d2, name: Old deal}
  - id: us
    name: Us
    kind: own
    people:
      - {id: s1, name: Sam Seller, knows: {3: 0.8}, notes: [{text: "Cy Park owes us a call"}]}
  - id: beta
    name: Beta
    people:
      - {id: b1, name: Bea Bright}
"""
# Cy Park, Ed Vance, the old unit and deal, and Bo's knows of Ana are gone; Di now reports to Bo
SHRUNK = """
organisations:
  - id: acme
    name: Acme
    units: [{id: acme-fin, name: Finance}]
    people:
      - {id: 1, name: Ana Ruiz, title: CEO}
      - {id: 2, name: Bo Li, title: Mng Dir Finance, reports_to: 1, unit: acme-fin}
      - {id: 4, name: Di Moss, title: Analyst, reports_to: 2}
    opportunities:
      - {id: d1, name: Deal, committee: [2]}
"""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    full, shrunk = tmp_path / "full.yaml", tmp_path / "acme.yaml"
    full.write_text(textwrap.dedent(FULL), encoding="utf-8")
    shrunk.write_text(textwrap.dedent(SHRUNK), encoding="utf-8")
    return full, shrunk


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--store", str(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_integer_ids_are_their_text_and_seniority_comes_from_titles(tmp_path: Path) -> None:
    full, _ = _files(tmp_path)
    g = load_graph(full)
    people = {p.id: p for p in g.people}
    assert people["2"].reports_to == "1" and [k.key for k in g.knows if "2" in (k.a, k.b)] == [("1", "2")]
    assert people["1"].seniority == Seniority.executive
    assert people["2"].seniority == Seniority.executive  # "Mng Dir Finance"
    assert people["3"].seniority == Seniority.vp  # "VP & Chief of Staff"
    assert people["4"].seniority == Seniority.staff
    assert people["5"].seniority == Seniority.senior  # the file's own, not the title's
    assert people["s1"].seniority is None  # no title, nothing to infer


def test_a_seniority_left_empty_on_purpose_survives_export_and_import(tmp_path: Path) -> None:
    p = tmp_path / "a.yaml"
    p.write_text(
        "organisations:\n  - id: o\n    name: O\n    people:\n"
        "      - {id: x, name: X, title: Head of IT, seniority: null}\n",
        encoding="utf-8",
    )
    g = load_graph(p)
    assert g.people[0].seniority is None
    again = tmp_path / "b.yaml"
    again.write_text(dump_graph(g), encoding="utf-8")
    assert load_graph(again) == g


def test_without_prune_the_summary_counts_what_the_files_no_longer_have(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    full, shrunk = _files(tmp_path)
    assert run(db, "import", str(full))[0] == 0
    code, out = run(db, "import", str(shrunk))
    assert code == 0
    assert (
        "6 stored records of these organisations are no longer in the files (units 1, people 2, knows 1, "
        "influences 1, opportunities 1); kamgraph import --prune removes them (--dry-run lists them)"
    ) in out
    with SQLiteStore(db) as s:
        assert {p.id for p in s.dump().people} >= {"3", "5"}


def test_prune_dry_run_lists_then_prune_removes_with_the_cascade_then_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    full, shrunk = _files(tmp_path)
    run(db, "import", str(full))
    with SQLiteStore(db) as s:
        before = s.dump()
    code, out = run(db, "import", "--prune", "--dry-run", str(shrunk))
    assert code == 0, out
    assert "Dry run: 1 file valid; nothing written." in out
    assert (
        "--prune would remove 6 records: units acme-old; people 3, 5; knows 1 -> 2; influences 3 -> 1; opportunities d2"
    ) in out
    with SQLiteStore(db) as s:
        assert s.dump() == before
    code, out = run(db, "import", "--prune", str(shrunk))
    assert code == 0, out
    assert "Pruned 6 records the files no longer have" in out
    assert "removed: " in out and "1 note" in out  # Sam's note naming Cy Park, as forget does
    with SQLiteStore(db) as s:
        after = s.dump()
    assert sorted(p.id for p in after.people) == ["1", "2", "4", "b1", "s1"]  # Beta is not in the file: untouched
    assert {u.id for u in after.units} == {"acme-fin"}
    assert [o.id for o in after.opportunities] == ["d1"]
    assert [(k.a, k.b) for k in after.knows] == []  # Sam knew Cy: gone with him
    assert [n.text for p in after.people for n in p.notes] == []
    code, out = run(db, "import", "--prune", str(shrunk))
    assert code == 0 and ": nothing changed" in out and "Pruned" not in out and "no longer" not in out


def test_a_record_the_files_still_point_at_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    full, _ = _files(tmp_path)
    run(db, "import", str(full))
    pointing = tmp_path / "p.yaml"  # Di still reports to Cy, whom the file no longer defines
    pointing.write_text(
        "organisations:\n  - id: acme\n    name: Acme\n    people:\n"
        "      - {id: 4, name: Di Moss, title: Analyst, reports_to: 3}\n",
        encoding="utf-8",
    )
    code, out = run(db, "import", "--prune", str(pointing))
    assert code == 0, out
    with SQLiteStore(db) as s:
        ids = {p.id for p in s.dump().people}
    assert "3" in ids and "2" not in ids and "1" not in ids


def test_prune_on_every_store(store: Store, tmp_path: Path) -> None:
    full, shrunk = _files(tmp_path)
    import_maps(store, [full])
    first = import_maps(store, [shrunk], prune=True)
    assert first.stale.pruned and first.stale.records["people"] == ["3", "5"]
    again = import_maps(store, [shrunk], prune=True)
    assert again.stale.count == 0 and again.result is not None and not again.result.changed
    assert sorted(p.id for p in store.dump().people) == ["1", "2", "4", "b1", "s1"]
    assert store.person("4").reports_to == "2"


def test_import_crm_prune_covers_the_accounts_of_its_files(tmp_path: Path) -> None:
    """A contact deleted in Salesforce leaves with --prune; a person added by hand to that
    account, and the accounts the newer file does not cover, stay."""
    db = tmp_path / "c.db"
    report = DATA / "Contact_report.csv"
    args = ["import-crm", "salesforce", "--accounts", str(DATA / "Account.csv"), "--skip-bad-rows"]
    assert run(db, *args, "--contacts", str(report))[0] == 0
    by_hand = tmp_path / "hand.yaml"
    by_hand.write_text(
        "organisations:\n  - id: 0015E00000001KqQAI\n    name: Morel Énergie SA\n    people:\n"
        "      - {id: morel-coach, name: Paul Amiel, title: Consultant}\n",
        encoding="utf-8",
    )
    # (an import of one person into a CRM account, with --prune, would prune the rest: not used here)
    assert run(db, "import", str(by_hand))[0] == 0
    lines = report.read_bytes().decode("cp1252").splitlines()
    newer = tmp_path / "Contact.csv"  # Zoé Roux (line 9) deleted in Salesforce; only Morel Énergie's contacts
    newer.write_text("\n".join([lines[0], *lines[1:8]]) + "\n", encoding="utf-8")
    code, out = run(db, *args, "--contacts", str(newer))
    assert code == 0, out
    assert "1 stored record of these organisations are no longer in the files (people 1)" in out
    code, out = run(db, *args, "--contacts", str(newer), "--prune", "--dry-run")
    assert "--prune would remove 1 record: people 0035E00000008KqQAI" in out
    code, out = run(db, *args, "--contacts", str(newer), "--prune")
    assert code == 0 and "Pruned 1 record the files no longer have: people 0035E00000008KqQAI" in out
    with SQLiteStore(db) as s:
        ids = {p.id for p in s.dump().people}
    assert "0035E00000008KqQAI" not in ids and "morel-coach" in ids
    assert "0035E00000010KqQAI" in ids  # Talleres Ibarra's contact: that account is not in the newer file
    code, out = run(db, *args, "--contacts", str(newer), "--prune")
    assert code == 0 and ": nothing changed" in out and "Pruned" not in out


def test_a_refused_import_creates_no_store(tmp_path: Path) -> None:
    db = tmp_path / "new" / "k.db"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "organisations:\n  - id: o\n    name: O\n    people:\n      - {id: a, name: A, reports_to: nobody}\n",
        encoding="utf-8",
    )
    code, out = run(db, "import", str(bad))
    assert code == 1 and "unknown person 'nobody'" in out
    assert not db.exists() and not db.parent.exists()
    code, out = run(db, "import", "--dry-run", str(_files(tmp_path)[0]))
    assert code == 0 and not db.exists()
    code, out = run(db, "show", "acme")
    assert code == 1 and not db.exists()
    assert run(db, "import", str(_files(tmp_path)[0]))[0] == 0
    assert db.exists()


def test_hubspot_prune(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    contacts = Path(__file__).parent / "data" / "crm" / "hubspot" / "contacts.csv"
    assert run(db, "import-crm", "hubspot", "--contacts", str(contacts))[0] == 0
    lines = contacts.read_text(encoding="utf-8").splitlines()
    fewer = tmp_path / "contacts.csv"
    fewer.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # Niamh only: Declan's company not covered
    code, out = run(db, "import-crm", "hubspot", "--contacts", str(fewer), "--prune")
    assert code == 0 and "Pruned" not in out, out
    same_company = tmp_path / "same.csv"  # a newer export of Harbour Logistics without Niamh
    same_company.write_text(
        lines[0] + "\n503,Rory,Quinn,rory@harbour-logistics.example,Buyer,9001,Harbour Logistics,Tom Ashdown,\n",
        encoding="utf-8",
    )
    code, out = run(db, "import-crm", "hubspot", "--contacts", str(same_company), "--prune")
    assert code == 0 and "Pruned 1 record the files no longer have: people hubspot-501" in out, out
    with SQLiteStore(db) as s:
        assert {p.name for p in s.dump().people if p.org != "our-company"} == {"Declan Moore", "Rory Quinn"}


def test_two_imports_creating_one_store_cannot_both_win(tmp_path: Path) -> None:
    """Both open a store that does not exist yet (each reads it as empty); the first write
    creates the file; the second is refused, since what it read is no longer true."""
    from kamgraph.errors import StoreError
    from kamgraph.model import Graph, Organisation

    db = tmp_path / "k.db"
    with SQLiteStore(db) as one, SQLiteStore(db) as two:
        assert one.accounts() == two.accounts() == []
        one.import_graph(Graph(organisations=[Organisation(id="a", name="A")]))
        try:
            two.import_graph(Graph(organisations=[Organisation(id="b", name="B")]))
        except StoreError as exc:
            assert "another program created this store" in str(exc)
        else:
            raise AssertionError("the second write went through")
    with SQLiteStore(db) as s:
        assert [a.id for a in s.accounts()] == ["a"]


def test_import_prune_leaves_what_a_crm_import_brought(tmp_path: Path) -> None:
    """An account map that adds a coach to a Salesforce account does not describe every
    Salesforce contact: `import --prune` leaves those (and the owners, and their KNOWS) to
    `import-crm --prune`."""
    db = tmp_path / "c.db"
    assert (
        run(
            db,
            "import-crm",
            "salesforce",
            "--contacts",
            str(DATA / "Contact_report.csv"),
            "--accounts",
            str(DATA / "Account.csv"),
            "--skip-bad-rows",
        )[0]
        == 0
    )
    coach = tmp_path / "coach.yaml"
    coach.write_text(
        "organisations:\n  - id: 0015E00000001KqQAI\n    name: Morel Énergie SA\n    people:\n"
        "      - {id: morel-coach, name: Paul Amiel, title: Consultant}\n"
        "      - {id: morel-old, name: Old Contact}\n",
        encoding="utf-8",
    )
    assert run(db, "import", str(coach))[0] == 0
    coach.write_text(
        "organisations:\n  - id: 0015E00000001KqQAI\n    name: Morel Énergie SA\n    people:\n"
        "      - {id: morel-coach, name: Paul Amiel, title: Consultant}\n",
        encoding="utf-8",
    )
    with SQLiteStore(db) as s:
        before = len(s.dump().people)
    code, out = run(db, "import", "--prune", str(coach))
    assert code == 0 and "Pruned 1 record the files no longer have: people morel-old" in out, out
    with SQLiteStore(db) as s:
        assert len(s.dump().people) == before - 1
