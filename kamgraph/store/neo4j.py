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
:class:`~kamgraph.errors.StoreError` in one place (:meth:`~kamgraph.store.neo4j_transactions.Bolt.errors`).
"""

from __future__ import annotations

import operator
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ..errors import StoreChanged
from ..model import COLLECTIONS, Adoption, Graph, Opportunity, OrgKind, Person, Unit, record_key
from .base import (
    MODELS,
    AccountSummary,
    BrokenRecord,
    Store,
    Team,
    canonical_json,
)
from .changes import Change, ChangeQuery, Entries
from .neo4j_changes import ChangeLog
from .neo4j_connection import Neo4jSettings, check_server
from .neo4j_records import ModelError, record_from, records_from
from .neo4j_schema import SEARCH_INDEX, ensure_schema, search_query
from .neo4j_transactions import READ_ATTEMPTS, Bolt
from .neo4j_write import apply, batches
from .queries import query
from .rules import SAME

if TYPE_CHECKING:
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
LABELS = {
    **NODE_LABELS,
    "notes": "Note",
    "ids": "ExternalId",
    "lock": LOCK_LABEL,
    "changes": "ChangeSet",
    "change_entries": "Change",  # read (and removed) only by the upgrade in place
}
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
_first = operator.itemgetter(0)

#: The key, in the connection's cache, of the collections it holds whole (read by :meth:`Neo4jStore.dump`).
WHOLE = " whole"


class Neo4jStore(Store):
    """The store in one Neo4j database. Opens the driver, checks that the server, the
    credentials and the database answer, makes the schema (unique ids, indexes) and
    converts a store of an earlier layout. ``batch_size`` is rows per statement.

    ``bolt`` (:class:`~kamgraph.store.neo4j_transactions.Bolt`) is the connection that the
    store and its helper modules run their named queries through.
    """

    keeps_json = False  # properties are the truth: _put writes the records, not their JSON

    def __init__(self, settings: Neo4jSettings, *, batch_size: int = BATCH_SIZE, connection_timeout: float = 10.0):
        self.settings = settings
        self.url = settings.display
        self.batch_size = batch_size
        self.bolt = Bolt(settings, batch_size, connection_timeout)
        self.log = ChangeLog(self.bolt)
        self.driver = driver = self.bolt.driver
        try:
            with self.bolt.errors("connect"):
                driver.verify_connectivity()  # fails at once; a managed transaction would retry
            check_server(driver, settings)  # Neo4j 5 or later, before any query that needs it
            with self.bolt.errors("connect"), self.bolt.session() as session:
                session.run(query("ping").cypher).consume()  # auto-commit: no retries
            indexes = ensure_schema(self.bolt)
            from .neo4j_upgrade import upgrade

            upgrade(self.bolt, indexes)
        except BaseException:
            driver.close()
            raise

    @classmethod
    def from_url(cls, url: str, env: Mapping[str, str] | None = None, **kwargs: Any) -> Neo4jStore:
        return cls(Neo4jSettings.from_url(url, env), **kwargs)

    def close(self) -> None:
        self.driver.close()

    # --- transactions: the connection's ------------------------------------------------------

    def _begin(self, write: bool) -> None:
        self.log.forget_pending()
        self.bolt.begin(write)

    def _commit(self) -> None:
        try:
            self.log.write_pending()
        except BaseException:
            self.bolt.rollback()
            raise
        self.bolt.commit()

    def _rollback(self) -> None:
        self.log.forget_pending()
        self.bolt.rollback()

    def _records(self, tx: Tx, collection: str, name: str, **params: Any) -> list[Any]:
        return records_from(collection, self._listed(tx, name, **params))

    def _listed(self, tx: Tx, name: str, **params: Any) -> list[dict[str, Any]]:
        """The ``rows`` list of a query that collects its records into one row (a few big
        values cross the wire much faster than many small records)."""
        rows = self.bolt.rows(tx, name, **params)
        return rows[0]["rows"] if rows else []

    def _by_id(self, tx: Tx, collection: str, ids: Iterable[str]) -> dict[str, Any]:
        """The records with these ids. Inside :meth:`transaction` each is read once: an
        import's checks and its diff ask for the same records (writes clear the cache), and
        after :meth:`dump` none is read again."""
        ours = tx is self.bolt.tx
        cache = self.bolt.cache.setdefault(collection, {}) if ours else {}
        wanted = set(ids)
        whole = ours and collection in self.bolt.cache.get(WHOLE, ())
        missing = [] if whole else sorted(wanted - cache.keys())
        for batch in batches(missing, self.batch_size * 10):
            found = {r.id: r for r in self._records(tx, collection, f"{collection}_get", ids=list(batch))}
            cache.update({i: found.get(i) for i in batch})
        return {i: cache[i] for i in sorted(wanted) if cache.get(i) is not None}

    # --- reading ----------------------------------------------------------------------------

    def _get(self, collection: str, ids: Iterable[str]) -> Mapping[str, BaseModel]:
        wanted = list(ids)
        return self.bolt.run(lambda tx: self._by_id(tx, collection, wanted))

    def account(self, org_id: str) -> Graph:
        """:meth:`Store.account`, its several reads in one read transaction (run again while
        writes interleave, unless the caller's transaction owns that)."""
        if self.bolt.tx is not None:
            with self.bolt.one_check():
                return super().account(org_id)
        for attempt in range(READ_ATTEMPTS):
            try:
                with self.transaction(), self.bolt.one_check():
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

        return self.bolt.run(work)

    def _people_of(self, org_id: str) -> list[Person]:
        return sorted(
            self.bolt.run(lambda tx: self._records(tx, "people", "people_of_account", org=org_id)), key=record_key
        )

    def _neighbours(self, ids: set[str]) -> set[str]:
        return set(self.bolt.run(lambda tx: self.bolt.rows(tx, "people_around", ids=sorted(ids)))[0]["ids"])

    def _relations(self, collection: str, touching: set[str], among: set[str]) -> list[Any]:
        return self.bolt.run(lambda tx: self._among(tx, collection, sorted(touching), among))

    def _among(self, tx: Tx, collection: str, ids: list[str], among: set[str]) -> list[Any]:
        rows = self._listed(tx, f"{collection}_among", ids=ids)
        return records_from(collection, [r for r in rows if r["a"] in among and r["b"] in among])

    def _units_of(self, org_id: str) -> list[Unit]:
        return sorted(
            self.bolt.run(lambda tx: self._records(tx, "units", "units_of_account", org=org_id)), key=record_key
        )

    def _adoption_of(self, unit_ids: list[str]) -> list[Adoption]:
        return sorted(
            self.bolt.run(lambda tx: self._records(tx, "adoption", "adoption_of_units", ids=unit_ids)), key=record_key
        )

    def _opportunities_of(self, org_id: str) -> list[Opportunity]:
        return sorted(
            self.bolt.run(lambda tx: self._records(tx, "opportunities", "opportunities_of_account", org=org_id)),
            key=record_key,
        )

    def accounts(self) -> list[AccountSummary]:
        rows = self.bolt.run(lambda tx: self.bolt.rows(tx, "accounts_summary", client=OrgKind.client.value))
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
        assert self.bolt.tx is not None  # Store.find_people reads inside a transaction
        with self.bolt.errors("search people"):
            result = self.bolt.tx.run(query(name).cypher, params)
            keys = result.keys()
            for row in result:
                yield record_from("people", dict(zip(keys, row, strict=True)))

    def _all(self, tx: Tx, collection: str) -> list[tuple[Any, Any]]:
        """Every record of ``collection`` with its key (each made once: a pair's is a
        property), in key order."""
        keyed = sorted(((record_key(r), r) for r in self._records(tx, collection, f"{collection}_all")), key=_first)
        if collection == "knows":
            for (key, k), (before, _) in zip(keyed[1:], keyed, strict=False):
                if key == before:
                    raise ModelError(f"KNOWS between '{k.a}' and '{k.b}' is drawn twice; allowed: one per pair")
        return keyed

    def dump(self) -> Graph:
        """Everything; inside :meth:`transaction` it is remembered until the next write (an
        import that plans a prune reads the store once, its checks and its diff included)."""

        def work(tx: Tx) -> Graph:
            everything = {c: self._all(tx, c) for c in COLLECTIONS}
            graph = Graph(**{c: [r for _, r in keyed] for c, keyed in everything.items()})
            if tx is self.bolt.tx:
                self.bolt.cache.update({c: dict(keyed) for c, keyed in everything.items()})
                self.bolt.cache[WHOLE] = set(COLLECTIONS)  # type: ignore[assignment]
            return graph

        return self.bolt.run(work, what="read the graph")

    def _stored_all(self, collection: str) -> list[dict[str, Any]]:
        return self.bolt.run(lambda tx: self._listed(tx, f"{collection}_all"), what="check the graph")

    def _from_stored(self, collection: str, stored: Any) -> Any:
        try:
            return record_from(collection, stored)
        except ModelError as exc:
            raise BrokenRecord(str(exc)) from None

    def _records_naming(self, person: Person) -> Graph:
        def ids(tx: Tx, name: str) -> list[str]:
            return [r["id"] for r in self.bolt.rows(tx, name, id=person.id)]

        def work(tx: Tx) -> Graph:
            return Graph(
                people=list(self._by_id(tx, "people", ids(tx, "people_naming")).values()),
                knows=self._records(tx, "knows", "knows_naming", id=person.id),
                influences=self._records(tx, "influences", "influences_naming", id=person.id),
                opportunities=list(self._by_id(tx, "opportunities", ids(tx, "opportunities_naming")).values()),
                organisations=list(self._by_id(tx, "organisations", ids(tx, "organisations_naming")).values()),
            )

        return self.bolt.run(work)

    # --- writing ----------------------------------------------------------------------------

    def _write_transaction(self, work: Callable[[Any], T]) -> T:
        # A managed transaction's work runs again if the driver retries a transient
        # failure: it starts from scratch each time, with no records cached. (Inside the
        # store's own transaction the cache holds what that transaction read: still true.)
        def run(tx: Tx) -> T:
            if tx is not self.bolt.tx:
                self.bolt.cache = {}
            return work(tx)

        return self.bolt.write(run)

    def _stored_json(self, tx: Any, collection: str, records: list[Any]) -> Mapping[Any, str]:
        # A stored record whose fields equal the incoming one's (the validated records'
        # values compared, 1 µs a record) is SAME: an unchanged re-import makes no JSON of
        # either side (5 µs a record).
        out: dict[Any, str] = {}
        if tx is self.bolt.tx and collection in self.bolt.cache.get(WHOLE, ()):  # read whole: no read by key
            known = self.bolt.cache[collection]
            for new in records:  # one pass: keyed, looked up and compared (the last of a key counts)
                key = record_key(new)
                stored = known.get(key)
                if stored is not None:
                    same = type(new) is type(stored) and new.__dict__ == stored.__dict__
                    out[key] = SAME if same else canonical_json(stored)
            return out
        incoming = {record_key(r): r for r in records}
        for stored in self._existing(tx, collection, records):
            key = record_key(stored)
            new = incoming.get(key)
            same = type(new) is type(stored) and new.__dict__ == stored.__dict__
            out[key] = SAME if same else canonical_json(stored)
        return out

    def _put(self, tx: Any, changed: Mapping[str, list[tuple[Any, str]]], stored: set[tuple[str, Any]]) -> None:
        self.bolt.cache = {}  # what was read to diff is about to change
        apply(self.bolt, tx, {c: [r for r, _ in diff] for c, diff in changed.items()}, stored)

    # --- the change log: its own object (neo4j_changes.ChangeLog) -----------------------------

    def _append_changes(self, rows: Entries) -> None:
        self.log.append(rows)  # each run of creations kept whole: the log packs it straight into sets

    def _read_changes(self, query: ChangeQuery) -> list[Change]:
        return self.log.read(query)

    def _delete_changes(self, seqs: list[int]) -> None:
        self.log.delete(seqs)

    def _existing(self, tx: Tx, collection: str, records: list[Any]) -> list[Any]:
        if collection in NODE_LABELS:
            return list(self._by_id(tx, collection, (r.id for r in records)).values())
        keys = sorted({record_key(r) for r in records})
        if tx is self.bolt.tx and collection in self.bolt.cache.get(WHOLE, ()):
            known = self.bolt.cache[collection]
            return [known[k] for k in keys if k in known]
        out = []
        for batch in batches(keys, self.batch_size * 10):
            out += self._records(tx, collection, f"{collection}_get", keys=[{"a": a, "b": b} for a, b in batch])
        return out

    def _delete(self, tx: Any, collection: str, keys: list[Any]) -> None:
        for batch in batches(keys, self.batch_size):
            if collection in NODE_LABELS:
                self.bolt.rows(tx, f"{collection}_delete", ids=list(batch))
            else:
                self.bolt.rows(tx, f"{collection}_delete", keys=[{"a": a, "b": b} for a, b in batch])
