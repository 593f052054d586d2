"""Converting a store of kamgraph's first Neo4j layout to the native graph, in place.

The first layout kept each record whole as JSON in a ``data`` property of its node or
relationship, with copies of a few fields beside it (``org``, ``search``, ``mentions`` …).
On first open the records are read from that JSON, the JSON and the copies are removed, and
the records are written again in the native layout, in one write transaction (the write
lock first, so two processes opening the same old store convert it once). Nodes and
relationships of your own, and properties you added, are left alone. One line on stderr
says that it happened.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ..model import COLLECTIONS, Graph, record_key
from .base import MODELS
from .neo4j_write import apply
from .queries import query

if TYPE_CHECKING:
    from .neo4j_transactions import BoltTransactions, Tx

__all__ = ["OLD_INDEXES", "upgrade"]

#: Indexes of the first layout on properties that are relationships now.
OLD_INDEXES = ("kamgraph_person_org", "kamgraph_unit_org", "kamgraph_opportunity_account")
#: The first layout's JSON property, and its copies of fields that are relationships now.
OLD_KEY = "data"
OLD_COPIES = ("org", "account", "parent", "unit", "reports_to", "search", "mentions")


def _is_old(store: BoltTransactions, tx: Tx) -> bool:
    rows = store._rows(tx, "store_layout", key=OLD_KEY)
    return bool(rows and rows[0]["old"])


def upgrade(store: BoltTransactions) -> int:
    """Convert ``store`` if it has the first layout; the number of records converted (0
    when there was nothing to do)."""
    if not store._run(lambda tx: _is_old(store, tx), what="read the store's layout"):
        return 0

    def work(tx: Tx) -> int:
        if not _is_old(store, tx):  # another process converted it while we waited for the lock
            return 0
        records: dict[str, list[Any]] = {}
        for collection in COLLECTIONS:
            model = MODELS[collection]
            rows = store._rows(tx, f"migrate_{collection}", key=OLD_KEY)
            records[collection] = [model.model_validate_json(r["data"]) for r in rows if r["data"] is not None]
        graph = Graph(**records).canonical()
        store._rows(tx, "migrate_strip_nodes", keys=[OLD_KEY, *OLD_COPIES])
        store._rows(tx, "migrate_strip_relationships", key=OLD_KEY)
        changed = {c: getattr(graph, c) for c in COLLECTIONS}
        apply(store, tx, changed, {(c, record_key(r)) for c in COLLECTIONS for r in changed[c]})
        return sum(len(v) for v in changed.values())

    converted = store._write_tx(work, "convert the store to the native graph")
    with (
        store._errors("drop the first layout's indexes"),
        store.driver.session(database=store.settings.database) as session,
    ):
        for name in OLD_INDEXES:
            session.run(query("schema_drop_old_index").cypher, name=name).consume()
    if converted:
        print(
            f"kamgraph: converted {store.url} to the native graph layout ({converted} records; "
            "JSON properties removed)",
            file=sys.stderr,
        )
    return converted
