"""Analyses: plain functions over a networkx graph or a map's records, each returning a
pydantic result that explains itself. They take a graph, never a store (a portfolio over a
store is :func:`kamgraph.portfolio_run.store_portfolio_risk`).

Each name loads its module on first use (PEP 562): ``kamgraph path`` does not import
influence's scipy, nor ``whitespace`` networkx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each public name lives (its module inside the package).
_WHERE = {
    "AccountRisk": "risk",
    "AccountShare": "portfolio",
    "Concentration": "portfolio",
    "DEFAULT_MIN_STRENGTH": "routing",
    "Hop": "paths",
    "OpportunityRisk": "single_thread",
    "Path": "paths",
    "PathResult": "paths",
    "PersonInfluence": "influence",
    "PortfolioRisk": "portfolio",
    "Threads": "connectivity",
    "UnitSpace": "whitespace",
    "WhiteSpace": "whitespace",
    "account_risk": "risk",
    "avoided": "routing",
    "best_paths": "paths",
    "carries": "routing",
    "decision_paths": "paths",
    "influence": "influence",
    "opportunity_risk": "single_thread",
    "portfolio_risk": "portfolio",
    "role_holders": "paths",
    "threads": "connectivity",
    "whitespace": "whitespace",
    "without": "single_thread",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
