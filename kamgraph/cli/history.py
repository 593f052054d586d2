"""``kamgraph history``: what changed about a person, an account or an opportunity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from .. import clock
from ..errors import InvalidInput, NotFound
from ..history import history as read_history
from ..store.changes import Change, ChangeKind
from ..text import printable
from ._common import App, echo_json, json_option, pass_app, table
from ._csv import csv_option

__all__ = ["diff", "history", "record_label", "value_text"]


def _date(text: str | None, what: str) -> dt.date | None:
    return clock.parse_date(text, what) if text is not None else None


def record_id(app: App, text: str) -> str:
    """The id ``text`` names: a person's, an opportunity's or an organisation's exact id (or
    one the change log still holds), else an account's name, else a person's, else an
    opportunity's (as elsewhere: a name that fits several is :class:`Ambiguous`)."""
    from ..resolve import resolve_account, resolve_any_opportunity, resolve_person

    store = app.store
    for collection in ("people", "opportunities", "organisations"):
        if store.get(collection, [text]) or store.changes(records=[(collection, text)]):
            return text
    for resolve in (resolve_account, lambda s, t: resolve_person(s, t).id, resolve_any_opportunity):
        try:
            return resolve(store, text)
        except NotFound:
            continue
    raise NotFound(f"no person, account or opportunity matches '{text}'")


def value_text(value: Any) -> str:
    """A logged value as a table shows it: lists joined, nothing as a dash."""
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def record_label(c: Change) -> str:
    """The record an entry is about: ``person ana``, ``knows ana - bob``, ``influences a -> b``."""
    singular = {
        "people": "person",
        "organisations": "organisation",
        "opportunities": "opportunity",
        "units": "unit",
        "products": "product",
    }
    if c.collection in ("knows", "influences", "adoption"):
        a, b = c.key.split(" ", 1)
        arrow = {"knows": " - ", "influences": " -> ", "adoption": " x "}[c.collection]
        return f"{c.collection} {a}{arrow}{b}"
    return f"{singular.get(c.collection, c.collection)} {c.key}"


def _what(c: Change) -> str:
    if c.kind != ChangeKind.updated:
        return c.kind.value
    return f"{c.field} [{c.item}]" if c.item else str(c.field)


def _change(c: Change) -> str:
    if c.kind == ChangeKind.created:
        return value_text(c.new)
    if c.kind == ChangeKind.removed:
        return value_text(c.old)
    return f"{value_text(c.old)} -> {value_text(c.new)}"


@click.command()
@click.argument("record", metavar="PERSON|ACCOUNT|OPPORTUNITY")
@click.option("--since", metavar="DATE", help="Only what was recorded on or after DATE (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many entries (the newest).")
@json_option
@csv_option
@pass_app
def history(app: App, record: str, since: str | None, limit: int | None, as_json: bool) -> None:
    """What changed about a person, an account or an opportunity, newest first: when, which
    record and field, old -> new, the source (file, CRM, command line, web) and the author.

    A person's history holds their relations and committee seats too; an account's, its
    units, people and deals. Each is named by id, else by name or part of it (an account's,
    then a person's, then an opportunity's on any account).

    \b
    kamgraph history "Ana Ruiz" --since 2026-01-01
    kamgraph history acme --json
    """
    day = _date(since, "--since")
    found = read_history(app.store, record_id(app, record), day, limit=limit)
    if as_json:
        echo_json(found)
        return
    title = f"{found.name} ({found.id})" if found.name else found.id
    click.secho(f"History of {found.kind} {printable(title)}" + (f" since {day}" if day else ""), bold=True)
    if not found.changes:
        click.echo("  nothing recorded" + (" since then" if day else ""))
        return
    click.echo(
        table(
            ["WHEN", "RECORD", "CHANGE", "OLD -> NEW", "SOURCE", "AUTHOR"],
            [
                (
                    c.at.strftime("%Y-%m-%d %H:%M"),
                    record_label(c),
                    _what(c),
                    printable(_change(c)),
                    printable(c.source),
                    printable(c.author),
                )
                for c in found.changes
            ],
            indent=2,
            keep=(0, 3),
            drop=("AUTHOR", "SOURCE", "RECORD"),
        )
    )


@click.command()
@click.argument("account")
@click.option("--since", metavar="DATE", help="Compare the account as it was at the start of DATE with now.")
@click.option(
    "--between",
    nargs=2,
    metavar="DATE DATE",
    help="Compare the account at the start of the first DATE with the end of the second.",
)
@click.option(
    "--stale-days", default=90, show_default=True, type=click.IntRange(min=1), help="No contact for longer: stale."
)
@json_option
@csv_option
@pass_app
def diff(
    app: App, account: str, since: str | None, between: tuple[str, str] | None, stale_days: int, as_json: bool
) -> None:
    """What changed in ACCOUNT since a date ("since the last QBR"): people who joined and
    left, stance and influence moves, roles gained or lost per deal, relationships won, lost
    or gone stale, deals whose stage or amount moved, new empty seats, and each open deal's
    threads and risk score then and now.

    \b
    kamgraph diff acme --since 2026-01-15
    kamgraph diff acme --between 2026-01-15 2026-03-31 --json
    """
    from ..diff import diff as account_diff

    if (since is None) == (between is None):
        raise click.UsageError("give one of --since DATE and --between DATE DATE")
    if between is not None:
        start, end = _date(between[0], "--between"), _date(between[1], "--between")
        assert start is not None and end is not None
        if end < start:
            raise InvalidInput(f"--between: {end} is before {start}")
    else:
        start, end = _date(since, "--since"), None
        assert start is not None
    found = account_diff(app.store, app.account_id(account), start, end, stale_days=stale_days)
    if as_json:
        echo_json(found)
        return
    span = f"between {start} and {end}" if end else f"since {start}"
    click.secho(f"{printable(found.name)} ({found.account}): what changed {span}", bold=True)
    if found.empty:
        click.echo("  nothing changed")

    def section(title: str, headers: list[str], rows: list[tuple[Any, ...]]) -> None:
        if rows:
            click.echo()
            click.secho(title, bold=True)
            click.echo(table(headers, [tuple(printable(str(v)) for v in r) for r in rows], indent=2))

    section("Joined", ["NAME", "TITLE"], [(p.name, p.title or "") for p in found.joined])
    section("Left", ["NAME", "TITLE", "HOW"], [(p.name, p.title or "", p.why or "") for p in found.left])
    section(
        "Stance and influence",
        ["NAME", "DEAL", "FIELD", "OLD -> NEW"],
        [(m.name, m.opportunity or "(own)", m.field, f"{m.old or '-'} -> {m.new or '-'}") for m in found.moves],
    )
    section(
        "Roles",
        ["DEAL", "NAME", "GAINED", "LOST"],
        [(r.opportunity, r.name, ", ".join(r.gained) or "-", ", ".join(r.lost) or "-") for r in found.roles],
    )
    section(
        "Relationships",
        ["OURS", "THEIRS", "CHANGE", "STRENGTH", "LAST CONTACT"],
        [
            (
                r.ours_name,
                r.theirs_name,
                r.change,
                f"{r.strength:.2g}" if r.strength is not None else "-",
                r.last_contact or "-",
            )
            for r in found.relationships
        ],
    )
    section(
        "Deals",
        ["DEAL", "FIELD", "OLD -> NEW"],
        [(d.opportunity, d.field, f"{value_text(d.old)} -> {value_text(d.new)}") for d in found.deals],
    )
    section("New empty seats", ["DEAL", "ROLE"], [(s.opportunity, s.role) for s in found.empty_seats])
    section(
        "Risk of the open deals",
        ["DEAL", "THREADS", "SCORE"],
        [
            (
                r.opportunity,
                f"{'-' if r.threads_then is None else r.threads_then} -> {r.threads_now}",
                f"{'-' if r.score_then is None else r.score_then} -> {r.score_now}",
            )
            for r in found.risk
        ],
    )
