"""The Neo4j store's Cypher, kept in ``queries/*.cypher`` and loaded by name.

Each file holds one or more named queries, aiosql-style: a ``// name: xxx`` line, at least
one ``//`` comment line saying what the query does, then the query (one statement, no
``;``). Lines before the first name are the file's own comment. The files ship inside the
package (``kamgraph/queries`` is the repository's ``queries/``)::

    // name: people_get
    // The people with these ids ($ids); missing ids give no row.
    UNWIND $ids AS id
    MATCH (n:Person {id: id})
    RETURN n.id AS key, n.data AS data

``queries/explore.cypher`` is apart: questions for people to paste into Neo4j Browser, which
the store never runs (:func:`explore_queries`).

>>> query("ping").text
'RETURN 1 AS ok'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from typing import LiteralString

from ..errors import KamgraphError

__all__ = ["EXPLORE_FILE", "Query", "QueryFileError", "all_queries", "explore_queries", "load_queries", "query"]

#: The explore pack: named queries for Neo4j Browser, not the store's.
EXPLORE_FILE = "explore.cypher"

_NAME = re.compile(r"^//\s*name:\s*(?P<name>\S*)\s*$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


class QueryFileError(KamgraphError):
    """A ``.cypher`` file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Query:
    """One named query: its Cypher, what it does, and where it was read from."""

    name: str
    doc: str
    text: str
    file: str
    line: int

    @property
    def cypher(self) -> LiteralString:
        # The text comes from our own files, never from input: that is what LiteralString
        # asks of a query, and what the driver's typing wants to see.
        return self.text  # type checkers that track LiteralString: see the comment above


def parse_queries(source: str, file: str) -> list[Query]:
    """The named queries in one file's text; :class:`QueryFileError` on anything amiss."""
    out: list[Query] = []
    current: dict[str, object] | None = None
    body: list[str] = []
    doc: list[str] = []

    def finish(end_line: int) -> None:
        if current is None:
            return
        text = "\n".join(body).strip()
        where = f"{file}:{current['line']}"
        if not doc:
            raise QueryFileError(f"{where}: query '{current['name']}' needs a // comment saying what it does")
        if not text:
            raise QueryFileError(f"{where}: query '{current['name']}' has no Cypher")
        out.append(Query(str(current["name"]), " ".join(doc), text, file, int(str(current["line"]))))

    in_doc = False
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.rstrip()
        match = _NAME.match(line.strip())
        if match:
            finish(number)
            name = match["name"]
            if not _IDENT.match(name):
                raise QueryFileError(f"{file}:{number}: bad query name '{name}' (want lower_case_with_underscores)")
            current, body, doc, in_doc = {"name": name, "line": number}, [], [], True
            continue
        if current is None:
            if line.strip() and not line.lstrip().startswith("//"):
                raise QueryFileError(f"{file}:{number}: Cypher before the first '// name:' line")
            continue
        if in_doc and line.lstrip().startswith("//"):
            doc.append(line.lstrip()[2:].strip())
            continue
        in_doc = False
        if ";" in line and not line.lstrip().startswith("//"):
            raise QueryFileError(f"{file}:{number}: query '{current['name']}': one statement per query, no ';'")
        body.append(line)
    finish(0)
    return out


def _directory() -> Traversable:
    return resources.files("kamgraph") / "queries"


@functools.cache
def load_queries() -> dict[str, Query]:
    """Every query of the store: each ``queries/*.cypher`` file but the explore pack, by name."""
    found: dict[str, Query] = {}
    directory = _directory()
    if not directory.is_dir():
        raise QueryFileError(f"{directory}: the Cypher query files are missing from this installation")
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".cypher") or entry.name == EXPLORE_FILE:
            continue
        path = f"queries/{entry.name}"
        for q in parse_queries(entry.read_text(encoding="utf-8"), path):
            if q.name in found:
                first = found[q.name]
                raise QueryFileError(
                    f"{path}:{q.line}: query '{q.name}' is already defined at {first.file}:{first.line}"
                )
            found[q.name] = q
    return found


def query(name: str) -> Query:
    """The query called ``name``."""
    try:
        return load_queries()[name]
    except KeyError:
        raise QueryFileError(f"no query named '{name}' in queries/*.cypher") from None


def all_queries() -> list[Query]:
    """The store's queries."""
    return list(load_queries().values())


@functools.cache
def explore_queries() -> list[Query]:
    """The explore pack (``queries/explore.cypher``), in file order."""
    entry = _directory() / EXPLORE_FILE
    return parse_queries(entry.read_text(encoding="utf-8"), f"queries/{EXPLORE_FILE}")
