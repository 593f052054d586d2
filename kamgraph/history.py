"""What changed, and what a map looked like then: the store's change log read back.

:func:`history` lists what changed about a person, an account or an opportunity, newest
first (the same answer for ``kamgraph history --json``, the web card and Python users).
:func:`rewind` rebuilds an account's subgraph as it was at a moment, from the current one by
undoing every later entry, newest first; :mod:`kamgraph.diff` compares two such states.

>>> import datetime as dt
>>> from kamgraph import clock
>>> from kamgraph.store import SQLiteStore
>>> from kamgraph.model import Graph, Organisation, Person
>>> store = SQLiteStore(":memory:")
>>> clock.set_today(dt.date(2026, 1, 5))
>>> _ = store.import_graph(Graph(organisations=[Organisation(id="acme", name="Acme")],
...     people=[Person(id="ana", name="Ana", org="acme")]), source="acme.yaml", author="kam")
>>> clock.set_today(dt.date(2026, 2, 5))
>>> _ = store.import_graph(Graph(people=[Person(id="ana", name="Ana", org="acme", stance="supporter")]),
...     source="command line", author="kam")
>>> [(c.at.date().isoformat(), c.kind.value, c.field, c.old, c.new) for c in history(store, "ana").changes]
[('2026-02-05', 'updated', 'stance', 'unknown', 'supporter'), ('2026-01-05', 'created', None, None, 'Ana')]
>>> rewind(store.account("acme"), store.changes(since=dt.date(2026, 2, 1)), "acme").person("ana").stance
<Stance.unknown: 'unknown'>
>>> clock.set_today(None)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from .errors import NotFound
from .model import COLLECTIONS, Graph, OrgKind, Person, record_key
from .store.base import Store
from .store.changes import Change, ChangeKind, key_text, leaves, note_texts, unflatten
from .store.rules import MODELS

__all__ = ["History", "day_start", "history", "rewind"]

Subject = Literal["person", "account", "opportunity"]


class History(BaseModel):
    """What changed about one record, newest first (``kamgraph history --json``)."""

    kind: Subject
    id: str
    name: str | None = Field(description="the record's name now (none once removed)")
    since: dt.date | None = None
    changes: list[Change] = Field(description="newest first; entries of one write in the order written, reversed")


def day_start(day: dt.date) -> dt.datetime:
    """Midnight (UTC) at the start of ``day``: ``--since DAY`` means from then on."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _subject(store: Store, key: str) -> tuple[Subject, str | None]:
    for collection, kind in (("people", "person"), ("opportunities", "opportunity"), ("organisations", "account")):
        found = store.get(collection, [key]).get(key)
        if found is not None:
            return kind, getattr(found, "name", None)  # type: ignore[return-value]
    for collection, kind in (("people", "person"), ("opportunities", "opportunity"), ("organisations", "account")):
        if store.changes(records=[(collection, key)]):  # removed since, but still in the log
            return kind, None  # type: ignore[return-value]
    raise NotFound(f"no person, account or opportunity with id '{key}', now or in the change log")


def history(store: Store, key: str, since: dt.date | None = None, *, limit: int | None = None) -> History:
    """What changed about the person, account or opportunity with id ``key``, newest first,
    recorded on or after ``since``; at most ``limit`` entries.

    A person's history holds their record, their relations, their committee seats and
    their reports' lines to them; an account's its own record and its units, people and
    deals, and the relations of its people; an opportunity's its record (seats included).
    """
    kind, name = _subject(store, key)
    when = day_start(since) if since else None
    if kind == "person":
        found = store.changes(records=[("people", key)], people=[key], since=when)
    elif kind == "opportunity":
        found = store.changes(records=[("opportunities", key)], since=when)
    else:
        ids = [p.id for p in store.find_people(org=key, limit=1_000_000)]
        found = store.changes(records=[("organisations", key)], org=key, people=ids or None, since=when)
    newest = [_shown(c) for c in sorted(found, key=lambda c: -c.seq)]
    return History(kind=kind, id=key, name=name, since=since, changes=newest[:limit] if limit else newest)


def _shown(c: Change) -> Change:
    """``c`` as a history shows it: a note's change as the notes' texts (the log also keeps
    their dates and authors, which :func:`rewind` restores)."""
    if c.field != "notes":
        return c
    return c.model_copy(update={"old": note_texts(c.old), "new": note_texts(c.new)})


def _relevant_removal(c: Change, account: str, own: set[str]) -> bool:
    """Whether a record removed later belonged to the account's subgraph then."""
    if c.collection in ("knows", "influences", "adoption", "products"):
        return True
    return c.org == account or (c.collection != "organisations" and c.org in own)


def rewind(current: Graph, later: Iterable[Change], account: str) -> Graph:
    """``current`` (an account's subgraph) as it was before the ``later`` entries: each one
    undone, newest first. Records removed since come back (those of the account, our own
    people and relations); records created since go. References to records the result
    does not hold are dropped, so the analyses can run on it."""
    own = {o.id for o in current.organisations if o.kind == OrgKind.own}
    state: dict[tuple[str, str], dict[tuple[str, str | None], Any]] = {}
    for collection in COLLECTIONS:
        for r in getattr(current, collection):
            data = r.model_dump(mode="json", by_alias=True)
            state[(collection, key_text(collection, record_key(r)))] = leaves(collection, data)
    for c in sorted(later, key=lambda c: -c.seq):
        where = (c.collection, c.key)
        if c.kind == ChangeKind.created:
            state.pop(where, None)
        elif c.kind == ChangeKind.removed:
            if _relevant_removal(c, account, own):
                state.setdefault(where, {})
        elif where in state and c.field is not None:
            leaf = (c.field, c.item)
            if c.old is None:
                state[where].pop(leaf, None)
            else:
                state[where][leaf] = c.old
    records: dict[str, list[Any]] = {c: [] for c in COLLECTIONS}
    for (collection, key), values in sorted(state.items()):
        try:
            records[collection].append(MODELS[collection].model_validate(unflatten(collection, key, values)))
        except ValidationError:
            continue  # a record only partly rebuilt (its creation is older than the log): left out
    return _consistent(Graph(**records))


def _consistent(graph: Graph) -> Graph:
    """``graph`` without references to records it does not hold."""
    people = {p.id for p in graph.people}
    units = {u.id for u in graph.units}
    orgs = {o.id for o in graph.organisations}

    def person(p: Person) -> Person:
        changes: dict[str, Any] = {}
        if p.reports_to is not None and p.reports_to not in people:
            changes["reports_to"] = None
        if p.unit is not None and p.unit not in units:
            changes["unit"] = None
        return p.model_copy(update=changes) if changes else p

    return Graph(
        organisations=graph.organisations,
        units=[u for u in graph.units if u.org in orgs],
        products=graph.products,
        people=[person(p) for p in graph.people if p.org in orgs],
        knows=[k for k in graph.knows if k.a in people and k.b in people],
        influences=[i for i in graph.influences if i.source in people and i.target in people],
        adoption=[a for a in graph.adoption if a.unit in units],
        opportunities=[
            o.model_copy(update={"committee": [m for m in o.committee if m.person in people]})
            for o in graph.opportunities
            if o.account in orgs
        ],
    )
