"""What changed in an account between two dates ("since the last QBR"): the account's
subgraph then and now, each rebuilt from the change log (:func:`kamgraph.history.rewind`),
compared — who joined and left, whose stance or influence moved, roles gained and lost per
deal, relationships won, lost or gone stale, deals whose stage or amount moved, new empty
seats — and what that did to each open deal's risk (threads and score then and now, by
:func:`kamgraph.analysis.account_risk` on each state).

``since`` is a day: the state "then" is the state at its start (midnight UTC), before
anything recorded that day. ``until`` (``--between A B``) includes its whole day; without it,
"now" is the current state. Staleness is judged as of each date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from . import clock
from .analysis import account_risk
from .graph import own_people
from .history import day_start, rewind
from .model import DEFAULT_STALE_DAYS, Graph, Opportunity, Person
from .store.base import Store

__all__ = ["AccountDiff", "changed_people", "diff", "diff_graphs"]


class PersonRef(BaseModel):
    id: str
    name: str
    title: str | None = None
    why: str | None = Field(default=None, description="for a person who left: removed, or left on a date")


class Move(BaseModel):
    """A person's stance or influence, their own (``opportunity`` none) or on one deal."""

    person: str
    name: str
    field: str
    opportunity: str | None = None
    old: str | None
    new: str | None


class RoleMove(BaseModel):
    opportunity: str
    person: str
    name: str
    gained: list[str]
    lost: list[str]


class RelationshipMove(BaseModel):
    ours: str
    theirs: str
    ours_name: str
    theirs_name: str
    change: str = Field(description="won, lost or stale")
    strength: float | None = None
    last_contact: dt.date | None = None


class DealMove(BaseModel):
    opportunity: str
    name: str
    field: str = Field(description="stage, amount, close_date, open, or created")
    old: Any = None
    new: Any = None


class NewSeat(BaseModel):
    opportunity: str
    name: str
    role: str


class RiskMove(BaseModel):
    opportunity: str
    name: str
    threads_then: int | None = Field(description="none: the deal was not open then")
    threads_now: int
    score_then: int | None
    score_now: int


class AccountDiff(BaseModel):
    """What changed in one account between ``since`` and ``until`` (``kamgraph diff --json``)."""

    account: str
    name: str
    since: dt.date
    until: dt.date | None = Field(description="none: up to now")
    joined: list[PersonRef] = Field(default_factory=list)
    left: list[PersonRef] = Field(default_factory=list)
    moves: list[Move] = Field(default_factory=list, description="stance and influence moves")
    roles: list[RoleMove] = Field(default_factory=list, description="roles gained or lost per deal")
    relationships: list[RelationshipMove] = Field(default_factory=list)
    deals: list[DealMove] = Field(default_factory=list)
    empty_seats: list[NewSeat] = Field(default_factory=list, description="empty seats new since then")
    risk: list[RiskMove] = Field(default_factory=list, description="each deal open now: threads and score then and now")

    @property
    def empty(self) -> bool:
        return not any(
            (self.joined, self.left, self.moves, self.roles, self.relationships, self.deals, self.empty_seats)
        )


def diff(
    store: Store,
    account: str,
    since: dt.date,
    until: dt.date | None = None,
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> AccountDiff:
    """What changed in ``account`` from the start of ``since`` to the end of ``until`` (now
    when none)."""
    with store.transaction():
        current = store.account(account)
        later = store.changes(since=day_start(since))
    end = day_start(until + dt.timedelta(days=1)) if until else None
    now = rewind(current, [c for c in later if c.at >= end], account) if end else current
    then = rewind(current, later, account)
    return diff_graphs(then, now, account, since, until, stale_days=stale_days)


def _left_on(p: Person) -> dt.date | None:
    return getattr(p, "left", None)  # Person.left, where the model has it


def diff_graphs(
    then: Graph,
    now: Graph,
    account: str,
    since: dt.date,
    until: dt.date | None = None,
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> AccountDiff:
    """The differences between two states of ``account``'s subgraph (see :func:`diff`)."""
    org = now.organisation(account) or then.organisation(account)
    out = AccountDiff(account=account, name=org.name if org else account, since=since, until=until)
    old = {p.id: p for p in then.people if p.org == account}
    new = {p.id: p for p in now.people if p.org == account}
    everyone = {p.id: p for p in [*then.people, *now.people]}
    name = {pid: p.name for pid, p in everyone.items()}

    def ref(p: Person, why: str | None = None) -> PersonRef:
        return PersonRef(id=p.id, name=p.name, title=p.title, why=why)

    out.joined = [ref(p) for pid, p in sorted(new.items()) if pid not in old]
    for pid, p in sorted(old.items()):
        if pid not in new:
            out.left.append(ref(p, "removed"))
        elif _left_on(new[pid]) is not None and _left_on(p) is None:
            out.left.append(ref(new[pid], f"left on {_left_on(new[pid])}"))
    for pid in sorted(old.keys() & new.keys()):
        for field in ("stance", "influence"):
            a, b = getattr(old[pid], field), getattr(new[pid], field)
            if a != b:
                out.moves.append(Move(person=pid, name=name[pid], field=field, old=_text(a), new=_text(b)))
    deals_then = {o.id: o for o in then.opportunities if o.account == account}
    deals_now = {o.id: o for o in now.opportunities if o.account == account}
    for oid, deal in sorted(deals_now.items()):
        _deal(out, deals_then.get(oid), deal, name)
    _relationships(out, then, now, account, since, until, stale_days)
    _risk(out, then, now, account, since, until, stale_days, deals_then)
    return out


def _text(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _deal(out: AccountDiff, before: Opportunity | None, deal: Opportunity, name: dict[str, str]) -> None:
    if before is None:
        out.deals.append(DealMove(opportunity=deal.id, name=deal.name, field="created", new=deal.stage))
        before = Opportunity(id=deal.id, account=deal.account, name=deal.name)
    else:
        for field in ("stage", "amount", "close_date", "is_open"):
            a, b = getattr(before, field), getattr(deal, field)
            if a != b:
                shown = "open" if field == "is_open" else field
                out.deals.append(DealMove(opportunity=deal.id, name=deal.name, field=shown, old=a, new=b))
    seats_then = {m.person: m for m in before.committee}
    for m in deal.committee:
        was = seats_then.get(m.person)
        gained = [r.value for r in m.roles if was is None or r not in was.roles]
        lost = [r.value for r in (was.roles if was else []) if r not in m.roles]
        if gained or lost:
            out.roles.append(
                RoleMove(
                    opportunity=deal.id, person=m.person, name=name.get(m.person, m.person), gained=gained, lost=lost
                )
            )
        for field in ("stance", "influence"):
            a, b = getattr(was, field) if was else None, getattr(m, field)
            if was is not None and a != b:
                out.moves.append(
                    Move(
                        person=m.person,
                        name=name.get(m.person, m.person),
                        field=field,
                        opportunity=deal.id,
                        old=_text(a),
                        new=_text(b),
                    )
                )
    now_seated = {m.person for m in deal.committee}
    for pid, was in seats_then.items():
        if pid not in now_seated and was.roles:
            out.roles.append(
                RoleMove(
                    opportunity=deal.id,
                    person=pid,
                    name=name.get(pid, pid),
                    gained=[],
                    lost=[r.value for r in was.roles],
                )
            )
    out.empty_seats += [
        NewSeat(opportunity=deal.id, name=deal.name, role=r.value)
        for r in deal.empty_seats
        if r not in before.empty_seats
    ]


def _stale(last: dt.date | None, day: dt.date, stale_days: int) -> bool:
    return last is not None and (day - last).days > stale_days


def _relationships(
    out: AccountDiff, then: Graph, now: Graph, account: str, since: dt.date, until: dt.date | None, stale_days: int
) -> None:
    """Our people's relationships with the account's people: won, lost, gone stale."""
    ours = own_people(now) | own_people(then)
    theirs = {p.id for p in [*then.people, *now.people] if p.org == account}
    name = {p.id: p.name for p in [*then.people, *now.people]}

    def ties(g: Graph) -> dict[tuple[str, str], Any]:
        found = {}
        for k in g.knows:
            for a, b in ((k.a, k.b), (k.b, k.a)):
                if a in ours and b in theirs:
                    found[(a, b)] = k
        return found

    before, after = ties(then), ties(now)
    day_now = until or clock.today()

    def move(pair: tuple[str, str], change: str, k: Any) -> RelationshipMove:
        return RelationshipMove(
            ours=pair[0],
            theirs=pair[1],
            ours_name=name.get(pair[0], pair[0]),
            theirs_name=name.get(pair[1], pair[1]),
            change=change,
            strength=k.strength,
            last_contact=k.last_contact,
        )

    for pair in sorted(after.keys() | before.keys()):
        if pair not in before:
            out.relationships.append(move(pair, "won", after[pair]))
        elif pair not in after:
            out.relationships.append(move(pair, "lost", before[pair]))
        elif _stale(after[pair].last_contact, day_now, stale_days) and not _stale(
            before[pair].last_contact, since, stale_days
        ):
            out.relationships.append(move(pair, "stale", after[pair]))


def _risk(
    out: AccountDiff,
    then: Graph,
    now: Graph,
    account: str,
    since: dt.date,
    until: dt.date | None,
    stale_days: int,
    deals_then: dict[str, Opportunity],
) -> None:
    if now.organisation(account) is None:
        return
    risk_now = account_risk(now, account, stale_days=stale_days, today=until or clock.today())
    risk_then = (
        {r.opportunity: r for r in account_risk(then, account, stale_days=stale_days, today=since).opportunities}
        if then.organisation(account) is not None
        else {}
    )
    for r in sorted(risk_now.opportunities, key=lambda r: r.opportunity):
        before = risk_then.get(r.opportunity)
        out.risk.append(
            RiskMove(
                opportunity=r.opportunity,
                name=r.name,
                threads_then=before.threads if before else None,
                threads_now=r.threads,
                score_then=before.score if before else None,
                score_now=r.score,
            )
        )


def changed_people(found: AccountDiff) -> dict[str, str]:
    """Who a map marks (``map --since``): ``new`` for the people who joined, ``moved`` for
    those whose stance, influence or roles moved.

    >>> changed_people(AccountDiff(account="a", name="A", since=dt.date(2026, 1, 1), until=None,
    ...     joined=[PersonRef(id="dan", name="Dan")],
    ...     moves=[Move(person="cfo", name="Carla", field="stance", old="neutral", new="detractor")]))
    {'cfo': 'moved', 'dan': 'new'}
    """
    out = {m.person: "moved" for m in found.moves} | {r.person: "moved" for r in found.roles}
    out |= {p.id: "new" for p in found.joined}
    return dict(sorted(out.items()))
