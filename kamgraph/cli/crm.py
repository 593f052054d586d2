"""``kamgraph import-crm salesforce|hubspot``: load CRM exports, report every problem."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..io.crm import CrmImport, CrmReport, Level, import_crm, load_column_map, read_hubspot, read_salesforce
from ..io.crm.builder import Progress
from ._common import App, echo_json, echo_stale, pass_app, table
from ._csv import csv_option

FILES = click.Path(path_type=Path)  # a directory is refused by the reader, in one line


def _options(f: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.option(
                "--our-org",
                metavar="ID",
                help="Our organisation, where contact owners go (default: the one of kind 'own' in the store, "
                "else a new 'our-company').",
            ),
            click.option(
                "--map",
                "map_file",
                type=FILES,
                metavar="FILE",
                help="YAML: columns (yours → ours), roles (value → kamgraph role), users (owner → name).",
            ),
            click.option("--dry-run", is_flag=True, help="Read and report; write nothing."),
            click.option(
                "--skip-bad-rows",
                is_flag=True,
                help="Import the rest when rows have errors (each error says what is done with its row).",
            ),
            click.option(
                "--prune",
                is_flag=True,
                help="Remove the stored records from this CRM, of the accounts the files cover, that the files "
                "no longer have (as forget does); --dry-run lists them.",
            ),
            click.option("--json", "as_json", is_flag=True, help="Print the report as JSON."),
        ]
    ):
        f = option(f)
    return f


@click.group("import-crm")
def import_crm_group() -> None:
    """Load CRM exports (Salesforce, HubSpot): people, reporting lines, accounts, deals.

    Any problem stops the import with the store unchanged and lists every problem with its
    file, line and field; --skip-bad-rows imports the rest. Re-importing a newer export
    updates records by their CRM id and adds nothing twice.
    """


@import_crm_group.command("salesforce")
@click.option(
    "--contacts",
    type=FILES,
    multiple=True,
    required=True,
    metavar="FILE",
    help="Contact export (Data Loader or report CSV); repeat for several files.",
)
@click.option("--accounts", type=FILES, multiple=True, metavar="FILE", help="Account export.")
@click.option("--opportunities", type=FILES, multiple=True, metavar="FILE", help="Opportunity export.")
@click.option("--contact-roles", type=FILES, multiple=True, metavar="FILE", help="OpportunityContactRole export.")
@click.option(
    "--merge-duplicates",
    is_flag=True,
    help="Merge contacts of one account with the same e-mail into the one with a manager.",
)
@_options
@csv_option
@pass_app
def salesforce(
    app: App,
    contacts: tuple[Path, ...],
    accounts: tuple[Path, ...],
    opportunities: tuple[Path, ...],
    contact_roles: tuple[Path, ...],
    merge_duplicates: bool,
    our_org: str | None,
    map_file: Path | None,
    dry_run: bool,
    skip_bad_rows: bool,
    prune: bool,
    as_json: bool,
) -> None:
    """Import Salesforce exports (API field names: Id, AccountId, ReportsToId, OwnerId…)."""
    column_map = load_column_map(map_file)
    # What is merged from the store and what is written are one transaction: no lost update.
    with app.store.transaction(write=not dry_run):
        with _progress() as progress:
            crm = read_salesforce(
                contacts,
                accounts,
                opportunities,
                contact_roles,
                store=app.store,
                our_org=our_org,
                column_map=column_map,
                merge_duplicates=merge_duplicates,
                progress=progress,
            )
        report = _write(app, crm, dry_run, skip_bad_rows, prune)
    _finish(app, report, skip_bad_rows, prune, as_json)


@import_crm_group.command("hubspot")
@click.option(
    "--contacts",
    type=FILES,
    multiple=True,
    required=True,
    metavar="FILE",
    help="HubSpot contacts export; repeat for several files.",
)
@click.option("--companies", type=FILES, multiple=True, metavar="FILE", help="HubSpot companies export.")
@_options
@csv_option
@pass_app
def hubspot(
    app: App,
    contacts: tuple[Path, ...],
    companies: tuple[Path, ...],
    our_org: str | None,
    map_file: Path | None,
    dry_run: bool,
    skip_bad_rows: bool,
    prune: bool,
    as_json: bool,
) -> None:
    """Import HubSpot exports, matching people already in the store by e-mail, then by name."""
    column_map = load_column_map(map_file)
    with app.store.transaction(write=not dry_run):  # read-merge-write: one transaction
        with _progress() as progress:
            crm = read_hubspot(
                contacts, companies, store=app.store, our_org=our_org, column_map=column_map, progress=progress
            )
        report = _write(app, crm, dry_run, skip_bad_rows, prune)
    _finish(app, report, skip_bad_rows, prune, as_json)


#: files with fewer rows are read too fast for a progress bar to help
PROGRESS_MIN_ROWS = 5000


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A progress bar per long contacts file, on stderr and only when it is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    bars: dict[str, Any] = {}  # the open bars, by file

    def tick(file: str, done: int, total: int) -> None:
        if total < PROGRESS_MIN_ROWS:
            return
        if file not in bars:
            bars[file] = click.progressbar(length=total, label=f"Reading {Path(file).name}", file=sys.stderr)
            bars[file].__enter__()
        bar = bars[file]
        bar.update(done - bar.pos)
        if done >= total:
            bars.pop(file).__exit__(None, None, None)

    try:
        yield tick
    finally:
        for bar in bars.values():  # reading stopped half-way (an error): end the line
            bar.__exit__(None, None, None)


def _write(app: App, crm: CrmImport, dry_run: bool, skip_bad_rows: bool, prune: bool) -> CrmReport:
    if sys.stderr.isatty() and len(crm.graph.people) >= PROGRESS_MIN_ROWS and not dry_run:
        click.echo(f"Writing {len(crm.graph.people):,} people and their relations…", err=True)
    return import_crm(app.store, crm, skip_bad_rows=skip_bad_rows, dry_run=dry_run, prune=prune)


def _finish(app: App, report: CrmReport, skip_bad_rows: bool, prune: bool, as_json: bool) -> None:
    """Print the report (after the commit: a slow reader of the output holds no lock)."""
    failed = bool(report.errors) and not skip_bad_rows
    if as_json:
        echo_json(report)
    else:
        _print(report, app.store.url)
        if report.stale is not None and not failed:
            echo_stale(report.stale, prune, f"import-crm {report.source} --prune")
    if failed:
        raise click.ClickException(
            f"nothing written: {_plural(len(report.errors), 'error')} (listed above); "
            "fix them, or pass --skip-bad-rows to import the rest"
        )


def _print(report: CrmReport, store_url: str) -> None:
    click.echo(f"Read {len(report.files)} {report.source} file{'s' if len(report.files) != 1 else ''}:")
    click.echo(
        table(
            ["FILE", "KIND", "RECORDS", "USED", "FORMAT"],
            [(f.file, f.kind, f.records, f.imported, f.format) for f in report.files],
            indent=2,
            max_width=80,
        )
    )
    n = {lv: report.count(lv) for lv in Level}
    click.echo(
        f"\n{_plural(n[Level.error], 'error')}, {_plural(n[Level.warning], 'warning')}, "
        f"{_plural(n[Level.info], 'note')}" + (":" if report.issues else ".")
    )
    for issue in report.issues:
        click.echo(f"  {issue}")
    if report.result is not None:
        for w in report.result.warnings:
            click.echo(f"  warning: {w}")
    click.echo()
    if report.dry_run:
        click.echo("Dry run: nothing written.")
    elif report.written and report.result is not None:
        skipped = " (bad rows skipped as listed)" if report.errors else ""
        click.echo(f"Imported into {store_url}{skipped}" + ("" if report.result.changed else ": nothing changed"))
        click.echo(
            table(
                ["RECORDS", "ADDED", "UPDATED", "UNCHANGED"],
                [(c, k.added, k.updated, k.unchanged) for c, k in report.result.counts.items()],
                indent=2,
            )
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
