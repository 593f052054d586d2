"""``import-activity``: who of ours met, called or e-mailed whom of theirs, kept as evidence
on the relationship between them (see :mod:`kamgraph.evidence`).

Reads Salesforce ``Task`` and ``Event`` exports, iCalendar ``.ics`` files and plain CSVs of
``ours, theirs, date, kind`` (which one a file is, is told by its content). Reading is apart
from writing: :func:`read_activity` returns every contact found and every bad row (one line
each, ``file:line: field: problem``); :func:`import_activity` writes the contacts in one
transaction unless there are bad rows and they are not to be skipped, or it is a dry run.

>>> import pathlib, tempfile
>>> from kamgraph.store import SQLiteStore
>>> from kamgraph.model import Graph, Organisation, Person
>>> store = SQLiteStore(":memory:")
>>> _ = store.import_graph(Graph(organisations=[Organisation(id="us", name="Us", kind="own"),
...     Organisation(id="acme", name="Acme")], people=[Person(id="sam", name="Sam", org="us"),
...     Person(id="ana", name="Ana", org="acme", email="ana@acme.example")]))
>>> f = pathlib.Path(tempfile.mkdtemp()) / "contacts.csv"
>>> _ = f.write_text("ours,theirs,date,kind\\nsam,ana@acme.example,2026-11-02,call\\nsam,bob,2026-11-03,lunch\\n")
>>> read = read_activity(store, [f])
>>> [p.split(": ", 1)[1] for p in read.problems]
["theirs: no person with id 'bob'", "kind: 'lunch' is not one of meeting, call, email, message, linkedin, other"]
>>> import_activity(store, read, skip_bad_rows=True).counts.added
1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from ...errors import InvalidInput
from ...evidence import EvidenceCounts, record_contacts
from ...store import Store
from .ics import read_ics
from .people import PeopleIndex
from .tables import ActivityRead, read_table

__all__ = ["ActivityReport", "ActivityRead", "PeopleIndex", "import_activity", "read_activity"]


class ActivityReport(BaseModel):
    """What an activity import read and did."""

    files: list[str]
    rows: int
    contacts: int = Field(description="interactions read (one per pair of ours and theirs)")
    problems: list[str]
    skipped: list[str]
    counts: EvidenceCounts
    dry_run: bool = False


def read_activity(store: Store, paths: Sequence[Path], users: Mapping[str, str] | None = None) -> ActivityRead:
    """Every file of ``paths``, read against the people in ``store``. ``users`` names
    Salesforce users (their ids → names of our people), as ``import-crm --map`` does."""
    index = PeopleIndex(store, users)
    out = ActivityRead()
    for path in paths:
        if path.suffix.lower() in (".ics", ".ical", ".ifb"):
            read = read_ics(path, index)
        else:
            found = read_table(path, index)
            if found is None:
                raise InvalidInput(
                    f"{path}: not an activity file: expected a Salesforce Task or Event export (WhoId, OwnerId, "
                    "ActivityDate …), an .ics calendar or a CSV with ours, theirs, date, kind"
                )
            read = found
        out.contacts += read.contacts
        out.problems += read.problems
        out.skipped += read.skipped
        out.rows += read.rows
        out.files += read.files
    return out


def import_activity(
    store: Store, read: ActivityRead, *, skip_bad_rows: bool = False, dry_run: bool = False
) -> ActivityReport:
    """Write what :func:`read_activity` found, in one transaction; nothing when there are
    problems and ``skip_bad_rows`` is false, or on a dry run (the counts say what would be)."""
    blocked = bool(read.problems) and not skip_bad_rows
    source = "import-activity:" + ",".join(sorted({Path(f).name for f in read.files}))
    counts = record_contacts(store, read.contacts, dry_run=dry_run or blocked, source=source)
    return ActivityReport(
        files=read.files,
        rows=read.rows,
        contacts=len(read.contacts),
        problems=read.problems,
        skipped=read.skipped,
        counts=counts,
        dry_run=dry_run,
    )
