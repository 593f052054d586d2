"""Read-only answers straight from an SQLite store's rows, without pydantic (issue 19: a CLI
that answers at once).

Importing pydantic and building kamgraph's models costs a command about 60-80 ms of CPU
before it reads anything; ``kamgraph accounts`` spends a few milliseconds reading. Every row
of an SQLite store was validated by the model when kamgraph wrote it, so a command that only
formats rows can read them as they are: :func:`open_plain` opens the file read-only when its
schema is this kamgraph's, and a reader such as :func:`account_summaries` turns its rows
into the same values the validated records give, by the same rules (here:
:func:`~kamgraph.store.summary_rule.summary_fields`; ``show`` reads whole records as plain
ones: :mod:`kamgraph.store.plain_reader`).

A reader answers ``None`` whenever a row does not look as kamgraph writes it (a file edited
by hand): the command then reads through the store as always, and the model says what is
wrong. The answer is never a guess.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

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


class _Unlike(Exception):
    """A stored value of another shape than kamgraph writes."""


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


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record[key]
    if value is not None and not isinstance(value, str):
        raise _Unlike(key)
    return value


def _id(record: dict[str, Any], key: str) -> str:
    value = _text(record, key)
    if not value:
        raise _Unlike(key)
    return value


def _number(record: dict[str, Any], key: str) -> float | None:
    """An amount or a value: a number, never negative (the model's ``ge=0``)."""
    value = record[key]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise _Unlike(key)  # (Python's JSON reads NaN and Infinity, which kamgraph never writes)
    return float(value)


def _day(record: dict[str, Any], key: str) -> dt.date | None:
    value = _text(record, key)
    if value is None:
        return None
    if len(value) != 10:  # kamgraph writes YYYY-MM-DD
        raise _Unlike(key)
    return dt.date.fromisoformat(value)


def _organisation(data: str) -> SimpleNamespace:
    o = json.loads(data)
    return SimpleNamespace(
        id=_id(o, "id"),
        name=_id(o, "name"),
        industry=_text(o, "industry"),
        tier=_text(o, "tier"),
        value=_number(o, "value"),
        currency=_text(o, "currency"),
    )


def _opportunity(data: str) -> SimpleNamespace:
    o = json.loads(data)
    if not isinstance(o["open"], bool):
        raise _Unlike("open")
    return SimpleNamespace(
        is_open=o["open"], amount=_number(o, "amount"), currency=_text(o, "currency"), close_date=_day(o, "close_date")
    )


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
            summary_fields(_organisation(data), people, [_opportunity(x) for x in json.loads(deals)])
            for data, people, deals in rows
        ]
    except (_Unlike, KeyError, TypeError, ValueError, sqlite3.Error):
        return None
