"""Erasure: ``forget`` a person (every record, relation, seat and note that names them) and
``purge`` what the write-ahead log still holds of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..errors import InvalidInput
from ..text import printable
from ._common import App, echo_json, json_option, pass_app, plural

if TYPE_CHECKING:
    from ..store.base import ForgetReport


@click.command()
@click.argument("person")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--dry-run", is_flag=True, help="List what would be erased, the notes that name them included; erase nothing."
)
@json_option
@pass_app
def forget(app: App, person: str, yes: bool, dry_run: bool, as_json: bool) -> None:
    """Erase PERSON and every relation, committee seat and note that names them (by id,
    e-mail, full name or surname; by first name in their organisation's records).
    PERSON is an id, an e-mail, a name or an unambiguous part of one."""
    person = app.person_id(person)
    if dry_run:
        report = app.store.forget(person, dry_run=True)
        if as_json:
            echo_json(report)
            return
        click.echo(f"Would erase {printable(report.name)} ({printable(report.person)}); nothing was changed.")
        _forget_summary(report, "would remove", "would rewrite")
        for note in report.notes:
            click.echo(f"  note: {printable(note)}")
        return
    who = app.store.person(person)
    if not yes and not as_json:
        click.confirm(
            f"Erase {printable(who.name)} ({printable(who.id)}) and everything that names them?",
            abort=True,
            default=False,
        )
    report = app.store.forget(person)
    if as_json:
        echo_json(report)
        return
    for w in report.warnings:
        click.echo(f"warning: {printable(w)}", err=True)
    click.echo(f"Erased {printable(report.name)} ({printable(report.person)}).")
    _forget_summary(report, "removed", "rewrote")


def _forget_summary(report: ForgetReport, removed: str, rewrote: str) -> None:
    if report.removed:
        click.echo(f"  {removed}: " + ", ".join(plural(n, what) for what, n in report.removed.items()))
    if report.rewritten:
        click.echo(f"  {rewrote}: " + ", ".join(plural(n, what) for what, n in report.rewritten.items()))
    if report.history:
        click.echo(
            f"  {'would remove' if report.dry_run else 'removed'} from the change log: "
            + (f"{report.history} entries" if report.history != 1 else "1 entry")
            + " naming them"
        )
    if report.reassigned_reports:
        click.echo(
            f"  {', '.join(report.reassigned_reports)} "
            + ("would report" if report.dry_run else "now report")
            + " one level up"
        )


@click.command()
@pass_app
def purge(app: App) -> None:
    """Fold SQLite's write-ahead log back into the store file, so that what `forget` erased
    leaves no bytes behind (run it once any program that was reading the store has closed)."""
    warnings = app.store.purge()
    for w in warnings:
        click.echo(f"warning: {printable(w)}", err=True)
    if warnings:
        raise InvalidInput("not purged: another program is still reading the store; close it and run this again")
    click.echo(f"Purged {app.store.url}: erased data leaves no bytes behind.")
