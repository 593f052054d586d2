"""How a record is kept in Neo4j: the native layout, and the way back.

Every field that a property can hold is a property named as in the file format (dates are
``DATE``, numbers numbers, lists lists; nothing is JSON). A record's references are
relationships and nothing else: a person's ``org`` is its ``MEMBER_OF``, its ``unit`` its
``IN_UNIT``, its ``reports_to`` its ``REPORTS_TO``; a unit's ``org`` and ``parent`` are
``UNIT_OF`` and ``PART_OF``; a deal's ``account`` is ``FOR_ACCOUNT``. What a property cannot
hold is drawn: notes are ``(:Note {text, date, by})`` nodes behind ``HAS_NOTE``, ids from
other systems ``(:ExternalId {system, value})`` behind ``HAS_ID``, and a committee seat is
the ``ON_COMMITTEE {roles, stance, influence, mode, primary, source}`` relationship from the
person to the deal. ``position`` (on notes, ids and seats) keeps the order of a record's
lists; ones drawn by hand without it come last.

Reading is the model's own validation, so a value set by hand that breaks the model
(``stance = 'sorcerer'``) is a :class:`ModelError` naming the label, the id, the property
and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import StoreError
from ..model import Knows, Membership, Note
from .base import MODELS, model_problem

__all__ = [
    "FIELDS",
    "LABEL_OF",
    "REFS",
    "ModelError",
    "node_props",
    "record_from",
    "records_from",
    "relationship_props",
]

#: The label of each node collection, and the type of each relationship collection.
LABEL_OF = {
    "organisations": "Organisation",
    "units": "Unit",
    "products": "Product",
    "people": "Person",
    "opportunities": "Opportunity",
    "knows": "KNOWS",
    "influences": "INFLUENCES",
    "adoption": "ADOPTS",
}

#: The properties of each record's node or relationship, named as in the file format.
FIELDS: dict[str, tuple[str, ...]] = {
    "organisations": ("id", "name", "kind", "industry", "country", "tier", "value", "currency"),
    "units": ("id", "name", "function", "headcount", "budget"),
    "products": ("id", "name", "family"),
    "people": (
        "id",
        "name",
        "title",
        "seniority",
        "roles",
        "stance",
        "influence",
        "email",
        "url",
        "phone",
        "last_contact",
        "left",
    ),
    "opportunities": ("id", "name", "stage", "amount", "currency", "close_date", "open", "empty_seats"),
    "knows": ("strength", "strength_set", "last_contact", "source"),
    "influences": ("weight",),
    "adoption": ("status", "competitor", "since"),
}
#: A record's references: field → (relationship type, label of the node it points to, required).
REFS: dict[str, dict[str, tuple[str, str, bool]]] = {
    "units": {"org": ("UNIT_OF", "Organisation", True), "parent": ("PART_OF", "Unit", False)},
    "people": {
        "org": ("MEMBER_OF", "Organisation", True),
        "unit": ("IN_UNIT", "Unit", False),
        "reports_to": ("REPORTS_TO", "Person", False),
    },
    "opportunities": {"account": ("FOR_ACCOUNT", "Organisation", True)},
}
#: The two ends of a relationship record, as the model names them.
ENDS = {"knows": ("a", "b"), "influences": ("from", "to"), "adoption": ("unit", "product")}
NOTE_FIELDS = ("text", "date", "by")
SEAT_FIELDS = ("roles", "stance", "influence", "mode", "primary", "source")
#: The properties of an ``INTERACTED_WITH`` relationship: one piece of a KNOWS's evidence.
INTERACTION_FIELDS = ("kind", "date", "source", "ref", "note")


class ModelError(StoreError):
    """A node or relationship in the store breaks the model (set by hand, in Browser)."""


def _plain(value: Any) -> Any:
    """A property value: enums as their text, empty lists as nothing."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value] or None
    return value


#: Values a property takes as they are (an enum, a subclass of ``str``, is not one of them).
_AS_IS = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})


def _props(record: BaseModel, names: tuple[str, ...]) -> dict[str, Any]:
    """Every named property, ``None`` for the absent ones (``SET n += $props`` removes those):
    the record's own field values (no field named here has an alias or a serializer of its
    own, so they are what ``model_dump`` gives, at a fifth of its cost)."""
    data = record.__dict__
    out = {}
    for name in names:
        value = data.get(name)
        out[name] = value if type(value) in _AS_IS else _plain(value)
    return out


def node_props(collection: str, record: BaseModel) -> dict[str, Any]:
    props = _props(record, FIELDS[collection])
    if collection == "opportunities":
        props["open"] = record.is_open  # type: ignore[attr-defined]
    return props


def relationship_props(collection: str, record: BaseModel) -> dict[str, Any]:
    return _props(record, FIELDS[collection])


def notes_rows(notes: list[Note]) -> list[dict[str, Any]]:
    return [{**_props(n, NOTE_FIELDS), "position": i} for i, n in enumerate(notes)]


def ids_rows(ids: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{"system": k, "value": v, "position": i} for i, (k, v) in enumerate(ids.items())]


def evidence_rows(knows: Knows) -> list[dict[str, Any]]:
    """The ``INTERACTED_WITH`` properties of each interaction behind ``knows``."""
    return [{k: v for k, v in _props(i, INTERACTION_FIELDS).items() if v is not None} for i in knows.evidence]


def seat_props(seat: Membership, position: int) -> dict[str, Any]:
    props = {k: v for k, v in _props(seat, SEAT_FIELDS).items() if v is not None}
    return {**props, "position": position}


# --- reading: rows back into records --------------------------------------------------------------


@functools.cache
def _known(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


#: The types a read property has that need no conversion (Neo4j's temporal values do).
_PLAIN = frozenset({*_AS_IS, list})


def _pick(props: Mapping[str, Any] | None, names: tuple[str, ...]) -> dict[str, Any]:
    """The known properties that are set (properties of your own are left alone), Neo4j's
    temporal values as Python's."""
    if not props:
        return {}
    if props.keys() <= _known(names) and None not in props.values():  # the usual node: copied in C
        out = dict(props)
    else:
        out = {k: v for k in names if (v := props.get(k)) is not None}
    if not _PLAIN.issuperset(map(type, out.values())):
        for k, v in out.items():
            if type(v) not in _AS_IS and hasattr(v, "to_native"):  # neo4j.time.Date and friends
                out[k] = v.to_native()
    return out


def _ordered(items: list[dict[str, Any]], tie: str) -> list[dict[str, Any]]:
    if len(items) < 2:  # most records have no notes and no outside ids
        return items

    def key(item: dict[str, Any]) -> tuple[bool, Any, str]:
        position = item.get("position")
        return (not isinstance(position, int), position if isinstance(position, int) else 0, str(item.get(tie)))

    return sorted(items, key=key)


def _name(label: str, key: Any, eid: str | None = None) -> str:
    if isinstance(key, tuple):
        return f"{label} from '{key[0]}' to '{key[1]}'"
    return f"{label} '{key}'" if key not in (None, "") else f"{label} (node {eid}, no id)"


def _one(what: str, rel: str, label: str, found: list[Any], required: bool) -> Any:
    ids = sorted({f for f in found if f is not None})
    if len(ids) > 1:
        raise ModelError(
            f"{what}: {len(ids)} {rel} relationships (to {', '.join(map(repr, ids))}); "
            f"allowed: {'exactly' if required else 'at most'} one {label}"
        )
    if not ids and required:
        raise ModelError(f"{what}: no {rel} relationship to an {label}; allowed: exactly one")
    return ids[0] if ids else None


def _seats(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    return _ordered([{**(s.get("props") or {}), "person": s["person"]} for s in row["committee"] or []], "person")


def _what(collection: str, row: Mapping[str, Any]) -> str:
    """How to name the record of a read query's row in a message."""
    if collection in ENDS:
        return _name(LABEL_OF[collection], (row["a"], row["b"]))
    return _name(LABEL_OF[collection], (row.get("props") or {}).get("id"), row.get("eid"))


def _data(collection: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """The model's input for a read query's row (see queries/*.cypher: ``eid``, ``props``,
    and ``refs``, ``notes``, ``ids``, ``committee`` or ``a``/``b``); named (:func:`_what`)
    only in a message."""
    props = row.get("props") or {}
    if collection in ENDS:
        a, b = ENDS[collection]
        data = _pick(props, FIELDS[collection])
        data[a], data[b] = row["a"], row["b"]
        if "evidence" in row:
            data["evidence"] = [_pick(e, INTERACTION_FIELDS) for e in row["evidence"] or []]
        return data
    data = _pick(props, FIELDS[collection])
    if not isinstance(props.get("id"), str) or not props["id"]:
        raise ModelError(f"{_what(collection, row)}: id is missing; allowed: a unique text id")
    refs = row.get("refs") or {}
    for field, (rel, target, required) in REFS.get(collection, {}).items():
        found = refs.get(field) or []
        if len(found) == 1 and found[0] is not None:  # the usual reference: one id
            data[field] = found[0]
        elif found or required:
            value = _one(_what(collection, row), rel, target, found, required)
            if value is not None:
                data[field] = value
    if "notes" in row:
        data["notes"] = [_pick(n, NOTE_FIELDS) for n in _ordered(row["notes"] or [], "text")]
    if "ids" in row:
        ids: dict[str, Any] = {}
        for x in _ordered(row["ids"] or [], "system"):
            system = x.get("system")
            if not isinstance(system, str) or not system or system in ids:
                problem = "is missing" if not system else f"{system!r} is given twice"
                raise ModelError(
                    f"ExternalId of {_what(collection, row)}: system {problem}; allowed: one id per system"
                )
            ids[system] = x.get("value")
        data["ids"] = ids
    if "committee" in row:
        data["committee"] = [{"person": s["person"], **_pick(s, SEAT_FIELDS)} for s in _seats(row)]
    return data


def _parts(row: Mapping[str, Any], what: str) -> dict[tuple[Any, ...], str]:
    """The names of a record's drawn parts, by where they sit in the model's input."""
    where: dict[tuple[Any, ...], str] = {
        ("notes", i): f"Note {i + 1} of {what}" for i in range(len(row.get("notes") or []))
    }
    where.update({("ids", x.get("system")): f"ExternalId '{x.get('system')}' of {what}" for x in row.get("ids") or []})
    for i, e in enumerate(row.get("evidence") or []):
        where[("evidence", i)] = (
            f"INTERACTED_WITH {e.get('kind')!r} on {e.get('date')} between '{row['a']}' and '{row['b']}'"
        )
    if row.get("committee"):
        where.update(
            {("committee", i): f"ON_COMMITTEE from Person '{s['person']}' to {what}" for i, s in enumerate(_seats(row))}
        )
    return where


def record_from(collection: str, row: Mapping[str, Any]) -> Any:
    """The record a read query's row describes; :class:`ModelError` when it breaks the model."""
    data = _data(collection, row)
    try:
        record = MODELS[collection].model_validate(data)
    except ValidationError as exc:
        what = _what(collection, row)
        raise ModelError(model_problem(what, exc, _parts(row, what))) from None
    return record.normalised() if isinstance(record, Knows) else record


@functools.cache
def _list_of(collection: str) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[MODELS[collection]])  # type: ignore[valid-type]


def records_from(collection: str, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """:func:`record_from` of each row, validated as one list (one call into pydantic-core;
    when anything is wrong, row by row again, to name the first record that breaks the model)."""
    try:
        records = _list_of(collection).validate_python([_data(collection, row) for row in rows])
    except ValidationError:
        return [record_from(collection, row) for row in rows]
    return [r.normalised() for r in records] if collection == "knows" else records
