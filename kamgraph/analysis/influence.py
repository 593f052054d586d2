"""Influence: who really sways the decision, against who formally outranks whom.

PageRank runs over the account's influence graph (:func:`kamgraph.graph_influence.influence_graph`:
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
from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from ..bulk import bulk
from ..errors import NotFound
from ..graph import present
from ..graph_influence import influence_matrix
from ..model import Graph, Person, Seniority
from ..trusted import trusted
from .rounding import rounded

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


# the collector paused, and no pass over the records on return (bulk's ending, not
# gc_paused's): nothing here makes a cycle (no networkx graph), so reference counting frees
# it all, and a pass over 20,000 fresh records would only find them alive
@bulk
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
    arcs = influence_matrix(graph, org=account, to_manager=to_manager, to_report=to_report)
    ids, persons = arcs.ids, arcs.people
    if not ids:
        return []
    import numpy as np

    from .centrality import betweenness, pagerank

    # networkx's pagerank and betweenness_centrality(normalized=True, k=sample, seed=0), on integers
    scores = pagerank(arcs.matrix, alpha=alpha, tol=PAGERANK_TOL, max_iter=PAGERANK_MAX_ITER)
    # exact betweenness is O(people × relations); past a few hundred people, sample sources
    sample = betweenness_sample if len(ids) > betweenness_sample else None
    sources = random.Random(0).sample(range(len(ids)), sample) if sample is not None else range(len(ids))
    bc = betweenness(arcs.matrix, sources)
    lowest = len(Seniority)
    ranks_of = {s: s.rank for s in Seniority}
    formal = [ranks_of[p.seniority] if p.seniority is not None else lowest for p in persons]
    order = _order(scores, formal, persons)
    best = float(scores.max())
    n_top = max(3, math.ceil(top * len(order)))
    # how many people strictly outrank each formal rank (ranks are a handful of small integers)
    counts = Counter(formal)
    above_of: dict[int, int] = {}
    seen = 0
    for r in sorted(counts):
        above_of[r] = seen
        seen += counts[r]
    highest = min(counts)
    # who sways someone who outranks them formally, strongly (INFLUENCES in the map's order)
    strong: dict[int, list[int]] = {}
    s_at, t_at = arcs.swayers, arcs.swayed
    heavy = np.flatnonzero((arcs.weights >= STRONG) & (s_at >= 0) & (t_at >= 0))
    ranks = np.asarray(formal, dtype=np.int64)
    up = heavy[ranks[t_at[heavy]] < ranks[s_at[heavy]]]
    for s, t in zip(s_at[up].tolist(), t_at[up].tolist(), strict=True):
        strong.setdefault(s, []).append(t)
    sways: dict[int, list[str]] = {}
    swaying: dict[int, str] = {}  # a swayer's reason in words
    for x, targets in strong.items():
        swayed = sorted(set(targets), key=lambda t: (formal[t], persons[t].name, ids[t]))
        sways[x] = [ids[t] for t in swayed]
        if len(swayed) >= 2 and formal[swayed[0]] == highest:
            names = [persons[t].name for t in swayed[:3]]
            swaying[x] = f"sways {_and(names)}{' and more' if len(swayed) > 3 else ''} strongly"
    why: dict[int, str] = {}  # the brokers' reasons
    for place, x in enumerate(order[:n_top], start=1):
        above = above_of[formal[x]]
        if above >= n_top:
            parts = [f"#{place} by influence", *([swaying[x]] if x in swaying else [])]
            why[x] = "; ".join([*parts, f"{above} outrank them formally"])
    for x, words in swaying.items():
        if x not in why:
            why[x] = f"{words}; {above_of[formal[x]]} outrank them formally"
    # everyone's record, column by column in the ranking's order, then made without pydantic's
    # validation: every value is the kernel's own, of its field's type already (the records
    # equal validated ones, type for type: tests/test_centrality.py). Validating them was a
    # third of the time at 20,000 people.
    at_rank = np.asarray(order, dtype=np.int64)
    ranked = scores[at_rank]
    ordered = [persons[x] for x in order]
    outranking = [above_of[formal[x]] for x in order]
    fields = _FIELDS  # every field is given, as validation would record; one set for everyone
    records = [
        trusted(
            PersonInfluence,
            {
                "id": p.id,
                "name": p.name,
                "title": p.title,
                "score": score,
                "pagerank": rank,
                "betweenness": between,
                "betweenness_sample": sample,
                "place": place,
                "seniority": p.seniority,
                "outranked_by": outranked,
                "broker": x in why,
                "sways": sways[x] if x in sways else [],
                "why": why.get(x),
            },
            fields,
        )
        for place, (x, p, score, rank, between, outranked) in enumerate(
            zip(
                order,
                ordered,
                rounded(100 * ranked / best, 1),
                rounded(ranked, 6),
                rounded(bc[at_rank], 4),
                outranking,
                strict=True,
            ),
            start=1,
        )
    ]
    return records


#: The fields each record says were set: all of them (a record's own copy is made when it is
#: copied; pydantic only ever adds a field's name to it, one that is there already).
_FIELDS = set(PersonInfluence.model_fields)


def _order(scores: Any, formal: list[int], persons: list[Person]) -> list[int]:
    """The people's indices by PageRank, highest first; equal scores by formal rank (most
    senior first), then name, then id."""
    import numpy as np

    order: list[int] = np.argsort(-scores, kind="stable").tolist()
    ranked = scores[order]
    ties = np.flatnonzero(ranked[1:] == ranked[:-1]).tolist()  # order[i] ties with order[i + 1]
    if not ties:
        return order
    i = 0
    while i < len(ties):  # each run of equal scores, sorted by the tie-break
        j = i
        while j + 1 < len(ties) and ties[j + 1] == ties[j] + 1:
            j += 1
        lo, hi = ties[i], ties[j] + 2
        order[lo:hi] = sorted(order[lo:hi], key=lambda x: (formal[x], persons[x].name, persons[x].id))
        i = j + 1
    return order


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
