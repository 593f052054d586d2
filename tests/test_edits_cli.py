"""Edits from the command line (`set`, `note`, `left`) on each store: a good edit changes
exactly the record it names; a bad one is one line naming the record and the field, exit 1,
and the store is unchanged."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kamgraph import edits
from kamgraph.cli import cli
from kamgraph.errors import InvalidInput
from kamgraph.io.files import import_files
from kamgraph.model import Role, Stance
from kamgraph.store import SQLiteStore, Store

DATA = Path(__file__).parent / "data"


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    """A store URL for the CLI, and the store open on it, loaded with tests/data/mini.yaml."""
    if request.param == "neo4j":
        from kamgraph.store.neo4j import Neo4jStore

        url = request.getfixturevalue("neo4j_url")
        store: Store = Neo4jStore.from_url(url, env={})
    else:
        url = str(tmp_path / "k.db")
        store = SQLiteStore(url)
    with store:
        import_files(store, [DATA / "mini.yaml"])
        yield url, store


def kamgraph(where: tuple[str, Store], *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["--store", where[0], "--today", "2026-12-01", *args])
    assert result.exit_code == code, result.output
    return result


def test_set_changes_the_person_and_their_seat_at_once(where: tuple[str, Store]) -> None:
    out = kamgraph(
        where,
        "set",
        "Luis",
        "stance=supporter",
        "influence=high",
        "--opportunity",
        "Plataforma",
        "roles=champion,coach",
    ).stdout
    assert out == (
        "Luis Gómez (acme-ap1): stance = supporter, influence = high, on acme-deal: roles = champion,coach\n"
    )
    store = where[1]
    luis = store.person("acme-ap1")
    assert (luis.stance, luis.influence) == (Stance.supporter, "high")
    [deal] = store.get("opportunities", ["acme-deal"]).values()
    seat = next(m for m in deal.committee if m.person == "acme-ap1")  # type: ignore[attr-defined]
    assert seat.roles == [Role.champion, Role.coach]
    again = kamgraph(where, "set", "acme-ap1", "stance=supporter", "--json")
    assert json.loads(again.stdout)["changed"] is False
    logged = [c for c in store.changes(records=[("people", "acme-ap1")]) if c.field == "stance"]
    assert [(c.old, c.new, c.source) for c in logged] == [("unknown", "supporter", "command line")]
    cleared = kamgraph(where, "set", "acme-ap1", "influence=").stdout
    assert cleared == "Luis Gómez (acme-ap1): influence = (none)\n" and store.person("acme-ap1").influence is None


def test_set_changes_a_deal_s_close_date_stage_and_amount(where: tuple[str, Store]) -> None:
    store = where[1]
    out = kamgraph(where, "set", "acme-deal", "close_date=2027-03-31", "stage=Proposal", "amount=65000").stdout
    assert out == "acme-deal: close_date = 2027-03-31, stage = Proposal, amount = 65000\n"
    [deal] = store.get("opportunities", ["acme-deal"]).values()
    assert (deal.close_date, deal.stage, deal.amount) == (dt.date(2027, 3, 31), "Proposal", 65000)  # type: ignore[attr-defined]
    entries = store.changes(records=[("opportunities", "acme-deal")])
    logged = sorted((c.field, c.old, c.new, c.source) for c in entries if c.field is not None)
    assert logged == [
        ("amount", 50000.0, 65000.0, "command line"),
        ("close_date", "2027-02-01", "2027-03-31", "command line"),
        ("stage", "Negotiation", "Proposal", "command line"),
    ]
    # by the deal's name too (no person is called that); the same value again changes nothing
    assert kamgraph(where, "set", "plataforma", "close_date=2027-03-31").stdout == "acme-deal: nothing changed\n"
    # the history of the deal says it, newest first
    moved = json.loads(kamgraph(where, "history", "Plataforma", "--json").stdout)
    assert {c["field"] for c in moved["changes"][:3]} == {"amount", "close_date", "stage"}


def test_set_seats_a_new_member_only_when_asked(where: tuple[str, Store]) -> None:
    refused = kamgraph(where, "set", "acme-ceo", "--opportunity", "acme-deal", "roles=economic_buyer", code=1)
    assert refused.stderr.startswith("Error: opportunity 'acme-deal': person 'acme-ceo' is not on its committee")
    kamgraph(where, "set", "acme-ceo", "--add", "--opportunity", "acme-deal", "roles=executive_sponsor")
    [deal] = where[1].get("opportunities", ["acme-deal"]).values()
    assert [m.person for m in deal.committee][-1] == "acme-ceo"  # type: ignore[attr-defined]


BAD = [
    (["set", "acme-cfo", "mood=happy"], "person 'acme-cfo': mood: cannot be edited here (editable: "),
    (["set", "acme-cfo", "stance=angry"], "person 'acme-cfo': stance: Input should be 'supporter'"),
    (["set", "acme-cfo", "roles=champion,boss"], "person 'acme-cfo': roles.1: Input should be"),
    (["set", "acme-cfo", "stance"], "person 'acme-cfo': 'stance': expected FIELD=VALUE"),
    (["set", "nobody-at-all", "stance=neutral"], "no person matches 'nobody-at-all'"),
    (["set", "acme-cfo", "--opportunity", "nope", "roles=champion"], "no opportunity at 'acme' matches 'nope'"),
    (
        ["set", "acme-cfo", "stance=neutral", "--opportunity", "acme-deal", "roles=boss"],
        "opportunity 'acme-deal' seat 'acme-cfo': roles.0: Input should be",
    ),
    (
        ["set", "us-sam", "--opportunity", "acme-deal", "roles=champion"],
        "opportunity 'acme-deal': person 'us-sam' is at 'us', not at",
    ),
    (
        ["set", "acme-ceo", "--opportunity", "acme-deal", "roles=champion"],
        "opportunity 'acme-deal': person 'acme-ceo' is not on its committee",
    ),
    (
        ["set", "acme-deal", "close_date=2027-02-30"],
        "opportunity 'acme-deal': close_date: Input should be a valid date",
    ),
    (
        ["set", "acme-deal", "amount=-5"],
        "opportunity 'acme-deal': amount: Input should be greater than or equal to 0",
    ),
    (
        ["set", "Plataforma", "account=globex"],
        "opportunity 'acme-deal': account: cannot be edited here (editable: amount, close_date, currency, stage)",
    ),
    (["note", "nowhere", "some text"], "no person, opportunity or account matches 'nowhere'"),
    (["note", "acme-cfo", "   "], "note on 'acme-cfo': text: must not be blank"),
    (["note", "acme-cfo", "x", "--date", "yesterday"], "--date: 'yesterday' is not a date"),
    (["left", "acme-cfo", "--on", "2026-02-30"], "--on: '2026-02-30' is not a date"),
    (["left", "nobody-at-all"], "no person matches 'nobody-at-all'"),
    (["left", "acme-cfo", "--on", "2026-01-01", "--undo"], "left: give --on DATE or --undo, not both"),
]


@pytest.mark.parametrize(("args", "says"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_a_bad_edit_is_one_line_and_writes_nothing(where: tuple[str, Store], args: list[str], says: str) -> None:
    before = where[1].dump().canonical()
    result = kamgraph(where, *args, code=1)
    assert result.stderr.startswith(f"Error: {says}"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert where[1].dump().canonical() == before


def test_the_seat_and_the_person_are_one_write(where: tuple[str, Store]) -> None:
    """A good change to the person and a bad one to the seat: neither is written."""
    before = where[1].dump().canonical()
    with pytest.raises(InvalidInput):
        edits.set_all(where[1], "acme-cfo", {"stance": "neutral"}, [("acme-deal", {"roles": ["boss"]})])
    assert where[1].dump().canonical() == before


def test_note_on_a_person_and_a_deal(where: tuple[str, Store]) -> None:
    kamgraph(where, "note", "Íñigo", "Wants the numbers first", "--by", "Sam Seller")
    kamgraph(where, "note", "acme-deal", "Budget signed off", "--date", "2026-11-20")
    cfo = where[1].person("acme-cfo")
    assert cfo.notes[-1].model_dump() == {
        "text": "Wants the numbers first",
        "date": dt.date(2026, 12, 1),
        "by": "us-sam",
    }
    [deal] = where[1].get("opportunities", ["acme-deal"]).values()
    assert deal.notes[-1].text == "Budget signed off"  # type: ignore[attr-defined]
    assert deal.notes[-1].date == dt.date(2026, 11, 20)  # type: ignore[attr-defined]


def test_left_records_the_day_and_undo_removes_it(where: tuple[str, Store]) -> None:
    assert (
        kamgraph(where, "left", "Marta Ruiz", "--on", "2026-10-01").stdout
        == "Marta Ruiz (acme-cio): left on 2026-10-01\n"
    )
    assert where[1].person("acme-cio").left == dt.date(2026, 10, 1)
    [logged] = [c for c in where[1].changes(records=[("people", "acme-cio")]) if c.field == "left"]
    assert (logged.old, logged.new, logged.source) == (None, "2026-10-01", "command line")
    assert kamgraph(where, "left", "acme-ap1").stdout.endswith("left on 2026-12-01\n")  # --today's date
    assert kamgraph(where, "left", "acme-cio", "--undo").stdout == "Marta Ruiz (acme-cio): has not left\n"
    assert where[1].person("acme-cio").left is None


def test_assignments_words() -> None:
    got: dict[str, Any] = edits.assignments(["stance=neutral", "roles=", "title=Head of IT = Ops"])
    assert got == {"stance": "neutral", "roles": [], "title": "Head of IT = Ops"}
    with pytest.raises(InvalidInput, match="stance: given twice"):
        edits.assignments(["stance=neutral", "stance=supporter"])
