"""Ids made from a CRM's texts (a department, an account or owner known by name) stay within
the model's 200 characters: a long department once stopped ``import-crm`` with pydantic's
traceback instead of importing."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kamgraph.cli import cli
from kamgraph.io.crm.columns import MAX_ID, slug, slug_id
from kamgraph.store import SQLiteStore

SF = Path(__file__).resolve().parent.parent / "samples" / "crm" / "salesforce"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400), st.text(max_size=250))
def test_slug_ids_fit_the_model_and_keep_their_old_form_when_short(prefix: str, text: str) -> None:
    made = slug_id(prefix or "acme", text)
    whole = f"{prefix or 'acme'}-{slug(text)}"
    assert len(made) <= MAX_ID
    assert made == whole if len(whole) <= MAX_ID else made.startswith(whole[:150])
    assert slug_id(prefix or "acme", text) == made  # the same text, the same id: a re-import finds it


def test_two_long_departments_alike_but_for_their_end_are_two_units() -> None:
    common = "Department of " + "Very Long Name " * 15
    a, b = slug_id("acme", common + "North"), slug_id("acme", common + "South")
    assert len(a) == len(b) == MAX_ID and a != b


def test_a_contact_export_with_a_long_department_imports(tmp_path: Path) -> None:
    with (SF / "Contact_ashgrove_dataloader.csv").open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("Department")
    long = "Department of " + "Very Long Name " * 15
    north, south = long + "North", long + "South"
    rows[1][column], rows[2][column] = north, south
    contacts = tmp_path / "Contact.csv"
    with contacts.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    db = tmp_path / "k.db"
    args = ["--store", str(db), "import-crm", "salesforce", "--skip-bad-rows"]
    args += ["--contacts", str(contacts), "--accounts", str(SF / "Account.csv")]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0 and first.exception is None, first.output
    with SQLiteStore(db) as store:
        units = {u.name: u.id for u in store.dump().units}
    assert len(units[north]) <= MAX_ID and units[north] != units[south]
    again = CliRunner().invoke(cli, args)  # the same export again: the same units, nothing added
    assert again.exit_code == 0, again.output
    with SQLiteStore(db) as store:
        assert {u.name: u.id for u in store.dump().units} == units
