"""What ``kamgraph show`` prints: an account's buying committees and its key people."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from .errors import NotFound
from .graph import is_ownership, own_people
from .model import (
    DECIDING_ROLES,
    Graph,
    Influence,
    Person,
    Role,
    Seniority,
    Stance,
    effective_influence,
    effective_stance,
)
from .strength import effective_strength

__all__ = ["AccountView", "account_view"]


class Contact(BaseModel):
    """One of our people who knows a client person, and how well."""

    id: str
    name: str
    strength: float
    last_contact: dt.date | None = None
    owner: bool = Field(default=False, description="only owns the person's CRM record: coverage, not a relationship")


class PersonView(BaseModel):
    id: str
    name: str
    title: str | None = None
    unit: str | None = None
    seniority: Seniority | None = None
    roles: list[Role] = Field(description="the person's own roles and their roles on open deals")
    stance: Stance
    influence: Influence | None = None
    known_by: list[Contact] = Field(description="our people who know them, strongest first")
    last_contact: dt.date | None = None
    opportunities: list[str] = Field(default_factory=list, description="open deals whose committee they sit on")


class Seat(BaseModel):
    """A committee member as this deal sees them."""

    person: str
    name: str
    title: str | None = None
    roles: list[Role]
    stance: Stance
    influence: Influence | None = None
    primary: bool = Field(default=False, description="the deal's primary contact")


class OpportunityView(BaseModel):
    id: str
    name: str
    stage: str | None = None
    amount: float | None = None
    currency: str | None = None
    close_date: dt.date | None = None
    open: bool
    committee: list[Seat]
    empty_seats: list[Role]


class AccountInfo(BaseModel):
    id: str
    name: str
    industry: str | None = None
    tier: str | None = None
    value: float | None = None
    currency: str | None = None
    people: int


class AccountView(BaseModel):
    account: AccountInfo
    opportunities: list[OpportunityView]
    people: list[PersonView] = Field(
        description="deciders, then high influence, then the others; committee members first within each"
    )


_ROLE_ORDER = {r: n for n, r in enumerate(Role)}
#: Unknown influence (None) ranks between medium and low: it may be either.
_INFLUENCE_ORDER = {Influence.high: 0, Influence.medium: 1, None: 2, Influence.low: 3}


def _importance(
    roles: set[Role], influence: Influence | None, seniority: Seniority | None, name: str, pid: str
) -> tuple[object, ...]:
    """Who matters most on a committee first: deciders (economic buyer, decision maker),
    then high influence; within each, by influence (unknown between medium and low),
    formal seniority, the most telling role, then name and id."""
    decider = bool(roles & DECIDING_ROLES)
    return (
        0 if decider else 1 if influence == Influence.high else 2,
        _INFLUENCE_ORDER[influence],
        seniority.rank if seniority else 99,
        min((_ROLE_ORDER[r] for r in roles), default=99),
        name,
        pid,
    )


def account_view(graph: Graph, account_id: str) -> AccountView:
    """The committees of ``account_id``'s opportunities and its key people: anyone on a
    committee, holding a buying role, of high influence, executive rank, or known to us.
    Committees and people are ordered by importance (see :func:`_importance`)."""
    org = graph.organisation(account_id)
    if org is None:
        raise NotFound(f"no account with id '{account_id}'")
    people = {p.id: p for p in graph.people}
    team = own_people(graph)
    staff = [p for p in graph.people if p.org == account_id]

    known_by: dict[str, list[Contact]] = {p.id: [] for p in staff}
    for k in graph.knows:
        for ours, theirs in ((k.a, k.b), (k.b, k.a)):
            if ours in team and theirs in known_by:
                known_by[theirs].append(
                    Contact(
                        id=ours,
                        name=people[ours].name,
                        strength=effective_strength(k),
                        last_contact=k.last_contact,
                        owner=is_ownership(k),
                    )
                )

    opps = sorted(
        (o for o in graph.opportunities if o.account == account_id),
        key=lambda o: (not o.is_open, -(o.amount or 0), o.id),
    )
    deal_roles: dict[str, set[Role]] = {}
    seats_of: dict[str, list[str]] = {}
    deal_sway: dict[str, Influence] = {}  # the highest influence a person has on an open deal
    views = []
    for o in opps:
        seats = []
        for m in o.committee:
            p = people.get(m.person)
            if p is None:
                continue
            seats.append(
                Seat(
                    person=p.id,
                    name=p.name,
                    title=p.title,
                    roles=m.roles,
                    stance=effective_stance(p, m),
                    influence=effective_influence(p, m),
                    primary=m.primary,
                )
            )
            if o.is_open:
                deal_roles.setdefault(p.id, set()).update(m.roles)
                seats_of.setdefault(p.id, []).append(o.id)
                sway = effective_influence(p, m)
                before = deal_sway.get(p.id)
                if sway is not None and (before is None or _INFLUENCE_ORDER[sway] < _INFLUENCE_ORDER[before]):
                    deal_sway[p.id] = sway
        seats.sort(key=lambda s: _importance(set(s.roles), s.influence, people[s.person].seniority, s.name, s.person))
        views.append(
            OpportunityView(
                id=o.id,
                name=o.name,
                stage=o.stage,
                amount=o.amount,
                currency=o.currency,
                close_date=o.close_date,
                open=o.is_open,
                committee=seats,
                empty_seats=o.empty_seats,
            )
        )

    def is_key(p: Person) -> bool:
        return bool(
            p.roles
            or p.id in seats_of
            or p.influence == Influence.high
            or known_by[p.id]
            or p.seniority in (Seniority.executive, Seniority.vp)
        )

    def order(p: Person) -> tuple[object, ...]:
        roles = set(p.roles) | deal_roles.get(p.id, set())
        tier, *rest = _importance(roles, deal_sway.get(p.id, p.influence), p.seniority, p.name, p.id)
        return (tier, p.id not in seats_of, *rest)  # within a tier, committee members first

    rows = []
    for p in sorted(filter(is_key, staff), key=order):
        contacts = sorted(known_by[p.id], key=lambda c: (c.owner, -c.strength, c.name))  # relationships first
        dates = [d for d in [p.last_contact, *(c.last_contact for c in contacts)] if d]
        rows.append(
            PersonView(
                id=p.id,
                name=p.name,
                title=p.title,
                unit=p.unit,
                seniority=p.seniority,
                roles=sorted(set(p.roles) | deal_roles.get(p.id, set()), key=_ROLE_ORDER.__getitem__),
                stance=p.stance,
                influence=p.influence,
                known_by=contacts,
                last_contact=max(dates) if dates else None,
                opportunities=seats_of.get(p.id, []),
            )
        )
    info = AccountInfo(
        id=org.id,
        name=org.name,
        industry=org.industry,
        tier=org.tier,
        value=org.value,
        currency=org.currency,
        people=len(staff),
    )
    return AccountView(account=info, opportunities=views, people=rows)
