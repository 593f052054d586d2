"""The "so what" of an account review: what to do next, drawn from the analyses.

Each :class:`Action` names the person it is about and why, in the order a KAM would work
through them: the warmest route to each decision-maker nobody of ours knows directly (who
should ask whom), the empty seats to fill, the relationships going stale, the single points
to protect with a second thread, and the top white-space unit to open.

>>> from kamgraph.model import Graph, Organisation, Person, Knows, Opportunity, Membership, OrgKind
>>> g = Graph(organisations=[Organisation(id="acme", name="Acme"), Organisation(id="us", name="Us", kind=OrgKind.own)],
...           people=[Person(id="cfo", name="Tom Ray", org="acme"), Person(id="cio", name="Ann Lee", org="acme"),
...                   Person(id="sam", name="Sam Poe", org="us")],
...           knows=[Knows(a="cio", b="sam", strength=0.8), Knows(a="cio", b="cfo", strength=0.6)],
...           opportunities=[Opportunity(id="d1", account="acme", name="Deal",
...                                      committee=[Membership(person="cfo", roles=["economic_buyer"])])])
>>> [(a.kind, a.person, a.via) for a in action_plan(g, "acme")]
[('route', 'cfo', 'cio'), ('protect', 'cfo', 'cio')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from .. import clock
from ..analysis import decision_paths, opportunity_risk, whitespace
from ..errors import KamgraphError
from ..graph import own_people
from ..model import Graph, Opportunity, Role

__all__ = ["Action", "ActionKind", "action_plan", "open_deals"]

ActionKind = Literal["route", "seat", "stale", "protect", "whitespace"]


class Action(BaseModel):
    """One thing to do, about one person (or seat, or unit), with the reason."""

    kind: ActionKind
    deal: str | None = Field(default=None, description="the opportunity it serves (id)")
    deal_name: str | None = None
    person: str | None = Field(
        default=None, description="who it is about (id): the decision-maker to reach, the contact to revive or protect"
    )
    name: str = Field(description="that person's name, the seat's role or the unit's name")
    ours: str | None = Field(default=None, description="who of our team acts (name)")
    via: str | None = Field(
        default=None,
        description="route: who to ask for the introduction (id); protect: the first single point (every route "
        "passes through them), else the first of a smallest set (id)",
    )
    via_name: str | None = None
    route: list[str] = Field(default_factory=list, description="route: the names from ours to them")
    probability: float | None = None
    last_contact: dt.date | None = None
    days: int | None = None
    role: Role | None = Field(default=None, description="seat: the role nobody holds")
    threads: int | None = None
    together: bool = Field(
        default=False,
        description="protect: `via_name` is a smallest set (only losing them all cuts us off), not single points",
    )
    headcount: int | None = None
    products: int | None = Field(default=None, description="white space: products not adopted there")
    reason: str = Field(description="why, in the analysis's words")


def open_deals(graph: Graph, account: str, only: Sequence[str] = ()) -> list[Opportunity]:
    """``account``'s open opportunities (or those in ``only``, open or not), biggest first, ties by id."""
    opps = [o for o in graph.opportunities if o.account == account and (o.id in only if only else o.is_open)]
    return sorted(opps, key=lambda o: (-(o.amount or 0), o.id))


def action_plan(
    graph: Graph, account: str, opportunities: Sequence[str] = (), today: dt.date | None = None, stale_days: int = 90
) -> list[Action]:
    """The actions for ``account``'s open deals (or ``opportunities``), then its top white space."""
    today = today or clock.today()
    people = {p.id: p for p in graph.people}
    team = own_people(graph)

    def name(pid: str) -> str:
        return people[pid].name if pid in people else pid

    routes: list[Action] = []
    seats: list[Action] = []
    stale: list[Action] = []
    protect: list[Action] = []
    seen_route: set[str] = set()
    seen_stale: set[str] = set()
    seen_protect: set[tuple[str, str]] = set()
    for deal in open_deals(graph, account, opportunities):
        try:
            risk = opportunity_risk(graph, deal.id, today=today, stale_days=stale_days)
        except KamgraphError:
            continue
        base = {"deal": deal.id, "deal_name": deal.name}
        for dm in risk.decision_makers:
            if not dm.direct and dm.person not in seen_route:
                seen_route.add(dm.person)
                routes.append(_route(graph, account, dm.person, name, base))
            # the single points (each alone cuts us off), else a smallest set of one or two
            single = [c for c in dm.single_points if c not in team]
            cut = single or [c for c in dm.smallest_set if c not in team][:2]
            if cut and (single or len(dm.smallest_set) <= 2) and (dm.person, cut[0]) not in seen_protect:
                seen_protect.add((dm.person, cut[0]))
                who = " and ".join(name(c) for c in cut)
                if single:
                    why = f"every route to {name(dm.person)} passes through {who}"
                    if len(cut) > 1:
                        why += " (each one alone would cut us off)"
                else:
                    why = f"losing {who} together would cut us off from {name(dm.person)}"
                protect.append(
                    Action(
                        kind="protect",
                        person=dm.person,
                        name=name(dm.person),
                        via=cut[0],
                        via_name=who,
                        threads=dm.threads,
                        together=not single,
                        reason=f"{dm.threads} independent thread(s); {why}",
                        **base,
                    )
                )
        for role in deal.empty_seats:
            label = role.value.replace("_", " ")
            seats.append(
                Action(
                    kind="seat",
                    name=label,
                    role=role,
                    reason=f"the {label} seat on {deal.name} has nobody in it",
                    **base,
                )
            )
        for pid in risk.stale:
            if pid in seen_stale:
                continue
            seen_stale.add(pid)
            ours, last = _last_contact(graph, team, pid)
            days = (today - last).days if last else None
            stale.append(
                Action(
                    kind="stale",
                    person=pid,
                    name=name(pid),
                    ours=name(ours) if ours else None,
                    last_contact=last,
                    days=days,
                    reason=f"last contact {last.isoformat() if last else '?'}, {days} days ago "
                    f"(stale after {stale_days})",
                    **base,
                )
            )
    out = routes + seats + stale + protect
    try:
        units = [u for u in whitespace(graph, account).units if u.white_space]
    except KamgraphError:
        units = []
    if units:
        u = units[0]
        out.append(
            Action(kind="whitespace", name=u.name, headcount=u.headcount, products=len(u.open_products), reason=u.why)
        )
    return out


def _route(graph: Graph, account: str, target: str, name: Callable[[str], str], base: dict[str, str]) -> Action:
    """The warmest route to ``target``: our first person asks the second for the introduction."""
    try:
        result = decision_paths(graph, "team", target, account=account)
    except KamgraphError as exc:
        return Action(kind="route", person=target, name=name(target), reason=str(exc), **base)
    if not result.paths:
        return Action(kind="route", person=target, name=name(target), reason=result.reason or "no route", **base)
    path = result.paths[0]
    via = path.people[1] if len(path.people) > 2 else None
    return Action(
        kind="route",
        person=target,
        name=name(target),
        ours=path.names[0],
        via=via,
        via_name=path.names[1] if via else None,
        route=list(path.names),
        probability=path.probability,
        reason=f"warmest route: {' → '.join(path.names)} ({path.probability:.0%}, {path.hops} hop(s))",
        **base,
    )


def _last_contact(graph: Graph, team: set[str], pid: str) -> tuple[str | None, dt.date | None]:
    """Who of ours last spoke to ``pid``, and when (latest contact; ties by our person's id)."""
    best: tuple[dt.date, str] | None = None
    for k in graph.knows:
        for ours, theirs in ((k.a, k.b), (k.b, k.a)):
            if ours in team and theirs == pid and k.last_contact is not None:
                cand = (k.last_contact, ours)
                if best is None or cand[0] > best[0] or (cand[0] == best[0] and cand[1] < best[1]):
                    best = cand
    return (best[1], best[0]) if best else (None, None)
