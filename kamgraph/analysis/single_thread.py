"""Single-thread risk: which deals hang on one person.

The **threads** to a decision-maker are the most routes from our team to them that share
nobody but the decision-maker (Menger: local node connectivity), over the relations that
carry introductions, with our whole team merged into one source (so two of ours who know the
same client person are one thread, through that person). A direct relationship is one
thread. An opportunity is as safe as its least-covered decision-maker.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("me", "champ", strength=0.8)
>>> G.add_edge("champ", "cfo", strength=0.7)
>>> t = threads(G, {"me"}, "cfo")
>>> t.threads, t.critical
(1, ['champ'])
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Collection, Iterable
from typing import Any

import networkx as nx
from networkx.algorithms.connectivity import (
    build_auxiliary_node_connectivity,
    local_node_connectivity,
    minimum_st_node_cut,
)
from networkx.algorithms.flow import build_residual_network
from pydantic import BaseModel, Field

from .. import clock
from ..errors import NotFound
from ..graph import DEFAULT_REPORTS_STRENGTH, TEAM, collapse, gc_paused, introduction_graph, is_ownership, own_people
from ..model import (
    DECIDING_ROLES,
    DEFAULT_STALE_DAYS,
    Graph,
    Influence,
    Membership,
    Opportunity,
    Role,
    Stance,
    effective_influence,
    effective_stance,
)
from ..money import currency_code
from ..strength import effective_strength

__all__ = [
    "OpportunityRisk",
    "Threads",
    "opportunity_risk",
    "threads",
    "without",
]


class Threads(BaseModel):
    """How well one decision-maker is covered."""

    person: str
    name: str
    threads: int = Field(description="vertex-disjoint routes from our team (a direct relationship is one)")
    direct: bool = Field(description="someone of ours knows them directly")
    critical: list[str] = Field(description="people whose loss cuts us off (a minimum node cut of 1 or 2)")
    entry_points: list[str] = Field(description="our people from whom some route starts")


class Factor(BaseModel):
    points: int
    reason: str


class OpportunityRisk(BaseModel):
    opportunity: str
    account: str
    account_name: str | None = None
    name: str
    amount: float | None = None
    currency: str | None = Field(default=None, description="the deal's currency, else its account's")
    threads: int = Field(description="threads to the least-covered decision-maker")
    decision_makers: list[Threads]
    critical_contacts: list[str]
    own_single_points: list[str] = Field(description="our people from whom every thread to some decision-maker starts")
    coverage: float = Field(description="share of the committee someone of ours knows directly")
    stale: list[str] = Field(description="committee members whose relationship with us has gone quiet")
    detractors: list[str] = Field(description="high-influence detractors on the committee")
    empty_seats: list[Role]
    score: int = Field(description="0 (safe) to 100 (hangs by a thread)")
    reasons: list[str]
    exposure: float = Field(description="score / 100 × amount: the value at risk, in `currency`")
    converted_amount: float | None = Field(
        default=None, description="amount in the portfolio's reporting currency, when a rate converts it"
    )
    converted_exposure: float | None = Field(
        default=None, description="exposure in the portfolio's reporting currency, when a rate converts it"
    )
    names: dict[str, str] = Field(
        default_factory=dict, description="how to show each person named above: the name, with the id when names clash"
    )
    close_date: dt.date | None = None
    overdue: bool = Field(default=False, description="still open after its close date (by the one clock)")


@gc_paused
def threads(G: nx.Graph, team: Collection[str], person: str) -> Threads:
    """The threads from ``team`` to ``person`` in the introduction graph ``G`` (not collapsed).

    ``critical`` holds a minimum node cut when it has one or two people (empty when a direct
    relationship makes us impossible to cut off, or when more people would have to go).
    """
    H = _core(collapse(G, set(team)), {person})
    return _threads(G, H, set(team), person, build_auxiliary_node_connectivity(H), None, _outside(G, set(team)))


def _core(H: nx.Graph, keep: set[str]) -> nx.Graph:
    """``H`` without what no route from our team to ``keep`` can pass through: people our
    team cannot reach, and dead ends (one relation, peeled repeatedly: a route that goes in
    must come back the same way). Menger's counts and cuts are the same on the rest, which
    is far smaller on tree-like org charts. Orders are kept, so the same cut is found."""
    import networkx as nx

    adj = H.adj
    seen, stack = {TEAM}, [TEAM]
    while stack:
        for v in adj[stack.pop()]:
            if v not in seen:
                seen.add(v)
                stack.append(v)
    protected = keep | {TEAM}
    degree = {n: len(adj[n]) for n in seen}
    todo = [n for n, d in degree.items() if d <= 1 and n not in protected]
    gone: set[str] = set()
    while todo:
        n = todo.pop()
        if n in gone:
            continue
        gone.add(n)
        for v in adj[n]:
            if v not in gone:
                degree[v] -= 1
                if degree[v] <= 1 and v not in protected:
                    todo.append(v)
    if len(seen) - len(gone) == len(H):
        return H
    nodes = [n for n in H if n in seen and n not in gone]
    kept = set(nodes)
    C = nx.Graph()
    C.add_nodes_from((n, H.nodes[n]) for n in nodes)
    C.add_edges_from((u, v, d) for u in nodes for v, d in adj[u].items() if v in kept)
    return C


def _outside(G: nx.Graph, team: set[str]) -> dict[str, set[str]]:
    """Each person outside our team → the people of ours next to their connected part of the
    world once our team is left out: where routes to them can start (worked out once, for
    every decision-maker)."""
    part: dict[str, int] = {}
    adj = G.adj
    for start in G:
        if start in team or start in part:
            continue
        part[start] = n = len(part)
        stack = [start]
        while stack:
            for v in adj[stack.pop()]:
                if v not in team and v not in part:
                    part[v] = n
                    stack.append(v)
    entries: dict[int, set[str]] = {}
    for m in team:
        if m in G:
            for x in adj[m]:
                if x in part:
                    entries.setdefault(part[x], set()).add(m)
    return {x: entries.get(n, set()) for x, n in part.items()}


def _threads(
    G: nx.Graph, H: nx.Graph, team: set[str], person: str, aux: Any, residual: Any, outside: dict[str, set[str]]
) -> Threads:
    name = G.nodes[person]["person"].name if "person" in G.nodes.get(person, {}) else person
    if person in team or person not in G:
        return Threads(person=person, name=name, threads=0, direct=False, critical=[], entry_points=[])
    if person not in H:  # left out by _core: our team cannot reach them
        return Threads(person=person, name=name, threads=0, direct=False, critical=[], entry_points=[])
    n = local_node_connectivity(H, TEAM, person, auxiliary=aux, residual=residual)
    direct = H.has_edge(TEAM, person)
    critical: list[str] = []
    if not direct and 0 < n <= 2:
        critical = sorted(minimum_st_node_cut(H, TEAM, person, auxiliary=aux, residual=residual))
    # our people next to the part of the world outside our team that reaches the person
    entry = sorted(outside[person]) if n else []
    return Threads(person=person, name=name, threads=n, direct=direct, critical=critical, entry_points=entry)


def without(graph: Graph, people: Iterable[str]) -> Graph:
    """``graph`` as if ``people`` had left: gone with their relations and committee seats;
    their reports report to nobody."""
    gone = set(people)
    unknown = gone - {p.id for p in graph.people}
    if unknown:
        raise NotFound(f"no person with id '{sorted(unknown)[0]}' in this account's map")
    return graph.model_copy(
        update={
            "people": [
                p.model_copy(update={"reports_to": None}) if p.reports_to in gone else p
                for p in graph.people
                if p.id not in gone
            ],
            "knows": [k for k in graph.knows if k.a not in gone and k.b not in gone],
            "influences": [i for i in graph.influences if i.source not in gone and i.target not in gone],
            "opportunities": [
                o.model_copy(update={"committee": [m for m in o.committee if m.person not in gone]})
                for o in graph.opportunities
            ],
        }
    )


_remove = without  # for functions whose ``without`` parameter hides it


def leaving(without: Iterable[str], without_people: Iterable[str] | None) -> list[str]:
    """The people a what-if removes, from ``without`` or its deprecated alias."""
    if without_people is not None:
        warnings.warn("without_people= is deprecated: use without=", DeprecationWarning, stacklevel=3)
        return [*without, *without_people]
    return list(without)


def _roles(m: Membership, graph_people: dict[str, Any]) -> set[Role]:
    # a deal's roles; a seat that names none falls back to the person's own roles
    if m.roles:
        return set(m.roles)
    p = graph_people.get(m.person)
    return set(p.roles) if p is not None else set()


Prepared = tuple[nx.Graph, Any, Any, dict[str, set[str]]]


def _prepare(G: nx.Graph, team: set[str], deciders: set[str]) -> Prepared:
    """The collapsed graph (cut down to what can lead to ``deciders``), the flow networks
    Menger needs and the parts of the world outside our team: built once per account."""
    H = _core(collapse(G, team), deciders)
    aux = build_auxiliary_node_connectivity(H)
    return H, aux, build_residual_network(aux, "capacity"), _outside(G, team)


def _risk(
    graph: Graph,
    G: nx.Graph,
    team: set[str],
    opp: Opportunity,
    stale_days: int,
    today: dt.date,
    prepared: Prepared | None = None,
) -> OpportunityRisk:
    people = {p.id: p for p in graph.people}
    committee = [m for m in opp.committee if m.person in people]
    deciders = [m.person for m in committee if _roles(m, people) & DECIDING_ROLES]
    H, aux, res, outside = prepared or _prepare(G, team, set(deciders))
    covered = [_threads(G, H, team, d, aux, res, outside) for d in deciders]
    n = min((t.threads for t in covered), default=0)
    critical = sorted({c for t in covered for c in t.critical})
    # a decision-maker whose every thread starts from the same one of ours
    singles = sorted({t.entry_points[0] for t in covered if len(t.entry_points) == 1})

    clashing = _clashing_names(graph)

    def name(pid: str) -> str:
        """The person's name; with the id only when another person shares the name."""
        if pid not in people:
            return pid
        n = people[pid].name
        return f"{n} ({pid})" if n in clashing else n

    seats = {m.person for m in committee}
    last_contact: dict[str, dt.date | None] = {}
    owned: set[str] = set()  # people whose CRM record one of ours owns
    for k in graph.knows:
        if is_ownership(k):  # owning a CRM record is not knowing the person
            owned |= {theirs for ours, theirs in ((k.a, k.b), (k.b, k.a)) if ours in team}
            continue
        for ours, theirs in ((k.a, k.b), (k.b, k.a)):
            if ours in team and theirs in seats and effective_strength(k) > 0:
                dates = [d for d in (last_contact.get(theirs), k.last_contact) if d is not None]
                last_contact[theirs] = max(dates) if dates else None
    coverage = len(last_contact) / len(committee) if committee else 0.0
    stale = sorted(pid for pid, last in last_contact.items() if last is not None and (today - last).days > stale_days)
    detractors = [
        m.person
        for m in committee
        if effective_stance(people[m.person], m) == Stance.detractor
        and effective_influence(people[m.person], m) == Influence.high
    ]

    factors: list[Factor] = []
    if not committee:
        factors.append(Factor(points=40, reason="no buying committee recorded"))
    elif not deciders:
        factors.append(Factor(points=30, reason="no economic buyer or decision maker on the committee"))
    for t in covered:
        cut = " and ".join(name(c) for c in t.critical)
        if t.threads == 0:
            only = owned_only(name(t.person), t.person in owned and t.person not in last_contact)
            factors.append(Factor(points=50, reason=f"no route at all to {name(t.person)}" + only))
        elif t.threads == 1:
            factors.append(
                Factor(
                    points=35,
                    reason=f"single-threaded: one thread to {name(t.person)}" + (f", through {cut}" if cut else ""),
                )
            )
        elif t.threads == 2:
            factors.append(
                Factor(
                    points=15,
                    reason=f"only two threads to {name(t.person)}"
                    + (f"; losing {cut} would cut us off" if cut else ""),
                )
            )
    if singles:
        factors.append(Factor(points=10, reason=f"on our side, threads hang on {', '.join(map(name, singles))}"))
    if committee and coverage < 1:
        factors.append(
            Factor(
                points=round(20 * (1 - coverage)),
                reason=f"we know {len(last_contact)} of {len(committee)} committee members directly",
            )
        )
    if stale:
        factors.append(
            Factor(
                points=min(10, 5 * len(stale)),
                reason=f"no contact for over {stale_days} days with {', '.join(map(name, stale))}",
            )
        )
    if detractors:
        factors.append(
            Factor(
                points=min(20, 10 * len(detractors)),
                reason=f"high-influence detractor: {', '.join(map(name, detractors))}",
            )
        )
    if opp.empty_seats:
        factors.append(
            Factor(
                points=min(10, 5 * len(opp.empty_seats)),
                reason=f"empty seats: {', '.join(r.value for r in opp.empty_seats)}",
            )
        )
    factors = [f for f in factors if f.points > 0]
    score = min(100, sum(f.points for f in factors))
    return OpportunityRisk(
        opportunity=opp.id,
        account=opp.account,
        name=opp.name,
        account_name=org.name if (org := graph.organisation(opp.account)) is not None else None,
        amount=opp.amount,
        currency=_currency(graph, opp),
        threads=n,
        decision_makers=covered,
        critical_contacts=critical,
        own_single_points=singles,
        coverage=round(coverage, 4),
        stale=stale,
        detractors=detractors,
        empty_seats=opp.empty_seats,
        score=score,
        reasons=[f"+{f.points} {f.reason}" for f in factors],
        exposure=round(score / 100 * (opp.amount or 0), 2),
        names={
            pid: name(pid)
            for pid in sorted(
                {*deciders, *critical, *singles, *stale, *detractors, *(e for t in covered for e in t.entry_points)}
            )
        },
        close_date=opp.close_date,
        overdue=opp.close_date is not None and opp.close_date < today,
    )


def owned_only(name: str, owned: bool) -> str:
    """What to add to "no route at all to X" when one of ours only owns X's CRM record."""
    return f": nobody on our team has a recorded relationship with {name}; only CRM ownership" if owned else ""


def _clashing_names(graph: Graph) -> set[str]:
    """Names that more than one person of ``graph`` carries."""
    seen: set[str] = set()
    twice: set[str] = set()
    for p in graph.people:
        (twice if p.name in seen else seen).add(p.name)
    return twice


@gc_paused
def opportunity_risk(
    graph: Graph,
    opportunity: str,
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
    without: Iterable[str] = (),
    today: dt.date | None = None,
    reports_strength: float = DEFAULT_REPORTS_STRENGTH,
    without_people: Iterable[str] | None = None,
) -> OpportunityRisk:
    """The single-thread risk of one opportunity in ``graph`` (its account's map), as if
    the people in ``without`` had left (the CLI's ``--without``; ``without_people`` is its
    deprecated old name)."""
    opp = next((o for o in graph.opportunities if o.id == opportunity), None)
    if opp is None:
        raise NotFound(f"no opportunity with id '{opportunity}'")
    gone = leaving(without, without_people)
    if gone:
        graph = _remove(graph, gone)
        opp = next(o for o in graph.opportunities if o.id == opportunity)
    G = introduction_graph(graph, reports_strength)
    return _risk(graph, G, own_people(graph), opp, stale_days, today or clock.today())


def _currency(graph: Graph, opp: Opportunity) -> str | None:
    """A deal's currency: its own, else its account's (as in a CRM)."""
    if opp.currency:
        return currency_code(opp.currency)
    org = graph.organisation(opp.account)
    return currency_code(org.currency) if org is not None else None
