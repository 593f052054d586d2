"""What every backend of the store contract shares, written once: the record model of each
collection, a record's canonical JSON (what diffing compares), diffing and counting, the
folded text a people search matches, the ``get`` guard, and the one line that says how a
stored record breaks the model."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import eq
from typing import Any, Protocol, get_args

from pydantic import BaseModel, ValidationError

from ..canonical import canonical_texts
from ..errors import StoreError
from ..keys import record_keys
from ..model import COLLECTIONS, Graph, record_key
from ..record_rules import matches, search_text  # re-exported: written without pydantic

__all__ = [
    "BY_ID",
    "MODELS",
    "PAIR_NAMES",
    "SAME",
    "BrokenRecord",
    "Tally",
    "canonical_json",
    "changed_records",
    "check_by_id",
    "matches",
    "model_problem",
    "same_json",
    "search_text",
    "stored_twice",
]

#: The record model of each collection (``people`` → :class:`Person` …), from :class:`Graph`.
MODELS: dict[str, type[BaseModel]] = {c: get_args(Graph.model_fields[c].annotation)[0] for c in COLLECTIONS}

#: The collections whose records have an id (the others are keyed by the pair they relate).
BY_ID = frozenset(c for c in COLLECTIONS if "id" in MODELS[c].model_fields)


class Tally(Protocol):
    """What diffing counts into (an :class:`~kamgraph.store.base.ImportReport` is one), and
    where it keeps each changed record for the change log: (collection, key, stored JSON or
    None, record written)."""

    diffs: list[tuple[str, Any, str | None, Any]]

    def tally(self, collection: str, outcome: str, n: int = 1) -> None: ...


def canonical_json(record: BaseModel) -> str:
    """A record as one JSON text, its fields in the model's order, written by pydantic-core
    (a fifth of the cost of sorting the keys in Python): what a store keeps and diffing
    compares. Equal texts mean equal records; :func:`same_json` says whether two texts that
    differ still hold the same record (a map's keys in another order, a store written by an
    older kamgraph, which sorted the keys)."""
    return type(record).__pydantic_serializer__.to_json(record, by_alias=True).decode()


class _Same(str):
    """The type of :data:`SAME`."""


#: What a backend's ``_stored_json`` may give for a stored record it has found equal to the
#: incoming one, as records (the Neo4j store compares the records it validated): unchanged,
#: and no JSON is made of either (a re-import of 60,000 unchanged records makes none).
SAME: str = _Same("")


def same_json(old: str | None, new: str) -> bool:
    """Whether the stored JSON ``old`` holds the same record as ``new`` (both from
    :func:`canonical_json`, or written by an older kamgraph): equal texts, else equal values."""
    return old is not None and (old == new or json.loads(old) == json.loads(new))


def check_by_id(collection: str) -> None:
    """The guard of ``get``: only collections whose records have ids are looked up by id."""
    if collection not in BY_ID:
        raise ValueError(f"get() looks records up by id; {collection} has none")


def changed_records(
    collection: str,
    records: Sequence[Any],
    existing: Mapping[Any, str],
    report: Tally,
    texts: Sequence[str] | None = None,
    *,
    json: bool = True,
) -> list[tuple[Any, str]]:
    """The records to write, each with its JSON: those that differ from what is stored
    (``existing``: key → canonical JSON), and those stored as another text of the same record
    (written by an older kamgraph: rewritten once, counted unchanged, nothing logged); counts
    every record as added, updated or unchanged in ``report``. A stored JSON that is
    :data:`SAME` is an unchanged record, taken as it is. ``texts``: the records' canonical
    JSON, in order, when it is written already (:class:`~kamgraph.canonical.Texts`).
    ``json=False``: the backend keeps no JSON (Neo4j), so the records of a first import come
    with ``""``, none made."""
    diffs = report.diffs
    keys = record_keys(collection, records)
    if not existing:  # nothing stored (a first import): every record is added, none compared
        if not json:
            texts = [""] * len(records)
        elif texts is None:
            texts = canonical_texts(records)
        diffs.extend(zip(repeat(collection), keys, repeat(None), records, strict=False))
        if records:
            report.tally(collection, "added", len(records))
        return list(zip(records, texts, strict=True))
    if texts is not None and records and all(map(eq, map(existing.get, keys), texts)):
        report.tally(collection, "unchanged", len(records))  # each stored as it is now (a re-import), told in C
        return []
    out = []
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for n, (r, key) in enumerate(zip(records, keys, strict=True)):
        old = existing.get(key)
        if old is SAME:
            counts["unchanged"] += 1
            continue
        data = texts[n] if texts is not None else canonical_json(r)
        if old is not None and same_json(old, data):
            counts["unchanged"] += 1
            if old != data:
                out.append((r, data))
            continue
        counts["updated" if old is not None else "added"] += 1
        diffs.append((collection, key, old, r))
        out.append((r, data))
    for outcome, n in counts.items():
        if n:
            report.tally(collection, outcome, n)
    return out


class BrokenRecord(StoreError):
    """A stored record breaks the model (edited by hand in the store's own tools); the
    message is one line naming it."""


def stored_twice(collection: str, record: Any) -> str:
    """The line :meth:`~kamgraph.store.base.Store.lint` says of a record stored twice
    under one key (a graph database can draw a relationship twice; a table cannot)."""
    if collection in BY_ID:
        return f"{MODELS[collection].__name__} '{record.id}' is stored twice; allowed: one per id"
    a, b = record_key(record)
    return f"{PAIR_NAMES[collection]} between '{a}' and '{b}' is drawn twice; allowed: one per pair"


#: How a lint line names a pair-keyed record.
PAIR_NAMES = {"knows": "KNOWS", "influences": "INFLUENCES", "adoption": "ADOPTS"}


def _allowed(err: Mapping[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    kind, msg = str(err["type"]), str(err["msg"])
    if kind == "enum":
        return str(ctx.get("expected"))
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        return msg.replace("Input should be ", "a number ")
    if kind.startswith("date"):
        return "a DATE, e.g. date('2026-01-31')"
    if kind == "missing":
        return "a value (it is required)"
    return msg[:1].lower() + msg[1:]


def model_problem(what: str, exc: ValidationError, where: Mapping[tuple[Any, ...], str] | None = None) -> str:
    """One line for the first thing wrong with a stored record named ``what`` (``where``
    names its parts by their place in the model's input): the property, its value, and
    what the model allows."""
    where = where or {}
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    name, prefix = what, loc
    for n in range(len(loc), 0, -1):  # the deepest drawn part the error is in (a note, a seat)
        if loc[:n] in where:
            name, prefix = where[loc[:n]], loc[n:]
            break
    prop = ".".join(str(p) for p in prefix) or str(loc[-1] if loc else "?")
    value = "" if err["type"] == "missing" else f" = {err.get('input')!r}"
    return f"{name}: {prop}{value} breaks the model; allowed: {_allowed(err)}"
