"""Analyses: plain functions over a networkx graph or a map's records, each returning a
pydantic result that explains itself. They take a graph, never a store."""

from .influence import PersonInfluence, influence
from .paths import Hop, Path, PathResult, best_paths, decision_paths, role_holders
from .portfolio import store_portfolio_risk
from .risk import (
    AccountRisk,
    OpportunityRisk,
    PortfolioRisk,
    Threads,
    account_risk,
    opportunity_risk,
    portfolio_risk,
    threads,
    without,
)
from .whitespace import UnitSpace, WhiteSpace, whitespace

__all__ = [
    "AccountRisk",
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
    "best_paths",
    "decision_paths",
    "influence",
    "opportunity_risk",
    "portfolio_risk",
    "role_holders",
    "store_portfolio_risk",
    "threads",
    "whitespace",
    "without",
]
