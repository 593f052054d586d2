"""Activity in tables: Salesforce ``Task`` and ``Event`` exports (Data Loader or report
CSV) and a plain CSV of ``ours, theirs, date, kind`` (a person as an id or an e-mail)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ...evidence import Contact
from ...model import Interaction, InteractionKind, Person
from ...text import fold
from ..crm.csvsniff import CsvRow, CsvTable, read_csv
from ..crm.values import date_order, parse_date
from .people import PeopleIndex

__all__ = ["ActivityRead", "add_pair", "read_plain", "read_salesforce_activity", "read_table", "table_kind"]

#: The columns of the plain CSV (``note`` is optional).
PLAIN = ("ours", "theirs", "date", "kind")
#: Task statuses that mean it happened (Salesforce's API value, and as exports translate it).
DONE = frozenset({"completed", "complete", "done", "completada", "completado", "erledigt", "terminee", "termine"})


@dataclass
class ActivityRead:
    """What activity files said: the contacts found, every bad row (``file:line: field:
    problem``, one line each) and rows left out on purpose (an open task, a contact among
    our own people) with why."""

    contacts: list[Contact] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: int = 0
    files: list[str] = field(default_factory=list)


def table_kind(table: CsvTable) -> str | None:
    """``plain``, ``event`` or ``task`` from a table's header; ``None`` when it is none of them."""
    cols = {fold(h).replace(" ", "") for h in table.header}
    if {"ours", "theirs", "date"} <= cols:
        return "plain"
    if "whoid" in cols and "ownerid" in cols:
        return "event" if {"startdatetime", "eventsubtype", "durationinminutes"} & cols else "task"
    return None


def _col(table: CsvTable, name: str) -> str | None:
    want = fold(name).replace(" ", "")
    return next((h for h in table.header if fold(h).replace(" ", "") == want), None)


def _value(table: CsvTable, row: CsvRow, name: str) -> str:
    col = _col(table, name)
    return (row.values.get(col) or "").strip() if col else ""


def _kind_of(text: str) -> InteractionKind | None:
    t = fold(text).replace("-", "").replace(" ", "")
    aliases = {
        "email": "email",
        "mail": "email",
        "listemail": "email",
        "call": "call",
        "phone": "call",
        "meeting": "meeting",
        "reunion": "meeting",
        "visit": "meeting",
        "message": "message",
        "linkedin": "linkedin",
        "other": "other",
        "task": "other",
    }
    name = aliases.get(t)
    return InteractionKind(name) if name else None


def add_pair(
    read: ActivityRead, where: str, ours: Person, theirs: Person, index: PeopleIndex, interaction: Interaction
) -> None:
    if theirs.id in index.ours:
        read.skipped.append(f"{where}: {theirs.id} is one of our own people: not a client relationship")
        return
    if ours.id not in index.ours:
        read.problems.append(f"{where}: ours: {ours.id} is not one of our people")
        return
    read.contacts.append(Contact(ours.id, theirs.id, interaction, where))


def read_plain(path: Path, table: CsvTable, index: PeopleIndex) -> ActivityRead:
    """``ours, theirs, date, kind[, note]``: one interaction per row."""
    read = ActivityRead(files=[str(path)])
    missing = [c for c in PLAIN if _col(table, c) is None]
    if missing:
        read.problems.append(
            f"{path}:1: no column {', '.join(map(repr, missing))} (a plain activity CSV has ours, theirs, date, kind)"
        )
        return read
    for row in table.rows:
        read.rows += 1
        where = f"{path}:{row.line}"
        people = []
        for name in ("ours", "theirs"):
            person, why = index.person(_value(table, row, name))
            if person is None:
                read.problems.append(f"{where}: {name}: {why}")
            people.append(person)
        try:
            day = dt.date.fromisoformat(_value(table, row, "date"))
        except ValueError:
            read.problems.append(f"{where}: date: {_value(table, row, 'date')!r} is not a date (YYYY-MM-DD)")
            continue
        kind = _kind_of(_value(table, row, "kind"))
        if kind is None:
            read.problems.append(
                f"{where}: kind: {_value(table, row, 'kind')!r} is not one of "
                f"{', '.join(k.value for k in InteractionKind)}"
            )
            continue
        ours, theirs = people
        if ours is None or theirs is None:
            continue
        note = _value(table, row, "note") or None
        add_pair(read, where, ours, theirs, index, Interaction(kind=kind, date=day, source=path.name, note=note))
    return read


def read_salesforce_activity(path: Path, table: CsvTable, kind: str, index: PeopleIndex) -> ActivityRead:
    """A Salesforce Task or Event export: WhoId (the contact), OwnerId (our user),
    ActivityDate or StartDateTime, Type / TaskSubtype / EventSubtype, Subject, Status. A
    task not completed has not happened: left out (said). Each keeps its Salesforce Id as ``ref``."""
    read = ActivityRead(files=[str(path)])
    date_col = "StartDateTime" if kind == "event" and _col(table, "StartDateTime") else "ActivityDate"
    missing = [c for c in ("WhoId", "OwnerId", date_col) if _col(table, c) is None]
    if missing:
        read.problems.append(
            f"{path}:1: no column {', '.join(map(repr, missing))} (a Salesforce {kind.title()} "
            "export has WhoId, OwnerId and ActivityDate or StartDateTime)"
        )
        return read
    order = date_order(_value(table, r, date_col) for r in table.rows) or "dmy"
    default = InteractionKind.meeting if kind == "event" else InteractionKind.other
    for row in table.rows:
        read.rows += 1
        where = f"{path}:{row.line}"

        def value(name: str, row: CsvRow = row) -> str:
            return _value(table, row, name)

        if kind == "task" and value("Status") and fold(value("Status")) not in DONE:
            read.skipped.append(
                f"{where}: task {value('Id') or ''} is {value('Status')!r}, not completed".replace("  ", " ")
            )
            continue
        who = value("WhoId")
        if not who:
            read.skipped.append(f"{where}: no WhoId (an activity on an account or a deal, with no contact)")
            continue
        theirs = index.by_salesforce(who)
        owners = index.owner(value("OwnerId"))
        try:
            day = parse_date(value(date_col), order)
        except ValueError:
            day = None
        if day is None:
            read.problems.append(f"{where}: {date_col}: {value(date_col)!r} is not a date")
            continue
        if theirs is None:
            read.problems.append(f"{where}: WhoId: no person with Salesforce id {who!r} (import the contacts first)")
        if len(owners) != 1:
            said = (
                "no person of ours"
                if not owners
                else f"{len(owners)} people of ours ({', '.join(p.id for p in owners)})"
            )
            read.problems.append(
                f"{where}: OwnerId: {said} for Salesforce user {value('OwnerId')!r} "
                "(name them in the --map file's users:)"
            )
        if theirs is None or len(owners) != 1:
            continue
        said = value("TaskSubtype") or value("EventSubtype")
        found = _kind_of(value("Type")) or (_kind_of(said) if fold(said) not in ("task", "event") else None)
        interaction = Interaction(
            kind=found or default,
            date=day,
            source="salesforce",
            ref=value("Id") or None,
            note=value("Subject") or None,
        )
        add_pair(read, where, owners[0], theirs, index, interaction)
    return read


def read_table(path: Path, index: PeopleIndex) -> ActivityRead | None:
    """``path`` read as whichever table it is; ``None`` when its header is none of them."""
    table = read_csv(path)
    kind = table_kind(table)
    if kind == "plain":
        return read_plain(path, table, index)
    if kind in ("task", "event"):
        return read_salesforce_activity(path, table, kind, index)
    return None
