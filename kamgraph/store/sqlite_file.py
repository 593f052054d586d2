"""The SQLite store's file: opening it (WAL, foreign keys, secure delete), creating it at
the first write, migrating an older schema in place (:mod:`.sqlite_schema`), and folding
the write-ahead log back after an erasure. :class:`~kamgraph.store.sqlite.SQLiteStore`
builds the store's primitives on it."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

from ..errors import StoreError
from .sqlite_schema import MIGRATIONS, SCHEMA_VERSION, TABLES, search_of_json

__all__ = ["LATE_INDEXED", "PAGE_SIZE", "SQLiteFile"]

#: The page size of a store file this code creates (SQLite's default is 4,096 bytes): a first
#: import of 100,000 people writes a quarter as many pages to the write-ahead log, 0.2-0.3 s
#: less CPU time (mostly the system's), and reads of accounts, dumps and searches measured
#: the same. A file keeps the page size it was created with.
PAGE_SIZE = 16384

#: The tables whose own indexes a first write makes at its commit (:meth:`SQLiteFile._indexes_later`).
LATE_INDEXED = ("units", "people", "knows", "influences", "opportunities", "committee")


class SQLiteFile:
    """One SQLite file (``:memory:`` for a throw-away one), created at the first write."""

    url: str

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """A write transaction (the store's)."""
        raise NotImplementedError

    def __init__(self, path: str | Path, *, create: bool = True):
        self.url = str(path)
        # A missing file is created at the first write, not now: an import refused (or a dry
        # run) leaves no store behind. Until then reads see an empty store in memory.
        self._pending = self.url != ":memory:" and not Path(self.url).exists()
        self._fresh = False  # the file was just created by this store's first write
        self._references_at_commit = False  # this write's references are checked at its commit (_begin_write)
        self._late_indexes: list[str] = []  # the indexes this write makes at its commit (_indexes_later)
        if self._pending and not create:
            raise StoreError(f"{self.url}: no kamgraph store here yet; create one with: kamgraph import FILE...")
        self.db = self._connect(":memory:" if self._pending else self.url)

    def _connect(self, target: str, *, new: bool = False) -> sqlite3.Connection:
        try:
            self.db = sqlite3.connect(target, isolation_level=None, timeout=10)
            self.db.create_function("kg_search", 1, search_of_json, deterministic=True)
            if new:  # before the file has a page: pages of PAGE_SIZE from then on
                self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA secure_delete = ON")  # erased people leave no bytes behind
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.url}: cannot open the store: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.url}: cannot open as a kamgraph store: {exc}") from None
        return self.db

    def _create_file(self) -> None:
        """The first write to a store that had no file: create it now, and move the current
        transaction (if any) onto it. Reads so far saw an empty store: the write checks,
        under the write lock, that nobody filled the file meanwhile (see :meth:`_write`)."""
        memory, in_transaction = self.db, self.db.in_transaction
        try:
            Path(self.url).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.url}: cannot create the store: {exc.strerror}") from None
        self._connect(self.url, new=True)
        if in_transaction:
            memory.execute("ROLLBACK")
            self._references_at_commit = False  # the placeholder's, closed below
            self._begin_write()
        memory.close()
        self._pending, self._fresh = False, True

    def _begin_write(self) -> None:
        """``BEGIN IMMEDIATE``. A write into a store with no record checks its references at
        its commit, every row at once (``PRAGMA foreign_key_check``: a first import of 100,000
        people, 0.2-0.3 s less), instead of SQLite checking each as it is inserted: the same
        rows refused, the same error (see :meth:`_references_hold`). The emptiness is read
        before the lock: a store filled meanwhile is only checked whole at the commit."""
        db = self.db
        if self._no_records():
            db.execute("PRAGMA foreign_keys = OFF")  # no effect inside a transaction: set before it
            self._references_at_commit = True
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            self._references_checked()
            raise
        if self._references_at_commit:
            self._indexes_later()

    def _indexes_later(self) -> None:
        """In a write that began on a store with no record: drop the record tables' own
        indexes (not their keys), to make them again after its inserts (:meth:`_indexes_now`),
        each sorted once instead of grown row by row (a first import of 100,000 people: 0.1-0.2 s
        less). Nothing needs them meanwhile: the references are checked at the commit. Rolled
        back with the write, they are there again as they were."""
        found = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(LATE_INDEXED))}) ORDER BY rowid",
            LATE_INDEXED,
        ).fetchall()
        for name, _ in found:
            self.db.execute(f'DROP INDEX "{name}"')
        self._late_indexes = [sql for _, sql in found]

    def _indexes_now(self) -> None:
        """The indexes :meth:`_indexes_later` dropped, made again (the same statements, in the
        same order): after the write's inserts, before anything reads the tables again (an
        ``import-crm`` counts each account's people next), at the latest before the commit."""
        for sql in self._late_indexes:
            self.db.execute(sql)
        self._late_indexes = []

    def _no_records(self) -> bool:
        """Whether no table holds a record (``False`` while the schema is not made yet)."""
        try:
            return not any(self.db.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in TABLES)
        except sqlite3.OperationalError:  # no such table: the migration that makes them
            return False

    def _references_hold(self) -> bool:
        """Before the commit of a write :meth:`_begin_write` began with SQLite's reference
        checks off: whether every reference of every row holds (else the commit is refused
        as SQLite refuses it: ``FOREIGN KEY constraint failed``); its indexes made again first."""
        if not self._references_at_commit:
            return True
        self._indexes_now()
        return self.db.execute("PRAGMA foreign_key_check").fetchone() is None

    def _references_checked(self) -> None:
        """After the commit or rollback: SQLite checks each reference again."""
        self._late_indexes = []  # made again before the commit, or back with the rollback
        if self._references_at_commit:
            self._references_at_commit = False
            self.db.execute("PRAGMA foreign_keys = ON")

    def _still_empty(self, db: sqlite3.Connection) -> None:
        if any(db.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in TABLES):
            raise StoreError(
                f"{self.url}: another program created this store while this one read it; "
                "nothing was changed; run the command again"
            )

    def close(self) -> None:
        self.db.close()

    @property
    def exists(self) -> bool:
        """Whether the store's file exists (it is created by the first write)."""
        return not self._pending

    def _version(self) -> int:
        version: int = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.url}: made by a newer kamgraph (schema {version}); upgrade kamgraph")
        return version

    def _migrate(self) -> None:
        if self._version() == SCHEMA_VERSION:
            return  # opening a current store writes nothing: readers never wait for writers
        with self._transaction():
            version = self._version()  # again, under the write lock: another process may have won
            if version == 0:
                tables = self.db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
                if tables:
                    raise StoreError(f"{self.url}: an SQLite file, but not a kamgraph store")
            for n in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[n].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _purge_warnings(self) -> list[str]:
        if self.url == ":memory:":
            return []
        # A reader holding an older snapshot keeps the checkpoint from finishing: wait for it
        # a moment, not the full lock timeout.
        self.db.execute("PRAGMA busy_timeout = 1000")
        try:
            busy = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            self.db.execute("PRAGMA busy_timeout = 10000")
        if not busy:
            return []
        return [
            f"{self.url}: another program is reading the store, so the erased data stays in the store file "
            "until it closes; then run: kamgraph --store " + _shell_quote(self.url) + " purge"
        ]

    def purge(self) -> list[str]:
        """Fold the write-ahead log back into the store file and empty it, so that erased
        data leaves no bytes behind; what stopped it (another program reading), if anything."""
        return self._purge_warnings()


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
