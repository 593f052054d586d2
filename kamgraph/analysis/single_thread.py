"""Single-thread risk of one opportunity: which deals hang on one person.

An opportunity is as safe as its least-covered decision-maker: the threads to each
(:mod:`kamgraph.analysis.connectivity`), the people whose loss alone cuts us off (single points)
and, where there is none, the smallest set whose loss together does; committee coverage,
stale relationships, high-influence detractors and empty seats, each a scored reason.

>>> from kamgraph.model import Graph, Knows, Membership, Opportunity, Organisation, Person
>>> g = Graph(organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="o", name="O")],
...           people=[Person(id="me", name="Me", org="us"), Person(id="champ", name="Champ", org="o"),
...                   Person(id="cfo", name="Cfo", org="o", reports_to="champ")],
...           knows=[Knows(a="me", b="champ", strength=0.8)],
...           opportunities=[Opportunity(id="d", account="o", name="Deal",
...                                      committee=[Membership(person="cfo", roles=["economic_buyer"])])])
>>> r = opportunity_risk(g, "d")
>>> r.threads, r.single_points, r.reasons[0]
(1, ['champ'], '+35 single-threaded: one thread to Cfo, through Champ')
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping

from pydantic import BaseModel, Field

from .. import clock
from ..errors import NotFound
from ..graph import DEFAULT_REPORTS_STRENGTH, gc_paused, introduction_edges, is_ownership, own_people, present
from ..model import (
    DECIDING_ROLES,
    DEFAULT_STALE_DAYS,
    Graph,
    Influence,
    Opportunity,
    Person,
    Role,
    Stance,
    effective_influence,
    effective_stance,
)
from .committee import deal_currency, deciders, leaving, remove_people, seat_roles, without  # re-exported
from .connectivity import ThreadMap, Threads
from .routing import DEFAULT_MIN_STRENGTH, avoided, carries

__all__ = [
    "OpportunityRisk",
    "RiskBasis",
    "assess_opportunity",
    "deal_currency",
    "deciders",
    "leaving",
    "opportunity_risk",
    "remove_people",
    "seat_roles",
    "without",
]


class Factor(BaseModel):
    """One reason for a risk score: its points, its English words, and the same language-neutral
    (a ``code`` and its ``params``: people by id, roles by value) for a renderer to translate."""

    points: int
    reason: str
    code: str = Field(default="", description="what kind of reason (kamgraph.render.i18n_reasons words it)")
    params: dict[str, int | str | list[str]] = Field(
        default_factory=dict, description="its numbers, people (ids, named in `names`) and roles"
    )


class OpportunityRisk(BaseModel):
    opportunity: str
    account: str
    account_name: str | None = None
    name: str
    amount: float | None = None
    currency: str | None = Field(default=None, description="the deal's currency, else its account's")
    threads: int = Field(description="threads to the least-covered decision-maker")
    decision_makers: list[Threads]
    single_points: list[str] = Field(
        default_factory=list,
        description="every decision-maker's single points (ids): each one's loss alone cuts us off",
    )
    critical_contacts: list[str] = Field(
        description="everyone named as critical above: the single points, and the people of each smallest set"
    )
    own_single_points: list[str] = Field(description="our people from whom every thread to some decision-maker starts")
    coverage: float = Field(description="share of the committee someone of ours knows directly")
    stale: list[str] = Field(description="committee members whose relationship with us has gone quiet")
    detractors: list[str] = Field(description="high-influence detractors on the committee")
    empty_seats: list[Role]
    score: int = Field(description="0 (safe) to 100 (hangs by a thread)")
    reasons: list[str] = Field(description="the factors in English, each with its points")
    factors: list[Factor] = Field(
        default_factory=list, description="the same reasons, language-neutral: code and parameters, to translate"
    )
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


class RiskBasis:
    """What the risk of one account's deals is worked out from, built once for all of them:
    the relations that carry a thread (over ``reports_strength`` for reporting lines, none
    weaker than ``min_strength``, nobody in ``avoid``) and the threads to ``targets`` (the
    decision-makers). The same options as ``path``, with the same defaults."""

    def __init__(
        self,
        graph: Graph,
        targets: Iterable[str],
        *,
        reports_strength: float = DEFAULT_REPORTS_STRENGTH,
        min_strength: float = DEFAULT_MIN_STRENGTH,
        avoid: Collection[str] = (),
    ) -> None:
        self.graph = graph
        self.people = {p.id: p for p in graph.people}
        self.team = team = own_people(graph)
        intro = introduction_edges(graph, reports_strength)
        gone = set(avoid)
        targets = list(targets)
        # one pass over the relations that carry a thread: coverage (who someone of ours knows
        # well enough, avoided or not, and when they last spoke), and what can carry a thread
        # once the avoided are left out; only who is on one of those (or asked about) can be
        # on a thread: in a portfolio each account's map holds our whole team, most of whom
        # know nobody there
        self.known: dict[str, list[dt.date | None]] = {}
        carrying: list[tuple[str, str]] = []
        involved = set(targets)
        for (a, b), i in intro.items():
            if not carries(i.strength, min_strength):
                continue
            if a in team:
                if b not in team:
                    self.known.setdefault(b, []).append(i.last_contact)
            elif b in team:
                self.known.setdefault(a, []).append(i.last_contact)
            if a not in gone and b not in gone:
                carrying.append((a, b))
                involved.add(a)
                involved.add(b)
        # the people whose CRM record one of ours owns (whether or not anything else relates them)
        self.owned = {
            theirs for k in graph.knows if is_ownership(k) for ours, theirs in ((k.a, k.b), (k.b, k.a)) if ours in team
        }
        people = self.people
        self.threads = ThreadMap(
            [p.id for p in graph.people if p.id in involved and p.id not in gone],
            carrying,
            team,
            targets,
            _Names(people),
        )
        self.clashing = _clashing_names(graph)

    def name(self, pid: str) -> str:
        """The person's name; with the id only when another person shares the name."""
        if pid not in self.people:
            return pid
        n = self.people[pid].name
        return f"{n} ({pid})" if n in self.clashing else n

    def assess(
        self, opp: Opportunity, stale_days: int = DEFAULT_STALE_DAYS, today: dt.date | None = None
    ) -> OpportunityRisk:
        """The risk of ``opp`` (a deal of this account)."""
        return assess_opportunity(self, opp, stale_days, today or clock.today())


def assess_opportunity(basis: RiskBasis, opp: Opportunity, stale_days: int, today: dt.date) -> OpportunityRisk:
    """The risk of ``opp`` from its account's :class:`RiskBasis`."""
    graph, people, name = basis.graph, basis.people, basis.name
    committee = [m for m in opp.committee if m.person in people]
    dms = [m.person for m in committee if seat_roles(m, people) & DECIDING_ROLES]
    covered = [basis.threads.of(d) for d in dms]
    n = min((t.threads for t in covered), default=0)
    single = sorted({c for t in covered for c in t.single_points})
    critical = sorted({c for t in covered for c in (*t.single_points, *t.smallest_set)})
    # a decision-maker whose every thread starts from the same one of ours
    singles = sorted({t.entry_points[0] for t in covered if len(t.entry_points) == 1})

    seats = {m.person for m in committee}
    last_contact: dict[str, dt.date | None] = {}
    for theirs in seats:  # a relationship that carries a thread (never CRM record ownership)
        if theirs in basis.known:
            dates = [x for x in basis.known[theirs] if x is not None]
            last_contact[theirs] = max(dates) if dates else None
    # committee members whose CRM record one of ours owns, and nothing more
    owned = {theirs for theirs in seats if theirs in basis.owned and theirs not in last_contact}
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
        factors.append(Factor(points=40, reason="no buying committee recorded", code="no_committee"))
    elif not dms:
        factors.append(
            Factor(points=30, reason="no economic buyer or decision maker on the committee", code="no_decider")
        )
    for t in covered:
        who: dict[str, int | str | list[str]] = {"person": t.person, "through": list(t.single_points)}
        if t.threads == 0:
            if t.person in owned:
                factors.append(
                    Factor(
                        points=50,
                        reason=f"no route at all to {name(t.person)}: nobody on our team has a recorded "
                        f"relationship with {name(t.person)}; only CRM ownership",
                        code="no_route_owned",
                        params=who,
                    )
                )
            else:
                factors.append(
                    Factor(points=50, reason=f"no route at all to {name(t.person)}", code="no_route", params=who)
                )
        elif t.threads == 1:
            through = _and([name(c) for c in t.single_points])
            factors.append(
                Factor(
                    points=35,
                    reason=f"single-threaded: one thread to {name(t.person)}"
                    + (f", through {through}" if through else ""),
                    code="single_thread_through" if through else "single_thread",
                    params=who,
                )
            )
        elif t.threads == 2:
            cut = _and([name(c) for c in t.smallest_set])
            factors.append(
                Factor(
                    points=15,
                    reason=f"only two threads to {name(t.person)}"
                    + (f"; losing {cut} together would cut us off" if cut else ""),
                    code="two_threads_cut" if cut else "two_threads",
                    params={"person": t.person, "through": list(t.smallest_set)},
                )
            )
    if singles:
        factors.append(
            Factor(
                points=10,
                reason=f"on our side, threads hang on {', '.join(map(name, singles))}",
                code="own_single",
                params={"people": list(singles)},
            )
        )
    if committee and coverage < 1:
        factors.append(
            Factor(
                points=round(20 * (1 - coverage)),
                reason=f"we know {len(last_contact)} of {len(committee)} committee members directly",
                code="coverage",
                params={"known": len(last_contact), "total": len(committee)},
            )
        )
    if stale:
        factors.append(
            Factor(
                points=min(10, 5 * len(stale)),
                reason=f"no contact for over {stale_days} days with {', '.join(map(name, stale))}",
                code="stale",
                params={"days": stale_days, "people": list(stale)},
            )
        )
    if detractors:
        factors.append(
            Factor(
                points=min(20, 10 * len(detractors)),
                reason=f"high-influence detractor: {', '.join(map(name, detractors))}",
                code="detractor",
                params={"people": list(detractors)},
            )
        )
    if opp.empty_seats:
        factors.append(
            Factor(
                points=min(10, 5 * len(opp.empty_seats)),
                reason=f"empty seats: {', '.join(r.value for r in opp.empty_seats)}",
                code="empty_seats",
                params={"roles": [r.value for r in opp.empty_seats]},
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
        currency=deal_currency(graph, opp),
        threads=n,
        decision_makers=covered,
        single_points=single,
        critical_contacts=critical,
        own_single_points=singles,
        coverage=round(coverage, 4),
        stale=stale,
        detractors=detractors,
        empty_seats=opp.empty_seats,
        score=score,
        reasons=[f"+{f.points} {f.reason}" for f in factors],
        factors=factors,
        exposure=round(score / 100 * (opp.amount or 0), 2),
        names={
            pid: name(pid)
            for pid in sorted(
                {*dms, *critical, *singles, *stale, *detractors, *(e for t in covered for e in t.entry_points)}
            )
        },
        close_date=opp.close_date,
        overdue=opp.close_date is not None and opp.close_date < today,
    )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


class _Names(Mapping[str, str]):
    """The people's names by id, looked up when asked for (the threads name only the
    decision-makers)."""

    def __init__(self, people: Mapping[str, Person]) -> None:
        self._people = people

    def __getitem__(self, pid: str) -> str:
        return self._people[pid].name

    def __iter__(self) -> Iterator[str]:
        return iter(self._people)

    def __len__(self) -> int:
        return len(self._people)


def _clashing_names(graph: Graph) -> set[str]:
    """Names that more than one person of ``graph`` carries."""
    return {name for name, n in Counter(p.name for p in graph.people).items() if n > 1}


@gc_paused
def opportunity_risk(
    graph: Graph,
    opportunity: str,
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
    without: Iterable[str] = (),
    today: dt.date | None = None,
    reports_strength: float = DEFAULT_REPORTS_STRENGTH,
    min_strength: float = DEFAULT_MIN_STRENGTH,
    avoid: Iterable[str] = (),
    without_people: Iterable[str] | None = None,
) -> OpportunityRisk:
    """The single-thread risk of one opportunity in ``graph`` (its account's map), as if
    the people in ``without`` had left (the CLI's ``--without``; ``without_people`` is its
    deprecated old name). ``reports_strength``, ``min_strength`` and ``avoid`` (ids or
    ``stance:STANCE``) say what carries a thread, as for ``path``."""
    graph = present(graph, today)  # who has left is no thread and no committee member
    opp = next((o for o in graph.opportunities if o.id == opportunity), None)
    if opp is None:
        raise NotFound(f"no opportunity with id '{opportunity}'")
    gone = leaving(without, without_people)
    if gone:
        graph = remove_people(graph, gone)
        opp = next(o for o in graph.opportunities if o.id == opportunity)
    basis = RiskBasis(
        graph,
        deciders(graph, [opp]),
        reports_strength=reports_strength,
        min_strength=min_strength,
        avoid=avoided(graph, avoid),
    )
    return basis.assess(opp, stale_days, today)
