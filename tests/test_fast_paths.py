"""The quick ways give the answers of the careful ones (issue 19). Through an import of
100,000 people: the bad-value check that reads one JSON text per collection, people
assembled from values already validated, the ASCII short cut of ``fold``. At start-up:
``accounts`` reading an SQLite store's rows without pydantic."""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import sqlite3
import tempfile
import unicodedata
import weakref
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import kamgraph.bad_values as values
import kamgraph.cli.core as cli_core
import kamgraph.validate as validate
from kamgraph import clock
from kamgraph.bulk import bulk
from kamgraph.cli import cli
from kamgraph.io.files import load_files
from kamgraph.model import Graph, Influences, Knows, Note, Opportunity, Organisation, OrgKind, Person, Unit
from kamgraph.store import SQLiteStore
from kamgraph.store.outline import Outline
from kamgraph.store.sqlite_plain import CLIENT, account_summaries, open_plain
from kamgraph.store.sqlite_schema import SCHEMA_VERSION
from kamgraph.text import fold

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))

#: Text with what the check looks for: control characters (C0, DEL, C1), lone surrogates,
#: backslashes and the letters of JSON's escapes, digits.
TEXT = st.text(
    alphabet=st.sampled_from(
        ["a", "Ñ", "\\", "b", "f", "u", "0", "1", "9", "\t", "\n", "\x00", "\x08", "\x0c", "\x1b", "\x7f", "\x85"]
        + ["\x9f", "\xa0", "\ud800", "\u2028", '"', " "]
    ),
    max_size=12,
)
NUMBER = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 10**18, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1]),
)
FLOAT = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([math.inf, -math.inf]))


def _built(model: type[Any], **values: Any) -> Any:
    """A record holding whatever it is given (as code that skips validation could make one)."""
    return model.model_construct(**{**model.model_construct().__dict__, **values})


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    def note() -> Any:
        return _built(Note, text=draw(TEXT))

    return Graph.model_construct(
        organisations=[
            _built(Organisation, id=draw(TEXT), name=draw(TEXT), value=draw(FLOAT), ids={draw(TEXT): draw(TEXT)})
            for _ in range(draw(st.integers(0, 3)))
        ],
        units=[
            _built(Unit, id=f"u{n}", org="o", name="U", headcount=draw(NUMBER)) for n in range(draw(st.integers(0, 2)))
        ],
        people=[
            _built(Person, id=f"p{n}", name=draw(TEXT), org="o", title=draw(TEXT), notes=[note() for _ in range(2)])
            for n in range(draw(st.integers(0, 4)))
        ],
        knows=[_built(Knows, a="p0", b=f"p{n}", strength=draw(FLOAT)) for n in range(draw(st.integers(0, 3)))],
        influences=[_built(Influences, source="p0", target="p1", weight=draw(FLOAT))],
        opportunities=[_built(Opportunity, id="x", account="o", name=draw(TEXT), amount=draw(FLOAT))],
        adoption=[],
        products=[],
    )


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_the_quick_bad_value_check_finds_what_the_careful_one_does(graph: Graph) -> None:
    quick = validate.bad_values(graph)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(values, "_plainly_fit", lambda *args: False)  # every value looked at
        careful = validate.bad_values(graph)
    assert [str(p) for p in quick] == [str(p) for p in careful]


def test_the_quick_check_is_taken_for_plain_records_and_not_for_suspect_ones() -> None:
    plain = [Person(id=f"p{n}", name="Ana Núñez", org="o", title="C:\\build") for n in range(3)]
    assert not values._plainly_fit(plain)  # a backslash before b looks like JSON's \b: looked at closely
    assert values._plainly_fit([Person(id="p", name="Ana Núñez", org="o", notes=[Note(text="ok\tfine\n")])])
    assert not values._plainly_fit([_built(Knows, a="a", b="b", strength=math.nan)])
    assert values._plainly_fit([Knows(a="a", b="b", strength=0.5)])
    assert not values._plainly_fit([_built(Unit, id="u", org="o", name="U", headcount=2**63)])


@given(st.text())
def test_fold_takes_the_ascii_short_cut_to_the_same_text(text: str) -> None:
    for t in (text, text.encode("ascii", "ignore").decode()):
        decomposed = unicodedata.normalize("NFKD", t.casefold())
        assert fold(t) == "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_people_read_from_files_are_the_validated_records() -> None:
    graph, _ = load_files(SAMPLES)
    assert graph.people
    for p in graph.people:
        again = Person.model_validate(p.model_dump())
        assert again == p and type(p) is Person
        assert p.model_fields_set == again.model_fields_set == set(Person.model_fields)
        assert p.model_dump_json() == again.model_dump_json()
        assert list(p.__dict__) == list(again.__dict__) == list(Person.model_fields)


@pytest.mark.parametrize("wanted", [["a0"], [f"a{n}" for n in range(40)], ["a3", "nobody"], []])
def test_the_stored_organisations_are_read_from_the_column_as_from_the_records(wanted: list[str]) -> None:
    orgs = [Organisation(id="o1", name="O1"), Organisation(id="o2", name="O2")]
    people = [Person(id=f"a{n}", name=f"A{n}", org=f"o{n % 2 + 1}") for n in range(40)]
    with SQLiteStore(":memory:") as store:
        store.import_graph(Graph(organisations=orgs, people=people))
        with store.transaction():
            quick = store._stored_orgs("people", wanted)
            careful = {k: r.org for k, r in store.get("people", wanted).items()}  # type: ignore[attr-defined]
        assert quick == careful


def test_a_store_written_with_sorted_keys_or_maps_in_another_order_reads_as_unchanged(tmp_path: Path) -> None:
    """Canonical JSON is pydantic-core's, in field order; a store an older kamgraph wrote
    (keys sorted) and a map whose keys come in another order are the same records: a
    re-import counts them unchanged and records nothing."""
    import json
    import sqlite3

    from kamgraph.store import SQLiteStore
    from kamgraph.store.rules import canonical_json, same_json

    graph, _ = load_files(SAMPLES)
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        store.import_graph(graph)
        logged = len(store.changes())
    db = sqlite3.connect(path)
    for table in ("organisations", "units", "products", "people", "knows", "influences", "adoption", "opportunities"):
        rows = db.execute(f"SELECT rowid, data FROM {table}").fetchall()
        db.executemany(
            f"UPDATE {table} SET data = ? WHERE rowid = ?",
            [(json.dumps(json.loads(d), ensure_ascii=False, sort_keys=True), r) for r, d in rows],
        )
    db.commit()
    db.close()
    with SQLiteStore(path) as store:
        for _ in range(2):  # the first re-import rewrites each record in today's form, the second has nothing to do
            again = store.import_graph(graph)
            assert not again.changed
            assert sum(c.unchanged for c in again.counts.values()) == sum(len(getattr(graph, c)) for c in again.counts)
            assert len(store.changes()) == logged
    db = sqlite3.connect(path)
    assert [d for (d,) in db.execute("SELECT data FROM people ORDER BY id")] == [
        canonical_json(p) for p in sorted(graph.people, key=lambda p: p.id)
    ]
    db.close()
    a = Person(id="p", name="P", org="o", ids={"salesforce": "1", "hubspot": "2"})
    b = Person(id="p", name="P", org="o", ids={"hubspot": "2", "salesforce": "1"})
    assert canonical_json(a) != canonical_json(b) and same_json(canonical_json(a), canonical_json(b))
    assert not same_json(canonical_json(a), canonical_json(b.model_copy(update={"name": "Q"})))
    assert not same_json(None, canonical_json(a))


# --- `accounts` from an SQLite store's rows, without pydantic (issue 19: CLI start-up) ---

CURRENCIES = st.sampled_from([None, "EUR", "GBP", "usd"])
AMOUNTS = st.one_of(st.none(), st.floats(min_value=0, max_value=1e12), st.integers(0, 10**9).map(float))


@st.composite
def portfolios(draw: st.DrawFn) -> Graph:
    kinds = draw(st.lists(st.sampled_from(["client", "client", "own", "third_party"]), min_size=0, max_size=4))
    orgs = [
        Organisation(
            id=f"o{n}",
            name=draw(st.sampled_from(["Acme", "Ñandú", "Beta", "acme"])),  # ties in name: then by id
            kind=kind,
            industry=draw(st.sampled_from([None, "Retail"])),
            tier=draw(st.sampled_from([None, "key"])),
            value=draw(AMOUNTS),
            currency=draw(CURRENCIES),
        )
        for n, kind in enumerate(kinds)
    ]
    people = [Person(id=f"p{o.id}{n}", name="Ana", org=o.id) for o in orgs for n in range(draw(st.integers(0, 2)))]
    deals = [
        Opportunity(
            id=f"x{o.id}{n}",
            account=o.id,
            name="Deal",
            amount=draw(AMOUNTS),
            currency=draw(CURRENCIES),
            close_date=draw(st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))),
            is_open=draw(st.booleans()),
        )
        for o in orgs
        for n in range(draw(st.integers(0, 3)))
    ]
    return Graph(organisations=orgs, people=people, opportunities=deals)


def _summaries(store: SQLiteStore) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in store.accounts()]


@settings(max_examples=60, deadline=None)
@given(portfolios(), st.dates(dt.date(2026, 1, 1), dt.date(2028, 1, 1)))
def test_accounts_read_without_pydantic_are_the_stores_summaries(graph: Graph, today: dt.date) -> None:
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "kg.db") as store:
        if graph.is_empty():
            assert open_plain(store.url) is None  # no file yet: the store answers
            return
        store.import_graph(graph)
        clock.set_today(today)
        try:
            db = open_plain(store.url)
            assert db is not None
            plain = account_summaries(db)
            db.close()
            assert plain is not None
            careful = _summaries(store)
            assert [list(d.items()) for d in plain] == [list(d.items()) for d in careful]  # the same keys, in order
            assert json.dumps(plain) == json.dumps(careful)  # 1000.0, never 1000
        finally:
            clock.set_today(None)


def test_the_plain_reader_reads_client_organisations_as_the_store_does() -> None:
    assert CLIENT == OrgKind.client.value


def _samples_store(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "kg.db")
    store.import_graph(load_files(SAMPLES)[0])
    return store


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("value", "lots"),
        ("value", "1000"),
        ("value", math.nan),
        ("value", True),
        ("value", -5),
        ("name", ""),
        ("currency", 3),
    ],
)
def test_a_row_unlike_kamgraphs_is_read_through_the_store(tmp_path: Path, field: str, value: Any) -> None:
    store = _samples_store(tmp_path)
    data = json.loads(store.db.execute("SELECT data FROM organisations WHERE id = 'andina'").fetchone()[0])
    store.db.execute("UPDATE organisations SET data = ? WHERE id = 'andina'", [json.dumps({**data, field: value})])
    store.close()
    db = open_plain(str(tmp_path / "kg.db"))
    assert db is not None and account_summaries(db) is None  # no guess: the model says what is wrong
    db.close()


@pytest.mark.parametrize(
    ("field", "value"), [("open", 1), ("close_date", "20270226"), ("amount", "5"), ("amount", -1), ("open", None)]
)
def test_a_deal_unlike_kamgraphs_is_read_through_the_store(tmp_path: Path, field: str, value: Any) -> None:
    store = _samples_store(tmp_path)
    data = json.loads(store.db.execute("SELECT data FROM opportunities LIMIT 1").fetchone()[0])
    store.db.execute("UPDATE opportunities SET data = ? WHERE id = ?", [json.dumps({**data, field: value}), data["id"]])
    store.close()
    db = open_plain(str(tmp_path / "kg.db"))
    assert db is not None and account_summaries(db) is None
    db.close()


def test_only_a_store_file_of_this_schema_is_read_plainly(tmp_path: Path) -> None:
    assert open_plain(str(tmp_path / "none.db")) is None  # no file: the store says so
    assert open_plain(str(tmp_path)) is None  # a folder
    (tmp_path / "text.db").write_text("not sqlite")
    assert open_plain(str(tmp_path / "text.db")) is None
    _samples_store(tmp_path).close()
    older = sqlite3.connect(tmp_path / "kg.db")
    older.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")  # to be migrated by the store first
    older.close()
    assert open_plain(str(tmp_path / "kg.db")) is None
    assert not (tmp_path / "none.db").exists()  # and nothing was created


@pytest.mark.parametrize("args", [["accounts"], ["accounts", "--json"], ["accounts", "--csv"]])
def test_accounts_prints_the_same_either_way(tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _samples_store(tmp_path).close()
    base = ["--store", str(tmp_path / "kg.db"), "--today", "2027-01-15"]
    plain = CliRunner().invoke(cli, [*base, *args])
    monkeypatch.setattr(cli_core, "account_summaries", lambda db: None)  # through the store
    careful = CliRunner().invoke(cli, [*base, *args])
    assert plain.exit_code == careful.exit_code == 0
    assert plain.output == careful.output and "meridian" in plain.output


def test_the_sqlite_outline_is_the_outline_of_the_stored_records(tmp_path: Path) -> None:
    """``--prune`` counts from the columns and fields SQLite reads out of the JSON: the same
    lines as the records read whole give (outside ids, units, parents and sources included)."""
    graph, _ = load_files(SAMPLES)
    with SQLiteStore(tmp_path / "kg.db") as store:
        store.import_graph(graph)
        person = graph.people[0]
        store.import_graph(Graph(people=[person.model_copy(update={"ids": {"salesforce": "x", "hubspot": "y"}})]))
        outline = store.outline()
        assert outline == Outline.of(store.dump())
        assert outline.people and outline.units and outline.knows and outline.influences and outline.adoption
        assert any(p.ids == ("salesforce", "hubspot") for p in outline.people)
        assert any(u.parent for u in outline.units) and any(k.source for k in outline.knows)


def test_bulk_pauses_the_collector_and_leaves_its_cycles_to_the_next_collection() -> None:
    class Node:
        other: Any = None

    @bulk
    def work() -> tuple[bool, weakref.ref[Node]]:
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: reference counting alone never frees it
        return gc.isenabled(), weakref.ref(a)

    was_on, ref = work()
    assert not was_on and gc.isenabled()
    assert ref() is not None  # no collection walked it on the way out ...
    gc.collect()
    assert ref() is None  # ... and the next one frees it


def test_an_import_into_an_empty_store_finds_what_look_ups_would_find(tmp_path: Path) -> None:
    """A first import checks without look-ups (``known_empty``): the same problems, no file made."""
    from kamgraph.errors import Problems

    graph = Graph(
        organisations=[Organisation(id="o", name="O")],
        people=[Person(id="a", name="A", org="o", reports_to="ghost"), Person(id="b", name="B", org="x")],
        knows=[Knows(a="a", b="nobody")],
    )
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        assert store.known_empty()
        with pytest.raises(Problems) as refused:
            store.import_graph(graph)
        careful = [str(p) for p in validate.check(graph, lambda collection, ids: {})]
        assert refused.value.problems == careful and len(careful) == 3
        assert not path.exists()
        store.import_graph(Graph(organisations=[Organisation(id="o", name="O")]))
        assert not store.known_empty()
        # a store with records is looked up again: the same problems
        with pytest.raises(Problems) as again:
            store.import_graph(graph)
        assert again.value.problems == careful


def _merge_by_model_copy(old: Person, new: Person) -> Person:
    """:func:`~kamgraph.io.crm.merge.merge_person` of two stored people as it was written
    before its fast copy (``model_copy``): the reference it is compared with."""
    from kamgraph.io.crm.merge import seniority
    from kamgraph.model import Role

    rank = seniority(old, new.seniority, new.title or old.title)
    dates = [d for d in (old.last_contact, new.last_contact) if d]
    notes = list(old.notes) + [n for n in new.notes if n.text not in {x.text for x in old.notes}]
    keep = ("unit", "title", "email", "phone", "reports_to", "url", "influence")
    order = {r: n for n, r in enumerate(Role)}
    return old.model_copy(
        update={
            "name": new.name,
            "org": new.org,
            **{f: getattr(new, f) or getattr(old, f) for f in keep},
            "seniority": rank,
            "stance": new.stance if new.stance.value != "unknown" else old.stance,
            "roles": sorted(set(old.roles) | set(new.roles), key=order.__getitem__),
            "last_contact": max(dates) if dates else None,
            "ids": {**old.ids, **new.ids},
            "notes": notes,
        }
    )


@st.composite
def crm_people(draw: st.DrawFn) -> Person:
    from kamgraph.model import Influence, Role, Seniority, Stance

    maybe = st.one_of(st.none(), st.sampled_from(["head-of-it", "cfo", "x"]))  # ids, titles, e-mails
    values: dict[str, Any] = {
        "id": "p1",
        "name": draw(st.sampled_from(["Ana", "Sam"])),
        "org": draw(st.sampled_from(["o", "q"])),
        "roles": draw(st.lists(st.sampled_from(list(Role)), max_size=3)),
        "stance": draw(st.sampled_from(list(Stance))),
        "ids": draw(st.dictionaries(st.sampled_from(["salesforce", "hubspot"]), st.sampled_from(["1", "2"]))),
        "notes": [Note(text=t) for t in draw(st.lists(st.sampled_from(["a", "b"]), max_size=2))],
    }
    for field in ("unit", "title", "email", "phone", "reports_to", "url"):
        if (value := draw(maybe)) is not None or draw(st.booleans()):
            values[field] = value
    for field, choices in (("seniority", list(Seniority)), ("influence", list(Influence))):
        if draw(st.booleans()):
            values[field] = draw(st.one_of(st.none(), st.sampled_from(choices)))
    if draw(st.booleans()):
        values["last_contact"] = draw(st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 3, 1))))
    return Person(**values)


@settings(max_examples=400, deadline=None)
@given(crm_people(), crm_people())
def test_a_crm_merge_copies_the_stored_person_as_model_copy_does(old: Person, new: Person) -> None:
    from kamgraph.io.crm.merge import merge_person

    want = _merge_by_model_copy(old, new.model_copy())
    got = merge_person(old, new.model_copy())
    assert got == want
    assert list(got.__dict__) == list(want.__dict__)  # the fields in the same order
    assert got.model_fields_set == want.model_fields_set
    assert got.model_dump_json() == want.model_dump_json()
    assert got.__pydantic_extra__ is None and got.__pydantic_private__ is None
    assert got.roles is not old.roles and got.notes is not old.notes  # the stored person's lists left alone


@pytest.mark.parametrize("collection", ["organisations", "units", "products", "knows", "influences", "adoption"])
def test_table_rows_of_plain_columns_are_those_of_the_careful_way(collection: str) -> None:
    import enum
    import operator

    from kamgraph.model import Adoption, Product
    from kamgraph.store.sqlite import _table_rows
    from kamgraph.store.sqlite_schema import TABLES

    every: dict[str, list[Any]] = {
        "organisations": [Organisation(id="o", name="O", kind=OrgKind.own), Organisation(id="c", name="C")],
        "units": [Unit(id="u", org="o", name="U")],
        "products": [Product(id="crm", name="CRM")],
        "knows": [Knows(a="a", b="b"), Knows(a="c", b="b")],
        "influences": [Influences(source="a", target="b")],
        "adoption": [Adoption(unit="u", product="crm", status="active")],
    }
    records = every[collection]
    diff = [(r, f"json{n}") for n, r in enumerate(records)]
    cols = TABLES[collection][0] + TABLES[collection][1]
    get = operator.attrgetter(*cols) if len(cols) > 1 else (lambda r: (getattr(r, cols[0]),))
    careful = [(*(v.value if isinstance(v, enum.Enum) else v for v in get(r)), data) for r, data in diff]
    rows = _table_rows(collection, diff)
    assert rows == careful
    assert all(type(v) is str for row in rows for v in row)  # an enum's value, not the member


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.one_of(st.none(), st.sampled_from("abcdefg")), st.sampled_from("op")),
        max_size=9,
    )
)
def test_reporting_lines_checked_without_a_store_are_checked_as_with_one(
    people: list[tuple[str, str | None, str]],
) -> None:
    """Without a store to look managers up in, the cycle check reads everyone's manager
    from one table: the same problems, in the same order, as with a store holding nobody
    (ids given twice, people reporting to themselves, to someone unknown, across
    organisations, in cycles)."""
    graph = Graph.model_construct(  # ids given twice are kept, as files concatenated give them
        organisations=[Organisation(id="o", name="O"), Organisation(id="p", name="P")],
        people=[Person(id=i, name=i.upper(), org=org, reports_to=boss) for i, boss, org in people],
        units=[],
        products=[],
        knows=[],
        influences=[],
        adoption=[],
        opportunities=[],
    )
    careful = [str(p) for p in validate.check(graph, lambda collection, ids: {})]
    assert [str(p) for p in validate.check(graph)] == careful


@pytest.mark.parametrize("where", ["new file", "empty file", "memory"])
def test_a_first_write_checks_references_at_its_commit_as_sqlite_does_on_each_row(tmp_path: Path, where: str) -> None:
    """A write into a store with no record leaves SQLite's reference checks to its commit
    (one pass over every row): a broken reference is refused there with SQLite's own words,
    as in a store that holds records (checked row by row), nothing is written, and SQLite
    checks each reference again afterwards."""
    from kamgraph.errors import StoreError

    def broken(first: str) -> Graph:  # a knows to nobody, written without kamgraph's own check
        return Graph(
            organisations=[Organisation(id=first, name="O")],
            people=[Person(id=f"{first}-a", name="A", org=first)],
            knows=[Knows(a=f"{first}-a", b="ghost")],
        )

    path = ":memory:" if where == "memory" else str(tmp_path / "s.db")
    if where == "empty file":
        with SQLiteStore(path) as store:  # a file made, then emptied
            store.import_graph(Graph(organisations=[Organisation(id="x", name="X")]))
            store.db.execute("DELETE FROM organisations")
    messages = []
    with SQLiteStore(path) as store:
        for first in ("o", "p"):  # into the empty store, then into one holding a record
            with pytest.raises(StoreError) as refused:
                store.import_graph(broken(first), checked=True)
            messages.append(str(refused.value).removeprefix(f"{path}: "))
            assert store.dump().is_empty() or first == "p"
            assert store.db.execute("PRAGMA foreign_keys").fetchone() == (1,)
            if first == "o":
                store.import_graph(Graph(organisations=[Organisation(id="kept", name="K")]))
        assert [o.id for o in store.dump().organisations] == ["kept"]
    assert messages == ["write refused, nothing was changed: FOREIGN KEY constraint failed"] * 2


def test_a_tie_named_from_both_ends_is_written_once_after_the_check_found_it() -> None:
    """The write asks the check's answer (keys given twice?) of the same lists: a tie named
    from both ends is still one record, and a list changed since is asked again."""
    from kamgraph.canonical import Texts

    graph = Graph(
        organisations=[Organisation(id="o", name="O")],
        people=[Person(id="a", name="A", org="o"), Person(id="b", name="B", org="o")],
        knows=[Knows(a="a", b="b", strength=0.4), Knows(a="b", b="a", strength=0.4)],
    )
    texts = Texts()
    assert validate.check(graph, texts=texts) == []
    assert texts.keys_unique("knows", graph.knows) is False and texts.keys_unique("people", graph.people) is True
    with SQLiteStore(":memory:") as store:
        report = store.import_graph(graph)
        assert report.counts["knows"].added == 1 and [k.key for k in store.dump().knows] == [("a", "b")]
    graph.people.append(Person(id="a", name="A again", org="o"))  # the same list, longer: asked again
    assert texts.keys_unique("people", graph.people) is False
