"""The change log: what every write changed, field by field, kept by the store (see
:meth:`~kamgraph.store.base.Store.import_graph`) and read back by :mod:`kamgraph.history`.

A record is flattened into *leaves*, each a ``(field, item)`` pair holding a value a
property can hold (text, a number, a flag, a list of texts): ``("stance", None)``,
``("committee.stance", "ana")`` for Ana's seat on a deal, ``("ids", "salesforce")`` for an
outside id, ``("notes", None)`` for the notes (each as the JSON text of its text, date and
author: :func:`note_value`; entries written before held the texts alone, and still read). A
write is then logged as

- ``created``: one entry for a new record (``new`` is its name, when it has one);
- ``updated``: one entry per leaf whose value changed (``old`` → ``new``; ``None`` is unset);
- ``removed``: one entry per leaf it held (``old``), then one for the record itself.

So the state at any moment is the current state with the later entries undone, newest
first (:func:`leaves` and :func:`unflatten` go each way). What is lost on the way back: the
order of committee seats (and the dates and authors of notes logged before they were kept).

>>> rows = entries("people", "ana", '{"id": "ana", "name": "Ana", "org": "acme", "stance": "neutral"}',
...                {"id": "ana", "name": "Ana", "org": "acme", "stance": "supporter"})
>>> [(r.field, r.old, r.new, r.people) for r in rows]
[('stance', 'neutral', 'supporter', ['ana'])]
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from ..model import Knows, record_key

__all__ = [
    "AUTHOR_ENV",
    "Change",
    "ChangeKind",
    "ChangeQuery",
    "ChangeRow",
    "Creations",
    "Entries",
    "author",
    "created_people",
    "creation",
    "entries",
    "key_text",
    "leaves",
    "note_texts",
    "note_value",
    "notes_of",
    "pack_creations",
    "plain_rows",
    "removal",
    "unflatten",
]

#: The environment variable naming who makes a write (else the user logged in).
AUTHOR_ENV = "KAMGRAPH_USER"

#: The fields a pair-keyed record's key is made of (by alias, as in the file format).
PAIR_FIELDS = {"knows": ("a", "b"), "influences": ("from", "to"), "adoption": ("unit", "product")}
#: The ``item`` of a list of records kept as their JSON texts (no id is blank).
JSON_ITEMS = ""
#: The collections whose key is two people.
_PAIRS_OF_PEOPLE = ("knows", "influences")
#: Fields that name a person (their values are person ids).
PERSON_REFS = frozenset({"reports_to"})


class ChangeKind(StrEnum):
    created = "created"
    updated = "updated"
    removed = "removed"


@dataclass(slots=True)
class ChangeRow:
    """One entry as a write appends it (the store gives it its ``seq``; :class:`Change` is
    the entry read back). A plain dataclass: an import of 100,000 records builds as many."""

    at: dt.datetime
    kind: ChangeKind
    collection: str
    key: str  # the record's id; a pair's two ids separated by a space
    source: str
    author: str
    field: str | None = None  # the changed field; none for a record created or removed
    item: str | None = None  # which part of the field: a seat's person, an outside id's system
    old: Any = None
    new: Any = None
    org: str | None = None  # the organisation the record belongs to, when it has one
    people: list[str] = dataclass_field(default_factory=list)  # the people it names (erasure removes it)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


class Change(BaseModel):
    """One entry of the change log (``kamgraph history --json``). ``seq`` orders them:
    entries of one write share ``at``."""

    seq: int
    at: dt.datetime
    kind: ChangeKind
    collection: str
    key: str = Field(description="the record's id; a pair's two ids separated by a space")
    field: str | None = Field(default=None, description="the changed field; none for a record created or removed")
    item: str | None = Field(
        default=None, description="which part of the field: the person of a committee seat, the system of an outside id"
    )
    old: Any = None
    new: Any = None
    source: str
    author: str
    org: str | None = Field(default=None, description="the organisation the record belongs to, when it has one")
    people: list[str] = Field(default_factory=list, description="the people the entry names (erasure removes it)")


def author() -> str:
    """Who writes: ``$KAMGRAPH_USER``, else the user logged in, else ``unknown``."""
    name = os.environ.get(AUTHOR_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return "unknown"


def key_text(collection: str, key: Any) -> str:
    """A record key as the log keeps it: the id, or the pair's ids with a space (ids have none)."""
    return " ".join(key) if isinstance(key, tuple) else str(key)


def note_value(note: Mapping[str, Any]) -> str:
    """A note (its JSON dict) as the change log keeps it: the JSON text of its text, date and
    author, keys sorted, unset ones left out.

    >>> note_value({"text": "Golf on Fridays", "date": "2026-02-05", "by": None})
    '{"date": "2026-02-05", "text": "Golf on Fridays"}'
    """
    return json.dumps({k: note[k] for k in ("by", "date", "text") if note.get(k) is not None}, ensure_ascii=False)


def notes_of(values: Iterable[Any]) -> list[dict[str, Any]]:
    """The notes (JSON dicts) a logged ``notes`` value holds: :func:`note_value` texts, or
    the bare texts that entries written before dates and authors were kept hold.

    >>> notes_of(['{"by": "sam", "date": "2026-02-05", "text": "Golf"}', "Budget in March"])
    [{'by': 'sam', 'date': '2026-02-05', 'text': 'Golf'}, {'text': 'Budget in March'}]
    """
    out = []
    for v in values:
        note: Any = None
        if isinstance(v, str) and v.startswith("{"):
            try:
                note = json.loads(v)
            except ValueError:
                note = None
        out.append(note if isinstance(note, dict) and isinstance(note.get("text"), str) else {"text": str(v)})
    return out


def note_texts(values: Any) -> Any:
    """A logged ``notes`` value as the texts of its notes (what ``history`` shows); any
    other value as it is."""
    return [n["text"] for n in notes_of(values)] if isinstance(values, list) else values


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def leaves(collection: str, data: Mapping[str, Any]) -> dict[tuple[str, str | None], Any]:
    """A record (its JSON dict, by alias) as ``(field, item) → value``, unset fields left out.

    >>> leaves("opportunities", {"id": "o1", "account": "acme", "name": "Deal", "ids": {"sf": "006"},
    ...     "committee": [{"person": "ana", "roles": ["champion"], "primary": False}]})
    {('account', None): 'acme', ('name', None): 'Deal', ('ids', 'sf'): '006', ('committee', 'ana'): True, \
('committee.roles', 'ana'): ['champion'], ('committee.primary', 'ana'): False}
    """
    skip = {"id", *PAIR_FIELDS.get(collection, ())}
    out: dict[tuple[str, str | None], Any] = {}
    for name, value in data.items():
        if name in skip or _empty(value):
            continue
        if name == "committee":
            for seat in value:
                person = seat["person"]
                out[("committee", person)] = True
                for k, v in seat.items():
                    if k != "person" and not _empty(v):
                        out[(f"committee.{k}", person)] = v
        elif name == "ids":
            out.update({("ids", system): v for system, v in value.items()})
        elif name == "notes":
            out[("notes", None)] = [note_value(n) for n in value]
        elif isinstance(value, dict):  # a mapping of plain values: one leaf per key
            out.update({(name, k): v for k, v in value.items()})
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            # a list of records (a property holds no maps): each as its canonical JSON text
            out[(name, JSON_ITEMS)] = [json.dumps(v, ensure_ascii=False, sort_keys=True) for v in value]
        else:
            out[(name, None)] = value
    return out


def unflatten(collection: str, key: str, values: Mapping[tuple[str, str | None], Any]) -> dict[str, Any]:
    """The record's JSON dict again, from its key and :func:`leaves`."""
    if collection in PAIR_FIELDS:
        data: dict[str, Any] = dict(zip(PAIR_FIELDS[collection], key.split(" "), strict=True))
    else:
        data = {"id": key}
    seats: dict[str, dict[str, Any]] = {}
    for (field, item), value in values.items():
        if field == "committee" and item is not None:
            seats.setdefault(item, {"person": item})
        elif field.startswith("committee.") and item is not None:
            seats.setdefault(item, {"person": item})[field.removeprefix("committee.")] = value
        elif field == "ids" and item is not None:
            data.setdefault("ids", {})[item] = value
        elif field == "notes":
            data["notes"] = notes_of(value)
        elif item == JSON_ITEMS:
            data[field] = [json.loads(v) for v in value]
        elif item is not None:
            data.setdefault(field, {})[item] = value
        else:
            data[field] = value
    if seats:
        data["committee"] = list(seats.values())
    return data


def _org(collection: str, data: Mapping[str, Any]) -> str | None:
    if collection == "organisations":
        return str(data["id"])
    value = data.get("account" if collection == "opportunities" else "org")
    return str(value) if value is not None else None


def _named(collection: str, key: str, field: str | None, item: str | None, values: Iterable[Any]) -> set[str]:
    """The people an entry names: the record's own key (a person, or a relation's ends),
    a seat's person, a manager, a note's author."""
    people: set[str] = set()
    if collection == "people" or collection in ("knows", "influences"):
        people.update(key.split(" "))
    if field is not None and field.startswith("committee") and item is not None:
        people.add(item)
    if field in PERSON_REFS:
        people.update(str(v) for v in values if v is not None)
    return people


def _note_authors(data: Mapping[str, Any] | None) -> set[str]:
    return {n["by"] for n in (data or {}).get("notes") or [] if n.get("by")}


def created_people(collection: str, ktext: str) -> list[str]:
    """The people the entry of a record created names: a person, or a relation's two ends."""
    if collection == "people":
        return [ktext]
    if collection in _PAIRS_OF_PEOPLE:
        return sorted(ktext.split(" "))
    return []


def creation(
    collection: str, ktext: str, new: BaseModel | Mapping[str, Any], at: dt.datetime, source: str, who: str
) -> ChangeRow:
    """The one entry of a record created: its name is enough (later entries hold what
    changes). ``ktext`` is its key as :func:`key_text` writes it."""
    fields = new.__dict__ if isinstance(new, BaseModel) else new
    if collection == "people":
        org = fields.get("org")
    elif collection in _PAIRS_OF_PEOPLE:
        org = None
    else:
        owner = "account" if collection == "opportunities" else "org"
        org = ktext if collection == "organisations" else fields.get(owner)
    named = created_people(collection, ktext)
    return ChangeRow(
        at, ChangeKind.created, collection, ktext, source, who, None, None, None, fields.get("name"), org, named
    )


@dataclass(slots=True)
class Creations:
    """A run of consecutive ``created`` entries of one write that share collection, source
    and organisation: one entry per record, in order (what a first import writes tens of
    thousands of, so built lean: a key and a name each). A backend may keep the run as one
    row (SQLite: :mod:`.sqlite_changes`) or as its entries (:meth:`rows`); either way the
    entries read back are those of :meth:`rows`, numbered one after another.

    >>> at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    >>> run = Creations(at, "knows", "a.yaml", "kam", None, [("ana", "sam")], [None])
    >>> [(r.kind.value, r.key, r.new, r.people) for r in run.rows()]
    [('created', 'ana sam', None, ['ana', 'sam'])]
    """

    at: dt.datetime
    collection: str
    source: str
    author: str
    org: str | None
    keys: list[Any] = dataclass_field(default_factory=list)  # each record's key: an id, or a pair of ids
    names: list[Any] = dataclass_field(default_factory=list)  # each record's name (none for a relation)

    def rows(self) -> list[ChangeRow]:
        """The entries, one per record."""
        at, collection, source, who, org = self.at, self.collection, self.source, self.author, self.org
        out = []
        for key, name in zip(self.keys, self.names, strict=True):
            ktext = " ".join(key) if isinstance(key, tuple) else key
            named = created_people(collection, ktext)
            out.append(
                ChangeRow(at, ChangeKind.created, collection, ktext, source, who, None, None, None, name, org, named)
            )
        return out


#: What a write hands the store to append: entries, and runs of records created.
Entries = Sequence[ChangeRow | Creations]


def plain_rows(rows: Entries) -> list[ChangeRow]:
    """``rows`` with every run of creations as its entries."""
    out: list[ChangeRow] = []
    for r in rows:
        if isinstance(r, Creations):
            out += r.rows()
        else:
            out.append(r)
    return out


def pack_creations(rows: Iterable[ChangeRow]) -> list[ChangeRow | Creations]:
    """``rows`` with each run of consecutive entries that :class:`Creations` can hold as they
    are (a record created, naming whom such an entry names) packed into one."""
    out: list[ChangeRow | Creations] = []
    run: Creations | None = None
    for r in rows:
        if (
            r.kind == ChangeKind.created
            and r.field is None
            and r.item is None
            and r.old is None
            and r.people == created_people(r.collection, r.key)
        ):
            if run is None or (run.at, run.collection, run.source, run.author, run.org) != (
                r.at,
                r.collection,
                r.source,
                r.author,
                r.org,
            ):
                run = Creations(r.at, r.collection, r.source, r.author, r.org)
                out.append(run)
            run.keys.append(tuple(r.key.split(" ")) if r.collection in PAIR_FIELDS else r.key)
            run.names.append(r.new)
        else:
            run = None
            out.append(r)
    return out


def entries(
    collection: str,
    key: Any,
    old_json: str | None,
    new: BaseModel | Mapping[str, Any],
    *,
    at: dt.datetime | None = None,
    source: str = "api",
    who: str = "unknown",
) -> list[ChangeRow]:
    """The entries of one upsert: ``old_json`` is what was stored (``None``: nothing, the
    record is created), ``new`` the record written."""
    when = at or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    ktext = key_text(collection, key)
    if old_json is None:  # created: its name is enough (later entries hold what changes)
        return [creation(collection, ktext, new, when, source, who)]
    data_new = new.model_dump(mode="json", by_alias=True) if isinstance(new, BaseModel) else new
    base: dict[str, Any] = {"at": when, "collection": collection, "key": ktext, "source": source, "author": who}
    data_old = json.loads(old_json)
    before, after = leaves(collection, data_old), leaves(collection, data_new)
    org = _org(collection, {**data_new, "id": ktext})
    authors = _note_authors(data_old) | _note_authors(data_new)
    rows = []
    for leaf in sorted(before.keys() | after.keys(), key=lambda k: (k[0], k[1] or "")):
        old, value = before.get(leaf), after.get(leaf)
        if old == value:
            continue
        field, item = leaf
        people = _named(collection, ktext, field, item, (old, value))
        if field == "notes":
            people |= authors
        rows.append(
            ChangeRow(
                **base,
                kind=ChangeKind.updated,
                field=field,
                item=item,
                old=old,
                new=value,
                org=org,
                people=sorted(people),
            )
        )
    return rows


def removal(
    record: BaseModel, *, at: dt.datetime | None = None, source: str = "api", who: str = "unknown"
) -> list[ChangeRow]:
    """The entries of a record's removal: each leaf it held (so the state before can be
    rebuilt), then the record itself."""
    collection = _collection_of(record)
    record = record.normalised() if isinstance(record, Knows) else record
    ktext = key_text(collection, record_key(record))
    data = record.model_dump(mode="json", by_alias=True)
    when = at or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    base: dict[str, Any] = {"at": when, "collection": collection, "key": ktext, "source": source, "author": who}
    org = _org(collection, data)
    authors = _note_authors(data)
    rows = []
    for (field, item), old in leaves(collection, data).items():
        people = _named(collection, ktext, field, item, (old,)) | (authors if field == "notes" else set())
        rows.append(
            ChangeRow(**base, kind=ChangeKind.updated, field=field, item=item, old=old, org=org, people=sorted(people))
        )
    rows.append(
        ChangeRow(
            **base,
            kind=ChangeKind.removed,
            old=data.get("name"),
            org=org,
            people=sorted(_named(collection, ktext, None, None, ())),
        )
    )
    return rows


def _collection_of(record: BaseModel) -> str:
    from .rules import MODELS

    for collection, model in MODELS.items():
        if type(record) is model:
            return collection
    raise TypeError(f"not a record: {type(record).__name__}")


class ChangeQuery(BaseModel):
    """Which entries to read: those about any of ``records`` ((collection, key) pairs), of
    ``org``, or naming any of ``people`` (all entries when none is given), recorded in
    ``[since, until)``; ``notes``: only the entries of notes (what erasure reads)."""

    records: list[tuple[str, str]] | None = None
    org: str | None = None
    people: list[str] | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    notes: bool = False

    @property
    def everything(self) -> bool:
        return self.records is None and self.org is None and self.people is None
