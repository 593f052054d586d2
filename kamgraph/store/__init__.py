"""Stores: where the graph lives. :func:`open_store` picks the backend from a URL."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from .base import AccountSummary, ForgetReport, ImportReport, Store
from .sqlite import SQLiteStore

if TYPE_CHECKING:
    from .neo4j import Neo4jStore

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
    return SQLiteStore(url, create=create)


def __getattr__(name: str) -> Any:
    if name == "Neo4jStore":  # kamgraph.store.Neo4jStore without importing it up front
        from .neo4j import Neo4jStore

        return Neo4jStore
    raise AttributeError(name)
