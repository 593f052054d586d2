"""The SQLite store's change log (see :mod:`kamgraph.store.changes`): the ``changes`` table,
one row per entry (``seq`` its sequence number, values as JSON text), and ``change_people``,
the people each entry names (what erasure and a person's history look up)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from .changes import Change, ChangeQuery, ChangeRow

__all__ = ["append_changes", "delete_changes", "read_changes"]

COLUMNS = ("at", "kind", "collection", "key", "field", "item", "old", "new", "source", "author", "org")


#: ``json.dumps(…, ensure_ascii=False, sort_keys=True)``, built once (``json.dumps`` with
#: options builds a new encoder on every call).
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _json(value: Any) -> str | None:
    return None if value is None else _ENCODE(value)


def append_changes(db: sqlite3.Connection, rows: list[ChangeRow]) -> None:
    """Append ``rows`` in order (inside the caller's write transaction)."""
    first = (db.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0] or 0) + 1
    stamps: dict[dt.datetime, str] = {}  # a write's entries share one moment: format it once
    db.executemany(
        f"INSERT INTO changes (seq, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})",
        [
            (
                first + n,
                stamps.get(r.at) or stamps.setdefault(r.at, r.at.isoformat()),
                r.kind.value,
                r.collection,
                r.key,
                r.field,
                r.item,
                _json(r.old),
                _json(r.new),
                r.source,
                r.author,
                r.org,
            )
            for n, r in enumerate(rows)
        ],
    )
    db.executemany(
        "INSERT OR IGNORE INTO change_people (seq, person) VALUES (?, ?)",
        [(first + n, p) for n, r in enumerate(rows) for p in r.people],
    )


def read_changes(db: sqlite3.Connection, query: ChangeQuery) -> list[Change]:
    """The entries ``query`` selects, by sequence number."""
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
    where = [f"({' OR '.join(subject)})"] if subject else ([] if query.everything else ["0"])
    if query.since is not None:
        where.append("at >= ?")
        params.append(query.since.astimezone(dt.UTC).isoformat())
    if query.until is not None:
        where.append("at < ?")
        params.append(query.until.astimezone(dt.UTC).isoformat())
    if query.notes:
        where.append("field = 'notes'")
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    rows = db.execute(
        f"SELECT seq, {', '.join(COLUMNS)}, "
        "(SELECT json_group_array(person) FROM change_people p WHERE p.seq = c.seq) "
        f"FROM changes c {clause}ORDER BY seq",
        params,
    ).fetchall()
    out = []
    for seq, at, kind, collection, key, field, item, old, new, source, author, org, people in rows:
        out.append(
            Change(
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
        )
    return out


def delete_changes(db: sqlite3.Connection, seqs: list[int]) -> None:
    """Delete these entries and the people they name (erasure)."""
    db.executemany("DELETE FROM change_people WHERE seq = ?", [(s,) for s in seqs])
    db.executemany("DELETE FROM changes WHERE seq = ?", [(s,) for s in seqs])
