"""The change log (issue 16, History), on both stores: each kind of write recorded once with
its source and author; a write that changes nothing, or is refused, records nothing;
erasure removes every entry that names the person; ``history`` lists newest first."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kamgraph import clock, edits
from kamgraph.cli import cli
from kamgraph.errors import Problems
from kamgraph.history import history, rewind
from kamgraph.model import Graph, Knows, Membership, Note, Opportunity, Organisation, OrgKind, Person, Role, Stance
from kamgraph.store import SQLiteStore, Store

JAN, FEB, MAR = dt.date(2026, 1, 5), dt.date(2026, 2, 5), dt.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KAMGRAPH_USER", "kam")
    clock.set_today(JAN)
    yield
    clock.set_today(None)


def _base() -> Graph:
    return Graph(
        organisations=[
            Organisation(id="acme", name="Acme"),
            Organisation(id="us", name="Us", kind=OrgKind.own),
        ],
        people=[
            Person(id="cfo", name="Carla Reyes", org="acme", title="CFO"),
            Person(id="ana", name="Ana Ruiz", org="acme", reports_to="cfo"),
            Person(id="sam", name="Sam Seller", org="us"),
        ],
        knows=[Knows(a="sam", b="cfo", strength=0.8, last_contact=JAN)],
        opportunities=[
            Opportunity(
                id="deal",
                account="acme",
                name="Big deal",
                stage="qualify",
                amount=100.0,
                committee=[Membership(person="cfo", roles=[Role.economic_buyer])],
            )
        ],
    )


def _entries(store: Store) -> list[tuple[str, str, str, str | None, object, object]]:
    return [(c.kind.value, c.collection, c.key, c.field, c.old, c.new) for c in store.changes()]


def test_an_import_records_each_record_created_once_with_source_and_author(store: Store) -> None:
    store.import_graph(_base(), source="acme.yaml")
    assert _entries(store) == [
        ("created", "organisations", "acme", None, None, "Acme"),
        ("created", "organisations", "us", None, None, "Us"),
        ("created", "people", "cfo", None, None, "Carla Reyes"),
        ("created", "people", "ana", None, None, "Ana Ruiz"),
        ("created", "people", "sam", None, None, "Sam Seller"),
        ("created", "knows", "cfo sam", None, None, None),
        ("created", "opportunities", "deal", None, None, "Big deal"),
    ]
    changes = store.changes()
    assert {(c.source, c.author, c.at) for c in changes} == {
        ("acme.yaml", "kam", dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    }
    assert [c.seq for c in changes] == sorted({c.seq for c in changes})  # one number each, in order
    assert [c.people for c in changes if c.collection == "knows"] == [["cfo", "sam"]]


def test_a_write_that_changes_nothing_or_is_refused_records_nothing(store: Store) -> None:
    store.import_graph(_base())
    before = store.changes()
    assert not store.import_graph(_base()).changed
    bad = Graph(people=[Person(id="ana", name="Ana Ruiz", org="nowhere", stance=Stance.supporter)])
    with pytest.raises(Problems):
        store.import_graph(bad)
    assert store.changes() == before


def test_an_update_records_each_field_that_moved_old_and_new(store: Store) -> None:
    store.import_graph(_base())
    first = len(store.changes())
    clock.set_today(FEB)
    g = _base()
    g.people[1] = g.people[1].model_copy(update={"stance": Stance.supporter, "title": "Head of IT"})
    g.opportunities[0] = g.opportunities[0].model_copy(
        update={
            "stage": "propose",
            "committee": [
                Membership(person="cfo", roles=[Role.economic_buyer], stance=Stance.detractor),
                Membership(person="ana", roles=[Role.champion]),
            ],
        }
    )
    store.import_graph(g, source="command line", author="lee")
    new = store.changes()[first:]
    assert [(c.kind.value, c.key, c.field, c.item, c.old, c.new) for c in new] == [
        ("updated", "ana", "stance", None, "unknown", "supporter"),
        ("updated", "ana", "title", None, None, "Head of IT"),
        ("updated", "deal", "committee", "ana", None, True),
        ("updated", "deal", "committee.primary", "ana", None, False),
        ("updated", "deal", "committee.roles", "ana", None, ["champion"]),
        ("updated", "deal", "committee.stance", "cfo", None, "detractor"),
        ("updated", "deal", "stage", None, "qualify", "propose"),
    ]
    assert {(c.source, c.author, c.at.date()) for c in new} == {("command line", "lee", FEB)}
    assert [c.people for c in new if c.field == "committee.stance"] == [["cfo"]]


def test_removals_are_recorded_and_rewind_brings_them_back(store: Store) -> None:
    store.import_graph(_base())
    clock.set_today(FEB)
    report = store.forget("sam")  # our seller: the relation goes with them
    assert report.history > 0
    clock.set_today(MAR)
    g = _base()
    store.import_graph(Graph(people=[Person(id="dan", name="Dan Ortiz", org="acme")]), source="b.yaml")
    assert [c.key for c in store.changes() if c.collection == "people"] == ["cfo", "ana", "dan"]
    # rewinding to January: dan goes, and what was there then is back as it was
    then = rewind(store.account("acme"), store.changes(since=FEB), "acme")
    assert {p.id for p in then.people} == {"cfo", "ana"}
    assert then.opportunities == g.opportunities


def test_rewind_undoes_updates_newest_first(store: Store) -> None:
    store.import_graph(_base())
    for day, stance in ((FEB, Stance.neutral), (MAR, Stance.supporter)):
        clock.set_today(day)
        edits.set_person(store, "ana", {"stance": stance})
    current = store.account("acme")
    assert rewind(current, store.changes(since=MAR), "acme").person("ana").stance == Stance.neutral  # type: ignore[union-attr]
    assert rewind(current, store.changes(since=FEB), "acme").person("ana").stance == Stance.unknown  # type: ignore[union-attr]
    assert rewind(current, store.changes(since=JAN), "acme").people == []  # before anything was recorded


def test_each_kind_of_write_is_recorded_once_with_its_source(store: Store) -> None:
    store.import_graph(_base(), source="acme.yaml")
    clock.set_today(FEB)
    edits.set_person(store, "ana", {"influence": "high"})
    edits.set_seat(store, "deal", "ana", {"roles": ["champion"]}, source="web")
    edits.add_note(store, "cfo", "Golf on Fridays")
    edits.log_contact(store, "ana", "sam", on=FEB)
    later = [c for c in store.changes() if c.at.date() == FEB]
    assert [(c.collection, c.key, c.field, c.item, c.source) for c in later] == [
        ("people", "ana", "influence", None, "command line"),
        ("opportunities", "deal", "committee", "ana", "web"),
        ("opportunities", "deal", "committee.primary", "ana", "web"),
        ("opportunities", "deal", "committee.roles", "ana", "web"),
        ("people", "cfo", "notes", None, "command line"),
        ("people", "ana", "last_contact", None, "command line"),
        ("knows", "ana sam", None, None, "command line"),
    ]
    # the log keeps the note whole (its date too); history shows its text
    assert [c.new for c in later if c.field == "notes"] == [['{"date": "2026-02-05", "text": "Golf on Fridays"}']]
    assert [c.new for c in history(store, "cfo").changes if c.field == "notes"] == [["Golf on Fridays"]]


def test_rewinding_keeps_notes_dates_and_authors(store: Store) -> None:
    g = _base()
    g.people[0] = g.people[0].model_copy(update={"notes": [Note(text="Budget in March", date=JAN, by="sam")]})
    store.import_graph(g)
    clock.set_today(FEB)
    edits.add_note(store, "cfo", "Golf on Fridays", by="sam")
    clock.set_today(MAR)
    edits.add_note(store, "cfo", "Moving to the board", on=MAR)
    edits.set_person(store, "cfo", {"stance": "supporter"})
    current = store.account("acme")
    then = rewind(current, store.changes(since=MAR), "acme").person("cfo")
    assert then is not None and then.stance == Stance.unknown
    assert then.notes == [
        Note(text="Budget in March", date=JAN, by="sam"),
        Note(text="Golf on Fridays", date=FEB, by="sam"),
    ]
    before = rewind(current, store.changes(since=FEB), "acme").person("cfo")
    assert before is not None and before.notes == [Note(text="Budget in March", date=JAN, by="sam")]
    # and today's state rewound by nothing is today's
    assert rewind(current, [], "acme").person("cfo") == store.person("cfo")


def test_history_of_a_person_account_and_deal_newest_first(store: Store) -> None:
    store.import_graph(_base(), source="acme.yaml")
    clock.set_today(FEB)
    edits.set_person(store, "ana", {"stance": "supporter"})
    edits.set_seat(store, "deal", "cfo", {"stance": "detractor"})
    ana = history(store, "ana")
    assert (ana.kind, ana.name) == ("person", "Ana Ruiz")
    assert [(c.at.date(), c.collection, c.field) for c in ana.changes] == [
        (FEB, "people", "stance"),
        (JAN, "people", None),
    ]
    cfo = history(store, "cfo", since=FEB)
    assert [(c.collection, c.field, c.item) for c in cfo.changes] == [("opportunities", "committee.stance", "cfo")]
    deal = history(store, "deal")
    assert deal.kind == "opportunity" and [c.field for c in deal.changes] == ["committee.stance", None]
    acme = history(store, "acme")
    assert acme.kind == "account"
    seqs = [c.seq for c in acme.changes]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) == 7  # acme, cfo, ana, the deal, knows, 2 edits


def test_forget_removes_every_entry_that_names_the_person(store: Store) -> None:
    g = _base()
    g.organisations[0] = g.organisations[0].model_copy(update={"notes": [Note(text="Budget in March")]})
    store.import_graph(g)
    clock.set_today(FEB)
    edits.add_note(store, "acme", "Ms Reyes decides")  # names the CFO by surname
    edits.set_seat(store, "deal", "ana", {"roles": ["champion"]})
    edits.set_person(store, "ana", {"stance": "supporter"})
    assert store.forget("cfo", dry_run=True).history == 3  # her creation, her relation, the note
    report = store.forget("cfo")
    assert report.history == 3
    left = store.changes()
    for c in left:
        assert "cfo" not in c.people and c.key != "cfo", c
        assert "Reyes" not in json.dumps([c.old, c.new]), c
    # what did not name her stays: Ana's stance, Ana's seat
    assert ("people", "ana", "stance") in {(c.collection, c.key, c.field) for c in left}
    assert history(store, "ana").changes[0].field == "stance"


def test_cli_history_table_json_csv_and_errors(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with SQLiteStore(db) as store:
        store.import_graph(_base(), source="acme.yaml")
        clock.set_today(FEB)
        edits.set_person(store, "ana", {"stance": "supporter"})
    clock.set_today(None)
    run = CliRunner().invoke
    shown = run(cli, ["--store", str(db), "--today", "2026-03-01", "history", "Ana Ruiz"])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0] == "History of person Ana Ruiz (ana)"
    assert "stance" in lines[2] and "unknown -> supporter" in lines[2] and "command line" in lines[2]
    assert "created" in lines[3] and "acme.yaml" in lines[3]
    as_json = json.loads(run(cli, ["--store", str(db), "history", "ana", "--json", "--since", "2026-02-01"]).output)
    assert as_json["kind"] == "person" and [c["field"] for c in as_json["changes"]] == ["stance"]
    assert as_json["changes"][0]["author"] == "kam" and as_json["changes"][0]["at"] == "2026-02-05T00:00:00Z"
    csv = run(cli, ["--store", str(db), "history", "acme", "--csv"]).output.splitlines()
    assert csv[0] == "WHEN,RECORD,CHANGE,OLD -> NEW,SOURCE,AUTHOR" and len(csv) == 1 + 6
    # an opportunity by name or part of it, on any account; a part that fits two is ambiguous
    deal = json.loads(run(cli, ["--store", str(db), "history", "big deal", "--json"]).output)
    assert (deal["kind"], deal["id"], deal["name"]) == ("opportunity", "deal", "Big deal")
    with SQLiteStore(db) as store:
        store.import_graph(Graph(opportunities=[Opportunity(id="deal2", account="acme", name="Bigger deal")]))
    assert json.loads(run(cli, ["--store", str(db), "history", "Bigger", "--json"]).output)["id"] == "deal2"
    for args, message in (
        (
            ["history", "big"],
            "Error: 'big' fits 2 opportunities: Big deal (deal), Bigger deal (deal2); give more of the name, or the id",
        ),
        (["history", "nobody"], "Error: no person, account or opportunity matches 'nobody'"),
        (["history", "ana", "--since", "March"], "Error: --since: 'March' is not a date (use YYYY-MM-DD)"),
    ):
        bad = run(cli, ["--store", str(db), *args])
        assert bad.exit_code == 1 and bad.output.strip() == message, bad.output


def test_forget_says_it_removed_history(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with SQLiteStore(db) as store:
        store.import_graph(_base())
    done = CliRunner().invoke(cli, ["--store", str(db), "forget", "ana", "--yes"])
    assert done.exit_code == 0, done.output
    assert "removed from the change log: 1 entry naming them" in done.output  # her creation


def test_import_crm_and_copy_say_where_they_came_from(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent / "samples" / "crm" / "hubspot"
    db, copy = str(tmp_path / "k.db"), str(tmp_path / "copy.db")
    contacts, companies = sorted(root.glob("*contacts*.csv"))[0], sorted(root.glob("*companies*.csv"))[0]
    run = CliRunner().invoke
    args = ["--store", db, "import-crm", "hubspot", "--contacts", str(contacts), "--companies", str(companies)]
    done = run(cli, [*args, "--skip-bad-rows"])
    assert done.exit_code == 0, done.output
    with SQLiteStore(db) as store:
        first = store.changes()
        assert first and {c.source for c in first} == {"crm:hubspot"} and {c.author for c in first} == {"kam"}
    run(cli, [*args, "--skip-bad-rows"])  # the same export again: nothing changes, nothing is recorded
    assert run(cli, ["--store", db, "copy", "--to", copy]).exit_code == 0
    with SQLiteStore(db) as store, SQLiteStore(copy) as target:
        assert store.changes() == first
        # an empty store gets the source's log, which says how every record got there
        assert target.changes() == first


def _content(changes: list[Any]) -> list[tuple[Any, ...]]:
    return [c.model_dump(exclude={"seq"}) for c in changes]


def test_copy_carries_the_history(store: Store, tmp_path: Path) -> None:
    from kamgraph.service import copy_graph

    with SQLiteStore(tmp_path / "source.db") as source:
        source.import_graph(_base(), source="acme.yaml")
        clock.set_today(FEB)
        edits.set_person(source, "ana", {"stance": "supporter"})
        edits.add_note(source, "cfo", "Golf on Fridays", by="sam")
        copy_graph(source, store)
        # the target's log is the source's, entry for entry (numbered in the target)
        assert _content(store.changes()) == _content(source.changes())
        assert [(c.field, c.old, c.new, c.source) for c in history(store, "ana").changes] == [
            ("stance", "unknown", "supporter", "command line"),
            (None, None, "Ana Ruiz", "acme.yaml"),
        ]
        then = rewind(store.account("acme"), store.changes(since=FEB), "acme")
        assert then.person("ana").stance == Stance.unknown  # type: ignore[union-attr]
        # copying again carries nothing twice; a later edit in the source comes alone
        copy_graph(source, store)
        assert len(store.changes()) == len(source.changes())
        clock.set_today(MAR)
        edits.set_person(source, "cfo", {"influence": "high"})
        copy_graph(source, store)
        assert _content(store.changes()) == _content(source.changes())
        # the target edited on its own: the next copy records what it changes there
        edits.set_person(store, "ana", {"stance": "detractor"})
        copy_graph(source, store)
        assert store.person("ana").stance == Stance.supporter
        last = store.changes()[-1]
        assert (last.field, last.old, last.new, last.source) == (
            "stance",
            "detractor",
            "supporter",
            f"copy of {source.url}",
        )
    # and from this store (either backend) on into a new one: the log, entry for entry
    with SQLiteStore(tmp_path / "onward.db") as onward:
        copy_graph(store, onward)
        assert _content(onward.changes()) == _content(store.changes())
        assert onward.dump() == store.dump()


def test_an_opportunity_is_found_by_name_on_any_account(store: Store) -> None:
    from kamgraph.resolve import Ambiguous, resolve_any_opportunity

    store.import_graph(_base())
    store.import_graph(
        Graph(
            organisations=[Organisation(id="globex", name="Globex")],
            opportunities=[Opportunity(id="g1", account="globex", name="Bigger deal")],
        )
    )
    assert [resolve_any_opportunity(store, t) for t in ("deal", "Big Deal", "bigger", "g1")] == [
        "deal",
        "deal",
        "g1",
        "g1",
    ]
    with pytest.raises(Ambiguous, match="'big' fits 2 opportunities: Big deal \\(deal\\), Bigger deal \\(g1\\)"):
        resolve_any_opportunity(store, "big")
    assert history(store, resolve_any_opportunity(store, "bigger")).name == "Bigger deal"
