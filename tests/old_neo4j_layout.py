"""kamgraph's first Neo4j layout, kept to test the upgrade: each record whole as JSON in a
``data`` property, copies of a few fields beside it, references drawn as relationships too.
A copy of the writer as it was (kamgraph/store/neo4j.py and neo4j_records.py at 94df5dd),
with its Cypher inline: test-only, never run against a real user's database."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from kamgraph.model import Adoption, Graph, Influences, Knows, Note, Opportunity, Organisation, Person, Product, Unit
from kamgraph.text import fold

SCHEMA = [
    *(
        f"CREATE CONSTRAINT kamgraph_{n}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for n, label in (
            ("organisation", "Organisation"),
            ("unit", "Unit"),
            ("product", "Product"),
            ("person", "Person"),
            ("opportunity", "Opportunity"),
        )
    ),
    "CREATE INDEX kamgraph_person_org IF NOT EXISTS FOR (n:Person) ON (n.org)",
    "CREATE INDEX kamgraph_unit_org IF NOT EXISTS FOR (n:Unit) ON (n.org)",
    "CREATE INDEX kamgraph_opportunity_account IF NOT EXISTS FOR (n:Opportunity) ON (n.account)",
    "CREATE INDEX kamgraph_organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind)",
]


def _json(record: BaseModel) -> str:
    return json.dumps(record.model_dump(mode="json", by_alias=True), ensure_ascii=False, sort_keys=True)


def _value(v: Any) -> Any:
    return v.value if hasattr(v, "value") else v


def _mentions(notes: list[Note]) -> list[str] | None:
    return [fold(n.text) for n in notes] + [fold(n.by) for n in notes if n.by] or None


def _props(record: BaseModel) -> dict[str, Any]:
    props: dict[str, Any]
    if isinstance(record, Organisation):
        props = {
            "id": record.id,
            "name": record.name,
            "kind": record.kind.value,
            "industry": record.industry,
            "tier": record.tier,
            "mentions": _mentions(record.notes),
        }
    elif isinstance(record, Unit):
        props = {
            "id": record.id,
            "org": record.org,
            "name": record.name,
            "parent": record.parent,
            "function": record.function,
            "headcount": record.headcount,
        }
    elif isinstance(record, Product):
        props = {"id": record.id, "name": record.name, "family": record.family}
    elif isinstance(record, Person):
        props = {
            "id": record.id,
            "org": record.org,
            "name": record.name,
            "title": record.title,
            "unit": record.unit,
            "reports_to": record.reports_to,
            "seniority": _value(record.seniority),
            "roles": [r.value for r in record.roles] or None,
            "stance": record.stance.value,
            "influence": _value(record.influence),
            "search": [fold(v) for v in (record.id, record.name, record.title or "", record.email or "")],
            "mentions": _mentions(record.notes),
        }
    elif isinstance(record, Opportunity):
        props = {
            "id": record.id,
            "account": record.account,
            "name": record.name,
            "stage": record.stage,
            "amount": record.amount,
            "currency": record.currency,
            "close_date": record.close_date,
            "open": record.is_open,
            "mentions": _mentions(record.notes),
        }
    elif isinstance(record, Knows):
        props = {"strength": record.strength, "last_contact": record.last_contact, "source": record.source}
    elif isinstance(record, Influences):
        props = {"weight": record.weight}
    elif isinstance(record, Adoption):
        props = {"status": record.status.value, "competitor": record.competitor, "since": record.since}
    props["data"] = _json(record)
    return {k: v for k, v in props.items() if v is not None}


NODES = {
    "organisations": "Organisation",
    "units": "Unit",
    "products": "Product",
    "people": "Person",
    "opportunities": "Opportunity",
}
LINKS = [  # (collection, field, relationship type, target label)
    ("units", "org", "UNIT_OF", "Organisation"),
    ("units", "parent", "PART_OF", "Unit"),
    ("people", "org", "MEMBER_OF", "Organisation"),
    ("people", "unit", "IN_UNIT", "Unit"),
    ("people", "reports_to", "REPORTS_TO", "Person"),
    ("opportunities", "account", "FOR_ACCOUNT", "Organisation"),
]
RELATIONSHIPS = {
    "knows": ("KNOWS", "Person", "Person"),
    "influences": ("INFLUENCES", "Person", "Person"),
    "adoption": ("ADOPTS", "Unit", "Product"),
}


def write_old_layout(run: Any, graph: Graph) -> None:
    """Write ``graph`` as the first layout did; ``run(cypher, **params)`` runs one statement."""
    for statement in SCHEMA:
        run(statement)
    graph = graph.canonical()
    for collection, label in NODES.items():
        rows = [{"id": r.id, "props": _props(r)} for r in getattr(graph, collection)]
        run(f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props", rows=rows)
    for collection, field, rel, target in LINKS:
        rows = [{"id": r.id, "to": getattr(r, field)} for r in getattr(graph, collection) if getattr(r, field)]
        run(
            f"UNWIND $rows AS row MATCH (n:{NODES[collection]} {{id: row.id}}) MATCH (t:{target} {{id: row.to}}) "
            f"MERGE (n)-[:{rel}]->(t)",
            rows=rows,
        )
    seats = [
        {
            "id": o.id,
            "person": m.person,
            "props": {
                k: v
                for k, v in {
                    "roles": [r.value for r in m.roles] or None,
                    "stance": _value(m.stance),
                    "influence": _value(m.influence),
                    "mode": _value(m.mode),
                }.items()
                if v is not None
            },
        }
        for o in graph.opportunities
        for m in o.committee
    ]
    run(
        "UNWIND $rows AS row MATCH (n:Opportunity {id: row.id}) MATCH (p:Person {id: row.person}) "
        "MERGE (p)-[s:ON_COMMITTEE]->(n) SET s = row.props",
        rows=seats,
    )
    for collection, (rel, a_label, b_label) in RELATIONSHIPS.items():
        rows = []
        for r in getattr(graph, collection):
            a, b = r.key
            rows.append({"a": a, "b": b, "props": _props(r)})
        run(
            f"UNWIND $rows AS row MATCH (a:{a_label} {{id: row.a}}) MATCH (b:{b_label} {{id: row.b}}) "
            f"MERGE (a)-[r:{rel}]->(b) SET r = row.props",
            rows=rows,
        )


#: The change log's first layout (kamgraph/store/neo4j_changes.py before the change sets):
#: one (:Change) node per entry, its constraint and indexes.
OLD_CHANGE_SCHEMA = [
    "CREATE CONSTRAINT kamgraph_change_seq IF NOT EXISTS FOR (n:Change) REQUIRE n.seq IS UNIQUE",
    "CREATE INDEX kamgraph_change_record IF NOT EXISTS FOR (n:Change) ON (n.collection, n.key)",
    "CREATE INDEX kamgraph_change_org IF NOT EXISTS FOR (n:Change) ON (n.org)",
    "CREATE INDEX kamgraph_change_at IF NOT EXISTS FOR (n:Change) ON (n.at)",
    "CREATE INDEX kamgraph_change_field IF NOT EXISTS FOR (n:Change) ON (n.field)",
]


def write_old_change_log(run: Any, changes: list[Any]) -> None:
    """Replace the store's change log with ``changes`` (kamgraph Change entries) as the first
    layout kept them: one (:Change) node each, its properties the entry's, none for the unset."""
    run("MATCH (c:ChangeSet) DELETE c")
    for statement in OLD_CHANGE_SCHEMA:
        run(statement)
    rows = []
    for c in changes:
        data = {k: v for k, v in c.model_dump().items() if v is not None and v != []}
        data["kind"] = c.kind.value
        rows.append(data)
    run("UNWIND $rows AS row CREATE (c:Change) SET c = row", rows=rows)
