"""The Neo4j store's change log (see :mod:`kamgraph.store.changes`), kept compactly: one
``(:ChangeSet)`` node holds up to a batch of consecutive entries of one write, each field of
an entry a *column*. A column whose value is the same for every entry of the set is one
property named as the field (``kind: 'created'``, ``collection: 'people'``; absent when
that value is none); one that varies is a list property named as the field plus ``s``, an
item per entry (``keys: ['ana', 'ben', …]``). ``seqs`` are the entries' sequence numbers
(``first`` the lowest: unique, and how a set is found by number), ``at`` their moment (a
``DATETIME``), ``people`` the ids the entries name one after another, ``names_per_entry``
how many each entry names. A property holds no nulls and a list holds one kind of value, so an entry
that cannot join the set before it (a value that is none where others are not, a list where
others are text) starts a new one: the first load of the benchmarks' 100,000-person portfolio
logs 304,106 entries in 307 nodes.

Reads by record, organisation, person or field go through the full-text index
``kamgraph_change_search`` (the ``keyword`` analyzer: each id whole, exact, case-sensitive)
over ``key``/``keys``, ``org``/``orgs``, ``people`` and ``field``/``fields``; the sets found
are unpacked and each entry checked exactly. Reads since a date use the index on ``at``.
The entries read back are the :class:`~kamgraph.store.changes.Change` s that were appended.

>>> import datetime as dt
>>> at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
>>> rows = [dict(seq=n, at=at, kind="created", collection="people", key=k, field=None, item=None, old=None,
...              new=k.title(), source="a.yaml", author="kam", org="acme", people=[k])
...         for n, k in ((1, "ana"), (2, "ben"))]
>>> [sorted(s) for s in pack(rows)]
[['at', 'author', 'collection', 'first', 'keys', 'kind', 'names_per_entry', 'news', 'org', 'people', 'seqs', 'source']]
>>> unpack(pack(rows)[0]) == rows
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .changes import Change, ChangeQuery, ChangeRow
from .neo4j_transactions import LOCK_ID
from .neo4j_write import batches

if TYPE_CHECKING:
    from .neo4j_transactions import Bolt, Tx

__all__ = [
    "COLUMNS",
    "ChangeLog",
    "SEARCH_INDEX",
    "append_changes",
    "delete_changes",
    "lucene_terms",
    "number_changes",
    "pack",
    "read_changes",
    "unpack",
]

#: An entry's fields kept as columns (``seq``, ``at`` and ``people`` are kept apart).
COLUMNS = ("kind", "collection", "key", "field", "item", "old", "new", "source", "author", "org")
#: The full-text index that finds the sets holding a record's, an organisation's or a person's entries.
SEARCH_INDEX = "kamgraph_change_search"
#: How many terms one full-text query holds (Lucene refuses more than 1,024 clauses).
TERMS_PER_QUERY = 500
#: The most entries one set holds.
SET_SIZE = 1000


def _same(a: Any, b: Any) -> bool:
    """Equal and of one type (``1``, ``1.0`` and ``True`` are three values to Neo4j)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _item(value: Any) -> bool:
    """Whether ``value`` can be an item of a list property."""
    return isinstance(value, str | int | float | bool)


class _Set:
    """The entries of one set being packed: each column constant (its value) or varying (its type)."""

    def __init__(self, row: dict[str, Any]):
        self.rows = [row]
        self.constant = {c: row[c] for c in COLUMNS}
        self.varying: dict[str, type] = {}

    def take(self, row: dict[str, Any]) -> bool:
        """Add ``row`` if it can join the set (whether it did). The hot loop of a first
        load's log (one call per entry): plain values are compared inline, lists by :func:`_same`."""
        if len(self.rows) >= SET_SIZE or not _same(row["at"], self.rows[0]["at"]):
            return False
        constant, varying = self.constant, self.varying
        newly = []
        for c in COLUMNS:
            value = row[c]
            kind = varying.get(c)
            if kind is not None:
                if type(value) is not kind:
                    return False
                continue
            const = constant[c]
            if type(value) is type(const):
                if value is const or (value == const and (type(value) is not list or _same(value, const))):
                    continue
                if _item(value):
                    newly.append(c)
                    continue
            return False
        for c in newly:
            varying[c] = type(row[c])
            del constant[c]
        self.rows.append(row)
        return True

    def props(self) -> dict[str, Any]:
        seqs = [r["seq"] for r in self.rows]
        out: dict[str, Any] = {"first": min(seqs), "seqs": seqs, "at": self.rows[0]["at"]}
        out |= {c: v for c, v in self.constant.items() if v is not None}
        out |= {f"{c}s": [r[c] for r in self.rows] for c in self.varying}
        people = [p for r in self.rows for p in r["people"]]
        if people:
            out["people"] = people
        out["names_per_entry"] = [len(r["people"]) for r in self.rows]
        return out


def pack(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The properties of the sets that hold ``rows`` (entries as dicts: ``seq``, ``at``,
    ``people`` and the :data:`COLUMNS`), in order, each set as many consecutive rows as it can take."""
    sets: list[_Set] = []
    for row in rows:
        if not (sets and sets[-1].take(row)):
            sets.append(_Set(row))
    return [s.props() for s in sets]


def unpack(props: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries a set's properties hold (what :func:`pack` was given)."""
    seqs = props["seqs"]
    n = len(seqs)
    columns: dict[str, list[Any]] = {}
    for c in COLUMNS:
        if f"{c}s" in props:
            columns[c] = list(props[f"{c}s"])
        else:
            value = props.get(c)
            columns[c] = [list(value) if isinstance(value, list) else value for _ in range(n)]
    people = props.get("people") or []
    per = props.get("names_per_entry") or [0] * n
    out, start = [], 0
    for i in range(n):
        row = {"seq": seqs[i], "at": props["at"], **{c: columns[c][i] for c in COLUMNS}}
        row["people"] = list(people[start : start + per[i]])
        start += per[i]
        out.append(row)
    return out


def _entry(row: ChangeRow, seq: int) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": row.at,
        "kind": str(row.kind),
        "collection": row.collection,
        "key": row.key,
        "field": row.field,
        "item": row.item,
        "old": row.old,
        "new": row.new,
        "source": row.source,
        "author": row.author,
        "org": row.org,
        "people": list(row.people),
    }


def number_changes(bolt: Bolt, tx: Tx, rows: list[ChangeRow]) -> list[dict[str, Any]]:
    """``rows`` as entries numbered from the counter on the write lock's node (this write
    holds it): what :func:`append_changes` writes."""
    [first] = bolt.rows(tx, "changes_number", lock=LOCK_ID, n=len(rows))
    return [_entry(r, n) for n, r in enumerate(rows, start=first["start"] + 1)]


def append_changes(bolt: Bolt, tx: Tx, entries: list[dict[str, Any]]) -> None:
    """Append numbered entries (:func:`number_changes`) as change sets."""
    for batch in batches(pack(entries), 50):
        bolt.rows(tx, "changes_append", sets=list(batch))


def _change(row: dict[str, Any]) -> Change:
    at: Any = row["at"]
    if hasattr(at, "to_native"):  # neo4j.time.DateTime
        row = {**row, "at": at.to_native()}
    return Change.model_validate(row)


def _phrase(value: str) -> str:
    """``value`` as an exact full-text term (the keyword analyzer keeps it whole)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lucene_terms(query: ChangeQuery) -> list[str]:
    """The full-text terms whose sets hold every entry ``query`` asks for by record,
    organisation, person or field (none for a query of everything).

    >>> lucene_terms(ChangeQuery(records=[("people", "ana")], org="acme", people=['o"neil']))
    ['key:"ana"', 'keys:"ana"', 'org:"acme"', 'orgs:"acme"', 'people:"o\\\\"neil"']
    """
    terms: list[str] = []
    if query.notes:
        return ['field:"notes"', 'fields:"notes"']
    for key in dict.fromkeys(k for _, k in query.records or []):
        terms += [f"key:{_phrase(key)}", f"keys:{_phrase(key)}"]
    if query.org is not None:
        terms += [f"org:{_phrase(query.org)}", f"orgs:{_phrase(query.org)}"]
    terms += [f"people:{_phrase(p)}" for p in query.people or []]
    return terms


def _sets(bolt: Bolt, tx: Tx, query: ChangeQuery) -> Iterator[dict[str, Any]]:
    if query.everything and not query.notes:
        if query.since is None:
            yield from bolt.rows(tx, "changes_all")[0]["rows"]
        else:
            yield from bolt.rows(tx, "changes_since", since=query.since)[0]["rows"]
        return
    terms = lucene_terms(query)
    for chunk in batches(terms, TERMS_PER_QUERY):
        yield from bolt.rows(tx, "changes_search", index=SEARCH_INDEX, query=" OR ".join(chunk))[0]["rows"]


def _wanted(query: ChangeQuery) -> Any:
    records = set(query.records or ())
    people = set(query.people or ())

    def wanted(row: dict[str, Any]) -> bool:
        if query.notes:
            return bool(row["field"] == "notes")
        if query.everything:
            return True
        return (
            (row["collection"], row["key"]) in records
            or (query.org is not None and row["org"] == query.org)
            or bool(people.intersection(row["people"]))
        )

    return wanted


def read_changes(bolt: Bolt, tx: Tx, query: ChangeQuery, pending: Iterable[dict[str, Any]] = ()) -> list[Change]:
    """The entries ``query`` selects, in sequence order: those stored, and the ``pending``
    entries of the current transaction (not written yet)."""
    wanted = _wanted(query)
    found: dict[int, dict[str, Any]] = {}
    for props in _sets(bolt, tx, query):
        for row in unpack(props):
            if wanted(row):
                found[row["seq"]] = row
    found |= {row["seq"]: row for row in pending if wanted(row)}
    out = [_change(found[s]) for s in sorted(found)]
    return [
        c for c in out if (query.since is None or c.at >= query.since) and (query.until is None or c.at < query.until)
    ]


def delete_changes(bolt: Bolt, tx: Tx, seqs: list[int]) -> None:
    """Delete the entries with these numbers: each set holding one is packed again without
    them (or deleted, when nothing is left)."""
    gone = set(seqs)
    held = {r["eid"]: r["props"] for r in bolt.rows(tx, "changes_holding", seqs=sorted(gone))[0]["rows"]}
    for eid, props in sorted(held.items()):
        kept = [r for r in unpack(props) if r["seq"] not in gone]
        bolt.rows(tx, "changes_repack", eid=eid, sets=pack(kept))


class ChangeLog:
    """The Neo4j store's change log over its connection: the primitives of
    :class:`~kamgraph.store.recording.Recording`.

    A write transaction's entries are numbered at once and written as change sets just before
    it commits (:meth:`write_pending`; reads inside it see them): one append per transaction.
    Inside a write transaction the log is read apart, in a read of its own: Neo4j's full-text
    index can miss committed nodes in a transaction that has deleted others (seen on 5.26), and
    the write lock this transaction holds keeps the committed log as it was, so that read plus
    the pending entries, less those erased, is the log now.
    """

    def __init__(self, bolt: Bolt):
        self.bolt = bolt
        self.pending: list[dict[str, Any]] = []  # the entries of the current transaction
        self.erased: set[int] = set()  # the stored entries it erased

    def append(self, rows: list[ChangeRow]) -> None:
        numbered = self.bolt.write(lambda tx: number_changes(self.bolt, tx, rows), "record the changes")
        if self.bolt.tx is None:
            self.bolt.write(lambda tx: append_changes(self.bolt, tx, numbered), "record the changes")
        else:
            self.pending += numbered

    def read(self, query: ChangeQuery) -> list[Change]:
        found = self.bolt.run(
            lambda tx: read_changes(self.bolt, tx, query, self.pending), what="read the change log", apart=True
        )
        return [c for c in found if c.seq not in self.erased]

    def delete(self, seqs: list[int]) -> None:
        gone = set(seqs)
        stored = sorted(gone - {e["seq"] for e in self.pending})
        self.pending = [e for e in self.pending if e["seq"] not in gone]
        if stored:
            self.bolt.write(lambda tx: delete_changes(self.bolt, tx, stored), "erase from the change log")
            if self.bolt.tx is not None:
                self.erased |= set(stored)

    def write_pending(self) -> None:
        """Append the entries of the transaction (just before it commits)."""
        pending = self.pending
        self.forget_pending()
        if pending:
            self.bolt.write(lambda tx: append_changes(self.bolt, tx, pending), "record the changes")

    def forget_pending(self) -> None:
        """A transaction starts or rolls back: nothing of its is pending."""
        self.pending, self.erased = [], set()
