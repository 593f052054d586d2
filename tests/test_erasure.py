"""Erasure leaves no mention behind (issue 12, item 4): notes naming the person by e-mail,
full name or surname anywhere, or by first name in their organisation's records, go;
``--dry-run`` lists them first; and the warning about a reader holding the file open is
true, and its advice works."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.model import Graph, Note, Opportunity, Organisation, OrgKind, Person
from kamgraph.store import SQLiteStore, Store

ELLIE = Person(
    id="acme-ew",
    name="Ellie Wiśniewska",
    org="acme",
    email="ellie.wisniewska@acme.example",
    notes=[Note(text="Prefers calls on Fridays")],
)


def _graph() -> Graph:
    return Graph(
        organisations=[
            Organisation(
                id="acme",
                name="Acme",
                kind=OrgKind.client,
                notes=[
                    Note(text="Ask ellie.wisniewska@acme.example for the RFP"),
                    Note(text="Budget cycle is in March"),
                ],
            ),
            Organisation(
                id="globex",
                name="Globex",
                kind=OrgKind.client,
                notes=[
                    Note(text="Ellie from procurement is new"),  # another Ellie: kept
                    Note(text="Ms WISNIEWSKA joined their board"),
                ],
            ),  # her surname: removed
        ],
        people=[
            ELLIE,
            Person(
                id="acme-cfo",
                name="Tom Baker",
                org="acme",
                notes=[
                    Note(text="Ms Wiśniewska said the CFO decides"),
                    Note(text="Ellie backs us"),
                    Note(text="Plays golf"),
                ],
            ),
            Person(id="acme-ceo", name="Carla Reyes", org="acme", notes=[Note(text="Ellie's boss")]),
        ],
        opportunities=[
            Opportunity(
                id="acme-deal",
                account="acme",
                name="Renewal",
                notes=[Note(text="ELLIE WISNIEWSKA owns the shortlist"), Note(text="Elliepedia is their wiki")],
            )
        ],  # not a whole word: kept
    )


REMOVED = {
    "organisation 'acme': Ask ellie.wisniewska@acme.example for the RFP",
    "organisation 'globex': Ms WISNIEWSKA joined their board",
    "person 'acme-cfo': Ms Wiśniewska said the CFO decides",
    "person 'acme-cfo': Ellie backs us",
    "person 'acme-ceo': Ellie's boss",
    "opportunity 'acme-deal': ELLIE WISNIEWSKA owns the shortlist",
}
KEPT = ["Budget cycle is in March", "Ellie from procurement is new", "Plays golf", "Elliepedia is their wiki"]


def _notes(store: Store) -> list[str]:
    g = store.dump()
    records: list[Organisation | Person | Opportunity] = [*g.organisations, *g.people, *g.opportunities]
    return [n.text for r in records for n in r.notes]


def test_forget_removes_notes_naming_the_person_every_way(store: Store) -> None:
    store.import_graph(_graph())
    before = store.dump()
    planned = store.forget("acme-ew", dry_run=True)
    assert planned.dry_run and set(planned.notes) == REMOVED
    assert store.dump() == before  # the dry run wrote nothing
    report = store.forget("acme-ew")
    assert set(report.notes) == REMOVED and report.removed["notes"] == len(REMOVED) + 1  # and her own
    assert sorted(_notes(store)) == sorted(KEPT)
    text = store.dump().model_dump_json().casefold()
    assert "wisniewska" not in text and "wiśniewska" not in text and "acme-ew" not in text


def _cli(db: Path, *args: str) -> object:
    return CliRunner().invoke(cli, ["--store", str(db), *args], prog_name="kamgraph")


def test_forget_dry_run_lists_the_notes(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with SQLiteStore(db) as store:
        store.import_graph(_graph())
    result = _cli(db, "forget", "acme-ew", "--dry-run")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.output  # type: ignore[attr-defined]
    assert out.startswith("Would erase Ellie Wiśniewska (acme-ew); nothing was changed.")
    assert "  note: person 'acme-cfo': Ms Wiśniewska said the CFO decides" in out
    with SQLiteStore(db) as store:
        assert store.person("acme-ew").name == "Ellie Wiśniewska"


def test_the_warning_about_a_reader_is_true_and_its_advice_works(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with SQLiteStore(db) as store:
        store.import_graph(_graph())  # closing it folds the log into the file: her name is in it
    secret = "Wiśniewska".encode()
    assert secret in db.read_bytes()
    reader = sqlite3.connect(db)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM people").fetchone()  # holds a snapshot from before the erasure
    result = _cli(db, "forget", "acme-ew", "--yes")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    [warning] = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert "another program is reading the store" in warning and "stays in the store file" in warning
    assert secret in db.read_bytes()  # true: the erased bytes are still in the main file
    advice = warning.split("then run: ", 1)[1]
    assert advice == f"kamgraph --store {db} purge"
    blocked = _cli(db, "purge")  # while the reader is open, the advice says it cannot yet
    assert blocked.exit_code == 1  # type: ignore[attr-defined]
    reader.rollback()
    purged = _cli(db, "purge")
    reader.close()
    assert purged.exit_code == 0, purged.output  # type: ignore[attr-defined]
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith("k.db")]
    assert all(secret not in p.read_bytes() for p in leftovers), [p.name for p in leftovers]
