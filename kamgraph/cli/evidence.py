"""``import-activity``, ``import-linkedin`` and ``log-contact``: evidence of who of ours
knows whom of theirs, kept on the relationship (see kamgraph/evidence.py)."""

from __future__ import annotations

from pathlib import Path

import click

from .. import clock
from ..evidence import EvidenceCounts
from ..io.activity import ActivityReport, import_activity, read_activity
from ..io.crm import load_column_map
from ..io.linkedin import LinkedInReport, import_linkedin
from ..model import InteractionKind
from ._common import App, echo_json, pass_app

FILES = click.Path(path_type=Path)


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def counts_line(counts: EvidenceCounts, dry_run: bool) -> str:
    """``3 interactions added (1 already there) on 2 relationships (1 new)``."""
    verb = "would be added" if dry_run or not counts.written else "added"
    if not counts.added and not counts.replaced:
        return f"nothing changed: {_n(counts.known, 'interaction')} already there"
    parts = [f"{_n(counts.added, 'interaction')} {verb}"]
    if counts.replaced:
        parts.append(f"{counts.replaced} updated")
    if counts.known:
        parts.append(f"{counts.known} already there")
    rel = counts.relationships_added + counts.relationships_updated
    return ", ".join(parts) + f", on {_n(rel, 'relationship')} ({counts.relationships_added} new)"


def echo_problems(problems: list[str], skipped: list[str], verbose: bool) -> None:
    for p in problems:
        click.echo(f"error: {p}", err=True)
    if verbose:
        for s in skipped:
            click.echo(f"left out: {s}", err=True)
    elif skipped:
        click.echo(f"{_n(len(skipped), 'row')} left out on purpose (see them with --verbose)", err=True)


@click.command("import-activity")
@click.argument("files", nargs=-1, required=True, type=FILES)
@click.option("--map", "map_file", type=FILES, metavar="FILE", help="YAML whose users: names Salesforce users.")
@click.option("--dry-run", is_flag=True, help="Read and report; write nothing.")
@click.option("--skip-bad-rows", is_flag=True, help="Import the rest when rows have errors.")
@click.option("--verbose", "-v", is_flag=True, help="List the rows left out on purpose, and why.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_app
def import_activity_command(
    app: App,
    files: tuple[Path, ...],
    map_file: Path | None,
    dry_run: bool,
    skip_bad_rows: bool,
    verbose: bool,
    as_json: bool,
) -> None:
    """Record meetings, calls and e-mails as evidence on relationships.

    FILES are Salesforce Task or Event exports (WhoId, OwnerId, ActivityDate or
    StartDateTime, Type, TaskSubtype, Subject, Status), iCalendar .ics files (attendees
    matched by e-mail) or plain CSVs with ours, theirs, date, kind (a person as an id or an
    e-mail). Each bad row is one line naming its file and line, and nothing is written
    (exit 1) unless --skip-bad-rows. Importing the same files again adds nothing.
    """
    users = load_column_map(map_file).users if map_file else {}
    with app.store.transaction(write=not dry_run):
        read = read_activity(app.store, list(files), users)
        report = import_activity(app.store, read, skip_bad_rows=skip_bad_rows, dry_run=dry_run)
    _finish(report, skip_bad_rows, verbose, as_json)


def _finish(report: ActivityReport, skip_bad_rows: bool, verbose: bool, as_json: bool) -> None:
    failed = bool(report.problems) and not skip_bad_rows
    if as_json:
        echo_json(report)
    else:
        echo_problems(report.problems, report.skipped, verbose)
        read = f"{_n(report.rows, 'row')} read from {_n(len(report.files), 'file')}"
        click.echo(f"{read}: {counts_line(report.counts, report.dry_run or failed)}")
    if failed:
        raise click.ClickException(
            f"nothing written: {_n(len(report.problems), 'bad row')} (listed above); "
            "fix them, or pass --skip-bad-rows to import the rest"
        )


@click.command("import-linkedin")
@click.argument("file", type=FILES)
@click.option("--owner", required=True, metavar="PERSON", help="Whose connections these are (one of our people).")
@click.option("--add-people", is_flag=True, help="Add unmatched connections at a matched account as new people.")
@click.option("--dry-run", is_flag=True, help="Match and report; write nothing.")
@click.option("--skip-bad-rows", is_flag=True, help="Import the rest when rows cannot be read.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_app
def import_linkedin_command(
    app: App, file: Path, owner: str, add_people: bool, dry_run: bool, skip_bad_rows: bool, as_json: bool
) -> None:
    """Record a seller's LinkedIn connections (Connections.csv) as weak ties.

    FILE is Connections.csv from LinkedIn's "Get a copy of your data" export. Each
    connection is matched by e-mail, then profile URL, then name within the account whose
    name matches the company (case, accents and legal forms such as GmbH, S.A. or Ltd
    ignored). Ambiguous and unmatched rows are listed by line, never guessed; --add-people
    adds the unmatched ones at a matched account. Importing the file again adds nothing.
    """
    report = import_linkedin(
        app.store, file, app.person_id(owner), add_people=add_people, skip_bad_rows=skip_bad_rows, dry_run=dry_run
    )
    failed = bool(report.problems) and not skip_bad_rows
    if as_json:
        echo_json(report)
    else:
        _print_linkedin(report, dry_run or failed)
    if failed:
        raise click.ClickException(
            f"nothing written: {_n(len(report.problems), 'bad row')} (listed above); "
            "fix them, or pass --skip-bad-rows to import the rest"
        )


def _print_linkedin(report: LinkedInReport, dry_run: bool) -> None:
    for line in report.problems:
        click.echo(f"error: {line}", err=True)
    for line in report.ambiguous:
        click.echo(f"ambiguous: {line}", err=True)
    for line in report.unmatched:
        click.echo(f"unmatched: {line}", err=True)
    how = ", ".join(f"{n} by {k}" for k, n in sorted(report.matched.items()) if k != "added") or "none"
    added = f"; {len(report.added_people)} added as new people" if report.added_people else ""
    matched = sum(n for k, n in report.matched.items() if k != "added")
    click.echo(
        f"{_n(report.rows, 'connection')} read: {matched} matched ({how}), "
        f"{len(report.ambiguous)} ambiguous, {len(report.unmatched)} unmatched{added}"
    )
    click.echo(counts_line(report.counts, dry_run))


@click.command("log-contact")
@click.argument("person")
@click.option("--by", "by", required=True, metavar="OURPERSON", help="Who of ours was in touch.")
@click.option("--date", "on", metavar="DATE", help="When, YYYY-MM-DD.  [default: today]")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in InteractionKind if k != InteractionKind.linkedin]),
    default="meeting",
    show_default=True,
    help="What kind of contact it was.",
)
@click.option("--note", metavar="TEXT", help="What it was about.")
@click.option("--strength", type=click.FloatRange(0, 1), help="Also set the relationship's strength by hand, 0-1.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@pass_app
def log_contact_command(
    app: App, person: str, by: str, on: str | None, kind: str, note: str | None, strength: float | None, as_json: bool
) -> None:
    """Record that one of ours met, called or e-mailed PERSON: evidence on their relationship.

    The contact is kept as the activity import keeps it (kind, date, source "command
    line"); the relationship's and the person's last contact move to that day. Logging the
    same contact again adds nothing.
    """
    from .. import edits

    day = clock.parse_date(on, "--date") if on else None
    pid, ours = app.person_id(person), app.person_id(by)
    report = edits.log_contact(app.store, pid, ours, on=day, kind=kind, note=note, strength=strength)
    if as_json:
        echo_json(report)
        return
    when = (day or clock.today()).isoformat()
    said = "recorded" if report.changed else "already recorded: nothing changed"
    click.echo(f"{kind} of {ours} with {pid} on {when} {said}")
