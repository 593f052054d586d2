"""What a person's leaving cost a deal: its risk with them (as if they had stayed) against
its risk now, for each person who has left (see :func:`kamgraph.graph.present`).

>>> import datetime as dt
>>> from kamgraph.model import Graph, Knows, Membership, Opportunity, Organisation, Person
>>> g = Graph(organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="o", name="O")],
...           people=[Person(id="s", name="Sam", org="us"), Person(id="eb", name="Eva", org="o"),
...                   Person(id="ana", name="Ana Ruiz", org="o", left=dt.date(2026, 10, 1))],
...           knows=[Knows(a="s", b="ana", strength=0.8), Knows(a="ana", b="eb", strength=0.7)],
...           opportunities=[Opportunity(id="x", account="o", name="X",
...                                      committee=[Membership(person="eb", roles=["economic_buyer"])])])
>>> [c.says for c in leaving_costs(g, "x", today=dt.date(2026, 12, 1))]
['Ana Ruiz left on 2026-10-01: Eva (economic buyer) lost 1 of 1 thread; risk 65 → 70']
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from . import clock
from .graph import departed
from .model import DECIDING_ROLES, DEFAULT_STALE_DAYS, Graph, Role

__all__ = ["LeavingCost", "ThreadLoss", "leaving_costs", "risk_json"]


class ThreadLoss(BaseModel):
    person: str
    name: str
    before: int
    after: int


class LeavingCost(BaseModel):
    """What one person's leaving did to one deal."""

    person: str
    name: str
    left: dt.date
    opportunity: str
    seats: list[Role] = Field(description="the roles they held on this deal: seats now empty")
    threads: list[ThreadLoss] = Field(description="decision-makers who lost threads")
    score_before: int
    score_after: int
    says: str


if TYPE_CHECKING:
    from .analysis import OpportunityRisk


def _role_words(roles: list[Role]) -> str:
    return ", ".join(r.value.replace("_", " ") for r in roles)


def leaving_costs(
    graph: Graph, opportunity: str, *, today: dt.date | None = None, stale_days: int = DEFAULT_STALE_DAYS
) -> list[LeavingCost]:
    """For each person who had left by ``today`` and whose leaving changed ``opportunity``'s
    risk (a seat now empty, threads lost, the score), what it cost; by leaving date, then id."""
    from .analysis import opportunity_risk

    when = today or clock.today()
    gone = departed(graph, when)
    if not gone:
        return []
    now = opportunity_risk(graph, opportunity, today=when, stale_days=stale_days)
    deal = next(o for o in graph.opportunities if o.id == opportunity)
    people = {p.id: p for p in graph.people}
    out = []
    for pid in sorted(gone, key=lambda i: (people[i].left, i)):
        p = people[pid]
        stayed = graph.model_copy(
            update={"people": [q.model_copy(update={"left": None}) if q.id == pid else q for q in graph.people]}
        )
        then = opportunity_risk(stayed, opportunity, today=when, stale_days=stale_days)
        seat = next((m for m in deal.committee if m.person == pid), None)
        roles = list(seat.roles or p.roles) if seat else []
        after = {t.person: t.threads for t in now.decision_makers}
        losses = [
            ThreadLoss(person=t.person, name=t.name, before=t.threads, after=after[t.person])
            for t in then.decision_makers
            if t.person in after and after[t.person] < t.threads
        ]
        if not roles and not losses and then.score == now.score:
            continue
        parts = []
        if roles:
            parts.append(f"their seat on the committee ({_role_words(roles)}) is empty")
        for loss in losses:
            seat_of = next((m for m in deal.committee if m.person == loss.person), None)
            held = [r for r in (seat_of.roles if seat_of else []) if r in DECIDING_ROLES]
            what = f"{loss.name} ({_role_words(held)})" if held else loss.name
            lost = loss.before - loss.after
            parts.append(f"{what} lost {lost} of {loss.before} thread{'s' if loss.before != 1 else ''}")
        if then.score != now.score:
            parts.append(f"risk {then.score} → {now.score}")
        assert p.left is not None
        out.append(
            LeavingCost(
                person=pid,
                name=p.name,
                left=p.left,
                opportunity=opportunity,
                seats=roles,
                threads=losses,
                score_before=then.score,
                score_after=now.score,
                says=f"{p.name} left on {p.left.isoformat()}: " + "; ".join(parts),
            )
        )
    return out


def risk_json(
    risk: OpportunityRisk, graph: Graph, *, today: dt.date | None = None, stale_days: int = DEFAULT_STALE_DAYS
) -> dict[str, Any]:
    """``risk`` as ``kamgraph risk --json`` prints it: the deal's risk, and under
    ``leaving_costs`` what each person who has left cost it (:func:`leaving_costs`; empty when
    nobody's leaving changed it), as the table says it."""
    costs = leaving_costs(graph, risk.opportunity, today=today, stale_days=stale_days)
    return {**risk.model_dump(mode="json"), "leaving_costs": [c.model_dump(mode="json") for c in costs]}
