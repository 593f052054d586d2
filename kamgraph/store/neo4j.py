"""The shared store: a Neo4j database (self-hosted, a cluster or Aura, or any server that
speaks Bolt and Cypher 5), through the official ``neo4j`` driver.

Each record is one node (organisations, units, products, people, opportunities) or one
relationship (``KNOWS``, ``INFLUENCES``, ``ADOPTS``) whose ``data`` property holds the whole
record as JSON, exactly as the SQLite store keeps it; the other properties are copies that
queries filter on or that make the graph readable in Neo4j Browser. The record's references
are drawn as relationships too (``MEMBER_OF``, ``IN_UNIT``, ``REPORTS_TO``, ``UNIT_OF``,
``PART_OF``, ``FOR_ACCOUNT``, ``ON_COMMITTEE``).

All Cypher is in ``queries/*.cypher`` (see :mod:`kamgraph.store.queries`), always
parameterised. The driver is imported on first use, and its exceptions are turned into
:class:`~kamgraph.errors.StoreError` in one place (:meth:`Neo4jStore._errors`).

Connection settings and the wording of driver errors are in
:mod:`kamgraph.store.neo4j_connection`; a record's JSON and properties in
:mod:`kamgraph.store.neo4j_records`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ..errors import KamgraphError, NotFound, StoreChanged, StoreConflict, StoreError
from ..model import (
    COLLECTIONS,
    Adoption,
    Graph,
    Influences,
    Knows,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Product,
    Unit,
    record_key,
)
from ..text import fold
from .base import AccountSummary, Deletions, ImportReport, Store, mention_words
from .neo4j_connection import Neo4jSettings, error_message
from .neo4j_records import _json, _props, _value
from .queries import query

if TYPE_CHECKING:
    import neo4j

    Tx = neo4j.ManagedTransaction | neo4j.Transaction  # a managed one, or Store.transaction()'s

__all__ = ["Neo4jSettings", "Neo4jStore", "NODE_LABELS", "RELATIONSHIP_TYPES", "BATCH_SIZE", "LOCK_LABEL"]

#: Rows per ``UNWIND $rows`` statement. Chosen from bench/bench_neo4j.py (docs/benchmarks.md):
#: past a thousand rows the time per row stops falling, and bigger batches only cost memory.
BATCH_SIZE = 1000

#: The only labels and relationship types kamgraph writes (they appear in queries/*.cypher,
#: never in a string built at run time).
NODE_LABELS = {
    "organisations": "Organisation",
    "units": "Unit",
    "products": "Product",
    "people": "Person",
    "opportunities": "Opportunity",
}
#: The node every write transaction locks first (see queries/store.cypher: store_lock).
LOCK_LABEL = "KamgraphLock"
LOCK_ID = "store"

RELATIONSHIP_TYPES = {
    "knows": "KNOWS",
    "influences": "INFLUENCES",
    "adoption": "ADOPTS",
    "reports_to": "REPORTS_TO",
    "member_of": "MEMBER_OF",
    "in_unit": "IN_UNIT",
    "unit_of": "UNIT_OF",
    "part_of": "PART_OF",
    "for_account": "FOR_ACCOUNT",
    "on_committee": "ON_COMMITTEE",
}

MODELS: dict[str, type[BaseModel]] = {
    "organisations": Organisation,
    "units": Unit,
    "products": Product,
    "people": Person,
    "knows": Knows,
    "influences": Influences,
    "adoption": Adoption,
    "opportunities": Opportunity,
}

_SCHEMA = (
    "schema_organisation_id", "schema_unit_id", "schema_product_id", "schema_person_id", "schema_opportunity_id",
    "schema_person_org", "schema_unit_org", "schema_opportunity_account", "schema_organisation_kind",
    "schema_lock_id",
)


T = TypeVar("T")


def _consume(tx: Tx, name: str) -> None:
    tx.run(query(name).cypher).consume()


def _batches(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


# --- the store ---------------------------------------------------------------------------------


class Neo4jStore(Store):
    """The store in one Neo4j database. Opens the driver and checks that the server, the
    credentials and the database answer; the schema (unique ids, indexes) is made on the
    first write. ``batch_size`` is rows per statement; an import is one transaction.
    """

    def __init__(self, settings: Neo4jSettings, *, batch_size: int = BATCH_SIZE, connection_timeout: float = 10.0):
        self.settings = settings
        self.url = settings.display
        self.batch_size = batch_size
        self._schema_ready = False
        self._session: neo4j.Session | None = None
        self._tx: neo4j.Transaction | None = None
        self._tx_version = 0  # the lock's version when the read transaction started
        import neo4j  # lazy: opening an SQLite store never pays for the driver

        with self._errors("connect"):
            self.driver = neo4j.GraphDatabase.driver(
                settings.uri, auth=settings.auth, connection_timeout=connection_timeout,
                max_transaction_retry_time=15.0, user_agent="kamgraph",
            )
        try:
            with self._errors("connect"):
                self.driver.verify_connectivity()  # fails at once; a managed transaction would retry
                with self.driver.session(database=settings.database) as session:
                    session.run(query("ping").cypher).consume()  # auto-commit: no retries
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
            raise StoreConflict(f"{self.url}: another writer changed the same records at the same time; "
                                f"nothing was changed ({getattr(exc, 'code', None) or 'transient error'})") from None
        except (ne.Neo4jError, ne.DriverError, ValueError) as exc:

            raise StoreError(error_message(self.settings, self.url, exc, what)) from None

    # --- transactions: Store.transaction() over these -------------------------------------
    #
    # Neo4j reads are read-committed, not snapshots: a read transaction notes the lock's
    # version when it starts and checks it after every read; a write committed in between
    # raises StoreChanged instead of returning a mix of two versions.

    def _begin(self, write: bool) -> None:
        import neo4j

        if write:
            self._ensure_schema()
        with self._errors("start a transaction"):
            self._session = self.driver.session(
                database=self.settings.database,
                default_access_mode=neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS)
            try:
                self._tx = self._session.begin_transaction()
                name = "store_lock" if write else "store_version"
                self._tx_version = self._rows(self._tx, name, lock=LOCK_ID)[0]["version"]
            except BaseException:
                self._end()
                raise

    def _commit(self) -> None:
        try:
            with self._errors("write"):
                assert self._tx is not None
                self._tx.commit()
        finally:
            self._end()

    def _rollback(self) -> None:
        try:
            if self._tx is not None and not self._tx.closed():
                with self._errors("roll back"):
                    self._tx.rollback()
        finally:
            self._end()

    def _end(self) -> None:
        session, self._tx, self._session = self._session, None, None
        if session is not None:
            with self._errors("close the session"):
                session.close()

    def _check_version(self, tx: Tx, since: int) -> None:
        now = self._rows(tx, "store_version", lock=LOCK_ID)[0]["version"]
        if now != since:
            raise StoreChanged(f"{self.url}: the store changed while it was being read (another import "
                               "committed); run the command again")

    def _read(self, work: Callable[[Tx], T], what: str = "read") -> T:
        if self._tx is not None:
            with self._errors(what):
                result = work(self._tx)
                if not self._tx_write:
                    self._check_version(self._tx, self._tx_version)
                return result

        def consistent(tx: Tx) -> T:
            before = self._rows(tx, "store_version", lock=LOCK_ID)[0]["version"]
            result = work(tx)
            self._check_version(tx, before)
            return result

        for attempt in range(5):  # a read of several statements, retried while writes interleave
            try:
                with self._errors(what), self.driver.session(database=self.settings.database) as session:
                    return session.execute_read(consistent)
            except StoreChanged:
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def _write_tx(self, work: Callable[[Tx], T], what: str = "write") -> T:
        if self._tx is not None:
            if not self._tx_write:
                raise RuntimeError("a write inside a read transaction")
            with self._errors(what):
                return work(self._tx)
        with self.transaction(write=True):
            return self._write_tx(work, what)

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._errors("create the schema"), self.driver.session(database=self.settings.database) as session:
            for name in _SCHEMA:  # schema changes cannot share a transaction with data
                session.execute_write(_consume, name)
        self._schema_ready = True

    @staticmethod
    def _rows(tx: Tx, name: str, **params: Any) -> list[dict[str, Any]]:
        return [r.data() for r in tx.run(query(name).cypher, params)]

    def _records(self, tx: Tx, collection: str, name: str, **params: Any) -> list[Any]:
        model = MODELS[collection]
        return [model.model_validate_json(r["data"]) for r in self._rows(tx, name, **params)]

    def _by_id(self, tx: Tx, collection: str, ids: Iterable[str]) -> dict[str, Any]:
        model = MODELS[collection]
        out: dict[str, Any] = {}
        for batch in _batches(sorted(set(ids)), self.batch_size * 10):
            for r in self._rows(tx, f"{collection}_get", ids=list(batch)):
                out[r["key"]] = model.model_validate_json(r["data"])
        return out

    # --- reading ----------------------------------------------------------------------------

    def get(self, collection: str, ids: Iterable[str]) -> Mapping[str, BaseModel]:
        if collection not in NODE_LABELS:
            raise ValueError(f"get() looks records up by id; {collection} has none")
        wanted = list(ids)
        return self._read(lambda tx: self._by_id(tx, collection, wanted))

    def account(self, org_id: str) -> Graph:
        return self._read(lambda tx: self._account(tx, org_id), "read the account")

    def _account(self, tx: Tx, org_id: str) -> Graph:
        # The same subgraph as the SQLite store, step by step (see SQLiteStore.account).
        org = self._by_id(tx, "organisations", [org_id]).get(org_id)
        if org is None:
            raise NotFound(f"no account with id '{org_id}'")
        people: list[Person] = self._records(tx, "people", "people_of_account", org=org_id)
        own: list[Person] = self._records(tx, "people", "people_of_own_organisations", own=OrgKind.own.value)
        ids = {p.id for p in people} | {p.id for p in own}
        around = {r["key"]: r["data"] for r in self._rows(tx, "people_around_account", org=org_id)}
        staff = {p.id for p in people}
        people += [p for p in own if p.id not in staff]
        people += [Person.model_validate_json(data) for key, data in around.items() if key not in ids]
        ids |= set(around)
        everyone = sorted(ids)
        knows = self._records(tx, "knows", "knows_among", ids=everyone)
        influences = self._records(tx, "influences", "influences_among", ids=everyone)
        orgs = self._by_id(tx, "organisations", {p.org for p in people} | {org_id})
        units: list[Unit] = self._records(tx, "units", "units_of_account", org=org_id)
        other_units = {p.unit for p in people if p.unit} - {u.id for u in units}
        units += list(self._by_id(tx, "units", other_units).values())
        # Records sorted by key, so that what is drawn from them comes out in a stable order.
        return Graph(
            organisations=list(orgs.values()),
            units=units,
            products=self._records(tx, "products", "products_all"),
            people=people,
            knows=sorted(knows, key=record_key),
            influences=sorted(influences, key=record_key),
            adoption=self._records(tx, "adoption", "adoption_of_account", org=org_id),
            opportunities=self._records(tx, "opportunities", "opportunities_of_account", org=org_id),
        )

    def accounts(self) -> list[AccountSummary]:
        rows = self._read(lambda tx: self._rows(tx, "accounts_summary", client=OrgKind.client.value))
        out = []
        for row in rows:
            org = Organisation.model_validate_json(row["data"])
            opps = [Opportunity.model_validate_json(x) for x in row["opportunities"]]
            out.append(AccountSummary.of(org, row["people"], opps))
        return sorted(out, key=lambda a: (a.name, a.id))

    def find_people(self, text: str | None = None, org: str | None = None, limit: int = 50) -> list[Person]:
        needle = fold(text) if text else ""
        if org:
            return self._read(lambda tx: self._records(tx, "people", "people_find_in_org", org=org, needle=needle,
                                                       limit=max(limit, 0)))
        return self._read(lambda tx: self._records(tx, "people", "people_find", needle=needle, limit=max(limit, 0)))

    def dump(self) -> Graph:
        def work(tx: Tx) -> Graph:
            return Graph(**{c: sorted(self._records(tx, c, f"{c}_all"), key=record_key) for c in COLLECTIONS})

        return self._read(work, "read the graph")

    def _records_naming(self, person: Person) -> Graph:
        params = {"id": person.id, "words": [fold(w) for w in mention_words(person, own_org=True)]}

        def work(tx: Tx) -> Graph:
            return Graph(
                people=self._records(tx, "people", "people_naming", **params),
                knows=self._records(tx, "knows", "knows_naming", id=person.id),
                influences=self._records(tx, "influences", "influences_naming", id=person.id),
                opportunities=self._records(tx, "opportunities", "opportunities_naming", **params),
                organisations=self._records(tx, "organisations", "organisations_naming", **params),
            )

        return self._read(work)

    # --- writing ----------------------------------------------------------------------------

    def _write(self, upserts: Graph, deletions: Deletions) -> ImportReport:
        # The work function runs again if the driver retries a transient failure, so it
        # starts from scratch each time and returns its own report.
        def work(tx: Tx) -> ImportReport:
            report = ImportReport()
            for collection, keys in deletions.items():
                self._delete(tx, collection, keys)
            changed: dict[str, list[Any]] = {}
            for collection in COLLECTIONS:
                records = getattr(upserts, collection)
                if records:
                    changed[collection] = self._changed(tx, collection, records, report)
            for collection in NODE_LABELS:
                if changed.get(collection):
                    self._upsert_nodes(tx, collection, changed[collection])
            for collection in NODE_LABELS:
                if changed.get(collection):
                    self._link(tx, collection, changed[collection])
            for collection in ("knows", "influences", "adoption"):
                if changed.get(collection):
                    self._upsert_relationships(tx, collection, changed[collection])
            return report

        return self._write_tx(work)

    def _changed(self, tx: Tx, collection: str, records: list[Any],
                 report: ImportReport) -> list[tuple[Any, str]]:
        """The records that differ from what is stored, with their JSON; counts each one."""
        if collection == "knows":
            records = [k.normalised() for k in records]
        existing: dict[Any, str] = {}
        if collection in NODE_LABELS:
            for batch in _batches(sorted({r.id for r in records}), self.batch_size * 10):
                existing.update((r["key"], r["data"]) for r in self._rows(tx, f"{collection}_get", ids=list(batch)))
        else:
            keys = sorted({record_key(r) for r in records})
            for batch in _batches(keys, self.batch_size * 10):
                rows = self._rows(tx, f"{collection}_get", keys=[{"a": a, "b": b} for a, b in batch])
                existing.update(((r["a"], r["b"]), r["data"]) for r in rows)
        out = []
        for r in records:
            data = _json(r)
            old = existing.get(record_key(r))
            if old == data:
                report.tally(collection, "unchanged")
                continue
            report.tally(collection, "updated" if old is not None else "added")
            out.append((r, data))
        return out

    def _run_batches(self, tx: Tx, name: str, rows: list[dict[str, Any]],
                     count: str | None = None, what: str = "") -> None:
        """Run ``name`` over ``rows`` in batches; with ``count``, every row must be counted
        back, else a record named something that is not in the store: refuse the write."""
        for batch in _batches(rows, self.batch_size):
            result = self._rows(tx, name, rows=list(batch))
            if count is not None:
                done = result[0][count] if result else 0
                if done != len(batch):
                    raise StoreError(f"{self.url}: write refused, nothing was changed: {len(batch) - done} "
                                     f"{what} not in the store")

    def _upsert_nodes(self, tx: Tx, collection: str, changed: list[tuple[Any, str]]) -> None:
        rows = [{"id": r.id, "props": _props(r, data)} for r, data in changed]
        self._run_batches(tx, f"{collection}_upsert", rows)

    def _link(self, tx: Tx, collection: str, changed: list[tuple[Any, str]]) -> None:
        """Draw the relationships that mirror a node's references."""
        records = [r for r, _ in changed]
        links: list[tuple[str, list[dict[str, Any]], str]] = []
        if collection == "units":
            links = [("units_link_org", [{"id": u.id, "org": u.org} for u in records], "organisations of units"),
                     ("units_link_parent", [{"id": u.id, "parent": u.parent} for u in records if u.parent],
                      "parent units")]
        elif collection == "people":
            links = [
                ("people_link_org", [{"id": p.id, "org": p.org} for p in records], "organisations of people"),
                ("people_link_unit", [{"id": p.id, "unit": p.unit} for p in records if p.unit], "units of people"),
                ("people_link_manager", [{"id": p.id, "manager": p.reports_to} for p in records if p.reports_to],
                 "managers"),
            ]
        elif collection == "opportunities":
            links = [
                ("opportunities_link_account", [{"id": o.id, "account": o.account} for o in records],
                 "accounts of opportunities"),
                ("opportunities_link_committee", [
                    {"id": o.id, "person": m.person, "props": {
                        k: v for k, v in {"roles": [r.value for r in m.roles] or None, "stance": _value(m.stance),
                                          "influence": _value(m.influence), "mode": _value(m.mode)}.items()
                        if v is not None}}
                    for o in records for m in o.committee], "committee members"),
            ]
        for name, rows, what in links:
            self._run_batches(tx, name, rows, count="linked", what=what)

    def _upsert_relationships(self, tx: Tx, collection: str,
                              changed: list[tuple[Any, str]]) -> None:
        rows = []
        for r, data in changed:
            a, b = record_key(r)
            rows.append({"a": a, "b": b, "props": _props(r, data)})
        ends = "units or products" if collection == "adoption" else "people"
        self._run_batches(tx, f"{collection}_upsert", rows, count="written", what=f"{ends} of {collection} records")

    def _delete(self, tx: Tx, collection: str, keys: list[Any]) -> None:
        for batch in _batches(keys, self.batch_size):
            if collection in NODE_LABELS:
                self._rows(tx, f"{collection}_delete", ids=list(batch))
            else:
                pairs = [k if collection != "knows" else tuple(sorted(k)) for k in batch]
                self._rows(tx, f"{collection}_delete", keys=[{"a": a, "b": b} for a, b in pairs])
