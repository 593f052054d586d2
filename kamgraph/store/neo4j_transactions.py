"""Transactions over Bolt for :class:`~kamgraph.store.neo4j.Neo4jStore`: the primitives
under :meth:`Store.transaction` (``_begin``, ``_commit``, ``_rollback``), and every
primitive's work run inside the current transaction or a managed one of its own.

Neo4j isolates transactions at read-committed, not snapshots: a second read can see a write
that committed after the first. So every write bumps the version of the one
``(:KamgraphLock {id: 'store'})`` node first (which also takes the write lock: concurrent
read-merge-writes queue), and a read transaction notes the version when it starts and checks
it after every read: a write committed in between raises :class:`StoreChanged` instead of
returning a mix of two versions (the CLI runs the command again).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import StoreChanged

if TYPE_CHECKING:
    import neo4j

    from .neo4j_connection import Neo4jSettings

    #: A transaction the store's work runs in: the driver's managed one or an explicit one.
    Tx = neo4j.ManagedTransaction | neo4j.Transaction

__all__ = ["LOCK_ID", "READ_ATTEMPTS", "BoltTransactions"]

LOCK_ID = "store"
#: How many times a read outside a transaction is run again while writes interleave.
READ_ATTEMPTS = 5

T = TypeVar("T")


class BoltTransactions:
    """The transaction half of the Neo4j store (a mixin: the store gives the driver)."""

    driver: neo4j.Driver
    settings: Neo4jSettings
    url: str
    batch_size: int
    _session: neo4j.Session | None
    _tx: neo4j.Transaction | None
    _tx_write: bool
    _tx_version: int
    _checks_deferred: bool = False
    _cache: dict[str, dict[str, Any]]

    def _errors(self, what: str) -> AbstractContextManager[None]:
        raise NotImplementedError

    @staticmethod
    def _rows(tx: Tx, name: str, **params: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _begin(self, write: bool) -> None:
        import neo4j

        with self._errors("start a transaction"):
            self._session = self.driver.session(
                database=self.settings.database, default_access_mode=neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
            )
            try:
                tx = self._session.begin_transaction()
                first = "store_lock" if write else "store_version"
                self._tx_version = self._rows(tx, first, lock=LOCK_ID)[0]["version"]
            except BaseException:
                self._end()
                raise
        self._tx, self._tx_write, self._cache = tx, write, {}

    def _commit(self) -> None:
        try:
            with self._errors("commit"):
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
        session, self._session, self._tx, self._tx_write, self._cache = self._session, None, None, False, {}
        if session is not None:
            with self._errors("close the session"):
                session.close()

    @contextmanager
    def _one_check(self) -> Iterator[None]:
        """Inside a read transaction: the reads inside are checked against the lock's version
        once, at the end, instead of after each (one answer made of several reads, such as
        an account, is used whole or not at all)."""
        if self._tx is None or self._tx_write or self._checks_deferred:
            yield
            return
        self._checks_deferred = True
        try:
            yield
        finally:
            self._checks_deferred = False
        with self._errors("read"):
            self._check_version(self._tx, self._tx_version)

    def _check_version(self, tx: Tx, since: int) -> None:
        if self._rows(tx, "store_version", lock=LOCK_ID)[0]["version"] != since:
            raise StoreChanged(
                f"{self.url}: the store changed while it was being read (another import "
                "committed); run the command again"
            )

    def _run(self, work: Callable[[Tx], T], write: bool = False, what: str = "read") -> T:
        """``work`` in the current transaction, else in a managed one of its own (retried
        by the driver on transient failures): a write takes the lock first; a read of
        several statements is checked against the lock's version, and run again while
        writes interleave."""
        if self._tx is not None:
            if write and not self._tx_write:
                raise RuntimeError("a write inside a read transaction")
            with self._errors(what):
                result = work(self._tx)
                if not self._tx_write and not self._checks_deferred:
                    self._check_version(self._tx, self._tx_version)
                return result

        def locked(tx: Tx) -> T:
            self._rows(tx, "store_lock", lock=LOCK_ID)
            return work(tx)

        def consistent(tx: Tx) -> T:
            before = self._rows(tx, "store_version", lock=LOCK_ID)[0]["version"]
            result = work(tx)
            self._check_version(tx, before)
            return result

        for attempt in range(READ_ATTEMPTS):
            try:
                with self._errors(what), self.driver.session(database=self.settings.database) as session:
                    return session.execute_write(locked) if write else session.execute_read(consistent)
            except StoreChanged:
                if attempt == READ_ATTEMPTS - 1:
                    raise
                time.sleep(0.02 * 2**attempt)
        raise AssertionError("unreachable")

    def _write_tx(self, work: Callable[[Tx], T], what: str = "write") -> T:
        return self._run(work, write=True, what=what)
