"""``Store.account`` on random portfolios against its definition, worked out by hand from the
whole graph: the SQLite store reads an account through a few batched queries (ids bound as
one JSON array, the relations touching the account's people read once for both the
neighbours and the relations), and this checks that they fetch exactly the records the
definition names, people known across accounts included."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from kamgraph.cli import cli
from kamgraph.io.files import load_files
from kamgraph.model import (
    COLLECTIONS,
    Adoption,
    Graph,
    Influences,
    Knows,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Product,
    Unit,
    record_key,
)
from kamgraph.store import SQLiteStore, Store

ORGS = ("a", "b", "c")
names = st.text(string.ascii_lowercase + "-", min_size=1, max_size=4)


@st.composite
def portfolios(draw: st.DrawFn) -> Graph:
    people: list[Person] = []
    units: list[Unit] = []
    for org in (*ORGS, "us"):
        unit_ids = [f"{org}-u{n}" for n in range(draw(st.integers(0, 2)))] if org != "us" else []
        units += [Unit(id=u, org=org, name=u) for u in unit_ids]
        for n in range(draw(st.integers(0 if org == "c" else 1, 4))):
            # people known across accounts bring their own units along: read by id
            unit = draw(st.sampled_from([None, *unit_ids]))
            people.append(Person(id=f"{org}{n}{draw(names)}", name=f"P {org}{n}", org=org, unit=unit))
    pids = [p.id for p in people]
    pairs = draw(st.lists(st.tuples(st.sampled_from(pids), st.sampled_from(pids)), max_size=25))
    knows = {tuple(sorted((x, y))): Knows(a=min(x, y), b=max(x, y)) for x, y in pairs if x != y}
    sways = draw(st.lists(st.tuples(st.sampled_from(pids), st.sampled_from(pids)), max_size=10))
    products = [Product(id="k1", name="K1")]
    return Graph(
        organisations=[
            *(Organisation(id=o, name=o.upper()) for o in ORGS),
            Organisation(id="us", name="Us", kind=OrgKind.own),
        ],
        units=units,
        products=products,
        people=people,
        knows=list(knows.values()),
        influences=list({(x, y): Influences(source=x, target=y) for x, y in sways if x != y}.values()),
        adoption=[Adoption(unit=u.id, product="k1") for u in units if draw(st.booleans())],
        opportunities=[Opportunity(id=f"{o}-d", account=o, name="D") for o in ORGS if draw(st.booleans())],
    )


def by_definition(graph: Graph, org: str) -> dict[str, list[BaseModel]]:
    """What the account of ``org`` holds (Store.account's docstring): the organisation, its
    units, people and opportunities, our own people, the people they know across
    organisations, the relations between all of these, our products and the account's
    adoption of them; each collection sorted by key."""
    theirs = {p.id for p in graph.people if p.org == org}
    team = {p.id for p in graph.people if p.org == "us"}
    ids = (
        theirs
        | team
        | {
            y if x in theirs else x
            for x, y in (*(k.key for k in graph.knows), *(i.key for i in graph.influences))
            if x in theirs or y in theirs
        }
    )
    people = [p for p in graph.people if p.id in ids]
    unit_ids = {u.id for u in graph.units if u.org == org} | {p.unit for p in people if p.unit}
    own_units = {u.id for u in graph.units if u.org == org}
    found: dict[str, list[BaseModel]] = {
        "organisations": [o for o in graph.organisations if o.id == org or o.id in {p.org for p in people}],
        "units": [u for u in graph.units if u.id in unit_ids],
        "products": list(graph.products),
        "people": list(people),
        "knows": [k for k in graph.knows if k.a in ids and k.b in ids],
        "influences": [i for i in graph.influences if i.source in ids and i.target in ids],
        "adoption": [a for a in graph.adoption if a.unit in own_units],
        "opportunities": [o for o in graph.opportunities if o.account == org],
    }
    return {c: sorted(found[c], key=record_key) for c in COLLECTIONS}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(portfolios())
def test_an_account_holds_what_its_definition_names(tmp_path: Path, graph: Graph) -> None:
    path = tmp_path / "p.db"
    path.unlink(missing_ok=True)
    with SQLiteStore(path) as store:
        store.import_graph(graph)
        stored = store.dump()
        for org in ORGS:
            got = store.account(org)
            want = by_definition(stored, org)
            assert {c: sorted(getattr(got, c), key=record_key) for c in COLLECTIONS} == want, org
            # relations come sorted by key
            assert [record_key(k) for k in got.knows] == sorted(record_key(k) for k in got.knows)
            assert [record_key(i) for i in got.influences] == sorted(record_key(i) for i in got.influences)


SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))
EDITS = [
    # (table, row, JSON path, value, what the one line names)
    ("organisations", "andina", "$.value", -5, "Organisation 'andina': value = -5"),
    ("opportunities", "and-opp-precios", "$.amount", "lots", "Opportunity 'and-opp-precios': amount = 'lots'"),
    ("people", "and-ana-belen-ruiz-castano", "$.stance", "grumpy", "'and-ana-belen-ruiz-castano': stance = 'grumpy'"),
]


COMMANDS = [["accounts"], ["show", "andina"], ["risk", "--portfolio", "--jobs", "1"]]


@pytest.mark.parametrize(
    ("command", "table", "row", "path", "value", "named"),
    # (accounts reads no person)
    [(c, *e) for c in COMMANDS for e in EDITS if not (c == ["accounts"] and e[0] == "people")],
)
def test_a_store_edited_by_hand_is_one_line_naming_the_record(
    tmp_path: Path, command: list[str], table: str, row: str, path: str, value: object, named: str
) -> None:
    with SQLiteStore(tmp_path / "kg.db") as store:
        store.import_graph(load_files(SAMPLES)[0])
        store.db.execute(
            f"UPDATE {table} SET data = json_set(data, ?, json(?)) WHERE id = ?", [path, json.dumps(value), row]
        )
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "kg.db"), *command])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    [line] = result.output.splitlines()
    assert named in line and "breaks the model" in line, line


def test_account_ids_are_the_accounts_in_their_order_on_both_stores(store: Store) -> None:
    store.import_graph(load_files(SAMPLES)[0])
    # two more clients, whose names sort the other way round from their ids: by name, then id
    more = [Organisation(id="zz", name="Aaron & Co"), Organisation(id="aa", name="Zed")]
    store.import_graph(Graph(organisations=more))
    assert store.account_ids() == [a.id for a in store.accounts()]
    assert store.account_ids()[0] == "zz" and "us" not in store.account_ids() and len(store.account_ids()) == 5
