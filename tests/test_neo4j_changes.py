"""The Neo4j change log kept as change sets (kamgraph/store/neo4j_changes.py): packing and
unpacking lose nothing and make only what a Neo4j property can hold; entries of every shape
come back from a real Neo4j as they went in; a log of the first layout (one node per entry) is
converted in place; a person's entries are found through the index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph import edits
from kamgraph.cli import cli
from kamgraph.store.changes import ChangeKind, ChangeRow, Creations
from kamgraph.store.neo4j import Neo4jSettings, Neo4jStore
from kamgraph.store.neo4j_changes import COLUMNS, SET_SIZE, STRAIGHT, Numbered, pack, pack_run, unpack
from tests.old_neo4j_layout import write_old_change_log

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
AT = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)

scalars = st.one_of(
    st.none(),
    st.text(max_size=3),
    st.integers(-3, 3),
    st.sampled_from([0.5, 1.0, 2.0]),
    st.booleans(),
)
values = st.one_of(scalars, st.lists(st.text(max_size=2), min_size=1, max_size=3))


@st.composite
def entries(draw: Any) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 30))
    out = []
    for seq in range(1, n + 1):
        row: dict[str, Any] = {c: draw(values) for c in COLUMNS}
        for c in ("kind", "collection", "key", "source", "author"):  # never unset
            row[c] = draw(st.sampled_from(["a", "b", ""]))
        row["seq"] = seq
        row["at"] = draw(st.sampled_from([AT, AT + dt.timedelta(seconds=1)]))
        row["people"] = draw(st.lists(st.sampled_from(["ana", "ben", "o'neil"]), max_size=3))
        out.append(row)
    return out


def _property_value(value: Any) -> bool:
    """What a Neo4j property holds: a text, number or flag, or a list of one of those, of one type."""
    if isinstance(value, list):
        return len({type(v) for v in value}) <= 1 and all(isinstance(v, str | int | float | bool) for v in value)
    return isinstance(value, str | int | float | bool | dt.datetime)


@settings(max_examples=300, deadline=None)
@given(entries())
def test_packing_loses_nothing_and_makes_only_property_values(rows: list[dict[str, Any]]) -> None:
    sets = pack(rows)
    assert [r for s in sets for r in unpack(s)] == rows
    for s in sets:
        assert all(v is not None and _property_value(v) for v in s.values()), s
        assert len(s["seqs"]) <= SET_SIZE and s["first"] == min(s["seqs"])
        # a list column has one item per entry; one value for all is a plain property
        for c in COLUMNS:
            assert not (c in s and f"{c}s" in s)
            if f"{c}s" in s:
                assert len(s[f"{c}s"]) == len(s["seqs"])


def test_a_first_load_packs_into_few_sets() -> None:
    rows = [
        {"seq": n, "at": AT, "kind": "created", "collection": "people", "key": f"p{n}", "field": None, "item": None}
        | {"old": None, "new": f"Person {n}", "source": "a.yaml", "author": "kam", "org": "acme", "people": [f"p{n}"]}
        for n in range(1, 2501)
    ]
    sets = pack(rows)
    assert [len(s["seqs"]) for s in sets] == [1000, 1000, 500]
    assert sets[0]["kind"] == "created" and sets[0]["keys"][:2] == ["p1", "p2"] and "field" not in sets[0]


@st.composite
def runs(draw: Any) -> Creations:
    collection = draw(st.sampled_from(["people", "knows", "influences", "organisations", "units", "adoption"]))
    ids = st.sampled_from(["ana", "ben", "o'neil", "zoe"])
    n = draw(st.integers(0, 2500 if draw(st.booleans()) else 4))
    if collection in ("knows", "influences", "adoption"):
        keys: list[Any] = [(draw(ids), draw(ids)) for _ in range(min(n, 8))] * max(1, n // 8)
    else:
        keys = [f"{draw(ids)}-{i}" for i in range(n)]
    names = draw(st.sampled_from(["none", "text", "same", "mixed"]))
    org = draw(st.sampled_from([None, "acme"]))
    return Creations(AT, collection, "a.yaml", "kam", org, keys, [_name(names, i) for i in range(len(keys))])


def _name(kind: str, i: int) -> str | None:
    return {"none": None, "text": f"Name {i}", "same": "Same", "mixed": "X" if i % 2 else None}[kind]


@settings(max_examples=200, deadline=None)
@given(runs(), st.integers(1, 10**6))
def test_a_run_of_creations_packs_straight_into_the_sets_its_entries_make(run: Creations, start: int) -> None:
    numbered = Numbered(run, start)
    entries = numbered.entries()
    assert [e["seq"] for e in entries] == list(range(start, start + len(run.keys)))
    sets = pack([numbered])
    assert [r for s in sets for r in unpack(s)] == entries
    straight = pack_run(numbered)
    if straight is None:  # names that mix text and none: packed entry by entry
        assert any(x is None for x in run.names) and any(x is not None for x in run.names)
    else:
        assert straight == pack(entries)
        if len(run.keys) >= STRAIGHT:
            assert sets == straight
    # beside other entries, in order
    before = {**entries[0], "seq": start - 1, "kind": "updated", "field": "name"} if entries else None
    mixed = pack([before, numbered] if before else [numbered])
    assert [r for s in mixed for r in unpack(s)] == ([before] if before else []) + entries


AWKWARD = [  # (field, item, old, new): values a column must keep apart
    ("stance", None, "neutral", "supporter"),
    ("headcount", None, 1, 2),
    ("value", None, 1.0, 2.5),
    ("open", None, True, False),
    ("roles", None, ["champion"], ["champion", "evaluator"]),
    ("notes", "", None, ["a note"]),
    ("ids", "salesforce", "", "003"),
    ("committee", "ana", None, True),
    ("left", None, "2026-02-01", None),
]


@pytest.mark.neo4j
def test_entries_of_every_shape_come_back_from_neo4j_as_they_went_in(neo4j_store: Neo4jStore) -> None:
    rows = [
        ChangeRow(
            at=AT,
            kind=ChangeKind.updated,
            collection="people",
            key=f"k{i % 3}",
            source="test",
            author="kam",
            field=f,
            item=item,
            old=old,
            new=new,
            org="acme" if i % 2 else None,
            people=[f"k{i % 3}", "ana"][: i % 3],
        )
        for i, (f, item, old, new) in enumerate(AWKWARD)
    ]
    with neo4j_store.transaction(write=True):
        neo4j_store._append_changes(rows)
        inside = neo4j_store.changes()  # pending: read back before they are written
    stored = neo4j_store.changes()
    want = [{**r.values(), "seq": n, "kind": r.kind} for n, r in enumerate(rows, start=1)]
    assert [c.model_dump() for c in stored] == want
    assert [c.model_dump() for c in inside] == want
    assert [c.seq for c in neo4j_store.changes(people=["ana"])] == [3, 6, 9]
    assert [c.seq for c in neo4j_store.changes(records=[("people", "k1")])] == [2, 5, 8]
    assert [c.seq for c in neo4j_store.changes(org="acme")] == [2, 4, 6, 8]


@pytest.mark.neo4j
def test_a_change_log_of_the_first_layout_is_converted_on_first_open(neo4j_url: str) -> None:
    import neo4j

    samples = sorted(str(p) for p in SAMPLES.glob("*.yaml"))
    assert CliRunner().invoke(cli, ["--store", neo4j_url, "import", *samples]).exit_code == 0
    assert (
        CliRunner().invoke(cli, ["--store", neo4j_url, "set", "mer-rachel-okafor", "stance=supporter"]).exit_code == 0
    )
    with Neo4jStore.from_url(neo4j_url, env={}) as store:
        before = store.changes()
        person = store.changes(people=["mer-rachel-okafor"])
    assert len(before) > 100 and len(person) >= 2
    s = Neo4jSettings.from_url(neo4j_url, env={})
    with neo4j.GraphDatabase.driver(s.uri, auth=s.auth) as driver:

        def run(cypher: str, **params: Any) -> list[dict[str, Any]]:
            return [r.data() for r in driver.execute_query(cypher, params, database_=s.database)[0]]

        write_old_change_log(run, before)
        assert run("MATCH (c:Change) RETURN count(c) AS n") == [{"n": len(before)}]
        first = CliRunner().invoke(cli, ["--store", neo4j_url, "history", "mer-rachel-okafor", "--json"])
        assert first.exit_code == 0, first.output
        assert (
            first.stderr
            == f"kamgraph: converted the change log of {s.display} to change sets ({len(before)} entries)\n"
        )
        with Neo4jStore.from_url(neo4j_url, env={}) as store:
            assert store.changes() == before
            assert store.changes(people=["mer-rachel-okafor"]) == person
            # numbering goes on after the converted entries
            edits.set_person(store, "mer-rachel-okafor", {"stance": "neutral"})
            assert [c.seq for c in store.changes()[len(before) :]] == [before[-1].seq + 1]
        assert run("MATCH (c:Change) RETURN count(c) AS n") == [{"n": 0}]
        indexes = {r["name"] for r in run("SHOW INDEXES YIELD name RETURN name")}
        assert not {n for n in indexes if n.startswith("kamgraph_change_") and n != "kamgraph_change_search"} - {
            "kamgraph_change_first",
            "kamgraph_change_since",
        }
