"""``show`` reads an SQLite store's rows as plain records, without pydantic (issue 19): the
same records as the store's, the same views, the same text and JSON; any row unlike what
kamgraph writes is read through the store, whose model says what is wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter

import kamgraph.store.plain_reader as plain_reader
from kamgraph import clock
from kamgraph.cli import cli
from kamgraph.io.files import load_files
from kamgraph.model import (
    COLLECTIONS,
    Adoption,
    Graph,
    Influence,
    Influences,
    Interaction,
    InteractionKind,
    Knows,
    Membership,
    Note,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Product,
    Role,
    Seniority,
    Stance,
    Unit,
)
from kamgraph.store import SQLiteStore
from kamgraph.store.plain_reader import read_plain
from kamgraph.store.plain_records import REQUIRED, SHAPES, SUB_SHAPES, PlainRecord, Unlike, decode, record_json
from kamgraph.store.rules import MODELS
from kamgraph.store.sqlite_plain import open_plain
from kamgraph.views import AccountView, PersonCard, account_view, person_view

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))


def test_each_plain_shape_is_its_models_fields_in_order() -> None:
    models: dict[str, type[BaseModel]] = {**MODELS, "Note": Note, "Interaction": Interaction, "Membership": Membership}
    for name, shape in {**SHAPES, **SUB_SHAPES}.items():
        fields = models[name].model_fields
        assert [(attr, key) for attr, key, _, _ in shape] == [(n, f.alias or n) for n, f in fields.items()], name
        defaults = [REQUIRED if f.is_required() else f.get_default(call_default_factory=True) for f in fields.values()]
        assert [default for *_, default in shape] == defaults, name


# --- the plain records are the store's records ----------------------------------------------


def _values(record: Any) -> Any:
    """A record as nested values, the same for a model's record and a plain one (``repr``
    tells 1 from 1.0)."""
    if isinstance(record, BaseModel):
        return {n: _values(getattr(record, n)) for n in type(record).model_fields}
    if isinstance(record, PlainRecord):
        return {n: _values(v) for n, v in vars(record).items() if n != "key"}
    if isinstance(record, list):
        return [_values(v) for v in record]
    return record


def _same_records(store: SQLiteStore, org: str) -> None:
    db = open_plain(store.url)
    assert db is not None
    try:
        plain = read_plain(db, lambda reader: reader.account(org))
    finally:
        db.close()
    assert plain is not None, org  # read plainly: every row is as kamgraph writes it
    careful = store.account(org)
    for c in COLLECTIONS:
        assert repr(_values(getattr(plain, c))) == repr(_values(getattr(careful, c))), (org, c)
        for mine, theirs in zip(getattr(plain, c), getattr(careful, c), strict=True):  # and their JSON form
            for exclude in (False, True):
                dumped = theirs.model_dump(mode="json", exclude_defaults=exclude)
                assert json.dumps(record_json(mine, exclude_defaults=exclude)) == json.dumps(dumped), (c, exclude)


def _pydantic_json(view: Any) -> Any:
    """What pydantic dumps of the view's dataclass (``mode="json"``): the old models' form."""
    adapter: TypeAdapter[Any] = TypeAdapter(type(view))
    return adapter.dump_python(adapter.validate_python(view), mode="json")


def _same_views(store: SQLiteStore, org: str, people: list[str]) -> None:
    db = open_plain(store.url)
    assert db is not None
    try:
        plain = read_plain(db, lambda reader: reader.account(org))
    finally:
        db.close()
    assert plain is not None
    careful = store.account(org)
    views: list[tuple[Any, Any]] = [(account_view(plain, org), account_view(careful, org))]
    views += [(person_view(plain, p), person_view(careful, p)) for p in people]
    for a, b in views:
        assert json.dumps(a.to_json()) == json.dumps(b.to_json())  # key order and 1000.0 included
        assert a.to_json() == _pydantic_json(b)  # and the form model_dump(mode="json") gave


IDS = st.sampled_from(["a", "b", "c", "d"])
DAYS = st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)))
TEXTS = st.one_of(st.none(), st.sampled_from(["x", "Ñandú", "a b", ""]))
AMOUNTS = st.one_of(st.none(), st.sampled_from([0.0, 1000.0, 2.5, 1e16]), st.integers(0, 10**6))
ROLES = st.lists(st.sampled_from(list(Role)), max_size=3)


@st.composite
def accounts(draw: st.DrawFn) -> Graph:
    """A few organisations (client, our own, a third party) with people of every field,
    relations with evidence, deals with committees and notes everywhere."""

    def notes(ids: list[str]) -> list[Note]:
        return [
            Note(text=draw(st.sampled_from(["ok", "Ñ"])), date=draw(DAYS), by=draw(st.sampled_from([None, *ids])))
            for _ in range(draw(st.integers(0, 2)))
        ]

    kinds = ["client", "client", "own", "third_party"][: draw(st.integers(1, 4))]
    orgs = [f"o{n}" for n in range(len(kinds))]
    units = [
        Unit(id=f"{o}u{n}", org=o, name="U", headcount=draw(st.one_of(st.none(), st.integers(0, 50))))
        for o in orgs
        for n in range(draw(st.integers(0, 2)))
    ]
    people: list[Person] = []
    for o in orgs:
        mine = [u.id for u in units if u.org == o]
        for n in range(draw(st.integers(0, 4))):
            same = [p.id for p in people if p.org == o]
            people.append(
                Person(
                    id=f"{o}p{n}",
                    name=draw(st.sampled_from(["Ana", "Bo", "Ana"])) + f" {n}",  # ties in name: then by id
                    org=o,
                    unit=draw(st.sampled_from([None, *mine])),
                    title=draw(TEXTS),
                    seniority=draw(st.one_of(st.none(), st.sampled_from(list(Seniority)))),
                    roles=draw(ROLES),
                    stance=draw(st.sampled_from(list(Stance))),
                    influence=draw(st.one_of(st.none(), st.sampled_from(list(Influence)))),
                    reports_to=draw(st.sampled_from([None, *same])),
                    email=draw(TEXTS),
                    last_contact=draw(DAYS),
                    left=draw(DAYS),
                )
            )
    pids = [p.id for p in people]
    people = [p.model_copy(update={"notes": notes(pids)}) for p in people]
    knows: dict[tuple[str, str], Knows] = {}
    if len(pids) > 1:
        for _ in range(draw(st.integers(0, 12))):
            a, b = sorted(draw(st.lists(st.sampled_from(pids), min_size=2, max_size=2, unique=True)))
            evidence = [
                Interaction(
                    kind=draw(st.sampled_from(list(InteractionKind))),
                    date=draw(st.dates(dt.date(2021, 1, 1), dt.date(2027, 6, 1))),
                    source=draw(st.sampled_from([None, "salesforce"])),
                    ref=draw(st.sampled_from([None, "t1", "t2"])),
                )
                for _ in range(draw(st.integers(0, 3)))
            ]
            knows[a, b] = Knows(
                a=a,
                b=b,
                strength=draw(st.sampled_from([0.0, 0.3, 0.85, 1.0, 0.5])),
                strength_set=draw(DAYS),
                last_contact=draw(DAYS),
                source=draw(st.sampled_from([None, "crm", "linkedin"])),
                evidence=evidence,
            )
    sways = (
        {
            (x, y): Influences(source=x, target=y, weight=draw(st.sampled_from([0.5, 1.0, 0.0])))
            for x, y in draw(st.lists(st.tuples(st.sampled_from(pids), st.sampled_from(pids)), max_size=6))
            if x != y
        }
        if pids
        else {}
    )
    deals = []
    for o in orgs:
        theirs = [p.id for p in people if p.org == o]
        for n in range(draw(st.integers(0, 3))):
            seated = draw(st.lists(st.sampled_from(theirs), unique=True, max_size=4)) if theirs else []
            deals.append(
                Opportunity(
                    id=f"{o}x{n}",
                    account=o,
                    name=draw(st.sampled_from(["Deal", "Ñ deal"])),
                    stage=draw(TEXTS),
                    amount=draw(AMOUNTS),
                    currency=draw(st.sampled_from([None, "EUR"])),
                    close_date=draw(DAYS),
                    is_open=draw(st.booleans()),
                    committee=[
                        Membership(
                            person=p,
                            roles=draw(ROLES),
                            stance=draw(st.one_of(st.none(), st.sampled_from(list(Stance)))),
                            influence=draw(st.one_of(st.none(), st.sampled_from(list(Influence)))),
                            primary=draw(st.booleans()),
                        )
                        for p in seated
                    ],
                    empty_seats=draw(ROLES),
                    notes=notes(pids),
                )
            )
    return Graph(
        organisations=[
            Organisation(
                id=o,
                name=draw(st.sampled_from(["Acme", "Beta"])),
                kind=OrgKind(kind),
                industry=draw(TEXTS),
                tier=draw(st.sampled_from([None, "key"])),
                value=draw(AMOUNTS),
                currency=draw(st.sampled_from([None, "GBP"])),
                notes=notes(pids),
            )
            for o, kind in zip(orgs, kinds, strict=True)
        ],
        units=units,
        products=[Product(id="k1", name="K1")],
        people=people,
        knows=list(knows.values()),
        influences=list(sways.values()),
        adoption=[Adoption(unit=u.id, product="k1") for u in units if draw(st.booleans())],
        opportunities=deals,
    )


@settings(max_examples=80, deadline=None)
@given(accounts(), st.dates(dt.date(2026, 1, 1), dt.date(2028, 1, 1)))
def test_an_account_read_plainly_holds_the_stores_records_and_shows_the_same(graph: Graph, today: dt.date) -> None:
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "kg.db") as store:
        store.import_graph(graph)
        clock.set_today(today)
        try:
            for org in graph.organisations:
                _same_records(store, org.id)
                _same_views(store, org.id, [p.id for p in graph.people if p.org == org.id])
        finally:
            clock.set_today(None)


# --- the command, both ways -------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("plain") / "kg.db"
    with SQLiteStore(db) as store:
        store.import_graph(load_files(SAMPLES)[0])
    return db


def test_the_samples_read_plainly_hold_the_stores_records(samples_db: Path) -> None:
    with SQLiteStore(samples_db) as store:
        for org in ("meridian", "andina", "nordhavn", "kestrel"):
            _same_records(store, org)
            _same_views(store, org, [p.id for p in store.find_people(org=org, limit=500)])


def _both_ways(db: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    base = ["--store", str(db), "--today", "2026-12-01"]
    plain = CliRunner().invoke(cli, [*base, *args])
    with monkeypatch.context() as m:
        m.setattr(plain_reader, "read_plain", lambda db, read: None)  # through the store
        careful = CliRunner().invoke(cli, [*base, *args])
    return plain, careful


SHOWN = [
    ["show", "meridian"],
    ["show", "meridian", "--json"],
    ["show", "meridian", "--csv"],
    ["show", "andina"],
    ["show", "nordhavn", "--json"],
    ["show", "kestrel"],  # our own company
    ["show", "Nordhavn"],  # by name
    ["show", "anjali"],  # a person by part of the name
    ["show", "James.Whitfield@kestrel-analytics.example"],  # by e-mail
    ["show", "and-ana-belen-ruiz-castano"],
    ["show", "and-ana-belen-ruiz-castano", "--json"],
    ["show", "kes-anna-berg"],  # one of ours
    ["show", "kes-anna-berg", "--json"],
    ["show", "nor-anders-winther", "--csv"],
    ["show", "Anders Winther"],
    ["--half-life", "30", "show", "meridian", "--json"],
]


@pytest.mark.parametrize("args", SHOWN)
def test_show_prints_the_same_read_plainly_or_through_the_store(
    samples_db: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, careful = _both_ways(samples_db, args, monkeypatch)
    assert plain.exit_code == careful.exit_code == 0, (plain.output, careful.output)
    assert plain.output == careful.output and (plain.output.strip() or "--csv" in args)


@pytest.mark.parametrize(
    ("text", "said"),
    [("atlantis", "no account matches 'atlantis'"), ("meridan", "did you mean"), ("a", "fits"), (" ", "empty")],
)
def test_an_unknown_or_ambiguous_name_says_so_either_way(
    samples_db: Path, text: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, careful = _both_ways(samples_db, ["show", text], monkeypatch)
    assert plain.exit_code == careful.exit_code == 1
    assert plain.output == careful.output and said in plain.output


@pytest.mark.parametrize(
    "args",
    [
        ["people", "ruiz"],
        ["people", "ruiz", "--json"],
        ["people", "--json"],
        ["people", "a", "--account", "Meridian", "--limit", "7"],
        ["people", "a", "--account", "meridian", "--json"],
        ["people", "ñ", "--csv"],
        ["people", "nobody"],
        ["people", "--account", "atlantis"],
        ["people", "--account", "nordhavn", "--limit", "2"],
    ],
)
def test_people_prints_the_same_read_plainly_or_through_the_store(
    samples_db: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, careful = _both_ways(samples_db, args, monkeypatch)
    assert plain.exit_code == careful.exit_code and plain.output == careful.output and plain.output.strip()


def _edited(tmp_path: Path, table: str, key: str, change: dict[str, Any]) -> Path:
    """A copy of the samples' store with the row ``key`` of ``table`` changed by hand."""
    db = tmp_path / "kg.db"
    with SQLiteStore(db) as store:
        store.import_graph(load_files(SAMPLES)[0])
        column = {"knows": "a || '|' || b"}.get(table, "id")
        data = json.loads(store.db.execute(f"SELECT data FROM {table} WHERE {column} = ?", [key]).fetchone()[0])
        store.db.execute(f"UPDATE {table} SET data = ? WHERE {column} = ?", [json.dumps({**data, **change}), key])
    return db


ANJALI = "mer-anjali-desai"


def _a_knows_key(tmp_path: Path) -> str:
    with SQLiteStore(tmp_path / "probe.db") as store:
        store.import_graph(load_files(SAMPLES)[0])
        a, b = store.db.execute("SELECT a, b FROM knows WHERE a = ? OR b = ? LIMIT 1", [ANJALI, ANJALI]).fetchone()
    return f"{a}|{b}"


@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("people", {"stance": "friendly"}),  # not a stance
        ("people", {"last_contact": "2026-13-01"}),
        ("people", {"roles": ["economic_buyer", "chef"]}),
        ("people", {"name": "  "}),
        ("people", {"mood": "good"}),  # a field the model does not have
        ("opportunities", {"amount": -3}),
        ("knows", {"strength": 1.5}),
    ],
)
def test_a_row_the_model_refuses_is_the_stores_one_line_error(
    tmp_path: Path, table: str, change: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = {"people": ANJALI, "opportunities": "mer-opp-analytics"}.get(table) or _a_knows_key(tmp_path)
    db = _edited(tmp_path, table, key, change)
    plain, careful = _both_ways(db, ["show", "meridian"], monkeypatch)
    assert plain.exit_code == careful.exit_code == 1
    assert plain.output == careful.output and plain.output.count("\n") == 1 and "Traceback" not in plain.output


@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("people", {"roles": ["champion", "economic_buyer"]}),  # the model sorts them
        ("people", {"roles": ["champion", "champion"]}),  # and keeps each once
        ("people", {"reports_to": 86}),  # a number is taken as its text
        ("people", {"seniority": None, "title": None}),
        ("opportunities", {"amount": 920000}),  # an int: the model's float
        ("knows", {"strength": 1}),
    ],
)
def test_a_row_the_model_reads_otherwise_is_read_through_the_store(
    tmp_path: Path, table: str, change: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = {"people": ANJALI, "opportunities": "mer-opp-analytics"}.get(table) or _a_knows_key(tmp_path)
    db = _edited(tmp_path, table, key, change)
    for args in (["show", "meridian"], ["show", "meridian", "--json"], ["show", ANJALI, "--json"]):
        plain, careful = _both_ways(db, args, monkeypatch)
        assert plain.exit_code == careful.exit_code, (plain.output, careful.output)
        assert plain.output == careful.output


def test_decode_refuses_what_kamgraph_does_not_write() -> None:
    row = {"text": "t", "date": None, "by": None}
    organisation: dict[str, Any] = {
        "id": "o",
        "name": "O",
        "kind": "client",
        "industry": None,
        "country": None,
        "tier": None,
        "value": None,
        "currency": None,
        "ids": {},
        "notes": [row],
    }
    [o] = decode("organisations", [json.dumps(organisation)])
    assert o.kind is OrgKind.client and o.notes[0].text == "t"
    for bad in (
        {"value": float("nan")},
        {"value": True},
        {"value": "5"},
        {"id": "a b"},
        {"id": ""},
        {"kind": "partner"},
        {"ids": {"sf": 1}},
        {"notes": [{**row, "date": "2026-1-1"}]},
        {"notes": [{**row, "extra": 1}]},
        {"notes": {"text": "t"}},
    ):
        with pytest.raises(Unlike):
            decode("organisations", [json.dumps({**organisation, **bad})])
    with pytest.raises(Unlike):
        decode("organisations", ["{not json"])


def test_the_json_form_of_a_view_is_pydantics() -> None:
    with SQLiteStore(":memory:") as store:
        store.import_graph(load_files(SAMPLES)[0])
        graph = store.account("meridian")
    view = account_view(graph, "meridian")
    card = person_view(graph, ANJALI)
    assert isinstance(view, AccountView) and isinstance(card, PersonCard)
    assert view.to_json() == _pydantic_json(view) and card.to_json() == _pydantic_json(card)
    assert view.people and card.relationships  # not vacuous


def test_views_are_plain_data() -> None:
    # dataclasses of plain values: enumerations are the model's own (kamgraph.vocabulary)
    for cls in (AccountView, PersonCard):
        assert dataclasses.is_dataclass(cls) and not issubclass(cls, BaseModel)
    assert issubclass(Stance, enum.StrEnum)
