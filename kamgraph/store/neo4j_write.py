"""Writing records into the Neo4j store: nodes by id, then their references, notes, ids
and committee seats, then the relationship records, each in ``UNWIND $rows`` batches
inside the caller's transaction (see :meth:`Neo4jStore._write`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import StoreError
from ..model import record_key
from .neo4j_records import evidence_rows, ids_rows, node_props, notes_rows, relationship_props, seat_props

if TYPE_CHECKING:
    from .neo4j_transactions import Bolt, Tx

__all__ = ["apply", "batches", "run_batches", "upsert_relationships"]

NODE_COLLECTIONS = ("organisations", "units", "products", "people", "opportunities")

T = TypeVar("T")


def batches(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def apply(bolt: Bolt, tx: Tx, changed: Mapping[str, list[Any]], stored: set[tuple[str, Any]]) -> None:
    """Write the ``changed`` records. New ones are created outright; those in ``stored``
    are updated in place, their references, notes, ids and committee dropped first and
    drawn again."""
    nodes: dict[str, list[str]] = {}
    linked: dict[str, set[str]] = {}  # the records created with their organisation (and unit) drawn
    again: list[str] = []
    for collection in NODE_COLLECTIONS:
        records = changed.get(collection) or []
        old = [r for r in records if (collection, r.id) in stored]
        new = [r for r in records if (collection, r.id) not in stored]
        eids: dict[str, str] = {}
        props = [node_props(collection, r) for r in old]
        _nodes(
            bolt, tx, f"{collection}_upsert", [{"id": r.id, "props": p} for r, p in zip(old, props, strict=True)], eids
        )
        if collection == "people":  # created with their organisation and unit, in one statement
            for name, part in (
                ("people_create", [p for p in new if not p.unit]),
                ("people_create_in_unit", [p for p in new if p.unit]),
            ):
                rows = [
                    {"id": r.id, "props": _set(node_props(collection, r)), "org": r.org, "unit": r.unit} for r in part
                ]
                _nodes(bolt, tx, name, rows, eids, what="organisations or units of people")
        else:
            rows = [{"id": r.id, "props": _set(node_props(collection, r))} for r in new]
            _nodes(bolt, tx, f"{collection}_create", rows, eids)
        again += [eids[r.id] for r in old]
        if records:
            nodes[collection] = [eids[r.id] for r in records]
            linked[collection] = {r.id for r in new} if collection == "people" else set()
    for chunk in batches(again, bolt.batch_size):
        bolt.rows(tx, "store_clear_details", nodes=list(chunk))
    for collection, eid_list in nodes.items():
        _link(bolt, tx, collection, changed[collection], eid_list, linked[collection])
    for collection in ("knows", "influences", "adoption"):
        if changed.get(collection):
            records = changed[collection]
            there = [(collection, record_key(r)) in stored for r in records]
            upsert_relationships(bolt, tx, collection, [r for r, t in zip(records, there, strict=True) if t])
            upsert_relationships(
                bolt, tx, collection, [r for r, t in zip(records, there, strict=True) if not t], verb="create"
            )
    knows = changed.get("knows") or []
    rows = [
        {"a": k.a, "b": k.b, "evidence": evidence_rows(k)} for k in knows if k.evidence or ("knows", k.key) in stored
    ]
    for batch in batches(rows, bolt.batch_size):
        bolt.rows(tx, "knows_evidence", rows=list(batch))


def _set(props: dict[str, Any]) -> dict[str, Any]:
    """A new node's properties: a null sets nothing, so it stays off the wire."""
    return {k: v for k, v in props.items() if v is not None}


def _nodes(bolt: Bolt, tx: Tx, name: str, rows: list[dict[str, Any]], eids: dict[str, str], what: str = "") -> None:
    """Run the create or upsert ``name`` over ``rows`` in batches, noting each node's
    elementId by id; with ``what``, a row that made no node named something not in the store:
    refuse the write."""
    for batch in batches(rows, bolt.batch_size):
        [result] = bolt.rows(tx, name, rows=list(batch))
        made = result["nodes"]
        if len(made) != len(batch):
            raise StoreError(
                f"{bolt.url}: write refused, nothing was changed: {len(batch) - len(made)} {what} not in the store"
            )
        eids.update(zip((row["id"] for row in batch), made, strict=True))


def upsert_relationships(bolt: Bolt, tx: Tx, collection: str, records: list[Any], verb: str = "upsert") -> None:
    rows = [{"a": a, "b": b, "props": relationship_props(collection, r)} for r in records for a, b in (record_key(r),)]
    ends = "units or products" if collection == "adoption" else "people"
    run_batches(bolt, tx, f"{collection}_{verb}", rows, count="written", what=f"{ends} of {collection} records")


def run_batches(
    bolt: Bolt, tx: Tx, name: str, rows: list[dict[str, Any]], count: str | None = None, what: str = ""
) -> None:
    """Run ``name`` over ``rows`` in batches; with ``count``, every row must be counted
    back, else a record named something that is not in the store: refuse the write."""
    for batch in batches(rows, bolt.batch_size):
        result = bolt.rows(tx, name, rows=list(batch))
        if count is not None:
            done = result[0][count] if result else 0
            if done != len(batch):
                raise StoreError(
                    f"{bolt.url}: write refused, nothing was changed: {len(batch) - done} {what} not in the store"
                )


def _link(bolt: Bolt, tx: Tx, collection: str, records: list[Any], eids: list[str], linked: set[str]) -> None:
    """Draw a node's references (but the organisation and unit of the people in ``linked``,
    drawn as they were created), and its notes, outside ids and committee seats."""
    links: list[tuple[str, list[dict[str, Any]], str]] = []
    if collection == "units":
        links = [
            ("units_link_org", [{"id": u.id, "org": u.org} for u in records], "organisations of units"),
            ("units_link_parent", [{"id": u.id, "parent": u.parent} for u in records if u.parent], "parent units"),
        ]
    elif collection == "people":
        links = [
            (
                "people_link_org",
                [{"id": p.id, "org": p.org} for p in records if p.id not in linked],
                "organisations of people",
            ),
            (
                "people_link_unit",
                [{"id": p.id, "unit": p.unit} for p in records if p.unit and p.id not in linked],
                "units of people",
            ),
            (
                "people_link_manager",
                [{"id": p.id, "manager": p.reports_to} for p in records if p.reports_to],
                "managers",
            ),
        ]
    elif collection == "opportunities":
        links = [
            (
                "opportunities_link_account",
                [{"id": o.id, "account": o.account} for o in records],
                "accounts of opportunities",
            ),
            (
                "opportunities_link_committee",
                [
                    {"id": o.id, "person": m.person, "props": seat_props(m, i)}
                    for o in records
                    for i, m in enumerate(o.committee)
                ],
                "committee members",
            ),
        ]
    for name, rows, what in links:
        if rows:
            run_batches(bolt, tx, name, rows, count="linked", what=what)
    if collection in ("organisations", "people", "opportunities"):
        pairs = list(zip(records, eids, strict=True))
        notes = [{"node": eid, "note": n} for r, eid in pairs for n in notes_rows(r.notes)]
        ids = [{"node": eid, "id": x} for r, eid in pairs for x in ids_rows(r.ids)]
        if notes:
            run_batches(bolt, tx, "store_add_notes", notes)
        if ids:
            run_batches(bolt, tx, "store_add_ids", ids)
