"""The core reading commands: accounts, show, people (erasure: :mod:`kamgraph.cli.erase`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol

import click

from .. import clock
from ..money import format_totals
from ..store.sqlite_plain import account_summaries
from ..text import printable
from ._common import App, echo_json, json_option, money, pass_app, table
from ._csv import csv_option, csv_sink

if TYPE_CHECKING:  # the models load when a command reads through the store (not `accounts`, `show`)
    from ..resolve import Names
    from ..views import Contact, PersonCard, Reader, Relationship, Shown

    class Reads(Reader, Names, Protocol):
        """What ``show`` reads: the store, or its rows as plain records."""


@click.command()
@json_option
@csv_option
@pass_app
def accounts(app: App, as_json: bool) -> None:
    """List the client accounts: people, annual value, open pipeline."""
    # An SQLite store's rows, formatted without pydantic (kamgraph.store.sqlite_plain): the
    # same summaries, a third of the start-up; else through the store, as any backend.
    plain = app.plain(account_summaries)
    if plain is not None:
        rows: Sequence[Any] = [SimpleNamespace(**r) for r in plain]
        if as_json:
            echo_json(plain)
            return
    else:
        rows = app.store.accounts()
        if as_json:
            echo_json([r.model_dump(mode="json") for r in rows])
            return
    if not rows:
        click.echo("No accounts yet. Load some with: kamgraph import FILE...")
        return
    click.echo(
        table(
            ["ID", "NAME", "INDUSTRY", "PEOPLE", "VALUE", "OPEN DEALS", "PIPELINE"],
            [
                (
                    a.id,
                    a.name,
                    a.industry,
                    a.people,
                    money(a.value, a.currency),
                    f"{a.opportunities} ({a.overdue} overdue)" if a.overdue else a.opportunities,
                    format_totals(a.pipeline_by_currency, money),
                )
                for a in rows
            ],
            keep=(0, 1),
            drop=("INDUSTRY", "PEOPLE", "VALUE"),
        )
    )


@click.command()
@click.argument("account", metavar="ACCOUNT|PERSON")
@json_option
@csv_option
@pass_app
def show(app: App, account: str, as_json: bool) -> None:
    """Show ACCOUNT's committees and key people, or PERSON's card with each relationship's evidence.

    An account: its open deals' buying committees, its key people and who on our team knows
    them, its notes. A person: their committee seats, everyone they know with the effective
    strength and its evidence ("2 meetings since March 2026, last 2026-11-03", "set by hand 0.8
    on 2026-05-02"), their notes. ACCOUNT|PERSON is an id, else an account's name or part of
    it, else a person's e-mail, name or part of it."""
    from ..resolve import resolve_account_or_person
    from ..store.plain_reader import read_plain
    from ..views import AccountView, PersonCard, shown_view

    def read(reader: Reads) -> Shown:
        return shown_view(reader, *resolve_account_or_person(reader, account))

    # An SQLite store's rows read as plain records, without pydantic (kamgraph.store.plain_reader):
    # the same view by the same code, a third of the start-up; else through the store.
    kind, view, authors = app.plain(lambda db: read_plain(db, read)) or read(app.store)
    if kind == "person":
        assert isinstance(view, PersonCard)
        _show_person(view, authors, as_json)
        return
    assert isinstance(view, AccountView)
    if as_json:
        echo_json(view)
        return
    a = view.account
    facts = " · ".join(x for x in [a.industry, a.tier, money(a.value, a.currency)] if x)
    click.secho(f"{a.name} ({a.id})", bold=True, nl=False)
    click.echo(f"  {facts}  {a.people} people")

    for o in view.opportunities:
        if not o.open:
            continue
        click.echo()
        when = (
            f" · closes {o.close_date}" + (" (overdue)" if o.close_date < clock.today() else "") if o.close_date else ""
        )
        click.secho(f"Opportunity {o.name} ({o.id})", bold=True, nl=False)
        click.echo(f"  {o.stage or 'no stage'} · {money(o.amount, o.currency)}{when}")
        click.echo(
            table(
                ["NAME", "TITLE", "ROLES", "STANCE", "INFLUENCE"],
                [
                    (
                        s.name + (" *" if s.primary else "") + _left(s.left),
                        s.title,
                        ", ".join(s.roles),
                        s.stance,
                        s.influence or "",
                    )
                    for s in o.committee
                ],
                indent=2,
                drop=("TITLE", "INFLUENCE", "STANCE"),
            )
        )
        if any(s.primary for s in o.committee):
            click.echo("  * primary contact")
        if o.empty_seats:
            click.echo(f"  Empty seats: {', '.join(o.empty_seats)}")
    closed = [o for o in view.opportunities if not o.open]
    if closed:
        click.echo(f"\nClosed: {', '.join(o.name + (f' ({o.stage})' if o.stage else '') for o in closed)}")
    click.echo()
    click.secho("Key people", bold=True)
    click.echo(
        table(
            ["NAME", "TITLE", "ROLES", "STANCE", "INFL", "KNOWN BY", "LAST CONTACT"],
            [
                (
                    p.name + _left(p.left),
                    p.title,
                    ", ".join(p.roles),
                    p.stance,
                    p.influence or "",
                    _known_by(p.known_by),
                    p.last_contact or "",
                )
                for p in view.people
            ],
            indent=2,
            drop=("LAST CONTACT", "TITLE", "INFL", "STANCE", "ROLES"),
        )
    )
    if view.notes:
        click.echo()
        click.secho("Notes", bold=True)
        click.echo(
            table(
                ["DATE", "ON", "NOTE", "BY"],
                [(n.date or "", n.name, n.text, authors.get(n.by, n.by) if n.by else "") for n in view.notes],
                indent=2,
                keep=(1, 2),
                drop=("BY", "DATE"),
            )
        )


def _show_person(card: PersonCard, authors: dict[str, str], as_json: bool) -> None:
    if as_json:
        echo_json(card)
        return
    facts = " · ".join(x for x in [card.title, card.organisation_name, card.unit] if x)
    click.secho(f"{card.name} ({card.id})", bold=True, nl=False)
    click.echo(f"  {facts}" + _left(card.left))
    about = [
        f"reports to {card.reports_to_name or card.reports_to}" if card.reports_to else "",
        ", ".join(card.roles),
        f"stance {card.stance}",
        f"influence {card.influence}" if card.influence else "",
        card.email or "",
        f"last contact {card.last_contact}" if card.last_contact else "no contact recorded",
    ]
    click.echo("  " + " · ".join(x for x in about if x))
    if card.seats:
        click.echo()
        click.secho("Committees", bold=True)
        click.echo(
            table(
                ["OPPORTUNITY", "ROLES", "STANCE", "INFLUENCE"],
                [
                    (
                        s.name + (" *" if s.primary else "") + ("" if s.open else " (closed)"),
                        ", ".join(s.roles),
                        s.stance,
                        s.influence or "",
                    )
                    for s in card.seats
                ],
                indent=2,
                drop=("INFLUENCE", "STANCE"),
            )
        )
    click.echo()
    click.secho("Relationships", bold=True)
    known = [r for r in card.relationships if not r.owner]
    if known:
        click.echo(
            table(
                ["WITH", "ORGANISATION", "STRENGTH", "LAST CONTACT", "EVIDENCE"],
                [
                    (
                        r.name + (" (ours)" if r.ours else ""),
                        r.organisation,
                        f"{r.strength:.2f}",
                        r.last_contact or "",
                        r.evidence,
                    )
                    for r in known
                ],
                indent=2,
                keep=(0, 4),
                drop=("ORGANISATION", "LAST CONTACT"),
            )
        )
    else:
        click.echo("  nobody recorded")
    owned = [r for r in card.relationships if r.owner]
    if owned:
        click.echo("  " + _ownership(owned))
    if card.notes:
        click.echo()
        click.secho("Notes", bold=True)
        click.echo(
            table(
                ["DATE", "NOTE", "BY"],
                [(n.date or "", n.text, authors.get(n.by, n.by) if n.by else "") for n in card.notes],
                indent=2,
                keep=(1,),
                drop=("BY", "DATE"),
            )
        )


def _ownership(owned: list[Relationship]) -> str:
    """CRM ownership with no relationship behind it, in one line: the names when a few, else
    how many at each organisation (most first, then by name)."""
    if len(owned) <= 3:
        return "CRM record ownership only (not a relationship): " + ", ".join(r.name for r in owned)
    counts: dict[str, int] = {}
    for r in owned:
        counts[r.organisation] = counts.get(r.organisation, 0) + 1
    at = ", ".join(f"{n} at {org}" for org, n in sorted(counts.items(), key=lambda t: (-t[1], t[0])))
    return f"CRM record ownership only (not a relationship) of {len(owned)} people: {at}"


def _left(day: dt.date | None) -> str:
    """`` (left on DATE)`` after a name; `` (leaving on DATE)`` for a day still to come."""
    if day is None:
        return ""
    return f" (left on {day})" if day <= clock.today() else f" (leaving on {day})"


def _known_by(contacts: list[Contact]) -> str:
    """The strongest contact and how many more: ``James Whitfield (0.85) +3``; a seller who
    only owns the CRM record says so: ``James Whitfield (CRM owner)``."""
    if not contacts:
        return "nobody"
    first = f"{contacts[0].name} ({'CRM owner' if contacts[0].owner else f'{contacts[0].strength:.2g}'})"
    return first + (f" +{len(contacts) - 1}" if len(contacts) > 1 else "")


@click.command()
@click.argument("text", required=False)
@click.option("--account", help="Only people of this account (id, name or part of it).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@json_option
@csv_option
@pass_app
def people(app: App, text: str | None, account: str | None, limit: int, as_json: bool) -> None:
    """Find people by id, name, title or email (case and accents ignored)."""
    from ..store.plain_reader import read_plain

    # as show: an SQLite store's rows read as plain records, without pydantic; else through the store
    plain = app.plain(lambda db: read_plain(db, lambda reader: _found(reader, text, account, limit)))
    org, found, orgs = plain or _found(app.store, text, account, limit)
    if as_json:
        echo_json([_person_json(p) for p in found])
        return
    if not found and csv_sink.get() is None:
        where = f" at {org}" if org else ""
        click.echo(f"no one{where} matches '{printable(text)}'" if text else f"no one recorded{where} yet")
        return
    click.echo(
        table(
            ["ID", "NAME", "TITLE", "ORGANISATION", "STANCE"],
            [(p.id, p.name, p.title, orgs.get(p.org, p.org), p.stance) for p in found],
            keep=(0, 1),
            drop=("STANCE", "TITLE", "ORGANISATION"),
        )
    )


def _found(
    reader: Names, text: str | None, account: str | None, limit: int
) -> tuple[str | None, list[Any], dict[str, str]]:
    """What ``people`` lists: the account ``account`` names (if any), the people found, and
    their organisations' names by id, read through ``reader`` (the store, or its rows as
    plain records)."""
    from ..resolve import resolve_account

    org = resolve_account(reader, account) if account is not None else None
    found = list(reader.find_people(text, org=org, limit=limit))
    orgs = reader.get("organisations", sorted({p.org for p in found})) if found else {}
    return org, found, {o.id: o.name for o in orgs.values()}


def _person_json(person: Any) -> Any:
    """A person as ``people --json`` prints them: the model's dump without its defaults
    (a plain record's the same way)."""
    from ..store.plain_records import PlainRecord, record_json

    if isinstance(person, PlainRecord):
        return record_json(person, exclude_defaults=True)
    return person.model_dump(mode="json", exclude_defaults=True)
