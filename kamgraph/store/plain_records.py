"""Records decoded from an SQLite store's rows without pydantic (issue 19: ``show`` answers
without loading the model).

Every row of an SQLite store is a record's canonical JSON (:func:`~kamgraph.store.rules.canonical_json`),
written by kamgraph after the model validated it: every field, by its alias, in the model's
order. :func:`decode` reads such rows into plain records — objects with the model's
attributes and the same values (enumerations as the model's, days as dates, amounts as
floats) — checking that each row has exactly that shape: the fields the model has and no
other, each value of its field's kind, a list of roles or of evidence in the order the model
keeps it. A row of any other shape (a file edited by hand, another kamgraph's store) raises
:class:`Unlike`, and the caller reads through the store instead, whose model says what is
wrong. The shape of each record is :data:`SHAPES`; a test checks it against the model's fields.

>>> [p] = decode("people", ['{"id":"ana","name":"Ana","org":"acme","unit":null,"title":null,'
...     '"seniority":"vp","roles":[],"stance":"unknown","influence":null,"reports_to":null,"email":null,'
...     '"url":null,"phone":null,"last_contact":"2026-05-02","left":null,"ids":{},"notes":[]}'])
>>> p.seniority, p.last_contact
(<Seniority.vp: 'vp'>, datetime.date(2026, 5, 2))
>>> decode("people", ['{"id":"ana","name":"Ana"}'])
Traceback (most recent call last):
...
kamgraph.store.plain_records.Unlike: people: ['id', 'name']
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..vocabulary import (
    ROLE_ORDER,
    AdoptionStatus,
    Influence,
    InteractionKind,
    MHMode,
    OrgKind,
    Role,
    Seniority,
    Stance,
)

__all__ = ["SHAPES", "PlainGraph", "PlainRecord", "Unlike", "decode"]


class Unlike(Exception):
    """A stored row of another shape than kamgraph writes: read it through the store."""


class PlainRecord:
    """A record read from a row: the model's attributes, set from the row's values."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"PlainRecord({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __getattr__(self, name: str) -> Any:  # for mypy: the attributes are the model's
        raise AttributeError(name)


Check = Callable[[Any], Any]

_ID = re.compile(r"[^\s]+")


def _id(v: Any) -> str:
    if type(v) is not str or len(v) > 200 or not _ID.fullmatch(v):
        raise Unlike(v)
    return v


def _opt_id(v: Any) -> str | None:
    return None if v is None else _id(v)


def _name(v: Any) -> str:
    if type(v) is not str or not v.strip():
        raise Unlike(v)
    return v


def _str(v: Any) -> str:
    if type(v) is not str:
        raise Unlike(v)
    return v


def _text(v: Any) -> str | None:
    return None if v is None else _str(v)


def _day(v: Any) -> dt.date:
    if type(v) is not str or len(v) != 10:  # kamgraph writes YYYY-MM-DD
        raise Unlike(v)
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise Unlike(v) from None


def _opt_day(v: Any) -> dt.date | None:
    return None if v is None else _day(v)


def _float(v: Any, high: float = math.inf) -> float:
    # (Python's JSON reads NaN and Infinity, which kamgraph never writes)
    if type(v) not in (int, float) or not math.isfinite(v) or not 0 <= v <= high:
        raise Unlike(v)
    return float(v)


def _amount(v: Any) -> float | None:
    """An amount, a value, a budget: a number, never negative (the model's ``ge=0``)."""
    return None if v is None else _float(v)


def _unit01(v: Any) -> float:
    return _float(v, 1.0)


def _count(v: Any) -> int | None:
    if v is None:
        return None
    if type(v) is not int or v < 0:
        raise Unlike(v)
    return v


def _bool(v: Any) -> bool:
    if type(v) is not bool:
        raise Unlike(v)
    return v


def _enum(kind: type[StrEnum]) -> Check:
    def check(v: Any) -> Any:
        if type(v) is not str:
            raise Unlike(v)
        try:
            return kind(v)
        except ValueError:
            raise Unlike(v) from None

    return check


def _opt(check: Check) -> Check:
    return lambda v: None if v is None else check(v)


def _list(check: Check) -> Check:
    def items(v: Any) -> list[Any]:
        if type(v) is not list:
            raise Unlike(v)
        return [check(x) for x in v]

    return items


_role = _enum(Role)


def _roles(v: Any) -> list[Role]:
    """A record's roles: as the model keeps them, each once, in :class:`Role`'s order."""
    roles: list[Role] = _list(_role)(v)
    if any(ROLE_ORDER[a] >= ROLE_ORDER[b] for a, b in zip(roles, roles[1:], strict=False)):
        raise Unlike(v)
    return roles


def _ids(v: Any) -> dict[str, str]:
    if type(v) is not dict or any(type(x) is not str for x in v.values()):
        raise Unlike(v)
    return v


def _record(name: str, shape: Sequence[tuple[str, str, Check]]) -> Callable[[Any], PlainRecord]:
    """The check of one record of ``shape`` (its attributes, their JSON keys and checks)."""
    keys = [key for _, key, _ in shape]

    def read(v: Any) -> PlainRecord:
        if type(v) is not dict or len(v) != len(shape):
            raise Unlike(f"{name}: {list(v) if type(v) is dict else v}")
        try:
            return PlainRecord(**{attr: check(v[key]) for attr, key, check in shape})
        except KeyError:
            raise Unlike(f"{name}: {sorted(set(v) - set(keys))}") from None

    return read


NOTE = (("text", "text", _str), ("date", "date", _opt_day), ("by", "by", _text))
INTERACTION = (
    ("kind", "kind", _enum(InteractionKind)),
    ("date", "date", _day),
    ("source", "source", _text),
    ("ref", "ref", _text),
    ("note", "note", _text),
)
MEMBERSHIP = (
    ("person", "person", _id),
    ("roles", "roles", _roles),
    ("stance", "stance", _opt(_enum(Stance))),
    ("influence", "influence", _opt(_enum(Influence))),
    ("mode", "mode", _opt(_enum(MHMode))),
    ("primary", "primary", _bool),
    ("source", "source", _text),
)
_notes = _list(_record("notes", NOTE))


def _evidence_key(i: PlainRecord) -> tuple[str, ...]:
    """:attr:`Interaction.key <kamgraph.model.Interaction.key>`: the source's id, else everything."""
    if i.ref:
        return ("ref", i.source or "", i.ref)
    return ("", i.kind.value, i.date.isoformat(), i.source or "", i.note or "")


def _evidence_order(i: PlainRecord) -> tuple[Any, ...]:
    return (i.date, i.kind.value, i.source or "", i.ref or "", i.note or "")


def _evidence(v: Any) -> list[PlainRecord]:
    """A relationship's interactions as the model keeps them: each once, oldest first."""
    items: list[PlainRecord] = _list(_record("evidence", INTERACTION))(v)
    order = [_evidence_order(i) for i in items]
    if len({_evidence_key(i) for i in items}) != len(items) or order != sorted(order):
        raise Unlike("evidence out of the model's order")
    return items


#: Each collection's record: its attributes in the model's order, the key each has in the
#: stored JSON (the field's alias), and the check of its value.
SHAPES: dict[str, tuple[tuple[str, str, Check], ...]] = {
    "organisations": (
        ("id", "id", _id),
        ("name", "name", _name),
        ("kind", "kind", _enum(OrgKind)),
        ("industry", "industry", _text),
        ("country", "country", _text),
        ("tier", "tier", _text),
        ("value", "value", _amount),
        ("currency", "currency", _text),
        ("ids", "ids", _ids),
        ("notes", "notes", _notes),
    ),
    "units": (
        ("id", "id", _id),
        ("org", "org", _id),
        ("name", "name", _name),
        ("parent", "parent", _opt_id),
        ("function", "function", _text),
        ("headcount", "headcount", _count),
        ("budget", "budget", _amount),
    ),
    "products": (("id", "id", _id), ("name", "name", _name), ("family", "family", _text)),
    "people": (
        ("id", "id", _id),
        ("name", "name", _name),
        ("org", "org", _id),
        ("unit", "unit", _opt_id),
        ("title", "title", _text),
        ("seniority", "seniority", _opt(_enum(Seniority))),
        ("roles", "roles", _roles),
        ("stance", "stance", _enum(Stance)),
        ("influence", "influence", _opt(_enum(Influence))),
        ("reports_to", "reports_to", _opt_id),
        ("email", "email", _text),
        ("url", "url", _text),
        ("phone", "phone", _text),
        ("last_contact", "last_contact", _opt_day),
        ("left", "left", _opt_day),
        ("ids", "ids", _ids),
        ("notes", "notes", _notes),
    ),
    "knows": (
        ("a", "a", _id),
        ("b", "b", _id),
        ("strength", "strength", _unit01),
        ("strength_set", "strength_set", _opt_day),
        ("last_contact", "last_contact", _opt_day),
        ("source", "source", _text),
        ("evidence", "evidence", _evidence),
    ),
    "influences": (("source", "from", _id), ("target", "to", _id), ("weight", "weight", _unit01)),
    "adoption": (
        ("unit", "unit", _id),
        ("product", "product", _id),
        ("status", "status", _enum(AdoptionStatus)),
        ("competitor", "competitor", _text),
        ("since", "since", _opt_day),
    ),
    "opportunities": (
        ("id", "id", _id),
        ("account", "account", _id),
        ("name", "name", _name),
        ("stage", "stage", _text),
        ("amount", "amount", _amount),
        ("currency", "currency", _text),
        ("close_date", "close_date", _opt_day),
        ("is_open", "open", _bool),
        ("committee", "committee", _list(_record("committee", MEMBERSHIP))),
        ("empty_seats", "empty_seats", _list(_role)),
        ("ids", "ids", _ids),
        ("notes", "notes", _notes),
    ),
}

#: Sub-records, by the name of the model they stand for (the test of :data:`SHAPES` reads it).
SUB_SHAPES = {"Note": NOTE, "Interaction": INTERACTION, "Membership": MEMBERSHIP}

_READERS = {c: _record(c, shape) for c, shape in SHAPES.items()}


def _keyed(collection: str, r: PlainRecord) -> PlainRecord:
    """``r`` with the ``key`` the model's record of ``collection`` has (a relation's pair)."""
    if collection == "knows":
        r.__dict__["key"] = (r.a, r.b) if r.a <= r.b else (r.b, r.a)
    elif collection == "influences":
        r.__dict__["key"] = (r.source, r.target)
    elif collection == "adoption":
        r.__dict__["key"] = (r.unit, r.product)
    return r


def decode(collection: str, rows: list[str]) -> list[Any]:
    """The plain records of ``collection`` stored as these JSON ``rows``; :class:`Unlike`
    when one is not as kamgraph writes it."""
    read = _READERS[collection]
    try:
        records = [read(json.loads(row)) for row in rows]
    except ValueError as exc:  # not JSON (json.JSONDecodeError is a ValueError)
        raise Unlike(f"{collection}: {exc}") from None
    if collection in ("knows", "influences", "adoption"):
        records = [_keyed(collection, r) for r in records]
    return records


@dataclass
class PlainGraph:
    """An account's records as plain records: what :class:`~kamgraph.model.Graph` holds,
    with its look-ups by id."""

    organisations: list[Any] = field(default_factory=list)
    units: list[Any] = field(default_factory=list)
    products: list[Any] = field(default_factory=list)
    people: list[Any] = field(default_factory=list)
    knows: list[Any] = field(default_factory=list)
    influences: list[Any] = field(default_factory=list)
    adoption: list[Any] = field(default_factory=list)
    opportunities: list[Any] = field(default_factory=list)

    def person(self, pid: str) -> Any:
        return next((p for p in self.people if p.id == pid), None)

    def organisation(self, oid: str) -> Any:
        return next((o for o in self.organisations if o.id == oid), None)
