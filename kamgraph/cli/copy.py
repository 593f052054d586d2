"""``kamgraph copy``: move a whole graph from one store to another (SQLite ↔ Neo4j)."""

from __future__ import annotations

import click

from ..service import copy_graph
from ..store import open_store, redact
from ._common import App, pass_app, table
from ._csv import csv_option

__all__ = ["copy"]


@click.command()
@click.option("--from", "from_", metavar="STORE", help="Store to read (default: --store).")
@click.option("--to", "to", metavar="STORE", required=True, help="Store to write: a path or a neo4j:// URI.")
@csv_option
@pass_app
def copy(app: App, from_: str | None, to: str) -> None:
    """Copy the whole graph from one store into another, losing nothing.

    \b
    kamgraph copy --from kamgraph.db --to neo4j://localhost:7687
    kamgraph copy --from neo4j --to backup.db        # neo4j: $NEO4J_URI
    """
    source_url = from_ or app.store_url
    if redact(source_url) == redact(to):
        raise click.UsageError("--from and --to name the same store")
    with open_store(source_url, create=False) as source, open_store(to) as target:
        report = copy_graph(source, target)
        click.echo(f"Copied {source.url} into {target.url}" + ("" if report.changed else ": nothing changed"))
    rows = [(c, n.added, n.updated, n.unchanged) for c, n in report.counts.items()]
    if rows:
        click.echo(table(["RECORDS", "ADDED", "UPDATED", "UNCHANGED"], rows, indent=2))
