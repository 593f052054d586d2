"""Converting a store written by an earlier kamgraph to today's Neo4j layout, in place.

- **The native graph.** The first layout kept each record whole as JSON in a ``data``
  property of its node or relationship, with copies of a few fields beside it (``org``,
  ``search``, ``mentions`` …). On first open the records are read from that JSON, the JSON
  and the copies are removed, and the records are written again in the native layout.
- **The compact change log.** The change log's first layout was one ``(:Change)`` node per
  entry; its entries are packed into ``(:ChangeSet)`` nodes
  (:mod:`kamgraph.store.neo4j_changes`), their numbers kept, and the old nodes and their
  indexes removed.

Each conversion is one write transaction (the write lock first, so two processes opening
the same old store convert it once). Nodes and relationships of your own, and properties
you added, are left alone. One line on stderr says that it happened.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ..model import COLLECTIONS, Graph, record_key
from .base import MODELS
from .neo4j_changes import pack
from .neo4j_write import apply, batches
from .queries import query

if TYPE_CHECKING:
    from .neo4j_transactions import Bolt, Tx

__all__ = ["OLD_CHANGE_CONSTRAINTS", "OLD_CHANGE_INDEXES", "OLD_INDEXES", "upgrade", "upgrade_change_log"]

#: Indexes of the first layout on properties that are relationships now.
OLD_INDEXES = ("kamgraph_person_org", "kamgraph_unit_org", "kamgraph_opportunity_account")
#: The first layout's JSON property, and its copies of fields that are relationships now.
OLD_KEY = "data"
OLD_COPIES = ("org", "account", "parent", "unit", "reports_to", "search", "mentions")
#: The constraint and indexes of the change log's first layout (one ``(:Change)`` per entry).
OLD_CHANGE_CONSTRAINTS = ("kamgraph_change_seq",)
OLD_CHANGE_INDEXES = ("kamgraph_change_record", "kamgraph_change_org", "kamgraph_change_at", "kamgraph_change_field")
#: An entry's properties in the change log's first layout.
ENTRY_FIELDS = ("seq", "at", "kind", "collection", "key", "field", "item", "old", "new", "source", "author", "org")


def _is_old(bolt: Bolt, tx: Tx) -> bool:
    rows = bolt.rows(tx, "store_layout", key=OLD_KEY)
    return bool(rows and rows[0]["old"])


def upgrade(bolt: Bolt, indexes: set[str] | None = None) -> int:
    """Convert the store if it has the first layout, and its change log if that has its
    first layout (``indexes``: the names of kamgraph's indexes there, when known); the
    number of records and entries converted (0 when there was nothing to do)."""
    converted = _upgrade_records(bolt)
    if indexes is None or indexes & {*OLD_CHANGE_CONSTRAINTS, *OLD_CHANGE_INDEXES}:
        converted += upgrade_change_log(bolt)
    return converted


def _upgrade_records(bolt: Bolt) -> int:
    if not bolt.run(lambda tx: _is_old(bolt, tx), what="read the store's layout"):
        return 0

    def work(tx: Tx) -> int:
        if not _is_old(bolt, tx):  # another process converted it while we waited for the lock
            return 0
        records: dict[str, list[Any]] = {}
        for collection in COLLECTIONS:
            model = MODELS[collection]
            rows = bolt.rows(tx, f"migrate_{collection}", key=OLD_KEY)
            records[collection] = [model.model_validate_json(r["data"]) for r in rows if r["data"] is not None]
        graph = Graph(**records).canonical()
        bolt.rows(tx, "migrate_strip_nodes", keys=[OLD_KEY, *OLD_COPIES])
        bolt.rows(tx, "migrate_strip_relationships", key=OLD_KEY)
        changed = {c: getattr(graph, c) for c in COLLECTIONS}
        apply(bolt, tx, changed, {(c, record_key(r)) for c in COLLECTIONS for r in changed[c]})
        return sum(len(v) for v in changed.values())

    converted = bolt.write(work, "convert the store to the native graph")
    _drop(bolt, "schema_drop_old_index", OLD_INDEXES, "drop the first layout's indexes")
    if converted:
        print(
            f"kamgraph: converted {bolt.url} to the native graph layout ({converted} records; JSON properties removed)",
            file=sys.stderr,
        )
    return converted


def upgrade_change_log(bolt: Bolt) -> int:
    """Pack the change log's ``(:Change)`` nodes into change sets; the entries converted."""

    def work(tx: Tx) -> int:
        if not bolt.rows(tx, "migrate_changes_there")[0]["old"]:
            return 0
        entries = [
            {**{f: props.get(f) for f in ENTRY_FIELDS}, "people": list(props.get("people") or [])}
            for props in bolt.rows(tx, "migrate_changes")[0]["rows"]
        ]
        for batch in batches(pack(entries), 50):
            bolt.rows(tx, "changes_append", sets=list(batch))
        bolt.rows(tx, "migrate_changes_delete")
        return len(entries)

    converted = bolt.write(work, "convert the change log")
    _drop(bolt, "schema_drop_old_constraint", OLD_CHANGE_CONSTRAINTS, "drop the change log's old constraint")
    _drop(bolt, "schema_drop_old_index", OLD_CHANGE_INDEXES, "drop the change log's old indexes")
    if converted:
        print(
            f"kamgraph: converted the change log of {bolt.url} to change sets ({converted} entries)",
            file=sys.stderr,
        )
    return converted


def _drop(bolt: Bolt, name: str, indexes: tuple[str, ...], what: str) -> None:
    with bolt.errors(what), bolt.session() as session:
        for index in indexes:
            session.run(query(name).cypher, name=index).consume()
