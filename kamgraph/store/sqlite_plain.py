"""Read-only answers straight from an SQLite store's rows, without pydantic (issue 19: a CLI
that answers at once).

Importing pydantic and building kamgraph's models costs a command about 60-80 ms of CPU
before it reads anything; ``kamgraph accounts`` spends a few milliseconds reading. Every row
of an SQLite store was validated by the model when kamgraph wrote it, so a command that only
formats rows can read them as they are: :func:`open_plain` opens the file read-only when its
schema is this kamgraph's, and a reader such as :func:`account_summaries` turns its rows
into the same values the validated records give (plain records, decoded with the shape checks
of :mod:`~kamgraph.store.plain_records`), by the same rules (here:
:func:`~kamgraph.store.summary_rule.summary_fields`; ``show`` reads whole records as plain
ones: :mod:`kamgraph.store.plain_reader`).

A reader answers ``None`` whenever a row does not look as kamgraph writes it (a file edited
by hand): the command then reads through the store as always, and the model says what is
wrong. The answer is never a guess.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from .plain_records import Unlike, decode
from .sqlite_schema import SCHEMA_VERSION
from .summary_rule import summary_fields

__all__ = ["ACCOUNTS_QUERY", "CLIENT", "account_summaries", "open_plain"]

#: Every client organisation's record, its head-count and its opportunities' records (a JSON
#: array of texts), by name then id: what ``accounts`` reads (``SQLiteStore.accounts`` too).
ACCOUNTS_QUERY = """SELECT o.data,
                      (SELECT count(*) FROM people p WHERE p.org = o.id),
                      (SELECT json_group_array(x.data) FROM opportunities x WHERE x.account = o.id)
               FROM organisations o WHERE o.kind = ? ORDER BY o.name, o.id"""
#: ``OrgKind.client``'s value (a test checks they agree; the model is not imported here).
CLIENT = "client"


def open_plain(path: str) -> sqlite3.Connection | None:
    """A read-only connection to the SQLite store in the file ``path`` when its schema is
    this kamgraph's; ``None`` otherwise (no such file, another schema, not a store): the
    caller reads through :class:`~kamgraph.store.sqlite.SQLiteStore`, which says why."""
    if not os.path.isfile(path):
        return None
    db: sqlite3.Connection | None = None
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return db
    except sqlite3.Error:
        pass
    if db is not None:
        db.close()
    return None


def account_summaries(db: sqlite3.Connection) -> list[dict[str, Any]] | None:
    """What ``SQLiteStore.accounts()`` answers, as the summaries' JSON values (``None``: a
    row unlike kamgraph's, read through the store instead).

    >>> from kamgraph.store import SQLiteStore
    >>> account_summaries(SQLiteStore(":memory:").db)
    []
    """
    try:
        rows = db.execute(ACCOUNTS_QUERY, [CLIENT]).fetchall()
        return [
            summary_fields(decode("organisations", [data])[0], people, decode("opportunities", json.loads(deals)))
            for data, people, deals in rows
        ]
    except (Unlike, ValueError, sqlite3.Error):  # (a JSON array SQLite made is always JSON)
        return None
