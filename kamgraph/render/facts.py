"""What maps and slides borrow from the analyses: the path to highlight and an account's key
numbers. The one place where rendering calls :mod:`kamgraph.analysis`.

>>> from kamgraph.model import Graph, Organisation, Person, Knows, OrgKind
>>> g = Graph(organisations=[Organisation(id="acme", name="Acme"), Organisation(id="us", name="Us", kind=OrgKind.own)],
...           people=[Person(id="cfo", name="Tom", org="acme"), Person(id="sam", name="Sam", org="us")],
...           knows=[Knows(a="cfo", b="sam", strength=0.8)])
>>> highlight_path(g, "acme", "team:cfo")
['sam', 'cfo']
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from .. import clock
from ..analysis import account_risk, decision_paths, whitespace
from ..errors import InvalidInput, KamgraphError
from ..model import Graph, Stance, effective_stance
from ..money import totals

__all__ = ["KeyNumbers", "WhiteSpot", "committee_deal", "committee_routes", "highlight_path", "key_numbers"]


def highlight_path(graph: Graph, account: str, spec: str, opportunity: str | None = None) -> list[str]:
    """The best decision path named by ``SOURCE:TARGET`` as person ids, source first.

    SOURCE is a person id or ``team``; TARGET a person id or ``role:ROLE`` (anyone holding
    that role in ``account``, or on ``opportunity``'s committee when given), as for the
    path analysis.
    """
    source, sep, target = spec.partition(":")
    if not sep or not source or not target:
        raise InvalidInput(f"--highlight-path wants SOURCE:TARGET (e.g. team:role:economic_buyer), not '{spec}'")
    result = decision_paths(graph, source, target, account=account, opportunity=opportunity)
    if not result.paths:
        raise InvalidInput(f"no route from {source} to {target}: {result.reason}")
    return list(result.paths[0].people)


def committee_deal(graph: Graph, account: str, opportunity: str | None = None) -> str | None:
    """The deal a committee map draws: ``opportunity``, else the account's biggest open one
    (of equal amounts, the first by id, as the committee view picks it)."""
    if opportunity is not None:
        return opportunity
    opps = [o for o in graph.opportunities if o.account == account and o.is_open]
    return min(opps, key=lambda o: (-(o.amount or 0), o.id)).id if opps else None


def committee_routes(graph: Graph, account: str, opportunity: str | None = None) -> list[str]:
    """The people on our best route to each member of a deal's committee (the biggest open
    deal by default), other than our own and the members: who a committee map must show
    for the routes to make sense."""
    deal_id = committee_deal(graph, account, opportunity)
    deal = next((o for o in graph.opportunities if o.id == deal_id), None)
    if deal is None:
        return []
    members = {m.person for m in deal.committee}
    out: list[str] = []
    for pid in sorted(members):
        try:
            result = decision_paths(graph, "team", pid, account=account)
        except KamgraphError:
            continue
        for path in result.paths:
            out += [p for p in path.people[1:-1] if p not in members and p not in out]
    return out


def critical_people(graph: Graph, account: str, opportunity: str | None = None) -> dict[str, str]:
    """Who a committee map marks as critical on the deal it draws: person id → ``single`` (a
    single point: their loss alone leaves a decision-maker with no thread) or ``set`` (one of
    the smallest set whose loss together does, where there is no single point), as ``risk``
    reports them."""
    from ..analysis import opportunity_risk

    deal_id = committee_deal(graph, account, opportunity)
    if deal_id is None or not any(o.id == deal_id and o.is_open for o in graph.opportunities):
        return {}
    try:
        risk = opportunity_risk(graph, deal_id)
    except KamgraphError:
        return {}
    marks = {pid: "set" for t in risk.decision_makers for pid in t.smallest_set}
    marks.update({pid: "single" for pid in risk.single_points})
    return dict(sorted(marks.items()))


class WhiteSpot(BaseModel):
    """A white-space unit (none of our products adopted: the one rule of
    :mod:`kamgraph.analysis.whitespace`), with what it could be worth."""

    name: str
    headcount: int | None = None
    open_products: int
    competitors: list[str] = Field(default_factory=list)


class KeyNumbers(BaseModel):
    """The numbers a QBR slide shows for one account."""

    deal: str | None = Field(default=None, description="its biggest open opportunity")
    amount: float | None = None
    currency: str | None = None
    close_date: dt.date | None = None
    overdue: bool = Field(default=False, description="the deal is still open after its close date")
    threads: int | None = Field(default=None, description="independent threads to the deciders of that deal")
    critical: list[str] = Field(default_factory=list, description="names of contacts whose loss cuts us off")
    coverage: float | None = Field(default=None, description="share of the committee we know directly")
    score: int | None = Field(default=None, description="single-thread risk, 0-100")
    supporters: int = 0
    detractors: int = 0
    empty_seats: int = 0
    pipeline: dict[str, float] = Field(default_factory=dict, description="open amounts per currency")
    white_space: list[WhiteSpot] = Field(default_factory=list, description="top white-space units")


def key_numbers(graph: Graph, account: str, today: dt.date | None = None, top: int = 3) -> KeyNumbers:
    """Threads and critical contacts of ``account``'s biggest open deal, and its top white space."""
    people = {p.id: p for p in graph.people}
    opps = sorted(
        (o for o in graph.opportunities if o.account == account and o.is_open), key=lambda o: (-(o.amount or 0), o.id)
    )
    org = graph.organisation(account)
    out = KeyNumbers(pipeline=totals(((o.amount, o.currency) for o in opps), org.currency if org else None))
    if opps:
        deal = opps[0]
        out.deal, out.amount, out.currency = deal.name, deal.amount, deal.currency
        out.close_date = deal.close_date
        out.overdue = deal.close_date is not None and deal.close_date < (today or clock.today())
        stances = [effective_stance(people[m.person], m) for m in deal.committee if m.person in people]
        out.supporters = stances.count(Stance.supporter)
        out.detractors = stances.count(Stance.detractor)
        out.empty_seats = len(deal.empty_seats)
        try:
            risk = next(
                (r for r in account_risk(graph, account, today=today).opportunities if r.opportunity == deal.id), None
            )
        except KamgraphError:
            risk = None
        if risk is not None:
            out.threads, out.coverage, out.score = risk.threads, risk.coverage, risk.score
            out.critical = [people[c].name if c in people else c for c in risk.critical_contacts]
    try:
        units = whitespace(graph, account).units
    except KamgraphError:
        units = []
    out.white_space = [
        WhiteSpot(
            name=u.name,
            headcount=u.headcount,
            open_products=len(u.open_products),
            competitors=sorted(set(u.competitors.values())),
        )
        for u in units
        if u.white_space and u.potential > 0
    ][:top]  # as the CLI's "Top white space"
    return out
