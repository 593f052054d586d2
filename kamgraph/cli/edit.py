"""Edits from the command line: ``set``, ``note``, ``left``. Each is one call of
:mod:`kamgraph.edits`, which validates the changed record as an import would and writes
nothing when anything is wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from .. import clock, edits
from ..errors import InvalidInput
from ..store import ImportReport
from ..text import printable
from ._common import App, echo_json, json_option, pass_app


def _done(app: App, what: str, report: ImportReport, as_json: bool, said: str) -> None:
    if as_json:
        echo_json({"changed": report.changed, **report.model_dump(mode="json")})
        return
    for w in report.warnings:
        click.echo(f"warning: {printable(w)}", err=True)
    click.echo(f"{printable(what)}: {printable(said)}" if report.changed else f"{printable(what)}: nothing changed")


def _split(words: tuple[str, ...]) -> tuple[list[str], list[tuple[str, list[str]]], set[str]]:
    """The person's FIELD=VALUE words, then each ``--opportunity OPP`` with the words after
    it, and the flags given after PERSON (``--add``, ``--json``)."""
    own: list[str] = []
    deals: list[tuple[str, list[str]]] = []
    flags: set[str] = set()
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if word in ("--add", "--json"):
            flags.add(word)
        elif word == "--opportunity" or word.startswith("--opportunity="):
            opp = word.partition("=")[2] if "=" in word else (rest.pop(0) if rest else "")
            if not opp:
                raise click.UsageError("--opportunity needs an opportunity (id or name)")
            deals.append((opp, []))
        elif word == "--unseat" and deals:
            deals[-1][1].append(word)
        elif word.startswith("--"):
            raise click.UsageError(f"no such option here: {word} (see the options in --help)")
        elif deals:
            deals[-1][1].append(word)
        else:
            own.append(word)
    return own, deals, flags


@click.command(
    "set",
    context_settings={"allow_interspersed_args": False, "ignore_unknown_options": True},
    epilog="Example: kamgraph set ana stance=supporter influence=high --opportunity platform roles=champion,evaluator",
)
@click.option("--add", is_flag=True, help="Seat PERSON on the --opportunity's committee if they have no seat yet.")
@json_option
@click.argument("person", metavar="PERSON|OPPORTUNITY")
@click.argument(
    "assignments", nargs=-1, type=click.UNPROCESSED, metavar="FIELD=VALUE... [--opportunity OPP FIELD=VALUE...]"
)
@pass_app
def set_(app: App, person: str, assignments: tuple[str, ...], add: bool, as_json: bool) -> None:
    """Change PERSON's own fields (stance, influence, roles, title, seniority, unit,
    reports_to) and, after --opportunity OPP, their roles, stance or influence on that deal
    (--unseat after it takes them off its committee: their roles become empty seats). Or
    change an OPPORTUNITY's stage, amount, currency or close_date (kamgraph set OPP
    close_date=2027-03-31). A list is comma-separated (roles=champion,evaluator); an empty value clears a field
    (influence=). Validated as an import: on any error nothing is written."""
    own, deals, flags = _split(assignments)
    add, as_json = add or "--add" in flags, as_json or "--json" in flags
    if not own and not deals:
        raise click.UsageError("nothing to set: give FIELD=VALUE (e.g. stance=supporter)")
    deal = _deal_named(app, person)
    if deal is not None:
        if deals or add:
            raise click.UsageError("--opportunity and --add are for a person; an opportunity takes FIELD=VALUE only")
        changes = edits.assignments(own, f"opportunity '{deal}'")
        report = edits.set_opportunity(app.store, deal, changes)
        _done(app, deal, report, as_json, ", ".join(f"{k} = {_shown(v)}" for k, v in changes.items()))
        return
    who = app.store.person(app.person_id(person))
    changes = edits.assignments(own, f"person '{who.id}'") if own else {}
    seats: list[tuple[str, dict[str, Any] | None]] = []
    for opp, words in deals:
        oid = app.opportunity_id(opp, who.org)
        if "--unseat" in words:
            if words != ["--unseat"]:
                raise InvalidInput(f"opportunity '{oid}' seat '{who.id}': --unseat takes no FIELD=VALUE")
            seats.append((oid, None))
        else:
            seats.append((oid, edits.assignments(words, f"opportunity '{oid}' seat '{who.id}'")))
    report = edits.set_all(app.store, who.id, changes, seats, add=add)
    said = ", ".join(
        [*(f"{k} = {_shown(v)}" for k, v in changes.items())]
        + [
            f"off {oid}'s committee"
            if ch is None
            else f"on {oid}: " + ", ".join(f"{k} = {_shown(v)}" for k, v in ch.items())
            for oid, ch in seats
        ]
    )
    _done(app, f"{who.name} ({who.id})", report, as_json, said)


def _deal_named(app: App, text: str) -> str | None:
    """The opportunity ``text`` names, when it names no person: an opportunity's exact id,
    else (when no person fits) an opportunity's name on any account; ``None`` for a person."""
    from ..errors import NotFound
    from ..resolve import resolve_any_opportunity

    store = app.store
    if store.get("people", [text]):
        return None
    if store.get("opportunities", [text]):
        return text
    try:
        app.person_id(text)
        return None
    except NotFound as no_person:
        try:
            return resolve_any_opportunity(store, text)
        except NotFound:
            raise no_person from None


def _shown(value: object) -> str:
    if value is None or value == []:
        return "(none)"
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


@click.command()
@click.argument("record", metavar="PERSON|OPPORTUNITY")
@click.argument("text")
@click.option("--by", "by", metavar="OURPERSON", help="Who wrote it: one of our people (id or name).")
@click.option("--date", "on", metavar="DATE", help="The note's date, YYYY-MM-DD.  [default: today]")
@json_option
@pass_app
def note(app: App, record: str, text: str, by: str | None, on: str | None, as_json: bool) -> None:
    """Add a dated note to a person, an opportunity or an account (by id; a person also by
    name). Notes are personal data: `--redact` leaves them out of every export."""
    target = app.record_id(record)
    author = app.person_id(by) if by else None
    day = clock.parse_date(on, "--date") if on else None
    report = edits.add_note(app.store, target, text, by=author, on=day)
    _done(app, target, report, as_json, f"note added ({(day or clock.today()).isoformat()})")


@click.command()
@click.argument("person")
@click.option("--on", "on", metavar="DATE", help="The day they left, YYYY-MM-DD.  [default: today]")
@click.option("--undo", is_flag=True, help="They have not left after all: remove the date.")
@json_option
@pass_app
def left(app: App, person: str, on: str | None, undo: bool, as_json: bool) -> None:
    """Record that PERSON has left their organisation. From that day they are no route, no
    thread and no committee member (their seats show as empty); they stay in the store, in
    `show` and in history, and `risk` says what their leaving cost."""
    if undo and on:
        raise InvalidInput("left: give --on DATE or --undo, not both")
    who = app.store.person(app.person_id(person))
    day: dt.date | None = clock.parse_date(on, "--on") if on else None
    report = edits.mark_left(app.store, who.id, on=day, clear=undo)
    said = "has not left" if undo else f"left on {(day or clock.today()).isoformat()}"
    _done(app, f"{who.name} ({who.id})", report, as_json, said)
