"""The service layer (kamgraph/service.py): what the commands and the web app do beyond one
analysis, as library calls, on both stores."""

from __future__ import annotations

import datetime as dt

import pytest

from kamgraph.errors import InvalidInput, NotFound
from kamgraph.model import (
    Graph,
    Knows,
    Membership,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Role,
)
from kamgraph.render.plan import plan_map
from kamgraph.service import copy_graph, map_options, opportunity_account, path_graph
from kamgraph.store import SQLiteStore, Store

DAY = dt.date(2026, 5, 7)


def two_accounts() -> Graph:
    """Acme and Bolt, each with a deal; Ana at Acme used to work with Bea at Bolt (Bob, her
    report, knows nobody at Acme)."""
    return Graph(
        organisations=[
            Organisation(id="us", name="Us", kind=OrgKind.own),
            Organisation(id="acme", name="Acme"),
            Organisation(id="bolt", name="Bolt"),
        ],
        people=[
            Person(id="sam", name="Sam Seller", org="us"),
            Person(id="ana", name="Ana Acme", org="acme"),
            Person(id="eb", name="Eve Buyer", org="acme", reports_to="ana", roles=[Role.economic_buyer]),
            Person(id="bea", name="Bea Bolt", org="bolt"),
            Person(id="bob", name="Bob Bolt", org="bolt", reports_to="bea"),
        ],
        knows=[Knows(a="sam", b="ana", strength=0.9), Knows(a="ana", b="bea", strength=0.5)],
        opportunities=[
            Opportunity(id="acme-1", name="Acme deal", account="acme", amount=100, committee=[Membership(person="eb")]),
            Opportunity(id="bolt-1", name="Bolt deal", account="bolt", amount=50),
        ],
    )


def test_path_graph_reads_what_the_question_needs(store: Store) -> None:
    store.import_graph(two_accounts())
    acme = {p.id for p in path_graph(store, "team", "eb").people}
    assert {"ana", "eb", "sam"} <= acme and "bob" not in acme  # the target's account, and our team
    both = {p.id for p in path_graph(store, "bob", "eb").people}
    assert {"ana", "eb", "bea", "bob"} <= both  # the source's account added: he is someone else's
    assert {p.id for p in path_graph(store, "team", "role:economic_buyer", account="acme").people} == acme
    assert {p.id for p in path_graph(store, "team", "role:economic_buyer", opportunity="acme-1").people} == acme
    with pytest.raises(InvalidInput, match="'role:economic_buyer' needs --account: whose economic buyer"):
        path_graph(store, "team", "role:economic_buyer")
    with pytest.raises(NotFound, match="no opportunity with id 'nope'"):
        path_graph(store, "team", "role:economic_buyer", opportunity="nope")


def test_opportunity_account(store: Store) -> None:
    store.import_graph(two_accounts())
    assert opportunity_account(store, "bolt-1") == "bolt"
    with pytest.raises(NotFound, match="no opportunity with id 'acme'"):
        opportunity_account(store, "acme")  # an account's id is not a deal's


def test_map_options_settle_the_committee_deal_once() -> None:
    """Of two open deals of the same amount, the committee map draws the first by id, and the
    routes it adds and the path it highlights are to that deal's committee (before, the
    routes and the highlight went to the other one)."""
    g = two_accounts()
    g.people += [
        Person(id="mid", name="Mo Middle", org="acme"),
        Person(id="eb2", name="Zed Buyer", org="acme", roles=[Role.economic_buyer]),
    ]
    g.knows += [Knows(a="sam", b="mid", strength=0.8), Knows(a="mid", b="eb2", strength=0.8)]
    g.opportunities += [
        Opportunity(id="acme-0", name="Acme first", account="acme", amount=100, committee=[Membership(person="eb2")])
    ]
    options = map_options(g, "acme", "committee", highlight_path="team:role:economic_buyer")
    assert options.opportunity == "acme-0"
    assert options.also == ["mid"]  # Mo introduces us to Zed, the first deal's buyer
    assert options.highlight == ["sam", "mid", "eb2"]
    m = plan_map(g, "acme", options.model_copy(update={"today": DAY}))
    assert "Acme first" in m.subtitle and m.node("mid") is not None
    # the deal named is the one drawn, and a role means that deal's role holder
    named = map_options(g, "acme", "committee", opportunity="acme-1", highlight_path="team:role:economic_buyer")
    assert (named.opportunity, named.highlight[-1]) == ("acme-1", "eb")


def test_map_options_of_the_other_views() -> None:
    g = two_accounts()
    org = map_options(g, "acme", unit=None, depth=2, collapse=False, lang="es", redact=True, highlight=["sam", "ana"])
    assert (org.view, org.depth, org.collapse, org.lang, org.redact) == ("org", 2, False, "es", True)
    assert org.highlight == ["sam", "ana"] and org.also == [] and org.opportunity is None
    # off the committee view a role is anyone's in the account
    assert map_options(g, "acme", "influence", highlight_path="team:role:economic_buyer").highlight[-1] == "eb"
    with pytest.raises(InvalidInput, match="SOURCE:TARGET"):
        map_options(g, "acme", highlight_path="nocolon")


def test_copy_graph_copies_everything_and_keeps_the_rest(store: Store) -> None:
    with SQLiteStore(":memory:") as source:
        source.import_graph(two_accounts())
        store.import_graph(Graph(organisations=[Organisation(id="other", name="Other")]))
        report = copy_graph(source, store)
        assert report.counts["people"].added == 5 and report.changed
        assert {o.id for o in store.dump().organisations} == {"acme", "bolt", "other", "us"}
        assert store.dump().people == source.dump().people
        assert not copy_graph(source, store).changed  # a second copy changes nothing
