"""An SQLite store's records read as plain records, without pydantic: what ``show`` reads
(issue 19: the model's import and first validation are most of a command's start-up).
The queries are the store's own (:class:`~kamgraph.store.sqlite_read.SQLiteReads`), and so
is the assembly of an account (:func:`~kamgraph.store.assembly.assemble_account`); the rows
are decoded by :func:`~kamgraph.store.plain_records.decode`, which refuses any row unlike
what kamgraph writes, and then :func:`read_plain` answers ``None``: the caller reads through
the store, whose model says what is wrong.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from types import SimpleNamespace
from typing import Any, TypeVar

from ..errors import KamgraphError
from .assembly import assemble_account, find_people
from .plain_records import PlainGraph, Unlike, decode
from .sqlite_plain import account_summaries
from .sqlite_read import SQLiteReads

__all__ = ["PlainReader", "read_plain"]

R = TypeVar("R")


class PlainReader(SQLiteReads[PlainGraph]):
    """An SQLite store's records read as plain records (:mod:`~kamgraph.store.plain_records`),
    by the store's own queries (:class:`~kamgraph.store.sqlite_read.SQLiteReads`) and its
    own assembly of an account (:func:`~kamgraph.store.assembly.assemble_account`): what
    ``show`` reads. A row unlike kamgraph's raises :class:`~kamgraph.store.plain_records.Unlike`
    (see :func:`read_plain`).

    >>> from kamgraph.store import SQLiteStore
    >>> PlainReader(SQLiteStore(":memory:").db).get("people", ["ana"])
    {}
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def _decode(self, collection: str, rows: list[str]) -> list[Any]:
        return decode(collection, rows)

    def _assemble(self, org_id: str) -> PlainGraph:
        # the team's records are this reader's own, read for this one answer: no copies
        return PlainGraph(**assemble_account(self, org_id, list))

    def accounts(self) -> list[SimpleNamespace]:
        """Every client account's summary, by name (as :meth:`Store.accounts
        <kamgraph.store.base.Store.accounts>`, its values as attributes)."""
        summaries = account_summaries(self.db)
        if summaries is None:
            raise Unlike("organisations")
        return [SimpleNamespace(**s) for s in summaries]

    def find_people(self, text: str | None = None, org: str | None = None, limit: int = 50) -> list[Any]:
        """As :meth:`Store.find_people <kamgraph.store.base.Store.find_people>`."""
        return find_people(self, text, org, limit)

    def get(self, collection: str, ids: Iterable[str]) -> Mapping[str, Any]:
        """The records of ``collection`` with these ids, by id (as :meth:`Store.get
        <kamgraph.store.base.Store.get>`)."""
        return self._get(collection, ids)


def read_plain(db: sqlite3.Connection, read: Callable[[PlainReader], R | None]) -> R | None:
    """``read``'s answer over a :class:`PlainReader` of ``db``, all of it from one snapshot
    of the store; ``None`` when a row is unlike kamgraph's, or the store says no (no such
    record, another schema): the caller reads through the store instead, which says why."""
    try:
        db.execute("BEGIN")  # one snapshot for every query of the answer
        try:
            return read(PlainReader(db))
        finally:
            db.rollback()
    except (Unlike, KamgraphError, sqlite3.Error):
        return None
