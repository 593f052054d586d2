"""Stores: where the graph lives. :func:`open_store` picks the backend from a URL.

The store classes load on first use (PEP 562): a module of this package that needs no
pydantic model (:mod:`kamgraph.store.sqlite_plain`, :mod:`kamgraph.store.sqlite_schema`)
can be imported without them, and ``kamgraph accounts`` starts without pydantic.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

from ..errors import StoreError

if TYPE_CHECKING:
    from .base import AccountSummary, ForgetReport, ImportReport, Store
    from .neo4j import Neo4jStore
    from .sqlite import SQLiteStore

__all__ = [
    "AccountSummary",
    "ForgetReport",
    "ImportReport",
    "SQLiteStore",
    "Neo4jStore",
    "Store",
    "open_store",
    "DEFAULT_STORE",
    "redact",
]

DEFAULT_STORE = "kamgraph.db"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def is_neo4j(url: str) -> bool:
    """A ``neo4j://``/``bolt://`` URI, or the word ``neo4j`` (then ``$NEO4J_URI`` says where)."""
    return url == "neo4j" or url.startswith(NEO4J_SCHEMES)


def redact(url: str) -> str:
    """A store URL fit for messages: ``bolt://kam:pw@host`` → ``bolt://host``."""
    if "://" in url and "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://{rest.rsplit('@', 1)[-1]}"
    return url


def open_store(url: str | None = None, *, create: bool = True, **options: Any) -> Store:
    """A path opens an SQLite store (creating it unless ``create`` is false); a ``neo4j://``
    or ``bolt://`` URI (or ``neo4j``, for ``$NEO4J_URI``) a Neo4j store. Without a URL:
    ``$KAMGRAPH_STORE``, else ``./kamgraph.db``. ``options`` go to the Neo4j store
    (``batch_size``)."""
    url = url or os.environ.get("KAMGRAPH_STORE") or DEFAULT_STORE
    if is_neo4j(url):
        from .neo4j import Neo4jStore  # the driver is imported only now
        from .neo4j_connection import check_server

        store = Neo4jStore.from_url(url, **options)
        try:
            check_server(store.driver, store.settings)  # Neo4j 5 or later
        except BaseException:
            store.close()
            raise
        return store
    if "://" in url:
        raise StoreError(f"{redact(url)}: unknown store; give a file path (SQLite) or a neo4j:// or bolt:// URI")
    from .sqlite import SQLiteStore

    return SQLiteStore(url, create=create)


#: Where each class named here lives: imported on first use (``Neo4jStore``: the driver too).
_WHERE = {
    "AccountSummary": "base",
    "ForgetReport": "base",
    "ImportReport": "base",
    "Store": "base",
    "SQLiteStore": "sqlite",
    "Neo4jStore": "neo4j",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
