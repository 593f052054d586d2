"""The rules of the records that every layer applies, written once over any record with the
model's attributes: a validated record of :mod:`kamgraph.model`, or a plain one read from an
SQLite store's rows (:mod:`kamgraph.store.plain_records`). No pydantic here (issue 19: the
views load without the model). :mod:`kamgraph.model` and :mod:`kamgraph.graph` re-export them.

>>> from types import SimpleNamespace as R
>>> effective_stance(R(stance=Stance.supporter), R(stance=None))
<Stance.supporter: 'supporter'>
>>> is_ownership(R(source="crm", evidence=[]))
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .text import fold
from .vocabulary import Influence, OrgKind, Stance

__all__ = ["effective_influence", "effective_stance", "is_ownership", "matches", "own_people", "search_text"]


# What the rules read of a record (the model's records have these attributes, and so do the
# plain ones; the model is not named here: it imports this module).
class _Swayed(Protocol):
    @property
    def stance(self) -> Stance | None: ...
    @property
    def influence(self) -> Influence | None: ...


class _Member(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def org(self) -> str: ...
    @property
    def stance(self) -> Stance: ...
    @property
    def influence(self) -> Influence | None: ...


class _Findable(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...


class _Tie(Protocol):
    @property
    def source(self) -> str | None: ...
    @property
    def evidence(self) -> Sequence[object]: ...


class _Org(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> OrgKind: ...


class _Records(Protocol):
    @property
    def organisations(self) -> Sequence[_Org]: ...
    @property
    def people(self) -> Sequence[_Member]: ...


def effective_stance(person: _Member, membership: _Swayed | None) -> Stance:
    """The stance a deal's committee gives ``person``: the seat's, else their own."""
    if membership is not None and membership.stance is not None:
        return membership.stance
    return person.stance


def effective_influence(person: _Member, membership: _Swayed | None) -> Influence | None:
    """The influence a deal's committee gives ``person``: the seat's, else their own."""
    if membership is not None and membership.influence is not None:
        return membership.influence
    return person.influence


def is_ownership(k: _Tie) -> bool:
    """Whether ``k`` says only that one of our sellers owns the person's CRM record (every
    contact has an owner): coverage to show, never a relationship. It carries no route, no
    thread and no committee coverage. Once there is evidence of real contact (a meeting, a
    call, a LinkedIn connection …) it is a relationship, of that evidence's strength."""
    return k.source == "crm" and not k.evidence


def own_people(graph: _Records) -> set[str]:
    """Ids of the people in our own organisation(s): "the team"."""
    own = {o.id for o in graph.organisations if o.kind == OrgKind.own}
    return {p.id for p in graph.people if p.org in own}


def search_text(person: _Findable) -> list[str]:
    """The folded fields ``find_people`` matches: id, name, title, e-mail."""
    return [fold(v) for v in (person.id, person.name, person.title or "", person.email or "")]


def matches(person: _Findable, needle: str) -> bool:
    """Whether ``find_people`` finds ``person`` for the folded ``needle`` (in one field)."""
    return any(needle in field for field in search_text(person))
