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

__all__ = ["REQUIRED", "SHAPES", "PlainGraph", "PlainRecord", "Unlike", "decode", "record_json"]


class Unlike(Exception):
    """A stored row of another shape than kamgraph writes: read it through the store."""


class PlainRecord:
    """A record read from a row: the model's attributes, set from the row's values (each
    kind of record a subclass, whose ``SHAPE`` is its fields)."""

    SHAPE: tuple[Any, ...] = ()

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"PlainRecord({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __getattr__(self, name: str) -> Any:  # for mypy: the attributes are the model's
        raise AttributeError(name)


Check = Callable[[Any], Any]
#: A field's place in a shape: its attribute, its key in the stored JSON (the alias), the
#: check of its value, its default (:data:`REQUIRED`: none); the default is only compared with.
Field = tuple[str, str, Check, Any]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


#: The default of a field that has none.
REQUIRED: Any = _Required()

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


def _record(name: str, shape: Sequence[Field]) -> Callable[[Any], PlainRecord]:
    """The check of one record of ``shape``: a record of a class of its own, which knows
    its shape (see :func:`record_json`)."""
    keys = [key for _, key, _, _ in shape]
    fields = [(attr, key, check) for attr, key, check, _ in shape]
    kind: type[PlainRecord] = type(f"Plain_{name}", (PlainRecord,), {"SHAPE": tuple(shape)})

    def read(v: Any) -> PlainRecord:
        if type(v) is not dict or len(v) != len(shape):
            raise Unlike(f"{name}: {list(v) if type(v) is dict else v}")
        try:
            return kind(**{attr: check(v[key]) for attr, key, check in fields})
        except KeyError:
            raise Unlike(f"{name}: {sorted(set(v) - set(keys))}") from None

    return read


NOTE: tuple[Field, ...] = (
    ("text", "text", _str, REQUIRED),
    ("date", "date", _opt_day, None),
    ("by", "by", _text, None),
)
INTERACTION: tuple[Field, ...] = (
    ("kind", "kind", _enum(InteractionKind), REQUIRED),
    ("date", "date", _day, REQUIRED),
    ("source", "source", _text, None),
    ("ref", "ref", _text, None),
    ("note", "note", _text, None),
)
MEMBERSHIP: tuple[Field, ...] = (
    ("person", "person", _id, REQUIRED),
    ("roles", "roles", _roles, []),
    ("stance", "stance", _opt(_enum(Stance)), None),
    ("influence", "influence", _opt(_enum(Influence)), None),
    ("mode", "mode", _opt(_enum(MHMode)), None),
    ("primary", "primary", _bool, False),
    ("source", "source", _text, None),
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
#: stored JSON (the field's alias), the check of its value, and its default.
SHAPES: dict[str, tuple[Field, ...]] = {
    "organisations": (
        ("id", "id", _id, REQUIRED),
        ("name", "name", _name, REQUIRED),
        ("kind", "kind", _enum(OrgKind), OrgKind.client),
        ("industry", "industry", _text, None),
        ("country", "country", _text, None),
        ("tier", "tier", _text, None),
        ("value", "value", _amount, None),
        ("currency", "currency", _text, None),
        ("ids", "ids", _ids, {}),
        ("notes", "notes", _notes, []),
    ),
    "units": (
        ("id", "id", _id, REQUIRED),
        ("org", "org", _id, REQUIRED),
        ("name", "name", _name, REQUIRED),
        ("parent", "parent", _opt_id, None),
        ("function", "function", _text, None),
        ("headcount", "headcount", _count, None),
        ("budget", "budget", _amount, None),
    ),
    "products": (("id", "id", _id, REQUIRED), ("name", "name", _name, REQUIRED), ("family", "family", _text, None)),
    "people": (
        ("id", "id", _id, REQUIRED),
        ("name", "name", _name, REQUIRED),
        ("org", "org", _id, REQUIRED),
        ("unit", "unit", _opt_id, None),
        ("title", "title", _text, None),
        ("seniority", "seniority", _opt(_enum(Seniority)), None),
        ("roles", "roles", _roles, []),
        ("stance", "stance", _enum(Stance), Stance.unknown),
        ("influence", "influence", _opt(_enum(Influence)), None),
        ("reports_to", "reports_to", _opt_id, None),
        ("email", "email", _text, None),
        ("url", "url", _text, None),
        ("phone", "phone", _text, None),
        ("last_contact", "last_contact", _opt_day, None),
        ("left", "left", _opt_day, None),
        ("ids", "ids", _ids, {}),
        ("notes", "notes", _notes, []),
    ),
    "knows": (
        ("a", "a", _id, REQUIRED),
        ("b", "b", _id, REQUIRED),
        ("strength", "strength", _unit01, 0.5),
        ("strength_set", "strength_set", _opt_day, None),
        ("last_contact", "last_contact", _opt_day, None),
        ("source", "source", _text, None),
        ("evidence", "evidence", _evidence, []),
    ),
    "influences": (
        ("source", "from", _id, REQUIRED),
        ("target", "to", _id, REQUIRED),
        ("weight", "weight", _unit01, 0.5),
    ),
    "adoption": (
        ("unit", "unit", _id, REQUIRED),
        ("product", "product", _id, REQUIRED),
        ("status", "status", _enum(AdoptionStatus), AdoptionStatus.none),
        ("competitor", "competitor", _text, None),
        ("since", "since", _opt_day, None),
    ),
    "opportunities": (
        ("id", "id", _id, REQUIRED),
        ("account", "account", _id, REQUIRED),
        ("name", "name", _name, REQUIRED),
        ("stage", "stage", _text, None),
        ("amount", "amount", _amount, None),
        ("currency", "currency", _text, None),
        ("close_date", "close_date", _opt_day, None),
        ("is_open", "open", _bool, True),
        ("committee", "committee", _list(_record("committee", MEMBERSHIP)), []),
        ("empty_seats", "empty_seats", _list(_role), []),
        ("ids", "ids", _ids, {}),
        ("notes", "notes", _notes, []),
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


def _json_value(v: Any, exclude_defaults: bool) -> Any:
    if isinstance(v, PlainRecord):
        return record_json(v, exclude_defaults=exclude_defaults)
    if isinstance(v, list):
        return [_json_value(x, exclude_defaults) for x in v]
    if isinstance(v, StrEnum):
        return v.value
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def record_json(record: PlainRecord, *, exclude_defaults: bool = False) -> dict[str, Any]:
    """The record as the model's ``model_dump(mode="json", exclude_defaults=...)`` gives
    it: its fields by name, in the model's order (those equal to their default left out
    with ``exclude_defaults``, in sub-records too), in JSON form.

    >>> [n] = decode("products", ['{"id":"k1","name":"K1","family":null}'])
    >>> record_json(n), record_json(n, exclude_defaults=True)
    ({'id': 'k1', 'name': 'K1', 'family': None}, {'id': 'k1', 'name': 'K1'})
    """
    out = {}
    for attr, _, _, default in record.SHAPE:
        v = getattr(record, attr)
        if exclude_defaults and default is not REQUIRED and v == default:
            continue
        out[attr] = _json_value(v, exclude_defaults)
    return out
