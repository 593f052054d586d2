"""Analyses: plain functions over a networkx graph or a map's records, each returning a
pydantic result that explains itself. They take a graph, never a store (a portfolio over a
store is :func:`kamgraph.portfolio_run.store_portfolio_risk`)."""

from .connectivity import Threads, threads
from .influence import PersonInfluence, influence
from .paths import Hop, Path, PathResult, best_paths, decision_paths, role_holders
from .portfolio import AccountShare, Concentration, PortfolioRisk, portfolio_risk
from .risk import AccountRisk, account_risk
from .routing import DEFAULT_MIN_STRENGTH, avoided, carries
from .single_thread import OpportunityRisk, opportunity_risk, without
from .whitespace import UnitSpace, WhiteSpace, whitespace

__all__ = [
    "DEFAULT_MIN_STRENGTH",
    "AccountRisk",
    "AccountShare",
    "Concentration",
    "Hop",
    "OpportunityRisk",
    "Path",
    "PathResult",
    "PersonInfluence",
    "PortfolioRisk",
    "Threads",
    "UnitSpace",
    "WhiteSpace",
    "account_risk",
    "avoided",
    "best_paths",
    "carries",
    "decision_paths",
    "influence",
    "opportunity_risk",
    "portfolio_risk",
    "role_holders",
    "threads",
    "whitespace",
    "without",
]
