"""The embedded store: one SQLite file (stdlib), WAL, foreign keys, a schema version.

Each record is kept whole as JSON beside the columns that queries filter on, so an upsert
can tell *added* from *updated* from *unchanged* by comparing the JSON.
"""

from __future__ import annotations

import enum
import functools
import json
import operator
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..canonical import Texts
from ..errors import StoreError
from ..model import (
    COLLECTIONS,
    Graph,
    OrgKind,
    Person,
    record_key,
)
from .assembly import assemble_account
from .base import AccountSummary, Deletions, ImportReport, Store
from .changes import Change, ChangeQuery, Entries
from .outline import PRUNED, AdoptionLine, DealLine, InfluenceLine, KnowsLine, Outline, PersonLine, UnitLine
from .rules import MODELS, BrokenRecord, model_problem
from .sqlite_changes import append_changes, delete_changes, read_changes
from .sqlite_file import SQLiteFile
from .sqlite_plain import ACCOUNTS_QUERY
from .sqlite_read import SQLiteReads
from .sqlite_schema import MIGRATIONS, SCHEMA_VERSION, TABLES, search_columns

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLiteStore"]

T = TypeVar("T")

_FIRST = operator.itemgetter(0)


class SQLiteStore(SQLiteFile, SQLiteReads[Graph], Store):
    """The embedded store in one SQLite file (``:memory:`` for a throw-away one; the file
    itself: :class:`~kamgraph.store.sqlite_file.SQLiteFile`).

    >>> with SQLiteStore(":memory:") as store:
    ...     store.accounts()
    []
    """

    def __init__(self, path: str | Path, *, create: bool = True):
        self._team_cache = None
        self._around = None
        super().__init__(path, create=create)

    # --- transactions: Store.transaction() over these ----------------------------------------

    def _begin(self, write: bool) -> None:
        # IMMEDIATE takes the write lock now, so nothing read inside can go stale before the
        # commit; a deferred BEGIN (WAL) reads one snapshot, fixed at its first read.
        try:
            if write:
                self._begin_write()
            else:
                self.db.execute("BEGIN")
        except sqlite3.OperationalError as exc:  # another writer held the lock past the timeout
            raise StoreError(f"{self.url}: cannot write: {exc}; nothing was changed") from None
        if not write:
            self.db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # fix the snapshot now

    def _commit(self) -> None:
        try:
            if not self._references_hold():
                raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")  # as SQLite's COMMIT says it
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self.db.execute("ROLLBACK")
            raise StoreError(f"{self.url}: write refused, nothing was changed: {exc}") from None
        finally:
            self._references_checked()

    def _rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self._references_checked()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write: inside the current write transaction, else in one of its own."""
        if self.in_transaction:
            if not self._tx_write:
                raise RuntimeError("a write inside a read transaction")
            yield self.db
            return
        with self.transaction(write=True):
            yield self.db

    # --- reading: the queries are SQLiteReads', the rows validated by the model ---------------

    def _decode(self, collection: str, rows: list[str]) -> list[Any]:
        return _validate(collection, rows)

    def _assemble(self, org_id: str) -> Graph:
        return Store.account(self, org_id)

    def shared_account(self, org_id: str, collections: Collection[str] | None = None) -> Graph:
        # account() with the team's cached records as they are (Store.shared_account): the
        # same reads, kept around as account() keeps them, and no copies; only `collections`
        self._around = {}
        try:
            return Graph(**assemble_account(self, org_id, list, collections))
        finally:
            self._around = None

    @contextmanager
    def _id_set(self, ids: Iterable[str]) -> Iterator[str]:
        """A temporary table of ids to join against (no limit on how many)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id TEXT PRIMARY KEY)")
        # Outside a transaction each insert would commit on its own: batch them in one.
        batch = not self.db.in_transaction
        if batch:
            self.db.execute("BEGIN")
        self.db.execute("DELETE FROM _ids")
        self.db.executemany("INSERT OR IGNORE INTO _ids VALUES (?)", ((i,) for i in ids))
        if batch:
            self.db.execute("COMMIT")
        try:
            yield "(SELECT id FROM _ids)"
        finally:
            self.db.execute("DELETE FROM _ids")

    def accounts(self) -> list[AccountSummary]:
        rows = self.db.execute(ACCOUNTS_QUERY, [OrgKind.client.value])  # streamed: one account's rows at a time
        # each account's deals validated as one array, not one by one; a broken record: one line naming it
        return [
            AccountSummary.of(_validate("organisations", [o])[0], n, _validate("opportunities", json.loads(deals)))
            for o, n, deals in rows
        ]

    def dump(self) -> Graph:
        return Graph(**{c: self._load(c, "ORDER BY " + ", ".join(TABLES[c][0])) for c in COLLECTIONS})

    def outline(self) -> Outline:
        # the key columns, and the few fields --prune looks at taken out of the JSON by SQLite
        # (outside ids: NULL when there are none, the usual case)
        db = self.db
        ids = "nullif(json_extract(data, '$.ids'), '{}')"
        people = db.execute(f"SELECT id, org, json_extract(data, '$.unit'), {ids} FROM people ORDER BY id")
        deals = db.execute(f"SELECT id, account, {ids} FROM opportunities ORDER BY id")
        return Outline(
            people=[
                PersonLine(i, org, unit, () if kinds is None else tuple(json.loads(kinds)))
                for i, org, unit, kinds in people
            ],
            opportunities=[
                DealLine(i, acc, () if kinds is None else tuple(json.loads(kinds))) for i, acc, kinds in deals
            ],
            units=list(
                map(UnitLine._make, db.execute("SELECT id, org, json_extract(data, '$.parent') FROM units ORDER BY id"))
            ),
            adoption=list(
                map(AdoptionLine._make, db.execute("SELECT unit, product FROM adoption ORDER BY unit, product"))
            ),
            knows=list(
                map(KnowsLine._make, db.execute("SELECT a, b, json_extract(data, '$.source') FROM knows ORDER BY a, b"))
            ),
            influences=list(
                map(InfluenceLine._make, db.execute("SELECT source, target FROM influences ORDER BY source, target"))
            ),
        )

    def stored_keys(self) -> Mapping[str, Iterable[Any]]:
        # the key columns alone: no JSON read (a re-import of 100,000 people: 0.1 s)
        keys: dict[str, Iterable[Any]] = {}
        for c in PRUNED:
            cols = TABLES[c][0]
            rows = self.db.execute(f"SELECT {', '.join(cols)} FROM {c}")
            keys[c] = map(_FIRST, rows) if len(cols) == 1 else rows
        return keys

    def _records_naming(self, person: Person) -> Graph:
        # A superset: every record with notes comes back, and the erasure reads each note
        # (LIKE on the JSON would miss non-ASCII case and escaped quotes).
        pid = person.id
        has_notes = "json_array_length(data, '$.notes') > 0"
        return Graph(
            people=self._load("people", f"WHERE id != ? AND (reports_to = ? OR {has_notes})", [pid, pid]),
            knows=self._load(
                "knows",
                "WHERE a = ? OR b = ? OR EXISTS (SELECT 1 FROM json_each(data, '$.evidence') "
                "WHERE json_extract(value, '$.note') IS NOT NULL)",
                [pid, pid],
            ),
            influences=self._load("influences", "WHERE source = ? OR target = ?", [pid, pid]),
            opportunities=self._load(
                "opportunities",
                f"WHERE id IN (SELECT opportunity FROM committee WHERE person = ?) OR {has_notes}",
                [pid],
            ),
            organisations=self._load("organisations", f"WHERE {has_notes}"),
        )

    def _stored_all(self, collection: str) -> Iterator[tuple[Any, ...]]:
        keys = ", ".join(TABLES[collection][0])
        yield from self.db.execute(f"SELECT {keys}, data FROM {collection} ORDER BY {keys}")

    def _from_stored(self, collection: str, stored: Any) -> Any:
        *key, data = stored
        try:
            return MODELS[collection].model_validate_json(data)
        except ValidationError as exc:
            raise _broken(collection, key, exc) from None

    def known_empty(self) -> bool:
        # no file yet (reads see an empty store), or no row in any table
        return self._pending or not any(self.db.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in TABLES)

    # --- writing: Store._write over these ----------------------------------------------------

    def _write(self, upserts: Graph, deletions: Deletions, texts: Texts | None = None) -> ImportReport:
        self._team_cache = None  # our own commits leave data_version as it is
        if self._pending:
            if upserts.is_empty() and not any(deletions.values()):
                return ImportReport()  # nothing to write: still no file
            self._create_file()
        report = super()._write(upserts, deletions, texts)
        if deletions:  # an erasure: fold the WAL back so no deleted page lingers in it
            self._after_commit(lambda: report.warnings.extend(self._purge_warnings()))
        return report

    def _write_transaction(self, work: Callable[[Any], T]) -> T:
        with self._transaction() as db:
            if self._fresh:
                self._still_empty(db)
                self._fresh = False
            done = work(db)
            self._indexes_now()  # dropped for a first write's inserts: there for what the transaction reads next
            return done

    def _delete(self, tx: Any, collection: str, keys: list[Any]) -> None:
        db: sqlite3.Connection = tx
        cond = " AND ".join(f"{k} = ?" for k in TABLES[collection][0])
        if collection == "opportunities":
            db.executemany("DELETE FROM committee WHERE opportunity = ?", [(k,) for k in keys])
        if collection == "people":
            db.executemany("DELETE FROM committee WHERE person = ?", [(k,) for k in keys])
        db.executemany(f"DELETE FROM {collection} WHERE {cond}", [k if isinstance(k, tuple) else (k,) for k in keys])

    def _stored_json(self, tx: Any, collection: str, records: list[Any]) -> Mapping[Any, str]:
        db: sqlite3.Connection = tx
        rows = db.execute(f"SELECT max(rowid) FROM {collection}").fetchone()[0]  # at least as many as are stored
        if rows is None:
            return {}  # an empty table (a first import): no ids to look up
        key_cols = TABLES[collection][0]
        if 4 * len(records) >= rows:  # most of the table (a re-import): one read of it all, kept if wanted
            if key_cols == ("id",):
                ids = {r.id for r in records}
                return {k: data for k, data in db.execute(f"SELECT id, data FROM {collection}") if k in ids}
            wanted = {record_key(r) for r in records}
            found = db.execute(f"SELECT {', '.join(key_cols)}, data FROM {collection}")
            return {key: data for a, b, data in found if (key := (a, b)) in wanted}
        existing: dict[Any, str] = {}
        if key_cols == ("id",):
            with self._id_set(r.id for r in records) as idset:
                existing = dict(db.execute(f"SELECT id, data FROM {collection} WHERE id IN {idset}").fetchall())
        else:  # keyed by a pair: one query over the first column (the primary key's prefix), not one per record
            first = key_cols[0]
            wanted = {record_key(r) for r in records}
            with self._id_set(getattr(r, first) for r in records) as idset:
                found = db.execute(f"SELECT {', '.join(key_cols)}, data FROM {collection} WHERE {first} IN {idset}")
                existing = {key: data for *cols, data in found if (key := tuple(cols)) in wanted}
        return existing

    def _stored_orgs(self, collection: str, ids: Iterable[str]) -> Mapping[str, str]:
        # the org column, without reading the records into the model
        wanted = set(ids)
        if not wanted:
            return {}
        rows = self.db.execute(f"SELECT max(rowid) FROM {collection}").fetchone()[0]
        if rows is None:
            return {}
        if 4 * len(wanted) >= rows:
            return {k: org for k, org in self.db.execute(f"SELECT id, org FROM {collection}") if k in wanted}
        with self._id_set(wanted) as idset:
            return dict(self.db.execute(f"SELECT id, org FROM {collection} WHERE id IN {idset}").fetchall())

    def _put(self, tx: Any, changed: Mapping[str, list[tuple[Any, str]]], stored: set[tuple[str, Any]]) -> None:
        db: sqlite3.Connection = tx
        for collection, diff in changed.items():
            if not diff:
                continue
            key_cols, extra_cols = TABLES[collection]
            cols = key_cols + extra_cols + ("data",)
            rows = _table_rows(collection, diff)
            # a record with no stored one is a plain INSERT (an upsert costs half as much again):
            # rows keep their order, and so the rowids they get
            width = len(key_cols)
            replacing = {key for c, key in stored if c == collection}
            if replacing:
                new = [r for r in rows if (r[0] if width == 1 else r[:width]) not in replacing]
                old = [r for r in rows if (r[0] if width == 1 else r[:width]) in replacing]
            else:
                new, old = rows, []
            insert = f"INSERT INTO {collection} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            if old:
                updates = ", ".join(f"{c} = excluded.{c}" for c in extra_cols + ("data",))
                db.executemany(f"{insert} ON CONFLICT ({', '.join(key_cols)}) DO UPDATE SET {updates}", old)
            if new:
                db.executemany(insert, new)
            if collection == "opportunities":
                opps = [o for o, _ in diff]
                db.executemany("DELETE FROM committee WHERE opportunity = ?", [(o.id,) for o in opps])
                db.executemany(
                    "INSERT INTO committee VALUES (?, ?)", [(o.id, m.person) for o in opps for m in o.committee]
                )

    def _append_changes(self, rows: Entries) -> None:
        with self._transaction() as db:
            append_changes(db, rows)

    def _read_changes(self, query: ChangeQuery) -> list[Change]:
        return read_changes(self.db, query)

    def _delete_changes(self, seqs: list[int]) -> None:
        with self._transaction() as db:
            delete_changes(db, seqs)


@functools.cache
def _list_of(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _validate(collection: str, rows: list[str]) -> list[Any]:
    """The records of ``collection`` stored as JSON ``rows``, validated as one JSON array:
    the same records as one ``model_validate_json`` per row, a third faster (one call into
    pydantic-core instead of one per record; accounts read a thousand records or so)."""
    if not rows:
        return []
    try:
        return _list_of(MODELS[collection]).validate_json("[" + ",".join(rows) + "]")
    except ValidationError:
        pass
    model = MODELS[collection]
    for row in rows:  # which record breaks the model (a file edited by hand): one line naming it
        try:
            model.model_validate_json(row)
        except ValidationError as exc:
            raise _broken(collection, _key_of(collection, row), exc) from None
    raise AssertionError("unreachable: the array failed, so one of its records does")


def _key_of(collection: str, row: str) -> list[Any]:
    """The key of the record stored as ``row``, read from its JSON (``?`` where unreadable)."""
    fields = MODELS[collection].model_fields
    try:
        data = json.loads(row)
        return [data.get(fields[k].alias or k, "?") for k in TABLES[collection][0]]
    except (ValueError, AttributeError):
        return ["?"] * len(TABLES[collection][0])


def _broken(collection: str, key: list[Any], exc: ValidationError) -> BrokenRecord:
    """The error for the stored record of ``collection`` keyed ``key`` that breaks the model."""
    name = MODELS[collection].__name__
    what = f"{name} '{key[0]}'" if len(key) == 1 else f"{name} from '{key[0]}' to '{key[1]}'"
    return BrokenRecord(model_problem(what, exc))


def _table_rows(collection: str, diff: list[tuple[Any, str]]) -> list[tuple[Any, ...]]:
    """The rows of ``collection``'s table for these records (with their JSON): the key and
    indexed columns, then ``data``."""
    key_cols, extra_cols = TABLES[collection]
    if collection == "people":
        searches = search_columns(p for p, _ in diff)
        return [
            (p.id, p.org, p.name, p.reports_to, search, data) for (p, data), search in zip(diff, searches, strict=True)
        ]
    cols = key_cols + extra_cols
    if len(cols) == 1:
        return [(getattr(r, cols[0]), data) for r, data in diff]
    get = operator.attrgetter(*cols)
    if not _enum_columns(collection):  # ids and names (the relations' tables): the values as they are
        return [(*get(r), data) for r, data in diff]
    return [(*(v.value if isinstance(v, enum.Enum) else v for v in get(r)), data) for r, data in diff]


@functools.cache
def _enum_columns(collection: str) -> bool:
    """Whether a column of ``collection``'s table holds an enum's value (a record holds the
    member: the column its value)."""
    fields = MODELS[collection].model_fields
    kinds = [fields[c].annotation for c in TABLES[collection][0] + TABLES[collection][1]]
    return not all(kind is str for kind in kinds)
