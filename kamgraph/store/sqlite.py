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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import StoreError
from ..model import (
    COLLECTIONS,
    Adoption,
    Graph,
    Influences,
    Knows,
    Opportunity,
    OrgKind,
    Person,
    Product,
    Unit,
    record_key,
)
from .base import AccountSummary, Deletions, ImportReport, Store, Team
from .changes import Change, ChangeQuery, Entries
from .outline import AdoptionLine, DealLine, InfluenceLine, KnowsLine, Outline, PersonLine, UnitLine
from .rules import MODELS, BrokenRecord, model_problem
from .sqlite_changes import append_changes, delete_changes, read_changes
from .sqlite_file import SQLiteFile
from .sqlite_plain import ACCOUNTS_QUERY
from .sqlite_schema import MIGRATIONS, SCHEMA_VERSION, TABLES, search_column

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLiteStore"]

T = TypeVar("T")


class _Team(NamedTuple):
    version: int
    own: list[Person]
    ids: set[str]
    knows: list[Knows]
    influences: list[Influences]
    products: list[Product]


class SQLiteStore(SQLiteFile, Store):
    """The embedded store in one SQLite file (``:memory:`` for a throw-away one; the file
    itself: :class:`~kamgraph.store.sqlite_file.SQLiteFile`).

    >>> with SQLiteStore(":memory:") as store:
    ...     store.accounts()
    []
    """

    def __init__(self, path: str | Path, *, create: bool = True):
        self._team_cache: _Team | None = None
        # inside account(): the relations _neighbours read, kept for _relations (see account)
        self._around: dict[str, tuple[frozenset[str], list[tuple[str, str, str]]]] | None = None
        super().__init__(path, create=create)

    # --- transactions: Store.transaction() over these ----------------------------------------

    def _begin(self, write: bool) -> None:
        # IMMEDIATE takes the write lock now, so nothing read inside can go stale before the
        # commit; a deferred BEGIN (WAL) reads one snapshot, fixed at its first read.
        try:
            self.db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.OperationalError as exc:  # another writer held the lock past the timeout
            raise StoreError(f"{self.url}: cannot write: {exc}; nothing was changed") from None
        if not write:
            self.db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # fix the snapshot now

    def _commit(self) -> None:
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self.db.execute("ROLLBACK")
            raise StoreError(f"{self.url}: write refused, nothing was changed: {exc}") from None

    def _rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

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

    # --- reading ---------------------------------------------------------------------------

    def _load(self, collection: str, where: str = "", params: Iterable[Any] = ()) -> list[Any]:
        rows = self.db.execute(f"SELECT data FROM {collection} {where}", tuple(params))
        return _validate(collection, [r[0] for r in rows])

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

    def _get(self, collection: str, ids: Iterable[str]) -> Mapping[str, BaseModel]:
        if self.db.execute(f"SELECT 1 FROM {collection} LIMIT 1").fetchone() is None:
            return {}  # nothing stored (a first import's look-ups): no list of ids to send
        return {r.id: r for r in self._load(collection, f"WHERE id IN {_IDS}", [_id_list(ids)])}

    def _team_cached(self) -> _Team:
        """Our own people, the relations among them and our products: the same for every
        account, so read once and kept until the store changes (a write through this store,
        or another connection's commit, which ``PRAGMA data_version`` reveals)."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if self._team_cache is None or self._team_cache.version != version:
            own = self._load(
                "people", "WHERE org IN (SELECT id FROM organisations WHERE kind = ?)", [OrgKind.own.value]
            )
            ids = {p.id for p in own}
            team = [_id_list(ids)]
            knows = self._load("knows", f"WHERE a IN {_IDS} AND b IN {_IDS}", team)
            influences = self._load("influences", f"WHERE source IN {_IDS} AND target IN {_IDS}", team)
            self._team_cache = _Team(version, own, ids, knows, influences, self._load("products"))
        return self._team_cache

    # --- the primitives of Store.account ---------------------------------------------------

    def _team(self) -> Team:
        cached = self._team_cached()
        return Team(cached.own, cached.knows, cached.influences, cached.products)

    def _people_of(self, org_id: str) -> list[Person]:
        return self._load("people", "WHERE org = ?", [org_id])

    def account(self, org_id: str) -> Graph:
        # Store.account asks for the neighbours of the account's people, then for the
        # relations touching them and those neighbours: the relations touching the people
        # are read once, by _neighbours, and kept for _relations for the length of this call.
        self._around = {}
        try:
            return super().account(org_id)
        finally:
            self._around = None

    def shared_account(self, org_id: str) -> Graph:
        # account() with the team's cached records as they are (Store.shared_account)
        self._around = {}
        try:
            return self._assembled(org_id, list)
        finally:
            self._around = None

    def _touching(self, collection: str, ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """The rows ``(a, b, data)`` of ``collection`` from or to one of ``ids``, each once,
        by key."""
        a, b = TABLES[collection][0]
        return self.db.execute(
            f"SELECT {a}, {b}, data FROM {collection} WHERE {a} IN {_IDS} "
            f"UNION ALL SELECT {a}, {b}, data FROM {collection} WHERE {b} IN {_IDS} AND {a} NOT IN {_IDS} "
            "ORDER BY 1, 2",
            [_id_list(ids)],
        ).fetchall()

    def _neighbours(self, ids: set[str]) -> set[str]:
        out: set[str] = set()
        for collection in ("knows", "influences"):
            rows = self._touching(collection, ids)
            if self._around is not None:
                self._around[collection] = (frozenset(ids), rows)
            for x, y, _ in rows:
                out.add(y if x in ids else x)
        return out

    def _relations(self, collection: str, touching: set[str], among: set[str]) -> list[Any]:
        known = self._around.pop(collection, None) if self._around is not None else None
        if known is not None and known[0] <= touching:
            read, rows = known
            rest = touching - read
            if rest:  # the relations of the neighbours that are not to or from the people read
                more = [r for r in self._touching(collection, rest) if r[0] not in read and r[1] not in read]
                rows = sorted([*rows, *more])
        else:
            rows = self._touching(collection, touching)
        return _validate(collection, [data for x, y, data in rows if x in among and y in among])

    def _units_of(self, org_id: str) -> list[Unit]:
        return self._load("units", "WHERE org = ?", [org_id])

    def _adoption_of(self, unit_ids: list[str]) -> list[Adoption]:
        return self._load("adoption", f"WHERE unit IN {_IDS}", [_id_list(unit_ids)])

    def _opportunities_of(self, org_id: str) -> list[Opportunity]:
        return self._load("opportunities", "WHERE account = ?", [org_id])

    def accounts(self) -> list[AccountSummary]:
        rows = self.db.execute(ACCOUNTS_QUERY, [OrgKind.client.value])  # streamed: one account's rows at a time
        # each account's deals validated as one array, not one by one; a broken record: one line naming it
        return [
            AccountSummary.of(_validate("organisations", [o])[0], n, _validate("opportunities", json.loads(deals)))
            for o, n, deals in rows
        ]

    def account_ids(self) -> list[str]:
        rows = self.db.execute("SELECT id FROM organisations WHERE kind = ? ORDER BY name, id", [OrgKind.client.value])
        return [r[0] for r in rows]

    def _people_like(self, needle: str, org: str | None) -> Iterator[Person]:
        where, params = [], []
        if needle:
            where.append("instr(search, ?) > 0")  # folded once on write: the exact match
            params.append(needle)
        if org:
            where.append("org = ?")
            params.append(org)
        clause = ("WHERE " + " AND ".join(where) + " ") if where else ""
        rows = self.db.execute(f"SELECT data FROM people {clause}ORDER BY name, id", params)
        while batch := rows.fetchmany(200):  # validated a batch at a time (see _validate)
            yield from _validate("people", [data for (data,) in batch])

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

    # --- writing: Store._write over these ----------------------------------------------------

    def _write(self, upserts: Graph, deletions: Deletions) -> ImportReport:
        self._team_cache = None  # our own commits leave data_version as it is
        if self._pending:
            if upserts.is_empty() and not any(deletions.values()):
                return ImportReport()  # nothing to write: still no file
            self._create_file()
        report = super()._write(upserts, deletions)
        if deletions:  # an erasure: fold the WAL back so no deleted page lingers in it
            self._after_commit(lambda: report.warnings.extend(self._purge_warnings()))
        return report

    def _write_transaction(self, work: Callable[[Any], T]) -> T:
        with self._transaction() as db:
            if self._fresh:
                self._still_empty(db)
                self._fresh = False
            return work(db)

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


#: A set of ids bound as one parameter (``?1``: a JSON array of texts, see :func:`_id_list`),
#: for the reads: one statement, where a temporary table of ids takes six and writes to it.
_IDS = "(SELECT value FROM json_each(?1))"


def _id_list(ids: Iterable[str]) -> str:
    """``ids`` as the JSON array :data:`_IDS` reads, sorted (rows found through it come in
    the ids' order whatever the plan)."""
    return json.dumps(sorted(set(ids)))


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
        return [(p.id, p.org, p.name, p.reports_to, search_column(p), data) for p, data in diff]
    cols = key_cols + extra_cols
    if len(cols) == 1:
        return [(getattr(r, cols[0]), data) for r, data in diff]
    get = operator.attrgetter(*cols)
    return [(*(v.value if isinstance(v, enum.Enum) else v for v in get(r)), data) for r, data in diff]
