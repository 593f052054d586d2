"""What ``kamgraph show`` prints: an account's buying committees and its key people, or one
person's card (their seats, relationships with their evidence, and notes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from .errors import NotFound
from .json_form import json_form
from .record_rules import effective_influence, effective_stance, is_ownership, own_people
from .strength import effective_strength, explain
from .vocabulary import DECIDING_ROLES, ROLE_ORDER, Influence, Role, Seniority, Stance

if TYPE_CHECKING:  # the records' types, for the annotations: any record with their attributes will do
    from .model import Graph, Note, Opportunity, Person
    from .store.plain_records import PlainGraph

    #: An account's records: the store's (validated by the model), or its rows read as plain records.
    Records = Graph | PlainGraph

__all__ = [
    "AccountInfo",
    "AccountView",
    "Contact",
    "DealSeat",
    "PersonCard",
    "Relationship",
    "Reader",
    "Shown",
    "View",
    "account_view",
    "deal_seats",
    "known_by",
    "person_view",
    "shown_view",
]


class Reader(Protocol):
    """Where a view's records come from: a :class:`~kamgraph.store.base.Store`, or an SQLite
    store's rows read as plain records (:class:`~kamgraph.store.sqlite_plain.PlainReader`)."""

    def get(self, collection: str, ids: Iterable[str]) -> Mapping[str, Any]: ...
    def account(self, org_id: str) -> Records: ...


class View:
    """A view: plain data (a dataclass, no pydantic: ``show`` answers without loading the
    model, issue 19) whose :meth:`to_json` is what ``model_dump(mode="json")`` gave when the
    views were pydantic models, key for key."""

    __slots__ = ()

    def to_json(self) -> Any:
        """The view as JSON-ready values: see :func:`~kamgraph.json_form.json_form`."""
        return json_form(self)


@dataclass(kw_only=True, slots=True)
class Contact(View):
    """One of our people who knows a client person, and how well."""

    id: str
    name: str
    strength: float
    last_contact: dt.date | None = None
    #: only owns the person's CRM record: coverage, not a relationship
    owner: bool = False
    #: where the relationship is known from
    source: str | None = None


@dataclass(kw_only=True, slots=True)
class PersonView(View):
    id: str
    name: str
    title: str | None = None
    unit: str | None = None
    seniority: Seniority | None = None
    #: the person's own roles and their roles on open deals
    roles: list[Role]
    stance: Stance
    influence: Influence | None = None
    #: our people who know them, strongest first
    known_by: list[Contact]
    last_contact: dt.date | None = None
    #: open deals whose committee they sit on
    opportunities: list[str] = field(default_factory=list)
    #: the day they left the organisation
    left: dt.date | None = None


@dataclass(kw_only=True, slots=True)
class Seat(View):
    """A committee member as this deal sees them."""

    person: str
    name: str
    title: str | None = None
    roles: list[Role]
    stance: Stance
    influence: Influence | None = None
    #: the deal's primary contact
    primary: bool = False
    #: the day they left: the seat is empty from then
    left: dt.date | None = None


@dataclass(kw_only=True, slots=True)
class OpportunityView(View):
    id: str
    name: str
    stage: str | None = None
    amount: float | None = None
    currency: str | None = None
    close_date: dt.date | None = None
    open: bool
    committee: list[Seat]
    empty_seats: list[Role]


@dataclass(kw_only=True, slots=True)
class AccountInfo(View):
    id: str
    name: str
    industry: str | None = None
    tier: str | None = None
    value: float | None = None
    currency: str | None = None
    people: int


@dataclass(kw_only=True, slots=True)
class NoteView(View):
    """A note and the record it is on (the account, one of its deals, one of its people)."""

    #: account, opportunity or person
    kind: str
    record: str
    name: str
    date: dt.date | None = None
    by: str | None = None
    text: str


@dataclass(kw_only=True, slots=True)
class AccountView(View):
    account: AccountInfo
    opportunities: list[OpportunityView]
    #: deciders, then high influence, then the others; committee members first within each
    people: list[PersonView]
    #: every note on the account, its deals and its people, newest first
    notes: list[NoteView] = field(default_factory=list)


_ROLE_ORDER = ROLE_ORDER
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


def known_by(graph: Records, ids: set[str]) -> dict[str, list[Contact]]:
    """For each of these people, our people who know them: relationships first, strongest
    first (then by name and id), then those who only own their CRM record (``owner``). What
    ``show`` lists and the web app's card shows."""
    team = own_people(graph)
    names = {p.id: p.name for p in graph.people}
    out: dict[str, list[Contact]] = {pid: [] for pid in ids}
    for k in graph.knows:
        for ours, theirs in ((k.a, k.b), (k.b, k.a)):
            if ours in team and theirs in out and ours != theirs and ours in names:
                out[theirs].append(
                    Contact(
                        id=ours,
                        name=names[ours],
                        strength=effective_strength(k),
                        last_contact=k.last_contact,
                        owner=is_ownership(k),
                        source=k.source,
                    )
                )
    for contacts in out.values():
        contacts.sort(key=lambda c: (c.owner, -c.strength, c.name, c.id))
    return out


def account_view(graph: Records, account_id: str) -> AccountView:
    """The committees of ``account_id``'s opportunities and its key people: anyone on a
    committee, holding a buying role, of high influence, executive rank, or known to us.
    Committees and people are ordered by importance (see :func:`_importance`)."""
    org = graph.organisation(account_id)
    if org is None:
        raise NotFound(f"no account with id '{account_id}'")
    people = {p.id: p for p in graph.people}
    staff = [p for p in graph.people if p.org == account_id]

    contacts = known_by(graph, {p.id for p in staff})

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
                    roles=list(m.roles),
                    stance=effective_stance(p, m),
                    influence=effective_influence(p, m),
                    primary=m.primary,
                    left=p.left,
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
                empty_seats=list(o.empty_seats),
            )
        )

    def is_key(p: Person) -> bool:
        return bool(
            p.roles
            or p.id in seats_of
            or p.influence == Influence.high
            or contacts[p.id]
            or p.seniority in (Seniority.executive, Seniority.vp)
        )

    def order(p: Person) -> tuple[object, ...]:
        roles = set(p.roles) | deal_roles.get(p.id, set())
        tier, *rest = _importance(roles, deal_sway.get(p.id, p.influence), p.seniority, p.name, p.id)
        return (tier, p.id not in seats_of, *rest)  # within a tier, committee members first

    rows = []
    for p in sorted(filter(is_key, staff), key=order):
        theirs = contacts[p.id]
        dates = [d for d in [p.last_contact, *(c.last_contact for c in theirs)] if d]
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
                known_by=theirs,
                last_contact=max(dates) if dates else None,
                opportunities=seats_of.get(p.id, []),
                left=p.left,
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
    return AccountView(account=info, opportunities=views, people=rows, notes=_notes(graph, account_id))


def _notes(graph: Records, account_id: str) -> list[NoteView]:
    """Every note on the account, its opportunities and its people: newest first (undated
    last), then by record kind and id, then as stored."""
    records: list[tuple[str, str, str, list[Note]]] = []
    org = graph.organisation(account_id)
    if org is not None:
        records.append(("account", org.id, org.name, org.notes))
    records += [("opportunity", o.id, o.name, o.notes) for o in graph.opportunities if o.account == account_id]
    records += [("person", p.id, p.name, p.notes) for p in graph.people if p.org == account_id]
    kinds = {"account": 0, "opportunity": 1, "person": 2}
    out = [
        (n.date, kinds[kind], rid, i, NoteView(kind=kind, record=rid, name=name, date=n.date, by=n.by, text=n.text))
        for kind, rid, name, notes in records
        for i, n in enumerate(notes)
    ]
    out.sort(key=lambda t: (-(t[0].toordinal()) if t[0] else 1, t[1], t[2], t[3]))
    return [t[4] for t in out]


@dataclass(kw_only=True, slots=True)
class Relationship(View):
    """Someone a person knows, how well as of today, and where that comes from."""

    id: str
    name: str
    #: the other person's organisation's name
    organisation: str
    #: the other person is on our team
    ours: bool
    #: the effective strength as of today (see kamgraph.strength)
    strength: float
    #: the strength set by hand (0: known only from evidence)
    set_strength: float
    last_contact: dt.date | None = None
    #: only owns the person's CRM record: coverage, not a relationship
    owner: bool = False
    #: where the relationship comes from, in words
    evidence: str
    #: how many interactions are recorded (LinkedIn included)
    interactions: int = 0


@dataclass(kw_only=True, slots=True)
class DealSeat(View):
    """A seat of the person's on one deal's committee."""

    opportunity: str
    name: str
    open: bool
    roles: list[Role]
    stance: Stance
    influence: Influence | None = None
    primary: bool = False


def deal_seats(person: Person, deals: Iterable[Opportunity]) -> list[DealSeat]:
    """``person``'s seats on the committees of ``deals``, in the deals' order, with the
    stance and influence each committee gives them (the web card and ``show PERSON``)."""
    return [
        DealSeat(
            opportunity=deal.id,
            name=deal.name,
            open=deal.is_open,
            roles=list(m.roles),
            stance=effective_stance(person, m),
            influence=effective_influence(person, m),
            primary=m.primary,
        )
        for deal in deals
        for m in deal.committee
        if m.person == person.id
    ]


@dataclass(kw_only=True, slots=True)
class PersonCard(View):
    """What ``kamgraph show PERSON`` prints."""

    id: str
    name: str
    title: str | None = None
    organisation: str
    organisation_name: str
    #: the unit's name (its id when the unit is not stored)
    unit: str | None = None
    seniority: Seniority | None = None
    roles: list[Role]
    stance: Stance
    influence: Influence | None = None
    email: str | None = None
    #: the manager's id
    reports_to: str | None = None
    reports_to_name: str | None = None
    last_contact: dt.date | None = None
    left: dt.date | None = None
    #: committee seats, open deals first, then by deal name and id
    seats: list[DealSeat]
    #: relationships first, strongest first (then by name and id); CRM ownership last
    relationships: list[Relationship]
    #: the person's notes, newest first
    notes: list[NoteView] = field(default_factory=list)


def person_view(graph: Records, person_id: str) -> PersonCard:
    """``person_id``'s card from a graph that holds them and the people they know (the
    store's ``account()`` of their organisation): their seats on each deal, every
    relationship with its effective strength and evidence as of today, and their notes."""
    people = {p.id: p for p in graph.people}
    p = people.get(person_id)
    if p is None:
        raise NotFound(f"no person with id '{person_id}'")
    orgs = {o.id: o for o in graph.organisations}
    team = own_people(graph)
    units = {u.id: u for u in graph.units}
    relations = []
    for k in graph.knows:
        other = k.b if k.a == person_id else k.a if k.b == person_id else None
        if other is None or other == person_id or other not in people:
            continue
        them = people[other]
        relations.append(
            Relationship(
                id=them.id,
                name=them.name,
                organisation=getattr(orgs.get(them.org), "name", them.org),
                ours=them.id in team,
                strength=effective_strength(k),
                set_strength=k.strength,
                last_contact=k.last_contact,
                owner=is_ownership(k),
                evidence=explain(k),
                interactions=len(k.evidence),
            )
        )
    relations.sort(key=lambda r: (r.owner, -r.strength, r.name, r.id))
    seats = sorted(deal_seats(p, graph.opportunities), key=lambda s: (not s.open, s.name, s.opportunity))
    notes = sorted(
        enumerate(p.notes), key=lambda t: (-(t[1].date.toordinal()) if t[1].date else 1, t[0])
    )  # newest first, undated last, then as stored
    manager = people.get(p.reports_to) if p.reports_to else None
    unit = units.get(p.unit) if p.unit else None
    return PersonCard(
        id=p.id,
        name=p.name,
        title=p.title,
        organisation=p.org,
        organisation_name=getattr(orgs.get(p.org), "name", p.org),
        unit=unit.name if unit else p.unit,
        seniority=p.seniority,
        roles=list(p.roles),
        stance=p.stance,
        influence=p.influence,
        email=p.email,
        reports_to=p.reports_to,
        reports_to_name=manager.name if manager else None,
        last_contact=p.last_contact,
        left=p.left,
        seats=seats,
        relationships=relations,
        notes=[NoteView(kind="person", record=p.id, name=p.name, date=n.date, by=n.by, text=n.text) for _, n in notes],
    )


class Shown(NamedTuple):
    """What ``kamgraph show`` prints: an account's view or a person's card, and the names of
    its notes' authors by id (who may be anyone in the store)."""

    kind: str  # "account" or "person"
    view: AccountView | PersonCard
    authors: dict[str, str]


def shown_view(reader: Reader, kind: str, record_id: str) -> Shown:
    """The view of the account or person ``record_id`` (``kind``: ``"account"`` or
    ``"person"``, as :func:`~kamgraph.resolve.resolve_account_or_person` says), read
    through ``reader``: the store, or an SQLite store's rows as plain records."""
    if kind == "person":
        person = reader.get("people", [record_id]).get(record_id)
        if person is None:
            raise NotFound(f"no person with id '{record_id}'")
        view: AccountView | PersonCard = person_view(reader.account(person.org), record_id)
    else:
        view = account_view(reader.account(record_id), record_id)
    by = sorted({n.by for n in view.notes if n.by})
    return Shown(kind, view, {p.id: p.name for p in reader.get("people", by).values()} if by else {})
