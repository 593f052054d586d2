"""SQLiteStore keeps our own team between account() calls: any write, through this store or
another connection, must show up in the next map."""

from __future__ import annotations

from pathlib import Path

from kamgraph.model import Graph, Knows, Organisation, Person
from kamgraph.store import SQLiteStore


def _seed(store: SQLiteStore) -> None:
    store.import_graph(
        Graph(
            organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="acme", name="Acme")],
            people=[Person(id="sam", name="Sam", org="us"), Person(id="cfo", name="Cfo", org="acme")],
            knows=[Knows(a="sam", b="cfo", strength=0.5)],
        )
    )


def test_team_changes_show_up(tmp_path: Path) -> None:
    db = tmp_path / "kg.db"
    with SQLiteStore(db) as store:
        _seed(store)
        assert [p.id for p in store.account("acme").people] == ["cfo", "sam"]
        store.import_graph(
            Graph(people=[Person(id="kim", name="Kim", org="us")], knows=[Knows(a="kim", b="sam", strength=0.9)])
        )
        g = store.account("acme")
        assert {p.id for p in g.people} == {"cfo", "sam", "kim"} and len(g.knows) == 2
        with SQLiteStore(db) as other:  # another connection's commit
            other.import_graph(Graph(people=[Person(id="lee", name="Lee", org="us")]))
        assert "lee" in {p.id for p in store.account("acme").people}
        store.forget("kim")
        g = store.account("acme")
        assert "kim" not in {p.id for p in g.people} and len(g.knows) == 1


def test_maps_do_not_share_records(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "kg.db") as store:
        _seed(store)
        first = store.account("acme")
        next(p for p in first.people if p.id == "sam").name = "changed"
        assert next(p for p in store.account("acme").people if p.id == "sam").name == "Sam"
