"""Risk across one account's deals: every open opportunity, riskiest value first.

How one opportunity is assessed (threads to its decision-makers, the people whose loss cuts
us off, the reasons and the score) is in :mod:`kamgraph.analysis.single_thread`; the
portfolio view is in :mod:`kamgraph.analysis.portfolio`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel

from ..errors import NotFound
from ..graph import DEFAULT_REPORTS_STRENGTH, gc_paused, present
from ..model import DEFAULT_STALE_DAYS, Graph
from .routing import DEFAULT_MIN_STRENGTH, avoided
from .single_thread import OpportunityRisk, RiskBasis, deciders, leaving, remove_people

__all__ = ["AccountRisk", "account_risk"]


class AccountRisk(BaseModel):
    account: str
    name: str
    opportunities: list[OpportunityRisk]


@gc_paused
def account_risk(
    graph: Graph,
    account: str,
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
    without: Iterable[str] = (),
    today: dt.date | None = None,
    reports_strength: float = DEFAULT_REPORTS_STRENGTH,
    min_strength: float = DEFAULT_MIN_STRENGTH,
    avoid: Iterable[str] = (),
    without_people: Iterable[str] | None = None,
) -> AccountRisk:
    """The risk of each open opportunity of ``account``, riskiest value first, as if the
    people in ``without`` had left (``without_people``: its deprecated old name).
    ``reports_strength``, ``min_strength`` and ``avoid`` (ids or ``stance:STANCE``) say what
    carries a thread, as for ``path``."""
    graph = present(graph, today)  # who has left is no thread and no committee member
    org = graph.organisation(account)
    if org is None:
        raise NotFound(f"no account with id '{account}'")
    gone = leaving(without, without_people)
    if gone:
        graph = remove_people(graph, gone)
    opps = [o for o in graph.opportunities if o.account == account and o.is_open]
    risks = []
    if opps:
        basis = RiskBasis(
            graph,
            deciders(graph, opps),
            reports_strength=reports_strength,
            min_strength=min_strength,
            avoid=avoided(graph, avoid),
        )
        risks = [basis.assess(o, stale_days, today) for o in opps]
    risks.sort(key=lambda r: (-r.exposure, -r.score, r.opportunity))
    return AccountRisk(account=org.id, name=org.name, opportunities=risks)
