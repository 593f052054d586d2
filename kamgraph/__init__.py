"""kamgraph: map the people inside client organisations and find the routes to them.

The public names below load on first use (PEP 562), so that ``kamgraph accounts`` does not
pay for YAML, the analyses or the store of every other command at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .errors import InvalidInput, KamgraphError, NotFound, StoreError
    from .graph import own_people, people_graph
    from .io.files import dump_graph, import_files, load_files, load_graph
    from .model import (
        Adoption,
        AdoptionStatus,
        Graph,
        Influence,
        Influences,
        Knows,
        Membership,
        Opportunity,
        Organisation,
        OrgKind,
        Person,
        Product,
        Role,
        Seniority,
        Stance,
        Unit,
    )
    from .store import SQLiteStore, Store, open_store
    from .views import AccountView, account_view

__all__ = [
    "AccountView",
    "Adoption",
    "AdoptionStatus",
    "Graph",
    "Influence",
    "Influences",
    "InvalidInput",
    "KamgraphError",
    "Knows",
    "Membership",
    "NotFound",
    "Opportunity",
    "OrgKind",
    "Organisation",
    "Person",
    "Product",
    "Role",
    "SQLiteStore",
    "Seniority",
    "Stance",
    "Store",
    "StoreError",
    "Unit",
    "__version__",
    "account_view",
    "dump_graph",
    "import_files",
    "load_files",
    "load_graph",
    "open_store",
    "own_people",
    "people_graph",
]

#: Where each public name lives (its module inside the package).
_WHERE = {
    "AccountView": "views",
    "Adoption": "model",
    "AdoptionStatus": "model",
    "Graph": "model",
    "Influence": "model",
    "Influences": "model",
    "InvalidInput": "errors",
    "KamgraphError": "errors",
    "Knows": "model",
    "Membership": "model",
    "NotFound": "errors",
    "Opportunity": "model",
    "OrgKind": "model",
    "Organisation": "model",
    "Person": "model",
    "Product": "model",
    "Role": "model",
    "SQLiteStore": "store",
    "Seniority": "model",
    "Stance": "model",
    "Store": "store",
    "StoreError": "errors",
    "Unit": "model",
    "account_view": "views",
    "dump_graph": "io.files",
    "import_files": "io.files",
    "load_files": "io.files",
    "load_graph": "io.files",
    "open_store": "store",
    "own_people": "graph",
    "people_graph": "graph",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kamgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
