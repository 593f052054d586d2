"""The Neo4j store's schema (constraints and indexes, made when missing on every open) and
its people search over the full-text index."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .queries import query

if TYPE_CHECKING:
    from .neo4j_transactions import Bolt

__all__ = [
    "CHANGE_ANALYZER",
    "SCHEMA",
    "SEARCH_ANALYZER",
    "SEARCH_INDEX",
    "STOP_WORDS",
    "ensure_schema",
    "search_query",
]

SCHEMA = (
    "schema_organisation_id",
    "schema_unit_id",
    "schema_product_id",
    "schema_person_id",
    "schema_opportunity_id",
    "schema_lock_id",
    "schema_organisation_kind",
    "schema_external_id",
    "schema_person_search",
    "schema_change_first",
    "schema_change_since",
    "schema_change_search",
)
SEARCH_INDEX = "kamgraph_person_search"
SEARCH_ANALYZER = "standard-folding"
#: The change log's full-text index keeps each id whole (see :mod:`kamgraph.store.neo4j_changes`).
CHANGE_ANALYZER = "keyword"
#: The stop words the analyzer leaves out of the index (Lucene's English set): a search term
#: inside one of them cannot narrow the candidates.
STOP_WORDS = (
    "a an and are as at be but by for if in into is it no not of on or such that the their then there "
    "these they this to was will with"
).split()


def ensure_schema(bolt: Bolt) -> set[str]:
    """Make the constraints and indexes that are missing (each statement on its own:
    schema changes cannot share a transaction with data), and wait until they are online.
    The names of kamgraph's indexes and constraints that were there before."""
    with bolt.errors("create the schema"), bolt.session() as session:
        have = {r["name"]: r["state"] for r in session.run(query("schema_indexes").cypher, prefix="kamgraph_")}
        missing = [n for n in SCHEMA if n.replace("schema_", "kamgraph_") not in have]
        for name in missing:
            session.run(query(name).cypher, analyzer=SEARCH_ANALYZER, keyword=CHANGE_ANALYZER).consume()
        if missing or any(state != "ONLINE" for state in have.values()):
            session.run(query("schema_await").cypher, seconds=300).consume()
    return set(have)


def search_query(needle: str) -> str | None:
    """The full-text query whose hits include every person ``needle`` (folded) finds, or
    ``None`` when no term narrows it: each run of letters and digits, as a substring.

    >>> search_query("ana ruiz"), search_query("@"), search_query("head of it")
    ('*ana* AND *ruiz*', None, '*head*')
    """
    runs = [r for r in re.findall(r"[a-z0-9]+", needle) if not any(r in w for w in STOP_WORDS)]
    return " AND ".join(f"*{r}*" for r in dict.fromkeys(runs)) or None
