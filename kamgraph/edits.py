"""Edits of one record at a time — a stance, a deal's roles, a note, a contact — made the
way an import is made: the changed record is validated by the model and then written
through :meth:`Store.import_graph`, so an edit is checked exactly as a file would be and
nothing is written when anything is wrong. Each edit reads and writes inside one write
transaction, so two editors cannot overwrite each other. The web app's edits call these.

>>> from kamgraph.store import SQLiteStore
>>> from kamgraph.model import Graph, Organisation, Person
>>> store = SQLiteStore(":memory:")
>>> _ = store.import_graph(Graph(organisations=[Organisation(id="acme", name="Acme")],
...                              people=[Person(id="ana", name="Ana", org="acme")]))
>>> set_person(store, "ana", {"stance": "supporter"}).changed
True
>>> store.person("ana").stance
<Stance.supporter: 'supporter'>
>>> set_person(store, "ana", {"stance": "angry"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
kamgraph.errors.InvalidInput: person 'ana': stance: Input should be 'supporter', ... or 'unknown' (got 'angry')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import clock
from .errors import InvalidInput, NotFound
from .evidence import EvidenceCounts, merge_evidence
from .graph import own_people
from .model import Graph, Interaction, InteractionKind, Knows, Membership, Note, Opportunity, Organisation, Person
from .store import ImportReport, Store

__all__ = [
    "DEAL_FIELDS",
    "EDIT_SOURCE",
    "PERSON_FIELDS",
    "SEAT_FIELDS",
    "add_note",
    "assignments",
    "log_contact",
    "mark_left",
    "remove_seat",
    "set_all",
    "set_person",
    "set_seat",
]

#: What an edit may change on a person, and on a committee seat.
PERSON_FIELDS = frozenset({"stance", "influence", "roles", "title", "seniority", "unit", "reports_to"})
SEAT_FIELDS = frozenset({"roles", "stance", "influence"})
#: What an edit may change on an opportunity (its committee: :func:`set_seat`).
DEAL_FIELDS = frozenset({"stage", "amount", "currency", "close_date"})

#: Fields whose value is a list: ``roles=champion,evaluator`` (an empty value clears it).
LIST_FIELDS = frozenset({"roles"})
#: What :func:`mark_left` changes.
LEFT = frozenset({"left"})

R = TypeVar("R", bound=BaseModel)


def assignments(pairs: list[str], what: str = "person") -> dict[str, Any]:
    """``field=value`` words as the changes an edit takes: a list field's value is split on
    commas, an empty value clears the field (``influence=``). Values are validated by the edit.

    >>> assignments(["stance=supporter", "roles=champion, evaluator", "influence="])
    {'stance': 'supporter', 'roles': ['champion', 'evaluator'], 'influence': None}
    """
    out: dict[str, Any] = {}
    for pair in pairs:
        field, eq, value = pair.partition("=")
        field = field.strip()
        if not eq or not field:
            raise InvalidInput(f"{what}: '{pair[:60]}': expected FIELD=VALUE (e.g. stance=supporter)")
        if field in out:
            raise InvalidInput(f"{what}: {field}: given twice")
        value = value.strip()
        if field in LIST_FIELDS:
            out[field] = [v.strip() for v in value.split(",") if v.strip()]
        else:
            out[field] = value or None
    if not out:
        raise InvalidInput(f"{what}: nothing to set (give FIELD=VALUE, e.g. stance=supporter)")
    return out


def _changed(record: R, kind: str, key: str, changes: Mapping[str, Any], allowed: frozenset[str]) -> R:
    """``record`` with ``changes`` applied, validated as a whole by its model; a bad field is
    one :class:`InvalidInput` naming the record and the field, as an import's would be."""
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InvalidInput(
            f"{kind} '{key}': {unknown[0]}: cannot be edited here (editable: {', '.join(sorted(allowed))})"
        )
    data = record.model_dump(by_alias=True)
    data.update(changes)
    try:
        return type(record).model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(s) for s in err["loc"]) or "(record)"
        got = err.get("input")
        shown = f" (got {got!r})" if isinstance(got, str | int | float) and len(repr(got)) <= 60 else ""
        raise InvalidInput(f"{kind} '{key}': {field}: {str(err['msg']).removeprefix('Value error, ')}{shown}") from None


def _opportunity(store: Store, opportunity_id: str) -> Opportunity:
    found = store.get("opportunities", [opportunity_id]).get(opportunity_id)
    if not isinstance(found, Opportunity):
        raise NotFound(f"no opportunity with id '{opportunity_id}'")
    return found


#: Where an edit comes from, in the change log, unless the caller says (the web app: ``web``).
EDIT_SOURCE = "command line"


def set_person(store: Store, person_id: str, changes: Mapping[str, Any], *, source: str = EDIT_SOURCE) -> ImportReport:
    """Change some of a person's own fields (stance, influence, roles, title …)."""
    with store.transaction(write=True):  # the read and the write: no lost update
        person = _changed(store.person(person_id), "person", person_id, changes, PERSON_FIELDS)
        return store.import_graph(Graph(people=[person]), source=source)


def set_opportunity(
    store: Store, opportunity_id: str, changes: Mapping[str, Any], *, source: str = EDIT_SOURCE
) -> ImportReport:
    """Change a deal's stage, amount, currency or close date (``close_date="2027-03-31"``),
    validated as an import (a date that is no date, an amount below 0: one line naming the
    field, nothing written) and recorded in history; ``None`` clears a field."""
    with store.transaction(write=True):  # the read and the write: no lost update
        deal = _changed(_opportunity(store, opportunity_id), "opportunity", opportunity_id, changes, DEAL_FIELDS)
        return store.import_graph(Graph(opportunities=[deal]), source=source)


def set_all(
    store: Store,
    person_id: str,
    changes: Mapping[str, Any],
    seats: Sequence[tuple[str, Mapping[str, Any] | None]] = (),
    *,
    add: bool = False,
    source: str = EDIT_SOURCE,
) -> ImportReport:
    """:func:`set_person` and :func:`set_seat` on several deals at once, in one write
    transaction: when any of them is wrong, nothing is written. A deal's changes of ``None``
    take the person off its committee (:func:`remove_seat`)."""
    with store.transaction(write=True):
        report = ImportReport()
        parts = ([set_person(store, person_id, changes, source=source)] if changes else []) + [
            _set_seat(store, oid, person_id, ch, source, add)
            if ch is not None
            else _remove_seat(store, oid, person_id, source)
            for oid, ch in seats
        ]
        for part in parts:
            for collection, c in part.counts.items():
                for outcome in ("added", "updated", "unchanged"):
                    report.tally(collection, outcome, getattr(c, outcome))
            report.warnings += part.warnings
        return report


def remove_seat(store: Store, opportunity_id: str, person_id: str, *, source: str = EDIT_SOURCE) -> ImportReport:
    """Take ``person_id`` off ``opportunity_id``'s committee (someone who has left, say): the
    roles only they held there become empty seats, to be filled."""
    with store.transaction(write=True):  # the read and the write: no lost update
        return _remove_seat(store, opportunity_id, person_id, source)


def _remove_seat(store: Store, opportunity_id: str, person_id: str, source: str) -> ImportReport:
    deal = _opportunity(store, opportunity_id)
    store.person(person_id)
    seat = next((m for m in deal.committee if m.person == person_id), None)
    if seat is None:
        raise InvalidInput(f"opportunity '{opportunity_id}': person '{person_id}' is not on its committee")
    seats = [m for m in deal.committee if m.person != person_id]
    held = {r for m in seats for r in m.roles}
    empty = list(dict.fromkeys([*deal.empty_seats, *(r for r in seat.roles if r not in held)]))
    update = {"committee": seats, "empty_seats": empty}
    return store.import_graph(Graph(opportunities=[deal.model_copy(update=update)]), source=source)


def set_seat(
    store: Store,
    opportunity_id: str,
    person_id: str,
    changes: Mapping[str, Any],
    *,
    add: bool = True,
    source: str = EDIT_SOURCE,
) -> ImportReport:
    """Change a person's roles, stance or influence on one deal. A person of the deal's
    account not yet on its committee gets a seat (set by hand: no ``source``) when ``add``;
    without ``add`` that is an error. A person of another organisation never gets one."""
    with store.transaction(write=True):  # the read and the write: no lost update
        return _set_seat(store, opportunity_id, person_id, changes, source, add)


def _set_seat(
    store: Store, opportunity_id: str, person_id: str, changes: Mapping[str, Any], source: str, add: bool = True
) -> ImportReport:
    deal = _opportunity(store, opportunity_id)
    person = store.person(person_id)  # NotFound before anything else
    seats = list(deal.committee)
    at = next((n for n, m in enumerate(seats) if m.person == person_id), None)
    if at is None and person.org != deal.account:
        raise InvalidInput(
            f"opportunity '{opportunity_id}': person '{person_id}' is at '{person.org}', "
            f"not at the deal's account '{deal.account}': they cannot sit on its committee"
        )
    if at is None and not add:
        raise InvalidInput(
            f"opportunity '{opportunity_id}': person '{person_id}' is not on its committee "
            f"(seat them with: kamgraph set {person_id} --opportunity {opportunity_id} --add FIELD=VALUE…)"
        )
    seat = seats[at] if at is not None else Membership(person=person_id)
    new = _changed(seat, "opportunity", f"{opportunity_id}' seat '{person_id}", changes, SEAT_FIELDS)
    if at is None:
        seats.append(new)
    else:
        seats[at] = new
    return store.import_graph(Graph(opportunities=[deal.model_copy(update={"committee": seats})]), source=source)


def add_note(
    store: Store,
    record_id: str,
    text: str,
    *,
    by: str | None = None,
    on: dt.date | None = None,
    source: str = EDIT_SOURCE,
) -> ImportReport:
    """Add a dated note to a person, an opportunity or an organisation (looked up in that order)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"note on '{record_id}': text: must not be blank")
    note = Note(text=text.strip(), date=on or clock.today(), by=by)
    with store.transaction(write=True):  # the read and the write: no lost update
        for collection in ("people", "opportunities", "organisations"):
            found = store.get(collection, [record_id]).get(record_id)
            if found is None:
                continue
            assert isinstance(found, Person | Opportunity | Organisation)
            updated = found.model_copy(update={"notes": [*found.notes, note]})
            return store.import_graph(Graph(**{collection: [updated]}), source=source)
    raise NotFound(f"no person, opportunity or organisation with id '{record_id}'")


def mark_left(
    store: Store, person_id: str, *, on: dt.date | None = None, clear: bool = False, source: str = EDIT_SOURCE
) -> ImportReport:
    """Record that ``person_id`` left their organisation (a client's, or ours) on ``on`` (today
    by default): from that day they are no route, thread or committee member (see
    :func:`kamgraph.graph.present`), but they stay in the store, in history and in ``show``.
    ``clear``: they have not left after all (the date is removed)."""
    if clear and on is not None:
        raise InvalidInput(f"person '{person_id}': left: give a date or clear it, not both")
    with store.transaction(write=True):  # the read and the write: no lost update
        person = store.person(person_id)
        updated = _changed(person, "person", person_id, {"left": None if clear else on or clock.today()}, LEFT)
        return store.import_graph(Graph(people=[updated]), source=source)


def log_contact(
    store: Store,
    person_id: str,
    by: str,
    *,
    on: dt.date | None = None,
    strength: float | None = None,
    kind: str | InteractionKind = InteractionKind.meeting,
    note: str | None = None,
    source: str = EDIT_SOURCE,
) -> ImportReport:
    """Record that ``by`` (one of our people) was in touch with ``person_id`` on ``on``
    (today by default): one interaction of ``kind`` on the relationship between them, kept as
    its evidence the way ``import-activity`` keeps it (:func:`kamgraph.evidence.merge_evidence`:
    logging the same contact twice adds nothing); the relationship's and the person's last
    contact move to that day (never back), and a relationship not yet known is added.
    ``strength``, when given, is set by hand as of that day."""
    with store.transaction(write=True):  # the read and the write: no lost update
        return _log_contact(store, person_id, by, on, strength, kind, note, source)


def _log_contact(
    store: Store,
    person_id: str,
    by: str,
    on: dt.date | None,
    strength: float | None,
    kind: str | InteractionKind,
    note: str | None,
    source: str,
) -> ImportReport:
    person = store.person(person_id)
    store.person(by)
    graph = store.account(person.org)  # holds our own people and what they know of this account
    ours = own_people(graph)
    what = f"contact with '{person_id}'"
    if by not in ours:
        raise InvalidInput(f"{what}: by: '{by}' is not one of our people")
    if by == person_id:
        raise InvalidInput(f"{what}: by: a person cannot be in touch with themselves")
    if person_id in ours:
        raise InvalidInput(f"{what}: '{person_id}' is one of our own people: log contacts with client people")
    try:
        how = InteractionKind(kind)
    except ValueError:
        raise InvalidInput(
            f"{what}: kind: {str(kind)[:40]!r} is not one of {', '.join(k.value for k in InteractionKind)}"
        ) from None
    when = on or clock.today()
    a, b = sorted((by, person_id))
    old = next((k for k in graph.knows if k.key == (a, b)), None)
    data: dict[str, Any] = old.model_dump() if old else {"a": a, "b": b, "strength": 0, "source": source}
    if strength is not None:
        data.update(strength=strength, strength_set=when)
    try:
        base = Knows.model_validate(data)
        interaction = Interaction(kind=how, date=when, source=source, note=(note or "").strip() or None)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InvalidInput(f"knows '{a} -> {b}': {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    knows = merge_evidence(base, [interaction], EvidenceCounts())
    if knows.last_contact is None or when > knows.last_contact:  # a contact logged ahead of --today
        knows = knows.model_copy(update={"last_contact": when})
    seen = person.model_copy(update={"last_contact": max(d for d in (when, person.last_contact) if d)})
    return store.import_graph(Graph(people=[seen], knows=[knows]), source=source)
