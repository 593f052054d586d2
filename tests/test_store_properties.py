"""Property tests of the embedded store on random valid graphs: what goes in comes out,
a second import changes nothing, and an export re-imports to the same graph."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.io.files import dump_graph, load_graph
from kamgraph.model import (
    Adoption,
    AdoptionStatus,
    Graph,
    Influences,
    Knows,
    Membership,
    Note,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Product,
    Role,
    Stance,
    Unit,
)
from kamgraph.store import SQLiteStore

ids = st.text(string.ascii_lowercase + string.digits + "-.:", min_size=1, max_size=8)
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)
days = st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))


@st.composite
def valid_graphs(draw: st.DrawFn) -> Graph:
    unit_ids = draw(st.lists(ids.map(lambda s: "u" + s), max_size=5, unique=True))
    units = [
        Unit(
            id=u,
            org="o",
            name=draw(texts),
            parent=draw(st.sampled_from([None, *unit_ids[:n]])),
            headcount=draw(st.none() | st.integers(0, 10_000)),
        )
        for n, u in enumerate(unit_ids)
    ]
    people_ids = draw(st.lists(ids.map(lambda s: "p" + s), min_size=1, max_size=8, unique=True))
    people = []
    for n, pid in enumerate(people_ids):
        ours = n % 3 == 0
        same_org = [q for q in people_ids[:n] if (people_ids.index(q) % 3 == 0) == ours]
        people.append(
            Person(
                id=pid,
                name=draw(texts),
                org="us" if ours else "o",
                unit=None if ours or not unit_ids else draw(st.sampled_from([None, *unit_ids])),
                reports_to=draw(st.sampled_from([None, *same_org])),  # managers come first: no cycle
                roles=draw(st.lists(st.sampled_from(list(Role)), max_size=3)),
                stance=draw(st.sampled_from(list(Stance))),
                last_contact=draw(days),
                notes=[Note(text=t, date=draw(days)) for t in draw(st.lists(texts, max_size=2))],
            )
        )
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(people_ids), st.sampled_from(people_ids), st.floats(0, 1), days), max_size=10
        )
    )
    knows = {tuple(sorted((a, b))): Knows(a=a, b=b, strength=s, last_contact=d) for a, b, s, d in pairs if a != b}
    sways = {(a, b): Influences(source=a, target=b, weight=s) for a, b, s, _ in pairs if a != b}
    clients = [p.id for p in people if p.org == "o"]
    committee = (
        [
            Membership(
                person=p,
                roles=draw(st.lists(st.sampled_from(list(Role)), max_size=2)),
                stance=draw(st.none() | st.sampled_from(list(Stance))),
            )
            for p in draw(st.lists(st.sampled_from(clients), unique=True, max_size=4))
        ]
        if clients
        else []
    )
    products = [Product(id="x1", name="X"), Product(id="x2", name="Y")]
    adoption = [
        Adoption(
            unit=u, product=draw(st.sampled_from(["x1", "x2"])), status=draw(st.sampled_from(list(AdoptionStatus)))
        )
        for u in unit_ids
    ]
    return Graph(
        organisations=[
            Organisation(id="o", name="O", value=draw(st.none() | st.floats(0, 1e12))),
            Organisation(id="us", name="Us", kind=OrgKind.own),
        ],
        units=units,
        products=products,
        people=people,
        knows=list(knows.values()),
        influences=list(sways.values()),
        adoption=list({a.key: a for a in adoption}.values()),
        opportunities=[
            Opportunity(
                id="d",
                account="o",
                name="D",
                amount=draw(st.none() | st.floats(0, 1e9)),
                close_date=draw(days),
                committee=committee,
            )
        ],
    )


@settings(max_examples=30, deadline=None)
@given(valid_graphs())
def test_what_goes_in_comes_out_and_a_second_import_changes_nothing(tmp_path_factory, graph: Graph) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("prop")
    with SQLiteStore(folder / "a.db") as store:
        assert store.import_graph(graph).changed
        assert store.dump().canonical() == graph.canonical()
        assert not store.import_graph(graph).changed
        exported = folder / "all.yaml"
        exported.write_text(dump_graph(store.dump()), encoding="utf-8")
    with SQLiteStore(folder / "b.db") as other:
        other.import_graph(load_graph(exported))
        assert other.dump().canonical() == graph.canonical()


@pytest.mark.neo4j
@settings(max_examples=8, deadline=None)
@given(valid_graphs())
def test_the_neo4j_store_keeps_random_graphs_exactly_too(bolt_server, graph: Graph) -> None:  # type: ignore[no-untyped-def]
    from kamgraph.store.neo4j import Neo4jStore

    name = bolt_server.create()  # a fresh database per example
    try:
        with Neo4jStore.from_url(bolt_server.url(name), env={}) as store:
            assert store.import_graph(graph).changed
            assert store.dump().canonical() == graph.canonical()
            assert not store.import_graph(graph).changed
    finally:
        bolt_server.drop(name)
