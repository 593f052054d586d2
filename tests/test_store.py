"""The store contract: every backend behaves the same (the ``store`` fixture runs each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamgraph.errors import InvalidInput, NotFound
from kamgraph.io.files import load_graph
from kamgraph.model import Graph, Knows, Membership, Note, Opportunity, Organisation, Person, Stance
from kamgraph.store import Store

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mini() -> Graph:
    return load_graph(DATA / "mini.yaml")


@pytest.fixture
def loaded(store: Store, mini: Graph) -> Store:
    store.import_graph(mini)
    return store


def test_import_reports_added_then_unchanged(store: Store, mini: Graph) -> None:
    first = store.import_graph(mini)
    assert first.counts["people"].added == 6 and first.counts["knows"].added == 2
    assert first.changed
    again = store.import_graph(mini)
    assert not again.changed
    assert again.counts["people"].unchanged == 6
    assert store.dump().canonical() == mini.canonical()


def test_an_upsert_updates_by_id(loaded: Store, mini: Graph) -> None:
    cfo = loaded.person("acme-cfo").model_copy(update={"title": "CFO", "stance": Stance.detractor})
    report = loaded.import_graph(Graph(people=[cfo]))
    assert (report.counts["people"].added, report.counts["people"].updated) == (0, 1)
    assert loaded.person("acme-cfo").title == "CFO"
    assert len(loaded.dump().people) == len(mini.people)


def test_knows_is_one_record_per_pair_whatever_the_order(loaded: Store) -> None:
    report = loaded.import_graph(Graph(knows=[Knows(a="us-sam", b="acme-cfo", strength=0.9)]))
    assert report.counts["knows"].updated == 1
    pairs = [k for k in loaded.dump().knows if {k.a, k.b} == {"us-sam", "acme-cfo"}]
    assert [p.strength for p in pairs] == [0.9]


def test_a_failed_import_writes_nothing(loaded: Store) -> None:
    before = loaded.dump()
    bad = Graph(
        people=[Person(id="new", name="New", org="acme"), Person(id="x", name="X", org="acme", reports_to="ghost")]
    )
    with pytest.raises(InvalidInput, match="person 'x': reports_to: unknown person 'ghost'"):
        loaded.import_graph(bad)
    assert loaded.dump() == before


def test_account_subgraph_holds_what_the_analyses_need(loaded: Store) -> None:
    g = loaded.account("acme")
    assert {p.id for p in g.people} == {"acme-ceo", "acme-cfo", "acme-cio", "acme-ap1", "us-sam", "us-eve"}
    assert {o.id for o in g.organisations} == {"acme", "us"}
    assert {o.id for o in g.opportunities} == {"acme-deal", "acme-old"}
    assert {k.key for k in g.knows} == {("acme-cfo", "us-sam"), ("acme-ap1", "us-eve")}
    assert {u.id for u in g.units} == {"acme-fin", "acme-ap", "acme-it"}
    assert {p.id for p in g.products} == {"kx-core", "kx-plus"}
    assert len(g.adoption) == 2


def test_account_subgraph_leaves_other_accounts_out(loaded: Store) -> None:
    other = Graph(
        organisations=[Organisation(id="beta", name="Beta")],
        people=[Person(id="b1", name="Bea", org="beta")],
        knows=[Knows(a="b1", b="acme-ceo", strength=0.3), Knows(a="b1", b="us-sam", strength=0.5)],
    )
    loaded.import_graph(other)
    acme = loaded.account("acme")
    # Bea knows Acme's CEO, so she is an introduction route and comes along with her ties
    assert "b1" in {p.id for p in acme.people}
    assert ("b1", "us-sam") in {k.key for k in acme.knows}
    beta = loaded.account("beta")
    assert {p.id for p in beta.people} == {"b1", "acme-ceo", "us-sam", "us-eve"}
    assert beta.opportunities == []


def test_unknown_account_is_not_found(loaded: Store) -> None:
    with pytest.raises(NotFound, match="no account with id 'nope'"):
        loaded.account("nope")


def test_accounts_lists_clients_with_pipeline(loaded: Store) -> None:
    [acme] = loaded.accounts()
    assert (acme.id, acme.name, acme.people, acme.opportunities, acme.pipeline, acme.value) == (
        "acme",
        "Acme Ibérica",
        4,
        1,
        50000,
        120000,
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nunez", ["acme-ceo"]),
        ("ÍÑIGO", ["acme-cfo"]),
        ("director", ["acme-cfo"]),
        ("us-", ["us-eve", "us-sam"]),
    ],
)
def test_find_people_ignores_case_and_accents(loaded: Store, text: str, expected: list[str]) -> None:
    assert sorted(p.id for p in loaded.find_people(text)) == expected


def test_find_people_in_one_organisation(loaded: Store) -> None:
    assert {p.id for p in loaded.find_people(org="us")} == {"us-sam", "us-eve"}


def test_forget_erases_everything_that_names_the_person(loaded: Store) -> None:
    loaded.import_graph(
        Graph(
            organisations=[
                Organisation(
                    id="acme",
                    name="Acme Ibérica",
                    industry="Retail",
                    tier="key",
                    value=120000,
                    currency="EUR",
                    notes=[Note(text="Íñigo Peñalver asked for a discount"), Note(text="Budget cycle is in March")],
                )
            ]
        )
    )
    report = loaded.forget("acme-cfo")
    assert report.removed == {
        "knows relations": 1,
        "influence relations": 1,
        "committee seats": 2,
        "people": 1,
        "notes": 2,
    }
    assert report.reassigned_reports == ["acme-ap1"]
    dump = loaded.dump()
    text = dump.model_dump_json()
    assert "acme-cfo" not in text and "Peñalver" not in text
    assert loaded.person("acme-ap1").reports_to == "acme-ceo"
    assert [n.text for n in dump.organisation("acme").notes] == ["Budget cycle is in March"]  # type: ignore[union-attr]
    with pytest.raises(NotFound):
        loaded.person("acme-cfo")


def test_forget_unknown_person(loaded: Store) -> None:
    with pytest.raises(NotFound, match="no person with id 'ghost'"):
        loaded.forget("ghost")


def test_committee_membership_follows_the_opportunity(loaded: Store) -> None:
    deal = Opportunity(id="acme-deal", account="acme", name="Plataforma", committee=[Membership(person="acme-ceo")])
    loaded.import_graph(Graph(opportunities=[deal]))
    loaded.forget("acme-ceo")
    [after] = [o for o in loaded.dump().opportunities if o.id == "acme-deal"]
    assert after.committee == []


def test_sqlite_store_uses_wal_and_a_schema_version(tmp_path: Path) -> None:
    from kamgraph.store.sqlite import SCHEMA_VERSION, SQLiteStore

    with SQLiteStore(tmp_path / "k.db") as s:
        assert s.accounts() == [] and not (tmp_path / "k.db").exists()  # created by the first write
        s.import_graph(Graph(organisations=[Organisation(id="o", name="O")]))
        assert (tmp_path / "k.db").exists()
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_sqlite_refuses_a_foreign_database(tmp_path: Path) -> None:
    import sqlite3

    from kamgraph.errors import StoreError
    from kamgraph.store.sqlite import SQLiteStore

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a kamgraph store"):
        SQLiteStore(other)
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="cannot open as a kamgraph store"):
        SQLiteStore(tmp_path / "junk.db")


# --- hostile data, precision, atomicity: the same on every backend -----------------------

HOSTILE = [
    "O'Brien",
    'say "hi"',
    "back`tick`",
    "}) DETACH DELETE n //",
    "line\nbreak\r\ttab",
    "emoji 🦊👩🏽‍💼",
    "Ñúñez Çağlar Þór",
    "$param {x: 1}",
    "\\ backslash",
    "%_ like wildcards",
    "x" * 10_000,
]


def test_hostile_strings_round_trip_as_data(store: Store) -> None:
    people = [
        Person(
            id=f"p{i}-'`\"}}",
            name=text,
            org="o'rg",
            title=text,
            email=f"{i}@x.example",
            notes=[Note(text=text, by="p0-'`\"}")],
        )
        for i, text in enumerate(HOSTILE)
    ]
    graph = Graph(
        organisations=[Organisation(id="o'rg", name="}) MATCH (n) DETACH DELETE n //", ids={"k`": "v'"})],
        people=people,
        knows=[Knows(a=people[0].id, b=people[i].id, source=HOSTILE[i]) for i in range(1, len(people))],
    )
    report = store.import_graph(graph)
    assert report.counts["people"].added == len(HOSTILE)
    assert store.dump() == graph.canonical()
    assert not store.import_graph(graph).changed
    assert [p.name for p in store.find_people("}) detach delete")] == ["}) DETACH DELETE n //"]
    assert [p.id for p in store.find_people("O'BRIEN")] == ["p0-'`\"}"]
    assert store.find_people("' OR 1=1 //") == []
    assert len(store.account("o'rg").people) == len(HOSTILE)


def test_numbers_and_dates_keep_full_precision(store: Store) -> None:
    import datetime as dt

    graph = Graph(
        organisations=[Organisation(id="o", name="O", value=0.1 + 0.2), Organisation(id="us", name="Us", kind="own")],
        people=[
            Person(id="a", name="A", org="o", last_contact=dt.date(1999, 12, 31)),
            Person(id="b", name="B", org="us"),
        ],
        knows=[Knows(a="a", b="b", strength=1 / 3, last_contact=dt.date(2026, 2, 28))],
        opportunities=[
            Opportunity(id="x", account="o", name="X", amount=12345678901.000002, close_date=dt.date(2027, 1, 1))
        ],
    )
    store.import_graph(graph)
    dump = store.dump()
    assert dump == graph.canonical()
    assert dump.organisation("o").value == 0.30000000000000004  # type: ignore[union-attr]
    assert dump.knows[0].strength == 1 / 3
    assert store.accounts()[0].pipeline == 12345678901.000002


def test_a_write_that_fails_half_way_changes_nothing(loaded: Store) -> None:
    """Past validation (straight to the backend): the people are written, then a relation
    to someone who does not exist is refused, and the whole write is undone."""
    from kamgraph.errors import StoreError

    before = loaded.dump()
    half = Graph(
        people=[
            Person(id="new", name="New", org="acme"),
            loaded.person("acme-ceo").model_copy(update={"title": "changed"}),
        ],
        knows=[Knows(a="new", b="ghost")],
    )
    with pytest.raises(StoreError, match="write refused, nothing was changed"):
        loaded._write(half, {})
    assert loaded.dump() == before


def test_find_people_limit_and_order(loaded: Store) -> None:
    assert [p.name for p in loaded.find_people(limit=3)] == ["Begoña Núñez", "Eve Engineer", "Luis Gómez"]
    assert loaded.find_people("", org="nope") == []


def test_get_leaves_missing_ids_out(loaded: Store) -> None:
    assert set(loaded.get("people", ["acme-ceo", "ghost"])) == {"acme-ceo"}
    assert set(loaded.get("units", [])) == set()


def test_a_tie_named_from_both_ends_is_stored_once(loaded: Store) -> None:
    ties = [Knows(a="acme-ceo", b="us-sam", strength=0.7), Knows(a="us-sam", b="acme-ceo", strength=0.7)]
    report = loaded.import_graph(Graph(knows=ties))
    assert (report.counts["knows"].added, report.counts["knows"].unchanged) == (1, 0)
    assert [k.strength for k in loaded.dump().knows if k.key == ("acme-ceo", "us-sam")] == [0.7]


def test_forget_finds_the_name_whatever_its_case_accents_or_quotes(loaded: Store) -> None:
    oneil = Person(id="acme-oneil", name='Dara O"Neil', org="acme")
    notes = [
        Note(text="ÍÑIGO PEÑALVER called"),
        Note(text="inigo penalver wants a demo"),
        Note(text='Lunch with Dara O"Neil'),
        Note(text="Budget cycle is in March"),
    ]
    loaded.import_graph(Graph(people=[oneil, loaded.person("acme-ceo").model_copy(update={"notes": notes})]))
    loaded.forget("acme-cfo")
    assert [n.text for n in loaded.person("acme-ceo").notes] == ['Lunch with Dara O"Neil', "Budget cycle is in March"]
    loaded.forget("acme-oneil")
    assert [n.text for n in loaded.person("acme-ceo").notes] == ["Budget cycle is in March"]


def test_pipeline_is_summed_per_currency_never_across(loaded: Store) -> None:
    gbp = Opportunity(id="acme-uk", account="acme", name="UK arm", amount=30000, currency="gbp")
    eur = Opportunity(id="acme-es", account="acme", name="No currency: the account's", amount=5000)
    loaded.import_graph(Graph(opportunities=[gbp, eur]))
    [acme] = loaded.accounts()
    assert acme.pipeline_by_currency == {"EUR": 55000, "GBP": 30000}
    assert (acme.pipeline, acme.pipeline_currency, acme.opportunities) == (None, None, 3)


def test_forget_leaves_notes_that_only_contain_the_name_inside_a_word(loaded: Store) -> None:
    ana = Person(id="p1", name="Ana", org="acme")
    notes = [Note(text="Banana republic vibes at Anaheim"), Note(text="p10 is the new CIO"), Note(text="Ana left")]
    loaded.import_graph(Graph(people=[ana, Person(id="p10", name="Zed", org="acme", notes=notes)]))
    loaded.forget("p1")
    assert [n.text for n in loaded.person("p10").notes] == ["Banana republic vibes at Anaheim", "p10 is the new CIO"]


def test_moving_a_manager_to_another_organisation_must_bring_their_reports(loaded: Store) -> None:
    beta = Organisation(id="beta", name="Beta")
    cfo = loaded.person("acme-cfo")
    with pytest.raises(InvalidInput, match="person 'acme-ap1': reports_to: 'acme-cfo' moves to another organisation"):
        loaded.import_graph(
            Graph(
                organisations=[beta], people=[cfo.model_copy(update={"org": "beta", "unit": None, "reports_to": None})]
            )
        )
    assert loaded.person("acme-cfo").org == "acme"
    ap1 = loaded.person("acme-ap1").model_copy(update={"org": "beta", "unit": None})
    loaded.import_graph(
        Graph(
            organisations=[beta], people=[cfo.model_copy(update={"org": "beta", "unit": None, "reports_to": None}), ap1]
        )
    )
    assert {p.id for p in loaded.account("beta").people if p.org == "beta"} == {"acme-cfo", "acme-ap1"}


def test_moving_a_unit_must_bring_its_people_and_sub_units(loaded: Store) -> None:
    from kamgraph.model import Unit

    loaded.import_graph(Graph(organisations=[Organisation(id="beta", name="Beta")]))
    with pytest.raises(InvalidInput, match="'acme-fin' moves to another organisation"):
        loaded.import_graph(Graph(units=[Unit(id="acme-fin", org="beta", name="Finanzas")]))


def test_a_unit_cycle_through_stored_units_is_refused(loaded: Store) -> None:
    from kamgraph.model import Unit

    with pytest.raises(InvalidInput, match="unit 'acme-fin': parent: units nest in a cycle"):
        loaded.import_graph(Graph(units=[Unit(id="acme-fin", org="acme", name="Finanzas", parent="acme-ap")]))


def test_a_version_1_store_is_migrated_in_place(tmp_path: Path) -> None:
    import sqlite3

    from kamgraph.store.sqlite import MIGRATIONS, SCHEMA_VERSION, SQLiteStore

    db = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(
        "INSERT INTO organisations VALUES ('o', 'client', 'O', ?)", [Organisation(id="o", name="O").model_dump_json()]
    )
    db.execute(
        "INSERT INTO people (id, org, name, data) VALUES ('p', 'o', 'Begoña Núñez', ?)",
        [Person(id="p", name="Begoña Núñez", org="o", title="CFO").model_dump_json()],
    )
    db.execute("PRAGMA user_version = 1")
    db.close()
    with SQLiteStore(tmp_path / "old.db") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert [p.id for p in store.find_people("begona nunez")] == ["p"]
        assert [p.id for p in store.find_people("cfo")] == ["p"]
