"""Evidence on relationships kept by both stores and by the file format, and readable when
drawn by hand in Neo4j Browser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kamgraph.io.files import dump_graph, load_graph
from kamgraph.model import Graph, Interaction, Knows, Organisation, Person
from kamgraph.store import Store
from kamgraph.store.neo4j import Neo4jSettings, Neo4jStore

D = dt.date


def _graph() -> Graph:
    return Graph(
        organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="acme", name="Acme")],
        people=[Person(id="sam", name="Sam", org="us"), Person(id="ana", name="Ana Núñez", org="acme")],
        knows=[
            Knows(
                a="sam",
                b="ana",
                strength=0.7,
                strength_set=D(2026, 5, 2),
                last_contact=D(2026, 11, 3),
                evidence=[
                    Interaction(kind="meeting", date=D(2026, 11, 3), source="calendar", ref="uid-1", note="QBR"),
                    Interaction(kind="linkedin", date=D(2021, 6, 1), source="linkedin"),
                    Interaction(kind="email", date=D(2026, 10, 1), source="csv"),
                ],
            )
        ],
    )


def test_evidence_round_trips_through_the_store(store: Store) -> None:
    g = _graph()
    report = store.import_graph(g)
    assert report.counts["knows"].added == 1
    back = store.dump().canonical()
    assert back.knows == g.canonical().knows
    assert [i.kind.value for i in back.knows[0].evidence] == ["linkedin", "email", "meeting"]
    assert store.import_graph(g).changed is False  # the same evidence again: nothing changes
    fewer = g.knows[0].model_copy(update={"evidence": g.knows[0].evidence[:1]})
    assert store.import_graph(Graph(knows=[fewer])).counts["knows"].updated == 1
    assert store.dump().knows[0].evidence == fewer.evidence
    assert store.account("acme").knows[0].evidence == fewer.evidence


def test_evidence_round_trips_through_the_file_format(tmp_path: Path) -> None:
    g = _graph()
    for fmt in ("yaml", "json"):
        (tmp_path / f"g.{fmt}").write_text(dump_graph(g, fmt), encoding="utf-8")
        assert load_graph(tmp_path / f"g.{fmt}").canonical() == g.canonical()
    text = """
version: 1
organisations:
  - {id: us, name: Us, kind: own, people: [{id: sam, name: Sam}]}
  - id: acme
    name: Acme
    people:
      - id: ana
        name: Ana
        knows:
          - {who: sam, strength: 0, evidence: [{kind: call, date: 2026-11-02, source: phone}]}
"""
    (tmp_path / "inline.yaml").write_text(text, encoding="utf-8")
    [k] = load_graph(tmp_path / "inline.yaml").knows
    assert (k.strength, k.evidence[0].kind.value, k.evidence[0].date) == (0, "call", D(2026, 11, 2))


@pytest.mark.neo4j
def test_evidence_is_native_in_neo4j_and_editable_in_browser(neo4j_store: Neo4jStore, neo4j_url: str) -> None:
    import neo4j

    store = neo4j_store
    store.import_graph(_graph())
    settings = Neo4jSettings.from_url(neo4j_url, env={})
    driver = neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth)
    with driver.session(database=settings.database) as s:
        rows = s.run(
            "MATCH (:Person {id: 'ana'})-[e:INTERACTED_WITH]-(:Person {id: 'sam'}) "
            "RETURN e.kind AS kind, e.date AS date, e.source AS source, e.ref AS ref ORDER BY e.date"
        ).data()
        assert [(r["kind"], str(r["date"]), r["source"], r["ref"]) for r in rows] == [
            ("linkedin", "2021-06-01", "linkedin", None),
            ("email", "2026-10-01", "csv", None),
            ("meeting", "2026-11-03", "calendar", "uid-1"),
        ]
        [k] = s.run("MATCH (:Person)-[k:KNOWS]->(:Person) RETURN k {.*} AS k").data()
        assert str(k["k"]["strength_set"]) == "2026-05-02"
        # drawn by hand, the other way round
        s.run(
            "MATCH (a:Person {id: 'ana'}), (s:Person {id: 'sam'}) "
            "CREATE (a)-[:INTERACTED_WITH {kind: 'call', date: date('2026-11-20'), source: 'phone'}]->(s)"
        ).consume()
    [k2] = store.dump().knows
    assert [i.kind.value for i in k2.evidence][-1] == "call"
    with driver.session(database=settings.database) as s:
        s.run("MATCH ()-[e:INTERACTED_WITH {kind: 'call'}]->() SET e.kind = 'pigeon'").consume()
    with pytest.raises(Exception, match="INTERACTED_WITH 'pigeon' on 2026-11-20 between"):
        store.dump()
    assert any("pigeon" in p for p in store.lint())
    driver.close()
