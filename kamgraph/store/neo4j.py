"""The shared store: a Neo4j database (self-hosted, a cluster or Aura), through the
official ``neo4j`` driver.

The graph is native, what a Neo4j modeller would draw (see docs/neo4j.md and
:mod:`kamgraph.store.neo4j_records`): one node per organisation, unit, product, person and
opportunity, one relationship per acquaintance, influence and adoption, properties named as
in the file format, references as relationships, notes and outside ids as nodes. What a
user changes in Neo4j Browser is what kamgraph reads; a value that breaks the model is one
line naming the node (:class:`~kamgraph.store.neo4j_records.ModelError`), and
:meth:`Neo4jStore.lint` lists them all. A store of the first layout (JSON ``data``
properties) is converted on first open (:mod:`kamgraph.store.neo4j_upgrade`).

All Cypher is in ``queries/*.cypher`` (see :mod:`kamgraph.store.queries`), always
parameterised. The driver is imported on first use, and its exceptions are turned into
:class:`~kamgraph.errors.StoreError` in one place (:meth:`Neo4jStore._errors`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ..errors import KamgraphError, StoreChanged, StoreConflict, StoreError
from ..model import COLLECTIONS, Adoption, Graph, Opportunity, OrgKind, Person, Unit, record_key
from .base import (
    MODELS,
    AccountSummary,
    BrokenRecord,
    Store,
    Team,
    canonical_json,
)
from .changes import Change, ChangeQuery, ChangeRow
from .neo4j_changes import append_changes, delete_changes, read_changes
from .neo4j_connection import Neo4jSettings, check_server, error_message
from .neo4j_records import ModelError, record_from, records_from
from .neo4j_schema import SEARCH_INDEX, ensure_schema, search_query
from .neo4j_transactions import READ_ATTEMPTS, BoltTransactions
from .neo4j_write import apply
from .neo4j_write import batches as _batches
from .queries import query

if TYPE_CHECKING:
    import neo4j

    from .neo4j_transactions import Tx

__all__ = [
    "BATCH_SIZE",
    "LABELS",
    "LOCK_LABEL",
    "MODELS",
    "NODE_LABELS",
    "RELATIONSHIP_TYPES",
    "Neo4jSettings",
    "Neo4jStore",
]

#: Rows per ``UNWIND $rows`` statement. Chosen from bench/bench_neo4j.py (docs/benchmarks.md).
BATCH_SIZE = 1000

#: The label of each record collection kept as nodes.
NODE_LABELS = {
    "organisations": "Organisation",
    "units": "Unit",
    "products": "Product",
    "people": "Person",
    "opportunities": "Opportunity",
}
#: The node every write transaction locks first (see queries/store.cypher: store_lock).
LOCK_LABEL = "KamgraphLock"
#: Every label kamgraph writes: the records', notes, outside ids, the write lock and the change log.
LABELS = {**NODE_LABELS, "notes": "Note", "ids": "ExternalId", "lock": LOCK_LABEL, "changes": "Change"}
#: Every relationship type kamgraph writes (they appear in queries/*.cypher, never in a
#: string built at run time).
RELATIONSHIP_TYPES = {
    "knows": "KNOWS",
    "evidence": "INTERACTED_WITH",
    "influences": "INFLUENCES",
    "adoption": "ADOPTS",
    "reports_to": "REPORTS_TO",
    "member_of": "MEMBER_OF",
    "in_unit": "IN_UNIT",
    "unit_of": "UNIT_OF",
    "part_of": "PART_OF",
    "for_account": "FOR_ACCOUNT",
    "on_committee": "ON_COMMITTEE",
    "notes": "HAS_NOTE",
    "ids": "HAS_ID",
}


T = TypeVar("T")


class Neo4jStore(BoltTransactions, Store):
    """The store in one Neo4j database. Opens the driver, checks that the server, the
    credentials and the database answer, makes the schema (unique ids, indexes) and
    converts a store of the first layout. ``batch_size`` is rows per statement.
    """

    def __init__(self, settings: Neo4jSettings, *, batch_size: int = BATCH_SIZE, connection_timeout: float = 10.0):
        self.settings = settings
        self.url = settings.display
        self.batch_size = batch_size
        self._session: neo4j.Session | None = None
        self._tx: neo4j.Transaction | None = None
        self._tx_write = False
        self._tx_version = 0
        self._cache: dict[str, dict[str, Any]] = {}  # records read in the current transaction
        import neo4j  # lazy: opening an SQLite store never pays for the driver

        with self._errors("connect"):
            self.driver = neo4j.GraphDatabase.driver(
                settings.uri,
                auth=settings.auth,
                connection_timeout=connection_timeout,
                max_transaction_retry_time=15.0,
                user_agent="kamgraph",
            )  # its notices stay off stderr: see neo4j_connection.quiet_driver_log
        try:
            with self._errors("connect"):
                self.driver.verify_connectivity()  # fails at once; a managed transaction would retry
            check_server(self.driver, settings)  # Neo4j 5 or later, before any query that needs it
            with self._errors("connect"):
                with self.driver.session(database=settings.database) as session:
                    session.run(query("ping").cypher).consume()  # auto-commit: no retries
            self._ensure_schema()
            from .neo4j_upgrade import upgrade

            upgrade(self)
        except BaseException:
            self.driver.close()
            raise

    @classmethod
    def from_url(cls, url: str, env: Mapping[str, str] | None = None, **kwargs: Any) -> Neo4jStore:
        return cls(Neo4jSettings.from_url(url, env), **kwargs)

    def close(self) -> None:
        self.driver.close()

    # --- the driver, in one place ---------------------------------------------------------

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """Turn the driver's exceptions into one-line :class:`StoreError` s."""
        import neo4j.exceptions as ne

        try:
            yield
        except KamgraphError:
            raise
        except ne.TransientError as exc:  # a deadlock, or an optimistic server's conflict: retry it all
            raise StoreConflict(
                f"{self.url}: another writer changed the same records at the same time; "
                f"nothing was changed ({getattr(exc, 'code', None) or 'transient error'})"
            ) from None
        except (ne.Neo4jError, ne.DriverError, ValueError, OverflowError) as exc:
            raise StoreError(error_message(self.settings, self.url, exc, what)) from None

    def _ensure_schema(self) -> None:
        ensure_schema(self)

    @staticmethod
    def _rows(tx: Tx, name: str, **params: Any) -> list[dict[str, Any]]:
        result = tx.run(query(name).cypher, params)
        keys = result.keys()
        return [dict(zip(keys, r, strict=True)) for r in result]

    def _records(self, tx: Tx, collection: str, name: str, **params: Any) -> list[Any]:
        return records_from(collection, self._listed(tx, name, **params))

    def _listed(self, tx: Tx, name: str, **params: Any) -> list[dict[str, Any]]:
        """The ``rows`` list of a query that collects its records into one row (a few big
        values cross the wire much faster than many small records)."""
        rows = self._rows(tx, name, **params)
        return rows[0]["rows"] if rows else []

    def _by_id(self, tx: Tx, collection: str, ids: Iterable[str]) -> dict[str, Any]:
        """The records with these ids. Inside :meth:`transaction` each is read once: an
        import's checks and its diff ask for the same records (writes clear the cache)."""
        cache = self._cache.setdefault(collection, {}) if tx is self._tx else {}
        wanted = set(ids)
        missing = sorted(wanted - cache.keys())
        for batch in _batches(missing, self.batch_size * 10):
            found = {r.id: r for r in self._records(tx, collection, f"{collection}_get", ids=list(batch))}
            cache.update({i: found.get(i) for i in batch})
        return {i: cache[i] for i in sorted(wanted) if cache.get(i) is not None}

    # --- reading ----------------------------------------------------------------------------

    def _get(self, collection: str, ids: Iterable[str]) -> Mapping[str, BaseModel]:
        wanted = list(ids)
        return self._run(lambda tx: self._by_id(tx, collection, wanted))

    def account(self, org_id: str) -> Graph:
        """:meth:`Store.account`, its several reads in one read transaction (run again while
        writes interleave, unless the caller's transaction owns that)."""
        if self._tx is not None:
            with self._one_check():
                return super().account(org_id)
        for attempt in range(READ_ATTEMPTS):
            try:
                with self.transaction(), self._one_check():
                    return super().account(org_id)
            except StoreChanged:
                if attempt == READ_ATTEMPTS - 1:
                    raise
                time.sleep(0.02 * 2**attempt)
        raise AssertionError("unreachable")

    # --- the primitives of Store.account, each sorted by key --------------------------------

    def _team(self) -> Team:
        def work(tx: Tx) -> Team:
            own = sorted(
                self._records(tx, "people", "people_of_own_organisations", own=OrgKind.own.value), key=record_key
            )
            knows, influences = (
                sorted(self._records(tx, c, f"{c}_team", own=OrgKind.own.value), key=record_key)
                for c in ("knows", "influences")
            )
            return Team(own, knows, influences, sorted(self._records(tx, "products", "products_all"), key=record_key))

        return self._run(work)

    def _people_of(self, org_id: str) -> list[Person]:
        return sorted(
            self._run(lambda tx: self._records(tx, "people", "people_of_account", org=org_id)), key=record_key
        )

    def _neighbours(self, ids: set[str]) -> set[str]:
        return set(self._run(lambda tx: self._rows(tx, "people_around", ids=sorted(ids)))[0]["ids"])

    def _relations(self, collection: str, touching: set[str], among: set[str]) -> list[Any]:
        return self._run(lambda tx: self._among(tx, collection, sorted(touching), among))

    def _among(self, tx: Tx, collection: str, ids: list[str], among: set[str]) -> list[Any]:
        rows = self._listed(tx, f"{collection}_among", ids=ids)
        return records_from(collection, [r for r in rows if r["a"] in among and r["b"] in among])

    def _units_of(self, org_id: str) -> list[Unit]:
        return sorted(self._run(lambda tx: self._records(tx, "units", "units_of_account", org=org_id)), key=record_key)

    def _adoption_of(self, unit_ids: list[str]) -> list[Adoption]:
        return sorted(
            self._run(lambda tx: self._records(tx, "adoption", "adoption_of_units", ids=unit_ids)), key=record_key
        )

    def _opportunities_of(self, org_id: str) -> list[Opportunity]:
        return sorted(
            self._run(lambda tx: self._records(tx, "opportunities", "opportunities_of_account", org=org_id)),
            key=record_key,
        )

    def accounts(self) -> list[AccountSummary]:
        rows = self._run(lambda tx: self._rows(tx, "accounts_summary", client=OrgKind.client.value))
        out = []
        for row in rows:
            org = record_from("organisations", row)
            opps: list[Opportunity] = [
                record_from("opportunities", {"props": x, "refs": {"account": [org.id]}}) for x in row["opportunities"]
            ]
            out.append(AccountSummary.of(org, row["people"], opps))
        return sorted(out, key=lambda a: (a.name, a.id))

    def _people_like(self, needle: str, org: str | None) -> Iterator[Person]:
        """Candidates from the full-text index (or the organisation), by name then id."""
        lucene = search_query(needle)
        if org:
            name, params = "people_find_in_org", {"org": org}
        elif lucene:
            name, params = "people_find", {"index": SEARCH_INDEX, "query": lucene}
        else:
            name, params = "people_find_everyone", {}
        assert self._tx is not None  # Store.find_people reads inside a transaction
        with self._errors("search people"):
            result = self._tx.run(query(name).cypher, params)
            keys = result.keys()
            for row in result:
                yield record_from("people", dict(zip(keys, row, strict=True)))

    def _all(self, tx: Tx, collection: str) -> list[Any]:
        records = self._records(tx, collection, f"{collection}_all")
        if collection == "knows":
            seen: set[Any] = set()
            for k in records:
                if k.key in seen:
                    raise ModelError(f"KNOWS between '{k.a}' and '{k.b}' is drawn twice; allowed: one per pair")
                seen.add(k.key)
        return sorted(records, key=record_key)

    def dump(self) -> Graph:
        return self._run(lambda tx: Graph(**{c: self._all(tx, c) for c in COLLECTIONS}), what="read the graph")

    def _stored_all(self, collection: str) -> list[dict[str, Any]]:
        return self._run(lambda tx: self._listed(tx, f"{collection}_all"), what="check the graph")

    def _from_stored(self, collection: str, stored: Any) -> Any:
        try:
            return record_from(collection, stored)
        except ModelError as exc:
            raise BrokenRecord(str(exc)) from None

    def _records_naming(self, person: Person) -> Graph:
        def ids(tx: Tx, name: str) -> list[str]:
            return [r["id"] for r in self._rows(tx, name, id=person.id)]

        def work(tx: Tx) -> Graph:
            return Graph(
                people=list(self._by_id(tx, "people", ids(tx, "people_naming")).values()),
                knows=self._records(tx, "knows", "knows_naming", id=person.id),
                influences=self._records(tx, "influences", "influences_naming", id=person.id),
                opportunities=list(self._by_id(tx, "opportunities", ids(tx, "opportunities_naming")).values()),
                organisations=list(self._by_id(tx, "organisations", ids(tx, "organisations_naming")).values()),
            )

        return self._run(work)

    # --- writing ----------------------------------------------------------------------------

    def _write_transaction(self, work: Callable[[Any], T]) -> T:
        # A managed transaction's work runs again if the driver retries a transient
        # failure: it starts from scratch each time, with no records cached.
        def run(tx: Tx) -> T:
            self._cache = {}
            return work(tx)

        return self._write_tx(run)

    def _stored_json(self, tx: Any, collection: str, records: list[Any]) -> Mapping[Any, str]:
        return {record_key(r): canonical_json(r) for r in self._existing(tx, collection, records)}

    def _put(self, tx: Any, changed: Mapping[str, list[tuple[Any, str]]], stored: set[tuple[str, Any]]) -> None:
        self._cache = {}  # what was read to diff is about to change
        apply(self, tx, {c: [r for r, _ in diff] for c, diff in changed.items()}, stored)

    def _append_changes(self, rows: list[ChangeRow]) -> None:
        self._write_tx(lambda tx: append_changes(self, tx, rows), "record the changes")

    def _read_changes(self, query: ChangeQuery) -> list[Change]:
        return self._run(lambda tx: read_changes(self, tx, query), what="read the change log")

    def _delete_changes(self, seqs: list[int]) -> None:
        self._write_tx(lambda tx: delete_changes(self, tx, seqs), "erase from the change log")

    def _existing(self, tx: Tx, collection: str, records: list[Any]) -> list[Any]:
        if collection in NODE_LABELS:
            return list(self._by_id(tx, collection, (r.id for r in records)).values())
        out = []
        for batch in _batches(sorted({record_key(r) for r in records}), self.batch_size * 10):
            out += self._records(tx, collection, f"{collection}_get", keys=[{"a": a, "b": b} for a, b in batch])
        return out

    def _delete(self, tx: Any, collection: str, keys: list[Any]) -> None:
        for batch in _batches(keys, self.batch_size):
            if collection in NODE_LABELS:
                self._rows(tx, f"{collection}_delete", ids=list(batch))
            else:
                self._rows(tx, f"{collection}_delete", keys=[{"a": a, "b": b} for a, b in batch])
