"""Analyses: plain functions over a networkx graph or a map's records, each returning a
pydantic result that explains itself. They take a graph, never a store.

Each name loads its module on first use (PEP 562): ``kamgraph path`` does not import the
portfolio's worker pool, nor ``whitespace`` networkx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each public name lives (its module inside the package).
_WHERE = {
    "AccountRisk": "risk",
    "Hop": "paths",
    "OpportunityRisk": "risk",
    "Path": "paths",
    "PathResult": "paths",
    "PersonInfluence": "influence",
    "PortfolioRisk": "risk",
    "Threads": "risk",
    "UnitSpace": "whitespace",
    "WhiteSpace": "whitespace",
    "account_risk": "risk",
    "best_paths": "paths",
    "decision_paths": "paths",
    "influence": "influence",
    "opportunity_risk": "risk",
    "portfolio_risk": "risk",
    "role_holders": "paths",
    "store_portfolio_risk": "portfolio",
    "threads": "risk",
    "whitespace": "whitespace",
    "without": "risk",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
