"""The records a write creates are logged as runs (kamgraph/store/changes.py ``Creations``;
SQLite keeps a run as one packed row: kamgraph/store/sqlite_changes.py): what is read back is
the same, entry for entry and number for number, as rows of their own; a person created in a
thousand-person import has their own history, and erasure takes them out of the run and says
so; a store whose log was written before packing reads the same after the upgrade."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgraph import clock, edits
from kamgraph.errors import KamgraphError
from kamgraph.history import history
from kamgraph.model import Graph, Influences, Knows, Organisation, OrgKind, Person, Unit
from kamgraph.store import SQLiteStore, Store, sqlite_changes
from kamgraph.store.changes import ChangeKind, ChangeQuery, ChangeRow, Creations, pack_creations, plain_rows

JAN, FEB = dt.date(2026, 1, 5), dt.date(2026, 2, 5)
AT = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KAMGRAPH_USER", "kam")
    clock.set_today(JAN)
    yield
    clock.set_today(None)


def _thousand() -> Graph:
    """1,000 people of one account in a chain of relations, and two of ours who know the first."""
    people = [Person(id=f"p{n:04d}", name=f"Person Number{n}", org="acme") for n in range(1000)]
    ours = [Person(id="sam", name="Sam Seller", org="us"), Person(id="tess", name="Tess Teller", org="us")]
    knows = [Knows(a=f"p{n:04d}", b=f"p{n + 1:04d}", strength=0.5) for n in range(999)]
    knows += [Knows(a="sam", b="p0000", strength=0.9), Knows(a="tess", b="p0500", strength=0.7)]
    return Graph(
        organisations=[Organisation(id="acme", name="Acme"), Organisation(id="us", name="Us", kind=OrgKind.own)],
        units=[Unit(id="fin", org="acme", name="Finance"), Unit(id="ops", org="acme", name="Operations")],
        people=people + ours,
        knows=knows,
        influences=[Influences(**{"from": "p0499", "to": "p0500"})],
    )


def test_history_of_one_person_created_in_a_thousand_person_import(store: Store) -> None:
    store.import_graph(_thousand(), source="acme.yaml")
    log = store.changes()
    assert len(log) == 2 + 2 + 1002 + 1001 + 1  # every record created, one entry each
    assert [c.seq for c in log] == list(range(log[0].seq, log[0].seq + len(log)))  # numbered one by one
    assert {(c.kind, c.source, c.author) for c in log} == {(ChangeKind.created, "acme.yaml", "kam")}
    mine = history(store, "p0500")
    assert [(c.collection, c.key, c.new, c.org, c.people) for c in reversed(mine.changes)] == [
        ("people", "p0500", "Person Number500", "acme", ["p0500"]),
        ("knows", "p0499 p0500", None, None, ["p0499", "p0500"]),
        ("knows", "p0500 p0501", None, None, ["p0500", "p0501"]),
        ("knows", "p0500 tess", None, None, ["p0500", "tess"]),
        ("influences", "p0499 p0500", None, None, ["p0499", "p0500"]),
    ]
    assert [c.key for c in store.changes(records=[("knows", "p0500 tess")])] == ["p0500 tess"]
    assert [c.key for c in store.changes(records=[("units", "ops")])] == ["ops"]
    # an account's history: its record, units, people and their relations (many people at once)
    acme = store.changes(records=[("organisations", "acme")], org="acme", people=[f"p{n:04d}" for n in range(1000)])
    assert len(acme) == 1 + 2 + 1000 + 1001 + 1
    assert [c.key for c in store.changes(org="us")] == ["us", "sam", "tess"]
    assert store.changes(since=FEB) == [] and len(store.changes(until=FEB)) == len(log)
    # a later update of the person comes after the run, in their history first
    clock.set_today(FEB)
    edits.set_person(store, "p0500", {"stance": "supporter"})
    newest = history(store, "p0500").changes
    assert [(c.field, c.new) for c in (newest[0], newest[-1])] == [("stance", "supporter"), (None, "Person Number500")]
    assert store.changes()[-1].seq == log[-1].seq + 1


def test_forget_inside_a_thousand_person_import_removes_them_from_the_run(store: Store, tmp_path: Path) -> None:
    store.import_graph(_thousand(), source="acme.yaml")
    before = {c.seq: c for c in store.changes()}
    assert store.forget("p0500", dry_run=True).history == 5  # created, three relations, an influence
    report = store.forget("p0500")
    assert report.history == 5
    after = store.changes()
    assert not [c for c in after if "p0500" in c.people or "p0500" in c.key or "Number500" in json.dumps(c.new)]
    # the others keep their entries and their numbers; the erasure's own entries come after
    kept = {c.seq: c for c in after if c.seq in before}
    assert len(kept) == len(before) - 5 and all(before[s] == c for s, c in kept.items())
    assert history(store, "p0499").changes[-1].new == "Person Number499"
    assert history(store, "p0501").changes[-1].new == "Person Number501"
    if isinstance(store, SQLiteStore):  # nothing of hers left in the file's log
        text = json.dumps(store.db.execute("SELECT * FROM changes").fetchall())
        assert "p0500" not in text and "Number500" not in text
        assert not store.db.execute("SELECT * FROM change_people WHERE person = 'p0500'").fetchall()
    # the next write numbers on after every entry, the erased ones too
    store.import_graph(Graph(people=[Person(id="q", name="Q", org="acme")]))
    assert store.changes()[-1].seq > max(c.seq for c in after)


def test_pack_creations_and_plain_rows_lose_nothing() -> None:
    def made(key: str, collection: str = "people", org: str | None = "acme", **kw: Any) -> ChangeRow:
        people = sorted(key.split(" ")) if collection in ("knows", "influences") else []
        people = [key] if collection == "people" else people
        return ChangeRow(
            AT, ChangeKind.created, collection, key, "a.yaml", "kam", new=kw.get("new"), org=org, people=people
        )

    rows = [
        made("ana", new="Ana"),
        made("ben", new="Ben"),
        made("cat", org="zeta", new="Cat"),
        ChangeRow(AT, ChangeKind.updated, "people", "ana", "a.yaml", "kam", "stance", None, "a", "b", "acme", ["ana"]),
        made("ana ben", "knows", None),
        made("ana cat", "knows", None),
        made("fin ops", "adoption", None),
        ChangeRow(AT, ChangeKind.created, "people", "dan", "a.yaml", "kam", new="Dan", org="acme", people=[]),
    ]
    packed = pack_creations(rows)
    assert [type(r).__name__ for r in packed] == [
        "Creations",
        "Creations",
        "ChangeRow",
        "Creations",
        "Creations",
        "ChangeRow",  # names nobody, as no entry of a person created does: kept as it is
    ]
    assert plain_rows(packed) == rows
    assert packed[3] == Creations(AT, "knows", "a.yaml", "kam", None, [("ana", "ben"), ("ana", "cat")], [None, None])


# --- SQLite: a packed log reads the same as rows of their own, for every query ------------------

ids = st.sampled_from(["ana", "ben", "cat", "dan", "eve", 'o"neil', "zoë"])


@st.composite
def writes(draw: Any) -> list[Graph]:
    """A few imports into one store: people of two accounts, their relations, units."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        people = [
            Person(id=p, name=f"{p.title()} {draw(st.sampled_from(['Ruiz', 'Ana', 'Ben']))}", org=org)
            for p, org in draw(st.lists(st.tuples(ids, st.sampled_from(["acme", "beta"])), unique_by=lambda t: t[0]))
        ]
        named = [p.id for p in people]
        pairs = draw(st.lists(st.tuples(st.sampled_from(named), st.sampled_from(named)), max_size=6)) if named else []
        knows = {tuple(sorted(pair)): Knows(a=pair[0], b=pair[1], strength=0.5) for pair in pairs if pair[0] != pair[1]}
        units = [Unit(id=u, org="acme", name=u.title()) for u in draw(st.lists(st.sampled_from(["fin", "ops"])))]
        out.append(Graph(people=people, knows=list(knows.values()), units=units))
    return out


def _queries() -> Any:
    records = st.lists(
        st.tuples(
            st.sampled_from(["people", "knows", "units", "organisations"]), st.sampled_from(["ana", "ana ben", "fin"])
        )
    )
    return st.builds(
        ChangeQuery,
        records=st.none() | records,
        org=st.none() | st.sampled_from(["acme", "beta", "x"]),
        people=st.none() | st.lists(ids) | st.just([f"n{n}" for n in range(20)] + ["ben"]),
        since=st.none() | st.just(dt.datetime(2026, 1, 6, tzinfo=dt.UTC)),
        until=st.none() | st.just(dt.datetime(2026, 1, 7, tzinfo=dt.UTC)),
        notes=st.booleans(),
    )


def _loaded(graphs: list[Graph], pack_min: int) -> SQLiteStore:
    store = SQLiteStore(":memory:")
    base = Graph(organisations=[Organisation(id="acme", name="Acme"), Organisation(id="beta", name="Beta")])
    store.import_graph(base)
    original = sqlite_changes.PACK_MIN
    sqlite_changes.PACK_MIN = pack_min
    try:
        for n, g in enumerate(graphs):
            clock.set_today(JAN + dt.timedelta(days=n))
            try:
                store.import_graph(g, source=f"w{n}.yaml")
            except KamgraphError:  # refused (the same way for both stores): nothing recorded
                pass
    finally:
        sqlite_changes.PACK_MIN = original
        clock.set_today(JAN)
    return store


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes(), st.lists(_queries(), min_size=1, max_size=4), st.sets(st.integers(1, 40)))
def test_a_packed_log_reads_and_erases_as_rows_of_their_own(
    graphs: list[Graph], queries: list[ChangeQuery], gone: set[int]
) -> None:
    packed, plain = _loaded(graphs, 2), _loaded(graphs, 10**9)
    with packed, plain:
        assert packed.db.execute("SELECT count(*) FROM changes").fetchone()[0] <= len(plain.changes())
        assert packed.changes() == plain.changes()
        for q in queries:
            assert packed._read_changes(q) == plain._read_changes(q), q
        for store in (packed, plain):
            with store.transaction(write=True):
                store._delete_changes(sorted(gone))
        assert packed.changes() == plain.changes()
        for q in queries:
            assert packed._read_changes(q) == plain._read_changes(q), q
        # and the next write numbers on from the last entry either way
        for store in (packed, plain):
            store.import_graph(Graph(people=[Person(id="fay", name="Fay", org="beta")]))
        assert packed.changes()[-1] == plain.changes()[-1]


def test_a_store_whose_log_predates_packing_reads_the_same_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    with SQLiteStore(path) as now:  # a log of every kind of entry, written today
        now.import_graph(_thousand(), source="acme.yaml")
        clock.set_today(FEB)
        edits.set_person(now, "p0001", {"stance": "supporter"})
        edits.add_note(now, "acme", "Person Number7 called", by="sam")
        now.forget("p0002")
        log = now.changes()
    db = sqlite3.connect(path, isolation_level=None)  # the same log as version 3 kept it: a row each
    db.execute("BEGIN")
    db.execute("DROP INDEX changes_packed")
    db.execute("DELETE FROM change_people")
    db.execute("DELETE FROM changes")
    db.execute("ALTER TABLE changes DROP COLUMN created")
    for c in log:
        db.execute(
            "INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [c.seq, c.at.isoformat(), c.kind.value, c.collection, c.key, c.field, c.item]
            + [None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True) for v in (c.old, c.new)]
            + [c.source, c.author, c.org],
        )
        db.executemany("INSERT INTO change_people VALUES (?, ?)", [(c.seq, p) for p in c.people])
    db.execute("COMMIT")
    db.execute("PRAGMA user_version = 3")
    db.close()
    with SQLiteStore(path) as old:
        assert old.db.execute("PRAGMA user_version").fetchone()[0] == 4
        assert old.changes() == log
        assert old.changes(people=["p0500"]) == [c for c in log if "p0500" in c.people]
        assert old.changes(org="us") == [c for c in log if c.org == "us"]
        # written on: new entries number on from the old ones, and forgetting reaches both
        old.import_graph(Graph(people=[Person(id=f"q{n}", name=f"Q{n}", org="acme") for n in range(3)]))
        new = [c.seq for c in old.changes()[-3:]]
        assert new == list(range(new[0], new[0] + 3)) and new[0] > log[-1].seq
        assert old.forget("p0007").history >= 3
        assert not old.changes(people=["p0007"])
        assert old.forget("q1").history == 1
        assert [c.key for c in old.changes()[-2:]] == ["q0", "q2"]
