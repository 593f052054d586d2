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
logs 304,106 entries in about 300 nodes.

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

from .changes import Change, ChangeKind, ChangeQuery, ChangeRow, Creations, Entries, created_people
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
    "pack_run",
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
#: Runs of creations this long or longer are packed straight from their lists (shorter ones
#: entry by entry, so that they share sets with the entries around them).
STRAIGHT = 100


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


def pack(rows: Iterable[dict[str, Any] | Numbered]) -> list[dict[str, Any]]:
    """The properties of the sets that hold ``rows`` (entries as dicts: ``seq``, ``at``,
    ``people`` and the :data:`COLUMNS`; or numbered runs of creations), in order, each set as
    many consecutive rows as it can take (a run of :data:`STRAIGHT` creations or more starts
    sets of its own, packed straight from its lists: :func:`pack_run`)."""
    sets: list[_Set | dict[str, Any]] = []
    for row in rows:
        if isinstance(row, Numbered):
            packed = pack_run(row) if len(row) >= STRAIGHT else None
            if packed is not None:
                sets += packed
                continue
            for entry in row.entries():
                _add(sets, entry)
            continue
        _add(sets, row)
    return [s.props() if isinstance(s, _Set) else s for s in sets]


def _add(sets: list[_Set | dict[str, Any]], row: dict[str, Any]) -> None:
    last = sets[-1] if sets else None
    if not (isinstance(last, _Set) and last.take(row)):
        sets.append(_Set(row))


class Numbered:
    """A run of creations (:class:`~kamgraph.store.changes.Creations`) whose entries are
    numbered from ``start``: kept whole until it is written (a first import's tens of thousands
    of entries are packed into sets straight from the run's lists, not entry by entry)."""

    __slots__ = ("run", "start")

    def __init__(self, run: Creations, start: int):
        self.run, self.start = run, start

    def __len__(self) -> int:
        return len(self.run.keys)

    def seqs(self) -> range:
        return range(self.start, self.start + len(self))

    def entries(self) -> list[dict[str, Any]]:
        """The run's entries, as :func:`number_changes` numbers each."""
        return [_entry(r, n) for n, r in enumerate(self.run.rows(), start=self.start)]


def pack_run(numbered: Numbered) -> list[dict[str, Any]] | None:
    """The sets of a numbered run of creations, built from its lists (the properties
    :func:`pack` gives the run's entries when they start a set of their own); ``None`` when
    the names mix text and none (a list property holds no nulls: :func:`pack` splits them).

    >>> import datetime as dt
    >>> at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    >>> run = Creations(at, "people", "a.yaml", "kam", "acme", ["ana", "ben"], ["Ana", "Ben"])
    >>> pack_run(Numbered(run, 7)) == pack(Numbered(run, 7).entries())
    True
    """
    run = numbered.run
    names = run.names
    n = len(run.keys)
    if not n:
        return []
    named = [x for x in names if x is not None]
    if named and (len(named) != n or not all(type(x) is str for x in named)):
        return None
    texts = [" ".join(k) if isinstance(k, tuple) else k for k in run.keys]
    if not all(type(k) is str for k in texts):
        return None
    if run.collection == "people":
        people, per = texts, [1] * n
    else:
        lists = [created_people(run.collection, k) for k in texts]
        people, per = [p for x in lists for p in x], [len(x) for x in lists]
    sets = []
    for lo in range(0, n, SET_SIZE):
        hi = min(n, lo + SET_SIZE)
        out: dict[str, Any] = {"first": numbered.start + lo, "seqs": list(numbered.seqs()[lo:hi]), "at": run.at}
        constant: dict[str, Any] = {"kind": str(ChangeKind.created), "collection": run.collection, "source": run.source}
        constant |= {"author": run.author, "org": run.org}
        out |= {c: v for c, v in constant.items() if v is not None}
        for column, values in (("key", texts[lo:hi]), ("new", names[lo:hi])):
            if len(set(values)) == 1:
                if values[0] is not None:
                    out[column] = values[0]
            else:
                out[f"{column}s"] = values
        start, stop = sum(per[:lo]), sum(per[:hi])
        if stop > start:
            out["people"] = people[start:stop]
        out["names_per_entry"] = per[lo:hi]
        sets.append(out)
    return sets


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


def number_changes(bolt: Bolt, tx: Tx, rows: Entries) -> list[dict[str, Any] | Numbered]:
    """``rows`` as entries numbered from the counter on the write lock's node (this write
    holds it), each run of creations numbered whole: what :func:`append_changes` writes."""
    total = sum(len(r.keys) if isinstance(r, Creations) else 1 for r in rows)
    [first] = bolt.rows(tx, "changes_number", lock=LOCK_ID, n=total)
    out: list[dict[str, Any] | Numbered] = []
    seq = first["start"] + 1
    for r in rows:
        if isinstance(r, Creations):
            out.append(Numbered(r, seq))
            seq += len(r.keys)
        else:
            out.append(_entry(r, seq))
            seq += 1
    return out


def entries_of(numbered: Iterable[dict[str, Any] | Numbered]) -> Iterator[dict[str, Any]]:
    """Each entry of numbered rows (runs of creations unpacked)."""
    for item in numbered:
        if isinstance(item, Numbered):
            yield from item.entries()
        else:
            yield item


def append_changes(bolt: Bolt, tx: Tx, entries: list[dict[str, Any] | Numbered]) -> None:
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


def read_changes(
    bolt: Bolt, tx: Tx, query: ChangeQuery, pending: Iterable[dict[str, Any] | Numbered] = ()
) -> list[Change]:
    """The entries ``query`` selects, in sequence order: those stored, and the ``pending``
    entries of the current transaction (not written yet)."""
    wanted = _wanted(query)
    found: dict[int, dict[str, Any]] = {}
    for props in _sets(bolt, tx, query):
        for row in unpack(props):
            if wanted(row):
                found[row["seq"]] = row
    found |= {row["seq"]: row for row in entries_of(pending) if wanted(row)}
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
        self.pending: list[dict[str, Any] | Numbered] = []  # the entries of the current transaction
        self.erased: set[int] = set()  # the stored entries it erased

    def append(self, rows: Entries) -> None:
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
        pending = list(entries_of(self.pending))
        stored = sorted(gone - {e["seq"] for e in pending})
        self.pending = [e for e in pending if e["seq"] not in gone]
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
