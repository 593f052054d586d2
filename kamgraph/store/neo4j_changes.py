"""The Neo4j store's change log (see :mod:`kamgraph.store.changes`): one ``(:Change)`` node
per entry, its properties those of :class:`~kamgraph.store.changes.Change` (``at`` a
``DATETIME``, ``old``/``new`` the value itself: text, number, flag or list), numbered from
a counter on the write lock's node. Reads use the indexes (record, organisation, time,
field); who an entry names is a list property, scanned (erasure and a person's history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .changes import Change, ChangeQuery, ChangeRow
from .neo4j_transactions import LOCK_ID
from .neo4j_write import batches

if TYPE_CHECKING:
    from .neo4j_transactions import BoltTransactions, Tx

__all__ = ["append_changes", "delete_changes", "read_changes"]


def append_changes(store: BoltTransactions, tx: Tx, rows: list[ChangeRow]) -> None:
    # numbered here, sent as plain rows: a statement that indexes into a list parameter
    # ($rows[n]) costs Neo4j far more than one that unwinds it (bench/bench_history.py)
    [first] = store._rows(tx, "changes_number", lock=LOCK_ID, n=len(rows))
    start = first["start"]
    props = []
    for n, r in enumerate(rows, start=start + 1):
        row = {k: v for k, v in r.values().items() if v is not None}
        row["kind"], row["seq"] = str(row["kind"]), n
        props.append(row)
    for batch in batches(props, store.batch_size):
        store._rows(tx, "changes_append", rows=list(batch))


def _change(props: dict[str, Any]) -> Change:
    data = dict(props)
    at: Any = data.get("at")
    if hasattr(at, "to_native"):  # neo4j.time.DateTime
        data["at"] = at.to_native()
    return Change.model_validate(data)


def read_changes(store: BoltTransactions, tx: Tx, query: ChangeQuery) -> list[Change]:
    found: dict[int, dict[str, Any]] = {}

    def add(name: str, **params: Any) -> None:
        for row in store._rows(tx, name, **params)[0]["rows"]:
            found[row["seq"]] = row

    if query.notes:
        add("changes_of_field", field="notes")
    elif query.everything:
        if query.since is None:
            add("changes_all")
        else:
            add("changes_since", since=query.since)
    else:
        if query.records:
            add("changes_of_records", records=[{"collection": c, "key": k} for c, k in query.records])
        if query.org is not None:
            add("changes_of_org", org=query.org)
        if query.people:
            add("changes_naming", people=query.people)
    out = [_change(found[s]) for s in sorted(found)]
    return [
        c
        for c in out
        if (query.since is None or c.at >= query.since)
        and (query.until is None or c.at < query.until)
        and (not query.notes or c.field == "notes")
    ]


def delete_changes(store: BoltTransactions, tx: Tx, seqs: list[int]) -> None:
    for batch in batches(seqs, store.batch_size):
        store._rows(tx, "changes_delete", seqs=list(batch))
