"""The transactions half of the store contract (:class:`~kamgraph.store.base.Store` is one):
nesting, commit or roll back, callbacks after the commit, and writes run again when a
concurrent writer wins (:class:`~kamgraph.errors.StoreConflict`). A backend provides
``_begin``, ``_commit``, ``_rollback`` and ``_write_transaction``."""

from __future__ import annotations

import abc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ..errors import StoreConflict

__all__ = ["WRITE_ATTEMPTS", "Transactions"]

T = TypeVar("T")

#: How many times a write transaction refused as a conflict (StoreConflict) is run again.
WRITE_ATTEMPTS = 5


class Transactions(abc.ABC):
    """One transaction at a time per store object, nested blocks joining the outermost."""

    _tx_depth: int = 0  # how deep in nested transaction() blocks we are (0: none)
    _tx_write: bool = False
    _tx_after: list[Callable[[], None]]  # run once the outermost transaction has committed

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[None]:
        """Everything inside is one transaction: it commits when the block ends normally
        and rolls back on any exception.

        ``write=False``: the reads inside see one snapshot (no torn reads).
        ``write=True``: the write lock is taken at the start, so what is read inside is
        still true when the writes inside commit (no lost update).

        Transactions nest: an inner one joins the outer one. A write transaction inside a
        read transaction is a programming error (``RuntimeError``).

        >>> from kamgraph.store import SQLiteStore
        >>> with SQLiteStore(":memory:") as store, store.transaction():
        ...     store.accounts(), store.find_people("ana")
        ([], [])
        """
        if self._tx_depth:
            if write and not self._tx_write:
                raise RuntimeError("a write transaction cannot start inside a read transaction")
            self._tx_depth += 1
            try:
                yield
            finally:
                self._tx_depth -= 1
            return
        self._tx_after = []
        self._begin(write)
        self._tx_depth, self._tx_write = 1, write
        try:
            yield
        except BaseException:
            self._tx_depth, self._tx_write = 0, False
            self._rollback()
            raise
        self._tx_depth, self._tx_write = 0, False
        self._commit()
        for then in self._tx_after:
            then()

    def _retrying(self, work: Callable[[], T]) -> T:
        """``work()`` in one write transaction, run again from the start (a few times) when
        the store refuses it as a conflict with a concurrent writer. Inside a transaction
        already, the outermost one owns the retry: ``work`` runs once."""
        if self._tx_depth:
            with self.transaction(write=True):
                return work()
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.transaction(write=True):
                    return work()
            except StoreConflict:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    @property
    def in_transaction(self) -> bool:
        return self._tx_depth > 0

    def _after_commit(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the outermost transaction has committed (at once when there is none)."""
        if self._tx_depth:
            self._tx_after.append(then)
        else:
            then()

    @abc.abstractmethod
    def _begin(self, write: bool) -> None:
        """Start the store's one transaction (taking the write lock when ``write``)."""

    @abc.abstractmethod
    def _commit(self) -> None:
        """Commit the transaction :meth:`_begin` started."""

    @abc.abstractmethod
    def _rollback(self) -> None:
        """Undo the transaction :meth:`_begin` started."""

    @abc.abstractmethod
    def _write_transaction(self, work: Callable[[Any], T]) -> T:
        """Run ``work`` in one write transaction (the current one, else one of its own),
        handing it the backend's transaction handle for the write primitives; a backend that
        retries a transaction runs ``work`` again from scratch."""
