"""The SQLite store's change log (see :mod:`kamgraph.store.changes`): the ``changes`` table,
one row per entry (``seq`` its sequence number, values as JSON text), and ``change_people``,
the people each entry names (what erasure and a person's history look up).

A run of records one write created (:class:`~kamgraph.store.changes.Creations`, what a
first import is made of) is one *packed* row instead, of up to :data:`PACK_SIZE` entries:
``seq`` is the number of its first entry, the next ones follow one by one, and ``created``
holds each entry's key and name as JSON (``[["ana", "Ana Ruiz"], ["ben", "Ben Ortiz"]]``;
a relation's two ids, then its name: ``["ana", "sam", null]``); ``key`` is blank and no
``change_people`` rows are written: a packed row is found by its organisation (indexed) or,
for a record or a person, by a scan of the packed rows alone (the partial index
``changes_packed``) for the JSON text of the id. An entry erased from a packed row leaves a
``null`` in its place, so the others keep their numbers (and no number is given twice). Read
back, a packed row is its entries, the same as rows of their own would be.

>>> import datetime as dt
>>> from kamgraph.store.changes import ChangeQuery, Creations
>>> db = sqlite3.connect(":memory:")
>>> from kamgraph.store.sqlite_schema import MIGRATIONS
>>> for script in MIGRATIONS[2:]:
...     _ = db.executescript(script)
>>> at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
>>> append_changes(db, [Creations(at, "people", "a.yaml", "kam", "acme", ["ana", "ben"], ["Ana", "Ben"])])
>>> db.execute("SELECT seq, key, created FROM changes").fetchall()
[(1, '', '[["ana", "Ana"], ["ben", "Ben"]]')]
>>> [(c.seq, c.key, c.new, c.people) for c in read_changes(db, ChangeQuery(people=["ben"]))]
[(2, 'ben', 'Ben', ['ben'])]
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from .changes import PAIR_FIELDS, Change, ChangeQuery, Creations, Entries, created_people

__all__ = ["PACK_MIN", "PACK_SIZE", "append_changes", "delete_changes", "read_changes"]

COLUMNS = ("at", "kind", "collection", "key", "field", "item", "old", "new", "source", "author", "org")
#: A run of creations this long or longer is packed into rows of its own (shorter: one row each).
PACK_MIN = 2
#: The most entries one packed row holds (erasing one rewrites the row).
PACK_SIZE = 1000
#: How many people a look-up searches the packed rows for in SQL; for more, the packed rows
#: that can name people are read and searched here.
SEARCHED_IN_SQL = 16
#: The collections whose creation entries name people (:func:`created_people`).
NAMING = ("people", "knows", "influences")

#: ``json.dumps(…, ensure_ascii=False, sort_keys=True)``, built once (``json.dumps`` with
#: options builds a new encoder on every call).
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_INSERT = f"INSERT INTO changes (seq, {', '.join(COLUMNS)}, created) VALUES ({', '.join('?' * (len(COLUMNS) + 2))})"
_SELECT = f"SELECT seq, {', '.join(COLUMNS)}, created"


def _json(value: Any) -> str | None:
    return None if value is None else _ENCODE(value)


def next_seq(db: sqlite3.Connection) -> int:
    """The number the next entry gets: after every number given so far (after a packed row's
    last entry; never one an erasure freed: ``sqlite_sequence`` keeps the highest row number)."""
    last = db.execute("SELECT seq, json_array_length(created) FROM changes ORDER BY seq DESC LIMIT 1").fetchone()
    given = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    return max(1 if last is None else int(last[0]) + (last[1] or 1), 1 if given is None else int(given[0]) + 1)


def append_changes(db: sqlite3.Connection, rows: Entries) -> None:
    """Append ``rows`` in order (inside the caller's write transaction)."""
    seq = next_seq(db)
    stamps: dict[dt.datetime, str] = {}  # a write's entries share one moment: format it once
    table: list[tuple[Any, ...]] = []
    named: list[tuple[int, str]] = []
    for r in rows:
        stamp = stamps.get(r.at) or stamps.setdefault(r.at, r.at.isoformat())
        if isinstance(r, Creations) and len(r.keys) >= PACK_MIN:
            pairs = r.collection in PAIR_FIELDS
            for start in range(0, len(r.keys), PACK_SIZE):
                keys, names = r.keys[start : start + PACK_SIZE], r.names[start : start + PACK_SIZE]
                held = (
                    [(*k, n) for k, n in zip(keys, names, strict=True)]
                    if pairs
                    else list(zip(keys, names, strict=True))
                )
                table.append(
                    (seq, stamp, "created", r.collection, "", None, None, None, None)
                    + (r.source, r.author, r.org, _ENCODE(held))
                )
                seq += len(keys)
            continue
        for e in r.rows() if isinstance(r, Creations) else (r,):
            table.append(
                (seq, stamp, e.kind.value, e.collection, e.key, e.field, e.item, _json(e.old), _json(e.new))
                + (e.source, e.author, e.org, None)
            )
            named += [(seq, p) for p in e.people]
            seq += 1
    db.executemany(_INSERT, table)
    if named:
        db.executemany("INSERT OR IGNORE INTO change_people (seq, person) VALUES (?, ?)", named)


def _subject(query: ChangeQuery) -> tuple[list[str], list[Any]]:
    """The SQL conditions (OR-ed) and parameters of the rows of their own ``query`` asks for."""
    subject: list[str] = []
    params: list[Any] = []
    if query.records is not None:
        subject += ["(collection = ? AND key = ?)"] * len(query.records)
        params += [x for pair in query.records for x in pair]
    if query.org is not None:
        subject.append("org = ?")
        params.append(query.org)
    if query.people is not None:
        marks = ", ".join("?" * len(query.people))
        subject.append(f"seq IN (SELECT seq FROM change_people WHERE person IN ({marks}))")
        params += query.people
    return subject, params


def _packed_search(query: ChangeQuery) -> tuple[list[str], list[Any]] | None:
    """The SQL conditions (OR-ed) that find the packed rows that may hold an entry about
    ``query``'s records or people (checked entry by entry afterwards); none to search."""
    subject: list[str] = []
    params: list[Any] = []
    for collection, key in query.records or []:
        parts = key.split(" ") if collection in PAIR_FIELDS else [key]
        subject.append("(collection = ? AND instr(created, ?))")
        params += [collection, _ENCODE(parts)[1:-1]]
    people = query.people or []
    naming = f"collection IN ({', '.join('?' * len(NAMING))})"
    if len(people) > SEARCHED_IN_SQL:  # too many to search for: read all that can name them
        subject.append(naming)
        params += NAMING
    elif people:
        subject.append(f"({naming} AND ({' OR '.join(['instr(created, ?)'] * len(people))}))")
        params += [*NAMING, *(_ENCODE(p) for p in people)]
    return (subject, params) if subject else None


def _window(query: ChangeQuery) -> tuple[list[str], list[Any]]:
    where, params = [], []
    if query.since is not None:
        where.append("at >= ?")
        params.append(query.since.astimezone(dt.UTC).isoformat())
    if query.until is not None:
        where.append("at < ?")
        params.append(query.until.astimezone(dt.UTC).isoformat())
    return where, params


def read_changes(db: sqlite3.Connection, query: ChangeQuery) -> list[Change]:
    """The entries ``query`` selects, by sequence number."""
    subject, params = _subject(query)
    where = [f"({' OR '.join(subject)})"] if subject else ([] if query.everything else ["0"])
    window, times = _window(query)
    where += window
    if query.notes:
        where.append("field = 'notes'")
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    rows = db.execute(
        f"{_SELECT}, (SELECT json_group_array(person) FROM change_people p WHERE p.seq = c.seq) "
        f"FROM changes c {clause}ORDER BY seq",
        [*params, *times],
    ).fetchall()
    packed = {r[0]: r for r in rows if r[-2] is not None}
    search = None if query.notes or query.everything else _packed_search(query)
    if search is not None:
        conditions, found = search
        for r in db.execute(
            f"{_SELECT}, NULL FROM changes INDEXED BY changes_packed "
            f"WHERE created IS NOT NULL AND ({' OR '.join(conditions)})" + "".join(f" AND {w}" for w in window),
            [*found, *times],
        ):
            packed.setdefault(r[0], r)
    out = [_change(r) for r in rows if r[-2] is None]
    for r in packed.values():
        out += _unpacked(r, query)
    return sorted(out, key=lambda c: c.seq) if packed else out


def _change(row: tuple[Any, ...]) -> Change:
    seq, at, kind, collection, key, field, item, old, new, source, author, org, _, people = row
    return Change(
        seq=seq,
        at=dt.datetime.fromisoformat(at),
        kind=kind,
        collection=collection,
        key=key,
        field=field,
        item=item,
        old=None if old is None else json.loads(old),
        new=None if new is None else json.loads(new),
        source=source,
        author=author,
        org=org,
        people=sorted(json.loads(people)),
    )


def _unpacked(row: tuple[Any, ...], query: ChangeQuery) -> list[Change]:
    """The entries a packed row holds that ``query`` selects (none where erased)."""
    seq, at, kind, collection, _, _, _, _, _, source, author, org, created = row[:13]
    numbered = [(seq + n, held) for n, held in enumerate(json.loads(created)) if held is not None]
    if not (query.everything or (query.org is not None and org == query.org)):  # which are about whom it asks
        records = {k for c, k in query.records or () if c == collection}
        people = set(query.people or ()) if collection in NAMING else set()
        if collection in PAIR_FIELDS:
            numbered = [
                (n, held)
                for n, held in numbered
                if held[0] in people or held[1] in people or (records and f"{held[0]} {held[1]}" in records)
            ]
        else:
            numbered = [(n, held) for n, held in numbered if held[0] in records or held[0] in people]
    when = dt.datetime.fromisoformat(at)
    out = []
    for n, held in numbered:
        *parts, name = held
        key = " ".join(parts)
        out.append(
            Change(
                seq=n,
                at=when,
                kind=kind,
                collection=collection,
                key=key,
                new=name,
                source=source,
                author=author,
                org=org,
                people=created_people(collection, key),
            )
        )
    return out


def delete_changes(db: sqlite3.Connection, seqs: Iterable[int]) -> None:
    """Delete these entries and the people they name (erasure); an entry of a packed row
    leaves a ``null`` in its place."""
    alone: list[int] = []
    holding: dict[int, tuple[list[Any], set[int]]] = {}
    for s in sorted(set(seqs)):
        held = db.execute(
            "SELECT seq, created FROM changes WHERE created IS NOT NULL AND seq <= ? ORDER BY seq DESC LIMIT 1", [s]
        ).fetchone()
        if held is not None and s - held[0] < len(items := json.loads(held[1])):
            holding.setdefault(held[0], (items, set()))[1].add(s - held[0])
        else:
            alone.append(s)
    db.executemany("DELETE FROM change_people WHERE seq = ?", [(s,) for s in alone])
    db.executemany("DELETE FROM changes WHERE seq = ? AND created IS NULL", [(s,) for s in alone])
    for first, (items, gone) in holding.items():  # a row of nothing but nulls stays: it holds the numbers
        db.execute(
            "UPDATE changes SET created = ? WHERE seq = ?",
            [_ENCODE([None if n in gone else x for n, x in enumerate(items)]), first],
        )
