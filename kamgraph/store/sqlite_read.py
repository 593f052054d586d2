"""The read primitives of an SQLite store: the queries an account, a look-up by id and a
people search run, written once over a decoder of the rows' JSON. :class:`~kamgraph.store.sqlite.SQLiteStore`
decodes them into the model's records (pydantic validates them); ``show`` reads them as plain
records without loading pydantic (:class:`~kamgraph.store.sqlite_plain.PlainReader`, issue 19).
No pydantic here.
"""

from __future__ import annotations

import abc
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from ..vocabulary import OrgKind
from .assembly import Team
from .sqlite_schema import TABLES

__all__ = ["IDS", "SQLiteReads", "id_list"]

G = TypeVar("G")

#: A set of ids bound as one parameter (``?1``: a JSON array of texts, see :func:`id_list`),
#: for the reads: one statement, where a temporary table of ids takes six and writes to it.
IDS = "(SELECT value FROM json_each(?1))"


def id_list(ids: Iterable[str]) -> str:
    """``ids`` as the JSON array :data:`IDS` reads, sorted (rows found through it come in
    the ids' order whatever the plan)."""
    return json.dumps(sorted(set(ids)))


class _Team(NamedTuple):
    version: int
    own: list[Any]
    ids: tuple[str, ...]
    orgs: frozenset[str]
    knows: list[Any]
    influences: list[Any]
    products: list[Any]


class SQLiteReads(abc.ABC, Generic[G]):
    """The reads of an SQLite store over :meth:`_decode` (rows of a collection's JSON →
    records), and :meth:`account` over :meth:`_assemble` (the account's graph, of type ``G``)."""

    db: sqlite3.Connection
    _team_cache: _Team | None = None
    # inside account(): the relations _neighbours read, kept for _relations (see account)
    _around: dict[str, tuple[frozenset[str], list[tuple[str, str, str]]]] | None = None

    @abc.abstractmethod
    def _decode(self, collection: str, rows: list[str]) -> list[Any]:
        """The records of ``collection`` stored as these JSON rows."""

    @abc.abstractmethod
    def _assemble(self, org_id: str) -> G:
        """One account's graph, from the primitives below (see
        :func:`~kamgraph.store.assembly.assemble_account`)."""

    def _load(self, collection: str, where: str = "", params: Iterable[Any] = ()) -> list[Any]:
        rows = self.db.execute(f"SELECT data FROM {collection} {where}", tuple(params))
        return self._decode(collection, [r[0] for r in rows])

    def _get(self, collection: str, ids: Iterable[str]) -> Mapping[str, Any]:
        if self.db.execute(f"SELECT 1 FROM {collection} LIMIT 1").fetchone() is None:
            return {}  # nothing stored (a first import's look-ups): no list of ids to send
        return {r.id: r for r in self._load(collection, f"WHERE id IN {IDS}", [id_list(ids)])}

    def _team_cached(self) -> _Team:
        """Our own people, the relations among them and our products: the same for every
        account, so read once and kept until the store changes (a write through this store,
        or another connection's commit, which ``PRAGMA data_version`` reveals)."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if self._team_cache is None or self._team_cache.version != version:
            own = self._load(
                "people", "WHERE org IN (SELECT id FROM organisations WHERE kind = ?)", [OrgKind.own.value]
            )
            ids = tuple(p.id for p in own)
            team = [id_list(ids)]
            knows = self._load("knows", f"WHERE a IN {IDS} AND b IN {IDS}", team)
            influences = self._load("influences", f"WHERE source IN {IDS} AND target IN {IDS}", team)
            orgs = frozenset(p.org for p in own)
            self._team_cache = _Team(version, own, ids, orgs, knows, influences, self._load("products"))
        return self._team_cache

    # --- the primitives of Store.account ---------------------------------------------------

    def _team(self) -> Team:
        cached = self._team_cached()
        return Team(cached.own, cached.knows, cached.influences, cached.products, cached.ids, cached.orgs)

    def _people_of(self, org_id: str) -> list[Any]:
        return self._load("people", "WHERE org = ?", [org_id])

    def account(self, org_id: str) -> G:
        # Store.account asks for the neighbours of the account's people, then for the
        # relations touching them and those neighbours: the relations touching the people
        # are read once, by _neighbours, and kept for _relations for the length of this call.
        self._around = {}
        try:
            return self._assemble(org_id)
        finally:
            self._around = None

    def _touching(self, collection: str, ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """The rows ``(a, b, data)`` of ``collection`` from or to one of ``ids``, each once,
        by key."""
        a, b = TABLES[collection][0]
        return self.db.execute(
            f"SELECT {a}, {b}, data FROM {collection} WHERE {a} IN {IDS} "
            f"UNION ALL SELECT {a}, {b}, data FROM {collection} WHERE {b} IN {IDS} AND {a} NOT IN {IDS} "
            "ORDER BY 1, 2",
            [id_list(ids)],
        ).fetchall()

    def _neighbours(self, ids: set[str]) -> set[str]:
        out: set[str] = set()
        for collection in ("knows", "influences"):
            rows = self._touching(collection, ids)
            if self._around is not None:
                self._around[collection] = (frozenset(ids), rows)
            for x, y, _ in rows:
                out.add(y if x in ids else x)
        return out

    def _relations(self, collection: str, touching: set[str], among: set[str]) -> list[Any]:
        known = self._around.pop(collection, None) if self._around is not None else None
        if known is not None and known[0] <= touching:
            read, rows = known
            rest = touching - read
            if rest:  # the relations of the neighbours that are not to or from the people read
                more = [r for r in self._touching(collection, rest) if r[0] not in read and r[1] not in read]
                rows = sorted([*rows, *more])
        else:
            rows = self._touching(collection, touching)
        return self._decode(collection, [data for x, y, data in rows if x in among and y in among])

    def _units_of(self, org_id: str) -> list[Any]:
        return self._load("units", "WHERE org = ?", [org_id])

    def _adoption_of(self, unit_ids: list[str]) -> list[Any]:
        return self._load("adoption", f"WHERE unit IN {IDS}", [id_list(unit_ids)])

    def _opportunities_of(self, org_id: str) -> list[Any]:
        return self._load("opportunities", "WHERE account = ?", [org_id])

    def account_ids(self) -> list[str]:
        rows = self.db.execute("SELECT id FROM organisations WHERE kind = ? ORDER BY name, id", [OrgKind.client.value])
        return [r[0] for r in rows]

    def _people_like(self, needle: str, org: str | None) -> Iterator[Any]:
        where, params = [], []
        if needle:
            where.append("instr(search, ?) > 0")  # folded once on write: the exact match
            params.append(needle)
        if org:
            where.append("org = ?")
            params.append(org)
        clause = ("WHERE " + " AND ".join(where) + " ") if where else ""
        rows = self.db.execute(f"SELECT data FROM people {clause}ORDER BY name, id", params)
        while batch := rows.fetchmany(200):  # decoded a batch at a time (the search stops at its limit)
            yield from self._decode("people", [data for (data,) in batch])
