"""Stores: where the graph lives. :func:`open_store` picks the backend from a URL."""

from __future__ import annotations

import os

from ..errors import StoreError
from .base import AccountSummary, ForgetReport, ImportReport, Store
from .sqlite import SQLiteStore

__all__ = ["AccountSummary", "ForgetReport", "ImportReport", "SQLiteStore", "Store", "open_store", "DEFAULT_STORE"]

DEFAULT_STORE = "kamgraph.db"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(url: str | None = None) -> Store:
    """A path opens (or creates) an SQLite store; a ``neo4j://`` or ``bolt://`` URI a Neo4j
    store. Without a URL: ``$KAMGRAPH_STORE``, else ``./kamgraph.db``."""
    url = url or os.environ.get("KAMGRAPH_STORE") or DEFAULT_STORE
    if url.startswith(NEO4J_SCHEMES):
        raise StoreError(f"{url.split('@')[-1]}: the Neo4j store is not available in this version of kamgraph")
    if "://" in url:
        raise StoreError(f"{url}: unknown store; give a file path (SQLite) or a neo4j:// or bolt:// URI")
    return SQLiteStore(url)
