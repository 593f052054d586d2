"""The native file format: import, export, schema."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InvalidInput, Problems
from ..io.files import dump_graph, json_schema
from ..io.maps import import_maps
from ..text import printable
from ._common import App, echo_json, echo_stale, json_option, pass_app, table
from ._csv import csv_option
from .group import SHOWN_PROBLEMS, ProblemsError


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))  # a directory: one line
@click.option(
    "--prune",
    is_flag=True,
    help="Remove the stored records of the files' organisations that the files no longer have "
    "(as forget does: their relations, seats and notes too).",
)
@click.option("--dry-run", is_flag=True, help="Check the files and list what --prune would remove; write nothing.")
@click.option(
    "--errors",
    "max_errors",
    default=SHOWN_PROBLEMS,
    show_default=True,
    type=click.IntRange(min=0),
    help="How many problems to list when the files are wrong (0: all of them).",
)
@json_option
@csv_option
@pass_app
def import_(app: App, files: tuple[Path, ...], prune: bool, dry_run: bool, max_errors: int, as_json: bool) -> None:
    """Validate account-map files (YAML or JSON) and load them, all or nothing."""
    try:
        done = import_maps(app.store, files, prune=prune, dry_run=dry_run)
    except Problems as exc:
        raise ProblemsError(
            exc.problems, max_errors, " (see them all with: kamgraph import --errors 0 FILE...)"
        ) from None
    if as_json:
        echo_json(done)
        return
    what = f"{len(files)} file{'s' if len(files) != 1 else ''}"
    if done.result is None:
        click.echo(f"Dry run: {what} valid; nothing written.")
    else:
        for w in done.result.warnings:
            click.echo(f"warning: {printable(w)}", err=True)
        rows = [(c, n.added, n.updated, n.unchanged) for c, n in done.result.counts.items()]
        click.echo(
            f"Loaded {what} into {app.store.url}"
            + ("" if done.result.changed or done.stale.pruned else ": nothing changed")
        )
        click.echo(table(["RECORDS", "ADDED", "UPDATED", "UNCHANGED"], rows, indent=2))
    echo_stale(done.stale, prune, "kamgraph import --prune")


@click.command()
@click.argument("account", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json", "graphml", "gexf"]),
    help="Default: from -o's suffix, else yaml. graphml and gexf: the people network for Gephi, yEd, Cytoscape.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default="-",
    help="Output file (default: stdout).",
)
@pass_app
def export(app: App, account: str | None, fmt: str | None, output: Path) -> None:
    """Write the whole graph in the native format (what `import` reads), or as GraphML/GEXF
    (only ACCOUNT's people and ours when ACCOUNT is given)."""
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in ("json", "graphml", "gexf") else "yaml"
    if fmt in ("graphml", "gexf"):
        from ..io.network import write_network

        graph = app.store.account(account) if account else app.store.dump()
        data = write_network(graph, fmt, account)  # type: ignore[arg-type]
        if str(output) == "-":
            click.echo(data.decode("utf-8"), nl=False)
            return
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise InvalidInput(f"{output}: cannot write: {exc.strerror}") from None
        click.echo(f"Wrote {output}", err=True)
        return
    if account:
        raise InvalidInput("ACCOUNT only goes with --format graphml or gexf")
    text = dump_graph(app.store.dump(), fmt)
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"{output}: cannot write: {exc.strerror}") from None
        click.echo(f"Wrote {output}", err=True)


@click.command()
def schema() -> None:
    """Print the JSON Schema of account-map files (for editors)."""
    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
