"""``Store.lint`` and ``Store.find_people``, written once in base.py over each backend's
primitives: the same answers on SQLite and on Neo4j (the ``store`` fixture runs both)."""

from __future__ import annotations

import pytest

from kamgraph.model import Graph, Knows, Organisation, Person
from kamgraph.store import SQLiteStore
from kamgraph.store.base import Store
from kamgraph.store.neo4j import Neo4jStore


def _loaded(store: Store) -> None:
    store.import_graph(
        Graph(
            organisations=[Organisation(id="acme", name="Acme"), Organisation(id="beta", name="Beta")],
            people=[
                Person(id="ana", name="Ana Núñez", org="acme", title="CFO", email="ana@acme.example"),
                Person(id="bo", name="Bo Berg", org="acme", title="Head of IT"),
                Person(id="cy", name="Cy Ana", org="beta"),
            ],
            knows=[Knows(a="ana", b="bo", strength=0.7)],
        )
    )


def _by_hand(store: Store, sql: str, cypher: str) -> None:
    """An edit made in the store's own tools (sqlite3, Neo4j Browser), not through kamgraph."""
    if isinstance(store, SQLiteStore):
        store.db.execute(sql)
    else:
        assert isinstance(store, Neo4jStore)
        with store.driver.session(database=store.settings.database) as s:
            s.run(cypher).consume()


def test_lint_names_each_record_that_breaks_the_model_on_both_stores(store: Store) -> None:
    _loaded(store)
    assert store.lint() == []
    _by_hand(
        store,
        "UPDATE people SET data = json_set(data, '$.stance', 'grumpy') WHERE id = 'bo'",
        "MATCH (p:Person {id: 'bo'}) SET p.stance = 'grumpy'",
    )
    [line] = store.lint()
    assert "'bo'" in line and "stance" in line and "grumpy" in line and "supporter" in line


@pytest.mark.neo4j
def test_lint_says_when_a_relationship_is_drawn_twice(neo4j_store: Store) -> None:
    _loaded(neo4j_store)
    again = "MATCH (a:Person {id: 'ana'}), (b:Person {id: 'bo'}) CREATE (a)-[:KNOWS {strength: 0.2}]->(b)"
    _by_hand(neo4j_store, "", again)
    assert neo4j_store.lint() == ["KNOWS between 'ana' and 'bo' is drawn twice; allowed: one per pair"]


def test_find_people_is_the_same_search_on_both_stores(store: Store) -> None:
    _loaded(store)
    assert [p.id for p in store.find_people("ana")] == ["ana", "cy"]  # by name: Ana Núñez, Cy Ana
    assert [p.id for p in store.find_people("NUNEZ")] == ["ana"]
    assert [p.id for p in store.find_people("ana", org="beta")] == ["cy"]
    assert [p.id for p in store.find_people("head of")] == ["bo"]
    assert [p.id for p in store.find_people(org="acme")] == ["ana", "bo"]
    assert [p.id for p in store.find_people()] == ["ana", "bo", "cy"]
    assert [p.id for p in store.find_people("a", limit=1)] == ["ana"]
    assert store.find_people("ana", limit=0) == []
    assert store.find_people("zzz") == []
    with store.transaction(write=True):  # inside a caller's transaction too
        assert [p.id for p in store.find_people("berg")] == ["bo"]
