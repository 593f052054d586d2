"""Influence: who really sways the decision, against who formally outranks whom.

PageRank runs over the account's influence graph (:func:`kamgraph.graph.influence_graph`:
``INFLUENCES`` plus reporting lines, a report's standing flowing up to the manager and,
more weakly, the manager's down), betweenness over the same edges. A **hidden power
broker** is someone in the top places by influence (the top fifth, at least three) whom
that many people or more outrank formally, or someone who sways at least two people who
outrank them formally, the account's most senior among them, strongly (weight at least
:data:`STRONG`): their sway exceeds their title, however their score ranks.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left

from pydantic import BaseModel, Field

from ..errors import NotFound
from ..graph import gc_paused, influence_arcs, present
from ..model import Graph, Seniority

__all__ = ["PAGERANK_TOL", "PersonInfluence", "STRONG", "influence"]

#: An influence this heavy (0-1) is strong sway.
STRONG = 0.7

#: PageRank is iterated until the scores, summed over everyone, move by less than this per
#: person (networkx's ``tol``: the L1 change is below ``people × PAGERANK_TOL``). networkx's
#: default (1e-6) left errors up to 4e-5 at 20,000 people, enough to flip broker flags
#: between libraries; at 1e-12 every score is within about 1e-9 of the fixed point, far
#: below the 6 decimals reported, so the ranking does not depend on the library.
PAGERANK_TOL = 1e-12
#: Enough iterations to get there (each one shrinks the error by ``alpha``, 0.85).
PAGERANK_MAX_ITER = 1000


class PersonInfluence(BaseModel):
    id: str
    name: str
    title: str | None = None
    score: float = Field(description="PageRank scaled so the most influential person has 100")
    pagerank: float
    betweenness: float = Field(
        description="normalised betweenness over the same edges (estimated from a sample "
        "of sources in bigger accounts: see betweenness_sample)"
    )
    betweenness_sample: int | None = Field(
        default=None,
        description="how many people (drawn with a fixed seed, "
        "so the same each run) betweenness was "
        "estimated from; None when exact",
    )
    place: int = Field(description="1 = most influential")
    seniority: Seniority | None = None
    outranked_by: int = Field(description="people of strictly higher formal seniority")
    broker: bool
    sways: list[str] = Field(
        default_factory=list,
        description="people who outrank them formally whom they sway strongly (ids, by rank then name)",
    )
    why: str | None = Field(default=None, description="why they are flagged as a broker")


@gc_paused
def influence(
    graph: Graph,
    account: str,
    *,
    to_manager: float = 0.6,
    to_report: float = 0.2,
    alpha: float = 0.85,
    top: float = 0.2,
    betweenness_sample: int = 100,
) -> list[PersonInfluence]:
    """The people of ``account``, most influential first.

    A staffer who sways the CEO and both VPs ranks second, above the VPs: a broker.

    >>> from kamgraph.model import Graph, Influences, Organisation, Person
    >>> g = Graph(organisations=[Organisation(id="o", name="O")],
    ...           people=[Person(id="ceo", name="Carla", org="o", seniority="executive"),
    ...                   Person(id="cfo", name="Tom", org="o", seniority="vp", reports_to="ceo"),
    ...                   Person(id="cto", name="Ivan", org="o", seniority="vp", reports_to="ceo"),
    ...                   Person(id="pa", name="Pia", org="o", seniority="staff", reports_to="ceo")],
    ...           influences=[Influences(source="pa", target=t, weight=1.0) for t in ("ceo", "cfo", "cto")])
    >>> [(p.id, p.broker) for p in influence(g, "o")]
    [('ceo', False), ('pa', True), ('cto', False), ('cfo', False)]
    """
    graph = present(graph)  # who has left sways nobody
    org = graph.organisation(account)
    if org is None:
        raise NotFound(f"no account with id '{account}'")
    ids, arcs = influence_arcs(graph, org=account, to_manager=to_manager, to_report=to_report)
    if not ids:
        return []
    from .centrality import betweenness, pagerank

    # networkx's pagerank and betweenness_centrality(normalized=True, k=sample, seed=0), on integers
    pr = dict(zip(ids, pagerank(arcs, alpha=alpha, tol=PAGERANK_TOL, max_iter=PAGERANK_MAX_ITER).tolist(), strict=True))
    # exact betweenness is O(people × relations); past a few hundred people, sample sources
    sample = betweenness_sample if len(ids) > betweenness_sample else None
    sources = random.Random(0).sample(range(len(ids)), sample) if sample is not None else range(len(ids))
    bc = dict(zip(ids, betweenness(arcs, sources).tolist(), strict=True))
    people = {p.id: p for p in graph.people if p.org == account}
    lowest = len(Seniority)
    ranks_of = {s: s.rank for s in Seniority}
    formal = {pid: ranks_of[p.seniority] if p.seniority is not None else lowest for pid, p in people.items()}

    def rank(pid: str) -> int:
        return formal[pid]

    order = sorted(ids, key=lambda n: (-pr[n], rank(n), people[n].name, n))
    best = max(pr.values())
    n_top = max(3, math.ceil(top * len(order)))
    ranks = sorted(rank(n) for n in order)
    strong: dict[str, list[str]] = {}
    for i in graph.influences:
        if i.weight >= STRONG and i.source in people and i.target in people and rank(i.target) < rank(i.source):
            strong.setdefault(i.source, []).append(i.target)
    out = []
    for place, pid in enumerate(order, start=1):
        above = bisect_left(ranks, rank(pid))  # people of strictly higher rank
        sways = sorted(set(strong[pid]), key=lambda t: (rank(t), people[t].name, t)) if pid in strong else []
        swayer = len(sways) >= 2 and rank(sways[0]) == ranks[0]
        broker = (place <= n_top and above >= n_top) or swayer
        p = people[pid]
        why = None
        if broker:
            parts = [f"#{place} by influence"] if place <= n_top and above >= n_top else []
            if swayer:
                parts.append(
                    f"sways {_and([people[t].name for t in sways[:3]])}{' and more' if len(sways) > 3 else ''} strongly"
                )
            why = "; ".join([*parts, f"{above} outrank them formally"])
        out.append(
            PersonInfluence(
                id=pid,
                name=p.name,
                title=p.title,
                score=round(100 * pr[pid] / best, 1),
                pagerank=round(pr[pid], 6),
                betweenness=round(bc[pid], 4),
                betweenness_sample=sample,
                place=place,
                seniority=p.seniority,
                outranked_by=above,
                broker=broker,
                sways=sways,
                why=why,
            )
        )
    return out


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
