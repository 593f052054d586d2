"""The connection to one Neo4j database, as the Neo4j store and its helper modules (schema,
upgrade, writes, change log) use it: :class:`Bolt`, a small public interface over the
official driver — run a named query (:meth:`Bolt.rows`), run work in the current
transaction or a managed one of its own (:meth:`Bolt.run`, :meth:`Bolt.write`), the one
explicit transaction under :meth:`Store.transaction` (:meth:`Bolt.begin`, :meth:`Bolt.commit`,
:meth:`Bolt.rollback`), and the driver's exceptions turned into one-line
:class:`~kamgraph.errors.StoreError` s in one place (:meth:`Bolt.errors`).

Neo4j isolates transactions at read-committed, not snapshots: a second read can see a write
that committed after the first. So every write bumps the version of the one
``(:KamgraphLock {id: 'store'})`` node first (which also takes the write lock: concurrent
read-merge-writes queue), and a read transaction notes the version when it starts and checks
it after every read: a write committed in between raises :class:`StoreChanged` instead of
returning a mix of two versions (the CLI runs the command again). Read committed also lets a
read see a record half redrawn by a write that commits meanwhile (a person between its old
``MEMBER_OF`` and its new one): a record that breaks the model is checked against the version
too, and read again when a write did commit.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import KamgraphError, StoreChanged, StoreConflict, StoreError
from .neo4j_connection import error_message
from .neo4j_records import ModelError
from .queries import query

if TYPE_CHECKING:
    import neo4j

    from .neo4j_connection import Neo4jSettings

    #: A transaction the store's work runs in: the driver's managed one or an explicit one.
    Tx = neo4j.ManagedTransaction | neo4j.Transaction

__all__ = ["DRIVER_EXTRAS", "LOCK_ID", "READ_ATTEMPTS", "Bolt", "Rows", "driver_module"]


class Rows(list[Any]):
    """A list parameter whose ``repr`` is short. The driver formats every RUN message for its
    debug log, parameters included, whether or not anything logs at that level: the ``repr``
    of a batch of 1,000 rows took as long as packing it (2.4 ms of 5.7 ms a statement)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} items>"


#: Libraries the driver imports only in case a caller hands it their values (numpy arrays and
#: pandas or pyarrow tables as parameters, ``Result.to_df``): kamgraph never does.
DRIVER_EXTRAS = ("numpy", "pandas", "pyarrow")


def driver_module() -> Any:
    """The ``neo4j`` driver, imported without :data:`DRIVER_EXTRAS` when nothing has imported
    them yet: numpy alone was 0.15-0.25 s of every Neo4j command's CPU. Imported later (an
    analysis loads numpy), each is the library it always is; only the driver goes without it."""
    if "neo4j" not in sys.modules:
        absent = [name for name in DRIVER_EXTRAS if name not in sys.modules]
        sys.modules.update(dict.fromkeys(absent))  # type: ignore[arg-type]  # None: "cannot import"
        try:
            import neo4j  # noqa: F401
        finally:
            for name in absent:
                if name in sys.modules and sys.modules[name] is None:
                    del sys.modules[name]
    return sys.modules["neo4j"]


LOCK_ID = "store"
#: How many times a read outside a transaction is run again while writes interleave.
READ_ATTEMPTS = 5

T = TypeVar("T")


class Bolt:
    """One database of one Neo4j server, through the driver: named queries, transactions and
    the driver's errors (it makes the driver; :meth:`close` closes it). ``batch_size`` is rows
    per ``UNWIND $rows`` statement; ``cache`` holds
    what the current transaction has read (the store's business; emptied with each transaction)."""

    def __init__(self, settings: Neo4jSettings, batch_size: int, connection_timeout: float = 10.0):
        self.settings = settings
        self.url = settings.display
        self.batch_size = batch_size
        driver = driver_module()  # lazy: opening an SQLite store never pays for the driver
        with self.errors("connect"):
            self.driver: neo4j.Driver = driver.GraphDatabase.driver(
                settings.uri,
                auth=settings.auth,
                connection_timeout=connection_timeout,
                max_transaction_retry_time=15.0,
                user_agent="kamgraph",
            )  # its notices stay off stderr: see neo4j_connection.quiet_driver_log
        self.tx: neo4j.Transaction | None = None  # the explicit transaction under Store.transaction
        self.writing = False  # whether that transaction writes
        self.cache: dict[str, dict[Any, Any]] = {}
        self._session: neo4j.Session | None = None
        self._version = 0
        self._checks_deferred = False

    def close(self) -> None:
        self.driver.close()

    @contextmanager
    def errors(self, what: str) -> Iterator[None]:
        """Turn the driver's exceptions into one-line :class:`StoreError` s (``what`` failed)."""
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

    @staticmethod
    def rows(tx: Tx, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named query of ``queries/*.cypher`` in ``tx``: its rows, as dicts."""
        result = tx.run(query(name).cypher, {k: Rows(v) if type(v) is list else v for k, v in params.items()})
        keys = result.keys()
        return [dict(zip(keys, r, strict=True)) for r in result]

    def session(self) -> neo4j.Session:
        """A session of its own (auto-commit statements: schema changes)."""
        return self.driver.session(database=self.settings.database)

    # --- the one explicit transaction -----------------------------------------------------

    def begin(self, write: bool) -> None:
        import neo4j

        with self.errors("start a transaction"):
            self._session = self.driver.session(
                database=self.settings.database, default_access_mode=neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
            )
            try:
                tx = self._session.begin_transaction()
                first = "store_lock" if write else "store_version"
                self._version = self.rows(tx, first, lock=LOCK_ID)[0]["version"]
            except BaseException:
                self._end()
                raise
        self.tx, self.writing, self.cache = tx, write, {}

    def commit(self) -> None:
        try:
            with self.errors("commit"):
                assert self.tx is not None
                self.tx.commit()
        finally:
            self._end()

    def rollback(self) -> None:
        try:
            if self.tx is not None and not self.tx.closed():
                with self.errors("roll back"):
                    self.tx.rollback()
        finally:
            self._end()

    def _end(self) -> None:
        session, self._session, self.tx, self.writing, self.cache = self._session, None, None, False, {}
        if session is not None:
            with self.errors("close the session"):
                session.close()

    @contextmanager
    def one_check(self) -> Iterator[None]:
        """Inside a read transaction: the reads inside are checked against the lock's version
        once, at the end, instead of after each (one answer made of several reads, such as
        an account, is used whole or not at all)."""
        if self.tx is None or self.writing or self._checks_deferred:
            yield
            return
        self._checks_deferred = True
        try:
            yield
        finally:
            self._checks_deferred = False
        with self.errors("read"):
            self._check_version(self.tx, self._version)

    def _check_version(self, tx: Tx, since: int) -> None:
        if self.rows(tx, "store_version", lock=LOCK_ID)[0]["version"] != since:
            raise StoreChanged(
                f"{self.url}: the store changed while it was being read (another import "
                "committed); run the command again"
            )

    # --- work ---------------------------------------------------------------------------------

    def run(self, work: Callable[[Tx], T], write: bool = False, what: str = "read", apart: bool = False) -> T:
        """``work`` in the current transaction, else in a managed one of its own (retried
        by the driver on transient failures): a write takes the lock first; a read of
        several statements is checked against the lock's version, and run again while
        writes interleave. ``apart``: a read in a transaction of its own even inside one
        that writes (it sees what is committed)."""
        if self.tx is not None and not (apart and self.writing and not write):
            if write and not self.writing:
                raise RuntimeError("a write inside a read transaction")
            with self.errors(what):
                try:
                    result = work(self.tx)
                except ModelError:
                    if not self.writing:  # a record read while a write redrew it: that write shows
                        self._check_version(self.tx, self._version)
                    raise
                if not self.writing and not self._checks_deferred:
                    self._check_version(self.tx, self._version)
                return result

        def locked(tx: Tx) -> T:
            self.rows(tx, "store_lock", lock=LOCK_ID)
            return work(tx)

        def consistent(tx: Tx) -> T:
            before = self.rows(tx, "store_version", lock=LOCK_ID)[0]["version"]
            try:
                result = work(tx)
            except ModelError:  # torn by a write that committed meanwhile? then read again
                self._check_version(tx, before)
                raise
            self._check_version(tx, before)
            return result

        for attempt in range(READ_ATTEMPTS):
            try:
                with self.errors(what), self.session() as session:
                    return session.execute_write(locked) if write else session.execute_read(consistent)
            except StoreChanged:
                if attempt == READ_ATTEMPTS - 1:
                    raise
                time.sleep(0.02 * 2**attempt)
        raise AssertionError("unreachable")

    def write(self, work: Callable[[Tx], T], what: str = "write") -> T:
        """``work`` in the current write transaction, else in one of its own that takes the lock."""
        return self.run(work, write=True, what=what)
