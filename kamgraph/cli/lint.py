"""``kamgraph lint``: the stored records that break the model, and the account-hygiene list
(:mod:`kamgraph.lint`)."""

from __future__ import annotations

import click

from .. import clock
from ..lint import lint_store
from ..model import DEFAULT_STALE_DAYS
from ..text import printable
from ._common import App, echo_json, json_option, pass_app, plural, table
from ._csv import csv_option


@click.command()
@click.argument("account", required=False)
@click.option("--all", "every", is_flag=True, help="Every client account's hygiene list.")
@click.option(
    "--stale-days",
    default=DEFAULT_STALE_DAYS,
    show_default=True,
    type=click.IntRange(min=0),
    help="A decision-maker nobody of ours has been in touch with for longer is stale.",
)
@click.option(
    "--updated-since",
    "since",
    metavar="DATE",
    help="A map with no contact or note since DATE is not kept up to date.  [default: --stale-days ago]",
)
@json_option
@csv_option
@pass_app
def lint(app: App, account: str | None, every: bool, stale_days: int, since: str | None, as_json: bool) -> None:
    """List what needs fixing: stored records that break the model (a value set by hand in
    Neo4j Browser …) and, for ACCOUNT or --all, the hygiene list a sales leader checks before
    a forecast call — deals past their close date, no economic buyer or champion, unknown
    stances on a committee, stale decision-makers, people who left still seated, probable
    duplicates, missing titles, units or seniority, a map not updated lately. Each finding has
    a severity, the record and the command that fixes it. Exit 1 when there is an error."""
    if account is not None and every:
        raise click.UsageError("give ACCOUNT or --all, not both")
    accounts = [app.account_id(account)] if account is not None else None if every else []
    day = clock.parse_date(since, "--updated-since") if since else None
    report = lint_store(app.store, accounts, stale_days=stale_days, since=day)
    if as_json:
        echo_json(report)
    elif not accounts and accounts is not None:  # the model check only, as before
        for f in report.findings:
            click.echo(printable(f.message))
        if not report.findings:
            click.echo(
                f"{app.store.url}: every record fits the model (the hygiene list: kamgraph lint ACCOUNT or --all)"
            )
    elif report.findings:
        click.echo(
            table(
                ["SEVERITY", "RECORD", "MESSAGE", "FIX"],
                [(f.severity, f.record, f.message, f.fix or "") for f in report.findings],
                keep=(0, 1),
                drop=("FIX",),
            )
        )
        click.echo(
            f"{plural(report.errors, 'errors')}, {plural(report.warnings, 'warnings')}, "
            f"{report.info} info in {plural(len(report.accounts), 'accounts')}"
        )
    else:
        click.echo(f"{plural(len(report.accounts), 'accounts')}: nothing to fix")
    if report.errors:
        click.get_current_context().exit(1)
