"""How the store keeps its change log (:mod:`kamgraph.store.changes`): written once for
every backend, as a part of :class:`~kamgraph.store.base.Store`. A write's entries come from
the diff the write computes anyway (``ImportReport.diffs``) and the records it deletes, and
are appended inside the write's own transaction: an import refused, or one that changes
nothing, records nothing. Each backend provides three primitives: append, read, delete."""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable, Mapping
from itertools import groupby, repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..model import Note, Person, record_key
from ..origins import files_of
from .changes import (
    PAIR_FIELDS,
    Change,
    ChangeQuery,
    ChangeRow,
    Creations,
    Entries,
    author,
    entries,
    key_text,
    note_texts,
    pack_creations,
    removal,
)
from .erasure import mentions
from .rules import BY_ID, Tally, canonical_json, same_json

if TYPE_CHECKING:
    from ..model import Adoption, Graph

__all__ = ["DEFAULT_SOURCE", "Recording", "source_of"]

#: The source of a write made through the Python API with none given.
DEFAULT_SOURCE = "api"
#: The field naming the organisation a record created belongs to (organisations: its own id).
_OWNER = {"people": "org", "units": "org", "opportunities": "account"}
#: The parts of a diff (collection, key, stored JSON, record) a change log reads.
_COLLECTION_OLD, _KEY, _RECORD, _NAME = itemgetter(0, 2), itemgetter(1), itemgetter(3), attrgetter("name")


def source_of(source: str | None, origin: Mapping[tuple[str, Any], str] | None) -> Any:
    """How each entry's source is chosen: ``source`` when given; else the file the record
    came from (``origin``); else the files of the whole write; else :data:`DEFAULT_SOURCE`."""
    if source is not None:  # one answer for every record (the files not even gathered: a CRM's are per row)
        return lambda collection, key: source
    named = files_of(origin)
    files = ", ".join(sorted(named))
    if len(named) <= 1:  # one answer for every record (no table of them asked for)
        one = files or DEFAULT_SOURCE
        return lambda collection, key: one

    def pick(collection: str, key: Any) -> str:
        return (origin or {}).get((collection, key)) or files or DEFAULT_SOURCE

    return pick


class Recording(abc.ABC):
    """The change-log half of the store contract."""

    # --- primitives each backend provides -------------------------------------------------

    @abc.abstractmethod
    def _append_changes(self, rows: Entries) -> None:
        """Append these entries, in this order, inside the current write transaction; each
        gets the next sequence number (each record of a run of creations, one after another)."""

    @abc.abstractmethod
    def _read_changes(self, query: ChangeQuery) -> list[Change]:
        """The entries ``query`` selects, in sequence order."""

    @abc.abstractmethod
    def _delete_changes(self, seqs: list[int]) -> None:
        """Delete these entries (erasure only: the log is otherwise append-only)."""

    # what the store's other half provides
    @abc.abstractmethod
    def get(self, collection: str, ids: Iterable[str]) -> Mapping[str, BaseModel]: ...

    @abc.abstractmethod
    def _relations(self, collection: str, touching: set[str], among: set[str]) -> list[Any]: ...

    @abc.abstractmethod
    def _adoption_of(self, unit_ids: list[str]) -> list[Adoption]: ...

    # --- reading --------------------------------------------------------------------------

    def changes(
        self,
        *,
        records: Iterable[tuple[str, Any]] | None = None,
        org: str | None = None,
        people: Iterable[str] | None = None,
        since: dt.datetime | dt.date | None = None,
        until: dt.datetime | dt.date | None = None,
    ) -> list[Change]:
        """The change-log entries about these records ((collection, key)), of this
        organisation, or naming these people (any of them; every entry when none is given),
        recorded from ``since`` up to, not including, ``until`` (a date is its midnight, UTC),
        oldest first.

        >>> from kamgraph.store import SQLiteStore
        >>> from kamgraph.model import Graph, Organisation
        >>> with SQLiteStore(":memory:") as store:
        ...     _ = store.import_graph(Graph(organisations=[Organisation(id="acme", name="Acme")]), source="demo")
        ...     [(c.kind.value, c.key, c.new, c.source) for c in store.changes(org="acme")]
        [('created', 'acme', 'Acme', 'demo')]
        """
        query = ChangeQuery(
            records=None if records is None else [(c, key_text(c, k)) for c, k in records],
            org=org,
            people=None if people is None else sorted(set(people)),
            since=_moment(since),
            until=_moment(until),
        )
        return self._read_changes(query)

    def carry_changes(self, entries: Iterable[Change]) -> int:
        """Append another store's entries (``copy``): each keeps when, which record and field,
        the values, the source and the author, and gets this store's next sequence number, in
        the order given. One already here (the same in all but its number) is not appended
        again, so copying twice carries nothing twice. Call inside a write transaction; the
        number appended is returned."""
        here: dict[tuple[Any, ...], int] = {}
        for c in self._read_changes(ChangeQuery()):
            here[_content(c)] = here.get(_content(c), 0) + 1
        rows = []
        for c in entries:
            key = _content(c)
            if here.get(key, 0) > 0:
                here[key] -= 1
                continue
            values = c.model_dump(exclude={"seq"})
            rows.append(ChangeRow(**values))
        if rows:
            self._append_changes(pack_creations(rows))
        return len(rows)

    # --- writing (called by Store inside the write's transaction) --------------------------

    def _removals(self, deletions: Mapping[str, list[Any]], at: dt.datetime, source: Any, who: str) -> list[ChangeRow]:
        """The entries of these deletions: every leaf of each record deleted, then the record."""
        rows: list[ChangeRow] = []
        for collection, keys in deletions.items():
            for record in self._deleted(collection, keys):
                rows += removal(record, at=at, source=source(collection, record_key(record)), who=who)
        return rows

    def _deleted(self, collection: str, keys: list[Any]) -> list[Any]:
        if not keys:
            return []
        if collection in BY_ID:
            found = self.get(collection, keys)
            return [found[k] for k in keys if k in found]
        wanted = {tuple(k) for k in keys}
        if collection == "adoption":
            records: list[Any] = self._adoption_of(sorted({k[0] for k in wanted}))
        else:
            ends = {x for k in wanted for x in k}
            records = self._relations(collection, ends, ends)
        return [r for r in records if record_key(r) in wanted]

    def _record(
        self,
        report: Tally,
        removed: list[ChangeRow],
        source: str | None,
        origin: Mapping[tuple[str, Any], str] | None,
        who: str | None,
        at: dt.datetime,
    ) -> None:
        """Append the entries of a write: what it removed, then what it changed (the records
        it created as runs of :class:`~kamgraph.store.changes.Creations`, in order)."""
        pick = source_of(source, origin)
        # the source of every entry, when it is one: the one given, else the one file all came from
        fixed: str | None = source
        if fixed is None and len(files := files_of(origin)) <= 1:
            fixed = next(iter(files)) if files else DEFAULT_SOURCE
        writer = who or author()
        rows: list[ChangeRow | Creations] = list(removed)
        # the diffs come a collection at a time: the records created in a row (old is None)
        # are one group, cut into runs by organisation and source with their keys read in C
        for (collection, old), group in groupby(report.diffs, _COLLECTION_OLD):
            if old is not None:
                for _, key, old_json, record in group:
                    rows += entries(collection, key, old_json, record, at=at, source=pick(collection, key), who=writer)
                continue
            created = list(group)
            keys = list(map(_KEY, created))
            records = list(map(_RECORD, created))
            if collection in PAIR_FIELDS:  # no name, no organisation
                orgs: list[Any] = [None] * len(keys)
                names: list[Any] = orgs
            else:
                attr = _OWNER.get(collection)
                if collection == "organisations":
                    orgs = keys
                else:
                    orgs = list(map(attrgetter(attr), records)) if attr else [None] * len(keys)
                names = list(map(_NAME, records))
            sources = repeat(fixed) if fixed is not None else map(pick, repeat(collection), keys)
            start = 0
            for (org, src), run in groupby(zip(orgs, sources, strict=False)):
                size = len(list(run))
                rows.append(
                    Creations(at, collection, src, writer, org, keys[start : start + size], names[start : start + size])
                )
                start += size
        report.diffs = []
        if rows:
            self._append_changes(rows)

    def _stored_before(self, upserts: Graph) -> dict[tuple[str, Any], str]:
        """The stored JSON of the records ``upserts`` rewrites, read before a write that also
        deletes: a backend may compare against the record with the deleted parts already gone
        (Neo4j: a seat goes with its person), and the log must say the seat went."""
        out: dict[tuple[str, Any], str] = {}
        for collection in BY_ID:
            ids = [r.id for r in getattr(upserts, collection)]
            if ids:
                out |= {(collection, k): canonical_json(r) for k, r in self.get(collection, ids).items()}
        return out

    @staticmethod
    def _diff_against(report: Tally, upserts: Graph, stored: Mapping[tuple[str, Any], str]) -> None:
        """``report.diffs`` made against ``stored`` for the records read there."""
        kept = [d for d in report.diffs if (d[0], d[1]) not in stored]
        for collection in BY_ID:
            for r in getattr(upserts, collection):
                old = stored.get((collection, r.id))
                if old is not None and not same_json(old, canonical_json(r)):
                    kept.append((collection, r.id, old, r))
        report.diffs = kept

    def _erase_history(self, person: Person) -> None:
        """Delete every entry that names ``person`` (:meth:`_history_naming`)."""
        named = self._history_naming(person)
        if named:
            self._delete_changes(named)

    def _history_naming(self, person: Person) -> list[int]:
        """The entries that name ``person``: about their record, their relations and seats,
        their manager or reports, and notes that mention them (as erasure finds them)."""
        named = {c.seq for c in self._read_changes(ChangeQuery(people=[person.id]))}
        for c in self._read_changes(ChangeQuery(notes=True)):
            texts = [t for v in (c.old, c.new) if isinstance(v, list) for t in note_texts(v) if isinstance(t, str)]
            if any(mentions(Note(text=t), person, own_org=c.org == person.org) for t in texts):
                named.add(c.seq)
        return sorted(named)


def _content(c: Change) -> tuple[Any, ...]:
    """An entry without its sequence number (lists as tuples, so it can be a key)."""

    def plain(v: Any) -> Any:
        return tuple(v) if isinstance(v, list) else v

    return (c.at, c.kind, c.collection, c.key, c.field, c.item, plain(c.old), plain(c.new), c.source, c.author)


def _moment(when: dt.datetime | dt.date | None) -> dt.datetime | None:
    if when is None or isinstance(when, dt.datetime):
        return when
    return dt.datetime.combine(when, dt.time(), tzinfo=dt.UTC)
