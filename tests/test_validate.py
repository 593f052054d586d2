"""Model validation: each rule, with a graph that keeps it and one that breaks it."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from kamgraph.model import (
    Adoption,
    Graph,
    Influences,
    Knows,
    Membership,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Product,
    Role,
    Stance,
    Unit,
    effective_stance,
)
from kamgraph.validate import check, warnings


def base() -> Graph:
    return Graph(
        organisations=[Organisation(id="o", name="O"), Organisation(id="us", name="Us", kind=OrgKind.own)],
        units=[Unit(id="u", org="o", name="U"), Unit(id="u2", org="o", name="U2", parent="u")],
        products=[Product(id="p", name="P")],
        people=[
            Person(id="boss", name="Boss", org="o", unit="u"),
            Person(id="a", name="A", org="o", unit="u2", reports_to="boss"),
            Person(id="me", name="Me", org="us"),
        ],
        knows=[Knows(a="me", b="a", strength=0.4)],
        influences=[Influences(source="a", target="boss", weight=0.3)],
        adoption=[Adoption(unit="u", product="p")],
        opportunities=[
            Opportunity(
                id="d", account="o", name="D", committee=[Membership(person="boss", roles=[Role.economic_buyer])]
            )
        ],
    )


def messages(g: Graph) -> list[str]:
    return [str(p) for p in check(g)]


def test_a_consistent_graph_has_no_problems() -> None:
    assert check(base()) == []


@pytest.mark.parametrize(
    "collection, record",
    [
        ("organisations", Organisation(id="o", name="Again")),
        ("units", Unit(id="u", org="o", name="Again")),
        ("products", Product(id="p", name="Again")),
        ("people", Person(id="a", name="Again", org="o")),
        ("opportunities", Opportunity(id="d", account="o", name="Again")),
    ],
)
def test_duplicate_ids_are_refused(collection: str, record: object) -> None:
    g = base()
    getattr(g, collection).append(record)
    assert any("duplicate id" in m for m in messages(g))


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda g: g.people.append(Person(id="x", name="X", org="nowhere")),
            "person 'x': org: unknown organisation 'nowhere'",
        ),
        (lambda g: g.people.append(Person(id="x", name="X", org="o", unit="nounit")), "person 'x': unit: unknown unit"),
        (
            lambda g: g.people.append(Person(id="x", name="X", org="o", reports_to="ghost")),
            "person 'x': reports_to: unknown person 'ghost'",
        ),
        (
            lambda g: g.units.append(Unit(id="z", org="o", name="Z", parent="nope")),
            "unit 'z': parent: unknown unit 'nope'",
        ),
        (
            lambda g: g.knows.append(Knows(a="a", b="ghost")),
            "knows 'a -> ghost': 'ghost' is not a person in these files or the store (the one 'a' knows)",
        ),
        (
            lambda g: g.influences.append(Influences(source="ghost", target="a")),
            "influences 'ghost -> a': from: unknown person 'ghost'",
        ),
        (
            lambda g: g.adoption.append(Adoption(unit="u", product="nope")),
            "adoption 'u -> nope': product: unknown product",
        ),
        (
            lambda g: g.opportunities.append(Opportunity(id="e", account="zz", name="E")),
            "opportunity 'e': account: unknown organisation 'zz'",
        ),
        (
            lambda g: g.opportunities.append(
                Opportunity(id="e", account="o", name="E", committee=[Membership(person="ghost")])
            ),
            "opportunity 'e': committee[0].person: unknown person 'ghost'",
        ),
    ],
)
def test_every_reference_must_resolve(change, expected: str) -> None:  # type: ignore[no-untyped-def]
    g = base()
    change(g)
    assert any(expected in m for m in messages(g)), messages(g)


def test_a_reporting_cycle_is_refused_and_named() -> None:
    g = base()
    g.people[0] = g.people[0].model_copy(update={"reports_to": "a"})
    assert messages(g) == ["person 'boss': reports_to: reporting cycle: boss -> a -> boss"]


def test_reporting_to_oneself_is_refused() -> None:
    g = base()
    g.people[0] = g.people[0].model_copy(update={"reports_to": "boss"})
    assert "cannot report to themselves" in messages(g)[0]


def test_reporting_lines_stay_inside_one_organisation() -> None:
    g = base()
    g.people[1] = g.people[1].model_copy(update={"reports_to": "me"})
    assert messages(g) == [
        "person 'a': reports_to: 'me' is in another organisation ('us'): reporting lines stay inside one"
    ]


def test_a_person_cannot_sit_in_another_organisations_unit() -> None:
    g = base()
    g.people[2] = g.people[2].model_copy(update={"unit": "u"})
    assert "belongs to another organisation" in messages(g)[0]


def test_units_cannot_nest_in_a_cycle() -> None:
    g = base()
    g.units[0] = g.units[0].model_copy(update={"parent": "u2"})
    assert any("units nest in a cycle" in m for m in messages(g))


@pytest.mark.parametrize(
    "make",
    [
        lambda: Knows(a="a", b="b", strength=1.5),
        lambda: Knows(a="a", b="b", strength=-0.1),
        lambda: Influences(source="a", target="b", weight=2),
        lambda: Person(id="a", name="A", org="o", stance="enthusiastic"),
        lambda: Person(id="has space", name="A", org="o"),
        lambda: Person(id="a", name="A", org="o", shoe_size=44),  # type: ignore[call-arg]
    ],
)
def test_fields_are_checked_on_each_record(make) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        make()


def test_references_can_resolve_through_the_store() -> None:
    """A file of opportunities may name people imported earlier: the lookup finds them."""
    g = Graph(opportunities=[Opportunity(id="d", account="o", name="D", committee=[Membership(person="a")])])
    known: dict[str, dict[str, BaseModel]] = {
        "organisations": {"o": Organisation(id="o", name="O")},
        "people": {"a": Person(id="a", name="A", org="o")},
    }

    def lookup(collection: str, ids: Iterable[str]) -> dict[str, BaseModel]:
        return {i: known.get(collection, {})[i] for i in ids if i in known.get(collection, {})}

    assert check(g) != []
    assert check(g, lookup) == []


def test_a_cycle_closing_through_stored_people_is_found() -> None:
    stored = {
        "x": Person(id="x", name="X", org="o", reports_to="y"),
        "y": Person(id="y", name="Y", org="o", reports_to="z"),
    }
    g = Graph(
        organisations=[Organisation(id="o", name="O")], people=[Person(id="z", name="Z", org="o", reports_to="x")]
    )

    def lookup(collection, ids):  # type: ignore[no-untyped-def]
        return {i: stored[i] for i in ids if collection == "people" and i in stored}

    assert [str(p) for p in check(g, lookup)] == ["person 'z': reports_to: reporting cycle: z -> x -> y -> z"]


def test_deal_stance_overrides_the_persons_own() -> None:
    cfo = Person(id="cfo", name="C", org="o", stance=Stance.supporter)
    assert effective_stance(cfo, Membership(person="cfo", stance=Stance.detractor)) == Stance.detractor
    assert effective_stance(cfo, Membership(person="cfo")) == Stance.supporter
    assert effective_stance(cfo, None) == Stance.supporter


def test_economic_buyer_count_is_a_warning() -> None:
    g = base()
    assert warnings(g) == []
    g.opportunities[0].committee.append(Membership(person="a", roles=[Role.economic_buyer]))
    assert warnings(g) == ["opportunity 'd': 2 economic buyers (boss, a)"]
    g.opportunities[0].committee.clear()
    assert "no economic buyer" in warnings(g)[0]
    g.opportunities[0].empty_seats.append(Role.economic_buyer)
    assert warnings(g) == []


def test_a_tie_named_from_both_ends_is_fine_when_both_agree() -> None:
    g = base()
    g.knows.append(Knows(a="a", b="me", strength=0.4))  # the same pair, the other way round
    assert check(g) == []
    g.knows.append(Knows(a="a", b="me", strength=0.9))
    assert messages(g) == ["knows 'a -> me': strength: given twice with different values"]
    g = base()
    g.influences.append(Influences(source="a", target="boss", weight=0.8))
    assert messages(g) == ["influences 'a -> boss': weight: given twice with different values"]


def test_the_cycle_check_walks_each_reporting_line_once() -> None:
    """Linear, not quadratic (issue 12): on a 20,000-person chain every person's manager is
    looked up once, and a cycle closed at the far end is still found, once."""
    from kamgraph.validate import _cycles

    n = 20_000
    up = {f"p{i}": f"p{i - 1}" for i in range(1, n)}
    calls = 0

    def manager(pid: str) -> str | None:
        nonlocal calls
        calls += 1
        return up.get(pid)

    ids = [f"p{i}" for i in range(n)]
    assert _cycles(ids, manager) == [] and calls == n
    up["p0"] = f"p{n - 1}"  # the top now reports to the bottom
    calls = 0
    [cycle] = _cycles(ids, manager)
    assert calls == n and cycle[0] == cycle[-1] == "p0" and len(cycle) == n + 1


def test_a_20000_person_chain_imports() -> None:
    from kamgraph.store import SQLiteStore

    people = [Person(id=f"p{i}", name=f"P {i}", org="o", reports_to=f"p{i - 1}" if i else None) for i in range(20_000)]
    with SQLiteStore(":memory:") as store:
        report = store.import_graph(Graph(organisations=[Organisation(id="o", name="O")], people=people))
        assert report.counts["people"].added == 20_000
        assert store.person("p19999").reports_to == "p19998"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), max_size=6))
def test_keys_are_unique_exactly_when_no_two_records_share_one(pairs: list[tuple[str, str]]) -> None:
    from kamgraph.keys import record_keys
    from kamgraph.model import Adoption, record_key
    from kamgraph.validate import keys_unique

    for collection, records in (
        ("knows", [Knows(a=a, b=b) for a, b in pairs]),
        ("influences", [Influences(source=a, target=b) for a, b in pairs]),
        ("adoption", [Adoption(unit=a, product=b) for a, b in pairs]),
        ("people", [Person(id=a, name="N", org=b) for a, b in pairs]),
    ):
        keys = [record_key(r) for r in records]
        assert record_keys(collection, records) == keys  # read in C, the same keys in order
        assert keys_unique(collection, records) == (len(set(keys)) == len(keys))
